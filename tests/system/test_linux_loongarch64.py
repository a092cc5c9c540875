"""loongarch64: Debian's loong64 Linux (sid, EFI zboot vmlinuz) as the root
zone on 2 vCPUs under LVZ, on the QEMU-LVZ build with cvisor's emulator fix
(scripts/build-qemu-lvz: the fork leaves the guest's ASID.ASIDBITS at 0,
and Linux then runs every process on ASID 0)."""
import os
import re
import subprocess

import pytest

from conftest import TOP, make

BUILD = os.path.join(TOP, "build", "loongarch64-clang")
CACHE = os.path.join(TOP, ".cache", "loongarch64-linux")
FIXED = os.path.join(TOP, ".cache", "qemu-lvz")
LVZ_BIN = os.environ.get("QEMU_LVZ") or os.path.join(
    FIXED, "bin", "qemu-system-loongarch64")


def have_fixed_lvz():
    if os.environ.get("QEMU_LVZ"):
        return os.access(LVZ_BIN, os.X_OK)
    try:
        with open(os.path.join(FIXED, "PATCHES")) as f:
            fixed = "guest-asid-bits" in f.read()
    except OSError:
        return False
    return fixed and os.access(LVZ_BIN, os.X_OK)


needs_lvz = pytest.mark.skipif(
    not have_fixed_lvz(), reason=f"no QEMU-LVZ build with cvisor's fixes at "
    f"{FIXED} (make test builds it with scripts/build-qemu-lvz, which "
    "needs ../shared/tools/qemu-lvz/src; or set "
    "QEMU_LVZ): Linux zones cannot run on Debian's QEMU, and the shared "
    "fork's guest ASID bug breaks their user space")


@pytest.fixture(scope="module")
def la_linux(tmp_path_factory):
    make("build", "tools", "ARCH=loongarch64")
    subprocess.run([os.path.join(TOP, "scripts", "fetch-loongarch64-linux")],
                   check=True, stdout=subprocess.DEVNULL)
    bundle = str(tmp_path_factory.mktemp("la-linux") / "linux-test.bundle")
    subprocess.run(
        [os.path.join(TOP, "build", "host", "cvconfig"), "build",
         os.path.join(TOP, "configs", "qemu-virt-loongarch64-linux.json"),
         "--arch", "loongarch64", "--image-dir", CACHE,
         "--set", "root.initrd=" + os.path.join(CACHE, "initrd-test.gz"),
         "--set", "root.cmdline=console=ttyS0,115200 rdinit=/init panic=-1",
         "-o", bundle], check=True)
    return bundle


def linux_cmd(bundle):
    return ["env", f"QEMU_LVZ={LVZ_BIN}",
            os.path.join(TOP, "scripts", "run-loongarch64"), "--emu", "lvz",
            "--smp", "2", "--mem", "1G",
            "--hv", os.path.join(BUILD, "cvisor.elf"),
            "--bundle", bundle, "--bundle-addr", "0x04000000"]


def expect_shell_checks(run):
    run.expect(r"GUEST-UP")
    run.expect(r"CHECK cpus-online 0-1 count 2")
    # The guest's "\r\n" reaches pexpect as "\r\r\n" (QEMU's stdio keeps
    # OPOST, so the host pty adds a CR): match any run of CRs.
    m = run.expect(r"CHECK timer-irqs (\d+) (\d+) -> (\d+) (\d+)\r*\n")
    before, after = (int(m.group(1)), int(m.group(2))), \
        (int(m.group(3)), int(m.group(4)))
    assert after[0] > before[0] and after[1] > before[1], \
        f"the timer must tick on both vCPUs: {before} -> {after}"
    # cvisor's EIOINTC and PCH-PIC are in the zone's tree (Linux's
    # drivers program them: no access "not modelled", checked below);
    # the UART has no line (polled) unless cvisor was built with
    # LA_WIRED_IRQS=1 (fdt_pics.c): then its line counted interrupts.
    run.expect(r"CHECK pics 2\r*\n")
    m = run.expect(r"CHECK uart-irq (\d+ PCH PIC)?\r*\n")
    if m.group(1):
        assert int(m.group(1).split()[0]) > 0, "a wired UART line never fired"
    run.expect(r"CHECK devmem-foreign refused")
    run.expect(r"CHECK alive-after-devmem")
    run.expect(r"GUEST-DONE")


@needs_lvz
def test_loongarch64_linux_shell_on_two_vcpus(la_linux, boot):
    run = boot(cmd=linux_cmd(la_linux), timeout=240)
    run.expect(r"zone 0: Linux EFI boot: a1 \(cmdline\) = 0x0, a2 \(system "
               r"table\) = 0x1000, device tree 0x[0-9a-f]+, initrd 0x")
    run.expect(r"run_vm: zone 0 'root' vcpu0 enters guest at 0x[0-9a-f]+")
    run.expect(r"efi: EFI v2\.10 by cvisor")
    run.expect(r"efi: MEMMAP=0x2000 INITRD=0x1300 FDTPTR=0x")
    run.expect(r"smp: Brought up 1 node, 2 CPUs")
    run.expect(r"i8042: No controller found")
    expect_shell_checks(run)
    run.child.sendline("echo typed-$((6 * 7))")
    run.expect(r"typed-42")
    run.child.sendline("poweroff -f")
    run.expect(r"zone 0 vcpu0: \d+ guest exits, stage-2 refill \d+")
    run.expect(r"zone 0 'root': SYSTEM_OFF")
    assert run.wait_exit() == 0, "poweroff -f must end QEMU with status 0"
    out = run.output()
    # vCPU 1 starts where Linux's mailbox write says, after its IPI (the
    # line comes before Linux's buffered early messages)
    assert re.search(r"run_vm: zone 0 'root' vcpu1 enters guest at "
                     r"0x[0-9a-f]+", out)
    assert re.search(r"WARN: zone 0 vcpu\d: illegal read of 4 bytes at ipa "
                     r"0x1c000000", out), "the foreign access must be logged"
    for bad in ("UBSAN", "Oops", "Kernel panic", "BUG:", "not modelled",
                "LOCKUP"):
        assert bad not in out, f"{bad} in the guest's log"

"""riscv64: the seed boot flow under the H extension (QEMU virt, OpenSBI),
the bare-metal test guest in VS-mode, U-Boot S-mode and Debian's Linux as
guests; the boot flow and Linux with both interrupt backends: the PLIC and
the AIA (-M virt,aia=aplic-imsic: IMSIC guest files, virtual APLIC)."""
import os
import re
import subprocess

import pytest

TOP = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
BUILD = os.path.join(TOP, "build", "riscv64-clang")
STAGING_ADDR = "0x84000000"
UBOOT = "/usr/lib/u-boot/qemu-riscv64_smode/u-boot.bin"
CONFIGS = ("qemu-virt-riscv64-testguest", "qemu-virt-riscv64-testguest-1cpu",
           "qemu-virt-riscv64")


def make(*args):
    subprocess.run(["make", "-s", "-C", TOP, "ARCH=riscv64", *args],
                   check=True, stdout=subprocess.DEVNULL)


@pytest.fixture(scope="module")
def rv_built():
    """The riscv64 hypervisor, its test guest, cvconfig and the bundles."""
    make("build", "guest", "tools")
    for config in CONFIGS:
        if config == "qemu-virt-riscv64" and not os.path.exists(UBOOT):
            continue
        make("bundle", f"CONFIG={config}")
    return BUILD


# The interrupt backends: QEMU's aia= value and cvisor's name for it.
IRQCHIPS = {"plic": ("none", "PLIC"), "aia": ("aplic-imsic", "AIA")}


def rv_cmd(config, smp=4, aia="none", aia_guests=1):
    return [os.path.join(TOP, "scripts", "run-riscv64"), "--smp", str(smp),
            "--mem", "1G", "--aia", aia, "--aia-guests", str(aia_guests),
            "--hv", os.path.join(BUILD, "cvisor.elf"),
            "--bundle", os.path.join(BUILD, config + ".bundle"),
            "--bundle-addr", STAGING_ADDR]


def guest_config(smp):
    return ("qemu-virt-riscv64-testguest-1cpu" if smp == 1
            else "qemu-virt-riscv64-testguest")


@pytest.mark.parametrize("irqchip", IRQCHIPS)
@pytest.mark.parametrize("smp", [4, 1], ids=["smp4", "smp1"])
def test_riscv64_boot_flow_steps_in_order(rv_built, boot, smp, irqchip):
    aia, name = IRQCHIPS[irqchip]
    run = boot(cmd=rv_cmd(guest_config(smp), smp=smp, aia=aia), timeout=40)
    # The boot hart is OpenSBI's lottery winner: any hart may be primary.
    m = run.expect(r"\[cpu(\d+)\] install_trap_vector: done")
    p = m.group(1)
    steps = [
        rf"\[cpu{p}\] cvisor \S+ - a Type-1 hypervisor",
        rf"\[cpu{p}\] primary: elected",
        rf"\[cpu{p}\] has_hardware_support: yes \(H extension",
        rf"\[cpu{p}\] heap: ",
        rf"\[cpu{p}\] percpu_create: hwid 0x{p}",
    ]
    steps += [rf"wakeup_secondary_cpus: cpu{i} \(hwid 0x{i}\): started"
              for i in range(smp) if str(i) != p]
    steps += [
        rf"\[cpu{p}\] all {smp} CPU\(s\) entered",
        rf"\[cpu{p}\] init_early: frame allocator: \d+ frames",
    ]
    if irqchip == "aia":
        steps.append(rf"\[cpu{p}\] imsic: S-level files at 0x28000000, "
                     r"\d+ ids, guest-index-bits 1, GEILEN 1: vCPUs get "
                     r"guest file 1")
    steps += [
        rf"\[cpu{p}\] init_early: irqchip {name}, \d+ interrupts",
        rf"\[cpu{p}\] init_early: event system ready",
        rf"\[cpu{p}\] init_early: zone 0 'testguest' created",
        rf"\[cpu{p}\] init_early: done, INIT_EARLY_OK",
    ]
    for step in steps:
        run.expect(step)
    seen = set()
    while len(seen) < smp:
        m = run.expect(r"\[cpu(\d+)\] per_cpu_init: hart (\d+) hedeleg=0x\w+ "
                       r"hideleg=0x444 henvcfg=0x\w+ hgatp Sv39x4 "
                       rf"\(\d+ VMID bits\), {name}")
        assert m.group(1) == m.group(2)
        seen.add(int(m.group(1)))
    assert seen == set(range(smp))
    run.expect(rf"\[cpu{p}\] init_late: ")
    run.expect(r"\[cpu0\] run_vm: zone 0 'testguest' vcpu0 enters guest "
               r"at 0x80200000")
    assert run.wait_exit() == 0


@pytest.mark.parametrize("smp", [4, 1], ids=["smp4", "smp1"])
def test_riscv64_guest_sbi_timer_ipi_and_fault(rv_built, boot, smp):
    run = boot(cmd=rv_cmd(guest_config(smp), smp=smp), timeout=40)
    run.expect(r"\[guest\] hello from hart 0")
    run.expect(r"\[guest\] sbi spec 2\.0 impl 0x63767372")
    run.expect(r"\[guest\] cvisor hypercall version 0x10000")
    run.expect(r"\[guest\] legacy putchar ok")
    run.expect(r"\[guest\] dbcn write ok")
    run.expect(r"\[guest\] plic priority readback 5 \(compressed")
    if smp > 1:
        run.expect(r"\[guest\] hart 1 started")
    else:
        run.expect(r"\[guest\] hart 1 not available \(sbi -3\)")
    run.expect(r"\[guest\] done, system off")
    assert run.wait_exit() == 0, "SBI SRST shutdown must end QEMU with 0"
    out = run.output()
    assert "[guest] hart 0: timer ok, 10 ticks" in out
    if smp > 1:
        assert "[guest] hart 1: timer ok, 10 ticks" in out
        assert "[guest] hart 1: ipi received" in out
        assert "[cpu1] zone 0 vcpu1: off" in out
    # The illegal access: logged by cvisor, reflected as a load access
    # fault (scause 5, as on bare QEMU) with the guest's address, and both
    # carry on.
    assert re.search(r"\[cpu0\] WARN: zone 0 vcpu0: illegal read of 4 "
                     r"bytes at gpa 0x88000000", out)
    assert "[guest] fault caught: scause=5 stval=0x88000000" in out
    assert "[guest] survived illegal access" in out
    assert "unexpected" not in out


@pytest.mark.skipif(not os.path.exists(UBOOT), reason="no u-boot-qemu")
def test_riscv64_uboot_prompt_and_poweroff(rv_built, boot):
    run = boot(cmd=rv_cmd("qemu-virt-riscv64"), timeout=60)
    run.expect(r"run_vm: zone 0 'root' vcpu0 enters guest at 0x80200000")
    run.expect(r"U-Boot 2023\.01")
    run.expect(r"CPU:\s+rv64imafdc_")  # VS-mode: no 'h' in its ISA
    run.expect(r"DRAM:\s+256 MiB")
    run.expect(r"Hit any key to stop autoboot")
    run.child.send(" ")
    run.expect(r"=> ")
    run.child.send("echo cvisor-ok\r")
    run.expect(r"[\r\n]cvisor-ok")  # the command's output, not its echo
    run.expect(r"=> ")
    run.child.send("poweroff\r")
    run.expect(r"zone 0 'root': SYSTEM_OFF")
    assert run.wait_exit() == 0, "U-Boot's poweroff must end QEMU with 0"


@pytest.fixture(scope="module")
def rv_linux(rv_built, tmp_path_factory):
    """Debian's riscv64 kernel (trixie) as bundles of the Linux root-zone
    configuration: with the test initramfs, and with the shell one (and
    the cache directory they come from)."""
    p = subprocess.run([os.path.join(TOP, "scripts", "fetch-riscv64-linux")],
                       capture_output=True, text=True)
    if p.returncode:
        pytest.skip("cannot fetch Debian's riscv64 kernel: " + p.stderr[-300:])
    cache = p.stdout.strip().splitlines()[-1]
    out = tmp_path_factory.mktemp("rv-linux")
    bundles = {}
    for flavour in ("test", "shell"):
        bundles[flavour] = str(out / f"linux-{flavour}.bundle")
        subprocess.run(
            [os.path.join(TOP, "build", "host", "cvconfig"), "build",
             os.path.join(TOP, "configs", "qemu-virt-riscv64-linux.json"),
             "--arch", "riscv64", "--image-dir", cache,
             "--set", "root.initrd=" + os.path.join(cache,
                                                    f"initrd-{flavour}.gz"),
             "--set", "root.cmdline=console=ttyS0 panic=-1 quiet",
             "-o", bundles[flavour]], check=True)
    bundles["cache"] = cache  # the kernel and the initramfs images
    return bundles


def linux_cmd(bundle, irqchip):
    aia = IRQCHIPS[irqchip][0]
    # AIA: 3 guest files per hart (guest-index-bits 2), cvisor uses one.
    cmd = rv_cmd("qemu-virt-riscv64-linux", aia=aia,
                 aia_guests=3 if aia != "none" else 1)
    cmd[cmd.index("--bundle") + 1] = bundle
    return cmd


@pytest.mark.parametrize("irqchip", IRQCHIPS)
def test_riscv64_linux_root_zone(rv_linux, boot, irqchip):
    run = boot(cmd=linux_cmd(rv_linux["test"], irqchip), timeout=90)
    run.expect(rf"init_early: irqchip {IRQCHIPS[irqchip][1]}, ")
    run.expect(r"run_vm: zone 0 'root' vcpu0 enters guest at 0x80200000")
    run.expect(r"GUEST-UP")
    run.expect(r"CHECK cpus-online 0-3 count 4")
    m = run.expect(r"CHECK isa (\S+)\s")
    assert "h" not in m.group(1).split("_")[0][4:], "VS-mode: no H"
    # The guest sees Ssaia exactly when its interrupts come from the AIA.
    assert ("ssaia" in m.group(1).split("_")) == (irqchip == "aia")
    m = run.expect(r"CHECK timer-irqs (\d+) -> (\d+)")
    assert int(m.group(2)) > int(m.group(1)) + 20, "the timer must tick"
    run.expect(r"CHECK devmem-foreign refused")
    run.expect(r"CHECK alive-after-devmem")
    run.expect(r"GUEST-DONE")
    run.expect(r"zone 0 'root': SYSTEM_OFF")
    assert run.wait_exit() == 0, "poweroff -f must end QEMU with 0"
    out = run.output()
    assert re.search(r"WARN: zone 0 vcpu\d: illegal read of 4 bytes at gpa "
                     r"0x100000", out)
    assert "nobody cared" not in out and "rcu_sched" not in out


@pytest.mark.parametrize("irqchip", IRQCHIPS)
def test_riscv64_linux_uart_interrupts(rv_linux, boot, irqchip):
    """The passed-through UART's interrupts reach Linux: typed input is
    read (receive interrupts) and /proc/interrupts counts them."""
    run = boot(cmd=linux_cmd(rv_linux["shell"], irqchip), timeout=90)
    run.expect(r"cvisor root zone: Linux \S+ on 4 CPU\(s\)")
    run.expect(r"Type 'poweroff -f'")
    run.expect(r"# ")
    run.child.send("echo rx-$((6*7)); grep ttyS /proc/interrupts\r")
    run.expect(r"rx-42")  # the command ran: its input came by interrupts
    m = run.expect(r"\n\s*\d+:((?:\s+\d+)+)\s+(\S+.*ttyS0)")
    assert sum(int(n) for n in m.group(1).split()) > 0, m.group(0)
    if irqchip == "aia":
        assert "MSI" in m.group(2), m.group(0)
    run.expect(r"# ")
    run.child.send("poweroff -f\r")
    run.expect(r"zone 0 'root': SYSTEM_OFF")
    assert run.wait_exit() == 0


def newc_cpio(files):
    """A cpio "newc" archive of regular files {name: (mode, bytes)}."""
    out = b""
    for ino, (name, (mode, data)) in enumerate(
            list(files.items()) + [("TRAILER!!!", (0, b""))], 1):
        fields = [ino, mode, 0, 0, 1, 0, len(data), 0, 0, 0, 0,
                  len(name) + 1, 0]
        hdr = (b"070701" + b"".join(b"%08X" % f for f in fields)
               + name.encode() + b"\0")
        out += hdr + b"\0" * (-len(hdr) % 4)
        out += data + b"\0" * (-len(data) % 4)
    return out


IRQ_INIT = b"""#!/bin/sh
/bin/busybox --install -s
mount -t proc proc /proc
echo GUEST-UP
grep ttyS /proc/interrupts
poweroff -f
"""


@pytest.fixture(scope="module")
def rv_linux_vconsole(rv_linux, tmp_path_factory):
    """The Linux root zone on cvisor's emulated NS16550 (interrupt 33 of
    the zone's virtual PLIC or APLIC) instead of the real UART, with an
    /init that prints the console's interrupt count: the test initramfs
    followed by a second archive that replaces /init."""
    import gzip
    import json
    cache = rv_linux["cache"]
    out = tmp_path_factory.mktemp("rv-vconsole")
    cfg = json.load(open(os.path.join(TOP, "configs",
                                      "qemu-virt-riscv64-linux.json")))
    zone = cfg["zones"][0]
    del zone["devices"], zone["irqs"]
    zone["console"] = {"type": "ns16550", "base": "0x10000000", "irq": 33}
    json.dump(cfg, open(out / "vconsole.json", "w"))
    with open(os.path.join(cache, "initrd-test.gz"), "rb") as f:
        initrd = f.read()
    initrd += gzip.compress(newc_cpio({"init": (0o100755, IRQ_INIT)}))
    (out / "initrd-irq.gz").write_bytes(initrd)
    bundle = str(out / "vconsole.bundle")
    subprocess.run([os.path.join(TOP, "build", "host", "cvconfig"), "build",
                    str(out / "vconsole.json"), "--arch", "riscv64",
                    "--image-dir", cache,
                    "--set", "root.initrd=" + str(out / "initrd-irq.gz"),
                    "--set", "root.cmdline=console=ttyS0 panic=-1 quiet",
                    "-o", bundle], check=True)
    return bundle


@pytest.mark.parametrize("irqchip", IRQCHIPS)
def test_riscv64_linux_emulated_console_interrupts(rv_linux_vconsole, boot,
                                                   irqchip):
    """An emulated device's interrupt: cvisor raises the line of its
    NS16550 in the zone's virtual PLIC (hvip.VSEIP) or APLIC (an MSI that
    cvisor writes into the vCPU's guest interrupt file)."""
    run = boot(cmd=linux_cmd(rv_linux_vconsole, irqchip), timeout=90)
    run.expect(r"GUEST-UP")
    m = run.expect(r"\n\s*\d+:((?:\s+\d+)+)\s+(\S+.*\b33\b.*ttyS0)")
    assert sum(int(n) for n in m.group(1).split()) > 0, m.group(0)
    if irqchip == "aia":
        assert "APLIC-MSI" in m.group(2), m.group(0)
    run.expect(r"zone 0 'root': SYSTEM_OFF")
    assert run.wait_exit() == 0

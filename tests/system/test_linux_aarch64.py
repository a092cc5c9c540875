"""The aarch64 root zone: Debian's unmodified Linux kernel under cvisor."""
import os
import re
import struct
import subprocess

import pytest

from conftest import CVCONFIG, TOP, aarch64_cmd, make

LINUX_TIMEOUT = 180


@pytest.fixture(scope="session")
def linux_cache(built):
    """Debian's arm64 kernel + busybox initramfs (fetched with apt)."""
    p = subprocess.run([os.path.join(TOP, "scripts", "fetch-aarch64-linux")],
                       capture_output=True, text=True)
    assert p.returncode == 0, p.stderr
    return p.stdout.strip().splitlines()[-1]


def linux_bundle(tmp_path, cache, *sets, name="linux"):
    out = str(tmp_path / (name + ".bundle"))
    cmd = [CVCONFIG, "build",
           os.path.join(TOP, "configs", "qemu-virt-aarch64-linux.json"),
           "--image-dir", cache, "-o", out]
    for s in sets:
        cmd += ["--set", s]
    p = subprocess.run(cmd, capture_output=True, text=True)
    return p.returncode, p.stderr, out


@pytest.mark.parametrize("gic", [3, 2])
def test_debian_linux_root_zone(built, linux_cache, boot, tmp_path, gic):
    rc, err, bundle = linux_bundle(
        tmp_path, linux_cache,
        f"root.initrd={linux_cache}/initrd-test.gz",
        "root.cmdline=console=ttyAMA0 panic=-1 quiet")
    assert rc == 0, err
    run = boot(cmd=aarch64_cmd(bundle, gic=gic, smp=4), timeout=LINUX_TIMEOUT)
    run.expect(r"zone 0 'root' vcpu0 enters guest")
    run.expect(r"GUEST-UP")
    m = run.expect(r"CHECK cpus-online (\S+) count (\d+)\r*\n")
    assert (m.group(1), m.group(2)) == ("0-3", "4")
    m = run.expect(r"CHECK memtotal-kb (\d+)\r*\n")
    assert 800_000 < int(m.group(1)) <= 896 * 1024
    m = run.expect(r"CHECK timer-irqs (\d+) -> (\d+)\r*\n")
    assert int(m.group(2)) > int(m.group(1)) > 0
    # /dev/mem on cvisor's own memory: the zone has no mapping there, the
    # access is refused to that process (SIGBUS: 128 + 7), nothing else.
    run.expect(r"CHECK devmem-hv refused rc=135")
    run.expect(r"CHECK alive-after-devmem")
    run.expect(r"GUEST-DONE")
    assert run.wait_exit() == 0
    out = run.output()
    assert re.search(r"WARN: zone 0 vcpu\d: illegal read of 4 bytes at ipa "
                     r"0x40000000", out)
    assert "Kernel panic" not in out and "Internal error" not in out
    assert "unexpected exception" not in out


def test_linux_shell_via_make_run_interface(built, linux_cache, boot):
    """make bundle with GUEST_*: the root zone reaches its shell."""
    make("bundle", "CONFIG=qemu-virt-aarch64-linux", "SMP=2",
         f"GUEST_INITRD={linux_cache}/initrd-shell.gz",
         "GUEST_CMDLINE=console=ttyAMA0 panic=-1 quiet")
    bundle = os.path.join(TOP, "build", "aarch64-clang",
                          "qemu-virt-aarch64-linux.bundle")
    run = boot(cmd=aarch64_cmd(bundle, gic=3, smp=2), timeout=LINUX_TIMEOUT)
    run.expect(r"cvisor root zone: Linux \S+ on 2 CPU\(s\)")
    run.expect(r"# ")
    run.child.sendline("echo shell-ok-$((6*7))")
    run.expect(r"shell-ok-42")
    run.child.sendline("poweroff -f")
    assert run.wait_exit() == 0


def make_bundle_dump(*args):
    """make bundle for the Linux root zone with args; its cvconfig dump."""
    make("bundle", "CONFIG=qemu-virt-aarch64-linux", "SMP=2", *args)
    bundle = os.path.join(TOP, "build", "aarch64-clang",
                          "qemu-virt-aarch64-linux.bundle")
    return subprocess.run([CVCONFIG, "dump", bundle], capture_output=True,
                          text=True, check=True).stdout


def test_guest_kernel_gets_only_what_is_given(built, linux_cache):
    """GUEST_KERNEL alone: no initrd, no command line (QEMU's -kernel);
    without GUEST_KERNEL the demo keeps its initrd, and GUEST_CMDLINE=""
    clears its command line."""
    dump = make_bundle_dump(f"GUEST_KERNEL={linux_cache}/Image")
    assert "initrd: none" in dump and 'cmdline: ""' in dump, dump
    dump = make_bundle_dump(f"GUEST_KERNEL={linux_cache}/Image",
                            "GUEST_CMDLINE=quiet")
    assert "initrd: none" in dump and 'cmdline: "quiet"' in dump, dump
    dump = make_bundle_dump("GUEST_CMDLINE=")
    assert re.search(r"initrd: offset \S+ size", dump), dump
    assert 'cmdline: ""' in dump, dump
    dump = make_bundle_dump()
    assert re.search(r"initrd: offset \S+ size", dump), dump
    assert 'cmdline: "console=' in dump, dump


def write_elf(path, machine):
    """A minimal ELF64 header with one PT_LOAD segment."""
    hdr = bytearray(64 + 56 + 16)
    hdr[0:4] = b"\x7fELF"
    hdr[4], hdr[5], hdr[6] = 2, 1, 1
    struct.pack_into("<HHIQQQIHHHHHH", hdr, 16, 2, machine, 1, 0x48000000,
                     64, 0, 0, 64, 56, 1, 0, 0, 0)
    struct.pack_into("<IIQQQQQQ", hdr, 64, 1, 7, 120, 0x48000000,
                     0x48000000, 16, 16, 0x1000)
    path.write_bytes(bytes(hdr))


def test_bad_guest_kernel_refused(built, linux_cache, tmp_path):
    riscv = tmp_path / "riscv.elf"
    write_elf(riscv, 243)
    rc, err, _ = linux_bundle(tmp_path, linux_cache, f"root.kernel={riscv}")
    assert rc == 1
    assert str(riscv) in err and "ELF for another architecture" in err

    huge = tmp_path / "huge-Image"
    img = bytearray(4096)
    struct.pack_into("<QQQ", img, 8, 0, 2 << 30, 0xa)  # image_size 2 GiB
    struct.pack_into("<I", img, 0x38, 0x644D5241)
    huge.write_bytes(bytes(img))
    rc, err, _ = linux_bundle(tmp_path, linux_cache, f"root.kernel={huge}")
    assert rc == 1
    assert str(huge) in err and "too big for the zone" in err

    rc, err, _ = linux_bundle(tmp_path, linux_cache,
                              f"root.kernel={tmp_path}/missing")
    assert rc == 1 and "missing" in err and "No such file" in err


def test_gzip_and_elf_kernels_load(built, linux_cache, tmp_path):
    """What QEMU's -kernel accepts: a gzip'd Image and an ELF."""
    gz = tmp_path / "Image.gz"
    subprocess.run(f"gzip -1 -c {linux_cache}/Image > {gz}", shell=True,
                   check=True)
    rc, err, bundle = linux_bundle(tmp_path, linux_cache,
                                   f"root.kernel={gz}", name="gz")
    assert rc == 0, err
    dump = subprocess.run([CVCONFIG, "dump", bundle], capture_output=True,
                          text=True).stdout
    assert re.search(r"kernel: offset \S+ size 0x1f\w{5}, load at "
                     r"0x48000000", dump), dump

    elf = tmp_path / "k.elf"
    write_elf(elf, 183)
    rc, err, bundle = linux_bundle(tmp_path, linux_cache,
                                   f"root.kernel={elf}", name="elf")
    assert rc == 0, err
    dump = subprocess.run([CVCONFIG, "dump", bundle], capture_output=True,
                          text=True).stdout
    assert "load at 0x48000000" in dump and "entry: 0x48000000" in dump

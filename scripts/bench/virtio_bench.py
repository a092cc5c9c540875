"""The virtio rows of `make bench` (docs/virtio.md): zone 1's disk through
cvisor's virtio-blk and the root's daemon against the same image served by
QEMU to the root directly; ping round trips root <-> zone 1 over
virtio-net; the daemon's CPU time while nothing happens for 10 s.

Boots CONFIG=qemu-virt-<arch>-virtio once per arch (aarch64, riscv64 on
the PLIC; a copy of the default disk) and drives both shells over the
serial console with pexpect."""
import os
import re
import shutil
import subprocess

import pexpect

TOP = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
WORK = os.path.join(TOP, "build", "bench")
PROMPT = r"\n[/~] # "  # the root's (busybox: HOME decides / or ~)


def arch_run(arch):
    """(make's arguments, the default disk, the emulator command without
    the disk) of the arch's virtio demo."""
    hv = os.path.join(TOP, "build", f"{arch}-clang", "cvisor.elf")
    bundle = os.path.join(TOP, "build", f"{arch}-clang",
                          f"qemu-virt-{arch}-virtio.bundle")
    disk = os.path.join(TOP, "build", f"{arch}-demo", "zone-disk.img")
    make = [f"ARCH={arch}", "build", "bundle",
            f"CONFIG=qemu-virt-{arch}-virtio"]
    if arch == "aarch64":
        cmd = [os.path.join(TOP, "scripts", "run-aarch64"), "--gic", "3",
               "--smp", "4", "--hv", hv, "--bundle", bundle,
               "--bundle-addr", "0x44000000"]
    else:
        cmd = [os.path.join(TOP, "scripts", "run-riscv64"), "--aia", "none",
               "--smp", "4", "--hv", hv, "--bundle", bundle,
               "--bundle-addr", "0x84000000"]
    return make, disk, cmd


def disk_args(arch, disk):
    """The emulator's options for the root's disk (zone 1's image)."""
    if arch == "aarch64":
        return ["--root-pci", disk]  # a virtio-blk-pci behind the SMMU
    return ["--", "-drive", f"file={disk},if=none,format=raw,id=zdisk",
            "-device", "virtio-blk-device,drive=zdisk"]


MIB = 16  # per dd run
IDLE_S = 10


def dd_rate(text, mib=None):
    """`busybox time dd ...` (busybox's dd prints no timing): MiB/s."""
    m = re.search(r"real\s+(\d+)m\s*([\d.]+)s", text)
    if not m:
        raise RuntimeError(f"no time figure in {text!r}")
    seconds = int(m.group(1)) * 60 + float(m.group(2))
    return (mib or MIB) / max(seconds, 0.01)


def ping_avg(text):
    m = re.search(r"round-trip min/avg/max = [\d.]+/([\d.]+)/", text)
    if not m:
        raise RuntimeError(f"no ping figure in {text!r}")
    return float(m.group(1))


class Shells:
    def __init__(self, child):
        self.c = child

    def settle(self, s=3):
        self.c.expect([pexpect.TIMEOUT], timeout=s)

    def root(self, cmd, timeout=120):
        self.c.sendline(cmd)
        self.c.expect(re.escape(cmd[:40]), timeout=timeout)
        self.c.expect(PROMPT, timeout=timeout)
        return self.c.before

    def zone(self, cmd, done, timeout=120):
        """cmd in zone 1's shell on its virtio console; `done` marks the
        end of its output."""
        self.c.sendline("cvisor console 1")
        self.c.expect("attached to zone 1's virtio console", timeout=60)
        self.c.sendline(cmd + f"; echo {done}-$((1+1))")
        self.c.expect(f"{done}-2", timeout=timeout)
        out = self.c.before
        self.c.send("\x1e")  # Ctrl-^: detach
        self.c.expect(r"\[detached\]", timeout=60)
        self.c.expect(PROMPT, timeout=60)
        return out


def cpu_ticks(sh, pid):
    fields = sh.root(f"cat /proc/{pid}/stat").split(")")[-1].split()
    return int(fields[11]) + int(fields[12])  # utime + stime


def measure(progress, arch="aarch64", timeout=900):
    make, default_disk, cmd = arch_run(arch)
    subprocess.run(["make", "-s", "-C", TOP, *make], check=True)
    os.makedirs(WORK, exist_ok=True)
    disk = os.path.join(WORK, f"virtio-disk-{arch}.img")
    shutil.copy(default_disk, disk)
    cmd += disk_args(arch, disk)
    log = open(os.path.join(WORK, f"virtio-{arch}.log"), "w")
    child = pexpect.spawn(cmd[0], cmd[1:], encoding="utf-8",
                          codec_errors="replace", timeout=timeout,
                          logfile=log)
    sh = Shells(child)
    res = {"arch": arch, "mib": MIB, "idle_s": IDLE_S}
    try:
        child.expect(r"daemon pid (\d+) serving zone 1")
        pid = child.match.group(1)
        child.expect(r"zone-disk: init on virtio-blk, boot 1", timeout=300)
        sh.settle()
        progress(f"virtio ({arch}): zone 1 up; disk, network, idle daemon")
        drop = "sync; echo 3 > /proc/sys/vm/drop_caches"
        res["zone_write"] = dd_rate(sh.zone(
            f"busybox time dd if=/dev/zero of=/root/bench bs=1M count={MIB} "
            "conv=fsync",
            "written"))
        res["zone_read"] = dd_rate(sh.zone(
            f"{drop}; busybox time dd if=/dev/vda of=/dev/null bs=1M "
            f"count={MIB}",
            "read"))
        res["ping_root_to_zone_ms"] = ping_avg(
            sh.root("ping -c 10 -i 0.2 10.0.0.2"))
        res["ping_zone_to_root_ms"] = ping_avg(
            sh.zone("ping -c 10 -i 0.2 10.0.0.1", "pinged"))
        t0 = cpu_ticks(sh, pid)
        sh.root(f"sleep {IDLE_S}", timeout=IDLE_S * 10)
        res["daemon_idle_ticks"] = cpu_ticks(sh, pid) - t0  # 100 Hz
        sh.root("cvisor zone shutdown 1")
        sh.root("mount /dev/vda /mnt")
        res["root_write"] = dd_rate(sh.root(
            f"busybox time dd if=/dev/zero of=/mnt/root/bench bs=1M "
            f"count={MIB} "
            f"conv=fsync"))
        sh.root("umount /mnt")
        res["root_read"] = dd_rate(sh.root(
            f"{drop}; busybox time dd if=/dev/vda of=/dev/null bs=1M "
            f"count={MIB}"))
        child.sendline("poweroff -f")
        child.expect(pexpect.EOF, timeout=120)
    finally:
        if child.isalive():
            child.terminate(force=True)
        log.close()
    res["read_ratio"] = res["zone_read"] / res["root_read"]
    res["write_ratio"] = res["zone_write"] / res["root_write"]
    return res


def markdown(v, w):
    """The report's section (report.py); v: one measure() result, or a
    list of them (one per arch)."""
    runs = v if isinstance(v, list) else [v]
    w("## 4. virtio (zone 1 served from the root zone)")
    w("")
    w("`CONFIG=qemu-virt-<arch>-virtio` (docs/virtio.md): zone 1's "
      "`/dev/vda` is the root's daemon serving QEMU's virtio disk of the "
      "root (aarch64: a virtio-blk-pci behind the SMMU; riscv64: a "
      "virtio-blk-device); \"root\" is the root zone using that same disk "
      f"directly. `busybox time dd`, {runs[0]['mib']} MiB, 1 MiB blocks, "
      "page cache dropped before reads, writes to a file with "
      "`conv=fsync`.")
    w("")
    w("| arch | measure | zone 1 (virtio via cvisor + daemon) | root "
      "(QEMU's virtio) | ratio |")
    w("| --- | --- | --- | --- | --- |")
    for r in runs:
        a = r.get("arch", "aarch64")
        w(f"| {a} | sequential read, MiB/s | {r['zone_read']:.1f} | "
          f"{r['root_read']:.1f} | {r['read_ratio']:.2f} |")
        w(f"| {a} | sequential write, MiB/s | {r['zone_write']:.1f} | "
          f"{r['root_write']:.1f} | {r['write_ratio']:.2f} |")
    w("")
    for r in runs:
        w(f"{r.get('arch', 'aarch64')}: ping (10 × 56 bytes, average) "
          f"root → zone 1 {r['ping_root_to_zone_ms']:.2f} ms, zone 1 → "
          f"root {r['ping_zone_to_root_ms']:.2f} ms; the daemon's CPU time "
          f"while idle for {r['idle_s']} s: {r['daemon_idle_ticks']} ticks "
          f"of 10 ms ({r['daemon_idle_ticks'] / r['idle_s']:.1f} % of a "
          "CPU).")
        w("")

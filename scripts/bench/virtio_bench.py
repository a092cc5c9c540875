"""The virtio rows of `make bench` (docs/virtio.md): zone 1's disk through
cvisor's virtio-blk and the root's daemon against the same image served by
QEMU to the root directly; ping round trips root <-> zone 1 over
virtio-net; the daemon's CPU time while nothing happens for 10 s.

Boots CONFIG=qemu-virt-<arch>-virtio once (aarch64 by default; riscv64
on the PLIC with --arch riscv64, or bench.py --only virtio-riscv64; a copy
of the default disk) and drives both shells over the serial console with
pexpect."""
import os
import re
import shutil
import subprocess

import pexpect

TOP = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
WORK = os.path.join(TOP, "build", "bench")
PROMPT = r"\n[/~] # "  # the root's (busybox: HOME decides / or ~)
MIB = 32  # per dd run (make bench; --quick: 2)
IDLE_S = 10


def dd_rate(text, mib):
    """`busybox time` of dd moving mib MiB (busybox's dd prints no
    timing): MiB/s."""
    m = re.search(r"real\s+(\d+)m\s*([\d.]+)s", text)
    if not m:
        raise RuntimeError(f"no time figure in {text!r}")
    seconds = int(m.group(1)) * 60 + float(m.group(2))
    return mib / max(seconds, 0.01)


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


# Full run (make bench) and smoke run (--quick, tests/system/
# test_bench_virtio_smoke.py): MiB per dd, pings, idle seconds.
FULL = {"mib": MIB, "pings": 10, "idle_s": IDLE_S, "runs": 3,
        "root_reps": 8}
QUICK = {"mib": 2, "pings": 3, "idle_s": 3, "runs": 1, "root_reps": 1}


def repeated(cmd, reps):
    """`busybox time` of cmd run reps times in a row (the root's dd takes
    a few hundredths of a second, the resolution of busybox time)."""
    return (f"busybox time sh -c 'i=0; while [ $i -lt {reps} ]; do {cmd} "
            f"2>/dev/null; i=$((i + 1)); done'")
DROP = "sync; echo 3 > /proc/sys/vm/drop_caches"


def bundle_of(arch):
    return os.path.join(TOP, "build", f"{arch}-clang",
                        f"qemu-virt-{arch}-virtio.bundle")


def boot_cmd(disk, arch="aarch64"):
    hv = os.path.join(TOP, "build", f"{arch}-clang", "cvisor.elf")
    if arch == "riscv64":
        # the root's disk: QEMU's virtio-blk-device (virtio-mmio)
        return [os.path.join(TOP, "scripts", "run-riscv64"), "--aia",
                "none", "--smp", "4", "--hv", hv, "--bundle",
                bundle_of(arch), "--bundle-addr", "0x84000000", "--",
                "-drive", f"file={disk},if=none,format=raw,id=zdisk",
                "-device", "virtio-blk-device,drive=zdisk"]
    return [os.path.join(TOP, "scripts", "run-aarch64"), "--gic", "3",
            "--smp", "4", "--hv", hv,
            "--bundle", bundle_of(arch), "--bundle-addr", "0x44000000",
            # the root's disk: a virtio-blk-pci behind the SMMU
            "--root-pci", disk]


def median_rate(p, once, reps=1):
    """MiB/s of p["runs"] runs of once() (the output of a timed dd, or of
    reps of them), the median."""
    rates = sorted(dd_rate(once(), p["mib"] * reps)
                   for _ in range(p["runs"]))
    return rates[len(rates) // 2]


def zone_measures(sh, pid, p, res, progress):
    """In zone 1 (its disk through cvisor and the daemon): O_DIRECT dd,
    the root's page cache dropped first (the daemon reads the image
    through it); pings both ways; the daemon's CPU time while idle."""
    mib = p["mib"]
    progress(f"virtio: zone 1 write, {mib} MiB O_DIRECT, median of "
             f"{p['runs']}")
    res["zone_write"] = median_rate(p, lambda: sh.zone(
        f"busybox time dd if=/dev/zero of=/root/bench bs=1M count={mib} "
        "oflag=direct conv=fsync", "written"))
    progress(f"virtio: zone 1 read, {mib} MiB O_DIRECT")

    def zone_read():
        sh.root(DROP)
        return sh.zone(f"busybox time dd if=/dev/vda of=/dev/null bs=1M "
                       f"count={mib} iflag=direct", "read")

    res["zone_read"] = median_rate(p, zone_read)
    n = p["pings"]
    progress(f"virtio: ping root -> zone 1, {n} pings")
    res["ping_root_to_zone_ms"] = ping_avg(
        sh.root(f"ping -c {n} -i 0.2 10.0.0.2"))
    progress(f"virtio: ping zone 1 -> root, {n} pings")
    res["ping_zone_to_root_ms"] = ping_avg(
        sh.zone(f"ping -c {n} -i 0.2 10.0.0.1", "pinged"))
    progress(f"virtio: the daemon idle for {p['idle_s']} s")
    t0 = cpu_ticks(sh, pid)
    sh.root(f"sleep {p['idle_s']}", timeout=p["idle_s"] * 10)
    res["daemon_idle_ticks"] = cpu_ticks(sh, pid) - t0  # 100 Hz


def root_measures(sh, p, res, progress):
    """The same image as QEMU's virtio disk of the root, used directly
    once zone 1 is stopped: the same file written, the same bytes read."""
    mib = p["mib"]
    sh.root("cvisor zone shutdown 1")
    sh.root("mount /dev/vda /mnt")
    reps = p["root_reps"]
    progress(f"virtio: root write, {reps} x {mib} MiB O_DIRECT")
    res["root_write"] = median_rate(p, lambda: sh.root(repeated(
        f"dd if=/dev/zero of=/mnt/root/bench bs=1M count={mib} "
        "oflag=direct conv=fsync", reps)), reps)
    sh.root("umount /mnt")
    progress(f"virtio: root read, {reps} x {mib} MiB O_DIRECT")

    def root_read():
        sh.root(DROP)
        return sh.root(repeated(f"dd if=/dev/vda of=/dev/null bs=1M "
                                f"count={mib} iflag=direct", reps))

    res["root_read"] = median_rate(p, root_read, reps)


def measure(progress, timeout=900, quick=False, arch="aarch64"):
    p = QUICK if quick else FULL
    progress(f"virtio: building CONFIG=qemu-virt-{arch}-virtio")
    subprocess.run(["make", "-s", "-C", TOP, f"ARCH={arch}", "build",
                    "bundle", f"CONFIG=qemu-virt-{arch}-virtio"], check=True,
                   stdout=subprocess.DEVNULL)
    os.makedirs(WORK, exist_ok=True)
    disk = os.path.join(WORK, "virtio-disk.img")
    shutil.copy(os.path.join(TOP, "build", f"{arch}-demo", "zone-disk.img"),
                disk)
    cmd = boot_cmd(disk, arch)
    log = open(os.path.join(WORK, f"virtio-{arch}.log"), "w")
    res = {"arch": arch, "mib": p["mib"], "pings": p["pings"],
           "idle_s": p["idle_s"], "runs": p["runs"],
           "root_reps": p["root_reps"],
           "quick": quick, "load_before": os.getloadavg()[0]}
    progress("virtio: booting the root zone and zone 1")
    child = pexpect.spawn(cmd[0], cmd[1:], encoding="utf-8",
                          codec_errors="replace", timeout=timeout,
                          logfile=log)
    sh = Shells(child)
    try:
        child.expect(r"daemon pid (\d+) serving zone 1")
        pid = child.match.group(1)
        child.expect(r"zone-disk: init on virtio-blk, boot 1", timeout=300)
        sh.settle()
        zone_measures(sh, pid, p, res, progress)
        root_measures(sh, p, res, progress)
        child.sendline("poweroff -f")
        child.expect(pexpect.EOF, timeout=120)
    finally:
        if child.isalive():
            child.terminate(force=True)
        log.close()
    res["load_after"] = os.getloadavg()[0]
    res["read_ratio"] = res["zone_read"] / res["root_read"]
    res["write_ratio"] = res["zone_write"] / res["root_write"]
    progress(f"virtio: read {res['zone_read']:.1f} vs {res['root_read']:.1f}"
             f" MiB/s, write {res['zone_write']:.1f} vs "
             f"{res['root_write']:.1f} MiB/s, ping "
             f"{res['ping_root_to_zone_ms']:.1f}/"
             f"{res['ping_zone_to_root_ms']:.1f} ms, daemon idle "
             f"{res['daemon_idle_ticks']} ticks")
    return res


def markdown(v, w):
    """The report's section (report.py); also printed by --markdown."""
    w("## 5. virtio (zone 1 served from the root zone)")
    w("")
    arch = v.get("arch", "aarch64")
    disk = ("a virtio-blk-pci behind the SMMU" if arch == "aarch64"
            else "a virtio-blk-device")
    w(f"`CONFIG=qemu-virt-{arch}-virtio` (docs/virtio.md): zone 1's "
      "`/dev/vda` is the root's daemon serving QEMU's virtio disk of the "
      f"root ({disk}); \"root\" is the root "
      "zone using that same disk directly, once zone 1 is stopped. "
      f"`busybox time dd`, {v['mib']} MiB in 1 MiB blocks with O_DIRECT, "
      f"the median of {v.get('runs', 1)} runs (the root's: "
      f"{v.get('root_reps', 1)} dd in a row per run, as one is "
      "a few hundredths of a second): reads of the raw "
      "`/dev/vda` (`iflag=direct`; the root's page cache, through which "
      "the daemon reads the image, dropped first), writes of the same "
      "file on the disk's ext4 (`oflag=direct conv=fsync`).")
    w("")
    w("| measure | zone 1 (virtio via cvisor + daemon) | root (QEMU's "
      "virtio) | ratio |")
    w("| --- | --- | --- | --- |")
    w(f"| sequential read, MiB/s | {v['zone_read']:.1f} | "
      f"{v['root_read']:.1f} | {v['read_ratio']:.2f} |")
    w(f"| sequential write, MiB/s | {v['zone_write']:.1f} | "
      f"{v['root_write']:.1f} | {v['write_ratio']:.2f} |")
    w("")
    n = v.get("pings", 10)
    w(f"Ping ({n} × 56 bytes, 0.2 s apart, average): root → zone 1 "
      f"{v['ping_root_to_zone_ms']:.2f} ms, zone 1 → root "
      f"{v['ping_zone_to_root_ms']:.2f} ms. The daemon's CPU time "
      f"(utime + stime from `/proc/PID/stat`) while idle for "
      f"{v['idle_s']} s: {v['daemon_idle_ticks']} ticks of 10 ms "
      f"({v['daemon_idle_ticks'] / v['idle_s']:.1f} % of a CPU).")
    if "load_before" in v:
        w("")
        w(f"Host load average (1 min) {v['load_before']:.1f} before and "
          f"{v['load_after']:.1f} after this part (2 host cores shared "
          "with other work; QEMU TCG).")
    w("")


def main():
    """Alone: python3 scripts/bench/virtio_bench.py [--quick] [--json F]
    [--markdown]."""
    import argparse
    import json
    import time

    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true",
                    help="smoke run: 2 MiB, 3 pings, 3 s idle")
    ap.add_argument("--arch", choices=["aarch64", "riscv64"],
                    default="aarch64")
    ap.add_argument("--json", help="write the results here")
    ap.add_argument("--markdown", action="store_true",
                    help="print the docs/bench.md section")
    args = ap.parse_args()
    t0 = time.monotonic()

    def progress(msg):
        print(f"bench: [{time.monotonic() - t0:5.0f} s] {msg}", flush=True)

    res = measure(progress, quick=args.quick, arch=args.arch)
    res["duration"] = time.monotonic() - t0
    if args.json:
        with open(args.json, "w") as f:
            json.dump(res, f, indent=1)
    if args.markdown:
        markdown(res, print)
    progress(f"virtio: done in {res['duration']:.0f} s")


if __name__ == "__main__":
    main()

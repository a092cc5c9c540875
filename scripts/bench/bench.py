#!/usr/bin/python3
"""make bench: what cvisor costs a guest, measured against no hypervisor.

    scripts/bench/bench.py [--runs N] [--quick] [--out-dir DIR]
                           [--chart yes|no|auto] [--no-profile]

Builds cvisor, the benchmark guest (guests/aarch64-bench/) and a Linux
initramfs whose /init prints a marker and powers off, then measures on
QEMU (aarch64 virt, GICv3, -cpu max,pauth-impdef=on):

 1. Linux boot overhead: Debian's arm64 kernel + that initramfs, -smp 4,
    booted directly and as cvisor's root zone with the same QEMU options,
    interleaved (direct, cvisor, direct, ...); median wall time to the
    marker and the ratio.
 2. Deterministic costs under -icount shift=0,sleep=off (one virtual ns
    per instruction): cvisor's boot to the guest's first instruction
    (-smp 1 and -smp 4), a null hypercall, MMIO trap-and-emulate round
    trips, a stage-2 fault and a delivered timer interrupt, each against
    the same guest running directly at EL1; the same operations on
    riscv64, loongarch64 (QEMU -icount) and x86_64 (Bochs), one table
    (scripts/bench/arch_costs.py).
 3. cvisor's resident memory for the default configuration (the Linux
    root zone on 4 CPUs), read from the running machine.

It writes the raw results as JSON under build/bench/ and has
scripts/bench/report.py render docs/bench.md and docs/bench.png from them
(or --out-dir); report.py alone re-renders them from saved results. One
progress line per run goes to stdout. --quick (the smoke test) does one Linux run of each kind
and skips the trace-based profile.
"""
import argparse
import datetime
import gzip
import json
import os
import platform
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import arch_costs  # noqa: E402  (scripts/bench/arch_costs.py)
import profile as trace_profile  # noqa: E402  (scripts/bench/profile.py)
import report  # noqa: E402  (scripts/bench/report.py)
import virtio_bench  # noqa: E402  (scripts/bench/virtio_bench.py)
from report import (LINUX_CMDLINE, NS_PER_INSN, OPS,  # noqa: E402
                    TARGETS)

TOP = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
WORK = os.path.join(TOP, "build", "bench")
GUEST_SRC = os.path.join(TOP, "guests", "aarch64-bench")
LINUX_CONFIG = os.path.join(TOP, "configs", "qemu-virt-aarch64-linux.json")
STAGING_ADDR = "0x44000000"
GUEST_ENTRY = 0x40080000
CPU = "max,pauth-impdef=on"
LINUX_MARKER = b"BENCH-LINUX-UP"
LINUX_TIMEOUT = 240
ICOUNT = ["-icount", "shift=0,sleep=off"]
ICOUNT_TIMEOUT = 120


def say(msg):
    print(f"bench: {msg}", flush=True)


def die(msg):
    print(f"bench: error: {msg}", file=sys.stderr, flush=True)
    sys.exit(1)


def run(cmd, **kw):
    return subprocess.run(cmd, check=True, **kw)


def loadavg():
    with open("/proc/loadavg") as f:
        return float(f.read().split()[0])


# ---------------------------------------------------------------------------
# Prerequisites and builds
# ---------------------------------------------------------------------------

def have_matplotlib():
    try:
        import matplotlib  # noqa: F401
        return True
    except ImportError:
        return False


def ensure_matplotlib():
    if have_matplotlib():
        return True
    say("installing python3-matplotlib (apt-get) for the chart")
    sudo = [] if os.geteuid() == 0 else ["sudo", "-n"]
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    for cmd in (["apt-get", "install", "-y", "-q", "python3-matplotlib"],
                ["apt-get", "update", "-q"],
                ["apt-get", "install", "-y", "-q", "python3-matplotlib"]):
        r = subprocess.run(sudo + cmd, env=env, stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL)
        if r.returncode == 0 and cmd[1] == "install":
            break
    import importlib
    importlib.invalidate_caches()
    return have_matplotlib()


def build(args):
    if not args.no_setup:
        run([os.path.join(TOP, "scripts", "setup"), "test"])
    say("building cvisor, the benchmark guest and cvconfig")
    run(["make", "-s", "-C", TOP, "build", "tools"])
    os.makedirs(WORK, exist_ok=True)
    # A private copy: other builds in this checkout must not change the
    # image between the runs (and the profile needs the same ELF).
    elf = os.path.join(WORK, "cvisor.elf")
    shutil.copyfile(os.path.join(TOP, "build", "aarch64-clang",
                                 "cvisor.elf"), elf)
    guest_dir = os.path.join(WORK, "guest")
    run(["make", "-s", "-C", GUEST_SRC, f"O={guest_dir}"])
    cache = subprocess.run([os.path.join(TOP, "scripts",
                                         "fetch-aarch64-linux")],
                           check=True, capture_output=True,
                           text=True).stdout.strip().splitlines()[-1]
    cvconfig = os.path.join(TOP, "build", "host", "cvconfig")
    bench_bundle = os.path.join(WORK, "bench.bundle")
    run([cvconfig, "build", os.path.join(GUEST_SRC, "zone.json"),
         "--image-dir", guest_dir, "-o", bench_bundle])
    # The same zone carrying Debian's kernel as a payload (its initrd):
    # what cvisor's boot costs with a Linux-sized bundle. As for the Linux
    # boot below, the root zone's images are placed where they run by the
    # boot loader (cvconfig --place-root-images: <bundle>.loads, which
    # scripts/run-aarch64 loads), so cvisor checks their heads only.
    payload_bundle = os.path.join(WORK, "bench-payload.bundle")
    run([cvconfig, "build", os.path.join(GUEST_SRC, "zone-payload.json"),
         "--place-root-images",
         "--image-dir", guest_dir, "--set",
         f"bench.initrd={os.path.join(cache, 'Image')}",
         "-o", payload_bundle])
    ipi_bundle = build_ipi_bundle(cvconfig, guest_dir)
    initrd = os.path.join(WORK, "initrd-bench.gz")
    make_initrd(cache, initrd)
    linux_bundle = os.path.join(WORK, "linux.bundle")
    run([cvconfig, "build", LINUX_CONFIG, "--image-dir", cache,
         "--place-root-images",
         "--set", f"root.initrd={initrd}",
         "--set", f"root.cmdline={LINUX_CMDLINE}",
         "--set", "root.cpus=0,1,2,3", "-o", linux_bundle])
    # The default configuration (make run), for the memory footprint.
    default = default_config()
    run(["make", "-s", "-C", TOP, "bundle", f"CONFIG={default}", "SMP=4"],
        stdout=subprocess.DEVNULL)
    default_bundle = os.path.join(WORK, "default.bundle")
    shutil.copyfile(os.path.join(TOP, "build", "aarch64-clang",
                                 default + ".bundle"), default_bundle)
    # Its root zone's disk (the demo owns the PCI functions QEMU must have).
    default_disk = os.path.join(WORK, "default-root-disk.img")
    shutil.copyfile(os.path.join(TOP, "build", "aarch64-demo",
                                 "root-disk.img"), default_disk)
    return {
        "default_config": default,
        "default_bundle": default_bundle,
        "default_disk": default_disk,
        "elf": elf,
        "guest_elf": os.path.join(guest_dir, "bench.elf"),
        "bench_bundle": bench_bundle,
        "payload_bundle": payload_bundle,
        "payload_size": os.path.getsize(os.path.join(cache, "Image")),
        "kernel": os.path.join(cache, "Image"),
        "kernel_version": read_text(os.path.join(cache, "kernel-version")),
        "initrd": initrd,
        "linux_bundle": linux_bundle,
        "ipi_bundle": ipi_bundle,
    }


def default_config():
    """DEFAULT_CONFIG of arch/aarch64/objects.mk: what make run boots."""
    text = read_text(os.path.join(TOP, "arch", "aarch64", "objects.mk"))
    m = re.search(r"^DEFAULT_CONFIG\s*:?=\s*(\S+)", text, re.M)
    return m.group(1) if m else "qemu-virt-aarch64-linux"


def read_text(path):
    try:
        with open(path) as f:
            return f.read().strip()
    except OSError:
        return "?"


def cpio_newc_entries(data):
    """(name, mode, body) of each entry of a cpio "newc" archive."""
    off = 0
    while off + 110 <= len(data):
        hdr = data[off:off + 110]
        if hdr[:6] not in (b"070701", b"070702"):
            break
        f = [int(hdr[6 + 8 * i:14 + 8 * i], 16) for i in range(13)]
        mode, size, namesize = f[1], f[6], f[11]
        name_end = off + 110 + namesize
        name = data[off + 110:name_end - 1].decode()
        body_off = (name_end + 3) & ~3
        body = data[body_off:body_off + size]
        off = (body_off + size + 3) & ~3
        if name == "TRAILER!!!":
            break
        yield name, mode, body


def make_initrd(cache, out):
    """The tests' initramfs with /init replaced: busybox comes from
    initrd-test.gz (scripts/fetch-aarch64-linux), the archive from
    scripts/mkinitramfs.py."""
    with gzip.open(os.path.join(cache, "initrd-test.gz")) as f:
        entries = {n: b for n, _, b in cpio_newc_entries(f.read())}
    if "bin/busybox" not in entries:
        die(f"no bin/busybox in {cache}/initrd-test.gz")
    bb = os.path.join(WORK, "busybox")
    with open(bb, "wb") as f:
        f.write(entries["bin/busybox"])
    cpio = subprocess.run(
        ["/usr/bin/python3", os.path.join(TOP, "scripts", "mkinitramfs.py"),
         "--busybox", bb, "--init", os.path.join(GUEST_SRC, "init-linux")],
        check=True, capture_output=True).stdout
    with gzip.GzipFile(out, "wb", mtime=0) as f:
        f.write(cpio)


# ---------------------------------------------------------------------------
# QEMU command lines
# ---------------------------------------------------------------------------

def qemu_direct_linux(art, smp=4, initrd=None, cmdline=LINUX_CMDLINE,
                      extra=()):
    """Debian's kernel straight on QEMU, with cvisor's QEMU options."""
    return ["qemu-system-aarch64", "-M", "virt,virtualization=on,"
            "gic-version=3", "-cpu", CPU, "-smp", str(smp), "-m", "1G",
            "-nographic", "-no-reboot", "-nic", "none",
            "-kernel", art["kernel"], "-initrd", initrd or art["initrd"],
            "-append", cmdline, *extra]


def qemu_cvisor(art, bundle, smp, extra=(), root_pci=None):
    """root_pci: a disk image for the zones demo's root-zone PCI functions
    behind the SMMU (scripts/run-aarch64 --root-pci)."""
    return [os.path.join(TOP, "scripts", "run-aarch64"), "--gic", "3",
            "--smp", str(smp), "--mem", "1G", "--cpu", CPU,
            "--hv", art["elf"], "--bundle", bundle,
            "--bundle-addr", STAGING_ADDR,
            *(["--root-pci", root_pci] if root_pci else []), "--", *extra]


def qemu_direct_guest(art, extra=()):
    """The benchmark guest at EL1 with no hypervisor: QEMU's PSCI over
    HVC, RAM ending at 0x48000000 (the stage-2 fault address)."""
    return ["qemu-system-aarch64", "-M", "virt,gic-version=3", "-cpu", CPU,
            "-smp", "1", "-m", "128M", "-nographic", "-no-reboot",
            "-nic", "none", "-kernel", art["guest_elf"], *extra]


# ---------------------------------------------------------------------------
# Running QEMU
# ---------------------------------------------------------------------------

class Run:
    """One QEMU process: its output, the wall time at which each marker
    first appeared, its CPU time."""

    def __init__(self, cmd, markers=(), timeout=60, on_marker=None,
                 log=None):
        self.cmd = cmd
        self.markers = {m: None for m in markers}
        self.on_marker = on_marker or {}
        self.output = b""
        self.cpu = None
        self.rc = None
        self.timed_out = False
        start = time.monotonic()
        proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL,
                                stdout=subprocess.PIPE,
                                stderr=subprocess.STDOUT)
        timer = threading.Timer(timeout, self._kill, (proc,))
        timer.start()
        try:
            while True:
                chunk = os.read(proc.stdout.fileno(), 65536)
                if not chunk:
                    break
                now = time.monotonic() - start
                tail = self.output[-64:] + chunk
                self.output += chunk
                for m, t in self.markers.items():
                    if t is None and m in tail:
                        self.markers[m] = now
                        if m in self.on_marker:
                            self.on_marker[m](proc)
        finally:
            _, status, usage = os.wait4(proc.pid, 0)
            timer.cancel()
            proc.returncode = os.waitstatus_to_exitcode(status)
        self.wall = time.monotonic() - start
        self.rc = proc.returncode
        self.cpu = usage.ru_utime + usage.ru_stime
        if log:
            with open(log, "wb") as f:
                f.write(self.output)

    def _kill(self, proc):
        self.timed_out = True
        proc.kill()

    def text(self):
        return self.output.decode(errors="replace")


BENCH_LINE = re.compile(r"BENCH (\w+) ticks=(\d+) n=(\d+)")


def parse_bench(text, what):
    env = re.search(r"BENCH env hyp=(\w+) cntfrq=(\d+)", text)
    if not env or "BENCH done" not in text:
        err = re.findall(r"BENCH error .*", text)
        die(f"{what}: the benchmark guest did not finish "
            f"({err[0] if err else 'no BENCH done line'})")
    res = {"hyp": env.group(1), "cntfrq": int(env.group(2)), "ops": {}}
    for name, ticks, n in BENCH_LINE.findall(text):
        res["ops"][name] = {"ticks": int(ticks), "n": int(n)}
    return res


def icount_runs(art, progress):
    """The benchmark guest under -icount: directly, under cvisor with one
    CPU and with four. Deterministic, so one run each."""
    out = {}
    plans = [
        ("direct", qemu_direct_guest(art, ICOUNT), "directly at EL1"),
        ("cvisor_smp1", qemu_cvisor(art, art["bench_bundle"], 1, ICOUNT),
         "under cvisor, -smp 1"),
        ("cvisor_smp4", qemu_cvisor(art, art["bench_bundle"], 4, ICOUNT),
         "under cvisor, -smp 4"),
        ("cvisor_payload", qemu_cvisor(art, art["payload_bundle"], 1,
                                       ICOUNT),
         "under cvisor, -smp 1, with a 32 MiB payload"),
    ]
    for key, cmd, what in plans:
        r = Run(cmd, timeout=ICOUNT_TIMEOUT,
                log=os.path.join(WORK, f"icount-{key}.log"))
        if r.timed_out:
            die(f"icount run {what} timed out (log: build/bench/"
                f"icount-{key}.log)")
        res = parse_bench(r.text(), what)
        res["wall"] = r.wall
        out[key] = res
        progress(f"icount run {what}: boot {insns(res, 'boot'):,.0f} "
                 f"instructions, {r.wall:.1f} s wall")
    return out


def insns(res, op):
    """Virtual ns (= instructions at shift=0) of one iteration of op."""
    o = res["ops"][op]
    ns = o["ticks"] * 1e9 / res["cntfrq"]
    return ns / NS_PER_INSN / o["n"]


def op_cost(res, op):
    """Instructions one op costs beyond the nop it replaces in the loop."""
    nop = insns(res, "nop")
    return insns(res, op) - nop


def derive_icount(ic, payload_size):
    d, c1, c4 = ic["direct"], ic["cvisor_smp1"], ic["cvisor_smp4"]
    cp = ic["cvisor_payload"]
    out = {
        "cntfrq": c1["cntfrq"],
        "ns_per_tick": 1e9 / c1["cntfrq"],
        "boot_smp1": insns(c1, "boot") - insns(d, "boot"),
        "boot_smp4": insns(c4, "boot") - insns(d, "boot"),
        "boot_payload": insns(cp, "boot") - insns(d, "boot"),
        "payload_size": payload_size,
        "direct_boot": insns(d, "boot"),
        "ops": {},
    }
    for op, *_ in OPS:
        row = {"cvisor": op_cost(c1, op), "cvisor_smp4": None,
               "direct": None, "extra": None}
        if op in c4["ops"]:
            row["cvisor_smp4"] = op_cost(c4, op)
        if op in d["ops"]:
            row["direct"] = op_cost(d, op)
            row["extra"] = row["cvisor"] - row["direct"]
        out["ops"][op] = row
    return out


# ---------------------------------------------------------------------------
# Memory: read cvisor's allocator state from the running machine (QMP)
# ---------------------------------------------------------------------------

def elf_sections(path):
    """{name: (addr, size, type)} from llvm-readelf's section table."""
    out = subprocess.run([trace_profile.tool("llvm-readelf"), "-S", "-W",
                          path], capture_output=True, text=True,
                         check=True).stdout
    secs = {}
    for line in out.splitlines():
        # "  [ 1] .text  PROGBITS  0000000040200000 010000 00a2c4 00  AX ..."
        m = re.match(r"\s*\[\s*\d+\]\s+(\S+)\s+(\S+)\s+([0-9a-f]+)\s+"
                     r"[0-9a-f]+\s+([0-9a-f]+)", line)
        if m:
            secs[m.group(1)] = (int(m.group(3), 16), int(m.group(4), 16),
                                m.group(2))
    return secs


def elf_symbols(path):
    """{name: (addr, size)} of the data and code symbols."""
    nm = trace_profile.tool("llvm-nm")
    out = subprocess.run([nm, "-S", path], capture_output=True, text=True,
                         check=True).stdout
    syms = {}
    for line in out.splitlines():
        p = line.split()
        if len(p) == 4:
            syms[p[3]] = (int(p[0], 16), int(p[1], 16))
        elif len(p) == 3:
            syms[p[2]] = (int(p[0], 16), 0)
    return syms


class Qmp:
    def __init__(self, path, timeout=10):
        deadline = time.monotonic() + timeout
        while True:
            try:
                self.sock = socket.socket(socket.AF_UNIX)
                self.sock.connect(path)
                break
            except OSError:
                self.sock.close()
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)
        self.buf = b""
        self.recv()  # greeting
        self.cmd("qmp_capabilities")

    def recv(self):
        while b"\n" not in self.buf:
            chunk = self.sock.recv(65536)
            if not chunk:
                raise EOFError("QMP closed")
            self.buf += chunk
        line, self.buf = self.buf.split(b"\n", 1)
        return json.loads(line)

    def cmd(self, name, **arguments):
        msg = {"execute": name}
        if arguments:
            msg["arguments"] = arguments
        self.sock.sendall(json.dumps(msg).encode() + b"\n")
        while True:
            r = self.recv()
            if "return" in r or "error" in r:
                return r.get("return", r.get("error"))

    def read_u64(self, addr, count):
        text = self.cmd("human-monitor-command",
                        **{"command-line": f"xp /{count}gx {addr:#x}"})
        vals = [int(v, 16) for v in re.findall(r"0x([0-9a-f]{16})", text)]
        return vals[:count]


def measure_memory(art, progress):
    """Boot the default configuration (make run's, -smp 4), pause the
    machine once the first vCPU enters its guest (every zone is built by
    then), read the heap and frame allocators (struct heap, struct
    frame_pool in mm/)."""
    syms = elf_symbols(art["elf"])
    secs = elf_sections(art["elf"])
    sock = os.path.join(tempfile.mkdtemp(prefix="cvbench-"), "qmp.sock")
    state = {}

    def read_state(proc):
        try:
            q = Qmp(sock)
            q.cmd("stop")
            heap = q.read_u64(syms["hv_heap"][0], 4)
            frames = q.read_u64(syms["hv_frames"][0], 4)
            q.cmd("quit")
            state["heap"], state["frames"] = heap, frames
        except (OSError, EOFError, ValueError) as e:
            state["error"] = str(e)
            proc.kill()

    marker = b"enters guest"
    r = Run(qemu_cvisor(art, art["default_bundle"], 4,
                        ["-qmp", f"unix:{sock},server=on,wait=off"],
                        root_pci=art["default_disk"]),
            markers=[marker], on_marker={marker: read_state}, timeout=120,
            log=os.path.join(WORK, "memory.log"))
    shutil.rmtree(os.path.dirname(sock), ignore_errors=True)
    if "heap" not in state:
        why = state.get("error", f"no vCPU entered its guest, QEMU status "
                        f"{r.rc}{', timed out' if r.timed_out else ''}")
        die(f"memory: could not read cvisor's state ({why}; log: "
            f"build/bench/memory.log)")
    # struct heap { free_list; start; size; free_bytes; lock }
    _, heap_start, heap_size, heap_free = state["heap"]
    # struct frame_pool { base; nr_frames; nr_free; bitmap; ... }
    fbase, nr_frames, nr_free, bitmap = state["frames"]
    if heap_free > heap_size or nr_free > nr_frames or bitmap > fbase:
        die("memory: the allocator state read back makes no sense "
            "(struct heap / struct frame_pool changed?)")
    text = secs[".text"][1]
    rodata = secs.get(".rodata", (0, 0, 0))[1]
    data = secs.get(".data", (0, 0, 0))[1] + secs.get(".got", (0, 0, 0))[1]
    bss = secs[".bss"][1]
    stacks = syms["hv_stacks"][1]
    percpu = syms["percpus"][1]
    hv_start, hv_end = syms["__hv_start"][0], syms["__hv_end"][0]
    staging = int(STAGING_ADDR, 16)
    mem = {
        "config": art["default_config"],
        "text": text, "rodata": rodata, "data": data,
        "bss_other": bss - stacks - percpu,
        "stacks": stacks, "percpu": percpu,
        "image_span": hv_end - hv_start,
        "heap_used": heap_size - heap_free,
        "heap_size": heap_size,
        "frames_used": (nr_frames - nr_free) * 4096,
        "frame_bitmap": fbase - bitmap,
        "frame_pool": nr_frames * 4096,
        "staging": 0x04000000,
        "reserved_total": staging - hv_start + 0x04000000,
    }
    mem["resident"] = (mem["image_span"] + mem["heap_used"] +
                       mem["frames_used"] + mem["frame_bitmap"])
    progress(f"memory: resident {mem['resident'] / 1024:.0f} KiB "
             f"(image {mem['image_span'] / 1024:.0f} KiB, heap "
             f"{mem['heap_used'] / 1024:.1f} KiB, page tables "
             f"{mem['frames_used'] / 1024:.0f} KiB)")
    return mem


# ---------------------------------------------------------------------------
# Linux boot: interleaved wall-time runs
# ---------------------------------------------------------------------------

def linux_runs(art, runs, progress):
    results = []
    total = 2 * runs
    for i in range(total):
        kind = "direct" if i % 2 == 0 else "cvisor"
        cmd = qemu_direct_linux(art) if kind == "direct" else \
            qemu_cvisor(art, art["linux_bundle"], 4)
        load = loadavg()
        r = Run(cmd, markers=[LINUX_MARKER, b"enters guest"],
                timeout=LINUX_TIMEOUT,
                log=os.path.join(WORK, f"linux-{i + 1:02d}-{kind}.log"))
        t = r.markers[LINUX_MARKER]
        if t is None:
            die(f"linux run {i + 1} ({kind}) did not reach the marker "
                f"(rc {r.rc}; log: build/bench/linux-{i + 1:02d}-"
                f"{kind}.log)")
        row = {"kind": kind, "wall": t, "cpu": r.cpu, "load": load,
               "exit": r.wall, "rc": r.rc,
               "hv_entry": r.markers[b"enters guest"]}
        results.append(row)
        extra = f", cvisor boot {row['hv_entry']:.2f} s" \
            if row["hv_entry"] else ""
        progress(f"linux run {i + 1}/{total} ({kind}): {t:.2f} s to the "
                 f"marker{extra}, cpu {r.cpu:.1f} s, load {load:.1f}")
    return summarize_linux(results)


def summarize_linux(results):
    def med(kind, key):
        vals = [r[key] for r in results if r["kind"] == kind and
                r[key] is not None]
        return statistics.median(vals) if vals else None
    out = {"runs": results}
    for kind in ("direct", "cvisor"):
        out[kind] = {"wall": med(kind, "wall"), "cpu": med(kind, "cpu"),
                     "min": min(r["wall"] for r in results
                                if r["kind"] == kind),
                     "max": max(r["wall"] for r in results
                                if r["kind"] == kind)}
    out["cvisor"]["hv_entry"] = med("cvisor", "hv_entry")
    out["ratio"] = out["cvisor"]["wall"] / out["direct"]["wall"]
    out["cpu_ratio"] = out["cvisor"]["cpu"] / out["direct"]["cpu"]
    # Pairwise: each cvisor run against the direct run just before it.
    pairs = [results[i + 1]["wall"] / results[i]["wall"]
             for i in range(0, len(results) - 1, 2)]
    out["pair_ratio_median"] = statistics.median(pairs)
    return out


def linux_exits(art, progress):
    """One Linux boot under cvisor with QEMU's -d int: the exceptions the
    guest takes to EL2, by kind."""
    logf = os.path.join(WORK, "linux-exits.int.log")
    r = Run(qemu_cvisor(art, art["linux_bundle"], 4,
                        ["-d", "int", "-D", logf]),
            markers=[LINUX_MARKER], timeout=LINUX_TIMEOUT)
    counts = {}
    lines = open(logf, errors="replace").read().splitlines()
    os.unlink(logf)
    ec_names = {0x16: "HVC", 0x17: "SMC", 0x18: "system register",
                0x24: "data abort", 0x20: "instruction abort", 0x01: "WFx"}
    for i, line in enumerate(lines):
        m = re.match(r"Taking exception \d+ \[(.*?)\]", line)
        if not m or i + 2 >= len(lines):
            continue
        if "from EL1 to EL2" not in lines[i + 1] and \
                "from EL0 to EL2" not in lines[i + 1]:
            continue
        kind = m.group(1)
        if kind not in ("IRQ", "FIQ"):
            e = re.search(r"ESR 0x([0-9a-f]+)/0x([0-9a-f]+)", lines[i + 2])
            if e:
                ec = int(e.group(2), 16) >> 26
                kind = ec_names.get(ec, f"EC {ec:#x}")
                if ec == 0x18:
                    kind += sysreg_name(int(e.group(2), 16))
        counts[kind] = counts.get(kind, 0) + 1
    total = sum(counts.values())
    progress(f"linux exits under cvisor: {total} exceptions to EL2 "
             f"({r.markers[LINUX_MARKER] or 0:.1f} s to the marker with "
             f"-d int)")
    return {"total": total, "by_kind": counts}


def sysreg_name(esr):
    """' (ICC_SGI1R_EL1)' for the registers cvisor traps, else ''."""
    iss = esr & 0x1ffffff
    key = (iss >> 20 & 3, iss >> 14 & 7, iss >> 10 & 15, iss >> 1 & 15,
           iss >> 17 & 7)
    names = {(3, 0, 12, 11, 5): "ICC_SGI1R_EL1"}
    return f" ({names[key]})" if key in names else ""


# ---------------------------------------------------------------------------
# Interrupt latency inside Linux: cyclictest under -icount
# ---------------------------------------------------------------------------

CYCLIC_SRC = os.path.join(TOP, "guests", "aarch64-cyclictest")
CYCLIC_TIMEOUT = 600
CYCLIC_LOOPS = 1000  # 1 ms apart: one virtual second
CYCLIC_QUICK = 50
CYCLIC_LOAD_LOOPS = 200  # the -smp 2 runs with a busy CPU 1
RT_LIBS = ["ld-linux-aarch64.so.1", "libc.so.6", "libpthread.so.0",
           "librt.so.1", "libnuma.so.1"]


def cyclic_initrd(name, extra_adds=()):
    """An initramfs with busybox (from make_initrd), Debian's cyclictest,
    its libraries and guests/aarch64-cyclictest/init, plus extra_adds
    ("host-file:path" each)."""
    rt = subprocess.run([os.path.join(TOP, "scripts",
                                      "fetch-aarch64-rt-tests")],
                        check=True, capture_output=True,
                        text=True).stdout.strip().splitlines()[-1]
    adds = [f"{rt}/cyclictest:usr/bin/cyclictest"]
    adds += [f"{rt}/{lib}:lib/{lib}" for lib in RT_LIBS]
    adds += list(extra_adds)
    cpio = subprocess.run(
        ["/usr/bin/python3", os.path.join(TOP, "scripts", "mkinitramfs.py"),
         "--busybox", os.path.join(WORK, "busybox"),
         "--init", os.path.join(CYCLIC_SRC, "init")]
        + [a for add in adds for a in ("--add", add)],
        check=True, capture_output=True).stdout
    initrd = os.path.join(WORK, name)
    with gzip.GzipFile(initrd, "wb", mtime=0) as f:
        f.write(cpio)
    return initrd


def make_cyclic(art, loops):
    """The cyclictest initramfs and a root-zone bundle with it."""
    initrd = cyclic_initrd("initrd-cyclic.gz")
    cmdline = f"{LINUX_CMDLINE} cyclic_loops={loops}"
    bundle = os.path.join(WORK, "cyclic.bundle")
    run([os.path.join(TOP, "build", "host", "cvconfig"), "build",
         LINUX_CONFIG, "--image-dir", os.path.dirname(art["kernel"]),
         "--set", f"root.initrd={initrd}", "--set", f"root.cmdline={cmdline}",
         "--set", "root.cpus=0", "-o", bundle], stdout=subprocess.DEVNULL)
    return initrd, cmdline, bundle


def parse_cyclic(text, what):
    """min/avg/p99/max in µs from cyclictest's histogram (1 µs buckets)."""
    if "CYCLIC-END rc=0" not in text:
        die(f"cyclictest {what} did not finish (log: build/bench/)")
    hist = [(int(b), int(c)) for b, c in
            re.findall(r"^(\d{6}) (\d{6,})\s*$", text, re.M)]
    total = sum(c for _, c in hist)
    over = re.search(r"# Histogram Overflows: (\d+)", text)
    mins = re.search(r"# Min Latencies: (\d+)", text)
    avgs = re.search(r"# Avg Latencies: (\d+)", text)
    maxs = re.search(r"# Max Latencies: (\d+)", text)
    if not total or not (mins and avgs and maxs):
        die(f"cyclictest {what}: no histogram in its output")
    seen, p99 = 0, None
    for b, c in hist:
        seen += c
        if p99 is None and seen >= 0.99 * (total + int(over.group(1))):
            p99 = b
    return {"min": int(mins.group(1)), "avg": int(avgs.group(1)),
            "p99": p99, "max": int(maxs.group(1)), "samples": total,
            "overflows": int(over.group(1)) if over else 0}


STREAM_SRC = os.path.join(TOP, "guests", "aarch64-stream")
STREAM_PASS = re.compile(r"\[stream\] pass (\d+)")


def make_cyclic_load(art, cmdline):
    """The -smp 2 runs, kind -> QEMU command: Linux directly with a
    memory-heavy loop on CPU 1 (direct_busy); cvisor's root zone (768 MiB)
    on CPUs 0-1 with that loop on CPU 1 (cvisor_busy); the root zone on
    CPU 0 alone (cvisor_smp2), and the same starting the streaming zone
    (guests/aarch64-stream) on CPU 1 from its /init with cvisor's CLI once
    Linux is up (cvisor_load), and with the streaming zone arming a masked
    timer (cvisor_load_timer: guests/aarch64-stream TIMER=1). All carry
    the same initramfs (the CLI and both add-zone bundles in it)."""
    cvconfig = os.path.join(TOP, "build", "host", "cvconfig")
    streams = {}
    for name, timer in (("stream", 0), ("stream-timer", 1)):
        guest = os.path.join(WORK, name)
        run(["make", "-s", "-C", STREAM_SRC, f"O={guest}", f"TIMER={timer}"],
            stdout=subprocess.DEVNULL)
        streams[name] = os.path.join(WORK, f"{name}.bundle")
        run([cvconfig, "build", os.path.join(STREAM_SRC, "zone-stream.json"),
             "--add-zone", "--image-dir", guest, "-o", streams[name]],
            stdout=subprocess.DEVNULL)
    cli = os.path.join(TOP, "build", "cvisor-cli", "cvisor")
    run(["make", "-s", "-C", os.path.join(TOP, "tools", "cvisor-cli"),
         f"O={os.path.dirname(cli)}", cli], stdout=subprocess.DEVNULL)
    initrd = cyclic_initrd("initrd-cyclic-load.gz",
                           [f"{cli}:bin/cvisor"] +
                           [f"{b}:root/{n}.bundle"
                            for n, b in streams.items()])
    with open(LINUX_CONFIG) as f:
        root = json.load(f)["zones"][0]
    root["memory"] = [{"ipa": "0x48000000", "pa": "0x48000000",
                       "size": "768M", "flags": "rwx"}]
    plans = {}
    # kind: the root zone's CPUs, what its /init does first
    for kind, cpus, extra in (
            ("cvisor_busy", [0, 1], " cyclic_busy_cpu=1"),
            ("cvisor_smp2", [0], ""),
            ("cvisor_load", [0], " cyclic_start_bundle=/root/stream.bundle"),
            ("cvisor_load_timer", [0],
             " cyclic_start_bundle=/root/stream-timer.bundle")):
        root["cpus"] = cpus
        path = os.path.join(WORK, f"cyclic-{kind}.json")
        with open(path, "w") as f:
            json.dump({"zones": [root]}, f, indent=1)
        bundle = os.path.join(WORK, f"cyclic-{kind}.bundle")
        run([cvconfig, "build", path,
             "--image-dir", os.path.dirname(art["kernel"]),
             "--set", f"root.initrd={initrd}",
             "--set", f"root.cmdline={cmdline}{extra}", "-o", bundle],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        plans[kind] = qemu_cvisor(art, bundle, 2, ICOUNT)
    plans = {"direct_busy": qemu_direct_linux(
        art, 2, initrd, f"{cmdline} cyclic_busy_cpu=1", ICOUNT), **plans}
    return plans


def cyclic_runs(art, loops, progress, load=True, base=True):
    """cyclictest in Linux -smp 1 under -icount, directly and as cvisor's
    root zone; with load, also the -smp 2 runs of make_cyclic_load."""
    initrd, cmdline, bundle = make_cyclic(art, loops)
    out = {"loops": loops}
    plans = [("direct", qemu_direct_linux(art, 1, initrd, cmdline, ICOUNT)),
             ("cvisor", qemu_cvisor(art, bundle, 1, ICOUNT))] if base else []
    if load:
        # Fewer loops: a busy CPU makes each loop longer (section 4).
        out["load_loops"] = min(loops, CYCLIC_LOAD_LOOPS)
        plans += list(make_cyclic_load(
            art, f"{LINUX_CMDLINE} cyclic_loops={out['load_loops']}")
            .items())
    for kind, cmd in plans:
        host_load = loadavg()
        r = Run(cmd, markers=(b"CYCLIC-END",), timeout=CYCLIC_TIMEOUT,
                log=os.path.join(WORK, f"cyclic-{kind}.log"))
        if r.timed_out:
            die(f"cyclictest run ({kind}) timed out (log: build/bench/"
                f"cyclic-{kind}.log)")
        out[kind] = parse_cyclic(r.text(), kind)
        c = out[kind]
        c["wall"], c["load"] = r.wall, host_load
        c["loops"] = out.get("load_loops", loops) if kind not in (
            "direct", "cvisor") else loops
        # cvisor's per-vCPU counts, logged when the machine powers off
        for zid, traps, _, irqs in re.findall(
                r"zone (\d+) vcpu0: (\d+) traps \((\d+) MMIO\), (\d+) "
                r"interrupts injected", r.text()):
            c[f"zone{zid}_traps"], c[f"zone{zid}_irqs"] = int(traps), \
                int(irqs)
        passes = [int(n) for n in STREAM_PASS.findall(r.text())]
        if kind.startswith("cvisor_load"):
            if "CYCLIC-ZONE-START rc=0" not in r.text():
                die(f"cyclictest under load: the root zone could not start "
                    f"the streaming zone (log: build/bench/cyclic-{kind}.log)")
            if "[stream] up: streaming" not in r.text():
                die(f"cyclictest under load: the streaming zone did not "
                    f"start streaming (log: build/bench/cyclic-{kind}.log)")
            c["stream_passes"] = max(passes, default=0)
        progress(f"cyclictest {kind}, {c['loops']} loops: min {c['min']} avg "
                 f"{c['avg']} p99 {c['p99']} max {c['max']} us"
                 f"{', the streaming zone at pass ' + str(max(passes)) if passes else ''}"
                 f", {r.wall:.0f} s wall")
    return out


# ---------------------------------------------------------------------------
# Trace profile: where cvisor's instructions go
# ---------------------------------------------------------------------------

def run_profile(art, progress):
    """The -smp 1 icount run again, with a one-instruction-per-block
    execution trace of cvisor and the guest's loops, fed through a FIFO
    to scripts/bench/profile.py."""
    secs = elf_sections(art["elf"])
    syms = elf_symbols(art["elf"])
    hv_lo = syms["__hv_start"][0]
    hv_hi = secs[".text"][0] + secs[".text"][1]
    tmp = tempfile.mkdtemp(prefix="cvbench-")
    fifo = os.path.join(tmp, "trace")
    os.mkfifo(fifo)
    cmd = qemu_cvisor(art, art["bench_bundle"], 1, ICOUNT + [
        "-singlestep", "-d", "exec,nochain", "-dfilter",
        f"{hv_lo:#x}+{hv_hi - hv_lo:#x},{GUEST_ENTRY:#x}+0x4000",
        "-D", fifo])
    start = time.monotonic()
    proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL,
                            stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    try:
        with open(fifo, errors="replace") as f:
            prof = trace_profile.profile(art["elf"], f, art["guest_elf"])
    finally:
        proc.wait(timeout=60)
        shutil.rmtree(tmp, ignore_errors=True)

    def seg(s, n=1):
        return {"count": s.count / n,
                "top": [(f, c / n) for f, c in s.funcs.most_common(25)],
                "traps": {k: v / n for k, v in s.traps.items()}}
    iters = {"psci_version": 1000, "hvc_null": 1000, "mmio_uart": 1000,
             "mmio_gicd": 1000, "mmio_gicd_enable": 1000,
             "mmio_gicd_prio": 1000, "s2fault": 100, "s2fault_logged": 1,
             "timer_irq": 1000}
    out = {"boot": seg(prof.boot),
           "boot_inclusive": [(f, c) for f, c in prof.incl.most_common(80)],
           "ops": {}}
    for p in prof.phases:
        if p.name in iters:
            out["ops"][p.name] = seg(p, iters[p.name])
    progress(f"trace profile: {prof.total.count:,} cvisor instructions "
             f"traced in {time.monotonic() - start:.0f} s")
    return out


# ---------------------------------------------------------------------------
# Report
# ---------------------------------------------------------------------------

# ---------------------------------------------------------------------------
# IPIs between two vCPUs (guests/aarch64-bench/ipi.c)
# ---------------------------------------------------------------------------

IPI_ZONE = os.path.join(GUEST_SRC, "zone-ipi.json")


def build_ipi_bundle(cvconfig, guest_dir):
    """The benchmark guest in a zone of two vCPUs (CPUs 0 and 1)."""
    out = os.path.join(WORK, "bench-ipi.bundle")
    run([cvconfig, "build", IPI_ZONE, "--image-dir", guest_dir, "-o", out])
    return out


def ipi_runs(art, progress):
    """The benchmark guest with a second CPU, directly (-smp 2) and under
    cvisor (zone-ipi.json, -smp 2), under -icount: its `ipi` line is the
    round trip vCPU 0 -> vCPU 1 -> vCPU 0, both CPUs' instructions."""
    direct = qemu_direct_guest(art, ICOUNT)
    direct[direct.index("-smp") + 1] = "2"
    plans = [("direct", direct, "directly at EL1, -smp 2"),
             ("cvisor", qemu_cvisor(art, art["ipi_bundle"], 2, ICOUNT),
              "under cvisor, 2 vCPUs")]
    out = {}
    for key, cmd, what in plans:
        r = Run(cmd, timeout=ICOUNT_TIMEOUT,
                log=os.path.join(WORK, f"ipi-{key}.log"))
        if r.timed_out:
            die(f"IPI run {what} timed out (log: build/bench/ipi-{key}.log)")
        res = parse_bench(r.text(), what)
        if "ipi" not in res["ops"]:
            die(f"IPI run {what}: no `BENCH ipi` line (second CPU not "
                f"started? log: build/bench/ipi-{key}.log)")
        out[key] = res
        progress(f"IPI run {what}: round trip "
                 f"{insns(res, 'ipi'):,.0f} instructions")
    return out


def arch_cost_runs(progress):
    """The cost table's runs on riscv64, loongarch64 and x86_64."""
    try:
        return arch_costs.measure(progress)
    except arch_costs.BenchError as e:
        die(str(e))


def derive_ipi(raw):
    """Instructions per IPI (half a round trip) and cvisor's extra."""
    d, c = insns(raw["direct"], "ipi") / 2, insns(raw["cvisor"], "ipi") / 2
    return {"direct": d, "cvisor": c, "extra": c - d,
            "n": raw["cvisor"]["ops"]["ipi"]["n"]}


def host_info():
    model = "?"
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    with open("/proc/meminfo") as f:
        mem_kb = int(f.readline().split()[1])
    qemu = subprocess.run(["qemu-system-aarch64", "--version"],
                          capture_output=True, text=True).stdout
    clang = subprocess.run(["clang-19", "--version"], capture_output=True,
                           text=True).stdout
    git = subprocess.run(["git", "-C", TOP, "describe", "--always",
                          "--dirty"], capture_output=True,
                         text=True).stdout.strip()
    return {
        "cpu": model, "cores": os.cpu_count(),
        "mem_gib": mem_kb / 1024 / 1024,
        "os": f"{platform.system()} {platform.release()}",
        "qemu": qemu.splitlines()[0] if qemu else "?",
        "clang": clang.splitlines()[0] if clang else "?",
        "commit": git or "?",
    }


# ---------------------------------------------------------------------------

def only(args, parts):
    t0 = time.monotonic()

    def progress(msg):
        say(f"[{time.monotonic() - t0:5.0f} s] {msg}")
    art = build(args)
    res = {}
    if "icount" in parts:
        res["icount"] = derive_icount(icount_runs(art, progress),
                                      art["payload_size"])
    if "ipi" in parts:
        res["ipi"] = derive_ipi(ipi_runs(art, progress))
    if "arch" in parts:
        res["arch_costs"] = arch_cost_runs(progress)
    if "profile" in parts:
        prof = run_profile(art, progress)
        res["profile"] = {"boot": prof["boot"]["count"],
                          "boot_self": prof["boot"]["top"],
                          "boot_inclusive": prof["boot_inclusive"][:80],
                          "ops": prof["ops"]}
    if "memory" in parts:
        res["memory"] = measure_memory(art, progress)
    if "linux" in parts:
        res["linux"] = linux_runs(art, 1 if args.quick else args.runs,
                                  progress)
    if "exits" in parts:
        res["exits"] = linux_exits(art, progress)
    if "cyclic" in parts or "cyclic_load" in parts:
        res["cyclic"] = cyclic_runs(art, CYCLIC_QUICK if args.quick
                                    else CYCLIC_LOOPS, progress,
                                    base="cyclic" in parts)
    if "virtio" in parts:
        res["virtio"] = virtio_bench.measure(progress)
    if "virtio-riscv64" in parts:
        res["virtio_riscv64"] = virtio_bench.measure(progress,
                                                     arch="riscv64")
    out = os.path.join(WORK, "only.json")
    with open(out, "w") as f:
        json.dump(res, f, indent=1)
    say(f"results in {os.path.relpath(out, TOP)}")


def main():
    ap = argparse.ArgumentParser(
        description="Benchmark cvisor against no hypervisor (make bench).")
    ap.add_argument("--runs", type=int, default=7,
                    help="Linux boots of each kind (default 7, at least 5 "
                    "for the report)")
    ap.add_argument("--quick", action="store_true",
                    help="smoke test: 1 Linux boot of each kind, no trace "
                    "profile, no exception count")
    ap.add_argument("--out-dir", default=os.path.join(TOP, "docs"),
                    help="where bench.md and bench.png go (default docs/)")
    ap.add_argument("--chart", choices=["yes", "no", "auto"], default="yes",
                    help="yes: install python3-matplotlib if missing; "
                    "auto: only if it is installed")
    ap.add_argument("--json", default=os.path.join(WORK, "results.json"),
                    help="where the raw results go (default "
                    "build/bench/results.json)")
    ap.add_argument("--no-profile", action="store_true")
    ap.add_argument("--no-setup", action="store_true",
                    help="do not run scripts/setup first")
    ap.add_argument("--only", metavar="PART[,PART]",
                    help="run only these parts (icount, ipi, arch, profile, "
                    "memory, cyclic (all its runs), cyclic_load (the -smp 2 "
                    "ones), "
                    "linux, exits, virtio, virtio-riscv64), print the "
                    "results and write no "
                    "report; for working on a hot path")
    args = ap.parse_args()
    if args.only:
        return only(args, args.only.split(","))
    runs = 1 if args.quick else args.runs
    t0 = time.monotonic()

    def progress(msg):
        say(f"[{time.monotonic() - t0:5.0f} s] {msg}")

    chart = args.chart == "yes" and ensure_matplotlib() or \
        args.chart == "auto" and have_matplotlib()
    if args.chart == "yes" and not chart:
        die("python3-matplotlib is missing and could not be installed")
    art = build(args)
    res = {
        "date": datetime.datetime.now().astimezone().strftime(
            "%Y-%m-%d %H:%M %Z"),
        "quick": args.quick,
        "host": host_info(),
        "kernel_version": art["kernel_version"],
        "load_before": loadavg(),
        "targets": TARGETS,
    }
    ic = icount_runs(art, progress)
    res["icount_raw"] = ic
    res["icount"] = derive_icount(ic, art["payload_size"])
    res["ipi_raw"] = ipi_runs(art, progress)
    res["ipi"] = derive_ipi(res["ipi_raw"])
    if not args.quick:
        res["arch_costs"] = arch_cost_runs(progress)
    res["memory"] = measure_memory(art, progress)
    res["linux"] = linux_runs(art, runs, progress)
    res["cyclic"] = cyclic_runs(art, CYCLIC_QUICK if args.quick
                                else CYCLIC_LOOPS, progress,
                                load=not args.quick)
    if not args.quick:
        res["exits"] = linux_exits(art, progress)
        if not args.no_profile:
            res["profile"] = run_profile(art, progress)
        res["virtio"] = virtio_bench.measure(progress)
    res["load_after"] = loadavg()
    res["duration"] = time.monotonic() - t0
    os.makedirs(args.out_dir, exist_ok=True)
    with open(args.json, "w") as f:
        json.dump(res, f, indent=1)
    md = os.path.join(args.out_dir, "bench.md")
    png = os.path.join(args.out_dir, "bench.png")
    if chart:
        report.write_chart(res, png)
    report.write_markdown(res, md, "bench.png")
    d = res["icount"]
    say(f"Linux boot ratio {res['linux']['ratio']:.2f} (target ≤ "
        f"{TARGETS['linux_ratio']}), cvisor boot {d['boot_smp1']:,.0f} "
        f"instructions (≤ {TARGETS['boot_smp1']:,}), null hypercall "
        f"{d['ops']['hvc_null']['cvisor']:.0f} (≤ {TARGETS['hvc_null']}), "
        f"timer interrupt +{d['ops']['timer_irq']['extra']:.0f} "
        f"(≤ {TARGETS['timer_irq']}), IPI +{res['ipi']['extra']:.0f} "
        f"(≤ {TARGETS['ipi']}), resident "
        f"{res['memory']['resident'] / 1024:.0f} KiB")
    say(f"wrote {os.path.relpath(md, TOP)}"
        f"{' and ' + os.path.relpath(png, TOP) if chart else ''} "
        f"in {res['duration']:.0f} s")


if __name__ == "__main__":
    main()

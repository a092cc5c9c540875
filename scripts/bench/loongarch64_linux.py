#!/usr/bin/python3
"""Debian's loong64 Linux booted directly on the QEMU-LVZ build and as
cvisor's root zone (2 vCPUs), timed; prints a Markdown table and cvisor's
guest exits by reason (docs/loongarch64-linux.md quotes it).

    scripts/bench/loongarch64_linux.py [--runs N]

Both boots use scripts/fetch-loongarch64-linux's kernel and initrd-test.gz
on the same emulator binary (scripts/run-loongarch64's choice, or
QEMU_LVZ), -smp 2 -m 1G. The direct boot needs an ELF (the fork's -kernel
takes nothing else): the zboot vmlinuz is unwrapped with the zstd tool and
wrapped as one PT_LOAD at the Image's load_offset, entered at kernel_entry;
its command line adds initcall_blacklist=i8042_init (the fork's tree has no
ISA window, so the i8042 probe faults there). Measured per run: wall time
from the emulator's start to the guest's GUEST-DONE line, and the guest's
own clock (printk time) at "Run /init". Runs alternate direct / cvisor.
"""
import argparse
import os
import re
import statistics
import struct
import subprocess
import sys
import tempfile
import time

import pexpect

TOP = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
CACHE = os.path.join(TOP, ".cache", "loongarch64-linux")
BUILD = os.path.join(TOP, "build", "loongarch64-clang")
OUT = os.path.join(TOP, "build", "la-linux-bench")
CMDLINE = "console=ttyS0,115200 rdinit=/init panic=-1"


def lvz_binary():
    if os.environ.get("QEMU_LVZ"):
        return os.environ["QEMU_LVZ"]
    fixed = os.path.join(TOP, ".cache", "qemu-lvz")
    if os.path.exists(os.path.join(fixed, "PATCHES")):
        return os.path.join(fixed, "bin", "qemu-system-loongarch64")
    return os.path.join(TOP, "..", "shared", "tools", "qemu-lvz", "bin",
                        "qemu-system-loongarch64")


def unwrap_to_elf(vmlinuz, elf):
    """zboot -> Image (zstd CLI) -> ELF64 with one PT_LOAD."""
    data = open(vmlinuz, "rb").read()
    off, size = struct.unpack_from("<II", data, 8)
    image = subprocess.run(["zstd", "-dc"], input=data[off:off + size],
                           capture_output=True, check=True).stdout
    entry, memsz, load = struct.unpack_from("<QQQ", image, 8)
    entry &= (1 << 48) - 1
    dmw = 0x9000000000000000
    ehdr = b"\x7fELF" + bytes([2, 1, 1, 0]) + bytes(8) + struct.pack(
        "<HHIQQQIHHHHHH", 2, 258, 1, dmw | entry, 64, 0, 0, 64, 56, 1, 0,
        0, 0)
    phdr = struct.pack("<IIQQQQQQ", 1, 7, 0x10000, dmw | load, load,
                       len(image), max(memsz, len(image)), 0x10000)
    head = ehdr + phdr
    with open(elf, "wb") as f:
        f.write(head + bytes(0x10000 - len(head)) + image)


def prepare():
    subprocess.run([os.path.join(TOP, "scripts", "fetch-loongarch64-linux")],
                   check=True, stdout=subprocess.DEVNULL)
    subprocess.run(["make", "-s", "-C", TOP, "build", "tools",
                    "ARCH=loongarch64"], check=True)
    os.makedirs(OUT, exist_ok=True)
    bundle = os.path.join(OUT, "linux-test.bundle")
    subprocess.run([os.path.join(TOP, "build", "host", "cvconfig"), "build",
                    os.path.join(TOP, "configs",
                                 "qemu-virt-loongarch64-linux.json"),
                    "--arch", "loongarch64", "--image-dir", CACHE,
                    "--set", "root.initrd=" +
                    os.path.join(CACHE, "initrd-test.gz"),
                    "--set", "root.cmdline=" + CMDLINE, "-o", bundle],
                   check=True)
    elf = os.path.join(OUT, "vmlinux.elf")
    unwrap_to_elf(os.path.join(CACHE, "vmlinuz"), elf)
    return bundle, elf


def run_one(cmd, log):
    start = time.monotonic()
    child = pexpect.spawn(cmd[0], cmd[1:], encoding="utf-8",
                          codec_errors="replace", timeout=600,
                          logfile=open(log, "w"))
    m = child.expect([r"\[\s*(\d+\.\d+)\] Run /init"])
    guest = float(child.match.group(1))
    child.expect(r"GUEST-DONE")
    wall = time.monotonic() - start
    child.sendline("poweroff -f")
    # The fork's own tree has no power-off node: a direct boot halts.
    if child.expect([pexpect.EOF, r"System halted"], timeout=120) == 1:
        child.terminate(force=True)
    child.close()
    return wall, guest, m


def exits(log):
    text = open(log, errors="replace").read()
    return re.findall(r"zone 0 vcpu\d: \d+ guest exits[^\r\n]*", text)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=1)
    args = ap.parse_args()
    bundle, elf = prepare()
    qemu = lvz_binary()
    direct = [qemu, "-M", "virt", "-cpu", "la464", "-smp", "2", "-m", "1G",
              "-nographic", "-no-reboot", "-nic", "none", "-D", "/dev/null",
              "-kernel", elf, "-initrd", os.path.join(CACHE,
                                                      "initrd-test.gz"),
              "-append", CMDLINE + " initcall_blacklist=i8042_init"]
    cvisor = ["env", f"QEMU_LVZ={qemu}",
              os.path.join(TOP, "scripts", "run-loongarch64"), "--smp", "2",
              "--mem", "1G", "--hv", os.path.join(BUILD, "cvisor.elf"),
              "--bundle", bundle]
    results = {"direct": [], "cvisor": []}
    last_log = None
    for i in range(args.runs):
        for kind, cmd in (("direct", direct), ("cvisor", cvisor)):
            log = os.path.join(OUT, f"{kind}-{i}.log")
            wall, guest, _ = run_one(cmd, log)
            results[kind].append((wall, guest))
            print(f"run {i} {kind}: {wall:.1f} s wall to GUEST-DONE, "
                  f"guest clock {guest:.2f} s at Run /init", flush=True)
            if kind == "cvisor":
                last_log = log
    print(f"\nemulator: {qemu}\nhost load: {os.getloadavg()[0]:.1f}\n")
    print("| boot | runs | wall to GUEST-DONE (median) | guest clock at "
          "Run /init (median) |")
    print("| --- | --- | --- | --- |")
    for kind in ("direct", "cvisor"):
        w = statistics.median(r[0] for r in results[kind])
        g = statistics.median(r[1] for r in results[kind])
        print(f"| {kind} | {args.runs} | {w:.1f} s | {g:.2f} s |")
    print("\nguest exits (last cvisor run, until poweroff):")
    for line in exits(last_log):
        print("  " + line)
    return 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/python3
"""Where cvisor's instructions go: a profile from QEMU's execution trace.

Run QEMU with one instruction per translation block and an unchained
execution log limited to cvisor's image (and, optionally, the guest's
code), e.g.

    qemu-system-aarch64 ... -singlestep -d exec,nochain \\
        -dfilter 0x40200000+0x40000,0x40080000+0x2000 -D trace.log

then

    scripts/bench/profile.py --elf build/bench/cvisor.elf \\
        [--guest-elf build/bench/guest/bench.elf] trace.log

Every "Trace" line is then one executed instruction. The report gives the
instructions executed in cvisor, the exceptions taken to EL2 by vector, and
per function the instructions executed in it (self) and under it
(inclusive: a shadow call stack rebuilt from bl/blr and their return
addresses).

With --guest-elf, the instructions cvisor executes before the guest's
first instruction are its boot, and the rest is split into phases: a phase
starts when the guest executes the first instruction of one of its
functions named --phase-prefix* (the benchmark guest's timed loops) and
ends at that function's last ret, so it holds what cvisor ran for that
loop, exceptions from the guest's handlers included.
"""
import argparse
import bisect
import collections
import re
import subprocess
import sys

TRACE = re.compile(r"^Trace (\d+): \S+ \[[0-9a-f]+/([0-9a-f]+)/")
VECTOR_KINDS = [
    "cur-sp0 sync", "cur-sp0 irq", "cur-sp0 fiq", "cur-sp0 serror",
    "cur-spx sync", "cur-spx irq", "cur-spx fiq", "cur-spx serror",
    "lower-a64 sync", "lower-a64 irq", "lower-a64 fiq", "lower-a64 serror",
    "lower-a32 sync", "lower-a32 irq", "lower-a32 fiq", "lower-a32 serror",
]


def tool(name):
    for cand in (name + "-19", name):
        try:
            subprocess.run([cand, "--version"], capture_output=True,
                           check=True)
            return cand
        except (OSError, subprocess.CalledProcessError):
            continue
    sys.exit(f"profile: {name} not found (apt-get install llvm-19)")


def load_symbols(elf):
    """[(address, name)] of the code symbols, sorted."""
    out = subprocess.run([tool("llvm-nm"), "-n", elf], capture_output=True,
                         text=True, check=True).stdout
    syms = []
    for line in out.splitlines():
        parts = line.split()
        if len(parts) == 3 and parts[1] in "tTwW":
            syms.append((int(parts[0], 16), parts[2]))
    return syms


def load_insns(elf):
    """address -> mnemonic, for the text sections."""
    out = subprocess.run([tool("llvm-objdump"), "-d", "--no-show-raw-insn",
                          elf], capture_output=True, text=True,
                         check=True).stdout
    insns = {}
    for line in out.splitlines():
        m = re.match(r"^\s*([0-9a-f]+):\s+(\S+)", line)
        if m:
            insns[int(m.group(1), 16)] = m.group(2)
    return insns


class Segment:
    """Instructions cvisor executed in one part of the run."""

    def __init__(self, name):
        self.name = name
        self.count = 0
        self.funcs = collections.Counter()
        self.traps = collections.Counter()


class Profile:
    def __init__(self):
        self.total = Segment("total")
        self.incl = collections.Counter()
        self.boot = None  # Segment, with a guest ELF
        self.phases = []  # [Segment]


class Cpu:
    def __init__(self):
        self.stack = []  # (symbol, return address, count at entry)
        self.prev = None  # None after an eret
        self.last = None


def guest_phases(elf, prefix):
    """{entry: name} and {address of the last ret: name} of the guest's
    phase functions."""
    syms = load_symbols(elf)
    insns = load_insns(elf)
    starts, ends = {}, {}
    addrs = [a for a, _ in syms]
    for i, (a, s) in enumerate(syms):
        if not s.startswith(prefix):
            continue
        nxt = next((b for b in addrs[i + 1:] if b > a), a + 0x1000)
        rets = [p for p in range(a, nxt, 4) if insns.get(p) == "ret"]
        if rets:
            name = s[len(prefix):]
            starts[a] = name
            ends[rets[-1]] = name
    return starts, ends


def profile(elf, lines, guest_elf=None, prefix="loop_", until_pc=None):
    """Profile the trace lines (an iterable of str); returns a Profile."""
    syms = load_symbols(elf)
    addrs = [a for a, _ in syms]
    insns = load_insns(elf)
    lo, hi = min(insns), max(insns) + 4
    vectors = next((a for a, s in syms if s == "el2_vectors"), None)
    starts, ends = guest_phases(guest_elf, prefix) if guest_elf else ({}, {})
    prof = Profile()
    if guest_elf:
        prof.boot = Segment("boot")
    seen = collections.Counter()
    phase = prof.boot
    cpus = collections.defaultdict(Cpu)
    sym_cache = {}
    n = 0

    def sym_of(pc):
        s = sym_cache.get(pc)
        if s is None:
            i = bisect.bisect_right(addrs, pc) - 1
            s = syms[i][1] if i >= 0 else hex(pc)
            sym_cache[pc] = s
        return s

    for line in lines:
        m = TRACE.match(line)
        if not m:
            continue
        pc = int(m.group(2), 16)
        if until_pc is not None and pc == until_pc:
            break
        if not lo <= pc < hi:
            # the guest
            if pc in starts:
                name = starts[pc]
                seen[name] += 1
                phase = Segment(name if seen[name] == 1
                                else f"{name}#{seen[name]}")
                prof.phases.append(phase)
            elif pc in ends or phase is prof.boot:
                phase = None
            for cpu in cpus.values():
                cpu.last = None
            continue
        cpu = cpus[m.group(1)]
        if pc == cpu.last:
            # logged again without executing: an exit at the start of
            # the block (icount budget, pending interrupt)
            continue
        cpu.last = pc
        n += 1
        trap = None
        if vectors is not None and vectors <= pc < vectors + 0x800 and \
                pc % 0x80 == 0:
            trap = VECTOR_KINDS[(pc - vectors) // 0x80]
            cpu.stack = []
        elif cpu.prev is not None:
            if insns.get(cpu.prev, "") in ("bl", "blr"):
                cpu.stack.append((sym_of(pc), cpu.prev + 4, n))
            else:
                for i in range(len(cpu.stack) - 1, -1, -1):
                    if cpu.stack[i][1] == pc:
                        for s, _, start in cpu.stack[i:]:
                            prof.incl[s] += n - start
                        del cpu.stack[i:]
                        break
        s = sym_of(pc)
        for seg in (prof.total, phase):
            if seg is None:
                continue
            seg.count += 1
            seg.funcs[s] += 1
            if trap:
                seg.traps[trap] += 1
        if insns.get(pc) == "eret":
            for s2, _, start in cpu.stack:
                prof.incl[s2] += n + 1 - start
            cpu.stack = []
            cpu.prev = None
        else:
            cpu.prev = pc
    for cpu in cpus.values():
        for s, _, start in cpu.stack:
            prof.incl[s] += n + 1 - start
    return prof


def print_segment(seg, top, incl=None):
    print(f"{seg.name}: {seg.count} instructions in cvisor")
    for k, v in seg.traps.most_common():
        print(f"  {v:10d}  exceptions: {k}")
    if incl is not None:
        print(f"  {'self':>10} {'inclusive':>10}  function")
        for s, v in seg.funcs.most_common(top):
            print(f"  {v:10d} {incl.get(s, 0):10d}  {s}")
    else:
        for s, v in seg.funcs.most_common(top):
            print(f"  {v:10d}  {s}")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--elf", required=True, help="cvisor.elf")
    ap.add_argument("--guest-elf", help="the guest's ELF (boot, phases)")
    ap.add_argument("--phase-prefix", default="loop_")
    ap.add_argument("--until-pc", type=lambda v: int(v, 16),
                    help="stop at the first instruction at this address")
    ap.add_argument("--top", type=int, default=25)
    ap.add_argument("log", help="QEMU -d exec,nochain -singlestep log, "
                    "or - for stdin")
    args = ap.parse_args()
    src = sys.stdin if args.log == "-" else open(args.log, errors="replace")
    prof = profile(args.elf, src, args.guest_elf, args.phase_prefix,
                   args.until_pc)
    print_segment(prof.total, args.top, prof.incl)
    print(f"top {args.top} by inclusive count:")
    for s, v in prof.incl.most_common(args.top):
        print(f"  {prof.total.funcs.get(s, 0):10d} {v:10d}  {s}")
    for seg in ([prof.boot] if prof.boot else []) + prof.phases:
        print_segment(seg, args.top)


if __name__ == "__main__":
    main()

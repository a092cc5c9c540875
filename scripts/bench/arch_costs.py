#!/usr/bin/python3
"""The deterministic cost table on riscv64, loongarch64 and x86_64 (make
bench; aarch64's row comes from bench.py's own icount runs).

    scripts/bench/arch_costs.py [--json FILE]     measure and print

Each architecture has a benchmark guest that times N iterations of each
operation with its counter and prints `BENCH <op> ticks=<delta> n=<N>`
(the lines of guests/aarch64-bench):

  riscv64      guests/riscv64-bench: QEMU virt -icount shift=0,sleep=off,
               the time CSR (10 MHz timebase: 100 instructions a tick);
               directly on OpenSBI (S-mode) and as a cvisor zone (VS).
  loongarch64  guests/loongarch64-bench: the QEMU-LVZ build under -icount
               shift=0,sleep=off, rdtime.d (100 MHz: 10 instructions a
               tick); directly (PLV0) and as a cvisor zone (LVZ guest).
  x86_64       guests/x86_64-bench: Bochs with `clock: sync=none` and one
               CPU, RDTSC (one tick per executed instruction: the nop loop
               shows it); only under cvisor (the guest enters through
               cvisor's bzImage boot).

Instructions per operation = ticks x instructions-per-tick / N, minus the
same for the loop with a `nop` in its place.
"""
import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import time

TOP = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
WORK = os.path.join(TOP, "build", "bench")
ICOUNT = ["-icount", "shift=0,sleep=off"]
TIMEOUT = {"riscv64": 120, "loongarch64": 120, "x86_64": 300}
OPENSBI = "/usr/lib/riscv64-linux-gnu/opensbi/generic/fw_jump.elf"
BENCH_LINE = re.compile(r"BENCH (\w+) ticks=(\d+) n=(\d+)")

# The operations of the table: key, label, the op per arch (None: not
# measured there) and what "directly" means for it.
ROWS = [
    ("hvc_null", "null hypercall round trip",
     {"aarch64": "hvc_null", "riscv64": "hvc_null",
      "loongarch64": "hvc_null", "x86_64": "hvc_null"}),
    ("firmware", "firmware call (PSCI_VERSION / SBI get_spec_version), "
     "extra over the firmware",
     {"aarch64": "psci_version", "riscv64": "sbi_version"}),
    ("timer_irq", "delivered timer interrupt, extra over direct",
     {"aarch64": "timer_irq", "riscv64": "timer_irq",
      "loongarch64": "timer_irq"}),
    ("timer_irq_sstc", "delivered timer interrupt, Sstc (stimecmp written "
     "by the guest), extra over direct", {"riscv64": "timer_irq_sstc"}),
    ("mmio", "MMIO read of an emulated device (extra over direct)",
     {"aarch64": "mmio_uart", "riscv64": "mmio_uart",
      "loongarch64": "mmio_ged", "x86_64": "mmio_lapic"}),
    ("pio", "port I/O read of an emulated device",
     {"x86_64": "pio_uart"}),
    ("s2fault", "stage-2 fault (load outside the zone, exception "
     "injected), extra over direct",
     {"aarch64": "s2fault", "riscv64": "s2fault",
      "loongarch64": "s2fault", "x86_64": "s2fault"}),
    ("s2fault_logged", "stage-2 fault, the first (logged)",
     {"aarch64": "s2fault_logged", "riscv64": "s2fault_logged",
      "loongarch64": "s2fault_logged", "x86_64": "s2fault_logged"}),
]

# What each operation is on each architecture (for the report).
WHAT = {
    "aarch64": {
        "hvc_null": "HVC #0, CV_HC_NOP",
        "psci_version": "HVC PSCI_VERSION: cvisor / QEMU's PSCI",
        "timer_irq": "EL1 virtual timer (PPI 27), GICv3 list register",
        "mmio_uart": "PL011 UARTFR, emulated",
        "s2fault": "stage-2 abort, external abort injected; cvisor logs "
                   "the first 64 of a zone, these come after",
        "s2fault_logged": "the first stage-2 abort, with its WARN line",
    },
    "riscv64": {
        "hvc_null": "ecall, SBI extension 0x0A435653 function CV_HC_NOP",
        "sbi_version": "ecall SBI get_spec_version: cvisor's SBI / "
                       "OpenSBI in M-mode",
        "timer_irq": "supervisor timer interrupt, re-armed with SBI "
                     "set_timer (cvisor writes vstimecmp / OpenSBI)",
        "timer_irq_sstc": "supervisor timer interrupt, re-armed by "
                          "writing stimecmp (VS: vstimecmp, no exit)",
        "mmio_uart": "NS16550 LSR: cvisor's emulated console / QEMU's UART",
        "s2fault": "load guest-page fault, load access fault injected; "
                   "cvisor logs the first 64 of a zone, these come after",
        "s2fault_logged": "the first, as above",
    },
    "loongarch64": {
        "hvc_null": "hvcl 0, a0 = 0xc6000001",
        "timer_irq": "guest constant timer (TCFG one-shot of 4 ticks), "
                     "LVZ's guest timer interrupt",
        "mmio_ged": "ACPI GED sleep-control read: cvisor's GED / QEMU's",
        "s2fault": "guest TLB refill fault outside the zone, ADEM "
                   "reflected; cvisor logs the first 64 of a zone, these "
                   "come after",
        "s2fault_logged": "the first, as above",
    },
    "x86_64": {
        "hvc_null": "VMCALL, eax = 0xc6000001",
        "pio_uart": "IN from COM1 LSR (0x3fd), cvisor's emulated UART",
        "mmio_lapic": "local APIC version register (0xfee00030): EPT "
                      "violation, decoded and emulated",
        "s2fault": "EPT violation outside the zone, #GP injected; cvisor "
                   "logs the first 64 of a zone, these come after",
        "s2fault_logged": "the first, as above",
    },
}


def say(msg):
    print(f"bench: {msg}", flush=True)


class BenchError(Exception):
    pass


def lvz_qemu():
    """The QEMU-LVZ build run-loongarch64 would use."""
    fixed = os.path.join(TOP, ".cache", "qemu-lvz")
    cands = [os.environ.get("QEMU_LVZ", "")]
    if os.path.exists(os.path.join(fixed, "PATCHES")):
        cands.append(os.path.join(fixed, "bin", "qemu-system-loongarch64"))
    cands.append(os.path.join(TOP, "..", "shared", "tools", "qemu-lvz",
                              "bin", "qemu-system-loongarch64"))
    cands.append(os.path.join(fixed, "bin", "qemu-system-loongarch64"))
    for c in cands:
        if c and os.access(c, os.X_OK):
            return c
    raise BenchError("no QEMU-LVZ build (QEMU_LVZ, .cache/qemu-lvz, "
                     "../shared/tools/qemu-lvz): scripts/build-qemu-lvz")


def build(arch):
    """cvisor, the benchmark guest and its bundle for one arch."""
    d = os.path.join(WORK, arch)
    guest = os.path.join(d, "guest")
    os.makedirs(guest, exist_ok=True)
    subprocess.run(["make", "-s", "-C", TOP, "build", f"ARCH={arch}"],
                   check=True, stdout=subprocess.DEVNULL)
    elf = os.path.join(d, "cvisor.elf")
    shutil.copyfile(os.path.join(TOP, "build", f"{arch}-clang",
                                 "cvisor.elf"), elf)
    src = os.path.join(TOP, "guests", f"{arch}-bench")
    subprocess.run(["make", "-s", "-C", src, f"O={guest}"], check=True,
                   stdout=subprocess.DEVNULL)
    bundle = os.path.join(d, "bench.bundle")
    subprocess.run([os.path.join(TOP, "build", "host", "cvconfig"), "build",
                    os.path.join(src, "zone.json"), "--arch", arch,
                    "--image-dir", guest, "-o", bundle], check=True,
                   stdout=subprocess.DEVNULL)
    return {"elf": elf, "bundle": bundle, "guest": guest}


def commands(arch, art):
    """(kind, command) of each run: direct first where there is one."""
    cv = [os.path.join(TOP, "scripts", f"run-{arch}"), "--smp", "1",
          "--hv", art["elf"], "--bundle", art["bundle"]]
    guest_elf = os.path.join(art["guest"], "bench.elf")
    if arch == "riscv64":
        return [("direct", ["qemu-system-riscv64", "-M", "virt", "-cpu",
                            "rv64", "-smp", "1", "-m", "128M",
                            "-nographic", "-no-reboot", "-nic", "none",
                            "-bios", OPENSBI, "-kernel", guest_elf,
                            *ICOUNT]),
                ("cvisor", cv + ["--mem", "1G", "--", *ICOUNT])]
    if arch == "loongarch64":
        return [("direct", [lvz_qemu(), "-M", "virt", "-cpu", "la464",
                            "-smp", "1", "-m", "128M", "-nographic",
                            "-no-reboot", "-nic", "none", "-kernel",
                            guest_elf, "-D", "/dev/null", *ICOUNT]),
                ("cvisor", cv + ["--mem", "1G", "--", *ICOUNT])]
    return [("cvisor", cv + ["--mem", "256M"])]


def parse(text, what):
    env = re.search(r"BENCH env hyp=(\w+) cntfrq=(\d+)", text)
    if not env or "BENCH done" not in text:
        err = re.findall(r"BENCH error .*", text)
        raise BenchError(f"{what}: the benchmark guest did not finish "
                         f"({err[0] if err else 'no BENCH done line'})")
    errs = re.findall(r"BENCH error .*", text)
    if errs:
        raise BenchError(f"{what}: {errs[0]}")
    ops = {n: {"ticks": int(t), "n": int(k)}
           for n, t, k in BENCH_LINE.findall(text)}
    return {"hyp": env.group(1), "cntfrq": int(env.group(2)), "ops": ops}


def insns_per_tick(arch, res):
    """Instructions of one counter tick: -icount shift=0 is 1 ns per
    instruction; Bochs' TSC is one tick per instruction."""
    if arch == "x86_64":
        return 1.0
    return 1e9 / res["cntfrq"]


def per_op(arch, res, op):
    """Instructions per iteration of op's loop, minus the nop loop's."""
    k = insns_per_tick(arch, res)

    def it(name):
        o = res["ops"][name]
        return o["ticks"] * k / o["n"]
    if op not in res["ops"]:
        return None
    return it(op) - it("nop")


def measure_arch(arch, progress):
    art = build(arch)
    raw = {}
    for kind, cmd in commands(arch, art):
        log = os.path.join(WORK, arch, f"{kind}.log")
        t0 = time.monotonic()
        try:
            p = subprocess.run(cmd, stdin=subprocess.DEVNULL,
                               stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT,
                               timeout=TIMEOUT[arch])
            out = p.stdout
        except subprocess.TimeoutExpired as e:
            out = e.stdout or b""
            with open(log, "wb") as f:
                f.write(out)
            raise BenchError(f"{arch} {kind} run timed out after "
                             f"{TIMEOUT[arch]} s (log: "
                             f"{os.path.relpath(log, TOP)})")
        with open(log, "wb") as f:
            f.write(out)
        res = parse(out.decode(errors="replace"), f"{arch} {kind}")
        res["wall"] = time.monotonic() - t0
        raw[kind] = res
        nop = per_op(arch, res, "nop") + res["ops"]["nop"]["ticks"] * \
            insns_per_tick(arch, res) / res["ops"]["nop"]["n"]
        progress(f"{arch} cost run ({kind}): {len(res['ops'])} loops, nop "
                 f"loop {nop:.2f} instructions an iteration, "
                 f"{res['wall']:.1f} s wall")
    return raw


def derive(arch, raw):
    cv = raw["cvisor"]
    d = raw.get("direct")
    out = {"ops": {}, "insns_per_tick": insns_per_tick(arch, cv),
           "nop_loop": cv["ops"]["nop"]["ticks"] * insns_per_tick(arch, cv)
           / cv["ops"]["nop"]["n"]}
    for op in cv["ops"]:
        if op in ("nop", "boot"):
            continue
        row = {"cvisor": per_op(arch, cv, op), "direct": None,
               "extra": None}
        if d and op in d["ops"]:
            row["direct"] = per_op(arch, d, op)
            row["extra"] = row["cvisor"] - row["direct"]
        out["ops"][op] = row
    if d and "boot" in d["ops"]:
        k = insns_per_tick(arch, cv)
        out["boot"] = (cv["ops"]["boot"]["ticks"] -
                       d["ops"]["boot"]["ticks"]) * k
    return out


def measure(progress, arches=("riscv64", "loongarch64", "x86_64")):
    """Every arch's raw runs and derived costs."""
    out = {}
    for arch in arches:
        raw = measure_arch(arch, progress)
        out[arch] = {"raw": raw, **derive(arch, raw)}
    return out


def aarch64_row(icount):
    """bench.py's aarch64 icount results in this module's shape."""
    return {"ops": icount["ops"], "boot": icount["boot_smp1"],
            "insns_per_tick": icount["ns_per_tick"]}


# ---------------------------------------------------------------------------
# Report
# ---------------------------------------------------------------------------

ARCHES = ("aarch64", "riscv64", "loongarch64", "x86_64")


def num(v, sign=False):
    """v rounded to an instruction, -0 shown as 0."""
    v = round(v) or 0
    return f"{v:+,}" if sign else f"{v:,}"


def cell(row):
    if row is None:
        return "-"
    if row.get("extra") is not None:
        return (f"**{num(row['extra'], True)}** ({num(row['cvisor'])} vs "
                f"{num(row['direct'])})")
    return f"**{num(row['cvisor'])}**"


def table(costs):
    """The markdown lines of the one table: an operation a row, an arch a
    column."""
    L = ["| operation | " + " | ".join(ARCHES) + " |",
         "| --- |" + " --- |" * len(ARCHES)]
    for _, label, per_arch in ROWS:
        cells = []
        for arch in ARCHES:
            op = per_arch.get(arch)
            c = costs.get(arch)
            cells.append(cell(c["ops"].get(op)) if c and op else "-")
        L.append(f"| {label} | " + " | ".join(cells) + " |")
    boots = [f"{costs[a]['boot']:,.0f}" if costs.get(a) and
             costs[a].get("boot") is not None else "-" for a in ARCHES]
    L.append("| cvisor's boot to the guest's first instruction, -smp 1 | "
             + " | ".join(boots) + " |")
    return L


def markdown(costs, w):
    w("### The same operations on every architecture")
    w("")
    w("Instructions per operation beyond the `nop` it replaces in the "
      "loop, from one run of each architecture's benchmark guest "
      "(`guests/<arch>-bench`, `scripts/bench/arch_costs.py`); **+n** "
      "(cvisor vs direct) where the same guest ran without a hypervisor, "
      "the whole round trip through cvisor where it cannot (a hypercall "
      "with no hypervisor behind it is undefined).")
    w("")
    for line in table(costs):
        w(line)
    w("")
    w("How each architecture counts instructions:")
    w("")
    w("- **aarch64**: QEMU `-icount shift=0,sleep=off`, CNTVCT_EL0 at "
      "62.5 MHz: 16 instructions a tick (the rows above).")
    for arch in ARCHES[1:]:
        c = costs.get(arch)
        if not c:
            continue
        body = {"riscv64": "`nop; addi; bnez`, 3",
                "loongarch64": "`or; nop; addi.d; bnez`, 4",
                "x86_64": "`mov; nop; dec; jnz`, 4"}[arch]
        loop = (f"the `nop` loop ({body} instructions) reads "
                f"{c['nop_loop']:.2f} instructions an iteration")
        if arch == "riscv64":
            w(f"- **riscv64**: QEMU virt `-cpu rv64` (H, Sstc) with "
              f"Debian's OpenSBI, `-icount shift=0,sleep=off`, the `time` "
              f"CSR (cvisor sets htimedelta = 0) at the 10 MHz timebase: "
              f"{c['insns_per_tick']:.0f} instructions a tick; 2,000 "
              f"iterations a loop (200 faults). Directly: the same ELF in "
              f"S-mode on OpenSBI (`-m 128M`); {loop}.")
        elif arch == "loongarch64":
            w(f"- **loongarch64**: the QEMU-LVZ build (`-M virt -cpu "
              f"la464`) with `-icount shift=0,sleep=off`, `rdtime.d` "
              f"(cvisor sets GCNTC = 0) at 100 MHz (CPUCFG4): "
              f"{c['insns_per_tick']:.0f} instructions a tick. Directly: "
              f"the same ELF at PLV0 on the same emulator (`-m 128M`); "
              f"{loop}.")
        else:
            w(f"- **x86_64**: Bochs 2.7 (`corei7_skylake_x`, one CPU, "
              f"`clock: sync=none`, scripts/run-x86_64). Bochs advances "
              f"its system timer one tick per executed instruction (of "
              f"the guest, of cvisor in VMX root, of the BIOS) and RDTSC "
              f"returns that count (cvisor neither traps nor offsets "
              f"RDTSC): one TSC tick is one instruction, whatever `ips` "
              f"says about wall time; {loop}. Only under cvisor: the "
              f"guest is a minimal bzImage (`guests/x86_64-bench/setup.S`) "
              f"entered by cvisor's Linux boot, so that its zone has the "
              f"emulated local APIC and I/O APIC of a Linux zone. A VM "
              f"exit and entry are not instructions in Bochs: the figures "
              f"count cvisor's VMX-root instructions and the guest's.")
    w("")
    notes = observations(costs)
    if notes:
        w("What stands out:")
        w("")
        for n in notes:
            w(f"- {n}")
        w("")
    w("What each operation is:")
    w("")
    for arch in ARCHES:
        if not costs.get(arch):
            continue
        items = "; ".join(f"`{op}`: {t}" for op, t in WHAT[arch].items())
        w(f"- **{arch}**: {items}.")
    w("")


def observations(costs):
    """Sentences about the table, each with its figures from the run."""
    out = []

    def op(arch, name):
        c = costs.get(arch)
        return c["ops"].get(name) if c else None
    rv_mmio, a64_mmio = op("riscv64", "mmio_uart"), op("aarch64", "mmio_uart")
    if rv_mmio and a64_mmio:
        out.append(
            f"riscv64's emulated MMIO read costs {num(rv_mmio['cvisor'])} "
            f"instructions against aarch64's {num(a64_mmio['cvisor'])} "
            f"(not profiled yet). One difference: QEMU 7.2 leaves htinst "
            f"at 0, so cvisor reads the faulting instruction from guest "
            f"memory (HLVX, a halfword at a time, "
            f"`arch/riscv64/guest_fault.c`) and decodes it, where aarch64's "
            f"syndrome register describes the access.")
    arches = [a for a in ("aarch64", "riscv64", "loongarch64", "x86_64")
              if op(a, "s2fault") and op(a, "s2fault_logged")]
    if arches:
        quiet = ", ".join(f"{a} {num(op(a, 's2fault')['cvisor'])}"
                          for a in arches)
        loud = ", ".join(f"{a} {num(op(a, 's2fault_logged')['cvisor'])}"
                         for a in arches)
        out.append(
            f"A stage-2 fault with its WARN line costs {loud} instructions "
            f"in cvisor; without it {quiet}. Every architecture logs a "
            f"zone's first 64 warnings (`zone_warn`, core/zone_log.c), "
            f"then only a summary each time the count doubles, so a guest "
            f"faulting in a loop pays the second figure. On x86_64 the "
            f"logged figure is most likely cvisor waiting for Bochs' "
            f"emulated UART to take the line's characters (not profiled).")
    sbi, tim = op("riscv64", "sbi_version"), op("riscv64", "timer_irq")
    if sbi and tim and sbi["extra"] < 0 and tim["extra"] < 0:
        out.append(
            f"On riscv64 an SBI call answered by cvisor "
            f"({num(sbi['cvisor'])}) is cheaper than the same call "
            f"answered by OpenSBI in M-mode directly ({num(sbi['direct'])})"
            f", and so is a timer interrupt re-armed through SBI "
            f"({num(tim['cvisor'])} against {num(tim['direct'])}): hence "
            f"the negative extras.")
    zero = [a for a, n in (("riscv64", "timer_irq_sstc"),
                           ("loongarch64", "timer_irq"))
            if op(a, n) and abs(op(a, n)["extra"]) < 1]
    if zero:
        out.append(
            f"Timer interrupts that need no exit cost nothing extra: "
            f"{' and '.join(zero)} (riscv64 with Sstc, the guest writing "
            f"vstimecmp; loongarch64's LVZ guest timer).")
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--json", help="write the results here")
    ap.add_argument("--arch", action="append",
                    choices=["riscv64", "loongarch64", "x86_64"],
                    help="only this arch (repeatable)")
    args = ap.parse_args()
    t0 = time.monotonic()

    def progress(msg):
        say(f"[{time.monotonic() - t0:5.0f} s] {msg}")
    try:
        res = measure(progress, tuple(args.arch) if args.arch
                      else ("riscv64", "loongarch64", "x86_64"))
    except (BenchError, subprocess.CalledProcessError) as e:
        print(f"bench: error: {e}", file=sys.stderr)
        return 1
    for line in table(res):
        print(line)
    if args.json:
        with open(args.json, "w") as f:
            json.dump(res, f, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())

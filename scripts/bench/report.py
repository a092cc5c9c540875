#!/usr/bin/python3
"""The report of make bench: docs/bench.md and docs/bench.png from the
results scripts/bench/bench.py measured (build/bench/results.json).

    scripts/bench/report.py [RESULTS.json] [--out-dir DIR] [--no-chart]

bench.py calls this after measuring; run alone, it renders the report
again from saved results without measuring anything (to work on the text).
"""
import argparse
import json
import os
import sys

import arch_costs  # the table of every arch (scripts/bench/arch_costs.py)
import virtio_bench  # the virtio section (scripts/bench/virtio_bench.py)

TOP = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
NS_PER_INSN = 1  # -icount shift=0: 2^0 ns of virtual time per instruction
LINUX_CMDLINE = "console=ttyAMA0 panic=-1 quiet"

TARGETS = {
    "linux_ratio": 1.10,
    "linux_cpu_ratio": 1.15,
    "boot_smp1": 300_000,
    "boot_payload": 10_000_000,
    "hvc_null": 150,
    "timer_irq": 150,
    "ipi": 300,
}

# What each loop of the benchmark guest measures (guests/aarch64-bench).
OPS = [
    ("psci_version", "PSCI_VERSION (HVC)",
     "QEMU's own PSCI (no guest instructions)", "cvisor's PSCI emulation"),
    ("hvc_null", "null hypercall (HVC CV_HC_NOP)", "-",
     "cvisor hypercall round trip"),
    ("mmio_uart", "MMIO read: PL011 UARTFR",
     "QEMU's PL011 (no guest instructions)", "trap, emulated PL011"),
    ("mmio_gicd", "MMIO read: GICD_TYPER",
     "QEMU's GIC (no guest instructions)", "trap, emulated distributor"),
    ("mmio_gicd_enable", "MMIO read: GICD_ISENABLER1 (SPIs 32-63)",
     "QEMU's GIC (no guest instructions)",
     "trap, the zone's SPIs from the physical distributor, its virtual "
     "SPIs' enables"),
    ("mmio_gicd_prio", "MMIO read: GICD_IPRIORITYR8 (SPIs 32-35)",
     "QEMU's GIC (no guest instructions)",
     "trap, the zone's priorities (kept by cvisor)"),
    ("s2fault", "stage-2 fault (load outside the zone)",
     "QEMU's external abort + the guest's handler",
     "stage-2 fault, abort injected + the guest's handler (no log line: "
     "the zone's 64 warnings are used up)"),
    ("s2fault_logged", "stage-2 fault, first (logged)",
     "as above", "as above + cvisor's WARN line on the console"),
    ("timer_irq", "virtual timer interrupt, delivered",
     "physical GIC + the guest's handler",
     "EL2 IRQ, list register + the guest's handler"),
]


def fmt_n(v, digits=0):
    if v is None:
        return "-"
    return f"{v:,.{digits}f}"


def verdict(ok):
    return "**met**" if ok else "**missed**"


def ipi_markdown(ipi, w):
    """Section 2's IPI part (bench.py's ipi_runs/derive_ipi)."""
    w("### IPI between two vCPUs")
    w("")
    w("The benchmark guest with a second vCPU (`guests/aarch64-bench/"
      "ipi.c`): vCPU 0 writes ICC_SGI1R_EL1 (SGI 1 to vCPU 1) and waits "
      "in WFI; vCPU 1's handler acknowledges it and answers with SGI 2; "
      "vCPU 0's handler counts the answer. "
      f"{ipi['n']} round trips are timed; under -icount the clock counts "
      "the instructions of both CPUs, so half a round trip is one IPI "
      "from the sender's write to the target's handler, with the "
      "handler, its EOI and the WFI around it. Directly: `-smp 2`, "
      "QEMU's GIC delivers the SGI; under cvisor "
      "(`guests/aarch64-bench/zone-ipi.json`, vCPUs on CPUs 0 and 1): "
      "the write traps, cvisor posts the SGI for the target vCPU and "
      "sends its own IPI to CPU 1, which puts the SGI in a list "
      "register.")
    w("")
    w("| per IPI | directly | under cvisor | cvisor extra |")
    w("| --- | --- | --- | --- |")
    w(f"| ICC_SGI1R_EL1 write to the target's handler | "
      f"{fmt_n(ipi['direct'], 1)} | {fmt_n(ipi['cvisor'], 1)} | "
      f"**{fmt_n(ipi['extra'], 1)}** |")
    w("")


def write_markdown(res, path, png_name):
    L = []
    w = L.append
    ic, lx, mem = res["icount"], res["linux"], res["memory"]
    ops = ic["ops"]
    host = res["host"]
    smp4_ok = ic["boot_smp4"] < 100_000_000 / NS_PER_INSN
    irq_extra = ops["timer_irq"]["extra"]
    w("# cvisor benchmarks")
    w("")
    w("What cvisor costs a guest, measured against the same guest with no "
      "hypervisor, on QEMU TCG. Every figure below comes from one run of "
      "`make bench` (`scripts/bench/bench.py`); nothing is typed in by "
      "hand.")
    w("")
    w(f"Run {res['date']} on {host['cpu']} ({host['cores']} cores, "
      f"{host['mem_gib']:.0f} GiB), {host['os']}; {host['qemu']}; "
      f"{host['clang']}; cvisor `{host['commit']}`; guest kernel "
      f"Debian `{res['kernel_version']}`. Host load average "
      f"{res['load_before']:.1f} before, {res['load_after']:.1f} after"
      f"{'; quick mode (1 run each)' if res['quick'] else ''}.")
    w("")
    w("Reproduce with one command: `make bench` (about "
      f"{res['duration'] / 60:.0f} min here; it rewrites this file and "
      "`docs/bench.png`). What changed the numbers, change by change, "
      "with the figures before and after: [bench-changes.md]"
      "(bench-changes.md).")
    w("")
    w("## Summary")
    w("")
    w("| measure | target | result | |")
    w("| --- | --- | --- | --- |")
    w(f"| Linux boot to `/init`, -smp 4, cvisor / direct (median wall) | "
      f"≤ {TARGETS['linux_ratio']:.2f} | {lx['ratio']:.2f} | "
      f"{verdict(lx['ratio'] <= TARGETS['linux_ratio'])} |")
    w(f"| Linux boot, QEMU CPU time, cvisor / direct (median) | "
      f"≤ {TARGETS['linux_cpu_ratio']:.2f} | {lx['cpu_ratio']:.2f} | "
      f"{verdict(lx['cpu_ratio'] <= TARGETS['linux_cpu_ratio'])} |")
    w(f"| cvisor boot to the guest's first instruction, -smp 1 | "
      f"≤ {TARGETS['boot_smp1']:,} instructions (0.3 ms) | "
      f"{fmt_n(ic['boot_smp1'])} ({ic['boot_smp1'] / 1e6:.2f} ms) | "
      f"{verdict(ic['boot_smp1'] <= TARGETS['boot_smp1'])} |")
    w(f"| cvisor boot, -smp 1, with the 32 MiB Linux payload | "
      f"< {TARGETS['boot_payload'] / 1e6:.0f} M instructions | "
      f"{fmt_n(ic['boot_payload'])} | "
      f"{verdict(ic['boot_payload'] < TARGETS['boot_payload'])} |")
    w(f"| cvisor boot, -smp 4: no step waiting a 100 ms slice | "
      f"< 100 ms | {fmt_n(ic['boot_smp4'])} instructions "
      f"({ic['boot_smp4'] / 1e6:.2f} ms) | {verdict(smp4_ok)} |")
    w(f"| null hypercall round trip | ≤ {TARGETS['hvc_null']} instructions"
      f" | {fmt_n(ops['hvc_null']['cvisor'])} | "
      f"{verdict(ops['hvc_null']['cvisor'] <= TARGETS['hvc_null'])} |")
    w(f"| delivered timer interrupt, extra over direct | "
      f"≤ {TARGETS['timer_irq']} instructions | {fmt_n(irq_extra)} | "
      f"{verdict(irq_extra <= TARGETS['timer_irq'])} |")
    if res.get("ipi"):
        ipi = res["ipi"]
        w(f"| IPI between two vCPUs (ICC_SGI1R_EL1 write to the target's "
          f"handler), extra over direct | ≤ +{TARGETS['ipi']} instructions"
          f" | {fmt_n(ipi['extra'])} | "
          f"{verdict(ipi['extra'] <= TARGETS['ipi'])} |")
    w(f"| MMIO round trip (emulated PL011 / GIC distributor) | - | "
      f"{fmt_n(ops['mmio_uart']['cvisor'])} / "
      f"{fmt_n(ops['mmio_gicd']['cvisor'])} instructions | |")
    w(f"| stage-2 fault, extra over a direct external abort | - | "
      f"{fmt_n(ops['s2fault']['extra'])} instructions "
      f"({fmt_n(ops['s2fault_logged']['extra'])} with its log line) | |")
    w(f"| resident memory, default configuration | - | "
      f"{mem['resident'] / 1024:,.0f} KiB | |")
    w("")
    w(f"![cvisor benchmarks]({png_name})")
    w("")

    # Linux
    w("## 1. Linux boot overhead")
    w("")
    w("Debian's arm64 kernel (`.cache/aarch64-linux/Image`, "
      "`scripts/fetch-aarch64-linux`) with an initramfs whose `/init` "
      "(`guests/aarch64-bench/init-linux`) prints `BENCH-LINUX-UP` and "
      "powers off. Both boots use the same QEMU options: `-M virt,"
      "virtualization=on,gic-version=3 -cpu max,pauth-impdef=on -smp 4 "
      "-m 1G -nographic -no-reboot -nic none`, command line "
      f"`{LINUX_CMDLINE}`. Directly, QEMU loads the kernel (`-kernel`, "
      "`-initrd`, `-append`; Linux starts at EL2 and initialises KVM, as a "
      "user running it this way would see); under cvisor, QEMU loads "
      "cvisor and the boot bundle of `configs/qemu-virt-aarch64-linux."
      "json` (the root zone on the 4 CPUs, 896 MiB) with the same kernel, "
      "initramfs and command line, the kernel and initramfs placed where "
      "they run by QEMU's loader (`cvconfig --place-root-images`, "
      "docs/config.md: cvisor checks their first 4 KiB and copies "
      "nothing). The clock runs from starting QEMU to "
      "the marker on the serial console. Runs alternate direct, cvisor, "
      "direct, ... so that a change of host load hits both; the medians "
      "are compared. The host is shared with other engineers' emulators "
      "(2 cores), so single runs are noisy: the load average at the start "
      "of each run is listed, and the CPU time of the QEMU process is "
      "given too (less sensitive to waiting for a core than wall time).")
    w("")
    w("| | direct | cvisor | cvisor / direct |")
    w("| --- | --- | --- | --- |")
    w(f"| median wall time to the marker | {lx['direct']['wall']:.2f} s | "
      f"{lx['cvisor']['wall']:.2f} s | **{lx['ratio']:.2f}** |")
    w(f"| range | {lx['direct']['min']:.2f}-{lx['direct']['max']:.2f} s | "
      f"{lx['cvisor']['min']:.2f}-{lx['cvisor']['max']:.2f} s | |")
    w(f"| median of the pairwise ratios | | | "
      f"{lx['pair_ratio_median']:.2f} |")
    w(f"| median QEMU CPU time (whole run) | {lx['direct']['cpu']:.2f} s |"
      f" {lx['cvisor']['cpu']:.2f} s | {lx['cpu_ratio']:.2f} |")
    if lx["cvisor"].get("hv_entry"):
        w(f"| of which cvisor's own boot (QEMU start to `enters guest`) | |"
          f" {lx['cvisor']['hv_entry']:.2f} s | |")
    w("")
    w("| run | kind | wall to marker (s) | QEMU CPU (s) | load avg |")
    w("| --- | --- | --- | --- | --- |")
    for i, r in enumerate(lx["runs"]):
        w(f"| {i + 1} | {r['kind']} | {r['wall']:.2f} | {r['cpu']:.2f} | "
          f"{r['load']:.1f} |")
    w("")
    if res.get("exits"):
        ex = res["exits"]
        w(f"One more boot under cvisor with QEMU's `-d int` counts the "
          f"exceptions Linux takes to EL2 up to its shutdown: "
          f"**{ex['total']:,}** in all:")
        w("")
        w("| exception | count |")
        w("| --- | --- |")
        for k, v in sorted(ex["by_kind"].items(), key=lambda kv: -kv[1]):
            w(f"| {k} | {v:,} |")
        w("")
        cost = exits_cost(res)
        if cost:
            w(f"Priced with section 2's per-operation costs (an IRQ as a "
              f"delivered timer interrupt, an ICC_SGI1R_EL1 write as an IPI, "
              f"a data abort as a GIC distributor read, an HVC as "
              f"PSCI_VERSION), these exits run about **{cost / 1e6:.2f} M** "
              f"instructions of cvisor in the whole boot, a few "
              f"milliseconds of emulated CPU time of the "
              f"{lx['cvisor']['cpu']:.1f} s QEMU spends. The IRQs are "
              f"mostly the guest's virtual timer (their number follows the "
              f"wall time of the run: the guest's clock is real time) and "
              f"the IPIs' second halves; the data aborts are the GIC "
              f"drivers' probe of the emulated distributor (about 340) and "
              f"of each CPU's redistributor (about 45 each).")
            w("")
            w("Which of them could go away, and why they stay: "
              "the **redistributor frames** are not mapped into the zone "
              "even when it owns all of a CPU: a GICR frame holds the "
              "physical CPU's SGI and PPI enables, priorities and groups "
              "(cvisor's own SGI, by which it stops, starts and kicks "
              "vCPUs, and the timer PPIs it forwards, could be disabled or "
              "re-prioritised by the guest) and GICR_PROPBASER/"
              "GICR_PENDBASER, physical addresses the GIC writes to (a "
              "zone could aim them at cvisor's memory). The **virtual "
              "timer** interrupt needs an exit on GICv3 without GICv4.1 "
              "(no direct injection: the physical PPI is taken at EL2 and "
              "placed in a list register with its physical ID, so the "
              "guest's EOI deactivates it without a second exit), and "
              "**ICC_SGI1R_EL1** must trap so that a zone reaches only its "
              "own vCPUs. Removing the probe's 516 data aborts would save "
              "about 0.2 M instructions, below what this host's noise "
              "lets the CPU-time medians show.")
            w("")

    # icount
    w("## 2. Deterministic costs (`-icount shift=0,sleep=off`)")
    w("")
    w("With `-icount shift=0` QEMU advances its virtual clock by 1 ns per "
      "executed instruction (every exception level: the guest's and "
      "cvisor's), and `sleep=off` jumps over idle time, so the generic "
      "timer counts instructions and the numbers are the same on any "
      "host. The benchmark guest (`guests/aarch64-bench/`: one vCPU, EL1, "
      "MMU off, GICv3) reads CNTVCT_EL0 around each loop and prints the "
      "delta. Conversion: CNTFRQ_EL0 reads "
      f"{ic['cntfrq']:,} Hz, so one tick is {ic['ns_per_tick']:g} ns = "
      f"{ic['ns_per_tick']:g} instructions; instructions per operation = "
      "ticks × 10⁹ / CNTFRQ / n, minus the same for a loop whose "
      "operation is a `nop` (every loop is `mov; <op>; subs; b.ne`). "
      "The loops run 1000 times (100 for the stage-2 fault), so the "
      "16-instruction tick is averaged out (the first, logged stage-2 "
      "fault is timed alone: ±16). The same guest binary runs "
      "directly (`-M virt,gic-version=3 -smp 1 -m 128M -kernel "
      "bench.elf`: EL1, QEMU's PSCI over HVC, the real PL011 and GIC) and "
      "as a cvisor zone (`guests/aarch64-bench/zone.json`: 16 MiB, an "
      "emulated PL011, the emulated GIC distributor and redistributor).")
    w("")
    w("Boot: the guest's first instruction reads CNTVCT_EL0. cvisor sets "
      "CNTVOFF_EL2 = 0 and the counter starts at 0 at reset, so under "
      "cvisor the value is the instructions run since reset (cvisor's "
      "boot); directly it is "
      f"{fmt_n(ic['direct_boot'])} (QEMU starts the ELF's entry at once), "
      "and that is subtracted.")
    w("")
    w("| cvisor boot to the guest's first instruction | instructions | "
      "virtual time |")
    w("| --- | --- | --- |")
    w(f"| -smp 1 | {fmt_n(ic['boot_smp1'])} | "
      f"{ic['boot_smp1'] / 1e6:.3f} ms |")
    w(f"| -smp 4 (all CPUs' instructions; the zone has CPU 0, the others "
      f"idle in cvisor) | {fmt_n(ic['boot_smp4'])} | "
      f"{ic['boot_smp4'] / 1e6:.3f} ms |")
    w("")
    w(f"With Debian's kernel ({ic['payload_size'] / 2**20:.1f} MiB) added "
      f"to the zone as a payload (`guests/aarch64-bench/zone-payload."
      f"json`, the Linux benchmark's kernel as the zone's initrd), "
      f"cvisor's "
      f"-smp 1 boot takes **{fmt_n(ic['boot_payload'])}** instructions, "
      f"{fmt_n(ic['boot_payload'] - ic['boot_smp1'])} more than without "
      f"it: like the Linux benchmark's, the bundle is built with "
      f"`cvconfig --place-root-images`, so QEMU's loader puts the root "
      f"zone's kernel and payload where they run and cvisor checks each "
      f"one's head sum (its first 4 KiB and its size) in place, neither "
      f"reading the rest nor copying it. What is checked: the header's "
      f"checksum over the header and the zone table (every field, each "
      f"image's size, place and head sum), and each image's head sum; "
      f"not a byte changed past an image's first 4 KiB (docs/config.md).")
    w("")
    w("Under -icount QEMU runs the CPUs round-robin on one thread and "
      "counts all of them on one clock, so a step that spun waiting for "
      "another CPU would show as a 100 ms slice (100 M instructions) "
      "here; cvisor waits with WFE/SEV and the -smp 4 boot costs "
      f"{(ic['boot_smp4'] - ic['boot_smp1']) / 1e6:+.2f} M instructions "
      "over -smp 1.")
    w("")
    w("| operation | directly | under cvisor | cvisor extra |")
    w("| --- | --- | --- | --- |")
    for op, label, dsc, csc in OPS:
        row = ops[op]
        extra = row["extra"] if row["extra"] is not None else row["cvisor"]
        w(f"| {label} | {fmt_n(row['direct'], 1)} | "
          f"{fmt_n(row['cvisor'], 1)} | **{fmt_n(extra, 1)}** |")
    w("")
    w("What runs in each case (directly / under cvisor):")
    w("")
    for op, label, dsc, csc in OPS:
        w(f"- {label}: {dsc} / {csc}.")
    w("")
    w("All figures are instructions per operation beyond the `nop` it "
      "replaces; -smp 4 gives the same per-operation figures (they are in "
      "the JSON). The null hypercall has no direct counterpart (an HVC "
      "with no EL2 behind it is UNDEFINED): its figure is the whole round "
      "trip through cvisor. The stage-2 fault is a load from 0x48000000, "
      "outside the zone (directly: past the end of RAM, an external abort "
      "from QEMU); cvisor logs the first 64 warnings about a zone (one "
      "`WARN` line each, most of the cost of such a fault) and then only "
      "counts them, with a summary line each time the count doubles, so "
      "the first fault is timed alone and the loop of 100 runs after 300 "
      "more have used the budget up (its faults are the 302nd to 401st, "
      "between two summaries).")
    w("")
    if res.get("ipi"):
        ipi_markdown(res["ipi"], w)
    if res.get("arch_costs"):
        arch_costs.markdown({"aarch64": arch_costs.aarch64_row(ic),
                             **res["arch_costs"]}, w)
    prof = res.get("profile")
    if prof:
        w("### Where cvisor's instructions go")
        w("")
        w("The same -smp 1 run once more with `-singlestep -d exec,nochain "
          "-dfilter <cvisor>,<guest>` (one trace line per executed "
          "instruction) through `scripts/bench/profile.py`: instructions "
          "per operation in each cvisor function (self counts).")
        w("")
        for op, label, *_ in OPS:
            p = prof["ops"].get(op)
            if not p:
                continue
            top = ", ".join(f"`{f}` {c:.0f}" for f, c in p["top"][:10])
            w(f"- **{label}**: {p['count']:.0f} in cvisor: {top}")
        w("")
        w(f"cvisor's boot ({prof['boot']['count']:,.0f} instructions), "
          "inclusive counts of the biggest functions:")
        w("")
        w("| function | instructions (inclusive) |")
        w("| --- | --- |")
        shown = 0
        for f, c in prof["boot_inclusive"]:
            if c < prof["boot"]["count"] / 100:
                break
            w(f"| `{f}` | {c:,} |")
            shown += 1
            if shown == 18:
                break
        w("")

    write_analysis(res, w)

    # memory
    w("## 3. Memory")
    w("")
    w(f"The default configuration (what `make run` boots: "
      f"`configs/{mem['config']}.json`, -smp 4), read from the running "
      "machine: QEMU is paused (QMP `stop`) when the first vCPU enters "
      "its guest, every zone being built by then, and `xp` reads "
      "cvisor's `hv_heap` (struct heap) and `hv_frames` (struct "
      "frame_pool); the image sizes come from the ELF.")
    w("")
    w("| part | bytes | KiB |")
    w("| --- | --- | --- |")
    rows = [
        ("image: .text", mem["text"]),
        ("image: .rodata", mem["rodata"]),
        ("image: .data", mem["data"]),
        ("per-CPU stacks (.bss, 8 × 16 KiB)", mem["stacks"]),
        ("per-CPU data `percpus` (.bss)", mem["percpu"]),
        ("other .bss (early log, GIC state, ...)", mem["bss_other"]),
        ("image span, page-aligned (`__hv_start`..`__hv_end`)",
         mem["image_span"]),
        ("heap in use (of a 4 MiB heap)", mem["heap_used"]),
        ("frames in use (stage-2 page tables)", mem["frames_used"]),
        ("frame-allocator bitmap", mem["frame_bitmap"]),
    ]
    for name, v in rows:
        w(f"| {name} | {v:,} | {v / 1024:,.1f} |")
    w(f"| **resident total** (image span + heap + frames + bitmap) | "
      f"**{mem['resident']:,}** | **{mem['resident'] / 1024:,.1f}** |")
    w("")
    w(f"Reserved but not touched: the rest of the heap "
      f"({(mem['heap_size'] - mem['heap_used']) / 1024:,.0f} KiB), the "
      f"rest of the frame pool "
      f"({(mem['frame_pool'] - mem['frames_used']) / 1024 / 1024:,.1f} "
      f"MiB), and the 64 MiB staging area the boot bundle is loaded into; "
      f"cvisor's whole reservation below the zones is "
      f"{mem['reserved_total'] / 1024 / 1024:.0f} MiB.")
    w("")
    if res.get("cyclic"):
        write_cyclic(res["cyclic"], w)
    if res.get("virtio"):
        virtio_bench.markdown(res["virtio"], w)
    w("## Raw results")
    w("")
    w("`build/bench/results.json` (every number above, per run), the "
      "serial logs of every run in `build/bench/`.")
    with open(path, "w") as f:
        f.write("\n".join(L) + "\n")


CYCLIC_KINDS = [
    ("direct", "direct, -smp 1"),
    ("cvisor", "cvisor, -smp 1"),
    ("direct_busy", "direct, -smp 2, memory loop in Linux on CPU 1"),
    ("cvisor_busy", "cvisor, root zone on CPUs 0-1, memory loop in Linux "
     "on CPU 1"),
    ("cvisor_smp2", "cvisor, -smp 2, root zone on CPU 0, CPU 1 idle"),
    ("cvisor_load", "cvisor, -smp 2, root zone on CPU 0, zone 1 streaming "
     "on CPU 1"),
    ("cvisor_load_timer", "the same, zone 1 also arming a masked timer"),
]


def cyclic_row(label, c):
    over = (f" (+{c['overflows']} over 400 µs)" if c["overflows"] else "")
    p99 = f"{c['p99']} µs" if c["p99"] is not None else "> 400 µs"
    host = f"{c['load']:.1f}" if c.get("load") is not None else "-"
    return (f"| {label} | {c.get('loops', '-')} | {c['min']} µs | "
            f"{c['avg']:,} µs | {p99} | {c['max']:,} µs | "
            f"{c['samples']:,}{over} | {host} |")


def write_cyclic(cy, w):
    """Section 4: cyclictest directly and in cvisor's root zone, alone
    and next to busy CPUs."""
    w("## 4. Interrupt latency inside Linux (`cyclictest`)")
    w("")
    w("Debian's `cyclictest` (package `rt-tests`, arm64, with its "
      "libraries: `scripts/fetch-aarch64-rt-tests`) as the /init of an "
      "initramfs (`guests/aarch64-cyclictest/init`): one thread on CPU 0 "
      "at SCHED_FIFO 90, `clock_nanosleep` every 1 ms, a fixed number of "
      "loops, `--mlockall --histogram=400`. Linux under `-icount "
      "shift=0,sleep=off`, so 1 µs is 1,000 instructions and the figures "
      "are the same on any host, whatever its load (the last column: the "
      "1-minute load average when the run started; it moves wall time "
      "only): directly on QEMU (`-kernel`) and as cvisor's root zone "
      "(`configs/qemu-virt-aarch64-linux.json`). The p99 comes from the "
      "1 µs histogram (\"> 400 µs\" when it falls past its end).")
    w("")
    if "cvisor_load" in cy:
        load = cy["cvisor_load"]
        passes = load.get("stream_passes", 0)
        w(f"Under load (-smp 2, {cy.get('load_loops', '-')} loops, the "
          f"root zone's RAM cut to 768 MiB): zone 1 "
          f"(`guests/aarch64-stream`, 64 MiB, CPU 1) reads, changes and "
          f"writes back every word of a 32 MiB buffer, pass after pass, "
          f"without an exit to cvisor except its console line every 16 "
          f"passes (it printed `pass {passes}`: {passes * 32:,} MiB "
          f"streamed during the run). The root zone's /init starts it with cvisor's CLI "
          f"(`cvisor zone start`) once Linux is up, because during Linux's "
          f"boot every broadcast TLB invalidation gives the busy CPU a "
          f"whole round-robin slice and the boot takes minutes. Its "
          f"baseline is the same machine with CPU 1 idle; the controls "
          f"run the memory-heavy loop (`dd if=/dev/zero of=/dev/null "
          f"bs=32M`, the kernel clearing a 32 MiB buffer) in Linux itself "
          f"on CPU 1, directly and in cvisor's root zone.")
        w("")
    w("| | loops | min | avg | p99 | max | samples | host load |")
    w("| --- | --- | --- | --- | --- | --- | --- | --- |")
    for kind, label in CYCLIC_KINDS:
        if cy.get(kind):
            w(cyclic_row(label, cy[kind]))
    w("")
    w("cvisor delivers the guest's virtual timer interrupt in about 150 "
      "instructions more than a direct boot (section 2), 0.15 µs at one "
      "instruction per ns: below cyclictest's 1 µs resolution, so equal "
      "figures are what cvisor should show alone.")
    w("")
    if "cvisor_load" in cy:
        write_cyclic_load_analysis(cy, w)


def write_cyclic_load_analysis(cy, w):
    """What the -smp 2 runs show, from their figures."""
    def mx(kind):
        return f"{cy[kind]['max']:,} µs" if cy.get(kind) else "-"
    base, load = cy.get("cvisor_smp2", {}), cy["cvisor_load"]
    traps = ""
    if "zone0_traps" in base and "zone0_traps" in load:
        traps = (f"; cvisor's per-vCPU counts at power-off: the root zone "
                 f"trapped {base['zone0_traps']:,} times alone and "
                 f"{load['zone0_traps']:,} times under load (the CLI's "
                 f"management calls among them), zone 1 "
                 f"{load.get('zone1_traps', 0):,} times (its console "
                 f"characters)")
    w(f"A busy CPU 1 is another matter under -icount: QEMU runs the CPUs "
      f"round-robin on one host thread, and a halted CPU 0 wakes only "
      f"when CPU 1's slice ends. The runs show that the slice ends at a "
      f"deadline of the busy CPU's own timers: with Linux on CPU 1 "
      f"(its 4 ms tick) the wait is up to {mx('direct_busy')} directly "
      f"and {mx('cvisor_busy')} in cvisor's root zone; next to the "
      f"streaming zone, whose CPU has no timer, up to {mx('cvisor_load')}"
      f", about the scheduler's 100 ms kick period; and when the same "
      f"streaming zone only arms its virtual timer, masked, every 64 Ki "
      f"words (no interrupt, no exit: the last row), up to "
      f"{mx('cvisor_load_timer')}, the direct control's order. While the "
      f"root zone waits, CPU 0 is halted in Linux's idle WFI at EL1 "
      f"(sampled with QEMU's monitor while building this), not in "
      f"cvisor{traps}; giving the streaming zone an EL1 exception or a "
      f"cvisor hypercall every 64 Ki words (tried while building this: "
      f"18,000 more exits in a run) changed nothing. So under -icount "
      f"the latency under load measures QEMU's scheduling of the two "
      f"CPUs, and cvisor's part in it is what the -smp 1 rows and the "
      f"unchanged trap counts show: none measurable. A wall-clock run "
      f"with one host thread per CPU, on a quiet host or real hardware, "
      f"is the measurement that would show more. Unlike the -smp 1 "
      f"rows, the runs with a busy CPU are not exactly repeatable: with "
      f"two CPUs running, QEMU services the timers on its main thread, "
      f"whose timing follows the host (while building this the maxima "
      f"of the busy runs moved by up to a factor of two between runs; "
      f"the averages by a few per cent).")
    w("")


def exits_cost(res):
    """cvisor's instructions for the Linux boot's exits, priced with the
    deterministic per-operation costs (None without the census)."""
    ex, ic = res.get("exits"), res["icount"]
    if not ex:
        return None
    ops, by = ic["ops"], ex["by_kind"]
    ipi = res.get("ipi", {}).get("extra", ops["mmio_gicd"]["cvisor"])
    price = {"IRQ": ops["timer_irq"]["extra"],
             "system register (ICC_SGI1R_EL1)": ipi,
             "data abort": ops["mmio_gicd"]["cvisor"],
             "HVC": ops["psci_version"]["cvisor"]}
    return sum(n * price.get(k, ops["mmio_gicd"]["cvisor"])
               for k, n in by.items())


def write_analysis(res, w):
    """For each missed target, what costs the most (from the runs)."""
    ic, lx = res["icount"], res["linux"]
    prof = res.get("profile")
    notes = []
    if lx["ratio"] > TARGETS["linux_ratio"] or \
            lx["cpu_ratio"] > TARGETS["linux_cpu_ratio"]:
        hv = lx["cvisor"].get("hv_entry")
        diff = lx["cvisor"]["wall"] - lx["direct"]["wall"]
        text = (f"**Linux boot ratio** ({lx['ratio']:.2f} wall, target "
                f"{TARGETS['linux_ratio']}; {lx['cpu_ratio']:.2f} QEMU CPU "
                f"time, target {TARGETS['linux_cpu_ratio']}): cvisor's "
                f"runs take "
                f"{diff:.2f} s longer (medians).")
        if hv:
            text += (f" {hv:.2f} s of the cvisor runs is QEMU's start and "
                     f"cvisor's boot (to the first vCPU entering Linux; "
                     f"cvisor's part is "
                     f"{ic['boot_payload'] / 1e6:.1f} M instructions, "
                     f"section 2), which the direct runs spend in QEMU's "
                     f"start and the kernel.")
        cpu_diff = lx["cvisor"]["cpu"] - lx["direct"]["cpu"]
        text += (f" Of the {diff:.2f} s, {cpu_diff:.2f} s is QEMU CPU time "
                 f"(the emulation's extra work) and "
                 f"{diff - cpu_diff:.2f} s is time in which the QEMU "
                 f"process did not compute: waiting for one of the host's "
                 f"2 cores, or vCPU threads blocked (secondary CPUs "
                 f"waiting to be started, idle vCPUs).")
        cost = exits_cost(res)
        if cost:
            text += (f" cvisor's exits during the boot cost about "
                     f"{cost / 1e6:.1f} M instructions (section 1), a few "
                     f"ms: the rest of the CPU-time difference is QEMU's "
                     f"two-stage translation (≈1.03-1.05× with a null "
                     f"hypervisor on this QEMU), and the wall time suffers "
                     f"from the host: at a load average of "
                     f"{min(r['load'] for r in lx['runs']):.0f}-"
                     f"{max(r['load'] for r in lx['runs']):.0f} on 2 cores "
                     f"single runs of the same kind differ by up to "
                     f"{max(lx['direct']['max'] / lx['direct']['min'], lx['cvisor']['max'] / lx['cvisor']['min']):.1f}×"
                     f" in wall time. The measured cause and the next step"
                     f" (a per-zone stage-2 page size: QEMU's two-stage TLB "
                     f"treats every entry inside cvisor's stage-2 blocks as "
                     f"a large page) are in docs/bench-changes.md, 'The "
                     f"wall gap'.")
        notes.append(text)
    if ic["boot_payload"] >= TARGETS["boot_payload"]:
        per_byte = (ic["boot_payload"] - ic["boot_smp1"]) / \
            ic["payload_size"]
        notes.append(
            f"**cvisor's boot with the 32 MiB payload** "
            f"({ic['boot_payload'] / 1e6:.1f} M instructions ≥ "
            f"{TARGETS['boot_payload'] / 1e6:.0f} M): {per_byte:.2f} "
            f"instructions per byte of payload: the boot reads or copies "
            f"the images (a bundle built without `--place-root-images`, or "
            f"the head sums covering more than 4 KiB).")
    if ic["boot_smp1"] > TARGETS["boot_smp1"] and prof:
        # Self counts of the boot segment (the inclusive table also holds
        # what runs after the guest's first instruction).
        top = prof["boot"]["top"][:10]
        notes.append(
            f"**cvisor's boot** ({ic['boot_smp1']:,.0f} instructions > "
            f"{TARGETS['boot_smp1']:,}): the largest self costs before the "
            f"guest's first instruction are "
            + ", ".join(f"`{f}` {c / 1e3:.0f} k" for f, c in top) +
            " (docs/bench-changes.md: what is left, and the next step).")
    irq = ic["ops"]["timer_irq"]["extra"]
    if irq > TARGETS["timer_irq"] and prof and "timer_irq" in prof["ops"]:
        p = prof["ops"]["timer_irq"]
        notes.append(
            f"**Timer interrupt** ({irq:.0f} > {TARGETS['timer_irq']} "
            f"instructions): per interrupt cvisor runs "
            f"{p['count']:.0f} instructions: "
            + ", ".join(f"`{f}` {c:.0f}" for f, c in p["top"][:8]) +
            " (placing the interrupt loops over every list register and "
            "decides through the generic `vgic_lr_decide`, even when all "
            "are empty).")
    hvc = ic["ops"]["hvc_null"]["cvisor"]
    if hvc > TARGETS["hvc_null"] and prof and "hvc_null" in prof["ops"]:
        p = prof["ops"]["hvc_null"]
        notes.append(f"**Null hypercall** ({hvc:.0f} > "
                     f"{TARGETS['hvc_null']}): "
                     + ", ".join(f"`{f}` {c:.0f}"
                                 for f, c in p["top"][:8]) + ".")
    if not notes:
        return
    w("### Targets missed: what costs the most")
    w("")
    for n in notes:
        w(f"- {n}")
    w("")


def write_chart(res, path):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    ic, lx, mem = res["icount"], res["linux"], res["memory"]
    fig, axes = plt.subplots(2, 2, figsize=(11, 8))
    fig.suptitle(f"cvisor on QEMU TCG ({res['date']}, {res['host']['qemu']}"
                 f"{', quick' if res['quick'] else ''})", fontsize=11)

    # 1. Linux boot
    ax = axes[0][0]
    for x, kind, color in ((0, "direct", "tab:gray"),
                           (1, "cvisor", "tab:blue")):
        vals = [r["wall"] for r in lx["runs"] if r["kind"] == kind]
        ax.scatter([x] * len(vals), vals, color=color, alpha=0.6, zorder=3)
        ax.hlines(lx[kind]["wall"], x - 0.25, x + 0.25, color=color, lw=3)
    ax.hlines(lx["direct"]["wall"] * TARGETS["linux_ratio"], 0.75, 1.25,
              color="tab:red", linestyles="dashed",
              label=f"target ({TARGETS['linux_ratio']}× direct)")
    ax.set_xticks([0, 1], ["direct", "cvisor"])
    ax.set_xlim(-0.6, 1.6)
    ax.set_ylim(bottom=0)
    ax.set_ylabel("seconds to /init marker")
    ax.set_title(f"Linux boot, -smp 4: ratio {lx['ratio']:.2f} (median)",
                 fontsize=10)
    ax.legend(fontsize=8, loc="lower right")

    # 2. per-operation costs
    ax = axes[0][1]
    names, vals, targets = [], [], []
    for op, label, *_ in OPS:
        row = ic["ops"][op]
        v = row["extra"] if row["extra"] is not None else row["cvisor"]
        names.append(op)
        vals.append(max(v, 1))
        targets.append(TARGETS.get(op))
    bars = ax.barh(names, vals, color="tab:blue")
    for b, v in zip(bars, vals):
        ax.text(v * 1.05, b.get_y() + b.get_height() / 2, f"{v:,.0f}",
                va="center", fontsize=8)
    for i, t in enumerate(targets):
        if t:
            ax.plot([t, t], [i - 0.4, i + 0.4], color="tab:red",
                    ls="dashed")
    ax.set_xscale("log")
    ax.set_xlim(10, max(vals) * 4)
    ax.invert_yaxis()
    ax.set_xlabel("instructions per operation added by cvisor "
                  "(-icount; red: target)")
    ax.set_title("Deterministic costs", fontsize=10)

    # 3. boot
    ax = axes[1][0]
    labels = ["-smp 1", "-smp 4"]
    vals = [ic["boot_smp1"], ic["boot_smp4"]]
    bars = ax.bar(labels, vals, color="tab:blue")
    for b, v in zip(bars, vals):
        ax.text(b.get_x() + b.get_width() / 2, v, f"{v / 1e6:.2f} M",
                ha="center", va="bottom", fontsize=8)
    ax.axhline(TARGETS["boot_smp1"], color="tab:red", ls="dashed",
               label="target (-smp 1): 300k")
    ax.set_yscale("log")
    ax.set_ylim(1e5, max(vals) * 3)
    ax.set_ylabel("instructions (= virtual ns)")
    ax.set_title("cvisor boot to the guest's first instruction",
                 fontsize=10)
    ax.legend(fontsize=8, loc="lower right")

    # 4. memory
    ax = axes[1][1]
    parts = [("code+rodata+data", mem["text"] + mem["rodata"] + mem["data"]),
             ("stacks", mem["stacks"]), ("percpu", mem["percpu"]),
             ("other bss, padding", mem["image_span"] - mem["text"] -
              mem["rodata"] - mem["data"] - mem["stacks"] - mem["percpu"]),
             ("heap used", mem["heap_used"]),
             ("page tables", mem["frames_used"] + mem["frame_bitmap"])]
    left = 0
    colors = plt.get_cmap("tab10").colors
    for i, (name, v) in enumerate(parts):
        ax.barh(["resident"], [v / 1024], left=left, color=colors[i],
                label=f"{name} {v / 1024:.0f} KiB")
        left += v / 1024
    ax.set_xlabel("KiB")
    ax.set_title(f"Resident memory, default configuration: "
                 f"{mem['resident'] / 1024:.0f} KiB", fontsize=10)
    ax.legend(fontsize=8, loc="upper center", bbox_to_anchor=(0.5, -0.25),
              ncol=2)
    fig.tight_layout()
    fig.savefig(path, dpi=90)
    plt.close(fig)


def main():
    ap = argparse.ArgumentParser(description="Render docs/bench.md (and "
                                 "bench.png) from make bench's results.")
    ap.add_argument("results", nargs="?",
                    default=os.path.join(TOP, "build", "bench",
                                         "results.json"))
    ap.add_argument("--out-dir", default=os.path.join(TOP, "docs"))
    ap.add_argument("--no-chart", action="store_true")
    args = ap.parse_args()
    with open(args.results) as f:
        res = json.load(f)
    os.makedirs(args.out_dir, exist_ok=True)
    if not args.no_chart:
        write_chart(res, os.path.join(args.out_dir, "bench.png"))
    write_markdown(res, os.path.join(args.out_dir, "bench.md"), "bench.png")
    print(f"wrote {args.out_dir}/bench.md", file=sys.stderr)


if __name__ == "__main__":
    main()

"""Smoke test of make bench (scripts/bench/bench.py): one short run of every
measurement, checking that each produces numbers. No thresholds: the
figures and the targets are for docs/bench.md, not for make test."""
import json
import os
import subprocess

from conftest import TOP

BENCH = os.path.join(TOP, "scripts", "bench", "bench.py")


def test_bench_smoke_aarch64(tmp_path):
    out = tmp_path / "docs"
    results = tmp_path / "results.json"
    p = subprocess.run(
        ["/usr/bin/python3", BENCH, "--quick", "--no-setup", "--chart",
         "auto", "--out-dir", str(out), "--json", str(results)],
        capture_output=True, text=True, timeout=170)
    assert p.returncode == 0, p.stdout[-3000:] + p.stderr[-3000:]
    # a progress line per run
    assert "linux run 1/2 (direct)" in p.stdout
    assert "linux run 2/2 (cvisor)" in p.stdout
    res = json.loads(results.read_text())

    ic = res["icount"]
    assert ic["cntfrq"] > 0
    assert ic["boot_smp1"] > 0 and ic["boot_smp4"] > 0
    assert ic["boot_payload"] > ic["boot_smp1"]
    for op in ("psci_version", "hvc_null", "mmio_uart", "mmio_gicd",
               "s2fault", "s2fault_logged", "timer_irq"):
        assert ic["ops"][op]["cvisor"] > 0, op
    for op in ("s2fault", "timer_irq"):
        assert ic["ops"][op]["direct"] > 0, op
        assert ic["ops"][op]["extra"] is not None, op

    cy = res["cyclic"]
    for kind in ("direct", "cvisor"):
        assert cy[kind]["samples"] > 0, kind
        assert 0 <= cy[kind]["min"] <= cy[kind]["avg"] <= cy[kind]["max"], kind

    lx = res["linux"]
    assert [r["kind"] for r in lx["runs"]] == ["direct", "cvisor"]
    assert lx["direct"]["wall"] > 0 and lx["cvisor"]["wall"] > 0
    assert lx["ratio"] > 0

    mem = res["memory"]
    assert mem["text"] > 0 and mem["heap_used"] > 0
    assert mem["frames_used"] > 0
    assert mem["resident"] >= mem["image_span"]

    md = (out / "bench.md").read_text()
    for heading in ("## Summary", "## 1. Linux boot overhead",
                    "## 2. Deterministic costs", "## 3. Memory"):
        assert heading in md
    assert "make bench" in md


def test_bench_smoke_arch_costs(tmp_path):
    """The cost table's runs on riscv64, loongarch64 (QEMU -icount,
    directly and under cvisor) and x86_64 (Bochs, under cvisor): every
    operation yields a figure, and each counter's conversion holds (the
    nop loop reads exactly its own instructions an iteration)."""
    results = tmp_path / "arch.json"
    p = subprocess.run(
        ["/usr/bin/python3", os.path.join(TOP, "scripts", "bench",
                                          "arch_costs.py"),
         "--json", str(results)],
        capture_output=True, text=True, timeout=600)
    assert p.returncode == 0, p.stdout[-3000:] + p.stderr[-3000:]
    for arch, kinds in (("riscv64", ("direct", "cvisor")),
                        ("loongarch64", ("direct", "cvisor")),
                        ("x86_64", ("cvisor",))):
        for kind in kinds:
            assert f"{arch} cost run ({kind})" in p.stdout, (arch, kind)
    assert "| operation | aarch64 | riscv64 | loongarch64 | x86_64 |" \
        in p.stdout
    res = json.loads(results.read_text())
    loops = {"riscv64": 3, "loongarch64": 4, "x86_64": 4}
    for arch, n in loops.items():
        # within one counter tick and the few instructions that read the
        # counter around the loop (at most 16), over all its iterations
        iters = res[arch]["raw"]["cvisor"]["ops"]["nop"]["n"]
        slack = (res[arch]["insns_per_tick"] + 16) / iters
        assert abs(res[arch]["nop_loop"] - n) <= slack, \
            (arch, res[arch]["nop_loop"])
    common = ("hvc_null", "s2fault", "s2fault_logged")
    mmio = {"riscv64": "mmio_uart", "loongarch64": "mmio_ged",
            "x86_64": "mmio_lapic"}
    for arch in loops:
        ops = res[arch]["ops"]
        for op in common + (mmio[arch],):
            assert ops[op]["cvisor"] > 0, (arch, op)
    for arch in ("riscv64", "loongarch64"):
        ops = res[arch]["ops"]
        for op in ("timer_irq", "s2fault", mmio[arch]):
            assert ops[op]["direct"] is not None, (arch, op)
            assert ops[op]["extra"] is not None, (arch, op)
        assert res[arch]["boot"] > 0, arch
    assert res["x86_64"]["ops"]["pio_uart"]["cvisor"] > 0


def test_bench_smoke_cyclic_load(tmp_path):
    """cyclictest's -smp 2 runs (bench.py --only cyclic_load --quick):
    Linux directly and as cvisor's root zone with a memory-heavy loop on
    CPU 1, the root zone alone on CPU 0, and the same while a second zone
    streams over its RAM on CPU 1 (started from the root zone with
    cvisor's CLI), without and with a masked timer armed. Each yields a
    histogram; the streaming zone ran."""
    p = subprocess.run(
        ["/usr/bin/python3", BENCH, "--quick", "--no-setup", "--only",
         "cyclic_load"],
        capture_output=True, text=True, timeout=600)
    assert p.returncode == 0, p.stdout[-3000:] + p.stderr[-3000:]
    res = json.loads(open(os.path.join(TOP, "build", "bench",
                                       "only.json")).read())
    cy = res["cyclic"]
    for kind in ("direct_busy", "cvisor_busy", "cvisor_smp2",
                 "cvisor_load", "cvisor_load_timer"):
        assert f"cyclictest {kind}, " in p.stdout, kind
        assert cy[kind]["samples"] + cy[kind]["overflows"] == \
            cy["load_loops"], kind
        assert 0 <= cy[kind]["min"] <= cy[kind]["avg"] <= cy[kind]["max"]
    assert cy["cvisor_load"]["stream_passes"] > 0
    for kind in ("cvisor_load", "cvisor_load_timer"):
        # the root zone's and the streaming zone's exits were counted
        assert cy[kind]["zone0_traps"] > 0 and cy[kind]["zone1_traps"] > 0
    assert "direct" not in cy and "cvisor" not in cy

"""Faults survived: a zone that fails does not disturb the others.

Three bare-metal zones on QEMU virt (guests/aarch64-fault/, one binary per
mode): the root zone (CPU 0) and zone 1 (CPU 1) print "tick N" every
100 ms of the virtual counter; zone 2 (CPU 2) ticks for 1 s and then fails:
it panics the way Linux with panic=-1 does (PSCI SYSTEM_RESET, so it
restarts and fails again, in a loop), spins with every interrupt masked, or
takes an exception with VBAR_EL1 outside its RAM (every vector fetch is a
stage-2 fault cvisor reflects: an endless loop of aborts). The other two
zones' counters must keep moving until the root zone powers the machine
off after 60 ticks.

The race: the root zone restarts, shuts down and starts zone 2 with
cvisor's management hypercalls in a tight loop while zone 2 resets or
powers itself off as soon as it is up; afterwards zone 2 still starts.
"""
import os
import re
import subprocess

import pytest

from conftest import CVCONFIG, TOP, aarch64_cmd

FAULT_BUILD = os.path.join(TOP, "build", "fault-aarch64")
TIMEOUT = 120  # a 6 s run; emulators are slow on a loaded machine
MODES = ("ticker-root", "ticker", "panic", "spin", "exception", "manager",
         "selfstop")


def zone(name, zid, cpu, pa, mode, root=False):
    return f"""{{
      "name": "{name}", "id": {zid}, {'"root": true,' if root else ''}
      "autostart": true, "cpus": [{cpu}],
      "memory": [{{ "ipa": "0x40000000", "pa": "{pa}", "size": "16M",
                   "flags": "rwx" }}],
      "kernel": {{ "file": "{mode}/fault.bin", "load_ipa": "0x40080000" }},
      "entry": "0x40080000",
      "console": {{ "type": "pl011", "base": "0x09000000", "irq": 33 }}
    }}"""


@pytest.fixture(scope="module")
def fault_bundles(built, tmp_path_factory):
    """Every mode built into build/fault-aarch64/<mode>/, and a bundle per
    failure: {failure: path}."""
    for mode in MODES:
        subprocess.run(["make", "-s", "-C",
                        os.path.join(TOP, "guests", "aarch64-fault"),
                        f"MODE={mode}", f"O={FAULT_BUILD}/{mode}"],
                       check=True)
    tmp = tmp_path_factory.mktemp("faults")
    bundles = {}
    for failure, root in (("panic", "ticker-root"), ("spin", "ticker-root"),
                          ("exception", "ticker-root"),
                          ("selfstop", "manager")):
        src = tmp / f"{failure}.json"
        src.write_text('{ "zones": [' + ",".join([
            zone("ticker", 0, 0, "0x50000000", root, root=True),
            zone("ticker1", 1, 1, "0x51000000", "ticker"),
            zone("faulty", 2, 2, "0x52000000", failure)]) + "] }")
        out = tmp / f"{failure}.bundle"
        subprocess.run([CVCONFIG, "build", str(src), "--arch", "aarch64",
                        "--image-dir", FAULT_BUILD, "-o", str(out)],
                       check=True)
        bundles[failure] = str(out)
    return bundles


def ticks_after(lines, start, prefix):
    """The tick numbers a zone printed after line index start."""
    pat = re.compile("^" + re.escape(prefix) + r"\[ticker\] tick (\d+)$")
    return [int(m.group(1)) for line in lines[start:]
            if (m := pat.search(line))]


def first_index(lines, pattern):
    for i, line in enumerate(lines):
        if re.search(pattern, line):
            return i
    pytest.fail(f"no line matches {pattern!r}")


def check_survivors(lines, fault_line):
    """Both tickers kept counting after the fault, in order, to the end."""
    i = first_index(lines, fault_line)
    root = ticks_after(lines, i, "")
    zone1 = ticks_after(lines, i, "[zone1] ")
    assert root and root == list(range(root[0], 61)), root
    assert len(root) >= 30, f"root zone: {len(root)} ticks after the fault"
    assert len(zone1) >= 30, f"zone 1: {len(zone1)} ticks after the fault"
    assert zone1 == list(range(zone1[0], zone1[0] + len(zone1))), zone1


def check_clean(out):
    for bad in ("unexpected exception", "BUG:", "ERROR:", "CHECK failed"):
        assert bad not in out, f"cvisor printed {bad!r}"


@pytest.mark.parametrize("failure,fault_line", [
    ("panic", r"^\[zone2\] \[fault\] Kernel panic"),
    ("spin", r"^\[zone2\] \[fault\] spinning with interrupts masked"),
    ("exception", r"^\[zone2\] \[fault\] exception with VBAR_EL1"),
])
def test_failing_zone_does_not_disturb_the_others(fault_bundles, boot,
                                                  failure, fault_line):
    run = boot(cmd=aarch64_cmd(fault_bundles[failure]), timeout=TIMEOUT)
    run.expect(r"\[zone2\] \[fault\] tick 10")
    run.expect(r"\[ticker\] done")
    assert run.wait_exit() == 0
    out = run.output()
    lines = [line.rstrip("\r") for line in out.splitlines()]
    check_survivors(lines, fault_line)
    check_clean(out)
    if failure == "panic":
        # It panics, restarts and panics again: more than once by now.
        assert len(re.findall(r"zone 2 'faulty': SYSTEM_RESET", out)) >= 2
        assert len(re.findall(r"\[zone2\] \[fault\] up", out)) >= 2
    if failure == "exception":
        assert re.search(r"WARN: zone 2 vcpu0: .*abort", out), \
            "cvisor did not log the faulting zone"


def test_management_races_a_zone_stopping_itself(fault_bundles, boot):
    run = boot(cmd=aarch64_cmd(fault_bundles["selfstop"]), timeout=TIMEOUT)
    run.expect(r"\[ticker\] tick 50")
    m = run.expect(r"\[ticker\] final start (-?\d+)")
    assert int(m.group(1)) == 0, "zone 2 did not start after the race"
    run.expect(r"\[ticker\] done")
    assert run.wait_exit() == 0
    out = run.output()
    lines = [line.rstrip("\r") for line in out.splitlines()]
    check_clean(out)
    # The race happened: zone 2 stopped itself both ways, and the root's
    # calls met it in every state (some succeeded, some were refused).
    assert re.search(r"zone 2 'faulty': SYSTEM_RESET", out)
    races = re.findall(r"race op (\d): ok (\d+), einval \d+, eperm \d+, "
                       r"enoent \d+, ebusy (\d+)", out)
    assert len(races) == 3 and all(int(ok) > 0 for _, ok, _ in races), races
    # After the final shutdown zone 2 is stopped, so an "up" after that
    # line is the final start's (which may print before the manager's
    # "final start" line does).
    final = first_index(lines, r"\[ticker\] final shutdown")
    assert "[zone2] [fault] up" in lines[final:], "zone 2 did not come up"
    # No management call waited for zone 2 to park in vain (the root's
    # vCPU stalled for seconds each time: see lock_from_own_vcpu).
    assert "does not stop" not in out
    # Zone 1 kept counting through the race, to the end.
    zone1 = ticks_after(lines, 0, "[zone1] ")
    assert len(zone1) >= 40
    assert zone1 == list(range(1, len(zone1) + 1))

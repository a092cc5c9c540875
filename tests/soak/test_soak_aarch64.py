"""The soak (make soak [SOAK_MINUTES=30]; not part of make test).

The aarch64 zones demo (Debian's Linux as the root zone, the IVC guest as
zone 1) runs for SOAK_MINUTES minutes of rounds, each from the root zone's
shell: zone 1 restarted, a message through shared memory and its doorbell
(the reply checked), and every fifth round zone 2 built and started from a
configuration in the root zone (cvconfig there) until it powers itself
off. At the end cvisor's free frames and free heap must be exactly where
they were after the first round, and zone 1 must still answer. The root
zone's free memory is reported, not checked (Linux's caches move it).
There is no management daemon: the CLI is one process per command, so
nothing of it can grow.

The result (rounds, operations, failures, memory before and after) is
printed and written to build/test-logs/soak-result.txt.
"""
import os
import re
import sys
import time

import pytest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "system"))
from conftest import (DEMO_ROOT_DISK, LOG_DIR, TOP, Boot,  # noqa: E402
                      aarch64_cmd, make)
from test_zones_aarch64 import Root  # noqa: E402

MINUTES = float(os.environ.get("SOAK_MINUTES", "30"))
BUNDLE = os.path.join(TOP, "build", "aarch64-clang",
                      "qemu-virt-aarch64-zones.bundle")
# Shell functions in the root zone (a line must stay short: the console's
# line editor takes about 1 KiB). r N: restart zone 1, send "soak-N", the
# reply must be "SOAK-N". z: start zone 2 from its configuration, wait
# (30 s at most) until it has powered itself off.
ROUND = ("r() { cvisor zone restart 1 >/dev/null || rf=$((rf+1)); "
         "cvisor ivc send 0x79000000 0 soak-$1 >/dev/null; "
         "cvisor ivc recv 0x79000000 20000 | grep -q SOAK-$1 || "
         "mf=$((mf+1)); }")
ZONE2 = ("z() { cvisor zone start /root/zone2.json >/dev/null || "
         "zf=$((zf+1)); w=0; while cvisor zone list | "
         "grep -q '^2 .*running' && [ $w -lt 300 ]; do sleep 0.1; "
         "w=$((w+1)); done; [ $w -lt 300 ] || zh=$((zh+1)); }")


def memory(root):
    out = root.sh("cvisor info; grep MemFree /proc/meminfo")
    frames = int(re.search(r"free frames:\s+(\d+)", out).group(1))
    heap = int(re.search(r"heap free:\s+(\d+)", out).group(1))
    linux = int(re.search(r"MemFree:\s+(\d+) kB", out).group(1))
    return frames, heap, linux


def test_soak_zones_demo():
    make("build", "guest", "tools")
    make("bundle", "CONFIG=qemu-virt-aarch64-zones")
    budget = MINUTES * 60
    # The demo's own root disk: the soak does not write to it.
    run = Boot("soak-aarch64", aarch64_cmd(BUNDLE, gic=3, smp=4,
                                           root_pci=DEMO_ROOT_DISK),
               timeout=budget + 600)
    try:
        soak(run, budget)
    finally:
        run.close()


def soak(run, budget):
    run.expect(r"\[zone1\] \[ivc\] ready")
    root = Root(run)
    root.sh("rf=0; mf=0; zf=0; zh=0")
    root.sh(ROUND)
    root.sh(ZONE2)
    # One round first: zone 2 exists from then on (stopped between runs,
    # its state kept until a new start replaces it), so the baseline is
    # taken with it.
    root.sh("r 0-0; z")
    before = memory(root)
    start = time.monotonic()
    rounds = 0
    while time.monotonic() - start < budget:
        # Five rounds, then zone 2 once (it powers itself off: waited for).
        root.sh(f"for i in 1 2 3 4 5; do r {rounds}-$i; done; z")
        rounds += 5
    counts = root.sh("echo restart_fail=$rf msg_fail=$mf zone2_fail=$zf "
                     "zone2_hung=$zh")
    after = memory(root)
    listing = root.sh("cvisor zone list")
    final = root.sh("cvisor ivc send 0x79000000 0 last-one; "
                    "cvisor ivc recv 0x79000000")
    elapsed = time.monotonic() - start
    restarts = len(re.findall(r"zone 1 'ivc-demo': started", run.output()))
    zone2 = len(re.findall(r"\[zone2\] \[guest\] done, system off",
                           run.output()))
    result = (f"soak: {elapsed / 60:.1f} min, {rounds} rounds: "
              f"{restarts} zone 1 restarts, {rounds} IVC round trips, "
              f"{zone2} zone 2 runs; "
              f"{re.search(r'restart_fail=.*', counts).group(0).strip()}; "
              f"free frames {before[0]} -> {after[0]}, "
              f"heap free {before[1]} -> {after[1]} bytes, "
              f"root zone MemFree {before[2]} -> {after[2]} kB")
    print(result)
    with open(os.path.join(LOG_DIR, "soak-result.txt"), "w") as f:
        f.write(result + "\n")
    assert "restart_fail=0 msg_fail=0 zone2_fail=0 zone2_hung=0" in counts
    assert after[:2] == before[:2], "cvisor leaked frames or heap"
    assert re.search(r"1\s+ivc-demo\s+running", listing)
    assert "LAST-ONE" in final
    run.child.sendline("poweroff -f")
    assert run.wait_exit() == 0


if __name__ == "__main__":
    sys.exit(pytest.main([__file__, "-v", "-s", "-p", "no:cacheprovider"]))

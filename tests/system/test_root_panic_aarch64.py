"""The root zone's Linux panics: the other zones keep running.

The zones demo (configs/qemu-virt-aarch64-zones.json: Debian's Linux as the
root zone on CPUs 0-1, the IVC guest on CPU 2) plus a zone on CPU 3 that
prints "tick N" every 100 ms (guests/aarch64-fault, MODE=ticker). The root
zone's command line says panic=0: Linux stays halted after a panic. (With
the demo's panic=-1 Linux asks PSCI SYSTEM_RESET, and a reset from the root
zone resets the machine: cvisor's policy, the root zone owns the machine.)

After `echo c > /proc/sysrq-trigger` in the root zone, the ticker keeps
counting, and management goes on from cvisor's console shell (Ctrl-] to
it): the CLI in the root zone is gone with Linux, the non-root zones are
stopped and started from the shell; the root zone cannot be restarted.
"""
import json
import os
import re
import subprocess

import pexpect
import pytest

from conftest import CVCONFIG, TOP, aarch64_cmd, make
from test_zones_aarch64 import Root

TIMEOUT = 300
DEMO_DIR = os.path.join(TOP, "build", "aarch64-demo")
TICKER = os.path.join(TOP, "build", "fault-aarch64", "ticker")


@pytest.fixture(scope="module")
def panic_bundle(built, tmp_path_factory):
    make("bundle", "CONFIG=qemu-virt-aarch64-zones")  # the demo's images
    subprocess.run(["make", "-s", "-C",
                    os.path.join(TOP, "guests", "aarch64-fault"),
                    "MODE=ticker", f"O={TICKER}"], check=True)
    with open(os.path.join(TOP, "configs",
                           "qemu-virt-aarch64-zones.json")) as f:
        config = json.load(f)
    config["zones"][0]["cmdline"] = "console=ttyAMA0 panic=0"
    config["zones"].append({
        "name": "ticker", "id": 2, "autostart": True, "cpus": [3],
        "memory": [{"ipa": "0x40000000", "pa": "0x7a000000",
                    "size": "16M", "flags": "rwx"}],
        "kernel": {"file": os.path.join(TICKER, "fault.bin"),
                   "load_ipa": "0x40080000"},
        "entry": "0x40080000",
        "console": {"type": "pl011", "base": "0x09000000", "irq": 33}})
    tmp = tmp_path_factory.mktemp("root-panic")
    src = tmp / "root-panic.json"
    src.write_text(json.dumps(config))
    out = tmp / "root-panic.bundle"
    subprocess.run([CVCONFIG, "build", str(src), "--arch", "aarch64",
                    "--image-dir", DEMO_DIR, "-o", str(out)], check=True)
    return str(out)


def ticks_seen(run, n):
    """Wait for n more ticks of zone 2; return the last number."""
    last = None
    for _ in range(n):
        last = int(run.expect(r"\[zone2\] \[ticker\] tick (\d+)").group(1))
    return last


def wait_output(run, pattern, since):
    """Wait until pattern is in the log after offset since (output that a
    shell prompt may already have consumed)."""
    while not re.search(pattern, run.output()[since:]):
        if run.remaining() <= 1:
            pytest.fail(f"did not see {pattern!r}; log: {run.log_path}")
        try:  # read on: the log grows only as the console is read
            run.child.read_nonblocking(size=65536, timeout=0.5)
        except pexpect.TIMEOUT:
            pass


def test_root_linux_panic_leaves_other_zones_running(panic_bundle, boot, root_disk):
    run = boot(cmd=aarch64_cmd(panic_bundle, gic=3, smp=4,
                                  root_pci=root_disk), timeout=TIMEOUT)
    run.expect(r"\[zone1\] \[ivc\] ready")
    root = Root(run)
    listing = root.sh("cvisor zone list")
    assert re.search(r"2\s+ticker\s+running\s+3", listing)

    run.child.sendline("echo c > /proc/sysrq-trigger")
    run.expect(r"Kernel panic - not syncing")
    before = ticks_seen(run, 1)
    after = ticks_seen(run, 30)
    assert after >= before + 29, (before, after)

    # Management from cvisor's console shell: Ctrl-] past zones 1 and 2.
    run.child.send("\x1d")
    run.expect(r"console input -> zone 1 'ivc-demo'")
    run.child.send("\x1d")
    run.expect(r"console input -> zone 2 'ticker'")
    run.child.send("\x1d")
    run.expect(r"console input -> cvisor shell")
    run.expect(r"cvisor> ")

    def shell(cmd):
        run.child.sendline(cmd)
        run.expect(r"cvisor> ")
        return run.child.before

    out = shell("zones")
    assert re.search(r"1\s+ivc-demo\s+running", out)
    assert re.search(r"2\s+ticker\s+running", out)
    assert "zone 1: stop: done" in shell("zone stop 1")
    since = len(run.output())
    assert "zone 1: start: done" in shell("zone start 1")
    wait_output(run, r"\[zone1\] \[ivc\] ready", since)
    since = len(run.output())
    assert "zone 2: restart: done" in shell("zone restart 2")
    wait_output(run, r"\[zone2\] \[ticker\] up", since)
    wait_output(run, r"\[zone2\] \[ticker\] tick 5\b", since)
    assert "not permitted" in shell("zone restart 0")
    for bad in ("unexpected exception", "BUG:"):
        assert bad not in run.output().split("Kernel panic")[-1]

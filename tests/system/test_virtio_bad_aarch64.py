"""A hostile virtio guest (guests/aarch64-virtio-bad/README.md): zone 1 of
configs/qemu-virt-aarch64-virtio-bad.json drives its virtio-blk transport
by hand and sends malformed queues and register writes, one after another,
to the root zone's daemon (`cvisor virtio`) and to cvisor's register file;
after each, a well-formed request must be served again. Then the daemon is
killed while it is inside a request of zone 1 and a new daemon must serve
that same request. The root zone's canary, cvisor and the daemon carry on.
"""
import os
import re
import shutil
import subprocess
import time

import pexpect
import pytest

from conftest import TOP, aarch64_cmd, make

TIMEOUT = 600
BUNDLE = os.path.join(TOP, "build", "aarch64-clang",
                      "qemu-virt-aarch64-virtio-bad.bundle")
PROMPT = r"\n/ # "
# The guest's attacks and what each must give (attacks.c, regs.c).
EXPECTED = {
    "desc-below-ram": "needs-reset",
    "desc-into-cvisor": "needs-reset",
    "desc-into-root-ram": "needs-reset",
    "desc-past-ram-end": "needs-reset",
    "addr-len-wraps": "needs-reset",
    "len-4gib": "needs-reset",
    "len-sum-over-4gib": "io-error",
    "chain-loops": "needs-reset",
    "chain-self-loop": "needs-reset",
    "next-out-of-range": "needs-reset",
    "head-out-of-range": "needs-reset",
    "indirect-not-negotiated": "needs-reset",
    "readable-after-writable": "needs-reset",
    "no-status-byte": "needs-reset",
    "short-header": "needs-reset",
    "sector-past-end": "io-error",
    "sector-wraps": "io-error",
    "unknown-type": "unsupported",
    "avail-idx-jump": "needs-reset",
    "rings-outside-ram": "needs-reset",
    "queue-setup-twice": "refused",
    "queue-change-after-driver-ok": "refused",
    "queue-unready-after-driver-ok": "refused",
    "notify-before-driver-ok": "ignored",
    "notify-after-reset": "ignored",
    "queue-index-out-of-range": "refused",
    "driver-ok-without-features-ok": "refused",
    "features-not-offered": "refused",
    "status-bits-cleared": "refused",
    "driver-sets-needs-reset": "refused",
    "config-write": "refused",
    "notify-storm": "ok",
}
# What the daemon logs for the queue violations (tools/cvisor-cli/virtq.c).
DAEMON_REASONS = [
    "a buffer lies outside the zone's RAM",
    # a loop: the chain reaches the walker's limit of segments (128, below
    # the queue's 256 descriptors) before it visits the queue's size
    "too many descriptors in one request",
    "descriptor index out of range",
    "indirect descriptor (not negotiated)",
    "a readable descriptor after a writable one",
    "a request without header or status",
    "available index ran ahead by more than the queue size",
    "a ring lies outside the zone's RAM",
]
ATTACK = re.compile(r"\[zone1\] \[vbad\] attack ([a-z0-9-]+): ([A-Za-z-]+) "
                    r"\(expected ([a-z-]+)\), then a good request: (\w+)")
RESUME_TIMEOUT = 120  # the new daemon's 2 MiB read at 128 KiB/s: ~16 s
PREAD64 = 67  # arm64 syscall number, first field of /proc/PID/syscall


@pytest.fixture(scope="module")
def vbad_bundle(built):
    make("bundle", "CONFIG=qemu-virt-aarch64-virtio-bad")
    return BUNDLE


def vbad_cmd(bundle, disk):
    # The root's disk (zone 1's) is a PCI function behind the SMMU,
    # throttled (128 KiB/s) so that the 2 MiB read of the backend-death
    # phase keeps the daemon inside pread() for seconds; the attacks read
    # one cached page.
    return aarch64_cmd(bundle, root_pci=disk) + [
        "--", "-set", "drive.rootdisk.throttling.bps-total=131072"]


class Root:
    def __init__(self, run):
        self.run = run

    def sh(self, cmd):
        self.run.child.sendline(cmd)
        self.run.expect(re.escape(cmd[:40]))
        self.run.expect(PROMPT)
        return self.run.child.before


def test_hostile_virtio_guest(vbad_bundle, boot, tmp_path):
    disk = str(tmp_path / "vbad-disk.img")
    subprocess.run([os.path.join(TOP, "scripts", "mkvbaddisk"), disk],
                   check=True)
    run = boot(cmd=vbad_cmd(vbad_bundle, disk), timeout=TIMEOUT)
    run.expect(r"zone 1: 1 virtio device\(s\), served through PCI 00:01.0")
    canary = run.expect(r"canary ([0-9a-f]{32})  /tmp/canary").group(1)
    pid = run.expect(r"cvisor-virtio: daemon pid (\d+) serving zone 1"
                     ).group(1)
    # The guest polls for the device: its lines may come before the
    # root's "daemon pid" line, so they are read from the log once the
    # summary is there.
    summary = run.expect_logged(r"summary: (\d+) attacks, (\d+) as "
                                r"expected, served again after (\d+); "
                                r"final request (\w+)")
    text = run.output()
    m = re.search(r"\[zone1\] \[vbad\] device attached; (\d+) attacks",
                  text)
    assert m and int(m.group(1)) == len(EXPECTED)
    # The attacks, in order, each with its outcome and a good request.
    seen = {}
    for name, got, want, again in ATTACK.findall(text):
        assert EXPECTED.get(name) == want, name
        seen[name] = (got, again)
    assert list(seen) == list(EXPECTED)
    wrong = {n: g for n, (g, _) in seen.items() if g != EXPECTED[n]}
    assert not wrong, f"unexpected outcomes {wrong}; log {run.log_path}"
    assert all(a == "served" for _, a in seen.values()), seen
    m = re.search(r"outcomes: (\d+) needs-reset, (\d+) io-error, (\d+) "
                  r"unsupported, (\d+) refused, (\d+) ignored, (\d+) ok, "
                  r"(\d+) BAD", text)
    counts = [int(x) for x in m.groups()]
    assert counts == [sum(v == k for v in EXPECTED.values())
                      for k in ("needs-reset", "io-error", "unsupported",
                                "refused", "ignored", "ok")] + [0]
    n = str(len(EXPECTED))
    assert summary.groups() == (n, n, n, "ok"), summary.group(0)

    # A backend that dies mid-request: the daemon is inside the pread()
    # of zone 1's 2 MiB read when it is killed.
    run.expect_logged(r"backend-death: 2048 KiB read of sector 4096 in "
                      r"flight")
    root = Root(run)
    root.sh("")
    # The daemon survived every attack.
    assert root.sh(f"cat /proc/{pid}/comm").strip() == "cvisor"
    stack = ""
    for _ in range(20):
        stack = root.sh(f"cat /proc/{pid}/syscall")
        if stack.split() and stack.split()[0] == str(PREAD64):
            break
        time.sleep(0.5)
    assert stack.split()[0] == str(PREAD64), \
        f"the daemon is not inside pread(): {stack!r}; log {run.log_path}"
    root.sh(f"kill -9 {pid}; while kill -0 {pid} 2>/dev/null; do "
            "sleep 0.1; done")
    assert "completed after" not in run.output().split("in flight")[-1]
    out = root.sh("cvisor virtio 1 blk:/dev/vda >>/tmp/virtio.log 2>&1 & "
                  "echo new-daemon-$!")
    new_pid = re.search(r"new-daemon-(\d+)", out).group(1)
    i = run.child.expect([r"backend-death: completed after (\d+) ms, "
                          r"status (\d+), data (\w+)", pexpect.TIMEOUT],
                         timeout=RESUME_TIMEOUT)
    assert i == 0, ("the new daemon did not serve the request in flight; "
                    f"log {run.log_path}")
    m = run.child.match
    assert m.group(2) == "0" and m.group(3) == "ok", m.group(0)
    run.expect_logged(r"backend-death: request served")
    run.expect_logged(r"\[vbad\] done")

    # The root zone: its canary, the daemon, cvisor.
    assert canary in root.sh("md5sum /tmp/canary")
    assert root.sh(f"cat /proc/{new_pid}/comm").strip() == "cvisor"
    log = root.sh("cat /tmp/virtio.log")
    assert log.count("serving zone 1 (1 device(s)") == 2, log
    for reason in DAEMON_REASONS:
        assert f"zone 1 device 0: {reason}: device needs a reset" in log, \
            reason
    assert "Segmentation" not in log and "Aborted" not in log
    # The final request's sector, as the root reads the disk.
    out = root.sh("dd if=/dev/vda bs=512 skip=2000 count=1 2>/dev/null | "
                  "od -A n -t x1 -N 16")
    assert re.search(r"00 00 00 00 52 57 42 56 01 00 00 00 52 57 42 56",
                     out), out
    out = root.sh("cvisor zone list")
    assert re.search(r"1\s+virtio-bad\s+running", out), out
    text = run.output()
    # cvisor refused the register misuse and said so, and did not fault.
    for off in ("0x38", "0x80", "0x44", "0x50", "0x70", "0x100"):
        assert re.search(rf"WARN: virtio\[0\]: write of {off} refused",
                         text), off
    assert "PANIC" not in text and "panic" not in text.lower().replace(
        "panic=-1", "")
    run.child.sendline("poweroff -f")
    assert run.wait_exit() == 0

"""virtio for a non-root zone (docs/virtio.md): zone 1 runs Debian's kernel
from a virtio disk that the root zone's daemon (`cvisor virtio`) serves,
with a virtio network link and a virtio console to the root; it is
restarted with its devices attached and its writes persist."""
import os
import re
import shutil

import pexpect
import pytest

from conftest import TOP, aarch64_cmd, make

TIMEOUT = 1200         # the whole run, hard (a loaded host; usually ~5 min)
RESTART_TIMEOUT = 240  # one zone restart, Linux to its init, under load
RESTARTS = 10          # issue 12: "10 zone restarts with devices attached"
IDLE_SECONDS = 10
BUNDLE = os.path.join(TOP, "build", "aarch64-clang",
                      "qemu-virt-aarch64-virtio.bundle")
DISK = os.path.join(TOP, "build", "aarch64-demo", "zone-disk.img")
PROMPT = r"\n/ # "  # the root's; zone 1's console lines start "[zone1]"
DETACH = "\x1e"     # cvisor console's Ctrl-^


@pytest.fixture(scope="module")
def virtio_bundle(built):
    make("bundle", "CONFIG=qemu-virt-aarch64-virtio")
    return BUNDLE


def virtio_cmd(bundle, disk):
    # The root zone's disk (zone 1's) is a PCI function behind the SMMU.
    return aarch64_cmd(bundle, root_pci=disk)


class Root:
    """The root zone's shell on the serial console."""

    def __init__(self, run):
        self.run = run
        run.expect(r"cvisor root zone with zone 1 on virtio")
        run.expect(PROMPT)

    def settle(self, seconds=3):
        """Let the shells finish a burst of output (ash asks the terminal
        for the cursor position after a prompt and eats what comes in
        meanwhile); reads on, so the serial line never stalls."""
        self.run.child.expect([pexpect.TIMEOUT], timeout=seconds)

    def sh(self, cmd):
        self.run.child.sendline(cmd)
        self.run.expect(re.escape(cmd[:40]))
        self.run.expect(PROMPT)
        return self.run.child.before

    def free_frames(self):
        out = self.sh("cvisor info")
        return int(re.search(r"free frames:\s+(\d+)", out).group(1))

    def daemon_memory(self, pid):
        """The daemon's virtual size and resident set (kB) and its open
        file descriptors."""
        out = self.sh(f"grep -E 'VmSize|VmRSS' /proc/{pid}/status; "
                      f"echo fds $(ls /proc/{pid}/fd | wc -l)")
        return tuple(int(re.search(rf"{k}:?\s+(\d+)", out).group(1))
                     for k in ("VmSize", "VmRSS", "fds"))

    def daemon_ticks(self, pid):
        """The daemon's CPU time (utime + stime, /proc/PID/stat fields 14
        and 15, in 10 ms ticks) and the uio line's interrupt count."""
        out = self.sh(f"awk '{{print \"ticks\", $14 + $15}}' /proc/{pid}/stat;"
                      " awk '/uio_pci_generic/ {print \"uio\", $2 + $3}' "
                      "/proc/interrupts")
        return tuple(int(re.search(rf"{k} (\d+)", out).group(1))
                     for k in ("ticks", "uio"))

    def in_zone_console(self, cmd, answer):
        """Run cmd in zone 1's shell on its virtio console (through the
        root's `cvisor console 1`, a pty the daemon serves)."""
        self.run.child.sendline("cvisor console 1")
        self.run.expect(r"attached to zone 1's virtio console")
        self.run.child.sendline(cmd)
        self.run.expect(answer)
        match = self.run.child.match
        self.run.child.send(DETACH)
        self.run.expect(r"\[detached\]")
        self.run.expect(PROMPT)
        return match

    def restart_zone(self, boot=None):
        """Restart zone 1; with boot (its boot count), wait until it is
        up again from its disk."""
        self.run.child.sendline("cvisor zone restart 1")
        self.run.expect(r"zone 1 restarted")
        self.run.expect(PROMPT)
        if boot is None:
            return
        up = rf"zone-disk: init on virtio-blk, boot {boot}, eth0"
        i = self.run.child.expect([up, pexpect.TIMEOUT],
                                  timeout=min(RESTART_TIMEOUT,
                                              self.run.remaining()))
        if i == 1:
            self.run.close()
            # Issue 12's hang (fixed): a completion the daemon signalled
            # while cvisor stopped the zone left the disk's interrupt
            # marked in flight, and the next boot stopped at its first
            # disk read. No symptom is excused any more.
            pytest.fail(f"zone 1 did not come back after restart {boot}; "
                        f"serial log: {self.run.log_path}")
        self.settle()


def test_zone_on_virtio_disk_network_console_and_restarts(virtio_bundle,
                                                          boot, tmp_path,
                                                          capsys):
    disk = str(tmp_path / "zone-disk.img")
    shutil.copy(DISK, disk)
    run = boot(cmd=virtio_cmd(virtio_bundle, disk), timeout=TIMEOUT)
    run.expect(r"zone 1: 3 virtio device\(s\), served through PCI 00:01.0")
    daemon = run.expect(r"cvisor-virtio: daemon pid (\d+) serving zone 1")
    pid = daemon.group(1)
    root = Root(run)
    # Zone 1: Debian's kernel, our initramfs, switch_root to the disk.
    run.expect(r"\[zone1\] zone-initramfs: /dev/vda mounted")
    run.expect(r"zone-disk: init on virtio-blk, boot 1, eth0 10.0.0.2")
    root.settle()
    log = root.sh("cat /tmp/virtio.log")
    assert "serving zone 1 (3 device(s), RAM 0x40000000+0x10000000)" in log
    assert re.search(r"1\s+linux-virtio\s+running\s+2",
                     root.sh("cvisor zone list"))

    # Network, both ways, over virtio-net and the root's tap.
    assert "2 packets received" in root.sh("ping -c 2 10.0.0.2")
    root.in_zone_console("ping -c 2 10.0.0.1", r"2 packets received")
    # A line typed into the virtio console reaches the zone's shell.
    root.in_zone_console("echo typed-$((6*7))", r"typed-42")
    # The zone writes a file and syncs it to its virtio disk.
    root.in_zone_console("echo persisted-$((1+1)) > /root/mark; sync; "
                         "echo synced-$((2+2))", r"synced-4")

    # The daemon with nothing to do: it must sleep (one poll() without
    # a timeout). Reported, not asserted: performance is make bench's.
    root.settle(5)
    ticks, irqs = root.daemon_ticks(pid)
    root.sh(f"sleep {IDLE_SECONDS}")
    ticks2, irqs2 = root.daemon_ticks(pid)
    with capsys.disabled():
        print(f"\nvirtio daemon idle for {IDLE_SECONDS} s: {ticks2 - ticks} "
              f"CPU ticks of 10 ms ({(ticks2 - ticks) / IDLE_SECONDS:.1f} % "
              f"of a CPU), {irqs2 - irqs} uio interrupts")

    # Restarts with the devices attached: the daemon stays, the zone
    # reads back what it wrote, nothing leaks in cvisor or the daemon.
    frames, memory = root.free_frames(), root.daemon_memory(pid)
    root.restart_zone(2)
    # (never printed before: only the file holds it)
    root.in_zone_console("cat /root/mark", r"persisted-2")
    # A restart while the zone writes and reads its disk: the daemon
    # completes requests of the old boot while cvisor stops the zone
    # (issue 12's hang: the next boot lost its disk interrupt).
    root.in_zone_console("(while :; do dd if=/dev/zero of=/root/load "
                         "bs=64k count=16; sync; echo 3 >/proc/sys/vm/"
                         "drop_caches; cat /root/load /bin/busybox; done) "
                         ">/dev/null 2>&1 & echo loaded-$((3*3))",
                         r"loaded-9")
    root.settle(2)
    root.restart_zone(3)
    # The rest back to back (each costs a scrub and a reload, not a whole
    # Linux boot), the last one up from its disk again.
    for _ in range(RESTARTS - 3):
        root.restart_zone()
    root.restart_zone()
    boot = int(run.expect(r"zone-disk: init on virtio-blk, boot (\d+), "
                          r"eth0").group(1))
    root.settle()
    root.in_zone_console("cat /root/mark", r"persisted-2")
    assert root.free_frames() == frames
    assert root.daemon_memory(pid) == memory
    assert "2 packets received" in root.sh("ping -c 2 10.0.0.2")

    # Stopped, the zone's disk is the root's to read.
    out = root.sh("cvisor zone shutdown 1")
    assert "zone 1 shut down" in out
    out = root.sh("mount /dev/vda /mnt && cat /mnt/root/mark /mnt/var/boots")
    assert "persisted-2" in out
    assert re.search(rf"\n{boot}\r*(\n|$)", out)  # /var/boots
    root.sh("umount /mnt")
    assert root.sh(f"cat /proc/{pid}/comm").strip() == "cvisor"  # serving

    run.child.sendline("poweroff -f")
    assert run.wait_exit() == 0

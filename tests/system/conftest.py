"""System tests: boot cvisor under QEMU and read what it and its guests print.

Every boot runs with a hard timeout; the whole serial log of each run is kept
under build/test-logs/ (the path is printed when a test fails).
"""
import os
import re
import shutil
import subprocess
import sys
import time

import pexpect
import pytest

TOP = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
LOG_DIR = os.path.join(TOP, "build", "test-logs")
BUILD = os.path.join(TOP, "build", "aarch64-clang")
GUEST_DIR = os.path.join(TOP, "build", "guest-aarch64")
CVCONFIG = os.path.join(TOP, "build", "host", "cvconfig")
STAGING_ADDR = "0x44000000"
# The zones demo's root disk (virtio-blk-pci behind the SMMU), built with
# the demo's images (make bundle CONFIG=qemu-virt-aarch64-zones).
DEMO_ROOT_DISK = os.path.join(TOP, "build", "aarch64-demo", "root-disk.img")


def make(*args):
    subprocess.run(["make", "-s", "-C", TOP, *args], check=True)


@pytest.fixture(scope="session")
def built():
    """Build the hypervisor, the test guest, the config tool and bundles."""
    make("build", "guest", "tools")
    for config in ("qemu-virt-aarch64", "qemu-virt-aarch64-1cpu"):
        make("bundle", f"CONFIG={config}")
    return BUILD


def aarch64_cmd(bundle, gic=3, smp=4, hv=None, cpu="max,pauth-impdef=on",
                root_pci=None):
    """The command that boots cvisor for aarch64 on QEMU virt. root_pci: a
    disk image for the zones demo's root-zone PCI functions behind the
    SMMU (scripts/run-aarch64 --root-pci; the demo's configuration owns
    them, so it needs them)."""
    return [os.path.join(TOP, "scripts", "run-aarch64"), "--gic", str(gic),
            "--smp", str(smp), "--cpu", cpu,
            "--hv", hv or os.path.join(BUILD, "cvisor.elf"),
            "--bundle", bundle, "--bundle-addr", STAGING_ADDR] + \
        (["--root-pci", root_pci] if root_pci else [])


@pytest.fixture
def root_disk(tmp_path):
    """A copy of the zones demo's root disk for one boot (QEMU locks the
    image it writes to, and a test may write)."""
    path = tmp_path / "root-disk.img"
    shutil.copyfile(DEMO_ROOT_DISK, path)
    return str(path)


class Boot:
    """One emulator run of cvisor, its serial output logged to a file.

    cmd is the whole command line (e.g. aarch64_cmd(...)); the emulator's
    console must be on its stdout."""

    def __init__(self, name, cmd, timeout=60):
        os.makedirs(LOG_DIR, exist_ok=True)
        self.log_path = os.path.join(LOG_DIR, name + ".log")
        self.logfile = open(self.log_path, "w")
        self.started = time.monotonic()
        self.timeout = timeout
        self.child = pexpect.spawn(cmd[0], cmd[1:], encoding="utf-8",
                                   codec_errors="replace", timeout=timeout,
                                   logfile=self.logfile)

    def remaining(self):
        return max(1, self.timeout - (time.monotonic() - self.started))

    def expect(self, pattern):
        """Wait for pattern (a regex) in order; fail with the log path."""
        try:
            self.child.expect(pattern, timeout=self.remaining())
        except (pexpect.TIMEOUT, pexpect.EOF) as e:
            self.close()
            pytest.fail(f"did not see {pattern!r} ({type(e).__name__}); "
                        f"serial log: {self.log_path}")
        return self.child.match

    def expect_logged(self, pattern):
        """Like expect, but also accepts a match already consumed (e.g.
        printed by another zone before the shell prompt a command waited
        for): the log so far is searched first."""
        m = re.search(pattern, self.output())
        return m if m else self.expect(pattern)

    def wait_exit(self):
        """Wait for QEMU to end by itself; return its exit status."""
        try:
            self.child.expect(pexpect.EOF, timeout=self.remaining())
        except pexpect.TIMEOUT:
            self.close()
            pytest.fail(f"QEMU did not exit; serial log: {self.log_path}")
        self.child.close()
        self.logfile.close()
        return self.child.exitstatus

    def output(self):
        if not self.logfile.closed:
            self.logfile.flush()
        with open(self.log_path, encoding="utf-8", errors="replace") as f:
            return f.read()

    def close(self):
        if self.child.isalive():
            self.child.terminate(force=True)
        self.logfile.close()


@pytest.fixture
def boot(request):
    """Factory: boot(bundle, gic=, smp=) boots aarch64 (see aarch64_cmd);
    boot(cmd=[...]) runs any command. Killed after the test."""
    runs = []

    def start(bundle=None, cmd=None, timeout=60, **kw):
        name = re.sub(r"[^A-Za-z0-9_.-]+", "_", request.node.name)
        run = Boot(name + (f"-{len(runs)}" if runs else ""),
                   cmd or aarch64_cmd(bundle, **kw), timeout)
        runs.append(run)
        return run

    yield start
    for run in runs:
        run.close()


def bundle_path(config):
    return os.path.join(BUILD, config + ".bundle")


def build_bundle(tmp_path, config_json, name="test"):
    """Write config_json to tmp_path and compile it; returns (rc, out, path)."""
    src = tmp_path / (name + ".json")
    src.write_text(config_json)
    out = tmp_path / (name + ".bundle")
    p = subprocess.run([CVCONFIG, "build", str(src), "--image-dir", GUEST_DIR,
                        "-o", str(out)], capture_output=True, text=True)
    return p.returncode, p.stderr, str(out)


def riscv64_cmd(bundle, smp=4, aia="none", aia_guests=1, mem="1G",
                cpu="rv64,h=true"):
    """The command that boots cvisor for riscv64 on QEMU virt (OpenSBI);
    aia is QEMU's aia= ("none": PLIC, "aplic-imsic": AIA), cpu QEMU's
    -cpu (e.g. "rv64,h=true,sstc=false")."""
    return [os.path.join(TOP, "scripts", "run-riscv64"), "--smp", str(smp),
            "--cpu", cpu,
            "--mem", mem, "--aia", aia, "--aia-guests", str(aia_guests),
            "--hv", os.path.join(TOP, "build", "riscv64-clang", "cvisor.elf"),
            "--bundle", bundle, "--bundle-addr", "0x84000000"]


# The riscv64 interrupt controllers the tests run on: QEMU's aia= value.
RISCV64_IRQCHIPS = {"plic": "none", "aia": "aplic-imsic"}


class RootShell:
    """The root zone's Linux shell on the serial console (any arch): waits
    for the banner of the zones demo's /init, then runs commands.
    busybox prints its prompt as "/ # " or "~ # " (HOME=/)."""

    BANNER = r"cvisor root zone: Linux with the cvisor management CLI"
    PROMPT = r"[/~] # "

    def __init__(self, run):
        self.run = run
        run.expect(self.BANNER)
        run.expect(self.PROMPT)

    def sh(self, cmd):
        self.run.child.sendline(cmd)
        self.run.expect(re.escape(cmd[:40]))
        self.run.expect(self.PROMPT)
        return self.run.child.before

    def free_frames(self):
        out = self.sh("cvisor info")
        return int(re.search(r"free frames:\s+(\d+)", out).group(1))

    def cvisor_shell(self, cmd):
        """A command of cvisor's console shell (the focus must be on it)."""
        self.run.child.sendline(cmd)
        self.run.expect(r"cvisor> ")
        return self.run.child.before


class VirtioRoot(RootShell):
    """The root zone's shell in the virtio demo (any arch: the same
    guests/aarch64-linux/init-virtio), serving zone 1's virtio disk,
    console and network with `cvisor virtio`; sh() and free_frames() are
    RootShell's, with this banner and prompt."""

    BANNER = r"cvisor root zone with zone 1 on virtio"
    PROMPT = r"\n[/~] # "  # the root's; zone 1's lines start "[zone1]"
    DETACH = "\x1e"       # cvisor console's Ctrl-^

    def __init__(self, run, restart_timeout=240):
        super().__init__(run)
        self.restart_timeout = restart_timeout  # Linux to its init again

    def settle(self, seconds=3):
        """Let the shells finish a burst of output (ash asks the terminal
        for the cursor position after a prompt and eats what comes in
        meanwhile); reads on, so the serial line never stalls."""
        self.run.child.expect([pexpect.TIMEOUT], timeout=seconds)

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

    def idle_daemon(self, pid, seconds):
        """The daemon's CPU ticks (10 ms) and uio interrupts over seconds
        with nothing to do (after a settle): for a report, not an
        assertion (performance is make bench's)."""
        self.settle(5)
        ticks, irqs = self.daemon_ticks(pid)
        self.sh(f"sleep {seconds}")
        ticks2, irqs2 = self.daemon_ticks(pid)
        return ticks2 - ticks, irqs2 - irqs

    def exercise_devices(self):
        """Zone 1's three devices from both sides: ping both ways over
        virtio-net and the root's tap, a line typed into its virtio
        console, and a file (/root/mark: persisted-2) written and synced
        to its virtio disk, which a restart can read back."""
        assert "2 packets received" in self.sh("ping -c 2 10.0.0.2")
        self.in_zone_console("ping -c 2 10.0.0.1", r"2 packets received")
        self.in_zone_console("echo typed-$((6*7))", r"typed-42")
        self.in_zone_console("echo persisted-$((1+1)) > /root/mark; sync; "
                             "echo synced-$((2+2))", r"synced-4")

    def in_zone_console(self, cmd, answer):
        """Run cmd in zone 1's shell on its virtio console (through the
        root's `cvisor console 1`, a pty the daemon serves)."""
        self.run.child.sendline("cvisor console 1")
        self.run.expect(r"attached to zone 1's virtio console")
        self.run.child.sendline(cmd)
        self.run.expect(answer)
        match = self.run.child.match
        self.run.child.send(self.DETACH)
        self.run.expect(r"\[detached\]")
        self.run.expect(self.PROMPT)
        return match

    def restart_zone(self, boot=None):
        """Restart zone 1; with boot (its boot count), wait until it is
        up again from its disk."""
        self.run.child.sendline("cvisor zone restart 1")
        self.run.expect(r"zone 1 restarted")
        self.run.expect(self.PROMPT)
        if boot is None:
            return
        up = rf"zone-disk: init on virtio-blk, boot {boot}, eth0"
        i = self.run.child.expect([up, pexpect.TIMEOUT],
                                  timeout=min(self.restart_timeout,
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


def virtio_disk_args(disk):
    """The emulator's options for the root zone's virtio-mmio disk (zone 1's
    image; riscv64: aarch64's demo gives it as a PCI function, root_pci)."""
    return ["--", "-drive", f"file={disk},if=none,format=raw,id=zdisk",
            "-device", "virtio-blk-device,drive=zdisk"]

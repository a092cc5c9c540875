"""System tests: boot cvisor under QEMU and read what it and its guests print.

Every boot runs with a hard timeout; the whole serial log of each run is kept
under build/test-logs/ (the path is printed when a test fails).
"""
import os
import re
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


def make(*args):
    subprocess.run(["make", "-s", "-C", TOP, *args], check=True)


@pytest.fixture(scope="session")
def built():
    """Build the hypervisor, the test guest, the config tool and bundles."""
    make("build", "guest", "tools")
    for config in ("qemu-virt-aarch64", "qemu-virt-aarch64-1cpu"):
        make("bundle", f"CONFIG={config}")
    return BUILD


def aarch64_cmd(bundle, gic=3, smp=4, hv=None, cpu="max,pauth-impdef=on"):
    """The command that boots cvisor for aarch64 on QEMU virt."""
    return [os.path.join(TOP, "scripts", "run-aarch64"), "--gic", str(gic),
            "--smp", str(smp), "--cpu", cpu,
            "--hv", hv or os.path.join(BUILD, "cvisor.elf"),
            "--bundle", bundle, "--bundle-addr", STAGING_ADDR]


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


class VirtioRoot:
    """The root zone's shell in the virtio demo (any arch: the same
    guests/aarch64-linux/init-virtio), serving zone 1's virtio disk,
    console and network with `cvisor virtio`."""

    BANNER = r"cvisor root zone with zone 1 on virtio"
    PROMPT = r"\n[/~] # "  # the root's; zone 1's lines start "[zone1]"
    DETACH = "\x1e"       # cvisor console's Ctrl-^

    def __init__(self, run, restart_timeout=180):
        self.run = run
        self.restart_timeout = restart_timeout  # Linux to its init again
        run.expect(self.BANNER)
        run.expect(self.PROMPT)

    def settle(self, seconds=3):
        """Let the shells finish a burst of output (ash asks the terminal
        for the cursor position after a prompt and eats what comes in
        meanwhile); reads on, so the serial line never stalls."""
        self.run.child.expect([pexpect.TIMEOUT], timeout=seconds)

    def sh(self, cmd):
        self.run.child.sendline(cmd)
        self.run.expect(re.escape(cmd[:40]))
        self.run.expect(self.PROMPT)
        return self.run.child.before

    def free_frames(self):
        out = self.sh("cvisor info")
        return int(re.search(r"free frames:\s+(\d+)", out).group(1))

    def daemon_memory(self, pid):
        """The daemon's virtual size and resident set, kB."""
        out = self.sh(f"grep -E 'VmSize|VmRSS' /proc/{pid}/status")
        return tuple(int(re.search(rf"{k}:\s+(\d+) kB", out).group(1))
                     for k in ("VmSize", "VmRSS"))

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

    def restart_zone(self, boot):
        self.run.child.sendline("cvisor zone restart 1")
        self.run.expect(r"zone 1 restarted")
        up = rf"zone-disk: init on virtio-blk, boot {boot}, eth0"
        i = self.run.child.expect([up, pexpect.TIMEOUT],
                                  timeout=min(self.restart_timeout,
                                              self.run.remaining()))
        if i == 1:
            seen = self.run.child.before or ""
            self.run.close()
            # A known, not yet understood bug (issue 12's closing note):
            # after a restart, zone 1 sometimes stops at its first disk
            # read, right after the kernel found vda. Only that symptom
            # is excused; any other way of not coming up fails.
            if re.search(r"virtio_blk virtio\d+: \[vda\]", seen):
                pytest.xfail("zone 1 hung at its first disk read after a "
                             "restart (known intermittent virtio bug); "
                             f"serial log: {self.run.log_path}")
            pytest.fail(f"zone 1 did not come back after restart {boot}; "
                        f"serial log: {self.run.log_path}")
        self.settle()


def virtio_disk_args(disk):
    """QEMU's options for the root zone's virtio disk (zone 1's image)."""
    return ["--", "-drive", f"file={disk},if=none,format=raw,id=zdisk",
            "-device", "virtio-blk-device,drive=zdisk"]

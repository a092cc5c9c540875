"""Several zones: the Linux root zone manages the others with the cvisor CLI,
talks to one over shared memory, and cvisor's console shell controls them.
Also the 20x restart leak check."""
import os
import re

import pytest

from conftest import TOP, RootShell, aarch64_cmd, make

TIMEOUT = 240
BUNDLE = os.path.join(TOP, "build", "aarch64-clang",
                      "qemu-virt-aarch64-zones.bundle")


@pytest.fixture(scope="module")
def zones_bundle(built):
    make("bundle", "CONFIG=qemu-virt-aarch64-zones")
    return BUNDLE


# The root zone's shell: the harness shared with the other arches.
Root = RootShell


def test_zones_side_by_side_managed_from_root(zones_bundle, boot, root_disk):
    run = boot(cmd=aarch64_cmd(zones_bundle, gic=3, smp=4,
                                  root_pci=root_disk), timeout=TIMEOUT)
    run.expect(r"zone 1 'ivc-demo' vcpu0 enters guest")
    run.expect(r"\[zone1\] \[ivc\] ready")
    root = Root(run)

    listing = root.sh("cvisor zone list")
    assert re.search(r"0\s+root\s+running\s+0-1", listing)
    assert re.search(r"1\s+ivc-demo\s+running\s+2", listing)

    # Inter-zone communication: shared page + doorbell, both ways.
    root.sh("cvisor ivc send 0x79000000 0 hello-zone")
    assert "HELLO-ZONE" in root.sh("cvisor ivc recv 0x79000000")
    assert '[zone1] [ivc] got "hello-zone"' in run.output()

    # A zone from a configuration and an image the root zone holds
    # (cvconfig runs in the root zone), on the free CPU 3 ...
    out = root.sh("cvisor zone start /root/zone2.json")
    assert re.search(r"zone 2 started", out)
    run.expect(r"\[zone2\] \[guest\] done, system off")
    run.expect(r"zone 2 'guest': stopped \(CPUs parked, interrupts "
               r"released, memory scrubbed\)")
    run.expect(r"zone 2 vcpu0: off")
    assert re.search(r"2\s+guest\s+stopped\s+3",
                     root.sh("cvisor zone list"))
    # ... and again from a prebuilt bundle, replacing the stopped zone 2.
    assert re.search(r"zone 2 started",
                     root.sh("cvisor zone start /root/zone2.bundle"))
    run.expect(r"\[zone2\] \[guest\] done, system off")
    # cvisor's lines about its stop come next: let them pass before typing
    # (they would cut into the echo of the next command).
    run.expect(r"zone 2 vcpu0: off")

    # Stop and start zone 1 again; it still answers.
    root.sh("cvisor zone shutdown 1")
    assert re.search(r"1\s+ivc-demo\s+stopped",
                     root.sh("cvisor zone list"))
    assert "zone 1 started" in root.sh("cvisor zone start 1")
    # A request sent before the guest is ready is served when it is.
    root.sh("cvisor ivc send 0x79000000 0 again")
    assert "AGAIN" in root.sh("cvisor ivc recv 0x79000000")

    # Refusals reach the CLI as errors and cvisor's log as reasons.
    out = root.sh("cvisor zone shutdown 0; echo rc=$?")
    assert "EPERM" in out and "rc=1" in out
    # A bundle damaged after it was built: cvisor checks it again (byte
    # 1000: the zone table, under the header's checksum; byte 5000: the
    # first 4 KiB of the kernel, under its head sum).
    for seek, field in ((1000, r"zones\[-1\]\.header\.checksum"),
                        (5000, r"zones\[0\]\.kernel\.head_sum")):
        out = root.sh("cp /root/zone2.bundle /tmp/bad; printf 'Z' | "
                      f"dd of=/tmp/bad bs=1 seek={seek} conv=notrunc "
                      "2>/dev/null; cvisor zone start /tmp/bad; echo rc=$?")
        assert "EINVAL" in out and "rc=1" in out
        assert re.search(r"zone start refused: config rejected: " + field,
                         run.output())

    run.child.sendline("poweroff -f")
    assert run.wait_exit() == 0


def test_zone_restart_20_times_leaks_nothing(zones_bundle, boot, root_disk):
    run = boot(cmd=aarch64_cmd(zones_bundle, gic=3, smp=4,
                                  root_pci=root_disk), timeout=TIMEOUT)
    run.expect(r"\[zone1\] \[ivc\] ready")
    root = Root(run)
    before = root.free_frames()
    out = root.sh("i=0; f=0; while [ $i -lt 20 ]; do "
                  "cvisor zone restart 1 >/dev/null || f=$((f+1)); "
                  "i=$((i+1)); done; echo restarts=$i failures=$f")
    assert "restarts=20 failures=0" in out
    assert root.free_frames() == before
    assert len(re.findall(r"zone 1 'ivc-demo': started",
                          run.output())) == 20
    root.sh("cvisor ivc send 0x79000000 0 still-there")
    assert "STILL-THERE" in root.sh("cvisor ivc recv 0x79000000")
    run.child.sendline("poweroff -f")
    assert run.wait_exit() == 0


def test_console_switching_and_cvisor_shell(zones_bundle, boot, root_disk):
    run = boot(cmd=aarch64_cmd(zones_bundle, gic=2, smp=4,
                                  root_pci=root_disk), timeout=TIMEOUT)
    run.expect(r"console: input -> zone 0 'root'; Ctrl-\] switches")
    root = Root(run)
    assert "typed-7" in root.sh("echo typed-$((3+4))")

    run.child.send("\x1d")
    run.expect(r"console input -> zone 1 'ivc-demo'")
    run.child.send("\x1d")
    run.expect(r"console input -> cvisor shell")
    run.expect(r"cvisor> ")

    def shell(cmd):
        run.child.sendline(cmd)
        run.expect(r"cvisor> ")
        return run.child.before

    out = shell("help")  # every line: it used to stop after 160 bytes
    assert "mem                  cvisor's frames and heap" in out, out
    assert "Ctrl-]               give the console to the next zone" in out
    out = shell("zones")  # CPU sets as the CLI prints them
    assert re.search(r"0\s+root\s+running\s+0-1\s", out), out
    assert re.search(r"1\s+ivc-demo\s+running\s+2\s", out), out
    assert re.search(r"frames: \d+ free of \d+", shell("mem"))
    assert "cpu3: idle in cvisor" in shell("cpus")
    assert "zone 1: stop: done" in shell("zone stop 1")
    assert "zone 1: start: done" in shell("zone start 1")
    assert "no zone '7'" in shell("zone stop 7")
    assert "not permitted" in shell("zone stop 0")
    assert "unknown command" in shell("reboot")

    run.child.send("\x1d")
    run.expect(r"console input -> zone 0 'root'")
    run.child.sendline("poweroff -f")
    assert run.wait_exit() == 0

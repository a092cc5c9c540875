"""riscv64 at aarch64's level: several zones on PLIC and on AIA. Debian's
Linux root zone (harts 0-1) manages the others with the cvisor CLI over
the management device, talks to the IVC guest (hart 2) over shared memory
and a doorbell through the virtual PLIC or the virtual APLIC/IMSIC file,
starts a zone from JSON on the free hart 3, restarts one 20 times without
losing a frame; console input with the escape key and the cvisor shell."""
import os
import re

import pytest

from conftest import (RISCV64_IRQCHIPS, TOP, RootShell, make, riscv64_cmd)

TIMEOUT = 420  # Linux on TCG under a loaded host; a run takes ~1-2 min
BUNDLE = os.path.join(TOP, "build", "riscv64-clang",
                      "qemu-virt-riscv64-zones.bundle")
SHM = "0xb9000000"  # the root zone's end of the IVC link


@pytest.fixture(scope="module")
def rv_zones_bundle():
    make("ARCH=riscv64", "build", "guest", "tools")
    make("ARCH=riscv64", "bundle", "CONFIG=qemu-virt-riscv64-zones")
    return BUNDLE


def ivc_roundtrip(root, text):
    root.sh(f"cvisor ivc send {SHM} 0 {text}")
    return text.upper() in root.sh(f"cvisor ivc recv {SHM} 5000")


@pytest.mark.parametrize("irqchip", RISCV64_IRQCHIPS)
def test_riscv64_zones_managed_from_root(rv_zones_bundle, boot, irqchip):
    run = boot(cmd=riscv64_cmd(rv_zones_bundle,
                               aia=RISCV64_IRQCHIPS[irqchip]),
               timeout=TIMEOUT)
    run.expect(r"console: input -> zone 0 'root'; Ctrl-\] switches")
    run.expect(r"\[zone1\] \[ivc\] doorbell through the "
               + ("aplic/imsic" if irqchip == "aia" else "plic"))
    root = RootShell(run)

    listing = root.sh("cvisor zone list")
    assert re.search(r"0\s+root\s+running\s+0-1\s", listing)
    assert re.search(r"1\s+ivc-demo\s+running\s+2\s", listing)
    assert "typed-7" in root.sh("echo typed-$((3+4))")

    # IVC both ways: the guest's doorbell (source 40 of its virtual
    # controller), its notification back.
    assert ivc_roundtrip(root, "hello-zone")
    assert '[zone1] [ivc] got "hello-zone"' in run.output()

    # A zone from JSON built by cvconfig in the root zone, on hart 3.
    assert "zone 2 started" in root.sh("cvisor zone start /root/zone2.json")
    run.expect_logged(r"\[zone2\] \[guest\] done, system off")
    run.expect_logged(r"zone 2 'guest': stopped \(CPUs parked, interrupts "
               r"released, memory scrubbed\)")
    assert re.search(r"2\s+guest\s+stopped\s+3", root.sh("cvisor zone list"))

    # Restart the IVC zone 20 times: no frame lost, and it still answers.
    before = root.free_frames()
    out = root.sh("i=0; f=0; while [ $i -lt 20 ]; do "
                  "cvisor zone restart 1 >/dev/null || f=$((f+1)); "
                  "i=$((i+1)); done; echo restarts=$i failures=$f")
    assert "restarts=20 failures=0" in out
    assert root.free_frames() == before
    assert len(re.findall(r"zone 1 'ivc-demo': started",
                          run.output())) == 20
    assert ivc_roundtrip(root, "still-there")

    # Stop and start; refusals reach the CLI as errors.
    root.sh("cvisor zone shutdown 1")
    assert re.search(r"1\s+ivc-demo\s+stopped", root.sh("cvisor zone list"))
    assert "zone 1 started" in root.sh("cvisor zone start 1")
    assert ivc_roundtrip(root, "again")
    out = root.sh("cvisor zone shutdown 0; echo rc=$?")
    assert "EPERM" in out and "rc=1" in out

    # The escape key: zone 1's console, zone 2's (stopped), cvisor's
    # shell, then back to the root zone.
    for target in (r"zone 1 'ivc-demo'", r"zone 2 'guest'", r"cvisor shell"):
        run.child.send("\x1d")
        run.expect(r"console input -> " + target)
    run.expect(r"cvisor> ")
    out = root.cvisor_shell("zones")
    assert re.search(r"0\s+root\s+running", out)
    assert re.search(r"1\s+ivc-demo\s+running", out)
    assert "cpu3: zone 2 'guest' vcpu0 off" in root.cvisor_shell("cpus")
    assert "zone 1: stop: done" in root.cvisor_shell("zone stop 1")
    assert "zone 1: start: done" in root.cvisor_shell("zone start 1")
    run.child.send("\x1d")
    run.expect(r"console input -> zone 0 'root'")
    run.child.sendline("poweroff -f")
    assert run.wait_exit() == 0

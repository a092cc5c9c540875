"""DMA isolation: a hostile zone's PCI device cannot write outside the zone.

configs/qemu-virt-aarch64-dma.json runs, on QEMU virt with iommu=smmuv3
and two edu PCI devices (00:02.0, 00:03.0), the victim (the root zone,
guests/aarch64-victim/, watching the checksum of 1 MiB of its RAM for
3 s) and the hostile DMA guest (guests/aarch64-dma/, zone 1), which owns
00:02.0 only. The hostile looks at its ECAM view (only its function
exists, its BAR only goes inside its share of the MMIO window, its INTx
arrives), copies its own RAM with the device's DMA engine, then programs
DMA into the victim's RAM and cvisor's memory, reading and writing; then
it restarts its zone (PSCI SYSTEM_RESET) and checks that cvisor stopped
its function meanwhile and that DMA inside the zone works again.

With the SMMU every attack is blocked, each blocked transfer is an SMMU
event in cvisor's log naming the zone and the device, and the victim's
checksum holds. With the test-only switch "iommu": "off" the same run
shows every attack succeeding (and the victim's checksum changing), so
the SMMU is what stops them.
"""
import json
import os
import re
import subprocess

import pytest

from conftest import CVCONFIG, TOP, aarch64_cmd

DMA_BUILD = os.path.join(TOP, "build", "dma-aarch64")
CONFIG = os.path.join(TOP, "configs", "qemu-virt-aarch64-dma.json")
BOOT_TIMEOUT = 40
EDU = ["-device", "edu,addr=2.0,dma_mask=0xffffffffffff",
       "-device", "edu,addr=3.0"]

VICTIM = 0x50400000
HV_TEXT = 0x40200000
HV_RESERVED = 0x46000000
# (attack, address, direction of the blocked transfers)
ATTACKS = [("victim-ram-read", VICTIM + 0x100, ["read"]),
           ("victim-ram-write", VICTIM, ["write", "read"]),
           ("hv-image-read", HV_TEXT, ["read"]),
           ("hv-ram-write", HV_RESERVED, ["write", "read"])]
CHECKS = ["foreign-function-id", "foreign-function-command",
          "host-bridge-id", "own-function-id", "own-bar0-size-mask",
          "own-bar0-placed", "edu-id", "edu-intx"]
EVENT = (r"\[cpu\d\] WARN: smmu: zone 1 'dma-hostile' device 00:02\.0 "
         r"\(StreamID 0x10\): DMA (read|write) at 0x([0-9a-f]+)-0x([0-9a-f]+) "
         r"blocked \(F_TRANSLATION, (\d+) faults\)")


def build_bundle(config, name):
    path = os.path.join(DMA_BUILD, name + ".bundle")
    p = subprocess.run([CVCONFIG, "build", config, "--arch", "aarch64",
                        "--image-dir", DMA_BUILD, "-o", path],
                       capture_output=True, text=True, check=True)
    return path, p.stderr


@pytest.fixture(scope="module")
def bundles(built):
    """The victim and the DMA guest, the bundle and its IOMMU-off twin."""
    for guest in ("aarch64-victim", "aarch64-dma"):
        subprocess.run(["make", "-s", "-C", os.path.join(TOP, "guests", guest),
                        "O=" + os.path.join(DMA_BUILD, guest)], check=True)
    on, warn_on = build_bundle(CONFIG, "dma")
    with open(CONFIG) as f:
        cfg = json.load(f)
    cfg["iommu"] = "off"
    off_json = os.path.join(DMA_BUILD, "dma-iommu-off.json")
    with open(off_json, "w") as f:
        json.dump(cfg, f)
    off, warn_off = build_bundle(off_json, "dma-iommu-off")
    assert "warning" not in warn_on
    assert re.search(r"warning: zones\[1\]\.pci\[0\]: 00:02\.0: the IOMMU "
                     r"is switched off", warn_off)
    return {"on": on, "off": off}


def run_dma(boot, bundle, gic):
    cmd = aarch64_cmd(bundle, gic=gic, smp=4)
    cmd += ["--machine-opts", "iommu=smmuv3", "--"] + EDU
    run = boot(cmd=cmd, timeout=BOOT_TIMEOUT)
    run.expect(r"\[zone1\] \[dma\] hello: zone 1, edu at 00:02\.0")
    run.expect(r"\[zone1\] \[dma\] \d+ attacks, \d+ breaches")
    # It restarts its zone: cvisor stops the function, the SMMU context
    # stays, DMA inside the zone works again.
    run.expect(r"\[cpu2\] zone 1 'dma-hostile': SYSTEM_RESET")
    run.expect(r"\[zone1\] \[dma\] restarted: command 0x0 bar0 0x0 at "
               r"start \(stopped by cvisor\)")
    run.expect(r"\[zone1\] \[dma\] dma own-ram after restart: ok")
    run.expect(r"\[victim\] done, system off")
    assert run.wait_exit() == 0, "the victim's SYSTEM_OFF must end QEMU"
    out = run.output().replace("\r\n", "\n")
    for bad in ("unexpected exception", "BUG:", "ERROR:"):
        assert bad not in out, bad
    return out


def outcomes(out):
    found = {}
    for m in re.finditer(r"^\[zone1\] \[dma\] attack (\S+): (.*)$", out,
                         re.M):
        found[m.group(1)] = m.group(2)
    assert list(found) == [a for a, _, _ in ATTACKS]
    return found


def check_view(out):
    """The ECAM view: only the zone's function, BARs inside its share."""
    for name in CHECKS:
        assert re.search(rf"^\[zone1\] \[dma\] check {name}: 0x[0-9a-f]+ "
                         r"\(as expected\)$", out, re.M), name
    assert re.search(r"WARN: zone 1 vcpu0: PCI config write 0x6 at "
                     r"00:03\.0 \+0x004: a function it does not own", out)
    assert re.search(r"WARN: zone 1 vcpu0: PCI config write 0x10100000 at "
                     r"00:02\.0 \+0x010: a BAR outside its share of the "
                     r"MMIO windows: not placed", out)
    assert "[zone1] [dma] dma own-ram: ok (256 bytes copied)" in out
    # The function's INTx (INTID 37) reached the zone, and nothing of it
    # (or anything else) reached the victim.
    assert re.search(r"^\[victim\] interrupts: \d+ timer ticks, 0 foreign",
                     out, re.M)


def events(out):
    """[(direction, first, last, faults)] of the SMMU events logged."""
    return [(m.group(1), int(m.group(2), 16), int(m.group(3), 16),
             int(m.group(4))) for m in re.finditer(EVENT, out)]


@pytest.mark.parametrize("gic", [3, 2], ids=["gicv3", "gicv2"])
def test_dma_attacks_blocked_by_smmu(bundles, boot, gic):
    out = run_dma(boot, bundles["on"], gic)
    check_view(out)
    for name, outcome in outcomes(out).items():
        assert outcome.startswith("blocked"), f"{name}: {outcome}"
    assert "[zone1] [dma] 4 attacks, 0 breaches" in out
    logged = events(out)
    for name, addr, directions in ATTACKS:
        for d in directions:
            assert any(e[0] == d and e[1] <= addr <= e[2] for e in logged), \
                f"no SMMU event for the {d} of {name} at 0x{addr:x}"
    assert len(logged) == sum(len(d) for _, _, d in ATTACKS), logged
    # Delivered by the event queue's interrupt while the zone runs, not
    # only drained when it stops.
    assert out.index("WARN: smmu: zone 1") < \
        out.index("[zone1] [dma] 4 attacks"), "no event before the end"
    assert "checksum ok after" in out and "CHECKSUM CHANGED" not in out
    assert "smmu: zone 1 'dma-hostile': 1 stream(s) translate" in out
    assert "last/root zone is off: powering the machine off" in out
    print(f"GICv{gic}: {len(ATTACKS)} DMA attacks blocked, "
          f"{len(logged)} SMMU events")


@pytest.mark.parametrize("gic", [3, 2], ids=["gicv3", "gicv2"])
def test_dma_attacks_succeed_without_smmu(bundles, boot, gic):
    out = run_dma(boot, bundles["off"], gic)
    check_view(out)
    for name, outcome in outcomes(out).items():
        assert outcome.startswith("BREACH"), f"{name}: {outcome}"
    assert "[zone1] [dma] 4 attacks, 4 breaches" in out
    assert not events(out), "no SMMU translates: no events"
    assert re.search(r"WARN: smmu: zone 1 'dma-hostile': 1 PCI function\(s\) "
                     r"with the IOMMU switched off", out)
    assert "[victim] CHECKSUM CHANGED" in out
    # What the device read from cvisor's image is cvisor's code.
    m = re.search(r"attack hv-image-read: BREACH: read 0x40200000: "
                  r"0x([0-9a-f]+)", out)
    assert int(m.group(1), 16) == elf_word(
        os.path.join(TOP, "build", "aarch64-clang", "cvisor.elf"), HV_TEXT)


def elf_word(path, vaddr):
    """The 64-bit little-endian word at vaddr in an ELF64's PT_LOADs."""
    with open(path, "rb") as f:
        data = f.read()
    phoff = int.from_bytes(data[0x20:0x28], "little")
    phentsize = int.from_bytes(data[0x36:0x38], "little")
    for i in range(int.from_bytes(data[0x38:0x3a], "little")):
        ph = data[phoff + i * phentsize:phoff + (i + 1) * phentsize]
        if int.from_bytes(ph[0:4], "little") != 1:  # PT_LOAD
            continue
        off = int.from_bytes(ph[8:16], "little")
        start = int.from_bytes(ph[16:24], "little")
        size = int.from_bytes(ph[32:40], "little")
        if start <= vaddr < start + size:
            at = off + vaddr - start
            return int.from_bytes(data[at:at + 8], "little")
    raise AssertionError(f"0x{vaddr:x} is in no PT_LOAD of {path}")

"""The zones demo's root zone: its disk and network are PCI functions
behind the SMMU (docs/iommu.md).

configs/qemu-virt-aarch64-zones.json gives the root zone 00:01.0 (a
virtio-blk-pci on a copy of the demo's root disk) and 00:02.0 (a
virtio-net-pci on QEMU's restricted user network), both with
iommu_platform=on so that QEMU sends their DMA through its SMMUv3
(scripts/run-aarch64 --root-pci). cvisor assigns their StreamIDs to the
root zone's stage-1 context; the root's Linux reads 1 MiB from the disk and
checks its SHA-256, writes a file that the host then finds on the image,
and pings QEMU's gateway. QEMU's own trace of the SMMU shows every one of
those transfers translated for StreamIDs 0x8 and 0x10 inside the root
zone's memory, and none bypassing or aborting.
"""
import os
import re
import subprocess

import pytest

from conftest import RootShell, aarch64_cmd, make

TIMEOUT = 240
BUNDLE = os.path.join(os.path.dirname(__file__), "..", "..", "build",
                      "aarch64-clang", "qemu-virt-aarch64-zones.bundle")
# The root zone's memory in configs/qemu-virt-aarch64-zones.json (RAM and
# its IVC link), identity-mapped (IPA = PA).
ROOT_MEMORY = [(0x48000000, 640 << 20), (0x79000000, 64 << 10)]
TRACE = re.compile(r"^(smmuv3_translate_\w+) \S+ sid=0x([0-9a-f]+)"
                   r"(?: iova=0x([0-9a-f]+) translated=0x([0-9a-f]+))?",
                   re.M)


@pytest.fixture(scope="module")
def zones_bundle(built):
    make("bundle", "CONFIG=qemu-virt-aarch64-zones")
    return BUNDLE


def in_root_memory(addr):
    return any(base <= addr < base + size for base, size in ROOT_MEMORY)


@pytest.mark.parametrize("gic", [3, 2])
def test_root_disk_and_network_dma_through_the_smmu(zones_bundle, boot,
                                                    root_disk, tmp_path,
                                                    gic):
    trace = tmp_path / "smmu-trace.txt"
    cmd = aarch64_cmd(zones_bundle, gic=gic, smp=4, root_pci=root_disk)
    cmd += ["--", "-d", "trace:smmuv3_translate_*", "-D", str(trace)]
    run = boot(cmd=cmd, timeout=TIMEOUT)

    # cvisor: both functions are the root's, their streams its context.
    run.expect(r"pci: zone 0 owns 00:01\.0 \(StreamID 0x8, INTx 36\)")
    run.expect(r"pci: zone 0 owns 00:02\.0 \(StreamID 0x10, INTx 37\)")
    run.expect(r"smmu: zone 0 'root': 2 stream\(s\) translate with its "
               r"memory map")
    root = RootShell(run)
    assert "is DMA-capable and no IOMMU" not in run.output()

    # Linux: only the two functions on the platform's bus (the host
    # bridge 00:00.0 is not the zone's), both virtio with
    # VIRTIO_F_ACCESS_PLATFORM (bit 33) negotiated.
    out = root.sh("ls /sys/bus/pci/devices | grep ^0000:")
    assert out.split()[-2:] == ["0000:00:01.0", "0000:00:02.0"], out
    out = root.sh("for d in /sys/bus/virtio/devices/*; do "
                  "echo $(readlink -f $d) $(cut -c34 $d/features); done")
    assert re.search(r"/0000:00:01\.0/virtio\d+ 1", out), out
    assert re.search(r"/0000:00:02\.0/virtio\d+ 1", out), out

    # The disk: 1 MiB read and checked, a file written for the host.
    assert "data.bin: OK" in root.sh("cd /mnt && sha256sum -c data.sha256;"
                                     " cd /")
    root.sh("echo written-by-the-root-zone > /mnt/from-root.txt; "
            "umount /mnt; echo umounted")
    # The network: QEMU's gateway answers.
    assert " 0% packet loss" in root.sh("ping -c 3 -W 5 10.0.2.2")
    assert not re.search(r"smmu: zone 0 .*blocked", run.output())

    run.child.sendline("poweroff -f")
    assert run.wait_exit() == 0
    got = subprocess.run(["debugfs", "-R", "cat /from-root.txt", root_disk],
                         capture_output=True, text=True, check=True).stdout
    assert got.strip() == "written-by-the-root-zone"

    # QEMU's SMMU: every transfer of both devices translated inside the
    # root zone's memory, none bypassing, aborting or untranslated.
    seen = {}
    for kind, sid, iova, out_pa in TRACE.findall(trace.read_text()):
        assert kind == "smmuv3_translate_success", (kind, sid)
        assert int(sid, 16) in (0x8, 0x10), sid
        assert in_root_memory(int(iova, 16)), iova
        assert iova == out_pa  # the root zone's IPA is its PA
        seen[int(sid, 16)] = seen.get(int(sid, 16), 0) + 1
    assert seen.get(0x8, 0) > 0 and seen.get(0x10, 0) > 0, seen

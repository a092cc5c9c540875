"""virtio for a non-root zone on riscv64 (docs/virtio.md), as on aarch64:
zone 1 runs Debian's riscv64 kernel from a virtio disk that the root
zone's daemon (`cvisor virtio`, built for riscv64) serves, woken through
the virtual PCI host bridge's INTx on the root's virtual PLIC (or virtual
APLIC domain); zone 1's transports interrupt it through its own. It
reaches the disk's init, pings and is pinged over virtio-net, answers a
line typed into its virtio console; on the PLIC it also reads back after
a restart what it wrote, and a second restart leaves cvisor's free frames
and the daemon's memory as they were (the lifecycle is the interrupt controller's
business only through the zone's reset, which test_zones_riscv64 covers
on both)."""
import os
import re
import shutil

import pytest

from conftest import (RISCV64_IRQCHIPS, TOP, VirtioRoot, make, riscv64_cmd,
                      virtio_disk_args)

TIMEOUT = 600          # Linux twice on TCG under a loaded host
RESTART_TIMEOUT = 240  # one zone restart, Linux to its init
IDLE_SECONDS = 10
BUNDLE = os.path.join(TOP, "build", "riscv64-clang",
                      "qemu-virt-riscv64-virtio.bundle")
DISK = os.path.join(TOP, "build", "riscv64-demo", "zone-disk.img")


@pytest.fixture(scope="module")
def rv_virtio_bundle():
    make("ARCH=riscv64", "build", "guest", "tools")
    make("ARCH=riscv64", "bundle", "CONFIG=qemu-virt-riscv64-virtio")
    return BUNDLE


@pytest.mark.parametrize("irqchip", sorted(RISCV64_IRQCHIPS))
def test_zone_on_virtio_disk_network_console(rv_virtio_bundle, boot,
                                             tmp_path, capsys, irqchip):
    disk = str(tmp_path / "zone-disk.img")
    shutil.copy(DISK, disk)
    cmd = riscv64_cmd(rv_virtio_bundle, aia=RISCV64_IRQCHIPS[irqchip])
    run = boot(cmd=cmd + virtio_disk_args(disk), timeout=TIMEOUT)
    run.expect(r"zone 1: 3 virtio device\(s\), served through PCI 00:01.0")
    # The root's kernel finds cvisor's bridge and the zone's function.
    run.expect(r"pci 0000:00:01.0: \[1af4:1110\]")
    pid = run.expect(r"cvisor-virtio: daemon pid (\d+) serving zone 1")[1]
    root = VirtioRoot(run, RESTART_TIMEOUT)
    # Zone 1: Debian's kernel, our initramfs, switch_root to the disk.
    run.expect_logged(r"\[zone1\] zone-initramfs: /dev/vda mounted")
    run.expect_logged(r"zone-disk: init on virtio-blk, boot 1, "
                      r"eth0 10.0.0.2")
    root.settle()
    log = root.sh("cat /tmp/virtio.log")
    assert "serving zone 1 (3 device(s), RAM 0x80000000+0x10000000)" in log
    assert re.search(r"1\s+linux-virtio\s+running\s+2",
                     root.sh("cvisor zone list"))
    # The daemon sleeps on the uio line: its interrupt is the bridge's
    # INTx, PLIC or APLIC source 56 + slot 1.
    assert re.search(r"(PLIC|APLIC\S*)\s+57\b.*uio_pci_generic",
                     root.sh("grep uio /proc/interrupts"))

    root.exercise_devices()
    ticks, irqs = root.idle_daemon(pid, IDLE_SECONDS)
    with capsys.disabled():
        print(f"\nvirtio daemon idle for {IDLE_SECONDS} s ({irqchip}): "
              f"{ticks} CPU ticks of 10 ms, {irqs} uio "
              "interrupts")
    if irqchip != "plic":  # one restart run is enough for the budget
        run.child.sendline("poweroff -f")
        assert run.wait_exit() == 0
        return

    # A restart with the devices attached: the daemon stays, the zone
    # reads back what it wrote (never printed before: only the file
    # holds it).
    root.restart_zone(2)
    root.in_zone_console("cat /root/mark", r"persisted-2")
    # One more: nothing leaks in cvisor or the daemon.
    frames, memory = root.free_frames(), root.daemon_memory(pid)
    root.restart_zone(3)
    assert root.free_frames() == frames
    assert root.daemon_memory(pid) == memory

    # Stopped, the zone's disk is the root's to read.
    assert "zone 1 shut down" in root.sh("cvisor zone shutdown 1")
    out = root.sh("mount /dev/vda /mnt && cat /mnt/root/mark /mnt/var/boots")
    assert "persisted-2" in out
    assert re.search(r"\n3\r*(\n|$)", out)  # /var/boots: 3 boots
    root.sh("umount /mnt")
    assert root.sh(f"cat /proc/{pid}/comm").strip() == "cvisor"  # serving

    run.child.sendline("poweroff -f")
    assert run.wait_exit() == 0

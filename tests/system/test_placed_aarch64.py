"""The root zone's kernel placed by the boot loader (cvconfig
--place-root-images, docs/config.md): the test guest runs from where QEMU's
loader put it, cvisor copying nothing; a placed image that is not the one
the bundle was built with (changed, or not loaded at all) is refused by its
head sum before anything runs."""
import os
import subprocess

import pytest

from conftest import CVCONFIG, GUEST_DIR, TOP

CONFIG = os.path.join(TOP, "configs", "qemu-virt-aarch64-1cpu.json")
TIMEOUT = 120


def build_placed(tmp_path):
    out = str(tmp_path / "placed.bundle")
    subprocess.run([CVCONFIG, "build", CONFIG, "--image-dir", GUEST_DIR,
                    "--place-root-images", "-o", out], check=True,
                   capture_output=True)
    return out


def test_placed_kernel_boots(built, boot, tmp_path):
    bundle = build_placed(tmp_path)
    kernel = bundle + ".kernel"
    with open(bundle + ".loads") as f:
        assert f.read().split() == ["0x50080000", os.path.realpath(kernel)]
    with open(kernel, "rb") as k, \
            open(os.path.join(GUEST_DIR, "guest.bin"), "rb") as g:
        assert k.read() == g.read()
    run = boot(bundle, gic=3, smp=1, timeout=TIMEOUT)
    run.expect(r"zone 0: kernel: \d+ bytes at ipa 0x40080000 "
               r"\(pa 0x50080000\), placed by the boot loader")
    run.expect(r"\[guest\] hello from vcpu0 el=1")
    run.expect(r"\[guest\] done, system off")
    assert run.wait_exit() == 0


@pytest.mark.parametrize("damage", ["changed", "not-loaded"])
def test_placed_kernel_not_the_built_one_is_refused(built, boot, tmp_path,
                                                    damage):
    bundle = build_placed(tmp_path)
    if damage == "changed":  # one bit of its first 4 KiB
        with open(bundle + ".kernel", "r+b") as f:
            f.seek(100)
            b = f.read(1)
            f.seek(100)
            f.write(bytes([b[0] ^ 1]))
    else:  # the boot loader was not told: zone memory holds zeros
        os.unlink(bundle + ".loads")
    run = boot(bundle, gic=3, smp=1, timeout=TIMEOUT)
    run.expect(r"zone 0: kernel placed at pa 0x50080000: head sum "
               r"0x[0-9a-f]+, the configuration's 0x[0-9a-f]+ \(not "
               r"loaded, or another image\)")
    run.expect(r"no zone to run: powering off")
    assert run.wait_exit() == 0
    assert "[guest]" not in run.output()

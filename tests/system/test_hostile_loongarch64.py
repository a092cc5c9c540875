"""loongarch64 isolation: a hostile guest (guests/loongarch64/hostile.c)
in LVZ guest mode on the QEMU-LVZ build.

The zone's RAM is guest-physical 0..64 MiB (host 128 MiB); cvisor's image
and staging area lie below 64 MiB in host addresses, which for the guest
are its own RAM. Memory outside its RAM (its RAM's host address, the PCH
interrupt controllers, high addresses) must come back as exceptions cvisor
reflects and logs; an IPI and mailbox data to a CPU outside the zone and
EXTIOI routing writes are refused; bad hypercalls fail.
"""
import os
import subprocess

import pytest

from conftest import CVCONFIG, TOP
from test_boot_loongarch64 import la_cmd, needs_lvz

GUEST = os.path.join(TOP, "build", "guest-loongarch64")
CONFIG = """{ "zones": [ {
  "name": "hostile", "id": 0, "root": true, "autostart": true, "cpus": [0],
  "memory": [ { "ipa": "0x0", "pa": "0x08000000", "size": "64M",
                "flags": "rwx" } ],
  "devices": [ { "name": "uart", "base": "0x1fe00000", "size": "0x4000" } ],
  "kernel": { "file": "hostile.bin", "load_ipa": "0x200000" },
  "entry": "0x200000" } ] }"""

MEMORY = [("own-ram-host-address-write", "write", 0x08000000),
          ("past-ram-read", "read", 0x04000000),
          ("pch-rtc-write", "write", 0x100d0100),
          ("pch-msi-write", "write", 0x2ff00000),
          ("high-read", "read", 0x100000000)]
OTHERS = ["foreign-ipi-mailbox-extioi", "hc-unknown-code",
          "hc-zone-info-outside-ram", "hc-ivc-no-link",
          "hc-hv-info-bad-selector"]


@pytest.fixture(scope="module")
def hostile_bundle(tmp_path_factory):
    subprocess.run(["make", "-s", "-C", TOP, "ARCH=loongarch64", "build",
                    "tools"], check=True)
    subprocess.run(["make", "-s", "-C",
                    os.path.join(TOP, "guests", "loongarch64"),
                    f"O={GUEST}"], check=True)
    tmp = tmp_path_factory.mktemp("hostile-la")
    (tmp / "hostile.json").write_text(CONFIG)
    out = tmp / "hostile.bundle"
    subprocess.run([CVCONFIG, "build", str(tmp / "hostile.json"), "--arch",
                    "loongarch64", "--image-dir", GUEST, "-o", str(out)],
                   check=True)
    return str(out)


@needs_lvz
def test_hostile_guest_cannot_break_out(hostile_bundle, boot):
    cmd = la_cmd("lvz")
    cmd[cmd.index("--bundle") + 1] = hostile_bundle
    run = boot(cmd=cmd, timeout=60)
    run.expect(r"\[guest\] hello: zone 0 in LVZ guest mode")
    for name, kind, addr in MEMORY:
        run.expect(rf"WARN: zone 0 vcpu0: illegal {kind} of 4 bytes at ipa "
                   rf"0x{addr:x} ")
        run.expect(rf"\[guest\] {name}: refused \(exception\)")
    # The IPI and the mailbox write to CPU 1, which is not the zone's.
    run.expect(r"WARN: zone 0 vcpu0: IPI to absent vcpu1 ignored")
    run.expect(r"WARN: zone 0 vcpu0: IPI to absent vcpu1 ignored")
    for name in OTHERS:
        run.expect(rf"\[guest\] {name}: refused")
    m = run.expect(r"\[guest\] (\d+) attacks, (\d+) breaches")
    assert (int(m.group(1)), int(m.group(2))) == \
        (len(MEMORY) + len(OTHERS), 0)
    run.expect(r"zone 0 'hostile': SYSTEM_OFF")
    assert "BREACH" not in run.output()

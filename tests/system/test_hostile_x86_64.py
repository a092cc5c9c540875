"""x86_64 isolation: a hostile guest (guests/x86_64/hostile.c) on Bochs.

The zone's RAM is guest-physical 0..4 MiB at host 64 MiB. The guest reads
and writes cvisor's image and staging area (by their host addresses), its
own RAM by its host address, past its RAM and the top of the address
space, the LAPIC's ICR and the IOAPIC, and stores (a MOV and an emulated
INS) into its own read-only region: each must end in a #GP that cvisor
injects and logs. Port I/O to the PIC and PIT goes nowhere. Bad hypercalls
fail with the ABI's errors. Then the guest shuts down and cvisor powers the
machine off.
"""
import os
import re
import subprocess

import pytest

from conftest import CVCONFIG, TOP

RUN = os.path.join(TOP, "scripts", "run-x86_64")
GUEST = os.path.join(TOP, "build", "guest-x86_64")
CONFIG = """{ "zones": [ {
  "name": "hostile", "id": 0, "root": true, "autostart": true, "cpus": [0],
  "memory": [ { "ipa": "0x0", "pa": "0x04000000", "size": "4M",
                "flags": "rwx" },
              { "ipa": "0x800000", "pa": "0x04800000", "size": "64K",
                "flags": "r" } ],
  "kernel": { "file": "hostile.bin", "load_ipa": "0x10000" },
  "entry": "0x10000" } ] }"""

MEMORY = [("hv-image-read", "read", 0x01000000),
          ("hv-image-write", "write", 0x01000000),
          ("hv-staging-read", "read", 0x03000000),
          ("own-ram-host-address-write", "write", 0x04000000),
          ("past-ram-read", "read", 0x00400000),
          ("top-read", "read", 0xfffff000),
          ("lapic-icr-init-all", "write", 0xfee00300),
          ("ioapic-select-write", "write", 0xfec00000),
          ("ro-ram-write", "write", 0x00800000)]
OTHERS = ["pic-pit-ports", "hc-unknown-code", "hc-not-cvisor",
          "hc-zone-info-outside-ram", "hc-ivc-no-link",
          "hc-hv-info-bad-selector", "hc-restart-self"]


@pytest.fixture(scope="module")
def hostile_bundle(tmp_path_factory):
    subprocess.run(["make", "-s", "-C", TOP, "ARCH=x86_64", "build", "tools"],
                   check=True)
    subprocess.run(["make", "-s", "-C", os.path.join(TOP, "guests", "x86_64"),
                    f"O={GUEST}"], check=True)
    tmp = tmp_path_factory.mktemp("hostile-x86")
    (tmp / "hostile.json").write_text(CONFIG)
    out = tmp / "hostile.bundle"
    subprocess.run([CVCONFIG, "build", str(tmp / "hostile.json"), "--arch",
                    "x86_64", "--image-dir", GUEST, "-o", str(out)],
                   check=True)
    return str(out)


def test_hostile_guest_cannot_break_out(hostile_bundle, boot):
    run = boot(cmd=[RUN, "--emu", "bochs", "--smp", "2", "--mem", "256M",
                    "--hv", os.path.join(TOP, "build", "x86_64-clang",
                                         "cvisor.elf"),
                    "--bundle", hostile_bundle], timeout=240)
    run.expect(r"\[hostile\] hello: zone 0")
    for name, kind, addr in MEMORY:
        run.expect(rf"WARN: zone 0 vcpu0: EPT violation: {kind} at gpa "
                   rf"0x{addr:x} ")
        run.expect(rf"\[hostile\] {name}: refused \(#GP\)")
    # INS into the read-only RAM: cvisor's string I/O emulation refuses
    # to store there (the region has no "w").
    run.expect(r"WARN: zone 0 vcpu0: INS of 1 byte\(s\) at port 0x3fd, "
               r"memory 0x800000 \(gpa 0x800000\): RAM the zone may not "
               r"write: #GP injected")
    run.expect(r"\[hostile\] ins-into-ro-ram: refused \(#GP\)")
    for name in OTHERS:
        run.expect(rf"\[hostile\] {name}: refused")
    m = run.expect(r"\[hostile\] 0x([0-9a-f]+) attacks, 0x([0-9a-f]+) "
                   r"breaches")
    assert (int(m.group(1), 16), int(m.group(2), 16)) == \
        (len(MEMORY) + 1 + len(OTHERS), 0)
    run.expect(r"powering the machine off")
    out = run.output()
    assert "BREACH" not in out
    # The port accesses were logged (the first few per vCPU).
    for port in (0x20, 0x21, 0x43, 0x40):
        assert re.search(rf"WARN: zone 0 vcpu0: OUT of 1 byte\(s\) at port "
                         rf"0x{port:x}: no device", out), hex(port)

"""GIC and PSCI conformance: what a guest reads back from cvisor's emulation.

guests/aarch64-gicconf/ (a zone of two vCPUs owning SPIs 64-71) writes and
reads back the emulated distributor (GICv2 and GICv3), the redistributors
(GICv3) and calls every PSCI 1.1 function; each rule prints one line,
"ok <rule>" or "FAIL <rule>: ...", and the run ends with a count
(docs/gic-conformance.md lists the rules).
"""
import os
import re
import subprocess

import pytest

from conftest import CVCONFIG, TOP

GUEST = os.path.join(TOP, "guests", "aarch64-gicconf")
OUT = os.path.join(TOP, "build", "gicconf-aarch64")
# Rules checked on each GIC version (the guest's own count must match).
MIN_RULES = {2: 55, 3: 78}


@pytest.fixture(scope="module")
def gicconf_bundle(built):
    subprocess.run(["make", "-s", "-C", GUEST, "O=" + OUT], check=True)
    bundle = os.path.join(OUT, "gicconf.bundle")
    subprocess.run([CVCONFIG, "build", os.path.join(GUEST, "zone.json"),
                    "--image-dir", OUT, "-o", bundle], check=True)
    return bundle


@pytest.mark.parametrize("gic", [3, 2])
def test_gic_and_psci_rules_hold(gicconf_bundle, boot, gic):
    run = boot(gicconf_bundle, gic=gic, smp=4, timeout=90)
    run.expect(rf"\[gicconf\] gic v{gic}, 2 vCPUs")
    m = run.expect(r"\[gicconf\] checks: (\d+) ok, (\d+) failed")
    ok, failed = int(m.group(1)), int(m.group(2))
    assert run.wait_exit() == 0
    out = run.output()
    fails = re.findall(r"\[gicconf\] FAIL [^\r\n]*", out)
    assert not fails, "\n".join(fails)
    assert failed == 0
    assert ok >= MIN_RULES[gic], f"only {ok} rules ran"
    assert len(re.findall(r"\[gicconf\] ok ", out)) == ok
    # cvisor logged the refused writes to another zone's interrupt.
    assert re.search(r"GICD write at \+0x[0-9a-f]+ touches interrupt 100 "
                     r"it does not own: ignored", out)

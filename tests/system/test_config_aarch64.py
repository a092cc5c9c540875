"""Configurations the hypervisor itself must refuse, with field and reason."""
import json
import subprocess

import pytest

from conftest import CVCONFIG, GUEST_DIR, aarch64_cmd, build_bundle


def zone(**over):
    z = {
        "name": "testguest", "id": 0, "root": True, "autostart": True,
        "cpus": [0, 1],
        "memory": [{"ipa": "0x40000000", "pa": "0x50000000",
                    "size": "16M", "flags": "rwx"}],
        "console": {"type": "pl011", "base": "0x09000000", "irq": 33},
        "kernel": {"file": "guest.bin", "load_ipa": "0x40080000"},
        "entry": "0x40080000",
    }
    z.update(over)
    return json.dumps({"zones": [z]})


def refused(built, boot, tmp_path, cfg, field, reason, machine_opts=None,
            gic=3):
    rc, err, bundle = build_bundle(tmp_path, cfg)
    assert rc == 0, err  # platform rules are only known at boot
    cmd = aarch64_cmd(bundle, smp=4, gic=gic)
    if machine_opts:
        cmd += ["--machine-opts", machine_opts]
    run = boot(cmd=cmd)
    m = run.expect(r"config rejected: (\S+): ([^\r\n]+)\r*\n")
    assert m.group(1) == field
    assert reason in m.group(2)
    run.expect(r"no zone to run: powering off")
    assert run.wait_exit() == 0
    assert "[guest]" not in run.output()


def test_config_memory_over_hypervisor_refused(built, boot, tmp_path):
    cfg = zone(memory=[{"ipa": "0x40000000", "pa": "0x43000000",
                        "size": "16M", "flags": "rwx"}])
    refused(built, boot, tmp_path, cfg, "zones[0].mem[0].pa", "hypervisor")


def test_config_cpu_not_on_machine_refused(built, boot, tmp_path):
    refused(built, boot, tmp_path, zone(cpus=[0, 6]), "zones[0].cpus", "6")


def test_config_memory_outside_ram_refused(built, boot, tmp_path):
    cfg = zone(memory=[{"ipa": "0x40000000", "pa": "0x90000000",
                        "size": "16M", "flags": "rwx"}])
    refused(built, boot, tmp_path, cfg, "zones[0].mem[0].pa", "RAM")


def test_config_irq_not_on_platform_refused(built, boot, tmp_path):
    refused(built, boot, tmp_path, zone(irqs=[900]), "zones[0].irqs[0]",
            "900")


def test_config_console_irq_not_on_platform_refused(built, boot, tmp_path):
    cfg = zone(console={"type": "pl011", "base": "0x09000000", "irq": 800})
    refused(built, boot, tmp_path, cfg, "zones[0].console.irq", "800")


def test_config_add_zone_bundle_refused_at_boot(built, boot, tmp_path):
    src = tmp_path / "add.json"
    src.write_text(zone(root=False, id=3))
    out = tmp_path / "add.bundle"
    p = subprocess.run([CVCONFIG, "build", str(src), "--add-zone",
                        "--image-dir", GUEST_DIR, "-o", str(out)],
                       capture_output=True, text=True)
    assert p.returncode == 0, p.stderr
    run = boot(str(out), smp=4)
    run.expect(r"config rejected: header.flags: this bundle adds a zone")
    run.expect(r"no zone to run: powering off")
    assert run.wait_exit() == 0


# MMIO cvisor keeps (docs/iommu.md): a zone given the SMMU's registers
# could switch translation off, one given the ECAM could reprogram every
# PCI function, one given a GIC frame could take other zones' interrupts.
@pytest.mark.parametrize("name,base,what,gic", [
    ("smmu", "0x09050000", "the SMMU's registers 0x9050000+0x20000", 3),
    ("ecam", "0x4010000000", "the PCI host bridge's ECAM 0x4010000000+", 3),
    ("gicr", "0x080c0000", "the GIC redistributors 0x80a0000+", 3),
    ("gich", "0x08030000", "the GIC hypervisor interface 0x8030000+", 2)])
def test_config_device_on_cvisors_mmio_refused(built, boot, tmp_path, name,
                                               base, what, gic):
    cfg = zone(devices=[{"name": name, "base": base, "size": "0x1000"}])
    refused(built, boot, tmp_path, cfg, "zones[0].devices[0].base", what,
            machine_opts="iommu=smmuv3", gic=gic)

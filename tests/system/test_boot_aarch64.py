"""The aarch64 foundation: the seed boot flow and the test guest in its zone."""
import re

import pytest

from conftest import bundle_path

CONFIGS = [
    pytest.param(3, 4, id="gicv3-smp4"),
    pytest.param(2, 4, id="gicv2-smp4"),
    pytest.param(3, 1, id="gicv3-smp1"),
    pytest.param(2, 1, id="gicv2-smp1"),
]


def config_for(smp):
    return "qemu-virt-aarch64-1cpu" if smp == 1 else "qemu-virt-aarch64"


@pytest.mark.parametrize("gic,smp", CONFIGS)
def test_boot_flow_steps_in_order(built, boot, gic, smp):
    run = boot(bundle_path(config_for(smp)), gic=gic, smp=smp)
    steps = [
        r"\[cpu0\] install_trap_vector: done",
        r"\[cpu0\] cvisor \S+ - a Type-1 hypervisor",
        r"\[cpu0\] primary: elected",
        r"\[cpu0\] has_hardware_support: yes",
        r"\[cpu0\] heap: ",
        r"\[cpu0\] percpu_create: ",
    ]
    steps += [rf"wakeup_secondary_cpus: cpu{i} [^\r\n]*started"
              for i in range(1, smp)]
    steps += [
        rf"\[cpu0\] all {smp} CPU\(s\) entered",
        r"\[cpu0\] init_early: frame allocator: \d+ frames",
        rf"\[cpu0\] init_early: irqchip GICv{gic}",
        r"\[cpu0\] init_early: event system ready",
        r"\[cpu0\] init_early: zone 0 'testguest' created",
        r"\[cpu0\] init_early: done, INIT_EARLY_OK",
    ]
    for step in steps:
        run.expect(step)
    # per_cpu_init runs on every CPU, in any order, before init_late.
    seen = set()
    while len(seen) < smp:
        m = run.expect(r"\[cpu(\d+)\] per_cpu_init: HCR_EL2=0x\w+ "
                       rf"VTCR_EL2=0x\w+ [^\r\n]*GICv{gic} CPU interface")
        seen.add(int(m.group(1)))
    assert seen == set(range(smp))
    run.expect(r"\[cpu0\] init_late: ")
    run.expect(r"\[cpu0\] run_vm: zone 0 'testguest' vcpu0 enters guest")
    assert run.wait_exit() == 0


@pytest.mark.parametrize("gic,smp", CONFIGS)
def test_guest_runs_takes_timer_irqs_and_survives_abort(built, boot, gic,
                                                        smp):
    run = boot(bundle_path(config_for(smp)), gic=gic, smp=smp)
    run.expect(r"\[guest\] hello from vcpu0 el=1")
    run.expect(rf"\[guest\] gic v{gic}")
    run.expect(r"\[guest\] psci version 1\.1")
    run.expect(r"\[guest\] cvisor hypercall version 0x10000")
    if smp > 1:
        run.expect(r"\[guest\] vcpu1 started")
    else:
        run.expect(r"\[guest\] vcpu1 not available \(psci -2\)")
    run.expect(r"\[guest\] done, system off")
    assert run.wait_exit() == 0, "SYSTEM_OFF must end QEMU with status 0"
    out = run.output()
    assert "[guest] vcpu0: timer ok, 10 ticks" in out
    if smp > 1:
        assert "[guest] vcpu1: timer ok, 10 ticks" in out
        assert re.search(r"\[cpu1\] run_vm: zone 0 'testguest' vcpu1 "
                         r"enters guest", out)
    # The illegal access: logged by cvisor, reflected as a guest abort
    # (EC 0x25, external abort), and both sides carry on.
    assert re.search(r"\[cpu0\] WARN: zone 0 vcpu0: illegal read of 4 "
                     r"bytes at ipa 0x48000000", out)
    assert "[guest] abort caught: far=0x48000000 esr=0x96000010" in out
    assert "[guest] survived illegal access" in out
    assert "powering the machine off" in out
    assert "unexpected exception" not in out
    assert "BUG:" not in out


def test_vcpus_stay_on_their_own_cpus(built, boot):
    """The zone owns CPUs 0-1: its vCPUs run there and nowhere else."""
    run = boot(bundle_path("qemu-virt-aarch64"), gic=3, smp=4)
    run.expect(r"\[guest\] done, system off")
    assert run.wait_exit() == 0
    out = run.output()
    entered = re.findall(r"\[cpu(\d)\] run_vm: zone 0 'testguest' "
                         r"vcpu(\d) enters guest", out)
    assert sorted(entered) == [("0", "0"), ("1", "1")]


def test_cpus_outside_every_zone_idle(built, boot):
    run = boot(bundle_path("qemu-virt-aarch64"), gic=3, smp=4)
    run.expect(r"\[guest\] done, system off")
    assert run.wait_exit() == 0
    out = run.output()
    for cpu in (2, 3):
        assert f"[cpu{cpu}] run_vm: no zone owns this CPU; idle" in out


@pytest.mark.parametrize("gic", [3, 2])
def test_guest_output_lines_are_never_interleaved(built, boot, gic):
    """The zone's console is emulated: its lines reach the UART whole."""
    run = boot(bundle_path("qemu-virt-aarch64"), gic=gic, smp=4)
    run.expect(r"\[guest\] done, system off")
    assert run.wait_exit() == 0
    for line in run.output().splitlines():
        if line.strip():
            assert re.fullmatch(r"\[(cpu\d|guest)\] [^\[]*(\[.*)?", line), \
                line

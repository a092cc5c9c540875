"""x86_64 (Intel VMX): the seed boot flow on Bochs, the "no VMX" stop on QEMU.

Bochs always exits with status 1 (its shutdown port is a "fatal" event):
scripts/run-x86_64 judges the run from the serial log and exits 0 only when
cvisor powered the machine off after the last zone shut down.
"""
import os
import re
import subprocess

import pytest

from conftest import TOP

RUN = os.path.join(TOP, "scripts", "run-x86_64")


def build_dir(cross):
    return os.path.join(TOP, "build", f"x86_64-{cross}")


@pytest.fixture(scope="session")
def built_x86():
    """cvisor (clang and GCC), the test guests and both bundles."""
    for cross in ("clang", "gcc"):
        subprocess.run(["make", "-s", "-C", TOP, "ARCH=x86_64",
                        f"CROSS={cross}", "build"], check=True)
    for config in ("bochs-x86_64", "bochs-x86_64-triple"):
        subprocess.run(["make", "-s", "-C", TOP, "ARCH=x86_64",
                        f"CONFIG={config}", "bundle"], check=True)
    return build_dir("clang")


def x86_cmd(emu="bochs", smp=2, cross="clang", config="bochs-x86_64"):
    return [RUN, "--emu", emu, "--smp", str(smp), "--mem", "256M",
            "--hv", os.path.join(build_dir(cross), "cvisor.elf"),
            "--bundle", os.path.join(build_dir("clang"), config + ".bundle")]


def expect_boot_flow(run, smp):
    steps = [
        r"\[cpu0\] install_trap_vector: done",
        r"\[cpu0\] platform: ACPI MADT: %d enabled CPU" % smp,
        r"\[cpu0\] multiboot2: boot bundle 0x\w+\+0x\w+ moved to staging",
        r"\[cpu0\] cvisor \S+ - a Type-1 hypervisor",
        rf"\[cpu0\]   arch x86_64, board bochs-x86_64, {smp} CPU",
        r"\[cpu0\] primary: elected",
        r"\[cpu0\] has_hardware_support: yes \(VMX, FEATURE_CONTROL=0x5, "
        r"EPT, VPID, UG\)",
        r"\[cpu0\] heap: ",
        r"\[cpu0\] percpu_create: hwid 0x0",
    ]
    steps += [rf"wakeup_secondary_cpus: cpu{i} \(hwid 0x{i:x}\): started"
              for i in range(1, smp)]
    steps += [
        rf"\[cpu0\] all {smp} CPU\(s\) entered",
        r"\[cpu0\] init_early: frame allocator: \d+ frames",
        r"\[cpu0\] init_early: LAPIC at 0xfee00000, IOAPIC at 0xfec00000",
        r"\[cpu0\] init_early: irqchip LAPIC\+IOAPIC, 24 interrupts",
        r"\[cpu0\] init_early: event system ready",
        r"\[cpu0\] init_early: zone 0 'testguest' created",
        r"\[cpu0\] init_early: done, INIT_EARLY_OK",
    ]
    for step in steps:
        run.expect(step)
    # VMXON on every CPU, in any order, before init_late.
    seen = set()
    while len(seen) < smp:
        m = run.expect(r"\[cpu(\d+)\] per_cpu_init: VMXON ok \(VMCS revision "
                       r"0x2b, region 0x\w+\), CR0=0x\w+ CR4=0x\w+, EPT "
                       r"4-level WB, VPID, unrestricted guest")
        seen.add(int(m.group(1)))
    assert seen == set(range(smp))
    run.expect(r"\[cpu0\] init_late: ")
    run.expect(r"\[cpu0\] run_vm: zone 0 'testguest' vcpu0 enters guest at "
               r"0x10000")


def expect_guest(run):
    run.expect(r"\[guest\] hello from x86 vcpu0: 32-bit protected mode, "
               r"paging off, dtb at 0x00200000")
    run.expect(r"\[guest\] cpuid 0x40000000: 'cvisorcvisor', hypervisor "
               r"bit 1, vmx 0")
    run.expect(r"\[guest\] cvisor hypercall version 0x00010000, zone id "
               r"0x00000000")
    run.expect(r"\[guest\] IA32_FEATURE_CONTROL 0x00000001")
    run.expect(r"\[cpu0\] WARN: zone 0 vcpu0: RDMSR of MSR 0x12345678: "
               r"#GP injected")
    run.expect(r"\[guest\] rdmsr 0x12345678: #GP caught")
    run.expect(r"\[cpu0\] WARN: zone 0 vcpu0: EPT violation: read at gpa "
               r"0x10000000 \(rip 0x\w+\): no memory or device of the zone "
               r"there: #GP injected")
    run.expect(r"\[guest\] read outside the zone: #GP caught")


@pytest.mark.parametrize("smp,cross", [
    pytest.param(2, "clang", id="smp2-clang"),
    pytest.param(1, "clang", id="smp1-clang"),
    pytest.param(2, "gcc", id="smp2-gcc"),
])
def test_bochs_boot_flow_guest_and_shutdown(built_x86, boot, smp, cross):
    run = boot(cmd=x86_cmd(smp=smp, cross=cross), timeout=60)
    expect_boot_flow(run, smp)
    expect_guest(run)
    run.expect(r"\[guest\] done, shutting down")
    run.expect(r"\[cpu0\] zone 0 vcpu0: \"Shutdown\" at port 0x8900")
    run.expect(r"\[cpu0\] last/root zone is off: powering the machine off")
    assert run.wait_exit() == 0, "run-x86_64 judged the serial log a failure"
    out = run.output()
    if smp > 1:
        assert re.search(r"\[cpu1\] run_vm: no zone owns this CPU; idle", out)
    assert "unexpected exception in cvisor" not in out
    assert "ERROR" not in out


def test_bochs_triple_fault_stops_only_the_guest(built_x86, boot):
    run = boot(cmd=x86_cmd(config="bochs-x86_64-triple"), timeout=60)
    run.expect(r"\[guest\] read outside the zone: #GP caught")
    run.expect(r"\[guest\] done, triple fault next")
    run.expect(r"\[cpu0\] ERROR: zone 0 'testguest' vcpu0: triple fault "
               r"\(guest shutdown\) at rip 0x\w+: zone stopped")
    run.expect(r"\[cpu0\] zone 0 vcpu0: off")
    out = run.output()
    assert "unexpected exception in cvisor" not in out
    assert "powering the machine off" not in out


def test_qemu_has_no_vmx_and_powers_off_cleanly(built_x86, boot):
    run = boot(cmd=x86_cmd(emu="qemu"), timeout=30)
    run.expect(r"\[cpu0\] install_trap_vector: done")
    run.expect(r"\[cpu0\] cvisor \S+ - a Type-1 hypervisor")
    run.expect(r"\[cpu0\] primary: elected")
    run.expect(r"\[cpu0\] ERROR: has_hardware_support: no \(CPUID\.1:ECX\."
               r"VMX\[bit 5\]=0, no Intel VMX\)")
    run.expect(r"\[cpu0\] ERROR: no hardware virtualization: powering off")
    assert run.wait_exit() == 0, "ACPI S5 must end QEMU with status 0"
    assert "percpu_create" not in run.output()

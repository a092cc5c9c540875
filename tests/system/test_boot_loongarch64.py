"""loongarch64: the seed boot flow, the "no LVZ" path on Debian's QEMU, and
the bare-metal test guest in LVZ guest mode on the QEMU-LVZ build."""
import os
import re

import pytest

from conftest import TOP, make

BUILD = os.path.join(TOP, "build", "loongarch64-clang")
BUNDLE = os.path.join(BUILD, "qemu-virt-loongarch64.bundle")
LVZ_BIN = os.environ.get("QEMU_LVZ") or os.path.join(
    TOP, "..", "shared", "tools", "qemu-lvz", "bin", "qemu-system-loongarch64")
HAVE_LVZ = os.access(LVZ_BIN, os.X_OK)
needs_lvz = pytest.mark.skipif(
    not HAVE_LVZ, reason=f"no QEMU-LVZ build at {LVZ_BIN} (build it with "
    "scripts/build-qemu-lvz, or set QEMU_LVZ): LVZ guests cannot run on "
    "Debian's QEMU")


@pytest.fixture(scope="module")
def la_built():
    make("build", "guest", "tools", "ARCH=loongarch64")
    make("bundle", "ARCH=loongarch64", "CONFIG=qemu-virt-loongarch64")
    return BUILD


def la_cmd(emu, smp=4):
    env_lvz = ["env", f"QEMU_LVZ={LVZ_BIN}"] if emu == "lvz" else []
    return env_lvz + [os.path.join(TOP, "scripts", "run-loongarch64"),
                      "--emu", emu, "--smp", str(smp),
                      "--hv", os.path.join(BUILD, "cvisor.elf"),
                      "--bundle", BUNDLE, "--bundle-addr", "0x04000000"]


def test_no_lvz_on_debian_qemu_powers_off(la_built, boot):
    run = boot(cmd=la_cmd("qemu"), timeout=30)
    run.expect(r"install_trap_vector: done")
    run.expect(r"cvisor \S+ - a Type-1 hypervisor in C")
    run.expect(r"arch loongarch64, board qemu-virt-loongarch64, 4 CPU\(s\), "
               r"console ns16550a @ 0x1fe001e0")
    run.expect(r"primary: elected")
    run.expect(r"ERROR: has_hardware_support: no \(no LVZ: "
               r"CPUCFG2=0x40c00f, bit 10 \(LVZ\) = 0\)")
    run.expect(r"no hardware virtualization: powering off")
    assert run.wait_exit() == 0, "power-off must end QEMU with status 0"
    assert "run_vm" not in run.output()


@needs_lvz
def test_boot_flow_steps_in_order_lvz(la_built, boot):
    run = boot(cmd=la_cmd("lvz"), timeout=40)
    steps = [
        r"\[cpu0\] install_trap_vector: done",
        r"\[cpu0\] cvisor \S+ - a Type-1 hypervisor",
        r"\[cpu0\] primary: elected",
        r"\[cpu0\] has_hardware_support: yes \(LVZ: CPUCFG2=0x60cccf, "
        r"LVZ_VER=1\)",
        r"\[cpu0\] heap: ",
        r"\[cpu0\] percpu_create: hwid 0x0",
    ]
    steps += [rf"wakeup_secondary_cpus: cpu{i} \(hwid 0x{i}\): started"
              for i in range(1, 4)]
    steps += [
        r"\[cpu0\] all 4 CPU\(s\) entered",
        r"\[cpu0\] init_early: frame allocator: \d+ frames",
        r"\[cpu0\] init_early: irqchip LoongArch IOCSR IPI",
        r"\[cpu0\] init_early: event system ready",
        r"\[cpu0\] init_early: zone 0 'testguest' created: 1 vCPU",
        r"\[cpu0\] init_early: done, INIT_EARLY_OK",
    ]
    for step in steps:
        run.expect(step)
    seen = set()
    while len(seen) < 4:
        m = run.expect(r"\[cpu(\d+)\] per_cpu_init: LVZ on: GSTAT=0x\w+ "
                       r"\(GIDBIT=\d+\) GCFG=0x\w+ GINTC=0x0 GTLBC=0x\w+ "
                       r"STLBPS=14")
        seen.add(int(m.group(1)))
    assert seen == {0, 1, 2, 3}
    run.expect(r"\[cpu0\] init_late: ")
    run.expect(r"\[cpu0\] run_vm: zone 0 'testguest' vcpu0 enters guest "
               r"at 0x200000")
    assert run.wait_exit() == 0
    out = run.output()
    for cpu in (1, 2, 3):
        assert f"[cpu{cpu}] run_vm: no zone owns this CPU; idle" in out


@needs_lvz
def test_guest_runs_in_lvz_guest_mode(la_built, boot):
    run = boot(cmd=la_cmd("lvz"), timeout=40)
    # DA mode, PLV0 (CRMD 0xa8), guest CPUID from cvisor's guest CSR reset
    run.expect(r"\[guest\] hello from vcpu0 crmd=0xa8 cpuid=0")
    # cpucfg traps (GSPR) and cvisor hides LVZ (bit 10) from the guest
    run.expect(r"\[guest\] cpucfg2=0x60c0cf lvz=0")
    run.expect(r"\[guest\] cvisor hypercall version 0x10000")  # hvcl
    run.expect(r"\[guest\] timer ok, 10 ticks")  # guest timer interrupts
    # IOCSR IPI emulation: IPI_SEND to itself, injected as ESTAT.IPI
    run.expect(r"\[guest\] ipi ok: status=0x20")
    run.expect(r"\[guest\] mailbox ok: 0x1234abcd5678ef00")
    run.expect(r"\[cpu0\] WARN: zone 0 vcpu0: illegal read of 4 bytes at "
               r"ipa 0xc000000")
    run.expect(r"\[guest\] exception caught: ecode=0x8 subcode=1 "
               r"badv=0xc000000")
    run.expect(r"\[guest\] survived illegal access[\r\n]")
    run.expect(r"\[guest\] done, system off")
    run.expect(r"\[cpu0\] zone 0 'testguest': SYSTEM_OFF")
    assert run.wait_exit() == 0, "GED S5 must end QEMU with status 0"

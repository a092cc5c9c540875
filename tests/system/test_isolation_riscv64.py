"""Isolation on riscv64, with the PLIC and with the AIA: a hostile zone
attacks the root zone and cvisor; nothing gets in.

configs/qemu-virt-riscv64-isolation.json runs two bare-metal zones on QEMU
virt (-smp 4): the victim (guests/riscv64-victim, the root zone, hart 0,
owning the RTC's source 11) re-checks the checksum of 1 MiB of its RAM at
every timer tick for 5 s, and the hostile guest (guests/riscv64-hostile,
zone 1, harts 2-3) attacks: the victim's RAM, cvisor's RAM, devices it was
not given, the interrupt controller's other contexts, sources and files,
SBI calls naming foreign harts or entries outside its RAM, and every
management hypercall. Each attack must end as a fault or an error in the
attacker plus a cvisor log line, and the victim must notice nothing.
"""
import os
import re
import subprocess

import pytest

from conftest import CVCONFIG, RISCV64_IRQCHIPS, TOP, make, riscv64_cmd

ISO_BUILD = os.path.join(TOP, "build", "guest-riscv64-isolation")
CONFIG = os.path.join(TOP, "configs", "qemu-virt-riscv64-isolation.json")
TIMEOUT = 90

W = r"\[cpu2\] WARN: zone 1 vcpu0: "  # cvisor's log line for the hostile


def read(name, addr):
    return (name, rf"fault scause=5 stval=0x{addr:x}",
            rf"{W}(illegal|refused) read of 4 bytes at gpa 0x{addr:x} ")


def write(name, addr):
    return (name, rf"fault scause=7 stval=0x{addr:x}",
            rf"{W}(illegal|refused) write of 4 bytes at gpa 0x{addr:x} ")


def fetch(name, addr):
    return (name, rf"fault scause=1 stval=0x{addr:x}",
            rf"{W}instruction fetch at gpa 0x{addr:x} ")


def harts(name, what, err=-3):
    return (name, rf"sbi error {err}",
            rf"{W}SBI {what} of hart\(s\) 0x[0-9a-f]+ base 0x[0-9a-f]+ "
            rf"outside the zone \(2 vCPUs\): error {err}")


def start_at(name, hart, addr):
    return (name, r"sbi error -5",
            rf"{W}SBI HSM hart_start of hart {hart} at 0x{addr:x}, outside "
            r"the zone's RAM: INVALID_ADDRESS")


def resume_at(name, addr):
    return (name, r"sbi error -5",
            rf"{W}SBI HSM hart_suspend of hart 0 at 0x{addr:x}, outside "
            r"the zone's RAM: INVALID_ADDRESS")


def dbcn(name, what, addr, hi, why):
    return (name, r"sbi error -3",
            rf"{W}SBI DBCN {what} of 16 bytes at 0x{addr:x} \(base_hi "
            rf"0x{hi:x}\): {why}: INVALID_PARAM")


def call(name, code, err, why):
    return (name, rf"sbi error {err}",
            rf"{W}hypercall 0x{code:x} \(.*\) refused: {why}")


def ignored(name, chip, off):
    return (name, r"ignored, reads back 0",
            rf"{W}{chip} write 0x[0-9a-f]+ at \+0x{off:x} names a source")


MEMORY = [
    read("victim-code-read", 0x90200000),
    read("victim-buffer-read", 0x90400000),
    write("victim-buffer-write", 0x90400000),
    write("victim-ram-last-word-write", 0x90fffffc),
    fetch("victim-code-execute", 0x90200000),
    read("beyond-own-ram-read", 0x81000000),
    read("hv-frames-read", 0x81000000),
    write("hv-frames-top-write", 0x87fff000),
    read("hv-boot-bundle-read", 0x84000000),
    write("hv-boot-bundle-write", 0x84000000),
    read("ipa-top-read", 0x1fffffff000),
]

DEVICES = [
    read("rtc-read", 0x101000),
    read("virtio-mmio-read", 0x10001000),
    write("virtio-mmio-status-write", 0x10001070),
    read("fw-cfg-read", 0x10100000),
    read("pcie-ecam-read", 0x30000000),
    write("clint-mtimecmp-write", 0x2004000),
    write("test-device-poweroff-write", 0x100000),
    write("imsic-m-file-write", 0x24000000),
]

IRQCHIP = {
    "plic": [
        write("aplic-s-domain-write", 0xd000000),
        read("plic-claim-foreign-context", 0xc204004),
        write("plic-threshold-foreign-context", 0xc205000),
        write("plic-complete-foreign-context", 0xc206004),
        ignored("plic-enable-foreign-context", "PLIC", 0x2200),
        ignored("plic-enable-victim-source", "PLIC", 0x2080),
        ignored("plic-priority-victim-source", "PLIC", 0x2c),
        ignored("plic-enable-beyond-sources", "PLIC", 0x20fc),
    ],
    "aia": [
        write("plic-space-m-aplic-write", 0xc000000),
        ignored("aplic-sourcecfg-victim-source", "APLIC", 0x2c),
        ignored("aplic-target-victim-source", "APLIC", 0x302c),
        ignored("aplic-enable-pend-victim-source", "APLIC", 0x1edc),
        write("imsic-beyond-own-vcpus-file-write", 0x28002000),
        write("imsic-foreign-hart-file-write", 0x28004000),
        write("imsic-beyond-files-write", 0x28100000),
    ],
}

SBI = [
    harts("sbi-ipi-foreign-hart", "IPI"),
    harts("sbi-ipi-base-beyond-zone", "IPI"),
    harts("sbi-ipi-mask-wraps-base", "IPI"),
    harts("sbi-rfence-foreign-hart", "RFENCE"),
    harts("sbi-rfence-sfence-foreign-hart", "RFENCE"),
    harts("sbi-hsm-start-foreign-hart", "HSM hart_start"),
    start_at("sbi-hsm-start-own-hart-at-victim-ram", 1, 0x90200000),
    start_at("sbi-hsm-start-own-hart-at-hv-ram", 1, 0x84000000),
    start_at("sbi-hsm-start-self-victim-entry", 0, 0x90200000),
    harts("sbi-hsm-stop-status-foreign-hart", "HSM hart_get_status"),
    # A reserved suspend type is refused before anything happens; cvisor
    # has nothing to log about it (no other zone is named).
    ("sbi-hsm-suspend-reserved-type", r"sbi error -3", None),
    resume_at("sbi-hsm-suspend-resume-at-victim-ram", 0x90200000),
    resume_at("sbi-hsm-suspend-resume-at-hv-ram", 0x84000000),
    dbcn("sbi-dbcn-write-from-victim-ram", "write", 0x90400000, 0,
         "outside the zone's RAM"),
    dbcn("sbi-dbcn-write-from-hv-ram", "write", 0x84000000, 0,
         "outside the zone's RAM"),
    dbcn("sbi-dbcn-read-into-victim-ram", "read", 0x90400000, 0,
         "outside the zone's RAM"),
    dbcn("sbi-dbcn-base-hi-aliases-own-ram", "write", 0x80000000, 1,
         "beyond 64-bit addresses"),
]

MGMT = "management calls are the root zone's"
HYPERCALLS = [
    call("hc-zone-start-bundle", 0x12, -4, MGMT),
    call("hc-zone-start-id", 0x12, -4, MGMT),
    call("hc-zone-shutdown-victim", 0x13, -4, MGMT),
    call("hc-zone-restart-victim", 0x14, -4, MGMT),
    call("hc-zone-info-into-victim", 0x11, -4, MGMT),
    call("hc-hv-info", 0x15, -4, MGMT),
    call("hc-ivc-notify-no-link", 0x20, -3,
         "no shared-memory link with that index"),
    call("hc-unknown-code", 0x7777, -2, "unknown hypercall"),
]


@pytest.fixture(scope="module")
def iso_bundle():
    make("ARCH=riscv64", "build", "tools")
    subprocess.run(["make", "-s", "-C",
                    os.path.join(TOP, "guests", "riscv64-hostile"),
                    f"O={ISO_BUILD}"], check=True)
    bundle = os.path.join(ISO_BUILD, "isolation.bundle")
    subprocess.run([CVCONFIG, "build", CONFIG, "--arch", "riscv64",
                    "--image-dir", ISO_BUILD, "-o", bundle], check=True)
    return bundle


@pytest.mark.parametrize("irqchip", RISCV64_IRQCHIPS)
def test_riscv64_hostile_zone_gets_nowhere(iso_bundle, boot, irqchip):
    run = boot(cmd=riscv64_cmd(iso_bundle, aia=RISCV64_IRQCHIPS[irqchip]),
               timeout=TIMEOUT)
    run.expect(r"\[zone1\] \[hostile\] hello: zone 1 hart 0, "
               + ("aia" if irqchip == "aia" else "plic"))
    m = run.expect(r"\[zone1\] \[hostile\] (\d+) attacks, (\d+) breaches")
    run.expect(r"zone 1 'hostile': stopped \(CPUs parked, interrupts "
               r"released, memory scrubbed\)")
    run.expect(r"\[victim\] checksum 0x[0-9a-f]+ held over 50 ticks")
    run.expect(r"\[victim\] 0 foreign interrupts")
    assert run.wait_exit() == 0
    out = run.output()

    expected = MEMORY + DEVICES + IRQCHIP[irqchip] + SBI + HYPERCALLS
    outcomes = dict(re.findall(r"\[hostile\] attack ([a-z0-9-]+): (.*?)\s*$",
                               out, re.M))
    assert sorted(outcomes) == sorted(name for name, _, _ in expected)
    assert (int(m.group(1)), int(m.group(2))) == (len(expected), 0)
    assert "BREACH" not in out
    for name, outcome, log in expected:
        assert re.fullmatch(outcome, outcomes[name]), (name, outcomes[name])
        if log:
            assert re.search(log, out), (name, log)
    # The victim kept its zone, its CPU and its interrupt.
    assert "zone 0 'victim': stopped" not in out.split("[victim] 0 foreign")[0]

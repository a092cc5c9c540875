"""Isolation: a hostile zone attacks the root zone and cvisor; nothing gets in.

configs/qemu-virt-aarch64-isolation.json runs two bare-metal zones on QEMU
virt (-smp 4): the victim (guests/aarch64-victim/, the root zone, CPU 0)
watches the checksum of 1 MiB of its RAM for 3 s, and the hostile guest
(guests/aarch64-hostile/, zone 1, CPU 2) attacks, one after another, the
victim's RAM, cvisor's RAM, devices it was not given, interrupts it does
not own, CPUs outside its zone and every call cvisor answers. Each attack
must fail, cvisor must log it, and the victim must not notice anything.
"""
import collections
import os
import re
import subprocess

import pytest

from conftest import CVCONFIG, TOP

ISO_BUILD = os.path.join(TOP, "build", "isolation-aarch64")
CONFIG = os.path.join(TOP, "configs", "qemu-virt-aarch64-isolation.json")
BOOT_TIMEOUT = 30

VICTIM_CODE = 0x50080000  # the victim's RAM: host-physical 0x50000000
VICTIM_BUF = 0x50400000
VICTIM_LAST = 0x50fffffc
HV_FRAMES = 0x41000000  # cvisor's RAM above the hostile's own RAM
HV_FRAMES_TOP = 0x43fff000
HV_STAGING = 0x44000000
PARK_ENTRY = r"0x4008[0-9a-f]{4}"  # a CPU_ON entry inside the hostile

W = r"\[cpu2\] WARN: zone 1 vcpu0: "  # cvisor's log line for the hostile

ESR = {"read": 0x96000010, "write": 0x96000050, "ldp": 0x96000010,
       "fetch": 0x86000010}


def access_log(kind, addr):
    if kind == "fetch":
        return rf"{W}instruction abort at ipa 0x{addr:x} "
    if kind == "ldp":
        return (rf"{W}undecodable \(ISV=0\) read of \d+ bytes at ipa "
                rf"0x{addr:x} ")
    return rf"{W}illegal {kind} of 4 bytes at ipa 0x{addr:x} "


def access(name, kind, addr):
    """(attack, outcome regex, cvisor log regex) for a memory access."""
    return (name, rf"abort esr=0x{ESR[kind]:x} far=0x{addr:x}",
            access_log(kind, addr))


MEMORY = [
    access("victim-code-read", "read", VICTIM_CODE),
    access("victim-buffer-read", "read", VICTIM_BUF),
    access("victim-buffer-write", "write", VICTIM_BUF),
    access("victim-ram-last-word-write", "write", VICTIM_LAST),
    access("victim-buffer-load-pair", "ldp", VICTIM_BUF),
    access("victim-code-execute", "fetch", VICTIM_CODE),
    access("hv-frames-read", "read", HV_FRAMES),
    access("hv-frames-write", "write", HV_FRAMES),
    access("hv-frames-top-write", "write", HV_FRAMES_TOP),
    access("hv-boot-bundle-read", "read", HV_STAGING),
    access("hv-boot-bundle-write", "write", HV_STAGING),
]

DEVICES = [
    access("rtc-read", "read", 0x09010000),
    access("virtio-mmio-read", "read", 0x0a000000),
    access("virtio-mmio-status-write", "write", 0x0a000070),
    access("fw-cfg-read", "read", 0x09020000),
    access("gicv2m-setspi-write", "write", 0x08020040),
    access("gich-read", "read", 0x08030000),
    access("gicv-read", "read", 0x08040000),
    access("its-translater-write", "write", 0x08090040),
    access("gicr-foreign-frame-write", "write", 0x080d0100),
    access("pcie-ecam-read", "read", 0x4010000000),
    access("ipa-top-read", "read", 0xfffffffff000),
]

IGNORED = r"no fault, reads back 0x0"
GICD_COMMON = ["gicd-enable-victim-spi", "gicd-enable-free-spi",
               "gicd-disable-victim-spi", "gicd-pend-victim-spi",
               "gicd-pend-free-spi", "gicd-activate-victim-spi",
               "gicd-priority-victim-spi", "gicd-edge-config-victim-spi"]
GICD = {3: GICD_COMMON + ["gicd-irouter-victim-spi-to-me",
                          "gicd-irouter-free-spi-any-cpu"],
        2: GICD_COMMON + ["gicd-itargets-victim-spi-to-me",
                          "gicd-itargets-free-spi-all-cpus"]}
# cvisor logs the first few foreign-interrupt writes of a zone, then counts.
GICD_LOG = rf"{W}GICD write at \+0x[0-9a-f]+ touches interrupt (34|48) " \
           r"it does not own: ignored"
GICR = {3: ["gicr-propbaser-victim-ram", "gicr-pendbaser-victim-ram",
            "gicr-enable-lpis"],
        2: []}

SENT = r"no fault \(the victim counts arrivals\)"


def foreign_sgi(name, mask):
    return (name, SENT,
            rf"{W}SGI \d+ to vCPU mask 0x{mask:x} outside the zone")


def trapped_sgi(name, op2):
    """ICC_SGI0R_EL1 / ICC_ASGI1R_EL1: refused or kept inside the zone."""
    return (name, rf"({SENT}|undefined instruction esr=0x[0-9a-f]+)",
            rf"{W}(write of S3_0_C12_C11_{op2} not emulated|SGI \d+ to "
            r"vCPU mask 0x[0-9a-f]+ outside the zone)")


# (attack, outcome, cvisor log or None). None: an SGI that names no CPU
# outside the zone (a broadcast to the zone's other vCPUs: none).
SGIS = {
    3: [foreign_sgi("sgi1r-foreign-targets", 0xfffe),
        foreign_sgi("sgi1r-other-cluster", 0xffff),
        foreign_sgi("sgi1r-range-selector", 0xffff),
        ("sgi1r-broadcast-irm", SENT, None),
        trapped_sgi("sgi0r-foreign-targets", 7),
        trapped_sgi("asgi1r-foreign-targets", 6)],
    2: [foreign_sgi("gicd-sgir-foreign-targets", 0xfe),
        ("gicd-sgir-all-but-self", SENT, None),
        ("gicd-sgir-reserved-filter", SENT, None)],
}


def cpu_on(name, mpidr, entry, code):
    names = {-2: "INVALID_PARAMETERS", -9: "INVALID_ADDRESS"}
    return (name, rf"error {code} {names[code]}",
            rf"{W}PSCI CPU_ON\(mpidr=0x{mpidr:x}, entry={entry}\) "
            rf"refused: {code}")


PSCI = [
    cpu_on("psci-cpu-on-mpidr-0x1", 0x1, PARK_ENTRY, -2),
    cpu_on("psci-cpu-on-mpidr-0x2", 0x2, PARK_ENTRY, -2),
    cpu_on("psci-cpu-on-mpidr-0x3", 0x3, PARK_ENTRY, -2),
    cpu_on("psci-cpu-on-mpidr-0x100", 0x100, PARK_ENTRY, -2),
    cpu_on("psci-cpu-on32-mpidr-0x1", 0x1, PARK_ENTRY, -2),
    cpu_on("psci-cpu-on-entry-victim-ram", 0, f"0x{VICTIM_CODE:x}", -9),
    cpu_on("psci-cpu-on-entry-hv-ram", 0, f"0x{HV_STAGING:x}", -9),
    cpu_on("psci-cpu-on-entry-unaligned", 0, "0x40080002", -9),
    # A query: refused, but cvisor does not log it.
    ("psci-affinity-info-mpidr-0x1", r"error -2 INVALID_PARAMETERS", None),
    cpu_on("smc-psci-cpu-on-mpidr-0x1", 0x1, PARK_ENTRY, -2),
    ("smc-cvisor-zone-shutdown-0", r"error -1 NOT_SUPPORTED",
     rf"{W}unknown SMC call 0xc6000013: NOT_SUPPORTED"),
    ("smc-sip-service-call", r"error -1 NOT_SUPPORTED",
     rf"{W}unknown SMC call 0xc2000000: NOT_SUPPORTED"),
]

ALL_ONES = 0xffffffffffffffff


def hypercall(name, code, a1, a2, outcome):
    return (name, outcome,
            rf"{W}hypercall 0x{code:x} \(0x{a1:x}, 0x{a2:x}\) refused")


ANY_ERROR = r"error -[1-9]\d* [A-Z]+"
EPERM = r"error -3 EPERM"
HYPERCALLS = [
    hypercall("hc-unknown-0x3", 0x3, ALL_ONES, ALL_ONES, r"error -1 ENOSYS"),
    hypercall("hc-unknown-0x1f", 0x1f, ALL_ONES, ALL_ONES,
              r"error -1 ENOSYS"),
    hypercall("hc-unknown-0x21", 0x21, ALL_ONES, ALL_ONES,
              r"error -1 ENOSYS"),
    hypercall("hc-unknown-0xffff", 0xffff, ALL_ONES, ALL_ONES,
              r"error -1 ENOSYS"),
    hypercall("hc-ivc-notify-index-0", 0x20, 0, 0, ANY_ERROR),
    hypercall("hc-ivc-notify-index-4", 0x20, 4, 0, ANY_ERROR),
    hypercall("hc-ivc-notify-index-all-ones", 0x20, ALL_ONES, 0, ANY_ERROR),
    hypercall("hc-zone-count", 0x10, 0, 0, EPERM),
    hypercall("hc-zone-info-into-victim-ram", 0x11, 0, VICTIM_BUF, EPERM),
    hypercall("hc-zone-info-into-own-ram", 0x11, 0, 0x40f00000, EPERM),
    hypercall("hc-hv-info-free-frames", 0x15, 0, 0, EPERM),
    hypercall("hc-zone-start-bundle", 0x12, 0x40f00000, 0x1000, EPERM),
    hypercall("hc-zone-start-again-victim", 0x12, 0, 0, EPERM),
    hypercall("hc-zone-restart-victim", 0x14, 0, 0, EPERM),
    hypercall("hc-zone-shutdown-victim", 0x13, 0, 0, EPERM),
]

OTHERS = [
    ("device-tree-names-other-zones", r"none \(.*\)", None),
    ("console-forged-lines", r"sent 2 lines \(cvisor must tag them\)",
     None),
]


def expected_attacks(gic):
    """[(attack, outcome regex, cvisor log regex or None)] in order."""
    reg = [(name, IGNORED, None) for name in GICD[gic] + GICR[gic]]
    return (MEMORY + DEVICES + reg + SGIS[gic] + PSCI + OTHERS +
            HYPERCALLS)


@pytest.fixture(scope="module")
def isolation_bundle(built):
    """Both guests built into build/isolation-aarch64/, and the bundle."""
    for guest in ("aarch64-victim", "aarch64-hostile"):
        subprocess.run(["make", "-s", "-C", os.path.join(TOP, "guests", guest),
                        "O=" + os.path.join(ISO_BUILD, guest)], check=True)
    bundle = os.path.join(ISO_BUILD, "isolation.bundle")
    subprocess.run([CVCONFIG, "build", CONFIG, "--arch", "aarch64",
                    "--image-dir", ISO_BUILD, "-o", bundle], check=True)
    return bundle


def line_index(lines, pattern):
    """Index of the first line matching pattern (anchored), or None."""
    for i, line in enumerate(lines):
        if re.match(pattern, line):
            return i
    return None


def has_line(lines, pattern):
    return line_index(lines, pattern) is not None


def attack_outcomes(lines):
    found = {}
    for line in lines:
        m = re.fullmatch(r"\[zone1\] \[hostile\] attack (\S+): (.*)", line)
        if m:
            assert m.group(1) not in found, f"attack twice: {line}"
            found[m.group(1)] = m.group(2)
    return found


def check_attacks(lines, out, gic):
    expected = expected_attacks(gic)
    outcomes = attack_outcomes(lines)
    assert list(outcomes) == [name for name, _, _ in expected]
    for name, outcome, _ in expected:
        assert re.fullmatch(outcome, outcomes[name]), \
            f"attack {name}: {outcomes[name]!r}, expected {outcome!r}"
    assert "BREACH" not in out
    m = re.search(r"^\[zone1\] \[hostile\] (\d+) attacks, (\d+) breaches$",
                  out, re.M)
    assert m, "the hostile guest did not finish"
    assert (int(m.group(1)), int(m.group(2))) == (len(expected), 0)
    return len(expected)


def check_logged(out, gic):
    """cvisor logged every attack it can see (one line per attack, or
    for the rate-limited GICD class at least one)."""
    expected = [(name, log) for name, _, log in expected_attacks(gic) if log]
    wanted = collections.Counter(log for _, log in expected)
    unlogged = [name for name, log in expected
                if len(re.findall(log, out)) < wanted[log]]
    assert not unlogged, f"cvisor did not log the attacks {unlogged}"
    assert re.search(GICD_LOG, out), "no GICD refusal logged"


def check_console(lines):
    """Lines the hostile forged carry its tag, whatever they say."""
    forged = [line for line in lines if "after 999 checks" in line]
    assert forged == ["[zone1] [victim] checksum ok after 999 checks"]
    off = [line for line in lines if "zone 0 'victim': SYSTEM_OFF" in line]
    assert off == ["[zone1] [cpu0] zone 0 'victim': SYSTEM_OFF",
                   "[cpu0] zone 0 'victim': SYSTEM_OFF"]


def check_victim(lines, out, gic):
    assert has_line(lines, r"\[victim\] checksum 0x[0-9a-f]+ over 1048576 "
                    r"bytes")
    assert "CHECKSUM CHANGED" not in out
    ok = line_index(lines, r"\[victim\] checksum ok after (\d+) checks$")
    assert ok is not None, "the victim did not report its checksum"
    checks = int(re.search(r"after (\d+) checks", lines[ok]).group(1))
    assert checks >= 10, f"only {checks} checks in 3 s"
    # GICv3: IROUTER 0 (vCPU 0); GICv2: the victim has one vCPU, so its
    # ITARGETSR read as zero (IHI 0048B 4.3.12).
    assert has_line(lines, r"\[victim\] spi 48: enabled 1 pending 0 active 0 "
                    r"prio 0xa0 cfg 0 route 0x0: unchanged$")
    assert has_line(lines, r"\[victim\] spi 48 self-test: delivered$")
    assert has_line(lines, r"\[victim\] interrupts: [1-9]\d* timer ticks, "
                    r"0 foreign")
    return ok


def check_order(lines, victim_ok):
    """The hostile zone ended first; the victim ran on and checked."""
    summary = line_index(lines, r"\[zone1\] \[hostile\] \d+ attacks")
    off = line_index(lines, r"\[cpu2\] zone 1 'hostile': SYSTEM_OFF$")
    assert summary is not None and off is not None
    assert summary < off < victim_ok
    root_off = line_index(lines, r"\[cpu0\] zone 0 'victim': SYSTEM_OFF$")
    assert root_off is not None and root_off > victim_ok


@pytest.mark.parametrize("gic", [3, 2], ids=["gicv3", "gicv2"])
def test_isolation_hostile_zone_cannot_break_out(isolation_bundle, boot,
                                                 gic):
    run = boot(isolation_bundle, gic=gic, smp=4, timeout=BOOT_TIMEOUT)
    run.expect(r"\[zone1\] \[hostile\] hello: zone 1 vcpu0 el=1, "
               rf"gic v{gic}: attacking")
    run.expect(r"\[zone1\] \[hostile\] \d+ attacks, \d+ breaches")
    run.expect(r"\[victim\] done, system off")
    assert run.wait_exit() == 0, "the victim's SYSTEM_OFF must end QEMU"
    out = run.output().replace("\r\n", "\n")
    lines = out.split("\n")
    n = check_attacks(lines, out, gic)
    print(f"GICv{gic}: {n} attacks by the hostile zone, 0 breaches")
    check_logged(out, gic)
    check_console(lines)
    check_order(lines, check_victim(lines, out, gic))
    assert "last/root zone is off: powering the machine off" in out
    for bad in ("unexpected exception", "BUG:", "ERROR:"):
        assert bad not in out, bad

"""x86_64: Debian's unmodified Linux kernel (linux-image-cloud-amd64) as a
zone of 2 vCPUs under cvisor's VMX on Bochs.

One boot checks everything (Linux on Bochs is slow: about a minute on a
quiet host): both CPUs online, local timer interrupts advancing on both,
an access outside the zone refused to that process only (cvisor logs the
EPT violation and carries on), a command typed on the console runs, and
poweroff ends the run with status 0 (ACPI S5 through the zone's PM1a
control register).
"""
import os
import re

import pytest

from conftest import TOP, make

LINUX_TIMEOUT = 900  # Bochs under a loaded 2-core host: generous
RUN = os.path.join(TOP, "scripts", "run-x86_64")
BUILD = os.path.join(TOP, "build", "x86_64-clang")
DEMO = os.path.join(TOP, "build", "x86_64-demo")


@pytest.fixture(scope="session")
def linux_x86():
    """cvisor and a bundle of Debian's kernel with the test initramfs,
    the command line as a user would type it (cvconfig adds the rest;
    quiet: the boot log costs one exit a byte, and time)."""
    make("ARCH=x86_64", "build")
    make("ARCH=x86_64", "CONFIG=bochs-x86_64-linux", "bundle",
         f"GUEST_INITRD={DEMO}/initrd-test.gz",
         "GUEST_CMDLINE=console=ttyS0,115200 nokaslr panic=-1 quiet")
    return os.path.join(BUILD, "bochs-x86_64-linux.bundle")


def test_debian_linux_zone_2_vcpus(linux_x86, boot):
    run = boot(cmd=[RUN, "--emu", "bochs", "--smp", "2", "--mem", "512M",
                    "--hv", os.path.join(BUILD, "cvisor.elf"),
                    "--bundle", linux_x86], timeout=LINUX_TIMEOUT)
    run.expect(r"zone 0: Linux boot protocol 2\.\d+: zero page 0x7000")
    run.expect(r"GUEST-UP")
    run.expect(r"CHECK cmdline console=ttyS0,115200 nokaslr panic=-1 quiet "
               r"no_timer_check tsc=reliable 8250.nr_uarts=1")
    m = run.expect(r"CHECK cpus-online (\S+) count (\d+)\r*\n")
    assert (m.group(1), m.group(2)) == ("0-1", "2")
    m = run.expect(r"CHECK timer-irqs (\d+) (\d+) -> (\d+) (\d+)\r*\n")
    before, after = m.group(1, 2), m.group(3, 4)
    for cpu in (0, 1):
        assert int(after[cpu]) > int(before[cpu]) > 0, m.group(0)
    # Nothing at 0xd0000000 (above the zone's RAM): cvisor injects #GP,
    # the process gets SIGSEGV (128 + 11), the zone goes on.
    run.expect(r"EPT violation: read at gpa 0xd0000000 .*#GP injected")
    run.expect(r"CHECK devmem-outside refused rc=139")
    run.expect(r"CHECK alive-after-devmem")
    run.expect(r"GUEST-DONE")
    run.expect(r"# ")
    run.child.sendline("echo typed-$((6*7)) on $(nproc) CPUs")
    run.expect(r"typed-42 on 2 CPUs")
    run.child.sendline("poweroff -f")
    run.expect(r"zone 0 vcpu\d: ACPI S5 \(power off\)")
    m = run.expect(r"zone 0 vcpu0 VM exits:([^\r\n]*)\r*\n")
    assert "EPT violation=" in m.group(1), m.group(1)
    assert run.wait_exit() == 0
    out = run.output()
    assert "Kernel panic" not in out
    assert "unexpected exception in cvisor" not in out
    assert not re.search(r"zone stopped", out)

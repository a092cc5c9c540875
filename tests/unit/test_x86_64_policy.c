/*
 * What an x86 guest sees: the CPUID view, the I/O-exit decoding and port
 * routing, the shutdown-port protocol and the MSR policy
 * (arch/x86_64/cpuid_policy.c, io_policy.c, msr_policy.c).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "arch/x86_64/guest_policy.h"
#include "cvisor/hypercall.h"

/* ---- CPUID ---- */

static void test_cpuid_leaf1_hides_vmx_and_sets_hypervisor(void **state)
{
	/* Bochs corei7_skylake_x CPUID.1 ECX (EMULATORS.md), APIC id 3. */
	struct cpuid_result r = {0x50654, 0x03010800, 0x77faf3bf, 0xbfebfbff};

	(void)state;
	cpuid_guest_view(1, 0, 0, &r);
	assert_int_equal(r.ecx & (1u << 5), 0);	 /* VMX */
	assert_int_equal(r.ecx & (1u << 6), 0);	 /* SMX */
	assert_int_equal(r.ecx & (1u << 3), 0);	 /* MONITOR */
	assert_int_equal(r.ecx & (1u << 21), 0); /* x2APIC */
	assert_int_equal(r.ecx & (1u << 31), 1u << 31);
	assert_int_equal(r.ecx & (1u << 26), 0);	/* XSAVE */
	assert_int_equal(r.ecx & (1u << 24), 1u << 24); /* TSC-deadline */
	/* the rest as the host says: DTES64, DS-CPL, EST, TM2, PDCM,
	 * OSXSAVE and AVX go too (MSRs or XSAVE state behind them) */
	assert_int_equal(r.ecx, (0x77faf3bfu & ~0x1c2081fcu) | (1u << 24) |
				    (1u << 31));
	assert_int_equal(r.ebx, 0x00010800); /* APIC id -> vCPU 0 */
	assert_int_equal(r.eax, 0x50654);
	/* EDX: MCE, MCA, DS, ACPI, TM, PBE hidden (their MSRs are not
	 * given) */
	assert_int_equal(r.edx, 0xbfebfbffu & ~0xa0604080u);
}

static void test_cpuid_apic_id_is_the_vcpu(void **state)
{
	struct cpuid_result r = {0, 0x00010800, 0, 0};

	(void)state;
	cpuid_guest_view(1, 0, 5, &r);
	assert_int_equal(r.ebx >> 24, 5);
	r = (struct cpuid_result){1, 2, 0x100, 7};
	cpuid_guest_view(0xb, 0, 5, &r);
	assert_int_equal(r.edx, 5); /* x2APIC id */
	assert_int_equal(r.eax, 1);
}

static void test_cpuid_hypervisor_leaves(void **state)
{
	struct cpuid_result r = {1, 2, 3, 4}; /* whatever the host said */
	char sig[13] = {0};

	(void)state;
	cpuid_guest_view(CPUID_HV_LEAF, 0, 0, &r);
	assert_int_equal(r.eax, CPUID_HV_VERSION);
	memcpy(sig, &r.ebx, 4);
	memcpy(sig + 4, &r.ecx, 4);
	memcpy(sig + 8, &r.edx, 4);
	assert_string_equal(sig, "cvisorcvisor");
	r = (struct cpuid_result){1, 2, 3, 4};
	cpuid_guest_view(CPUID_HV_VERSION, 0, 0, &r);
	assert_int_equal(r.eax, CV_ABI_VERSION);
	assert_int_equal(r.ebx | r.ecx | r.edx, 0);
	r = (struct cpuid_result){1, 2, 3, 4};
	cpuid_guest_view(0x40000010, 0, 0, &r);
	assert_int_equal(r.eax | r.ebx | r.ecx | r.edx, 0);
}

static void test_cpuid_other_leaves_untouched(void **state)
{
	struct cpuid_result r = {0x16, 0x756e6547, 0x6c65746e, 0x49656e69};

	(void)state;
	cpuid_guest_view(0, 0, 0, &r); /* "GenuineIntel" stays */
	assert_int_equal(r.eax, 0x16);
	assert_int_equal(r.ebx, 0x756e6547);
	r = (struct cpuid_result){9, 9, 9, 9};
	cpuid_guest_view(0x80000001u, 0, 0, &r);
	assert_int_equal(r.eax + r.ebx + r.ecx + r.edx, 36);
}

/* ---- I/O ---- */

/* Qualification: [2:0] size-1, [3] IN, [4] string, [5] REP, [31:16]. */
static void test_io_decode(void **state)
{
	struct io_exit io;

	(void)state;
	io = io_decode_qualification(0x03f80000); /* outb %al, (0x3f8) */
	assert_int_equal(io.port, 0x3f8);
	assert_int_equal(io.size, 1);
	assert_false(io.in);
	assert_false(io.string);
	io = io_decode_qualification(0x03fd0048); /* inb (dx=0x3fd), imm */
	assert_int_equal(io.port, 0x3fd);
	assert_true(io.in);
	io = io_decode_qualification(0x00600003 | 0x8); /* inl 0x60 */
	assert_int_equal(io.size, 4);
	assert_int_equal(io.port, 0x60);
	io = io_decode_qualification(0x01f00031); /* rep outsw */
	assert_int_equal(io.size, 2);
	assert_true(io.string);
	assert_true(io.rep);
	io = io_decode_qualification(0xffff0000ull | (1ull << 40));
	assert_int_equal(io.port, 0xffff); /* bits above 31 ignored */
}

static void test_io_route(void **state)
{
	(void)state;
	assert_int_equal(io_route(0x3f8, 1, 0x3f8), IO_CONSOLE);
	assert_int_equal(io_route(0x3ff, 1, 0x3f8), IO_CONSOLE);
	assert_int_equal(io_route(0x3fc, 4, 0x3f8), IO_CONSOLE);
	assert_int_equal(io_route(0x3fe, 4, 0x3f8), IO_NOTHING); /* spills */
	assert_int_equal(io_route(0x3f7, 1, 0x3f8), IO_NOTHING);
	assert_int_equal(io_route(0x400, 1, 0x3f8), IO_NOTHING);
	assert_int_equal(io_route(0x3f8, 1, 0), IO_NOTHING); /* no console */
	assert_int_equal(io_route(0x8900, 1, 0x3f8), IO_SHUTDOWN);
	assert_int_equal(io_route(0x8900, 2, 0x3f8), IO_NOTHING);
	assert_int_equal(io_route(0x604, 2, 0x3f8), IO_ACPI); /* PM1a_CNT */
	assert_int_equal(io_route(0xcf9, 1, 0x3f8), IO_RESET);
	assert_int_equal(io_route(0x600, 2, 0x3f8), IO_ACPI);	 /* PM1a_STS */
	assert_int_equal(io_route(0x602, 2, 0x3f8), IO_ACPI);	 /* PM1a_EN */
	assert_int_equal(io_route(0x605, 2, 0x3f8), IO_NOTHING); /* spills */
	assert_int_equal(io_route(0x606, 1, 0x3f8), IO_NOTHING);
	assert_int_equal(io_route(0x70, 1, 0x3f8), IO_CMOS);
	assert_int_equal(io_route(0x71, 1, 0x3f8), IO_CMOS);
	assert_int_equal(io_route(0xcf8, 4, 0x3f8), IO_PCI_CONF);
	assert_int_equal(io_route(0xcf8, 1, 0x3f8), IO_NOTHING);
	assert_int_equal(io_route(0xcfc, 4, 0x3f8), IO_PCI_CONF);
	assert_int_equal(io_route(0xcfe, 2, 0x3f8), IO_PCI_CONF);
	assert_int_equal(io_route(0x64, 1, 0x3f8), IO_KBC);
}

static bool feed(u32 *st, const char *s)
{
	bool done = false;

	while (*s)
		done = io_shutdown_byte(st, (u8)*s++);
	return done;
}

static void test_shutdown_word(void **state)
{
	u32 st = 0;

	(void)state;
	assert_false(feed(&st, "Shutdow"));
	assert_true(io_shutdown_byte(&st, 'n'));
	assert_int_equal(st, 0); /* ready for the next time */
	assert_false(feed(&st, "Shut down"));
	assert_false(feed(&st, "shutdown"));
	st = 0;
	assert_true(feed(&st, "ShutShutdown")); /* restarts at 'S' */
	st = 0;
	assert_true(feed(&st, "xxSSShutdown"));
}

/* ---- MSRs ---- */

static void test_msr_policy(void **state)
{
	u64 v = 0;

	(void)state;
	assert_int_equal(msr_policy(0x3a, false, 0, &v), MSR_VALUE);
	assert_int_equal(v, 1); /* locked, VMX off */
	assert_int_equal(msr_policy(0x3a, true, 0, &v), MSR_FAULT);
	assert_int_equal(msr_policy(0x1b, false, 0, &v), MSR_VALUE);
	assert_int_equal(v, 0xfee00900); /* BSP, enabled, 0xfee00000 */
	assert_int_equal(msr_policy(0x1b, false, 1, &v), MSR_VALUE);
	assert_int_equal(v, 0xfee00800);
	assert_int_equal(msr_policy(0x1b, true, 0, &v), MSR_IGNORED);
	assert_int_equal(msr_policy(0x10, false, 0, &v), MSR_TSC);
	assert_int_equal(msr_policy(0xc0000080u, false, 0, &v), MSR_EFER);
	assert_int_equal(msr_policy(0xc0000080u, true, 0, &v), MSR_EFER);
	assert_int_equal(msr_policy(0x12345678, false, 0, &v), MSR_FAULT);
	assert_int_equal(msr_policy(0x480, false, 0, &v), MSR_FAULT); /* VMX */
	assert_int_equal(msr_policy(0xc0000101u, true, 0, &v), MSR_FAULT);
	assert_int_equal(EFER_GUEST_WRITABLE & (1u << 8), 1u << 8); /* LME */
	assert_int_equal(EFER_GUEST_WRITABLE & (1u << 10), 0); /* LMA: CPU's */
	assert_int_equal(msr_policy(0x6e0, true, 0, &v), MSR_TSC_DEADLINE);
	assert_int_equal(msr_policy(0x6e0, false, 1, &v), MSR_TSC_DEADLINE);
	assert_int_equal(msr_policy(0x8b, false, 0, &v), MSR_VALUE);
	assert_true(v >> 32); /* a microcode revision errata checks accept */
	assert_int_equal(msr_policy(0xfe, false, 0, &v), MSR_VALUE);
	assert_int_equal(v, 0); /* no MTRR ranges */
	assert_int_equal(msr_policy(0xfe, true, 0, &v), MSR_FAULT);
	assert_int_equal(msr_policy(0x2ff, false, 0, &v), MSR_VALUE);
	assert_int_equal(v, 0x806); /* enabled, default write-back */
	assert_int_equal(msr_policy(0x2ff, true, 0, &v), MSR_IGNORED);
	assert_int_equal(msr_policy(0x200, true, 0, &v), MSR_IGNORED);
	assert_int_equal(msr_policy(0x48, true, 0, &v),
			 MSR_FAULT); /* SPEC_CTRL */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_cpuid_leaf1_hides_vmx_and_sets_hypervisor),
	    cmocka_unit_test(test_cpuid_apic_id_is_the_vcpu),
	    cmocka_unit_test(test_cpuid_hypervisor_leaves),
	    cmocka_unit_test(test_cpuid_other_leaves_untouched),
	    cmocka_unit_test(test_io_decode),
	    cmocka_unit_test(test_io_route),
	    cmocka_unit_test(test_shutdown_word),
	    cmocka_unit_test(test_msr_policy),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

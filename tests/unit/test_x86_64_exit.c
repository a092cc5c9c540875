/*
 * x86_64 VM-exit decoding and the VMX control computation:
 * arch/x86_64/exit_reason.c and arch/x86_64/vmx_ctls.c.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "arch/x86_64/exit_reason.h"
#include "arch/x86_64/vmx.h"

static void test_basic_reason_and_entry_failure(void **state)
{
	struct vmx_exit_info i;

	(void)state;
	i = vmx_decode_exit_reason(EXIT_EPT_VIOLATION);
	assert_int_equal(i.basic, 48);
	assert_false(i.entry_failure);
	/* 33 with bit 31: VM entry failed on invalid guest state; bits
	 * 30:16 (e.g. bit 27 "enclave mode") never leak into the reason. */
	i = vmx_decode_exit_reason(0x80000021u | (1u << 27));
	assert_int_equal(i.basic, EXIT_INVALID_GUEST_STATE);
	assert_true(i.entry_failure);
}

static void test_names_follow_the_sdm(void **state)
{
	(void)state;
	assert_string_equal(vmx_exit_reason_name(0), "exception or NMI");
	assert_string_equal(vmx_exit_reason_name(1), "external interrupt");
	assert_string_equal(vmx_exit_reason_name(2), "triple fault");
	assert_string_equal(vmx_exit_reason_name(10), "CPUID");
	assert_string_equal(vmx_exit_reason_name(12), "HLT");
	assert_string_equal(vmx_exit_reason_name(18), "VMCALL");
	assert_string_equal(vmx_exit_reason_name(30), "I/O instruction");
	assert_string_equal(vmx_exit_reason_name(31), "RDMSR");
	assert_string_equal(vmx_exit_reason_name(32), "WRMSR");
	assert_string_equal(vmx_exit_reason_name(48), "EPT violation");
	assert_string_equal(vmx_exit_reason_name(49), "EPT misconfiguration");
	assert_string_equal(vmx_exit_reason_name(55), "XSETBV");
}

static void test_unknown_reasons(void **state)
{
	(void)state;
	assert_string_equal(vmx_exit_reason_name(35), "unknown"); /* gap */
	assert_string_equal(vmx_exit_reason_name(38), "unknown");
	assert_string_equal(vmx_exit_reason_name(EXIT_REASON_MAX), "unknown");
	assert_string_equal(vmx_exit_reason_name(0xffff), "unknown");
}

static void test_vmx_instructions(void **state)
{
	(void)state;
	for (u32 r = EXIT_VMCLEAR; r <= EXIT_VMXON; r++)
		assert_true(vmx_exit_is_vmx_insn(r));
	assert_true(vmx_exit_is_vmx_insn(EXIT_INVEPT));
	assert_true(vmx_exit_is_vmx_insn(EXIT_INVVPID));
	assert_false(vmx_exit_is_vmx_insn(EXIT_VMCALL)); /* the hypercall */
	assert_false(vmx_exit_is_vmx_insn(EXIT_CR_ACCESS));
	assert_false(vmx_exit_is_vmx_insn(EXIT_CPUID));
}

/* Capability MSR: allowed-0 in bits 31:0 (1 = must be 1), allowed-1 in
 * bits 63:32 (0 = must be 0). */
static void test_controls_forced_bits(void **state)
{
	u64 cap = (0x0000ffffull << 32) | 0x16; /* may 15:0, must 1,2,4 */
	u32 out;

	(void)state;
	assert_true(vmx_adjust_controls(cap, 0x80, &out));
	assert_int_equal(out, 0x96);
	assert_true(vmx_adjust_controls(cap, 0, &out));
	assert_int_equal(out, 0x16);
}

static void test_controls_unavailable_bit(void **state)
{
	u64 cap = (0x0000ffffull << 32);
	u32 out;

	(void)state;
	assert_false(vmx_adjust_controls(cap, 1u << 31, &out));
	assert_int_equal(out & (1u << 31), 0);
	/* A bit that must be 0 never appears even if the caller asks. */
	assert_false(vmx_adjust_controls(cap, 0x10080, &out));
	assert_int_equal(out, 0x80);
}

/* Bochs's corei7_skylake_x (EMULATORS.md): secondary controls 0x02177fff
 * allowed-1 -> EPT, VPID and unrestricted guest are all available. */
static void test_controls_bochs_secondary(void **state)
{
	u64 cap = 0x02177fff00000000ull;
	u32 out;

	(void)state;
	assert_true(vmx_adjust_controls(cap,
					PROC2_ENABLE_EPT | PROC2_ENABLE_VPID |
					    PROC2_UNRESTRICTED_GUEST,
					&out));
	assert_int_equal(out, 0xa2);
}

static void test_cr_qualification(void **state)
{
	struct cr_exit e;

	(void)state;
	e = vmx_decode_cr_qual(0x0318); /* MOV from CR8 to RBX */
	assert_int_equal(e.cr, 8);
	assert_int_equal(e.type, CR_MOV_FROM);
	assert_int_equal(e.gpr, 3);
	e = vmx_decode_cr_qual(0x0f04 | (1ull << 40)); /* MOV R15 to CR4 */
	assert_int_equal(e.cr, 4);
	assert_int_equal(e.type, CR_MOV_TO);
	assert_int_equal(e.gpr, 15);
}

static void test_reinjection(void **state)
{
	(void)state;
	assert_int_equal(vmx_reinjection(0x000000ec), 0); /* not valid */
	/* an external interrupt (type 0) cut short: the same again */
	assert_int_equal(vmx_reinjection(0x800000ec), 0x800000ec);
	/* #PF with its error code; the NMI-unblocking bit 12 goes */
	assert_int_equal(vmx_reinjection(0x80001b0e), 0x80000b0e);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_cr_qualification),
	    cmocka_unit_test(test_reinjection),
	    cmocka_unit_test(test_basic_reason_and_entry_failure),
	    cmocka_unit_test(test_names_follow_the_sdm),
	    cmocka_unit_test(test_unknown_reasons),
	    cmocka_unit_test(test_vmx_instructions),
	    cmocka_unit_test(test_controls_forced_bits),
	    cmocka_unit_test(test_controls_unavailable_bit),
	    cmocka_unit_test(test_controls_bochs_secondary),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

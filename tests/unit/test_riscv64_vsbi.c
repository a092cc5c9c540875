/*
 * The SBI cvisor emulates for riscv64 guests (arch/riscv64/vsbi.c), with
 * the core and the hart faked: each fake records what it was asked.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "arch/riscv64/vsbi.h"
#include "cvisor/errno.h"
#include "cvisor/hypercall.h"
#include "cvisor/zone.h"

static struct zone zone;
static struct cv_zone_config cfg;
static u8 guest_ram[4096];
static jmp_buf stopped;

static struct {
	u64 timer;
	u64 soft_irqs; /* vCPU mask */
	u64 fence_mask, fence_fid, fence_start, fence_size;
	s64 fence_error; /* what the firmware answers */
	char out[64];
	size_t out_len;
	const char *in;
	int shutdowns, reboots, stops;
	int suspends, warnings;
	u32 last_code;
	s64 status_while_suspended;
} fake;

/* ---- fakes of the core and the hart ---- */

s64 hypercall_dispatch(struct vcpu *vcpu, u32 code, u64 a1, u64 a2, u64 a3)
{
	(void)a2;
	(void)a3;
	if (code == CV_HC_VERSION)
		return CV_ABI_VERSION;
	if (code == CV_HC_ZONE_ID)
		return vcpu->zone->id;
	if (code == 0x10)
		return a1 ? CV_HC_EPERM : CV_HC_EINVAL;
	if (code == 0x12) /* what a management call can answer */
		return a1 == 1	 ? CV_HC_ENOENT
		       : a1 == 2 ? CV_HC_EBUSY
		       : a1 == 3 ? CV_HC_ENOMEM
				 : 5; /* a zone id */
	fake.last_code = code;
	return CV_HC_ENOSYS;
}

int vcpu_request_start(struct vcpu *target, u64 entry, u64 arg)
{
	if (target->state != VCPU_OFF)
		return -CV_EBUSY;
	target->state = VCPU_ON_PENDING;
	target->start_entry = entry;
	target->start_arg = arg;
	return 0;
}

_Noreturn void vcpu_stop_self(void)
{
	fake.stops++;
	longjmp(stopped, 1);
}

void zone_shutdown(struct zone *z)
{
	(void)z;
	fake.shutdowns++;
}

void zone_reboot(struct zone *z)
{
	(void)z;
	fake.reboots++;
}

/* The zone's RAM (setup()): its regions all backed by guest_ram. */
bool zone_ipa_to_pa(const struct zone *z, ipa_t ipa, u64 size, paddr_t *pa)
{
	u64 a = ipa_addr(ipa);

	for (u32 i = 0; i < z->cfg->nr_mem; i++) {
		const struct cv_mem_region *m = &z->cfg->mem[i];

		if (a >= m->ipa && a - m->ipa + size <= m->size) {
			*pa = pa_add(hv_to_pa(guest_ram), a - m->ipa);
			return true;
		}
	}
	return false;
}

void zone_warn(struct zone *z, const char *fmt, ...)
{
	(void)z;
	(void)fmt;
	fake.warnings++;
}

void riscv_vcpu_set_timer(u64 when)
{
	fake.timer = when;
}

void riscv_vcpu_suspend(struct vcpu *vcpu)
{
	fake.suspends++;
	/* What another vCPU's hart_get_status sees meanwhile. */
	vcpu->arch.suspended = true;
	fake.status_while_suspended =
	    vsbi_handle(&zone.vcpus[1],
			&(struct vsbi_call){.ext = SBI_EXT_HSM,
					    .fid = SBI_HSM_HART_STATUS,
					    .a = {vcpu->id}})
		.value;
	vcpu->arch.suspended = false;
}

void riscv_vcpu_send_soft_irq(struct vcpu *target)
{
	fake.soft_irqs |= 1ull << target->id;
}

s64 riscv_zone_remote_fence(struct zone *z, u64 vmask, u64 fid, u64 start,
			    u64 size)
{
	(void)z;
	fake.fence_mask = vmask;
	fake.fence_fid = fid;
	fake.fence_start = start;
	fake.fence_size = size;
	return fake.fence_error;
}

void riscv_zone_console_write(struct zone *z, const char *s, size_t n)
{
	(void)z;
	memcpy(fake.out + fake.out_len, s, n);
	fake.out_len += n;
}

int riscv_zone_console_getc(struct zone *z)
{
	(void)z;
	return fake.in && *fake.in ? *fake.in++ : -1;
}

/* ---- helpers ---- */

static int setup(void **state)
{
	(void)state;
	memset(&fake, 0, sizeof(fake));
	memset(&zone, 0, sizeof(zone));
	zone.id = 3;
	zone.cfg = &cfg;
	/* RAM at 0x80000000 (rwx), 0x80100000 (rw: not executable) and
	 * 0x80200000 (r only). */
	cfg = (struct cv_zone_config){.nr_mem = 3};
	cfg.mem[0] = (struct cv_mem_region){0x80000000, 0, sizeof(guest_ram),
					    CV_MEM_RWX, 0};
	cfg.mem[1] = (struct cv_mem_region){0x80100000, 0, sizeof(guest_ram),
					    CV_MEM_READ | CV_MEM_WRITE, 0};
	cfg.mem[2] = (struct cv_mem_region){0x80200000, 0, sizeof(guest_ram),
					    CV_MEM_READ, 0};
	zone.nr_vcpus = 3;
	for (u32 i = 0; i < 3; i++) {
		zone.vcpus[i].id = i;
		zone.vcpus[i].zone = &zone;
		zone.vcpus[i].state = i ? VCPU_OFF : VCPU_ON;
	}
	return 0;
}

static struct vsbi_call last;

static struct sbiret call(u64 ext, u64 fid, u64 a0, u64 a1, u64 a2)
{
	last = (struct vsbi_call){.ext = ext, .fid = fid, .a = {a0, a1, a2}};
	return vsbi_handle(&zone.vcpus[0], &last);
}

static void expect(struct sbiret r, s64 error, s64 value)
{
	assert_int_equal(r.error, error);
	assert_int_equal(r.value, value);
}

/* ---- tests ---- */

static void test_base(void **state)
{
	(void)state;
	expect(call(SBI_EXT_BASE, SBI_BASE_GET_SPEC_VERSION, 0, 0, 0), 0,
	       2 << 24);
	expect(call(SBI_EXT_BASE, SBI_BASE_GET_IMPL_ID, 0, 0, 0), 0,
	       CV_SBI_IMPL_ID);
	expect(call(SBI_EXT_BASE, SBI_BASE_PROBE_EXT, SBI_EXT_HSM, 0, 0), 0, 1);
	expect(call(SBI_EXT_BASE, SBI_BASE_PROBE_EXT, SBI_EXT_DBCN, 0, 0), 0,
	       1);
	expect(call(SBI_EXT_BASE, SBI_BASE_PROBE_EXT, 0x504d55, 0, 0), 0,
	       0); /* PMU: absent */
	expect(call(SBI_EXT_BASE, 99, 0, 0, 0), SBI_ERR_NOT_SUPPORTED, 0);
}

static void test_probe_every_extension(void **state)
{
	static const u64 present[] = {
	    SBI_EXT_LEGACY_SET_TIMER,
	    SBI_EXT_LEGACY_PUTCHAR,
	    SBI_EXT_LEGACY_GETCHAR,
	    SBI_EXT_BASE,
	    SBI_EXT_TIME,
	    SBI_EXT_IPI,
	    SBI_EXT_RFENCE,
	    SBI_EXT_HSM,
	    SBI_EXT_SRST,
	    SBI_EXT_DBCN,
	    SBI_EXT_CVISOR,
	};
	static const u64 absent[] = {3,
				     4,
				     5,
				     6,
				     7,
				     SBI_EXT_LEGACY_SHUTDOWN,
				     0x504d55 /* PMU */,
				     0x53555350 /* SUSP */,
				     0x0a000000,
				     ~0ull};

	(void)state;
	for (unsigned i = 0; i < ARRAY_SIZE(present); i++)
		expect(call(SBI_EXT_BASE, SBI_BASE_PROBE_EXT, present[i], 0, 0),
		       0, 1);
	for (unsigned i = 0; i < ARRAY_SIZE(absent); i++) {
		expect(call(SBI_EXT_BASE, SBI_BASE_PROBE_EXT, absent[i], 0, 0),
		       0, 0);
		/* and calling it: NOT_SUPPORTED */
		assert_int_equal(call(absent[i], 0, 0, 0, 0).error,
				 SBI_ERR_NOT_SUPPORTED);
	}
	expect(call(SBI_EXT_BASE, SBI_BASE_GET_IMPL_VERSION, 0, 0, 0), 0,
	       0x100);
	expect(call(SBI_EXT_BASE, SBI_BASE_GET_MVENDORID, 0, 0, 0), 0, 0);
	expect(call(SBI_EXT_BASE, SBI_BASE_GET_MARCHID, 0, 0, 0), 0, 0);
	expect(call(SBI_EXT_BASE, SBI_BASE_GET_MIMPID, 0, 0, 0), 0, 0);
}

static void test_suspend_kinds(void **state)
{
	static const struct {
		u64 type;
		enum vsbi_suspend kind;
	} table[] = {
	    {0, VSBI_SUSPEND_RETENTIVE},
	    {1, VSBI_SUSPEND_INVALID},
	    {0x0fffffff, VSBI_SUSPEND_INVALID},
	    {0x10000000, VSBI_SUSPEND_NOT_SUPPORTED},
	    {0x7fffffff, VSBI_SUSPEND_NOT_SUPPORTED},
	    {0x80000000, VSBI_SUSPEND_NON_RETENTIVE},
	    {0x80000001, VSBI_SUSPEND_INVALID},
	    {0x8fffffff, VSBI_SUSPEND_INVALID},
	    {0x90000000, VSBI_SUSPEND_NOT_SUPPORTED},
	    {0xffffffff, VSBI_SUSPEND_NOT_SUPPORTED},
	    {0xffffffff00000000ull, VSBI_SUSPEND_RETENTIVE},
	    {0x0000000180000000ull, VSBI_SUSPEND_NON_RETENTIVE},
	    {0x0000000100000001ull, VSBI_SUSPEND_INVALID},
	};

	(void)state;
	for (unsigned i = 0; i < ARRAY_SIZE(table); i++)
		assert_int_equal(vsbi_suspend_kind(table[i].type),
				 table[i].kind);
}

static void test_rfence_masks_and_fids(void **state)
{
	(void)state;
	/* base -1: every vCPU; fence.i and the ASID form pass their fid
	 * and range on; the hfence forms are not offered. */
	expect(call(SBI_EXT_RFENCE, SBI_RFENCE_FENCE_I, 0, ~0ull, 0), 0, 0);
	assert_int_equal(fake.fence_mask, 7);
	assert_int_equal(fake.fence_fid, SBI_RFENCE_FENCE_I);
	expect(call(SBI_EXT_RFENCE, SBI_RFENCE_SFENCE_VMA_ASID, 1, 2, 0x2000),
	       0, 0);
	assert_int_equal(fake.fence_mask, 4);
	assert_int_equal(fake.fence_fid, SBI_RFENCE_SFENCE_VMA_ASID);
	assert_int_equal(fake.fence_start, 0x2000);
	fake.fence_mask = 0;
	for (u64 fid = 3; fid <= 7; fid++)
		expect(call(SBI_EXT_RFENCE, fid, 1, 0, 0),
		       SBI_ERR_NOT_SUPPORTED, 0);
	expect(call(SBI_EXT_RFENCE, SBI_RFENCE_SFENCE_VMA, 1, 3, 0),
	       SBI_ERR_INVALID_PARAM, 0);
	assert_int_equal(fake.fence_mask, 0);
	/* IPI to every vCPU, the caller included; a second fid: none. */
	expect(call(SBI_EXT_IPI, 0, 0, ~0ull, 0), 0, 0);
	assert_int_equal(fake.soft_irqs, 7);
	expect(call(SBI_EXT_IPI, 1, 1, 0, 0), SBI_ERR_NOT_SUPPORTED, 0);
	assert_int_equal(fake.warnings, 1);
}

/* A fence the firmware refused reaches the guest as an error (its own
 * address/parameter errors as they are, anything else FAILED), logged. */
static void test_rfence_firmware_error(void **state)
{
	(void)state;
	fake.fence_error = SBI_ERR_INVALID_ADDRESS;
	expect(call(SBI_EXT_RFENCE, SBI_RFENCE_SFENCE_VMA, 3, 0, 0x1000),
	       SBI_ERR_INVALID_ADDRESS, 0);
	assert_int_equal(fake.warnings, 1);
	fake.fence_error = SBI_ERR_NOT_SUPPORTED;
	expect(call(SBI_EXT_RFENCE, SBI_RFENCE_FENCE_I, 0, ~0ull, 0),
	       SBI_ERR_FAILED, 0);
	fake.fence_error = SBI_ERR_DENIED;
	expect(call(SBI_EXT_RFENCE, SBI_RFENCE_SFENCE_VMA_ASID, 1, 1, 0),
	       SBI_ERR_FAILED, 0);
	assert_int_equal(fake.fence_mask, 2);
	assert_int_equal(fake.warnings, 3);
	fake.fence_error = SBI_SUCCESS;
	expect(call(SBI_EXT_RFENCE, SBI_RFENCE_FENCE_I, 1, 0, 0), 0, 0);
	assert_int_equal(fake.warnings, 3);
}

static void test_unknown_calls_not_supported(void **state)
{
	(void)state;
	expect(call(0x504d55, 0, 0, 0, 0), SBI_ERR_NOT_SUPPORTED, 0);
	expect(call(SBI_EXT_TIME, 1, 0, 0, 0), SBI_ERR_NOT_SUPPORTED, 0);
	expect(call(SBI_EXT_RFENCE, SBI_RFENCE_HFENCE_VVMA, 0, 0, 0),
	       SBI_ERR_NOT_SUPPORTED, 0);
	expect(call(SBI_EXT_SRST, 1, 0, 0, 0), SBI_ERR_NOT_SUPPORTED, 0);
}

static void test_time_and_legacy_timer(void **state)
{
	(void)state;
	expect(call(SBI_EXT_TIME, 0, 12345, 0, 0), 0, 0);
	assert_int_equal(fake.timer, 12345);
	expect(call(SBI_EXT_LEGACY_SET_TIMER, 0, 777, 0, 0), 0, 0);
	assert_int_equal(fake.timer, 777);
}

static void test_hart_masks(void **state)
{
	u64 m;

	(void)state;
	assert_int_equal(vsbi_vcpu_mask(3, 0, ~0ull, &m), 0);
	assert_int_equal(m, 7);
	assert_int_equal(vsbi_vcpu_mask(3, 3, 1, &m), 0);
	assert_int_equal(m, 6);
	assert_int_equal(vsbi_vcpu_mask(3, 0, 5, &m), 0); /* empty mask */
	assert_int_equal(m, 0);
	assert_int_equal(vsbi_vcpu_mask(3, 8, 0, &m), SBI_ERR_INVALID_PARAM);
	assert_int_equal(vsbi_vcpu_mask(3, 1, 3, &m), SBI_ERR_INVALID_PARAM);
	assert_int_equal(vsbi_vcpu_mask(3, 1, 64, &m), SBI_ERR_INVALID_PARAM);
	assert_int_equal(vsbi_vcpu_mask(64, ~0ull, 0, &m), 0);
	assert_int_equal(m, ~0ull);
	/* An empty mask names no hart, whatever the base. */
	m = 1;
	assert_int_equal(vsbi_vcpu_mask(3, 0, 64, &m), 0);
	assert_int_equal(m, 0);
	assert_int_equal(vsbi_vcpu_mask(3, 0, ~0ull - 1, &m), 0);
	assert_int_equal(m, 0);
	/* base -1: every hart, hart_mask ignored. */
	assert_int_equal(vsbi_vcpu_mask(3, 0xdead, ~0ull, &m), 0);
	assert_int_equal(m, 7);
	/* The last vCPU, one past it, a bit that shifts out of 64. */
	assert_int_equal(vsbi_vcpu_mask(3, 1, 2, &m), 0);
	assert_int_equal(m, 4);
	assert_int_equal(vsbi_vcpu_mask(3, 4, 1, &m), SBI_ERR_INVALID_PARAM);
	assert_int_equal(vsbi_vcpu_mask(64, 3, 63, &m), SBI_ERR_INVALID_PARAM);
	assert_int_equal(vsbi_vcpu_mask(64, 1, 63, &m), 0);
	assert_int_equal(m, 1ull << 63);
}

static void test_ipi_and_rfence(void **state)
{
	(void)state;
	expect(call(SBI_EXT_IPI, 0, 5, 0, 0), 0, 0);
	assert_int_equal(fake.soft_irqs, 5);
	expect(call(SBI_EXT_IPI, 0, 1, 7, 0), SBI_ERR_INVALID_PARAM, 0);
	expect(call(SBI_EXT_RFENCE, SBI_RFENCE_SFENCE_VMA, 2, 0, 0x1000), 0, 0);
	assert_int_equal(fake.fence_mask, 2);
	assert_int_equal(fake.fence_fid, SBI_RFENCE_SFENCE_VMA);
	assert_int_equal(fake.fence_start, 0x1000);
}

static void test_hsm(void **state)
{
	struct vsbi_call stop = {.ext = SBI_EXT_HSM, .fid = SBI_HSM_HART_STOP};

	(void)state;
	expect(call(SBI_EXT_HSM, SBI_HSM_HART_START, 1, 0x80000100, 0xabc), 0,
	       0);
	assert_int_equal(zone.vcpus[1].state, VCPU_ON_PENDING);
	assert_int_equal(zone.vcpus[1].start_entry, 0x80000100);
	assert_int_equal(zone.vcpus[1].start_arg, 0xabc);
	expect(call(SBI_EXT_HSM, SBI_HSM_HART_START, 1, 0x80000100, 0),
	       SBI_ERR_ALREADY_AVAILABLE, 0);
	expect(call(SBI_EXT_HSM, SBI_HSM_HART_START, 3, 0, 0),
	       SBI_ERR_INVALID_PARAM, 0);
	/* Outside the zone's RAM: refused before the vCPU is touched. */
	expect(call(SBI_EXT_HSM, SBI_HSM_HART_START, 2, 0x90000000, 0),
	       SBI_ERR_INVALID_ADDRESS, 0);
	assert_int_equal(zone.vcpus[2].state, VCPU_OFF);
	assert_int_equal(fake.warnings, 2);
	expect(call(SBI_EXT_HSM, SBI_HSM_HART_STATUS, 0, 0, 0), 0,
	       SBI_HSM_STARTED);
	expect(call(SBI_EXT_HSM, SBI_HSM_HART_STATUS, 1, 0, 0), 0,
	       SBI_HSM_START_PENDING);
	expect(call(SBI_EXT_HSM, SBI_HSM_HART_STATUS, 2, 0, 0), 0,
	       SBI_HSM_STOPPED);
	/* Retentive (0): suspended until an interrupt, SUSPENDED meanwhile;
	 * bits 63..32 of suspend_type are ignored on RV64. */
	expect(call(SBI_EXT_HSM, SBI_HSM_HART_SUSPEND, 0, 0, 0), 0, 0);
	assert_int_equal(fake.suspends, 1);
	assert_int_equal(fake.status_while_suspended, SBI_HSM_SUSPENDED);
	expect(call(SBI_EXT_HSM, SBI_HSM_HART_SUSPEND, 1ull << 32, 0, 0), 0, 0);
	expect(call(SBI_EXT_HSM, SBI_HSM_HART_SUSPEND, ~0ull << 32, 0, 0), 0,
	       0);
	assert_int_equal(fake.suspends, 3);
	expect(call(SBI_EXT_HSM, SBI_HSM_HART_STATUS, 0, 0, 0), 0,
	       SBI_HSM_STARTED);
	assert_false(last.resume); /* retentive: the call returns */
	/* Platform-specific types: none offered; reserved: invalid. None
	 * suspends. */
	expect(call(SBI_EXT_HSM, SBI_HSM_HART_SUSPEND, 0x10000000, 0, 0),
	       SBI_ERR_NOT_SUPPORTED, 0);
	expect(call(SBI_EXT_HSM, SBI_HSM_HART_SUSPEND, 0x7fffffff, 0, 0),
	       SBI_ERR_NOT_SUPPORTED, 0);
	expect(call(SBI_EXT_HSM, SBI_HSM_HART_SUSPEND, 0x90000000, 0, 0),
	       SBI_ERR_NOT_SUPPORTED, 0);
	expect(call(SBI_EXT_HSM, SBI_HSM_HART_SUSPEND, 0xffffffff, 0, 0),
	       SBI_ERR_NOT_SUPPORTED, 0);
	expect(call(SBI_EXT_HSM, SBI_HSM_HART_SUSPEND, 1, 0, 0),
	       SBI_ERR_INVALID_PARAM, 0);
	expect(call(SBI_EXT_HSM, SBI_HSM_HART_SUSPEND, 0x0fffffff, 0, 0),
	       SBI_ERR_INVALID_PARAM, 0);
	expect(call(SBI_EXT_HSM, SBI_HSM_HART_SUSPEND, 0x80000001, 0, 0),
	       SBI_ERR_INVALID_PARAM, 0);
	expect(call(SBI_EXT_HSM, SBI_HSM_HART_SUSPEND, 0x8fffffff, 0, 0),
	       SBI_ERR_INVALID_PARAM, 0);
	expect(call(SBI_EXT_HSM, SBI_HSM_HART_SUSPEND, (1ull << 32) | 1, 0, 0),
	       SBI_ERR_INVALID_PARAM, 0);
	assert_int_equal(fake.suspends, 3);
	if (!setjmp(stopped))
		vsbi_handle(&zone.vcpus[0], &stop);
	assert_int_equal(fake.stops, 1);
}

static void test_hsm_non_retentive_suspend(void **state)
{
	(void)state;
	/* Default non-retentive: suspended (SUSPENDED meanwhile), then the
	 * hart goes on at resume_addr with the opaque value; bits 63..32 of
	 * suspend_type ignored. */
	expect(call(SBI_EXT_HSM, SBI_HSM_HART_SUSPEND, 0x80000000, 0x80000100,
		    0x55),
	       0, 0);
	assert_int_equal(fake.suspends, 1);
	assert_int_equal(fake.status_while_suspended, SBI_HSM_SUSPENDED);
	assert_true(last.resume);
	assert_int_equal(last.resume_addr, 0x80000100);
	assert_int_equal(last.resume_arg, 0x55);
	expect(call(SBI_EXT_HSM, SBI_HSM_HART_SUSPEND, ~0ull << 32 | 0x80000000,
		    0x80000002, 0),
	       0, 0);
	assert_true(last.resume);
	assert_int_equal(last.resume_addr, 0x80000002);
	assert_int_equal(fake.suspends, 2);
	/* A resume address outside the zone's RAM, or odd: refused before
	 * the hart sleeps, logged. */
	expect(
	    call(SBI_EXT_HSM, SBI_HSM_HART_SUSPEND, 0x80000000, 0x90000000, 0),
	    SBI_ERR_INVALID_ADDRESS, 0);
	assert_false(last.resume);
	expect(
	    call(SBI_EXT_HSM, SBI_HSM_HART_SUSPEND, 0x80000000, 0x80000101, 0),
	    SBI_ERR_INVALID_ADDRESS, 0);
	expect(call(SBI_EXT_HSM, SBI_HSM_HART_SUSPEND, 0x80000000, 0, 0),
	       SBI_ERR_INVALID_ADDRESS, 0);
	assert_int_equal(fake.suspends, 2);
	assert_int_equal(fake.warnings, 3);
}

static void test_hsm_start_checks(void **state)
{
	(void)state;
	/* RAM the zone may not execute: INVALID_ADDRESS, for a start and a
	 * resume. */
	expect(call(SBI_EXT_HSM, SBI_HSM_HART_START, 1, 0x80100000, 0),
	       SBI_ERR_INVALID_ADDRESS, 0);
	expect(
	    call(SBI_EXT_HSM, SBI_HSM_HART_SUSPEND, 0x80000000, 0x80100000, 0),
	    SBI_ERR_INVALID_ADDRESS, 0);
	assert_int_equal(fake.suspends, 0);
	/* An odd entry: INVALID_ADDRESS; the last hart id and every one past
	 * it: INVALID_PARAM (checked first); status of -1 likewise. */
	expect(call(SBI_EXT_HSM, SBI_HSM_HART_START, 1, 0x80000101, 0),
	       SBI_ERR_INVALID_ADDRESS, 0);
	assert_int_equal(zone.vcpus[1].state, VCPU_OFF);
	expect(call(SBI_EXT_HSM, SBI_HSM_HART_START, ~0ull, 0x90000000, 0),
	       SBI_ERR_INVALID_PARAM, 0);
	expect(call(SBI_EXT_HSM, SBI_HSM_HART_STATUS, ~0ull, 0, 0),
	       SBI_ERR_INVALID_PARAM, 0);
	expect(call(SBI_EXT_HSM, SBI_HSM_HART_STATUS, 3, 0, 0),
	       SBI_ERR_INVALID_PARAM, 0);
	/* Starting a running hart (itself): ALREADY_AVAILABLE. */
	expect(call(SBI_EXT_HSM, SBI_HSM_HART_START, 0, 0x80000100, 0),
	       SBI_ERR_ALREADY_AVAILABLE, 0);
	/* fids beyond hart_suspend: NOT_SUPPORTED. */
	expect(call(SBI_EXT_HSM, 4, 0, 0, 0), SBI_ERR_NOT_SUPPORTED, 0);
	assert_int_equal(fake.warnings, 6);
}

static void test_srst(void **state)
{
	(void)state;
	call(SBI_EXT_SRST, 0, SBI_SRST_SHUTDOWN, 0, 0);
	assert_int_equal(fake.shutdowns, 1);
	call(SBI_EXT_SRST, 0, SBI_SRST_WARM_REBOOT, 0, 0);
	call(SBI_EXT_SRST, 0, SBI_SRST_COLD_REBOOT, 0, 0);
	assert_int_equal(fake.reboots, 2);
	expect(call(SBI_EXT_SRST, 0, 7, 0, 0), SBI_ERR_INVALID_PARAM, 0);
	/* Vendor types: none implemented. */
	expect(call(SBI_EXT_SRST, 0, 0xf0000000, 0, 0), SBI_ERR_INVALID_PARAM,
	       0);
	/* Reasons: 0 and 1 only (upper 32 bits ignored); reserved, SBI-
	 * implementation and vendor reasons refused before anything stops. */
	call(SBI_EXT_SRST, 0, SBI_SRST_SHUTDOWN, 1, 0);
	call(SBI_EXT_SRST, 0, SBI_SRST_SHUTDOWN, 1ull << 32, 0);
	assert_int_equal(fake.shutdowns, 3);
	expect(call(SBI_EXT_SRST, 0, SBI_SRST_SHUTDOWN, 2, 0),
	       SBI_ERR_INVALID_PARAM, 0);
	expect(call(SBI_EXT_SRST, 0, SBI_SRST_COLD_REBOOT, 0xe0000000, 0),
	       SBI_ERR_INVALID_PARAM, 0);
	expect(call(SBI_EXT_SRST, 0, SBI_SRST_WARM_REBOOT, 0xffffffff, 0),
	       SBI_ERR_INVALID_PARAM, 0);
	assert_int_equal(fake.shutdowns, 3);
	assert_int_equal(fake.reboots, 2);
}

static void test_consoles(void **state)
{
	(void)state;
	memcpy(guest_ram + 16, "hello", 5);
	expect(call(SBI_EXT_DBCN, SBI_DBCN_WRITE, 5, 0x80000010, 0), 0, 5);
	expect(call(SBI_EXT_DBCN, SBI_DBCN_WRITE_BYTE, '!', 0, 0), 0, 0);
	expect(call(SBI_EXT_LEGACY_PUTCHAR, 0, '?', 0, 0), 0, 0);
	assert_int_equal(fake.out_len, 7);
	assert_memory_equal(fake.out, "hello!?", 7);
	/* Outside the zone's RAM (or in its high half): refused. */
	expect(call(SBI_EXT_DBCN, SBI_DBCN_WRITE, 5, 0x70000000, 0),
	       SBI_ERR_INVALID_PARAM, 0);
	expect(call(SBI_EXT_DBCN, SBI_DBCN_WRITE, 5, 0x80000010, 1),
	       SBI_ERR_INVALID_PARAM, 0);
	/* base_addr_hi holds bits 64 and up on RV64, not bits 32 and up:
	 * non-zero names no address (also for an empty write). */
	expect(call(SBI_EXT_DBCN, SBI_DBCN_WRITE, 5, 0x80000010, 0), 0, 5);
	expect(call(SBI_EXT_DBCN, SBI_DBCN_READ, 5, 0x10, 0x8),
	       SBI_ERR_INVALID_PARAM, 0);
	expect(call(SBI_EXT_DBCN, SBI_DBCN_WRITE, 0, 0, 1),
	       SBI_ERR_INVALID_PARAM, 0);
	expect(call(SBI_EXT_DBCN, SBI_DBCN_WRITE, 0, 0, 0), 0, 0);
	expect(call(SBI_EXT_DBCN, 3, 0, 0, 0), SBI_ERR_NOT_SUPPORTED, 0);
	/* Read-only RAM: written from, never read into. */
	expect(call(SBI_EXT_DBCN, SBI_DBCN_WRITE, 2, 0x80200010, 0), 0, 2);
	fake.in = "ab";
	expect(call(SBI_EXT_DBCN, SBI_DBCN_READ, 8, 0x80200100, 0),
	       SBI_ERR_INVALID_PARAM, 0);
	expect(call(SBI_EXT_DBCN, SBI_DBCN_READ, 8, 0x80000100, 0), 0, 2);
	assert_memory_equal(guest_ram + 0x100, "ab", 2);
	fake.in = "z";
	expect(call(SBI_EXT_LEGACY_GETCHAR, 0, 0, 0, 0), 'z', 0);
	expect(call(SBI_EXT_LEGACY_GETCHAR, 0, 0, 0, 0), -1, 0);
}

static void test_cvisor_hypercalls(void **state)
{
	(void)state;
	expect(call(SBI_EXT_CVISOR, CV_HC_VERSION, 0, 0, 0), 0, CV_ABI_VERSION);
	expect(call(SBI_EXT_CVISOR, CV_HC_ZONE_ID, 0, 0, 0), 0, 3);
	expect(call(SBI_EXT_CVISOR, 0x12, 0, 0, 0), 0, 5);
	/* Errors: the SBI error in a0, cvisor's own code in a1. */
	expect(call(SBI_EXT_CVISOR, 0x7777, 0, 0, 0), SBI_ERR_NOT_SUPPORTED,
	       CV_HC_ENOSYS);
	expect(call(SBI_EXT_CVISOR, 0x10, 1, 0, 0), SBI_ERR_DENIED,
	       CV_HC_EPERM);
	expect(call(SBI_EXT_CVISOR, 0x10, 0, 0, 0), SBI_ERR_INVALID_PARAM,
	       CV_HC_EINVAL);
	expect(call(SBI_EXT_CVISOR, 0x12, 1, 0, 0), SBI_ERR_INVALID_PARAM,
	       CV_HC_ENOENT);
	expect(call(SBI_EXT_CVISOR, 0x12, 2, 0, 0), SBI_ERR_ALREADY_STARTED,
	       CV_HC_EBUSY);
	expect(call(SBI_EXT_CVISOR, 0x12, 3, 0, 0), SBI_ERR_FAILED,
	       CV_HC_ENOMEM);
	/* A fid beyond the 16-bit codes is no code (0x1_0000_0002 is not
	 * CV_HC_ZONE_ID): not dispatched. */
	expect(call(SBI_EXT_CVISOR, 0x100000002ull, 0, 0, 0),
	       SBI_ERR_NOT_SUPPORTED, CV_HC_ENOSYS);
	expect(call(SBI_EXT_CVISOR, 0x10000, 0, 0, 0), SBI_ERR_NOT_SUPPORTED,
	       CV_HC_ENOSYS);
	assert_int_equal(fake.last_code, 0x7777);
}

static void test_hc_error_mapping(void **state)
{
	(void)state;
	assert_int_equal(vsbi_hc_error(0), SBI_SUCCESS);
	assert_int_equal(vsbi_hc_error(0x7fffffff), SBI_SUCCESS);
	assert_int_equal(vsbi_hc_error(CV_HC_ENOSYS), SBI_ERR_NOT_SUPPORTED);
	assert_int_equal(vsbi_hc_error(CV_HC_EINVAL), SBI_ERR_INVALID_PARAM);
	assert_int_equal(vsbi_hc_error(CV_HC_EPERM), SBI_ERR_DENIED);
	assert_int_equal(vsbi_hc_error(CV_HC_ENOENT), SBI_ERR_INVALID_PARAM);
	assert_int_equal(vsbi_hc_error(CV_HC_EBUSY), SBI_ERR_ALREADY_STARTED);
	assert_int_equal(vsbi_hc_error(CV_HC_ENOMEM), SBI_ERR_FAILED);
	assert_int_equal(vsbi_hc_error(-99), SBI_ERR_FAILED);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup(test_base, setup),
	    cmocka_unit_test_setup(test_probe_every_extension, setup),
	    cmocka_unit_test_setup(test_suspend_kinds, setup),
	    cmocka_unit_test_setup(test_rfence_masks_and_fids, setup),
	    cmocka_unit_test_setup(test_rfence_firmware_error, setup),
	    cmocka_unit_test_setup(test_unknown_calls_not_supported, setup),
	    cmocka_unit_test_setup(test_time_and_legacy_timer, setup),
	    cmocka_unit_test_setup(test_hart_masks, setup),
	    cmocka_unit_test_setup(test_ipi_and_rfence, setup),
	    cmocka_unit_test_setup(test_hsm, setup),
	    cmocka_unit_test_setup(test_hsm_non_retentive_suspend, setup),
	    cmocka_unit_test_setup(test_hsm_start_checks, setup),
	    cmocka_unit_test_setup(test_srst, setup),
	    cmocka_unit_test_setup(test_consoles, setup),
	    cmocka_unit_test_setup(test_cvisor_hypercalls, setup),
	    cmocka_unit_test_setup(test_hc_error_mapping, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

/*
 * A sweep of the SBI functions cvisor emulates against SBI 2.0 (README.md,
 * step 8c), run by the first hart while the other one (hart 1) runs: each
 * call with the error (a0) and, where the specification or cvisor's docs
 * fix it, the value (a1) it must return. Only under cvisor (it has the
 * hypercall extension): the calls that would stop, reset or suspend the
 * hart are left out, as are those whose answer depends on the firmware.
 * The zone is the root zone with 2 harts and RAM at 0x80000000 (16 MiB).
 */
#include "guest.h"

#define SBI_EXT_RFENCE 0x52464e43

#define E_OK		0
#define E_FAILED	-1
#define E_NOT_SUPPORTED -2
#define E_INVALID_PARAM -3
#define E_DENIED	-4
#define E_INVALID_ADDR	-5
#define E_ALREADY_AVAIL -6
#define E_ALREADY_START -7
#define ANY		0x7fffffffffffffffl /* value not checked */
#define RAM		0x80000000ul
#define RAM_END		0x81000000ul
#define NO_HART		5ul
#define BASE_ALL	(~0ul)
#define HC_ENOSYS	-1
#define HC_EPERM	-3
#define HC_ENOENT	-4
#define HC_EBUSY	-5

struct sweep {
	const char *name;
	unsigned long ext, fid, a[6];
	long error, value;
};

static const char dbcn_text[] = "[guest] sbi sweep: dbcn\n";

/* ecall with all six arguments. */
static struct sbiret sbi6(const struct sweep *w)
{
	register unsigned long r0 __asm__("a0") = w->a[0];
	register unsigned long r1 __asm__("a1") = w->a[1];
	register unsigned long r2 __asm__("a2") = w->a[2];
	register unsigned long r3 __asm__("a3") = w->a[3];
	register unsigned long r4 __asm__("a4") = w->a[4];
	register unsigned long r5 __asm__("a5") = w->a[5];
	register unsigned long r6 __asm__("a6") = w->fid;
	register unsigned long r7 __asm__("a7") = w->ext;

	__asm__ volatile("ecall"
			 : "+r"(r0), "+r"(r1)
			 : "r"(r2), "r"(r3), "r"(r4), "r"(r5), "r"(r6), "r"(r7)
			 : "memory");
	return (struct sbiret){(long)r0, (long)r1};
}

static const struct sweep sweeps[] = {
    /* BASE (chapter 4) */
    {"base spec version", SBI_EXT_BASE, 0, {0}, E_OK, 2l << 24},
    {"base impl id", SBI_EXT_BASE, 1, {0}, E_OK, 0x63767372},
    {"base impl version", SBI_EXT_BASE, 2, {0}, E_OK, ANY},
    {"base probe TIME", SBI_EXT_BASE, 3, {SBI_EXT_TIME}, E_OK, 1},
    {"base probe IPI", SBI_EXT_BASE, 3, {SBI_EXT_IPI}, E_OK, 1},
    {"base probe RFENCE", SBI_EXT_BASE, 3, {SBI_EXT_RFENCE}, E_OK, 1},
    {"base probe HSM", SBI_EXT_BASE, 3, {SBI_EXT_HSM}, E_OK, 1},
    {"base probe SRST", SBI_EXT_BASE, 3, {SBI_EXT_SRST}, E_OK, 1},
    {"base probe DBCN", SBI_EXT_BASE, 3, {SBI_EXT_DBCN}, E_OK, 1},
    {"base probe legacy set_timer", SBI_EXT_BASE, 3, {0x00}, E_OK, 1},
    {"base probe legacy shutdown", SBI_EXT_BASE, 3, {0x08}, E_OK, 0},
    {"base probe PMU", SBI_EXT_BASE, 3, {0x504d55}, E_OK, 0},
    {"base probe cvisor", SBI_EXT_BASE, 3, {SBI_EXT_CVISOR}, E_OK, 1},
    {"base mvendorid", SBI_EXT_BASE, 4, {0}, E_OK, 0},
    {"base marchid", SBI_EXT_BASE, 5, {0}, E_OK, 0},
    {"base mimpid", SBI_EXT_BASE, 6, {0}, E_OK, 0},
    {"base fid 7", SBI_EXT_BASE, 7, {0}, E_NOT_SUPPORTED, ANY},
    /* TIME (chapter 6): set_timer itself is sbi_check.c's. */
    {"time fid 1", SBI_EXT_TIME, 1, {0}, E_NOT_SUPPORTED, ANY},
    /* IPI (chapter 7): masks; base -1 = every hart, mask ignored. */
    {"ipi empty mask", SBI_EXT_IPI, 0, {0, 0}, E_OK, 0},
    {"ipi empty mask, base far", SBI_EXT_IPI, 0, {0, 1000}, E_OK, 0},
    {"ipi hart 5", SBI_EXT_IPI, 0, {1ul << NO_HART, 0}, E_INVALID_PARAM, ANY},
    {"ipi base 2", SBI_EXT_IPI, 0, {1, 2}, E_INVALID_PARAM, ANY},
    {"ipi base 64", SBI_EXT_IPI, 0, {1, 64}, E_INVALID_PARAM, ANY},
    {"ipi mask past bit 63",
     SBI_EXT_IPI,
     0,
     {1ul << 63, 1},
     E_INVALID_PARAM,
     ANY},
    {"ipi fid 1", SBI_EXT_IPI, 1, {0}, E_NOT_SUPPORTED, ANY},
    /* RFENCE (chapter 8) */
    {"rfence fence.i all", SBI_EXT_RFENCE, 0, {0, BASE_ALL}, E_OK, 0},
    {"rfence sfence.vma all", SBI_EXT_RFENCE, 1, {0, BASE_ALL, 0, 0}, E_OK, 0},
    {"rfence sfence.vma range",
     SBI_EXT_RFENCE,
     1,
     {3, 0, RAM, 0x2000},
     E_OK,
     0},
    {"rfence sfence.vma size -1", SBI_EXT_RFENCE, 1, {1, 1, 0, ~0ul}, E_OK, 0},
    {"rfence sfence.vma.asid", SBI_EXT_RFENCE, 2, {2, 0, 0, ~0ul, 7}, E_OK, 0},
    {"rfence hart 5",
     SBI_EXT_RFENCE,
     1,
     {1ul << NO_HART, 0, 0, 0},
     E_INVALID_PARAM,
     ANY},
    {"rfence base beyond", SBI_EXT_RFENCE, 0, {1, 2}, E_INVALID_PARAM, ANY},
    {"rfence hfence.gvma.vmid",
     SBI_EXT_RFENCE,
     3,
     {1, 0},
     E_NOT_SUPPORTED,
     ANY},
    {"rfence hfence.gvma", SBI_EXT_RFENCE, 4, {1, 0}, E_NOT_SUPPORTED, ANY},
    {"rfence hfence.vvma.asid",
     SBI_EXT_RFENCE,
     5,
     {1, 0},
     E_NOT_SUPPORTED,
     ANY},
    {"rfence hfence.vvma", SBI_EXT_RFENCE, 6, {1, 0}, E_NOT_SUPPORTED, ANY},
    {"rfence fid 7", SBI_EXT_RFENCE, 7, {1, 0}, E_NOT_SUPPORTED, ANY},
    /* HSM (chapter 9): hart 1 runs, hart 0 is this one. */
    {"hsm start hart 5", SBI_EXT_HSM, 0, {NO_HART, RAM}, E_INVALID_PARAM, ANY},
    {"hsm start hart -1", SBI_EXT_HSM, 0, {~0ul, RAM}, E_INVALID_PARAM, ANY},
    {"hsm start self",
     SBI_EXT_HSM,
     0,
     {0, RAM + 0x200000},
     E_ALREADY_AVAIL,
     ANY},
    {"hsm start outside RAM",
     SBI_EXT_HSM,
     0,
     {1, RAM_END},
     E_INVALID_ADDR,
     ANY},
    {"hsm start odd entry",
     SBI_EXT_HSM,
     0,
     {1, RAM + 0x200001},
     E_INVALID_ADDR,
     ANY},
    {"hsm status self", SBI_EXT_HSM, 2, {0}, E_OK, 0 /* STARTED */},
    {"hsm status hart 5", SBI_EXT_HSM, 2, {NO_HART}, E_INVALID_PARAM, ANY},
    {"hsm suspend reserved 1", SBI_EXT_HSM, 3, {1}, E_INVALID_PARAM, ANY},
    {"hsm suspend reserved 0x80000001",
     SBI_EXT_HSM,
     3,
     {0x80000001},
     E_INVALID_PARAM,
     ANY},
    {"hsm suspend platform 0x10000000",
     SBI_EXT_HSM,
     3,
     {0x10000000},
     E_NOT_SUPPORTED,
     ANY},
    {"hsm suspend platform 0x90000000",
     SBI_EXT_HSM,
     3,
     {0x90000000},
     E_NOT_SUPPORTED,
     ANY},
    {"hsm non-retentive outside RAM",
     SBI_EXT_HSM,
     3,
     {0x80000000, RAM_END, 0},
     E_INVALID_ADDR,
     ANY},
    {"hsm non-retentive odd resume",
     SBI_EXT_HSM,
     3,
     {0x80000000, RAM + 0x200001, 0},
     E_INVALID_ADDR,
     ANY},
    {"hsm fid 4", SBI_EXT_HSM, 4, {0}, E_NOT_SUPPORTED, ANY},
    /* SRST (chapter 10): only refusals (the others end the run). */
    {"srst type 3", SBI_EXT_SRST, 0, {3, 0}, E_INVALID_PARAM, ANY},
    {"srst vendor type",
     SBI_EXT_SRST,
     0,
     {0xf0000000, 0},
     E_INVALID_PARAM,
     ANY},
    {"srst reason 2", SBI_EXT_SRST, 0, {0, 2}, E_INVALID_PARAM, ANY},
    {"srst vendor reason",
     SBI_EXT_SRST,
     0,
     {0, 0xf0000000},
     E_INVALID_PARAM,
     ANY},
    {"srst fid 1", SBI_EXT_SRST, 1, {0, 0}, E_NOT_SUPPORTED, ANY},
    /* DBCN (chapter 12) */
    {"dbcn write",
     SBI_EXT_DBCN,
     0,
     {sizeof(dbcn_text) - 1, (unsigned long)dbcn_text, 0},
     E_OK,
     sizeof(dbcn_text) - 1},
    {"dbcn write 0 bytes", SBI_EXT_DBCN, 0, {0, RAM, 0}, E_OK, 0},
    {"dbcn write, base_hi set",
     SBI_EXT_DBCN,
     0,
     {1, (unsigned long)dbcn_text, 1},
     E_INVALID_PARAM,
     ANY},
    {"dbcn write outside RAM",
     SBI_EXT_DBCN,
     0,
     {4, RAM_END - 2, 0},
     E_INVALID_PARAM,
     ANY},
    {"dbcn read outside RAM",
     SBI_EXT_DBCN,
     1,
     {4, 0x1000, 0},
     E_INVALID_PARAM,
     ANY},
    {"dbcn fid 3", SBI_EXT_DBCN, 3, {0}, E_NOT_SUPPORTED, ANY},
    /* Legacy (chapter 5): only 0x00-0x02; the others are -2 in a0. */
    {"legacy clear_ipi", 0x03, 0, {0}, E_NOT_SUPPORTED, ANY},
    {"legacy send_ipi", 0x04, 0, {0}, E_NOT_SUPPORTED, ANY},
    {"legacy remote_fence_i", 0x05, 0, {0}, E_NOT_SUPPORTED, ANY},
    {"legacy shutdown", 0x08, 0, {0}, E_NOT_SUPPORTED, ANY},
    /* Unknown extensions */
    {"extension PMU", 0x504d55, 0, {0}, E_NOT_SUPPORTED, ANY},
    {"extension 0x0a000000", 0x0a000000, 0, {0}, E_NOT_SUPPORTED, ANY},
    /* cvisor's hypercalls (docs/hypercalls.md): SBI error in a0, cvisor's
     * code in a1. This zone is the root zone (id 0), the only one. */
    {"cvisor version", SBI_EXT_CVISOR, 0, {0}, E_OK, 0x10000},
    {"cvisor nop", SBI_EXT_CVISOR, 1, {0}, E_OK, 0},
    {"cvisor zone id", SBI_EXT_CVISOR, 2, {0}, E_OK, 0},
    {"cvisor zone count", SBI_EXT_CVISOR, 0x10, {0}, E_OK, 1},
    {"cvisor zone info index 9",
     SBI_EXT_CVISOR,
     0x11,
     {9, RAM},
     E_INVALID_PARAM,
     HC_ENOENT},
    {"cvisor zone info outside RAM",
     SBI_EXT_CVISOR,
     0x11,
     {0, RAM_END},
     E_INVALID_PARAM,
     -2},
    {"cvisor start running zone",
     SBI_EXT_CVISOR,
     0x12,
     {0, 0},
     E_ALREADY_START,
     HC_EBUSY},
    {"cvisor start zone 99",
     SBI_EXT_CVISOR,
     0x12,
     {0, 99},
     E_INVALID_PARAM,
     HC_ENOENT},
    {"cvisor shutdown root", SBI_EXT_CVISOR, 0x13, {0}, E_DENIED, HC_EPERM},
    {"cvisor restart zone 99",
     SBI_EXT_CVISOR,
     0x14,
     {99},
     E_INVALID_PARAM,
     HC_ENOENT},
    {"cvisor hv info 7", SBI_EXT_CVISOR, 0x15, {7}, E_INVALID_PARAM, -2},
    {"cvisor ivc notify, no link",
     SBI_EXT_CVISOR,
     0x20,
     {0},
     E_INVALID_PARAM,
     -2},
    {"cvisor unknown code",
     SBI_EXT_CVISOR,
     0x7777,
     {0},
     E_NOT_SUPPORTED,
     HC_ENOSYS},
    {"cvisor fid above 16 bits",
     SBI_EXT_CVISOR,
     0x100000002ul,
     {0},
     E_NOT_SUPPORTED,
     HC_ENOSYS},
};

/* Legacy calls return a0 only: a1 must come back as it went in. */
static bool legacy(unsigned long ext)
{
	return ext <= 0x0f;
}

void sbi_sweep(void)
{
	unsigned fails = 0, n = sizeof(sweeps) / sizeof(sweeps[0]);

	for (unsigned i = 0; i < n; i++) {
		const struct sweep *w = &sweeps[i];
		struct sbiret r = sbi6(w);
		long want_value = legacy(w->ext) ? (long)w->a[1] : w->value;

		if (r.error == w->error &&
		    (want_value == ANY || r.value == want_value))
			continue;
		gprint("sbi sweep: FAIL %s: got (%ld, %ld), want (%ld, %ld)",
		       w->name, r.error, r.value, w->error, want_value);
		fails++;
	}
	if (!fails)
		gprint("sbi sweep: %u calls ok", n);
}

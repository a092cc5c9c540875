/*
 * The doorbell: source RV_IVC_DOORBELL of the zone's interrupt
 * controller, which cvisor emulates at the physical one's address.
 *  - PLIC (0x0c000000): priority 1, enabled in context 1 (vCPU 0's
 *    S-mode context), threshold 0; claim/complete in that context; it
 *    arrives as a supervisor external interrupt (scause 9).
 *  - AIA: the APLIC domain (0x0d000000) in MSI mode sends the source as
 *    identity RV_IVC_DOORBELL to hart index 0, guest index 0 (the zone's
 *    IMSIC file of vCPU 0, which the guest reaches through siselect/sireg
 *    and claims through stopei, AIA 1.0 3.8-3.9); the source is
 *    rising-edge (cvisor pulses it).
 */
#include "ivc.h"

#define PLIC_BASE_ADDR	0x0c000000ul
#define PLIC_CTX	1ul /* vCPU 0, S-mode */
#define APLIC_BASE_ADDR 0x0d000000ul
#define APLIC_SM_EDGE1	4u
#define SIE_SEIE	(1ul << 9)
#define ISEL_EIDELIVERY 0x70
#define ISEL_EITHRESH	0x72
#define ISEL_EIE0	0xc0

volatile uint32_t doorbells;
static bool aia;

static volatile uint32_t *r32(unsigned long addr)
{
	return (volatile uint32_t *)addr;
}

static void plic_init(void)
{
	unsigned long en = PLIC_BASE_ADDR + 0x2000 + 0x80 * PLIC_CTX +
			   4 * (RV_IVC_DOORBELL / 32);

	*r32(PLIC_BASE_ADDR + 4 * RV_IVC_DOORBELL) = 1;
	*r32(en) |= 1u << (RV_IVC_DOORBELL % 32);
	*r32(PLIC_BASE_ADDR + 0x200000 + 0x1000 * PLIC_CTX) = 0;
}

static void sireg_write(unsigned long isel, unsigned long v)
{
	csr_write(0x150, isel); /* siselect */
	csr_write(0x151, v);	/* sireg */
}

static void aia_init(void)
{
	unsigned long src = RV_IVC_DOORBELL;

	sireg_write(ISEL_EIDELIVERY, 1);
	sireg_write(ISEL_EITHRESH, 0);
	sireg_write(ISEL_EIE0, 1ul << RV_IVC_DOORBELL);
	*r32(APLIC_BASE_ADDR + 0x0000) = (1u << 8) | (1u << 2); /* IE, DM */
	*r32(APLIC_BASE_ADDR + 0x0004 + 4 * (src - 1)) = APLIC_SM_EDGE1;
	*r32(APLIC_BASE_ADDR + 0x3004 + 4 * (src - 1)) = RV_IVC_DOORBELL;
	*r32(APLIC_BASE_ADDR + 0x1edc) = (uint32_t)src; /* setienum */
}

const char *doorbell_init(const void *dtb)
{
	aia = dt_mentions(dtb, "riscv,aplic");
	if (aia)
		aia_init();
	else
		plic_init();
	csr_set(sie, SIE_SEIE);
	return aia ? "aplic/imsic" : "plic";
}

static void on_external(void)
{
	uint32_t id;

	if (aia) {
		unsigned long v;

		/* csrrw stopei: claim the top identity. */
		__asm__ volatile("csrrw %0, 0x15c, zero" : "=r"(v)::"memory");
		id = (uint32_t)(v >> 16) & 0x7ff;
	} else {
		id = *r32(PLIC_BASE_ADDR + 0x200004 + 0x1000 * PLIC_CTX);
	}
	if (id == RV_IVC_DOORBELL)
		doorbells = doorbells + 1;
	else if (id)
		gprint("unexpected interrupt %u", id);
	if (!aia && id)
		*r32(PLIC_BASE_ADDR + 0x200004 + 0x1000 * PLIC_CTX) = id;
}

__attribute__((interrupt("supervisor"), aligned(4))) void guest_trap(void)
{
	unsigned long cause = csr_read(scause);

	if (cause == ((1ul << 63) | 9)) {
		on_external();
		return;
	}
	gprint("unexpected trap scause=0x%lx sepc=0x%lx stval=0x%lx", cause,
	       csr_read(sepc), csr_read(stval));
	sbi(SBI_EXT_SRST, 0, 0, 0, 0);
}

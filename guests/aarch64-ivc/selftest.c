/*
 * Self-test build only (make selftest -> ivc-selftest.elf), for bare QEMU
 * where no peer ever rings: after "ready" the guest pends its own doorbell
 * SPI a few times through GICD_ISPENDR, which checks that the SPI is
 * enabled, grouped, prioritised and routed to this CPU and that the EOI
 * deactivates it (an active interrupt would not be taken again). It then
 * posts the request "quit" in the shared page, which the normal loop
 * answers ("BYE") before powering off, so QEMU exits with status 0.
 */
#include "guest.h"
#include "cvisor/ivc_proto.h"

#define GICD_ISPENDR(n) (0x0200 + 4 * ((n) / 32))
#define ROUNDS		3
#define SPIN_LIMIT	10000000

static bool ring_self(void)
{
	uint32_t before = ivc_doorbells;

	mmio_write32(GICD_BASE + GICD_ISPENDR(IVC_GUEST_SPI),
		     1U << (IVC_GUEST_SPI % 32));
	dsb_sy();
	irq_unmask_sync();
	for (int i = 0; i < SPIN_LIMIT && ivc_doorbells == before; i++)
		;
	irq_mask();
	return ivc_doorbells != before;
}

static void post_quit(void)
{
	uintptr_t req = IVC_GUEST_SHM_IPA + IVC_REQ_OFF;
	uint32_t seq = mmio_read32(IVC_GUEST_SHM_IPA + IVC_REPLY_OFF) + 1;

	mmio_write64(req + IVC_DATA_OFF, 0x74697571); /* "quit" */
	mmio_write32(req + IVC_LEN_OFF, 4);
	dsb_sy();
	mmio_write32(req + IVC_SEQ_OFF, seq ? seq : 1);
	dsb_sy();
}

void selftest(void)
{
	for (int r = 0; r < ROUNDS; r++) {
		if (!ring_self()) {
			gprint("selftest: doorbell %d not taken\n", r);
			system_off();
		}
	}
	gprint("selftest: %u doorbells taken\n", ivc_doorbells);
	post_quit();
}

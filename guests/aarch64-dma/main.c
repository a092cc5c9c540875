/*
 * cvisor DMA isolation test, the hostile DMA guest: a non-root zone that
 * owns QEMU's edu PCI function 00:02.0 and uses its DMA engine against the
 * victim's RAM and cvisor's memory, and once on its own RAM. It prints
 * "[dma] check <name>: <what it saw>" for the ECAM view and
 * "[dma] attack <name>: blocked ... | BREACH ..." for each DMA attack, then
 * "[dma] N attacks, M breaches" and stops its zone. See README.md.
 */
#include "dma.h"
#include "probe.h"

const char con_prefix[] = "[dma] ";

#define CV_HC_ZONE_ID 2
#define SLOT	      0x100UL /* bytes per transfer and per buffer slot */
/* Own RAM: IPA = PA = device address (see dma.lds). */
#define OWN_SRC	   0x52800000UL
#define OWN_DST	   0x52801000UL
#define OWN_ZERO   0x52802000UL
#define OWN_OUT	   0x52803000UL /* the whole device buffer lands here */
#define VICTIM_BUF 0x50400000UL /* the victim's watched RAM (PA) */
/* cvisor's memory: its image (code), and the unused end of its staging
 * area (a write there harms nothing when the SMMU is off). */
#define HV_TEXT	    0x40200000UL
#define HV_RESERVED 0x46000000UL
#define PCI_ID	    0x00
#define PCI_COMMAND 0x04
#define PCI_BAR0    0x10
#define EDU_PCI_ID  0x11e81234u
#define EDU_DEV_ID  0x010000edu

static unsigned attacks, breaches;

static volatile uint64_t *mem(uintptr_t ipa)
{
	return (volatile uint64_t *)ipa;
}

static uint64_t pattern(uint64_t i)
{
	return 0xd0a0000000000000UL | (i * 0x10001UL + 0x5a5a);
}

static void check(const char *name, uint32_t got, uint32_t want)
{
	gprint("check %s: 0x%x (%s)\n", name, got,
	       got == want ? "as expected" : "UNEXPECTED");
}

/* What the zone's ECAM view shows and lets it do. */
static void check_view(void)
{
	check("foreign-function-id", pci_read32(FOREIGN_BDF, PCI_ID),
	      0xffffffffu);
	pci_write32(FOREIGN_BDF, PCI_COMMAND, 0x6); /* memory + bus master */
	check("foreign-function-command", pci_read32(FOREIGN_BDF, PCI_COMMAND),
	      0xffffffffu);
	check("host-bridge-id", pci_read32(0, PCI_ID), 0xffffffffu);
	check("own-function-id", pci_read32(EDU_BDF, PCI_ID), EDU_PCI_ID);
	pci_write32(EDU_BDF, PCI_BAR0, 0xffffffffu);
	check("own-bar0-size-mask", pci_read32(EDU_BDF, PCI_BAR0), 0xfff00000u);
	pci_write32(EDU_BDF, PCI_BAR0, OUTSIDE_BAR);
	pci_write32(EDU_BDF, PCI_BAR0, MMIO_SHARE);
	check("own-bar0-placed", pci_read32(EDU_BDF, PCI_BAR0), MMIO_SHARE);
	pci_write32(EDU_BDF, PCI_COMMAND, 0x6);
	edu_init(MMIO_SHARE);
	check("edu-id", edu_id(), EDU_DEV_ID);
	check("edu-intx", check_intx(), 37);
}

static bool own_copy(void)
{
	for (uint64_t i = 0; i < SLOT / 8; i++) {
		mem(OWN_SRC)[i] = pattern(i);
		mem(OWN_DST)[i] = 0;
		mem(OWN_ZERO)[i] = 0;
	}
	edu_dma_to_dev(OWN_SRC, 0, SLOT);
	edu_dma_from_dev(0, OWN_DST, SLOT);
	for (uint64_t i = 0; i < SLOT / 8; i++) {
		if (mem(OWN_DST)[i] != pattern(i))
			return false;
	}
	return true;
}

/* Slot k of the device buffer as copied to OWN_OUT. */
static volatile uint64_t *slot(unsigned k)
{
	return mem(OWN_OUT + k * SLOT);
}

static bool slot_is_zero(unsigned k)
{
	for (uint64_t i = 0; i < SLOT / 8; i++) {
		if (slot(k)[i])
			return false;
	}
	return true;
}

static bool slot_is_pattern(unsigned k)
{
	for (uint64_t i = 0; i < SLOT / 8; i++) {
		if (slot(k)[i] != pattern(i))
			return false;
	}
	return true;
}

static void report_read(const char *name, uint64_t addr, unsigned k)
{
	attacks++;
	if (slot_is_zero(k)) {
		gprint("attack %s: blocked (read of 0x%lx gave nothing)\n",
		       name, addr);
		return;
	}
	breaches++;
	gprint("attack %s: BREACH: read 0x%lx: 0x%lx 0x%lx\n", name, addr,
	       slot(k)[0], slot(k)[1]);
}

static void report_write(const char *name, uint64_t addr, unsigned k)
{
	attacks++;
	if (!slot_is_pattern(k)) {
		gprint("attack %s: blocked (0x%lx does not read back what was "
		       "written)\n",
		       name, addr);
		return;
	}
	breaches++;
	gprint("attack %s: BREACH: wrote 0x%lx (read back)\n", name, addr);
}

/*
 * Slot 0 holds the pattern (from own_copy). Slots 1-4 are cleared, then
 * filled by reads from foreign memory; one transfer brings the whole
 * buffer back into our RAM, where we look.
 */
static void attack(void)
{
	edu_dma_to_dev(OWN_ZERO, 1 * SLOT, SLOT);
	edu_dma_to_dev(OWN_ZERO, 2 * SLOT, SLOT);
	edu_dma_to_dev(OWN_ZERO, 3 * SLOT, SLOT);
	edu_dma_to_dev(OWN_ZERO, 4 * SLOT, SLOT);
	edu_dma_from_dev(0, VICTIM_BUF, SLOT);	/* victim-ram-write */
	edu_dma_from_dev(0, HV_RESERVED, SLOT); /* hv-ram-write */
	edu_dma_to_dev(VICTIM_BUF + SLOT, 1 * SLOT, SLOT); /* victim-ram-read */
	edu_dma_to_dev(VICTIM_BUF, 2 * SLOT, SLOT);  /* write's readback */
	edu_dma_to_dev(HV_TEXT, 3 * SLOT, SLOT);     /* hv-image-read */
	edu_dma_to_dev(HV_RESERVED, 4 * SLOT, SLOT); /* write's readback */
	edu_dma_from_dev(0, OWN_OUT, 5 * SLOT);
	report_read("victim-ram-read", VICTIM_BUF + SLOT, 1);
	report_write("victim-ram-write", VICTIM_BUF, 2);
	report_read("hv-image-read", HV_TEXT, 3);
	report_write("hv-ram-write", HV_RESERVED, 4);
}

/* PSCI SYSTEM_RESET (PSCI 1.1, 5.11): cvisor restarts this zone. */
#define PSCI_SYSTEM_RESET 0x84000009UL
/* Left in the device's liveness register (0x04, reads back inverted),
 * which a zone restart does not clear: how the second run knows it. */
#define RUN_MARK 0x00c0ffeeu

/* BAR0 in the zone's share, memory decoding and bus mastering on. */
static void place_bar(void)
{
	pci_write32(EDU_BDF, PCI_BAR0, MMIO_SHARE);
	pci_write32(EDU_BDF, PCI_COMMAND, 0x6);
	edu_init(MMIO_SHARE);
}

/* After cvisor restarted the zone: the function must have been stopped
 * (no decoding, no bus mastering, BAR unplaced), and DMA within the zone
 * must work again. */
static void second_run(uint32_t command, uint32_t bar)
{
	gprint("restarted: command 0x%x bar0 0x%x at start (%s)\n", command,
	       bar, !(command & 0x6) && !bar ? "stopped by cvisor" : "LIVE");
	gprint("dma own-ram after restart: %s\n",
	       own_copy() ? "ok (256 bytes copied)" : "FAILED");
	system_off();
}

void dma_main(uintptr_t dtb)
{
	uint32_t command = pci_read32(EDU_BDF, PCI_COMMAND) & 0xffff;
	uint32_t bar = pci_read32(EDU_BDF, PCI_BAR0);

	(void)dtb;
	gprint("hello: zone %ld, edu at 00:02.0: attacking with DMA\n",
	       smccc_hvc(CV_HC(CV_HC_ZONE_ID), 0, 0, 0));
	place_bar();
	if (edu_liveness() == (uint32_t)~RUN_MARK)
		second_run(command, bar);
	check_view();
	gprint("dma own-ram: %s\n",
	       own_copy() ? "ok (256 bytes copied)" : "FAILED");
	attack();
	gprint("%u attacks, %u breaches\n", attacks, breaches);
	edu_set_liveness(RUN_MARK);
	smccc_hvc(PSCI_SYSTEM_RESET, 0, 0, 0);
	gprint("system reset failed\n");
	system_off();
}

void exc_dispatch(unsigned long vec, struct exc_frame *f)
{
	if (vec == VEC_CUR_SPX_SYNC &&
	    probe_fault(f, ESR_EC(read_sysreg(esr_el1))))
		return; /* gic_detect() probing the distributor */
	gprint("unexpected exception vec=%lu esr=0x%lx elr=0x%lx far=0x%lx\n",
	       vec, read_sysreg(esr_el1), f->elr, read_sysreg(far_el1));
	system_off();
}

/*
 * Memory attacks: the victim's RAM (its host-physical addresses used as
 * IPAs), cvisor's RAM and devices the zone was not given.  Each access
 * must end in an abort; one that completes is a breach.
 */
#include "hostile.h"

#define POISON 0xbad0bad0U

enum access { READ, WRITE, LOAD_PAIR, FETCH };

struct mem_attack {
	const char *name;
	enum access how;
	uintptr_t addr;
	uint32_t value; /* WRITE */
};

static const struct mem_attack memory[] = {
    {"victim-code-read", READ, VICTIM_CODE_PA, 0},
    {"victim-buffer-read", READ, VICTIM_BUF_PA, 0},
    {"victim-buffer-write", WRITE, VICTIM_BUF_PA, POISON},
    {"victim-ram-last-word-write", WRITE, VICTIM_LAST_PA, POISON},
    {"victim-buffer-load-pair", LOAD_PAIR, VICTIM_BUF_PA, 0},
    {"victim-code-execute", FETCH, VICTIM_CODE_PA, 0},
    {"hv-frames-read", READ, HV_FRAMES, 0},
    {"hv-frames-write", WRITE, HV_FRAMES, POISON},
    {"hv-frames-top-write", WRITE, HV_FRAMES_TOP, POISON},
    {"hv-boot-bundle-read", READ, HV_STAGING, 0},
    {"hv-boot-bundle-write", WRITE, HV_STAGING, POISON},
};

static const struct mem_attack devices[] = {
    {"rtc-read", READ, RTC_BASE, 0},
    {"virtio-mmio-read", READ, VIRTIO_BASE, 0},
    {"virtio-mmio-status-write", WRITE, VIRTIO_BASE + 0x70, 0xf},
    {"fw-cfg-read", READ, FW_CFG_BASE, 0},
    {"gicv2m-setspi-write", WRITE, GICV2M_SETSPI, VICTIM_SPI},
    {"gich-read", READ, GICH_BASE, 0},
    {"gicv-read", READ, GICV_BASE, 0},
    {"its-translater-write", WRITE, ITS_TRANSLATER, 0},
    {"gicr-foreign-frame-write", WRITE, GICR_FOREIGN + 0x10100, ~0U},
    {"pcie-ecam-read", READ, PCIE_ECAM_HIGH, 0},
    {"ipa-top-read", READ, IPA_TOP_PAGE, 0},
};

static uint64_t do_access(const struct mem_attack *a)
{
	switch (a->how) {
	case READ:
		return mmio_read32(a->addr);
	case WRITE:
		mmio_write32(a->addr, a->value);
		return a->value;
	case LOAD_PAIR:
		return load_pair(a->addr);
	case FETCH:
		call_at(a->addr);
		return 0;
	}
	return 0;
}

static void run(const struct mem_attack *a)
{
	static const char *const done[] = {"read", "wrote", "loaded",
					   "executed, returned"};
	struct fault f;
	uint64_t val;

	guard_begin();
	val = do_access(a);
	if (guard_end(&f))
		outcome(a->name, false, "abort esr=0x%lx far=0x%lx", f.esr,
			f.far);
	else
		outcome(a->name, true, "no fault, %s 0x%lx at 0x%lx",
			done[a->how], val, a->addr);
}

void attack_memory(void)
{
	for (unsigned int i = 0; i < sizeof(memory) / sizeof(memory[0]); i++)
		run(&memory[i]);
}

void attack_devices(void)
{
	for (unsigned int i = 0; i < sizeof(devices) / sizeof(devices[0]); i++)
		run(&devices[i]);
}

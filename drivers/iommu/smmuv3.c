/*
 * SMMUv3 driver: probe and reset, the command queue, stream attachment
 * with a stage-1 copy of the zone's memory map, and the event queue (its
 * interrupt, or a drain when a zone stops). See smmuv3.h, docs/iommu.md.
 */
#include "drivers/iommu/smmuv3.h"

#include "arch_hw.h"
#include "cvisor/arch.h"
#include "cvisor/console.h"
#include "cvisor/errno.h"
#include "cvisor/log.h"
#include "cvisor/memory.h"
#include "cvisor/platform.h"
#include "cvisor/zone.h"
#include "drivers/iommu/smmuv3_desc.h"
#include "drivers/iommu/smmuv3_hw.h"
#include "drivers/iommu/smmuv3_regs.h"
#include "drivers/iommu/smmuv3_s1fmt.h"
#include "drivers/irqchip/gic.h"
#include "lib/fdt_index.h"
#include "lib/fdt_util.h"
#include "lib/spinlock.h"
#include "lib/string.h"
#include "mm/frame.h"

#include <libfdt.h>

#define STRTAB_LOG2 8 /* SMMU_NR_STREAMS */
/* Register pages 0 and 1, 64 KiB each (SMMUv3 6.1). */
#define SMMU_FRAME_SIZE 0x20000ull
#define CMDQ_LOG2	8
#define EVTQ_LOG2	9
#define POLL_LIMIT	1000000

static struct {
	paddr_t base;
	u32 evtq_irq, gerror_irq;
	unsigned ips;
	u64 *strtab, *cmdq, *evtq;
	u32 cmdq_prod;
	bool enabled;
	struct zone *sid_owner[SMMU_NR_STREAMS];
	spinlock_t lock;
} smmu = {.lock = SPINLOCK_INIT};

static u32 rd(u32 off)
{
	return *(volatile u32 *)pa_to_hv(pa_add(smmu.base, off));
}

static void wr(u32 off, u32 v)
{
	*(volatile u32 *)pa_to_hv(pa_add(smmu.base, off)) = v;
}

static void wr64(u32 off, u64 v)
{
	*(volatile u64 *)pa_to_hv(pa_add(smmu.base, off)) = v;
}

bool smmu_present(void)
{
	return pa_addr(smmu.base) != 0;
}

void *smmu_hw_alloc(u64 bytes)
{
	u64 n = (bytes + FRAME_SIZE - 1) / FRAME_SIZE;
	paddr_t pa;

	if (frame_alloc(&hv_frames, n, n, &pa))
		return NULL;
	memset(pa_to_hv(pa), 0, n * FRAME_SIZE);
	return pa_to_hv(pa);
}

void smmu_hw_free(void *p, u64 bytes)
{
	CHECK(!frame_free(&hv_frames, hv_to_pa(p),
			  (bytes + FRAME_SIZE - 1) / FRAME_SIZE));
}

/* Write a control register and wait for its ACK twin to follow. */
static int write_ack(u32 reg, u32 ack, u32 v)
{
	wr(reg, v);
	for (u32 i = 0; i < POLL_LIMIT; i++) {
		if (rd(ack) == v)
			return 0;
	}
	pr_err("smmu: register 0x%x not acknowledged (wrote 0x%x)", reg, v);
	return -CV_EIO;
}

/* Commands go in one at a time and are waited for: few and rare (zone
 * start and stop). Caller holds smmu.lock. */
static int cmd_submit(const u64 cmd[SMMU_CMD_DWORDS])
{
	u32 idx = smmu.cmdq_prod & ((1u << CMDQ_LOG2) - 1);
	u32 cons;

	smmu.cmdq[2 * idx] = cmd[0];
	smmu.cmdq[2 * idx + 1] = cmd[1];
	dsb(ishst);
	smmu.cmdq_prod = smmu_queue_next(smmu.cmdq_prod, CMDQ_LOG2);
	wr(SMMU_CMDQ_PROD, smmu.cmdq_prod);
	for (u32 i = 0; i < POLL_LIMIT; i++) {
		cons = rd(SMMU_CMDQ_CONS);
		if (CMDQ_CONS_ERR(cons)) {
			pr_err("smmu: command 0x%llx refused, error %llu",
			       (unsigned long long)cmd[0],
			       (unsigned long long)CMDQ_CONS_ERR(cons));
			return -CV_EIO;
		}
		if (smmu_queue_empty(smmu.cmdq_prod, cons, CMDQ_LOG2))
			return 0;
	}
	pr_err("smmu: command queue stuck");
	return -CV_EIO;
}

static int cmd_sync(void)
{
	u64 cmd[SMMU_CMD_DWORDS];

	smmu_cmd_sync(cmd);
	return cmd_submit(cmd);
}

int smmu_hw_invalidate_ste(u32 sid)
{
	u64 cmd[SMMU_CMD_DWORDS];
	int err;

	smmu_cmd_cfgi_ste(cmd, sid);
	err = cmd_submit(cmd);
	return err ? err : cmd_sync();
}

void smmu_hw_tlbi_asid(u16 asid)
{
	u64 cmd[SMMU_CMD_DWORDS];

	smmu_cmd_tlbi_asid(cmd, asid);
	if (!cmd_submit(cmd))
		cmd_sync();
}

static int find_smmu(const void *fdt, int *node)
{
	u64 base, size;

	*node = cv_fdt_by_compatible(fdt, -1, "arm,smmu-v3");
	if (*node < 0)
		return -CV_ENOENT;
	if (fdt_get_reg(fdt, *node, 0, &base, &size) || !base ||
	    size < 0x20000) {
		pr_err("smmu: bad reg in the device tree");
		return -CV_EINVAL;
	}
	smmu.base = pa_init(base);
	return 0;
}

/* interrupt-names "eventq", "priq", "cmdq-sync", "gerror": GIC SPIs. */
static u32 named_irq(const void *fdt, int node, const char *name)
{
	int idx = fdt_stringlist_search(fdt, node, "interrupt-names", name);
	int len;
	const fdt32_t *p = fdt_getprop(fdt, node, "interrupts", &len);

	if (idx < 0 || !p || len < (idx + 1) * 12)
		return 0;
	return fdt32_to_cpu(p[idx * 3 + 1]) + GIC_FIRST_SPI;
}

static int check_features(void)
{
	u32 idr0 = rd(SMMU_IDR0), idr5 = rd(SMMU_IDR5);

	if (!(idr0 & IDR0_S1P) || !(idr0 & IDR0_TTF_AA64) ||
	    !(idr5 & IDR5_GRAN4K)) {
		pr_err("smmu: no stage-1 AArch64 4 KiB translation (IDR0 "
		       "0x%x, IDR5 0x%x)",
		       idr0, idr5);
		return -CV_ENOSYS;
	}
	if (FIELD_GET(5, 0, rd(SMMU_IDR1)) < STRTAB_LOG2)
		return -CV_ENOSYS;
	smmu.ips = FIELD_GET(2, 0, idr5);
	return 0;
}

static int alloc_queues(void)
{
	smmu.strtab = smmu_hw_alloc(64u << STRTAB_LOG2);
	smmu.cmdq = smmu_hw_alloc(16u << CMDQ_LOG2);
	smmu.evtq = smmu_hw_alloc(32u << EVTQ_LOG2);
	if (!smmu.strtab || !smmu.cmdq || !smmu.evtq)
		return -CV_ENOMEM;
	for (u32 sid = 0; sid < (1u << STRTAB_LOG2); sid++)
		smmu_ste_abort(&smmu.strtab[sid * SMMU_STE_DWORDS]);
	dsb(ishst);
	return 0;
}

static void program_tables(void)
{
	wr64(SMMU_STRTAB_BASE, Q_BASE_RA | pa_addr(hv_to_pa(smmu.strtab)));
	wr(SMMU_STRTAB_BASE_CFG, STRTAB_LOG2); /* FMT 0: linear */
	wr64(SMMU_CMDQ_BASE,
	     Q_BASE_RA | pa_addr(hv_to_pa(smmu.cmdq)) | CMDQ_LOG2);
	wr(SMMU_CMDQ_PROD, 0);
	wr(SMMU_CMDQ_CONS, 0);
	wr64(SMMU_EVENTQ_BASE,
	     Q_BASE_RA | pa_addr(hv_to_pa(smmu.evtq)) | EVTQ_LOG2);
	wr(SMMU_EVENTQ_PROD, 0);
	wr(SMMU_EVENTQ_CONS, 0);
	wr(SMMU_CR1, CR1_CACHED);
	wr(SMMU_CR2, CR2_RECINVSID);
	smmu.cmdq_prod = 0;
}

/* Reset: off, tables and queues, command queue on, caches invalidated,
 * event queue and its interrupt on. SMMUEN comes with the first zone. */
static int reset(void)
{
	u64 cmd[SMMU_CMD_DWORDS];
	int err = write_ack(SMMU_CR0, SMMU_CR0ACK, 0);

	if (!err)
		err = alloc_queues();
	if (err)
		return err;
	program_tables();
	err = write_ack(SMMU_CR0, SMMU_CR0ACK, CR0_CMDQEN);
	smmu_cmd_tlbi_all(cmd);
	if (!err)
		err = cmd_submit(cmd);
	if (!err)
		err = cmd_sync();
	if (!err)
		err =
		    write_ack(SMMU_CR0, SMMU_CR0ACK, CR0_CMDQEN | CR0_EVENTQEN);
	if (!err)
		err = write_ack(SMMU_IRQ_CTRL, SMMU_IRQ_CTRL_ACK,
				IRQ_CTRL_GERROR | IRQ_CTRL_EVENTQ);
	return err;
}

int smmu_probe(const void *fdt)
{
	int node, err = find_smmu(fdt, &node);

	if (err == -CV_ENOENT) {
		pr_info("smmu: none in the device tree: DMA is not confined");
		return 0;
	}
	if (!err)
		err = arch_map_hv_memory(smmu.base, SMMU_FRAME_SIZE, true);
	if (!err)
		err = check_features();
	if (!err)
		err = reset();
	if (err) {
		smmu.base = pa_init(0);
		return err;
	}
	platform_claim_mmio(smmu.base, SMMU_FRAME_SIZE, "the SMMU's registers");
	smmu.evtq_irq = named_irq(fdt, node, "eventq");
	smmu.gerror_irq = named_irq(fdt, node, "gerror");
	pr_info("smmu: SMMUv3 at 0x%llx, stage 1, %u streams aborting, "
		"event interrupt %u",
		(unsigned long long)pa_addr(smmu.base), 1u << STRTAB_LOG2,
		smmu.evtq_irq);
	return 0;
}

unsigned smmu_hw_ips(void)
{
	return smmu.ips;
}

void smmu_hw_lock(void)
{
	spin_lock(&smmu.lock);
}

void smmu_hw_unlock(void)
{
	spin_unlock(&smmu.lock);
}

/* Caller holds the lock; the STE is invalidated (CFGI_STE + SYNC). */
int smmu_hw_set_ste(u32 sid, const u64 ste[SMMU_STE_DWORDS], struct zone *owner)
{
	u64 *e = &smmu.strtab[sid * SMMU_STE_DWORDS];

	/* Dword 0 (V, Config) last: the SMMU never sees half an entry
	 * that is valid (IHI 0070 3.21.3). */
	e[0] = 0;
	dsb(ishst);
	for (int i = 1; i < SMMU_STE_DWORDS; i++)
		e[i] = ste[i];
	dsb(ishst);
	e[0] = ste[0];
	dsb(ishst);
	smmu.sid_owner[sid] = owner;
	return smmu_hw_invalidate_ste(sid);
}

/* SMMUEN: from now on every stream is checked against the table. */
int smmu_hw_enable(void)
{
	int err;

	if (smmu.enabled)
		return 0;
	err = write_ack(SMMU_CR0, SMMU_CR0ACK,
			CR0_CMDQEN | CR0_EVENTQEN | CR0_SMMUEN);
	if (!err) {
		smmu.enabled = true;
		pr_info("smmu: enabled: unassigned streams abort, assigned "
			"ones translate with their zone's memory map");
	}
	return err;
}

/*
 * A blocked transfer faults once per access the device retries (QEMU: one
 * per 4 bytes), so consecutive faults of one stream in one direction at
 * addresses at most 8 bytes apart are logged as one line.
 */
static struct fault_run {
	struct smmu_event first;
	u64 last;
	u32 count;
} run;

static const char *zone_name(struct zone *z)
{
	return z ? z->name : "none";
}

static void flush_run(void)
{
	const struct smmu_event *e = &run.first;
	struct zone *z;

	if (!run.count)
		return;
	z = e->sid < SMMU_NR_STREAMS ? smmu.sid_owner[e->sid] : NULL;
	pr_warn("smmu: zone %d '%s' device %02x:%02x.%u (StreamID 0x%x): "
		"DMA %s at 0x%llx-0x%llx blocked (%s, %u faults)",
		z ? (int)z->id : -1, zone_name(z), e->sid >> 8,
		(e->sid >> 3) & 0x1f, e->sid & 7, e->sid,
		e->read ? "read" : "write", (unsigned long long)e->addr,
		(unsigned long long)run.last, smmu_event_name(e->type),
		run.count);
	run.count = 0;
}

static bool extends_run(const struct smmu_event *e)
{
	return run.count && e->sid == run.first.sid &&
	       e->type == run.first.type && e->read == run.first.read &&
	       e->addr > run.last && e->addr - run.last <= 8;
}

static void log_event(const struct smmu_event *e)
{
	struct zone *z =
	    e->sid < SMMU_NR_STREAMS ? smmu.sid_owner[e->sid] : NULL;

	if (e->type == SMMU_EVT_F_TRANSLATION ||
	    e->type == SMMU_EVT_F_PERMISSION) {
		if (!extends_run(e)) {
			flush_run();
			run.first = *e;
		}
		run.last = e->addr;
		run.count++;
		return;
	}
	flush_run();
	pr_warn("smmu: zone %d '%s' StreamID 0x%x: %s (0x%x)",
		z ? (int)z->id : -1, zone_name(z), e->sid,
		smmu_event_name(e->type), e->type);
}

void smmu_drain_events(void)
{
	u32 prod, cons;

	if (!smmu_present())
		return;
	spin_lock(&smmu.lock);
	prod = rd(SMMU_EVENTQ_PROD);
	cons = rd(SMMU_EVENTQ_CONS);
	while (!smmu_queue_empty(prod, cons, EVTQ_LOG2)) {
		u32 idx = cons & ((1u << EVTQ_LOG2) - 1);
		struct smmu_event e;

		smmu_event_decode(&smmu.evtq[idx * SMMU_EVT_DWORDS], &e);
		log_event(&e);
		cons = smmu_queue_next(cons, EVTQ_LOG2);
		wr(SMMU_EVENTQ_CONS, cons);
		prod = rd(SMMU_EVENTQ_PROD);
	}
	flush_run();
	if (rd(SMMU_GERROR) != rd(SMMU_GERRORN)) {
		pr_warn("smmu: global error 0x%x",
			rd(SMMU_GERROR) ^ rd(SMMU_GERRORN));
		wr(SMMU_GERRORN, rd(SMMU_GERROR));
	}
	spin_unlock(&smmu.lock);
}

static void event_irq(void *ctx)
{
	(void)ctx;
	smmu_drain_events();
}

/* After the CPU interfaces are up: GICv2 learns each CPU's target bit
 * there, and routing before would send the interrupt nowhere. */
void smmu_irq_init(void)
{
	if (!smmu_present() || !smmu.evtq_irq)
		return;
	gic_set_edge_triggered(smmu.evtq_irq);
	if (hv_irq_register(smmu.evtq_irq, event_irq, NULL))
		pr_warn("smmu: no room for the event interrupt: events are "
			"logged when a zone stops");
}

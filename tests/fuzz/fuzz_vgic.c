/*
 * Fuzz target: the emulated GIC distributor and GICv3 redistributors a
 * zone sees (drivers/irqchip/vgicd.c, vgicr.c, vgic_virtual.c, through
 * core/mmio.c), driven by random access sequences from the zone's vCPUs.
 *
 * The "physical" GIC is host memory: a 64 KiB distributor and one 128 KiB
 * redistributor frame per CPU, which the emulation reads and writes as
 * it would the device. The zone (2 vCPUs on CPUs 1 and 2) owns SPIs
 * 48-63 and 100, has virtual SPIs 33, 40 and 41, and its timer PPIs.
 *
 * Input: one byte (bit 0: GICv3, else v2), then records of 12 bytes:
 * vCPU, how (bits 1:0 size 1/2/4/8, bit 2 write, bit 3 also drive a
 * virtual SPI's line, bits 5:4 which and the level), offset (3 bytes;
 * below 64 KiB the distributor, above it the redistributor frames, of
 * which the zone has two), value (7 bytes).
 * Invariant: a zone never reaches an interrupt it does not own: after
 * every access, each bit of the physical distributor that changed
 * belongs to an interrupt the zone owns (its SPIs, or on GICv2 its
 * PPIs); redistributor bits change only for the zone's PPIs in the
 * frames of the zone's own CPUs; SPIs are routed only if owned, and
 * only to the zone's CPUs; virtual SPIs are delivered only to the
 * zone's vCPUs.
 */
#include <assert.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "cvisor/log.h"
#include "cvisor/percpu.h"
#include "drivers/irqchip/vgic.h"
#include "tests/fuzz/fuzz.h"

#define GICD_SIZE  0x10000u
#define GICR_FRAME 0x20000u
#define NR_PCPUS   4
#define RECORD	   12
#define TIMER_PPIS ((1u << 27) | (1u << 30))

struct gic_info gic;
struct percpu percpus[MAX_CPUS];
const struct gic_ops *gic_ops;

int vgicd_register(struct zone *zone, struct vgic_dist *d);
int vgicr_register(struct zone *zone, struct vgic_dist *d);

static u8 *gicd, *gicd_before, *gicr, *gicr_before;
static struct zone zone;
static struct vgic_dist dist;

void arch_cpu_relax(void)
{
}

void log_printf(const char *level, const char *fmt, ...)
{
	(void)level;
	(void)fmt;
}

static bool owns(u32 irq)
{
	if (irq < GIC_FIRST_SPI)
		return gic.version == 2 && (TIMER_PPIS & (1u << irq));
	return zone_owns_irq(&zone, irq);
}

static bool zone_cpu(u32 pcpu)
{
	return pcpu == 1 || pcpu == 2;
}

static void route_spi(u32 intid, u32 cpu)
{
	assert(intid >= GIC_FIRST_SPI && zone_owns_irq(&zone, intid));
	assert(zone_cpu(cpu));
}

static const struct gic_ops fake_ops = {.route_spi = route_spi};

void vgic_deliver(struct vcpu *target, u32 vintid, u32 source)
{
	(void)source;
	assert(target == &zone.vcpus[0] || target == &zone.vcpus[1]);
	assert(vintid < 16 || vgic_is_virtual_spi(&dist, vintid));
}

void vgic_send_sgi_v2(struct vcpu *vcpu, u32 sgir)
{
	(void)sgir;
	assert(vcpu->zone == &zone);
}

/* The interrupt a changed bit of the distributor belongs to. */
static u32 gicd_irq(u32 off, u32 bit)
{
	if (off >= GICD_ISENABLER && off < GICD_IPRIORITYR)
		return (off & 0x7f) * 8 + bit;
	if (off >= GICD_IPRIORITYR && off < GICD_ICFGR)
		return (off - GICD_IPRIORITYR) % 0x400; /* also ITARGETSR */
	if (off >= GICD_ICFGR && off < GICD_ICFGR + 0x100)
		return (off - GICD_ICFGR) * 4 + bit / 2;
	if (off >= GICD_IROUTER && off < GICD_IROUTER + 8 * 1024)
		return (off - GICD_IROUTER) / 8;
	return 0xffffffffu; /* a global register: never the zone's */
}

static void check_gicd(void)
{
	if (!memcmp(gicd, gicd_before, GICD_SIZE))
		return;
	for (u32 off = 0; off < GICD_SIZE; off++) {
		u8 diff = gicd[off] ^ gicd_before[off];

		if (off % 64 == 0 && !memcmp(gicd + off, gicd_before + off, 64)) {
			off += 63;
			continue;
		}

		for (u32 bit = 0; diff && bit < 8; bit++) {
			if (diff & (1u << bit))
				assert(owns(gicd_irq(off, bit)));
		}
	}
}

/* Redistributor: only the SGI_base bits of the timer PPIs, in the frames
 * of the zone's CPUs. */
static void check_gicr(void)
{
	if (!memcmp(gicr, gicr_before, NR_PCPUS * GICR_FRAME))
		return;
	for (u32 i = 0; i < NR_PCPUS * GICR_FRAME; i++) {
		u32 frame = i / GICR_FRAME, off = i % GICR_FRAME;
		u8 diff = gicr[i] ^ gicr_before[i];
		u32 reg = off - 0x10000;

		if (i % 64 == 0 && !memcmp(gicr + i, gicr_before + i, 64)) {
			i += 63;
			continue;
		}
		if (!diff)
			continue;
		assert(zone_cpu(frame) && off >= 0x10000);
		if (reg >= GICD_IPRIORITYR && reg < GICD_IPRIORITYR + 32)
			assert(TIMER_PPIS & (1u << (reg - GICD_IPRIORITYR)));
		else
			assert(reg >= GICD_ISENABLER &&
			       reg < GICD_IPRIORITYR &&
			       !(((u32)diff << 8 * (reg % 4)) & ~TIMER_PPIS));
	}
}

/*
 * The set/clear registers (ISENABLER .. ICACTIVER) act on the bits
 * written as 1 (write-1-to-set/clear); plain memory would keep the
 * zeros too. So they read as zero before every access: a 1 after it is
 * a bit the emulation wrote as 1, and must be the zone's.
 */
static void clear_w1s_w1c(void)
{
	memset(gicd + GICD_ISENABLER, 0, GICD_IPRIORITYR - GICD_ISENABLER);
	for (u32 c = 0; c < NR_PCPUS; c++)
		memset(gicr + c * GICR_FRAME + 0x10000 + GICD_ISENABLER, 0,
		       GICD_IPRIORITYR - GICD_ISENABLER);
}

static void setup(bool v3)
{
	memset(&zone, 0, sizeof(zone));
	memset(&dist, 0, sizeof(dist));
	memset(gicd, 0x5a, GICD_SIZE);
	memset(gicr, 0xa5, NR_PCPUS * GICR_FRAME);
	gic = (struct gic_info){
	    .version = v3 ? 3 : 2,
	    .gicd = (paddr_t)(uintptr_t)gicd,
	    .gicd_size = GICD_SIZE,
	    .gicr = (paddr_t)(uintptr_t)gicr,
	    .gicr_size = NR_PCPUS * GICR_FRAME,
	    .gicr_stride = GICR_FRAME,
	    .guest_ppis = TIMER_PPIS,
	};
	gic_ops = &fake_ops;
	for (u32 c = 0; c < NR_PCPUS; c++)
		percpus[c].arch.gicr = gic.gicr + (paddr_t)c * GICR_FRAME;
	zone.id = 1;
	zone.nr_vcpus = 2;
	for (u32 v = 0; v < 2; v++)
		zone.vcpus[v] = (struct vcpu){.id = v, .pcpu = v + 1, .zone = &zone};
	for (u32 irq = 48; irq < 64; irq++)
		bitmap_assign(zone.irq_bitmap, irq, true);
	bitmap_assign(zone.irq_bitmap, 100, true);
	dist.zone = &zone;
	dist.lock = (spinlock_t)SPINLOCK_INIT;
	zone.arch.vgic = &dist;
	vgic_add_virtual_spi(&zone, 33);
	vgic_add_virtual_spi(&zone, 40);
	vgic_add_virtual_spi(&zone, 41);
	assert(!vgicd_register(&zone, &dist));
	if (v3)
		assert(!vgicr_register(&zone, &dist));
}

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	struct fuzz_input in = {data, size};

	if (!gicd) {
		gicd = malloc(GICD_SIZE);
		gicd_before = malloc(GICD_SIZE);
		gicr = malloc(NR_PCPUS * GICR_FRAME);
		gicr_before = malloc(NR_PCPUS * GICR_FRAME);
	}
	setup(fuzz_take(&in, 1) & 1);
	while (in.left >= RECORD) {
		u32 vcpu = (u32)fuzz_take(&in, 1) & 1;
		u32 how = (u32)fuzz_take(&in, 1);
		u64 off = fuzz_take(&in, 3);
		struct mmio_access a = {
		    .addr = off < GICD_SIZE ? gic.gicd + off
					    : gic.gicr + (off - GICD_SIZE) %
							     (NR_PCPUS * GICR_FRAME),
		    .size = 1u << (how & 3),
		    .write = how & 4,
		    .value = fuzz_take(&in, 7),
		};

		/* Natural alignment, as a trapped access has. */
		a.addr &= ~(u64)(a.size - 1);
		if (how & 8) /* a device line of the zone's emulated devices */
			vgic_set_level(&zone, (how >> 4) & 1 ? 40 : 33,
				       (how >> 5) & 1);
		clear_w1s_w1c();
		memcpy(gicd_before, gicd, GICD_SIZE);
		memcpy(gicr_before, gicr, NR_PCPUS * GICR_FRAME);
		(void)mmio_dispatch(&zone.mmio, &zone.vcpus[vcpu], &a);
		check_gicd();
		check_gicr();
	}
	return 0;
}

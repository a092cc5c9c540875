/*
 * Fuzz target: the emulated GIC distributor and GICv3 redistributors a
 * zone sees (drivers/irqchip/vgicd.c, vgicr.c, vgic_regs.c,
 * vgic_virtual.c, through core/mmio.c), driven by random access sequences
 * from the zone's vCPUs.
 *
 * The physical GIC (drivers/irqchip/vgic_phys.h, the only way the
 * emulation reaches it) is host memory here: a 64 KiB distributor and one
 * 64 KiB SGI_base frame per CPU, read and written as the device would be.
 * The zone (2 vCPUs on CPUs 1 and 2) owns SPIs 48-63 and 100, has virtual
 * SPIs 33, 40 and 41, and its timer PPIs.
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
#include "drivers/irqchip/vgic_phys.h"
#include "tests/fuzz/fuzz.h"

#define GICD_BASE  0x08000000u /* guest-physical, as QEMU virt's */
#define GICR_BASE  0x080a0000u
#define GICD_SIZE  0x10000u
#define GICR_FRAME 0x20000u
#define NR_PCPUS   4
#define RECORD	   12
#define TIMER_PPIS ((1u << 27) | (1u << 30))

struct gic_info gic;
struct percpu percpus[MAX_CPUS];
const struct gic_ops *gic_ops;

static u8 *gicd, *sgi; /* the distributor, the CPUs' SGI_base frames */
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

_Noreturn void check_failed(const char *file, int line, const char *what)
{
	(void)file;
	(void)line;
	(void)what;
	abort();
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

/* The interrupt bit `bit` of the byte at distributor offset off is
 * about, or 0xffffffff for a global register (never the zone's). */
static u32 gicd_irq(u64 off, u32 bit)
{
	if (off >= GICD_ISENABLER && off < GICD_IPRIORITYR)
		return (u32)(off & 0x7f) * 8 + bit;
	if (off >= GICD_IPRIORITYR && off < GICD_ICFGR)
		return (u32)(off - GICD_IPRIORITYR) % 0x400; /* + ITARGETSR */
	if (off >= GICD_ICFGR && off < GICD_ICFGR + 0x100)
		return (u32)(off - GICD_ICFGR) * 4 + bit / 2;
	if (off >= GICD_IROUTER && off < GICD_IROUTER + 8 * 1024)
		return (u32)(off - GICD_IROUTER) / 8;
	return 0xffffffffu;
}

/* Which bits of byte `old` -> `new` act on an interrupt: the 1s written
 * to a set/clear register (ISENABLER .. ICACTIVER), else those that
 * change. */
static u8 acting(u64 off, u8 old, u8 new)
{
	return off >= GICD_ISENABLER && off < GICD_IPRIORITYR ? new : old ^ new;
}

static bool owns_dist(u32 irq)
{
	if (irq < GIC_FIRST_SPI)
		return gic.version == 2 && (gic.guest_ppis & (1u << irq));
	return zone_owns_irq(&zone, irq);
}

static void write_model(u8 *frame, u64 off, u32 size, u32 val,
			bool (*owns)(u32 irq))
{
	assert((size == 1 || size == 4) && off % size == 0);
	for (u32 i = 0; i < size; i++) {
		u8 b = (u8)(val >> (8 * i)),
		   act = acting(off + i, frame[off + i], b);

		for (u32 bit = 0; bit < 8; bit++) {
			if (act & (1u << bit))
				assert(owns(gicd_irq(off + i, bit)));
		}
		frame[off + i] = b;
	}
}

static u32 read_model(const u8 *frame, u64 off, u32 size)
{
	u32 v = 0;

	assert((size == 1 || size == 4) && off % size == 0 && off < 0x10000);
	for (u32 i = 0; i < size; i++)
		v |= (u32)frame[off + i] << (8 * i);
	return v;
}

u32 vgic_phys_dist_read(u64 off, u32 size)
{
	return read_model(gicd, off, size);
}

void vgic_phys_dist_write(u64 off, u32 size, u32 val)
{
	assert(off < GICD_SIZE);
	write_model(gicd, off, size, val, owns_dist);
}

u32 vgic_phys_rd_read(u64 off)
{
	assert(off < 0x10000);
	return off == 0xffe8 ? 0x3b : 0;
}

/* A redistributor's SGI_base: only the zone's timer PPIs. */
static bool owns_local(u32 irq)
{
	return irq < GIC_FIRST_SPI && (gic.guest_ppis & (1u << irq));
}

u32 vgic_phys_sgi_read(u32 pcpu, u64 off, u32 size)
{
	assert(zone_cpu(pcpu));
	return read_model(sgi + pcpu * 0x10000, off, size);
}

void vgic_phys_sgi_write(u32 pcpu, u64 off, u32 size, u32 val)
{
	assert(zone_cpu(pcpu) && off < 0x10000);
	write_model(sgi + pcpu * 0x10000, off, size, val, owns_local);
}

/* The set/clear registers read as zero before each access (as state they
 * are the model's business, not the invariant's). */
static void clear_w1s_w1c(void)
{
	memset(gicd + GICD_ISENABLER, 0, GICD_IPRIORITYR - GICD_ISENABLER);
	for (u32 c = 0; c < NR_PCPUS; c++)
		memset(sgi + c * 0x10000 + GICD_ISENABLER, 0,
		       GICD_IPRIORITYR - GICD_ISENABLER);
}

static void setup(bool v3)
{
	memset(&zone, 0, sizeof(zone));
	memset(&dist, 0, sizeof(dist));
	memset(gicd, 0x5a, GICD_SIZE);
	memset(sgi, 0xa5, NR_PCPUS * 0x10000);
	gic = (struct gic_info){
	    .version = v3 ? 3 : 2,
	    .gicd = pa_init(GICD_BASE),
	    .gicd_size = GICD_SIZE,
	    .gicr = pa_init(GICR_BASE),
	    .gicr_size = NR_PCPUS * GICR_FRAME,
	    .gicr_stride = GICR_FRAME,
	    .nr_irqs = 288,
	    .guest_ppis = TIMER_PPIS,
	};
	gic_ops = &fake_ops;
	zone.id = 1;
	zone.nr_vcpus = 2;
	for (u32 v = 0; v < 2; v++)
		zone.vcpus[v] =
		    (struct vcpu){.id = v, .pcpu = v + 1, .zone = &zone};
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
		sgi = malloc(NR_PCPUS * 0x10000);
	}
	setup(fuzz_take(&in, 1) & 1);
	while (in.left >= RECORD) {
		u32 vcpu = (u32)fuzz_take(&in, 1) & 1;
		u32 how = (u32)fuzz_take(&in, 1);
		u64 off = fuzz_take(&in, 3);
		struct mmio_access a = {
		    .addr =
			ipa_init(off < GICD_SIZE
				     ? GICD_BASE + off
				     : GICR_BASE + (off - GICD_SIZE) %
						       (NR_PCPUS * GICR_FRAME)),
		    .size = 1u << (how & 3),
		    .write = how & 4,
		    .value = fuzz_take(&in, 7),
		};

		if (how & 8) /* a device line of the zone's emulated devices */
			vgic_set_level(&zone, (how >> 4) & 1 ? 40 : 33,
				       (how >> 5) & 1);
		clear_w1s_w1c();
		(void)mmio_dispatch(&zone.mmio, &zone.vcpus[vcpu], &a);
	}
	return 0;
}

/*
 * Unit tests for the emulated GIC distributor and redistributors
 * (drivers/irqchip/vgicd.c, vgicr.c, vgic_regs.c): the register rules of
 * the GIC architecture (IHI 0048B for GICv2, IHI 0069 for GICv3) as a
 * guest sees them through cvisor. The physical GIC behind the emulation is
 * a model below (vgic_phys.h) that implements 8 priority bits and keeps
 * whatever is written to ICFGR, so that every rule the emulation must
 * enforce itself shows. docs/gic-conformance.md lists the rules.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "cvisor/log.h"
#include "cvisor/zone.h"
#include "drivers/irqchip/vgic.h"
#include "drivers/irqchip/vgic_phys.h"

#define NR_IRQS	      288u /* QEMU virt: 256 SPIs */
#define TIMER_PPI     27u  /* a PPI the guest owns (virtual timer) */
#define OTHER_PPI     25u  /* a PPI it does not */
#define OWNED_FIRST   40u  /* SPIs 40..47 belong to the zone */
#define OWNED_LAST    47u
#define VIRT_SPI      33u /* an emulated device's line (console) */
#define FOREIGN_SPI   50u /* someone else's SPI */
#define PIDR2_V2      0x2bu
#define PIDR2_V3      0x3bu
#define GICD_PIDR2_V2 0xfe8u
#define GICD_PIDR2_V3 0xffe8u
#define GICR_FRAME    0x20000u
#define GICR_SGI      0x10000u
#define IROUTER_BITS  0x000000ff80ffffffull

/* ---- a model of the physical GIC (what vgic_phys.h reaches) ---- */

#define MODEL_CPUS 4
static struct {
	u32 enable[32], pend[32], active[32], cfg[64];
	u8 prio[1024];
	/* Banked SGI/PPI state, per physical CPU (GICv2 banks in the GICD,
	 * GICv3 in each redistributor's SGI_base frame). */
	u32 b_enable[MODEL_CPUS], b_pend[MODEL_CPUS], b_active[MODEL_CPUS];
	u32 b_cfg1[MODEL_CPUS];
	u8 b_prio[MODEL_CPUS][32];
	u32 typer, iidr;
	u32 writes; /* register writes that reached the model */
	u32 cur;    /* the physical CPU making GICD accesses */
	u32 routed_irq, routed_cpu, routes;
	u32 sgir, sgirs, log_lines, virt_enables;
	u32 reroutes, rerouted_irq; /* vgic_virtual_rerouted() of a vSPI */
} hw;

static u32 *bit_reg(u64 off, u32 bank, bool *set)
{
	u32 n = (u32)(off & 0x7f) / 4, kind = (u32)((off - 0x100) / 0x80);
	u32 *regs[3] = {hw.enable, hw.pend, hw.active};
	u32 *banked[3] = {&hw.b_enable[bank], &hw.b_pend[bank],
			  &hw.b_active[bank]};

	*set = kind % 2 == 0;
	return n == 0 ? banked[kind / 2] : &regs[kind / 2][n];
}

static u32 model_read(u64 off, u32 size, u32 bank)
{
	bool set;

	if (off >= 0x100 && off < 0x400)
		return *bit_reg(off, bank, &set);
	if (off >= 0x400 && off < 0x800) {
		u32 v = 0, irq = (u32)(off - 0x400);

		for (u32 i = 0; i < size; i++)
			v |= (u32)(irq + i < 32 ? hw.b_prio[bank][irq + i]
						: hw.prio[irq + i])
			     << (8 * i);
		return v;
	}
	if (off == 0xc04)
		return hw.b_cfg1[bank];
	if (off >= 0xc00 && off < 0xd00)
		return hw.cfg[(off - 0xc00) / 4];
	if (off == 0x004)
		return hw.typer;
	if (off == 0x008)
		return hw.iidr;
	if (off == GICD_PIDR2_V2 || off == GICD_PIDR2_V3)
		return gic.version == 3 ? PIDR2_V3 : PIDR2_V2;
	return 0;
}

static void model_write(u64 off, u32 size, u32 val, u32 bank)
{
	bool set;

	hw.writes++;
	if (off >= 0x100 && off < 0x400) {
		u32 *r = bit_reg(off, bank, &set);

		*r = set ? *r | val : *r & ~val;
	} else if (off >= 0x400 && off < 0x800) {
		u32 irq = (u32)(off - 0x400);

		for (u32 i = 0; i < size; i++) {
			u8 b = (u8)(val >> (8 * i));

			if (irq + i < 32)
				hw.b_prio[bank][irq + i] = b;
			else
				hw.prio[irq + i] = b;
		}
	} else if (off == 0xc04) {
		hw.b_cfg1[bank] = val;
	} else if (off >= 0xc00 && off < 0xd00) {
		hw.cfg[(off - 0xc00) / 4] = val; /* every bit kept */
	}
}

u32 vgic_phys_dist_read(u64 off, u32 size)
{
	return model_read(off, size, hw.cur);
}

void vgic_phys_dist_write(u64 off, u32 size, u32 val)
{
	model_write(off, size, val, hw.cur);
}

u32 vgic_phys_rd_read(u64 off)
{
	return off == 0xffe8 ? PIDR2_V3 : off == 0x4 ? hw.iidr : 0;
}

u32 vgic_phys_sgi_read(u32 pcpu, u64 off, u32 size)
{
	return model_read(off, size, pcpu);
}

void vgic_phys_sgi_write(u32 pcpu, u64 off, u32 size, u32 val)
{
	model_write(off, size, val, pcpu);
}

/* ---- fakes of what the emulation calls ---- */

struct gic_info gic;

static void fake_route(u32 intid, u32 cpuid)
{
	hw.routed_irq = intid;
	hw.routed_cpu = cpuid;
	hw.routes++;
}

static const struct gic_ops fake_ops = {.route_spi = fake_route};
const struct gic_ops *gic_ops = &fake_ops;

void vgic_send_sgi_v2(struct vcpu *vcpu, u32 sgir)
{
	(void)vcpu;
	hw.sgir = sgir;
	hw.sgirs++;
}

void vgic_enable_virtual_spi(struct vgic_dist *d, u32 irq, bool on)
{
	bitmap_assign(d->venabled, irq, on);
	hw.virt_enables++;
}

void vgic_virtual_rerouted(struct vgic_dist *d, u32 irq)
{
	if (!vgic_is_virtual_spi(d, irq))
		return;
	hw.rerouted_irq = irq;
	hw.reroutes++;
}

void log_printf(const char *level, const char *fmt, ...)
{
	(void)level;
	(void)fmt;
	hw.log_lines++;
}

_Noreturn void check_failed(const char *file, int line, const char *what)
{
	fail_msg("CHECK failed at %s:%d: %s", file, line, what);
	abort();
}

struct region {
	mmio_handler_t handler;
	void *priv;
};
static struct region region[2];

int mmio_register(struct mmio_table *t, ipa_t base, u64 size,
		  mmio_handler_t handler, void *priv, const char *name)
{
	(void)t;
	(void)base;
	(void)size;
	region[strcmp(name, "gicr") == 0] =
	    (struct region){.handler = handler, .priv = priv};
	return 0;
}

/* ---- the zone ---- */

static struct zone zone;
static struct vgic_dist dist;

static void make_zone(u32 version, u32 nr_vcpus)
{
	memset(&hw, 0, sizeof(hw));
	memset(&zone, 0, sizeof(zone));
	memset(&dist, 0, sizeof(dist));
	memset(region, 0, sizeof(region));
	gic = (struct gic_info){.version = version,
				.nr_irqs = NR_IRQS,
				.guest_ppis = 1u << TIMER_PPI};
	hw.iidr = 0x0100143b;
	/* ITLinesNumber [4:0] = 8 (288 interrupts); GICv2 CPUNumber [7:5]
	 * = 3; GICv3 IDbits [23:19] = 15, LPIS [17], MBIS [16]. */
	hw.typer = version == 2 ? 0x68u : 0x7b0008u | (1u << 17) | (1u << 16);
	zone.id = 1;
	zone.nr_vcpus = nr_vcpus;
	for (u32 i = 0; i < nr_vcpus; i++) {
		zone.vcpus[i] =
		    (struct vcpu){.id = i, .pcpu = i, .zone = &zone};
		dist.waker[i] = 1u << 1;
	}
	for (u32 irq = OWNED_FIRST; irq <= OWNED_LAST; irq++)
		bitmap_assign(zone.irq_bitmap, irq, true);
	dist.zone = &zone;
	zone.arch.vgic = &dist;
	bitmap_assign(dist.vspi, VIRT_SPI, true);
	assert_int_equal(vgicd_register(&zone, &dist), 0);
	if (version == 3)
		assert_int_equal(vgicr_register(&zone, &dist), 0);
}

static int setup_v2(void **state)
{
	(void)state;
	make_zone(2, 2);
	return 0;
}

static int setup_v3(void **state)
{
	(void)state;
	make_zone(3, 2);
	return 0;
}

/* A guest access by vCPU v (running on pCPU v); returns the value read,
 * or for a write 0. rc receives the handler's result. */
static u64 access(u32 which, u32 v, u64 off, u32 size, bool write, u64 val,
		  int *rc)
{
	struct mmio_access a = {
	    .offset = off, .size = size, .write = write, .value = val};
	int r;

	hw.cur = zone.vcpus[v].pcpu;
	r = region[which].handler(&zone.vcpus[v], &a, region[which].priv);
	if (rc)
		*rc = r;
	else
		assert_int_equal(r, 0);
	return write ? 0 : a.value;
}

static u64 rd(u64 off, u32 size)
{
	return access(0, 0, off, size, false, 0, NULL);
}

static void wr(u64 off, u32 size, u64 val)
{
	access(0, 0, off, size, true, val, NULL);
}

/* GICR of vCPU v: frame v, RD_base or SGI_base. */
static u64 rrd(u32 v, u64 reg, u32 size)
{
	return access(1, 0, (u64)v * GICR_FRAME + reg, size, false, 0, NULL);
}

static void rwr(u32 v, u64 reg, u32 size, u64 val)
{
	access(1, 0, (u64)v * GICR_FRAME + reg, size, true, val, NULL);
}

/* Write a value, then expect another to read back. */
static void expect_rw(u64 off, u32 size, u64 write, u64 expect)
{
	wr(off, size, write);
	assert_int_equal(rd(off, size), expect);
}

static void expect_raz_wi(u64 off)
{
	u32 writes = hw.writes;

	wr(off, 4, 0xffffffffu);
	assert_int_equal(rd(off, 4), 0);
	assert_int_equal(hw.writes, writes);
}

static void expect_ro(u64 off)
{
	u64 before = rd(off, 4);

	wr(off, 4, ~before & 0xffffffffu);
	assert_int_equal(rd(off, 4), before);
}

/* ---- priorities ---- */

static u32 prio_of(bool gicr, u32 irq)
{
	if (gicr)
		return (u32)rrd(0, GICR_SGI + GICD_IPRIORITYR + irq, 1);
	return (u32)rd(GICD_IPRIORITYR + irq, 1);
}

static void set_prio(bool gicr, u32 irq, u32 v)
{
	if (gicr)
		rwr(0, GICR_SGI + GICD_IPRIORITYR + irq, 1, v);
	else
		wr(GICD_IPRIORITYR + irq, 1, v);
}

static bool is_implemented(u32 irq)
{
	/* SGIs always; others when the guest can enable them. */
	if (irq < 16)
		return true;
	if (irq < 32)
		return irq == TIMER_PPI;
	return irq == VIRT_SPI || (irq >= OWNED_FIRST && irq <= OWNED_LAST);
}

/* Write 0xff to every priority field, read the mask back from each
 * implemented interrupt: the same mask everywhere, the top bits of the
 * byte, at least 4 of them (IHI 0048B 3.3.2; IHI 0069 4.8). */
static void check_priority_mask(u32 from, bool local_in_gicr)
{
	int mask = -1;

	for (u32 irq = from; irq < NR_IRQS; irq++) {
		bool gicr = local_in_gicr && irq < 32;
		u32 got;

		set_prio(gicr, irq, 0xff);
		got = prio_of(gicr, irq);
		if (!is_implemented(irq)) {
			assert_int_equal(got, 0);
			continue;
		}
		if (mask < 0)
			mask = (int)got;
		assert_int_equal(got, (u32)mask);
	}
	assert_true(__builtin_popcount((unsigned)mask) >= 4);
	/* Implemented bits are the most significant ones. */
	assert_int_equal(((unsigned)mask | ((unsigned)mask - 1)) & 0xff, 0xff);
}

static void test_v2_priority_mask_consistent(void **state)
{
	(void)state;
	check_priority_mask(0, false);
}

static void test_v3_priority_mask_consistent(void **state)
{
	(void)state;
	check_priority_mask(0, true);
}

static void test_priority_value_masked_and_bytes_kept(void **state)
{
	u32 mask;

	(void)state;
	set_prio(false, OWNED_FIRST, 0xff);
	mask = prio_of(false, OWNED_FIRST);
	/* A word write, then one byte of it rewritten. */
	wr(GICD_IPRIORITYR + OWNED_FIRST, 4, 0x12345678u);
	assert_int_equal(rd(GICD_IPRIORITYR + OWNED_FIRST, 4),
			 0x12345678u & (mask * 0x01010101u));
	wr(GICD_IPRIORITYR + OWNED_FIRST + 2, 1, 0xa5);
	assert_int_equal(rd(GICD_IPRIORITYR + OWNED_FIRST, 4),
			 0x12a55678u & (mask * 0x01010101u));
	assert_int_equal(rd(GICD_IPRIORITYR + OWNED_FIRST + 1, 1),
			 0x56u & mask);
}

static void test_v2_priority_banked_per_vcpu(void **state)
{
	(void)state;
	access(0, 0, GICD_IPRIORITYR + 4, 1, true, 0x80, NULL);
	access(0, 1, GICD_IPRIORITYR + 4, 1, true, 0x40, NULL);
	assert_int_equal(access(0, 0, GICD_IPRIORITYR + 4, 1, false, 0, NULL),
			 0x80);
	assert_int_equal(access(0, 1, GICD_IPRIORITYR + 4, 1, false, 0, NULL),
			 0x40);
}

static void test_priority_reaches_physical_for_owned(void **state)
{
	(void)state;
	wr(GICD_IPRIORITYR + OWNED_FIRST, 1, 0x90);
	assert_int_equal(hw.prio[OWNED_FIRST], 0x90);
	wr(GICD_IPRIORITYR + FOREIGN_SPI, 1, 0x90);
	assert_int_equal(hw.prio[FOREIGN_SPI], 0);
}

static void test_v3_gicr_priority_reaches_physical_ppi(void **state)
{
	(void)state;
	rwr(1, GICR_SGI + GICD_IPRIORITYR + TIMER_PPI, 1, 0x88);
	assert_int_equal(hw.b_prio[1][TIMER_PPI], 0x88);
	assert_int_equal(hw.b_prio[0][TIMER_PPI], 0);
	rwr(1, GICR_SGI + GICD_IPRIORITYR + OTHER_PPI, 1, 0x88);
	assert_int_equal(hw.b_prio[1][OTHER_PPI], 0);
}

/* ---- GICv2 ITARGETSR ---- */

static void test_v2_itargetsr_nonexistent_cpus_raz_wi(void **state)
{
	(void)state;
	/* Two vCPUs: bits 2-7 name CPU interfaces the zone lacks. */
	expect_rw(GICD_ITARGETSR + OWNED_FIRST, 1, 0xff, 0x03);
	expect_rw(GICD_ITARGETSR + VIRT_SPI, 1, 0xfe, 0x02);
}

static void test_v2_itargetsr_preserved_as_written(void **state)
{
	(void)state;
	expect_rw(GICD_ITARGETSR + OWNED_FIRST, 4, 0x00030201u, 0x00030201u);
	/* A byte write changes one field only. */
	wr(GICD_ITARGETSR + OWNED_FIRST + 3, 1, 0x02);
	assert_int_equal(rd(GICD_ITARGETSR + OWNED_FIRST, 4), 0x02030201u);
	assert_int_equal(rd(GICD_ITARGETSR + OWNED_FIRST + 1, 1), 0x02);
	/* No target at all is kept too. */
	expect_rw(GICD_ITARGETSR + OWNED_FIRST + 1, 1, 0x00, 0x00);
}

static void test_v2_itargetsr_routes_physical(void **state)
{
	(void)state;
	zone.vcpus[1].pcpu = 3;
	wr(GICD_ITARGETSR + OWNED_FIRST, 1, 0x02);
	assert_int_equal(hw.routed_irq, OWNED_FIRST);
	assert_int_equal(hw.routed_cpu, 3);
}

static void test_v2_itargetsr_local_read_own_cpu(void **state)
{
	(void)state;
	for (u32 v = 0; v < 2; v++) {
		u32 own = 0x01010101u << v;

		for (u64 off = 0; off < 32; off += 4) {
			access(0, v, GICD_ITARGETSR + off, 4, true, 0xffffffffu,
			       NULL);
			assert_int_equal(access(0, v, GICD_ITARGETSR + off, 4,
						false, 0, NULL),
					 own);
		}
	}
}

static void test_v2_itargetsr_uniprocessor_raz_wi(void **state)
{
	(void)state;
	make_zone(2, 1);
	/* IHI 0048B 4.3.12: with one CPU interface, all RAZ/WI. */
	assert_int_equal(rd(GICD_ITARGETSR, 4), 0);
	expect_rw(GICD_ITARGETSR + OWNED_FIRST, 1, 0x01, 0);
}

static void test_v2_itargetsr_foreign_and_absent_raz_wi(void **state)
{
	(void)state;
	expect_rw(GICD_ITARGETSR + FOREIGN_SPI, 1, 0x01, 0);
	expect_rw(GICD_ITARGETSR + NR_IRQS, 4, 0x01010101u, 0);
	assert_int_equal(hw.routes, 0);
}

/* ---- GICv2: the other distributor registers ---- */

static void test_v2_sgi_enables_rao_wi(void **state)
{
	(void)state;
	/* SGIs are always enabled (IHI 0048B 4.3.5: IMPLEMENTATION
	 * DEFINED, RAO/WI here); the owned timer PPI is programmable. */
	assert_int_equal(rd(GICD_ISENABLER, 4) & 0xffff, 0xffff);
	wr(GICD_ICENABLER, 4, 0xffffffffu);
	assert_int_equal(rd(GICD_ISENABLER, 4), 0xffff);
	assert_int_equal(rd(GICD_ICENABLER, 4), 0xffff);
	wr(GICD_ISENABLER, 4, 0xffffffffu);
	assert_int_equal(rd(GICD_ISENABLER, 4), 0xffffu | 1u << TIMER_PPI);
	assert_int_equal(rd(GICD_ICENABLER, 4), 0xffffu | 1u << TIMER_PPI);
}

static void test_v2_enable_spis_owned_virtual_foreign(void **state)
{
	u64 off = GICD_ISENABLER + 4; /* SPIs 32..63 */
	u32 mine = (u32)BITS(OWNED_LAST - 32, OWNED_FIRST - 32) |
		   1u << (VIRT_SPI - 32);

	(void)state;
	wr(off, 4, 0xffffffffu);
	assert_int_equal(rd(off, 4), mine);
	assert_int_equal(rd(off + 0x80, 4), mine); /* ICENABLER1 */
	assert_int_equal(hw.enable[1], mine & ~(1u << (VIRT_SPI - 32)));
	wr(off + 0x80, 4, 1u << (OWNED_FIRST - 32) | 1u << (VIRT_SPI - 32));
	assert_int_equal(rd(off, 4), mine & ~(1u << (OWNED_FIRST - 32) |
					      1u << (VIRT_SPI - 32)));
}

static void test_v2_icfgr_sgis_edge_read_only(void **state)
{
	(void)state;
	/* IHI 0048B 4.3.13: SGIs are edge-triggered, ICFGR0 read-only. */
	assert_int_equal(rd(GICD_ICFGR, 4), 0xaaaaaaaau);
	wr(GICD_ICFGR, 4, 0);
	assert_int_equal(rd(GICD_ICFGR, 4), 0xaaaaaaaau);
}

static void test_v2_icfgr_ppis_read_only(void **state)
{
	(void)state;
	hw.b_cfg1[0] = 0xffffffffu; /* the hardware says: all edge */
	/* Only the owned timer PPI's field shows, Int_config[1] alone. */
	assert_int_equal(rd(GICD_ICFGR + 4, 4), 2u << (2 * (TIMER_PPI - 16)));
	wr(GICD_ICFGR + 4, 4, 0);
	assert_int_equal(hw.b_cfg1[0], 0xffffffffu);
}

static void test_icfgr_spi_int_config0_reserved(void **state)
{
	u32 owned = 0;

	(void)state;
	for (u32 irq = OWNED_FIRST; irq <= OWNED_LAST; irq++)
		owned |= 3u << (2 * (irq % 16));
	/* ICFGR2: SPIs 32..47; bit 2F is reserved (v2) / RES0 (v3). */
	wr(GICD_ICFGR + 8, 4, 0xffffffffu);
	assert_int_equal(rd(GICD_ICFGR + 8, 4), owned & 0xaaaaaaaau);
	wr(GICD_ICFGR + 8, 4, 0);
	assert_int_equal(rd(GICD_ICFGR + 8, 4), 0);
}

static void test_foreign_spi_raz_wi_everywhere(void **state)
{
	u32 bit = 1u << (FOREIGN_SPI % 32);

	(void)state;
	for (u64 base = GICD_ISENABLER; base < GICD_IPRIORITYR; base += 0x80)
		wr(base + 4, 4, bit);
	assert_int_equal(hw.enable[1] | hw.pend[1] | hw.active[1], 0);
	for (u64 base = GICD_ISENABLER; base < GICD_IPRIORITYR; base += 0x80)
		assert_int_equal(rd(base + 4, 4) & bit, 0);
	expect_rw(GICD_IPRIORITYR + FOREIGN_SPI, 1, 0xff, 0);
	assert_true(hw.log_lines > 0);
}

static void test_v2_ctlr_only_enable(void **state)
{
	(void)state;
	expect_rw(GICD_CTLR, 4, 0xffffffffu, 1);
	expect_rw(GICD_CTLR, 4, 0, 0);
}

static void test_v2_read_only_registers(void **state)
{
	(void)state;
	/* CPUNumber [7:5] says 2 CPU interfaces. */
	assert_int_equal(rd(GICD_TYPER, 4), 0x28);
	expect_ro(GICD_TYPER);
	expect_ro(GICD_IIDR);
	assert_int_equal(rd(GICD_PIDR2_V2, 4), PIDR2_V2);
	expect_ro(GICD_PIDR2_V2);
}

static void test_v2_reserved_and_group_raz_wi(void **state)
{
	static const u64 offs[] = {0x00c,  0x040, 0x07c, GICD_IGROUPR, 0x084,
				   0x0fc8, 0xd00, 0xe00, 0xf04,	       0xf10,
				   0xf20,  0xf30, 0xfcc};

	(void)state;
	for (size_t i = 0; i < sizeof(offs) / sizeof(offs[0]); i++)
		expect_raz_wi(offs[i]);
}

static void test_v2_sgir_write_only(void **state)
{
	(void)state;
	wr(GICD_SGIR, 4, 0x00020003u);
	assert_int_equal(hw.sgirs, 1);
	assert_int_equal(hw.sgir, 0x00020003u);
	assert_int_equal(rd(GICD_SGIR, 4), 0);
}

static void test_word_only_registers_ignore_other_sizes(void **state)
{
	(void)state;
	/* Byte and halfword accesses to word-only registers, halfword ones
	 * to byte-accessible ones: RAZ/WI, nothing reaches the hardware. */
	wr(GICD_ISENABLER + 5, 1, 0xff);
	wr(GICD_ISENABLER + 4, 2, 0xffff);
	wr(GICD_IPRIORITYR + OWNED_FIRST, 2, 0xffff);
	assert_int_equal(hw.writes, 0);
	assert_int_equal(rd(GICD_ISENABLER + 4, 4), 0);
	wr(GICD_ICFGR, 4, 0);
	assert_int_equal(rd(GICD_TYPER, 2), 0);
	assert_int_equal(rd(GICD_IPRIORITYR + OWNED_FIRST, 2), 0);
}

/* ---- GICv3 distributor (affinity routing always on) ---- */

static void test_v3_local_registers_raz_wi_in_gicd(void **state)
{
	static const u64 offs[] = {
	    GICD_IGROUPR,   GICD_ISENABLER,	  GICD_ICENABLER,
	    GICD_ISPENDR,   GICD_ICPENDR,	  GICD_ISACTIVER,
	    GICD_ICACTIVER, GICD_IPRIORITYR,	  GICD_IPRIORITYR + 28,
	    GICD_ITARGETSR, GICD_ITARGETSR + 40,  GICD_ICFGR,
	    GICD_ICFGR + 4, GICD_IGRPMODR,	  GICD_SGIR,
	    GICD_IROUTER,   GICD_IROUTER + 8 * 31};

	(void)state;
	/* IHI 0069 12.9: with ARE, the SGI/PPI (n = 0) registers of the
	 * distributor are RAZ/WI (they live in the redistributors). */
	for (size_t i = 0; i < sizeof(offs) / sizeof(offs[0]); i++)
		expect_raz_wi(offs[i]);
	assert_int_equal(hw.sgirs, 0);
}

static void test_v3_igroupr_spis(void **state)
{
	u32 mine = (u32)BITS(OWNED_LAST - 32, OWNED_FIRST - 32) |
		   1u << (VIRT_SPI - 32);

	(void)state;
	/* Group 1 and fixed: RAO/WI for the zone's SPIs, RAZ otherwise. */
	expect_rw(GICD_IGROUPR + 4, 4, 0, mine);
	expect_rw(GICD_IGROUPR + 8, 4, 0xffffffffu, 0);
}

static void test_v3_irouter_res0_bits(void **state)
{
	u64 off = GICD_IROUTER + 8ull * OWNED_FIRST;

	(void)state;
	/* Aff3 [39:32], IRM [31], Aff2..Aff0 [23:0]; the rest RES0. */
	expect_rw(off, 8, ~0ull, IROUTER_BITS);
	wr(off, 8, 0);
	wr(off + 4, 4, 0xffffffffu);
	assert_int_equal(rd(off, 8), 0xff00000000ull);
	wr(off, 4, 0xffffffffu);
	assert_int_equal(rd(off, 4), 0x80ffffffu);
	assert_int_equal(rd(off + 4, 4), 0xffu);
}

/* A virtual SPI left pending for a vCPU that is off is offered to the
 * new target when the guest routes it elsewhere (vgic_virtual.c). */
static void test_v2_itargetsr_reroutes_virtual_spi(void **state)
{
	(void)state;
	wr(GICD_ITARGETSR + VIRT_SPI, 1, 0x02);
	assert_int_equal(hw.reroutes, 1);
	assert_int_equal(hw.rerouted_irq, VIRT_SPI);
	assert_int_equal(hw.routes, 0); /* no physical SPI behind it */
}

static void test_v3_irouter_reroutes_virtual_spi(void **state)
{
	(void)state;
	wr(GICD_IROUTER + 8ull * VIRT_SPI, 8, 1);
	assert_int_equal(hw.reroutes, 1);
	assert_int_equal(hw.rerouted_irq, VIRT_SPI);
	assert_int_equal(hw.routes, 0);
}

static void test_v3_irouter_routes_vcpu(void **state)
{
	(void)state;
	zone.vcpus[1].pcpu = 2;
	wr(GICD_IROUTER + 8ull * OWNED_FIRST, 8, 1);
	assert_int_equal(hw.routed_cpu, 2);
	assert_int_equal(rd(GICD_IROUTER + 8ull * OWNED_FIRST, 8), 1);
	expect_rw(GICD_IROUTER + 8ull * FOREIGN_SPI, 8, 1, 0);
	assert_int_equal(hw.routes, 1);
}

static void test_v3_ctlr(void **state)
{
	(void)state;
	/* ARE (bit 4) RAO/WI; the two group enables RW; RWP reads 0. */
	expect_rw(GICD_CTLR, 4, 0xffffffffu, 0x13);
	expect_rw(GICD_CTLR, 4, 0, 0x10);
}

static void test_v3_read_only_registers(void **state)
{
	(void)state;
	/* No LPIs [17], no message-based SPIs [16]. */
	assert_int_equal(rd(GICD_TYPER, 4) & (3u << 16), 0);
	expect_ro(GICD_TYPER);
	expect_ro(GICD_IIDR);
	assert_int_equal(rd(GICD_PIDR2_V3, 4), PIDR2_V3);
	expect_ro(GICD_PIDR2_V3);
	expect_raz_wi(0x00c); /* TYPER2 */
	expect_raz_wi(0x010); /* STATUSR */
	expect_raz_wi(0x040); /* SETSPI_NSR */
	expect_raz_wi(GICD_IGRPMODR + 4);
	expect_raz_wi(0xe04);  /* NSACR */
	expect_raz_wi(0x8000); /* IROUTER of extended SPIs: reserved */
}

/* ---- GICv3 redistributors ---- */

static void test_v3_gicr_typer(void **state)
{
	(void)state;
	/* Affinity [63:32] = vCPU's MPIDR, Processor_Number [23:8], Last
	 * [4] on the final frame only, no PLPIS [0]. */
	assert_int_equal(rrd(0, 0x8, 8), 0);
	assert_int_equal(rrd(1, 0x8, 8), (1ull << 32) | (1u << 8) | 0x10);
	assert_int_equal(rrd(1, 0xc, 4), 1);
	assert_int_equal(rrd(1, 0x8, 4), (1u << 8) | 0x10);
	rwr(1, 0x8, 8, 0);
	assert_int_equal(rrd(1, 0x8, 8), (1ull << 32) | (1u << 8) | 0x10);
}

static void test_v3_gicr_waker(void **state)
{
	(void)state;
	/* ProcessorSleep [1] RW, ChildrenAsleep [2] follows it, RO. */
	assert_int_equal(rrd(0, 0x14, 4), 0x6);
	rwr(0, 0x14, 4, 0xfffffffdu);
	assert_int_equal(rrd(0, 0x14, 4), 0);
	rwr(0, 0x14, 4, 0x2);
	assert_int_equal(rrd(0, 0x14, 4), 0x6);
	assert_int_equal(rrd(1, 0x14, 4), 0x6);
}

static void test_v3_gicr_rd_raz_wi_and_ids(void **state)
{
	(void)state;
	for (u64 reg = 0; reg < 0x80; reg += 4) {
		if (reg == 0x4 || reg == 0x8 || reg == 0xc || reg == 0x14)
			continue;
		rwr(0, reg, 4, 0xffffffffu);
		assert_int_equal(rrd(0, reg, 4), 0);
	}
	assert_int_equal(rrd(1, 0xffe8, 4), PIDR2_V3);
	rwr(1, 0xffe8, 4, 0);
	assert_int_equal(rrd(1, 0xffe8, 4), PIDR2_V3);
	assert_int_equal(rrd(0, 0x4, 4), hw.iidr);
}

static void test_v3_gicr_igroupr0(void **state)
{
	(void)state;
	rwr(0, GICR_SGI + GICD_IGROUPR, 4, 0);
	assert_int_equal(rrd(0, GICR_SGI + GICD_IGROUPR, 4),
			 0xffffu | 1u << TIMER_PPI);
}

static void test_v3_gicr_enables(void **state)
{
	(void)state;
	/* SGIs RAO/WI, read the same through ISENABLER0 and ICENABLER0. */
	rwr(1, GICR_SGI + GICD_ICENABLER, 4, 0xffffffffu);
	assert_int_equal(rrd(1, GICR_SGI + GICD_ISENABLER, 4), 0xffff);
	assert_int_equal(rrd(1, GICR_SGI + GICD_ICENABLER, 4), 0xffff);
	rwr(1, GICR_SGI + GICD_ISENABLER, 4, 0xffffffffu);
	assert_int_equal(hw.b_enable[1], 1u << TIMER_PPI);
	assert_int_equal(hw.b_enable[0], 0);
	assert_int_equal(rrd(1, GICR_SGI + GICD_ICENABLER, 4),
			 0xffffu | 1u << TIMER_PPI);
}

static void test_v3_gicr_icfgr(void **state)
{
	(void)state;
	assert_int_equal(rrd(0, GICR_SGI + GICD_ICFGR, 4), 0xaaaaaaaau);
	rwr(0, GICR_SGI + GICD_ICFGR, 4, 0);
	assert_int_equal(rrd(0, GICR_SGI + GICD_ICFGR, 4), 0xaaaaaaaau);
	hw.b_cfg1[0] = 0xffffffffu;
	assert_int_equal(rrd(0, GICR_SGI + GICD_ICFGR + 4, 4),
			 2u << (2 * (TIMER_PPI - 16)));
	rwr(0, GICR_SGI + GICD_ICFGR + 4, 4, 0);
	assert_int_equal(hw.b_cfg1[0], 0xffffffffu);
}

static void test_v3_gicr_sgi_reserved_raz_wi(void **state)
{
	static const u64 regs[] = {0x084, 0x104, 0x184, 0x420,
				   0xc08, 0xd00, 0xe00, 0x7ffc};

	(void)state;
	for (size_t i = 0; i < sizeof(regs) / sizeof(regs[0]); i++) {
		rwr(0, GICR_SGI + regs[i], 4, 0xffffffffu);
		assert_int_equal(rrd(0, GICR_SGI + regs[i], 4), 0);
	}
	assert_int_equal(hw.writes, 0);
}

#define V2(fn) cmocka_unit_test_setup(fn, setup_v2)
#define V3(fn) cmocka_unit_test_setup(fn, setup_v3)

int main(void)
{
	const struct CMUnitTest tests[] = {
	    V2(test_v2_priority_mask_consistent),
	    V3(test_v3_priority_mask_consistent),
	    V2(test_priority_value_masked_and_bytes_kept),
	    V3(test_priority_value_masked_and_bytes_kept),
	    V2(test_v2_priority_banked_per_vcpu),
	    V2(test_priority_reaches_physical_for_owned),
	    V3(test_priority_reaches_physical_for_owned),
	    V3(test_v3_gicr_priority_reaches_physical_ppi),
	    V2(test_v2_itargetsr_nonexistent_cpus_raz_wi),
	    V2(test_v2_itargetsr_preserved_as_written),
	    V2(test_v2_itargetsr_routes_physical),
	    V2(test_v2_itargetsr_reroutes_virtual_spi),
	    V2(test_v2_itargetsr_local_read_own_cpu),
	    V2(test_v2_itargetsr_uniprocessor_raz_wi),
	    V2(test_v2_itargetsr_foreign_and_absent_raz_wi),
	    V2(test_v2_sgi_enables_rao_wi),
	    V2(test_v2_enable_spis_owned_virtual_foreign),
	    V3(test_v2_enable_spis_owned_virtual_foreign),
	    V2(test_v2_icfgr_sgis_edge_read_only),
	    V2(test_v2_icfgr_ppis_read_only),
	    V2(test_icfgr_spi_int_config0_reserved),
	    V3(test_icfgr_spi_int_config0_reserved),
	    V2(test_foreign_spi_raz_wi_everywhere),
	    V3(test_foreign_spi_raz_wi_everywhere),
	    V2(test_v2_ctlr_only_enable),
	    V2(test_v2_read_only_registers),
	    V2(test_v2_reserved_and_group_raz_wi),
	    V2(test_v2_sgir_write_only),
	    V2(test_word_only_registers_ignore_other_sizes),
	    V3(test_word_only_registers_ignore_other_sizes),
	    V3(test_v3_local_registers_raz_wi_in_gicd),
	    V3(test_v3_igroupr_spis),
	    V3(test_v3_irouter_res0_bits),
	    V3(test_v3_irouter_routes_vcpu),
	    V3(test_v3_irouter_reroutes_virtual_spi),
	    V3(test_v3_ctlr),
	    V3(test_v3_read_only_registers),
	    V3(test_v3_gicr_typer),
	    V3(test_v3_gicr_waker),
	    V3(test_v3_gicr_rd_raz_wi_and_ids),
	    V3(test_v3_gicr_igroupr0),
	    V3(test_v3_gicr_enables),
	    V3(test_v3_gicr_icfgr),
	    V3(test_v3_gicr_sgi_reserved_raz_wi),
	};

	return cmocka_run_group_tests_name("vgic_regs", tests, NULL, NULL);
}

/*
 * Interrupt attacks: distributor registers of SPIs the zone does not own
 * (the victim's SPI and one nobody owns), redistributor registers that
 * would make the GIC itself write to memory (LPI tables), and SGIs to
 * CPUs outside the zone.  A register of what is not ours must read as
 * zero after the write; the victim itself reports any interrupt it did
 * not ask for and any change to its SPI.
 */
#include "hostile.h"

#define GICD_ISENABLER	0x0100
#define GICD_ICENABLER	0x0180
#define GICD_ISPENDR	0x0200
#define GICD_ISACTIVER	0x0300
#define GICD_IPRIORITYR 0x0400
#define GICD_ITARGETSR	0x0800 /* v2 */
#define GICD_ICFGR	0x0c00
#define GICD_SGIR	0x0f00	     /* v2 */
#define GICD_IROUTER	0x6000	     /* v3 */
#define GICR_BASE	0x080a0000UL /* v3: our vCPU's redistributor */
#define GICR_CTLR	0x0000
#define GICR_PROPBASER	0x0070
#define GICR_PENDBASER	0x0078

/* One bit per interrupt: the word and the bit of `id`. */
#define BIT_REG(base, id) ((base) + 4 * ((id) / 32))
#define BIT_OF(id)	  (1U << ((id) % 32))
/* One byte per interrupt: the word holding it and the byte's mask. */
#define BYTE_WORD(base, id) ((base) + ((id) & ~3U))
#define BYTE_OF(id)	    (0xffU << (8 * ((id) % 4)))

#define V  VICTIM_SPI
#define FR FREE_SPI

struct reg_attack {
	const char *name;
	uintptr_t base; /* GICD_BASE or GICR_BASE */
	uint32_t off;	/* the register written */
	uint32_t width; /* 1, 4 or 8 bytes */
	uint64_t value;
	uint32_t check; /* the 32-bit register read back */
	uint32_t mask;	/* its bits that must read as zero */
	int only;	/* 0: any GIC, else the version it exists on */
};

/* Set the bit of `id` in `reg`; the bit in `check` must read as zero. */
#define BIT_ATTACK(name, reg, check, id)                                       \
	{                                                                      \
		name, GICD_BASE, BIT_REG(reg, id), 4, BIT_OF(id),              \
		    BIT_REG(check, id), BIT_OF(id), 0                          \
	}
/* Write the byte of `id` in a byte-per-interrupt register. */
#define BYTE_ATTACK(name, reg, id, value, only)                                \
	{                                                                      \
		name, GICD_BASE, (reg) + (id), 1, value, BYTE_WORD(reg, id),   \
		    BYTE_OF(id), only                                          \
	}
/* GICv3 IROUTER<id>, 64-bit. */
#define ROUTE_ATTACK(name, id, value)                                          \
	{                                                                      \
		name, GICD_BASE, GICD_IROUTER + 8 * (id), 8, value,            \
		    GICD_IROUTER + 8 * (id), ~0U, 3                            \
	}
/* ICFGR<id>: make it edge-triggered (0b10). */
#define EDGE_ATTACK(name, id)                                                  \
	{                                                                      \
		name, GICD_BASE, GICD_ICFGR + 4 * ((id) / 16), 4,              \
		    2U << (2 * ((id) % 16)), GICD_ICFGR + 4 * ((id) / 16),     \
		    3U << (2 * ((id) % 16)), 0                                 \
	}

static const struct reg_attack gicd[] = {
    BIT_ATTACK("gicd-enable-victim-spi", GICD_ISENABLER, GICD_ISENABLER, V),
    BIT_ATTACK("gicd-enable-free-spi", GICD_ISENABLER, GICD_ISENABLER, FR),
    BIT_ATTACK("gicd-disable-victim-spi", GICD_ICENABLER, GICD_ISENABLER, V),
    BIT_ATTACK("gicd-pend-victim-spi", GICD_ISPENDR, GICD_ISPENDR, V),
    BIT_ATTACK("gicd-pend-free-spi", GICD_ISPENDR, GICD_ISPENDR, FR),
    BIT_ATTACK("gicd-activate-victim-spi", GICD_ISACTIVER, GICD_ISACTIVER, V),
    BYTE_ATTACK("gicd-priority-victim-spi", GICD_IPRIORITYR, V, 0x10, 0),
    EDGE_ATTACK("gicd-edge-config-victim-spi", V),
    ROUTE_ATTACK("gicd-irouter-victim-spi-to-me", V, 0),
    ROUTE_ATTACK("gicd-irouter-free-spi-any-cpu", FR, 1U << 31),
    BYTE_ATTACK("gicd-itargets-victim-spi-to-me", GICD_ITARGETSR, V, 0x01, 2),
    BYTE_ATTACK("gicd-itargets-free-spi-all-cpus", GICD_ITARGETSR, FR, 0xff, 2),
};

/* The LPI tables of our redistributor, aimed at the victim's RAM. */
static const struct reg_attack gicr[] = {
    {"gicr-propbaser-victim-ram", GICR_BASE, GICR_PROPBASER, 8,
     VICTIM_BUF_PA | 0xf, GICR_PROPBASER, ~0U, 3},
    {"gicr-pendbaser-victim-ram", GICR_BASE, GICR_PENDBASER, 8, VICTIM_BUF_PA,
     GICR_PENDBASER, ~0U, 3},
    {"gicr-enable-lpis", GICR_BASE, GICR_CTLR, 4, 1, GICR_CTLR, 1, 3},
};

static void reg_write(const struct reg_attack *a)
{
	uintptr_t reg = a->base + a->off;

	if (a->width == 1)
		mmio_write8(reg, (uint8_t)a->value);
	else if (a->width == 8)
		mmio_write64(reg, a->value);
	else
		mmio_write32(reg, (uint32_t)a->value);
}

static void run_reg(const struct reg_attack *a)
{
	struct fault f;
	uint32_t back;

	guard_begin();
	reg_write(a);
	back = mmio_read32(a->base + a->check) & a->mask;
	if (guard_end(&f))
		outcome(a->name, false, "abort esr=0x%lx far=0x%lx", f.esr,
			f.far);
	else if (back)
		outcome(a->name, true, "reads back 0x%x", back);
	else
		outcome(a->name, false, "no fault, reads back 0x0");
}

static void run_table(const struct reg_attack *t, unsigned int n,
		      int gic_version)
{
	for (unsigned int i = 0; i < n; i++) {
		if (!t[i].only || t[i].only == gic_version)
			run_reg(&t[i]);
	}
}

void attack_gicd(int gic_version)
{
	run_table(gicd, sizeof(gicd) / sizeof(gicd[0]), gic_version);
}

void attack_gicr(int gic_version)
{
	run_table(gicr, sizeof(gicr) / sizeof(gicr[0]), gic_version);
}

/* ICC_SGI1R_EL1 / ICC_SGI0R_EL1 / ICC_ASGI1R_EL1 fields. */
#define SGI_INTID(n) ((uint64_t)(n) << 24)
#define SGI_AFF1(a)  ((uint64_t)(a) << 16)
#define SGI_IRM	     (1UL << 40)
#define SGI_RS(r)    ((uint64_t)(r) << 44)
/* GICD_SGIR fields. */
#define SGIR_FILTER(f)	((uint32_t)(f) << 24)
#define SGIR_TARGETS(t) ((uint32_t)(t) << 16)

enum sgi_reg { ICC_SGI1R, ICC_SGI0R, ICC_ASGI1R, GICD_SGIR_REG };

struct sgi_attack {
	const char *name;
	enum sgi_reg reg;
	uint64_t value;
	int only;
};

static const struct sgi_attack sgis[] = {
    {"sgi1r-foreign-targets", ICC_SGI1R, SGI_INTID(1) | 0xfffe, 3},
    {"sgi1r-other-cluster", ICC_SGI1R, SGI_INTID(2) | SGI_AFF1(1) | 0xffff, 3},
    {"sgi1r-range-selector", ICC_SGI1R, SGI_INTID(3) | SGI_RS(1) | 0xffff, 3},
    {"sgi1r-broadcast-irm", ICC_SGI1R, SGI_INTID(4) | SGI_IRM, 3},
    {"sgi0r-foreign-targets", ICC_SGI0R, SGI_INTID(5) | 0xfffe, 3},
    {"asgi1r-foreign-targets", ICC_ASGI1R, SGI_INTID(6) | 0xfffe, 3},
    {"gicd-sgir-foreign-targets", GICD_SGIR_REG,
     SGIR_FILTER(0) | SGIR_TARGETS(0xfe) | 1, 2},
    {"gicd-sgir-all-but-self", GICD_SGIR_REG, SGIR_FILTER(1) | 2, 2},
    {"gicd-sgir-reserved-filter", GICD_SGIR_REG,
     SGIR_FILTER(3) | SGIR_TARGETS(0xff) | 3, 2},
};

static void sgi_write(const struct sgi_attack *a)
{
	switch (a->reg) {
	case ICC_SGI1R:
		wr_sysreg(a->value, S3_0_C12_C11_5);
		break;
	case ICC_SGI0R:
		wr_sysreg(a->value, S3_0_C12_C11_7);
		break;
	case ICC_ASGI1R:
		wr_sysreg(a->value, S3_0_C12_C11_6);
		break;
	case GICD_SGIR_REG:
		mmio_write32(GICD_BASE + GICD_SGIR, (uint32_t)a->value);
		break;
	}
	isb();
}

/* The sender cannot see where an SGI went: the victim counts arrivals. */
static void run_sgi(const struct sgi_attack *a)
{
	struct fault f;

	guard_begin();
	sgi_write(a);
	if (!guard_end(&f))
		outcome(a->name, false,
			"no fault (the victim counts arrivals)");
	else if (ESR_EC(f.esr) == EC_UNKNOWN)
		outcome(a->name, false, "undefined instruction esr=0x%lx",
			f.esr);
	else
		outcome(a->name, false, "abort esr=0x%lx far=0x%lx", f.esr,
			f.far);
}

void attack_sgis(int gic_version)
{
	for (unsigned int i = 0; i < sizeof(sgis) / sizeof(sgis[0]); i++) {
		if (sgis[i].only == gic_version)
			run_sgi(&sgis[i]);
	}
}

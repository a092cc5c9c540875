/*
 * The RISC-V Advanced Interrupt Architecture (AIA 1.0): the APLIC
 * (advanced platform-level interrupt controller) in MSI delivery mode and
 * the IMSIC (incoming MSI controller) with its guest interrupt files.
 *
 * cvisor owns the supervisor-level APLIC domain (QEMU virt: 0xd000000,
 * every source delegated to it by the firmware's machine domain) and gives
 * each zone a virtual domain at the same guest-physical address: the
 * zone's own sources are programmed into the physical domain with their
 * target pointing at the guest interrupt file of the owning vCPU (the MSI
 * reaches the guest without cvisor); sources of cvisor's emulated devices
 * are delivered by cvisor writing the MSI into that guest file.
 */
#ifndef CVISOR_DRIVERS_IRQCHIP_APLIC_H
#define CVISOR_DRIVERS_IRQCHIP_APLIC_H

#include "cvisor/limits.h"
#include "cvisor/types.h"

/* APLIC domain registers (AIA 1.0, 4.5). Source i is 1..1023. */
#define APLIC_DOMAINCFG	  0x0000
#define APLIC_SOURCECFG	  0x0004 /* + 4 * (i - 1) */
#define APLIC_SETIP	  0x1c00 /* + 4 * word, bit per source */
#define APLIC_SETIPNUM	  0x1cdc
#define APLIC_IN_CLRIP	  0x1d00 /* read: rectified inputs; write: clear */
#define APLIC_CLRIPNUM	  0x1ddc
#define APLIC_SETIE	  0x1e00
#define APLIC_SETIENUM	  0x1edc
#define APLIC_CLRIE	  0x1f00
#define APLIC_CLRIENUM	  0x1fdc
#define APLIC_SETIPNUM_LE 0x2000
#define APLIC_SETIPNUM_BE 0x2004
#define APLIC_GENMSI	  0x3000
#define APLIC_TARGET	  0x3004 /* + 4 * (i - 1) */
#define APLIC_SIZE	  0x8000

/* domaincfg: [31:24] read 0x80, IE [8], DM [2] (1 = MSI), BE [0]. */
#define APLIC_DOMAINCFG_RO80 0x80000000u
#define APLIC_DOMAINCFG_IE   (1u << 8)
#define APLIC_DOMAINCFG_DM   (1u << 2)

/* sourcecfg: D [10] (delegated), SM [2:0] when not delegated. */
#define APLIC_SOURCECFG_D (1u << 10)
#define APLIC_SM_MASK	  0x7u
#define APLIC_SM_INACTIVE 0
#define APLIC_SM_DETACHED 1
#define APLIC_SM_EDGE1	  4 /* rising edge */
#define APLIC_SM_EDGE0	  5 /* falling edge */
#define APLIC_SM_LEVEL1	  6 /* high */
#define APLIC_SM_LEVEL0	  7 /* low */

/* target in MSI mode: hart index [31:18], guest index [17:12], EIID
 * [10:0]. */
#define APLIC_TARGET_HART_SHIFT	 18
#define APLIC_TARGET_GUEST_SHIFT 12
#define APLIC_TARGET_GUEST_MASK	 0x3fu
#define APLIC_TARGET_EIID_MASK	 0x7ffu
#define aplic_target(hart, guest, eiid)                                        \
	((u32)(hart) << APLIC_TARGET_HART_SHIFT |                              \
	 ((u32)(guest)&APLIC_TARGET_GUEST_MASK) << APLIC_TARGET_GUEST_SHIFT |  \
	 ((u32)(eiid)&APLIC_TARGET_EIID_MASK))
#define aplic_target_hart(t)  ((t) >> APLIC_TARGET_HART_SHIFT)
#define aplic_target_guest(t) (((t) >> APLIC_TARGET_GUEST_SHIFT) & 0x3fu)
#define aplic_target_eiid(t)  ((t)&APLIC_TARGET_EIID_MASK)

#define APLIC_MAX_SOURCES 128 /* ids 1..127 here (QEMU virt: 1..95) */
#define VAPLIC_WORDS	  (APLIC_MAX_SOURCES / 32)

/* --- the virtual domain's register state (pure logic, host-tested) ----- */

/*
 * A source of the virtual domain is either "hw" (a physical source the
 * zone owns: its registers live in the physical domain, the state here
 * only shadows what the guest wrote) or emulated (an input line driven
 * by cvisor's devices; the state here is the source's state). An MSI is
 * what a source sends when it is pending, enabled and the domain's IE is
 * set; an emulated source's MSI is written by cvisor into the guest file.
 */
struct vaplic_state {
	u32 nr_sources; /* ids 1..nr_sources-1 exist */
	u32 domaincfg;	/* IE only; DM reads 1, [31:24] 0x80 */
	u32 sourcecfg[APLIC_MAX_SOURCES];
	u32 target[APLIC_MAX_SOURCES]; /* as the guest wrote it */
	u32 hw[VAPLIC_WORDS];	       /* owned physical sources */
	u32 ie[VAPLIC_WORDS];	       /* the guest's enables */
	u32 ip[VAPLIC_WORDS];	       /* emulated sources' pending bits */
	u32 level[VAPLIC_WORDS];       /* emulated sources' input lines */
	u32 absent[VAPLIC_WORDS];      /* not this zone's: read 0, no writes */
};

/* What the physical domain must do after a guest access of an owned
 * source (at most one source per access, the word ops excepted). */
enum vaplic_hw_op {
	VAPLIC_HW_NONE,
	VAPLIC_HW_SOURCECFG, /* write sourcecfg = value */
	VAPLIC_HW_TARGET,    /* write target from the guest's target */
	VAPLIC_HW_ENABLE,    /* enable or disable: value = 1 / 0 */
	VAPLIC_HW_SETIP,     /* setipnum */
	VAPLIC_HW_CLRIP,     /* clripnum */
	VAPLIC_HW_WORD,	     /* write value to the bit-array word at off */
	VAPLIC_HW_IE_SYNC,   /* domain IE changed: resync every enable */
	VAPLIC_HW_READ,	     /* a read the physical domain answers */
};

struct vaplic_hw_req {
	enum vaplic_hw_op op;
	u32 src;
	u32 value;
	u64 off; /* VAPLIC_HW_READ/WORD: the register */
};

/* An MSI to deliver: to the guest file of vCPU `hart`, identity eiid. */
struct vaplic_msi {
	u32 hart;
	u32 eiid;
};

#define VAPLIC_MAX_MSIS APLIC_MAX_SOURCES

void vaplic_state_init(struct vaplic_state *s, u32 nr_sources);
/* Registers back to reset (the zone restarts); which sources are owned
 * and the emulated input lines stay. */
void vaplic_state_reset(struct vaplic_state *s);
/* A source the zone neither owns nor has an emulated device on (another
 * zone's, cvisor's): absent from its domain, every register of it reads
 * 0 (inactive) and ignores writes. Owned sources cannot be absent. */
void vaplic_state_set_absent(struct vaplic_state *s, u32 src, bool absent);
/* Does a write of val at off name an absent source (it is ignored: the
 * caller logs the attempt)? */
bool vaplic_state_write_is_foreign(const struct vaplic_state *s, u64 off,
				   u32 val);
/* Mark a source as a physical one the zone owns. */
void vaplic_state_set_hw(struct vaplic_state *s, u32 src);
bool vaplic_state_is_hw(const struct vaplic_state *s, u32 src);
/* Is the source enabled for delivery (its ie and the domain's IE)? */
bool vaplic_state_enabled(const struct vaplic_state *s, u32 src);
/* An emulated source's input line. Appends the MSIs now due to msis
 * (returns how many). */
u32 vaplic_state_set_level(struct vaplic_state *s, u32 src, bool level,
			   struct vaplic_msi *msis);
/* A 32-bit register access at offset off. Reads of owned sources'
 * registers set req->op = VAPLIC_HW_READ (the caller asks the physical
 * domain and masks the answer with vaplic_state_hw_mask()); writes of
 * them set req to what the physical domain must do. MSIs of emulated
 * sources that became due are appended to msis; *nr_msis is their count.
 * Returns 0 or -CV_EINVAL (an offset with no register, a misaligned
 * access). */
int vaplic_state_read(struct vaplic_state *s, u64 off, u32 *val,
		      struct vaplic_hw_req *req);
int vaplic_state_write(struct vaplic_state *s, u64 off, u32 val,
		       struct vaplic_hw_req *req, struct vaplic_msi *msis,
		       u32 *nr_msis);
/* The owned-source bits of the bit-array word containing source 32*w. */
u32 vaplic_state_hw_mask(const struct vaplic_state *s, u32 word);

/* --- the physical supervisor domain ------------------------------------- */

/* The supervisor domain: the APLIC whose MSIs go to the IMSIC with
 * phandle imsic_phandle. */
int aplic_probe(const void *dtb, u32 imsic_phandle);
paddr_t aplic_base(void);
int aplic_init(void);
u32 aplic_nr_sources(void); /* ids 1..n-1 */
void aplic_set_sourcecfg(u32 src, u32 cfg);
void aplic_set_target(u32 src, u32 target);
void aplic_enable(u32 src, bool on);
void aplic_setipnum(u32 src);
/* The source's input as in_clrip reads it (QEMU 7.2: the raw line). */
bool aplic_input(u32 src);
void aplic_clripnum(u32 src);
u32 aplic_read(u64 off);
void aplic_write(u64 off, u32 val);
/* The zone that owned src stopped: the source goes inactive. */
void aplic_release(u32 src);

/* --- a zone's virtual domain (aplic_virt.c) ----------------------------- */

struct zone;
struct vcpu;

int vaplic_zone_init(struct zone *zone);
void vaplic_zone_destroy(struct zone *zone);
/* Source src carries an emulated device of the zone (its console, an IVC
 * doorbell): present in its domain. Every other source the zone does not
 * own is absent. */
void vaplic_declare_virq(struct zone *zone, u32 src);
/* An emulated device's line (cvisor's console, IVC doorbells). */
void vaplic_set_level(struct zone *zone, u32 src, bool level);
/* The vCPU is about to run from reset on this CPU: its guest file. */
void vaplic_vcpu_reset(struct vcpu *vcpu);

/* --- the IMSIC ---------------------------------------------------------- */

/* The supervisor-level IMSIC: where each hart's files are, GEILEN. */
int imsic_probe(const void *dtb);
int imsic_init(void);
void imsic_init_percpu(void);
u32 imsic_phandle(void);
/* The S-level files' base: also where a zone finds its IMSIC, one page
 * per vCPU. */
paddr_t imsic_base(void);
/* The guest interrupt file cvisor gives the vCPU of every CPU (1..GEILEN),
 * its physical address for CPU cpu, and the hart index of CPU cpu in
 * APLIC targets. */
u32 imsic_guest_file(void);
paddr_t imsic_guest_file_pa(u32 cpu);
u32 imsic_hart_index(u32 cpu);
u32 imsic_nr_ids(void);
/* This CPU's guest interrupt file back to reset: delivery off, nothing
 * enabled or pending (hstatus.VGEIN must name it). */
void imsic_guest_file_reset(void);
/* Write an MSI with identity eiid into CPU cpu's guest file. */
void imsic_guest_send(u32 cpu, u32 eiid);
/* Interrupt file `file` (0: S-level) of CPU cpu's hart. */
paddr_t imsic_file_pa(u32 cpu, u32 file);

/* --- cvisor's own S-level file (imsic_hv.c) ------------------------------ */

/* Its identities: 1 is cvisor's IPI, IMSIC_EIID_HV_DEV + n the n-th device
 * interrupt cvisor keeps (aplic_claim_for_hv). */
#define IMSIC_EIID_IPI	   1u
#define IMSIC_EIID_HV_DEV  2u
#define IMSIC_HV_DEV_SLOTS 4u

/* Delivery on, threshold off, cvisor's identities enabled (this CPU). */
void imsic_hv_init_percpu(void);
/* Pend eiid in CPU cpu's S-level file (an MSI written by cvisor). */
void imsic_hv_send(u32 cpu, u32 eiid);
/* Claim the highest-priority pending identity of this CPU's S-level
 * file: its number, 0 when none is pending. */
u32 imsic_hv_claim(void);
/* Program source src of the physical domain to send its MSIs to CPU cpu's
 * S-level file; returns the identity, 0 when no slot is free. */
u32 aplic_claim_for_hv(u32 src, u32 cpu);
/* The source behind identity eiid of cvisor's file, 0 if none. */
u32 aplic_hv_source(u32 eiid);

#endif

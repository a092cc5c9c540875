/*
 * The supervisor-level IMSIC (AIA 1.0, chapter 3) as cvisor uses it: its
 * S-level file takes cvisor's own interrupts (imsic_hv.c), the guest
 * files the guests' ones: hart h's files are 2^guest-index-bits
 * pages at base + (h << (12 + guest-index-bits)), page 0 the S-level file,
 * page g (1..GEILEN) guest interrupt file g. The vCPU of every CPU gets
 * guest file 1 of its hart (one vCPU per CPU): hstatus.VGEIN = 1 makes
 * the guest's stopei/siselect/sireg reach it and its interrupts VS
 * external interrupts; the page is mapped into the zone's stage 2.
 */
#include "arch_hw.h"
#include "cvisor/errno.h"
#include "cvisor/log.h"
#include "cvisor/percpu.h"
#include "cvisor/platform.h"
#include "drivers/irqchip/aplic.h"
#include "lib/fdt_util.h"

#include <libfdt.h>

#define IRQ_S_EXT_CAUSE 9
#define GUEST_FILE	1
#define PAGE		0x1000ull

/* Indirectly accessed IMSIC registers (siselect/vsiselect values). */
#define ISEL_EIDELIVERY	 0x70
#define ISEL_EITHRESHOLD 0x72
#define ISEL_EIP0	 0x80
#define ISEL_EIE0	 0xc0

static struct {
	paddr_t base;
	u64 size;
	u32 guest_bits;
	u32 nr_ids;
	u32 geilen;
	u32 phandle;
	u32 hart_index[MAX_CPUS]; /* by logical CPU */
	bool found[MAX_CPUS];
} imsic;

static int s_level_node(const void *dtb)
{
	int node = -1;

	while ((node = fdt_node_offset_by_compatible(dtb, node,
						     "riscv,imsics")) >= 0) {
		int len;
		const fdt32_t *ie =
		    fdt_getprop(dtb, node, "interrupts-extended", &len);

		if (ie && len >= 8 && fdt32_to_cpu(ie[1]) == IRQ_S_EXT_CAUSE)
			return node;
	}
	return -FDT_ERR_NOTFOUND;
}

static u32 prop_u32(const void *dtb, int node, const char *name, u32 dflt)
{
	const fdt32_t *p = fdt_getprop(dtb, node, name, NULL);

	return p ? fdt32_to_cpu(*p) : dflt;
}

/* interrupts-extended entry i is the hart of IMSIC hart index i. */
static void map_harts(const void *dtb, int node)
{
	int len;
	const fdt32_t *ie = fdt_getprop(dtb, node, "interrupts-extended", &len);

	for (int i = 0; ie && i < len / 8; i++) {
		int intc =
		    fdt_node_offset_by_phandle(dtb, fdt32_to_cpu(ie[2 * i]));
		int cpu = intc >= 0 ? fdt_parent_offset(dtb, intc) : -1;
		u64 hart, unused;
		int id;

		if (cpu < 0 || fdt_get_reg(dtb, cpu, 0, &hart, &unused))
			continue;
		id = platform_cpu_by_hwid(hart);
		if (id >= 0) {
			imsic.hart_index[id] = (u32)i;
			imsic.found[id] = true;
		}
	}
}

/* hgeie is WARL with GEILEN bits from bit 1: write all, count. */
static u32 read_geilen(void)
{
	u64 v;
	u32 n = 0;

	csr_write(CSR_HGEIE, ~0ull);
	v = csr_read(CSR_HGEIE);
	csr_write(CSR_HGEIE, 0);
	for (v >>= 1; v & 1; v >>= 1)
		n++;
	return n;
}

int imsic_probe(const void *dtb)
{
	int node = s_level_node(dtb);
	u64 base;

	if (node < 0 || fdt_get_reg(dtb, node, 0, &base, &imsic.size))
		return -CV_ENOENT;
	imsic.base = pa_init(base);
	imsic.guest_bits = prop_u32(dtb, node, "riscv,guest-index-bits", 0);
	imsic.nr_ids = prop_u32(dtb, node, "riscv,num-ids", 63);
	imsic.phandle = fdt_get_phandle(dtb, node);
	map_harts(dtb, node);
	return 0;
}

int imsic_init(void)
{
	imsic.geilen = read_geilen();
	if (!imsic.geilen || imsic.guest_bits == 0) {
		pr_err("imsic: no guest interrupt files (GEILEN %u, "
		       "guest-index-bits %u): run QEMU with aia-guests=1 or "
		       "more",
		       imsic.geilen, imsic.guest_bits);
		return -CV_ENOENT;
	}
	for (u32 c = 0; c < platform.nr_cpus; c++) {
		if (!imsic.found[c] || pa_addr(imsic_guest_file_pa(c)) + PAGE >
					   pa_addr(imsic.base) + imsic.size) {
			pr_err("imsic: no interrupt file for cpu%u", c);
			return -CV_ENOENT;
		}
	}
	pr_info("imsic: S-level files at 0x%llx, %u ids, guest-index-bits "
		"%u, GEILEN %u: vCPUs get guest file %u",
		(unsigned long long)pa_addr(imsic.base), imsic.nr_ids,
		imsic.guest_bits, imsic.geilen, GUEST_FILE);
	return 0;
}

/* cvisor's own S-level file: its IPIs and the device interrupts it keeps
 * (imsic_hv.c); no guest external interrupt reaches HS-mode. */
void imsic_init_percpu(void)
{
	imsic_hv_init_percpu();
	csr_write(CSR_HGEIE, 0);
}

u32 imsic_phandle(void)
{
	return imsic.phandle;
}

paddr_t imsic_base(void)
{
	return imsic.base;
}

u32 imsic_guest_file(void)
{
	return GUEST_FILE;
}

paddr_t imsic_file_pa(u32 cpu, u32 file)
{
	return pa_add(imsic.base,
		      ((u64)imsic.hart_index[cpu] << (12 + imsic.guest_bits)) +
			  file * PAGE);
}

paddr_t imsic_guest_file_pa(u32 cpu)
{
	return imsic_file_pa(cpu, GUEST_FILE);
}

u32 imsic_hart_index(u32 cpu)
{
	return imsic.hart_index[cpu];
}

u32 imsic_nr_ids(void)
{
	return imsic.nr_ids;
}

static void vsireg_write(u64 isel, u64 val)
{
	csr_write(CSR_VSISELECT, isel);
	csr_write(CSR_VSIREG, val);
}

void imsic_guest_file_reset(void)
{
	/* eip/eie are 64-bit registers on RV64: even numbers only, one per
	 * 64 identities (an index beyond the file's ids traps). */
	u32 words = (imsic.nr_ids + 64) / 64;

	vsireg_write(ISEL_EIDELIVERY, 0);
	vsireg_write(ISEL_EITHRESHOLD, 0);
	for (u32 w = 0; w < words; w++) {
		vsireg_write(ISEL_EIE0 + 2 * w, 0);
		vsireg_write(ISEL_EIP0 + 2 * w, 0);
	}
}

void imsic_guest_send(u32 cpu, u32 eiid)
{
	volatile u32 *seteipnum_le = pa_to_hv(imsic_guest_file_pa(cpu));

	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	*seteipnum_le = eiid;
}

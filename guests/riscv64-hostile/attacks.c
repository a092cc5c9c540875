/*
 * The attacks of the riscv64 hostile guest. Addresses are guest-physical
 * (translation off): anything outside its 16 MiB at 0x80000000 belongs to
 * someone else. The victim's RAM is host-physical 0x90000000-0x91000000
 * and cvisor's 0x80000000-0x88000000: a zone that could reach them through
 * an identity or a stale mapping would read them at those addresses.
 */
#include "hostile.h"

static void attack_read(const char *name, unsigned long addr)
{
	fault_reset();
	(void)*(volatile uint32_t *)addr;
	report_fault(name);
}

static void attack_write(const char *name, unsigned long addr, uint32_t v)
{
	fault_reset();
	*(volatile uint32_t *)addr = v;
	report_fault(name);
}

static void attack_fetch(const char *name, unsigned long addr)
{
	fault_reset();
	__asm__ volatile("la t0, 1f\n"
			 "sd t0, 0(%1)\n"
			 "jr %0\n"
			 "1:"
			 :
			 : "r"(addr), "r"(&fetch_resume)
			 : "t0", "ra", "memory");
	report_fault(name);
}

/* A register of an emulated controller the zone may write but which
 * belongs to no one of its own: the write must not stick (reads back 0)
 * or must fault. */
static void attack_ignored(const char *name, unsigned long addr, uint32_t v)
{
	uint32_t back;

	fault_reset();
	*(volatile uint32_t *)addr = v;
	back = *(volatile uint32_t *)addr;
	if (fault_cause)
		report(name, "fault scause=%lu stval=0x%lx", fault_cause,
		       fault_tval);
	else if (back == 0)
		report(name, "ignored, reads back 0");
	else
		breach(name, "write stuck: reads back 0x%x", back);
}

void attack_memory(void)
{
	attack_read("victim-code-read", 0x90200000);
	attack_read("victim-buffer-read", 0x90400000);
	attack_write("victim-buffer-write", 0x90400000, 0xbad);
	attack_write("victim-ram-last-word-write", 0x90fffffc, 0xbad);
	attack_fetch("victim-code-execute", 0x90200000);
	attack_read("beyond-own-ram-read", OWN_RAM_END);
	attack_read("hv-frames-read", 0x81000000);
	attack_write("hv-frames-top-write", 0x87fff000, 0xbad);
	attack_read("hv-boot-bundle-read", 0x84000000);
	attack_write("hv-boot-bundle-write", 0x84000000, 0xbad);
	attack_read("ipa-top-read", 0x1fffffff000ul);
}

void attack_devices(bool aia)
{
	attack_read("rtc-read", 0x00101000);
	attack_read("virtio-mmio-read", 0x10001000);
	attack_write("virtio-mmio-status-write", 0x10001070, 0);
	attack_read("fw-cfg-read", 0x10100000);
	attack_read("pcie-ecam-read", 0x30000000);
	attack_write("clint-mtimecmp-write", 0x02004000, 0);
	attack_write("test-device-poweroff-write", 0x00100000, 0x5555);
	attack_write("imsic-m-file-write", 0x24000000, 1);
	if (aia)
		attack_write("plic-space-m-aplic-write", 0x0c000000, 0x100);
	else
		attack_write("aplic-s-domain-write", 0x0d000000, 0x104);
}

#define PLIC	      0x0c000000ul
#define PLIC_ENABLE   (PLIC + 0x2000)
#define PLIC_CONTEXT  (PLIC + 0x200000)
#define APLIC	      0x0d000000ul
#define VICTIM_SOURCE 11u /* the RTC's, owned by the victim */

static void attack_plic(void)
{
	/* The zone's virtual PLIC has contexts 0-3 (its two vCPUs); 4 and
	 * up would be other harts' contexts of the physical PLIC. */
	fault_reset();
	(void)*(volatile uint32_t *)(PLIC_CONTEXT + 0x1000 * 4 + 4);
	report_fault("plic-claim-foreign-context");
	attack_write("plic-threshold-foreign-context",
		     PLIC_CONTEXT + 0x1000 * 5, 0);
	attack_write("plic-complete-foreign-context",
		     PLIC_CONTEXT + 0x1000 * 6 + 4, VICTIM_SOURCE);
	attack_ignored("plic-enable-foreign-context", PLIC_ENABLE + 0x80 * 4,
		       1u << VICTIM_SOURCE);
	attack_ignored("plic-enable-victim-source", PLIC_ENABLE + 0x80,
		       1u << VICTIM_SOURCE);
	attack_ignored("plic-priority-victim-source", PLIC + 4 * VICTIM_SOURCE,
		       7);
	attack_ignored("plic-enable-beyond-sources", PLIC_ENABLE + 0x80 + 0x7c,
		       ~0u);
}

static void attack_aplic(void)
{
	unsigned long src = VICTIM_SOURCE;

	attack_ignored("aplic-sourcecfg-victim-source",
		       APLIC + 0x4 + 4 * (src - 1), 6);
	attack_ignored("aplic-target-victim-source",
		       APLIC + 0x3004 + 4 * (src - 1), 0x00040000 | 11);
	fault_reset();
	*(volatile uint32_t *)(APLIC + 0x1edc) = (uint32_t)src; /* setienum */
	*(volatile uint32_t *)(APLIC + 0x1cdc) = (uint32_t)src; /* setipnum */
	if (fault_cause)
		report("aplic-enable-pend-victim-source",
		       "fault scause=%lu stval=0x%lx", fault_cause, fault_tval);
	else if (!(*(volatile uint32_t *)(APLIC + 0x1e00) & (1u << src)) &&
		 !(*(volatile uint32_t *)(APLIC + 0x1c00) & (1u << src)))
		report("aplic-enable-pend-victim-source",
		       "ignored, reads back 0");
	else
		breach("aplic-enable-pend-victim-source", "stuck");
	attack_write("imsic-beyond-own-vcpus-file-write", 0x28002000, 1);
	attack_write("imsic-foreign-hart-file-write", 0x28004000, 1);
	attack_write("imsic-beyond-files-write", 0x28100000, 1);
}

void attack_irqchip(bool aia)
{
	if (aia)
		attack_aplic();
	else
		attack_plic();
}

#define SBI_EXT_RFENCE 0x52464e43

void attack_sbi(void)
{
	/* The zone has harts 0 and 1 (vCPUs on CPUs 2 and 3). */
	report_sbi("sbi-ipi-foreign-hart", sbi(SBI_EXT_IPI, 0, 0x4, 0, 0));
	report_sbi("sbi-ipi-base-beyond-zone", sbi(SBI_EXT_IPI, 0, 1, 2, 0));
	report_sbi("sbi-ipi-mask-wraps-base",
		   sbi(SBI_EXT_IPI, 0, 1ul << 63, 1, 0));
	report_sbi("sbi-rfence-foreign-hart",
		   sbi(SBI_EXT_RFENCE, 0, 0x4, 0, 0));
	report_sbi("sbi-rfence-sfence-foreign-hart",
		   sbi(SBI_EXT_RFENCE, 1, 1, 3, 0));
	report_sbi("sbi-hsm-start-foreign-hart",
		   sbi(SBI_EXT_HSM, 0, 2, OWN_RAM + 0x200000, 0));
	report_sbi("sbi-hsm-start-own-hart-at-victim-ram",
		   sbi(SBI_EXT_HSM, 0, 1, 0x90200000, 0));
	report_sbi("sbi-hsm-start-own-hart-at-hv-ram",
		   sbi(SBI_EXT_HSM, 0, 1, 0x84000000, 0));
	report_sbi("sbi-hsm-start-self-victim-entry",
		   sbi(SBI_EXT_HSM, 0, 0, 0x90200000, 0));
	report_sbi("sbi-hsm-stop-status-foreign-hart",
		   sbi(SBI_EXT_HSM, 2, 3, 0, 0));
	report_sbi("sbi-hsm-suspend-reserved-type",
		   sbi(SBI_EXT_HSM, 3, 1, 0, 0));
	/* Non-retentive suspend resuming in foreign RAM: refused before
	 * the hart sleeps. */
	report_sbi("sbi-hsm-suspend-resume-at-victim-ram",
		   sbi(SBI_EXT_HSM, 3, 0x80000000, 0x90200000, 0));
	report_sbi("sbi-hsm-suspend-resume-at-hv-ram",
		   sbi(SBI_EXT_HSM, 3, 0x80000000, 0x84000000, 0));
	/* The debug console as a window on foreign memory. */
	report_sbi("sbi-dbcn-write-from-victim-ram",
		   sbi(SBI_EXT_DBCN, 0, 16, 0x90400000, 0));
	report_sbi("sbi-dbcn-write-from-hv-ram",
		   sbi(SBI_EXT_DBCN, 0, 16, 0x84000000, 0));
	report_sbi("sbi-dbcn-read-into-victim-ram",
		   sbi(SBI_EXT_DBCN, 1, 16, 0x90400000, 0));
	report_sbi("sbi-dbcn-base-hi-aliases-own-ram",
		   sbi(SBI_EXT_DBCN, 0, 16, OWN_RAM, 1));
}

static void attack_call(const char *name, unsigned long code, unsigned long a0,
			unsigned long a1)
{
	report_sbi(name, sbi(SBI_EXT_CVISOR, code, a0, a1, 0));
}

void attack_hypercalls(void)
{
	attack_call("hc-zone-start-bundle", 0x12, 0x84000000, 0x1000);
	attack_call("hc-zone-start-id", 0x12, 0, 0);
	attack_call("hc-zone-shutdown-victim", 0x13, 0, 0);
	attack_call("hc-zone-restart-victim", 0x14, 0, 0);
	attack_call("hc-zone-info-into-victim", 0x11, 0, 0x90400000);
	attack_call("hc-hv-info", 0x15, 0, 0);
	attack_call("hc-ivc-notify-no-link", 0x20, 3, 0);
	attack_call("hc-unknown-code", 0x7777, 0, 0);
}

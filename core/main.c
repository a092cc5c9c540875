/*
 * cvisor's boot flow: the seed's table (hvisor's rust_main, with
 * axvisor's banner and hardware check), top to bottom. Every CPU runs
 * cvisor_main(); the first to arrive becomes the primary.
 *
 *   install_trap_vector -> elect primary + heap -> percpu_create
 *   -> primary wakes secondaries; all wait until all entered
 *   -> primary init_early (frames, irqchip, events, zones); others wait
 *   -> every CPU per_cpu_init -> barrier -> primary init_late
 *   -> every CPU runs its vCPU
 */
#include "cvisor/arch.h"
#include "cvisor/console.h"
#include "cvisor/event.h"
#include "cvisor/log.h"
#include "cvisor/memory.h"
#include "cvisor/percpu.h"
#include "cvisor/zone.h"
#include "drivers/uart/uart.h"

#define NO_CPU 0xffffffffu

static u32 primary_cpu = NO_CPU;
static u32 nr_cpus_expected;
static u32 entered_cpus;
static u32 inited_cpus;
static bool init_early_ok;
static bool init_late_ok;

static void signal_count(u32 *counter)
{
	__atomic_fetch_add(counter, 1, __ATOMIC_RELEASE);
	arch_send_event();
}

static void wait_for_count(const u32 *counter, const u32 *target)
{
	while (__atomic_load_n(counter, __ATOMIC_ACQUIRE) <
	       __atomic_load_n(target, __ATOMIC_ACQUIRE))
		arch_wait_event();
}

static void signal_flag(bool *flag)
{
	__atomic_store_n(flag, true, __ATOMIC_RELEASE);
	arch_send_event();
}

static void wait_for_flag(const bool *flag)
{
	while (!__atomic_load_n(flag, __ATOMIC_ACQUIRE))
		arch_wait_event();
}

/* The first CPU to get here wins; atomic, so any number may race. */
static bool elect_primary(u32 cpuid)
{
	u32 none = NO_CPU;

	return __atomic_compare_exchange_n(&primary_cpu, &none, cpuid, false,
					   __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE);
}

static _Noreturn void stop_machine(const char *why)
{
	pr_err("%s: powering off", why);
	arch_system_off();
}

/* Identify this CPU to the log before its percpu is fully built. */
static void bind_cpu(u32 cpuid)
{
	percpus[cpuid].id = cpuid;
	arch_set_this_cpu(&percpus[cpuid]);
}

static void print_banner(void)
{
	pr_info("cvisor %s - a Type-1 hypervisor in C", CVISOR_VERSION);
	pr_info("  arch %s, board %s, %u CPU(s), console %s @ 0x%llx",
		CVISOR_ARCH, CVISOR_BOARD, platform.nr_cpus,
		platform.uart_compatible,
		(unsigned long long)pa_addr(platform.uart_base));
}

/* Primary: the machine description, the console, the hardware check
 * (axvisor's has_hardware_support) and the heap. */
static void primary_boot(paddr_t boot_arg)
{
	char why[64];
	int err = platform_probe(platform_board_dtb(boot_arg));

	if (err ||
	    uart_console_init(platform.uart_compatible, platform.uart_base))
		arch_system_off(); /* nothing to print on: no console */
	print_banner();
	pr_info("primary: elected (first CPU to arrive)");
	if (!arch_hw_virt_supported(why, sizeof(why))) {
		pr_err("has_hardware_support: no (%s)", why);
		stop_machine("no hardware virtualization");
	}
	pr_info("has_hardware_support: yes (%s)", why);
	if (memory_init_heap())
		stop_machine("heap: cannot initialise");
	nr_cpus_expected = platform.nr_cpus;
}

static void wakeup_secondary_cpus(u32 self)
{
	for (u32 i = 0; i < platform.nr_cpus; i++) {
		int ret;

		if (i == self)
			continue;
		ret = arch_cpu_start(i, platform.cpu_hwid[i]);
		pr_info("wakeup_secondary_cpus: cpu%u (hwid 0x%llx): %s", i,
			(unsigned long long)platform.cpu_hwid[i],
			ret ? "FAILED" : "started");
		if (ret)
			__atomic_fetch_sub(&nr_cpus_expected, 1,
					   __ATOMIC_RELEASE);
	}
}

static void primary_init_early(void)
{
	const void *bundle = pa_to_hv(platform.staging.base);

	pr_info("init_early: start");
	if (memory_init_frames())
		stop_machine("init_early: frame allocator");
	if (arch_irqchip_init_early())
		stop_machine("init_early: no interrupt controller in the DTB");
	pr_info("init_early: irqchip %s, %u interrupts", arch_irqchip_name(),
		arch_irqchip_nr_irqs());
	event_init();
	pr_info("init_early: event system ready (IPI-driven queues)");
	if (zones_create_from_bundle(bundle))
		stop_machine("init_early: no zone to run");
	pr_info("init_early: done, INIT_EARLY_OK");
}

static void per_cpu_init(struct percpu *cpu)
{
	arch_virt_enable_percpu(cpu);
	arch_irqchip_init_percpu();
}

static void primary_init_late(void)
{
	arch_irqchip_init_late();
	pr_info("init_late: zone interrupts routed to their CPUs");
	console_input_init();
}

_Noreturn void cvisor_main(u32 cpuid, paddr_t boot_arg)
{
	bool primary;

	bind_cpu(cpuid);
	arch_install_trap_vector();
	pr_info("install_trap_vector: done"); /* kept until the console */
	primary = elect_primary(cpuid);
	if (primary)
		primary_boot(boot_arg);

	percpu_create(cpuid);
	pr_info("percpu_create: hwid 0x%llx",
		(unsigned long long)this_cpu()->hwid);

	if (primary)
		wakeup_secondary_cpus(cpuid);
	signal_count(&entered_cpus);
	wait_for_count(&entered_cpus, &nr_cpus_expected);
	if (primary)
		pr_info("all %u CPU(s) entered", entered_cpus);

	if (primary) {
		primary_init_early();
		signal_flag(&init_early_ok);
	} else {
		wait_for_flag(&init_early_ok);
	}

	per_cpu_init(this_cpu());
	/* Said before the barrier: once zones run, a line from cvisor could
	 * land in the middle of a guest's own output on a UART it owns. */
	if (!this_cpu()->vcpu)
		pr_info("run_vm: no zone owns this CPU; idle");
	signal_count(&inited_cpus);
	wait_for_count(&inited_cpus, &nr_cpus_expected);

	if (primary) {
		primary_init_late();
		signal_flag(&init_late_ok);
	} else {
		wait_for_flag(&init_late_ok);
	}

	vcpu_run_loop();
}

/*
 * Defaults for arch hooks that came with zone management, for
 * architectures that do not provide them yet: each says at run time what
 * is missing instead of failing the link. An arch overrides them by
 * defining the function (these are weak).
 */
#include "cvisor/arch.h"
#include "cvisor/log.h"
#include "cvisor/vconsole.h"
#include "cvisor/zone.h"

__attribute__((weak)) void arch_zone_add_virq(struct zone *zone, u32 virq)
{
	pr_warn("zone %u: virtual interrupt %u: not supported on this "
		"architecture yet (doorbell/console interrupt lost)",
		zone->id, virq);
}

__attribute__((weak)) void arch_irqchip_release(u32 irq)
{
	pr_warn("interrupt %u: cannot be released on this architecture "
		"yet; it stays enabled",
		irq);
}

__attribute__((weak)) void arch_irqchip_claim(u32 irq, u32 cpuid)
{
	pr_warn("interrupt %u: cannot be claimed for cvisor on cpu%u on "
		"this architecture yet",
		irq, cpuid);
}

/* An emulated console without flow control: input that finds its buffer
 * full is dropped (the zone does not ask for backpressure). */
__attribute__((weak)) bool vconsole_full(struct zone *zone)
{
	(void)zone;
	return false;
}

__attribute__((weak)) bool vconsole_wants_backpressure(struct zone *zone)
{
	(void)zone;
	return false;
}

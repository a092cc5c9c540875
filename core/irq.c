/* Physical interrupts cvisor keeps for itself (the console's receive). */
#include "cvisor/arch.h"
#include "cvisor/console.h"
#include "cvisor/errno.h"
#include "cvisor/percpu.h"

#define HV_IRQ_MAX 4

static struct {
	u32 irq;
	hv_irq_handler_t fn;
	void *ctx;
} hv_irqs[HV_IRQ_MAX];
static u32 nr_hv_irqs;

int hv_irq_register(u32 irq, hv_irq_handler_t fn, void *ctx)
{
	if (nr_hv_irqs == HV_IRQ_MAX)
		return -CV_ENOMEM;
	hv_irqs[nr_hv_irqs].irq = irq;
	hv_irqs[nr_hv_irqs].ctx = ctx;
	__atomic_store_n(&hv_irqs[nr_hv_irqs].fn, fn, __ATOMIC_RELEASE);
	__atomic_fetch_add(&nr_hv_irqs, 1, __ATOMIC_RELEASE);
	arch_irqchip_claim(irq, this_cpu()->id);
	return 0;
}

bool hv_irq_handle(u32 irq)
{
	u32 n = __atomic_load_n(&nr_hv_irqs, __ATOMIC_ACQUIRE);

	for (u32 i = 0; i < n; i++) {
		if (hv_irqs[i].irq == irq) {
			hv_irqs[i].fn(hv_irqs[i].ctx);
			return true;
		}
	}
	return false;
}

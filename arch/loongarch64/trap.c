/* Exceptions: guest exits go to exit.c; cvisor's own interrupts (IPIs)
 * are acknowledged; anything else in cvisor is a bug: dump and stop. */
#include "arch/loongarch64/trap.h"

#include "arch/loongarch64/csr.h"
#include "arch/loongarch64/virq.h"
#include "cvisor/log.h"
#include "cvisor/percpu.h"
#include "drivers/irqchip/loongarch_ipi.h"

_Static_assert(sizeof(struct trap_frame) == TRAP_FRAME_SIZE, "frame size");
_Static_assert(__builtin_offsetof(struct trap_frame, era) == TF_ERA, "era");
_Static_assert(__builtin_offsetof(struct trap_frame, prmd) == TF_PRMD, "prmd");
_Static_assert(__builtin_offsetof(struct trap_frame, estat) == TF_ESTAT,
	       "estat");
_Static_assert(__builtin_offsetof(struct trap_frame, badv) == TF_BADV, "badv");
_Static_assert(__builtin_offsetof(struct trap_frame, badi) == TF_BADI, "badi");
_Static_assert(__builtin_offsetof(struct trap_frame, from_guest) ==
		   TF_FROM_GUEST,
	       "from_guest");
_Static_assert(__builtin_offsetof(struct trap_frame, tlbr) == TF_TLBR, "tlbr");

static _Noreturn void unexpected(const struct trap_frame *f)
{
	pr_err("unexpected exception in cvisor: %s ecode 0x%llx subcode "
	       "0x%llx",
	       f->tlbr ? "TLB refill" : "general",
	       (unsigned long long)ESTAT_ECODE(f->estat),
	       (unsigned long long)ESTAT_ESUBCODE(f->estat));
	pr_err("  era 0x%llx badv 0x%llx badi 0x%08llx prmd 0x%llx estat "
	       "0x%llx",
	       (unsigned long long)f->era, (unsigned long long)f->badv,
	       (unsigned long long)f->badi, (unsigned long long)f->prmd,
	       (unsigned long long)f->estat);
	for (unsigned i = 0; i < 32; i += 4)
		pr_err("  r%-2u %016llx %016llx %016llx %016llx", i,
		       (unsigned long long)f->r[i],
		       (unsigned long long)f->r[i + 1],
		       (unsigned long long)f->r[i + 2],
		       (unsigned long long)f->r[i + 3]);
	pr_err("this CPU stops");
	arch_cpu_park();
}

void trap_handler(struct trap_frame *f)
{
	if (f->from_guest) {
		guest_exit(f);
		return;
	}
	if (!f->tlbr && ESTAT_ECODE(f->estat) == ECODE_INT) {
		if (ESTAT_IS(f->estat) & INT_HWI(0))
			la_virq_hw_interrupt();
		if (ESTAT_IS(f->estat) & INT_IPI)
			ipi_ack(); /* the caller looks at its event queue */
		return;
	}
	unexpected(f);
}

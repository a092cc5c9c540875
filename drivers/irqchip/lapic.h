/* The local APIC in xAPIC mode (SDM vol. 3, chapter 10), memory-mapped. */
#ifndef CVISOR_DRIVERS_LAPIC_H
#define CVISOR_DRIVERS_LAPIC_H

#include "cvisor/types.h"

/* Use the LAPIC the DTB describes (checked against IA32_APIC_BASE). */
int lapic_init_early(paddr_t dtb_base);
/* Software-enable this CPU's LAPIC, spurious vector, LVTs masked. */
void lapic_init_percpu(void);
u32 lapic_id(void);
void lapic_eoi(void);
/* A fixed interrupt with vector to the CPU with this APIC id. */
void lapic_send_ipi(u32 apic_id, u8 vector);
/* INIT, then two STARTUP IPIs at 4 KiB page `page` (real-mode entry
 * page << 12), with the delays of the SDM's MP initialisation (8.4.4.1). */
/* Arm this CPU's timer in TSC-deadline mode (LVT timer [18:17] = 10b)
 * to raise VEC_IPI when the TSC reaches tsc; 0 disarms it. */
void lapic_timer_deadline(u64 tsc);
/* Does this CPU have the TSC-deadline timer (CPUID.1:ECX[24])? */
bool lapic_has_tsc_deadline(void);
void lapic_send_init_sipi(u32 apic_id, u8 page, volatile const u32 *started);

#endif

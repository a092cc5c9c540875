/* x86_64 types embedded in core structs (struct percpu, vcpu, zone). */
#ifndef CVISOR_ARCH_DEFS_H
#define CVISOR_ARCH_DEFS_H

#include "arch/x86_64/arch_asm.h"
#include "arch/x86_64/vioapic.h"
#include "arch/x86_64/vlapic.h"
#include "cvisor/types.h"
#include "lib/spinlock.h"

#define VMX_EXIT_REASONS 70 /* basic exit reasons counted per vCPU */

/* Guest general-purpose registers, indexed by their ModRM number:
 * 0 rax, 1 rcx, 2 rdx, 3 rbx, 4 rsp (unused: in the VMCS), 5 rbp, 6 rsi,
 * 7 rdi, 8..15 r8..r15. The VM-exit stub pushes them in this layout. */
struct guest_regs {
	u64 r[16];
};

enum { REG_RAX, REG_RCX, REG_RDX, REG_RBX, REG_RSP, REG_RBP, REG_RSI, REG_RDI };

struct arch_percpu {
	u64 mpidr;     /* core's name for the hardware id: the APIC id */
	bool vmx_on;   /* this CPU is in VMX operation (after VMXON) */
	bool launched; /* the current VMCS was launched (VMRESUME next) */
	u64 vmcs_pa;   /* the VMCS this CPU runs its vCPU with */
};

struct arch_vcpu {
	struct guest_regs regs; /* guest registers while in the hypervisor */
	u64 entry, arg;		/* for the next reset */
	bool reset;		/* write the VMCS guest state before entry */
	u32 io_warned;		/* unknown ports reported (rate limit) */
	u32 shutdown_match;	/* bytes of "Shutdown" seen at port 0x8900 */
	bool linux;		/* enter as the Linux boot protocol says */
	bool start_real_mode;	/* the next start is a STARTUP IPI's */
	bool init_seen;		/* INIT received, STARTUP awaited */
	u8 sipi_vector;
	bool window_exiting; /* interrupt-window exiting is on */
	u64 host_deadline;   /* the host TSC-deadline timer's value */
	spinlock_t lapic_lock;
	struct vlapic lapic;
	u64 exits[VMX_EXIT_REASONS]; /* statistics by basic reason */
};

struct arch_zone {
	u16 vpid;
	u64 eptp; /* EPT pointer: root | walk length | WB */
	bool vapic; /* has the virtual LAPICs and IOAPIC (a Linux zone) */
	spinlock_t ioapic_lock;
	struct vioapic ioapic;
	u8 cmos_index;	 /* port 0x70 */
	u32 pci_address; /* port 0xcf8 */
	u16 pm1_enable;	 /* ACPI PM1a enable register (port 0x602) */
};

#endif

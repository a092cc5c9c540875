/* VM-exit reasons (SDM vol. 3, appendix C), decoding pure and tested. */
#ifndef CVISOR_ARCH_X86_64_EXIT_REASON_H
#define CVISOR_ARCH_X86_64_EXIT_REASON_H

#include "cvisor/types.h"

enum vmx_exit_reason {
	EXIT_EXCEPTION_NMI = 0,
	EXIT_EXTERNAL_INTERRUPT = 1,
	EXIT_TRIPLE_FAULT = 2,
	EXIT_INIT = 3,
	EXIT_SIPI = 4,
	EXIT_INTERRUPT_WINDOW = 7,
	EXIT_CPUID = 10,
	EXIT_HLT = 12,
	EXIT_INVD = 13,
	EXIT_VMCALL = 18,
	EXIT_VMCLEAR = 19,
	EXIT_VMLAUNCH = 20,
	EXIT_VMPTRLD = 21,
	EXIT_VMPTRST = 22,
	EXIT_VMREAD = 23,
	EXIT_VMRESUME = 24,
	EXIT_VMWRITE = 25,
	EXIT_VMXOFF = 26,
	EXIT_VMXON = 27,
	EXIT_CR_ACCESS = 28,
	EXIT_IO = 30,
	EXIT_RDMSR = 31,
	EXIT_WRMSR = 32,
	EXIT_INVALID_GUEST_STATE = 33,
	EXIT_MSR_LOADING = 34,
	EXIT_MACHINE_CHECK = 41,
	EXIT_EPT_VIOLATION = 48,
	EXIT_EPT_MISCONFIG = 49,
	EXIT_INVEPT = 50,
	EXIT_INVVPID = 53,
	EXIT_XSETBV = 55,
	EXIT_REASON_MAX = 70,
};

struct vmx_exit_info {
	u32 basic;	    /* bits 15:0 of the exit reason */
	bool entry_failure; /* bit 31: the VM entry itself failed */
};

struct vmx_exit_info vmx_decode_exit_reason(u32 reason);
/* The SDM's name of a basic exit reason ("unknown" when not one). */
const char *vmx_exit_reason_name(u32 basic);
/* Is it one of the VMX instructions a guest cannot use (#UD to it)? */
bool vmx_exit_is_vmx_insn(u32 basic);

/* A control-register access (SDM 28.2.1, table 28-3): CR number [3:0],
 * access type [5:4] (0 MOV to CR, 1 MOV from CR, 2 CLTS, 3 LMSW),
 * general-purpose register [11:8]. */
enum { CR_MOV_TO = 0, CR_MOV_FROM = 1, CR_CLTS = 2, CR_LMSW = 3 };
struct cr_exit {
	u8 cr, type, gpr;
};
struct cr_exit vmx_decode_cr_qual(u64 qual);

/* The VM-entry interruption information that delivers again an event
 * an exit cut short (IDT-vectoring information, SDM 28.2.4: valid [31],
 * error code valid [11], type [10:8], vector [7:0]; bit 12 and the
 * reserved bits are dropped); 0 when there is none. */
u32 vmx_reinjection(u32 idt_vectoring_info);

#endif

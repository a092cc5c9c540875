/* CSR access and the HS-mode/H-extension fields cvisor uses (RISC-V
 * privileged spec 1.12, chapters 4 and 8). */
#ifndef CVISOR_ARCH_RISCV64_CSR_H
#define CVISOR_ARCH_RISCV64_CSR_H

#include "cvisor/bits.h"

#define CSR_SSTATUS    0x100
#define CSR_SIE	       0x104
#define CSR_STVEC      0x105
#define CSR_SSCRATCH   0x140
#define CSR_SEPC       0x141
#define CSR_SCAUSE     0x142
#define CSR_STVAL      0x143
#define CSR_SIP	       0x144
#define CSR_SISELECT   0x150
#define CSR_SIREG      0x151
#define CSR_STOPEI     0x15c
#define CSR_STIMECMP   0x14d
#define CSR_SATP       0x180
#define CSR_VSSTATUS   0x200
#define CSR_VSIE       0x204
#define CSR_VSTVEC     0x205
#define CSR_VSSCRATCH  0x240
#define CSR_VSEPC      0x241
#define CSR_VSCAUSE    0x242
#define CSR_VSTVAL     0x243
#define CSR_VSIP       0x244
#define CSR_VSISELECT  0x250
#define CSR_VSIREG     0x251
#define CSR_VSTIMECMP  0x24d
#define CSR_VSATP      0x280
#define CSR_HSTATUS    0x600
#define CSR_HEDELEG    0x602
#define CSR_HIDELEG    0x603
#define CSR_HIE	       0x604
#define CSR_HTIMEDELTA 0x605
#define CSR_HCOUNTEREN 0x606
#define CSR_HGEIE      0x607
#define CSR_HENVCFG    0x60a
#define CSR_HTVAL      0x643
#define CSR_HIP	       0x644
#define CSR_HVIP       0x645
#define CSR_HTINST     0x64a
#define CSR_HGATP      0x680
#define CSR_TIME       0xc01

#define STR_(x) #x
#define STR(x)	STR_(x)

#define csr_read(csr)                                                          \
	({                                                                     \
		u64 v__;                                                       \
		__asm__ volatile("csrr %0, " STR(csr) : "=r"(v__)::"memory");  \
		v__;                                                           \
	})
#define csr_write(csr, v)                                                      \
	__asm__ volatile("csrw " STR(csr) ", %0" ::"r"((u64)(v)) : "memory")
#define csr_set(csr, v)                                                        \
	__asm__ volatile("csrs " STR(csr) ", %0" ::"r"((u64)(v)) : "memory")
#define csr_clear(csr, v)                                                      \
	__asm__ volatile("csrc " STR(csr) ", %0" ::"r"((u64)(v)) : "memory")

/* sstatus */
#define SSTATUS_SIE  BIT(1)
#define SSTATUS_SPIE BIT(5)
#define SSTATUS_SPP  BIT(8)
#define SSTATUS_FS   BITS(14, 13)

/* hstatus (8.2.1): SPV [7] (trap came from V=1), SPVP [8] (its
 * privilege, for hlv/hsv), VTW [21], VSXL [33:32]. */
#define HSTATUS_SPV  BIT(7)
#define HSTATUS_SPVP BIT(8)
#define HSTATUS_VTW  BIT(21)
/* hstatus.VGEIN [17:12] (AIA): the guest interrupt file of VS-mode. */
#define HSTATUS_VGEIN BITS(17, 12)

/* Interrupt numbers (scause with bit 63) and their sip/hip/hvip bits. */
#define IRQ_S_SOFT   1
#define IRQ_VS_SOFT  2
#define IRQ_S_TIMER  5
#define IRQ_VS_TIMER 6
#define IRQ_S_EXT    9
#define IRQ_VS_EXT   10
#define SCAUSE_IRQ   BIT(63)

/* Exception codes (scause). */
#define EXC_INST_MISALIGNED   0
#define EXC_INST_ACCESS	      1
#define EXC_ILLEGAL_INST      2
#define EXC_BREAKPOINT	      3
#define EXC_LOAD_ACCESS	      5
#define EXC_STORE_ACCESS      7
#define EXC_ECALL_U	      8
#define EXC_ECALL_VS	      10
#define EXC_INST_PAGE_FAULT   12
#define EXC_LOAD_PAGE_FAULT   13
#define EXC_STORE_PAGE_FAULT  15
#define EXC_INST_GUEST_FAULT  20
#define EXC_LOAD_GUEST_FAULT  21
#define EXC_VIRTUAL_INST      22
#define EXC_STORE_GUEST_FAULT 23

/* henvcfg.STCE [63]: VS-mode stimecmp (Sstc). */
#define HENVCFG_STCE BIT(63)

/* hgatp (8.2.10): MODE [63:60] (8 = Sv39x4), VMID [57:44], PPN [43:0]. */
#define HGATP_MODE_SV39X4 8ull
#define hgatp_value(vmid, root)                                                \
	(FIELD_PREP(63, 60, HGATP_MODE_SV39X4) | FIELD_PREP(57, 44, vmid) |    \
	 FIELD_PREP(43, 0, (root) >> 12))

#endif

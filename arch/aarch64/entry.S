/*
 * Hypervisor entry at EL2.
 *   _start:          the boot CPU, straight from the bootloader. x0 is the
 *                    DTB for a Linux-style boot, 0 for QEMU's ELF boot.
 *   secondary_entry: CPUs started by PSCI CPU_ON; x0 = logical CPU id
 *                    (the context_id the primary passed).
 * Both set up this CPU's stack, turn on the EL2 MMU and caches, and call
 * cvisor_main(cpuid, dtb).
 */
#include "arch_asm.h"

	.section .text.entry, "ax"
	.global _start
_start:
	mov	x20, x0
	mrs	x1, mpidr_el1
	and	x19, x1, #0xff		/* Aff0 */
	ubfx	x2, x1, #8, #8		/* Aff1: 8 CPUs a cluster (QEMU virt) */
	add	x19, x19, x2, lsl #3
	/*
	 * Clear .bss (22 KiB: the CPU stacks are left out) 64 bytes an iteration,
	 * then 16 at a time: an 8-byte loop here was most of what ran
	 * before the C code. Both ends are 16-byte aligned (linker.ld). The
	 * MMU is still off: plain stores, DC ZVA would fault on Device
	 * memory.
	 */
	adrp	x0, __bss_start
	add	x0, x0, :lo12:__bss_start
	adrp	x1, __bss_end
	add	x1, x1, :lo12:__bss_end
	sub	x2, x1, #64
1:	cmp	x0, x2
	b.hi	2f
	stp	xzr, xzr, [x0]
	stp	xzr, xzr, [x0, #16]
	stp	xzr, xzr, [x0, #32]
	stp	xzr, xzr, [x0, #48]
	add	x0, x0, #64
	b	1b
2:	cmp	x0, x1
	b.hs	3f
	stp	xzr, xzr, [x0], #16
	b	2b
3:	mov	x0, x19
	mov	x1, x20
	b	common_entry

	.global secondary_entry
secondary_entry:
	mov	x1, #0

common_entry:
	msr	daifset, #0xf
	msr	spsel, #1
	cmp	x0, #MAX_CPUS
	b.hs	park_forever
	adrp	x2, hv_stacks
	add	x2, x2, :lo12:hv_stacks
	add	x3, x0, #1
	mov	x4, #HV_STACK_SIZE
	madd	x2, x3, x4, x2		/* top = hv_stacks + (id + 1) * size */
	mov	sp, x2
	mov	x19, x0
	mov	x20, x1
	bl	arch_early_init		/* EL2 MMU and caches on */
	mov	x0, x19
	mov	x1, x20
	bl	cvisor_main
park_forever:
	wfe
	b	park_forever

/*
 * vcpu_enter(regs, stack_top): load the guest's registers from *regs and
 * ERET to it, leaving SP_EL2 at the top of this CPU's stack so that the
 * next exception saves its frame there.
 */
	.global vcpu_enter
vcpu_enter:
	mov	sp, x1
	ldr	x2, [x0, #TRAP_FRAME_ELR]
	ldr	x3, [x0, #TRAP_FRAME_SPSR]
	msr	elr_el2, x2
	msr	spsr_el2, x3
	ldp	x2, x3, [x0, #16]
	ldp	x4, x5, [x0, #32]
	ldp	x6, x7, [x0, #48]
	ldp	x8, x9, [x0, #64]
	ldp	x10, x11, [x0, #80]
	ldp	x12, x13, [x0, #96]
	ldp	x14, x15, [x0, #112]
	ldp	x16, x17, [x0, #128]
	ldp	x18, x19, [x0, #144]
	ldp	x20, x21, [x0, #160]
	ldp	x22, x23, [x0, #176]
	ldp	x24, x25, [x0, #192]
	ldp	x26, x27, [x0, #208]
	ldp	x28, x29, [x0, #224]
	ldr	x30, [x0, #240]
	ldp	x0, x1, [x0]
	eret

/* arch_call_on_fresh_stack(fn): continue in fn on an empty stack (this
 * CPU's stack top); used when a vCPU stops from deep in a trap. */
	.global arch_call_on_fresh_stack
arch_call_on_fresh_stack:
	mrs	x1, tpidr_el2
	ldr	w1, [x1]		/* struct percpu.id is the first field */
	adrp	x2, hv_stacks
	add	x2, x2, :lo12:hv_stacks
	add	x1, x1, #1
	mov	x3, #HV_STACK_SIZE
	madd	x2, x1, x3, x2
	mov	sp, x2
	blr	x0
	b	park_forever

/*
 * The EL2 exception vector table (VBAR_EL2, 2 KiB aligned, 16 entries of
 * 0x80 bytes). Every entry saves a struct trap_frame on SP_EL2 and calls a
 * C handler with (frame, kind); handlers that return resume via ERET.
 *
 * Interrupts (irq_entry) save only what the C code may clobber: x0-x19,
 * x30, ELR_EL2 and SPSR_EL2; AAPCS64 has the handler preserve x20-x29,
 * whose slots in the frame are then left stale. Their handlers must not
 * read or write guest registers in the frame; synchronous exceptions,
 * which decode and emulate guest instructions, get the whole frame.
 */
#include "arch_asm.h"

/* What a C call may clobber: x0-x18, x30, ELR_EL2, SPSR_EL2 (x19 rides
 * along in the x18 pair at no cost; the callee preserves it anyway). */
.macro save_volatile
	sub	sp, sp, #TRAP_FRAME_SIZE
	stp	x0, x1, [sp, #0]
	stp	x2, x3, [sp, #16]
	stp	x4, x5, [sp, #32]
	stp	x6, x7, [sp, #48]
	stp	x8, x9, [sp, #64]
	stp	x10, x11, [sp, #80]
	stp	x12, x13, [sp, #96]
	stp	x14, x15, [sp, #112]
	stp	x16, x17, [sp, #128]
	stp	x18, x19, [sp, #144]
	mrs	x0, elr_el2
	mrs	x1, spsr_el2
	stp	x30, x0, [sp, #240]
	str	x1, [sp, #TRAP_FRAME_SPSR]
.endm

/* The rest of the guest's registers, for handlers that read or emulate
 * them (synchronous exceptions). */
.macro save_callee_saved
	stp	x20, x21, [sp, #160]
	stp	x22, x23, [sp, #176]
	stp	x24, x25, [sp, #192]
	stp	x26, x27, [sp, #208]
	stp	x28, x29, [sp, #224]
.endm

.macro restore_callee_saved
	ldp	x20, x21, [sp, #160]
	ldp	x22, x23, [sp, #176]
	ldp	x24, x25, [sp, #192]
	ldp	x26, x27, [sp, #208]
	ldp	x28, x29, [sp, #224]
.endm

.macro restore_volatile_and_eret
	ldr	x1, [sp, #TRAP_FRAME_SPSR]
	ldp	x30, x0, [sp, #240]
	msr	elr_el2, x0
	msr	spsr_el2, x1
	ldp	x0, x1, [sp, #0]
	ldp	x2, x3, [sp, #16]
	ldp	x4, x5, [sp, #32]
	ldp	x6, x7, [sp, #48]
	ldp	x8, x9, [sp, #64]
	ldp	x10, x11, [sp, #80]
	ldp	x12, x13, [sp, #96]
	ldp	x14, x15, [sp, #112]
	ldp	x16, x17, [sp, #128]
	ldp	x18, x19, [sp, #144]
	add	sp, sp, #TRAP_FRAME_SIZE
	eret
.endm

.macro entry handler, kind
	.balign	0x80
	save_volatile
	save_callee_saved
	mov	x0, sp
	mov	x1, #\kind
	bl	\handler
	b	exception_return
.endm

.macro irq_entry handler, kind
	.balign	0x80
	save_volatile
	mov	x0, sp
	mov	x1, #\kind
	bl	\handler
	b	irq_return
.endm

	.section .text.vectors, "ax"
	.balign	0x800
	.global	el2_vectors
el2_vectors:
	/* Current EL with SP_EL0: never used by cvisor. */
	entry	el2_unexpected, 0
	entry	el2_unexpected, 1
	entry	el2_unexpected, 2
	entry	el2_unexpected, 3
	/* Current EL with SP_EL2: faults in cvisor; IRQs while idle. */
	entry	el2_unexpected, 4
	irq_entry el2_irq, 5
	entry	el2_unexpected, 6
	entry	el2_unexpected, 7
	/* Lower EL, AArch64: the guests. */
	entry	guest_sync, 8
	irq_entry guest_irq, 9
	entry	guest_unexpected, 10
	entry	guest_unexpected, 11
	/* Lower EL, AArch32: not supported (HCR_EL2.RW = 1). */
	entry	guest_unexpected, 12
	entry	guest_unexpected, 13
	entry	guest_unexpected, 14
	entry	guest_unexpected, 15

exception_return:
	restore_callee_saved
	restore_volatile_and_eret

irq_return:
	restore_volatile_and_eret

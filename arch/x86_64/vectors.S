/*
 * Interrupt and exception entry in the hypervisor. Each stub pushes a
 * dummy error code when the CPU pushes none, then its vector, and jumps
 * to a common path that saves the general-purpose registers as a
 * struct irq_frame and calls x86_trap(frame). Vectors without a stub
 * are left not-present in the IDT (a #NP/#GP then reports them).
 */
#include "arch_asm.h"

/* The CPU pushes an error code for exceptions 8, 10-14, 17, 21, 29, 30. */

	.text
	.code64
.macro stub vec, name
	.balign 16
stub_\name:
	.if !((\vec == 8) || ((\vec >= 10) && (\vec <= 14)) || (\vec == 17) || (\vec == 21) || (\vec == 29) || (\vec == 30))
	push	$0
	.endif
	push	$\vec
	jmp	trap_common
.endm

	.irp v, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	stub \v, \v
	.endr
	.irp v, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23
	stub VEC_IRQ_BASE+\v, irq\v
	.endr
	stub VEC_IPI, ipi
	stub VEC_SPURIOUS, spurious

trap_common:
	push	%r15
	push	%r14
	push	%r13
	push	%r12
	push	%r11
	push	%r10
	push	%r9
	push	%r8
	push	%rdi
	push	%rsi
	push	%rbp
	push	%rbx
	push	%rdx
	push	%rcx
	push	%rax
	mov	%rsp, %rdi
	mov	%rsp, %rbx
	and	$-16, %rsp
	call	x86_trap
	mov	%rbx, %rsp
	pop	%rax
	pop	%rcx
	pop	%rdx
	pop	%rbx
	pop	%rbp
	pop	%rsi
	pop	%rdi
	pop	%r8
	pop	%r9
	pop	%r10
	pop	%r11
	pop	%r12
	pop	%r13
	pop	%r14
	pop	%r15
	add	$16, %rsp		/* vector and error code */
	iretq

	.section .rodata
	.balign 8
	.global trap_stubs
/* vectors 0-31, VEC_IRQ_BASE + 0..23, VEC_IPI, VEC_SPURIOUS */
trap_stubs:
	.irp v, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	.quad	stub_\v
	.endr
	.irp v, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23
	.quad	stub_irq\v
	.endr
	.quad	stub_ipi
	.quad	stub_spurious

	.section .note.GNU-stack, "", @progbits

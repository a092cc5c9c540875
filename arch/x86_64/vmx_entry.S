/*
 * VM entry and exit. HOST_RSP is the top of this CPU's stack: on a VM exit
 * the stub pushes the guest's general-purpose registers there as a
 * struct guest_regs (16 slots in ModRM order, slot 4 = RSP unused) and
 * calls vmx_handle_exit(regs); when that returns, the guest resumes.
 */
#include "arch_asm.h"

	.text
	.code64
/* vmx_enter(regs = top of stack - GUEST_REGS_SIZE, launched) */
	.global vmx_enter
vmx_enter:
	mov	%rdi, %rsp
	cmp	$0, %esi		/* flags survive the pops below */
	pop	%rax
	pop	%rcx
	pop	%rdx
	pop	%rbx
	lea	8(%rsp), %rsp		/* slot 4 (RSP is in the VMCS); LEA keeps flags */
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
	jne	1f
	vmlaunch
	jmp	2f
1:	vmresume
2:	/* Only reached when the entry failed; RSP is the stack top again. */
	call	vmx_entry_failed
3:	cli
	hlt
	jmp	3b

	.global vmx_exit_stub
vmx_exit_stub:
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
	push	$0
	push	%rbx
	push	%rdx
	push	%rcx
	push	%rax
	mov	%rsp, %rdi
	call	vmx_handle_exit
	mov	%rsp, %rdi
	mov	$1, %esi
	jmp	vmx_enter

	.section .note.GNU-stack, "", @progbits

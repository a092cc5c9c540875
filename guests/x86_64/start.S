/*
 * Entry: 32-bit protected mode, flat segments the hypervisor set up in
 * the VMCS, paging off, EBX = the zone's device tree. The guest loads its
 * own GDT (interrupt delivery reloads CS from it) and IDT, then runs
 * guest_main(ebx).
 */
	.code32
	.section .text.start, "ax"
	.global _start
_start:
	cli
	mov	$stack_top, %esp
	lgdt	gdt_ptr
	ljmp	$0x08, $1f
1:	mov	$0x10, %eax
	mov	%eax, %ds
	mov	%eax, %es
	mov	%eax, %ss
	mov	%eax, %fs
	mov	%eax, %gs
	push	%ebx
	call	guest_main
2:	cli
	hlt
	jmp	2b

/* #GP: count it, step over the faulting instruction (gp_skip bytes). */
	.global gp_entry
gp_entry:
	add	$4, %esp		/* the error code */
	push	%eax
	mov	gp_skip, %eax
	add	%eax, 4(%esp)		/* the saved EIP */
	incl	gp_count
	pop	%eax
	iret

	.section .rodata
	.balign 8
gdt:
	.quad	0
	.quad	0x00cf9a000000ffff	/* 0x08: code, 4 GiB, 32-bit */
	.quad	0x00cf92000000ffff	/* 0x10: data, 4 GiB */
gdt_ptr:
	.word	3 * 8 - 1
	.long	gdt

	.bss
	.balign 16
	.skip	8192
stack_top:

/*
 * Entry point of a one-vCPU guest: it enters at the first byte of the
 * image (0x40080000) at EL1 with the MMU off.  x0 (cvisor passes the
 * zone's device tree there) is handed on to GUEST_MAIN, the guest's C
 * entry; STACK_SIZE is the guest's (common.mk passes both).  When the
 * C entry returns, the vCPU parks.
 */

	.section .text.entry, "ax"
	.global _start
_start:
	msr	daifset, #0xf
	mov	x20, x0
	msr	spsel, #1
	adrp	x0, stack_top
	add	x0, x0, :lo12:stack_top
	mov	sp, x0
	adr	x0, vectors
	msr	vbar_el1, x0
	isb
	bl	clear_bss
	mov	x0, x20
	bl	GUEST_MAIN
	b	park

	.section .bss.stack, "aw", %nobits
	.balign	16
	.space	STACK_SIZE
stack_top:

	.section .note.GNU-stack, "", %progbits

/*
 * Entry point, exception vectors and the HVC helper.
 *
 * The only vCPU enters at the first byte of the image (0x40080000) at EL1
 * with the MMU off and x0 undefined.
 */

#define STACK_SIZE 8192
#define FRAME_SIZE 272 /* struct exc_frame in trap.c */
#define FRAME_ELR  256

	.section .text.entry, "ax"
	.global _start
_start:
	msr	daifset, #0xf
	msr	spsel, #1
	adrp	x0, stack_top
	add	x0, x0, :lo12:stack_top
	mov	sp, x0
	adr	x0, vectors
	msr	vbar_el1, x0
	isb

	/* Clear .bss; the linker script aligns both ends to 16 bytes. */
	adrp	x1, __bss_start
	add	x1, x1, :lo12:__bss_start
	adrp	x2, __bss_end
	add	x2, x2, :lo12:__bss_end
1:	cmp	x1, x2
	b.hs	2f
	stp	xzr, xzr, [x1], #16
	b	1b
2:	dsb	sy
	bl	primary_main
	b	park

	.text
	.global park
park:
	msr	daifset, #0xf
3:	wfi
	b	3b

/* long smccc_hvc(fid, a1, a2, a3): SMCCC call, result in x0. */
	.global smccc_hvc
smccc_hvc:
	hvc	#0
	ret

/*
 * VBAR_EL1 needs 2 KiB alignment; each of the 16 entries is 0x80 bytes.
 * Every entry stores x0/x1, loads its index into x0 and jumps to the
 * common save path.
 */
.macro ventry idx
	.balign	0x80
	sub	sp, sp, #FRAME_SIZE
	stp	x0, x1, [sp, #0]
	mov	x0, #\idx
	b	exc_common
.endm

	.section .text.vectors, "ax"
	.balign	2048
vectors:
	ventry	0	/* current EL, SP0: sync, irq, fiq, serror */
	ventry	1
	ventry	2
	ventry	3
	ventry	4	/* current EL, SPx */
	ventry	5
	ventry	6
	ventry	7
	ventry	8	/* lower EL, AArch64 */
	ventry	9
	ventry	10
	ventry	11
	ventry	12	/* lower EL, AArch32 */
	ventry	13
	ventry	14
	ventry	15

exc_common:
	stp	x2, x3, [sp, #16]
	stp	x4, x5, [sp, #32]
	stp	x6, x7, [sp, #48]
	stp	x8, x9, [sp, #64]
	stp	x10, x11, [sp, #80]
	stp	x12, x13, [sp, #96]
	stp	x14, x15, [sp, #112]
	stp	x16, x17, [sp, #128]
	stp	x18, x19, [sp, #144]
	stp	x20, x21, [sp, #160]
	stp	x22, x23, [sp, #176]
	stp	x24, x25, [sp, #192]
	stp	x26, x27, [sp, #208]
	stp	x28, x29, [sp, #224]
	str	x30, [sp, #240]
	mrs	x2, elr_el1
	mrs	x3, spsr_el1
	stp	x2, x3, [sp, #FRAME_ELR]

	mov	x1, sp
	bl	exc_dispatch

	ldp	x2, x3, [sp, #FRAME_ELR]
	msr	elr_el1, x2
	msr	spsr_el1, x3
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
	ldp	x20, x21, [sp, #160]
	ldp	x22, x23, [sp, #176]
	ldp	x24, x25, [sp, #192]
	ldp	x26, x27, [sp, #208]
	ldp	x28, x29, [sp, #224]
	ldr	x30, [sp, #240]
	add	sp, sp, #FRAME_SIZE
	eret

	.section .bss.stack, "aw", %nobits
	.balign	16
	.space	STACK_SIZE
stack_top:

	.section .note.GNU-stack, "", %progbits

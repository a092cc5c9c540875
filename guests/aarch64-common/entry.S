/*
 * What every aarch64 bare-metal guest needs around its entry point: the
 * EL1 exception vectors, the .bss clearing, park and the HVC conduit.
 * The guest's own start.S (or up.S, for one vCPU) sets up the stack, the
 * vectors (`vectors`) and calls clear_bss before its C code.
 */

#define FRAME_SIZE 272 /* struct exc_frame in exc.h */
#define FRAME_ELR  256

	.text
/*
 * Clear .bss; the linker script aligns both ends to 16 bytes.  Leaf,
 * touches x1 and x2 only.
 */
	.global clear_bss
clear_bss:
	adrp	x1, __bss_start
	add	x1, x1, :lo12:__bss_start
	adrp	x2, __bss_end
	add	x2, x2, :lo12:__bss_end
1:	cmp	x1, x2
	b.hs	2f
	stp	xzr, xzr, [x1], #16
	b	1b
2:	dsb	sy
	ret

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
 * Every entry saves x0/x1, loads its index into x0 and jumps to the
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
	.global vectors
vectors:
	/* current EL SP0, current EL SPx, lower EL AArch64, lower EL AArch32;
	 * each: sync, irq, fiq, serror */
	.irp	idx, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15
	ventry	\idx
	.endr

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

	.section .note.GNU-stack, "", %progbits

/*
 * cvisor aarch64 benchmark guest: entry, exception vectors and the timed
 * loops.
 *
 * The very first instruction reads CNTVCT_EL0: with QEMU's -icount
 * shift=0 that is the number of instructions executed since reset, i.e.
 * what ran before this guest (cvisor's boot, or QEMU's few-instruction
 * boot stub when the guest runs directly).
 *
 * Every timed loop has the same shape, four instructions an iteration:
 *
 *	1:	mov	x0, x10		(the function id / address)
 *		<op>
 *		subs	x9, x9, #1
 *		b.ne	1b
 *
 * so (loop ticks - nop-loop ticks) is exactly the cost of <op> beyond one
 * instruction. The loops use x9-x12 only, which an SMCCC 1.1 call
 * preserves.
 */

#define STACK_SIZE 8192
#define FRAME_SIZE 272 /* struct exc_frame in main.c */
#define FRAME_ELR  256

	.section .text.entry, "ax"
	.global _start
_start:
	mrs	x28, cntvct_el0		/* first: cvisor's boot ends here */
	msr	daifset, #0xf
	msr	spsel, #1
	adrp	x0, stack
	add	x0, x0, :lo12:stack
	add	sp, x0, #STACK_SIZE
	adr	x0, vectors
	msr	vbar_el1, x0
	isb
	adrp	x1, __bss_start
	add	x1, x1, :lo12:__bss_start
	adrp	x2, __bss_end
	add	x2, x2, :lo12:__bss_end
1:	cmp	x1, x2
	b.hs	2f
	stp	xzr, xzr, [x1], #16
	b	1b
2:	dsb	sy
	mov	x0, x28
	bl	bench_main
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

.macro timed_loop name, op:vararg
	.global \name
\name:
	mov	x9, x0
	mov	x10, x1
	isb
	mrs	x11, cntvct_el0
1:	mov	x0, x10
	\op
	subs	x9, x9, #1
	b.ne	1b
	isb
	mrs	x12, cntvct_el0
	sub	x0, x12, x11
	ret
.endm

/*
 * u64 loop_X(u64 n, u64 arg): CNTVCT ticks for n iterations (n >= 1).
 * One function per measurement, so that a trace of the run
 * (scripts/bench/profile.py) can tell the measurements apart.
 */
	timed_loop loop_nop, nop
	timed_loop loop_psci_version, hvc #0
	timed_loop loop_hvc_null, hvc #0
	timed_loop loop_mmio_uart, ldr w1, [x10]
	timed_loop loop_mmio_gicd, ldr w1, [x10]
	timed_loop loop_s2fault_logged, ldr w1, [x10]
	timed_loop loop_s2fault_warm, ldr w1, [x10]
	timed_loop loop_s2fault, ldr w1, [x10]

/*
 * u64 loop_timer_irq(u64 n, volatile u32 *count): unmask IRQs and spin until
 * the IRQ handler has counted n interrupts; CNTVCT ticks for that.
 * The caller has armed the timer (it fires right away).
 */
	.global loop_timer_irq
loop_timer_irq:
	isb
	mrs	x11, cntvct_el0
	msr	daifclr, #2
1:	ldr	w2, [x1]
	cmp	x2, x0
	b.lo	1b
	msr	daifset, #2
	isb
	mrs	x12, cntvct_el0
	sub	x0, x12, x11
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
stack:
	.space	STACK_SIZE

	.section .note.GNU-stack, "", %progbits

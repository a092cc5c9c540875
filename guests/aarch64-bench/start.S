/*
 * cvisor aarch64 benchmark guest: entry and the timed loops (the exception
 * vectors are ../aarch64-common/entry.S, shared with the other guests).
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

	.section .text.entry, "ax"
	.global _start
_start:
	mrs	x28, cntvct_el0		/* first: cvisor's boot ends here */
	msr	daifset, #0xf
	msr	spsel, #1
	adrp	x0, stack
	add	x0, x0, :lo12:stack
	add	sp, x0, #STACK_SIZE
	adrp	x0, vectors		/* ../aarch64-common/entry.S */
	add	x0, x0, :lo12:vectors
	msr	vbar_el1, x0
	isb
	bl	clear_bss		/* keeps x28 */
	mov	x0, x28
	bl	bench_main
	b	park

/* The second vCPU, started by PSCI CPU_ON for the IPI measurement
 * (ipi.c): its own stack, the same vectors. */
	.global _start_secondary
_start_secondary:
	msr	daifset, #0xf
	msr	spsel, #1
	adrp	x1, stack2
	add	x1, x1, :lo12:stack2
	add	sp, x1, #STACK_SIZE
	adrp	x1, vectors
	add	x1, x1, :lo12:vectors
	msr	vbar_el1, x1
	isb
	bl	ipi_secondary_main
	b	park

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
	timed_loop loop_mmio_gicd_enable, ldr w1, [x10]
	timed_loop loop_mmio_gicd_prio, ldr w1, [x10]
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
 * u64 loop_ipi(u64 n, volatile u32 *pongs, u64 sgi1r): n round trips of
 * an IPI: write ICC_SGI1R_EL1 (SGI 1 to vCPU 1, whose handler answers
 * with SGI 2), then wait for the answer's handler to count it. IRQs stay
 * masked but for a window after each WFI (a pending one wakes WFI), so
 * no answer can come between the check and the WFI.
 */
	.global loop_ipi
loop_ipi:
	mov	x9, x0
	mov	x10, x1
	isb
	mrs	x11, cntvct_el0
1:	ldr	w3, [x10]
	msr	S3_0_C12_C11_5, x2	/* ICC_SGI1R_EL1 */
	isb
2:	wfi
	msr	daifclr, #2
	isb
	msr	daifset, #2
	ldr	w4, [x10]
	cmp	w4, w3
	b.eq	2b
	subs	x9, x9, #1
	b.ne	1b
	isb
	mrs	x12, cntvct_el0
	sub	x0, x12, x11
	ret

	.section .bss.stack, "aw", %nobits
	.balign	16
stack:
	.space	STACK_SIZE
stack2:
	.space	STACK_SIZE

	.section .note.GNU-stack, "", %progbits

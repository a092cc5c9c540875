/*
 * Entry points of the test guest (the vectors, park and smccc_hvc are in
 * ../aarch64-common/entry.S).
 *
 * vCPU0 enters at the first byte of the image (0x40080000) with x0
 * undefined; vCPU1 enters at secondary_entry through PSCI CPU_ON.  Both
 * arrive at EL1 with the MMU off.
 */

#define STACK_SIZE 8192
#define NR_CPUS    2

	.section .text.entry, "ax"
	.global _start
_start:
	msr	daifset, #0xf
	mov	x19, #0
	bl	cpu_setup
	bl	clear_bss
	bl	primary_main
	b	park

	.text
	.global secondary_entry
secondary_entry:
	msr	daifset, #0xf
	mov	x19, #1		/* the CPU_ON context (x0) is not trusted */
	bl	cpu_setup
	bl	secondary_main
	b	park

/*
 * x19 = CPU index.  Select SP_EL1 (SPSel=1), point SP at the top of this
 * CPU's stack, record the index in TPIDR_EL1 and install the vectors.
 * Leaf, touches x0 only besides SP.
 */
cpu_setup:
	msr	spsel, #1
	adrp	x0, stacks
	add	x0, x0, :lo12:stacks
	add	x0, x0, x19, lsl #13	/* STACK_SIZE == 1 << 13 */
	add	sp, x0, #STACK_SIZE
	msr	tpidr_el1, x19
	adr	x0, vectors
	msr	vbar_el1, x0
	isb
	ret

	.section .bss.stacks, "aw", %nobits
	.balign	16
stacks:
	.space	STACK_SIZE * NR_CPUS

	.section .note.GNU-stack, "", %progbits

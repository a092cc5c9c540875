/* A second vCPU started by psci.c: it turns itself off again at once
 * (PSCI CPU_OFF, which does not return). No stack needed. */
	.text
	.global cpu_off_entry
cpu_off_entry:
	ldr	x0, =0x84000002
	hvc	#0
	b	.

	.section .note.GNU-stack, "", %progbits

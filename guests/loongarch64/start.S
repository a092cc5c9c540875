/* Test guest entry (guest PLV0, direct-address mode) and its exception
 * vector: ECFG.VS = 0, so every exception and interrupt lands here. */
	.section .text.start, "ax"
	.global _start
_start:
	la.pcrel	$sp, stack_top
	la.pcrel	$t0, guest_vector
	csrwr		$t0, 0xc		/* EENTRY */
	bl		guest_main
1:	b		1b

	.section .text.vector, "ax"
	.balign 4096
guest_vector:
	addi.d		$sp, $sp, -160
	st.d		$ra, $sp, 0
	.irp n, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20
	st.d		$r\n, $sp, (\n - 3) * 8
	.endr
	bl		guest_trap
	ld.d		$ra, $sp, 0
	.irp n, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20
	ld.d		$r\n, $sp, (\n - 3) * 8
	.endr
	addi.d		$sp, $sp, 160
	ertn

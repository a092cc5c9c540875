/*
 * Entry of the riscv64 IVC guest (VS-mode under cvisor, one hart):
 * a0 = hartid, a1 = the zone's device tree. Clears .bss, installs the
 * trap vector (ivc_trap in irq.c) and runs ivc_main(hartid, dtb).
 */
	.section .text.entry, "ax"
	.global _start
_start:
	csrw	sie, zero
	la	sp, boot_stack_top
	la	t0, __bss_start
	la	t1, __bss_end
1:	bgeu	t0, t1, 2f
	sd	zero, 0(t0)
	addi	t0, t0, 8
	j	1b
2:	la	t0, ivc_trap
	csrw	stvec, t0
	call	ivc_main
3:	wfi
	j	3b

	.bss
	.align	4
	.space	8192
boot_stack_top:

/*
 * Entry of the riscv64 bare-metal guests, in S-mode (directly on OpenSBI)
 * or VS-mode (under cvisor): the same code either way.
 *   _start:          the first hart, a0 = hartid, a1 = DTB; clears .bss,
 *                    points stvec at the guest's guest_trap and calls
 *                    guest_main(hartid, dtb) on an 8 KiB stack
 *   secondary_entry: (GUEST_SMP only) a hart started with SBI HSM,
 *                    a0 = hartid, a1 = its stack top (the opaque value);
 *                    calls secondary_main(hartid)
 * Both park in wfi if the C entry returns.
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
2:	la	t0, guest_trap
	csrw	stvec, t0
	call	guest_main
3:	wfi
	j	3b

#ifdef GUEST_SMP
	.global secondary_entry
secondary_entry:
	csrw	sie, zero
	mv	sp, a1
	la	t0, guest_trap
	csrw	stvec, t0
	call	secondary_main
	j	3b
#endif

	.bss
	.align	4
	.space	8192
boot_stack_top:

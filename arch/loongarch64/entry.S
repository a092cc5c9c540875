/*
 * Hypervisor entry. QEMU 7.2's loongarch64 virt starts every CPU at the
 * ELF entry at once, in direct-address mode (CRMD.DA=1, PG=0); QEMU 9
 * (QEMU-LVZ) starts only CPU 0 there and parks the others in a boot ROM
 * that waits for MBUF0 like park below.
 *   _start:          every CPU. The first to swap boot_claimed wins, clears
 *                    .bss and enters cvisor_main as the boot CPU; the others
 *                    park on their IOCSR IPI mailbox.
 *   park:            wait (idle, woken by an IPI) until MBUF0 holds an
 *                    entry (arch_cpu_start), then jump there.
 *   secondary_entry: a started CPU; MBUF1 holds its logical CPU id.
 */
#include "arch_asm.h"

	.section .text.entry, "ax"
	.global _start
_start:
	la.pcrel	$t0, boot_claimed
	li.w		$t1, 1
	amswap_db.w	$t2, $t1, $t0
	bnez		$t2, park

	la.pcrel	$t0, __bss_start
	la.pcrel	$t1, __bss_end
1:	bgeu		$t0, $t1, 2f
	st.d		$zero, $t0, 0
	addi.d		$t0, $t0, 8
	b		1b
2:	csrrd		$a0, ASM_CSR_CPUID
	move		$a1, $zero
	b		common_entry

park:
	li.w		$t0, -1
	li.w		$t1, ASM_IOCSR_IPI_EN
	iocsrwr.w	$t0, $t1
	li.d		$t0, (1 << 12)		/* ECFG.LIE: IPI only, CRMD.IE=0 */
	csrwr		$t0, ASM_CSR_ECFG
	li.w		$t1, ASM_IOCSR_MBUF0
	li.w		$t2, ASM_IOCSR_IPI_CLEAR
	li.w		$t3, -1
3:	iocsrrd.d	$t0, $t1
	bnez		$t0, 4f
	iocsrwr.w	$t3, $t2		/* clear, then look again */
	iocsrrd.d	$t0, $t1
	bnez		$t0, 4f
	idle		0			/* a pending IPI wakes it */
	b		3b
4:	iocsrwr.w	$t3, $t2
	jirl		$zero, $t0, 0

/* Reached from park above, or from the boot ROM QEMU 9 (the QEMU-LVZ
 * build) runs on the other CPUs instead of the ELF entry: either way
 * MBUF0 held this address and MBUF1 holds the logical CPU id. */
	.global secondary_entry
secondary_entry:
	li.w		$t1, ASM_IOCSR_MBUF0 + 8
	iocsrrd.d	$a0, $t1
	move		$a1, $zero
	li.d		$t0, MAX_CPUS
	bgeu		$a0, $t0, park_forever
	la.pcrel	$t0, cpu_arrived	/* tell arch_cpu_start */
	alsl.d		$t0, $a0, $t0, 2
	li.w		$t1, 1
	st.w		$t1, $t0, 0
	dbar		0

common_entry:
	li.d		$t0, MAX_CPUS
	bgeu		$a0, $t0, park_forever
	/* Paging on, PLV0, interrupts off: cvisor's own addresses go
	 * through DMW0, so the mode never matters again (an ERTN from a
	 * TLB refill sets PG=1 anyway). */
	/* DMW0: VSEG 0 -> PA, coherent cached, PLV0: cvisor's identity map
	 * once paging is on (CRMD.PG=1), with no TLB entry of its own. DMW1:
	 * VSEG 8, strongly-ordered uncached, for whoever wants it. */
	li.d		$t0, 0x11
	csrwr		$t0, ASM_CSR_DMW0
	li.d		$t0, 0x8000000000000001
	csrwr		$t0, ASM_CSR_DMW1
	li.d		$t0, 0x10
	csrwr		$t0, ASM_CSR_CRMD
	csrwr		$zero, ASM_CSR_SAVE2	/* not in a guest */
	li.d		$t0, (1 << 12)		/* ECFG.LIE: IPI ends IDLE */
	csrwr		$t0, ASM_CSR_ECFG
	li.w		$t0, -1
	li.w		$t1, ASM_IOCSR_IPI_EN
	iocsrwr.w	$t0, $t1
	la.pcrel	$t0, hv_stacks
	addi.d		$t1, $a0, 1
	li.d		$t2, HV_STACK_SIZE
	mul.d		$t1, $t1, $t2
	add.d		$sp, $t0, $t1		/* top = hv_stacks + (id+1)*size */
	move		$fp, $zero
	bl		cvisor_main
park_forever:
	idle		0
	b		park_forever

/*
 * vcpu_enter(regs, frame): copy the vCPU's struct trap_frame to frame (the
 * top of this CPU's stack, where the next guest exit saves its registers)
 * and return to the guest through trap_return. Uses no stack.
 */
	.text
	.global vcpu_enter
vcpu_enter:
	li.d		$t0, TRAP_FRAME_SIZE
	move		$t1, $zero
5:	ldx.d		$t2, $a0, $t1
	stx.d		$t2, $a1, $t1
	addi.d		$t1, $t1, 8
	bltu		$t1, $t0, 5b
	move		$sp, $a1
	b		trap_return

/* arch_call_on_fresh_stack(fn): continue in fn on this CPU's empty stack;
 * used when a vCPU stops from deep in a trap. */
	.global arch_call_on_fresh_stack
arch_call_on_fresh_stack:
	csrrd		$t0, ASM_CSR_SAVE1	/* struct percpu, id first */
	ld.wu		$t0, $t0, 0
	la.pcrel	$t1, hv_stacks
	addi.d		$t0, $t0, 1
	li.d		$t2, HV_STACK_SIZE
	mul.d		$t0, $t0, $t2
	add.d		$sp, $t1, $t0
	csrwr		$zero, ASM_CSR_SAVE2
	jirl		$ra, $a0, 0
	b		park_forever

	.data
	.balign 8
boot_claimed:
	.word 0

/*
 * Hypervisor entry in HS-mode, from the firmware (OpenSBI).
 *   _start:          the boot hart (any hart: the firmware's lottery),
 *                    a0 = hartid, a1 = DTB.
 *   secondary_entry: harts started with SBI HSM hart_start; a0 = hartid,
 *                    a1 = the opaque value = the logical CPU id.
 * On QEMU virt, the logical CPU id of the boot hart is its hartid (the
 * DTB lists harts 0..n-1 in order); both paths then take this CPU's stack
 * and call cvisor_main(cpuid, dtb).
 *
 * Traps (hs_trap_vector, stvec direct mode): sscratch is 0 while cvisor
 * runs and the top of this CPU's stack while a guest runs, so the first
 * instruction tells the two apart.
 */
#include "arch_asm.h"

/* Every general register but zero (x0) and sp (x2) to or from its slot in
 * the trap frame on the stack: x<n> at n * 8. */
.macro gprs op
	.irp	n, 1, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, \
		19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31
	\op	x\n, (\n * 8)(sp)
	.endr
.endm

	.section .text.entry, "ax"
	.global _start
_start:
	csrw	sie, zero
	mv	s0, a0
	mv	s1, a1
	la	t0, __bss_start
	la	t1, __bss_end
1:	bgeu	t0, t1, 2f
	sd	zero, 0(t0)
	addi	t0, t0, 8
	j	1b
2:	fence	rw, rw
	mv	a0, s0
	mv	a1, s1
	j	common_entry

	.global secondary_entry
secondary_entry:
	csrw	sie, zero
	mv	a0, a1
	li	a1, 0

common_entry:
	li	t0, MAX_CPUS
	bgeu	a0, t0, park_forever
	la	sp, hv_stacks
	addi	t1, a0, 1
	li	t2, HV_STACK_SIZE
	mul	t1, t1, t2
	add	sp, sp, t1		/* top = hv_stacks + (id + 1) * size */
	csrw	sscratch, zero
	mv	tp, zero
	call	cvisor_main
park_forever:
	wfi
	j	park_forever

	.text
	.align	2
	.global	hs_trap_vector
hs_trap_vector:
	csrrw	sp, sscratch, sp
	beqz	sp, trap_from_hs
	/* From a guest: sp = this CPU's stack top, sscratch = guest sp. */
	addi	sp, sp, -GUEST_FRAME_OFFSET
	gprs sd
	csrr	t0, sscratch
	sd	t0, 16(sp)
	csrr	t0, sepc
	sd	t0, TRAP_FRAME_SEPC(sp)
	csrr	t0, sstatus
	sd	t0, TRAP_FRAME_SSTATUS(sp)
	csrr	t0, hstatus
	sd	t0, TRAP_FRAME_HSTATUS(sp)
	ld	tp, (TRAP_FRAME_SIZE + 8)(sp)
	csrw	sscratch, zero
	mv	a0, sp
	call	guest_trap
	/* fall through: back to the guest whose frame is at sp */

/* guest_return: sp = the guest's frame at the top of this CPU's stack. */
guest_return:
	ld	t0, TRAP_FRAME_SEPC(sp)
	csrw	sepc, t0
	ld	t0, TRAP_FRAME_SSTATUS(sp)
	csrw	sstatus, t0
	ld	t0, TRAP_FRAME_HSTATUS(sp)
	csrw	hstatus, t0
	sd	tp, (TRAP_FRAME_SIZE + 8)(sp)
	addi	t0, sp, GUEST_FRAME_OFFSET
	csrw	sscratch, t0
	gprs ld
	ld	sp, 16(sp)
	sret

trap_from_hs:
	csrrw	sp, sscratch, sp	/* sp back, sscratch = 0 again */
	addi	sp, sp, -TRAP_FRAME_SIZE
	gprs sd
	addi	t0, sp, TRAP_FRAME_SIZE
	sd	t0, 16(sp)
	csrr	t0, sepc
	sd	t0, TRAP_FRAME_SEPC(sp)
	csrr	t0, sstatus
	sd	t0, TRAP_FRAME_SSTATUS(sp)
	csrr	t0, hstatus
	sd	t0, TRAP_FRAME_HSTATUS(sp)
	mv	a0, sp
	call	hs_trap
	j	park_forever

/* vcpu_enter(frame): frame is this CPU's guest frame (stack top minus
 * GUEST_FRAME_OFFSET), already filled; enter the guest with it. */
	.global vcpu_enter
vcpu_enter:
	mv	sp, a0
	j	guest_return

/* arch_call_on_fresh_stack(fn): continue in fn on this CPU's empty stack;
 * tp = this CPU's struct percpu, whose first field is the id. */
	.global arch_call_on_fresh_stack
arch_call_on_fresh_stack:
	lwu	t0, 0(tp)
	la	sp, hv_stacks
	addi	t0, t0, 1
	li	t1, HV_STACK_SIZE
	mul	t0, t0, t1
	add	sp, sp, t0
	csrw	sscratch, zero
	jalr	a0
	j	park_forever

/*
 * long riscv_guest_fetch_half(u64 gva): HLVX.HU, the guest's halfword at
 * gva read with its execute permission (hstatus.SPVP = its privilege),
 * or -1 when the access faults. The fault is taken by the local handler
 * below (stvec swapped for the duration), which restores stvec, sstatus
 * and hstatus (the trap rewrote SPP, SPIE and SPV).
 */
	.global riscv_guest_fetch_half
riscv_guest_fetch_half:
	csrr	t1, stvec
	csrr	t4, sstatus
	csrr	t5, hstatus
	la	t2, 3f
	csrw	stvec, t2
	/* hlvx.hu a1, (a0): funct7 0x32, rs2 = 3 */
	.insn	r 0x73, 0x4, 0x32, a1, a0, x3
	csrw	stvec, t1
	mv	a0, a1
	ret
	.align	2
3:	csrw	stvec, t1
	csrw	sstatus, t4
	csrw	hstatus, t5
	li	a0, -1
	ret

/* HFENCE.GVMA x0, vmid (a0): every guest-physical mapping of the VMID. */
	.global riscv_hfence_gvma_vmid
riscv_hfence_gvma_vmid:
	.insn	r 0x73, 0x0, 0x31, x0, x0, a0
	ret

/* HFENCE.VVMA x0, x0: every VS-stage mapping of the current VMID. */
	.global riscv_hfence_vvma_all
riscv_hfence_vvma_all:
	.insn	r 0x73, 0x0, 0x11, x0, x0, x0
	ret

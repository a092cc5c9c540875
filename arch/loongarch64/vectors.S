/*
 * Exception entries. ECFG.VS = 0: every exception and interrupt enters at
 * EENTRY (exc_entry); TLB refills enter at TLBRENTRY (tlbr_entry). Both
 * save a struct trap_frame and call trap_handler(frame).
 *
 * Where the frame goes: CSR SAVE2 holds the frame address while a guest
 * runs (the top of this CPU's stack), 0 while cvisor runs. A guest exit
 * saves there; an exception of cvisor itself saves below its sp.
 */
#include "arch_asm.h"

#define GSTAT 0x50
#define GSTAT_PVM 2

.macro SAVE_GPRS
	st.d	$ra, $sp, TF_REG(1)
	st.d	$tp, $sp, TF_REG(2)
	.irp n, 4, 5, 6, 7, 8, 9, 10, 11, 13, 14, 15, 16, 17, 18, 19, 20
	st.d	$r\n, $sp, TF_REG(\n)
	.endr
	.irp n, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31
	st.d	$r\n, $sp, TF_REG(\n)
	.endr
.endm

.macro RESTORE_GPRS
	ld.d	$ra, $sp, TF_REG(1)
	ld.d	$tp, $sp, TF_REG(2)
	.irp n, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20
	ld.d	$r\n, $sp, TF_REG(\n)
	.endr
	.irp n, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31
	ld.d	$r\n, $sp, TF_REG(\n)
	.endr
.endm

/* t0 (r12) is in the scratch CSR \scratch; pick the frame, save. */
.macro ENTER scratch
	csrwr	$t0, \scratch
	csrrd	$t0, ASM_CSR_SAVE2
	bnez	$t0, 1f
	addi.d	$t0, $sp, -TRAP_FRAME_SIZE
1:	st.d	$sp, $t0, TF_REG(3)
	move	$sp, $t0
	csrrd	$t0, \scratch
	st.d	$t0, $sp, TF_REG(12)
	SAVE_GPRS
.endm

	.section .text.vectors, "ax"
	.balign 4096
	.global exc_entry
exc_entry:
	ENTER	ASM_CSR_SAVE0
	csrrd	$t0, ASM_CSR_ERA
	st.d	$t0, $sp, TF_ERA
	csrrd	$t0, ASM_CSR_PRMD
	st.d	$t0, $sp, TF_PRMD
	csrrd	$t0, ASM_CSR_BADV
	st.d	$t0, $sp, TF_BADV
	st.d	$zero, $sp, TF_TLBR
	b	common

	.balign 4096
	.global tlbr_entry
tlbr_entry:
	ENTER	ASM_CSR_TLBRSAVE
	csrrd	$t0, ASM_CSR_TLBRERA
	st.d	$t0, $sp, TF_ERA
	csrrd	$t0, ASM_CSR_TLBRPRMD
	st.d	$t0, $sp, TF_PRMD
	csrrd	$t0, 0x89			/* TLBRBADV */
	st.d	$t0, $sp, TF_BADV
	li.d	$t0, 1
	st.d	$t0, $sp, TF_TLBR

common:
	csrrd	$t0, ASM_CSR_ESTAT
	st.d	$t0, $sp, TF_ESTAT
	csrrd	$t0, ASM_CSR_BADI
	st.d	$t0, $sp, TF_BADI
	csrrd	$t0, ASM_CSR_SAVE2
	sltu	$t0, $zero, $t0
	st.d	$t0, $sp, TF_FROM_GUEST
	csrwr	$zero, ASM_CSR_SAVE2		/* cvisor runs now */
	move	$fp, $zero
	move	$a0, $sp
	bl	trap_handler
	/* fall through */

/* Return to the context in the frame at sp: a guest (frame.from_guest)
 * or cvisor. ERA/PRMD come from the frame (a TLB refill was turned into
 * an ordinary exception return by trap_handler). */
	.global trap_return
trap_return:
	ld.d	$t0, $sp, TF_ERA
	csrwr	$t0, ASM_CSR_ERA
	ld.d	$t0, $sp, TF_PRMD
	csrwr	$t0, ASM_CSR_PRMD
	ld.d	$t0, $sp, TF_FROM_GUEST
	li.d	$t1, GSTAT_PVM
	beqz	$t0, 2f
	/* GSTAT.PVM = 1: ERTN enters guest mode; later exits save here. */
	csrxchg	$t1, $t1, GSTAT
	move	$t0, $sp
	csrwr	$t0, ASM_CSR_SAVE2
	b	3f
2:	csrxchg	$zero, $t1, GSTAT		/* ERTN stays in cvisor */
3:	RESTORE_GPRS
	ld.d	$sp, $sp, TF_REG(3)
	ertn

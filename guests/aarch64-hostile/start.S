/*
 * The instruction-level helpers of the hostile guest (calls, a load pair,
 * a branch to any address).  The entry point, the vectors and smccc_hvc
 * are in ../aarch64-common/ (up.S, entry.S).
 */

/* A PSCI CPU_ON entry: should another vCPU ever start, it just parks. */
	.text
	.global park_entry
park_entry:
	b	park

/* long smccc_smc(fid, a1, a2, a3): SMCCC call through EL3, x0 back. */
	.global smccc_smc
smccc_smc:
	smc	#0
	ret

/* u64 load_pair(addr): ldp leaves no syndrome for a hypervisor (ISV=0). */
	.global load_pair
load_pair:
	ldp	x1, x2, [x0]
	eor	x0, x1, x2
	ret

/*
 * void call_at(addr): branch with link to addr.  An instruction abort
 * there comes back through trap.c, which resumes at the saved x30.
 */
	.global call_at
call_at:
	str	x30, [sp, #-16]!
	blr	x0
	ldr	x30, [sp], #16
	ret

	.section .note.GNU-stack, "", %progbits

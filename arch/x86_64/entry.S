/*
 * Hypervisor entry.
 *   _start:        the BSP, from GRUB's multiboot2 loader: 32-bit protected
 *                  mode, paging off, EAX = 0x36d76289, EBX = the multiboot2
 *                  information (the boot_arg handed to cvisor_main).
 *   ap_trampoline: copied to TRAMPOLINE_BASE; application processors start
 *                  there in real mode after INIT-SIPI-SIPI and read their
 *                  logical id from ap_cpuid.
 * Both load the GDT, the identity page tables (first 4 GiB, 2 MiB pages,
 * 3-4 GiB uncached for the LAPIC/IOAPIC), enter long mode and call
 * cvisor_main(cpuid, boot_arg) on this CPU's stack.
 */
#include "arch_asm.h"

#define MB2_MAGIC    0xe85250d6
#define MB2_ARCH     0 /* i386 protected mode */
#define MB2_LEN	     (mb2_end - mb2_header)

#define PTE_P	     0x1
#define PTE_RW	     0x2
#define PTE_PWT	     0x8
#define PTE_PCD	     0x10
#define PTE_PS	     0x80
#define CR4_PAE	     0x20
#define EFER_LME     0x100
#define CR0_PE_PG_WP 0x80010001

	.section .multiboot2, "a"
	.balign 8
mb2_header:
	.long	MB2_MAGIC
	.long	MB2_ARCH
	.long	MB2_LEN
	.long	-(MB2_MAGIC + MB2_ARCH + MB2_LEN)
	.word	0, 0		/* end tag: type 0, flags 0, size 8 */
	.long	8
mb2_end:

	.section .text.entry, "ax"
	.code32
	.global _start
_start:
	cli
	cld
	mov	%ebx, %esi		/* multiboot2 information */
	lgdt	gdt_ptr
	ljmp	$SEL_CODE32, $1f
1:	mov	$SEL_DATA, %eax
	mov	%eax, %ds
	mov	%eax, %es
	mov	%eax, %ss
	/* Zero .bss (the page tables live there). */
	mov	$__bss_start, %edi
	mov	$__bss_end, %ecx
	sub	%edi, %ecx
	xor	%eax, %eax
	rep stosb
	call	build_page_tables
	xor	%ebp, %ebp		/* the BSP is logical CPU 0 */
	mov	%esi, %ebx		/* boot_arg */
	jmp	long_mode_on

/* PML4[0] -> PDPT, PDPT[0..3] -> 4 page directories of 2 MiB pages. */
build_page_tables:
	mov	$boot_pdpt, %eax
	or	$(PTE_P | PTE_RW), %eax
	mov	%eax, boot_pml4
	xor	%ecx, %ecx
2:	mov	%ecx, %eax
	shl	$12, %eax
	add	$boot_pd, %eax
	or	$(PTE_P | PTE_RW), %eax
	mov	%eax, boot_pdpt(, %ecx, 8)
	inc	%ecx
	cmp	$4, %ecx
	jne	2b
	xor	%ecx, %ecx		/* 2048 entries: 4 GiB */
3:	mov	%ecx, %eax
	shl	$21, %eax
	or	$(PTE_P | PTE_RW | PTE_PS), %eax
	cmp	$1536, %ecx		/* 3 GiB and up: MMIO, uncached */
	jb	4f
	or	$(PTE_PCD | PTE_PWT), %eax
4:	mov	%eax, boot_pd(, %ecx, 8)
	inc	%ecx
	cmp	$2048, %ecx
	jne	3b
	ret

/* EBP = logical CPU id, EBX = boot_arg. */
long_mode_on:
	mov	%cr4, %eax
	or	$CR4_PAE, %eax
	mov	%eax, %cr4
	mov	$boot_pml4, %eax
	mov	%eax, %cr3
	mov	$0xc0000080, %ecx	/* IA32_EFER */
	rdmsr
	or	$EFER_LME, %eax
	wrmsr
	mov	%cr0, %eax
	or	$CR0_PE_PG_WP, %eax
	mov	%eax, %cr0
	ljmp	$SEL_CODE64, $long_entry

/* Application processors, from ap_trampoline: protected mode, flat. */
ap_pm32:
	mov	$SEL_DATA, %eax
	mov	%eax, %ds
	mov	%eax, %es
	mov	%eax, %ss
	mov	ap_cpuid, %ebp
	movl	$1, ap_ack		/* the BSP may start the next one */
	xor	%ebx, %ebx
	jmp	long_mode_on

	.code64
long_entry:
	mov	$SEL_DATA, %eax
	mov	%eax, %ds
	mov	%eax, %es
	mov	%eax, %ss
	xor	%eax, %eax
	mov	%eax, %fs
	mov	%eax, %gs
	mov	%ebp, %edi		/* cpuid (zero-extended) */
	mov	%ebx, %esi		/* boot_arg */
	cmp	$MAX_CPUS, %edi
	jae	park_forever
	lea	1(%rdi), %rax
	imul	$HV_STACK_SIZE, %rax
	lea	hv_stacks(%rax), %rsp
	xor	%ebp, %ebp
	call	cvisor_main
park_forever:
	cli
	hlt
	jmp	park_forever

/* arch_call_on_fresh_stack(fn): continue in fn on this CPU's empty stack
 * (used when a vCPU stops from deep inside an exit handler). */
	.global arch_call_on_fresh_stack
arch_call_on_fresh_stack:
	mov	%rdi, %rbx
	call	this_cpu
	mov	(%rax), %eax		/* struct percpu.id is the first field */
	inc	%rax
	imul	$HV_STACK_SIZE, %rax
	lea	hv_stacks(%rax), %rsp
	call	*%rbx
	jmp	park_forever

/*
 * The AP trampoline, position-dependent on TRAMPOLINE_BASE: real mode,
 * CS = TRAMPOLINE_BASE >> 4, IP = 0. Loads the hypervisor's GDT (its
 * 32-bit base is copied here) and jumps to ap_pm32 in protected mode.
 */
#define TRAMP(x) ((x) - ap_trampoline + TRAMPOLINE_BASE)
	.code16
	.global ap_trampoline, ap_trampoline_end
	.balign 16
ap_trampoline:
	cli
	cld
	xor	%ax, %ax
	mov	%ax, %ds
	lgdtl	TRAMP(ap_gdt_ptr)
	mov	%cr0, %eax
	or	$1, %eax		/* CR0.PE */
	mov	%eax, %cr0
	ljmpl	$SEL_CODE32, $ap_pm32
	.balign 8
ap_gdt_ptr:
	.word	GDT_ENTRIES * 8 - 1
	.long	gdt
ap_trampoline_end:

	.data
	.balign 8
gdt_ptr:
	.word	GDT_ENTRIES * 8 - 1
	.quad	gdt
	.global ap_cpuid, ap_ack
ap_cpuid:
	.long	0
ap_ack:
	.long	0

	.bss
	.balign 4096
boot_pml4:
	.skip	4096
boot_pdpt:
	.skip	4096
	.global boot_pd
boot_pd:
	.skip	4 * 4096

	.section .note.GNU-stack, "", @progbits

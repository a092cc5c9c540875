/*
 * The real-mode part of a bzImage reduced to its boot-protocol header
 * (Documentation/arch/x86/boot.rst, "The Real-Mode Kernel Header"): one
 * setup sector after the boot sector, no real-mode code (cvisor uses the
 * 32-bit boot protocol and enters the protected-mode part at 1 MiB).
 * What cvisor's bzimage_probe (core/bzimage.c) reads: setup_sects
 * (0x1f1), the boot flag 0xaa55 (0x1fe), the jump's length (0x201),
 * "HdrS" (0x202), the protocol version (0x206), loadflags LOADED_HIGH
 * (0x211), relocatable_kernel (0x234), cmdline_size (0x238),
 * pref_address (0x258) and init_size (0x260).
 */
	.section .text
	.org	0x1f1
	.byte	1			/* setup_sects: 1 after the boot sector */
	.org	0x1fe
	.word	0xaa55
	.byte	0xeb, 0x66		/* jmp to 0x268: the header's end */
	.ascii	"HdrS"
	.word	0x020f			/* protocol 2.15 */
	.org	0x211
	.byte	0x01			/* loadflags: LOADED_HIGH */
	.org	0x22c
	.long	0x7fffffff		/* initrd_addr_max */
	.long	0x200000		/* kernel_alignment */
	.byte	0			/* relocatable_kernel: no */
	.org	0x238
	.long	2047			/* cmdline_size */
	.org	0x258
	.quad	0x100000		/* pref_address */
	.long	0x100000		/* init_size: 1 MiB (the part and its bss) */
	.org	0x400

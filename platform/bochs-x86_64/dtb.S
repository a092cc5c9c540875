/* The board's device tree (board.dts, compiled by dtc at build time). */
	.section .rodata.board_dtb, "a"
	.balign 8
	.global board_dtb
board_dtb:
	.incbin BOARD_DTB_FILE

	.section .note.GNU-stack, "", @progbits

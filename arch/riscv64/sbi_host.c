/* cvisor as an SBI client: ecall from HS-mode into the firmware. */
#include "arch/riscv64/sbi.h"

struct sbiret sbi_call(u64 ext, u64 fid, u64 a0, u64 a1, u64 a2, u64 a3)
{
	register u64 r_a0 __asm__("a0") = a0;
	register u64 r_a1 __asm__("a1") = a1;
	register u64 r_a2 __asm__("a2") = a2;
	register u64 r_a3 __asm__("a3") = a3;
	register u64 r_a6 __asm__("a6") = fid;
	register u64 r_a7 __asm__("a7") = ext;

	__asm__ volatile("ecall"
			 : "+r"(r_a0), "+r"(r_a1)
			 : "r"(r_a2), "r"(r_a3), "r"(r_a6), "r"(r_a7)
			 : "memory");
	return (struct sbiret){(s64)r_a0, (s64)r_a1};
}

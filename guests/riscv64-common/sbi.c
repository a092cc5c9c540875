/* The SBI call of the riscv64 guests: a7 = extension id, a6 = function
 * id, a0-a2 = arguments; the SBI returns error in a0 and value in a1
 * (SBI spec, "Binary Encoding"). */
#include "rvguest.h"

struct sbiret sbi(unsigned long ext, unsigned long fid, unsigned long a0,
		  unsigned long a1, unsigned long a2)
{
	register unsigned long r0 __asm__("a0") = a0;
	register unsigned long r1 __asm__("a1") = a1;
	register unsigned long r2 __asm__("a2") = a2;
	register unsigned long r6 __asm__("a6") = fid;
	register unsigned long r7 __asm__("a7") = ext;

	__asm__ volatile("ecall"
			 : "+r"(r0), "+r"(r1)
			 : "r"(r2), "r"(r6), "r"(r7)
			 : "memory");
	return (struct sbiret){(long)r0, (long)r1};
}

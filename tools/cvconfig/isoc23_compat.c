/*
 * For the riscv64 root-zone build of cvconfig only: Debian 12 has no
 * riscv64 port, so its static libjansson.a comes from trixie, built
 * against glibc 2.41, whose headers (C23 mode of strtol & co., glibc
 * 2.38+) redirect strtoll to __isoc23_strtoll. The cross glibc here
 * (Debian 12's libc6-dev-riscv64-cross, 2.36) predates that symbol.
 * The C23 variant differs only in accepting a "0b" prefix with base 0
 * or 2; jansson parses decimal (base 10), where the two agree.
 */
#include <stdlib.h>

long long __isoc23_strtoll(const char *s, char **end, int base);

long long __isoc23_strtoll(const char *s, char **end, int base)
{
	return strtoll(s, end, base);
}

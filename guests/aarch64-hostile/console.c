/*
 * The hostile guest's lines: "[hostile] " (gprint, with the PL011 output
 * and the tiny printf of ../aarch64-common/console.c), and the attack
 * tally.  The zone's console is emulated by cvisor, which tags every line
 * "[zone1] ".
 */
#include "hostile.h"

const char con_prefix[] = "[hostile] ";

static unsigned int attacks, breaches;

void say_raw(const char *s)
{
	con_puts(s);
}

void outcome(const char *name, bool breach, const char *fmt, ...)
{
	va_list ap;

	attacks++;
	breaches += breach;
	con_puts(con_prefix);
	con_puts("attack ");
	con_puts(name);
	con_puts(breach ? ": BREACH: " : ": ");
	va_start(ap, fmt);
	con_vprintf(fmt, &ap);
	va_end(ap);
	con_putc('\n');
}

unsigned int nr_attacks(void)
{
	return attacks;
}

unsigned int nr_breaches(void)
{
	return breaches;
}

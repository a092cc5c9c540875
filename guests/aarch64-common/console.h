/*
 * PL011 output of the aarch64 bare-metal guests: whole lines that start
 * with the guest's prefix, and a tiny printf (%s, %d/%ld, %u/%lu,
 * %x/%lx).
 *
 * The guest defines con_prefix (e.g. "[guest] "); a guest with more than
 * one vCPU overrides the weak con_lock()/con_unlock() pair.
 */
#ifndef AARCH64_COMMON_CONSOLE_H
#define AARCH64_COMMON_CONSOLE_H

#include <stdarg.h>
#include <stdbool.h>

/* Defined by the guest: what every gprint() line starts with. */
extern const char con_prefix[];

/*
 * Weak hooks around a gprint() line.  con_lock() returns whether it took
 * the lock (false: this CPU already holds it, i.e. we print from an
 * exception taken in the middle of a line); con_unlock() is called only
 * then.  The defaults do nothing.
 */
bool con_lock(void);
void con_unlock(void);

/* Every line gets the con_prefix; fmt ends with '\n'. */
void gprint(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* No prefix, no lock: the building blocks of a guest's own lines. */
void con_putc(char c);
void con_puts(const char *s);
void con_vprintf(const char *fmt, va_list *ap);

#endif /* AARCH64_COMMON_CONSOLE_H */

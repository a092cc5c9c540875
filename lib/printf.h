/* A small printf family: %d %i %u %x %X %p %s %c %%, with l/ll/z length,
 * field width, '0' padding and '-' left alignment. */
#ifndef CVISOR_LIB_PRINTF_H
#define CVISOR_LIB_PRINTF_H

#include <stdarg.h>
#include <stddef.h>

/* Like vsnprintf: returns the length the output would have had. */
int cv_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int cv_snprintf(char *buf, size_t size, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Format without a length limit: the text goes to sink in pieces, all of
 * it, however long. Returns its length. */
int cv_vprintf_to(void (*sink)(const char *s, size_t n), const char *fmt,
		  va_list ap);
int cv_printf_to(void (*sink)(const char *s, size_t n), const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

#endif

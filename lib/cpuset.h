/* CPU sets as cvisor's shell and the root zone's CLI print them. */
#ifndef CVISOR_LIB_CPUSET_H
#define CVISOR_LIB_CPUSET_H

#include "cvisor/types.h"

/* mask as "0-2,5" ("-" when empty) into out (cap bytes, NUL-terminated,
 * cut short when it does not fit); returns the length of the whole text. */
size_t cpuset_format(u64 mask, char *out, size_t cap);

#endif

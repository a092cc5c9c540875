/* EFI zboot kernels (Linux's compressed EFI images, e.g. Debian's loong64
 * vmlinuz): the payload is taken out and decompressed here, on the host. */
#ifndef CVCONFIG_ZBOOT_H
#define CVCONFIG_ZBOOT_H

#include "cvisor/types.h"

#include <stddef.h>

/* Replace *data (size bytes, malloc'd, a zboot image) by its decompressed
 * payload (zstd; gzip through inflate_gzip). Returns 0, or -1 with `why`
 * filled. */
int zboot_unwrap(u8 **data, u64 *size, char *why, size_t why_len);

/* gzip inflate of a malloc'd buffer in place (loader.c). */
int inflate_gzip(u8 **data, u64 *size, char *why, size_t why_len);

#endif

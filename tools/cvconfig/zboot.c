/*
 * EFI zboot unwrapping (zboot.h): the header (core/image_loongarch.c)
 * names the payload and its compression; zstd goes through Debian's
 * libzstd, gzip through zlib. Built without libzstd (CVCONFIG_NO_ZSTD,
 * the static arm64 build), a zstd payload is refused with that reason.
 */
#define _POSIX_C_SOURCE 200809L

#include "zboot.h"

#include "cvisor/image.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#ifndef CVCONFIG_NO_ZSTD
#include <zstd.h>
#endif

#define UNWRAP_LIMIT (512ull << 20) /* no kernel is larger */

#ifndef CVCONFIG_NO_ZSTD
static int unzstd(const u8 *in, u64 len, u8 **out, u64 *out_len, char *why,
		  size_t n)
{
	ZSTD_DStream *s = ZSTD_createDStream();
	u64 cap = len * 4 + (1 << 20);
	u8 *buf = malloc(cap);
	ZSTD_inBuffer ib = {in, len, 0};
	size_t ret = 1;

	if (!s || !buf) {
		ZSTD_freeDStream(s);
		free(buf);
		snprintf(why, n, "out of memory for zstd decompression");
		return -1;
	}
	ZSTD_initDStream(s);
	ZSTD_outBuffer ob = {buf, cap, 0};
	while (ret != 0) {
		if (ob.pos == ob.size) {
			u8 *bigger = cap * 2 <= UNWRAP_LIMIT
					 ? realloc(buf, cap * 2)
					 : NULL;

			if (!bigger)
				break;
			buf = bigger;
			cap *= 2;
			ob.dst = buf;
			ob.size = cap;
		}
		ret = ZSTD_decompressStream(s, &ob, &ib);
		if (ZSTD_isError(ret) ||
		    (ret && ib.pos == ib.size && ob.pos < ob.size))
			break;
	}
	ZSTD_freeDStream(s);
	if (ret != 0) {
		free(buf);
		snprintf(why, n,
			 "EFI zboot zstd payload is corrupt or "
			 "truncated");
		return -1;
	}
	*out = buf;
	*out_len = ob.pos;
	return 0;
}
#else
static int unzstd(const u8 *in, u64 len, u8 **out, u64 *out_len, char *why,
		  size_t n)
{
	(void)in, (void)len, (void)out, (void)out_len;
	snprintf(why, n,
		 "EFI zboot with zstd: this cvconfig is built "
		 "without libzstd");
	return -1;
}
#endif

static int copy_payload(const u8 *in, u64 len, u8 **out, u64 *out_len,
			char *why, size_t n)
{
	*out = malloc(len);
	if (!*out) {
		snprintf(why, n, "out of memory");
		return -1;
	}
	memcpy(*out, in, len);
	*out_len = len;
	return inflate_gzip(out, out_len, why, n);
}

int zboot_unwrap(u8 **data, u64 *size, char *why, size_t n)
{
	u64 off, len, out_len = 0;
	char comp[8];
	u8 *out = NULL;
	int err;

	if (image_zboot_payload(*data, *size, &off, &len, comp, why, n))
		return -1;
	if (!strcmp(comp, "zstd"))
		err = unzstd(*data + off, len, &out, &out_len, why, n);
	else if (!strcmp(comp, "gzip"))
		err = copy_payload(*data + off, len, &out, &out_len, why, n);
	else {
		snprintf(why, n,
			 "EFI zboot compression '%s' is not supported (zstd, "
			 "gzip are)",
			 comp);
		return -1;
	}
	if (err)
		return -1;
	free(*data);
	*data = out;
	*size = out_len;
	return 0;
}

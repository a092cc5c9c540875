/* Shared by the libFuzzer harnesses in tests/fuzz/. */
#ifndef CVISOR_TESTS_FUZZ_H
#define CVISOR_TESTS_FUZZ_H

#include <stddef.h>

#include "cvisor/types.h"

int LLVMFuzzerTestOneInput(const u8 *data, size_t size);

/* Reading the input as a stream of fields: past the end, zeros. */
struct fuzz_input {
	const u8 *p;
	size_t left;
};

static inline u64 fuzz_take(struct fuzz_input *in, unsigned bytes)
{
	u64 v = 0;

	for (unsigned i = 0; i < bytes && in->left; i++, in->left--)
		v |= (u64)*in->p++ << (8 * i);
	return v;
}

#endif

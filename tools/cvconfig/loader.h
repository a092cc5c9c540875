/* Kernel loading for cvconfig: inflate, recognise, place (cvisor/image.h). */
#ifndef CVCONFIG_LOADER_H
#define CVCONFIG_LOADER_H

#include "cvisor/image.h"

struct placement {
	u64 load_ipa;
	u64 mem_size; /* memory the image needs from load_ipa */
	u64 entry;
	enum image_kind kind;
};

/* Turn *data (size bytes, malloc'd) into what is copied into the zone
 * (gzip inflated, ELF flattened) and say where it goes when the zone's RAM
 * starts at ram_base. Returns 0, or -1 with `why` filled. */
int loader_prepare_kernel(u8 **data, u64 *size, u32 elf_machine, u64 ram_base,
			  struct placement *out, char *why, size_t why_len);

#endif

/* cvconfig --place-root-images (see place.h). */
#define _XOPEN_SOURCE 700
#include "place.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

bool place_allowed(const struct cv_zone_config *zc, u32 k)
{
	return (zc->flags & CV_ZONE_ROOT) && k < 2;
}

int place_pa(const struct cv_zone_config *zc, u64 ipa, u64 size, u64 *pa)
{
	for (u32 i = 0; i < zc->nr_mem && i < CV_MAX_MEM_REGIONS; i++) {
		const struct cv_mem_region *m = &zc->mem[i];

		if (ipa >= m->ipa && size <= m->size &&
		    ipa - m->ipa <= m->size - size) {
			*pa = m->pa + (ipa - m->ipa);
			return 0;
		}
	}
	return -1;
}

static char *side_path(const char *bundle_path, const char *suffix)
{
	size_t len = strlen(bundle_path) + strlen(suffix) + 2;
	char *p = malloc(len);

	if (p)
		snprintf(p, len, "%s.%s", bundle_path, suffix);
	return p;
}

void place_forget(const char *bundle_path)
{
	char *loads = side_path(bundle_path, "loads");

	if (loads)
		remove(loads);
	free(loads);
}

static int write_file(const char *path, const char *mode, const void *data,
		      size_t size)
{
	FILE *f = fopen(path, mode);
	bool ok;

	if (!f) {
		fprintf(stderr, "cvconfig: %s: cannot write: %s\n", path,
			strerror(errno));
		return -1;
	}
	ok = fwrite(data, 1, size, f) == size;
	if (fclose(f) || !ok) {
		fprintf(stderr, "cvconfig: %s: cannot write: %s\n", path,
			strerror(errno));
		return -1;
	}
	return 0;
}

int place_write(const char *bundle_path, const char *name, bool first, u64 pa,
		const u8 *data, u64 size)
{
	char *image = side_path(bundle_path, name);
	char *loads = side_path(bundle_path, "loads");
	char *abs = NULL, line[64];
	int ret = -1;

	if (image && loads && !write_file(image, "wb", data, (size_t)size))
		abs = realpath(image, NULL);
	if (abs) {
		snprintf(line, sizeof(line), "0x%llx ", (unsigned long long)pa);
		ret = write_file(loads, first ? "w" : "a", line, strlen(line));
		if (!ret)
			ret = write_file(loads, "a", abs, strlen(abs));
		if (!ret)
			ret = write_file(loads, "a", "\n", 1);
	}
	free(abs);
	free(image);
	free(loads);
	return ret;
}

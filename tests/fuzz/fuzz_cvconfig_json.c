/*
 * Fuzz target: cvconfig's configuration parser (tools/cvconfig/cvconfig.c,
 * built into this harness with its main() renamed), from JSON text to a
 * validated bundle.
 *
 * The input is the JSON text, optionally followed by NUL-separated
 * "--set ZONE.FIELD=VALUE" arguments. Images are not read from disk (the
 * names are attacker text): every image a configuration names is a 256-
 * byte raw binary in memory. Then the images are placed, the bundle is
 * assembled and validated as `cvconfig build` does. Leaks count as bugs.
 */
#define _POSIX_C_SOURCE 200809L

#include <stdio.h>

/* cvconfig's messages would drown libFuzzer's output: they go to a
 * stream on /dev/null (CVISOR_FUZZ_VERBOSE=1 shows them). */
static FILE *fuzz_messages;
#undef stderr
#define stderr fuzz_messages
#define main   cvconfig_main
int cvconfig_main(int argc, char **argv);
#include "tools/cvconfig/cvconfig.c"
#undef main
#undef stderr

#include "tests/fuzz/fuzz.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_messages =
	    getenv("CVISOR_FUZZ_VERBOSE") ? stdout : fopen("/dev/null", "w");
	return 0;
}

#define FAKE_IMAGE_SIZE 256

static void fake_images(struct config *cf)
{
	for (u32 z = 0; z < cf->nr_zones; z++) {
		for (u32 k = 0; k < NR_IMAGES; k++) {
			struct loaded_image *li = &cf->loaded[z][k];

			if (!cf->zones[z].images[k].file)
				continue;
			li->data = xcalloc(1, FAKE_IMAGE_SIZE);
			li->size = FAKE_IMAGE_SIZE;
			memcpy(li->data, "cvisor", 6);
		}
	}
}

static void build_from(struct config *cf, const char *json, size_t len,
		       const char *sets, size_t sets_len)
{
	json_error_t jerr;
	json_t *root = json_loadb(json, len, JSON_REJECT_DUPLICATES, &jerr);
	u8 *bundle = NULL;
	u64 size = 0;
	int ret;

	if (!root)
		return;
	ret = parse_root(cf, root);
	json_decref(root);
	/* Each NUL-terminated string after the JSON is one --set. */
	while (!ret && sets_len) {
		size_t n = strnlen(sets, sets_len);

		if (n == sets_len)
			break; /* the last one is not terminated */
		ret = apply_set(cf, sets);
		sets += n + 1;
		sets_len -= n + 1;
	}
	if (ret)
		return;
	fake_images(cf);
	if (!place_images(cf))
		bundle = assemble_bundle(cf, &size);
	if (bundle)
		(void)validate_bundle(cf->path, bundle, size);
	free(bundle);
}

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	struct config *cf = xcalloc(1, sizeof(*cf));
	/* Owned copies, so that ASan sees reads past either part. */
	size_t json_len = strnlen((const char *)data, size);
	char *json = xstrndup((const char *)data, json_len);
	size_t sets_len = json_len < size ? size - json_len - 1 : 0;
	char *sets = xmalloc(sets_len);

	memcpy(sets, data + size - sets_len, sets_len);
	cf->path = "fuzz.json";
	cf->dir = xstrdup(".");
	cf->elf_machine = EM_AARCH64;
	build_from(cf, json, json_len, sets, sets_len);
	free_config(cf);
	free(json);
	free(sets);
	return 0;
}

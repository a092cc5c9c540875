/*
 * Unit tests for lib/fdt_raw.c, lib/fdt_index.c and lib/fdt_copy.c: on
 * QEMU's device trees (tests/data/), every lookup agrees with the host's
 * libfdt for every node, and a copy keeps, drops and adds exactly what it
 * is asked to.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <libfdt.h>

#include "lib/fdt_copy.h"
#include "lib/fdt_index.h"
#include "lib/fdt_raw.h"
#include "tests/unit/support.h"

#define BUF_SIZE TEST_DTB_BUF_SIZE

static int setup(void **state)
{
	*state = test_load_dtb("qemu-virt-gicv3.dtb");
	return 0;
}

static int teardown(void **state)
{
	fdt_index_forget();
	free(*state);
	return 0;
}

/* The compatibles of the tree, each looked up from every node. */
static void check_lookups(const void *fdt)
{
	static const char *const compats[] = {
	    "arm,gic-v3",   "arm,gic-v3-its",  "arm,pl011",
	    "virtio,mmio",  "arm,armv8-timer", "pci-host-ecam-generic",
	    "no,such-thing"};
	int node, depth = 0;

	/* fdt_next_node() goes past the root's end with depth -1. */
	for (node = 0; node >= 0 && depth >= 0;
	     node = fdt_next_node(fdt, node, &depth)) {
		char path[256];

		assert_int_equal(cv_fdt_parent(fdt, node),
				 node ? fdt_parent_offset(fdt, node)
				      : -FDT_ERR_NOTFOUND);
		for (size_t i = 0; i < sizeof(compats) / sizeof(*compats); i++)
			assert_int_equal(
			    cv_fdt_by_compatible(fdt, node, compats[i]),
			    fdt_node_offset_by_compatible(fdt, node,
							  compats[i]));
		assert_int_equal(cv_fdt_by_device_type(fdt, node, "cpu"),
				 fdt_node_offset_by_prop_value(
				     fdt, node, "device_type", "cpu", 4));
		assert_int_equal(fdt_get_path(fdt, node, path, sizeof(path)),
				 0);
		assert_int_equal(cv_fdt_path(fdt, path), node);
	}
	assert_int_equal(cv_fdt_by_compatible(fdt, -1, "arm,gic-v3"),
			 fdt_node_offset_by_compatible(fdt, -1, "arm,gic-v3"));
	assert_int_equal(cv_fdt_path(fdt, "/memory"),
			 fdt_path_offset(fdt, "/memory"));
	assert_int_equal(cv_fdt_path(fdt, "/cpus/cpu@9"), -FDT_ERR_NOTFOUND);
}

static void test_indexed_lookups_match_libfdt(void **state)
{
	assert_int_equal(fdt_index_build(*state), 0);
	check_lookups(*state);
}

/* Another tree than the indexed one: the direct walks. */
static void test_direct_lookups_match_libfdt(void **state)
{
	void *other = test_load_dtb("qemu-virt-gicv2.dtb");

	assert_int_equal(fdt_index_build(*state), 0);
	check_lookups(other);
	free(other);
}

/* stdout-path may name an alias (QEMU's riscv tree does). */
static void test_aliases_resolve(void **state)
{
	void *fdt = *state;
	int aliases;

	assert_int_equal(fdt_open_into(fdt, fdt, BUF_SIZE), 0);
	aliases = fdt_add_subnode(fdt, 0, "aliases");
	assert_true(aliases >= 0);
	assert_int_equal(
	    fdt_setprop_string(fdt, aliases, "serial0", "/pl011@9000000"), 0);
	assert_int_equal(fdt_setprop_string(fdt, aliases, "cpus", "/cpus"), 0);
	assert_int_equal(fdt_index_build(fdt), 0);
	assert_int_equal(cv_fdt_path(fdt, "serial0"),
			 fdt_path_offset(fdt, "/pl011@9000000"));
	assert_true(cv_fdt_path(fdt, "serial0") >= 0);
	assert_int_equal(cv_fdt_path(fdt, "cpus/cpu@1"),
			 fdt_path_offset(fdt, "/cpus/cpu@1"));
	assert_int_equal(cv_fdt_path(fdt, "nosuchalias"), -FDT_ERR_BADPATH);
}

static void test_raw_node_reads_its_properties(void **state)
{
	void *fdt = *state;
	int node = fdt_node_offset_by_compatible(fdt, -1, "arm,pl011");
	struct fdt_raw_node root, n;
	u64 base, size;

	assert_int_equal(fdt_raw_node(fdt, 0, &root), 0);
	assert_int_equal(root.addr_cells, 2);
	assert_int_equal(root.size_cells, 2);
	assert_int_equal(fdt_raw_node(fdt, node, &n), 0);
	assert_string_equal(n.name, fdt_get_name(fdt, node, NULL));
	assert_true(
	    fdt_raw_compat_has(n.compat, n.compat_len, "arm,primecell"));
	assert_false(fdt_raw_compat_has(n.compat, n.compat_len, "arm,pl01"));
	assert_int_equal(fdt_raw_reg(&root, &n, &base, &size), 0);
	assert_int_equal(base, 0x09000000);
	assert_int_equal(size, 0x1000);
	/* Not a node's begin tag. */
	assert_int_equal(fdt_raw_node(fdt, node + 4, &n), -1);
}

/* Every node's phandle as libfdt's fdt_get_phandle reads it (QEMU's tree
 * gives the GIC, the clocks and the ITS one), and "phandle" winning over
 * "linux,phandle". */
static void test_raw_node_phandles_match_libfdt(void **state)
{
	void *fdt = *state, *buf = malloc(BUF_SIZE);
	struct fdt_raw_node n;
	int node, seen = 0;

	fdt_for_each_subnode(node, fdt, 0)
	{
		assert_int_equal(fdt_raw_node(fdt, node, &n), 0);
		assert_int_equal(n.phandle, fdt_get_phandle(fdt, node));
		seen += n.phandle != 0;
	}
	assert_true(seen >= 2);
	assert_int_equal(fdt_open_into(fdt, buf, BUF_SIZE), 0);
	node = fdt_path_offset(buf, "/pl011@9000000");
	assert_int_equal(fdt_setprop_u32(buf, node, "linux,phandle", 77), 0);
	node = fdt_path_offset(buf, "/pl011@9000000");
	assert_int_equal(fdt_raw_node(buf, node, &n), 0);
	assert_int_equal(n.phandle, 77);
	assert_int_equal(fdt_setprop_u32(buf, node, "phandle", 78), 0);
	node = fdt_path_offset(buf, "/pl011@9000000");
	assert_int_equal(fdt_raw_node(buf, node, &n), 0);
	assert_int_equal(n.phandle, 78);
	free(buf);
}

/* Compare two trees node by node and property by property. */
static void assert_same_tree(const void *a, const void *b)
{
	int na = 0, nb = 0, da = 0, db = 0;

	while (na >= 0 && nb >= 0 && da >= 0 && db >= 0) {
		int pa, pb;

		assert_string_equal(fdt_get_name(a, na, NULL),
				    fdt_get_name(b, nb, NULL));
		assert_int_equal(da, db);
		pa = fdt_first_property_offset(a, na);
		pb = fdt_first_property_offset(b, nb);
		for (; pa >= 0 && pb >= 0;
		     pa = fdt_next_property_offset(a, pa),
		     pb = fdt_next_property_offset(b, pb)) {
			const char *xa, *xb;
			int la, lb;
			const void *va = fdt_getprop_by_offset(a, pa, &xa, &la);
			const void *vb = fdt_getprop_by_offset(b, pb, &xb, &lb);

			assert_string_equal(xa, xb);
			assert_int_equal(la, lb);
			assert_memory_equal(va, vb, (size_t)la);
		}
		assert_int_equal(pa, pb);
		na = fdt_next_node(a, na, &da);
		nb = fdt_next_node(b, nb, &db);
	}
	assert_int_equal(na < 0 || da < 0, nb < 0 || db < 0);
}

static int keep_all(void *ctx, const void *fdt, const struct fdt_raw_node *p,
		    const struct fdt_raw_node *n, int depth,
		    struct fdt_copy_node *out)
{
	(void)ctx, (void)fdt, (void)p, (void)n, (void)depth, (void)out;
	return 0;
}

static void test_copy_of_everything_is_the_tree(void **state)
{
	static const struct fdt_copy_ops ops = {.node = keep_all};
	void *out = malloc(BUF_SIZE);

	assert_int_equal(fdt_index_build(*state), 0);
	assert_int_equal(fdt_copy_filtered(*state, out, BUF_SIZE, &ops, NULL),
			 0);
	assert_int_equal(fdt_check_full(out, fdt_totalsize(out)), 0);
	assert_int_equal(fdt_boot_cpuid_phys(out), fdt_boot_cpuid_phys(*state));
	assert_int_equal(fdt_num_mem_rsv(out), fdt_num_mem_rsv(*state));
	assert_same_tree(*state, out);
	/* Too small a buffer is an error, not an overrun. */
	assert_int_equal(fdt_copy_filtered(*state, out, 256, &ops, NULL),
			 -FDT_ERR_NOSPACE);
	free(out);
}

static const char *const no_bootargs[] = {"bootargs", NULL};

/* Drop /intc (and so its ITS child) and /cpus/cpu-map, change pl011's
 * clock-names, leave out /chosen's bootargs. */
static int edit_node(void *ctx, const void *fdt, const struct fdt_raw_node *p,
		     const struct fdt_raw_node *n, int depth,
		     struct fdt_copy_node *out)
{
	(void)ctx, (void)fdt, (void)p, (void)depth;
	if (!strncmp(n->name, "intc@", 5) || !strcmp(n->name, "cpu-map"))
		out->drop = true;
	if (!strncmp(n->name, "pl011@", 6)) {
		out->set_name = "clock-names"; /* an existing one */
		out->set_val = "other";
		out->set_len = 6;
	}
	if (!strncmp(n->name, "pl031@", 6)) {
		out->set_name = "cvisor,absent"; /* not there: added */
		out->set_val = "new";
		out->set_len = 4;
	}
	if (!strcmp(n->name, "chosen"))
		out->drop_props = no_bootargs;
	return 0;
}

static int add_props(void *ctx, struct fdt_copy_out *o,
		     const struct fdt_raw_node *n, int depth)
{
	(void)ctx;
	if (depth == 1 && !strcmp(n->name, "chosen"))
		return fdt_copy_prop(o, "cvisor,new-name", "x", 2);
	return 0;
}

static int add_end(void *ctx, struct fdt_copy_out *o,
		   const struct fdt_raw_node *n, int depth)
{
	int err;

	(void)ctx, (void)n;
	if (depth)
		return 0;
	err = fdt_copy_begin_node(o, "added@1000");
	if (!err)
		err = fdt_copy_prop_range(o, "reg", 2, 1, 0x1000, 0x20);
	if (!err)
		err = fdt_copy_prop(o, "cvisor,new-name", "y", 2);
	return err ? err : fdt_copy_end_node(o);
}

static void test_copy_drops_replaces_and_adds(void **state)
{
	static const struct fdt_copy_ops ops = {
	    .node = edit_node, .props = add_props, .end = add_end};
	void *out = malloc(BUF_SIZE);
	const fdt32_t *reg;
	const char *s;
	int node, len;

	assert_int_equal(fdt_copy_filtered(*state, out, BUF_SIZE, &ops, NULL),
			 0);
	assert_int_equal(fdt_check_full(out, fdt_totalsize(out)), 0);
	assert_true(fdt_node_offset_by_compatible(out, -1, "arm,gic-v3") < 0);
	assert_true(fdt_node_offset_by_compatible(out, -1, "arm,gic-v3-its") <
		    0);
	assert_true(fdt_path_offset(out, "/cpus/cpu-map") < 0);
	assert_true(fdt_path_offset(out, "/cpus/cpu@0") >= 0);
	node = fdt_node_offset_by_compatible(out, -1, "arm,pl011");
	assert_string_equal(fdt_getprop(out, node, "clock-names", NULL),
			    "other");
	assert_non_null(fdt_getprop(out, node, "reg", NULL));
	node = fdt_node_offset_by_compatible(out, -1, "arm,pl031");
	assert_string_equal(fdt_getprop(out, node, "cvisor,absent", NULL),
			    "new");
	assert_non_null(fdt_getprop(out, node, "reg", NULL));
	node = fdt_path_offset(out, "/chosen");
	assert_null(fdt_getprop(out, node, "bootargs", NULL));
	assert_non_null(fdt_getprop(out, node, "stdout-path", NULL));
	assert_string_equal(fdt_getprop(out, node, "cvisor,new-name", NULL),
			    "x");
	node = fdt_path_offset(out, "/added@1000");
	assert_true(node >= 0);
	reg = fdt_getprop(out, node, "reg", &len);
	assert_int_equal(len, 12);
	assert_int_equal(fdt32_to_cpu(reg[1]), 0x1000);
	assert_int_equal(fdt32_to_cpu(reg[2]), 0x20);
	s = fdt_getprop(out, node, "cvisor,new-name", NULL);
	assert_string_equal(s, "y");
	free(out);
}

static int set_reg(void *ctx, const void *fdt, const struct fdt_raw_node *p,
		   const struct fdt_raw_node *n, int depth,
		   struct fdt_copy_node *out)
{
	(void)ctx, (void)fdt, (void)p, (void)depth;
	if (!strncmp(n->name, "pl011@", 6)) {
		out->set_name = "reg";
		out->set_val = ctx;
		out->set_len = 8;
	}
	return 0;
}

/* A damaged tree's second "reg" goes when reg is set: only the new value
 * can be read, by any reader. */
static void test_set_leaves_out_a_second_property(void **state)
{
	static const struct fdt_copy_ops ops = {.node = set_reg};
	static const fdt32_t val[2] = {0, 0};
	void *in = malloc(BUF_SIZE), *out = malloc(BUF_SIZE);
	int node, len, off, regs = 0;

	assert_int_equal(fdt_open_into(*state, in, BUF_SIZE), 0);
	node = fdt_node_offset_by_compatible(in, -1, "arm,pl011");
	/* libfdt adds a property by name only once: a second "reg" made by
	 * renaming another property to its string offset. */
	off = fdt_first_property_offset(in, node);
	for (; off >= 0; off = fdt_next_property_offset(in, off)) {
		const char *name;

		fdt_getprop_by_offset(in, off, &name, &len);
		if (strcmp(name, "reg")) {
			struct fdt_property *p =
			    (struct fdt_property *)fdt_get_property_by_offset(
				in, off, &len);
			const struct fdt_property *r =
			    fdt_get_property(in, node, "reg", &len);

			p->nameoff = r->nameoff;
			break;
		}
	}
	assert_int_equal(
	    fdt_copy_filtered(in, out, BUF_SIZE, &ops, (void *)val), 0);
	node = fdt_node_offset_by_compatible(out, -1, "arm,pl011");
	fdt_for_each_property_offset(off, out, node)
	{
		const char *name;
		const void *v = fdt_getprop_by_offset(out, off, &name, &len);

		if (!strcmp(name, "reg")) {
			regs++;
			assert_int_equal(len, 8);
			assert_memory_equal(v, val, 8);
		}
	}
	assert_int_equal(regs, 1);
	free(in);
	free(out);
}

static int add_bad_range(void *ctx, struct fdt_copy_out *o,
			 const struct fdt_raw_node *n, int depth)
{
	int *which = ctx;

	(void)n;
	if (depth)
		return 0;
	if (*which == 0) /* 64-bit address in one cell */
		return fdt_copy_prop_range(o, "reg", 1, 1, 1ull << 32, 1);
	if (*which == 1) /* three cells */
		return fdt_copy_prop_range(o, "reg", 3, 1, 0, 1);
	return fdt_copy_prop_range(o, "reg", 1, 0, 0x1000, 1); /* no size */
}

static void test_range_that_does_not_fit_is_refused(void **state)
{
	static const struct fdt_copy_ops ops = {.node = keep_all,
						.end = add_bad_range};
	static const int want[] = {-FDT_ERR_BADVALUE, -FDT_ERR_BADNCELLS,
				   -FDT_ERR_BADVALUE};
	void *out = malloc(BUF_SIZE);

	for (int which = 0; which < 3; which++)
		assert_int_equal(
		    fdt_copy_filtered(*state, out, BUF_SIZE, &ops, &which),
		    want[which]);
	free(out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_indexed_lookups_match_libfdt,
					    setup, teardown),
	    cmocka_unit_test_setup_teardown(test_direct_lookups_match_libfdt,
					    setup, teardown),
	    cmocka_unit_test_setup_teardown(test_aliases_resolve, setup,
					    teardown),
	    cmocka_unit_test_setup_teardown(
		test_set_leaves_out_a_second_property, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_raw_node_phandles_match_libfdt,
					    setup, teardown),
	    cmocka_unit_test_setup_teardown(test_raw_node_reads_its_properties,
					    setup, teardown),
	    cmocka_unit_test_setup_teardown(test_copy_of_everything_is_the_tree,
					    setup, teardown),
	    cmocka_unit_test_setup_teardown(test_copy_drops_replaces_and_adds,
					    setup, teardown),
	    cmocka_unit_test_setup_teardown(
		test_range_that_does_not_fit_is_refused, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

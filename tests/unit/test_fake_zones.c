/*
 * The zone life cycle on the host (arch/fake): a boot bundle creates a
 * root zone (CPUs 0-1) and a guest zone (CPU 2) in a host arena that
 * stands for RAM; the CPUs are stepped by arch/fake. Checks boot, vCPU
 * start, events, stop (parked, interrupts released, memory scrubbed),
 * start again, restart, zones added from the root zone's memory and the
 * 20x restart / re-add leak check of cvisor's heap and frames.
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

#include "arch/fake/fake.h"
#include "cvisor/console.h"
#include "cvisor/errno.h"
#include "cvisor/log.h"
#include "cvisor/event.h"
#include "cvisor/hypercall.h"
#include "cvisor/memory.h"
#include "cvisor/percpu.h"
#include "cvisor/platform.h"
#include "cvisor/vbackend.h"
#include "cvisor/vcpu.h"
#include "cvisor/virtio.h"
#include "cvisor/virtio_mmio.h"
#include "cvisor/vpci.h"
#include "mm/pt.h"
#include "cvisor/zone.h"
#include "tests/unit/seal.h"

#define ARENA_SIZE  MiB(96)
#define HV_SIZE	    MiB(8) /* heap 4 MiB, frames 4 MiB */
#define STAGING	    MiB(8) /* after the hypervisor */
#define ZONE_RAM    MiB(16)
#define ROOT_RO_PA  MiB(16) /* offsets in the arena */
#define ROOT_PA	    MiB(32)
#define GUEST_PA    MiB(48)
#define ADDED_PA    MiB(64)
#define RAM_IPA	    0x40000000ull
#define RO_IPA	    (RAM_IPA + ZONE_RAM) /* the root's read-only RAM */
#define RO_SIZE	    MiB(2)
#define KERNEL_IPA  0x40080000ull
#define KERNEL_SIZE 0x3000u
#define GUEST_IRQ   40
#define ADD_IPA	    (RAM_IPA + MiB(8)) /* the added zone's bundle */
#define VIRTIO_IPA  0x0b000000ull      /* the guest's virtio disk */
#define VIRTIO_IRQ  80
#define VPCI_ECAM   0x0c100000ull /* the root's virtual PCI bridge */
#define VPCI_BAR0   0x0c200000ull
#define VPCI_BAR2   0x1000000000ull

static u8 *arena;

static u64 pa_of(u64 offset)
{
	return (u64)(uintptr_t)arena + offset;
}

/* ---- Bundles, as cvconfig builds them ---- */

struct zone_spec {
	const char *name;
	u32 id, flags;
	u64 cpus, pa;
	u64 ro_pa; /* 0: none; else RO_SIZE bytes of RAM without "w" */
	u32 irq;   /* 0: none */
	u8 fill;   /* the kernel image's bytes */
};

static u64 bundle_size(u32 n)
{
	return ALIGN_UP(sizeof(struct cv_bundle_header) +
			    n * sizeof(struct cv_zone_config),
			CV_IMAGE_ALIGN) +
	       n * KERNEL_SIZE;
}

/* Write a bundle of n zones at dst (bundle_size(n) bytes, zeroed). */
static void build_bundle(u8 *dst, const struct zone_spec *z, u32 n, u32 flags)
{
	struct cv_bundle_header *h = (struct cv_bundle_header *)dst;
	u64 images = bundle_size(n) - n * KERNEL_SIZE;

	memset(dst, 0, bundle_size(n));
	*h = (struct cv_bundle_header){
	    .magic = CV_BUNDLE_MAGIC,
	    .version = CV_BUNDLE_VERSION,
	    .total_size = bundle_size(n),
	    .header_size = sizeof(*h),
	    .zone_size = sizeof(struct cv_zone_config),
	    .zones_offset = sizeof(*h),
	    .nr_zones = n,
	    .flags = flags,
	};
	for (u32 i = 0; i < n; i++) {
		struct cv_zone_config *c =
		    (struct cv_zone_config *)cv_bundle_zone(h, i);
		u64 off = images + i * KERNEL_SIZE;

		strcpy(c->name, z[i].name);
		c->id = z[i].id;
		c->flags = z[i].flags | CV_ZONE_AUTOSTART;
		c->cpus = z[i].cpus;
		c->nr_mem = z[i].ro_pa ? 2 : 1;
		c->mem[0] = (struct cv_mem_region){RAM_IPA, z[i].pa, ZONE_RAM,
						   CV_MEM_RWX, 0};
		c->mem[1] = (struct cv_mem_region){
		    RO_IPA, z[i].ro_pa, z[i].ro_pa ? RO_SIZE : 0,
		    z[i].ro_pa ? CV_MEM_READ | CV_MEM_EXEC : 0, 0};
		c->nr_irqs = z[i].irq ? 1 : 0;
		c->irqs[0] = z[i].irq;
		if (z[i].id == 1) { /* the guest: a virtio disk */
			c->nr_virtio = 1;
			c->virtio[0] = (struct cv_virtio){
			    CV_VIRTIO_BLK, VIRTIO_IRQ, VIRTIO_IPA};
		}
		c->kernel = (struct cv_image){off, KERNEL_SIZE, KERNEL_IPA, 0, 0};
		c->entry_ipa = KERNEL_IPA;
		strcpy(c->cmdline, "console=hvc0");
		memset(dst + off, z[i].fill, KERNEL_SIZE);
	}
	test_seal_bundle(dst, bundle_size(n));
}

static const struct zone_spec boot_zones[] = {
    {"root", 0, CV_ZONE_ROOT, 0x3, ROOT_PA, ROOT_RO_PA, 0, 0xaa},
    {"guest", 1, 0, 0x4, GUEST_PA, 0, GUEST_IRQ, 0xbb},
};

/* The zone a running root zone adds (CPU 3), its bundle in root's RAM. */
static void place_added_bundle(u8 fill)
{
	struct zone_spec z = {"added", 2, 0, 0x8, 0, 0, 0, fill};

	z.pa = pa_of(ADDED_PA);
	build_bundle(arena + ROOT_PA + (ADD_IPA - RAM_IPA), &z, 1,
		     CV_BUNDLE_ADD_ZONE);
}

static void *load_platform_dtb(void)
{
	char path[512];
	void *dtb = malloc(MiB(1));
	FILE *f;

	snprintf(path, sizeof(path), "%s/qemu-virt-gicv3.dtb", UNIT_BUILD_DIR);
	f = fopen(path, "rb");
	if (!f)
		fail_msg("cannot open %s (built by tests/unit/Makefile)", path);
	assert_true(fread(dtb, 1, MiB(1), f) > 0);
	fclose(f);
	return dtb;
}

/* ---- Fixture: a 4-CPU machine, booted with the two zones ---- */

static int setup(void **state)
{
	struct zone_spec z[2];

	(void)state;
	arena = aligned_alloc(MiB(2), ARENA_SIZE);
	assert_non_null(arena);
	memset(arena, 0x5a, ARENA_SIZE); /* what a zone must never see */
	memset(&fake, 0, sizeof(fake));
	memset(&platform, 0, sizeof(platform));
	memset(percpus, 0, sizeof(struct percpu) * MAX_CPUS);
	memset(zones, 0, sizeof(zones));
	nr_zones = 0;
	platform.dtb = load_platform_dtb();
	platform.nr_cpus = 4;
	platform.nr_ram = 1;
	platform.ram[0] = (struct mem_range){pa_init(pa_of(0)), ARENA_SIZE};
	platform.hv = (struct mem_range){pa_init(pa_of(0)), HV_SIZE + STAGING};
	platform.staging = (struct mem_range){pa_init(pa_of(HV_SIZE)), STAGING};
	platform.mgmt_ipa = ipa_init(0x0c000000);
	platform.vpci_ecam = ipa_init(VPCI_ECAM);
	platform.vpci_mem32 = ipa_init(VPCI_BAR0);
	platform.vpci_mem32_size = MiB(1);
	platform.vpci_mem64 = ipa_init(VPCI_BAR2);
	platform.vpci_mem64_size = GiB(64);
	platform.vpci_first_irq = 112;
	assert_int_equal(heap_init(&hv_heap, arena, MiB(4)), 0);
	assert_int_equal(
	    frame_pool_init(&hv_frames, pa_init(pa_of(MiB(4))), MiB(4)), 0);
	for (u32 c = 0; c < 4; c++) {
		platform.cpu_hwid[c] = c;
		percpu_create(c);
	}
	event_init();
	fake_set_cpu(0);
	memcpy(z, boot_zones, sizeof(z));
	z[0].pa = pa_of(ROOT_PA);
	z[0].ro_pa = pa_of(ROOT_RO_PA);
	z[1].pa = pa_of(GUEST_PA);
	build_bundle(arena + HV_SIZE, z, 2, 0);
	assert_int_equal(zones_create_from_bundle(arena + HV_SIZE), 0);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	for (u32 i = 0; i < nr_zones; i++) {
		if (zones[i])
			zone_destroy(zones[i]);
	}
	free((void *)platform.dtb);
	free(arena);
	return 0;
}

static u8 *zone_ram(const struct zone *z)
{
	return pa_to_hv(pa_init(z->cfg->mem[0].pa));
}

static bool all_bytes(const u8 *p, u64 n, u8 v)
{
	for (u64 i = 0; i < n; i++) {
		if (p[i] != v)
			return false;
	}
	return true;
}

/* Every CPU runs until its guest runs or it idles. */
static void run_all(void)
{
	for (u32 c = 0; c < 4; c++)
		fake_cpu_step(c);
	fake_set_cpu(0);
}

/* ---- Boot ---- */

static void test_boot_creates_both_zones(void **state)
{
	struct zone *root = zones[0], *guest = zones[1];

	(void)state;
	assert_int_equal(nr_zones, 2);
	assert_string_equal(root->name, "root");
	assert_int_equal(root->nr_vcpus, 2);
	assert_int_equal(guest->nr_vcpus, 1);
	assert_ptr_equal(percpus[2].zone, guest);
	assert_null(percpus[3].zone);
	assert_int_equal(root->vcpus[0].state, VCPU_ON_PENDING);
	assert_int_equal(root->vcpus[1].state, VCPU_OFF);
	assert_true(root->arch.ready && guest->arch.ready);
	assert_non_null(root->mgmt);
	assert_null(guest->mgmt);
	/* The kernel is at its load address, the DT at the top of RAM. */
	assert_true(all_bytes(zone_ram(guest) + (KERNEL_IPA - RAM_IPA),
			      KERNEL_SIZE, 0xbb));
	assert_int_equal(
	    fdt_magic(zone_ram(guest) + ZONE_RAM - CV_DTB_AREA_SIZE),
	    FDT_MAGIC);
	assert_true(zone_owns_irq(guest, GUEST_IRQ));
	assert_false(zone_owns_irq(root, GUEST_IRQ));
}

static void test_vcpu0_enters_at_the_entry(void **state)
{
	struct zone *guest = zones[1];
	struct vcpu *v = &guest->vcpus[0];

	(void)state;
	run_all();
	assert_ptr_equal(fake_in_guest(2), v);
	assert_ptr_equal(fake_in_guest(0), &zones[0]->vcpus[0]);
	assert_null(fake_in_guest(1)); /* the root's vCPU 1 waits for ON */
	assert_null(fake_in_guest(3));
	assert_int_equal(v->arch.entry, KERNEL_IPA);
	assert_int_equal(v->arch.arg, RAM_IPA + ZONE_RAM - CV_DTB_AREA_SIZE);
	assert_int_equal(v->arch.entries, 1);
}

/* ---- vCPUs and events ---- */

static void test_cpu_on_starts_a_vcpu_on_its_cpu(void **state)
{
	struct vcpu *v1 = &zones[0]->vcpus[1];

	(void)state;
	run_all();
	assert_int_equal(vcpu_request_start(v1, 0x40100000, 7), 0);
	assert_int_equal(v1->state, VCPU_ON_PENDING);
	assert_int_equal(percpus[1].arch.ipis, 1); /* kicked */
	assert_int_equal(vcpu_request_start(v1, 0x40100000, 7), -CV_EBUSY);
	fake_cpu_step(1);
	assert_ptr_equal(fake_in_guest(1), v1);
	assert_int_equal(v1->arch.entry, 0x40100000);
	assert_int_equal(v1->arch.arg, 7);
	/* Running now: PSCI's ALREADY_ON, not ON_PENDING. */
	assert_int_equal(vcpu_request_start(v1, 0x40100000, 7), -CV_EEXIST);
}

static void test_cancelled_start_is_not_taken(void **state)
{
	struct vcpu *v1 = &zones[0]->vcpus[1];

	(void)state;
	run_all();
	assert_int_equal(vcpu_request_start(v1, 0x40100000, 0), 0);
	vcpu_cancel_start(v1);
	fake_cpu_step(1);
	assert_null(fake_in_guest(1));
	assert_int_equal(v1->arch.entries, 0);
	assert_true(vcpu_is_off(v1));
}

static void test_events_inject_in_order_and_fill_up(void **state)
{
	struct vcpu *v = &zones[1]->vcpus[0];

	(void)state;
	run_all();
	assert_int_equal(event_send(2, EVENT_INJECT_IRQ, 41), 0);
	assert_int_equal(event_send(2, EVENT_INJECT_IRQ, 42), 0);
	fake_cpu_step(2);
	assert_int_equal(v->arch.injected, 42); /* both, in order */
	assert_int_equal(percpus[2].events.count, 0);
	assert_ptr_equal(fake_in_guest(2), v); /* still running */
	for (u32 i = 0; i < EVENT_QUEUE_LEN; i++)
		assert_int_equal(event_send(3, EVENT_NONE, i), 0);
	assert_int_equal(event_send(3, EVENT_NONE, 99), -CV_EBUSY);
	fake_cpu_step(3);
	assert_int_equal(percpus[3].events.count, 0);
	assert_int_equal(event_send(3, EVENT_NONE, 99), 0);
}

static void test_inject_to_a_stopped_vcpu_is_dropped(void **state)
{
	struct vcpu *v1 = &zones[0]->vcpus[1];

	(void)state;
	run_all();
	assert_int_equal(event_send(1, EVENT_INJECT_IRQ, 45), 0);
	fake_cpu_step(1);
	assert_int_equal(v1->arch.injected, 0);
	/* ... and told to the interrupt controller (the vGIC keeps a
	 * virtual SPI pending instead of in flight). */
	assert_int_equal(v1->arch.dropped, 45);
}

/* ---- Stop, start again, restart ---- */

static void test_stop_parks_releases_and_scrubs(void **state)
{
	struct zone *guest = zones[1];
	struct vcpu *v = &guest->vcpus[0];

	(void)state;
	run_all();
	assert_int_equal(zone_stop(guest), 0); /* from the root, on CPU 0 */
	assert_int_equal(guest->state, ZONE_STOPPED);
	assert_true(vcpu_is_off(v));
	assert_null(fake_in_guest(2));
	assert_int_equal(v->arch.quiesced, 1);
	assert_int_equal(fake.released[GUEST_IRQ], 1);
	assert_true(all_bytes(zone_ram(guest), ZONE_RAM, 0));
	assert_int_equal(zone_stop(guest), 0); /* stopped already: nothing */
	assert_int_equal(fake.released[GUEST_IRQ], 1);
	assert_int_equal(zone_stop(zones[0]), -CV_EPERM); /* the root */
	assert_ptr_equal(fake_in_guest(0), &zones[0]->vcpus[0]);
}

static void test_start_again_reloads_the_images(void **state)
{
	struct zone *guest = zones[1];
	struct vcpu *v = &guest->vcpus[0];

	(void)state;
	run_all();
	assert_int_equal(zone_start_again(guest), -CV_EBUSY); /* running */
	assert_int_equal(zone_stop(guest), 0);
	assert_int_equal(zone_start_again(guest), 0);
	assert_int_equal(guest->state, ZONE_RUNNING);
	assert_true(all_bytes(zone_ram(guest) + (KERNEL_IPA - RAM_IPA),
			      KERNEL_SIZE, 0xbb));
	fake_cpu_step(2);
	assert_ptr_equal(fake_in_guest(2), v);
	assert_int_equal(v->arch.entries, 2);
	assert_int_equal(v->arch.entry, KERNEL_IPA);
}

/* 20 restarts, then 20 zones added and replaced from the root zone's
 * memory: cvisor's heap and frames end where they started. */
static void test_restart_and_readd_20x_do_not_leak(void **state)
{
	struct zone *guest = zones[1];
	u64 heap, frames;
	int id;

	(void)state;
	run_all();
	heap = heap_free_bytes(&hv_heap);
	frames = frame_pool_free_count(&hv_frames);
	for (u32 i = 0; i < 20; i++) {
		assert_int_equal(zone_restart(guest), 0);
		fake_cpu_step(2);
		assert_ptr_equal(fake_in_guest(2), &guest->vcpus[0]);
	}
	assert_int_equal(guest->vcpus[0].arch.entries, 21);
	assert_int_equal(fake.released[GUEST_IRQ], 20);
	assert_int_equal(heap_free_bytes(&hv_heap), heap);
	assert_int_equal(frame_pool_free_count(&hv_frames), frames);

	for (u32 i = 0; i < 20; i++) {
		struct zone *added;

		place_added_bundle((u8)(0x10 + i));
		id = zone_start_bundle(zones[0], ipa_init(ADD_IPA),
				       bundle_size(1));
		assert_int_equal(id, 2);
		added = zone_by_id(2);
		assert_non_null(added);
		fake_cpu_step(3);
		assert_ptr_equal(fake_in_guest(3), &added->vcpus[0]);
		assert_true(all_bytes(zone_ram(added) + (KERNEL_IPA - RAM_IPA),
				      KERNEL_SIZE, (u8)(0x10 + i)));
		if (i == 0) { /* one zone added: its cost, once */
			heap = heap_free_bytes(&hv_heap);
			frames = frame_pool_free_count(&hv_frames);
		}
		assert_int_equal(heap_free_bytes(&hv_heap), heap);
		assert_int_equal(frame_pool_free_count(&hv_frames), frames);
		assert_int_equal(zone_stop(added), 0);
	}
	assert_int_equal(nr_zones, 3);
}

static void test_added_zone_refusals(void **state)
{
	(void)state;
	run_all();
	place_added_bundle(0x33);
	assert_int_equal(
	    zone_start_bundle(zones[0], ipa_init(ADD_IPA), bundle_size(1)), 2);
	/* Running already; then outside the root's RAM; then a boot
	 * bundle; nothing of those is kept. */
	assert_int_equal(
	    zone_start_bundle(zones[0], ipa_init(ADD_IPA), bundle_size(1)),
	    -CV_EBUSY);
	assert_int_equal(
	    zone_start_bundle(zones[0], ipa_init(0x1000), bundle_size(1)),
	    -CV_EINVAL);
	assert_int_equal(zone_stop(zone_by_id(2)), 0);
	((struct cv_bundle_header *)(arena + ROOT_PA + (ADD_IPA - RAM_IPA)))
	    ->flags = 0;
	assert_int_equal(
	    zone_start_bundle(zones[0], ipa_init(ADD_IPA), bundle_size(1)),
	    -CV_EINVAL);
	assert_int_equal(zone_by_id(2)->state, ZONE_STOPPED);
}

/* cvisor reads a zone-start bundle on the root's behalf only from RAM
 * the root may read: the same bundle in a region without "r" is refused,
 * with "r" (and no "w") it starts. */
static void test_added_zone_bundle_needs_readable_ram(void **state)
{
	struct cv_zone_config *root_cfg =
	    (struct cv_zone_config *)zones[0]->cfg;
	struct zone_spec z = {"added", 2, 0, 0x8, 0, 0, 0, 0x44};
	u32 flags = root_cfg->mem[1].flags;

	(void)state;
	run_all();
	z.pa = pa_of(ADDED_PA);
	build_bundle(arena + ROOT_RO_PA, &z, 1, CV_BUNDLE_ADD_ZONE);
	root_cfg->mem[1].flags = CV_MEM_EXEC;
	assert_int_equal(
	    zone_start_bundle(zones[0], ipa_init(RO_IPA), bundle_size(1)),
	    -CV_EINVAL);
	assert_null(zone_by_id(2));
	root_cfg->mem[1].flags = flags;
	assert_int_equal(
	    zone_start_bundle(zones[0], ipa_init(RO_IPA), bundle_size(1)), 2);
}

static void test_restart_refused_for_the_root(void **state)
{
	(void)state;
	run_all();
	assert_int_equal(zone_restart(zones[0]), -CV_EPERM);
	assert_ptr_equal(fake_in_guest(0), &zones[0]->vcpus[0]);
}

/* ---- The console shell, on this machine ---- */

static char console_out[8192];
static size_t console_len;

static void capture(void *ctx, char c)
{
	(void)ctx;
	if (console_len + 1 < sizeof(console_out))
		console_out[console_len++] = c;
	console_out[console_len] = '\0';
}

static const char *shell(const char *cmd)
{
	static const struct console_ops ops = {capture, NULL, NULL};

	console_register(&ops);
	console_len = 0;
	console_out[0] = '\0';
	while (*cmd)
		shell_input(*cmd++);
	shell_input('\n');
	return console_out;
}

static void test_shell_help_is_whole(void **state)
{
	const char *out;

	(void)state;
	out = shell("help");
	assert_non_null(strstr(out, "mem                  cvisor's frames and "
				    "heap\r\n"));
	assert_non_null(strstr(out, "Ctrl-]               give the console to "
				    "the next zone\r\n"));
}

static void test_shell_zones_and_zone_commands(void **state)
{
	const char *out;

	(void)state;
	run_all();
	out = shell("zones");
	assert_non_null(strstr(out, "0  root             running  0-1"));
	assert_non_null(strstr(out, "1  guest            running  2 "));
	assert_non_null(strstr(shell("zone stop 1"), "zone 1: stop: done"));
	assert_int_equal(zones[1]->state, ZONE_STOPPED);
	assert_non_null(strstr(shell("zones"), "1  guest            stopped"));
	assert_non_null(strstr(shell("zone start 1"), "zone 1: start: done"));
	assert_non_null(strstr(shell("zone stop 0"), "not permitted"));
	assert_non_null(strstr(shell("zone stop 7"), "no zone '7'"));
}

/* A log line longer than any buffer arrives whole, once, on one line. */
static void test_log_line_is_whole(void **state)
{
	char word[600];

	(void)state;
	memset(word, 'x', sizeof(word) - 1);
	word[sizeof(word) - 1] = '\0';
	shell(""); /* the capturing console */
	console_len = 0;
	pr_warn("long: %s.", word);
	assert_int_equal(console_len, strlen("[cpu0] WARN: long: ") +
					  sizeof(word) - 1 + strlen(".\r\n"));
	assert_non_null(strstr(console_out, "x.\r\n"));
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

/* ---- virtio: the guest's disk, served through the root's PCI bridge ---- */

static u64 mmio(struct zone *z, u64 addr, u32 size, bool write, u64 value)
{
	struct mmio_access a = {ipa_init(addr), 0, size, write, value};

	assert_int_equal(mmio_dispatch(&z->mmio, &z->vcpus[0], &a), 0);
	return a.value;
}

/* slot 1 = the guest's function; its config space through ECAM */
#define FN1(reg) (VPCI_ECAM + (1u << 15) + (reg))

/* The root maps the guest's RAM through BAR2 only while decoding it and
 * only while the guest exists; 10 restarts with the disk attached (and
 * its RAM mapped in the root) leave cvisor's heap and frames as they
 * were; a notify before DRIVER_OK reaches nobody. */
static void test_virtio_window_and_restarts(void **state)
{
	struct zone *root = zones[0], *guest = zones[1];
	struct pt_mapping m;
	u64 heap, frames;

	(void)state;
	run_all();
	assert_int_equal(mmio(root, FN1(0), 4, false, 0), 0x11101af4);
	mmio(root, FN1(PCI_BAR0), 4, true, VPCI_BAR0);
	mmio(root, FN1(PCI_BAR2), 4, true, (u32)VPCI_BAR2);
	mmio(root, FN1(PCI_BAR3), 4, true, VPCI_BAR2 >> 32);
	assert_int_equal(pt_lookup(&root->s2, ipa_init(VPCI_BAR2), &m),
			 -CV_ENOENT);
	mmio(root, FN1(PCI_COMMAND), 2, true, PCI_COMMAND_MEMORY);
	assert_int_equal(pt_lookup(&root->s2, ipa_init(VPCI_BAR2), &m), 0);
	assert_int_equal(pa_addr(m.pa), pa_of(GUEST_PA));
	assert_int_equal(mmio(root, VPCI_BAR0 + VB_MAGIC, 4, false, 0),
			 VB_MAGIC_VALUE);
	assert_int_equal(mmio(root, VPCI_BAR0 + VB_ZONE_ID, 4, false, 0), 1);

	/* Not attached: a placeholder; a notify now is refused. */
	assert_int_equal(mmio(guest, VIRTIO_IPA + VMMIO_DEVICE_ID, 4, false, 0),
			 0);
	while (mmio(root, VPCI_BAR0 + VB_EVENT, 8, false, 0))
		;
	mmio(guest, VIRTIO_IPA + VMMIO_QUEUE_NOTIFY, 4, true, 0);
	assert_int_equal(mmio(root, VPCI_BAR0 + VB_EVENT, 8, false, 0), 0);
	mmio(root, VPCI_BAR0 + VB_DEV_ATTACH, 4, true, 1);
	assert_int_equal(mmio(guest, VIRTIO_IPA + VMMIO_DEVICE_ID, 4, false, 0),
			 VIRTIO_ID_BLOCK);

	heap = heap_free_bytes(&hv_heap);
	frames = frame_pool_free_count(&hv_frames);
	for (u32 i = 0; i < 10; i++) {
		assert_int_equal(zone_restart(guest), 0);
		fake_cpu_step(2);
		assert_ptr_equal(fake_in_guest(2), &guest->vcpus[0]);
		assert_int_equal(pt_lookup(&root->s2, ipa_init(VPCI_BAR2), &m),
				 0);
	}
	assert_int_equal(heap_free_bytes(&hv_heap), heap);
	assert_int_equal(frame_pool_free_count(&hv_frames), frames);
	/* The backend heard of every restart (ZONE events, or LOST). */
	assert_true(mmio(root, VPCI_BAR0 + VB_EVENT, 8, false, 0) != 0);
	/* Decoding off: the window closes. */
	mmio(root, FN1(PCI_COMMAND), 2, true, 0);
	assert_int_equal(pt_lookup(&root->s2, ipa_init(VPCI_BAR2), &m),
			 -CV_ENOENT);
	mmio(root, FN1(PCI_COMMAND), 2, true, PCI_COMMAND_MEMORY);
	/* The guest destroyed: its RAM leaves the root, BAR0 reads 0. */
	assert_int_equal(zone_stop(guest), 0);
	zone_destroy(guest);
	zones[1] = NULL;
	assert_int_equal(pt_lookup(&root->s2, ipa_init(VPCI_BAR2), &m),
			 -CV_ENOENT);
	assert_int_equal(mmio(root, VPCI_BAR0 + VB_MAGIC, 4, false, 0), 0);
	assert_int_equal(mmio(root, FN1(0), 4, false, 0), 0xffffffffu);
}

/* ---- Hypercalls that write into the caller's memory ---- */

static s64 root_call(u32 code, u64 a1, u64 a2)
{
	return hypercall_dispatch(&zones[0]->vcpus[0], code, a1, a2, 0);
}

/* The same call through the root's management page (its userspace). */
static s64 root_mgmt_call(u32 code, u64 a1, u64 a2)
{
	u64 page = ipa_addr(platform.mgmt_ipa);

	mmio(zones[0], page + CV_MGMT_ARG1, 8, true, a1);
	mmio(zones[0], page + CV_MGMT_ARG2, 8, true, a2);
	mmio(zones[0], page + CV_MGMT_CALL, 8, true, code);
	return (s64)mmio(zones[0], page + CV_MGMT_RESULT, 8, false, 0);
}

/* CV_HC_ZONE_INFO writes its result only where the root may write: the
 * whole 64 bytes inside one region with "w". */
static void test_zone_info_needs_writable_ram(void **state)
{
	const struct cv_zone_info *info =
	    (const void *)(arena + ROOT_PA + MiB(1));
	u8 *edge = arena + ROOT_PA + ZONE_RAM - 32, saved[32];

	(void)state;
	run_all();
	assert_int_equal(root_call(CV_HC_ZONE_INFO, 1, RAM_IPA + MiB(1)), 0);
	assert_int_equal(info->id, 1);
	assert_string_equal(info->name, "guest");
	/* The root's read-only RAM: refused, not one byte written. */
	assert_int_equal(root_call(CV_HC_ZONE_INFO, 1, RO_IPA), CV_HC_EINVAL);
	assert_int_equal(root_call(CV_HC_ZONE_INFO, 0, RO_IPA + RO_SIZE - 64),
			 CV_HC_EINVAL);
	assert_int_equal(root_mgmt_call(CV_HC_ZONE_INFO, 1, RO_IPA + 64),
			 CV_HC_EINVAL);
	/* From the writable region's end into the read-only one. */
	memcpy(saved, edge, sizeof(saved));
	assert_int_equal(root_call(CV_HC_ZONE_INFO, 1, RO_IPA - 32),
			 CV_HC_EINVAL);
	assert_memory_equal(edge, saved, sizeof(saved));
	assert_true(all_bytes(arena + ROOT_RO_PA, RO_SIZE, 0x5a));
	/* Past the end of the address space, and wrapping around it. */
	assert_int_equal(root_call(CV_HC_ZONE_INFO, 1, ~0ull - 7),
			 CV_HC_EINVAL);
	assert_int_equal(root_call(CV_HC_ZONE_INFO, 1, ~0ull - 63),
			 CV_HC_EINVAL);
	/* Writable RAM through the page works as the call does. */
	assert_int_equal(root_mgmt_call(CV_HC_ZONE_INFO, 0, RAM_IPA + MiB(1)),
			 0);
	assert_string_equal(info->name, "root");
}

/* The guest's driver brings the disk up to DRIVER_OK (one queue). */
static void guest_driver_ok(struct zone *guest)
{
	static const u32 setup[][2] = {
	    {VMMIO_STATUS, VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER},
	    {VMMIO_DRIVER_FEAT_SEL, 1},
	    {VMMIO_DRIVER_FEATURES, 1}, /* VERSION_1, bit 32 */
	    {VMMIO_STATUS, 0xb},	/* + FEATURES_OK */
	    {VMMIO_QUEUE_SEL, 0},
	    {VMMIO_QUEUE_NUM, 16},
	    {VMMIO_QUEUE_DESC_LOW, RAM_IPA + 0x1000},
	    {VMMIO_QUEUE_DRIVER_LOW, RAM_IPA + 0x2000},
	    {VMMIO_QUEUE_DEVICE_LOW, RAM_IPA + 0x3000},
	    {VMMIO_QUEUE_READY, 1},
	    {VMMIO_STATUS, 0xf}, /* + DRIVER_OK */
	};

	for (u32 i = 0; i < ARRAY_SIZE(setup); i++)
		mmio(guest, VIRTIO_IPA + setup[i][0], 4, true, setup[i][1]);
	assert_int_equal(mmio(guest, VIRTIO_IPA + VMMIO_STATUS, 4, false, 0),
			 0xf);
}

/* The daemon signals used buffers for the epoch it learnt: DEV_IRQ. */
static void daemon_irq(struct zone *root, u32 epoch)
{
	mmio(root, VPCI_BAR0 + VB_DEV_SEL, 4, true, 0);
	mmio(root, VPCI_BAR0 + VB_DEV_IRQ, 4, true,
	     VMMIO_INT_VRING | (epoch & VB_IRQ_EPOCH_MASK)
				   << VB_IRQ_EPOCH_SHIFT);
}

static bool line_high(const struct zone *z, u32 virq)
{
	return z->arch.level[virq / 64] & (1ull << (virq % 64));
}

/*
 * Issue 12's hang after `zone restart`: the daemon completes a request of
 * the old boot while cvisor stops the zone (it parked the vCPUs, and is
 * scrubbing the RAM). That completion must not raise the zone's line:
 * the vGIC would mark it in flight for a vCPU that is off, the injection
 * is dropped, and the next boot never hears its first disk read complete.
 * A stopped zone's transports are reset at once, so the old epoch's
 * DEV_IRQ is refused; the next boot's completions go through.
 */
static void test_virtio_completion_during_stop_is_refused(void **state)
{
	struct zone *root = zones[0], *guest = zones[1];
	u32 epoch, raised;

	(void)state;
	run_all();
	mmio(root, FN1(PCI_BAR0), 4, true, VPCI_BAR0);
	mmio(root, FN1(PCI_COMMAND), 2, true, PCI_COMMAND_MEMORY);
	mmio(root, VPCI_BAR0 + VB_DEV_SEL, 4, true, 0);
	mmio(root, VPCI_BAR0 + VB_DEV_FEATURES, 8, true, VIRTIO_F_VERSION_1);
	mmio(root, VPCI_BAR0 + VB_DEV_ATTACH, 4, true, 1);
	guest_driver_ok(guest);
	epoch = (u32)mmio(root, VPCI_BAR0 + VB_DEV_EPOCH, 4, false, 0);

	/* Served and signalled while the guest runs: the line goes high,
	 * the driver acknowledges it. */
	daemon_irq(root, epoch);
	assert_true(line_high(guest, VIRTIO_IRQ));
	mmio(guest, VIRTIO_IPA + VMMIO_INTERRUPT_ACK, 4, true, VMMIO_INT_VRING);
	assert_false(line_high(guest, VIRTIO_IRQ));

	/* Stopped: the device is reset and the old epoch is over. */
	assert_int_equal(zone_stop(guest), 0);
	assert_int_equal(mmio(root, VPCI_BAR0 + VB_DEV_STATUS, 4, false, 0), 0);
	assert_int_equal(mmio(root, VPCI_BAR0 + VB_ZONE_STATE, 4, false, 0),
			 VB_ZONE_STOPPED);
	raised = guest->arch.raised;
	daemon_irq(root, epoch); /* a request of the old boot, done late */
	assert_false(line_high(guest, VIRTIO_IRQ));
	assert_int_equal(guest->arch.raised, raised);

	/* The next boot: its own DRIVER_OK, its completions are heard. */
	assert_int_equal(zone_start_again(guest), 0);
	fake_cpu_step(2);
	daemon_irq(root, epoch);
	assert_false(line_high(guest, VIRTIO_IRQ));
	guest_driver_ok(guest);
	epoch = (u32)mmio(root, VPCI_BAR0 + VB_DEV_EPOCH, 4, false, 0);
	daemon_irq(root, epoch);
	assert_true(line_high(guest, VIRTIO_IRQ));
	assert_int_equal(
	    mmio(guest, VIRTIO_IPA + VMMIO_INTERRUPT_STATUS, 4, false, 0),
	    VMMIO_INT_VRING);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    T(test_boot_creates_both_zones),
	    T(test_vcpu0_enters_at_the_entry),
	    T(test_cpu_on_starts_a_vcpu_on_its_cpu),
	    T(test_cancelled_start_is_not_taken),
	    T(test_events_inject_in_order_and_fill_up),
	    T(test_inject_to_a_stopped_vcpu_is_dropped),
	    T(test_stop_parks_releases_and_scrubs),
	    T(test_start_again_reloads_the_images),
	    T(test_restart_and_readd_20x_do_not_leak),
	    T(test_virtio_window_and_restarts),
	    T(test_virtio_completion_during_stop_is_refused),
	    T(test_added_zone_refusals),
	    T(test_restart_refused_for_the_root),
	    T(test_zone_info_needs_writable_ram),
	    T(test_added_zone_bundle_needs_readable_ram),
	    T(test_shell_help_is_whole),
	    T(test_log_line_is_whole),
	    T(test_shell_zones_and_zone_commands),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

/*
 * The device tree cvisor gives the zone must describe the zone only:
 * another zone's name or the root zone's management device in it would
 * leak the configuration (a breach).  Devices of the board the zone does
 * not own are reported too; naming them is no breach (they abort), but
 * a guest like Linux would probe them.
 */
#include "hostile.h"

#define FDT_MAGIC    0xd00dfeedU
#define FDT_MAX_SIZE 0x10000U
#define LIST_SIZE    128

static const char *const secrets[] = {"victim", "cvisor-management",
				      "cvisor-window"};
static const char *const devices[] = {"pl031",	"pl061", "virtio_mmio",
				      "fw-cfg", "pcie@", "flash@",
				      "v2m@",	"its@"};

static uint32_t be32(const volatile uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}

static bool contains(const volatile uint8_t *blob, uint32_t size,
		     const char *needle)
{
	for (uint32_t i = 0; i < size; i++) {
		uint32_t j = 0;

		while (needle[j] && i + j < size && blob[i + j] == needle[j])
			j++;
		if (!needle[j])
			return true;
	}
	return false;
}

static void append(char *list, const char *word)
{
	unsigned int n = 0;

	while (list[n])
		n++;
	if (n)
		list[n++] = ' ';
	while (*word && n < LIST_SIZE - 1)
		list[n++] = *word++;
	list[n] = '\0';
}

/* Append the needles found in the blob to list; returns how many. */
static unsigned int scan(const volatile uint8_t *blob, uint32_t size,
			 const char *const *needles, unsigned int n, char *list)
{
	unsigned int found = 0;

	for (unsigned int i = 0; i < n; i++) {
		if (contains(blob, size, needles[i])) {
			append(list, needles[i]);
			found++;
		}
	}
	return found;
}

void attack_device_tree(uintptr_t dtb)
{
	static char leaked[LIST_SIZE], unowned[LIST_SIZE];
	const volatile uint8_t *blob = (const volatile uint8_t *)dtb;
	const char *name = "device-tree-names-other-zones";
	uint32_t size;

	if (dtb < OWN_RAM || dtb >= OWN_RAM_END || be32(blob) != FDT_MAGIC) {
		outcome(name, false, "no device tree at 0x%lx", dtb);
		return;
	}
	size = be32(blob + 4);
	if (size > FDT_MAX_SIZE)
		size = FDT_MAX_SIZE;
	if (scan(blob, size, secrets, sizeof(secrets) / sizeof(secrets[0]),
		 leaked))
		outcome(name, true, "names %s", leaked);
	else if (scan(blob, size, devices, sizeof(devices) / sizeof(devices[0]),
		      unowned))
		outcome(name, false, "none (unowned devices named: %s)",
			unowned);
	else
		outcome(name, false, "none (no unowned devices either)");
}

/* Finding and mapping a served zone's PCI function (vpci_dev.h). */
#include "vpci_dev.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cvisor/vbackend.h"
#include "cvisor/vpci.h"
#include "io.h"

#define UIO_DRIVER "/bus/pci/drivers/uio_pci_generic"

static int read_hex(const char *dir, const char *file, u32 *v)
{
	char path[256], buf[32];
	FILE *f;
	int ok;

	snprintf(path, sizeof(path), "%s/%s", dir, file);
	f = fopen(path, "r");
	if (!f)
		return -1;
	ok = fgets(buf, sizeof(buf), f) != NULL;
	fclose(f);
	if (!ok)
		return -1;
	*v = (u32)strtoul(buf, NULL, 16);
	return 0;
}

static bool is_cvisor_fn(const char *dir)
{
	u32 vendor, device, subsys;

	return !read_hex(dir, "vendor", &vendor) &&
	       !read_hex(dir, "device", &device) &&
	       !read_hex(dir, "subsystem_device", &subsys) &&
	       vendor == VPCI_VENDOR_ID && device == VPCI_DEVICE_ID &&
	       subsys == VPCI_SUBSYS_ID;
}

static void *map_file(const char *dir, const char *file, size_t len)
{
	char path[256];
	void *p;
	int fd;

	snprintf(path, sizeof(path), "%s/%s", dir, file);
	fd = open(path, O_RDWR | O_SYNC);
	if (fd < 0)
		return NULL;
	p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	close(fd);
	return p == MAP_FAILED ? NULL : p;
}

static int bind_uio(const struct vpci_dev *d, const char *sysfs_root);

/* The function whose BAR0 says it serves `zone`; its BAR0 stays mapped.
 * Memory decoding is off until a driver enables the function: bind
 * uio_pci_generic first. */
static int find_fn(struct vpci_dev *d, const char *sysfs_root, u32 zone)
{
	char dir[128];
	struct dirent *e;
	DIR *dd;
	int found = -1;

	snprintf(dir, sizeof(dir), "%s/bus/pci/devices", sysfs_root);
	dd = opendir(dir);
	if (!dd)
		return -1;
	while (found && (e = readdir(dd))) {
		volatile u8 *bar0;

		snprintf(d->sysfs, sizeof(d->sysfs), "%.120s/%.40s", dir,
			 e->d_name);
		if (e->d_name[0] == '.' || !is_cvisor_fn(d->sysfs) ||
		    bind_uio(d, sysfs_root))
			continue;
		bar0 = map_file(d->sysfs, "resource0", VB_PAGE_SIZE);
		if (!bar0)
			continue;
		if (io_read32(bar0 + VB_MAGIC) == VB_MAGIC_VALUE &&
		    io_read32(bar0 + VB_ZONE_ID) == zone) {
			d->bar0 = bar0;
			found = 0;
		} else {
			munmap((void *)bar0, VB_PAGE_SIZE);
		}
	}
	closedir(dd);
	return found;
}

static int write_file(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY), err;
	ssize_t n;

	if (fd < 0)
		return -1;
	n = write(fd, text, strlen(text));
	err = n < 0 ? errno : 0; /* before close() may change errno */
	close(fd);
	return n == (ssize_t)strlen(text) || err == EEXIST ? 0 : -1;
}

/* uio_pci_generic takes the function when told its id (new_id). */
static int bind_uio(const struct vpci_dev *d, const char *sysfs_root)
{
	char path[256], id[32];
	struct stat st;

	snprintf(path, sizeof(path), "%s/driver", d->sysfs);
	if (!stat(path, &st))
		return 0;
	snprintf(path, sizeof(path), "%s" UIO_DRIVER "/new_id", sysfs_root);
	if (stat(path, &st) && system("modprobe uio_pci_generic") != 0) {
		fprintf(stderr, "cvisor: virtio: uio_pci_generic is not "
				"loaded and modprobe failed\n");
		return -1;
	}
	snprintf(id, sizeof(id), "%x %x", VPCI_VENDOR_ID, VPCI_DEVICE_ID);
	write_file(path, id); /* EEXIST: added by an earlier run */
	snprintf(path, sizeof(path), "%s/driver", d->sysfs);
	if (stat(path, &st)) {
		fprintf(stderr,
			"cvisor: virtio: %s: uio_pci_generic did not "
			"bind\n",
			d->sysfs);
		return -1;
	}
	return 0;
}

static int open_uio(struct vpci_dev *d)
{
	char path[256];
	struct dirent *e;
	DIR *dd;

	snprintf(path, sizeof(path), "%s/uio", d->sysfs);
	dd = opendir(path);
	if (!dd)
		return -1;
	while ((e = readdir(dd)))
		if (!strncmp(e->d_name, "uio", 3))
			break;
	if (e) {
		snprintf(path, sizeof(path), "/dev/%.40s", e->d_name);
		d->uio = open(path, O_RDONLY | O_CLOEXEC);
	}
	closedir(dd);
	return d->uio < 0 ? -1 : 0;
}

static int map_ram(struct vpci_dev *d)
{
	u64 size = io_read64(d->bar0 + VB_RAM_SIZE);

	d->ram_len = (size_t)size;
	d->ram = map_file(d->sysfs, "resource2_wc", d->ram_len);
	if (!d->ram)
		d->ram = map_file(d->sysfs, "resource2", d->ram_len);
	return d->ram ? 0 : -1;
}

int vpci_dev_open(struct vpci_dev *d, const char *sysfs_root, u32 zone)
{
	char path[256];

	memset(d, 0, sizeof(*d));
	d->uio = d->cfg = -1;
	if (find_fn(d, sysfs_root, zone)) {
		fprintf(stderr,
			"cvisor: virtio: no cvisor PCI function serves "
			"zone %u (no such zone, no virtio devices, or "
			"not the root zone)\n",
			zone);
		return -1;
	}
	if (open_uio(d)) {
		fprintf(stderr, "cvisor: virtio: %s: no /dev/uioN\n", d->sysfs);
		return -1;
	}
	if (map_ram(d)) {
		fprintf(stderr,
			"cvisor: virtio: %s: cannot map BAR2 (the "
			"zone's RAM): %s\n",
			d->sysfs, strerror(errno));
		return -1;
	}
	snprintf(path, sizeof(path), "%s/config", d->sysfs);
	d->cfg = open(path, O_RDWR | O_CLOEXEC);
	return d->cfg < 0 ? -1 : 0;
}

int vpci_dev_unmask(struct vpci_dev *d)
{
	u16 cmd;

	if (pread(d->cfg, &cmd, 2, PCI_COMMAND) != 2)
		return -1;
	cmd &= (u16)~PCI_COMMAND_INTX_DIS;
	return pwrite(d->cfg, &cmd, 2, PCI_COMMAND) == 2 ? 0 : -1;
}

int vpci_dev_wait(struct vpci_dev *d)
{
	u32 count;

	return read(d->uio, &count, 4) == 4 ? 0 : -1;
}

void vpci_dev_close(struct vpci_dev *d)
{
	if (d->ram)
		munmap(d->ram, d->ram_len);
	if (d->bar0)
		munmap((void *)d->bar0, VB_PAGE_SIZE);
	if (d->uio >= 0)
		close(d->uio);
	if (d->cfg >= 0)
		close(d->cfg);
}

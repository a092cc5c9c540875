/*
 * The boot bundle: the binary form of a zone configuration plus the images it
 * names. The host tool tools/cvconfig compiles configs/<name>.json into a
 * bundle; the bootloader (QEMU's -device loader) places it at the platform's
 * staging address; the hypervisor validates it again with the same code
 * (core/config_check.c) before creating any zone. The hypervisor never parses
 * text.
 *
 * Layout drift between the tool and the hypervisor is caught at run time:
 * the header records the format version and the size of every record.
 *
 * All fields are little-endian, all records naturally aligned.
 *
 *   +---------------------------+ 0
 *   | struct cv_bundle_header   |
 *   +---------------------------+ header.zones_offset
 *   | struct cv_zone_config[n]  |
 *   +---------------------------+ (images, each 4 KiB aligned, referenced by
 *   | image data ...            |  struct cv_image.offset from bundle start)
 *   +---------------------------+ header.total_size
 */
#ifndef CVISOR_CONFIG_H
#define CVISOR_CONFIG_H

#include "cvisor/types.h"

#define CV_BUNDLE_MAGIC	  0x4e425643u /* "CVBN" little-endian */
#define CV_BUNDLE_VERSION 1u

#define CV_MAX_ZONES	   8
#define CV_MAX_MEM_REGIONS 8
#define CV_MAX_DEVICES	   16
#define CV_MAX_IRQS	   128
#define CV_MAX_CPUS	   64
#define CV_NAME_LEN	   32
#define CV_CMDLINE_LEN	   512
#define CV_IMAGE_ALIGN	   4096u

/* A zone's device tree (derived by cvisor, or the configuration's own) is
 * placed in the top CV_DTB_AREA_SIZE bytes of its first RAM region; the
 * loader keeps kernel and initrd below it. */
#define CV_DTB_AREA_SIZE 0x200000ull

/* cv_mem_region.flags */
#define CV_MEM_READ  (1u << 0)
#define CV_MEM_WRITE (1u << 1)
#define CV_MEM_EXEC  (1u << 2)
#define CV_MEM_RWX   (CV_MEM_READ | CV_MEM_WRITE | CV_MEM_EXEC)

/* cv_bundle_header.flags */
/* One non-root zone to start next to the running ones (from the root
 * zone, at run time): no root zone in the bundle, and shared-memory peers
 * are running zones, checked by the hypervisor when it starts the zone. */
#define CV_BUNDLE_ADD_ZONE (1u << 0)
/* Leave the IOMMU off: devices reach host-physical memory untranslated.
 * For the DMA isolation test only (it proves the IOMMU is what stops the
 * attack); JSON "iommu": "off". */
#define CV_BUNDLE_IOMMU_OFF (1u << 1)

/* cv_zone_config.flags */
#define CV_ZONE_ROOT	  (1u << 0) /* the root zone: exactly one per bundle */
#define CV_ZONE_AUTOSTART (1u << 1) /* started at boot */

/* Guest RAM: guest-physical [ipa, ipa+size) backed by host [pa, pa+size). */
struct cv_mem_region {
	u64 ipa;
	u64 pa;
	u64 size;
	u32 flags;
	u32 reserved;
};

/* cv_device.flags */
/* The device is a bus master that no IOMMU translates (a virtio-mmio
 * transport, say): the zone can make it read or write any memory. */
#define CV_DEVICE_DMA (1u << 0)

/* A passthrough device: its MMIO range is mapped 1:1 into the zone. */
struct cv_device {
	char name[CV_NAME_LEN];
	u64 base; /* host-physical = guest-physical */
	u64 size;
	u32 flags; /* CV_DEVICE_* */
	u32 reserved;
};

/* cv_console.type */
#define CV_CONSOLE_NONE	     0u /* no emulated console */
#define CV_CONSOLE_PL011     1u /* an emulated Arm PL011 */
#define CV_CONSOLE_NS16550   2u /* an emulated NS16550A, MMIO, reg-shift 0 */
#define CV_CONSOLE_MMIO_SIZE 0x1000u

/*
 * The zone's virtual console: an emulated UART at guest-physical `base`
 * (CV_CONSOLE_MMIO_SIZE bytes) raising the virtual interrupt `irq`. cvisor
 * owns the physical UART and multiplexes the zones' consoles onto it.
 */
struct cv_console {
	u32 type; /* CV_CONSOLE_* */
	u32 irq;  /* virtual SPI id, not owned as a physical interrupt */
	u64 base;
};

/*
 * Shared memory between two zones (inter-zone communication): the same
 * host-physical pages appear in both zones, each at its own `ipa`; both
 * zones declare the link, naming each other, with identical pa and size.
 * When the peer rings (CV_HC_IVC_NOTIFY), this zone receives the virtual
 * SPI `doorbell_irq`.
 */
#define CV_MAX_SHM 4

struct cv_shm {
	u64 ipa;
	u64 pa;
	u64 size;
	u32 peer;	  /* id of the other zone */
	u32 doorbell_irq; /* virtual SPI raised in this zone */
};

/*
 * A virtio-mmio transport of a non-root zone (docs/virtio.md): cvisor
 * emulates its registers at guest-physical `base` (CV_VIRTIO_MMIO_SIZE
 * bytes) and raises the virtual SPI `irq`; a daemon in the root zone
 * serves the device.
 */
#define CV_MAX_VIRTIO	    8
#define CV_VIRTIO_MMIO_SIZE 0x200u
#define CV_VIRTIO_NET	    1u /* the virtio device ids */
#define CV_VIRTIO_BLK	    2u
#define CV_VIRTIO_CONSOLE   3u

struct cv_virtio {
	u32 type; /* CV_VIRTIO_* */
	u32 irq;  /* virtual SPI id, not owned as a physical interrupt */
	u64 base;
};

/*
 * PCI functions assigned to a zone, as a 16-bit requester id: bus[15:8],
 * device[7:3], function[2:0] (which is also the SMMU StreamID on QEMU
 * virt: its iommu-map is the identity). The zone sees only these in its
 * view of the ECAM; their DMA is translated by the zone's memory map.
 */
#define CV_MAX_PCI		 8
#define CV_PCI_BDF(bus, dev, fn) ((u32)(((bus) << 8) | ((dev) << 3) | (fn)))
#define CV_PCI_BUS(bdf)		 ((u32)(bdf) >> 8)
#define CV_PCI_DEV(bdf)		 (((u32)(bdf) >> 3) & 0x1f)
#define CV_PCI_FN(bdf)		 ((u32)(bdf)&7)

/* cv_image.flags */
/* Not in the bundle: the boot loader has put it at load_ipa in the zone's
 * memory, where it runs (cvconfig --place-root-images; QEMU's loader,
 * scripts/run-aarch64). The root zone's kernel and initrd only: the root
 * zone is never reloaded, so the bytes are read once, by the guest. */
#define CV_IMAGE_PLACED (1u << 0)
/* The bytes of an image its head_sum covers. */
#define CV_IMAGE_HEAD 4096u

/* An image of a zone. size == 0 means "absent". */
struct cv_image {
	u64 offset;   /* from the start of the bundle, CV_IMAGE_ALIGN aligned;
			 0 when placed */
	u64 size;     /* bytes */
	u64 load_ipa; /* where the loader puts it; 0 = the loader decides */
	u32 head_sum; /* cv_image_head_sum() of its bytes */
	u32 flags;    /* CV_IMAGE_* */
};

struct cv_zone_config {
	char name[CV_NAME_LEN]; /* NUL-terminated */
	u32 id;			/* unique, 0 for the root zone */
	u32 flags;		/* CV_ZONE_* */
	u64 cpus;		/* bitmask of physical CPU ids the zone owns */
	u32 nr_mem;
	u32 nr_devices;
	u32 nr_irqs;
	u32 reserved;
	struct cv_mem_region mem[CV_MAX_MEM_REGIONS];
	struct cv_device devices[CV_MAX_DEVICES];
	u32 irqs[CV_MAX_IRQS]; /* physical interrupt ids (SPIs) the zone owns */
	struct cv_image kernel;
	struct cv_image initrd;
	struct cv_image dtb; /* absent: cvisor derives one */
	u64 entry_ipa;	     /* 0 = from the kernel image */
	struct cv_console console;
	u32 nr_shm;
	u32 reserved2;
	struct cv_shm shm[CV_MAX_SHM];
	u32 nr_pci;
	u32 reserved3;
	u32 pci[CV_MAX_PCI]; /* PCI functions the zone owns: CV_PCI_BDF() */
	char cmdline[CV_CMDLINE_LEN];
	u32 nr_virtio;
	u32 reserved4;
	struct cv_virtio virtio[CV_MAX_VIRTIO];
};

struct cv_bundle_header {
	u32 magic;	  /* CV_BUNDLE_MAGIC */
	u32 version;	  /* CV_BUNDLE_VERSION */
	u64 total_size;	  /* bytes, header + zones + images */
	u32 header_size;  /* sizeof(struct cv_bundle_header) */
	u32 zone_size;	  /* sizeof(struct cv_zone_config) */
	u32 zones_offset; /* from the start of the bundle */
	u32 nr_zones;
	u32 checksum; /* cv_bundle_checksum() of the header and the zone
		       * table (cv_bundle_meta_size() bytes), this field 0:
		       * every field of every zone, the images' sizes,
		       * places and head sums included */
	u32 flags;    /* CV_BUNDLE_* */
};

/* What the running machine offers, for the platform-dependent checks.
 * A host tool that knows only the architecture sets arch_only and gives
 * the interrupt range: nothing else of the machine is checked. */
/* A frame of MMIO cvisor keeps for itself, and what it is ("the SMMU's
 * registers"), for the validator's messages. */
#define CV_MAX_HV_MMIO 8 /* GIC frames (4 on GICv2), SMMU, ECAM */
struct cv_hv_mmio {
	u64 base, size;
	const char *what;
};

struct cv_platform_limits {
	u32 nr_cpus;   /* CPU ids 0..nr_cpus-1 exist */
	u32 nr_irqs;   /* interrupt ids below this exist */
	u32 first_spi; /* ids below this are per-CPU and cannot be owned */
	/* What the interrupt controller calls such an id, for messages:
	 * "SPI" (GIC), "interrupt source" (PLIC/APLIC), "IOAPIC pin";
	 * NULL: "interrupt". */
	const char *irq_kind;
	u32 nr_ram;
	struct {
		u64 base, size;
	} ram[8];    /* physical RAM */
	u64 hv_base; /* memory reserved by the hypervisor (incl. staging) */
	u64 hv_size;
	u32 has_iommu;	 /* an IOMMU translates the PCI functions' DMA */
	u32 has_pci;	 /* pci_bus0 below is known */
	u64 pci_bus0[4]; /* bit devfn: a function answers on bus 0 */
	u32 arch_only;	 /* only nr_irqs and first_spi are known */
	/* MMIO only cvisor may touch: no passthrough device may overlap it
	 * (a zone with the SMMU's registers could switch translation off,
	 * with the ECAM reprogram any function, with the GIC's distributor,
	 * redistributors or hypervisor interface take other zones'
	 * interrupts). */
	u32 nr_hv_mmio;
	struct cv_hv_mmio hv_mmio[CV_MAX_HV_MMIO];
};

/* Why validation failed: which zone, which field, and a sentence. */
struct cv_config_error {
	int zone;	  /* index, or -1 for the header */
	char field[64];	  /* e.g. "mem[1].pa" */
	char reason[160]; /* e.g. "overlaps hypervisor memory
			     0x40000000+0x8000000" */
};

/*
 * Validate a bundle of bundle_size bytes. plat may be NULL: only the
 * platform-independent rules, interrupts checked as GIC SPIs (32..1019).
 * Returns 0, or -CV_EINVAL with *err filled.
 */
int cv_config_validate(const void *bundle, u64 bundle_size,
		       const struct cv_platform_limits *plat,
		       struct cv_config_error *err);

/*
 * Warnings about a valid bundle: what it leaves unprotected (a DMA-capable
 * device outside any IOMMU, PCI functions with the IOMMU switched off).
 * Calls warn(ctx, zone index, field, reason) for each; returns how many.
 */
typedef void (*cv_config_warn_fn)(void *ctx, int zone, const char *field,
				  const char *reason);
u32 cv_config_warnings(const void *bundle, cv_config_warn_fn warn, void *ctx);

/* Checksum over size bytes (the header's checksum field counts as zero). */
u32 cv_bundle_checksum(const void *bundle, u64 size);
/* The bytes header.checksum covers: the header and the zone table, at
 * most size (a damaged header's table may claim more). */
u64 cv_bundle_meta_size(const struct cv_bundle_header *h, u64 size);
/* An image's head sum: its size and its first CV_IMAGE_HEAD bytes (for an
 * arm64 Image its header, the text offset and image size Linux boots
 * from). Checking it instead of every byte keeps a 32 MiB kernel's check
 * at a few thousand instructions: it catches a bundle whose images are
 * not the ones its table describes (another build, a truncated or
 * misplaced file), not a flipped bit deep inside an image. */
u32 cv_image_head_sum(const void *image, u64 size);

static inline const struct cv_zone_config *
cv_bundle_zone(const struct cv_bundle_header *h, u32 i)
{
	return (const struct cv_zone_config *)((const u8 *)h + h->zones_offset +
					       (u64)i * h->zone_size);
}

#endif

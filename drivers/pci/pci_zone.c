/*
 * Zones and their PCI functions: the emulated ECAM (every access of the
 * zone to the configuration space traps here), a clean start (decoding and
 * bus mastering off, BARs unplaced), the INTx check, the SMMU streams.
 */
#include "cvisor/errno.h"
#include "cvisor/log.h"
#include "cvisor/memory.h"
#include "cvisor/zone.h"
#include "drivers/iommu/smmuv3.h"
#include "drivers/pci/ecam_host.h"
#include "drivers/pci/pci_host.h"

static struct {
	struct zone *zone;
	struct pci_view *view;
} views[CV_MAX_ZONES];

static const char *refusal(enum pci_view_result r)
{
	return r == PCI_VIEW_FOREIGN ? "a function it does not own"
				     : "a BAR outside its share of the MMIO "
				       "windows: not placed";
}

static int ecam_access(struct vcpu *vcpu, struct mmio_access *a, void *priv)
{
	struct pci_view *v = priv;
	enum pci_view_result r;

	if (!a->write) {
		a->value =
		    a->size == 8 ? ~0ull : pci_view_read(v, a->offset, a->size);
		return 0;
	}
	if (a->size == 8)
		return -CV_EINVAL;
	r = pci_view_write(v, a->offset, a->size, (u32)a->value);
	/* Writes to read-only registers (absent BARs, the ROM) are what an OS
	 * does while it sizes a function: dropped quietly. */
	if (r == PCI_VIEW_FOREIGN || r == PCI_VIEW_BAR_REFUSED)
		zone_warn(vcpu->zone,
			  "zone %u vcpu%u: PCI config write 0x%llx at "
			  "%02x:%02x.%u +0x%03llx: %s",
			  vcpu->zone->id, vcpu->id,
			  (unsigned long long)a->value,
			  CV_PCI_BUS(pci_ecam_bdf(a->offset)),
			  CV_PCI_DEV(pci_ecam_bdf(a->offset)),
			  CV_PCI_FN(pci_ecam_bdf(a->offset)),
			  (unsigned long long)(a->offset & 0xfff), refusal(r));
	return 0;
}

/* The zone's share of the MMIO windows: its devices inside them. */
static void add_windows(struct pci_view *v, const struct cv_zone_config *cfg)
{
	struct pci_window w;

	for (u32 d = 0; d < cfg->nr_devices; d++) {
		for (u32 i = 0; pci_host_window(i, &w); i++) {
			if (range_within(cfg->devices[d].base,
					 cfg->devices[d].size, w.base, w.size))
				pci_view_add_window(v, cfg->devices[d].base,
						    cfg->devices[d].size);
		}
	}
}

/* Decoding and bus mastering off, BARs at 0: the state a zone starts its
 * functions in, and leaves them in. */
static void quiesce(struct pci_view *v)
{
	for (u32 i = 0; i < v->nr_fns; i++) {
		struct pci_view_fn *f = &v->fn[i];

		for (u32 b = 0; b < PCI_NR_BARS; b++)
			f->bar[b] = (struct pci_bar_state){0};

		v->ops.write32(NULL, f->bdf, PCI_REG_COMMAND, 0);
		for (u32 b = 0; b < PCI_NR_BARS; b++) {
			if (f->bars.kind[b] >= PCI_BAR_MEM32)
				v->ops.write32(NULL, f->bdf,
					       PCI_REG_BAR0 + 4 * b, 0);
		}
	}
}

static void log_function(const struct zone *zone, u16 bdf)
{
	u32 spi = pci_host_intx_spi(bdf);

	if (spi && !zone_owns_irq(zone, spi))
		pr_warn("pci: zone %u: %02x:%02x.%u raises INTx on interrupt "
			"%u, which the zone does not own: not delivered",
			zone->id, CV_PCI_BUS(bdf), CV_PCI_DEV(bdf),
			CV_PCI_FN(bdf), spi);
	else
		pr_info("pci: zone %u owns %02x:%02x.%u (StreamID 0x%x, "
			"INTx %u)",
			zone->id, CV_PCI_BUS(bdf), CV_PCI_DEV(bdf),
			CV_PCI_FN(bdf), pci_host_sid(bdf), spi);
}

static int make_view(struct zone *zone, struct pci_view **out, u32 *sids)
{
	const struct cv_zone_config *cfg = zone->cfg;
	struct pci_view *v = hv_alloc(sizeof(*v));
	paddr_t ecam;
	u64 size;
	int err = v ? 0 : -CV_ENOMEM;

	if (err)
		return err;
	*v = (struct pci_view){.ops = pci_host_ops()};
	add_windows(v, cfg);
	for (u32 i = 0; !err && i < cfg->nr_pci; i++) {
		u16 bdf = (u16)cfg->pci[i];
		const struct pci_fn_bars *b = pci_host_bars(bdf);

		err = b ? pci_view_add(v, bdf, b) : -CV_ENOENT;
		sids[i] = pci_host_sid(bdf);
	}
	pci_host_ecam(&ecam, &size); /* emulated at IPA = its PA */
	if (!err)
		err = mmio_register(&zone->mmio, ipa_init(pa_addr(ecam)), size,
				    ecam_access, v, "pci-ecam");
	if (err) {
		hv_free(v);
		return err;
	}
	quiesce(v);
	*out = v;
	return 0;
}

int pci_zone_attach(struct zone *zone)
{
	u32 sids[CV_MAX_PCI], slot = CV_MAX_ZONES;
	struct pci_view *v;
	int err;

	if (!zone->cfg->nr_pci)
		return 0;
	for (u32 i = 0; i < CV_MAX_ZONES && slot == CV_MAX_ZONES; i++)
		slot = views[i].zone ? slot : i;
	if (slot == CV_MAX_ZONES)
		return -CV_ENOMEM;
	err = make_view(zone, &v, sids);
	if (err)
		return err;
	views[slot].zone = zone;
	views[slot].view = v;
	for (u32 i = 0; i < zone->cfg->nr_pci; i++)
		log_function(zone, (u16)zone->cfg->pci[i]);
	err = smmu_zone_attach(zone, sids, zone->cfg->nr_pci);
	if (err)
		pci_zone_detach(zone);
	return err;
}

void pci_zone_stop(struct zone *zone)
{
	for (u32 i = 0; i < CV_MAX_ZONES; i++) {
		if (views[i].zone == zone) {
			quiesce(views[i].view);
			smmu_drain_events();
		}
	}
}

void pci_zone_detach(struct zone *zone)
{
	for (u32 i = 0; i < CV_MAX_ZONES; i++) {
		if (views[i].zone != zone)
			continue;
		quiesce(views[i].view); /* no more DMA from its functions */
		smmu_zone_detach(zone);
		hv_free(views[i].view);
		views[i].zone = NULL;
		views[i].view = NULL;
	}
}

#include "cvisor/mmio.h"

#include "cvisor/errno.h"

int mmio_register(struct mmio_table *t, ipa_t base, u64 size,
		  mmio_handler_t handler, void *priv, const char *name)
{
	u64 b = ipa_addr(base);
	u32 pos = 0;

	if (!size || !handler || b + size < b)
		return -CV_EINVAL;
	if (t->count == MMIO_MAX_REGIONS)
		return -CV_ENOMEM;
	while (pos < t->count && ipa_addr(t->region[pos].base) < b)
		pos++;
	if ((pos > 0 && ranges_overlap(ipa_addr(t->region[pos - 1].base),
				       t->region[pos - 1].size, b, size)) ||
	    (pos < t->count && ranges_overlap(ipa_addr(t->region[pos].base),
					      t->region[pos].size, b, size)))
		return -CV_EEXIST;
	for (u32 i = t->count; i > pos; i--)
		t->region[i] = t->region[i - 1];
	t->region[pos] = (struct mmio_region){base, size, handler, priv, name};
	t->count++;
	return 0;
}

/* Binary search: the trap path calls this for every emulated access. */
const struct mmio_region *mmio_find(const struct mmio_table *t, ipa_t ipa,
				    u32 size)
{
	u64 addr = ipa_addr(ipa);
	u32 lo = 0, hi = t->count;

	while (lo < hi) {
		u32 mid = lo + (hi - lo) / 2;
		const struct mmio_region *r = &t->region[mid];
		u64 base = ipa_addr(r->base);

		if (addr < base)
			hi = mid;
		else if (addr - base >= r->size)
			lo = mid + 1;
		else
			return range_within(addr, size, base, r->size) ? r
								       : NULL;
	}
	return NULL;
}

int mmio_dispatch(const struct mmio_table *t, struct vcpu *vcpu,
		  struct mmio_access *a)
{
	const struct mmio_region *r = mmio_find(t, a->addr, a->size);

	if (!r)
		return -CV_ENOENT;
	a->offset = ipa_addr(a->addr) - ipa_addr(r->base);
	return r->handler(vcpu, a, r->priv);
}

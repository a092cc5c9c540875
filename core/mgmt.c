/* The root zone's management device (registers in cvisor/hypercall.h). */
#include "cvisor/mgmt.h"

#include "cvisor/errno.h"
#include "cvisor/hypercall.h"
#include "cvisor/memory.h"
#include "cvisor/platform.h"
#include "cvisor/zone.h"

struct mgmt_regs {
	u64 arg[3];
	u64 result;
};

bool mgmt_window(const struct zone *zone, ipa_t *ipa, u64 *size)
{
	const struct cv_mem_region *m = &zone->cfg->mem[0];

	/* Keep at least as much for the zone itself as the window takes. */
	if (m->size < 2 * CV_MGMT_WINDOW_SIZE + CV_DTB_AREA_SIZE)
		return false;
	*ipa =
	    ipa_init(m->ipa + m->size - CV_DTB_AREA_SIZE - CV_MGMT_WINDOW_SIZE);
	*size = CV_MGMT_WINDOW_SIZE;
	return true;
}

static int mgmt_access(struct vcpu *vcpu, struct mmio_access *a, void *priv)
{
	struct mgmt_regs *r = priv;
	u64 reg = a->offset;

	if (a->size != 8 || reg % 8)
		return -CV_EINVAL;
	if (!a->write) {
		a->value = reg == CV_MGMT_RESULT ? r->result
			   : reg < CV_MGMT_CALL	 ? r->arg[reg / 8]
						 : 0;
		return 0;
	}
	if (reg < CV_MGMT_CALL)
		r->arg[reg / 8] = a->value;
	else if (reg == CV_MGMT_CALL)
		r->result = (u64)hypercall_dispatch(
		    vcpu, (u32)(a->value & CV_HC_CODE_MASK), r->arg[0],
		    r->arg[1], r->arg[2]);
	return 0;
}

int mgmt_device_create(struct zone *zone)
{
	struct mgmt_regs *r = hv_alloc(sizeof(*r));

	if (!r)
		return -CV_ENOMEM;
	zone->mgmt = r;
	return mmio_register(&zone->mmio, platform.mgmt_ipa, CV_MGMT_SIZE,
			     mgmt_access, r, "cvisor-management");
}

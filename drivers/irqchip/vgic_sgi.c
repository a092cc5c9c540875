/*
 * Virtual SGIs between the vCPUs of a zone: the guest's ICC_SGI1R_EL1
 * (GICv3, a trapped system register write) or GICD_SGIR (GICv2, a
 * trapped store).
 *
 * GICv3 takes a short path (docs/bench.md, "IPI"): the sender sets the
 * SGI's bit in the target vCPU's sgis_posted word and, when the word was
 * empty, sends cvisor's IPI to the target's CPU; that CPU takes the whole
 * word at once (vgic_take_posted_sgis) and puts each SGI in a list
 * register. A GICv3 list register has no source CPU, so a bit per SGI is
 * all the state there is. GICv2's SGIs carry their source (GICH_LR.CPUID)
 * and go through the event queue.
 */
#include "cvisor/log.h"
#include "cvisor/percpu.h"
#include "drivers/irqchip/vgic.h"

/* SGIs aimed at vCPUs the zone does not have reach nobody; say so. */
static void note_foreign_sgi(struct vcpu *vcpu, u64 targets, u32 sgi)
{
	if (vcpu->zone->refused_sgis++ < VGIC_LOG_LIMIT)
		pr_warn("zone %u vcpu%u: SGI %u to vCPU mask 0x%llx outside "
			"the zone (%u vCPUs): ignored",
			vcpu->zone->id, vcpu->id, sgi,
			(unsigned long long)targets, vcpu->zone->nr_vcpus);
}

/* GICv3: post sgi to target. The IPI goes only with the first posted
 * bit: until the target takes the word, its IPI is on its way. */
static void post_sgi(struct vcpu *target, u32 sgi, u32 self)
{
	u32 was;

	if (target->pcpu == self) {
		vgic_inject_event(target, sgi);
		return;
	}
	was = __atomic_fetch_or(&target->arch.sgis_posted, 1u << sgi,
				__ATOMIC_RELEASE);
	if (!was)
		gic_ops->send_sgi(target->pcpu, GIC_IPI_SGI);
}

void vgic_take_posted_sgis(struct vcpu *vcpu)
{
	u32 sgis;

	if (!vcpu)
		return;
	sgis =
	    __atomic_exchange_n(&vcpu->arch.sgis_posted, 0, __ATOMIC_ACQUIRE);
	if (!sgis || vcpu->state != VCPU_ON)
		return;
	while (sgis) {
		u32 sgi = (u32)__builtin_ctz(sgis);

		sgis &= sgis - 1;
		if (vcpu->arch.pending.count || !gic_ops->place_sgi(sgi)) {
			vgic_inject(vcpu, sgi, false, 0);
			continue;
		}
		vcpu->nr_irqs++;
	}
}

/* GICv3 (ICC_SGI1R_EL1 traps only there): post to each vCPU of targets. */
static void post_sgi_mask(struct vcpu *vcpu, u64 targets, u32 sgi)
{
	while (targets) {
		u32 i = (u32)__builtin_ctzll(targets);

		targets &= targets - 1;
		post_sgi(&vcpu->zone->vcpus[i], sgi, vcpu->pcpu);
	}
}

/* ICC_SGI1R_EL1: TargetList[15:0] Aff1[23:16] INTID[27:24] Aff2[39:32]
 * IRM[40] RS[47:44] Aff3[55:48]. Virtual MPIDRs have only Aff0. */
#define SGI1R_IRM BIT(40)
#define SGI1R_NOT_AFF0_16                                                      \
	(BITS(55, 48) | BITS(47, 44) | BITS(39, 32) | BITS(23, 16))

static void __attribute__((noinline)) send_sgi_v3_any(struct vcpu *vcpu, u64 v)
{
	u32 sgi = (u32)FIELD_GET(27, 24, v);
	u64 all = BITS(vcpu->zone->nr_vcpus - 1, 0);
	u64 list = v & 0xffff;

	if (v & SGI1R_IRM) {
		post_sgi_mask(vcpu, all & ~BIT(vcpu->id), sgi);
		return;
	}
	if (v & SGI1R_NOT_AFF0_16) {
		note_foreign_sgi(vcpu, list, sgi);
		return; /* no vCPU has those affinities */
	}
	if (list & ~all)
		note_foreign_sgi(vcpu, list, sgi);
	post_sgi_mask(vcpu, list & all, sgi);
}

void vgic_send_sgi_v3(struct vcpu *vcpu, u64 v)
{
	u64 list = v & 0xffff;
	u32 to = (u32)__builtin_ctzll(list | BIT(16));

	/* The usual IPI: one vCPU of the zone, named in TargetList. */
	if (!(v & (SGI1R_IRM | SGI1R_NOT_AFF0_16)) && list == BIT(to) &&
	    to < vcpu->zone->nr_vcpus) {
		post_sgi(&vcpu->zone->vcpus[to], (u32)FIELD_GET(27, 24, v),
			 vcpu->pcpu);
		return;
	}
	send_sgi_v3_any(vcpu, v);
}

/* GICv2: through the event queue, with the source vCPU. */
static void deliver_sgi_mask(struct vcpu *vcpu, u64 targets, u32 sgi)
{
	while (targets) {
		u32 i = (u32)__builtin_ctzll(targets);

		targets &= targets - 1;
		vgic_deliver(&vcpu->zone->vcpus[i], sgi, vcpu->id);
	}
}

/* GICD_SGIR: TargetListFilter[25:24] CPUTargetList[23:16] INTID[3:0]. */
void vgic_send_sgi_v2(struct vcpu *vcpu, u32 v)
{
	u32 sgi = v & 0xf;
	u64 all = BITS(vcpu->zone->nr_vcpus - 1, 0);

	switch (FIELD_GET(25, 24, v)) {
	case 0:
		if (FIELD_GET(23, 16, v) & ~all)
			note_foreign_sgi(vcpu, FIELD_GET(23, 16, v), sgi);
		deliver_sgi_mask(vcpu, FIELD_GET(23, 16, v) & all, sgi);
		break;
	case 1:
		deliver_sgi_mask(vcpu, all & ~BIT(vcpu->id), sgi);
		break;
	case 2:
		deliver_sgi_mask(vcpu, BIT(vcpu->id), sgi);
		break;
	default: /* the reserved filter value: the SGI goes nowhere */
		note_foreign_sgi(vcpu, FIELD_GET(23, 16, v), sgi);
		break;
	}
}

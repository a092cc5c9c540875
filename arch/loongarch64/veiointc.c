/* The emulated EIOINTC (veiointc.h). */
#include "arch/loongarch64/veiointc.h"

#include "arch/loongarch64/regbytes.h"
#include "cvisor/errno.h"

#define REGION(addr, base, bytes)                                              \
	((addr) >= (base) && (addr) < (base) + (bytes))

void veio_reset(struct veio *e, u32 nr_vcpus)
{
	*e = (struct veio){0};
	e->nr_vcpus = nr_vcpus < VEIO_MAX_VCPUS ? nr_vcpus : VEIO_MAX_VCPUS;
}

/* ROUTE [3:0]: the lowest set bit names the vCPU; none or an absent one
 * is vCPU 0 (the interrupt is not lost). */
static u32 target(const struct veio *e, u32 vec)
{
	u32 map = e->route[vec] & 0xfu;
	u32 t = map ? (u32)__builtin_ctz(map) : 0;

	return t < e->nr_vcpus ? t : 0;
}

static void latch(struct veio *e, u32 word, u64 bits)
{
	for (u32 b = 0; bits; b++, bits >>= 1) {
		if (bits & 1)
			e->coreisr[target(e, word * 64 + b)][word] |= BIT(b);
	}
}

static void drop(struct veio *e, u32 word, u64 bits)
{
	for (u32 c = 0; c < VEIO_MAX_VCPUS; c++)
		e->coreisr[c][word] &= ~bits;
}

/* The 64-bit word array an address is in (and its word index), or NULL
 * for the byte arrays and anything else. */
static u64 *words(struct veio *e, u32 vcpu, u64 addr, u32 *idx)
{
	static const struct {
		u32 base, bytes;
	} regs[] = {{VEIO_NODETYPE, 32},
		    {VEIO_ENABLE, 32},
		    {VEIO_BOUNCE, 32},
		    {VEIO_ISR, 32},
		    {VEIO_COREISR, 32}};
	u64 *arr[] = {e->nodetype, e->enable, e->bounce, e->input,
		      e->coreisr[vcpu]};

	for (u32 i = 0; i < sizeof(regs) / sizeof(regs[0]); i++) {
		if (REGION(addr, regs[i].base, regs[i].bytes)) {
			*idx = (u32)(addr - regs[i].base) / 8;
			return arr[i];
		}
	}
	return NULL;
}

int veio_read(const struct veio *e, u32 vcpu, u64 addr, u32 size, u64 *val)
{
	u32 idx;
	const u64 *w;

	if (!regb_size_ok(addr, size) || vcpu >= e->nr_vcpus)
		return -CV_EINVAL;
	if (REGION(addr, VEIO_IPMAP, 8)) {
		*val = regb_array_get(&e->ipmap[addr - VEIO_IPMAP], size);
		return 0;
	}
	if (REGION(addr, VEIO_ROUTE, VEIO_VECS)) {
		*val = regb_array_get(&e->route[addr - VEIO_ROUTE], size);
		return 0;
	}
	w = words((struct veio *)e, vcpu, addr, &idx);
	if (!w)
		return -CV_EINVAL;
	*val = regb_get(w[idx], (u32)(addr & 7), size);
	return 0;
}

/* ENABLE: a vector enabled while its input is up is delivered; one
 * disabled is no longer pending anywhere. */
static void write_enable(struct veio *e, u32 idx, u64 now)
{
	u64 was = e->enable[idx];

	e->enable[idx] = now;
	latch(e, idx, now & ~was & e->input[idx]);
	drop(e, idx, was & ~now);
}

int veio_write(struct veio *e, u32 vcpu, u64 addr, u32 size, u64 val)
{
	u32 idx, byte = (u32)(addr & 7);
	u64 *w;

	if (!regb_size_ok(addr, size) || vcpu >= e->nr_vcpus)
		return -CV_EINVAL;
	if (REGION(addr, VEIO_IPMAP, 8)) {
		regb_array_put(&e->ipmap[addr - VEIO_IPMAP], size, val);
		return 0;
	}
	if (REGION(addr, VEIO_ROUTE, VEIO_VECS)) {
		regb_array_put(&e->route[addr - VEIO_ROUTE], size, val);
		return 0;
	}
	w = words(e, vcpu, addr, &idx);
	if (!w)
		return -CV_EINVAL;
	if (w == e->input)
		return 0; /* ISR is read-only */
	if (w == e->coreisr[vcpu])
		e->coreisr[vcpu][idx] &= ~regb_put(0, byte, size, val);
	else if (w == e->enable)
		write_enable(e, idx, regb_put(w[idx], byte, size, val));
	else
		w[idx] = regb_put(w[idx], byte, size, val);
	return 0;
}

int veio_any_send(struct veio *e, u64 word)
{
	u64 addr = FIELD_GET(15, 0, word);
	u32 vcpu = (u32)FIELD_GET(25, 16, word);
	u64 keep = 0, old;

	if (!veio_is_reg(addr) || addr & 3 || vcpu >= e->nr_vcpus)
		return -CV_EINVAL;
	for (u32 b = 0; b < 4; b++) {
		if (word & BIT(27 + b))
			keep |= 0xffull << (b * 8);
	}
	/* COREISR is write-1-to-clear: kept bytes are written as 0. */
	if (REGION(addr, VEIO_COREISR, 32))
		old = 0;
	else if (veio_read(e, vcpu, addr, 4, &old))
		return -CV_EINVAL;
	return veio_write(e, vcpu, addr, 4,
			  (old & keep) | ((word >> 32) & ~keep));
}

void veio_set_inputs(struct veio *e, const u64 in[VEIO_WORDS])
{
	for (u32 i = 0; i < VEIO_WORDS; i++) {
		u64 rise = in[i] & ~e->input[i], fall = e->input[i] & ~in[i];

		e->input[i] = in[i];
		latch(e, i, rise & e->enable[i]);
		drop(e, i, fall);
	}
}

u8 veio_hwis(const struct veio *e, u32 vcpu)
{
	u8 hwis = 0;

	if (vcpu >= e->nr_vcpus)
		return 0;
	for (u32 g = 0; g < VEIO_VECS / 32; g++) {
		u32 map = e->ipmap[g] & 0xfu;

		if ((e->coreisr[vcpu][g / 2] >> (32 * (g % 2))) & 0xffffffffull)
			hwis |= (u8)BIT(map ? __builtin_ctz(map) : 0);
	}
	return hwis;
}

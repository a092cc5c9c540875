/*
 * loongarch64's emulated interrupt controllers on the host: the PCH-PIC
 * (vpchpic.c) and the EIOINTC (veiointc.c), driven the way Linux's
 * pch-pic and eiointc drivers program them, and chained pin -> vector ->
 * vCPU HWI line as virq.c chains them.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "arch/loongarch64/veiointc.h"
#include "arch/loongarch64/vpchpic.h"
#include "cvisor/errno.h"

#define UART_PIN 2u

/* Linux's pch_pic_reset with pic-base-vec 0: HTVEC = pin, route INT0,
 * all masked and cleared, no auto bounce, HT-MSI on. */
static void linux_pch_reset(struct vpch *p)
{
	vpch_reset(p);
	for (u32 i = 0; i < VPCH_PINS; i++) {
		assert_int_equal(vpch_write(p, VPCH_HTVEC + i, 1, i), 0);
		assert_int_equal(vpch_write(p, VPCH_ROUTE + i, 1, 1), 0);
	}
	for (u32 i = 0; i < 2; i++) {
		assert_int_equal(vpch_write(p, VPCH_MASK + 4 * i, 4, ~0u), 0);
		assert_int_equal(vpch_write(p, VPCH_CLEAR + 4 * i, 4, ~0u), 0);
		assert_int_equal(vpch_write(p, VPCH_AUTO0 + 4 * i, 4, 0), 0);
		assert_int_equal(vpch_write(p, VPCH_AUTO1 + 4 * i, 4, 0), 0);
		assert_int_equal(vpch_write(p, VPCH_HTMSI_EN + 4 * i, 4, ~0u),
				 0);
	}
}

/* Linux's pch_pic_bitset/bitclr: a 32-bit read-modify-write. */
static void bit_rmw(struct vpch *p, u64 reg, u32 pin, bool set)
{
	u64 off = reg + (pin / 32) * 4, v;

	assert_int_equal(vpch_read(p, off, 4, &v), 0);
	v = set ? v | (1u << (pin % 32)) : v & ~(1ull << (pin % 32));
	assert_int_equal(vpch_write(p, off, 4, v), 0);
}

/* Linux's unmask: clear the request, then the mask bit. */
static void linux_unmask(struct vpch *p, u32 pin)
{
	assert_int_equal(
	    vpch_write(p, VPCH_CLEAR + (pin / 32) * 4, 4, 1u << (pin % 32)), 0);
	bit_rmw(p, VPCH_MASK, pin, false);
}

static u64 out0(const struct vpch *p)
{
	u64 out[VPCH_VECS / 64];

	vpch_outputs(p, out);
	assert_int_equal(out[1] | out[2] | out[3], 0);
	return out[0];
}

static void test_vpch_id_and_reset(void **state)
{
	struct vpch p;
	u64 v;

	(void)state;
	vpch_reset(&p);
	/* Linux: vec_count = ((readq(base) >> 48) & 0xff) + 1 */
	assert_int_equal(vpch_read(&p, VPCH_INT_ID, 8, &v), 0);
	assert_int_equal(((v >> 48) & 0xff) + 1, 64);
	assert_int_equal(vpch_read(&p, VPCH_INT_ID + 4, 4, &v), 0);
	assert_int_equal(v, 0x003f0001);
	assert_int_equal(vpch_read(&p, VPCH_MASK, 8, &v), 0);
	assert_int_equal(v, ~0ull);
	/* read-only ID ignores writes */
	assert_int_equal(vpch_write(&p, VPCH_INT_ID, 4, 0), 0);
	assert_int_equal(vpch_read(&p, VPCH_INT_ID, 4, &v), 0);
	assert_int_equal(v, 0x07000000);
	vpch_set_pin(&p, UART_PIN, true);
	assert_int_equal(out0(&p), 0); /* masked, HT-MSI off */
}

static void test_vpch_level_pin(void **state)
{
	struct vpch p;
	u64 v;

	(void)state;
	linux_pch_reset(&p);
	bit_rmw(&p, VPCH_EDGE, UART_PIN, false); /* IRQ_TYPE_LEVEL_HIGH */
	bit_rmw(&p, VPCH_POL, UART_PIN, false);
	vpch_set_pin(&p, UART_PIN, true);
	assert_int_equal(out0(&p), 0); /* still masked */
	assert_int_equal(vpch_read(&p, VPCH_IRR, 8, &v), 0);
	assert_int_equal(v, 1u << UART_PIN);
	assert_int_equal(vpch_read(&p, VPCH_STATUS, 8, &v), 0);
	assert_int_equal(v, 0);
	linux_unmask(&p, UART_PIN);
	assert_int_equal(out0(&p), 1u << UART_PIN);
	/* CLEAR does not drop a level request: the line is still up */
	assert_int_equal(vpch_write(&p, VPCH_CLEAR, 4, 1u << UART_PIN), 0);
	assert_int_equal(out0(&p), 1u << UART_PIN);
	bit_rmw(&p, VPCH_MASK, UART_PIN, true); /* handle_level_irq's mask */
	assert_int_equal(out0(&p), 0);
	vpch_set_pin(&p, UART_PIN, false); /* the driver served the UART */
	linux_unmask(&p, UART_PIN);
	assert_int_equal(out0(&p), 0);
	/* HTVEC moves the pin to another vector */
	assert_int_equal(vpch_write(&p, VPCH_HTVEC + UART_PIN, 1, 200), 0);
	vpch_set_pin(&p, UART_PIN, true);
	{
		u64 out[VPCH_VECS / 64];

		vpch_outputs(&p, out);
		assert_int_equal(out[0], 0);
		assert_int_equal(out[3], 1ull << (200 - 192));
	}
}

static void test_vpch_edge_pin(void **state)
{
	struct vpch p;

	(void)state;
	linux_pch_reset(&p);
	bit_rmw(&p, VPCH_EDGE, 40, true); /* in EDGE_HI */
	linux_unmask(&p, 40);
	vpch_set_pin(&p, 40, true);
	vpch_set_pin(&p, 40, false); /* a pulse stays latched */
	{
		u64 out[VPCH_VECS / 64];

		vpch_outputs(&p, out);
		assert_int_equal(out[0], 1ull << 40);
	}
	/* CLEAR_HI as a 4-byte write drops it */
	assert_int_equal(vpch_write(&p, VPCH_CLEAR + 4, 4, 1u << 8), 0);
	assert_int_equal(out0(&p), 0);
	/* held high: no new request without a new rise */
	vpch_set_pin(&p, 40, true);
	assert_int_equal(vpch_write(&p, VPCH_CLEAR, 8, 1ull << 40), 0);
	vpch_set_pin(&p, 40, true);
	assert_int_equal(out0(&p), 0);
	/* turned into a level pin, the held input requests at once */
	bit_rmw(&p, VPCH_EDGE, 40, false);
	assert_int_equal(out0(&p), 1ull << 40);
}

static void test_vpch_bad_accesses(void **state)
{
	struct vpch p;
	u64 v;

	(void)state;
	vpch_reset(&p);
	assert_int_equal(vpch_read(&p, VPCH_MASK + 2, 4, &v), -CV_EINVAL);
	assert_int_equal(vpch_read(&p, VPCH_MASK, 3, &v), -CV_EINVAL);
	assert_int_equal(vpch_read(&p, VPCH_SIZE, 4, &v), -CV_EINVAL);
	assert_int_equal(vpch_read(&p, 0x300, 4, &v), -CV_EINVAL);
	assert_int_equal(vpch_write(&p, 0x300, 4, 0), -CV_EINVAL);
	assert_int_equal(vpch_write(&p, VPCH_MASK + 1, 2, 0), -CV_EINVAL);
	/* HTVEC[255]: Linux's "no vector yet" at reset, past the pins */
	assert_int_equal(vpch_write(&p, VPCH_HTVEC + 0xff, 1, 0xff), 0);
	assert_int_equal(vpch_read(&p, VPCH_HTVEC + 0xfc, 4, &v), 0);
	assert_int_equal(v, 0);
	vpch_set_pin(&p, 64, true); /* no such pin: ignored */
	assert_int_equal(vpch_read(&p, VPCH_IRR, 8, &v), 0);
	assert_int_equal(v, 0);
}

/* Linux's eiointc_router_init for one node, parent HWI1 (cpuic 3). */
static void linux_eio_init(struct veio *e, u32 nr_vcpus)
{
	veio_reset(e, nr_vcpus);
	for (u32 i = 0; i < 8; i++)
		assert_int_equal(
		    veio_write(e, 0, VEIO_NODETYPE + i * 4, 4,
			       ((1u << (i * 2 + 1)) << 16) | (1u << (i * 2))),
		    0);
	for (u32 i = 0; i < 2; i++)
		assert_int_equal(
		    veio_write(e, 0, VEIO_IPMAP + i * 4, 4, 0x02020202), 0);
	for (u32 i = 0; i < VEIO_VECS / 4; i++)
		assert_int_equal(
		    veio_write(e, 0, VEIO_ROUTE + i * 4, 4, 0x01010101), 0);
	for (u32 i = 0; i < VEIO_VECS / 32; i++) {
		assert_int_equal(
		    veio_write(e, 0, VEIO_ENABLE + i * 4, 4, 0xffffffff), 0);
		assert_int_equal(
		    veio_write(e, 0, VEIO_BOUNCE + i * 4, 4, 0xffffffff), 0);
	}
}

static void set_vec(struct veio *e, u32 vec, bool up)
{
	u64 in[VEIO_WORDS] = {0};

	if (up)
		in[vec / 64] = 1ull << (vec % 64);
	veio_set_inputs(e, in);
}

static void test_veio_deliver_and_clear(void **state)
{
	struct veio e;
	u64 v;

	(void)state;
	linux_eio_init(&e, 2);
	assert_int_equal(veio_hwis(&e, 0), 0);
	set_vec(&e, 2, true);
	assert_int_equal(veio_hwis(&e, 0), 1u << 1); /* HWI1 */
	assert_int_equal(veio_hwis(&e, 1), 0);
	/* eiointc_irq_dispatch: read COREISR, write it back to clear */
	assert_int_equal(veio_read(&e, 0, VEIO_COREISR, 8, &v), 0);
	assert_int_equal(v, 1u << 2);
	assert_int_equal(veio_read(&e, 1, VEIO_COREISR, 8, &v), 0);
	assert_int_equal(v, 0);
	assert_int_equal(veio_write(&e, 0, VEIO_COREISR, 8, 1u << 2), 0);
	assert_int_equal(veio_hwis(&e, 0), 0);
	/* the input is still up: no new delivery without a new rise */
	set_vec(&e, 2, true);
	assert_int_equal(veio_hwis(&e, 0), 0);
	assert_int_equal(veio_read(&e, 0, VEIO_ISR, 8, &v), 0);
	assert_int_equal(v, 1u << 2);
	set_vec(&e, 2, false);
	set_vec(&e, 2, true);
	assert_int_equal(veio_hwis(&e, 0), 1u << 1);
	/* a fall withdraws what was not taken yet */
	set_vec(&e, 2, false);
	assert_int_equal(veio_hwis(&e, 0), 0);
	/* group 7 (vectors 224-255) sent to IP3 by its IPMAP byte */
	assert_int_equal(veio_write(&e, 0, VEIO_IPMAP + 7, 1, 0x8), 0);
	set_vec(&e, 250, true);
	assert_int_equal(veio_hwis(&e, 0), 1u << 3);
}

/* Linux's eiointc_set_irq_affinity: disable, route, enable, the route
 * written with ANY_SEND and a byte mask. */
static void test_veio_affinity_any_send(void **state)
{
	struct veio e;
	u64 v, vec = 2, byte = vec & 3;
	u64 keep = ~(1u << byte) & 0xf;
	u64 word;

	(void)state;
	linux_eio_init(&e, 2);
	word =
	    VEIO_ENABLE | 1ull << 31 | (0xffffffffull & ~(1ull << vec)) << 32;
	assert_int_equal(veio_any_send(&e, word), 0);
	word = (VEIO_ROUTE + (vec & ~3ull)) | 1ull << 31 | keep << 27 |
	       ((u64)(1u << 1) << (byte * 8)) << 32; /* coremap: vCPU 1 */
	assert_int_equal(veio_any_send(&e, word), 0);
	assert_int_equal(veio_read(&e, 0, VEIO_ROUTE, 4, &v), 0);
	assert_int_equal(v, 0x01020101);
	set_vec(&e, 2, true);
	assert_int_equal(veio_hwis(&e, 1), 0); /* still disabled */
	word = VEIO_ENABLE | 1ull << 31 | 0xffffffffull << 32;
	assert_int_equal(veio_any_send(&e, word), 0);
	assert_int_equal(veio_hwis(&e, 1), 1u << 1); /* enabled while up */
	assert_int_equal(veio_hwis(&e, 0), 0);
	/* disabling withdraws it */
	assert_int_equal(veio_write(&e, 1, VEIO_ENABLE, 1, 0xfb), 0);
	assert_int_equal(veio_hwis(&e, 1), 0);
	/* a coremap naming an absent vCPU (3 of 2) falls back to vCPU 0 */
	assert_int_equal(veio_write(&e, 0, VEIO_ROUTE + 2, 1, 1u << 3), 0);
	assert_int_equal(veio_write(&e, 0, VEIO_ENABLE, 1, 0xff), 0);
	assert_int_equal(veio_hwis(&e, 0), 1u << 1);
	/* ANY_SEND outside the EIOINTC, or to an absent vCPU: refused */
	assert_int_equal(veio_any_send(&e, 0x1040 | 1ull << 31), -CV_EINVAL);
	assert_int_equal(veio_any_send(&e, VEIO_ENABLE | 2ull << 16),
			 -CV_EINVAL);
	assert_int_equal(veio_any_send(&e, VEIO_ENABLE + 2), -CV_EINVAL);
}

static void test_veio_bad_accesses(void **state)
{
	struct veio e;
	u64 v;

	(void)state;
	veio_reset(&e, 9); /* capped at 4 vCPUs */
	assert_int_equal(e.nr_vcpus, VEIO_MAX_VCPUS);
	assert_int_equal(veio_read(&e, 4, VEIO_ENABLE, 4, &v), -CV_EINVAL);
	assert_int_equal(veio_read(&e, 0, VEIO_ENABLE + 1, 4, &v), -CV_EINVAL);
	assert_int_equal(veio_read(&e, 0, 0x1500, 4, &v), -CV_EINVAL);
	assert_int_equal(veio_write(&e, 0, 0x1500, 4, 0), -CV_EINVAL);
	/* ISR is read-only */
	assert_int_equal(veio_write(&e, 0, VEIO_ISR, 8, ~0ull), 0);
	assert_int_equal(veio_read(&e, 0, VEIO_ISR, 8, &v), 0);
	assert_int_equal(v, 0);
	assert_false(veio_is_reg(0x13ff));
	assert_true(veio_is_reg(0x1cff));
	assert_false(veio_is_reg(VEIO_END));
}

/* The UART's pin through both, as virq.c chains them. */
static void test_chain_uart_to_hwi1(void **state)
{
	struct vpch p;
	struct veio e;
	u64 out[VPCH_VECS / 64], v;

	(void)state;
	linux_pch_reset(&p);
	linux_eio_init(&e, 2);
	linux_unmask(&p, UART_PIN);
	vpch_set_pin(&p, UART_PIN, true);
	vpch_outputs(&p, out);
	veio_set_inputs(&e, out);
	assert_int_equal(veio_hwis(&e, 0), 1u << 1);
	/* dispatch: ISR read and cleared; handle_level_irq masks */
	assert_int_equal(veio_read(&e, 0, VEIO_COREISR, 8, &v), 0);
	assert_int_equal(veio_write(&e, 0, VEIO_COREISR, 8, v), 0);
	bit_rmw(&p, VPCH_MASK, UART_PIN, true);
	vpch_outputs(&p, out);
	veio_set_inputs(&e, out);
	assert_int_equal(veio_hwis(&e, 0), 0);
	/* the handler left data in the UART: unmasking raises it again */
	linux_unmask(&p, UART_PIN);
	vpch_outputs(&p, out);
	veio_set_inputs(&e, out);
	assert_int_equal(veio_hwis(&e, 0), 1u << 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_vpch_id_and_reset),
	    cmocka_unit_test(test_vpch_level_pin),
	    cmocka_unit_test(test_vpch_edge_pin),
	    cmocka_unit_test(test_vpch_bad_accesses),
	    cmocka_unit_test(test_veio_deliver_and_clear),
	    cmocka_unit_test(test_veio_affinity_any_send),
	    cmocka_unit_test(test_veio_bad_accesses),
	    cmocka_unit_test(test_chain_uart_to_hwi1),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

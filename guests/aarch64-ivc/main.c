/*
 * cvisor aarch64 IVC demo guest: the zone's end of the IVC link whose
 * layout and protocol are in include/cvisor/ivc_proto.h (and
 * docs/management.md). It waits for the doorbell, answers every request with
 * the message upper-cased and rings the root zone back; "quit" is answered with
 * "BYE" and powers the zone off.
 */
#include "guest.h"
#include "cvisor/ivc_proto.h"

#define SHM	      IVC_GUEST_SHM_IPA
#define REQ	      (SHM + IVC_REQ_OFF)
#define REPLY	      (SHM + IVC_REPLY_OFF)
#define DOORBELL_PRIO 0xA0
#define MSG_WORDS     (IVC_MSG_MAX / 8)

/* A mailbox's data, in the 64-bit words it is copied in. */
union msg_buf {
	uint64_t w[MSG_WORDS];
	char c[IVC_MSG_MAX];
};

const char con_prefix[] = "[ivc] ";

volatile uint32_t ivc_doorbells;

/* Defined only in the self-test build (selftest.c, make selftest). */
void selftest(void) __attribute__((weak));

void irq_handler(void)
{
	uint32_t iar = gic_ack();
	uint32_t intid = gic_intid(iar);

	if (intid == INTID_SPURIOUS)
		return;
	if (intid == IVC_GUEST_SPI)
		ivc_doorbells = ivc_doorbells + 1;
	else
		gprint("unexpected interrupt %u\n", intid);
	gic_eoi(iar);
}

static bool request_pending(void)
{
	return mmio_read32(REQ + IVC_SEQ_OFF) !=
	       mmio_read32(REPLY + IVC_SEQ_OFF);
}

/*
 * Check with IRQs masked: a doorbell landing between the check and the
 * WFI still wakes the WFI (a pending interrupt does so even when masked)
 * and is taken once PSTATE.I is cleared. The shared page, not the
 * doorbell count, says whether there is work, so a doorbell rung before
 * the SPI was enabled is not lost.
 */
static void wait_request(void)
{
	irq_mask();
	while (!request_pending()) {
		wfi();
		irq_unmask_sync();
		irq_mask();
	}
	irq_unmask_sync();
}

/* seq first, then (after the barrier) len and data: see cvisor/ivc_proto.h. */
static uint32_t read_request(union msg_buf *m, uint32_t *len)
{
	uint32_t seq = mmio_read32(REQ + IVC_SEQ_OFF);

	dsb_sy();
	*len = mmio_read32(REQ + IVC_LEN_OFF);
	if (*len > IVC_MSG_MAX)
		*len = IVC_MSG_MAX;
	for (int i = 0; i < MSG_WORDS; i++)
		m->w[i] = mmio_read64(REQ + IVC_DATA_OFF + 8 * i);
	return seq;
}

/* data and len first, then (after the barrier) seq; then ring the peer. */
static void write_reply(uint32_t seq, const union msg_buf *m, uint32_t len)
{
	long ret;

	for (int i = 0; i < MSG_WORDS; i++)
		mmio_write64(REPLY + IVC_DATA_OFF + 8 * i, m->w[i]);
	mmio_write32(REPLY + IVC_LEN_OFF, len);
	dsb_sy();
	mmio_write32(REPLY + IVC_SEQ_OFF, seq);
	dsb_sy();
	ret = probe_hvc(CV_HC_IVC_NOTIFY, IVC_GUEST_LINK);
	if (ret < 0)
		gprint("notify on link %u failed (%ld)\n", IVC_GUEST_LINK, ret);
}

/* The message as a printable C string (at most IVC_MSG_MAX bytes). */
static void print_request(const union msg_buf *m, uint32_t len)
{
	char text[IVC_MSG_MAX + 1];
	uint32_t i;

	for (i = 0; i < len; i++) {
		char ch = m->c[i];

		text[i] = ch >= 0x20 && ch < 0x7f ? ch : '.';
	}
	text[i] = '\0';
	gprint("got \"%s\"\n", text);
}

static bool is_quit(const union msg_buf *m, uint32_t len)
{
	return len == 4 && m->c[0] == 'q' && m->c[1] == 'u' && m->c[2] == 'i' &&
	       m->c[3] == 't';
}

/* The reply: the request upper-cased, the unused tail zeroed. */
static uint32_t make_reply(union msg_buf *m, uint32_t len)
{
	for (uint32_t i = 0; i < IVC_MSG_MAX; i++) {
		char ch = i < len ? m->c[i] : 0;

		m->c[i] = ch >= 'a' && ch <= 'z' ? (char)(ch - 'a' + 'A') : ch;
	}
	return len;
}

static uint32_t make_bye(union msg_buf *m)
{
	for (int i = 0; i < MSG_WORDS; i++)
		m->w[i] = 0;
	m->c[0] = 'B';
	m->c[1] = 'Y';
	m->c[2] = 'E';
	return 3;
}

static void serve_one(void)
{
	union msg_buf m;
	uint32_t len;
	uint32_t seq = read_request(&m, &len);
	bool quit = is_quit(&m, len);

	print_request(&m, len);
	len = quit ? make_bye(&m) : make_reply(&m, len);
	write_reply(seq, &m, len);
	if (quit) {
		gprint("bye, system off\n");
		system_off();
	}
}

static void report_cvisor(void)
{
	long ret = probe_hvc(CV_HC_VERSION, 0);

	if (ret >= 0)
		gprint("cvisor hypercall version 0x%lx\n", ret);
	else
		gprint("no cvisor hypercalls (%ld)\n", ret);
}

void primary_main(void)
{
	gprint("ivc guest el=%lu mpidr=0x%lx: shm 0x%lx, doorbell spi %u, "
	       "link %u\n",
	       current_el(), read_sysreg(mpidr_el1), SHM, IVC_GUEST_SPI,
	       IVC_GUEST_LINK);
	gprint("gic v%d\n", gic_detect());
	report_cvisor();
	gic_dist_init();
	if (gic_cpu_init()) {
		gprint("no redistributor for mpidr=0x%lx\n",
		       read_sysreg(mpidr_el1));
		system_off();
	}
	gic_enable_spi(IVC_GUEST_SPI, DOORBELL_PRIO);
	gprint("ready\n");
	if (selftest)
		selftest();
	for (;;) {
		wait_request();
		serve_one();
	}
}

/*
 * cvisor riscv64 IVC demo guest: the zone's end of the IVC link (layout
 * and protocol in include/cvisor/ivc_proto.h and docs/management.md). It
 * waits for the doorbell, answers every request upper-cased and rings the
 * root zone back; "quit" is answered "BYE" and powers the zone off.
 */
#include "ivc.h"

#define REQ	  (RV_IVC_SHM_IPA + IVC_REQ_OFF)
#define REPLY	  (RV_IVC_SHM_IPA + IVC_REPLY_OFF)
#define MSG_WORDS (IVC_MSG_MAX / 8)

const char con_prefix[] = "[ivc] ";

union msg_buf {
	uint64_t w[MSG_WORDS];
	char c[IVC_MSG_MAX];
};

static uint32_t rd32(unsigned long a)
{
	return *(volatile uint32_t *)a;
}

static void wr32(unsigned long a, uint32_t v)
{
	*(volatile uint32_t *)a = v;
}

static void fence(void)
{
	__asm__ volatile("fence rw, rw" ::: "memory");
}

static bool request_pending(void)
{
	return rd32(REQ + IVC_SEQ_OFF) != rd32(REPLY + IVC_SEQ_OFF);
}

/* Check with sstatus.SIE clear: a doorbell between the check and the WFI
 * still ends the WFI (pending and enabled in sie), and is taken once SIE
 * is set again. The page, not the doorbell, says whether there is work. */
static void wait_request(void)
{
	csr_clear(sstatus, SSTATUS_SIE);
	while (!request_pending()) {
		__asm__ volatile("wfi" ::: "memory");
		csr_set(sstatus, SSTATUS_SIE);
		csr_clear(sstatus, SSTATUS_SIE);
	}
	csr_set(sstatus, SSTATUS_SIE);
}

static uint32_t read_request(union msg_buf *m, uint32_t *len)
{
	uint32_t seq = rd32(REQ + IVC_SEQ_OFF);

	fence();
	*len = rd32(REQ + IVC_LEN_OFF);
	if (*len > IVC_MSG_MAX)
		*len = IVC_MSG_MAX;
	for (int i = 0; i < MSG_WORDS; i++)
		m->w[i] = *(volatile uint64_t *)(REQ + IVC_DATA_OFF + 8 * i);
	return seq;
}

static void write_reply(uint32_t seq, const union msg_buf *m, uint32_t len)
{
	struct sbiret r;

	for (int i = 0; i < MSG_WORDS; i++)
		*(volatile uint64_t *)(REPLY + IVC_DATA_OFF + 8 * i) = m->w[i];
	wr32(REPLY + IVC_LEN_OFF, len);
	fence();
	wr32(REPLY + IVC_SEQ_OFF, seq);
	fence();
	r = sbi(SBI_EXT_CVISOR, CV_HC_IVC_NOTIFY, RV_IVC_LINK, 0, 0);
	if (r.error || r.value < 0)
		gprint("notify on link %u failed (%ld/%ld)", RV_IVC_LINK,
		       r.error, r.value);
}

static void print_request(const union msg_buf *m, uint32_t len)
{
	char text[IVC_MSG_MAX + 1];
	uint32_t i;

	for (i = 0; i < len; i++)
		text[i] = m->c[i] >= 0x20 && m->c[i] < 0x7f ? m->c[i] : '.';
	text[i] = '\0';
	gprint("got \"%s\"", text);
}

static bool is_quit(const union msg_buf *m, uint32_t len)
{
	return len == 4 && m->c[0] == 'q' && m->c[1] == 'u' && m->c[2] == 'i' &&
	       m->c[3] == 't';
}

static uint32_t make_reply(union msg_buf *m, uint32_t len, bool quit)
{
	for (uint32_t i = 0; i < IVC_MSG_MAX; i++) {
		char ch = i < len && !quit ? m->c[i] : 0;

		m->c[i] = ch >= 'a' && ch <= 'z' ? (char)(ch - 'a' + 'A') : ch;
	}
	if (!quit)
		return len;
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
	len = make_reply(&m, len, quit);
	write_reply(seq, &m, len);
	if (quit) {
		gprint("bye, system off");
		sbi(SBI_EXT_SRST, 0, 0, 0, 0);
	}
}

void guest_main(unsigned long hartid, const void *dtb)
{
	struct sbiret v = sbi(SBI_EXT_CVISOR, CV_HC_VERSION, 0, 0, 0);
	const char *irqchip;

	gprint("ivc guest hart %lu: shm 0x%lx, doorbell %u, link %u", hartid,
	       RV_IVC_SHM_IPA, RV_IVC_DOORBELL, RV_IVC_LINK);
	if (v.error)
		gprint("no cvisor hypercalls (%ld)", v.error);
	else
		gprint("cvisor hypercall version 0x%lx", v.value);
	irqchip = doorbell_init(dtb);
	gprint("doorbell through the %s", irqchip);
	gprint("ready");
	for (;;) {
		wait_request();
		serve_one();
	}
}

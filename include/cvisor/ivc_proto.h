/*
 * The IVC demo link: layout and protocol (docs/management.md, "IVC demo").
 * Shared by the bare-metal guest (guests/aarch64-ivc) and the root zone's
 * CLI (tools/cvisor-cli), so the two cannot drift apart.
 *
 * The shared page (IVC_SHM_SIZE bytes) holds two mailboxes:
 *
 *   0x000  request  struct ivc_msg   written by the root zone
 *   0x100  reply    struct ivc_msg   written by the guest
 *   0x200  -        reserved (zero)
 *
 * A request is pending when request.seq != reply.seq. The writer of a
 * mailbox fills data and len first, then (after a barrier) seq; the reader
 * reads seq, then (after a barrier) len and data. The guest answers a
 * request by writing the reply with the same seq and ringing the root zone
 * (CV_HC_IVC_NOTIFY of its link); the root zone sends with seq = previous
 * request seq + 1 (never 0) and rings the guest.
 *
 * Both sides map the page uncached, so every access is an aligned 32-bit
 * (seq, len) or 64-bit (data) load or store.
 */
#ifndef CVISOR_IVC_PROTO_H
#define CVISOR_IVC_PROTO_H

#include <stdint.h>

/* The guest zone's side of the link. */
#define IVC_GUEST_SHM_IPA 0x41000000UL /* right after its 16 MiB of RAM */
#define IVC_SHM_SIZE	  0x10000UL    /* 64 KiB */
#define IVC_GUEST_SPI	  40	       /* its doorbell (virtual SPI) */
#define IVC_GUEST_LINK	  0	       /* its shm link index */

#define IVC_MSG_MAX   248
#define IVC_REQ_OFF   0x000
#define IVC_REPLY_OFF 0x100
#define IVC_SEQ_OFF   0x0 /* within a mailbox */
#define IVC_LEN_OFF   0x4
#define IVC_DATA_OFF  0x8

struct ivc_msg {
	uint32_t seq;
	uint32_t len; /* bytes of data used, at most IVC_MSG_MAX */
	char data[IVC_MSG_MAX];
};

_Static_assert(sizeof(struct ivc_msg) == 256, "mailbox is 256 bytes");
_Static_assert(IVC_DATA_OFF % 8 == 0 && IVC_MSG_MAX % 8 == 0,
	       "data is copied in 64-bit words");

#endif

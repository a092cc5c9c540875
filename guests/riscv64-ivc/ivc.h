/* The riscv64 IVC guest: its end of the link and its doorbell. */
#ifndef GUEST_RISCV64_IVC_H
#define GUEST_RISCV64_IVC_H

#include "rvguest.h"
#include "cvisor/ivc_proto.h"

/* The zone's side of the link (configs/qemu-virt-riscv64-zones.json):
 * the page right after its 16 MiB of RAM, doorbell source 40 of its
 * virtual PLIC or APLIC, link index 0. */
#define RV_IVC_SHM_IPA	0x81000000ul
#define RV_IVC_DOORBELL 40u
#define RV_IVC_LINK	0u

#define CV_HC_VERSION	 0x00
#define CV_HC_IVC_NOTIFY 0x20

/* irq.c: the doorbell through the zone's virtual PLIC, or its virtual
 * APLIC and IMSIC guest file when the device tree names an APLIC. */
const char *doorbell_init(const void *dtb);
extern volatile uint32_t doorbells;

#endif

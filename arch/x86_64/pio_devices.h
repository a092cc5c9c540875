/* Small port-I/O devices of an x86 zone (pio_devices.c). */
#ifndef CVISOR_ARCH_X86_64_PIO_DEVICES_H
#define CVISOR_ARCH_X86_64_PIO_DEVICES_H

#include "arch/x86_64/guest_policy.h"
#include "arch/x86_64/vmx_internal.h"
#include "cvisor/types.h"

struct vcpu;

/* One access of the device t at port; *v is written (OUT) or filled
 * (IN, the low bytes). May not return (power-off, reboot): the caller
 * moves RIP past the instruction first. */
void pio_device_io(struct vcpu *vcpu, enum io_target t, u16 port, bool in,
		   u32 *v);

#endif

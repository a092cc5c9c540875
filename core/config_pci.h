/*
 * The configuration rules about DMA: PCI functions assigned to zones and
 * devices that master the bus (docs/config.md, "PCI functions and DMA").
 * Shared by the hypervisor, cvconfig and the unit tests like the rest of
 * core/config_check.c, which calls cv_config_check_pci() last (the fields'
 * own rules, nr_pci and the device flags, are in core/config_schema.c).
 */
#ifndef CVISOR_CORE_CONFIG_PCI_H
#define CVISOR_CORE_CONFIG_PCI_H

#include "cvisor/config.h"

/* 0, or -CV_EINVAL with *err filled (zone, field, reason). plat may be
 * NULL (only the platform-independent rules run then). */
int cv_config_check_pci(const struct cv_bundle_header *h,
			const struct cv_platform_limits *plat,
			struct cv_config_error *err);

#endif

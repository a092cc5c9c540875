/*
 * What aarch64 offers the drivers it links (drivers/): system-register access
 * (read_sysreg, write_sysreg, the ICC_/ICH_ names). Drivers include this (found
 * through -Iarch/<arch>/include), never an arch's private headers.
 */
#ifndef CVISOR_ARCH_HW_H
#define CVISOR_ARCH_HW_H

#include "arch/aarch64/sysreg.h"

#endif

/*
 * What x86_64 offers the drivers it links (drivers/): port I/O, MSRs, the
 * vector numbers and the PIT for calibration. Drivers include this (found
 * through -Iarch/<arch>/include), never an arch's private headers.
 */
#ifndef CVISOR_ARCH_HW_H
#define CVISOR_ARCH_HW_H

#include "arch/x86_64/arch_asm.h"
#include "arch/x86_64/pit.h"
#include "arch/x86_64/x86.h"

#endif

/*
 * What riscv64 offers the drivers it links (drivers/): CSR access (csr_read,
 * csr_write, the CSR numbers). Drivers include this (found through
 * -Iarch/<arch>/include), never an arch's private headers.
 */
#ifndef CVISOR_ARCH_HW_H
#define CVISOR_ARCH_HW_H

#include "arch/riscv64/csr.h"

#endif

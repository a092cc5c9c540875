/*
 * What loongarch64 offers the drivers it links (drivers/): CSR and IOCSR
 * access. Drivers include this (found through -Iarch/<arch>/include), never an
 * arch's private headers.
 */
#ifndef CVISOR_ARCH_HW_H
#define CVISOR_ARCH_HW_H

#include "arch/loongarch64/csr.h"

#endif

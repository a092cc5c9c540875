/* The fake arch links no drivers: nothing to offer them. */
#ifndef CVISOR_ARCH_HW_H
#define CVISOR_ARCH_HW_H

#endif

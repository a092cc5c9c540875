/* Build-time limits (also included from assembly: plain defines only). */
#ifndef CVISOR_LIMITS_H
#define CVISOR_LIMITS_H

#define MAX_CPUS 8

#endif

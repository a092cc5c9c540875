/*
 * Error convention: functions inside the hypervisor return 0 or a negative
 * CV_E* code. Errors returned to guests use the guest ABI's own codes (PSCI,
 * SMCCC, cvisor hypercall ABI), translated at the ABI boundary.
 */
#ifndef CVISOR_ERRNO_H
#define CVISOR_ERRNO_H

#define CV_EPERM  1  /* caller may not do this */
#define CV_ENOENT 2  /* no such object */
#define CV_EIO	  5  /* device or emulation failure */
#define CV_ENOMEM 12 /* out of memory / frames */
#define CV_EBUSY  16 /* object in use / already on */
#define CV_EEXIST 17 /* already exists / owned twice */
#define CV_EINVAL 22 /* bad argument */
#define CV_ERANGE 34 /* address or size out of range */
#define CV_ENOSYS 38 /* not implemented / not supported */

const char *cv_strerror(int err);

#endif

#include "cvisor/errno.h"

const char *cv_strerror(int err)
{
	switch (err < 0 ? -err : err) {
	case 0:
		return "success";
	case CV_EPERM:
		return "not permitted";
	case CV_ENOENT:
		return "not found";
	case CV_EIO:
		return "I/O error";
	case CV_ENOMEM:
		return "out of memory";
	case CV_EBUSY:
		return "busy";
	case CV_EEXIST:
		return "already exists";
	case CV_EINVAL:
		return "invalid argument";
	case CV_ERANGE:
		return "out of range";
	case CV_ENOSYS:
		return "not supported";
	default:
		return "unknown error";
	}
}

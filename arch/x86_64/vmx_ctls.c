/* VMX control fields from their capability MSRs (SDM A.3-A.5). Pure. */
#include "arch/x86_64/vmx.h"

bool vmx_adjust_controls(u64 cap_msr, u32 want, u32 *out)
{
	u32 must_be_1 = (u32)cap_msr;
	u32 may_be_1 = (u32)(cap_msr >> 32);

	*out = (want | must_be_1) & may_be_1;
	return (*out & want) == want;
}

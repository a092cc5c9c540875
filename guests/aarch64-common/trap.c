/* What every aarch64 bare-metal guest does on a fatal error. */
#include "console.h"
#include "smccc.h"

void system_off(void)
{
	smccc_hvc(PSCI_SYSTEM_OFF, 0, 0, 0);
	gprint("system off failed\n");
	park();
}

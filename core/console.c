/* Routing console input to zones and to cvisor's shell. */
#include "cvisor/console.h"

#include "cvisor/arch.h"
#include "cvisor/errno.h"
#include "cvisor/log.h"
#include "cvisor/platform.h"
#include "cvisor/vconsole.h"
#include "cvisor/zone.h"
#include "lib/printf.h"

#define FOCUS_SHELL -1

static int focus;	/* index into zones[], or FOCUS_SHELL */
static bool irq_driven; /* console_input_init took the UART's interrupt */

bool console_input_active(void)
{
	return __atomic_load_n(&irq_driven, __ATOMIC_ACQUIRE);
}

static bool takes_input(const struct zone *z)
{
	return z && z->vconsole; /* x86 zones: always COM1 */
}

static void announce_focus(void)
{
	char line[96];
	int n;

	if (focus == FOCUS_SHELL)
		n = cv_snprintf(line, sizeof(line),
				"\n[cvisor] console input -> cvisor shell "
				"(Ctrl-] switches)\n");
	else
		n = cv_snprintf(line, sizeof(line),
				"\n[cvisor] console input -> zone %u '%s' "
				"(Ctrl-] switches)\n",
				zones[focus]->id, zones[focus]->name);
	console_write(line, (size_t)n);
	if (focus == FOCUS_SHELL)
		shell_prompt();
}

/* The next zone with a console after `from`, or the shell. */
static int next_focus(int from)
{
	for (int i = from + 1; i < (int)nr_zones; i++) {
		if (takes_input(zones[i]))
			return i;
	}
	return FOCUS_SHELL;
}

void console_input_char(char c)
{
	if (c == CONSOLE_SWITCH_KEY) {
		focus = next_focus(focus);
		announce_focus();
		return;
	}
	if (focus == FOCUS_SHELL) {
		shell_input(c);
		return;
	}
	if (zones[focus] && zones[focus]->state == ZONE_RUNNING)
		vconsole_input(zones[focus], c);
}

static u32 throttled; /* u32: RISC-V has no byte-sized atomic swap */

/* Leave input in the UART (its FIFO, then the emulator's backpressure)
 * while the focused zone cannot take more and will read what it has. */
static bool must_wait(void)
{
	struct zone *z = focus == FOCUS_SHELL ? NULL : zones[focus];

	return z && z->state == ZONE_RUNNING && vconsole_must_wait(z);
}

static void console_rx(void *ctx)
{
	int c;

	(void)ctx;
	while (!must_wait()) {
		c = console_getc();
		if (c < 0)
			return;
		console_input_char((char)c);
	}
	__atomic_store_n(&throttled, 1, __ATOMIC_RELEASE);
	uart_set_rx_irq(false);
}

void console_input_resume(void)
{
	if (__atomic_exchange_n(&throttled, 0, __ATOMIC_ACQ_REL))
		uart_set_rx_irq(true); /* pending data interrupts again */
}

static bool uart_passed_through(void)
{
	for (u32 z = 0; z < nr_zones; z++) {
		if (zones[z] && zone_owns_irq(zones[z], platform.uart_irq))
			return true;
	}
	return false;
}

void console_input_init(void)
{
	if (platform.uart_irq_err == -CV_ENOSYS) {
		pr_info("console: no console input (%s: the UART's interrupt "
			"is not decoded on this arch yet)",
			arch_irqchip_name());
		return;
	}
	if (!platform.uart_irq) {
		pr_info("console: no console input (the UART has no "
			"interrupt in the device tree)");
		return;
	}
	if (uart_passed_through()) {
		pr_info("console: input stays with the zone that owns the "
			"UART");
		return;
	}
	focus = next_focus(-1);
	if (uart_set_rx_irq(true) ||
	    hv_irq_register(platform.uart_irq, console_rx, NULL)) {
		pr_warn("console: no receive interrupt; no console input");
		return;
	}
	__atomic_store_n(&irq_driven, true, __ATOMIC_RELEASE);
	if (focus == FOCUS_SHELL)
		pr_info("console: input -> cvisor shell");
	else
		pr_info("console: input -> zone %u '%s'; Ctrl-] switches "
			"between zones and the cvisor shell",
			zones[focus]->id, zones[focus]->name);
}

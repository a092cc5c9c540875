/*
 * Linked into the unit tests that run without an arch (all but the
 * arch/fake ones, which have their own): tests are single-threaded, so a
 * spinlock never has to wait.
 */
#include "lib/spinlock.h"

void arch_cpu_relax(void)
{
}

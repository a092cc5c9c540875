#include "cvisor/percpu.h"

#include "cvisor/arch.h"

struct percpu percpus[MAX_CPUS];

void percpu_create(u32 cpuid)
{
	struct percpu *cpu = &percpus[cpuid];

	cpu->id = cpuid;
	cpu->hwid = platform.cpu_hwid[cpuid];
	cpu->online = true;
	arch_set_this_cpu(cpu);
}

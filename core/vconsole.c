/* A zone's virtual console: the model its configuration's type names. */
#include "cvisor/vconsole.h"

#include "cvisor/errno.h"
#include "cvisor/log.h"
#include "cvisor/zone.h"

static const struct vconsole_model *model_of(u32 type)
{
	for (u32 i = 0; vconsole_models[i]; i++) {
		if (vconsole_models[i]->type == type)
			return vconsole_models[i];
	}
	return NULL;
}

int vconsole_create(struct zone *zone)
{
	u32 type = zone->cfg->console.type;
	const struct vconsole_model *m = model_of(type);

	zone->vconsole = NULL;
	if (!m && type == CV_CONSOLE_NONE)
		return 0;
	if (!m) {
		pr_err("zone %u: console type %u: no such emulated UART on "
		       "this architecture",
		       zone->id, type);
		return -CV_ENOSYS;
	}
	return m->create(zone, &zone->vconsole);
}

void vconsole_destroy(struct zone *zone)
{
	if (zone->vconsole)
		zone->vconsole->model->destroy(zone->vconsole);
	zone->vconsole = NULL;
}

bool vconsole_input(struct zone *zone, char c)
{
	struct vconsole *vc = zone->vconsole;

	return vc && vc->model->input(vc, c);
}

bool vconsole_must_wait(struct zone *zone)
{
	struct vconsole *vc = zone->vconsole;

	return vc && vc->model->must_wait && vc->model->must_wait(vc);
}

#include "cvisor/vconsole_line.h"

#include "cvisor/log.h"
#include "cvisor/zone.h"
#include "lib/printf.h"

void vconsole_line_flush(struct vconsole_line *l, const struct zone *zone)
{
	char out[VCONSOLE_LINE_MAX + 16];
	int n = 0;

	if (!l->len)
		return;
	if (!(zone->cfg->flags & CV_ZONE_ROOT))
		n = cv_snprintf(out, sizeof(out), "[zone%u] ", zone->id);
	for (u32 i = 0; i < l->len; i++)
		out[n++] = l->buf[i];
	console_write(out, (size_t)n);
	l->len = 0;
}

void vconsole_line_put(struct vconsole_line *l, const struct zone *zone, char c)
{
	if (c == '\r')
		return;
	l->buf[l->len++] = c;
	if (c == '\n') {
		vconsole_line_flush(l, zone);
	} else if (l->len == VCONSOLE_LINE_MAX - 1) {
		l->buf[l->len++] = '\n';
		vconsole_line_flush(l, zone);
	}
}

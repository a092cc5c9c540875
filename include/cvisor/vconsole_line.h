/*
 * The output half of every emulated console UART: characters a zone
 * writes are kept until a whole line is there (or the driver signals the
 * end of a burst), then written to the physical console in one piece,
 * tagged "[zoneN] " for zones other than the root zone.
 */
#ifndef CVISOR_VCONSOLE_LINE_H
#define CVISOR_VCONSOLE_LINE_H

#include "cvisor/types.h"

#define VCONSOLE_LINE_MAX 160

struct zone;

struct vconsole_line {
	u32 len;
	char buf[VCONSOLE_LINE_MAX];
};

/* One character from the zone (a '\r' is dropped: the console adds its
 * own before each newline). A line that reaches the limit is ended with a
 * newline so that nothing else lands on it. */
void vconsole_line_put(struct vconsole_line *l, const struct zone *zone,
		       char c);
/* Write out a partial line now (a shell prompt, the end of a burst). */
void vconsole_line_flush(struct vconsole_line *l, const struct zone *zone);

#endif

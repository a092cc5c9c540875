/* CPU sets as text (lib/cpuset.h); no library calls (hypervisor, CLI). */
#include "lib/cpuset.h"

struct text {
	char *buf;
	size_t cap, len;
};

static void put_char(struct text *t, char c)
{
	if (t->len + 1 < t->cap)
		t->buf[t->len] = c;
	t->len++;
}

static void put_number(struct text *t, unsigned v)
{
	if (v >= 10)
		put_number(t, v / 10);
	put_char(t, (char)('0' + v % 10));
}

size_t cpuset_format(u64 mask, char *out, size_t cap)
{
	struct text t = {out, cap, 0};

	for (unsigned i = 0; i < 64; i++) {
		unsigned j = i;

		if (!(mask >> i & 1))
			continue;
		while (j + 1 < 64 && (mask >> (j + 1) & 1))
			j++;
		if (t.len)
			put_char(&t, ',');
		put_number(&t, i);
		if (j > i) {
			put_char(&t, '-');
			put_number(&t, j);
		}
		i = j;
	}
	if (!mask)
		put_char(&t, '-');
	if (cap)
		out[t.len < cap ? t.len : cap - 1] = '\0';
	return t.len;
}

/*
 * chart.c - a line chart as inline SVG (see chart.h).
 */
#include <stdio.h>
#include <string.h>

#include "buf.h"
#include "chart.h"

#define PLOT_W	(CHART_W - CHART_LEFT - CHART_RIGHT)
#define PLOT_H	(CHART_H - CHART_TOP - CHART_BOTTOM)

int
chart_x(size_t i, size_t n)
{
	if (n <= 1)
		return CHART_LEFT + PLOT_W / 2;
	if (i >= n)
		i = n - 1;
	/* rounded to the nearest unit */
	return CHART_LEFT + (int)((i * PLOT_W * 2 + (n - 1)) / ((n - 1) * 2));
}

int
chart_y(int v, int ymin, int ymax)
{
	int	 span = ymax - ymin;

	if (span <= 0)
		return CHART_TOP + PLOT_H / 2;
	if (v < ymin)
		v = ymin;
	if (v > ymax)
		v = ymax;
	return CHART_TOP + ((ymax - v) * PLOT_H * 2 + span) / (span * 2);
}

static int
valid_id(const char *s)
{
	size_t	 n = 0;

	if (s == NULL)
		return 0;
	for (; *s != '\0'; s++, n++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') ||
		    *s == '-'))
			return 0;
	return n >= 1 && n <= 32;
}

static void
text(struct buf *b, const char *s)
{
	if (s != NULL)
		buf_html(b, s, strlen(s));
}

/* Which points get an x label: all of a few, else the first and last. */
static int
labelled(size_t i, size_t n)
{
	return n <= 4 || i == 0 || i == n - 1;
}

/* Markup is written with buf_puts and numbers with num(): no format
 * string ever holds a tag (scripts/lint.sh). */
static void
num(struct buf *b, int v)
{
	buf_printf(b, "%d", v);
}

/* ` name="v"` */
static void
attr(struct buf *b, const char *name, int v)
{
	buf_putc(b, ' ');
	buf_puts(b, name);
	buf_puts(b, "=\"");
	num(b, v);
	buf_putc(b, '"');
}

/* One label or value: <text class="cls" x y text-anchor="anchor">s</text>,
 * s escaped. */
static void
label(struct buf *b, const char *cls, int x, int y, const char *anchor,
    const char *s)
{
	buf_puts(b, "<text");
	if (cls != NULL) {
		buf_puts(b, " class=\"");
		buf_puts(b, cls);
		buf_putc(b, '"');
	}
	attr(b, "x", x);
	attr(b, "y", y);
	buf_puts(b, " text-anchor=\"");
	buf_puts(b, anchor);
	buf_puts(b, "\">");
	text(b, s);
	buf_puts(b, "</text>");
}

int
chart_svg(struct buf *b, const struct chart *c)
{
	char	 v_s[16];
	size_t	 i;
	int	 v, x, y;

	if (c == NULL || !valid_id(c->id) || c->ymin >= c->ymax ||
	    c->pts == NULL || c->npts == 0 || c->npts > CHART_MAX_POINTS ||
	    c->ymax - c->ymin > 20)
		return -1;
	for (i = 0; i < c->npts; i++)
		if (c->pts[i].value < c->ymin || c->pts[i].value > c->ymax)
			return -1;
	buf_puts(b, "<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" "
	    "viewBox=\"0 0 ");
	num(b, CHART_W);
	buf_putc(b, ' ');
	num(b, CHART_H);
	buf_puts(b, "\" width=\"100%\" role=\"img\" aria-labelledby=\"");
	buf_puts(b, c->id);
	buf_puts(b, "-title ");
	buf_puts(b, c->id);
	buf_puts(b, "-desc\" direction=\"ltr\" focusable=\"false\">");
	buf_puts(b, "<title id=\"");
	buf_puts(b, c->id);
	buf_puts(b, "-title\">");
	text(b, c->title);
	buf_puts(b, "</title><desc id=\"");
	buf_puts(b, c->id);
	buf_puts(b, "-desc\">");
	text(b, c->desc);
	buf_puts(b, "</desc>");
	/* the grid: one line and number per value */
	buf_puts(b, "<g class=\"chart__grid\" aria-hidden=\"true\">");
	for (v = c->ymin; v <= c->ymax; v++) {
		y = chart_y(v, c->ymin, c->ymax);
		buf_puts(b, "<line");
		attr(b, "x1", CHART_LEFT);
		attr(b, "y1", y);
		attr(b, "x2", CHART_W - CHART_RIGHT);
		attr(b, "y2", y);
		buf_puts(b, "/>");
		(void)snprintf(v_s, sizeof(v_s), "%d", v);
		label(b, NULL, CHART_LEFT - 8, y + 5, "end", v_s);
	}
	buf_puts(b, "</g>");
	/* the line through the points, oldest first */
	if (c->npts > 1) {
		buf_puts(b, "<polyline class=\"chart__line\" "
		    "aria-hidden=\"true\" points=\"");
		for (i = 0; i < c->npts; i++) {
			if (i > 0)
				buf_putc(b, ' ');
			num(b, chart_x(i, c->npts));
			buf_putc(b, ',');
			num(b, chart_y(c->pts[i].value, c->ymin, c->ymax));
		}
		buf_puts(b, "\"/>");
	}
	/* each point: a marker, its value above it, its label below */
	buf_puts(b, "<g class=\"chart__points\" aria-hidden=\"true\">");
	for (i = 0; i < c->npts; i++) {
		x = chart_x(i, c->npts);
		y = chart_y(c->pts[i].value, c->ymin, c->ymax);
		buf_puts(b, "<circle class=\"chart__point\"");
		attr(b, "cx", x);
		attr(b, "cy", y);
		buf_puts(b, " r=\"5\"/>");
		(void)snprintf(v_s, sizeof(v_s), "%d", c->pts[i].value);
		label(b, "chart__value", x, y > CHART_TOP + 14 ? y - 10 :
		    y + 20, "middle", v_s);
		if (!labelled(i, c->npts))
			continue;
		/* the first and last label stay inside the picture */
		label(b, "chart__label", x, CHART_H - 12,
		    c->npts > 1 && i == 0 ? "start" :
		    c->npts > 1 && i == c->npts - 1 ? "end" : "middle",
		    c->pts[i].label);
	}
	buf_puts(b, "</g></svg>");
	return 0;
}

/*
 * chart.c - a line chart as inline SVG (see chart.h).
 */
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

int
chart_svg(struct buf *b, const struct chart *c)
{
	size_t	 i;
	int	 v, x, y, anchor_end;

	if (c == NULL || !valid_id(c->id) || c->ymin >= c->ymax ||
	    c->pts == NULL || c->npts == 0 || c->npts > CHART_MAX_POINTS ||
	    c->ymax - c->ymin > 20)
		return -1;
	for (i = 0; i < c->npts; i++)
		if (c->pts[i].value < c->ymin || c->pts[i].value > c->ymax)
			return -1;
	buf_printf(b, "<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" "
	    "viewBox=\"0 0 %d %d\" width=\"100%%\" role=\"img\" "
	    "aria-labelledby=\"%s-title %s-desc\" direction=\"ltr\" "
	    "focusable=\"false\">",
	    CHART_W, CHART_H, c->id, c->id);
	buf_printf(b, "<title id=\"%s-title\">", c->id);
	text(b, c->title);
	buf_printf(b, "</title><desc id=\"%s-desc\">", c->id);
	text(b, c->desc);
	buf_puts(b, "</desc>");
	/* the grid: one line and number per value */
	buf_puts(b, "<g class=\"chart__grid\" aria-hidden=\"true\">");
	for (v = c->ymin; v <= c->ymax; v++) {
		y = chart_y(v, c->ymin, c->ymax);
		buf_printf(b, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\"/>",
		    CHART_LEFT, y, CHART_W - CHART_RIGHT, y);
		buf_printf(b, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%d"
		    "</text>", CHART_LEFT - 8, y + 5, v);
	}
	buf_puts(b, "</g>");
	/* the line through the points, oldest first */
	if (c->npts > 1) {
		buf_puts(b, "<polyline class=\"chart__line\" "
		    "aria-hidden=\"true\" points=\"");
		for (i = 0; i < c->npts; i++)
			buf_printf(b, "%s%d,%d", i > 0 ? " " : "",
			    chart_x(i, c->npts),
			    chart_y(c->pts[i].value, c->ymin, c->ymax));
		buf_puts(b, "\"/>");
	}
	/* each point: a marker, its value above it, its label below */
	buf_puts(b, "<g class=\"chart__points\" aria-hidden=\"true\">");
	for (i = 0; i < c->npts; i++) {
		x = chart_x(i, c->npts);
		y = chart_y(c->pts[i].value, c->ymin, c->ymax);
		buf_printf(b, "<circle class=\"chart__point\" cx=\"%d\" "
		    "cy=\"%d\" r=\"5\"/>", x, y);
		buf_printf(b, "<text class=\"chart__value\" x=\"%d\" y=\"%d\" "
		    "text-anchor=\"middle\">%d</text>", x,
		    y > CHART_TOP + 14 ? y - 10 : y + 20, c->pts[i].value);
		if (!labelled(i, c->npts))
			continue;
		/* the first and last label stay inside the picture */
		anchor_end = c->npts > 1 && i == c->npts - 1;
		buf_printf(b, "<text class=\"chart__label\" x=\"%d\" y=\"%d\" "
		    "text-anchor=\"%s\">", x, CHART_H - 12,
		    c->npts > 1 && i == 0 ? "start" : anchor_end ? "end" :
		    "middle");
		text(b, c->pts[i].label);
		buf_puts(b, "</text>");
	}
	buf_puts(b, "</g></svg>");
	return 0;
}

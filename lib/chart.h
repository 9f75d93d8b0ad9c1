/*
 * chart.h - a line chart as inline SVG, drawn on the server (the check-in
 * history of /zo-gaat-het): no JavaScript, readable at 320 px (a viewBox
 * that scales with the page), and not colour alone (every point is a
 * marker with its value written beside it).
 *
 * The SVG has role="img", a <title> and a <desc> (aria-labelledby both);
 * the page puts the same data in a <table> for screen readers.
 *
 * Owns: the geometry and the markup. Never: translates (the caller gives
 * the title, description and labels in the page's language) or writes a
 * caller's text unescaped.
 */
#ifndef GP_CHART_H
#define GP_CHART_H

#include <stddef.h>

struct buf;

/* The drawing area in user units (the viewBox is 0 0 CHART_W CHART_H). */
#define CHART_W		320
#define CHART_H		180
#define CHART_LEFT	36	/* room for the y labels */
#define CHART_RIGHT	16
#define CHART_TOP	16
#define CHART_BOTTOM	36	/* room for the x labels */
/* At most this many points (the page shows the newest ones). */
#define CHART_MAX_POINTS 24

struct chart_point {
	const char	*label;		/* x label (a short date), escaped */
	int		 value;		/* ymin..ymax */
};

struct chart {
	const char		*id;	/* id prefix: a-z 0-9 - only, 1-32 */
	const char		*title;	/* <title>, escaped */
	const char		*desc;	/* <desc>, escaped */
	int			 ymin, ymax;	/* ymin < ymax */
	const struct chart_point *pts;	/* oldest first */
	size_t			 npts;	/* 1..CHART_MAX_POINTS */
};

/* The x coordinate of point i of n (0 <= i < n), the y coordinate of
 * value v in [ymin, ymax], rounded to whole user units. */
int	chart_x(size_t i, size_t n);
int	chart_y(int v, int ymin, int ymax);

/*
 * Appends the <svg> element for c to b (check b->failed for memory).
 * Returns -1 and appends nothing when c is not valid (an id with other
 * characters, no points or too many, a value outside [ymin, ymax]),
 * else 0. One <circle class="chart__point"> per point, in order.
 */
int	chart_svg(struct buf *b, const struct chart *c);

#endif

/*
 * test_chart.c - the check-in chart as inline SVG (lib/chart): the
 * coordinates, one marker per point, escaping of every caller's text,
 * and refusal of what it cannot draw.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "chart.h"

static int
setup(void **state)
{
	struct arena	*a;

	if ((a = arena_new(0)) == NULL)
		return -1;
	*state = a;
	return 0;
}

static int
teardown(void **state)
{
	arena_free(*state);
	return 0;
}

static size_t
count(const char *hay, const char *needle)
{
	size_t	 n = 0;

	while ((hay = strstr(hay, needle)) != NULL) {
		n++;
		hay += strlen(needle);
	}
	return n;
}

static const char *
draw(void **state, const struct chart *c, int *rc)
{
	struct buf	 b;

	buf_init(&b, *state, 0);
	*rc = chart_svg(&b, c);
	assert_false(b.failed);
	return buf_cstr(&b);
}

static void
test_coordinates(void **state)
{
	(void)state;
	/* x: the plot runs from CHART_LEFT to CHART_W - CHART_RIGHT */
	assert_int_equal(chart_x(0, 2), CHART_LEFT);
	assert_int_equal(chart_x(1, 2), CHART_W - CHART_RIGHT);
	assert_int_equal(chart_x(0, 1), CHART_LEFT + 134);
	assert_int_equal(chart_x(1, 3), CHART_LEFT + 134);
	assert_int_equal(chart_x(1, 4), CHART_LEFT + 89);	/* 89.33 */
	assert_int_equal(chart_x(2, 4), CHART_LEFT + 179);	/* 178.67 */
	assert_int_equal(chart_x(9, 4), CHART_W - CHART_RIGHT);	/* clamped */
	/* y: 5 at the top, 1 at the bottom, 32 units a step */
	assert_int_equal(chart_y(5, 1, 5), CHART_TOP);
	assert_int_equal(chart_y(1, 1, 5), CHART_H - CHART_BOTTOM);
	assert_int_equal(chart_y(3, 1, 5), CHART_TOP + 64);
	assert_int_equal(chart_y(4, 1, 5), CHART_TOP + 32);
	assert_int_equal(chart_y(10, 1, 10), CHART_TOP);
	assert_int_equal(chart_y(0, 1, 5), CHART_H - CHART_BOTTOM);
}

static void
test_one_point_per_checkin(void **state)
{
	struct chart_point	 p[CHART_MAX_POINTS];
	struct chart		 c = { "q1", "Veilig thuis", "3 keer", 1, 5, p,
	    0 };
	char			 want[64];
	const char		*s;
	size_t			 n;
	int			 rc;

	for (n = 0; n < CHART_MAX_POINTS; n++) {
		p[n].label = "1 dec.";
		p[n].value = (int)(n % 5) + 1;
	}
	for (n = 1; n <= CHART_MAX_POINTS; n++) {
		c.npts = n;
		s = draw(state, &c, &rc);
		assert_int_equal(rc, 0);
		assert_int_equal(count(s, "<circle class=\"chart__point\""), n);
		assert_int_equal(count(s, "<svg "), 1);
		assert_int_equal(count(s, "</svg>"), 1);
		assert_int_equal(count(s, "<polyline"), n > 1 ? 1 : 0);
		/* the last point is where chart_x/chart_y say */
		(void)snprintf(want, sizeof(want), "cx=\"%d\" cy=\"%d\"",
		    chart_x(n - 1, n), chart_y(p[n - 1].value, 1, 5));
		assert_non_null(strstr(s, want));
	}
}

static void
test_markup(void **state)
{
	struct chart_point	 p[2] = { { "1 nov.", 2 }, { "1 dec.", 4 } };
	struct chart		 c = { "zgh-q2", "Stress", "Twee keer", 1, 5, p,
	    2 };
	const char		*s;
	int			 rc;

	s = draw(state, &c, &rc);
	assert_int_equal(rc, 0);
	assert_non_null(strstr(s, "role=\"img\""));
	assert_non_null(strstr(s,
	    "aria-labelledby=\"zgh-q2-title zgh-q2-desc\""));
	assert_non_null(strstr(s, "<title id=\"zgh-q2-title\">Stress</title>"));
	assert_non_null(strstr(s, "<desc id=\"zgh-q2-desc\">Twee keer</desc>"));
	assert_non_null(strstr(s, "viewBox=\"0 0 320 180\""));
	assert_non_null(strstr(s, "points=\"36,112 304,48\""));
	assert_non_null(strstr(s, "cx=\"36\" cy=\"112\""));
	assert_non_null(strstr(s, "cx=\"304\" cy=\"48\""));
	/* the value is written, not only drawn (not colour alone) */
	assert_non_null(strstr(s, ">2</text>"));
	assert_non_null(strstr(s, ">4</text>"));
	assert_non_null(strstr(s, ">1 nov.</text>"));
	assert_non_null(strstr(s, ">1 dec.</text>"));
	/* no script, no handlers, no style from outside */
	assert_null(strstr(s, "<script"));
	assert_null(strstr(s, " on"));
}

static void
test_escaping(void **state)
{
	struct chart_point	 p[1] = { { "<b>\"1\" & '2'</b>", 3 } };
	struct chart		 c = { "x", "</title><script>alert(1)</script>",
	    "a\"b<c>&d'", 1, 5, p, 1 };
	const char		*s;
	int			 rc;

	s = draw(state, &c, &rc);
	assert_int_equal(rc, 0);
	assert_null(strstr(s, "<script"));
	assert_null(strstr(s, "<b>"));
	assert_non_null(strstr(s, "&lt;/title&gt;&lt;script&gt;alert(1)"
	    "&lt;/script&gt;</title>"));
	assert_non_null(strstr(s, "a&quot;b&lt;c&gt;&amp;d&#39;</desc>"));
	assert_non_null(strstr(s, "&lt;b&gt;&quot;1&quot; &amp; &#39;2&#39;"
	    "&lt;/b&gt;</text>"));
	assert_int_equal(count(s, "<title"), 1);
}

static void
test_refuses(void **state)
{
	struct chart_point	 p[CHART_MAX_POINTS + 1];
	struct chart		 c = { "q1", "t", "d", 1, 5, p, 1 };
	struct buf		 b;
	size_t			 i;

	for (i = 0; i < CHART_MAX_POINTS + 1; i++) {
		p[i].label = "x";
		p[i].value = 3;
	}
	buf_init(&b, *state, 0);
	c.npts = 0;
	assert_int_equal(chart_svg(&b, &c), -1);
	c.npts = CHART_MAX_POINTS + 1;
	assert_int_equal(chart_svg(&b, &c), -1);
	c.npts = 1;
	p[0].value = 6;
	assert_int_equal(chart_svg(&b, &c), -1);
	p[0].value = 0;
	assert_int_equal(chart_svg(&b, &c), -1);
	p[0].value = 3;
	c.id = "a b";
	assert_int_equal(chart_svg(&b, &c), -1);
	c.id = "\"><script>";
	assert_int_equal(chart_svg(&b, &c), -1);
	c.id = "";
	assert_int_equal(chart_svg(&b, &c), -1);
	c.id = "q1";
	c.ymin = 5;
	c.ymax = 5;
	assert_int_equal(chart_svg(&b, &c), -1);
	assert_int_equal(chart_svg(&b, NULL), -1);
	assert_int_equal(b.len, 0);
}

#define T(f)	cmocka_unit_test_setup_teardown(f, setup, teardown)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_coordinates),
		T(test_one_point_per_checkin),
		T(test_markup),
		T(test_escaping),
		T(test_refuses),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

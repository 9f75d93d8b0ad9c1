/*
 * test_ics.c - an appointment as iCalendar (lib/ics): the file parses
 * with libical, and the time it names is the same instant in summer, in
 * winter and on the days the clocks change, written as Dutch wall-clock
 * time with the right UTC offset.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include <libical/ical.h>

#include "ics.h"

struct parsed {
	icalcomponent	*cal;
	icaltimezone	*zone;		/* from the file's own VTIMEZONE */
	icaltimetype	 start, end;
};

/* Parses text the way a calendar would: only with what is in the file. */
static void
parse(const char *text, struct parsed *p)
{
	icalcomponent	*ev, *vtz;

	p->cal = icalparser_parse_string(text);
	assert_non_null(p->cal);
	assert_int_equal(icalcomponent_isa(p->cal), ICAL_VCALENDAR_COMPONENT);
	vtz = icalcomponent_get_first_component(p->cal,
	    ICAL_VTIMEZONE_COMPONENT);
	assert_non_null(vtz);
	p->zone = icaltimezone_new();
	assert_int_equal(icaltimezone_set_component(p->zone,
	    icalcomponent_new_clone(vtz)), 1);
	assert_string_equal(icaltimezone_get_tzid(p->zone), "Europe/Amsterdam");
	ev = icalcomponent_get_first_component(p->cal, ICAL_VEVENT_COMPONENT);
	assert_non_null(ev);
	p->start = icalcomponent_get_dtstart(ev);
	p->end = icalcomponent_get_dtend(ev);
}

static void
parsed_free(struct parsed *p)
{
	icaltimezone_free(p->zone, 1);
	icalcomponent_free(p->cal);
}

/* start (UTC epoch) must come back as `hour` local time, offset secs. */
static void
check_instant(time_t start, int hour, int offset)
{
	struct ics_event e = { "afspraak-1@gezinsportaal.test", start,
	    start + 45 * 60, 1800000000, "Afspraak met Fatima Bouali",
	    "Stationsplein 4, Utrecht", NULL, 0 };
	struct parsed	 p;
	char		*text;
	int		 dst, off;

	text = ics_event_text(&e);
	assert_non_null(text);
	parse(text, &p);
	assert_int_equal(p.start.hour, hour);
	assert_int_equal(p.start.minute, 0);
	assert_int_equal(icaltime_as_timet_with_zone(p.start, p.zone), start);
	assert_int_equal(icaltime_as_timet_with_zone(p.end, p.zone),
	    start + 45 * 60);
	off = icaltimezone_get_utc_offset(p.zone, &p.start, &dst);
	assert_int_equal(off, offset);
	/* Written as wall-clock time with the zone, not as UTC. */
	assert_non_null(strstr(text, "DTSTART;TZID=Europe/Amsterdam:"));
	assert_non_null(strstr(text, "\r\n"));
	parsed_free(&p);
	free(text);
}

static void
test_summer_is_utc_plus_two(void **state)
{
	(void)state;
	/* 2027-07-12 12:00 UTC = 14:00 in Utrecht */
	check_instant(1815393600, 14, 7200);
}

static void
test_winter_is_utc_plus_one(void **state)
{
	(void)state;
	/* 2027-12-07 13:00 UTC = 14:00 in Utrecht */
	check_instant(1828184400, 14, 3600);
}

static void
test_days_the_clocks_change(void **state)
{
	(void)state;
	/* Sunday 2027-03-28, clocks go forward at 02:00: 10:00 local is
	 * 08:00 UTC; the evening before (Saturday 10:00) was 09:00 UTC. */
	check_instant(1806220800, 10, 7200);
	check_instant(1806138000, 10, 3600);
	/* Sunday 2027-10-31, clocks go back at 03:00: 10:00 local is
	 * 09:00 UTC. */
	check_instant(1824973200, 10, 3600);
}

static void
test_text_is_escaped(void **state)
{
	struct ics_event e = { "x@gezinsportaal.test", 1815393600,
	    1815393600 + 3600, 1800000000, "Gesprek; met, Fatima",
	    "Straat 1,\nUtrecht", "Neem uw vragen mee.", 1 };
	icalcomponent	*ev;
	struct parsed	 p;
	char		*text;

	(void)state;
	text = ics_event_text(&e);
	assert_non_null(text);
	assert_non_null(strstr(text, "SUMMARY:Gesprek\\; met\\, Fatima"));
	parse(text, &p);
	ev = icalcomponent_get_first_component(p.cal, ICAL_VEVENT_COMPONENT);
	assert_string_equal(icalcomponent_get_summary(ev),
	    "Gesprek; met, Fatima");
	assert_string_equal(icalcomponent_get_location(ev),
	    "Straat 1,\nUtrecht");
	assert_int_equal(icalcomponent_get_status(ev), ICAL_STATUS_CANCELLED);
	assert_int_equal(icalcomponent_get_sequence(ev), 1);
	parsed_free(&p);
	free(text);

	/* A lone carriage return cannot start a property of its own. */
	e.location = "Straat 1\rBEGIN:VALARM\r\nACTION:AUDIO";
	text = ics_event_text(&e);
	assert_non_null(text);
	assert_null(strstr(text, "\rBEGIN:VALARM"));
	assert_null(strstr(text, "\r\nBEGIN:VALARM"));
	parse(text, &p);
	ev = icalcomponent_get_first_component(p.cal, ICAL_VEVENT_COMPONENT);
	assert_string_equal(icalcomponent_get_location(ev),
	    "Straat 1 BEGIN:VALARM \nACTION:AUDIO");
	assert_null(icalcomponent_get_first_component(ev,
	    ICAL_VALARM_COMPONENT));
	assert_string_equal(icalcomponent_get_uid(ev), "x@gezinsportaal.test");
	parsed_free(&p);
	free(text);
}

/* Every line ends in CRLF, also when a value fills a line exactly (a
 * libical 3.0 folding slip, repaired in lib/ics). */
static void
test_line_ends_are_crlf(void **state)
{
	char			 place[200];
	struct ics_event	 e = { "x@t", 1815393600, 1815393600 + 60,
	    1800000000, "s", place, NULL, 0 };
	const char		*p;
	char			*text;
	size_t			 n;

	(void)state;
	for (n = 60; n < 160; n++) {
		memset(place, 'w', n);
		place[n] = '\0';
		text = ics_event_text(&e);
		assert_non_null(text);
		for (p = text; *p != '\0'; p++) {
			if (*p == '\r')
				assert_int_equal(p[1], '\n');
			if (*p == '\n')
				assert_true(p > text && p[-1] == '\r');
		}
		free(text);
	}
}

static void
test_bad_input_gives_nothing(void **state)
{
	struct ics_event e = { "x@t", 1815393600, 1815393600, 0, "s", "",
	    NULL, 0 };

	(void)state;
	assert_null(ics_event_text(&e));	/* ends when it starts */
	e.end = e.start - 60;
	assert_null(ics_event_text(&e));
	e.end = e.start + 60;
	e.uid = "";
	assert_null(ics_event_text(&e));
	e.uid = "x@t";
	e.summary = NULL;
	assert_null(ics_event_text(&e));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_summer_is_utc_plus_two),
		cmocka_unit_test(test_winter_is_utc_plus_one),
		cmocka_unit_test(test_days_the_clocks_change),
		cmocka_unit_test(test_text_is_escaped),
		cmocka_unit_test(test_line_ends_are_crlf),
		cmocka_unit_test(test_bad_input_gives_nothing),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

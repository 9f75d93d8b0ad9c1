/*
 * ics.c - an appointment as iCalendar text, with libical (see ics.h).
 */
#include <stdlib.h>
#include <string.h>

#include <libical/ical.h>

#include "ics.h"
#include "log.h"

#define ZONE	"Europe/Amsterdam"
#define NPROPS	7	/* of the VEVENT, besides place and description */

/*
 * The zone's VTIMEZONE, cut to the rules from a year before `from` on
 * (the whole history since 1835 would be 400 lines nobody needs), and
 * named plainly "Europe/Amsterdam" instead of libical's
 * "/freeassociation.sourceforge.net/..." prefix, so that calendars that
 * know the zone by name recognise it.
 */
static icalcomponent *
zone_component(icaltimezone *tz, time_t from)
{
	icalcomponent	*vtz;
	icalproperty	*tzid;
	icaltimetype	 start;

	if ((vtz = icaltimezone_get_component(tz)) == NULL ||
	    (vtz = icalcomponent_new_clone(vtz)) == NULL)
		return NULL;
	start = icaltime_from_timet_with_zone(from - 366L * 24 * 3600, 0,
	    icaltimezone_get_utc_timezone());
	icaltimezone_truncate_vtimezone(vtz, start, icaltime_null_time(), 0);
	if ((tzid = icalcomponent_get_first_property(vtz,
	    ICAL_TZID_PROPERTY)) == NULL) {
		icalcomponent_free(vtz);
		return NULL;
	}
	icalproperty_set_tzid(tzid, ZONE);
	return vtz;
}

/*
 * Text for a property: libical escapes commas, semicolons, backslashes
 * and new lines, but passes a lone carriage return (and other control
 * characters) through, which a calendar may read as a line end, so the
 * text could start a property of its own. Those become a space here.
 * Returns a malloc'd copy, or NULL.
 */
static char *
clean(const char *s)
{
	char	*c, *p;

	if ((c = strdup(s)) == NULL)
		return NULL;
	for (p = c; *p != '\0'; p++)
		if (((unsigned char)*p < 0x20 && *p != '\n') || *p == 0x7f)
			*p = ' ';
	return c;
}

/* A text property made by `make` from s (cleaned), or NULL. */
static icalproperty *
text_prop(icalproperty *(*make)(const char *), const char *s)
{
	icalproperty	*p;
	char		*c;

	if ((c = clean(s)) == NULL)
		return NULL;
	p = make(c);
	free(c);
	return p;
}

/*
 * libical 3.0 folds long lines by counting the line's own CRLF, so a line
 * that ends at the 75th octet is folded between its CR and LF:
 * "...\r" "\r\n " "\n". That is no valid line end (a calendar may read
 * the lone CR as one, or refuse the file). Undone here, in place.
 */
static void
unsplit_line_ends(char *s)
{
	char	*r = s, *w = s;

	while (*r != '\0') {
		if (strncmp(r, "\r\r\n \n", 5) == 0) {
			memcpy(w, "\r\n", 2);
			w += 2;
			r += 5;
		} else
			*w++ = *r++;
	}
	*w = '\0';
}

/* A DTSTART/DTEND value: local wall-clock time with TZID=Europe/Amsterdam. */
static icalproperty *
local_time(icalproperty *(*make)(struct icaltimetype), time_t t,
    icaltimezone *tz)
{
	icaltimetype	 v = icaltime_from_timet_with_zone(t, 0, tz);
	icalproperty	*p;

	v.zone = NULL;		/* written as local time; the TZID says which */
	if ((p = make(v)) != NULL)
		icalproperty_add_parameter(p, icalparameter_new_tzid(ZONE));
	return p;
}

char *
ics_event_text(const struct ics_event *e)
{
	icaltimezone	*tz;
	icalcomponent	*cal, *ev, *vtz;
	icalproperty	*p, *props[NPROPS];
	char		*text, *out;
	size_t		 i;
	int		 ok;

	if (e->uid == NULL || e->uid[0] == '\0' || e->summary == NULL ||
	    e->end <= e->start) {
		log_error("ics: bad appointment");
		return NULL;
	}
	if ((tz = icaltimezone_get_builtin_timezone(ZONE)) == NULL ||
	    (vtz = zone_component(tz, e->start)) == NULL) {
		log_error("ics: no time zone %s", ZONE);
		return NULL;
	}
	/* Every property is made first and checked: a NULL in the middle
	 * of a vanew list would end the list there, silently. */
	props[0] = icalproperty_new_uid(e->uid);
	props[1] = icalproperty_new_dtstamp(icaltime_from_timet_with_zone(
	    e->stamp, 0, icaltimezone_get_utc_timezone()));
	props[2] = local_time(icalproperty_new_dtstart, e->start, tz);
	props[3] = local_time(icalproperty_new_dtend, e->end, tz);
	props[4] = text_prop(icalproperty_new_summary, e->summary);
	props[5] = icalproperty_new_status(e->cancelled ?
	    ICAL_STATUS_CANCELLED : ICAL_STATUS_CONFIRMED);
	/* A cancelled file replaces the one imported before it. */
	props[6] = icalproperty_new_sequence(e->cancelled ? 1 : 0);
	cal = icalcomponent_vanew(ICAL_VCALENDAR_COMPONENT,
	    icalproperty_new_version("2.0"),
	    icalproperty_new_prodid("-//Gezinsportaal//Afspraken//NL"),
	    icalproperty_new_calscale("GREGORIAN"),
	    icalproperty_new_method(ICAL_METHOD_PUBLISH),
	    (void *)0);
	ev = icalcomponent_new(ICAL_VEVENT_COMPONENT);
	for (i = 0, ok = cal != NULL && ev != NULL; i < NPROPS; i++)
		ok = ok && props[i] != NULL;
	if (!ok) {
		log_error("ics: out of memory");
		for (i = 0; i < NPROPS; i++)
			if (props[i] != NULL)
				icalproperty_free(props[i]);
		if (cal != NULL)
			icalcomponent_free(cal);
		if (ev != NULL)
			icalcomponent_free(ev);
		icalcomponent_free(vtz);
		return NULL;
	}
	for (i = 0; i < NPROPS; i++)
		icalcomponent_add_property(ev, props[i]);
	if (e->location != NULL && e->location[0] != '\0' &&
	    (p = text_prop(icalproperty_new_location, e->location)) != NULL)
		icalcomponent_add_property(ev, p);
	if (e->description != NULL && e->description[0] != '\0' &&
	    (p = text_prop(icalproperty_new_description, e->description)) !=
	    NULL)
		icalcomponent_add_property(ev, p);
	icalcomponent_add_component(cal, vtz);
	icalcomponent_add_component(cal, ev);

	out = NULL;
	if ((text = icalcomponent_as_ical_string_r(cal)) != NULL) {
		if ((out = strdup(text)) != NULL)
			unsplit_line_ends(out);
		icalmemory_free_buffer(text);
	}
	icalcomponent_free(cal);	/* with vtz and ev */
	if (out == NULL)
		log_error("ics: out of memory");
	return out;
}

/*
 * ics.h - one appointment as an iCalendar file (RFC 5545) that phone
 * calendars import, made with libical (Debian libical-dev).
 *
 * Owns: the calendar text it returns (malloc'd; the caller frees it).
 * Times are written in Europe/Amsterdam with the zone's VTIMEZONE rules
 * (from the system's tzdata, through libical) from a year before the
 * appointment on, so a calendar shows the right hour on both sides of a
 * daylight-saving change.
 * Never: writes text it was given without libical's escaping (commas,
 * semicolons, new lines in a place or title).
 */
#ifndef GP_ICS_H
#define GP_ICS_H

#include <time.h>

struct ics_event {
	const char	*uid;		/* unique and stable: "id@host" */
	time_t		 start, end;	/* end > start */
	time_t		 stamp;		/* when this file was made (DTSTAMP) */
	const char	*summary;	/* "Afspraak met Fatima Bouali" */
	const char	*location;	/* address or video link; may be "" */
	const char	*description;	/* may be NULL */
	int		 cancelled;	/* STATUS:CANCELLED */
};

/* The VCALENDAR text (CRLF lines), or NULL on bad input (logged). */
char	*ics_event_text(const struct ics_event *);

#endif

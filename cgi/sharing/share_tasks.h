/*
 * share_tasks.h - whose "yes" a waiting share request still needs
 * (issue 15, part 1), for /delen and for any page that lists a member's
 * tasks (the start page's "Wat wacht op u").
 *
 * A waiting share is one share request per document and organisation
 * (sql/026), with the yes of everybody it needs (share_consent). Who is
 * needed is lib/policy's alone (policy_share_asks, policy_share_complete):
 * this file loads the facts and asks it. A request waits at most 30 days
 * and never past its last day (SHARE_WAITING); after that it is over,
 * also before the outbox process marked it so.
 */
#ifndef GP_SHARE_TASKS_H
#define GP_SHARE_TASKS_H

#include <stddef.h>

#include "dossier/dossier.h"

/* The last day a share that ends at timestamptz x may be read, as a Unix
 * time at noon of that day in the Netherlands (so printing it as a date
 * never moves it a day): the day of the moment just before x. */
#define SHARE_LAST_DAY(x) "extract(epoch FROM ((((" x ") - interval " \
	"'1 microsecond') AT TIME ZONE 'Europe/Amsterdam')::date + " \
	"time '12:00') AT TIME ZONE 'Europe/Amsterdam')::bigint"

/* SQL: share row s (an alias) is a request that still waits. */
#define SHARE_WAITING(s) "(" s ".pending AND " s ".revoked_at IS NULL " \
	"AND " s ".ended_at IS NULL AND " s ".until > now() AND " s \
	".created_at > now() - interval '30 days')"

/* One task: "Sanne wil 'Plan voor Daan' delen met GGZ Rivierenland, tot
 * en met 31 januari 2027. Geeft u toestemming?" (strings in r's arena or
 * the result; valid until the request ends). */
struct share_task {
	const char	*share_id;	/* POST /delen/{share_id}/toestemming */
	const char	*doc_id;	/* /documenten/{doc_id} */
	const char	*doc_title;
	const char	*organisation;
	const char	*asker;		/* given name of who asked; "" unknown */
	const char	*last_day;	/* Unix time (noon of the last day) for
					 * tctx_date */
};

/*
 * The waiting share requests that need a yes of the logged-in member (or
 * of the citizen of a clerk's assisted session), oldest first, of the
 * documents lib/policy lets them read. *tasks in r's arena (NULL when
 * none). 0, or an HTTP status (500, 503). Reads only; logs nothing (the
 * caller's page is audited as a whole).
 */
int	share_tasks(struct req *, struct share_task **tasks, size_t *n);

/*
 * For request `d` (facts for the logged-in person): agreed[i] (lib/policy's
 * POL_AGREED_SELF/PARENT) for each person the document is about, from
 * the ids of who said yes and the family's members (ST_FAMILY_MEMBERS).
 * A yes of someone the document is hidden from counts for nothing.
 */
void	share_agreed_bits(const struct doc *d, const long *yes, size_t nyes,
	    const PGresult *members, int *agreed);
/* Whether member pid (with parental authority or not) is still asked. */
int	share_member_asked(const struct doc *d, long pid, int authority,
	    const int *agreed);

#endif

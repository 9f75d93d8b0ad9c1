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

/* One task: "Sanne wil 'Plan voor Daan' delen met GGZ Rivierenland, tot
 * en met 31 januari 2027. Geeft u toestemming?" (strings in r's arena or
 * the result; valid until the request ends). */
struct share_task {
	const char	*share_id;	/* POST /delen/{share_id}/toestemming */
	const char	*doc_id;	/* /documenten/{doc_id} */
	const char	*doc_title;
	const char	*organisation;
	const char	*asker;		/* given name of who asked; "" unknown
					 * or shielded from the member */
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
 * The same in two steps, for a page that shares one struct doc_set of
 * document facts with other parts (the start page): share_tasks_want
 * reads the waiting requests into *waiting and adds their documents to
 * set; after doc_set_load, share_tasks_from decides. 0 or an HTTP status.
 */
int	share_tasks_want(struct req *, struct doc_set *set,
	    const PGresult **waiting);
int	share_tasks_from(struct req *, const struct doc_set *set,
	    const PGresult *waiting, struct share_task **tasks, size_t *n);

/* Who is asked and who agreed: doc_share_agreed_bits and doc_share_asked
 * (dossier/dossier.h), for the document page too. */

#endif

/*
 * waiting.h - "Wat wacht op u" on the start page (issue 15, part 3):
 * the tasks of the logged-in person, then the news since their last
 * visit, each line with a link to where they act.
 *
 * The list is built from a table of sources in waiting.c, one row per
 * kind of line: a statement, a lib/policy check, the wording and the
 * link. Adding a kind is one row and one statement (see the comment
 * above `sources` in waiting.c).
 *
 * "Since your last visit" is a marker per person (sql/027): the last
 * start-page view of the log-in before this one.
 */
#ifndef GP_WAITING_H
#define GP_WAITING_H

#include "core/portal.h"

/*
 * Moves the person's marker and fills c with the lists `tasks` and
 * `news` (each item: kind, text, href) and the flags has_tasks,
 * has_news, in the caller's transaction. 0, or an HTTP status.
 */
int	waiting_fill(struct req *, struct tctx *c);

#endif

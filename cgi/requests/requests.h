/*
 * requests.h - what cgi/requests/requests.c (/verzoeken) and cgi/requests/reply.c
 * (/antwoord) share: the columns of a request row, who may see one, its
 * words on a page, and the reply invitation both comments and requests
 * send.
 *
 * Who sees a request: the member who made it (it is their own right, so
 * not the rest of the family) and the professionals assigned to the
 * family now. Anybody else gets 404, as for documents.
 */
#ifndef GP_REQUESTS_H
#define GP_REQUESTS_H

#include "core/portal.h"

/* SQL both files' statements use. */
/* The days of a request as Unix times at noon in the Netherlands (so
 * printing them as a date never moves them a day). */
#define NOON(d) "extract(epoch FROM ((" d ") + time '12:00') " \
	"AT TIME ZONE 'Europe/Amsterdam')::bigint"
/* Professional $1 is assigned to family f now. */
#define ASSIGNED(f) "EXISTS (SELECT 1 FROM assignment_now a " \
	"WHERE a.family_id = " f " AND a.professional_id = $1)"

/* Request public id $2 with the columns below, as person $1 sees it
 * (requests.c). */
extern const struct stmt_def	ST_REQUEST_ONE[1];

/* Columns of REQUEST_COLUMNS (ST_REQUEST_LIST, ST_REQUEST_ONE). */
enum request_col {
	R_PUBLIC_ID, R_KIND, R_STATUS, R_DOC_TITLE, R_CREATED, R_DUE, R_LATE,
	R_EXTENDED, R_ANSWERED, R_AUTHOR, R_IS_AUTHOR, R_ASSIGNED, R_ID,
	R_FAMILY, R_DOC_ID, R_BODY, R_REASON, R_ANSWER, R_DUE_ISO
};

/* 1 if the logged-in person may see row i (author, or a professional
 * assigned to the family now). */
int	request_visible(const struct req *, const PGresult *, int i);
/* 1 while the request waits for its answer. */
int	request_open(const char *status);
/* Fills ctx with what a page says about row i: kind, status (labels and
 * flags), document, dates, deadline. */
void	request_fill(struct req *, struct tctx *, const PGresult *, int i);

/*
 * Mails every professional assigned to family_id now, one mail each
 * (outbox, in the caller's transaction), with a reply link of their own
 * for the comment or request ("comment" / "request") the logged-in person
 * just stored with form nonce `nonce`. Text: intro (msgid), the link,
 * then `more` (a portal address, or NULL). No dossier text.
 */

#endif

/*
 * share.c - "Wie kan dit stuk zien?": GET /delen (per document: family
 * members, professionals and organisations that can see it, and why),
 * POST /delen (ask to share with an organisation of the registry, until
 * a date), POST /delen/{id}/toestemming (yes or no to a waiting share
 * request) and POST /delen/{id}/intrekken (stop a share).
 *
 * Who takes part in a share is lib/policy's (POL_SHARE); whose yes a
 * request still needs is lib/policy's too (policy_share_asks, through
 * share_tasks.c): a child under 12 needs a parent with authority, a
 * youth of 12-15 the youth and a parent, everybody of 16 and older
 * themself, for every person the document is about. A waiting share is
 * ONE request per document and organisation (a unique index, sql/026):
 * whoever asks while one waits either joins it (the same last day and
 * comments: their yes is added) or is told that it waits (other terms:
 * 409 and the form, nothing stored). Each person still asked sees the
 * request as a task on /delen with yes/no; members without a login
 * ("Ans kan dit aan de balie doen.") answer at the counter, where the
 * clerk uses this same route for them. The share starts in the very
 * transaction of the last needed yes, not before: until then nobody
 * outside the family reads it. A request that waits 30 days, or reaches
 * its last day, is over (SHARE_WAITING, checked in SQL on every read);
 * the outbox process marks it and mails who asked.
 *
 * A "no" ends the request at once and mails who asked. What is safe to
 * say: that not everybody agreed, never who said no. A youth who refuses
 * a parent's request must be able to do so without the parent learning
 * it was them (and with two parents, or the whole family, no name is
 * safe either), so neither the mail nor /delen names anybody; the other
 * members see the task go away.
 *
 * A share the court ordered cannot be revoked (POL_REVOKE_SHARE, 403
 * with the reason). Expiry and revocation take effect on the very next
 * read: every read checks them in SQL.
 *
 * Dates as chosen: `until` is the last day the organisation may read the
 * document, a Dutch calendar day. It is stored as the moment that day ends
 * (midnight at its end in Europe/Amsterdam, so also right across the clock
 * change), and every place that shows it shows that chosen day (LAST_DAY),
 * never the moment after. The form's default, prefilled and the same for
 * everyone (also a form without the field): today in three months, the
 * same date ("Meestal drie maanden"); the earliest day is today (readable
 * to the end of today), the latest today in a year.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "dossier/dossier.h"
#include "log.h"
#include "core/mail.h"
#include "core/portal.h"
#include "sharing/share_tasks.h"
#include "util.h"

#define LAST_DAY(x)	SHARE_LAST_DAY(x)

/* In the families of person $1: which youths let which parent read which
 * document (public id, parent, youths as "12,14"). */
static const struct stmt_def ST_YOUTH_SHARES[1] = {{ "youth_shares",
	"SELECT d.public_id, ys.parent_id, "
	"  string_agg(ys.youth_id::text, ',' ORDER BY ys.youth_id) "
	"FROM document_youth_share ys JOIN document d ON d.id = ys.document_id "
	"JOIN family_member m ON m.family_id = d.family_id AND m.person_id = $1 "
	"GROUP BY d.public_id, ys.parent_id", 1, 3 }};
enum { YS_DOC, YS_PARENT, YS_YOUTHS };

/* Organisation $1 (a slug) for a document of family $2 (internal id):
 * whether it has professionals (not only clerks) and whether one of them
 * is assigned to the family now (policy_share_receiver). */
#define ORG_HAS_PROS(o) \
	"EXISTS (SELECT 1 FROM professional pr JOIN person p " \
	"  ON p.id = pr.person_id WHERE pr.organisation_id = " o \
	"  AND p.kind = 'professional')"
static const struct stmt_def ST_ORG_BY_SLUG[1] = {{ "org_by_slug",
	"SELECT o.id, o.name, " ORG_HAS_PROS("o.id") ", "
	"  EXISTS (SELECT 1 FROM assignment_now a JOIN professional pr "
	"    ON pr.person_id = a.professional_id "
	"   WHERE pr.organisation_id = o.id AND a.family_id = $2::bigint) "
	"FROM organisation o WHERE o.slug = $1", 2, 4 }};
enum { OBS_ID, OBS_NAME, OBS_HAS_PROS, OBS_ASSIGNED };

/* Every organisation for the share form: whether it has professionals,
 * and the families (internal ids, ",12,14,") one of them is assigned to
 * now; the page offers per document only policy_share_receiver's. */
static const struct stmt_def ST_SHARE_ORGS[1] = {{ "share_orgs",
	"SELECT o.slug, o.name, " ORG_HAS_PROS("o.id") ", "
	"  ',' || coalesce((SELECT string_agg(DISTINCT a.family_id::text, ',') "
	"    FROM assignment_now a JOIN professional pr "
	"      ON pr.person_id = a.professional_id "
	"   WHERE pr.organisation_id = o.id), '') || ',' "
	"FROM organisation o ORDER BY o.name", 0, 4 }};
enum { SO_SLUG, SO_NAME, SO_HAS_PROS, SO_FAMILIES };

/* Every share, waiting or active, of the documents of the families of
 * person $1 that is not revoked or over, with who agreed so far (ids
 * "12,14"; the page names those lib/policy lets the reader see) and who
 * asked. */
static const struct stmt_def ST_SHARE_LIST[1] = {{ "share_list",
	"SELECT d.public_id, s.public_id, o.name, "
	"       coalesce(" LAST_DAY("s.until") ", 0), "
	"       s.court_order, s.pending, s.includes_comments, "
	"       coalesce(s.requested_by, 0), "
	"       coalesce((SELECT string_agg(c.person_id::text, ',' "
	"         ORDER BY c.person_id) FROM share_consent c "
	"         WHERE c.share_id = s.id), ''), "
	"       coalesce(rq.given_name, '') "
	"  FROM document_share s JOIN document d ON d.id = s.document_id "
	"  JOIN organisation o ON o.id = s.organisation_id "
	"  LEFT JOIN person rq ON rq.id = s.requested_by "
	" WHERE d.family_id IN (SELECT family_id FROM family_member "
	"    WHERE person_id = $1) "
	"   AND s.revoked_at IS NULL AND (s.until IS NULL OR s.until > now()) "
	"   AND (NOT s.pending OR " SHARE_WAITING("s") ") "
	" ORDER BY s.court_order DESC, o.name", 1, 10 }};
enum { S_DOC, S_ID, S_ORG, S_UNTIL, S_COURT, S_PENDING, S_COMMENTS,
    S_ASKER_ID, S_YES, S_ASKER };

/* Requests of document $1 that waited 30 days or reached their last day
 * are over (the outbox process mails who asked): a new one may start. */
static const struct stmt_def ST_SHARE_CLOSE_STALE[1] = {{
	"share_close_stale",
	"UPDATE document_share SET ended_at = now(), ended_reason = 'verlopen' "
	" WHERE document_id = $1 AND pending AND revoked_at IS NULL "
	"   AND ended_at IS NULL "
	"   AND (created_at <= now() - interval '30 days' OR until <= now())",
	1, 0 }};

/* The one waiting request of document $1 with organisation $2, and
 * whether it is on the terms $3 (last day), $4 (comments). */
static const struct stmt_def ST_SHARE_PENDING[1] = {{ "share_pending",
	"SELECT id, public_id, until = (($3::date + 1)::timestamp AT TIME "
	"  ZONE 'Europe/Amsterdam') AND includes_comments = $4 "
	"  FROM document_share WHERE document_id = $1 "
	"   AND organisation_id = $2 AND pending AND revoked_at IS NULL "
	"   AND ended_at IS NULL", 4, 3 }};
/* (and of ST_SHARE_INSERT) */
enum { NEW_ID, NEW_PUBLIC_ID, NEW_SAME_TERMS };

/* Sharing a document waits for whoever shares it at this moment (one
 * decision at a time: no two waiting shares, no lost consent). */
static const struct stmt_def ST_DOC_LOCK[1] = {{ "doc_lock",
	"SELECT 1 FROM document WHERE id = $1 FOR UPDATE", 1, 1 }};

/* Whether document $1 is shared with organisation $2 now. */
static const struct stmt_def ST_SHARE_ACTIVE[1] = {{ "share_active",
	"SELECT EXISTS (SELECT 1 FROM document_share WHERE document_id = $1 "
	"   AND organisation_id = $2 AND NOT pending AND revoked_at IS NULL "
	"   AND (until IS NULL OR until > now()))", 2, 1 }};
enum { ACTIVE_YES };

/* A new waiting share: $1 document, $2 organisation, $3 last day (a
 * date; the share ends at the end of that day in the Netherlands), $4
 * include comments, $5 who asked. Nothing when one waits already (the
 * unique index document_share_one_request). */
static const struct stmt_def ST_SHARE_INSERT[1] = {{ "share_insert",
	"INSERT INTO document_share (document_id, organisation_id, until, "
	"  includes_comments, pending, requested_by) "
	"VALUES ($1, $2, (($3::date + 1)::timestamp AT TIME ZONE "
	"  'Europe/Amsterdam'), $4, true, $5) "
	"ON CONFLICT (document_id, organisation_id) WHERE pending AND "
	"  revoked_at IS NULL AND ended_at IS NULL DO NOTHING "
	"RETURNING id, public_id, true", 5, 3 }};

/* Person $2 agrees to share $1; then everybody who agreed. */
static const struct stmt_def ST_SHARE_AGREE[1] = {{ "share_agree",
	"INSERT INTO share_consent (share_id, person_id) VALUES ($1, $2) "
	"ON CONFLICT DO NOTHING", 2, 0 }};

static const struct stmt_def ST_SHARE_AGREED[1] = {{ "share_agreed",
	"SELECT person_id FROM share_consent WHERE share_id = $1", 1, 1 }};
enum { AGREED_PERSON };

/* Everybody needed agreed: the share starts now. */
static const struct stmt_def ST_SHARE_ACTIVATE[1] = {{ "share_activate",
	"UPDATE document_share SET pending = false, starts_at = now() "
	" WHERE id = $1 AND pending AND ended_at IS NULL", 1, 0 }};

/* Share request $1 by its public id: whether it still waits (else it
 * started, ended, was revoked, waited 30 days or reached its last day),
 * its document, who asked. */
static const struct stmt_def ST_SHARE_REQUEST[1] = {{ "share_request",
	"SELECT s.id, d.public_id, " SHARE_WAITING("s") ", "
	"       coalesce(s.requested_by, 0) "
	"  FROM document_share s JOIN document d ON d.id = s.document_id "
	" WHERE s.public_id = $1 AND NOT s.court_order", 1, 4 }};
enum { RQ_ID, RQ_DOC, RQ_WAITING, RQ_ASKER };

/* Someone whose yes request $1 needs said no: it ends (who asked is
 * mailed in the same transaction). */
static const struct stmt_def ST_SHARE_REFUSE[1] = {{ "share_refuse",
	"UPDATE document_share SET ended_at = now(), ended_reason = 'nee', "
	"       ended_noticed_at = now() "
	" WHERE id = $1 AND pending AND ended_at IS NULL "
	"   AND revoked_at IS NULL", 1, 0 }};

/* The share requests person $1 asked for that ended without starting in
 * the last 30 days: their notice on /delen (who said no is not said). */
static const struct stmt_def ST_SHARE_STOPPED[1] = {{ "share_stopped",
	"SELECT d.public_id, o.name, s.ended_reason "
	"  FROM document_share s JOIN document d ON d.id = s.document_id "
	"  JOIN organisation o ON o.id = s.organisation_id "
	" WHERE s.requested_by = $1 AND s.ended_at > now() - interval "
	"   '30 days' AND s.revoked_at IS NULL "
	" ORDER BY s.ended_at DESC", 1, 3 }};
enum { STOP_DOC, STOP_ORG, STOP_REASON };

/* The language and age of person $1, for a mail to them. */
static const struct stmt_def ST_SHARE_MAIL_LANG[1] = {{ "share_mail_lang",
	"SELECT coalesce(language, ''), "
	"  coalesce(extract(year FROM age(current_date, birth_date))::int, -1) "
	"  FROM person WHERE id = $1", 1, 2 }};
enum { ML_LANGUAGE, ML_AGE };

/* A mail ($2 subject, $3 body) to person $1 at the address they gave on
 * /gegevens, or a letter about $4 in the counter's print queue when they
 * chose post or the counter (lib/stmts.h: MEMBER_OUTBOX); none when
 * neither is possible. */
static const struct stmt_def ST_SHARE_MAIL_TO[1] = {{ "share_mail_to",
	"INSERT INTO outbox (kind, recipient, subject, body) "
	"SELECT " MEMBER_OUTBOX("cd", "cd.person_id", "$4", "$2", "$3") " "
	"  FROM contact_details cd "
	" WHERE cd.person_id = $1 AND " MEMBER_REACHED("cd"), 4, 0 }};

/* One share by its public id, with its document's public id. */
static const struct stmt_def ST_SHARE_ONE[1] = {{ "share_one",
	"SELECT s.id, d.public_id, s.court_order "
	"  FROM document_share s JOIN document d ON d.id = s.document_id "
	" WHERE s.public_id = $1 AND s.revoked_at IS NULL "
	"   AND s.ended_at IS NULL", 1, 3 }};
enum { ONE_ID, ONE_DOC, ONE_COURT };

/* Person $2 revokes share $1: it ends at once (checked on every read). */
static const struct stmt_def ST_SHARE_REVOKE[1] = {{ "share_revoke",
	"UPDATE document_share SET revoked_at = now(), revoked_by = $2 "
	" WHERE id = $1 AND revoked_at IS NULL AND NOT court_order", 2, 0 }};

/* Today, today in three months and in a year, in the Netherlands. */
static const struct stmt_def ST_SHARE_DATES[1] = {{ "share_dates",
	"SELECT to_char(t, 'YYYY-MM-DD'), "
	"       to_char(t + interval '3 months', 'YYYY-MM-DD'), "
	"       to_char(t + interval '1 year', 'YYYY-MM-DD') "
	"  FROM (SELECT (now() AT TIME ZONE 'Europe/Amsterdam')::date AS t) x",
	0, 3 }};
enum { DATE_TODAY, DATE_DEFAULT_UNTIL, DATE_MAX_UNTIL };

/* Shares of the documents of person $1's families that ended (their end
 * date passed, or revoked) in the last 30 days: the family's notice,
 * with who stopped it (0: nobody, its end date passed). */
static const struct stmt_def ST_SHARE_ENDED[1] = {{ "share_ended",
	"SELECT d.public_id, o.name, extract(epoch FROM "
	"       least(coalesce(s.revoked_at, s.until), s.until))::bigint, "
	"       CASE WHEN s.revoked_at < s.until "
	"         THEN coalesce(s.revoked_by, 0) ELSE 0 END "
	"  FROM document_share s JOIN document d ON d.id = s.document_id "
	"  JOIN organisation o ON o.id = s.organisation_id "
	" WHERE d.family_id IN (SELECT family_id FROM family_member "
	"    WHERE person_id = $1) "
	"   AND NOT s.pending AND NOT s.court_order "
	"   AND ((s.until <= now() AND s.until > now() - interval '30 days') "
	"     OR (s.revoked_at > now() - interval '30 days')) "
	" ORDER BY 3 DESC", 1, 4 }};
enum { ENDED_DOC, ENDED_ORG, ENDED_AT, ENDED_BY };

static const struct stmt_def *const stmts[] = {
	ST_YOUTH_SHARES,
	ST_ORG_BY_SLUG,
	ST_SHARE_ORGS,
	ST_SHARE_LIST,
	ST_SHARE_CLOSE_STALE,
	ST_SHARE_PENDING,
	ST_DOC_LOCK,
	ST_SHARE_ACTIVE,
	ST_SHARE_INSERT,
	ST_SHARE_AGREE,
	ST_SHARE_AGREED,
	ST_SHARE_ACTIVATE,
	ST_SHARE_ONE,
	ST_SHARE_REVOKE,
	ST_SHARE_DATES,
	ST_SHARE_ENDED,
	ST_SHARE_REQUEST,
	ST_SHARE_REFUSE,
	ST_SHARE_STOPPED,
	ST_SHARE_MAIL_LANG,
	ST_SHARE_MAIL_TO,
};
const struct stmt_table share_stmts = {
	"sharing/share.c", stmts, NELEM(stmts)
};

/* Documents a page of /delen shows (issue 21: pages with a cursor, every
 * document reachable; ?na=<id> is the page after document <id>). */
#define PER_PAGE	20
#define MAX_MEMBERS	32

enum { F_DOCUMENT, F_ORG, F_UNTIL, F_COMMENTS, F__MAX };

static const struct form_spec share_form[F__MAX] = {
	[F_DOCUMENT] = { .name = "document", .kind = FORM_ID, .required = 1,
	    .max_chars = 64 },
	[F_ORG] = { .name = "organisation", .kind = FORM_ID, .required = 1,
	    .max_chars = 64, .msg_missing = N_("Kies met welke organisatie "
	    "u het stuk wilt delen.") },
	/* Not given: the default (a form without the field, a script). */
	[F_UNTIL] = { .name = "until", .kind = FORM_DATE, .max_chars = 10,
	    .msg_too_long = N_("Schrijf de datum zo: 2027-02-23."),
	    .msg_invalid = N_("Schrijf de datum zo: 2027-02-23.") },
	[F_COMMENTS] = { .name = "comments", .kind = FORM_FLAG,
	    .max_chars = 3 },
};

struct dates {
	const char	*today, *default_until, *max_until;
};

static int
load_dates(struct req *r, struct dates *dt)
{
	PGresult	*res;
	enum db_err	 e;

	dt->today = dt->default_until = dt->max_until = "";
	if ((e = db_exec(r->db, ST_SHARE_DATES, NULL, &res)) != DB_OK)
		return db_status(e);
	dt->today = db_val(res, 0, DATE_TODAY);
	dt->default_until = db_val(res, 0, DATE_DEFAULT_UNTIL);
	dt->max_until = db_val(res, 0, DATE_MAX_UNTIL);
	return 0;
}

/* ---- the page ---- */

struct page_state {
	const char		*error_doc;	/* the form with errors */
	const struct form_error	*errs;
	size_t			 nerr;
	const char		*org, *until;	/* kept */
	const char		*notice;	/* a msgid: why nothing was
						 * stored (409) */
};

/* Members and professionals of each family on the page, read once per
 * family (a person is in a few families at most). */
#define MAX_FAMILIES	8

struct family_cache {
	const char	*id[MAX_FAMILIES];
	const PGresult	*members[MAX_FAMILIES], *pros[MAX_FAMILIES];
	size_t		 n;
};

/* 0 with *members and *pros, or an HTTP status. */
static int
family_rows(struct req *r, struct family_cache *fc, const char *family_id,
    const PGresult **members, const PGresult **pros)
{
	const char	*params[1] = { family_id };
	PGresult	*m, *p;
	enum db_err	 e;
	size_t		 i;

	for (i = 0; i < fc->n; i++)
		if (strcmp(fc->id[i], family_id) == 0) {
			*members = fc->members[i];
			*pros = fc->pros[i];
			return 0;
		}
	if (fc->n == MAX_FAMILIES)
		return 500;
	if ((e = db_exec(r->db, ST_FAMILY_MEMBERS, params, &m)) != DB_OK ||
	    (e = db_exec(r->db, ST_FAMILY_PROFESSIONALS, params, &p)) != DB_OK)
		return db_status(e);
	fc->id[fc->n] = family_id;
	*members = fc->members[fc->n] = m;
	*pros = fc->pros[fc->n] = p;
	fc->n++;
	return 0;
}

static int
is_subject(const struct doc *d, long person_id)
{
	size_t	 i;

	for (i = 0; i < d->f.doc.nsubjects; i++)
		if (d->f.subjects[i].person_id == person_id)
			return 1;
	return 0;
}

/* The youths who let member `pid` read document `doc` (ST_YOUTH_SHARES
 * rows: document, parent, youths), or "". */
static const char *
shared_by(const PGresult *ys, const char *doc, long pid)
{
	int	 i;

	for (i = 0; i < db_rows(ys); i++)
		if (strcmp(db_val(ys, i, YS_DOC), doc) == 0 &&
		    db_long(ys, i, YS_PARENT) == pid)
			return db_val(ys, i, YS_YOUTHS);
	return "";
}

/*
 * Why a parent reads a document of a youth of 16 or older: the youth let
 * them (review Y3: not "ouder met gezag", which reads as a right). The
 * youth reading their own page is told "u/jij liet deze ouder ... lezen";
 * anyone else reads who allowed it, by given name. ids: "12,14".
 */
static void
reader_shared_by(struct req *r, struct tctx *m, const char *ids,
    const PGresult *members, const struct req_shields *sh)
{
	struct buf	 names;
	const char	*p = ids, *comma;
	long		 id;
	int		 i, by_me = 0;

	buf_init(&names, r->a, 0);
	while (*p != '\0') {
		id = strtol(p, NULL, 10);
		if (id == r->sess.person_id)
			by_me = 1;
		for (i = 0; i < db_rows(members) && req_actor_shown(sh, id);
		    i++)
			if (db_long(members, i, MEMBER_ID) == id)
				buf_printf(&names, "%s%s", names.len > 0 ?
				    ", " : "", db_val(members, i,
				    MEMBER_GIVEN));
		if ((comma = strchr(p, ',')) == NULL)
			break;
		p = comma + 1;
	}
	tctx_bool(m, "shared_by_me", by_me);
	tctx_bool(m, "shared_by_youth", *ids != '\0' && !by_me &&
	    names.len > 0);
	tctx_nl(m, "youths", names.failed ? "" : buf_cstr(&names));
}

/* Whether one of the youths in ids ("12,14") who let a parent read is a
 * member the reader may see act (not shielded from them). */
static int
some_sharer_shown(const char *ids, const struct req_shields *sh)
{
	const char	*p = ids, *comma;

	while (*p != '\0') {
		if (req_actor_shown(sh, strtol(p, NULL, 10)))
			return 1;
		if ((comma = strchr(p, ',')) == NULL)
			break;
		p = comma + 1;
	}
	return 0;
}

/*
 * Who in the family reads the document, and why a parent reads a youth's.
 * A parent who reads only because a youth shielded from the reader let
 * them is left out, with that youth's name: that the youth shared is an
 * action of theirs the reader may not learn (DESIGN.md §3, review of 4
 * December), also not from a name that appears in the list.
 */
static void
fill_readers(struct req *r, const struct doc *d, struct tctx *it,
    const PGresult *members, const PGresult *ys,
    const struct req_shields *sh)
{
	struct tctx	*m;
	const char	*by, *none = "";
	long		 pid;
	int		 i;

	tctx_list(it, "readers");
	for (i = 0; i < db_rows(members); i++) {
		pid = db_long(members, i, MEMBER_ID);
		by = shared_by(ys, d->public_id, pid);
		if (!doc_member_may(d, pid,
		    (int)db_long(members, i, MEMBER_AGE),
		    db_val(members, i, MEMBER_AUTHORITY), by, POL_READ))
			continue;
		if (*by != '\0' && pid != r->sess.person_id &&
		    !some_sharer_shown(by, sh) &&
		    !doc_member_may(d, pid, (int)db_long(members, i,
		    MEMBER_AGE), db_val(members, i, MEMBER_AUTHORITY), none,
		    POL_READ))
			continue;
		if ((m = tctx_list_add(it, "readers")) == NULL)
			return;
		tctx_bool(m, "self", db_long(members, i, MEMBER_ID) ==
		    r->sess.person_id);
		tctx_nl(m, "name", db_val(members, i, MEMBER_GIVEN));
		tctx_bool(m, "about",
		    is_subject(d, db_long(members, i, MEMBER_ID)));
		reader_shared_by(r, m, by, members, sh);
	}
}

static void
fill_pros(struct req *r, struct tctx *it, const PGresult *pros)
{
	struct tctx	*m;
	int		 i;

	tctx_list(it, "pros");
	for (i = 0; i < db_rows(pros); i++) {
		if ((m = tctx_list_add(it, "pros")) == NULL)
			return;
		tctx_nl(m, "name", arena_printf(r->a, "%s %s",
		    db_val(pros, i, PRO_GIVEN), db_val(pros, i, PRO_FAMILY)));
		tctx_nl(m, "organisation", db_val(pros, i, PRO_ORG));
	}
}

/* Joins name b to the names in *out with sep ("" when *out is empty). */
static void
add_name(struct req *r, const char **out, const char *sep, const char *b)
{
	*out = (*out)[0] == '\0' ? b : arena_printf(r->a, "%s%s%s", *out,
	    sep, b);
}

/*
 * Who a waiting request still needs, from lib/policy (share_tasks.c):
 * "missing", the given names ("Daan", "Sanne, Mark, Ans"; parents of
 * whom one is enough: "Sanne of Mark"), and the list "counter" of those
 * of them without a login, who answer at the counter. A member shielded
 * from the reader is not named: "others" says that someone else may
 * still be asked (agreed: as the reader is shown it, so this does not
 * change when that member says yes).
 */
static void
fill_missing(struct req *r, const struct doc *d, struct tctx *m,
    const PGresult *members, const int *agreed,
    const struct req_shields *sh)
{
	const char	*self = "", *parents = "", *name, *sep;
	struct tctx	*c;
	long		 pid;
	size_t		 s;
	int		 i, own, others = 0;

	sep = arena_printf(r->a, " %s ", i18n_gettext(N_("of")));
	tctx_list(m, "counter");
	for (i = 0; i < db_rows(members); i++) {
		pid = db_long(members, i, MEMBER_ID);
		if (!doc_share_asked(d, pid, db_val(members, i,
		    MEMBER_AUTHORITY), agreed))
			continue;
		if (!req_actor_shown(sh, pid)) {
			others = 1;
			continue;
		}
		name = db_val(members, i, MEMBER_GIVEN);
		/* Asked for their own yes, or only as a parent? */
		own = 0;
		for (s = 0; s < d->f.doc.nsubjects; s++)
			if (d->f.subjects[s].person_id == pid &&
			    (policy_share_needs(&d->f.subjects[s], agreed[s]) &
			    POL_AGREED_SELF))
				own = 1;
		if (own)
			add_name(r, &self, ", ", name);
		else
			add_name(r, &parents, sep, name);
		if (!db_bool(members, i, MEMBER_ACCOUNT) &&
		    (c = tctx_list_add(m, "counter")) != NULL)
			tctx_str(c, "name", name);
	}
	if (parents[0] != '\0')
		add_name(r, &self, ", ", parents);
	tctx_str(m, "missing", self);
	tctx_bool(m, "has_missing", self[0] != '\0');
	tctx_bool(m, "others_missing", others);
}

/* "Ja gezegd: Sanne, Mark": the given names of yes[] in the family's
 * order (those the reader may see: yes[] is filtered already). */
static const char *
agreed_names(struct req *r, const PGresult *members, const long *yes,
    size_t nyes)
{
	const char	*out = "";
	size_t		 k;
	int		 i;

	for (i = 0; i < db_rows(members); i++)
		for (k = 0; k < nyes; k++)
			if (db_long(members, i, MEMBER_ID) == yes[k])
				add_name(r, &out, ", ", db_val(members, i,
				    MEMBER_GIVEN));
	return out;
}

static void
fill_shares(struct req *r, struct doc *d, struct tctx *it,
    const PGresult *shares, const PGresult *members,
    const struct req_shields *sh)
{
	struct tctx	*m;
	long		 yes[DOC_MAX_SUBJECTS * 2];
	int		 agreed[DOC_MAX_SUBJECTS];
	size_t		 nyes;
	int		 i, court, pending;

	tctx_list(it, "shares");
	for (i = 0; i < db_rows(shares); i++) {
		if (strcmp(db_val(shares, i, S_DOC), d->public_id) != 0)
			continue;
		if ((m = tctx_list_add(it, "shares")) == NULL)
			return;
		court = db_bool(shares, i, S_COURT);
		pending = db_bool(shares, i, S_PENDING);
		tctx_nl(m, "organisation", db_val(shares, i, S_ORG));
		tctx_str(m, "share_id", db_val(shares, i, S_ID));
		tctx_bool(m, "court", court);
		tctx_bool(m, "pending", pending);
		tctx_bool(m, "with_comments", db_bool(shares, i, S_COMMENTS));
		tctx_str(m, "agreed", "");
		tctx_bool(m, "has_until", db_long(shares, i, S_UNTIL) > 0);
		tctx_date(m, "until", db_val(shares, i, S_UNTIL));
		tctx_str(m, "missing", "");
		tctx_bool(m, "has_missing", 0);
		tctx_bool(m, "others_missing", 0);
		tctx_list(m, "counter");
		/* As the reader is shown it: without the yes of anyone
		 * shielded from them, and without their names. */
		if (pending && doc_parse_ids(db_val(shares, i, S_YES), yes,
		    NELEM(yes), &nyes) == 0) {
			doc_share_agreed_shown(d, sh, yes, &nyes, members,
			    agreed);
			tctx_str(m, "agreed", agreed_names(r, members, yes,
			    nyes));
			fill_missing(r, d, m, members, agreed, sh);
		}
		d->f.doc.court_ordered_share = court;
		tctx_bool(m, "can_revoke", policy_decide(&d->f.actor,
		    &d->f.doc, POL_REVOKE_SHARE).allow);
	}
}

/* "Uw vraag om dit stuk te delen met ... is gestopt.": requests this
 * person asked for that ended without starting (30 days). */
static void
fill_stopped(const struct doc *d, struct tctx *it, const PGresult *stopped)
{
	struct tctx	*m;
	int		 i;

	tctx_list(it, "stopped");
	for (i = 0; i < db_rows(stopped); i++) {
		if (strcmp(db_val(stopped, i, STOP_DOC), d->public_id) != 0)
			continue;
		if ((m = tctx_list_add(it, "stopped")) == NULL)
			return;
		tctx_nl(m, "organisation", db_val(stopped, i, STOP_ORG));
		tctx_bool(m, "refused", strcmp(db_val(stopped, i,
		    STOP_REASON), "nee") == 0);
	}
}

/* The tasks of this person: requests that wait for their yes. */
static int
fill_tasks(struct req *r, struct tctx *c)
{
	struct share_task	*t;
	struct tctx		*m;
	size_t			 n, i;
	int			 st;

	if ((st = share_tasks(r, &t, &n)) != 0)
		return st;
	tctx_list(c, "tasks");
	for (i = 0; i < n; i++) {
		if ((m = tctx_list_add(c, "tasks")) == NULL)
			return 500;
		tctx_str(m, "share_id", t[i].share_id);
		tctx_str(m, "task_doc_id", t[i].doc_id);
		tctx_str(m, "title", t[i].doc_title);
		tctx_str(m, "organisation", t[i].organisation);
		tctx_str(m, "asker", t[i].asker);
		tctx_bool(m, "has_asker", t[i].asker[0] != '\0');
		tctx_date(m, "until", t[i].last_day);
		tctx_strf(m, "task_id", "vraag-%zu", i);
	}
	tctx_bool(c, "has_tasks", n > 0);
	return 0;
}

/* "GGZ Rivierenland kan dit stuk niet meer zien sinds ...": shares of
 * this document that ended in the last 30 days; without the day when
 * someone shielded from the reader stopped it. */
static void
fill_ended(const struct doc *d, struct tctx *it, const PGresult *ended,
    const struct req_shields *sh)
{
	struct tctx	*m;
	int		 i;

	tctx_list(it, "ended");
	for (i = 0; i < db_rows(ended); i++) {
		if (strcmp(db_val(ended, i, ENDED_DOC), d->public_id) != 0)
			continue;
		if ((m = tctx_list_add(it, "ended")) == NULL)
			return;
		tctx_nl(m, "organisation", db_val(ended, i, ENDED_ORG));
		tctx_date(m, "since", db_val(ended, i, ENDED_AT));
		tctx_bool(m, "has_since", req_actor_shown(sh, db_long(ended,
		    i, ENDED_BY)));
	}
}

static int
fill_form(struct req *r, const struct doc *d, struct tctx *it, int n,
    const PGresult *orgs, const struct dates *dt,
    const struct page_state *ps)
{
	struct tctx	*o;
	const char	*org = "", *until = dt->default_until, *fam;
	int		 i, mine;
	size_t		 k;

	mine = ps->error_doc != NULL && strcmp(ps->error_doc,
	    d->public_id) == 0;
	if (mine) {
		org = ps->org;
		until = ps->until;
	}
	tctx_strf(it, "org_id", "organisation-%d", n);
	tctx_strf(it, "until_id", "until-%d", n);
	tctx_strf(it, "comments_id", "comments-%d", n);
	tctx_str(it, "until_value", until);
	tctx_str(it, "until_min", dt->today);
	tctx_str(it, "until_max", dt->max_until);
	tctx_str(it, "org_error", "");
	tctx_str(it, "until_error", "");
	for (k = 0; mine && k < ps->nerr; k++)
		tctx_str(it, strcmp(ps->errs[k].field, "organisation") == 0 ?
		    "org_error" : "until_error",
		    i18n_gettext(ps->errs[k].msgid));
	if ((fam = arena_printf(r->a, ",%s,", d->family_id)) == NULL)
		return 500;
	tctx_list(it, "orgs");
	for (i = 0; i < db_rows(orgs); i++) {
		if (!policy_share_receiver(&d->f.actor,
		    db_bool(orgs, i, SO_HAS_PROS),
		    strstr(db_val(orgs, i, SO_FAMILIES), fam) != NULL))
			continue;	/* nobody new would read it */
		if ((o = tctx_list_add(it, "orgs")) == NULL)
			return 500;
		tctx_str(o, "slug", db_val(orgs, i, SO_SLUG));
		tctx_nl(o, "name", db_val(orgs, i, SO_NAME));
		tctx_bool(o, "selected",
		    strcmp(org, db_val(orgs, i, SO_SLUG)) == 0);
	}
	return 0;
}

/*
 * The page's documents (ST_DOC_PAGE_DOWN, lib/policy decides each row):
 * after ?na=<id>, or, when a form is shown again with its errors, the
 * page that starts at that form's document. A bad cursor: the first
 * page. *cursor: where the page starts ("": the newest).
 */
static int
load_page(struct req *r, const struct page_state *ps, PGresult **docs,
    const char **cursor)
{
	const struct http_field	*na = http_fields_get(&r->rq->query, "na");
	const char		*p[3];
	PGresult		*res;
	enum db_err		 e;

	p[0] = r->sess.person_id_s;
	p[1] = "";
	*cursor = "";
	if (ps->error_doc != NULL) {
		/* the document just newer than the form's: start after it */
		p[1] = ps->error_doc;
		p[2] = "1";
		if ((e = db_exec(r->db, ST_DOC_PAGE_UP, p, &res)) != DB_OK)
			return db_status(e);
		p[1] = db_rows(res) == 1 ? db_val(res, 0, C_PUBLIC_ID) : "";
	} else if (na != NULL && na->value[0] != '\0')
		p[1] = na->value;
	p[2] = arena_printf(r->a, "%d", PER_PAGE + 1);
	if ((e = db_exec(r->db, ST_DOC_PAGE_DOWN, p, &res)) != DB_OK)
		return db_status(e);
	if (db_rows(res) == 0 && p[1][0] != '\0') {
		p[1] = "";
		if ((e = db_exec(r->db, ST_DOC_PAGE_DOWN, p, &res)) != DB_OK)
			return db_status(e);
	}
	*docs = res;
	*cursor = p[1];
	return 0;
}

/* After a choice: the query field naming the document (its public id)
 * and the card's flag; the card's notice has the id SAVED_ANCHOR, the
 * redirect's fragment, so the page opens at it. An old link (=1) gets
 * the notice at the top. */
#define SAVED_ANCHOR "opgeslagen"
static const struct label saved_notices[] = {
	{ "gedeeld", "just_shared" },
	{ "ingetrokken", "just_revoked" },
	{ "ja", "just_yes" },
	{ "nee", "just_no" },
};

static int
show_page(struct req *r, const struct page_state *ps)
{
	const char		*params[1] = { r->sess.person_id_s };
	const PGresult		*members = NULL, *pros = NULL;
	const struct req_shields *sh;
	struct family_cache	 fc;
	struct tctx		*c = page_ctx(r), *it;
	struct form_error	*links;
	struct dates		 dt = { "", "", "" };
	struct doc		 d;
	PGresult		*docs = NULL, *shares, *orgs, *ended, *ys, *stopped;
	const char		*cursor;
	const struct http_field	*q;
	enum db_err		 e;
	int			 i, n = 0, st, rows, mine, shown = 0;
	size_t			 k;

	memset(&fc, 0, sizeof(fc));
	if ((st = load_dates(r, &dt)) != 0 ||
	    (st = load_page(r, ps, &docs, &cursor)) != 0)
		return st;
	rows = db_rows(docs) < PER_PAGE ? db_rows(docs) : PER_PAGE;
	tctx_bool(c, "has_next", db_rows(docs) > PER_PAGE);
	tctx_bool(c, "has_prev", cursor[0] != '\0');
	/* no empty "Meer stukken" nav (A9) */
	tctx_bool(c, "has_pager", db_rows(docs) > PER_PAGE ||
	    cursor[0] != '\0');
	if (rows > 0)
		tctx_strf(c, "next_href", "/delen?na=%s",
		    db_val(docs, rows - 1, C_PUBLIC_ID));
	if ((sh = req_shields(r, &st)) == NULL)
		return st;
	if ((e = db_exec(r->db, ST_SHARE_LIST, params, &shares)) != DB_OK ||
	    (e = db_exec(r->db, ST_SHARE_ENDED, params, &ended)) != DB_OK ||
	    (e = db_exec(r->db, ST_YOUTH_SHARES, params, &ys)) != DB_OK ||
	    (e = db_exec(r->db, ST_SHARE_STOPPED, params, &stopped)) !=
	    DB_OK ||
	    (e = db_exec(r->db, ST_SHARE_ORGS, NULL, &orgs)) != DB_OK)
		return db_status(e);
	if ((st = fill_tasks(r, c)) != 0)
		return st;
	tctx_list(c, "documents");
	for (i = 0; i < rows; i++) {
		memset(&d, 0, sizeof(d));
		if (doc_facts_load(r, docs, i, &d.f) == -1 ||
		    !policy_decide(&d.f.actor, &d.f.doc, POL_READ).allow)
			continue;
		d.res = docs;
		d.row = i;
		d.public_id = db_val(docs, i, C_PUBLIC_ID);
		d.family_id = db_val(docs, i, C_FAMILY_ID);
		if ((st = family_rows(r, &fc, d.family_id, &members,
		    &pros)) != 0)
			return st;
		if ((it = tctx_list_add(c, "documents")) == NULL)
			return 500;
		tctx_nl(it, "doc_title", db_val(docs, i, C_TITLE));
		tctx_str(it, "doc_id", d.public_id);
		tctx_strf(it, "anchor", "stuk-%d", n);
		/* the confirmation of a choice about this document stands in
		 * its card (issue 20 part 5) */
		for (k = 0; k < NELEM(saved_notices); k++) {
			q = http_fields_get(&r->rq->query,
			    saved_notices[k].code);
			mine = q != NULL && strcmp(q->value, d.public_id) == 0;
			tctx_bool(it, saved_notices[k].label, mine);
			shown |= mine;
		}
		fill_readers(r, &d, it, members, ys, sh);
		fill_pros(r, it, pros);
		fill_shares(r, &d, it, shares, members, sh);
		fill_ended(&d, it, ended, sh);
		fill_stopped(&d, it, stopped);
		d.f.doc.court_ordered_share = 0;
		tctx_bool(it, "can_share", policy_decide(&d.f.actor,
		    &d.f.doc, POL_SHARE).allow);
		if ((st = fill_form(r, &d, it, n, orgs, &dt, ps)) != 0)
			return st;
		/* The summary links to this form's own fields. */
		if (ps->error_doc != NULL && strcmp(ps->error_doc,
		    d.public_id) == 0 && ps->nerr > 0) {
			links = arena_calloc(r->a, ps->nerr, sizeof(*links));
			if (links == NULL)
				return 500;
			for (k = 0; k < ps->nerr; k++) {
				links[k].field = arena_printf(r->a, "%s-%d",
				    ps->errs[k].field, n);
				links[k].msgid = ps->errs[k].msgid;
			}
			page_form_errors(r, c, links, ps->nerr);
		}
		n++;
	}
	if (ps->nerr == 0)
		page_form_errors(r, c, NULL, 0);
	/* at the top only when no card on this page says it */
	tctx_bool(c, "shared", !shown && http_fields_get(&r->rq->query,
	    "gedeeld") != NULL);
	tctx_bool(c, "revoked", !shown && http_fields_get(&r->rq->query,
	    "ingetrokken") != NULL);
	tctx_bool(c, "said_yes", !shown && http_fields_get(&r->rq->query,
	    "ja") != NULL);
	tctx_bool(c, "said_no", !shown && http_fields_get(&r->rq->query,
	    "nee") != NULL);
	tctx_str(c, "notice", ps->notice != NULL ?
	    i18n_gettext(ps->notice) : "");
	if ((e = audit_doc(r, "share.list", NULL, NULL, "allowed")) != DB_OK)
		return db_status(e);
	return page_render(r, "delen", N_("Stukken delen"), c);
}

int
h_share_page(struct req *r)
{
	struct page_state	 ps;

	memset(&ps, 0, sizeof(ps));
	return show_page(r, &ps);
}

/* ---- sharing ---- */

/* Who agreed to request share_id so far (lib/policy's bits per person
 * the document is about), with the family's members in *members. */
static int
load_agreed(struct req *r, const struct doc *d, const char *share_id,
    const PGresult **members, int *agreed)
{
	const char	*params[1] = { share_id }, *fam[1] = { d->family_id };
	long		 yes[DOC_MAX_SUBJECTS * 2];
	PGresult	*who, *m;
	enum db_err	 e;
	size_t		 n = 0;
	int		 i;

	if ((e = db_exec(r->db, ST_SHARE_AGREED, params, &who)) != DB_OK ||
	    (e = db_exec(r->db, ST_FAMILY_MEMBERS, fam, &m)) != DB_OK)
		return db_status(e);
	for (i = 0; i < db_rows(who) && n < NELEM(yes); i++)
		yes[n++] = db_long(who, i, AGREED_PERSON);
	doc_share_agreed_bits(d, yes, n, m, agreed);
	*members = m;
	return 0;
}

/* The same as the logged-in member is shown it (doc_share_agreed_shown),
 * with the family's members of load_agreed. */
static int
shown_agreed(struct req *r, const struct doc *d, const struct req_shields *sh,
    const char *share_id, const PGresult *members, int *agreed)
{
	const char	*params[1] = { share_id };
	long		 yes[DOC_MAX_SUBJECTS * 2];
	PGresult	*who;
	enum db_err	 e;
	size_t		 n = 0;
	int		 i;

	if ((e = db_exec(r->db, ST_SHARE_AGREED, params, &who)) != DB_OK)
		return db_status(e);
	for (i = 0; i < db_rows(who) && n < NELEM(yes); i++)
		yes[n++] = db_long(who, i, AGREED_PERSON);
	doc_share_agreed_shown(d, sh, yes, &n, members, agreed);
	return 0;
}

/* Mail `name` (templates/mail/<name>.txt: no dossier content, a link
 * to /delen) to person pid, in their language and form of address; a
 * letter `about` (cgi/counter/post.c) instead for who chose post or the
 * counter. */
static enum db_err
mail_person(struct req *r, const char *name, const char *about, long pid)
{
	const char	*p[4];
	PGresult	*res;
	enum db_err	 e;
	int		 known;

	if ((p[0] = arena_printf(r->a, "%ld", pid)) == NULL)
		return DB_ERROR;
	if ((e = db_exec(r->db, ST_SHARE_MAIL_LANG, p, &res)) != DB_OK)
		return e;
	known = db_rows(res) == 1;
	p[3] = about;
	return mail_queue(r, name, i18n_choose(known ? db_val(res, 0,
	    ML_LANGUAGE) : NULL, NULL), known && req_is_youth("citizen",
	    (int)db_long(res, 0, ML_AGE)), NULL, ST_SHARE_MAIL_TO, p, 1);
}

/* A new request waits: everybody whose yes it needs hears it through
 * the outbox (the one who asked said yes already). Not a member from
 * whom the asker is shielded: the mail's moment would tell them when
 * the asker was in the portal; they find the task on their start page
 * and /delen. */
static enum db_err
mail_asked(struct req *r, const struct doc *d, const PGresult *members,
    const int *agreed)
{
	const struct req_shields *sh;
	enum db_err	 e;
	long		 pid;
	int		 i, st;

	if ((sh = req_shields(r, &st)) == NULL)
		return st == 503 ? DB_UNAVAILABLE : DB_ERROR;
	for (i = 0; i < db_rows(members); i++) {
		pid = db_long(members, i, MEMBER_ID);
		if (pid == r->sess.person_id || !doc_share_asked(d, pid,
		    db_val(members, i, MEMBER_AUTHORITY), agreed) ||
		    !req_actor_shown_to(sh, pid, r->sess.person_id))
			continue;
		if ((e = mail_person(r, "deel-vraag", "delen-wacht", pid)) != DB_OK)
			return e;
	}
	return DB_OK;
}

/* The last needed yes is in: the share starts now, in this transaction
 * (the organisation reads it from the next request on). */
static int
start_if_complete(struct req *r, const struct doc *d, const char *share_id,
    const int *agreed)
{
	const char	*p[1] = { share_id };
	enum db_err	 e;

	if (!policy_share_complete(d->f.subjects, agreed, d->f.doc.nsubjects))
		return 0;
	if ((e = db_exec(r->db, ST_SHARE_ACTIVATE, p, NULL)) != DB_OK ||
	    (e = audit_doc(r, "share.start", d->public_id, d->family_id,
	    "allowed")) != DB_OK ||
	    (e = doc_webhook(r, d, "share.started", 1)) != DB_OK)
		return db_status(e);
	return 0;
}

/* 0 stored, 1 another request waits on other terms (nothing stored), or
 * an HTTP status. */
static int
store_share(struct req *r, const struct doc *d, const char *org_id,
    const char *until, int comments)
{
	const PGresult	*members = NULL;
	const char	*p[5], *share_id;
	int		 agreed[DOC_MAX_SUBJECTS], st, fresh = 0;
	PGresult	*res;
	enum db_err	 e;

	if ((e = db_begin(r->db)) != DB_OK)
		return db_status(e);
	p[0] = d->id;
	if ((e = db_exec(r->db, ST_DOC_LOCK, p, NULL)) != DB_OK ||
	    (e = db_exec(r->db, ST_SHARE_CLOSE_STALE, p, NULL)) != DB_OK)
		return db_status(e);
	p[1] = org_id;
	if ((e = db_exec(r->db, ST_SHARE_ACTIVE, p, &res)) != DB_OK)
		return db_status(e);
	/* shared already: nothing to do */
	if (db_bool(res, 0, ACTIVE_YES)) {
		if ((e = audit_doc(r, "share.agree", d->public_id,
		    d->family_id, "allowed")) != DB_OK)
			return db_status(e);
		return db_status_ok(db_commit(r->db));
	}
	/* One request per document and organisation: a second person
	 * asking on the same terms joins it with their yes; on other terms
	 * (another last day, comments or not) they are told it waits. A
	 * yes counts only for what the person chose. */
	p[2] = until;
	p[3] = comments ? "true" : "false";
	p[4] = r->sess.person_id_s;
	if ((e = db_exec(r->db, ST_SHARE_PENDING, p, &res)) != DB_OK)
		return db_status(e);
	if (db_rows(res) == 0) {
		if ((e = db_exec(r->db, ST_SHARE_INSERT, p, &res)) != DB_OK)
			return db_status(e);
		fresh = 1;
	}
	if (db_rows(res) != 1 || !db_bool(res, 0, NEW_SAME_TERMS)) {
		db_rollback(r->db);
		return 1;
	}
	share_id = db_val(res, 0, NEW_ID);
	p[0] = share_id;
	p[1] = r->sess.person_id_s;
	if ((e = db_exec(r->db, ST_SHARE_AGREE, p, NULL)) != DB_OK ||
	    (e = audit_doc(r, "share.agree", d->public_id, d->family_id,
	    "allowed")) != DB_OK)
		return db_status(e);
	if ((st = load_agreed(r, d, share_id, &members, agreed)) != 0 ||
	    (st = start_if_complete(r, d, share_id, agreed)) != 0)
		return st;
	if (fresh && (e = mail_asked(r, d, members, agreed)) != DB_OK)
		return db_status(e);
	return db_status_ok(db_commit(r->db));
}

/* 1 if the form says the citizen confirmed the share read out to them. */
static int
confirmed(struct req *r)
{
	const struct http_field	*f = http_fields_get(&r->rq->form,
	    "bevestigd");

	return f != NULL && strcmp(f->value, "ja") == 0;
}

/*
 * The extra page of a share at the counter: "U deelt ... met ... tot en
 * met .... Klopt dat?", with the same form again and bevestigd=ja.
 */
static int
confirm_page(struct req *r, const struct doc *d, const char **v,
    const char *org_name, const char *until)
{
	struct tctx	*c = page_ctx(r);
	struct tm	 tm;
	char		 day[128];

	long		 y, m, dd;
	char		 part[5];

	/* until is YYYY-MM-DD (lib/form FORM_DATE, or the default) */
	memset(&tm, 0, sizeof(tm));
	if (strlen(until) != 10)
		return 400;
	memcpy(part, until, 4);
	part[4] = '\0';
	if (util_parse_long(part, 1900, 9999, &y) == -1)
		return 400;
	memcpy(part, until + 5, 2);
	part[2] = '\0';
	if (util_parse_long(part, 1, 12, &m) == -1)
		return 400;
	memcpy(part, until + 8, 2);
	if (util_parse_long(part, 1, 31, &dd) == -1)
		return 400;
	tm.tm_year = (int)y - 1900;
	tm.tm_mon = (int)m - 1;
	tm.tm_mday = (int)dd;
	tm.tm_hour = 12;
	i18n_format_date(day, sizeof(day), timegm(&tm));
	tctx_nl(c, "document", db_val(d->res, d->row, C_TITLE));
	tctx_str(c, "document_id", v[F_DOCUMENT]);
	tctx_str(c, "organisation", org_name);
	tctx_str(c, "organisation_slug", v[F_ORG]);
	tctx_str(c, "until", until);
	tctx_str(c, "until_day", day);
	tctx_bool(c, "comments", strcmp(v[F_COMMENTS], "ja") == 0);
	return page_render(r, "delen-bevestig", N_("Klopt dit?"), c);
}

int
h_share_post(struct req *r)
{
	const char		*v[F__MAX], *params[2], *until;
	struct form_error	 errs[F__MAX];
	struct page_state	 ps;
	struct dates		 dt = { "", "", "" };
	struct doc		 d;
	PGresult		*org = NULL;
	enum db_err		 e;
	size_t			 nerr = 0;
	int			 st;

	if (form_read(&r->rq->form, share_form, F__MAX, v, errs, &nerr) == -1)
		return 400;
	if ((st = doc_open(r, v[F_DOCUMENT], POL_SHARE, "share.agree",
	    &d)) != 0)
		return st;
	if (v[F_ORG][0] != '\0') {
		params[0] = v[F_ORG];
		params[1] = d.family_id;
		if ((e = db_exec(r->db, ST_ORG_BY_SLUG, params, &org)) !=
		    DB_OK)
			return db_status(e);
		/* not one the form offers (policy_share_receiver): as an
		 * organisation that does not exist */
		if (db_rows(org) != 1 || !policy_share_receiver(&d.f.actor,
		    db_bool(org, 0, OBS_HAS_PROS),
		    db_bool(org, 0, OBS_ASSIGNED)))
			return doc_refuse(r, "share.agree", d.public_id,
			    d.family_id, "object.unknown", 404);
	}
	if ((st = load_dates(r, &dt)) != 0)
		return st;
	until = v[F_UNTIL][0] != '\0' ? v[F_UNTIL] : dt.default_until;
	if (nerr == 0) {
		errs[0].field = "until";
		errs[0].msgid = NULL;
		if (strcmp(until, dt.today) < 0)
			errs[0].msgid = N_("Deze datum is al geweest. Kies "
			    "vandaag of een latere datum.");
		else if (strcmp(until, dt.max_until) > 0)
			errs[0].msgid = N_("U kunt een stuk hoogstens een "
			    "jaar delen. Kies een eerdere datum.");
		if (errs[0].msgid != NULL)
			nerr = 1;
	}
	if (nerr > 0) {
		memset(&ps, 0, sizeof(ps));
		ps.error_doc = d.public_id;
		ps.errs = errs;
		ps.nerr = nerr;
		ps.org = v[F_ORG];
		ps.until = until;
		r->rs->status = 400;
		return show_page(r, &ps);
	}
	/* At the counter (an assisted session) the clerk reads the share
	 * out first, and the citizen says it is right. */
	if (r->sess.assisted_by.live && !confirmed(r))
		return confirm_page(r, &d, v, db_val(org, 0, OBS_NAME), until);
	st = store_share(r, &d, db_val(org, 0, OBS_ID), until,
	    strcmp(v[F_COMMENTS], "ja") == 0);
	if (st == 1) {
		errs[0].field = "organisation";
		errs[0].msgid = N_("Er wacht al een vraag om dit stuk met deze "
		    "organisatie te delen. Zeg ja of nee op die vraag.");
		memset(&ps, 0, sizeof(ps));
		ps.error_doc = d.public_id;
		ps.errs = errs;
		ps.nerr = 1;
		ps.org = v[F_ORG];
		ps.until = until;
		r->rs->status = 409;
		return show_page(r, &ps);
	}
	if (st != 0)
		return st;
	return page_redirect(r, arena_printf(r->a, "/delen?gedeeld=%s#%s",
	    d.public_id, SAVED_ANCHOR));
}

int
h_share_revoke(struct req *r)
{
	const char		*params[2] = {
		route_param(&r->params, "id"), NULL
	};
	struct pol_decision	 dec;
	struct doc		 d;
	PGresult		*res;
	enum db_err		 e;
	int			 st;

	if ((e = db_exec(r->db, ST_SHARE_ONE, params, &res)) != DB_OK)
		return db_status(e);
	if (db_rows(res) != 1)
		return doc_refuse(r, "share.revoke", NULL, NULL,
		    "object.unknown", 404);
	/* The document must be one this person may read (else 404). */
	if ((st = doc_open(r, db_val(res, 0, ONE_DOC), POL_READ, "share.revoke",
	    &d)) != 0)
		return st;
	d.f.doc.court_ordered_share = db_bool(res, 0, ONE_COURT);
	dec = policy_decide(&d.f.actor, &d.f.doc, POL_REVOKE_SHARE);
	if (!dec.allow) {
		r->deny_reason = policy_reason_text(dec.reason);
		return doc_refuse(r, "share.revoke", d.public_id, d.family_id,
		    dec.rule, 403);
	}
	params[0] = db_val(res, 0, ONE_ID);
	params[1] = r->sess.person_id_s;
	if ((e = db_begin(r->db)) != DB_OK ||
	    (e = db_exec(r->db, ST_SHARE_REVOKE, params, NULL)) != DB_OK ||
	    (e = audit_doc(r, "share.revoke", d.public_id, d.family_id,
	    "allowed")) != DB_OK ||
	    (e = doc_webhook(r, &d, "share.revoked", 1)) != DB_OK ||
	    (e = db_commit(r->db)) != DB_OK)
		return db_status(e);
	return page_redirect(r, arena_printf(r->a,
	    "/delen?ingetrokken=%s#%s", d.public_id, SAVED_ANCHOR));
}

/* ---- yes or no to a waiting request ---- */

static const char *const decisions[] = { "ja", "nee", NULL };

enum { FD_DECISION, FD__MAX };
static const struct form_spec decide_form[FD__MAX] = {
	[FD_DECISION] = { .name = "decision", .kind = FORM_CHOICE,
	    .required = 1, .max_chars = 3, .choices = decisions },
};

/* Nothing stored: /delen again with why (409). */
static int
decide_notice(struct req *r, const char *msgid)
{
	struct page_state	 ps;

	db_rollback(r->db);
	memset(&ps, 0, sizeof(ps));
	ps.notice = msgid;
	r->rs->status = 409;
	return show_page(r, &ps);
}

/*
 * POST /delen/{id}/toestemming, decision = ja / nee. A request of a
 * document the person may not read, or may read but has no say about
 * (lib/policy POL_SHARE), is not theirs: 404, as if it did not exist.
 * One that is over (started, said no to, revoked, waited 30 days, its
 * last day passed), or that does not need this person's yes (any more):
 * a B1 notice and nothing stored. Decided under the document's lock, so
 * two answers at once are taken one after the other.
 */
int
h_share_decide(struct req *r)
{
	const char		*v[FD__MAX], *p[1];
	const PGresult		*members = NULL;
	const struct req_shields *sh;
	struct form_error	 errs[FD__MAX];
	struct doc		 d;
	PGresult		*res;
	enum db_err		 e;
	size_t			 nerr = 0;
	long			 asker;
	const char		*authority;
	int			 agreed[DOC_MAX_SUBJECTS], st, yes, i;

	if (form_read(&r->rq->form, decide_form, FD__MAX, v, errs,
	    &nerr) == -1 || nerr > 0)
		return 400;
	yes = strcmp(v[FD_DECISION], "ja") == 0;
	p[0] = route_param(&r->params, "id");
	if ((e = db_exec(r->db, ST_SHARE_REQUEST, p, &res)) != DB_OK)
		return db_status(e);
	if (db_rows(res) != 1)
		return doc_refuse(r, "share.consent", NULL, NULL,
		    "object.unknown", 404);
	st = doc_open(r, db_val(res, 0, RQ_DOC), POL_SHARE, "share.consent",
	    &d);
	if (st == 403)
		return 404;		/* no say about it: not theirs */
	if (st != 0)
		return st;
	p[0] = d.id;
	if ((e = db_begin(r->db)) != DB_OK ||
	    (e = db_exec(r->db, ST_DOC_LOCK, p, NULL)) != DB_OK)
		return db_status(e);
	p[0] = route_param(&r->params, "id");
	if ((e = db_exec(r->db, ST_SHARE_REQUEST, p, &res)) != DB_OK)
		return db_status(e);
	if (db_rows(res) != 1 || !db_bool(res, 0, RQ_WAITING))
		return decide_notice(r, N_("Deze vraag om te delen is al "
		    "voorbij. Uw antwoord is niet opgeslagen."));
	asker = db_long(res, 0, RQ_ASKER);
	if ((st = load_agreed(r, &d, db_val(res, 0, RQ_ID), &members,
	    agreed)) != 0)
		return st;
	authority = "";
	for (i = 0; i < db_rows(members); i++)
		if (db_long(members, i, MEMBER_ID) == r->sess.person_id)
			authority = db_val(members, i, MEMBER_AUTHORITY);
	/*
	 * Still asked? A yes: as the member is shown it, so the yes of
	 * someone shielded from them does not make theirs "not needed"
	 * (that would tell them the other said yes); it is stored. A no:
	 * only when really needed, so it cannot stop a request lib/policy
	 * does not ask them about (one parent is enough); that notice can
	 * tell a member who says no that someone else said yes.
	 */
	if (!doc_share_asked(&d, r->sess.person_id, authority, agreed)) {
		if (!yes)
			return decide_notice(r, N_("Uw antwoord is niet meer "
			    "nodig. Uw antwoord is niet opgeslagen."));
		if ((sh = req_shields(r, &st)) == NULL ||
		    (st = shown_agreed(r, &d, sh, db_val(res, 0, RQ_ID),
		    members, agreed)) != 0)
			return st != 0 ? st : 500;
		if (!doc_share_asked(&d, r->sess.person_id, authority,
		    agreed))
			return decide_notice(r, N_("Uw antwoord is niet meer "
			    "nodig. Uw antwoord is niet opgeslagen."));
		/* the real facts again, for the start below */
		if ((st = load_agreed(r, &d, db_val(res, 0, RQ_ID), &members,
		    agreed)) != 0)
			return st;
	}
	p[0] = db_val(res, 0, RQ_ID);
	if (yes) {
		const char	*a[2] = { p[0], r->sess.person_id_s };

		if ((e = db_exec(r->db, ST_SHARE_AGREE, a, NULL)) != DB_OK ||
		    (e = audit_doc(r, "share.agree", d.public_id,
		    d.family_id, "allowed")) != DB_OK)
			return db_status(e);
		if ((st = load_agreed(r, &d, p[0], &members, agreed)) != 0 ||
		    (st = start_if_complete(r, &d, p[0], agreed)) != 0)
			return st;
	} else {
		if ((e = db_exec(r->db, ST_SHARE_REFUSE, p, NULL)) != DB_OK ||
		    (e = audit_doc(r, "share.refuse", d.public_id,
		    d.family_id, "allowed")) != DB_OK)
			return db_status(e);
		if ((sh = req_shields(r, &st)) == NULL)
			return st;
		/* Who asked hears that it stopped, not who said no; not
		 * by mail when the one who said no is shielded from them
		 * (its moment would tell): /delen says it stopped. */
		if (asker != 0 && asker != r->sess.person_id &&
		    req_actor_shown_to(sh, asker, r->sess.person_id) &&
		    (e = mail_person(r, "deel-vraag-gestopt", "delen-gestopt",
		    asker)) != DB_OK)
			return db_status(e);
	}
	if ((e = db_commit(r->db)) != DB_OK)
		return db_status(e);
	return page_redirect(r, arena_printf(r->a, "/delen?%s=%s#%s",
	    yes ? "ja" : "nee", d.public_id, SAVED_ANCHOR));
}

/*
 * share.c - "Wie kan dit stuk zien?": GET /delen (per document: family
 * members, professionals and organisations that can see it, and why),
 * POST /delen (share with an organisation of the registry, until a date)
 * and POST /delen/{id}/intrekken (stop a share).
 *
 * Who takes part in a share is lib/policy's (POL_SHARE); when a share is
 * complete is policy_share_complete: a child under 12 needs a parent with
 * authority, a youth of 12-15 the youth and a parent, everybody of 16 and
 * older themself, for every person the document is about. Until then the
 * share waits and gives nobody access. A share the court ordered cannot be
 * revoked (POL_REVOKE_SHARE, 403 with the reason). Expiry and revocation
 * take effect on the very next read: every read checks them in SQL.
 */
#include <stdio.h>
#include <string.h>

#include "dossier/dossier.h"
#include "log.h"
#include "core/portal.h"

#define MAX_DOCS	100
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

/* Columns of ST_SHARE_LIST, ST_FAMILY_MEMBERS, ST_FAMILY_PROFESSIONALS. */
enum { S_DOC, S_ID, S_ORG, S_UNTIL, S_COURT, S_PENDING, S_COMMENTS,
    S_AGREED };
enum { M_ID, M_GIVEN, M_FAMILY, M_ROLE, M_AUTHORITY, M_AGE, M_ACCOUNT };
enum { P_GIVEN, P_FAMILY, P_TITLE, P_ORG };

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
	dt->today = db_val(res, 0, 0);
	dt->default_until = db_val(res, 0, 1);
	dt->max_until = db_val(res, 0, 2);
	return 0;
}

/* ---- the page ---- */

struct page_state {
	const char		*error_doc;	/* the form with errors */
	const struct form_error	*errs;
	size_t			 nerr;
	const char		*org, *until;	/* kept */
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
		if (strcmp(db_val(ys, i, 0), doc) == 0 &&
		    db_long(ys, i, 1) == pid)
			return db_val(ys, i, 2);
	return "";
}

static void
fill_readers(struct req *r, const struct doc *d, struct tctx *it,
    const PGresult *members, const PGresult *ys)
{
	struct tctx	*m;
	int		 i;

	tctx_list(it, "readers");
	for (i = 0; i < db_rows(members); i++) {
		if (!doc_member_may(d, db_long(members, i, M_ID),
		    (int)db_long(members, i, M_AGE),
		    db_bool(members, i, M_AUTHORITY),
		    shared_by(ys, d->public_id, db_long(members, i, M_ID)),
		    POL_READ))
			continue;
		if ((m = tctx_list_add(it, "readers")) == NULL)
			return;
		tctx_bool(m, "self", db_long(members, i, M_ID) ==
		    r->sess.person_id);
		tctx_str(m, "name", db_val(members, i, M_GIVEN));
		tctx_bool(m, "about", is_subject(d, db_long(members, i, M_ID)));
	}
}

static void
fill_pros(struct tctx *it, const PGresult *pros)
{
	struct tctx	*m;
	int		 i;

	tctx_list(it, "pros");
	for (i = 0; i < db_rows(pros); i++) {
		if ((m = tctx_list_add(it, "pros")) == NULL)
			return;
		tctx_strf(m, "name", "%s %s", db_val(pros, i, P_GIVEN),
		    db_val(pros, i, P_FAMILY));
		tctx_str(m, "organisation", db_val(pros, i, P_ORG));
	}
}

static void
fill_shares(struct doc *d, struct tctx *it, const PGresult *shares)
{
	struct tctx	*m;
	int		 i, court;

	tctx_list(it, "shares");
	for (i = 0; i < db_rows(shares); i++) {
		if (strcmp(db_val(shares, i, S_DOC), d->public_id) != 0)
			continue;
		if ((m = tctx_list_add(it, "shares")) == NULL)
			return;
		court = db_bool(shares, i, S_COURT);
		tctx_str(m, "organisation", db_val(shares, i, S_ORG));
		tctx_str(m, "share_id", db_val(shares, i, S_ID));
		tctx_bool(m, "court", court);
		tctx_bool(m, "pending", db_bool(shares, i, S_PENDING));
		tctx_bool(m, "with_comments", db_bool(shares, i, S_COMMENTS));
		tctx_str(m, "agreed", db_val(shares, i, S_AGREED));
		tctx_bool(m, "has_until", db_long(shares, i, S_UNTIL) > 0);
		tctx_date(m, "until", db_val(shares, i, S_UNTIL));
		d->f.doc.court_ordered_share = court;
		tctx_bool(m, "can_revoke", policy_decide(&d->f.actor,
		    &d->f.doc, POL_REVOKE_SHARE).allow);
	}
}

/* "GGZ Rivierenland kan dit stuk niet meer zien sinds ...": shares of
 * this document that ended in the last 30 days. */
static void
fill_ended(const struct doc *d, struct tctx *it, const PGresult *ended)
{
	struct tctx	*m;
	int		 i;

	tctx_list(it, "ended");
	for (i = 0; i < db_rows(ended); i++) {
		if (strcmp(db_val(ended, i, 0), d->public_id) != 0)
			continue;
		if ((m = tctx_list_add(it, "ended")) == NULL)
			return;
		tctx_str(m, "organisation", db_val(ended, i, 1));
		tctx_date(m, "since", db_val(ended, i, 2));
	}
}

static int
fill_form(struct req *r, const struct doc *d, struct tctx *it, int n,
    const PGresult *orgs, const struct dates *dt,
    const struct page_state *ps)
{
	struct tctx	*o;
	const char	*org = "", *until = dt->default_until;
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
	tctx_list(it, "orgs");
	for (i = 0; i < db_rows(orgs); i++) {
		if ((o = tctx_list_add(it, "orgs")) == NULL)
			return 500;
		tctx_str(o, "slug", db_val(orgs, i, 0));
		tctx_str(o, "name", db_val(orgs, i, 1));
		tctx_bool(o, "selected", strcmp(org, db_val(orgs, i, 0)) == 0);
	}
	(void)r;
	return 0;
}

static int
show_page(struct req *r, const struct page_state *ps)
{
	const char		*params[1] = { r->sess.person_id_s };
	const PGresult		*members = NULL, *pros = NULL;
	struct family_cache	 fc;
	struct tctx		*c = page_ctx(r), *it;
	struct form_error	*links;
	struct dates		 dt = { "", "", "" };
	struct doc		 d;
	PGresult		*docs, *shares, *orgs, *ended, *ys;
	enum db_err		 e;
	int			 i, n = 0, st;
	size_t			 k;

	memset(&fc, 0, sizeof(fc));
	if ((st = load_dates(r, &dt)) != 0)
		return st;
	if ((e = db_exec(r->db, ST_DOC_LIST, params, &docs)) != DB_OK ||
	    (e = db_exec(r->db, ST_SHARE_LIST, params, &shares)) != DB_OK ||
	    (e = db_exec(r->db, ST_SHARE_ENDED, params, &ended)) != DB_OK ||
	    (e = db_exec(r->db, ST_YOUTH_SHARES, params, &ys)) != DB_OK ||
	    (e = db_exec(r->db, ST_ORGS, NULL, &orgs)) != DB_OK)
		return db_status(e);
	tctx_list(c, "documents");
	for (i = 0; i < db_rows(docs) && n < MAX_DOCS; i++) {
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
		tctx_str(it, "doc_title", db_val(docs, i, C_TITLE));
		tctx_str(it, "doc_id", d.public_id);
		tctx_strf(it, "anchor", "stuk-%d", n);
		fill_readers(r, &d, it, members, ys);
		fill_pros(it, pros);
		fill_shares(&d, it, shares);
		fill_ended(&d, it, ended);
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
	tctx_bool(c, "shared", http_fields_get(&r->rq->query, "gedeeld") !=
	    NULL);
	tctx_bool(c, "revoked", http_fields_get(&r->rq->query,
	    "ingetrokken") != NULL);
	if ((e = audit_doc(r, "share.list", NULL, NULL, "allowed")) != DB_OK)
		return db_status(e);
	return page_render(r, "delen", N_("Wie kan uw stukken zien?"), c);
}

int
h_share_page(struct req *r)
{
	struct page_state	 ps;

	memset(&ps, 0, sizeof(ps));
	return show_page(r, &ps);
}

/* ---- sharing ---- */

static int
hidden_from(const struct doc *d, long person_id)
{
	size_t	 i;

	for (i = 0; i < d->f.doc.nhidden; i++)
		if (d->f.hidden[i] == person_id)
			return 1;
	return 0;
}

/* Who agreed, per person the document is about: the person themself,
 * and/or a parent with authority over them (lib/policy's bits). */
static int
agreed_bits(struct req *r, const struct doc *d, const char *share_id,
    int *agreed)
{
	const char	*params[1] = { share_id }, *fam[1] = { d->family_id };
	PGresult	*who, *members;
	enum db_err	 e;
	long		 pid;
	size_t		 s;
	int		 i, m;

	if ((e = db_exec(r->db, ST_SHARE_AGREED, params, &who)) != DB_OK ||
	    (e = db_exec(r->db, ST_FAMILY_MEMBERS, fam, &members)) != DB_OK)
		return db_status(e);
	for (s = 0; s < d->f.doc.nsubjects; s++) {
		agreed[s] = 0;
		for (i = 0; i < db_rows(who); i++) {
			pid = db_long(who, i, 0);
			if (hidden_from(d, pid))
				continue;	/* may not see it: no say */
			if (pid == d->f.subjects[s].person_id) {
				agreed[s] |= POL_AGREED_SELF;
				continue;
			}
			for (m = 0; m < db_rows(members); m++)
				if (db_long(members, m, M_ID) == pid &&
				    db_bool(members, m, M_AUTHORITY) &&
				    d->f.subjects[s].age < 18)
					agreed[s] |= POL_AGREED_PARENT;
		}
	}
	return 0;
}

static int
store_share(struct req *r, const struct doc *d, const char *org_id,
    const char *until, int comments)
{
	const char	*p[5], *share_id;
	int		 agreed[DOC_MAX_SUBJECTS], st;
	PGresult	*res;
	enum db_err	 e;

	if ((e = db_begin(r->db)) != DB_OK)
		return db_status(e);
	p[0] = d->id;
	if ((e = db_exec(r->db, ST_DOC_LOCK, p, NULL)) != DB_OK ||
	    (e = audit_doc(r, "share.agree", d->public_id, d->family_id,
	    "allowed")) != DB_OK)
		return db_status(e);
	p[1] = org_id;
	if ((e = db_exec(r->db, ST_SHARE_ACTIVE, p, &res)) != DB_OK)
		return db_status(e);
	if (db_bool(res, 0, 0))		/* shared already: nothing to do */
		return db_status_ok(db_commit(r->db));
	/* A waiting share on the same terms is joined; other terms (another
	 * end, comments or not) are a share of their own: a consent counts
	 * only for what the person chose. */
	p[2] = until;
	p[3] = comments ? "true" : "false";
	if ((e = db_exec(r->db, ST_SHARE_PENDING, p, &res)) != DB_OK)
		return db_status(e);
	if (db_rows(res) == 0) {
		p[4] = r->sess.person_id_s;
		if ((e = db_exec(r->db, ST_SHARE_INSERT, p, &res)) != DB_OK)
			return db_status(e);
	}
	share_id = db_val(res, 0, 0);
	p[0] = share_id;
	p[1] = r->sess.person_id_s;
	if ((e = db_exec(r->db, ST_SHARE_AGREE, p, NULL)) != DB_OK)
		return db_status(e);
	if ((st = agreed_bits(r, d, share_id, agreed)) != 0)
		return st;
	if (policy_share_complete(d->f.subjects, agreed, d->f.doc.nsubjects)) {
		/* From now on the organisation sees it: its own row. */
		if ((e = db_exec(r->db, ST_SHARE_ACTIVATE, p, NULL)) != DB_OK ||
		    (e = audit_doc(r, "share.start", d->public_id,
		    d->family_id, "allowed")) != DB_OK ||
		    (e = doc_webhook(r, d, "share.started", 1)) != DB_OK)
			return db_status(e);
	}
	return db_status_ok(db_commit(r->db));
}

int
h_share_post(struct req *r)
{
	const char		*v[F__MAX], *params[1], *until;
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
		if ((e = db_exec(r->db, ST_ORG_BY_SLUG, params, &org)) !=
		    DB_OK)
			return db_status(e);
		if (db_rows(org) != 1) {
			if ((e = audit_doc(r, "share.agree", d.public_id,
			    d.family_id, "denied")) != DB_OK)
				return db_status(e);
			return 404;
		}
	}
	if ((st = load_dates(r, &dt)) != 0)
		return st;
	until = v[F_UNTIL][0] != '\0' ? v[F_UNTIL] : dt.default_until;
	if (nerr == 0) {
		errs[0].field = "until";
		errs[0].msgid = NULL;
		if (strcmp(until, dt.today) <= 0)
			errs[0].msgid = N_("Deze datum is al geweest. Kies "
			    "een datum na vandaag.");
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
	if ((st = store_share(r, &d, db_val(org, 0, 0), until,
	    strcmp(v[F_COMMENTS], "ja") == 0)) != 0)
		return st;
	return page_redirect(r, "/delen?gedeeld=1");
}

int
h_share_revoke(struct req *r)
{
	const char		*params[1] = { route_param(&r->params, "id") };
	struct pol_decision	 dec;
	struct doc		 d;
	PGresult		*res;
	enum db_err		 e;
	int			 st;

	if ((e = db_exec(r->db, ST_SHARE_ONE, params, &res)) != DB_OK)
		return db_status(e);
	if (db_rows(res) != 1) {
		if ((e = audit_doc(r, "share.revoke", NULL, NULL, "denied")) !=
		    DB_OK)
			return db_status(e);
		return 404;
	}
	/* The document must be one this person may read (else 404). */
	if ((st = doc_open(r, db_val(res, 0, 1), POL_READ, "share.revoke",
	    &d)) != 0)
		return st;
	d.f.doc.court_ordered_share = db_bool(res, 0, 2);
	dec = policy_decide(&d.f.actor, &d.f.doc, POL_REVOKE_SHARE);
	if (!dec.allow) {
		if ((e = audit_doc(r, "share.revoke", d.public_id, d.family_id,
		    "denied")) != DB_OK)
			return db_status(e);
		r->deny_reason = policy_reason_text(dec.reason);
		return 403;
	}
	params[0] = db_val(res, 0, 0);
	if ((e = db_begin(r->db)) != DB_OK ||
	    (e = db_exec(r->db, ST_SHARE_REVOKE, params, NULL)) != DB_OK ||
	    (e = audit_doc(r, "share.revoke", d.public_id, d.family_id,
	    "allowed")) != DB_OK ||
	    (e = doc_webhook(r, &d, "share.revoked", 1)) != DB_OK ||
	    (e = db_commit(r->db)) != DB_OK)
		return db_status(e);
	return page_redirect(r, "/delen?ingetrokken=1");
}

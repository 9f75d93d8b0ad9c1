/*
 * documents.c - the family dossier: the list of documents a person may
 * see, and one document. Every decision is lib/policy's, on facts loaded
 * here; every read (allowed or denied) leaves an audit row. A document a
 * person may not see answers 404, the same as one that does not exist.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "audit.h"
#include "log.h"
#include "policy.h"
#include "portal.h"
#include "util.h"

#define PER_PAGE	20
#define MAX_SUBJECTS	32
#define MAX_HIDDEN	32

/* Columns of DOC_COLUMNS (lib/stmts.c). */
enum doc_col {
	C_PUBLIC_ID, C_FAMILY_ID, C_TITLE, C_BODY, C_CREATED, C_AUTHOR,
	C_ORG, C_MEMBER, C_AUTHORITY, C_AGE, C_ASSIGNED, C_SHARE_VALID,
	C_SHARE_COMMENTS, C_COURT, C_SUBJECTS, C_HIDDEN, C_ABOUT_NAMES,
	C_UNREAD, C_ID
};

struct doc_facts {
	struct pol_actor	 actor;
	struct pol_document	 doc;
	struct pol_subject	 subjects[MAX_SUBJECTS];
	long			 hidden[MAX_HIDDEN];
};

/* "12:38,14:9" -> subjects; the actor's authority covers the family's
 * members under 18 other than the actor. -1 if malformed or too many. */
static int
parse_subjects(const char *s, struct doc_facts *f, int authority)
{
	char	*end;
	long	 id, age;
	size_t	 n = 0;

	while (*s != '\0') {
		if (n == MAX_SUBJECTS)
			return -1;
		id = strtol(s, &end, 10);
		if (end == s || *end != ':')
			return -1;
		s = end + 1;
		age = strtol(s, &end, 10);
		if (end == s || (*end != ',' && *end != '\0') || age < 0 ||
		    age > 200)
			return -1;
		s = *end == ',' ? end + 1 : end;
		f->subjects[n].person_id = id;
		f->subjects[n].age = (int)age;
		f->subjects[n].actor_has_authority = authority &&
		    id != f->actor.person_id && age < 18;
		f->subjects[n].shared_with_actor = 0;
		n++;
	}
	f->doc.subjects = f->subjects;
	f->doc.nsubjects = n;
	return 0;
}

static int
parse_hidden(const char *s, struct doc_facts *f)
{
	char	*end;
	size_t	 n = 0;

	while (*s != '\0') {
		if (n == MAX_HIDDEN)
			return -1;
		f->hidden[n++] = strtol(s, &end, 10);
		if (end == s || (*end != ',' && *end != '\0'))
			return -1;
		s = *end == ',' ? end + 1 : end;
	}
	f->doc.hidden_from = f->hidden;
	f->doc.nhidden = n;
	return 0;
}

static enum pol_actor_kind
actor_kind(const struct req *r)
{
	switch (r->role) {
	case ROLE_CITIZEN:
		return POL_CITIZEN;
	case ROLE_PROFESSIONAL:
		return POL_PROFESSIONAL;
	case ROLE_CLERK:
		return POL_CLERK;	/* no assisted session yet: nothing */
	case ROLE_PUBLIC:
	case ROLE_USER:
		break;
	}
	return POL_ANONYMOUS;
}

/* The facts of row i for the logged-in person. -1 if the row is odd. */
static int
load_facts(const struct req *r, const PGresult *res, int i,
    struct doc_facts *f)
{
	memset(f, 0, sizeof(*f));
	f->actor.kind = actor_kind(r);
	f->actor.person_id = r->sess.person_id;
	f->actor.member = db_bool(res, i, C_MEMBER);
	f->actor.age = (int)db_long(res, i, C_AGE);
	f->actor.assigned = db_bool(res, i, C_ASSIGNED);
	f->actor.org_share_valid = db_bool(res, i, C_SHARE_VALID);
	f->actor.share_includes_comments = db_bool(res, i, C_SHARE_COMMENTS);
	f->doc.court_ordered_share = db_bool(res, i, C_COURT);
	if (parse_subjects(db_val(res, i, C_SUBJECTS), f,
	    db_bool(res, i, C_AUTHORITY)) == -1 ||
	    parse_hidden(db_val(res, i, C_HIDDEN), f) == -1) {
		log_error("documents: odd facts for %s",
		    db_val(res, i, C_PUBLIC_ID));
		return -1;
	}
	return 0;
}

static void
doc_event(struct req *r, struct audit_event *ev, const char *action,
    const char *doc_id, const char *family_id, const char *outcome)
{
	memset(ev, 0, sizeof(*ev));
	ev->actor_id = r->sess.person_id_s;
	ev->actor_role = r->sess.kind;
	ev->action = action;
	ev->object_kind = "document";
	ev->object_id = doc_id;
	ev->family_id = family_id;
	ev->remote_addr = req_addr(r);
	ev->outcome = outcome;
	ev->request_id = r->rq->request_id;
}

/* One audit row, in autocommit: the page is shown only after it is
 * stored, so no read is ever shown without its row. */
static enum db_err
audit_doc(struct req *r, const char *action, const char *doc_id,
    const char *family_id, const char *outcome)
{
	struct audit_event	 ev;

	doc_event(r, &ev, action, doc_id, family_id, outcome);
	return audit_write(r->db, &ev);
}

static int
db_status(enum db_err e)
{
	return e == DB_UNAVAILABLE ? 503 : 500;
}

static void
set_date(struct tctx *c, const char *key, const char *epoch)
{
	char	 buf[128];
	long	 t;

	if (util_parse_long(epoch, 0, 253402300799L, &t) == -1)
		t = 0;
	i18n_format_date(buf, sizeof(buf), (time_t)t);
	tctx_str(c, key, buf);
}

static void
fill_summary(struct tctx *it, const PGresult *res, int i)
{
	tctx_str(it, "title", db_val(res, i, C_TITLE));
	tctx_strf(it, "href", "/documenten/%s", db_val(res, i, C_PUBLIC_ID));
	tctx_str(it, "author", db_val(res, i, C_AUTHOR));
	tctx_str(it, "organisation", db_val(res, i, C_ORG));
	tctx_str(it, "about", db_val(res, i, C_ABOUT_NAMES));
	set_date(it, "date", db_val(res, i, C_CREATED));
}

int
h_documents(struct req *r)
{
	const char		*params[1] = { r->sess.person_id_s };
	const struct http_field	*pf = http_fields_get(&r->rq->query, "pagina");
	struct tctx		*c = page_ctx(r), *it;
	struct doc_facts	 f;
	struct pol_decision	 d;
	PGresult		*res;
	enum db_err		 e;
	long			 page = 1, shown = 0, skip;
	int			 i, more = 0;

	if (pf != NULL && util_parse_long(pf->value, 1, 1000, &page) == -1)
		page = 1;
	skip = (page - 1) * PER_PAGE;
	if ((e = db_exec(r->db, ST_DOC_LIST, params, &res)) != DB_OK)
		return db_status(e);
	tctx_list(c, "documents");
	for (i = 0; i < db_rows(res); i++) {
		if (load_facts(r, res, i, &f) == -1)
			continue;
		d = policy_decide(&f.actor, &f.doc, POL_READ);
		if (!d.allow)
			continue;
		if (skip > 0) {
			skip--;
			continue;
		}
		if (shown == PER_PAGE) {
			more = 1;
			break;
		}
		if ((it = tctx_list_add(c, "documents")) == NULL)
			return 500;
		fill_summary(it, res, i);
		tctx_bool(it, "unread", db_bool(res, i, C_UNREAD));
		shown++;
	}
	if ((e = audit_doc(r, "document.list", NULL, NULL, "allowed")) !=
	    DB_OK)
		return db_status(e);
	tctx_bool(c, "has_prev", page > 1);
	tctx_bool(c, "has_next", more);
	tctx_strf(c, "prev_href", "/documenten?pagina=%ld", page - 1);
	tctx_strf(c, "next_href", "/documenten?pagina=%ld", page + 1);
	r->nav = "documenten";
	return page_render(r, "documents", N_("Documenten"), c);
}

/* The text in paragraphs: blank lines separate them. */
static void
add_paragraphs(struct req *r, struct tctx *c, const char *body)
{
	const char	*p = body, *e;
	struct tctx	*it;

	tctx_list(c, "paragraphs");
	while (*p != '\0') {
		while (*p == '\n' || *p == '\r')
			p++;
		if (*p == '\0')
			break;
		e = strstr(p, "\n\n");
		if (e == NULL)
			e = p + strlen(p);
		if ((it = tctx_list_add(c, "paragraphs")) == NULL)
			return;
		tctx_str(it, "text", arena_strndup(r->a, p, (size_t)(e - p)));
		p = e;
	}
}

int
h_document(struct req *r)
{
	const char		*id = route_param(&r->params, "id");
	const char		*params[2] = { r->sess.person_id_s, id };
	const char		*log[AUDIT_NPARAMS + 1];
	struct audit_event	 ev;
	struct tctx		*c = page_ctx(r);
	struct doc_facts	 f;
	struct pol_decision	 d;
	PGresult		*res;
	enum db_err		 e;

	/* No explicit transaction: the facts are read, the decision made,
	 * and the audit row (with the read marker) stored before anything
	 * is shown; a failed audit write means no page. */
	if ((e = db_exec(r->db, ST_DOC_ONE, params, &res)) != DB_OK)
		return db_status(e);
	if (db_rows(res) != 1) {
		if ((e = audit_doc(r, "document.read", id, NULL, "denied")) !=
		    DB_OK)
			return db_status(e);
		return 404;
	}
	if (load_facts(r, res, 0, &f) == -1)
		return 500;
	d = policy_decide(&f.actor, &f.doc, POL_READ);
	if (!d.allow) {
		/* Logged as denied, answered as if it did not exist. */
		if ((e = audit_doc(r, "document.read", id,
		    db_val(res, 0, C_FAMILY_ID), "denied")) != DB_OK)
			return db_status(e);
		return 404;	/* whatever the reason: not visible */
	}
	doc_event(r, &ev, "document.read", id, db_val(res, 0, C_FAMILY_ID),
	    "allowed");
	audit_params(&ev, log);
	log[AUDIT_NPARAMS] = db_val(res, 0, C_ID);
	if ((e = db_exec(r->db, ST_DOC_READ_LOG, log, NULL)) != DB_OK)
		return db_status(e);

	fill_summary(c, res, 0);
	add_paragraphs(r, c, db_val(res, 0, C_BODY));
	tctx_bool(c, "court_order", f.doc.court_ordered_share);
	r->nav = "documenten";
	return page_render_text(r, "document", db_val(res, 0, C_TITLE), c);
}

/*
 * dossier.c - from a document row to policy facts, and opening one
 * document for an action (see dossier.h). lib/policy decides; this file
 * only loads what it decides on, and logs every denial.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "buf.h"
#include "log.h"
#include "pgarray.h"
#include "core/portal.h"
#include "dossier/dossier.h"
#include "util.h"

/* An event ($2: "comment.created", ...) about document $3 (public id) of
 * family $1 for the systems of the organisations that work with the
 * family now (assigned professionals) and, for $4 = true, those the
 * document is shared with. The body is built by PostgreSQL
 * (json_build_object): opaque ids, no dossier text. A row per event
 * written (none: nobody listens, and nothing is counted). */
static const struct stmt_def ST_OUTBOX_WEBHOOK[1] = {{ "outbox_webhook",
	"INSERT INTO outbox (kind, recipient, subject, body, organisation_id) "
	"SELECT 'webhook', o.webhook_url, $2::text, json_build_object("
	"    'event', $2::text, 'document', $3::text, "
	"    'family', (SELECT public_id FROM family WHERE id = $1::bigint), "
	"    'at', to_char(now() AT TIME ZONE 'UTC', "
	"      'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'))::text, o.id "
	"  FROM organisation o WHERE o.webhook_url IS NOT NULL "
	"   AND o.webhook_secret IS NOT NULL "
	"   AND (o.id IN (SELECT pr.organisation_id FROM assignment_now a "
	"          JOIN professional pr ON pr.person_id = a.professional_id "
	"         WHERE a.family_id = $1::bigint) "
	"     OR ($4::boolean AND o.id IN (SELECT s.organisation_id "
	"          FROM document_share s JOIN document d "
	"            ON d.id = s.document_id WHERE d.public_id = $3))) "
	"RETURNING 1", 4, 1 }};

static const struct stmt_def *const stmts[] = {
	ST_OUTBOX_WEBHOOK,
};
const struct stmt_table dossier_stmts = {
	"dossier/dossier.c", stmts, NELEM(stmts)
};

int
doc_ids_has(const char *ids, long id)
{
	char	*end;
	long	 v;

	while (*ids != '\0') {
		v = strtol(ids, &end, 10);
		if (end == ids || (*end != ',' && *end != '\0'))
			return 0;	/* malformed: no authority */
		if (v == id)
			return 1;
		ids = *end == ',' ? end + 1 : end;
	}
	return 0;
}

/* The actor's parental authority, per child (sql/037_authority.sql):
 * `over` lists the persons it covers ("12,14"); only those under 18 and
 * other than the actor count (policy applies the age rules on top). */
static void
set_authority(struct doc_facts *f, const char *over)
{
	size_t	 i;

	for (i = 0; i < f->doc.nsubjects; i++)
		f->subjects[i].actor_has_authority =
		    f->subjects[i].person_id != f->actor.person_id &&
		    f->subjects[i].age < 18 &&
		    doc_ids_has(over, f->subjects[i].person_id);
}

/* Marks the subjects in ids ("12,14") as having let the actor read the
 * document. -1 if malformed. */
static int
set_shared(const char *ids, struct doc_facts *f)
{
	long	 who[DOC_MAX_SUBJECTS];
	size_t	 n, i, k;

	if (doc_parse_ids(ids, who, DOC_MAX_SUBJECTS, &n) == -1)
		return -1;
	for (i = 0; i < f->doc.nsubjects; i++) {
		f->subjects[i].shared_with_actor = 0;
		for (k = 0; k < n; k++)
			if (f->subjects[i].person_id == who[k])
				f->subjects[i].shared_with_actor = 1;
	}
	return 0;
}

/* "12:38,14:9" (person:age) -> subjects. -1 if malformed or too many. */
static int
parse_subjects(const char *s, struct doc_facts *f)
{
	char	*end;
	long	 id, age;
	size_t	 n = 0;

	while (*s != '\0') {
		if (n == DOC_MAX_SUBJECTS)
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
		f->subjects[n].shared_with_actor = 0;
		n++;
	}
	f->doc.subjects = f->subjects;
	f->doc.nsubjects = n;
	return 0;
}

int
doc_parse_ids(const char *s, long *out, size_t max, size_t *n)
{
	char	*end;

	*n = 0;
	while (*s != '\0') {
		if (*n == max)
			return -1;
		out[(*n)++] = strtol(s, &end, 10);
		if (end == s || (*end != ',' && *end != '\0'))
			return -1;
		s = *end == ',' ? end + 1 : end;
	}
	return 0;
}

static int
parse_hidden(const char *s, struct doc_facts *f)
{
	f->doc.hidden_from = f->hidden;
	return doc_parse_ids(s, f->hidden, DOC_MAX_HIDDEN, &f->doc.nhidden);
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

enum pol_own_readers
doc_own_readers(const char *s)
{
	if (strcmp(s, "hulpverleners") == 0)
		return POL_OWN_PROFESSIONALS;
	if (strcmp(s, "personen") == 0)
		return POL_OWN_NAMED;
	if (strcmp(s, "gezin") == 0)
		return POL_OWN_FAMILY;
	return POL_OWN_NONE;
}

/* The author of an own document is shielded from the actor (rule 8). */
static void
set_own_shielded(struct doc_facts *f)
{
	size_t	 i;

	f->doc.author_shielded_from_actor = 0;
	for (i = 0; i < f->nown_shielded_from; i++)
		if (f->own_shielded_from[i] == f->actor.person_id)
			f->doc.author_shielded_from_actor = 1;
}

/* A member's own document: its author, the readers they chose, whom the
 * author is shielded from, removed. -1 if malformed (an own document
 * without a known choice of readers fails closed). */
static int
load_own(const PGresult *res, int i, struct doc_facts *f)
{
	f->doc.own_author = db_long(res, i, C_OWN_AUTHOR);
	f->doc.removed = db_bool(res, i, C_REMOVED);
	if (f->doc.own_author == 0)
		return 0;
	f->doc.own_readers = doc_own_readers(db_val(res, i, C_OWN_READERS));
	if (f->doc.own_readers == POL_OWN_NONE)
		return -1;
	f->doc.own_named = f->own_named;
	if (doc_parse_ids(db_val(res, i, C_OWN_NAMED), f->own_named,
	    DOC_MAX_NAMED, &f->doc.nown_named) == -1 ||
	    doc_parse_ids(db_val(res, i, C_OWN_SHIELDED_FROM),
	    f->own_shielded_from, DOC_MAX_NAMED, &f->nown_shielded_from) == -1)
		return -1;
	set_own_shielded(f);
	return 0;
}

int
doc_facts_load(const struct req *r, const PGresult *res, int i,
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
	if (parse_subjects(db_val(res, i, C_SUBJECTS), f) == -1 ||
	    parse_hidden(db_val(res, i, C_HIDDEN), f) == -1 ||
	    set_shared(db_val(res, i, C_SHARED_BY), f) == -1 ||
	    load_own(res, i, f) == -1) {
		log_error("documents: odd facts for %s",
		    db_val(res, i, C_PUBLIC_ID));
		return -1;
	}
	set_authority(f, db_val(res, i, C_AUTHORITY));
	return 0;
}


int
doc_member_may(const struct doc *d, long person_id, int age,
    const char *authority, const char *shared_by, enum pol_action action)
{
	struct doc_facts	 f = d->f;

	memset(&f.actor, 0, sizeof(f.actor));
	f.actor.kind = POL_CITIZEN;
	f.actor.person_id = person_id;
	f.actor.member = 1;
	f.actor.age = age;
	f.doc.subjects = f.subjects;
	f.doc.hidden_from = f.hidden;
	f.doc.own_named = f.own_named;
	set_own_shielded(&f);
	set_authority(&f, authority);
	if (set_shared(shared_by, &f) == -1)
		return 0;
	return policy_decide(&f.actor, &f.doc, action).allow;
}

int
doc_youth_decides(const struct doc *d)
{
	size_t	 i;

	if (d->f.actor.kind != POL_CITIZEN)
		return 0;
	for (i = 0; i < d->f.doc.nsubjects; i++)
		if (d->f.subjects[i].person_id == d->f.actor.person_id)
			return d->f.subjects[i].age >= 16 &&
			    d->f.subjects[i].age < 18;
	return 0;
}

void
doc_event(struct req *r, struct audit_event *ev, const char *action,
    const char *doc_id, const char *family_id, const char *outcome)
{
	req_event(r, ev, action, "document", doc_id, family_id, outcome);
}

enum db_err
audit_doc(struct req *r, const char *action, const char *doc_id,
    const char *family_id, const char *outcome)
{
	struct audit_event	 ev;

	doc_event(r, &ev, action, doc_id, family_id, outcome);
	return audit_write(r->db, &ev);
}

int
doc_refuse(struct req *r, const char *action, const char *doc_id,
    const char *family_id, const char *rule, int status)
{
	enum db_err	 e;

	r->rule = rule;
	r->audit_status = status;
	if ((e = audit_doc(r, action, doc_id, family_id, "denied")) != DB_OK)
		return db_status(e);
	return status;
}

int
doc_open(struct req *r, const char *public_id, enum pol_action action,
    const char *audit_action, struct doc *d)
{
	const char		*params[2] = { r->sess.person_id_s, public_id };
	PGresult		*res;
	enum db_err		 e;

	memset(d, 0, sizeof(*d));
	if ((e = db_exec(r->db, ST_DOC_ONE, params, &res)) != DB_OK)
		return db_status(e);
	return doc_open_res(r, res, public_id, action, audit_action, d);
}

/* The children under 12 the actor acts for on this document, as a
 * PostgreSQL array "{105,106}" (sql/054); NULL: none. */
static const char *
for_children(struct req *r, const struct doc *d)
{
	long		 ids[DOC_MAX_SUBJECTS];
	const char	*s = "{";
	size_t		 i, n;

	n = policy_acting_for(&d->f.actor, &d->f.doc, ids, NELEM(ids));
	if (n == 0)
		return NULL;
	if (n > NELEM(ids))
		n = NELEM(ids);
	for (i = 0; i < n && s != NULL; i++)
		s = arena_printf(r->a, "%s%s%ld", s, i > 0 ? "," : "",
		    ids[i]);
	return s != NULL ? arena_printf(r->a, "%s}", s) : NULL;
}

int
doc_open_res(struct req *r, const PGresult *res, const char *public_id,
    enum pol_action action, const char *audit_action, struct doc *d)
{
	struct pol_decision	 dec, rd;
	enum db_err		 e;

	memset(d, 0, sizeof(*d));
	r->for_children = NULL;
	if (db_rows(res) != 1 ||
	    strcmp(db_val(res, 0, C_PUBLIC_ID), public_id) != 0) {
		r->rule = "object.unknown";
		r->audit_status = 404;
		if ((e = audit_doc(r, audit_action, public_id, NULL,
		    "denied")) != DB_OK)
			return db_status(e);
		return 404;
	}
	if (doc_facts_load(r, res, 0, &d->f) == -1)
		return 500;
	d->res = res;
	d->row = 0;
	d->public_id = db_val(res, 0, C_PUBLIC_ID);
	d->family_id = db_val(res, 0, C_FAMILY_ID);
	d->id = db_val(res, 0, C_ID);
	d->version = db_val(res, 0, C_VERSION);
	dec = policy_decide(&d->f.actor, &d->f.doc, action);
	/* every audit row of this request names the rule (sql/036) and
	 * the children under 12 a parent acts for (sql/054) */
	r->rule = dec.rule;
	r->for_children = for_children(r, d);
	if (dec.allow)
		return 0;
	/* Whoever may not read it does not learn that it exists. */
	rd = policy_decide(&d->f.actor, &d->f.doc, POL_READ);
	r->audit_status = !rd.allow || dec.not_found ? 404 : 403;
	if ((e = audit_doc(r, audit_action, public_id, d->family_id,
	    "denied")) != DB_OK)
		return db_status(e);
	if (r->audit_status == 404)
		return 404;
	r->deny_reason = policy_reason_text(dec.reason);
	return 403;
}

enum db_err
doc_webhook(struct req *r, const struct doc *d, const char *event,
    int to_shared)
{
	const char	*p[4];
	PGresult	*res;
	enum db_err	 e;

	p[0] = d->family_id;
	p[1] = event;
	p[2] = d->public_id;
	p[3] = to_shared ? "true" : "false";
	if ((e = db_exec(r->db, ST_OUTBOX_WEBHOOK, p, &res)) != DB_OK)
		return e;
	/* an action that notified takes its place (core/notify.c; over a
	 * limit the whole action is rolled back) */
	return db_rows(res) > 0 ? req_notify_take(r) : DB_OK;
}

enum db_err
doc_added(struct req *r, const struct doc *d, const char *action,
    const char *event, int to_shared)
{
	struct audit_event	 ev;
	enum db_err		 e;

	doc_event(r, &ev, action, d->public_id, d->family_id, "allowed");
	if ((e = audit_write(r->db, &ev)) != DB_OK)
		return e;
	return doc_webhook(r, d, event, to_shared);
}

/* lib/policy lets the reader read the document, and it is about them
 * (one of its subjects) or it is their own document (they wrote it
 * themself, also when it is only about their child): the export's
 * documents section, page and JSON alike. A removed own document is
 * nobody's (lib/policy, POL_NOT_VISIBLE). */
int
doc_about_reader(const struct doc_facts *f)
{
	size_t	 i;

	if (!policy_decide(&f->actor, &f->doc, POL_READ).allow)
		return 0;
	if (f->doc.own_author != 0 && f->doc.own_author == f->actor.person_id)
		return 1;
	for (i = 0; i < f->doc.nsubjects; i++)
		if (f->doc.subjects[i].person_id == f->actor.person_id)
			return 1;
	return 0;
}

const char *
doc_readable_ids(struct req *r, int about_me, int *st)
{
	const char		*params[2] = { r->sess.person_id_s, NULL };
	struct doc_facts	 f;
	struct pg_array		 ids;
	const char		*lit;
	PGresult		*res;
	enum db_err		 e;
	int			 k;

	/* every one, no cap */
	params[1] = about_me ? "true" : "false";
	if ((e = db_exec(r->db, ST_DOC_READABLE, params, &res)) != DB_OK) {
		*st = db_status(e);
		return NULL;
	}
	pg_array_init(&ids, r->a);
	for (k = 0; k < db_rows(res); k++) {
		if (doc_facts_load(r, res, k, &f) == -1 ||
		    !(about_me ? doc_about_reader(&f) :
		    policy_decide(&f.actor, &f.doc, POL_READ).allow))
			continue;
		pg_array_add(&ids, db_val(res, k, C_PUBLIC_ID));
	}
	if ((lit = pg_array_end(&ids)) == NULL)
		*st = 500;
	return lit;
}

struct doc_set_key {
	const char	*id;		/* public id */
	int		 row;		/* in res */
};

static int
set_key_cmp(const void *a, const void *b)
{
	return strcmp(((const struct doc_set_key *)a)->id,
	    ((const struct doc_set_key *)b)->id);
}

void
doc_set_init(struct req *r, struct doc_set *set)
{
	memset(set, 0, sizeof(*set));
	set->r = r;
	buf_init(&set->ids, r->a, 0);
	buf_putc(&set->ids, '{');
}

void
doc_set_want(struct doc_set *set, const char *public_id)
{
	if (public_id == NULL || public_id[0] == '\0')
		return;
	if (set->nwant++ > 0)
		buf_putc(&set->ids, ',');
	/* public ids are base64url: nothing in them needs quoting */
	buf_puts(&set->ids, public_id);
}

void
doc_set_facts_only(struct doc_set *set)
{
	set->facts_only = 1;
}

int
doc_set_load(struct doc_set *set)
{
	const char	*p[2];
	PGresult	*res;
	enum db_err	 e;
	int		 i, n;

	if (set->nwant == 0)
		return 0;
	buf_putc(&set->ids, '}');
	if (set->ids.failed || (p[1] = buf_cstr(&set->ids)) == NULL)
		return 500;
	p[0] = set->r->sess.person_id_s;
	if ((e = db_exec(set->r->db, set->facts_only ? ST_DOC_FACTS_BY_IDS :
	    ST_DOC_BY_IDS, p, &res)) != DB_OK)
		return db_status(e);
	n = db_rows(res);
	set->res = res;
	set->keys = arena_calloc(set->r->a, (size_t)n + 1,
	    sizeof(*set->keys));
	if (set->keys == NULL)
		return 500;
	for (i = 0; i < n; i++) {
		set->keys[i].id = db_val(res, i, C_PUBLIC_ID);
		set->keys[i].row = i;
	}
	set->nkeys = (size_t)n;
	qsort(set->keys, set->nkeys, sizeof(*set->keys), set_key_cmp);
	return 0;
}

int
doc_set_facts(const struct doc_set *set, const char *public_id,
    struct doc_facts *f, int *row)
{
	struct doc_set_key	 k = { public_id, 0 }, *hit;

	if (set->res == NULL || public_id == NULL)
		return -1;
	hit = bsearch(&k, set->keys, set->nkeys, sizeof(k), set_key_cmp);
	if (hit == NULL || doc_facts_load(set->r, set->res, hit->row, f) == -1)
		return -1;
	if (row != NULL)
		*row = hit->row;
	return 0;
}

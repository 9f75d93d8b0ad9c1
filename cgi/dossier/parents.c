/*
 * parents.c - a youth of 16 or 17 chooses which parents may read a
 * document about them: the part "Mogen je ouders dit stuk lezen?" of the
 * document page, and POST /documenten/{id}/ouders (field `parent` once
 * per parent, their opaque ids; none: no parent).
 *
 * DESIGN.md section 3: parents do not see a document only about a youth
 * of 16+ "unless the youth shares it with them". The choice is stored in
 * document_youth_share; lib/policy reads it as the subject's
 * shared_with_actor fact (cgi/dossier/dossier.c), so the rest of the rules (a
 * document hidden from a parent, other subjects) still hold.
 */
#include <string.h>

#include "buf.h"
#include "dossier/dossier.h"
#include "core/portal.h"

/* Youth $2 lets exactly the parents $3 (public ids) of family $4 read
 * document $1: those with parental authority over the youth $2 (not
 * the youth); others
 * lose it. Returns how many of $3 are such parents (the caller compares:
 * fewer is a forged form, and the caller rolls back), and the public ids
 * of the parents added and of those removed (for one audit row each). */
static const struct stmt_def ST_YOUTH_SHARE_SET[1] = {{ "youth_share_set",
	"WITH want AS (SELECT m.person_id FROM family_member m "
	"    JOIN person p ON p.id = m.person_id "
	"   WHERE m.family_id = $4 AND EXISTS (SELECT 1 FROM authority au "
	"     WHERE au.adult_person = m.person_id AND au.child_person = $2) "
	"     AND m.person_id <> $2 AND p.public_id = ANY ($3::text[])), "
	" del AS (DELETE FROM document_youth_share WHERE document_id = $1 "
	"   AND youth_id = $2 "
	"   AND parent_id NOT IN (SELECT person_id FROM want) "
	"   RETURNING parent_id), "
	" ins AS (INSERT INTO document_youth_share "
	"   (document_id, youth_id, parent_id) "
	"   SELECT $1, $2, person_id FROM want ON CONFLICT DO NOTHING "
	"   RETURNING parent_id) "
	"SELECT (SELECT count(*) FROM want), "
	"  coalesce((SELECT string_agg(p.public_id, ',') FROM ins "
	"    JOIN person p ON p.id = ins.parent_id), ''), "
	"  coalesce((SELECT string_agg(p.public_id, ',') FROM del "
	"    JOIN person p ON p.id = del.parent_id), '')", 4, 3 }};
enum { SET_WANTED, SET_ADDED, SET_REMOVED };

static const struct stmt_def *const stmts[] = {
	ST_YOUTH_SHARE_SET,
};
const struct stmt_table parents_stmts = {
	"dossier/parents.c", stmts, NELEM(stmts)
};

#define MAX_PARENTS	8

/* 1 if person id `me` is in the list "12,14". */
static int
in_list(const char *ids, long me)
{
	long	 who[DOC_MAX_SUBJECTS];
	size_t	 n, i;

	if (doc_parse_ids(ids, who, DOC_MAX_SUBJECTS, &n) == -1)
		return 0;
	for (i = 0; i < n; i++)
		if (who[i] == me)
			return 1;
	return 0;
}

/* ids[0..n) but `skip` as "12,14" in out (len bytes; at most
 * DOC_MAX_SUBJECTS ids of 20 digits fit in 1024). -1 if it does not fit. */
static int
join_ids(const long *ids, size_t n, long skip, char *out, size_t len)
{
	size_t	 k, at = 0;
	int	 w;

	out[0] = '\0';
	for (k = 0; k < n; k++) {
		if (ids[k] == skip)
			continue;
		w = snprintf(out + at, len - at, "%s%ld", at > 0 ? "," : "",
		    ids[k]);
		if (w < 0 || (size_t)w >= len - at)
			return -1;
		at += (size_t)w;
	}
	return 0;
}

/*
 * Does the youth's choice decide whether member row i (ST_DOC_MEMBERS)
 * may read the document? Only for a parent with authority who may not
 * read it without this youth's "yes", and may with it (and with the "yes"
 * of any other youth of 16 or 17 it is about: each of them is asked): not
 * for a document the parent reads anyway (about them, about a younger
 * child), nor for one hidden from them or about another adult. lib/policy
 * answers both questions.
 */
static int
choice_matters(const struct doc *d, const PGresult *m, int i)
{
	long	 shared[DOC_MAX_SUBJECTS], youths[DOC_MAX_SUBJECTS];
	long	 me = d->f.actor.person_id, pid = db_long(m, i, M_PERSON);
	int	 age = (int)db_long(m, i, M_AGE);
	char	 with[1024], without[1024];
	size_t	 n, k, ny = 0;

	/* only a parent with authority over this youth */
	if (!doc_ids_has(db_val(m, i, M_AUTHORITY), me) || pid == me ||
	    doc_parse_ids(db_val(m, i, M_SHARED_BY), shared, DOC_MAX_SUBJECTS,
	    &n) == -1)
		return 0;
	for (k = 0; k < d->f.doc.nsubjects; k++)
		if (d->f.subjects[k].age >= 16 && d->f.subjects[k].age < 18)
			youths[ny++] = d->f.subjects[k].person_id;
	if (join_ids(youths, ny, 0, with, sizeof(with)) == -1 ||
	    join_ids(shared, n, me, without, sizeof(without)) == -1)
		return 0;
	return doc_member_may(d, pid, age, db_val(m, i, M_AUTHORITY), with,
	    POL_READ) && !doc_member_may(d, pid, age, db_val(m, i,
	    M_AUTHORITY), without, POL_READ);
}

/* How many parents the youth's choice is about (0: no choice to make). */
static int
choosable(const struct doc *d, const PGresult *members)
{
	int	 i, n = 0;

	if (!doc_youth_decides(d) || members == NULL)
		return 0;
	for (i = 0; i < db_rows(members); i++)
		n += choice_matters(d, members, i);
	return n;
}

static int
fill(const struct doc *d, struct tctx *c, const struct doc_form *form,
    const struct doc_reads *reads)
{
	const PGresult	*members = reads->members;
	struct tctx	*it;
	int		 i, show = choosable(d, members) > 0;

	tctx_bool(c, "parents_choice", show);
	tctx_bool(c, "parents_saved", show &&
	    form->saved == &doc_part_parents);
	tctx_list(c, "parents");
	if (!show)
		return 0;
	for (i = 0; i < db_rows(members); i++) {
		if (!choice_matters(d, members, i))
			continue;
		if ((it = tctx_list_add(c, "parents")) == NULL)
			return 500;
		tctx_strf(it, "input_id", "ouder-%d", i);
		tctx_str(it, "value", db_val(members, i, M_PUBLIC_ID));
		tctx_nl(it, "name", db_val(members, i, M_NAME));
		tctx_bool(it, "on", in_list(db_val(members, i, M_SHARED_BY),
		    d->f.actor.person_id));
	}
	return 0;
}

/* An opaque id as the portal makes them: 1 to 64 of [A-Za-z0-9_-]. */
static int
opaque(const char *s)
{
	size_t	 n = strspn(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
	    "0123456789_-");

	return n > 0 && n <= 64 && s[n] == '\0';
}

/* '{"id1","id2"}' of the `parent` fields; NULL when one is not an opaque
 * id or there are too many (a forged form). *n: how many. */
static const char *
parent_array(struct req *r, size_t *n)
{
	const struct http_fields *f = &r->rq->form;
	struct buf		 b;
	size_t			 i;

	*n = 0;
	buf_init(&b, r->a, 0);
	buf_putc(&b, '{');
	for (i = 0; i < f->n; i++) {
		if (strcmp(f->v[i].name, "parent") != 0)
			continue;
		if (++*n > MAX_PARENTS || !opaque(f->v[i].value))
			return NULL;
		buf_printf(&b, "%s\"%s\"", *n > 1 ? "," : "", f->v[i].value);
	}
	buf_putc(&b, '}');
	return b.failed ? NULL : buf_cstr(&b);
}

/* Every `parent` sent is one the choice is about (choice_matters). */
static int
all_choosable(const struct doc *d, const PGresult *members,
    const struct http_fields *f)
{
	size_t	 k;
	int	 i, found;

	for (k = 0; k < f->n; k++) {
		if (strcmp(f->v[k].name, "parent") != 0)
			continue;
		found = 0;
		for (i = 0; i < db_rows(members); i++)
			if (strcmp(db_val(members, i, M_PUBLIC_ID),
			    f->v[k].value) == 0)
				found = choice_matters(d, members, i);
		if (!found)
			return 0;
	}
	return 1;
}

/* One audit row per parent in ids ("a,b": public ids), about that
 * person, in the caller's transaction. */
static enum db_err
audit_parents(struct req *r, const struct doc *d, const char *action,
    const char *ids)
{
	char		*list, *p, *save = NULL;
	enum db_err	 e;

	if ((list = arena_strdup(r->a, ids)) == NULL)
		return DB_ERROR;
	for (p = strtok_r(list, ",", &save); p != NULL;
	    p = strtok_r(NULL, ",", &save))
		if ((e = req_audit(r, action, "person", p, d->family_id,
		    "allowed")) != DB_OK)
			return e;
	return DB_OK;
}

/* A form no page makes: logged as denied, answered 400. */
static int
forged(struct req *r, const struct doc *d)
{
	enum db_err	 e;

	if ((e = audit_doc(r, "document.share_family", d->public_id,
	    d->family_id, "denied")) != DB_OK)
		return db_status(e);
	return 400;
}

/* POST /documenten/{id}/ouders (see struct doc_part): the parents the
 * youth lets read it. Never shown again with errors: only a forged form
 * can be wrong. */
static int
post(struct req *r, const struct doc *d, struct doc_form *form)
{
	const char		*p[4], *one[1];
	struct audit_event	 ev;
	PGresult		*res, *members;
	enum db_err		 e;
	size_t			 n;

	(void)form;
	one[0] = d->id;
	if ((e = db_exec(r->db, ST_DOC_MEMBERS, one, &members)) != DB_OK)
		return db_status(e);
	if (choosable(d, members) == 0) {
		r->deny_reason = N_("Alleen de jongere over wie dit stuk gaat "
		    "kiest dit. Die moet 16 of 17 jaar zijn.");
		return doc_refuse(r, "document.share_family", d->public_id,
		    d->family_id, "youth.chooses", 403);
	}
	p[0] = d->id;
	p[1] = r->sess.person_id_s;
	p[3] = d->family_id;
	if ((p[2] = parent_array(r, &n)) == NULL)
		return forged(r, d);
	if ((e = db_begin(r->db)) != DB_OK)
		return db_status(e);
	if ((e = db_exec(r->db, ST_YOUTH_SHARE_SET, p, &res)) != DB_OK)
		return db_status(e);
	if (db_rows(res) != 1 || db_long(res, 0, SET_WANTED) != (long)n ||
	    !all_choosable(d, members, &r->rq->form)) {
		/* Not a parent this choice is about: a forged form. */
		db_rollback(r->db);
		return forged(r, d);
	}
	doc_event(r, &ev, "document.share_family", d->public_id, d->family_id,
	    "allowed");
	if ((e = audit_write(r->db, &ev)) != DB_OK ||
	    (e = audit_parents(r, d, "share_family.add",
	    db_val(res, 0, SET_ADDED))) != DB_OK ||
	    (e = audit_parents(r, d, "share_family.remove",
	    db_val(res, 0, SET_REMOVED))) != DB_OK ||
	    (e = db_commit(r->db)) != DB_OK)
		return db_status(e);
	return 0;
}

/* Opened as a read: whether the reader may choose is the part's own
 * question (choosable), asked with the family's members. */
const struct doc_part doc_part_parents = {
	"ouders", POL_READ, "document.share_family", "ouders",
	"partials/doc-ouders", post, fill
};

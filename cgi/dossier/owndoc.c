/*
 * owndoc.c - a member records their own information (issue 18, part 2):
 * GET and POST /documenten/nieuw for a citizen (a school report, a
 * letter, their own plan: title, text, an optional file cleaned as a
 * professional's), GET and POST /documenten/{id}/wijzigen (title, text,
 * readers) and POST /documenten/{id}/verwijderen for its author.
 *
 * The author chooses who may read it besides themself (field `readers`):
 * `hulpverleners` (the family's professionals), `personen` (and the
 * members named in `reader`), `gezin` (and the whole family); and whom
 * it is about (`about`: themself, or a child under 16 they have parental
 * authority over; lib/policy, policy_own_subject). lib/policy (rule 8)
 * then decides every read like any document's: the age rules, the
 * shields, sharing. A clerk in an assisted session does all of it for
 * the citizen (the session's person is the author; audit rows say who
 * helped). A removed document keeps its row and the audit log; its words
 * and file go (sql/044, own_document_remove).
 */
#include <string.h>

#include "dossier/dossier.h"
#include "log.h"
#include "core/portal.h"
#include "util.h"

/* Members of family $1, with what the form needs to ask lib/policy:
 * the ids of the children each has authority over, age, account. */
static const struct stmt_def ST_OWN_MEMBERS[1] = {{ "own_members",
	"SELECT p.id, p.public_id, p.given_name, p.given_name || ' ' || "
	"       p.family_name, coalesce(extract(year FROM age(current_date, "
	"       p.birth_date))::int, -1), authority_over(p.id) "
	"  FROM family_member m JOIN person p ON p.id = m.person_id "
	" WHERE m.family_id = $1 ORDER BY p.birth_date, p.given_name", 1, 6 }};
enum { OM_ID, OM_PUBLIC_ID, OM_GIVEN, OM_NAME, OM_AGE, OM_AUTHORITY };

/* A new own document of member $4 in family $1: $2 title, $3 body, $5
 * readers. */
static const struct stmt_def ST_OWN_INSERT[1] = {{ "own_insert",
	"INSERT INTO document (family_id, title, body, author_id, own_readers) "
	"SELECT $1, $2, $3, m.person_id, $5 FROM family_member m "
	" WHERE m.family_id = $1 AND m.person_id = $4 "
	"RETURNING id, public_id", 5, 2 }};

/* Whom own document $1 is about / who the author named: the members of
 * family $2 among the person ids in $3 (a bigint array). */
static const struct stmt_def ST_OWN_SUBJECTS[1] = {{ "own_subjects",
	"INSERT INTO document_subject (document_id, person_id) "
	"SELECT $1, m.person_id FROM family_member m "
	" WHERE m.family_id = $2 AND m.person_id = ANY ($3::bigint[])", 3, 0 }};
static const struct stmt_def ST_OWN_READERS[1] = {{ "own_readers",
	"INSERT INTO document_own_reader (document_id, person_id) "
	"SELECT $1, m.person_id FROM family_member m "
	" WHERE m.family_id = $2 AND m.person_id = ANY ($3::bigint[])", 3, 0 }};
static const struct stmt_def ST_OWN_READERS_CLEAR[1] = {{
	"own_readers_clear",
	"DELETE FROM document_own_reader WHERE document_id = $1", 1, 0 }};

/* A new version of own document $1 by its author $5: $2 title, $3 body,
 * $6 readers, replacing version $4 (no row when it changed meanwhile, is
 * not theirs, or was removed). The old text stays in document_version. */
static const struct stmt_def ST_OWN_UPDATE[1] = {{ "own_update",
	"WITH old AS (INSERT INTO document_version (document_id, version, "
	"    title, body, written_at, replaced_by) "
	"  SELECT id, version, title, body, coalesce(updated_at, created_at), $5 "
	"    FROM document WHERE id = $1 AND version = $4 AND author_id = $5 "
	"     AND own_readers IS NOT NULL AND removed_at IS NULL RETURNING 1) "
	"UPDATE document SET title = $2, body = $3, own_readers = $6, "
	"       version = version + 1, updated_at = now() "
	" WHERE id = $1 AND version = $4 AND EXISTS (SELECT 1 FROM old) "
	"RETURNING version", 6, 1 }};

static const struct stmt_def ST_OWN_REMOVE[1] = {{ "own_remove",
	"SELECT own_document_remove($1, $2)", 2, 1 }};

static const struct stmt_def *const stmts[] = {
	ST_OWN_MEMBERS,
	ST_OWN_INSERT,
	ST_OWN_SUBJECTS,
	ST_OWN_READERS,
	ST_OWN_READERS_CLEAR,
	ST_OWN_UPDATE,
	ST_OWN_REMOVE,
};
const struct stmt_table owndoc_stmts = {
	"dossier/owndoc.c", stmts, NELEM(stmts)
};

#define MAX_MEMBERS	32

static const char *const readers_choices[] = { "hulpverleners", "personen",
	"gezin", NULL };

enum { F_FAMILY, F_TITLE, F_BODY, F_READERS, F_VERSION, F__MAX };

static const struct form_spec own_form[F__MAX] = {
	/* the form's own hidden fields (a wrong one is a forged form) */
	[F_FAMILY] = { .name = "family", .kind = FORM_ID, .max_chars = 64 },
	[F_TITLE] = { .name = "title", .kind = FORM_TEXT, .required = 1,
	    .max_chars = 200, .msg_missing = N_("Vul een titel in."),
	    .msg_too_long = N_("De titel is te lang. U kunt 200 tekens "
	    "gebruiken.") },
	[F_BODY] = { .name = "body", .kind = FORM_TEXT, .required = 1,
	    .max_chars = 10000,
	    .msg_missing = N_("Vul de tekst van het stuk in."),
	    .msg_too_long = N_("De tekst is te lang. U kunt 10000 tekens "
	    "gebruiken.") },
	[F_READERS] = { .name = "readers", .kind = FORM_CHOICE, .required = 1,
	    .max_chars = 13, .choices = readers_choices,
	    .msg_missing = N_("Kies wie dit stuk mag lezen.") },
	[F_VERSION] = { .name = "version", .kind = FORM_ID, .max_chars = 9 },
};

struct own {
	const char		*family_id;	/* internal */
	const char		*family_public;
	const PGresult		*members;	/* ST_OWN_MEMBERS */
	int			 me;		/* the author's row */
	const PGresult		*pros;		/* ST_FAMILY_PROFESSIONALS */
	const struct req_shields *shields;	/* of the family */
	const struct doc	*d;		/* editing: the document */
	const char		*title, *body, *readers, *version;
	int			 about[MAX_MEMBERS], named[MAX_MEMBERS];
	int			 file_again;
	struct form_error	 errs[8];
	size_t			 nerr;
};

#define ADD_ERROR(o, field, msgid) form_add_error((o)->errs, \
	    NELEM((o)->errs), &(o)->nerr, field, msgid)
#define ERROR_FOR(o, field) \
	i18n_gettext(form_error_for((o)->errs, (o)->nerr, field))

/* The author as lib/policy sees them (a clerk in a session: as the
 * citizen of the session). */
static void
own_actor(const struct req *r, const struct own *o, struct pol_actor *a)
{
	/* in an assisted session the request is the citizen's (r->role,
	 * r->sess: lib/session), so the clerk adds nothing */
	memset(a, 0, sizeof(*a));
	a->kind = POL_CITIZEN;
	a->person_id = r->sess.person_id;
	a->member = o->me >= 0;
	a->age = o->me >= 0 ? (int)db_long(o->members, o->me, OM_AGE) : -1;
}

/* May the author write an own document about member row m? */
static int
may_be_about(const struct req *r, const struct own *o, int m)
{
	struct pol_actor	 a;
	struct pol_subject	 s;

	own_actor(r, o, &a);
	memset(&s, 0, sizeof(s));
	s.person_id = db_long(o->members, m, OM_ID);
	s.age = (int)db_long(o->members, m, OM_AGE);
	s.actor_has_authority = s.person_id != a.person_id && s.age < 18 &&
	    doc_ids_has(db_val(o->members, o->me, OM_AUTHORITY), s.person_id);
	return policy_own_subject(&a, &s);
}

/* May the author name member row m as a reader? Another member of 12 or
 * older (under 12 there is no account) who may see what the author does
 * (not one the author is shielded from: they never read it). */
static int
may_be_named(const struct req *r, const struct own *o, int m)
{
	long	 id = db_long(o->members, m, OM_ID);

	return id != r->sess.person_id && db_long(o->members, m, OM_AGE) >=
	    12 && req_actor_shown_to(o->shields, id, r->sess.person_id);
}

/*
 * The family of the logged-in member (or of the citizen at the counter):
 * `want` (a family public id; or, with by_id, its internal id) or, when
 * they are in one family, that one.
 * 0; 404 when `want` is not theirs; -1 when they must choose first; or a
 * status. Loads the members, professionals and shields.
 */
static int
find_family(struct req *r, const char *want, int by_id, struct own *o)
{
	const char		*p[1] = { r->sess.person_id_s };
	PGresult		*res;
	enum db_err		 e;
	int			 i, found = -1, st;

	if ((e = db_exec(r->db, ST_FAMILIES_OF_CITIZEN, p, &res)) != DB_OK)
		return db_status(e);
	for (i = 0; i < db_rows(res); i++)
		if (want != NULL && want[0] != '\0' ? strcmp(want,
		    db_val(res, i, by_id ? 0 : 1)) == 0 : db_rows(res) == 1)
			found = i;
	if (found < 0) {
		if (want == NULL || want[0] == '\0')
			return db_rows(res) == 0 ? 403 : -1;
		if ((e = req_audit(r, "document.create", "family", want, NULL,
		    "denied")) != DB_OK)
			return db_status(e);
		return 404;
	}
	o->family_id = db_val(res, found, 0);
	o->family_public = db_val(res, found, 1);
	p[0] = o->family_id;
	if ((e = db_exec(r->db, ST_OWN_MEMBERS, p, &res)) != DB_OK)
		return db_status(e);
	if (db_rows(res) > MAX_MEMBERS)
		return 500;
	o->members = res;
	o->me = -1;
	for (i = 0; i < db_rows(res); i++)
		if (db_long(res, i, OM_ID) == r->sess.person_id)
			o->me = i;
	if (o->me < 0 || db_long(res, o->me, OM_AGE) < 12)
		return 403;
	if ((e = db_exec(r->db, ST_FAMILY_PROFESSIONALS, p, &res)) != DB_OK)
		return db_status(e);
	o->pros = res;
	if ((o->shields = req_family_shields(r, o->family_id, &st)) == NULL)
		return st;
	return 0;
}

/* "Fatima Bouali (wijkcoach), ..." */
static const char *
pro_names(struct req *r, const PGresult *pros)
{
	struct buf	 b;
	int		 i;

	buf_init(&b, r->a, 0);
	for (i = 0; i < db_rows(pros); i++)
		buf_printf(&b, "%s%s %s (%s)", i > 0 ? ", " : "",
		    db_val(pros, i, 0), db_val(pros, i, 1), db_val(pros, i, 2));
	return b.failed ? "" : buf_cstr(&b);
}

/* "Lotte, Daan, Ans": the members the author may name. */
static const char *
family_names(struct req *r, const struct own *o)
{
	struct buf	 b;
	int		 m, n = 0;

	buf_init(&b, r->a, 0);
	for (m = 0; m < db_rows(o->members); m++)
		if (may_be_named(r, o, m))
			buf_printf(&b, "%s%s", n++ > 0 ? ", " : "",
			    db_val(o->members, m, OM_GIVEN));
	return b.failed ? "" : buf_cstr(&b);
}

static int
show_form(struct req *r, const struct own *o)
{
	struct tctx	*c = page_ctx(r), *it;
	int		 m, first_about = 1, first_named = 1;
	const char	*readers = o->readers != NULL ? o->readers :
	    "hulpverleners";

	tctx_bool(c, "editing", o->d != NULL);
	tctx_str(c, "action", o->d != NULL ? arena_printf(r->a,
	    "/documenten/%s/wijzigen", o->d->public_id) : "/documenten/nieuw");
	tctx_str(c, "id", o->d != NULL ? o->d->public_id : "");
	tctx_str(c, "family", o->family_public);
	tctx_str(c, "version", o->version != NULL ? o->version : "");
	tctx_str(c, "form_title", o->title != NULL ? o->title : "");
	tctx_str(c, "form_body", o->body != NULL ? o->body : "");
	tctx_str(c, "title_error", ERROR_FOR(o, "title"));
	tctx_str(c, "body_error", ERROR_FOR(o, "body"));
	tctx_str(c, "file_error", ERROR_FOR(o, "file"));
	tctx_str(c, "about_error", ERROR_FOR(o, "about"));
	tctx_str(c, "readers_error", ERROR_FOR(o, "readers"));
	tctx_str(c, "reader_error", ERROR_FOR(o, "reader"));
	tctx_bool(c, "file_again", o->file_again);
	tctx_bool(c, "r_pros", strcmp(readers, "hulpverleners") == 0);
	tctx_bool(c, "r_named", strcmp(readers, "personen") == 0);
	tctx_bool(c, "r_family", strcmp(readers, "gezin") == 0);
	tctx_str(c, "pros", pro_names(r, o->pros));
	tctx_bool(c, "has_pros", db_rows(o->pros) > 0);
	tctx_str(c, "family_names", family_names(r, o));
	page_form_errors(r, c, o->errs, o->nerr);
	if (page_b1(r, c, NULL) != 0)
		return 500;
	tctx_list(c, "about_members");
	tctx_list(c, "named_members");
	for (m = 0; m < db_rows(o->members); m++) {
		if (may_be_about(r, o, m)) {
			if ((it = tctx_list_add(c, "about_members")) == NULL)
				return 500;
			tctx_str(it, "value", db_val(o->members, m,
			    OM_PUBLIC_ID));
			tctx_str(it, "name", m == o->me ? arena_printf(r->a,
			    "%s (%s)", db_val(o->members, m, OM_NAME),
			    i18n_gettext(N_("uzelf"))) :
			    db_val(o->members, m, OM_NAME));
			tctx_strf(it, "input_id", first_about ? "about" :
			    "about-%d", m);
			tctx_bool(it, "checked", o->about[m]);
			first_about = 0;
		}
		if (may_be_named(r, o, m)) {
			if ((it = tctx_list_add(c, "named_members")) == NULL)
				return 500;
			tctx_str(it, "value", db_val(o->members, m,
			    OM_PUBLIC_ID));
			tctx_str(it, "name", db_val(o->members, m, OM_NAME));
			tctx_strf(it, "input_id", first_named ? "reader" :
			    "reader-%d", m);
			tctx_bool(it, "checked", o->named[m]);
			first_named = 0;
		}
	}
	tctx_bool(c, "has_named_members", !first_named);
	return page_render(r, "document-own", o->d != NULL ?
	    N_("Uw eigen stuk veranderen") : N_("Zelf een stuk toevoegen"), c);
}

/* Marks the members named by the fields `name` that `ok` allows; -1 for
 * anyone else (a forged form). */
static int
read_members(struct req *r, struct own *o, const char *name, int *marks,
    int (*ok)(const struct req *, const struct own *, int))
{
	const struct http_fields *f = &r->rq->form;
	size_t			 i;
	int			 m, found;

	for (i = 0; i < f->n; i++) {
		if (strcmp(f->v[i].name, name) != 0)
			continue;
		found = 0;
		for (m = 0; m < db_rows(o->members); m++)
			if (strcmp(f->v[i].value, db_val(o->members, m,
			    OM_PUBLIC_ID)) == 0 && ok(r, o, m))
				marks[m] = found = 1;
		if (!found)
			return -1;
	}
	return 0;
}

static int
named_ok(const struct req *r, const struct own *o, int m)
{
	return may_be_named(r, o, m);
}

/* '{12,14}' for the members marked. */
static const char *
id_array(struct req *r, const struct own *o, const int *marks)
{
	struct buf	 b;
	int		 m, n = 0;

	buf_init(&b, r->a, 0);
	buf_putc(&b, '{');
	for (m = 0; m < db_rows(o->members); m++)
		if (marks[m])
			buf_printf(&b, "%s%s", n++ > 0 ? "," : "",
			    db_val(o->members, m, OM_ID));
	buf_putc(&b, '}');
	return b.failed ? NULL : buf_cstr(&b);
}

/* Reads and checks the form into o: 0, 400 (forged), or DOC_SHOW_AGAIN
 * (B1 errors in o, status 400 set). */
static int
read_form(struct req *r, struct own *o, const char **v)
{
	int	 m, any = 0;

	o->title = req_unix_lines(r, v[F_TITLE]);
	o->body = req_unix_lines(r, v[F_BODY]);
	o->readers = v[F_READERS][0] != '\0' ? v[F_READERS] : NULL;
	if ((o->d == NULL && read_members(r, o, "about", o->about,
	    may_be_about) == -1) ||
	    read_members(r, o, "reader", o->named, named_ok) == -1)
		return 400;
	if (o->d == NULL) {
		for (m = 0; m < db_rows(o->members); m++)
			any |= o->about[m];
		if (!any)
			ADD_ERROR(o, "about", N_("Kies over wie dit stuk "
			    "gaat."));
	}
	if (o->readers != NULL && strcmp(o->readers, "personen") == 0) {
		for (any = 0, m = 0; m < db_rows(o->members); m++)
			any |= o->named[m];
		if (!any)
			ADD_ERROR(o, "reader", N_("Kies wie uit uw gezin het "
			    "mag lezen."));
	}
	return 0;
}

static enum db_err
store_readers(struct req *r, const struct own *o, const char *doc_id)
{
	const char	*p[3] = { doc_id, o->family_id, NULL };

	if (o->readers == NULL || strcmp(o->readers, "personen") != 0)
		return DB_OK;
	if ((p[2] = id_array(r, o, o->named)) == NULL)
		return DB_ERROR;
	return db_exec(r->db, ST_OWN_READERS, p, NULL);
}

int
h_owndoc_form(struct req *r)
{
	const struct http_field	*g = http_fields_get(&r->rq->query, "gezin");
	struct own		 o;
	enum db_err		 e;
	int			 st;

	memset(&o, 0, sizeof(o));
	if ((st = find_family(r, g != NULL ? g->value : NULL, 0, &o)) == -1) {
		r->deny_reason = N_("U bent lid van meer dan een gezin. Kies "
		    "eerst het gezin op de lijst van stukken.");
		return 403;
	}
	if (st != 0)
		return st;
	o.about[o.me] = 1;	/* about themself, to begin with */
	/* The form names the family's members: a read of the family. */
	if ((e = req_audit(r, "family.read", "family", o.family_public,
	    o.family_id, "allowed")) != DB_OK)
		return db_status(e);
	return show_form(r, &o);
}

int
h_owndoc_post(struct req *r)
{
	const char		*v[F__MAX], *p[5], *doc_id, *public_id;
	struct doc_upfile	 up;
	struct audit_event	 ev;
	struct own		 o;
	PGresult		*res;
	enum db_err		 e;
	int			 st;

	memset(&o, 0, sizeof(o));
	if (form_read(&r->rq->form, own_form, F__MAX, v, o.errs,
	    &o.nerr) == -1 || http_fields_count(&r->rq->form, "file") > 1)
		return 400;
	if ((st = find_family(r, v[F_FAMILY], 0, &o)) != 0)
		return st == -1 ? 400 : st;
	if ((st = read_form(r, &o, v)) != 0) {
		if ((e = req_audit(r, "document.create", "family",
		    o.family_public, o.family_id, "denied")) != DB_OK)
			return db_status(e);
		return st;
	}
	if ((st = doc_upfile_read(r, o.errs, NELEM(o.errs), &o.nerr, &up)) !=
	    0)
		return st;
	if (o.nerr > 0) {
		const struct http_field *f = http_fields_get(&r->rq->form,
		    "file");

		o.file_again = up.ft != NULL || (f != NULL &&
		    f->filename != NULL && f->len > 0 &&
		    form_error_for(o.errs, o.nerr, "file") == NULL);
		r->rs->status = 400;
		return show_form(r, &o);
	}
	if ((e = db_begin(r->db)) != DB_OK)
		return db_status(e);
	p[0] = o.family_id;
	p[1] = o.title;
	p[2] = o.body;
	p[3] = r->sess.person_id_s;
	p[4] = o.readers;
	if ((e = db_exec(r->db, ST_OWN_INSERT, p, &res)) != DB_OK)
		return db_status(e);
	if (db_rows(res) != 1)
		return 500;
	doc_id = db_val(res, 0, 0);
	public_id = db_val(res, 0, 1);
	p[0] = doc_id;
	p[1] = o.family_id;
	if ((p[2] = id_array(r, &o, o.about)) == NULL)
		return 500;
	if ((e = db_exec(r->db, ST_OWN_SUBJECTS, p, NULL)) != DB_OK ||
	    (e = store_readers(r, &o, doc_id)) != DB_OK)
		return db_status(e);
	if (up.ft != NULL &&
	    (e = doc_upfile_store(r, doc_id, &up, NULL)) != DB_OK)
		return db_status(e);
	r->rule = POL_RULE_OWN_AUTHOR;
	doc_event(r, &ev, "document.create", public_id, o.family_id,
	    "allowed");
	if ((e = audit_write(r->db, &ev)) != DB_OK ||
	    (e = db_commit(r->db)) != DB_OK)
		return db_status(e);
	return page_redirect(r, arena_printf(r->a,
	    "/documenten/%s?eigen-opgeslagen=1", public_id));
}

/*
 * Opens own document {id} for its author: 404 for whoever may not read
 * it, 403 (with the reason) for a reader who is not its author; fills o
 * (family, members) for the form.
 */
static int
open_own(struct req *r, const char *audit, struct doc *d, struct own *o)
{
	enum db_err		 e;
	int			 st;

	memset(o, 0, sizeof(*o));
	if ((st = doc_open(r, route_param(&r->params, "id"), POL_READ, audit,
	    d)) != 0)
		return st;
	if (!policy_own_editable(&d->f.actor, &d->f.doc)) {
		r->audit_status = 403;
		r->rule = policy_rule_name(POL_OWN_DOCUMENT);
		if ((e = audit_doc(r, audit, d->public_id, d->family_id,
		    "denied")) != DB_OK)
			return db_status(e);
		r->deny_reason = policy_reason_text(POL_OWN_DOCUMENT);
		return 403;
	}
	o->d = d;
	st = find_family(r, d->family_id, 1, o);
	return st == -1 ? 404 : st;
}

int
h_owndoc_edit_form(struct req *r)
{
	struct doc	 d;
	struct own	 o;
	enum db_err	 e;
	size_t		 i;
	int		 st, m;

	if ((st = open_own(r, "document.update", &d, &o)) != 0)
		return st;
	o.title = db_val(d.res, d.row, C_TITLE);
	o.body = db_val(d.res, d.row, C_BODY);
	o.version = d.version;
	o.readers = db_val(d.res, d.row, C_OWN_READERS);
	for (m = 0; m < db_rows(o.members); m++)
		for (i = 0; i < d.f.doc.nown_named; i++)
			if (d.f.doc.own_named[i] == db_long(o.members, m,
			    OM_ID))
				o.named[m] = 1;
	if ((e = audit_doc(r, "document.read", d.public_id, d.family_id,
	    "allowed")) != DB_OK)
		return db_status(e);
	return show_form(r, &o);
}

int
h_owndoc_edit(struct req *r)
{
	const char		*v[F__MAX], *p[6];
	struct audit_event	 ev;
	struct doc		 d;
	struct own		 o;
	PGresult		*res;
	enum db_err		 e;
	long			 version;
	int			 st;

	if ((st = open_own(r, "document.update", &d, &o)) != 0)
		return st;
	if (form_read(&r->rq->form, own_form, F__MAX, v, o.errs,
	    &o.nerr) == -1 ||
	    util_parse_long(v[F_VERSION], 1, 100000000L, &version) == -1)
		return 400;
	o.version = v[F_VERSION];
	if ((st = read_form(r, &o, v)) != 0)
		return st;
	if (o.nerr > 0) {
		r->rs->status = 400;
		return show_form(r, &o);
	}
	if ((e = db_begin(r->db)) != DB_OK)
		return db_status(e);
	p[0] = d.id;
	p[1] = o.title;
	p[2] = o.body;
	p[3] = o.version;
	p[4] = r->sess.person_id_s;
	p[5] = o.readers;
	if ((e = db_exec(r->db, ST_OWN_UPDATE, p, &res)) != DB_OK)
		return db_status(e);
	if (db_rows(res) != 1) {
		/* changed meanwhile (another tab, the counter) */
		db_rollback(r->db);
		r->rs->status = 409;
		o.version = d.version;
		ADD_ERROR(&o, "title", N_("Het stuk is net veranderd. Kijk "
		    "of uw tekst goed is. Sla daarna opnieuw op."));
		return show_form(r, &o);
	}
	p[0] = d.id;
	if ((e = db_exec(r->db, ST_OWN_READERS_CLEAR, p, NULL)) != DB_OK ||
	    (e = store_readers(r, &o, d.id)) != DB_OK)
		return db_status(e);
	doc_event(r, &ev, "document.update", d.public_id, d.family_id,
	    "allowed");
	if ((e = audit_write(r->db, &ev)) != DB_OK ||
	    (e = db_commit(r->db)) != DB_OK)
		return db_status(e);
	return page_redirect(r, arena_printf(r->a,
	    "/documenten/%s?eigen-opgeslagen=1", d.public_id));
}

int
h_owndoc_remove(struct req *r)
{
	const struct http_field	*sure = http_fields_get(&r->rq->form, "zeker");
	const char		*p[2];
	struct audit_event	 ev;
	struct doc		 d;
	struct own		 o;
	PGresult		*res;
	enum db_err		 e;
	int			 st;

	if ((st = open_own(r, "document.remove", &d, &o)) != 0)
		return st;
	if (sure == NULL || strcmp(sure->value, "ja") != 0) {
		o.title = db_val(d.res, d.row, C_TITLE);
		o.body = db_val(d.res, d.row, C_BODY);
		o.version = d.version;
		o.readers = db_val(d.res, d.row, C_OWN_READERS);
		ADD_ERROR(&o, "zeker", N_("Zet een vinkje als u het stuk "
		    "echt wilt verwijderen."));
		r->rs->status = 400;
		return show_form(r, &o);
	}
	if ((e = db_begin(r->db)) != DB_OK)
		return db_status(e);
	p[0] = d.id;
	p[1] = r->sess.person_id_s;
	if ((e = db_exec(r->db, ST_OWN_REMOVE, p, &res)) != DB_OK)
		return db_status(e);
	if (db_rows(res) != 1 || !db_bool(res, 0, 0)) {
		db_rollback(r->db);
		return 404;	/* removed meanwhile */
	}
	doc_event(r, &ev, "document.remove", d.public_id, d.family_id,
	    "allowed");
	if ((e = audit_write(r->db, &ev)) != DB_OK ||
	    (e = db_commit(r->db)) != DB_OK)
		return db_status(e);
	return page_redirect(r, "/documenten?verwijderd=1");
}

/*
 * The document page of an own document (documents.c): own (the notice
 * "Dit stuk schreef ... zelf"), and for its author own_editable and
 * own_readers_names: who may read it, by lib/policy per member, and the
 * professionals. 0 or an HTTP status.
 */
int
owndoc_fill(struct req *r, const struct doc *d, struct tctx *c)
{
	const char	*p[1] = { d->family_id };
	PGresult	*res, *pros;
	struct buf	 b;
	enum db_err	 e;
	int		 i, n = 0, editable;

	tctx_bool(c, "own", d->f.doc.own_author != 0);
	editable = policy_own_editable(&d->f.actor, &d->f.doc);
	tctx_bool(c, "own_editable", editable);
	tctx_bool(c, "own_saved", editable &&
	    http_fields_get(&r->rq->query, "eigen-opgeslagen") != NULL);
	tctx_str(c, "own_readers_names", "");
	if (!editable)
		return 0;
	if ((e = db_exec(r->db, ST_OWN_MEMBERS, p, &res)) != DB_OK ||
	    (e = db_exec(r->db, ST_FAMILY_PROFESSIONALS, p, &pros)) != DB_OK)
		return db_status(e);
	buf_init(&b, r->a, 0);
	for (i = 0; i < db_rows(res); i++) {
		if (db_long(res, i, OM_ID) == r->sess.person_id ||
		    db_long(res, i, OM_AGE) < 12 ||
		    !doc_member_may(d, db_long(res, i, OM_ID),
		    (int)db_long(res, i, OM_AGE), db_val(res, i, OM_AUTHORITY),
		    "", POL_READ))
			continue;
		buf_printf(&b, "%s%s", n++ > 0 ? ", " : "",
		    db_val(res, i, OM_GIVEN));
	}
	for (i = 0; i < db_rows(pros); i++)
		buf_printf(&b, "%s%s %s (%s)", n++ > 0 ? ", " : "",
		    db_val(pros, i, 0), db_val(pros, i, 1), db_val(pros, i, 2));
	if (b.failed)
		return 500;
	tctx_str(c, "own_readers_names", n > 0 ? buf_cstr(&b) :
	    i18n_gettext(N_("niemand anders")));
	return 0;
}

/*
 * upload.c - a professional adds a document to a family they are
 * assigned to: GET and POST /documenten/nieuw (title, text, an optional
 * file, about whom, hidden from whom, and a part hidden from some members).
 *
 * The file's kind comes from its bytes (lib/filetype, libmagic), never
 * from its name; a kind the portal does not accept, or no member chosen,
 * shows the form again with a B1 error summary and nothing stored. A file
 * over the limit is stopped by the request parser (413, B1 page).
 * The document, whom it is about and hidden from, the file and the audit
 * row are stored in one transaction.
 */
#include <stdlib.h>
#include <string.h>

#include "clean.h"
#include "dossier/dossier.h"
#include "filetype.h"
#include "log.h"
#include "core/portal.h"
#include "util.h"

/* Members of family $1 for the new-document form (opaque ids). */
static const struct stmt_def ST_UPLOAD_MEMBERS[1] = {{ "upload_members",
	"SELECT p.public_id, p.given_name || ' ' || p.family_name, m.role, "
	"       extract(year FROM age(current_date, p.birth_date))::int "
	"  FROM family_member m JOIN person p ON p.id = m.person_id "
	" WHERE m.family_id = $1 ORDER BY p.birth_date, p.given_name", 1, 4 }};
enum { MEM_PUBLIC_ID, MEM_NAME, MEM_ROLE, MEM_AGE };

/* A new document by professional $4 of family $1: $2 title, $3 body. */
static const struct stmt_def ST_DOC_INSERT[1] = {{ "doc_insert",
	"INSERT INTO document (family_id, title, body, author_id, "
	"  organisation_id) "
	"SELECT $1, $2, $3, pr.person_id, pr.organisation_id "
	"  FROM professional pr WHERE pr.person_id = $4 "
	"RETURNING id, public_id", 4, 2 }};
enum { NEW_ID, NEW_PUBLIC_ID };

/* Whom document $1 is about / hidden from: the members of family $2
 * among the person public ids in $3 (a text array). */
static const struct stmt_def ST_DOC_SUBJECTS_INSERT[1] = {{
	"doc_subjects_insert",
	"INSERT INTO document_subject (document_id, person_id) "
	"SELECT $1, p.id FROM person p JOIN family_member m "
	"    ON m.person_id = p.id AND m.family_id = $2 "
	" WHERE p.public_id = ANY ($3::text[])", 3, 0 }};

static const struct stmt_def ST_DOC_HIDDEN_INSERT[1] = {{ "doc_hidden_insert",
	"INSERT INTO document_hidden (document_id, person_id) "
	"SELECT $1, p.id FROM person p JOIN family_member m "
	"    ON m.person_id = p.id AND m.family_id = $2 "
	" WHERE p.public_id = ANY ($3::text[])", 3, 0 }};

/* A part of document $1 ($3 label, $4 text) hidden from the members of
 * family $2 whose public ids are in $5 (at least one must be found, or
 * nothing is stored: the statement then returns no row). */
static const struct stmt_def ST_DOC_PART_INSERT[1] = {{ "doc_part_insert",
	"WITH who AS (SELECT p.id FROM person p JOIN family_member m "
	"    ON m.person_id = p.id AND m.family_id = $2 "
	"   WHERE p.public_id = ANY ($5::text[])), "
	" part AS (INSERT INTO document_part (document_id, label, body) "
	"   SELECT $1, $3, $4 WHERE EXISTS (SELECT 1 FROM who) RETURNING id), "
	" h AS (INSERT INTO document_part_hidden (part_id, person_id) "
	"   SELECT part.id, who.id FROM part, who) "
	"SELECT id FROM part", 5, 1 }};

/* $1 document, $2 file name, $3 MIME type, $4 size, $5 content (hex),
 * $6 the hidden part of $1 it belongs to (NULL: the whole document). */
static const struct stmt_def ST_DOC_FILE_INSERT[1] = {{ "doc_file_insert",
	"INSERT INTO document_file (document_id, filename, mime_type, size, "
	"  content, part_id) VALUES ($1, $2, $3, $4, decode($5, 'hex'), $6)",
	6, 0 }};

static const struct stmt_def *const stmts[] = {
	ST_UPLOAD_MEMBERS,
	ST_DOC_INSERT,
	ST_DOC_SUBJECTS_INSERT,
	ST_DOC_HIDDEN_INSERT,
	ST_DOC_PART_INSERT,
	ST_DOC_FILE_INSERT,
};
const struct stmt_table upload_stmts = {
	"dossier/upload.c", stmts, NELEM(stmts)
};

#define MAX_MEMBERS	32
#define BODY_MAX	10000	/* characters */

#define PART_LABEL_MAX	100
#define PART_BODY_MAX	2000

enum { F_FAMILY, F_TITLE, F_BODY, F_PART_LABEL, F_PART_BODY, F_FILE_FOR,
    F__MAX };

/* Who gets the file (issue 16, part 3): everyone who reads the document,
 * or only those who see the hidden part. */
static const char *const file_for[] = { "stuk", "deel", NULL };

static const struct form_spec upload_form[F__MAX] = {
	/* The form's own hidden field: not given is a forged form. */
	[F_FAMILY] = { .name = "family", .kind = FORM_ID, .required = 1,
	    .max_chars = 64 },
	[F_TITLE] = { .name = "title", .kind = FORM_TEXT, .required = 1,
	    .max_chars = 200, .msg_missing = N_("Vul een titel in."),
	    .msg_too_long = N_("De titel is te lang. U kunt 200 tekens "
	    "gebruiken.") },
	[F_BODY] = { .name = "body", .kind = FORM_TEXT, .required = 1,
	    .max_chars = BODY_MAX,
	    .msg_missing = N_("Vul de tekst van het stuk in."),
	    .msg_too_long = N_("De tekst is te lang. U kunt 10000 tekens "
	    "gebruiken.") },
	/* A part hidden from some members (a safe address): optional, but
	 * name, text and whom go together (checked in h_upload). */
	[F_PART_LABEL] = { .name = "part_label", .kind = FORM_TEXT,
	    .max_chars = PART_LABEL_MAX,
	    .msg_too_long = N_("De naam van het deel is te lang. U kunt "
	    "100 tekens gebruiken.") },
	[F_PART_BODY] = { .name = "part_body", .kind = FORM_TEXT,
	    .max_chars = PART_BODY_MAX,
	    .msg_too_long = N_("De tekst van het deel is te lang. U kunt "
	    "2000 tekens gebruiken.") },
	/* Empty (an older form): the whole document, as before. */
	[F_FILE_FOR] = { .name = "file_for", .kind = FORM_CHOICE,
	    .max_chars = 5, .choices = file_for },
};

struct upload {
	const char		*family_id;	/* internal */
	const char		*family_public;
	const char		*family_name;
	const PGresult		*members;
	const char		*title, *body;
	const char		*part_label, *part_body;	/* "": none */
	int			 file_in_part;	/* file_for = deel */
	const char		*checked;	/* text for the B1 check, or NULL */
	int			 file_again;	/* checked with a file chosen */
	int			 about[MAX_MEMBERS], hidden[MAX_MEMBERS];
	int			 part_hidden[MAX_MEMBERS];
	struct form_error	 errs[8];
	size_t			 nerr;
};

#define ADD_ERROR(u, field, msgid) form_add_error((u)->errs, \
	    sizeof((u)->errs) / sizeof((u)->errs[0]), &(u)->nerr, field, msgid)
#define ERROR_FOR(u, field) \
	i18n_gettext(form_error_for((u)->errs, (u)->nerr, field))

/*
 * The family the professional adds to: `want` (a family public id) or,
 * when they work with one family only, that one. Returns 0, 404 (not one
 * of theirs: lib/policy's "not visible"), 403 (no family at all), or a
 * database status. Fills the family fields and the members of u.
 */
/* An audit row about family `family_id` (or the public id a request named,
 * for a family that is not the professional's). */
static int
find_family(struct req *r, const char *want, struct upload *u)
{
	const char		*params[1] = { r->sess.person_id_s };
	struct pol_actor	 actor;
	struct pol_document	 none;
	PGresult		*res;
	enum db_err		 e;
	int			 i, found = -1;

	if ((e = db_exec(r->db, ST_FAMILIES_OF_PROFESSIONAL, params, &res)) !=
	    DB_OK)
		return db_status(e);
	if (db_rows(res) == 0) {
		r->deny_reason = N_("U werkt nu niet met een gezin. Daarom "
		    "kunt u geen stuk toevoegen.");
		return 403;
	}
	for (i = 0; i < db_rows(res); i++)
		if (want != NULL ? strcmp(want,
		    db_val(res, i, FAMILY_PUBLIC_ID)) == 0 : db_rows(res) == 1)
			found = i;
	memset(&actor, 0, sizeof(actor));
	memset(&none, 0, sizeof(none));
	actor.kind = POL_PROFESSIONAL;
	actor.person_id = r->sess.person_id;
	actor.assigned = found >= 0;
	if (want == NULL && found < 0)
		return -1;		/* several: ask which one first */
	if (!policy_decide(&actor, &none, POL_ADD_DOCUMENT).allow) {
		/* Logged as denied; answered as if it did not exist. */
		if ((e = req_audit(r, "document.create", "family", want,
		    NULL, "denied")) != DB_OK)
			return db_status(e);
		return 404;
	}
	u->family_id = db_val(res, found, FAMILY_ID);
	u->family_public = db_val(res, found, FAMILY_PUBLIC_ID);
	u->family_name = db_val(res, found, FAMILY_NAME);
	params[0] = u->family_id;
	if ((e = db_exec(r->db, ST_UPLOAD_MEMBERS, params, &res)) != DB_OK)
		return db_status(e);
	if (db_rows(res) > MAX_MEMBERS)
		return 500;
	u->members = res;
	return 0;
}

/* "Voor welk gezin?": one link per family the professional works with. */
static int
choose_family(struct req *r)
{
	const char	*params[1] = { r->sess.person_id_s };
	struct tctx	*c = page_ctx(r), *it;
	PGresult	*res;
	enum db_err	 e;
	int		 i;

	if ((e = db_exec(r->db, ST_FAMILIES_OF_PROFESSIONAL, params, &res)) !=
	    DB_OK)
		return db_status(e);
	tctx_list(c, "families");
	for (i = 0; i < db_rows(res); i++) {
		if ((it = tctx_list_add(c, "families")) == NULL)
			return 500;
		tctx_nl(it, "name", db_val(res, i, FAMILY_NAME));
		tctx_strf(it, "href", "/documenten/nieuw?gezin=%s",
		    db_val(res, i, FAMILY_PUBLIC_ID));
	}
	return page_render(r, "document-family", N_("Voor welk gezin is het stuk?"),
	    c);
}

static int
show_form(struct req *r, const struct upload *u)
{
	struct tctx	*c = page_ctx(r), *it;
	int		 i;

	tctx_str(c, "family", u->family_public);
	tctx_str(c, "family_name", u->family_name);
	tctx_str(c, "form_title", u->title != NULL ? u->title : "");
	tctx_str(c, "form_body", u->body != NULL ? u->body : "");
	tctx_str(c, "title_error", ERROR_FOR(u, "title"));
	tctx_str(c, "body_error", ERROR_FOR(u, "body"));
	tctx_str(c, "file_error", ERROR_FOR(u, "file"));
	tctx_str(c, "about_error", ERROR_FOR(u, "about"));
	tctx_str(c, "form_part_label", u->part_label != NULL ?
	    u->part_label : "");
	tctx_str(c, "form_part_body", u->part_body != NULL ? u->part_body : "");
	tctx_str(c, "part_label_error", ERROR_FOR(u, "part_label"));
	tctx_str(c, "part_body_error", ERROR_FOR(u, "part_body"));
	tctx_str(c, "part_hidden_error", ERROR_FOR(u, "part_hidden"));
	tctx_str(c, "file_for_error", ERROR_FOR(u, "file_for"));
	tctx_bool(c, "file_in_part", u->file_in_part);
	tctx_bool(c, "file_again", u->file_again);
	page_form_errors(r, c, u->errs, u->nerr);
	if (page_b1(r, c, u->checked) != 0)
		return 500;
	tctx_list(c, "members");
	for (i = 0; i < db_rows(u->members); i++) {
		if ((it = tctx_list_add(c, "members")) == NULL)
			return 500;
		tctx_str(it, "value", db_val(u->members, i, MEM_PUBLIC_ID));
		tctx_nl(it, "name", db_val(u->members, i, MEM_NAME));
		tctx_str(it, "role", db_val(u->members, i, MEM_ROLE));
		tctx_strf(it, "about_id", i == 0 ? "about" : "about-%d", i);
		tctx_strf(it, "hidden_id", "hidden-%d", i);
		tctx_strf(it, "part_hidden_id", i == 0 ? "part_hidden" :
		    "part_hidden-%d", i);
		tctx_bool(it, "about", u->about[i]);
		tctx_bool(it, "hidden", u->hidden[i]);
		tctx_bool(it, "part_hidden", u->part_hidden[i]);
	}
	return page_render(r, "document-new", N_("Stuk toevoegen"), c);
}

int
h_upload_form(struct req *r)
{
	const struct http_field	*g = http_fields_get(&r->rq->query, "gezin");
	struct upload		 u;
	enum db_err		 e;
	int			 st;

	memset(&u, 0, sizeof(u));
	st = find_family(r, g != NULL ? g->value : NULL, &u);
	if (st == -1)
		return choose_family(r);
	if (st != 0)
		return st;
	/* The form names the family's members: a read of the family. */
	if ((e = req_audit(r, "family.read", "family", u.family_public,
	    u.family_id, "allowed")) != DB_OK)
		return db_status(e);
	return show_form(r, &u);
}

/* Marks in `marks` the members named by every field `name`; -1 when a
 * value is not a member of the family (a forged form). */
static int
read_members(const struct req *r, const struct upload *u, const char *name,
    int *marks)
{
	const struct http_fields *f = &r->rq->form;
	size_t			 i;
	int			 m, found;

	for (i = 0; i < f->n; i++) {
		if (strcmp(f->v[i].name, name) != 0)
			continue;
		found = 0;
		for (m = 0; m < db_rows(u->members); m++)
			if (strcmp(f->v[i].value,
			    db_val(u->members, m, MEM_PUBLIC_ID)) == 0)
				marks[m] = found = 1;
		if (!found)
			return -1;
	}
	return 0;
}

/* '{"id1","id2"}' for the members marked (public ids are [A-Za-z0-9_-]). */
static const char *
pg_array(struct req *r, const struct upload *u, const int *marks)
{
	struct buf	 b;
	int		 m, n = 0;

	buf_init(&b, r->a, 0);
	buf_putc(&b, '{');
	for (m = 0; m < db_rows(u->members); m++)
		if (marks[m]) {
			buf_printf(&b, "%s\"%s\"", n++ > 0 ? "," : "",
			    db_val(u->members, m, MEM_PUBLIC_ID));
		}
	buf_putc(&b, '}');
	return b.failed ? NULL : buf_cstr(&b);
}

/* The new document, whom it is about and hidden from, and its hidden
 * part, in the caller's transaction (dossier.h: the one path by which a
 * document is made). */
int
doc_create(struct req *r, const struct doc_new *n, const char **doc_id,
    const char **public_id, const char **part_id)
{
	const char	*p[5];
	PGresult	*res;
	enum db_err	 e;

	*part_id = NULL;
	p[0] = n->family_id;
	p[1] = n->title;
	p[2] = n->body;
	p[3] = r->sess.person_id_s;
	if ((e = db_exec(r->db, ST_DOC_INSERT, p, &res)) != DB_OK)
		return db_status(e);
	if (db_rows(res) != 1)
		return 500;
	*doc_id = db_val(res, 0, NEW_ID);
	*public_id = db_val(res, 0, NEW_PUBLIC_ID);
	p[0] = *doc_id;
	p[1] = n->family_id;
	p[2] = n->about;
	if ((e = db_exec(r->db, ST_DOC_SUBJECTS_INSERT, p, NULL)) != DB_OK)
		return db_status(e);
	p[2] = n->hidden;
	if ((e = db_exec(r->db, ST_DOC_HIDDEN_INSERT, p, NULL)) != DB_OK)
		return db_status(e);
	if (n->part_body != NULL && n->part_body[0] != '\0') {
		p[2] = n->part_label;
		p[3] = n->part_body;
		p[4] = n->part_hidden;
		if ((e = db_exec(r->db, ST_DOC_PART_INSERT, p, &res)) != DB_OK)
			return db_status(e);
		if (db_rows(res) != 1)
			return 500;	/* checked by the caller */
		*part_id = db_val(res, 0, 0);
	}
	return 0;
}

static int
store(struct req *r, const struct upload *u, const struct doc_upfile *file)
{
	struct audit_event	 ev;
	struct doc_new		 n;
	enum db_err		 e;
	const char		*doc_id = NULL, *public_id = NULL;
	const char		*part_id = NULL;
	int			 st;

	memset(&n, 0, sizeof(n));
	n.family_id = u->family_id;
	n.title = u->title;
	n.body = u->body;
	n.part_label = u->part_label;
	n.part_body = u->part_body;
	if ((n.about = pg_array(r, u, u->about)) == NULL ||
	    (n.hidden = pg_array(r, u, u->hidden)) == NULL ||
	    (n.part_hidden = pg_array(r, u, u->part_hidden)) == NULL)
		return 500;
	if ((e = db_begin(r->db)) != DB_OK)
		return db_status(e);
	if ((st = doc_create(r, &n, &doc_id, &public_id, &part_id)) != 0)
		return st;
	if (file->ft != NULL && (e = doc_upfile_store(r, doc_id, file,
	    u->file_in_part ? part_id : NULL)) != DB_OK)
		return db_status(e);
	doc_event(r, &ev, "document.create", public_id, u->family_id,
	    "allowed");
	if ((e = audit_write(r->db, &ev)) != DB_OK ||
	    (e = db_commit(r->db)) != DB_OK)
		return db_status(e);
	return page_redirect(r, arena_printf(r->a, "/documenten/%s",
	    public_id));
}

/*
 * The file part (its size was checked by the parser: max_file); no file
 * chosen: browsers send an empty part. Its kind from its bytes; then made
 * new by lib/clean (a photo decoded and encoded again with nothing but
 * its pixels, a PDF rebuilt from its pages): a phone writes where a photo
 * was taken, and the new address of a parent who fled must not travel
 * with it. A wrong kind, or a file that cannot be cleaned, is a form
 * error with the reason; nothing is stored. 0 or 500.
 */
int
doc_upfile_read(struct req *r, struct form_error *errs, size_t maxerr,
    size_t *nerr, struct doc_upfile *up)
{
	const struct http_field	*f = http_fields_get(&r->rq->form, "file");
	unsigned char		*clean, *copy;
	size_t			 len;
	enum clean_status	 cs;

	memset(up, 0, sizeof(*up));
	if (f == NULL || f->filename == NULL || f->len == 0)
		return 0;
	if ((up->ft = filetype_detect(f->value, f->len)) == NULL) {
		form_add_error(errs, maxerr, nerr, "file", N_("Dit soort bestand kan niet. Kies "
		    "een PDF, een foto (JPG of PNG) of een tekstbestand."));
		return 0;
	}
	cs = clean_file(up->ft, (const unsigned char *)f->value, f->len,
	    &clean, &len);
	if (cs != CLEAN_OK) {
		log_info("upload refused: %s, %s", up->ft->mime,
		    cs == CLEAN_TOO_LARGE ? "too many pixels" :
		    cs == CLEAN_UNSUPPORTED ? "cannot be cleaned" : "broken");
		up->ft = NULL;
		if (cs == CLEAN_TOO_LARGE)
			form_add_error(errs, maxerr, nerr, "file", N_("Deze foto is te groot. Maak "
			    "de foto kleiner en kies hem opnieuw."));
		else if (cs == CLEAN_UNSUPPORTED)
			form_add_error(errs, maxerr, nerr, "file", N_("Dit bestand kunnen we niet "
			    "veilig maken. Sla het opnieuw op als PDF of foto. "
			    "Kies het daarna opnieuw."));
		else
			form_add_error(errs, maxerr, nerr, "file", N_("Dit bestand is kapot of niet "
			    "compleet. Kies een ander bestand."));
		return 0;
	}
	copy = arena_alloc(r->a, len);
	if (copy != NULL)
		memcpy(copy, clean, len);
	free(clean);
	if (copy == NULL)
		return 500;
	up->data = copy;
	up->len = len;
	up->sent_name = f->filename;
	return 0;
}

enum db_err
doc_upfile_store(struct req *r, const char *doc_id,
    const struct doc_upfile *file, const char *part_id)
{
	const char	*p[6];
	char		 name[128], size[24], *hex;

	if ((hex = arena_alloc(r->a, file->len * 2 + 1)) == NULL)
		return DB_ERROR;
	util_hex(file->data, file->len, hex);
	filetype_safe_name(file->sent_name, file->ft, name, sizeof(name));
	snprintf(size, sizeof(size), "%lu", (unsigned long)file->len);
	p[0] = doc_id;
	p[1] = name;
	p[2] = file->ft->mime;
	p[3] = size;
	p[4] = hex;
	p[5] = part_id;
	return db_exec(r->db, ST_DOC_FILE_INSERT, p, NULL);
}

/* A hidden part needs a name, a text and someone it is hidden from: all
 * three or none. */
static void
check_part(struct upload *u)
{
	int	 m, anyone = 0;

	for (m = 0; m < db_rows(u->members); m++)
		anyone |= u->part_hidden[m];
	if (u->part_label[0] == '\0' && u->part_body[0] == '\0' && !anyone)
		return;
	if (u->part_label[0] == '\0')
		ADD_ERROR(u, "part_label", N_("Geef het afgeschermde deel een "
		    "naam. Bijvoorbeeld: Nieuw adres."));
	if (u->part_body[0] == '\0')
		ADD_ERROR(u, "part_body", N_("Vul de tekst van het "
		    "afgeschermde deel in."));
	if (!anyone)
		ADD_ERROR(u, "part_hidden", N_("Kies wie het afgeschermde "
		    "deel niet mag zien."));
}

int
h_upload(struct req *r)
{
	const char		*v[F__MAX];
	struct doc_upfile		 up;
	struct upload		 u;
	enum db_err		 e;
	int			 st, m, any = 0;

	memset(&u, 0, sizeof(u));
	if (form_read(&r->rq->form, upload_form, F__MAX, v, u.errs,
	    &u.nerr) == -1 || http_fields_count(&r->rq->form, "file") > 1)
		return 400;
	/* The family is the form's own hidden field: a wrong one is not
	 * a typing error. */
	if ((st = find_family(r, v[F_FAMILY], &u)) != 0)
		return st == -1 ? 400 : st;
	u.title = req_unix_lines(r, v[F_TITLE]);
	u.body = req_unix_lines(r, v[F_BODY]);
	u.part_label = req_unix_lines(r, v[F_PART_LABEL]);
	u.part_body = req_unix_lines(r, v[F_PART_BODY]);
	if (read_members(r, &u, "about", u.about) == -1 ||
	    read_members(r, &u, "hidden", u.hidden) == -1 ||
	    read_members(r, &u, "part_hidden", u.part_hidden) == -1) {
		/* A person who is not in the family: a forged form. */
		if ((e = req_audit(r, "document.create", "family",
		    u.family_public, u.family_id, "denied")) != DB_OK)
			return db_status(e);
		return 400;
	}
	u.file_in_part = strcmp(v[F_FILE_FOR], "deel") == 0;
	if (req_b1_asked(r)) {
		/* "Controleren": the check of the text and the part, the
		 * form again as typed; nothing stored, no errors yet. A
		 * chosen file is not kept by the browser: the page says so. */
		const struct http_field *f = http_fields_get(&r->rq->form,
		    "file");

		u.checked = u.part_body[0] != '\0' ? arena_printf(r->a,
		    "%s\n%s", u.body, u.part_body) : u.body;
		u.file_again = f != NULL && f->filename != NULL && f->len > 0;
		u.nerr = 0;
		return show_form(r, &u);
	}
	for (m = 0; m < db_rows(u.members); m++)
		any |= u.about[m];
	if (!any)
		ADD_ERROR(&u, "about", N_("Kies over wie dit stuk gaat."));
	check_part(&u);
	if (u.file_in_part && u.part_body[0] == '\0')
		ADD_ERROR(&u, "file_for", N_("U schermt geen deel af. Kies dan "
		    "dat de bijlage bij het hele stuk hoort."));
	if ((st = doc_upfile_read(r, u.errs, NELEM(u.errs), &u.nerr, &up)) !=
	    0)
		return st;
	if (u.nerr > 0) {
		r->rs->status = 400;
		return show_form(r, &u);
	}
	return store(r, &u, &up);
}

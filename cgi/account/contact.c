/*
 * contact.c - GET and POST /gegevens: how a family member can be reached
 * (phone, e-mail, address, language, the way they prefer).
 *
 * Only the person themself sees their details here; nothing in the
 * portal shows one adult's address to another family member. A change
 * is applied at once, kept in contact_history, audited, and announced to
 * the assigned professionals by mail (that something changed, not what).
 */
#include <string.h>

#include "form.h"
#include "core/draft.h"
#include "core/portal.h"
#include "log.h"
#include "util.h"

static const struct stmt_def ST_CONTACT_HISTORY[1] = {{ "contact_history",
	"SELECT extract(epoch FROM changed_at)::bigint FROM contact_history "
	" WHERE person_id = $1 ORDER BY changed_at DESC, id DESC LIMIT 20",
	1, 1 }};
enum { HIST_AT };

/* $1 person, $2 phone, $3 e-mail, $4 address, $5 how to reach, $6
 * language (NULL: unchanged): the details, the language, and a history
 * row, at once. */
static const struct stmt_def ST_CONTACT_SAVE[1] = {{ "contact_save",
	"WITH c AS (INSERT INTO contact_details (person_id, phone, email, "
	"    address, reach_by) VALUES ($1, $2, $3, $4, $5) "
	"  ON CONFLICT (person_id) DO UPDATE SET phone = excluded.phone, "
	"    email = excluded.email, address = excluded.address, "
	"    reach_by = excluded.reach_by, updated_at = now() RETURNING 1), "
	"l AS (UPDATE person SET language = coalesce($6, language) "
	"  WHERE id = $1 RETURNING 1) "
	"INSERT INTO contact_history (person_id, phone, email, address, "
	"  reach_by, language) "
	"SELECT $1, $2, $3, $4, $5, $6 FROM c", 6, 0 }};

/* A mail ($2 subject, $3 body) to the professionals assigned to any
 * family of person $1 now. */
static const struct stmt_def ST_OUTBOX_MAIL_PERSON_PROS[1] = {{
	"outbox_mail_person_pros",
	"INSERT INTO outbox (kind, recipient, subject, body) "
	"SELECT DISTINCT 'mail', pr.email, $2, $3 "
	"  FROM family_member m "
	"  JOIN assignment_now a ON a.family_id = m.family_id "
	"  JOIN professional pr ON pr.person_id = a.professional_id "
	" WHERE m.person_id = $1 "
	"   AND pr.email IS NOT NULL", 3, 0 }};

/* Person $1 gave a new mail address $2 on /gegevens: their reminders
 * not sent yet go there, or are called off when $2 is empty (an old
 * mailbox may be one a parent who fled no longer wants read). A
 * reminder by letter stays one (its recipient is the person). */
static const struct stmt_def ST_APPT_REMINDER_READDRESS[1] = {{
	"appt_reminder_readdress",
	"UPDATE outbox o SET "
	"  recipient = CASE WHEN $2 <> '' THEN $2 ELSE o.recipient END, "
	"  cancelled_at = CASE WHEN $2 = '' THEN now() END "
	"  FROM appointment ap WHERE ap.person_id = $1 "
	"   AND o.topic = 'reminder:' || ap.public_id "
	"   AND o.sent_at IS NULL AND o.cancelled_at IS NULL "
	"   AND o.kind = 'mail'", 2, 0 }};

static const struct stmt_def *const stmts[] = {
	ST_CONTACT_HISTORY,
	ST_CONTACT_SAVE,
	ST_OUTBOX_MAIL_PERSON_PROS,
	ST_APPT_REMINDER_READDRESS,
};
const struct stmt_table contact_stmts = {
	"account/contact.c", stmts, NELEM(stmts)
};

enum { F_PHONE, F_EMAIL, F_ADDRESS, F_REACH, F_LANGUAGE, F__MAX };

static const char *const reach_ways[] = { "telefoon", "email", "post",
    "balie", NULL };

/* Phone and mail address: one line here, their form checked in
 * h_contact_post (with the same message). */
static const struct form_spec contact_form[F__MAX] = {
	[F_PHONE] = { .name = "phone", .kind = FORM_LINE, .max_chars = 20,
	    .msg_too_long = N_("Het telefoonnummer is te lang. Gebruik "
	    "niet meer dan 20 tekens."),
	    .msg_invalid = N_("Dit telefoonnummer klopt niet. Schrijf "
	    "het zo: 06 12345678.") },
	[F_EMAIL] = { .name = "email", .kind = FORM_LINE, .max_chars = 200,
	    .msg_too_long = N_("Het e-mailadres is te lang. Kijk of u "
	    "het goed heeft getypt."),
	    .msg_invalid = N_("Schrijf het mailadres zo: "
	    "naam@voorbeeld.nl.") },
	[F_ADDRESS] = { .name = "address", .kind = FORM_TEXT,
	    .max_chars = 300, .msg_too_long = N_("Het adres is te lang. U "
	    "kunt 300 tekens gebruiken.") },
	[F_REACH] = { .name = "reach_by", .kind = FORM_CHOICE, .required = 1,
	    .max_chars = 10, .choices = reach_ways,
	    .msg_missing = N_("Kies hoe wij u het beste kunnen bereiken."),
	    .msg_too_long = N_("Kies hoe wij u het beste kunnen "
	    "bereiken.") },
	/* A code of i18n_find, checked in h_contact_post. */
	[F_LANGUAGE] = { .name = "language", .kind = FORM_ID,
	    .max_chars = 2 },
};

static int
valid_phone(const char *s)
{
	size_t	 digits = 0;

	for (; *s != '\0'; s++) {
		if (*s >= '0' && *s <= '9')
			digits++;
		else if (strchr(" +-()", *s) == NULL)
			return 0;
	}
	return digits >= 6 && digits <= 15;
}

/* Something@something.something, no blanks: a typing check, not proof. */
static int
valid_email(const char *s)
{
	const char	*at = strchr(s, '@');

	if (at == NULL || at == s || strchr(at + 1, '@') != NULL ||
	    strchr(at + 1, '.') == NULL || at[strlen(at) - 1] == '.')
		return 0;
	for (; *s != '\0'; s++)
		if ((unsigned char)*s <= ' ' || strchr("<>,;\"()\\", *s))
			return 0;
	return 1;
}

struct contact_form_state {
	const char		*v[F__MAX];
	struct form_error	 errs[F__MAX + 2];
	size_t			 nerr;
};

#define ADD_ERROR(f, field, msgid) form_add_error((f)->errs, \
	    sizeof((f)->errs) / sizeof((f)->errs[0]), &(f)->nerr, field, msgid)
#define ERROR_FOR(f, field) \
	i18n_gettext(form_error_for((f)->errs, (f)->nerr, field))

static int
show(struct req *r, const struct contact_form_state *f)
{
	const char		*params[1] = { r->sess.person_id_s };
	const struct i18n_lang	*langs, *cur = i18n_current();
	struct tctx		*c = page_ctx(r), *it;
	PGresult		*res;
	enum db_err		 e;
	size_t			 i, n;
	int			 k;

	tctx_str(c, "phone", f->v[F_PHONE]);
	tctx_str(c, "email", f->v[F_EMAIL]);
	tctx_str(c, "address", f->v[F_ADDRESS]);
	tctx_str(c, "phone_error", ERROR_FOR(f, "phone"));
	tctx_str(c, "email_error", ERROR_FOR(f, "email"));
	tctx_str(c, "address_error", ERROR_FOR(f, "address"));
	tctx_str(c, "reach_error", ERROR_FOR(f, "reach_by"));
	for (i = 0; reach_ways[i] != NULL; i++)
		tctx_bool(c, arena_printf(r->a, "reach_%s", reach_ways[i]),
		    strcmp(f->v[F_REACH], reach_ways[i]) == 0);
	tctx_list(c, "languages");
	langs = i18n_languages(&n);
	for (i = 0; i < n; i++) {
		if ((it = tctx_list_add(c, "languages")) == NULL)
			return 500;
		tctx_str(it, "code", langs[i].code);
		tctx_str(it, "native", langs[i].native);
		tctx_bool(it, "selected", f->v[F_LANGUAGE][0] != '\0' ?
		    strcmp(f->v[F_LANGUAGE], langs[i].code) == 0 :
		    cur != NULL && strcmp(cur->code, langs[i].code) == 0);
	}
	page_form_errors(r, c, f->errs, f->nerr);
	tctx_bool(c, "saved", http_fields_get(&r->rq->query, "opgeslagen") !=
	    NULL);
	if ((e = db_exec(r->db, ST_CONTACT_HISTORY, params, &res)) != DB_OK)
		return db_status(e);
	tctx_list(c, "changes");
	for (k = 0; k < db_rows(res); k++) {
		if ((it = tctx_list_add(c, "changes")) == NULL)
			return 500;
		tctx_date(it, "date", db_val(res, k, HIST_AT));
	}
	if ((k = sessions_fill(r, c)) != 0)
		return k;
	return page_render(r, "contact", N_("Mijn gegevens"), c);
}

int
h_contact(struct req *r)
{
	const char			*params[1] = { r->sess.person_id_s };
	struct contact_form_state	 f;
	PGresult			*res;
	enum db_err			 e;

	memset(&f, 0, sizeof(f));
	if ((e = db_exec(r->db, ST_CONTACT_GET, params, &res)) != DB_OK ||
	    (e = req_audit(r, "contact.read", "person",
	    r->sess.person_id_s, NULL, "allowed")) != DB_OK)
		return db_status(e);
	f.v[F_PHONE] = db_val(res, 0, CONTACT_PHONE);	/* "" when none yet */
	f.v[F_EMAIL] = db_val(res, 0, CONTACT_EMAIL);
	f.v[F_ADDRESS] = db_val(res, 0, CONTACT_ADDRESS);
	f.v[F_REACH] = db_val(res, 0, CONTACT_REACH);
	f.v[F_LANGUAGE] = "";
	/* new details sent after a time-out (core/draft.h) */
	if (draft_take(r, contact_form, F__MAX, f.v) == -1)
		return 500;
	return show(r, &f);
}

int
h_contact_post(struct req *r)
{
	const struct i18n_lang		*lang;
	const char			*p[6], *readdress[2];
	struct contact_form_state	 f;
	enum db_err			 e;

	memset(&f, 0, sizeof(f));
	if (form_read(&r->rq->form, contact_form, F__MAX, f.v, f.errs,
	    &f.nerr) == -1)
		return 400;
	f.v[F_ADDRESS] = req_unix_lines(r, f.v[F_ADDRESS]);
	/* No language sent (a script): the account's stays as it is. */
	lang = NULL;
	if (f.v[F_LANGUAGE][0] != '\0' &&
	    (lang = i18n_find(f.v[F_LANGUAGE])) == NULL)
		return 400;
	/* One error per field: not also this one after "too long". */
	if (f.v[F_PHONE][0] != '\0' && !valid_phone(f.v[F_PHONE]) &&
	    form_error_for(f.errs, f.nerr, "phone") == NULL)
		ADD_ERROR(&f, "phone", contact_form[F_PHONE].msg_invalid);
	if (f.v[F_EMAIL][0] != '\0' && !valid_email(f.v[F_EMAIL]) &&
	    form_error_for(f.errs, f.nerr, "email") == NULL)
		ADD_ERROR(&f, "email", contact_form[F_EMAIL].msg_invalid);
	if (f.nerr > 0) {
		r->rs->status = 400;
		return show(r, &f);
	}
	p[0] = r->sess.person_id_s;
	p[1] = f.v[F_PHONE];
	p[2] = f.v[F_EMAIL];
	p[3] = f.v[F_ADDRESS];
	p[4] = f.v[F_REACH];
	p[5] = lang != NULL ? lang->code : NULL;
	/* Reminders of coming appointments follow the new address. */
	readdress[0] = r->sess.person_id_s;
	readdress[1] = f.v[F_EMAIL];
	if ((e = db_begin(r->db)) != DB_OK ||
	    (e = db_exec(r->db, ST_CONTACT_SAVE, p, NULL)) != DB_OK ||
	    (e = db_exec(r->db, ST_APPT_REMINDER_READDRESS, readdress,
	    NULL)) != DB_OK ||
	    (e = req_audit(r, "contact.update", "person",
	    r->sess.person_id_s, NULL, "allowed")) != DB_OK)
		return db_status(e);
	/* To the professionals: that, not what (in Dutch: it is theirs). */
	if ((e = mail_queue(r, "nieuwe-gegevens", NULL, 0, NULL,
	    ST_OUTBOX_MAIL_PERSON_PROS, p, 1)) != DB_OK ||
	    (e = db_commit(r->db)) != DB_OK)
		return db_status(e);
	if (lang != NULL)
		page_cookie(r, "gp_lang", lang->code, 365L * 24 * 3600);
	return page_redirect(r, "/gegevens?opgeslagen=1");
}

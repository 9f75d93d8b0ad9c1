/*
 * contact.c - GET and POST /gegevens: how a family member can be reached
 * (phone, e-mail, address, language, the way they prefer).
 *
 * Only the person themself sees their details here; nothing in the
 * portal shows one adult's address to another family member. A change
 * is stored by core/contactsave.c: at once, except a new mail address,
 * which is used only after the member confirmed it through a link sent
 * to it (account/mailconfirm.c); kept in contact_history with what
 * changed (shown here, to the member only), audited, and announced to the
 * assigned professionals by mail (which family, not what).
 */
#include <string.h>

#include <json-c/json.h>

#include "buf.h"
#include "form.h"
#include "core/contactsave.h"
#include "core/draft.h"
#include "core/portal.h"
#include "log.h"
#include "util.h"

/* Person $1's last changes: when, what ([field, before, after] as JSON,
 * '' on rows from before sql/047), and the name of the professional who
 * recorded them ('' when the person did). */
static const struct stmt_def ST_CONTACT_HISTORY[1] = {{ "contact_history",
	"SELECT extract(epoch FROM h.changed_at)::bigint, "
	"  coalesce(h.changes::text, ''), "
	"  CASE WHEN h.changed_by IS NOT NULL AND h.changed_by <> h.person_id "
	"    THEN p.given_name || ' ' || p.family_name ELSE '' END "
	"  FROM contact_history h LEFT JOIN person p ON p.id = h.changed_by "
	" WHERE h.person_id = $1 ORDER BY h.changed_at DESC, h.id DESC "
	" LIMIT 20", 1, 3 }};
enum { HIST_AT, HIST_CHANGES, HIST_BY };

static const struct stmt_def *const stmts[] = {
	ST_CONTACT_HISTORY,
};
const struct stmt_table contact_stmts = {
	"account/contact.c", stmts, NELEM(stmts)
};

struct contact_form_state {
	const char		*v[CF__MAX];
	struct form_error	 errs[CF_ERRORS];
	size_t			 nerr;
};

#define ERROR_FOR(f, field) \
	i18n_gettext(form_error_for((f)->errs, (f)->nerr, field))

/* A value on one line (an address has several). */
static const char *
one_line(struct req *r, const char *s)
{
	struct buf	 b;

	if (strchr(s, '\n') == NULL)
		return s;
	buf_init(&b, r->a, 0);
	for (; *s != '\0'; s++)
		if (*s == '\n')
			buf_puts(&b, ", ");
		else
			buf_append(&b, s, 1);
	return buf_cstr(&b) != NULL ? buf_cstr(&b) : "";
}

/* The fields of the form a saved change marks "Opgeslagen." beside
 * (issue 20 part 5: the confirmation next to the control), by the field
 * names of the history's JSON. */
static const struct label saved_marks[] = {
	{ "phone", "saved_phone" },
	{ "email", "saved_email" },
	{ "email_pending", "saved_email" },
	{ "address", "saved_address" },
	{ "language", "saved_language" },
	{ "reach_by", "saved_reach" },
};

/* What one history row says changed (its JSON), into the list "items";
 * mark not NULL: the row of the save just made, its fields marked saved
 * in mark. */
static int
fill_changes(struct req *r, struct tctx *row, const char *json,
    struct tctx *mark)
{
	static const struct label fields[] = {
		{ "phone", N_("Telefoonnummer") },
		{ "email", N_("E-mailadres") },
		{ "email_pending", N_("E-mailadres") },
		{ "address", N_("Adres") },
		{ "language", N_("Taal") },
		{ "reach_by", N_("Het liefst via") },
	};
	struct json_object	*arr, *one, *f, *a, *b;
	struct tctx		*it;
	const char		*field, *before, *after;
	size_t			 i, k, n;
	int			 rc = 0;

	tctx_list(row, "items");
	tctx_bool(row, "has_items", json[0] != '\0' && strcmp(json, "[]") != 0);
	if (json[0] == '\0')		/* from before the changes were kept */
		return 0;
	if ((arr = json_tokener_parse(json)) == NULL ||
	    !json_object_is_type(arr, json_type_array)) {
		json_object_put(arr);
		return 500;
	}
	n = json_object_array_length(arr);
	for (i = 0; i < n; i++) {
		one = json_object_array_get_idx(arr, i);
		if (!json_object_is_type(one, json_type_array) ||
		    json_object_array_length(one) != 3 ||
		    (f = json_object_array_get_idx(one, 0)) == NULL ||
		    (a = json_object_array_get_idx(one, 1)) == NULL ||
		    (b = json_object_array_get_idx(one, 2)) == NULL ||
		    (it = tctx_list_add(row, "items")) == NULL) {
			rc = 500;
			break;
		}
		/* copied: the JSON is freed below, the context lives on */
		if ((field = arena_strdup(r->a, json_object_get_string(f))) ==
		    NULL) {
			rc = 500;
			break;
		}
		before = arena_strdup(r->a, contact_value_words(field,
		    json_object_get_string(a)));
		after = arena_strdup(r->a, contact_value_words(field,
		    json_object_get_string(b)));
		if (before == NULL || after == NULL) {
			rc = 500;
			break;
		}
		tctx_str(it, "field", LABEL(fields, field));
		for (k = 0; mark != NULL && k < NELEM(saved_marks); k++)
			if (strcmp(field, saved_marks[k].code) == 0)
				tctx_bool(mark, saved_marks[k].label, 1);
		tctx_str(it, "before", one_line(r, before));
		tctx_str(it, "after", one_line(r, after));
		tctx_bool(it, "pending", strcmp(field, "email_pending") == 0);
		tctx_bool(it, "added", before[0] == '\0');
		tctx_bool(it, "removed", after[0] == '\0');
	}
	json_object_put(arr);
	return rc;
}

static int
show(struct req *r, const struct contact_form_state *f)
{
	const char		*params[1] = { r->sess.person_id_s }, *waiting;
	const struct i18n_lang	*langs;
	const char		*chosen;
	struct tctx		*c = page_ctx(r), *it;
	const struct http_field	*saved;
	PGresult		*res;
	enum db_err		 e;
	size_t			 i, n;
	int			 k, rc;

	if ((e = contact_pending(r, r->sess.person_id_s, &waiting)) != DB_OK)
		return db_status(e);
	tctx_str(c, "phone", f->v[CF_PHONE]);
	tctx_str(c, "email", f->v[CF_EMAIL]);
	tctx_str(c, "address", f->v[CF_ADDRESS]);
	tctx_str(c, "pending_email", waiting);
	tctx_str(c, "phone_error", ERROR_FOR(f, "phone"));
	tctx_str(c, "email_error", ERROR_FOR(f, "email"));
	tctx_str(c, "address_error", ERROR_FOR(f, "address"));
	tctx_str(c, "reach_error", ERROR_FOR(f, "reach_by"));
	for (i = 0; contact_reach_ways[i] != NULL; i++)
		tctx_bool(c, arena_printf(r->a, "reach_%s",
		    contact_reach_ways[i]),
		    strcmp(f->v[CF_REACH], contact_reach_ways[i]) == 0);
	/* The account's choice, or none: saving stores only what the member
	 * chose here, never the language the page happens to be in. */
	chosen = f->v[CF_LANGUAGE];
	tctx_bool(c, "no_language", chosen[0] == '\0');
	tctx_list(c, "languages");
	langs = i18n_languages(&n);
	for (i = 0; i < n; i++) {
		if ((it = tctx_list_add(c, "languages")) == NULL)
			return 500;
		tctx_str(it, "code", langs[i].code);
		tctx_str(it, "native", langs[i].native);
		tctx_bool(it, "selected", strcmp(chosen, langs[i].code) == 0);
	}
	page_form_errors(r, c, f->errs, f->nerr);
	/* ?opgeslagen=1: changed, the professionals are told; =wacht: only
	 * a new mail address waits; =niets: nothing changed. Changed or
	 * waiting: the fields of the newest history row are marked. */
	saved = http_fields_get(&r->rq->query, "opgeslagen");
	tctx_bool(c, "saved", saved != NULL);
	tctx_bool(c, "saved_told", saved != NULL &&
	    strcmp(saved->value, "1") == 0);
	tctx_bool(c, "saved_nothing", saved != NULL &&
	    strcmp(saved->value, "niets") == 0);
	for (i = 0; i < NELEM(saved_marks); i++)
		tctx_bool(c, saved_marks[i].label, 0);
	tctx_bool(c, "confirmed", http_fields_get(&r->rq->query,
	    "bevestigd") != NULL);
	if ((e = db_exec(r->db, ST_CONTACT_HISTORY, params, &res)) != DB_OK)
		return db_status(e);
	tctx_list(c, "changes");
	for (k = 0; k < db_rows(res); k++) {
		if ((it = tctx_list_add(c, "changes")) == NULL)
			return 500;
		tctx_date(it, "date", db_val(res, k, HIST_AT));
		tctx_str(it, "by", db_val(res, k, HIST_BY));
		if ((rc = fill_changes(r, it, db_val(res, k, HIST_CHANGES),
		    k == 0 && saved != NULL && f->nerr == 0 &&
		    strcmp(saved->value, "niets") != 0 ? c : NULL)) != 0)
			return rc;
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
	f.v[CF_PHONE] = db_val(res, 0, CONTACT_PHONE);	/* "" when none yet */
	f.v[CF_EMAIL] = db_val(res, 0, CONTACT_EMAIL);	/* the confirmed one */
	f.v[CF_ADDRESS] = db_val(res, 0, CONTACT_ADDRESS);
	f.v[CF_REACH] = db_val(res, 0, CONTACT_REACH);
	f.v[CF_LANGUAGE] = r->sess.language != NULL ? r->sess.language : "";
	/* new details sent after a time-out (core/draft.h) */
	if (draft_take(r, contact_form, CF__MAX, f.v) == -1)
		return 500;
	return show(r, &f);
}

int
h_contact_post(struct req *r)
{
	struct contact_form_state	 f;
	struct contact_new		 n;
	enum db_err			 e;
	int				 changed, pending;

	memset(&f, 0, sizeof(f));
	if (contact_form_read(r, f.v, f.errs, &f.nerr) == -1)
		return 400;
	if (f.nerr > 0) {
		r->rs->status = 400;
		return show(r, &f);
	}
	n.phone = f.v[CF_PHONE];
	n.email = f.v[CF_EMAIL];
	n.address = f.v[CF_ADDRESS];
	n.reach_by = f.v[CF_REACH];
	/* None chosen (or a script sent none): the account's stays. */
	n.language = f.v[CF_LANGUAGE][0] != '\0' ? f.v[CF_LANGUAGE] : NULL;
	/* The confirmation mail in the language the member chose, else in
	 * the page's. */
	if ((e = db_begin(r->db)) != DB_OK ||
	    (e = contact_store(r, r->sess.person_id_s, r->sess.person_id_s,
	    &n, n.language != NULL ? i18n_find(n.language) : i18n_current(),
	    i18n_youth(), &changed, &pending)) != DB_OK ||
	    (e = req_audit(r, "contact.update", "person",
	    r->sess.person_id_s, NULL, "allowed")) != DB_OK)
		return db_status(e);
	/* To the professionals: that, not what (in Dutch: it is theirs). */
	if ((changed && (e = contact_tell_pros(r, r->sess.person_id_s,
	    r->sess.person_id_s)) != DB_OK) ||
	    (e = db_commit(r->db)) != DB_OK)
		return db_status(e);
	/* A new choice also holds on this device (the switch comes first). */
	if (n.language != NULL && (r->sess.language == NULL ||
	    strcmp(n.language, r->sess.language) != 0))
		page_cookie(r, "gp_lang", n.language, 365L * 24 * 3600);
	return page_redirect(r, changed ? "/gegevens?opgeslagen=1" :
	    pending ? "/gegevens?opgeslagen=wacht" :
	    "/gegevens?opgeslagen=niets");
}

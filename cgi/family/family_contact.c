/*
 * family_contact.c - how the family's professional reaches its members:
 * GET /gezinnen/{id}/contact shows each member's phone, e-mail, address
 * and preferred way, as they gave them on /gegevens. The professional can
 * shield a member's address from a named organisation
 * (POST .../afschermen) and undo that (POST .../vrijgeven): anyone of
 * that organisation then sees "afgeschermd" instead (blanked in SQL, see
 * ST_FAMILY_CONTACTS).
 *
 * Only professionals assigned to the family now; anyone else gets 404,
 * as for a family that does not exist. Each member shown is an audit row
 * (contact.read), so the member sees the look in their own export.
 */
#include <string.h>

#include <json-c/json.h>

#include "form.h"
#include "policy.h"
#include "core/contactsave.h"
#include "core/portal.h"
#include "family/family.h"
#include "util.h"

/* Family $2 (public id) if professional $1 is assigned to it now, and
 * the slug of $1's own organisation. */
static const struct stmt_def ST_FAMILY_OF_PRO[1] = {{ "family_of_pro",
	"SELECT f.id, f.name, o.slug FROM family f JOIN assignment_now a "
	"  ON a.family_id = f.id "
	"JOIN professional pr ON pr.person_id = a.professional_id "
	"JOIN organisation o ON o.id = pr.organisation_id "
	"WHERE f.public_id = $2 "
	"   AND a.professional_id = $1", 2, 3 }};

/* The members of family $2 (internal id) with their contact details, as
 * professional $1 may see them: an address shielded from $1's
 * organisation comes back NULL (here, so no handler can show it). The
 * organisations it is shielded from are named for the professional. */
static const struct stmt_def ST_FAMILY_CONTACTS[1] = {{ "family_contacts",
	"SELECT p.public_id, p.given_name || ' ' || p.family_name, m.role, "
	"  coalesce(cd.phone, ''), coalesce(cd.email, ''), "
	"  CASE WHEN EXISTS (SELECT 1 FROM contact_confidential cc "
	"    JOIN professional me ON me.organisation_id = cc.organisation_id "
	"    WHERE cc.person_id = p.id AND me.person_id = $1) THEN NULL "
	"    ELSE coalesce(cd.address, '') END, "
	"  coalesce(cd.reach_by, ''), "
	"  coalesce((SELECT json_agg(json_build_object('slug', o.slug, "
	"    'name', o.name) ORDER BY o.name) FROM contact_confidential cc "
	"    JOIN organisation o ON o.id = cc.organisation_id "
	"    WHERE cc.person_id = p.id), '[]'), "
	"  NOT EXISTS (SELECT 1 FROM account a WHERE a.person_id = p.id), "
	"  coalesce(rb.given_name || ' ' || rb.family_name, ''), "
	"  coalesce((SELECT ec.email FROM email_confirm ec "
	"    WHERE ec.person_id = p.id AND ec.used_at IS NULL "
	"      AND ec.ended_at IS NULL), '') "
	"FROM family_member m JOIN person p ON p.id = m.person_id "
	"LEFT JOIN contact_details cd ON cd.person_id = p.id "
	"LEFT JOIN person rb ON rb.id = cd.recorded_by "
	"WHERE m.family_id = $2 ORDER BY p.birth_date, p.id", 2, 11 }};
enum { FC_ID, FC_NAME, FC_ROLE, FC_PHONE, FC_EMAIL, FC_ADDRESS, FC_REACH,
    FC_SHIELDED, FC_NO_LOGIN, FC_RECORDED_BY, FC_PENDING };

/* Member $2 (public id) of family $1 (internal id) if they have no
 * log-in: internal id, language ('' none), age in years (-1 unknown). */
static const struct stmt_def ST_MEMBER_NO_LOGIN[1] = {{ "member_no_login",
	"SELECT p.id, coalesce(p.language, ''), "
	"  coalesce(extract(year FROM age(current_date, p.birth_date))::int, "
	"    -1) "
	"  FROM family_member m JOIN person p ON p.id = m.person_id "
	" WHERE m.family_id = $1 AND p.public_id = $2 "
	"   AND NOT EXISTS (SELECT 1 FROM account a WHERE a.person_id = p.id)",
	2, 3 }};
enum { NL_ID, NL_LANGUAGE, NL_AGE };

/* The audit rows of that page: one per member whose details professional
 * $1 saw in family $2, from $3, request $4. */
static const struct stmt_def ST_FAMILY_CONTACTS_AUDIT[1] = {{
	"family_contacts_audit",
	"INSERT INTO audit_log (actor_id, actor_role, action, object_kind, "
	"    object_id, family_id, remote_addr, outcome, request_id, rule) "
	"SELECT $1, 'professional', 'contact.read', 'person', "
	"  m.person_id::text, m.family_id, $3, 'allowed', $4, "
	"  '" POL_RULE_PRO_ASSIGNED "' "
	"  FROM family_member m WHERE m.family_id = $2", 4, 0 }};

/* Professional $1 shields the address of member $3 (public id) of family
 * $2 (internal id) from organisation $4 (slug). No row: not a member or
 * no such organisation (or marked already). */
static const struct stmt_def ST_CONFIDENTIAL_ADD[1] = {{ "confidential_add",
	"INSERT INTO contact_confidential (person_id, organisation_id, "
	"    marked_by) "
	"SELECT p.id, o.id, $1 FROM family_member m "
	"  JOIN person p ON p.id = m.person_id, organisation o "
	" WHERE m.family_id = $2 AND p.public_id = $3 AND o.slug = $4 "
	"   AND o.id <> (SELECT organisation_id FROM professional "
	"     WHERE person_id = $1) "
	"ON CONFLICT DO NOTHING RETURNING person_id", 4, 1 }};
/* (and of ST_CONFIDENTIAL_REMOVE) */
enum { CONF_PERSON };

/* Professional $1 shows the address of member $3 (public id) of family
 * $2 to organisation $4 again; never a shield against $1's own
 * organisation (that is for others to lift). */
static const struct stmt_def ST_CONFIDENTIAL_REMOVE[1] = {{
	"confidential_remove",
	"DELETE FROM contact_confidential cc USING family_member m, person p, "
	"  organisation o WHERE m.family_id = $2 AND p.id = m.person_id "
	"  AND p.public_id = $3 AND o.slug = $4 AND cc.person_id = p.id "
	"  AND cc.organisation_id = o.id "
	"  AND o.id <> (SELECT organisation_id FROM professional "
	"    WHERE person_id = $1) RETURNING cc.person_id", 4, 1 }};

static const struct stmt_def *const stmts[] = {
	ST_FAMILY_OF_PRO,
	ST_FAMILY_CONTACTS,
	ST_FAMILY_CONTACTS_AUDIT,
	ST_CONFIDENTIAL_ADD,
	ST_CONFIDENTIAL_REMOVE,
	ST_MEMBER_NO_LOGIN,
};
const struct stmt_table family_contact_stmts = {
	"family/family_contact.c", stmts, NELEM(stmts)
};

enum { S_PERSON, S_ORG, S__MAX };

static const struct form_spec shield_form[S__MAX] = {
	[S_PERSON] = { .name = "person", .kind = FORM_ID, .required = 1,
	    .max_chars = 40 },
	[S_ORG] = { .name = "organisation", .kind = FORM_ID, .required = 1,
	    .max_chars = 64, .msg_missing = N_("Kies een organisatie.") },
};

static const struct label reach_words[] = {
	{ "telefoon", N_("bellen") },
	{ "email", N_("e-mail") },
	{ "post", N_("een brief") },
	{ "balie", N_("aan de balie van de gemeente") },
};

struct fc_state {
	struct form_error	 errs[CF_ERRORS];
	size_t			 nerr;
	const char		*person;	/* whose form had the error */
	const char		**v;		/* its values (contact form) */
};

/* The contact form of a member without a log-in, as stored or (st->v)
 * as sent with errors. */
static void
fill_record_form(struct req *r, struct tctx *it, const PGresult *res, int k,
    const struct fc_state *st)
{
	const char	*id = db_val(res, k, FC_ID), *reach;
	int		 mine = st->v != NULL && st->person != NULL &&
			    strcmp(st->person, id) == 0;
	size_t		 i;

	tctx_str(it, "f_phone", mine ? st->v[CF_PHONE] :
	    db_val(res, k, FC_PHONE));
	tctx_str(it, "f_email", mine ? st->v[CF_EMAIL] :
	    db_val(res, k, FC_EMAIL));
	tctx_str(it, "f_address", mine ? st->v[CF_ADDRESS] :
	    db_isnull(res, k, FC_ADDRESS) ? "" : db_val(res, k, FC_ADDRESS));
	reach = mine ? st->v[CF_REACH] : db_val(res, k, FC_REACH);
	for (i = 0; contact_reach_ways[i] != NULL; i++)
		tctx_bool(it, arena_printf(r->a, "f_reach_%s",
		    contact_reach_ways[i]), strcmp(reach,
		    contact_reach_ways[i]) == 0);
#define FC_ERR(field) (mine ? i18n_gettext(form_error_for(st->errs, \
	    st->nerr, arena_printf(r->a, "%s-%s", field, id))) : "")
	tctx_str(it, "phone_error", FC_ERR("phone"));
	tctx_str(it, "email_error", FC_ERR("email"));
	tctx_str(it, "address_error", FC_ERR("address"));
	tctx_str(it, "reach_error", FC_ERR("reach_by"));
#undef FC_ERR
}

int
family_of_pro(struct req *r, const char *action, PGresult **fam)
{
	const char	*p[2] = { r->sess.person_id_s,
			    route_param(&r->params, "id") };
	enum db_err	 e;

	if ((e = db_exec(r->db, ST_FAMILY_OF_PRO, p, fam)) != DB_OK)
		return db_status(e);
	if (db_rows(*fam) != 1) {
		if ((e = req_audit(r, action, "family", p[1], NULL,
		    "denied")) != DB_OK)
			return db_status(e);
		return 404;
	}
	return 0;
}

/* The organisations an address is shielded from (ST_FAMILY_CONTACTS: a
 * JSON array of {slug, name}) into the list "shielded"; own: the slug of
 * the viewer's organisation, which may not lift a shield against itself. */
static int
fill_shielded(struct req *r, struct tctx *it, const char *json,
    const char *own)
{
	struct json_object	*arr, *o, *slug, *name;
	struct tctx		*t;
	size_t			 i, n;
	int			 rc = 0;

	tctx_list(it, "shielded");
	if ((arr = json_tokener_parse(json)) == NULL ||
	    !json_object_is_type(arr, json_type_array)) {
		json_object_put(arr);
		return 500;
	}
	n = json_object_array_length(arr);
	for (i = 0; i < n && rc == 0; i++) {
		o = json_object_array_get_idx(arr, i);
		if (!json_object_object_get_ex(o, "slug", &slug) ||
		    !json_object_object_get_ex(o, "name", &name) ||
		    (t = tctx_list_add(it, "shielded")) == NULL) {
			rc = 500;
			break;
		}
		/* copied: the JSON is freed below, the context lives on */
		tctx_str(t, "slug", arena_strdup(r->a,
		    json_object_get_string(slug)));
		tctx_str(t, "org_name", arena_strdup(r->a,
		    json_object_get_string(name)));
		tctx_bool(t, "can_unshield", strcmp(json_object_get_string(
		    slug), own) != 0);
	}
	json_object_put(arr);
	return rc;
}

static int
show(struct req *r, const PGresult *fam, const struct fc_state *st)
{
	const char	*audit[4], *two[2];
	struct tctx	*c = page_ctx(r), *it, *o;
	struct db_batch	 b[3];
	const PGresult	*res, *orgs;
	const char	*own = db_val(fam, 0, FP_OWN_ORG), *id;
	enum db_err	 e;
	int		 k, j, rc;

	two[0] = r->sess.person_id_s;
	two[1] = db_val(fam, 0, FP_ID);
	audit[0] = r->sess.person_id_s;
	audit[1] = db_val(fam, 0, FP_ID);
	audit[2] = req_addr(r);
	audit[3] = r->rq->request_id;
	b[0].st = ST_FAMILY_CONTACTS;
	b[0].params = two;
	b[1].st = ST_FAMILY_CONTACTS_AUDIT;
	b[1].params = audit;
	b[2].st = ST_ORGS;
	b[2].params = NULL;
	if ((e = db_batch(r->db, b, 3)) != DB_OK)
		return db_status(e);
	res = b[0].res;
	orgs = b[2].res;
	tctx_nl(c, "family_name", db_val(fam, 0, FP_NAME));
	tctx_str(c, "family_id", route_param(&r->params, "id"));
	tctx_list(c, "members");
	for (k = 0; k < db_rows(res); k++) {
		if ((it = tctx_list_add(c, "members")) == NULL)
			return 500;
		id = db_val(res, k, FC_ID);
		tctx_str(it, "person", id);
		tctx_nl(it, "name", db_val(res, k, FC_NAME));
		tctx_str(it, "role", family_role_label(db_val(res, k,
		    FC_ROLE)));
		tctx_str(it, "phone", db_val(res, k, FC_PHONE));
		tctx_str(it, "email", db_val(res, k, FC_EMAIL));
		tctx_bool(it, "address_hidden", db_isnull(res, k, FC_ADDRESS));
		tctx_str(it, "address", db_val(res, k, FC_ADDRESS));
		tctx_str(it, "reach", LABEL(reach_words, db_val(res, k, FC_REACH)));
		if ((rc = fill_shielded(r, it, db_val(res, k, FC_SHIELDED),
		    own)) != 0)
			return rc;
		tctx_bool(it, "no_login", db_bool(res, k, FC_NO_LOGIN));
		tctx_str(it, "recorded_by", db_val(res, k, FC_RECORDED_BY));
		tctx_str(it, "pending_email", db_bool(res, k, FC_NO_LOGIN) ?
		    db_val(res, k, FC_PENDING) : "");
		if (db_bool(res, k, FC_NO_LOGIN))
			fill_record_form(r, it, res, k, st);
		tctx_str(it, "org_error", st->person != NULL &&
		    strcmp(st->person, id) == 0 ? i18n_gettext(form_error_for(
		    st->errs, st->nerr, arena_printf(r->a, "org-%s", id))) :
		    "");
		tctx_list(it, "orgs");
		for (j = 0; j < db_rows(orgs); j++) {
			if (strcmp(db_val(orgs, j, ORG_SLUG), own) == 0)
				continue;	/* not from oneself */
			if ((o = tctx_list_add(it, "orgs")) == NULL)
				return 500;
			tctx_str(o, "slug", db_val(orgs, j, ORG_SLUG));
			tctx_str(o, "org_name", db_val(orgs, j, ORG_NAME));
		}
	}
	page_form_errors(r, c, st->errs, st->nerr);
	tctx_bool(c, "shielded_notice", r->rs->status == 200 &&
	    http_fields_get(&r->rq->query, "afgeschermd") != NULL);
	tctx_bool(c, "shown_notice", r->rs->status == 200 &&
	    http_fields_get(&r->rq->query, "vrijgegeven") != NULL);
	tctx_bool(c, "recorded_notice", r->rs->status == 200 &&
	    http_fields_get(&r->rq->query, "ingevuld") != NULL);
	return page_render(r, "gezin-contact", N_("Contactgegevens van het "
	    "gezin"), c);
}

int
h_family_contact(struct req *r)
{
	struct fc_state	 st;
	PGresult	*fam;
	int		 rc;

	if ((rc = family_of_pro(r, "contact.read", &fam)) != 0)
		return rc;
	memset(&st, 0, sizeof(st));
	return show(r, fam, &st);
}

/* Shield (hide = 1) or show again (hide = 0). */
static int
change(struct req *r, int hide)
{
	const char	*v[S__MAX], *p[4], *action;
	struct fc_state	 st;
	PGresult	*fam, *res;
	enum db_err	 e;
	int		 rc;

	action = hide ? "contact.shield" : "contact.unshield";
	if ((rc = family_of_pro(r, action, &fam)) != 0)
		return rc;
	memset(&st, 0, sizeof(st));
	if (form_read(&r->rq->form, shield_form, S__MAX, v, st.errs,
	    &st.nerr) == -1)
		return 400;
	if (st.nerr > 0) {
		st.person = v[S_PERSON];
		st.errs[0].field = arena_printf(r->a, "org-%s", v[S_PERSON]);
		r->rs->status = 400;
		return show(r, fam, &st);
	}
	p[0] = r->sess.person_id_s;
	p[1] = db_val(fam, 0, FP_ID);
	p[2] = v[S_PERSON];
	p[3] = v[S_ORG];
	if ((e = db_begin(r->db)) != DB_OK ||
	    (e = db_exec(r->db, hide ? ST_CONFIDENTIAL_ADD :
	    ST_CONFIDENTIAL_REMOVE, p, &res)) != DB_OK)
		return db_status(e);
	if (db_rows(res) != 1) {
		/* Not a member, an unknown or one's own organisation, or
		 * nothing to change (a second click): nothing done, and
		 * logged (the form never offers the first three). */
		db_rollback(r->db);
		if ((e = req_audit(r, action, "person", v[S_PERSON],
		    db_val(fam, 0, FP_ID), "denied")) != DB_OK)
			return db_status(e);
		return page_redirect(r, arena_printf(r->a,
		    "/gezinnen/%s/contact", route_param(&r->params, "id")));
	}
	/* Two rows: whose address, and which organisation. */
	if ((e = req_audit(r, action, "person", db_val(res, 0, CONF_PERSON),
	    db_val(fam, 0, FP_ID), "allowed")) != DB_OK ||
	    (e = req_audit(r, action, "organisation", v[S_ORG],
	    db_val(fam, 0, FP_ID), "allowed")) != DB_OK ||
	    (e = db_commit(r->db)) != DB_OK)
		return db_status(e);
	return page_redirect(r, arena_printf(r->a, "/gezinnen/%s/contact?%s"
	    "#lid-%s", route_param(&r->params, "id"), hide ? "afgeschermd=1" :
	    "vrijgegeven=1", v[S_PERSON]));
}

int
h_family_contact_hide(struct req *r)
{
	return change(r, 1);
}

int
h_family_contact_show(struct req *r)
{
	return change(r, 0);
}

/*
 * POST /gezinnen/{id}/contact/invullen: the professional records the
 * details of a member without a log-in (a grandmother who only comes to
 * the counter), as the member would on /gegevens: the same checks, a new
 * mail address only once confirmed through the link sent to it, the
 * history and the audit row (actor the professional, object the member).
 * A member with a log-in, or of another family: 404, nothing stored.
 */
int
h_family_contact_record(struct req *r)
{
	const char		*v[CF__MAX], *p[2], *person, *pid;
	struct fc_state		 st;
	struct contact_new	 n;
	const struct i18n_lang	*lang;
	const struct http_field	*pf;
	PGresult		*fam, *res;
	enum db_err		 e;
	size_t			 i;
	int			 rc, changed, pending;

	if ((rc = family_of_pro(r, "contact.update", &fam)) != 0)
		return rc;
	if ((pf = http_fields_get(&r->rq->form, "person")) == NULL ||
	    (person = pf->value) == NULL || person[0] == '\0' ||
	    strlen(person) > 40)
		return 400;
	p[0] = db_val(fam, 0, FP_ID);
	p[1] = person;
	if ((e = db_exec(r->db, ST_MEMBER_NO_LOGIN, p, &res)) != DB_OK)
		return db_status(e);
	if (db_rows(res) != 1) {
		if ((e = req_audit(r, "contact.update", "person", person,
		    db_val(fam, 0, FP_ID), "denied")) != DB_OK)
			return db_status(e);
		return 404;
	}
	pid = db_val(res, 0, NL_ID);
	memset(&st, 0, sizeof(st));
	if (contact_form_read(r, v, st.errs, &st.nerr) == -1)
		return 400;
	if (st.nerr > 0) {
		for (i = 0; i < st.nerr; i++)
			st.errs[i].field = arena_printf(r->a, "%s-%s",
			    st.errs[i].field, person);
		st.person = person;
		st.v = v;
		r->rs->status = 400;
		return show(r, fam, &st);
	}
	n.phone = v[CF_PHONE];
	n.email = v[CF_EMAIL];
	n.address = v[CF_ADDRESS];
	n.reach_by = v[CF_REACH];
	n.language = NULL;	/* not on this form */
	lang = db_val(res, 0, NL_LANGUAGE)[0] != '\0' ?
	    i18n_find(db_val(res, 0, NL_LANGUAGE)) : NULL;
	if ((e = db_begin(r->db)) != DB_OK ||
	    (e = contact_store(r, pid, r->sess.person_id_s, &n, lang,
	    (lang == NULL || strcmp(lang->code, "nl") == 0) &&
	    db_long(res, 0, NL_AGE) >= 0 && db_long(res, 0, NL_AGE) < 18,
	    &changed, &pending)) != DB_OK ||
	    (e = req_audit(r, "contact.update", "person", pid,
	    db_val(fam, 0, FP_ID), "allowed")) != DB_OK ||
	    (changed && (e = contact_tell_pros(r, pid,
	    r->sess.person_id_s)) != DB_OK) ||
	    (e = db_commit(r->db)) != DB_OK)
		return db_status(e);
	return page_redirect(r, arena_printf(r->a, "/gezinnen/%s/contact?"
	    "ingevuld=1#lid-%s", route_param(&r->params, "id"), person));
}

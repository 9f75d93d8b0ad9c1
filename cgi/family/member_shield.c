/*
 * member_shield.c - safety between members (DESIGN.md section 3, issue 16
 * part 3): GET /gezinnen/{id}/afscherming lists who in the family is
 * shielded from whom; POST /gezinnen/{id}/afscherming (fields `person`,
 * the member to protect, and `from`, the member they are shielded from)
 * marks one more; POST /gezinnen/{id}/afscherming/{shield}/stoppen ends
 * one, after a B1 question ("Weet u het zeker?", field `zeker` = "ja").
 * While a shield is on, lib/policy keeps the protected member's activity
 * out of everything the other can reach (policy_hidden_actors,
 * policy_actor_shown) and free times opened for the family out of the
 * other's list (policy_slot_offered). An ended shield stays in the list
 * (sql/035: who ended it, when); its member's activity is shown again.
 *
 * Only a professional assigned to the family now; anyone else gets 404,
 * as for a family that does not exist. Both must be members of this
 * family and not the same person, else the form again with a B1 error.
 * A new shield and an ended one are each one audit row about the
 * protected member (not about the other: their own export must not tell
 * them).
 */
#include <string.h>

#include "form.h"
#include "core/portal.h"
#include "family/family.h"
#include "util.h"

/* The members of family $1 (internal id), for the form. */
static const struct stmt_def ST_SHIELD_MEMBERS[1] = {{ "shield_members",
	"SELECT p.public_id, p.given_name || ' ' || p.family_name, m.role "
	"FROM family_member m JOIN person p ON p.id = m.person_id "
	"WHERE m.family_id = $1 ORDER BY p.birth_date, p.id", 1, 3 }};
enum { SM_ID, SM_NAME, SM_ROLE };

/* The shields of family $1, oldest first; an ended one with when and by
 * whom (else 0, ''). */
static const struct stmt_def ST_SHIELD_LIST[1] = {{ "shield_list",
	"SELECT a.given_name || ' ' || a.family_name, "
	"  b.given_name || ' ' || b.family_name, "
	"  extract(epoch FROM s.marked_at)::bigint, "
	"  pp.given_name || ' ' || pp.family_name, s.public_id, "
	"  coalesce(extract(epoch FROM s.ended_at)::bigint, 0), "
	"  coalesce(ep.given_name || ' ' || ep.family_name, '') "
	"FROM member_shield s JOIN person a ON a.id = s.person_id "
	"JOIN person b ON b.id = s.from_person_id "
	"JOIN person pp ON pp.id = s.marked_by "
	"LEFT JOIN person ep ON ep.id = s.ended_by "
	"WHERE s.family_id = $1 ORDER BY s.id", 1, 7 }};
enum { SL_PERSON, SL_FROM, SL_AT, SL_BY, SL_ID, SL_ENDED, SL_ENDED_BY };

/* Shield $1 (public id) of family $2 (internal id), if it is on. */
static const struct stmt_def ST_SHIELD_ONE[1] = {{ "shield_one",
	"SELECT a.given_name || ' ' || a.family_name, "
	"  b.given_name || ' ' || b.family_name, b.given_name "
	"FROM member_shield s JOIN person a ON a.id = s.person_id "
	"JOIN person b ON b.id = s.from_person_id "
	"WHERE s.public_id = $1 AND s.family_id = $2 AND s.ended_at IS NULL",
	2, 3 }};
enum { SO_PERSON, SO_FROM, SO_FROM_GIVEN };

/* Professional $1 ends shield $2 (public id) of family $3. No row: it
 * ended already (a second click). The row stays. */
static const struct stmt_def ST_SHIELD_END[1] = {{ "shield_end",
	"UPDATE member_shield SET ended_at = now(), ended_by = $1 "
	" WHERE public_id = $2 AND family_id = $3 AND ended_at IS NULL "
	"RETURNING person_id", 3, 1 }};
enum { SE_PERSON };

/* Professional $1 shields member $3 from member $4 (public ids) of family
 * $2 (internal id). No row: marked already (the form checked the rest;
 * the foreign keys and the check of sql/029 hold it anyway). */
static const struct stmt_def ST_SHIELD_ADD[1] = {{ "shield_add",
	"INSERT INTO member_shield (family_id, person_id, from_person_id, "
	"    marked_by) "
	"SELECT $2, a.id, b.id, $1 FROM person a, person b "
	" WHERE a.public_id = $3 AND b.public_id = $4 "
	"ON CONFLICT DO NOTHING RETURNING person_id", 4, 1 }};
enum { SA_PERSON };

static const struct stmt_def *const stmts[] = {
	ST_SHIELD_MEMBERS,
	ST_SHIELD_LIST,
	ST_SHIELD_ADD,
	ST_SHIELD_ONE,
	ST_SHIELD_END,
};
const struct stmt_table member_shield_stmts = {
	"family/member_shield.c", stmts, NELEM(stmts)
};

enum { F_PERSON, F_FROM, F__MAX };

static const struct form_spec shield_form[F__MAX] = {
	[F_PERSON] = { .name = "person", .kind = FORM_ID, .required = 1,
	    .max_chars = 40,
	    .msg_missing = N_("Kies wie u wilt beschermen."),
	    .msg_invalid = N_("Kies wie u wilt beschermen.") },
	[F_FROM] = { .name = "from", .kind = FORM_ID, .required = 1,
	    .max_chars = 40,
	    .msg_missing = N_("Kies voor wie u dit gezinslid afschermt."),
	    .msg_invalid = N_("Kies voor wie u dit gezinslid afschermt.") },
};

struct shield_state {
	const char		*v[F__MAX];
	struct form_error	 errs[F__MAX + 2];
	size_t			 nerr;
};

#define ADD_ERROR(s, field, msgid) form_add_error((s)->errs, \
	    NELEM((s)->errs), &(s)->nerr, field, msgid)
#define ERROR_FOR(s, field) \
	i18n_gettext(form_error_for((s)->errs, (s)->nerr, field))

static int
fill_members(struct tctx *c, const char *list, const PGresult *mem,
    const char *chosen)
{
	struct tctx	*it;
	int		 k;

	tctx_list(c, list);
	for (k = 0; k < db_rows(mem); k++) {
		if ((it = tctx_list_add(c, list)) == NULL)
			return 500;
		tctx_str(it, "value", db_val(mem, k, SM_ID));
		tctx_nl(it, "name", db_val(mem, k, SM_NAME));
		tctx_str(it, "role", family_role_label(db_val(mem, k,
		    SM_ROLE)));
		tctx_bool(it, "selected", strcmp(chosen, db_val(mem, k,
		    SM_ID)) == 0);
	}
	return 0;
}

static int
n_ended(const PGresult *res)
{
	int	 k, n = 0;

	for (k = 0; k < db_rows(res); k++)
		n += db_long(res, k, SL_ENDED) != 0;
	return n;
}

static int
show(struct req *r, const PGresult *fam, const PGresult *mem,
    const struct shield_state *s)
{
	const char	*one[1] = { db_val(fam, 0, FP_ID) };
	struct tctx	*c = page_ctx(r), *it;
	PGresult	*res;
	enum db_err	 e;
	int		 k, rc, ended;

	if ((e = db_exec(r->db, ST_SHIELD_LIST, one, &res)) != DB_OK)
		return db_status(e);
	/* The page names members and who is kept from whom. */
	if ((e = req_audit(r, "shield.list", "family", db_val(fam, 0, FP_ID),
	    db_val(fam, 0, FP_ID), "allowed")) != DB_OK)
		return db_status(e);
	tctx_nl(c, "family_name", db_val(fam, 0, FP_NAME));
	tctx_str(c, "family_id", route_param(&r->params, "id"));
	tctx_list(c, "shields");
	tctx_list(c, "ended");
	for (k = 0; k < db_rows(res); k++) {
		ended = db_long(res, k, SL_ENDED) != 0;
		if ((it = tctx_list_add(c, ended ? "ended" : "shields")) ==
		    NULL)
			return 500;
		tctx_str(it, "person", db_val(res, k, SL_PERSON));
		tctx_str(it, "from", db_val(res, k, SL_FROM));
		tctx_date(it, "since", db_val(res, k, SL_AT));
		tctx_nl(it, "by", db_val(res, k, SL_BY));
		tctx_strf(it, "stop_href", "/gezinnen/%s/afscherming/%s/stoppen",
		    route_param(&r->params, "id"), db_val(res, k, SL_ID));
		tctx_date(it, "ended_at", db_val(res, k, SL_ENDED));
		tctx_str(it, "ended_by", db_val(res, k, SL_ENDED_BY));
	}
	tctx_bool(c, "has_ended", n_ended(res) > 0);
	if ((rc = fill_members(c, "people", mem, s->v[F_PERSON])) != 0 ||
	    (rc = fill_members(c, "others", mem, s->v[F_FROM])) != 0)
		return rc;
	tctx_str(c, "person_error", ERROR_FOR(s, "person"));
	tctx_str(c, "from_error", ERROR_FOR(s, "from"));
	page_form_errors(r, c, s->errs, s->nerr);
	tctx_bool(c, "added", r->rs->status == 200 &&
	    http_fields_get(&r->rq->query, "gezet") != NULL);
	tctx_bool(c, "stopped", r->rs->status == 200 &&
	    http_fields_get(&r->rq->query, "gestopt") != NULL);
	return page_render(r, "gezin-afscherming", N_("Afscherming tussen "
	    "gezinsleden"), c);
}

static int
load(struct req *r, const char *action, PGresult **fam, PGresult **mem)
{
	const char	*one[1];
	enum db_err	 e;
	int		 rc;

	if ((rc = family_of_pro(r, action, fam)) != 0)
		return rc;
	one[0] = db_val(*fam, 0, FP_ID);
	if ((e = db_exec(r->db, ST_SHIELD_MEMBERS, one, mem)) != DB_OK)
		return db_status(e);
	return 0;
}

int
h_family_shield(struct req *r)
{
	struct shield_state	 s;
	PGresult		*fam, *mem;
	int			 rc;

	if ((rc = load(r, "shield.list", &fam, &mem)) != 0)
		return rc;
	memset(&s, 0, sizeof(s));
	s.v[F_PERSON] = s.v[F_FROM] = "";
	return show(r, fam, mem, &s);
}

static int
is_member(const PGresult *mem, const char *id)
{
	int	 k;

	for (k = 0; k < db_rows(mem); k++)
		if (strcmp(db_val(mem, k, SM_ID), id) == 0)
			return 1;
	return 0;
}

int
h_family_shield_add(struct req *r)
{
	const char		*p[4];
	struct shield_state	 s;
	PGresult		*fam, *mem, *res;
	enum db_err		 e;
	int			 rc;

	if ((rc = load(r, "shield.add", &fam, &mem)) != 0)
		return rc;
	memset(&s, 0, sizeof(s));
	if (form_read(&r->rq->form, shield_form, F__MAX, s.v, s.errs,
	    &s.nerr) == -1)
		return 400;
	if (s.nerr == 0) {
		if (!is_member(mem, s.v[F_PERSON]))
			ADD_ERROR(&s, "person", N_("Kies iemand uit dit gezin. "
			    "Een afscherming geldt alleen binnen een gezin."));
		if (!is_member(mem, s.v[F_FROM]))
			ADD_ERROR(&s, "from", N_("Kies iemand uit dit gezin. "
			    "Een afscherming geldt alleen binnen een gezin."));
		if (s.nerr == 0 && strcmp(s.v[F_PERSON], s.v[F_FROM]) == 0)
			ADD_ERROR(&s, "from", N_("Kies twee verschillende "
			    "mensen. Iemand kan niet afgeschermd zijn voor "
			    "zichzelf."));
	}
	if (s.nerr > 0) {
		if ((e = req_audit(r, "shield.add", "family",
		    db_val(fam, 0, FP_ID), db_val(fam, 0, FP_ID), "denied")) !=
		    DB_OK)
			return db_status(e);
		r->rs->status = 400;
		return show(r, fam, mem, &s);
	}
	p[0] = r->sess.person_id_s;
	p[1] = db_val(fam, 0, FP_ID);
	p[2] = s.v[F_PERSON];
	p[3] = s.v[F_FROM];
	if ((e = db_begin(r->db)) != DB_OK ||
	    (e = db_exec(r->db, ST_SHIELD_ADD, p, &res)) != DB_OK)
		return db_status(e);
	/* No row: marked before (a second click): nothing more to do. */
	if (db_rows(res) == 1 && (e = req_audit(r, "shield.add", "person",
	    db_val(res, 0, SA_PERSON), db_val(fam, 0, FP_ID), "allowed")) !=
	    DB_OK)
		return db_status(e);
	if ((e = db_commit(r->db)) != DB_OK)
		return db_status(e);
	return page_redirect(r, arena_printf(r->a,
	    "/gezinnen/%s/afscherming?gezet=1",
	    route_param(&r->params, "id")));
}

static const char *const yes_only[] = { "ja", NULL };

enum { FE_SURE, FE__MAX };

static const struct form_spec end_form[FE__MAX] = {
	[FE_SURE] = { .name = "zeker", .kind = FORM_CHOICE, .max_chars = 4,
	    .choices = yes_only },
};

/*
 * POST /gezinnen/{id}/afscherming/{shield}/stoppen: without `zeker=ja`
 * the question (what ending it means, in B1), with it the shield ends:
 * the row stays with who ended it and when, one audit row about the
 * protected member. A shield that is not on, or not of this family:
 * 404, as for one that does not exist.
 */
int
h_family_shield_end(struct req *r)
{
	const char	*p[3], *v[FE__MAX];
	struct form_error errs[FE__MAX];
	struct tctx	*c;
	PGresult	*fam, *mem, *one, *res;
	enum db_err	 e;
	size_t		 nerr = 0;
	int		 rc;

	if ((rc = load(r, "shield.end", &fam, &mem)) != 0)
		return rc;
	if (form_read(&r->rq->form, end_form, FE__MAX, v, errs, &nerr) == -1)
		return 400;
	p[0] = route_param(&r->params, "shield");
	p[1] = db_val(fam, 0, FP_ID);
	if ((e = db_exec(r->db, ST_SHIELD_ONE, p, &one)) != DB_OK)
		return db_status(e);
	if (db_rows(one) != 1) {
		if ((e = req_audit(r, "shield.end", "family", p[1], p[1],
		    "denied")) != DB_OK)
			return db_status(e);
		return 404;
	}
	if (nerr > 0 || strcmp(v[FE_SURE], "ja") != 0) {
		/* The question first. */
		c = page_ctx(r);
		tctx_str(c, "person", db_val(one, 0, SO_PERSON));
		tctx_str(c, "from", db_val(one, 0, SO_FROM));
		tctx_str(c, "from_given", db_val(one, 0, SO_FROM_GIVEN));
		tctx_str(c, "action", r->rq->path);
		tctx_strf(c, "back", "/gezinnen/%s/afscherming",
		    route_param(&r->params, "id"));
		return page_render(r, "gezin-afscherming-stoppen",
		    N_("Afscherming stoppen"), c);
	}
	p[0] = r->sess.person_id_s;
	p[1] = route_param(&r->params, "shield");
	p[2] = db_val(fam, 0, FP_ID);
	if ((e = db_begin(r->db)) != DB_OK ||
	    (e = db_exec(r->db, ST_SHIELD_END, p, &res)) != DB_OK)
		return db_status(e);
	/* No row: ended a moment ago (a second click): nothing more. */
	if (db_rows(res) == 1 && (e = req_audit(r, "shield.end", "person",
	    db_val(res, 0, SE_PERSON), db_val(fam, 0, FP_ID), "allowed")) !=
	    DB_OK)
		return db_status(e);
	if ((e = db_commit(r->db)) != DB_OK)
		return db_status(e);
	return page_redirect(r, arena_printf(r->a,
	    "/gezinnen/%s/afscherming?gestopt=1",
	    route_param(&r->params, "id")));
}

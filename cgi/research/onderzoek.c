/*
 * onderzoek.c - GET and POST /onderzoek: a member says whether their data
 * may be used, without names, for research and education (issue 18,
 * part 6). The default is no; a yes can be taken back at any time and
 * counts from the next export on (`portal export-research`, export.c).
 *
 * Every choice is a new row (sql/042_research.sql), with the clerk when
 * it was made at the counter, and an audit row; the page's read is
 * audited too. Only the person themself (or the clerk in their session)
 * sees or changes it.
 *
 * Owns: the page and the choice. Never: what an export holds (export.c).
 */
#include <string.h>

#include "form.h"
#include "core/portal.h"
#include "research/research.h"

/* The newest choice of person $1 (none: no). */
static const struct stmt_def ST_RESEARCH_CHOICE[1] = {{ "research_choice",
	"SELECT agrees, extract(epoch FROM decided_at)::bigint "
	"  FROM research_choice WHERE person_id = $1 "
	" ORDER BY id DESC LIMIT 1", 1, 2 }};
enum { RC_AGREES, RC_AT };

/* Person $1 chose $2 (true: yes), helped by clerk $3 (or NULL). */
static const struct stmt_def ST_RESEARCH_SET[1] = {{ "research_set",
	"INSERT INTO research_choice (person_id, agrees, helped_by) "
	"VALUES ($1, $2::boolean, $3::bigint)", 3, 0 }};

static const struct stmt_def *const stmts[] = {
	ST_RESEARCH_CHOICE,
	ST_RESEARCH_SET,
};
const struct stmt_table onderzoek_stmts = {
	"research/onderzoek.c", stmts, NELEM(stmts)
};

enum { F_CHOICE, F__MAX };
static const char *const choices[] = { "ja", "nee", NULL };
static const struct form_spec research_form[F__MAX] = {
	[F_CHOICE] = { .name = "choice", .kind = FORM_CHOICE, .required = 1,
	    .max_chars = 3, .choices = choices,
	    .msg_missing = N_("Kies ja of nee."),
	    .msg_too_long = N_("Kies ja of nee.") },
};

static int
show(struct req *r, const char *picked, const struct form_error *errs,
    size_t nerr, int status)
{
	const char	*params[1] = { r->sess.person_id_s };
	struct tctx	*c = page_ctx(r);
	PGresult	*res;
	enum db_err	 e;
	int		 agrees = 0;

	if ((e = db_exec(r->db, ST_RESEARCH_CHOICE, params, &res)) != DB_OK)
		return db_status(e);
	tctx_bool(c, "decided", db_rows(res) == 1);
	tctx_str(c, "decided_on", "");
	if (db_rows(res) == 1) {
		agrees = db_bool(res, 0, RC_AGREES);
		tctx_date(c, "decided_on", db_val(res, 0, RC_AT));
	}
	tctx_bool(c, "agrees", agrees);
	if (picked == NULL)
		picked = agrees ? "ja" : "nee";
	tctx_bool(c, "pick_ja", strcmp(picked, "ja") == 0);
	tctx_bool(c, "pick_nee", strcmp(picked, "nee") == 0);
	tctx_str(c, "choice_error", i18n_gettext(form_error_for(errs, nerr,
	    "choice")));
	tctx_bool(c, "saved", http_fields_get(&r->rq->query, "opgeslagen") !=
	    NULL);
	page_form_errors(r, c, errs, nerr);
	r->rs->status = status;
	return page_render(r, "onderzoek", N_("Meedoen aan onderzoek"), c);
}

int
h_research(struct req *r)
{
	enum db_err	 e;

	if ((e = req_audit(r, "research.read", "person", r->sess.person_id_s,
	    NULL, "allowed")) != DB_OK)
		return db_status(e);
	return show(r, NULL, NULL, 0, 200);
}

int
h_research_post(struct req *r)
{
	const char		*v[F__MAX], *p[3];
	struct form_error	 errs[F__MAX + 1];
	size_t			 nerr = 0;
	enum db_err		 e;
	int			 yes;

	memset(errs, 0, sizeof(errs));
	if (form_read(&r->rq->form, research_form, F__MAX, v, errs,
	    &nerr) == -1)
		return 400;
	if (nerr > 0)
		return show(r, "", errs, nerr, 400);
	yes = strcmp(v[F_CHOICE], "ja") == 0;
	p[0] = r->sess.person_id_s;
	p[1] = yes ? "true" : "false";
	p[2] = req_helped_by(r);
	if ((e = db_begin(r->db)) != DB_OK ||
	    (e = db_exec(r->db, ST_RESEARCH_SET, p, NULL)) != DB_OK ||
	    (e = req_audit(r, yes ? "research.agree" : "research.withdraw",
	    "person", r->sess.person_id_s, NULL, "allowed")) != DB_OK ||
	    (e = db_commit(r->db)) != DB_OK)
		return db_status(e);
	return page_redirect(r, "/onderzoek?opgeslagen=1");
}

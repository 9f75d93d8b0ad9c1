/*
 * post.c - letters by post (issue 14, part 6): GET /balie/post is the
 * counter's print queue, the letters not printed yet; GET
 * /balie/post/{id} is one letter as an A4 page to print (static/print.css:
 * large type, the address block); POST /balie/post/{id}/geprint marks it
 * printed, and it leaves the queue.
 *
 * A letter is what the outbox would have mailed a member who chose post
 * or the counter on /gegevens (sql/025_a_letters.sql; the outbox process
 * puts it in the queue exactly once). It names the member and their
 * address and says, in their language, that something waits and where to
 * see it: online or at the counter. Never anything from the dossier.
 *
 * Only clerks (the route table answers anyone else 403), on their own,
 * not in an assisted session for a citizen. Every letter shown in the
 * queue, every letter opened and every mark is an audit row.
 */
#include <string.h>

#include "core/portal.h"

/* The queue: letters not printed yet, oldest first (a page of 200; the
 * rest follows once these are printed). */
static const struct stmt_def ST_LETTER_LIST[1] = {{ "letter_list",
	"SELECT l.public_id, p.given_name || ' ' || p.family_name, l.about, "
	"  extract(epoch FROM l.queued_at)::bigint "
	"  FROM letter l JOIN person p ON p.id = l.person_id "
	" WHERE l.printed_at IS NULL ORDER BY l.queued_at, l.id LIMIT 200",
	0, 4 }};
enum { LL_ID, LL_NAME, LL_ABOUT, LL_AT };

/* The audit rows of the queue: one per letter clerk $1 saw, from $2,
 * request $3 (the same letters as ST_LETTER_LIST). */
static const struct stmt_def ST_LETTER_LIST_AUDIT[1] = {{
	"letter_list_audit",
	"INSERT INTO audit_log (actor_id, actor_role, action, object_kind, "
	"    object_id, remote_addr, outcome, request_id, rule) "
	"SELECT $1, 'clerk', 'letter.list', 'letter', x.public_id, $2, "
	"  'allowed', $3, 'clerk.letters' FROM (SELECT public_id FROM letter "
	"   WHERE printed_at IS NULL ORDER BY queued_at, id LIMIT 200) x",
	3, 0 }};

/* Letter $1 (public id) for clerk $2: who, where (NULL when a
 * professional shielded the address from the clerk's organisation:
 * contact_confidential), in which language, about what, since when,
 * printed or not. */
static const struct stmt_def ST_LETTER_ONE[1] = {{ "letter_one",
	"SELECT l.public_id, p.given_name || ' ' || p.family_name, "
	"  CASE WHEN EXISTS (SELECT 1 FROM contact_confidential cc "
	"    JOIN professional me ON me.organisation_id = cc.organisation_id "
	"    WHERE cc.person_id = p.id AND me.person_id = $2) THEN NULL "
	"    ELSE coalesce(cd.address, '') END, "
	"  coalesce(p.language, ''), "
	"  coalesce(extract(year FROM age(current_date, p.birth_date))::int, "
	"    -1), l.about, extract(epoch FROM l.queued_at)::bigint, "
	"  l.printed_at IS NOT NULL "
	"  FROM letter l JOIN person p ON p.id = l.person_id "
	"  LEFT JOIN contact_details cd ON cd.person_id = p.id "
	" WHERE l.public_id = $1", 2, 8 }};
enum { LO_ID, LO_NAME, LO_ADDRESS, LO_LANG, LO_AGE, LO_ABOUT, LO_AT,
    LO_PRINTED };

/* Clerk $2 marks letter $1 (public id) printed. No row: no such letter,
 * or printed before. */
static const struct stmt_def ST_LETTER_PRINTED[1] = {{ "letter_printed",
	"UPDATE letter SET printed_at = now(), printed_by = $2 "
	" WHERE public_id = $1 AND printed_at IS NULL RETURNING public_id",
	2, 1 }};

static const struct stmt_def *const stmts[] = {
	ST_LETTER_LIST,
	ST_LETTER_LIST_AUDIT,
	ST_LETTER_ONE,
	ST_LETTER_PRINTED,
};
const struct stmt_table post_stmts = {
	"counter/post.c", stmts, NELEM(stmts)
};

/* What a letter is about (letter.about): the heading and the one
 * sentence that says what waits. Whole sentences, no dossier content. */
static const struct {
	const char	*about;
	const char	*title;
	const char	*what;
} letters[] = {
	{ "vraag-beantwoord", N_("Uw vraag is beantwoord"),
	    N_("Uw hulpverlener heeft uw vraag beantwoord.") },
	{ "afspraak-herinnering", N_("U heeft binnenkort een afspraak"),
	    N_("U heeft binnenkort een afspraak met uw hulpverlener. U ziet "
	    "de tijd en de plaats in het portaal.") },
	{ "afspraak-gaat-niet-door", N_("Uw afspraak gaat niet door"),
	    N_("Uw hulpverlener heeft een afspraak met u afgezegd. U kunt een "
	    "nieuwe tijd kiezen.") },
	{ "delen-wacht", N_("Wilt u een stuk delen?"),
	    N_("Iemand uit uw gezin wil een stuk delen met een organisatie. "
	    "Dat kan pas als u ook ja zegt.") },
	{ "delen-gestopt", N_("Uw vraag om een stuk te delen is gestopt"),
	    N_("U vroeg of een stuk gedeeld mocht worden met een organisatie. "
	    "Niet iedereen gaf toestemming. Het stuk wordt niet gedeeld.") },
};

static int
about_index(const char *about)
{
	size_t	 i;

	for (i = 0; i < NELEM(letters); i++)
		if (strcmp(letters[i].about, about) == 0)
			return (int)i;
	return -1;
}

int
h_post_queue(struct req *r)
{
	const char	*audit[3];
	struct tctx	*c = page_ctx(r), *it;
	struct db_batch	 b[2];
	const PGresult	*res;
	int		 k, i;
	enum db_err	 e;

	audit[0] = r->sess.person_id_s;
	audit[1] = req_addr(r);
	audit[2] = r->rq->request_id;
	b[0].st = ST_LETTER_LIST;
	b[0].params = NULL;
	b[1].st = ST_LETTER_LIST_AUDIT;
	b[1].params = audit;
	if ((e = db_batch(r->db, b, 2)) != DB_OK)
		return db_status(e);
	res = b[0].res;
	tctx_list(c, "letters");
	for (k = 0; k < db_rows(res); k++) {
		if ((it = tctx_list_add(c, "letters")) == NULL)
			return 500;
		i = about_index(db_val(res, k, LL_ABOUT));
		tctx_str(it, "letter", db_val(res, k, LL_ID));
		tctx_nl(it, "name", db_val(res, k, LL_NAME));
		tctx_str(it, "about", i >= 0 ?
		    i18n_gettext(letters[i].title) : "");
		tctx_date(it, "date", db_val(res, k, LL_AT));
	}
	tctx_bool(c, "printed_notice", r->rs->status == 200 &&
	    http_fields_get(&r->rq->query, "geprint") != NULL);
	return page_render(r, "balie-post", N_("Brieven om te printen"), c);
}

/* The letter's own text (partials/letter), in the member's language and
 * form, as HTML for the page; NULL on an error. */
static const char *
letter_text(struct req *r, const PGresult *res, int i)
{
	const struct i18n_lang	*cur = i18n_current(), *lang;
	int			 was_youth = i18n_youth();
	struct tctx		*v = tctx_new(r->a, NULL);
	const char		*html;

	lang = i18n_choose(db_val(res, 0, LO_LANG), NULL);
	i18n_use(lang);
	i18n_use_youth(req_is_youth("citizen", (int)db_long(res, 0, LO_AGE)));
	tctx_str(v, "letter_lang", lang->code);
	tctx_str(v, "letter_dir", lang->rtl ? "rtl" : "ltr");
	tctx_nl(v, "name", db_val(res, 0, LO_NAME));
	tctx_bool(v, "address_hidden", db_isnull(res, 0, LO_ADDRESS));
	tctx_nl(v, "address", db_val(res, 0, LO_ADDRESS));
	tctx_date(v, "date", db_val(res, 0, LO_AT));
	tctx_str(v, "letter_title", i18n_gettext(letters[i].title));
	tctx_str(v, "what", i18n_gettext(letters[i].what));
	tctx_str(v, "base_url", r->app->cfg.base_url != NULL ?
	    r->app->cfg.base_url : "");
	html = page_partial(r, "partials/letter", v);
	i18n_use(cur);
	i18n_use_youth(was_youth);
	return html;
}

int
h_post_letter(struct req *r)
{
	const char	*p[2], *id = route_param(&r->params, "id"), *html;
	struct tctx	*c;
	PGresult	*res;
	enum db_err	 e;
	int		 i;

	p[0] = id;
	p[1] = r->sess.person_id_s;
	if ((e = db_exec(r->db, ST_LETTER_ONE, p, &res)) != DB_OK)
		return db_status(e);
	if (db_rows(res) != 1 ||
	    (i = about_index(db_val(res, 0, LO_ABOUT))) < 0) {
		if ((e = req_audit(r, "letter.read", "letter", id, NULL,
		    "denied")) != DB_OK)
			return db_status(e);
		return 404;
	}
	if ((e = req_audit(r, "letter.read", "letter", id, NULL,
	    "allowed")) != DB_OK)
		return db_status(e);
	if ((html = letter_text(r, res, i)) == NULL)
		return 500;
	c = page_ctx(r);
	tctx_str(c, "letter", db_val(res, 0, LO_ID));
	tctx_nl(c, "name", db_val(res, 0, LO_NAME));
	tctx_bool(c, "printed", db_bool(res, 0, LO_PRINTED));
	tctx_html(c, "letter_html", html);
	return page_render(r, "balie-brief", N_("Brief om te printen"), c);
}

int
h_post_printed(struct req *r)
{
	const char	*p[2], *id = route_param(&r->params, "id");
	PGresult	*res;
	enum db_err	 e;

	p[0] = id;
	p[1] = r->sess.person_id_s;
	if ((e = db_begin(r->db)) != DB_OK ||
	    (e = db_exec(r->db, ST_LETTER_PRINTED, p, &res)) != DB_OK)
		return db_status(e);
	if (db_rows(res) == 1) {
		if ((e = req_audit(r, "letter.printed", "letter", id, NULL,
		    "allowed")) != DB_OK || (e = db_commit(r->db)) != DB_OK)
			return db_status(e);
		return page_redirect(r, "/balie/post?geprint=1");
	}
	db_rollback(r->db);
	if ((e = db_exec(r->db, ST_LETTER_ONE, p, &res)) != DB_OK)
		return db_status(e);
	/* Printed before (a second click): back to the queue. Unknown: 404. */
	if ((e = req_audit(r, "letter.printed", "letter", id, NULL,
	    db_rows(res) == 1 ? "allowed" : "denied")) != DB_OK)
		return db_status(e);
	if (db_rows(res) != 1)
		return 404;
	return page_redirect(r, "/balie/post");
}

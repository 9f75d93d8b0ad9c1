/*
 * consent.c - "instemming": whether each family member agrees with a
 * document (eens, deels eens, niet eens), and POST
 * /documenten/{id}/instemming.
 *
 * Each member decides for themself; the newest decision on the current
 * version counts and all earlier ones stay (document_consent is only
 * added to). A new version of the document asks everybody again.
 * The page says per member who may give consent what they chose, in
 * words ("Sanne is het eens. Mark heeft nog niet gekozen."). The
 * explanation a member wrote is shown to that member and to the assigned
 * professionals, not to the rest of the family. A member shielded from
 * the reader (lib/policy, policy_actor_shown) is not in the list at all.
 *
 * The page's one "what do you think" flow (issue 16): "Bent u het eens?"
 * (`decision`), "Waarom niet?" (`explanation`, needed for deels and
 * oneens) and the tick "Zet dit als uw eigen visie bij het stuk"
 * (`own_view` = "ja", which needs an explanation): then the explanation
 * is also stored as the member's own view (views.c, view_add), in the
 * same transaction, audited as both (consent.give and view.create).
 */
#include <string.h>

#include "dossier/dossier.h"
#include "log.h"
#include "core/portal.h"
#include "util.h"

/* The members of document $1's family (internal id), with the newest
 * decision each gave on the document's current version. */
const struct stmt_def ST_DOC_MEMBERS[1] = {{ "doc_members",
	"SELECT m.person_id, p.given_name, "
	"       extract(year FROM age(current_date, p.birth_date))::int, "
	"       authority_over(m.person_id), coalesce(k.decision, ''), "
	"       coalesce(extract(epoch FROM k.created_at)::bigint, 0), "
	"       coalesce(k.explanation, ''), "
	"       coalesce((SELECT string_agg(ys.youth_id::text, ',') "
	"         FROM document_youth_share ys WHERE ys.document_id = d.id "
	"          AND ys.parent_id = m.person_id), ''), p.public_id, "
	/* given at the counter: the clerk who helped (else '') */
	"       coalesce((SELECT h.given_name || ' ' || h.family_name "
	"         FROM person h WHERE h.id = k.helped_by), '') "
	"  FROM document d "
	"  JOIN family_member m ON m.family_id = d.family_id "
	"  JOIN person p ON p.id = m.person_id "
	"  LEFT JOIN LATERAL (SELECT decision, explanation, created_at, "
	"    helped_by FROM document_consent c WHERE c.document_id = d.id "
	"     AND c.person_id = m.person_id AND c.version = d.version "
	"   ORDER BY c.created_at DESC, c.id DESC LIMIT 1) k ON true "
	" WHERE d.id = $1 "
	" ORDER BY p.birth_date, p.id", 1, 10 }};
/* Columns: M_PERSON ... in dossier.h. */

/* Every decision person $2 gave on document $1, newest first. */
const struct stmt_def ST_CONSENT_HISTORY[1] = {{ "consent_history",
	"SELECT version, decision, explanation, "
	"       extract(epoch FROM created_at)::bigint "
	"  FROM document_consent WHERE document_id = $1 AND person_id = $2 "
	" ORDER BY created_at DESC, id DESC LIMIT 100", 2, 4 }};
enum { H_VERSION, H_DECISION, H_EXPL, H_AT };

/* The current version of document $1, locked against a new version
 * until the caller's transaction ends (consent is for one version). */
static const struct stmt_def ST_DOC_VERSION_LOCK[1] = {{ "doc_version_lock",
	"SELECT version FROM document WHERE id = $1 FOR SHARE", 1, 1 }};
enum { LOCK_VERSION };

/* Whether person $1 already sent exactly this ($3 decision, $4
 * explanation on document $5) with form nonce $2. */
static const struct stmt_def ST_CONSENT_SAME[1] = {{ "consent_same",
	"SELECT EXISTS (SELECT 1 FROM document_consent WHERE person_id = $1 "
	"  AND form_nonce = $2 AND decision = $3 AND explanation = $4 "
	"  AND document_id = $5)", 5, 1 }};

/* $1 document, $2 person, $3 version, $4 decision, $5 explanation,
 * $6 form nonce, $7 the clerk who helped at the counter (NULL: none). No
 * row back: this form was already sent. */
static const struct stmt_def ST_CONSENT_INSERT[1] = {{ "consent_insert",
	"INSERT INTO document_consent (document_id, person_id, version, "
	"  decision, explanation, form_nonce, helped_by) "
	"VALUES ($1, $2, $3, $4, $5, $6, $7) "
	"ON CONFLICT (person_id, form_nonce) DO NOTHING RETURNING id", 7, 1 }};

static const struct stmt_def *const stmts[] = {
	ST_DOC_MEMBERS,
	ST_CONSENT_HISTORY,
	ST_DOC_VERSION_LOCK,
	ST_CONSENT_SAME,
	ST_CONSENT_INSERT,
};
const struct stmt_table consent_stmts = {
	"dossier/consent.c", stmts, NELEM(stmts)
};

#define EXPLANATION_MAX	2000	/* characters */

enum { F_DECISION, F_EXPLANATION, F_OWN_VIEW, F_VERSION, F_NONCE, F__MAX };

static const char *const decisions[] = { "eens", "oneens", "deels", NULL };

/* The explanation is needed for some decisions: checked in
 * h_consent_post. */
static const struct form_spec consent_form[F__MAX] = {
	[F_DECISION] = { .name = "decision", .kind = FORM_CHOICE,
	    .required = 1, .max_chars = 8, .choices = decisions,
	    .msg_missing = N_("Kies of u het eens bent met dit stuk."),
	    .msg_too_long = N_("Kies of u het eens bent met dit stuk."),
	    .msg_invalid = N_("Kies of u het eens bent met dit stuk.") },
	[F_EXPLANATION] = { .name = "explanation", .kind = FORM_TEXT,
	    .max_chars = EXPLANATION_MAX,
	    .msg_too_long = N_("Uw uitleg is te lang. U kunt 2000 tekens "
	    "gebruiken.") },
	/* also as the member's own view (views.c) */
	[F_OWN_VIEW] = { .name = "own_view", .kind = FORM_FLAG,
	    .max_chars = 8 },
	/* the version the member read: consent is for that text only
	 * (a client without it, like a script, means the current one) */
	[F_VERSION] = { .name = "version", .kind = FORM_ID, .max_chars = 9 },
	[F_NONCE] = { .name = "nonce", .kind = FORM_ID, .max_chars = 64 },
};


void
consent_decision_flags(struct tctx *it, const char *decision)
{
	tctx_bool(it, "is_eens", strcmp(decision, "eens") == 0);
	tctx_bool(it, "is_deels", strcmp(decision, "deels") == 0);
	tctx_bool(it, "is_oneens", strcmp(decision, "oneens") == 0);
	tctx_bool(it, "is_open", decision[0] == '\0');
}

static int
fill_members(const struct doc *d, struct tctx *c, const PGresult *res,
    const struct req_shields *sh)
{
	const struct pol_actor	*a = &d->f.actor;
	struct tctx		*it;
	long			 pid;
	int			 i, self, pro = a->kind == POL_PROFESSIONAL;

	tctx_list(c, "members");
	for (i = 0; i < db_rows(res); i++) {
		pid = db_long(res, i, M_PERSON);
		if (!doc_member_may(d, pid, (int)db_long(res, i, M_AGE),
		    db_val(res, i, M_AUTHORITY), db_val(res, i, M_SHARED_BY),
		    POL_CONSENT))
			continue;
		/* A member shielded from the reader: not named at all, so
		 * nothing here changes when they answer. */
		if (!req_actor_shown(sh, pid))
			continue;
		self = pid == a->person_id;
		if ((it = tctx_list_add(c, "members")) == NULL)
			return 500;
		tctx_nl(it, "name", db_val(res, i, M_NAME));
		tctx_bool(it, "self", self);
		consent_decision_flags(it, db_val(res, i, M_DECISION));
		if (db_val(res, i, M_DECISION)[0] != '\0')
			tctx_date(it, "date", db_val(res, i, M_AT));
		else
			tctx_str(it, "date", "");
		tctx_nl(it, "said", self || pro ?
		    db_val(res, i, M_EXPL) : "");
		tctx_nl(it, "helped_by", db_val(res, i, M_HELPED_BY));
	}
	return 0;
}

static int
fill_history(const struct doc *d, struct tctx *c, const PGresult *res)
{
	struct tctx	*it;
	int		 i, n = 0;

	tctx_list(c, "history");
	/* The newest one is in the status above; the rest is history. */
	for (i = 0; i < db_rows(res); i++) {
		if (i == 0 && strcmp(db_val(res, 0, H_VERSION), d->version) == 0)
			continue;
		/* The newest answer is about an older version: ask again. */
		if (i == 0)
			tctx_bool(c, "asked_again", 1);
		if ((it = tctx_list_add(c, "history")) == NULL)
			return 500;
		consent_decision_flags(it, db_val(res, i, H_DECISION));
		tctx_date(it, "date", db_val(res, i, H_AT));
		tctx_nl(it, "said", db_val(res, i, H_EXPL));
		tctx_bool(it, "old_version",
		    strcmp(db_val(res, i, H_VERSION), d->version) != 0);
		n++;
	}
	tctx_bool(c, "has_history", n > 0);
	return 0;
}

int
consent_shown(const struct doc *d)
{
	const struct pol_actor	*a = &d->f.actor;

	/* The family's own question: members and their professionals see
	 * the answers, an organisation it was shared with does not. Nobody
	 * is asked about a member's own document (lib/policy rule 8). */
	if (d->f.doc.own_author != 0)
		return 0;
	return (a->kind == POL_CITIZEN && a->member) ||
	    (a->kind == POL_PROFESSIONAL && a->assigned);
}

static int
fill(const struct doc *d, struct tctx *c, const struct doc_form *form,
    const struct doc_reads *reads)
{
	const PGresult	*members = reads->members;
	const PGresult	*history = reads->history;
	const struct pol_actor	*a = &d->f.actor;
	const char		*dec = form->decision != NULL ?
	    form->decision : "";
	char			 nonce[FORM_NONCE_LEN + 1];
	int			 show, can, st;

	show = consent_shown(d) && members != NULL;
	can = policy_decide(a, &d->f.doc, POL_CONSENT).allow;
	tctx_bool(c, "show_consent", show);
	tctx_bool(c, "can_consent", can);
	tctx_list(c, "members");
	tctx_list(c, "history");
	tctx_bool(c, "has_history", 0);
	tctx_bool(c, "asked_again", 0);
	if (show && (st = fill_members(d, c, members, reads->shields)) != 0)
		return st;
	if (can && history != NULL && (st = fill_history(d, c, history)) != 0)
		return st;
	/* No form sent: the member's current choice (about this version)
	 * stands preselected, so the form shows what is stored. */
	if (form->decision == NULL && can && history != NULL &&
	    db_rows(history) > 0 &&
	    strcmp(db_val(history, 0, H_VERSION), d->version) == 0)
		dec = db_val(history, 0, H_DECISION);
	tctx_bool(c, "d_eens", strcmp(dec, "eens") == 0);
	tctx_bool(c, "d_deels", strcmp(dec, "deels") == 0);
	tctx_bool(c, "d_oneens", strcmp(dec, "oneens") == 0);
	tctx_str(c, "form_explanation",
	    form->explanation != NULL ? form->explanation : "");
	tctx_str(c, "decision_error", i18n_gettext(form_error_for(form->errs,
	    form->nerr, "decision")));
	tctx_str(c, "explanation_error", i18n_gettext(form_error_for(
	    form->errs, form->nerr, "explanation")));
	tctx_bool(c, "consent_saved", form->saved == &doc_part_consent ||
	    form->consent_view);
	tctx_bool(c, "consent_view", form->consent_view);
	tctx_bool(c, "own_view", form->own_view);
	tctx_bool(c, "consent_changed", form->consent_changed);
	tctx_str(c, "consent_version", d->version);
	form_nonce_new(nonce);
	tctx_str(c, "consent_nonce", nonce);
	return 0;
}

/*
 * Stores the decision and its audit row in one transaction, for the
 * version the member read (`version`, from the form): the document row is
 * locked (FOR SHARE) so no new version can come in between; if one came
 * before, form->consent_changed is set and nothing is stored. Once per
 * form: the same form sent again with the same answer stores nothing more;
 * with another answer it is a new decision. Returns 0 or an HTTP status.
 */
static int
store(struct req *r, const struct doc *d, struct doc_form *form,
    const char *version, const char *nonce)
{
	const char		*params[7], *same[5];
	PGresult		*res;
	enum db_err		 e;
	int			 n;

	if ((e = db_begin(r->db)) != DB_OK)
		return db_status(e);
	params[0] = d->id;
	if ((e = db_exec(r->db, ST_DOC_VERSION_LOCK, params, &res)) != DB_OK)
		return db_status(e);
	if (db_rows(res) != 1 ||
	    strcmp(db_val(res, 0, LOCK_VERSION), version) != 0) {
		db_rollback(r->db);
		form->consent_changed = 1;
		return 0;
	}
	params[0] = d->id;
	params[1] = r->sess.person_id_s;
	params[2] = version;
	params[3] = form->decision;
	params[4] = form->explanation;
	params[5] = nonce;
	params[6] = req_helped_by(r);
	same[0] = r->sess.person_id_s;
	same[1] = nonce;
	same[2] = form->decision;
	same[3] = form->explanation;
	same[4] = d->id;
	n = req_insert_once(r, ST_CONSENT_INSERT, params, 5, ST_CONSENT_SAME,
	    same, 1);
	if (n < 0)
		return -n;
	if (n == 1 && (e = doc_added(r, d, "consent.give", "consent.given",
	    0)) != DB_OK)
		return db_status(e);
	/* The explanation as own view too: the same form nonce, so a
	 * double click stores one of each. */
	if (form->own_view && (n = view_add(r, d, form->explanation,
	    nonce)) != 0)
		return n;
	return db_status_ok(db_commit(r->db));
}

/* POST /documenten/{id}/instemming (see struct doc_part). */
static int
post(struct req *r, const struct doc *d, struct doc_form *form)
{
	const char		*v[F__MAX], *nonce;
	int			 st;

	if (form_read(&r->rq->form, consent_form, F__MAX, v, form->errs,
	    &form->nerr) == -1)
		return 400;
	form->decision = v[F_DECISION];
	if (form_error_for(form->errs, form->nerr, "decision") != NULL)
		form->decision = "";		/* none of the choices */
	form->explanation = req_unix_lines(r, v[F_EXPLANATION]);
	if ((strcmp(form->decision, "oneens") == 0 ||
	    strcmp(form->decision, "deels") == 0) &&
	    form->explanation[0] == '\0')
		form_add_error(form->errs, NELEM(form->errs), &form->nerr,
		    "explanation",
		    N_("Schrijf op wat u anders ziet. Dat is nodig als u het "
		    "niet of deels eens bent."));
	/* The tick puts the explanation by the document: it needs one. */
	form->own_view = v[F_OWN_VIEW][0] != '\0';
	if (form->own_view && form->explanation[0] == '\0' &&
	    form_error_for(form->errs, form->nerr, "explanation") == NULL)
		form_add_error(form->errs, NELEM(form->errs), &form->nerr,
		    "explanation",
		    N_("Schrijf op hoe u het ziet. Dat zetten wij dan als uw "
		    "eigen visie bij het stuk."));
	if (form->nerr > 0) {
		r->rs->status = 400;
		return DOC_SHOW_AGAIN;
	}
	if ((nonce = req_form_nonce(r)) == NULL)
		return 500;

	if ((st = store(r, d, form, v[F_VERSION][0] != '\0' ?
	    v[F_VERSION] : d->version, nonce)) != 0)
		return st;
	if (form->consent_changed) {
		/* A new version came while the member read the old one:
		 * nothing stored; the new text and the form again. */
		r->rs->status = 409;
		form->decision = "";
		return DOC_SHOW_AGAIN;
	}
	if (form->own_view)
		form->redirect = "keuze-en-visie";
	return 0;
}

const struct doc_part doc_part_consent = {
	"instemming", POL_CONSENT, "consent.give", "instemming",
	"partials/doc-instemming", post, fill
};

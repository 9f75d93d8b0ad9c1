/*
 * home.c - the start page. Not logged in: what the portal is and how to
 * log in. Logged in: the family overview (who is in the family, who helps
 * it), after "Wat wacht op u" (waiting.c: tasks, then news since the
 * last visit); every family shown leaves an audit row (family.read), the
 * list one row (waiting.read).
 */
#include <stdio.h>
#include <string.h>

#include "audit.h"
#include "account/waiting.h"
#include "core/portal.h"
#include "messages/messages.h"
#include "dossier/dossier.h"

/* Job titles as stored for professionals. */
static const struct label job_labels[] = {
	{ "wijkcoach",		N_("wijkcoach") },
	{ "jeugdbeschermer",	N_("jeugdbeschermer") },
	{ "behandelaar",	N_("behandelaar") },
	{ "baliemedewerker",	N_("baliemedewerker") },
};


static int
add_family(struct req *r, struct tctx *fam, const char *family_id)
{
	const char	*params[1] = { family_id };
	PGresult	*res;
	struct tctx	*it;
	enum db_err	 e;
	int		 i;

	if ((e = db_exec(r->db, ST_FAMILY_MEMBERS, params, &res)) != DB_OK)
		return e == DB_UNAVAILABLE ? 503 : 500;
	tctx_list(fam, "members");
	for (i = 0; i < db_rows(res); i++) {
		if ((it = tctx_list_add(fam, "members")) == NULL)
			return 500;
		tctx_strf(it, "name", "%s %s", db_val(res, i, MEMBER_GIVEN),
		    db_val(res, i, MEMBER_FAMILY));
		tctx_nl(it, "name", tctx_get(it, "name"));
		tctx_str(it, "role",
		    family_role_label(db_val(res, i, MEMBER_ROLE)));
		tctx_long(it, "age", db_long(res, i, MEMBER_AGE));
		tctx_bool(it, "authority",
		    db_val(res, i, MEMBER_AUTHORITY)[0] != '\0');
		tctx_bool(it, "no_account", !db_bool(res, i, MEMBER_ACCOUNT));
		tctx_bool(it, "is_me", db_long(res, i, MEMBER_ID) ==
		    r->sess.person_id);
	}

	if ((e = db_exec(r->db, ST_FAMILY_PROFESSIONALS, params, &res)) !=
	    DB_OK)
		return e == DB_UNAVAILABLE ? 503 : 500;
	tctx_list(fam, "professionals");
	for (i = 0; i < db_rows(res); i++) {
		if ((it = tctx_list_add(fam, "professionals")) == NULL)
			return 500;
		tctx_strf(it, "name", "%s %s", db_val(res, i, PRO_GIVEN),
		    db_val(res, i, PRO_FAMILY));
		tctx_nl(it, "name", tctx_get(it, "name"));
		tctx_str(it, "job",
		    LABEL(job_labels, db_val(res, i, PRO_TITLE)));
		tctx_nl(it, "organisation", db_val(res, i, PRO_ORG));
	}
	return 0;
}

/* What every logged-in start page has; the families come after. */
static struct tctx *
home_ctx(struct req *r)
{
	struct tctx	*c = page_ctx(r);

	tctx_str(c, "given_name", r->sess.given_name);
	tctx_bool(c, "is_clerk", r->role == ROLE_CLERK);
	tctx_bool(c, "is_professional", r->role == ROLE_PROFESSIONAL);
	/* "Vraag om hulp" (/hulp-vragen), where a worried parent looks */
	tctx_bool(c, "is_citizen", r->role == ROLE_CITIZEN);
	tctx_list(c, "families");
	tctx_bool(c, "show_waiting", r->role == ROLE_CITIZEN ||
	    r->role == ROLE_PROFESSIONAL);
	tctx_list(c, "tasks");
	tctx_list(c, "share_tasks");
	tctx_list(c, "news");
	tctx_bool(c, "has_tasks", 0);
	tctx_bool(c, "has_news", 0);
	tctx_list(c, "share_news");
	tctx_bool(c, "has_share_news", 0);
	/* "Dit mag jij" (partials/dit-mag-jij): a youth's rights by age. */
	tctx_bool(c, "youth_12_15", r->role == ROLE_CITIZEN &&
	    r->sess.age >= 12 && r->sess.age <= 15);
	tctx_bool(c, "youth_16_17", r->role == ROLE_CITIZEN &&
	    r->sess.age >= 16 && r->sess.age <= 17);
	return c;
}

/* The families of statement st (the person's), each audited. */
static int
overview(struct req *r, const struct stmt_def *st,
    const char *title_msgid)
{
	const char	*params[1] = { r->sess.person_id_s };
	struct tctx	*c = home_ctx(r), *fam;
	PGresult	*res;
	enum db_err	 e;
	int		 i, rc;

	if ((e = db_begin(r->db)) != DB_OK)
		return e == DB_UNAVAILABLE ? 503 : 500;
	if ((rc = waiting_fill(r, c)) != 0)
		return rc;
	if ((e = req_audit(r, "waiting.read", "person", r->sess.person_id_s,
	    NULL, "allowed")) != DB_OK)
		return e == DB_UNAVAILABLE ? 503 : 500;
	if ((e = db_exec(r->db, st, params, &res)) != DB_OK)
		return e == DB_UNAVAILABLE ? 503 : 500;
	for (i = 0; i < db_rows(res); i++) {
		if ((fam = tctx_list_add(c, "families")) == NULL)
			return 500;
		tctx_nl(fam, "family_name", db_val(res, i, FAMILY_NAME));
		tctx_str(fam, "family_key", db_val(res, i, FAMILY_PUBLIC_ID));
		tctx_bool(fam, "compulsory",
		    strcmp(db_val(res, i, FAMILY_FRAMEWORK), "gedwongen") == 0);
		if ((rc = add_family(r, fam, db_val(res, i, FAMILY_ID))) != 0)
			return rc;
		if ((e = req_audit(r, "family.read", "family",
		    db_val(res, i, FAMILY_ID), db_val(res, i, FAMILY_ID),
		    "allowed")) != DB_OK)
			return e == DB_UNAVAILABLE ? 503 : 500;
	}
	/* What was shared with a professional's organisation, or stopped
	 * (issue 15, part 6). */
	if (r->role == ROLE_PROFESSIONAL && (rc = doc_shared_news(r, c)) != 0)
		return rc;
	if ((e = db_commit(r->db)) != DB_OK)
		return e == DB_UNAVAILABLE ? 503 : 500;
	if ((rc = messages_unread_fill(r, c)) != 0)
		return rc;
	return page_render(r, "home", title_msgid, c);
}

int
h_home_citizen(struct req *r)
{
	return overview(r, ST_FAMILIES_OF_CITIZEN, N_("Uw gezin"));
}

int
h_home_professional(struct req *r)
{
	return overview(r, ST_FAMILIES_OF_PROFESSIONAL,
	    N_("Gezinnen waar u mee werkt"));
}

/* Clerks see families only at the counter, in an assisted session. */
int
h_home_clerk(struct req *r)
{
	return page_render(r, "home", N_("Start"), home_ctx(r));
}

/* Not logged in: what the portal is and how to log in. */
int
h_home(struct req *r)
{
	return page_render(r, "start", N_("Welkom bij Gezinsportaal"),
	    page_ctx(r));
}

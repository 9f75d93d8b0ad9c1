/*
 * share_asks.c - whose yes a waiting share request still needs (issue 15,
 * part 1), from the facts of a document: lib/policy decides
 * (policy_share_asks), this file loads who said yes and who the family's
 * members are. Used by /delen (cgi/sharing) and by the document page,
 * which shows the same yes/no question as /delen.
 */
#include <string.h>

#include "dossier/dossier.h"
#include "log.h"

/* The requests to share document $1 that still wait, oldest first, with
 * the ids of who said yes so far ("12,14"). */
static const struct stmt_def ST_DOC_SHARE_WAITING[1] = {{
	"doc_share_waiting",
	"SELECT s.public_id, o.name, " SHARE_LAST_DAY("s.until") ", "
	"       coalesce(rq.given_name, ''), "
	"       coalesce((SELECT string_agg(c.person_id::text, ',' "
	"         ORDER BY c.person_id) FROM share_consent c "
	"         WHERE c.share_id = s.id), ''), "
	"       coalesce(s.requested_by, 0) "
	"  FROM document_share s "
	"  JOIN organisation o ON o.id = s.organisation_id "
	"  LEFT JOIN person rq ON rq.id = s.requested_by "
	" WHERE s.document_id = $1 AND " SHARE_WAITING("s")
	" ORDER BY s.created_at, s.id", 1, 6 }};
enum { DW_ID, DW_ORG, DW_LAST_DAY, DW_ASKER, DW_YES, DW_ASKER_ID };

static const struct stmt_def *const stmts[] = {
	ST_DOC_SHARE_WAITING,
};
const struct stmt_table share_asks_stmts = {
	"dossier/share_asks.c", stmts, NELEM(stmts)
};

static int
hidden_from(const struct doc *d, long person_id)
{
	size_t	 i;

	for (i = 0; i < d->f.doc.nhidden; i++)
		if (d->f.hidden[i] == person_id)
			return 1;
	return 0;
}

void
doc_share_agreed_bits(const struct doc *d, const long *yes, size_t nyes,
    const PGresult *members, int *agreed)
{
	size_t	 s, k;
	int	 m;

	for (s = 0; s < d->f.doc.nsubjects; s++) {
		agreed[s] = 0;
		for (k = 0; k < nyes; k++) {
			if (hidden_from(d, yes[k]))
				continue;	/* may not see it: no say */
			if (yes[k] == d->f.subjects[s].person_id) {
				agreed[s] |= POL_AGREED_SELF;
				continue;
			}
			for (m = 0; m < db_rows(members); m++)
				if (db_long(members, m, MEMBER_ID) == yes[k] &&
				    doc_ids_has(db_val(members, m,
				    MEMBER_AUTHORITY), d->f.subjects[s].person_id) &&
				    d->f.subjects[s].age < 18)
					agreed[s] |= POL_AGREED_PARENT;
		}
	}
}

void
doc_share_agreed_shown(const struct doc *d, const struct req_shields *sh,
    long *yes, size_t *nyes, const PGresult *members, int *agreed)
{
	*nyes = req_shown_ids(sh, yes, *nyes);
	doc_share_agreed_bits(d, yes, *nyes, members, agreed);
}

int
doc_share_asked(const struct doc *d, long pid, const char *authority,
    const int *agreed)
{
	struct pol_subject	 s[DOC_MAX_SUBJECTS];
	struct pol_document	 doc = d->f.doc;
	size_t			 i;

	/* The document's subjects as seen from member pid. */
	for (i = 0; i < d->f.doc.nsubjects && i < DOC_MAX_SUBJECTS; i++) {
		s[i] = d->f.subjects[i];
		s[i].actor_has_authority = s[i].person_id != pid &&
		    s[i].age < 18 && doc_ids_has(authority, s[i].person_id);
		s[i].shared_with_actor = 0;
	}
	doc.subjects = s;
	doc.hidden_from = d->f.hidden;
	return policy_share_asks(&doc, agreed, pid);
}

int
doc_share_asks(struct req *r, const struct doc *d, struct tctx *c)
{
	const char	*p[1] = { d->id }, *fam[1] = { d->family_id };
	long		 yes[DOC_MAX_SUBJECTS * 2];
	const char	*authority = "";
	int		 agreed[DOC_MAX_SUBJECTS], i, m, n = 0;
	const struct req_shields *sh;
	const char	*asker;
	struct tctx	*it;
	PGresult	*res, *members;
	enum db_err	 e;
	size_t		 nyes;
	int		 st;

	tctx_list(c, "share_asks");
	tctx_bool(c, "has_share_asks", 0);
	if (!policy_decide(&d->f.actor, &d->f.doc, POL_SHARE).allow)
		return 0;
	if ((sh = req_shields(r, &st)) == NULL)
		return st;
	if ((e = db_exec(r->db, ST_DOC_SHARE_WAITING, p, &res)) != DB_OK)
		return db_status(e);
	if (db_rows(res) == 0)
		return 0;
	if ((e = db_exec(r->db, ST_FAMILY_MEMBERS, fam, &members)) != DB_OK)
		return db_status(e);
	for (m = 0; m < db_rows(members); m++)
		if (db_long(members, m, MEMBER_ID) == r->sess.person_id)
			authority = db_val(members, m, MEMBER_AUTHORITY);
	for (i = 0; i < db_rows(res); i++) {
		if (doc_parse_ids(db_val(res, i, DW_YES), yes, NELEM(yes),
		    &nyes) == -1) {
			log_warn("share: agreed ids of %s malformed",
			    db_val(res, i, DW_ID));
			continue;
		}
		doc_share_agreed_shown(d, sh, yes, &nyes, members, agreed);
		if (!doc_share_asked(d, r->sess.person_id, authority, agreed))
			continue;
		if ((it = tctx_list_add(c, "share_asks")) == NULL)
			return 500;
		/* Who asked, unless shielded from the reader. */
		asker = req_actor_shown(sh, db_long(res, i, DW_ASKER_ID)) ?
		    db_val(res, i, DW_ASKER) : "";
		tctx_str(it, "share_id", db_val(res, i, DW_ID));
		tctx_nl(it, "organisation", db_val(res, i, DW_ORG));
		tctx_nl(it, "asker", asker);
		tctx_bool(it, "has_asker", asker[0] != '\0');
		tctx_date(it, "until", db_val(res, i, DW_LAST_DAY));
		tctx_strf(it, "task_id", "deelvraag-%d", n++);
		tctx_nl(it, "title", db_val(d->res, d->row, C_TITLE));
	}
	tctx_bool(c, "has_share_asks", n > 0);
	return 0;
}

/*
 * share_tasks.c - who is asked for a yes on a waiting share request, and
 * a member's list of those tasks (see share_tasks.h). For the developers
 * of /delen and of the start page.
 */
#include <string.h>

#include "log.h"
#include "sharing/share_tasks.h"

/* The share requests still waiting in the families of person $1, oldest
 * first, with the ids of who said yes so far ("12,14"). */
static const struct stmt_def ST_SHARE_WAITING_LIST[1] = {{
	"share_waiting_list",
	"SELECT d.public_id, s.public_id, o.name, "
	"       " SHARE_LAST_DAY("s.until") ", d.title, "
	"       coalesce(rq.given_name, ''), "
	"       coalesce((SELECT string_agg(c.person_id::text, ',' "
	"         ORDER BY c.person_id) FROM share_consent c "
	"         WHERE c.share_id = s.id), ''), "
	"       coalesce(s.requested_by, 0) "
	"  FROM document_share s JOIN document d ON d.id = s.document_id "
	"  JOIN organisation o ON o.id = s.organisation_id "
	"  LEFT JOIN person rq ON rq.id = s.requested_by "
	" WHERE d.family_id IN (SELECT family_id FROM family_member "
	"    WHERE person_id = $1) AND " SHARE_WAITING("s")
	" ORDER BY s.created_at, s.id", 1, 8 }};
enum { W_DOC, W_ID, W_ORG, W_LAST_DAY, W_TITLE, W_ASKER, W_YES,
    W_ASKER_ID };

static const struct stmt_def *const stmts[] = {
	ST_SHARE_WAITING_LIST,
};
const struct stmt_table share_tasks_stmts = {
	"sharing/share_tasks.c", stmts, NELEM(stmts)
};

/* The children the logged-in person has parental authority over
 * ("12,14"; "" none), from members. */
static const char *
own_authority(const struct req *r, const PGresult *members)
{
	int	 m;

	for (m = 0; m < db_rows(members); m++)
		if (db_long(members, m, MEMBER_ID) == r->sess.person_id)
			return db_val(members, m, MEMBER_AUTHORITY);
	return "";
}

int
share_tasks_want(struct req *r, struct doc_set *set, const PGresult **out)
{
	const char	*params[1] = { r->sess.person_id_s };
	PGresult	*waiting;
	enum db_err	 e;
	int		 i;

	*out = NULL;
	if ((e = db_exec(r->db, ST_SHARE_WAITING_LIST, params, &waiting)) !=
	    DB_OK)
		return db_status(e);
	for (i = 0; i < db_rows(waiting); i++)
		doc_set_want(set, db_val(waiting, i, W_DOC));
	*out = waiting;
	return 0;
}

int
share_tasks_from(struct req *r, const struct doc_set *set,
    const PGresult *waiting, struct share_task **tasks, size_t *n)
{
	const char		*fam[1];
	const struct req_shields *sh;
	long			 yes[DOC_MAX_SUBJECTS * 2];
	int			 agreed[DOC_MAX_SUBJECTS];
	struct share_task	*t;
	struct doc		 d;
	PGresult		*members;
	enum db_err		 e;
	size_t			 nyes;
	int			 i, row, st;

	*tasks = NULL;
	*n = 0;
	if ((sh = req_shields(r, &st)) == NULL)
		return st;
	if (waiting == NULL || db_rows(waiting) == 0)
		return 0;
	if ((t = arena_calloc(r->a, (size_t)db_rows(waiting),
	    sizeof(*t))) == NULL)
		return 500;
	for (i = 0; i < db_rows(waiting); i++) {
		memset(&d, 0, sizeof(d));
		if (doc_set_facts(set, db_val(waiting, i, W_DOC), &d.f,
		    &row) == -1 ||
		    !policy_decide(&d.f.actor, &d.f.doc, POL_READ).allow)
			continue;
		d.res = set->res;
		d.row = row;
		d.public_id = db_val(set->res, row, C_PUBLIC_ID);
		d.family_id = db_val(set->res, row, C_FAMILY_ID);
		fam[0] = d.family_id;
		if ((e = db_exec(r->db, ST_FAMILY_MEMBERS, fam, &members)) !=
		    DB_OK)
			return db_status(e);
		if (doc_parse_ids(db_val(waiting, i, W_YES), yes, NELEM(yes),
		    &nyes) == -1) {
			log_warn("share: agreed ids of %s malformed",
			    db_val(waiting, i, W_ID));
			continue;
		}
		/* As the member is shown it: a yes of someone shielded
		 * from them does not take the task away. */
		doc_share_agreed_shown(&d, sh, yes, &nyes, members, agreed);
		if (!doc_share_asked(&d, r->sess.person_id,
		    own_authority(r, members), agreed))
			continue;
		t[*n].share_id = db_val(waiting, i, W_ID);
		t[*n].doc_id = d.public_id;
		t[*n].doc_title = db_val(waiting, i, W_TITLE);
		t[*n].organisation = db_val(waiting, i, W_ORG);
		t[*n].asker = req_actor_shown(sh, db_long(waiting, i,
		    W_ASKER_ID)) ? db_val(waiting, i, W_ASKER) : "";
		t[*n].last_day = db_val(waiting, i, W_LAST_DAY);
		(*n)++;
	}
	if (*n > 0)
		*tasks = t;
	return 0;
}

int
share_tasks(struct req *r, struct share_task **tasks, size_t *n)
{
	const PGresult	*waiting;
	struct doc_set	 set;
	int		 st;

	*tasks = NULL;
	*n = 0;
	doc_set_init(r, &set);
	if ((st = share_tasks_want(r, &set, &waiting)) != 0 ||
	    db_rows(waiting) == 0 || (st = doc_set_load(&set)) != 0)
		return st;
	return share_tasks_from(r, &set, waiting, tasks, n);
}

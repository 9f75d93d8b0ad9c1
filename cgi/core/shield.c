/*
 * shield.c - safety between members (DESIGN.md section 3): whose activity
 * the logged-in person may not see, as lib/policy decides from the
 * shields of their families (sql/029_shield.sql). /inzage and the export
 * leave those people's audit rows out; the rows themselves stay, for the
 * shielded member, the professionals and the member's own export.
 */
#include <string.h>

#include "buf.h"
#include "log.h"
#include "policy.h"
#include "util.h"
#include "core/portal.h"

/* The shields of every family person $1 is a member of that did not end
 * (sql/035): the facts lib/policy decides on (policy_hidden_actors,
 * policy_actor_shown). */
static const struct stmt_def ST_SHIELDS_OF[1] = {{ "shields_of",
	"SELECT s.person_id, s.from_person_id FROM member_shield s "
	"  JOIN family_member m ON m.family_id = s.family_id "
	" WHERE m.person_id = $1 AND s.ended_at IS NULL "
	" ORDER BY s.id LIMIT 257", 1, 2 }};
enum { SH_PERSON, SH_FROM };

/* The shields of family $1 (internal id) that did not end: the same
 * columns, for who reads what a member writes (the form says so). */
static const struct stmt_def ST_SHIELDS_OF_FAMILY[1] = {{
	"shields_of_family",
	"SELECT s.person_id, s.from_person_id FROM member_shield s "
	" WHERE s.family_id = $1 AND s.ended_at IS NULL "
	" ORDER BY s.id LIMIT 257", 1, 2 }};

static const struct stmt_def *const stmts[] = {
	ST_SHIELDS_OF,
	ST_SHIELDS_OF_FAMILY,
};
const struct stmt_table shield_stmts = {
	"core/shield.c", stmts, NELEM(stmts)
};

#define MAX_SHIELDS	256

static enum pol_actor_kind
viewer_kind(const struct req *r)
{
	switch (r->role) {
	case ROLE_CITIZEN:
		return POL_CITIZEN;
	case ROLE_PROFESSIONAL:
		return POL_PROFESSIONAL;
	case ROLE_CLERK:
		return POL_CLERK;
	case ROLE_PUBLIC:
	case ROLE_USER:
		break;
	}
	return POL_ANONYMOUS;
}

/* The shields of res (SH_ columns) for viewer r's person and role. */
static struct req_shields *
shields_of(struct req *r, const PGresult *res, int *st)
{
	struct req_shields	*sh;
	int			 i;

	if (db_rows(res) > MAX_SHIELDS) {	/* fail closed */
		log_error("shield: too many shields for %s",
		    r->sess.person_id_s);
		*st = 500;
		return NULL;
	}
	sh = arena_calloc(r->a, 1, sizeof(*sh));
	if (sh == NULL || (sh->s = arena_calloc(r->a, MAX_SHIELDS,
	    sizeof(*sh->s))) == NULL) {
		*st = 500;
		return NULL;
	}
	for (i = 0; i < db_rows(res); i++) {
		sh->s[i].person_id = db_long(res, i, SH_PERSON);
		sh->s[i].from_person_id = db_long(res, i, SH_FROM);
	}
	sh->n = (size_t)i;
	/* In an assisted session the request is the citizen's
	 * (ROLE_CITIZEN, cgi/app/app.c); a clerk alone sees nobody's. */
	sh->viewer.kind = viewer_kind(r);
	sh->viewer.person_id = r->sess.person_id;
	sh->viewer.member = 1;
	sh->viewer.age = r->sess.age;
	return sh;
}

const struct req_shields *
req_shields(struct req *r, int *st)
{
	const char		*params[1] = { r->sess.person_id_s };
	struct req_shields	*sh;
	PGresult		*res;
	enum db_err		 e;

	*st = 0;
	if (r->shields != NULL)
		return r->shields;
	/* A professional sees everyone's (lib/policy): nothing to load. */
	if (r->role == ROLE_PROFESSIONAL)
		params[0] = "0";
	if ((e = db_exec(r->db, ST_SHIELDS_OF, params, &res)) != DB_OK) {
		*st = e == DB_UNAVAILABLE ? 503 : 500;
		return NULL;
	}
	if ((sh = shields_of(r, res, st)) == NULL)
		return NULL;
	r->shields = sh;
	return sh;
}

const struct req_shields *
req_family_shields(struct req *r, const char *family_id, int *st)
{
	const char	*params[1] = { family_id };
	PGresult	*res;
	enum db_err	 e;

	*st = 0;
	if ((e = db_exec(r->db, ST_SHIELDS_OF_FAMILY, params, &res)) !=
	    DB_OK) {
		*st = e == DB_UNAVAILABLE ? 503 : 500;
		return NULL;
	}
	return shields_of(r, res, st);
}

int
req_actor_shown(const struct req_shields *sh, long actor)
{
	return policy_actor_shown(&sh->viewer, actor, sh->s, sh->n);
}

int
req_actor_shown_to(const struct req_shields *sh, long viewer, long actor)
{
	struct pol_actor	 v;

	memset(&v, 0, sizeof(v));
	v.kind = POL_CITIZEN;
	v.person_id = viewer;
	v.member = 1;
	return policy_actor_shown(&v, actor, sh->s, sh->n);
}

size_t
req_shown_ids(const struct req_shields *sh, long *ids, size_t n)
{
	size_t	 i, k = 0;

	for (i = 0; i < n; i++)
		if (req_actor_shown(sh, ids[i]))
			ids[k++] = ids[i];
	return k;
}

const char *
req_hidden_actors(struct req *r, int *st)
{
	const struct req_shields	*sh;
	struct buf			 b;
	long				*out;
	int				 i, n;

	if ((sh = req_shields(r, st)) == NULL)
		return NULL;
	if ((out = arena_alloc(r->a, MAX_SHIELDS * sizeof(*out))) == NULL) {
		*st = 500;
		return NULL;
	}
	if ((n = policy_hidden_actors(&sh->viewer, sh->s, sh->n, out,
	    MAX_SHIELDS)) == -1) {
		log_error("shield: too many shields for %s",
		    r->sess.person_id_s);
		*st = 500;
		return NULL;
	}
	buf_init(&b, r->a, 0);
	buf_putc(&b, '{');
	for (i = 0; i < n; i++)
		buf_printf(&b, "%s%ld", i > 0 ? "," : "", out[i]);
	buf_putc(&b, '}');
	if (b.failed) {
		*st = 500;
		return NULL;
	}
	return buf_cstr(&b);
}

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

/* The shields of every family person $1 is a member of: the facts
 * lib/policy decides on (policy_hidden_actors). */
static const struct stmt_def ST_SHIELDS_OF[1] = {{ "shields_of",
	"SELECT s.person_id, s.from_person_id FROM member_shield s "
	"  JOIN family_member m ON m.family_id = s.family_id "
	" WHERE m.person_id = $1 ORDER BY s.id LIMIT 257", 1, 2 }};
enum { SH_PERSON, SH_FROM };

static const struct stmt_def *const stmts[] = {
	ST_SHIELDS_OF,
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

const char *
req_hidden_actors(struct req *r, int *st)
{
	const char		*params[1] = { r->sess.person_id_s };
	struct pol_shield	*sh;
	struct pol_actor	 viewer;
	struct buf		 b;
	PGresult		*res;
	enum db_err		 e;
	long			*out;
	int			 i, n;

	*st = 0;
	if ((e = db_exec(r->db, ST_SHIELDS_OF, params, &res)) != DB_OK) {
		*st = e == DB_UNAVAILABLE ? 503 : 500;
		return NULL;
	}
	if (db_rows(res) > MAX_SHIELDS) {	/* fail closed */
		log_error("shield: too many shields for %s",
		    r->sess.person_id_s);
		*st = 500;
		return NULL;
	}
	sh = arena_alloc(r->a, MAX_SHIELDS * sizeof(*sh));
	out = arena_alloc(r->a, MAX_SHIELDS * sizeof(*out));
	if (sh == NULL || out == NULL) {
		*st = 500;
		return NULL;
	}
	for (i = 0; i < db_rows(res); i++) {
		sh[i].person_id = db_long(res, i, SH_PERSON);
		sh[i].from_person_id = db_long(res, i, SH_FROM);
	}
	memset(&viewer, 0, sizeof(viewer));
	viewer.kind = viewer_kind(r);
	viewer.person_id = r->sess.person_id;
	viewer.member = 1;
	viewer.age = r->sess.age;
	if ((n = policy_hidden_actors(&viewer, sh, (size_t)i, out,
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

/*
 * draft.c - a form that arrived after a time-out, kept for its person for
 * an hour and shown again after the log-in (see draft.h).
 */
#include <string.h>

#include "buf.h"
#include "http.h"
#include "returnpath.h"
#include "session.h"
#include "core/draft.h"
#include "core/portal.h"

/* The longest draft kept (URL-encoded bytes): more is not kept. */
#define DRAFT_MAX	200000

/* Keeps body $3 under path $2 for the person of the session with hash $1
 * (hex), if that session ended by time no more than an hour ago and is
 * not a clerk's; a second one of the same page replaces the first. One
 * row when kept. */
static const struct stmt_def ST_DRAFT_KEEP[1] = {{ "draft_keep",
	"INSERT INTO form_draft (person_id, path, body) "
	"SELECT s.person_id, $2, $3 FROM session s "
	"  JOIN person p ON p.id = s.person_id AND p.kind <> 'clerk' "
	" WHERE s.id_hash = decode($1, 'hex') "
	"   AND s.last_seen + make_interval(secs => s.idle_seconds) "
	"     > now() - interval '1 hour' "
	"ON CONFLICT (person_id, path) DO UPDATE SET body = excluded.body, "
	"  created_at = now() "
	"RETURNING 1", 3, 1 }};

/* Takes (deletes) person $1's draft of page $2: its body, and whether it
 * is younger than an hour (else it is deleted unseen). */
static const struct stmt_def ST_DRAFT_TAKE[1] = {{ "draft_take",
	"DELETE FROM form_draft WHERE person_id = $1 AND path = $2 "
	"RETURNING body, created_at > now() - interval '1 hour'", 2, 2 }};
enum { DT_BODY, DT_FRESH };

static const struct stmt_def ST_DRAFT_PURGE[1] = {{ "draft_purge",
	"DELETE FROM form_draft WHERE created_at <= now() - interval '1 hour'",
	0, 0 }};

static const struct stmt_def *const stmts[] = {
	ST_DRAFT_KEEP,
	ST_DRAFT_TAKE,
	ST_DRAFT_PURGE,
};
const struct stmt_table draft_stmts = {
	"core/draft.c", stmts, NELEM(stmts)
};

/* s percent-encoded as a browser sends a form value (RFC 3986
 * unreserved characters as they are, everything else %XX). */
static void
put_encoded(struct buf *b, const char *s)
{
	static const char	 hex[] = "0123456789ABCDEF";
	unsigned char		 ch;

	for (; *s != '\0'; s++) {
		ch = (unsigned char)*s;
		if ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
		    (ch >= '0' && ch <= '9') || ch == '-' || ch == '_' ||
		    ch == '.' || ch == '~') {
			buf_putc(b, (char)ch);
			continue;
		}
		buf_putc(b, '%');
		buf_putc(b, hex[ch >> 4]);
		buf_putc(b, hex[ch & 0x0f]);
	}
}

int
draft_keep(struct req *r, const char *token, const char *page,
    const char **login_to)
{
	const char	*p[3];
	char		 hash[SESSION_HASH_LEN + 1];
	char		 link[RETURNPATH_MAX * 3 + 64];
	struct buf	 b;
	PGresult	*res;
	enum db_err	 e;
	size_t		 i, n = 0;

	*login_to = NULL;
	if (session_hash(token, hash) == -1)
		return 0;
	/* the form's fields, without its token (files are not kept) */
	buf_init(&b, r->a, 0);
	for (i = 0; i < r->rq->form.n; i++) {
		const struct http_field	*f = &r->rq->form.v[i];

		if (strcmp(f->name, "csrf") == 0 || f->filename != NULL)
			continue;
		if (n++ > 0)
			buf_putc(&b, '&');
		put_encoded(&b, f->name);
		buf_putc(&b, '=');
		put_encoded(&b, f->value);
	}
	if (b.failed)
		return 500;
	if (n == 0 || b.len > DRAFT_MAX)
		return 0;
	if ((p[1] = arena_printf(r->a, "%s?bewaard=1", page)) == NULL)
		return 500;
	if (returnpath_link(link, sizeof(link), "/inloggen", p[1]) == -1 ||
	    strchr(link, '?') == NULL)
		return 0;	/* a page the log-in cannot return to */
	p[0] = hash;
	p[1] = page;
	p[2] = buf_cstr(&b);
	if ((e = db_exec(r->db, ST_DRAFT_KEEP, p, &res)) != DB_OK)
		return db_status(e);
	if (db_rows(res) != 1)
		return 0;
	if ((*login_to = arena_printf(r->a, "%s&bewaard=1", link)) == NULL)
		return 500;
	return 0;
}

int
draft_take(struct req *r, const struct form_spec *spec, size_t n,
    const char **v)
{
	const struct http_field	*f;
	struct http_fields	 fields;
	const char		*p[2];
	const char		*body;
	PGresult		*res;
	size_t			 k;
	int			 put = 0;

	if (!r->sess.valid || r->sess.assisted_by.live ||
	    http_fields_get(&r->rq->query, "bewaard") == NULL)
		return 0;
	p[0] = r->sess.person_id_s;
	p[1] = r->rq->path;
	if (db_exec(r->db, ST_DRAFT_TAKE, p, &res) != DB_OK)
		return -1;
	if (db_rows(res) != 1 || !db_bool(res, 0, DT_FRESH))
		return 0;
	body = db_val(res, 0, DT_BODY);
	memset(&fields, 0, sizeof(fields));
	if (http_parse_urlencoded(r->a, body, strlen(body),
	    &http_default_limits, &fields) != HTTP_OK)
		return 0;
	for (k = 0; k < n; k++) {
		if (strcmp(spec[k].name, "csrf") == 0 ||
		    strcmp(spec[k].name, "nonce") == 0 ||
		    (f = http_fields_get(&fields, spec[k].name)) == NULL)
			continue;
		v[k] = f->value;
		put = 1;
	}
	r->draft_shown = put;
	return put;
}

enum db_err
draft_purge(struct req *r)
{
	return db_exec(r->db, ST_DRAFT_PURGE, NULL, NULL);
}

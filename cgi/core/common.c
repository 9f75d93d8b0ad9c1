/*
 * common.c - what every area's handlers share below them: the HTTP status
 * of a database error, form nonces and storing a form once, the blank
 * rule, line ends of a textarea, dates in a template and the prefetched
 * result.
 *
 * Owns: nothing of its own; each helper is documented in portal.h.
 */
#include <string.h>
#include <time.h>

#include "log.h"
#include "returnpath.h"
#include "util.h"
#include "core/portal.h"

int
db_status(enum db_err e)
{
	if (e == DB_LIMIT)
		return 429;	/* cgi/core/notify.c */
	return e == DB_UNAVAILABLE ? 503 : 500;
}

int
db_status_ok(enum db_err e)
{
	return e == DB_OK ? 0 : db_status(e);
}

void
form_nonce_new(char out[FORM_NONCE_LEN + 1])
{
	unsigned char	 b[FORM_NONCE_LEN / 2];

	if (util_random(b, sizeof(b)) == -1) {
		out[0] = '\0';
		return;
	}
	util_hex(b, sizeof(b), out);
}

const char *
req_form_nonce(struct req *r)
{
	const struct http_field	*f = http_fields_get(&r->rq->form, "nonce");
	char			*n;
	size_t			 i;

	if (f != NULL && f->len == FORM_NONCE_LEN) {
		for (i = 0; i < FORM_NONCE_LEN; i++)
			if (util_hexval(f->value[i]) == -1 ||
			    (f->value[i] >= 'A' && f->value[i] <= 'F'))
				break;
		if (i == FORM_NONCE_LEN)
			return f->value;
	}
	if ((n = arena_alloc(r->a, FORM_NONCE_LEN + 1)) == NULL)
		return NULL;
	form_nonce_new(n);
	return n[0] == '\0' ? NULL : n;
}

const char *
req_unix_lines(struct req *r, const char *s)
{
	char	*out, *o;

	if (strchr(s, '\r') == NULL)
		return s;
	if ((out = arena_strndup(r->a, s, strlen(s))) == NULL)
		return s;
	for (o = out; *s != '\0'; s++)
		if (!(s[0] == '\r' && s[1] == '\n'))
			*o++ = *s;
	*o = '\0';
	return out;
}

const char *
req_return_path(const struct req *r)
{
	const struct http_field	*f;

	f = http_fields_get(strcmp(r->rq->method, "POST") == 0 ?
	    &r->rq->form : &r->rq->query, "terug");
	return returnpath_check(f != NULL ? f->value : NULL);
}

void
tctx_date(struct tctx *c, const char *key, const char *epoch)
{
	char	 buf[128];
	long	 t;

	if (util_parse_long(epoch, 0, 253402300799L, &t) == -1)
		t = 0;
	i18n_format_date(buf, sizeof(buf), (time_t)t);
	tctx_str(c, key, buf);
}

int
req_page_after(struct req *r, const struct stmt_def *st, const char **params,
    size_t at, PGresult **res, int *later)
{
	const struct http_field	*na = http_fields_get(&r->rq->query, "na");
	enum db_err		 e;

	params[at] = na != NULL ? na->value : "";
	if ((e = db_exec(r->db, st, params, res)) != DB_OK)
		return db_status(e);
	if (params[at][0] != '\0' && db_rows(*res) == 0) {
		params[at] = "";
		if ((e = db_exec(r->db, st, params, res)) != DB_OK)
			return db_status(e);
	}
	*later = params[at][0] != '\0';
	return 0;
}

int
req_insert_once(struct req *r, const struct stmt_def *ins,
    const char **params, size_t nonce_at, const struct stmt_def *same,
    const char **same_params, size_t same_nonce_at)
{
	PGresult	*res;
	char		*fresh;
	enum db_err	 e;
	int		 attempt;

	for (attempt = 0; attempt < 2; attempt++) {
		if ((e = db_exec(r->db, ins, params, &res)) != DB_OK)
			return -db_status(e);
		if (db_rows(res) == 1)
			return 1;
		if ((e = db_exec(r->db, same, same_params, &res)) != DB_OK)
			return -db_status(e);
		/* a *_SAME statement's one column: sent before */
		if (db_bool(res, 0, 0)) {
			log_info("form %s sent again, stored once",
			    params[nonce_at]);
			return 0;
		}
		/* The same form with other content: a new one. */
		if ((fresh = arena_alloc(r->a, FORM_NONCE_LEN + 1)) == NULL)
			return -500;
		form_nonce_new(fresh);
		params[nonce_at] = fresh;
		same_params[same_nonce_at] = fresh;
	}
	return -500;
}

const PGresult *
req_prefetched(struct req *r, const struct stmt_def *st)
{
	const PGresult	*res = r->prefetched;

	if (res == NULL || r->prefetched_st != st)
		return NULL;
	r->prefetched = NULL;
	return res;
}

const char *
req_cookie_hash(struct req *r, const char *name)
{
	const struct http_field	*f;
	char			*hash;

	f = http_fields_get(&r->rq->cookies, name);
	if (f == NULL || !session_token_wellformed(f->value) ||
	    (hash = arena_alloc(r->a, SESSION_HASH_LEN + 1)) == NULL ||
	    session_hash(f->value, hash) == -1)
		return NULL;
	return hash;
}

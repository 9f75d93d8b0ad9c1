/*
 * app.c - one request: FastCGI parameters in, a complete response out.
 *
 * The order of checks is the security order: parse under limits, find
 * the session, pick the language, find the route, check the role, check
 * CSRF on POST, and only then run the handler. The response is buffered
 * and written once, so a late error still becomes a clean error page.
 */
#include <stdio.h>
#include <string.h>

#include <fcgiapp.h>

#include "log.h"
#include "core/portal.h"
#include "util.h"

#define MAX_PATH	2048
#define PRE_COOKIE	"gp_pre"
#define LANG_COOKIE	"gp_lang"

static const char *
param(FCGX_Request *fr, const char *name)
{
	const char	*v = FCGX_GetParam(name, fr->envp);

	return v != NULL ? v : "";
}

static const char *
param_or_null(FCGX_Request *fr, const char *name)
{
	const char	*v = FCGX_GetParam(name, fr->envp);

	return v != NULL && *v != '\0' ? v : NULL;
}

static int
path_ok(const char *p)
{
	size_t	 n = strlen(p), i;

	if (n == 0 || n > MAX_PATH || p[0] != '/' || !http_utf8_valid(p, n))
		return 0;
	for (i = 0; i < n; i++)
		if ((unsigned char)p[i] < 0x20 || p[i] == 0x7f)
			return 0;
	return 1;
}

/* Reads and parses the body of a POST. Returns 0 or an HTTP status. */
static int
read_body(struct req *r, FCGX_Request *fr)
{
	const struct http_limits *lim = &http_default_limits;
	struct http_request	*rq = r->rq;
	const char		*cl = param(fr, "CONTENT_LENGTH");
	long			 len = 0;
	char			*body;
	int			 got;
	enum http_err		 e;

	if (*cl != '\0' && util_parse_long(cl, 0, 1L << 40, &len) == -1)
		return 400;
	if ((size_t)len > lim->max_body)
		return 413;
	if ((body = arena_alloc(r->a, (size_t)len + 1)) == NULL)
		return 500;
	if (len > 0) {
		got = FCGX_GetStr(body, (int)len, fr->in);
		if (got != (int)len)
			return 400;
	}
	body[len] = '\0';
	rq->body = body;
	rq->body_len = (size_t)len;

	if (strncmp(rq->content_type, "application/x-www-form-urlencoded",
	    33) == 0)
		e = http_parse_urlencoded(r->a, body, (size_t)len, lim,
		    &rq->form);
	else if (strncmp(rq->content_type, "multipart/form-data", 19) == 0)
		e = http_parse_multipart(r->a, rq->content_type, body,
		    (size_t)len, lim, &rq->form);
	else if (len == 0)
		e = HTTP_OK;
	else
		return 400;
	switch (e) {
	case HTTP_OK:
		return 0;
	case HTTP_ETOOBIG:
		return 413;
	case HTTP_ENOMEM:
		return 500;
	case HTTP_EBAD:
		break;
	}
	return 400;
}

/* Fills r->rq from the FastCGI parameters. Returns 0 or an HTTP status. */
static int
read_request(struct req *r, FCGX_Request *fr)
{
	struct http_request	*rq = r->rq;
	const char		*qs;
	unsigned char		 rnd[8];
	enum http_err		 e;

	if (util_random(rnd, sizeof(rnd)) == -1)
		return 500;
	util_hex(rnd, sizeof(rnd), rq->request_id);
	log_set_request(rq->request_id);

	rq->arena = r->a;
	rq->method = param(fr, "REQUEST_METHOD");
	/* PATH_INFO is nginx's $uri: decoded and normalised. */
	rq->path = param(fr, "PATH_INFO");
	if (*rq->path == '\0')
		rq->path = param(fr, "DOCUMENT_URI");
	rq->query_string = param(fr, "QUERY_STRING");
	rq->content_type = param(fr, "CONTENT_TYPE");
	rq->remote_addr = param(fr, "REMOTE_ADDR");
	rq->host = param(fr, "HTTP_HOST");
	rq->origin = param_or_null(fr, "HTTP_ORIGIN");
	rq->sec_fetch_site = param_or_null(fr, "HTTP_SEC_FETCH_SITE");
	rq->accept_language = param_or_null(fr, "HTTP_ACCEPT_LANGUAGE");
	rq->cookie_header = param(fr, "HTTP_COOKIE");

	if (!path_ok(rq->path))
		return 400;
	qs = rq->query_string;
	e = http_parse_urlencoded(r->a, qs, strlen(qs), &http_default_limits,
	    &rq->query);
	if (e == HTTP_OK)
		e = http_parse_cookies(r->a, rq->cookie_header,
		    &http_default_limits, &rq->cookies);
	if (e == HTTP_ETOOBIG)
		return 413;
	if (e != HTTP_OK)
		return e == HTTP_ENOMEM ? 500 : 400;
	if (strcmp(rq->method, "POST") == 0)
		return read_body(r, fr);
	return 0;
}

static const char *
cookie(const struct req *r, const char *name)
{
	const struct http_field	*f = http_fields_get(&r->rq->cookies, name);

	return f != NULL ? f->value : NULL;
}

/*
 * Session, language and the CSRF binding. Returns 0 or an HTTP status.
 * `page` (NULL if none matched) may add its first statement to the
 * session's round trip (page_prefetch).
 */
static int
identify(struct req *r, const struct page *page)
{
	const char	*tok, *lang_setting = NULL, *pre;
	unsigned char	 rnd[32];
	char		*hex, hash[SESSION_HASH_LEN + 1];
	struct db_batch	 b;
	size_t		 nb = 0;
	enum db_err	 e;

	tok = cookie(r, session_cookie_name(r->app->cfg.secure_cookies));
	if (tok != NULL && session_token_wellformed(tok)) {
		if (page != NULL && session_hash(tok, hash) == 0)
			nb = (size_t)page_prefetch(page, r, hash, &b);
		e = session_load_with(r->db, r->a, tok, &b, nb, &r->sess);
		if (e == DB_UNAVAILABLE)
			return 503;
		if (e != DB_OK)
			return 500;
		if (nb == 1 && r->sess.valid && b.res != NULL) {
			r->prefetched = b.res;
			r->prefetched_st = b.st;
		}
	}
	if (r->sess.valid)
		r->role = role_of_kind(r->sess.kind);
	else {
		r->role = ROLE_PUBLIC;
		if (tok != NULL)	/* expired or unknown: clear it */
			page_cookie(r, session_cookie_name(
			    r->app->cfg.secure_cookies), "", 0);
	}
	/* The language: chosen with the switch on this device (cookie), else
	 * the account's, else the browser's, else Dutch. */
	lang_setting = cookie(r, LANG_COOKIE);
	if (i18n_find(lang_setting) == NULL)
		lang_setting = r->sess.valid ? r->sess.language : NULL;
	r->lang = i18n_choose(lang_setting, r->rq->accept_language);
	i18n_use(r->lang);
	/* A youth reads "je", not "u" (DESIGN.md section 5). */
	i18n_use_youth(r->sess.valid && req_is_youth(r->sess.kind,
	    r->sess.age));

	/* The CSRF binding: the session, or a pre-session cookie that the
	 * log-in form's token is bound to. */
	if (r->sess.valid) {
		r->pre = NULL;
		return csrf_token(r->app->secret, r->app->secretlen,
		    r->sess.token, r->csrf) == 0 ? 0 : 500;
	}
	pre = cookie(r, PRE_COOKIE);
	if (pre == NULL || !session_token_wellformed(pre)) {
		if (util_random(rnd, sizeof(rnd)) == -1 ||
		    (hex = arena_alloc(r->a, 65)) == NULL)
			return 500;
		util_hex(rnd, sizeof(rnd), hex);
		pre = hex;
		page_cookie(r, PRE_COOKIE, pre, -1);
	}
	r->pre = pre;
	return csrf_token(r->app->secret, r->app->secretlen, pre, r->csrf) ==
	    0 ? 0 : 500;
}

static int
csrf_ok(struct req *r)
{
	const struct http_field	*f;
	const char		*binding, *pre;

	if (!csrf_origin_ok(r->rq->origin, r->rq->sec_fetch_site, r->rq->host))
		return 0;
	if (http_fields_count(&r->rq->form, "csrf") != 1)
		return 0;
	f = http_fields_get(&r->rq->form, "csrf");
	binding = r->sess.valid ? r->sess.token : r->pre;
	if (csrf_valid(r->app->secret, r->app->secretlen, binding, f->value))
		return 1;
	/* The log-in form may have been loaded before this browser logged
	 * in elsewhere (another tab): its token is bound to the pre-session
	 * cookie, which is still a secret of this browser. */
	pre = cookie(r, PRE_COOKIE);
	return r->sess.valid && strcmp(r->rq->path, "/inloggen") == 0 &&
	    pre != NULL && session_token_wellformed(pre) &&
	    csrf_valid(r->app->secret, r->app->secretlen, pre, f->value);
}

/*
 * A path as the log may keep it: a reply link carries a token that works
 * for 14 days (cgi/reply.c), so "/antwoord/<token>" is logged without it.
 */
static const char *
loggable_path(const char *path)
{
	const char	*seg;

	if (strncmp(path, "/antwoord/", 10) != 0)
		return path;
	seg = path + 10;
	if (strncmp(seg, "reactie/", 8) == 0 ||
	    strncmp(seg, "verzoek/", 8) == 0 || strcmp(seg, "verstuurd") == 0)
		return path;
	return "/antwoord/[link]";
}

/*
 * The page for this path and method (route parameters in r->params), or
 * NULL with *status 404 (no such path) or 405 (not with this method).
 */
static const struct page *
find_page(struct req *r, int *status)
{
	const char	*method = r->rq->method;
	size_t		 i;
	int		 path_known = 0;

	if (strcmp(method, "HEAD") == 0)
		method = "GET";
	for (i = 0; i < npages; i++) {
		if (!route_match(pages[i].pattern, r->rq->path, &r->params))
			continue;
		path_known = 1;
		if (strcmp(pages[i].method, method) == 0)
			return &pages[i];
	}
	*status = path_known ? 405 : 404;
	return NULL;
}

/* Runs the page found by find_page. Returns 0 or an HTTP status. */
static int
dispatch(struct req *r, const struct page *page)
{
	/* HEAD only where nothing is logged: a dossier read or download
	 * writes an audit row, and HEAD would log a read nobody got (the
	 * reply link is public but its page logs a read). */
	if (strcmp(r->rq->method, "HEAD") == 0 &&
	    (page->role != ROLE_PUBLIC ||
	    strncmp(r->rq->path, "/antwoord/", 10) == 0))
		return 405;
	if (!role_allows(page->role, r->role)) {
		if (r->role == ROLE_PUBLIC)
			return page_redirect(r, "/inloggen");
		return 403;
	}
	if (strcmp(r->rq->method, "POST") == 0 && !csrf_ok(r)) {
		log_warn("csrf: refused %s %s (origin %s, fetch-site %s, host %s)",
		    r->rq->method, loggable_path(r->rq->path),
		    r->rq->origin ? r->rq->origin : "-",
		    r->rq->sec_fetch_site ? r->rq->sec_fetch_site : "-",
		    r->rq->host);
		return 403;
	}
	return page->fn(r);
}

/* fcgi2's own printf does not know %zu and friends: format with libc into
 * the arena, then hand fcgi2 plain bytes. */
static void
write_response(struct req *r, FCGX_Request *fr, int head)
{
	struct http_response	*rs = r->rs;
	const struct http_header *h;
	struct buf		 hdr;

	buf_init(&hdr, r->a, 0);
	buf_printf(&hdr, "Status: %d %s\r\n", rs->status,
	    http_status_text(rs->status));
	for (h = rs->headers; h != NULL; h = h->next)
		buf_printf(&hdr, "%s: %s\r\n", h->name, h->value);
	buf_printf(&hdr, "Content-Length: %zu\r\n\r\n", rs->body.len);
	if (hdr.failed) {
		FCGX_PutS("Status: 500 Internal Server Error\r\n\r\n", fr->out);
		return;
	}
	FCGX_PutStr(hdr.data, (int)hdr.len, fr->out);
	if (!head && rs->body.len > 0)
		FCGX_PutStr(rs->body.data, (int)rs->body.len, fr->out);
}

void
app_handle(struct app *app, struct arena *a, FCGX_Request *fr)
{
	struct http_request	 rq;
	struct http_response	 rs;
	struct req		 r;
	const struct page	*page;
	int			 status, not_found = 404;

	memset(&rq, 0, sizeof(rq));
	memset(&r, 0, sizeof(r));
	http_response_init(&rs, a);
	r.app = app;
	r.a = a;
	r.db = app->db;
	r.rq = &rq;
	r.rs = &rs;
	r.lang = i18n_choose(NULL, NULL);
	i18n_use(r.lang);
	i18n_use_youth(0);

	if ((status = read_request(&r, fr)) == 0) {
		/* Found first, run last: the page may add a statement to the
		 * session's round trip, but every check below still holds. */
		page = find_page(&r, &not_found);
		/* HEAD (as GET) gets no prefetch */
		if ((status = identify(&r, page != NULL &&
		    strcmp(page->method, rq.method) == 0 ? page : NULL)) == 0)
			status = page != NULL ? dispatch(&r, page) : not_found;
	}
	/* a read of a column the result does not have is a bug (logged by
	 * lib/db): no page made from "" where a value should have been */
	if (status == 0 && (arena_failed(a) || rs.body.failed ||
	    db_read_failed()))
		status = 500;
	if (status != 0) {
		db_rollback(r.db);
		page_error(&r, status);
	}
	if (http_header_get(&rs, "Cache-Control") == NULL)
		http_header_set(&rs, "Cache-Control", "no-store");
	if (http_header_get(&rs, "Content-Type") == NULL)
		http_header_set(&rs, "Content-Type", "text/html; charset=utf-8");
	log_info("%s %s -> %d", rq.method != NULL ? rq.method : "-",
	    rq.path != NULL ? loggable_path(rq.path) : "-", rs.status);
	write_response(&r, fr, rq.method != NULL &&
	    strcmp(rq.method, "HEAD") == 0);
	db_request_end(r.db);
	log_set_request(NULL);
}

/*
 * app.c - one request: FastCGI parameters in, a complete response out.
 *
 * The order of checks is the security order: parse under limits, find
 * the route, the session and the language, pick the route's row for the
 * person's role (none: log in, or 403), check CSRF on POST, and only
 * then run the handler. The response is buffered
 * and written once, so a late error still becomes a clean error page.
 * What a route needs (role, HEAD, what the log keeps, where to log in,
 * the menu item, a prefetch) comes from its row in cgi/app/routes.c:
 * this file holds no URL.
 */
#include <stdio.h>
#include <string.h>

#include <fcgiapp.h>

#include "log.h"
#include "returnpath.h"
#include "core/draft.h"
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
	rq->user_agent = param_or_null(fr, "HTTP_USER_AGENT");

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
 * `prefetch` (the route's, or NULL) may add the page's first statement
 * to the session's round trip.
 */
static int
identify(struct req *r, prefetch_fn prefetch)
{
	const char	*tok, *lang_setting = NULL, *pre;
	unsigned char	 rnd[32];
	char		*hex, hash[SESSION_HASH_LEN + 1];
	struct db_batch	 b;
	size_t		 nb = 0;
	enum db_err	 e;

	tok = cookie(r, session_cookie_name(r->app->cfg.secure_cookies));
	if (tok != NULL && session_token_wellformed(tok)) {
		if (prefetch != NULL && session_hash(tok, hash) == 0)
			nb = (size_t)prefetch(r, hash, &b);
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
csrf_ok(struct req *r, const struct page *page)
{
	const struct http_field	*f;
	const char		*binding, *pre;

	/* the rule of a refusal, for its audit row */
	r->rule = "csrf.origin";
	if (!csrf_origin_ok(r->rq->origin, r->rq->sec_fetch_site, r->rq->host))
		return 0;
	r->rule = "csrf.missing";
	if (http_fields_count(&r->rq->form, "csrf") != 1)
		return 0;
	r->rule = "csrf.token";
	f = http_fields_get(&r->rq->form, "csrf");
	binding = r->sess.valid ? r->sess.token : r->pre;
	if (csrf_valid(r->app->secret, r->app->secretlen, binding, f->value)) {
		r->rule = NULL;
		return 1;
	}
	/* The log-in form may have been loaded before this browser logged
	 * in elsewhere (another tab): its token is bound to the pre-session
	 * cookie, which is still a secret of this browser. */
	pre = cookie(r, PRE_COOKIE);
	if (r->sess.valid && (page->flags & RF_PRE_SESSION_CSRF) &&
	    pre != NULL && session_token_wellformed(pre) &&
	    csrf_valid(r->app->secret, r->app->secretlen, pre, f->value)) {
		r->rule = NULL;
		return 1;
	}
	return 0;
}

/* The literal start of a pattern, before its first placeholder. */
static size_t
literal_len(const char *pattern)
{
	return strcspn(pattern, "{");
}

/*
 * 1 when a path no row knows may still hold a link's secret, in a
 * spelling the table does not fit (issue 17, part 4): the word of a
 * secret path's first part in any case anywhere ("/ANTWOORD/...",
 * "/x/antwoord/..."), a '%' (nginx decodes once: "%2561ntwoord"), or a
 * run of 32 or more token characters (tokens are 43, public ids 22).
 */
static int
may_hold_secret(const char *path)
{
	char	 word[64];
	size_t	 i, n, run = 0;

	for (i = 0; i < npages; i++) {
		if (!(pages[i].flags & RF_SECRET_PATH))
			continue;
		/* "/antwoord/{token}" -> "antwoord" */
		n = literal_len(pages[i].pattern);
		while (n > 1 && pages[i].pattern[n - 1] == '/')
			n--;
		if (n < 2 || n - 1 >= sizeof(word))
			return 1;
		memcpy(word, pages[i].pattern + 1, n - 1);
		word[n - 1] = '\0';
		if (strcasestr(path, word) != NULL)
			return 1;
	}
	for (; *path != '\0'; path++) {
		if (*path == '%')
			return 1;
		if ((*path >= 'A' && *path <= 'Z') ||
		    (*path >= 'a' && *path <= 'z') ||
		    (*path >= '0' && *path <= '9') || *path == '-' ||
		    *path == '_') {
			if (++run >= 32)
				return 1;
		} else
			run = 0;
	}
	return 0;
}

/*
 * A path as the log may keep it. A secret path (RF_SECRET_PATH: a link
 * that works by itself, cgi/requests/reply.c) is logged as its pattern
 * with "[link]" for each placeholder; so is a path no row knows that
 * starts like one (a link with a character too many). Any other path no
 * row knows that may hold a secret (may_hold_secret) is "[path]".
 * `known`: the row whose pattern fits the path (find_route), or NULL.
 */
static const char *
loggable_path(struct req *r, const struct page *known, const char *path)
{
	const struct page	*p = known;
	struct buf		 b;
	const char		*s, *end;
	size_t			 i;

	for (i = 0; p == NULL && i < npages; i++)
		if ((pages[i].flags & RF_SECRET_PATH) &&
		    strncmp(path, pages[i].pattern,
		    literal_len(pages[i].pattern)) == 0)
			p = &pages[i];
	if (p == NULL)
		return may_hold_secret(path) ? "[path]" : path;
	if (!(p->flags & RF_SECRET_PATH))
		return path;
	buf_init(&b, r->a, 0);
	for (s = p->pattern; *s != '\0'; s = end) {
		if (*s == '{' && (end = strchr(s, '}')) != NULL) {
			buf_puts(&b, "[link]");
			end++;
			continue;
		}
		end = s + 1 + literal_len(s + 1);
		buf_append(&b, s, (size_t)(end - s));
	}
	return b.failed ? "[path]" : buf_cstr(&b);
}

/*
 * The route for this path and method (HEAD as GET): the first row whose
 * pattern fits the path with this method (route parameters in
 * r->params), or NULL with *status 404 (no such path) or 405 (not with
 * this method). *known: the first row whose pattern fits, whatever the
 * method (for the log), or NULL.
 */
static const struct page *
find_route(struct req *r, const struct page **known, int *status)
{
	const char		*method = r->rq->method;
	struct route_params	 rp;
	size_t			 i;

	*known = NULL;
	if (strcmp(method, "HEAD") == 0)
		method = "GET";
	for (i = 0; i < npages; i++) {
		if (!route_match(pages[i].pattern, r->rq->path, &rp))
			continue;
		if (*known == NULL)
			*known = &pages[i];
		if (strcmp(pages[i].method, method) == 0) {
			r->params = rp;
			return &pages[i];
		}
	}
	*status = *known != NULL ? 405 : 404;
	return NULL;
}

/*
 * A GET (or HEAD) of a path that only takes a POST (the address bar after
 * a form was sent with errors, a reload, a bookmark) goes to the page the
 * form belongs to: the nearest path above it with a GET row
 * (/documenten/{id}/instemming -> /documenten/{id}, /afspraken/tijden ->
 * /afspraken, /uitloggen -> /). NULL when there is none. Only the path is
 * used; the page above checks who may see it as always.
 */
static const char *
page_above(struct req *r)
{
	struct route_params	 rp;
	char			*p, *slash;
	size_t			 i;

	if ((p = arena_strdup(r->a, r->rq->path)) == NULL)
		return NULL;
	while (strcmp(p, "/") != 0 && (slash = strrchr(p, '/')) != NULL) {
		if (slash == p)
			slash++;
		*slash = '\0';
		for (i = 0; i < npages; i++)
			if (strcmp(pages[i].method, "GET") == 0 &&
			    route_match(pages[i].pattern, p, &rp))
				return p;
	}
	return NULL;
}

/*
 * The row of route `first` (its method and pattern) for the person's
 * role: the row of that role, else the one for anyone logged in
 * (ROLE_USER), else the one for anyone (ROLE_PUBLIC); NULL if none fits.
 * routes_check allows one row per role and not both of the last two.
 */
static const struct page *
pick_row(const struct page *first, enum role role)
{
	const struct page	*p, *any = NULL;

	for (p = first; p < pages + npages; p++) {
		if (strcmp(p->method, first->method) != 0 ||
		    strcmp(p->pattern, first->pattern) != 0)
			continue;
		if (p->role == role)
			return p;
		if (any == NULL && role_allows(p->role, role))
			any = p;
	}
	return any;
}

/* 1 if a row of route `first` refuses HEAD. */
static int
route_refuses_head(const struct page *first)
{
	const struct page	*p;

	for (p = first; p < pages + npages; p++)
		if (strcmp(p->method, first->method) == 0 &&
		    strcmp(p->pattern, first->pattern) == 0 &&
		    (p->flags & RF_NO_HEAD))
			return 1;
	return 0;
}

/* The page of a form that POSTs to the request's path (RF_KEEPS_TEXT):
 * the path, without its last part when the pattern's last part follows
 * a placeholder (/documenten/{id}/reacties -> /documenten/{id}). */
static const char *
form_page(struct req *r, const struct page *route)
{
	const char	*slash = strrchr(route->pattern, '/');
	const char	*end = strrchr(r->rq->path, '/');

	if (slash == NULL || end == NULL || slash[1] == '{' ||
	    memchr(route->pattern, '{', (size_t)(slash - route->pattern)) ==
	    NULL)
		return r->rq->path;
	return arena_strndup(r->a, r->rq->path, (size_t)(end - r->rq->path));
}

/* A POST that arrived after the session ended by time, with a form token
 * of that very session (and from this site): its text is kept for the
 * session's person (core/draft.h). The log-in page to send them to, or
 * NULL (nothing kept). */
static const char *
keep_text(struct req *r, const struct page *route)
{
	const char		*tok, *page, *to = NULL;
	const struct http_field	*f;

	if ((route->flags & RF_KEEPS_TEXT) == 0)
		return NULL;
	tok = cookie(r, session_cookie_name(r->app->cfg.secure_cookies));
	f = http_fields_get(&r->rq->form, "csrf");
	if (tok == NULL || !session_token_wellformed(tok) || f == NULL ||
	    http_fields_count(&r->rq->form, "csrf") != 1 ||
	    !csrf_origin_ok(r->rq->origin, r->rq->sec_fetch_site,
	    r->rq->host) ||
	    !csrf_valid(r->app->secret, r->app->secretlen, tok, f->value))
		return NULL;
	if ((page = form_page(r, route)) == NULL ||
	    draft_keep(r, tok, page, &to) != 0)
		return NULL;
	return to;
}

/* A logged-out person to the log-in page; a GET (also after a time-out)
 * takes the page asked for along (?terug=, lib/returnpath), so the log-in
 * returns there. A POST is not sent again; after a time-out its text may
 * be kept and shown again (keep_text). Nor a secret path (its token
 * would be in the log-in page's address). */
static int
to_login(struct req *r, const struct page *route)
{
	const char	*path = r->rq->path, *kept;
	char		 link[RETURNPATH_MAX * 3 + 64];

	if (strcmp(r->rq->method, "POST") == 0 &&
	    (kept = keep_text(r, route)) != NULL)
		return page_redirect(r, kept);
	if (strcmp(r->rq->method, "GET") != 0 ||
	    (route->flags & RF_SECRET_PATH) != 0)
		return page_redirect(r, login_path());
	if (r->rq->query_string != NULL && r->rq->query_string[0] != '\0' &&
	    (path = arena_printf(r->a, "%s?%s", r->rq->path,
	    r->rq->query_string)) == NULL)
		return 500;
	if (returnpath_link(link, sizeof(link), login_path(), path) == -1)
		return page_redirect(r, login_path());
	return page_redirect(r, arena_strdup(r->a, link));
}

/* The counter row (RF_COUNTER) of route `first`, or NULL. */
static const struct page *
counter_row(const struct page *first)
{
	const struct page	*p;

	for (p = first; p < pages + npages; p++)
		if (strcmp(p->method, first->method) == 0 &&
		    strcmp(p->pattern, first->pattern) == 0 &&
		    p->role == ROLE_CLERK && (p->flags & RF_COUNTER))
			return p;
	return NULL;
}

/*
 * The row for the person, with the counter's assisted session (DESIGN.md
 * section 9, lib/session): during one, a counter page runs as the clerk
 * and every other page as the citizen (r->sess, r->role: set by
 * identify). Returns the row, or NULL with *status: a clerk outside a
 * session on a route without a clerk or public row gets 404 (audited:
 * the clerk's own rights reach no dossier); a session that ended by time
 * sends anything but a counter page to the receipt, and runs nothing.
 */
static const struct page *
assisted_row(struct req *r, const struct page *first, int *status)
{
	const struct page	*page;
	const char		*to;

	*status = 0;
	if (r->sess.valid && r->sess.assisted_by.live &&
	    (page = counter_row(first)) != NULL) {
		session_assist_as_clerk(&r->sess);
		r->role = ROLE_CLERK;
		return page;
	}
	page = pick_row(first, r->role);
	if (r->role != ROLE_CLERK)
		return page;
	if (r->sess.assisted_by.id != NULL &&
	    (page == NULL || !(page->flags & RF_COUNTER))) {
		to = arena_printf(r->a, "/balie/bon/%s", r->sess.assisted_by.id);
		*status = to != NULL ? page_redirect(r, to) : 500;
		if (*status == 0)
			*status = -1;	/* answered */
		return NULL;
	}
	if (page == NULL || page->role == ROLE_USER ||
	    page->role == ROLE_CITIZEN) {
		r->rule = "clerk.no_session";
		r->audit_status = 404;
		*status = db_status_ok(req_audit(r, "counter.no_session",
		    "route", first->pattern, NULL, "denied"));
		if (*status == 0)
			*status = 404;
		return NULL;
	}
	return page;
}

/* Runs the row of route `first` for the person. Returns 0 or an HTTP
 * status. */
static int
dispatch(struct req *r, const struct page *first, const struct page *known)
{
	const struct page	*page;
	int			 st;

	if ((page = assisted_row(r, first, &st)) == NULL && st != 0)
		return st == -1 ? 0 : st;

	/* HEAD only where nothing is logged (RF_NO_HEAD): a dossier read or
	 * download writes an audit row, and HEAD would log a read nobody
	 * got. With no row for the person: if any row refuses it. */
	if (strcmp(r->rq->method, "HEAD") == 0 && (page != NULL ?
	    (page->flags & RF_NO_HEAD) != 0 : route_refuses_head(first)))
		return 405;
	if (page == NULL) {
		if (r->role == ROLE_PUBLIC)
			return to_login(r, first);
		r->rule = "route.role";	/* the route table's (audit_refusal) */
		return 403;
	}
	if (strcmp(r->rq->method, "POST") == 0 && !csrf_ok(r, page)) {
		log_warn("csrf: refused %s %s (origin %s, fetch-site %s, host %s)",
		    r->rq->method, loggable_path(r, known, r->rq->path),
		    r->rq->origin ? r->rq->origin : "-",
		    r->rq->sec_fetch_site ? r->rq->sec_fetch_site : "-",
		    r->rq->host);
		return 403;
	}
	r->nav = page->nav;
	return page->fn(r);
}

/*
 * Every refusal reaches the audit log (NEN 7513, issue 17 part 2): a 403
 * (the route table's role, CSRF, a handler's), a 404 of a known route
 * (an object that does not exist or may not be seen) and a 429 (a limit,
 * the log-in throttle, every hash slot busy) that no handler logged
 * itself (r->refusal_logged) get one row "request.denied" on the path
 * (as the log keeps it: no token), with the status and the rule. A 404
 * of a path no row knows is no object (a scanner; nginx's log keeps it).
 * In autocommit, after the rollback; a failure is only logged (lib/db):
 * the person gets their page all the same.
 */
static void
audit_refusal(struct req *r, const struct page *route,
    const struct page *known, int status)
{
	const char	*rule = r->rule, *what;

	if (r->refusal_logged || route == NULL ||
	    (status != 403 && status != 404 && status != 429))
		return;
	if (rule == NULL)
		rule = status == 404 ? "object.not_found" :
		    status == 429 ? "limit" : "forbidden";
	what = arena_printf(r->a, "%s %s", r->rq->method,
	    loggable_path(r, known, r->rq->path));
	(void)req_refused(r, status, "request.denied", "path",
	    what != NULL ? what : "[path]", rule);
}

/* No row for the method: a GET or HEAD of a POST-only path is sent to
 * its page (page_above); anything else is 405. */
static int
get_of_post(struct req *r)
{
	const char	*to;

	if ((strcmp(r->rq->method, "GET") != 0 &&
	    strcmp(r->rq->method, "HEAD") != 0) ||
	    (to = page_above(r)) == NULL)
		return 405;
	return page_redirect(r, to);
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

/* The head of a streamed response (struct req_stream): as
 * write_response's, without Content-Length (nginx sends it chunked). */
static void
default_headers(struct http_response *rs)
{
	if (http_header_get(rs, "Cache-Control") == NULL)
		http_header_set(rs, "Cache-Control", "no-store");
	if (http_header_get(rs, "Content-Type") == NULL)
		http_header_set(rs, "Content-Type", "text/html; charset=utf-8");
}

static int
stream_write(struct req *r, const char *s, size_t n)
{
	if (n == 0)
		return 0;
	return FCGX_PutStr(s, (int)n, (FCGX_Stream *)r->stream.out) ==
	    (int)n ? 0 : -1;
}

static int
stream_begin(struct req *r)
{
	struct http_response	*rs = r->rs;
	const struct http_header *h;
	struct buf		 hdr;

	if (r->stream.started)
		return -1;
	default_headers(rs);
	buf_init(&hdr, r->a, 0);
	buf_printf(&hdr, "Status: %d %s\r\n", rs->status,
	    http_status_text(rs->status));
	for (h = rs->headers; h != NULL; h = h->next)
		buf_printf(&hdr, "%s: %s\r\n", h->name, h->value);
	buf_puts(&hdr, "\r\n");
	if (hdr.failed)
		return -1;
	r->stream.started = 1;
	return stream_write(r, hdr.data, hdr.len);
}

void
app_handle(struct app *app, struct arena *a, FCGX_Request *fr)
{
	struct http_request	 rq;
	struct http_response	 rs;
	struct req		 r;
	const struct page	*route = NULL, *known = NULL;
	int			 status, not_found = 404;

	memset(&rq, 0, sizeof(rq));
	memset(&r, 0, sizeof(r));
	http_response_init(&rs, a);
	r.app = app;
	r.a = a;
	r.db = app->db;
	r.rq = &rq;
	r.rs = &rs;
	r.stream.begin = stream_begin;
	r.stream.write = stream_write;
	r.stream.out = fr->out;
	r.lang = i18n_choose(NULL, NULL);
	i18n_use(r.lang);
	i18n_use_youth(0);

	if ((status = read_request(&r, fr)) == 0) {
		/* Found first, run last: the page may add a statement to the
		 * session's round trip, but every check below still holds. */
		route = find_route(&r, &known, &not_found);
		/* HEAD (as GET) gets no prefetch */
		if ((status = identify(&r, route != NULL &&
		    strcmp(route->method, rq.method) == 0 ? route->prefetch :
		    NULL)) == 0)
			status = route != NULL ? dispatch(&r, route, known) :
			    not_found == 405 ? get_of_post(&r) : not_found;
	}
	/* streamed: the head and (part of) the body are out; the handler
	 * ended the body, nothing more can be said (struct req_stream) */
	if (r.stream.started) {
		if (status != 0)
			log_error("%s %s: cut after the head was sent (%d)",
			    rq.method, loggable_path(&r, known, rq.path),
			    status);
		db_rollback(r.db);
		log_info("%s %s -> %d (streamed)", rq.method,
		    loggable_path(&r, known, rq.path), rs.status);
		db_request_end(r.db);
		log_set_request(NULL);
		return;
	}
	/* a read of a column the result does not have is a bug (logged by
	 * lib/db): no page made from "" where a value should have been */
	if (status == 0 && (arena_failed(a) || rs.body.failed ||
	    db_read_failed()))
		status = 500;
	if (status != 0) {
		/* a refusal row written in the transaction goes with it */
		if (db_in_tx(r.db))
			r.refusal_logged = 0;
		db_rollback(r.db);
		/* An error page keeps the menu item of the page asked for
		 * (the same for a document that does not exist and one that
		 * may not be seen); a path no row knows shows none. */
		if (r.nav == NULL && (route != NULL || known != NULL))
			r.nav = (route != NULL ? route : known)->nav;
		/* a limit was full: the action is gone, its refusal stays */
		if (status == 429 && r.limit_which != NULL)
			req_notify_refused(&r);
		page_error(&r, status);
	}
	audit_refusal(&r, route, known, status != 0 ? status : rs.status);
	default_headers(&rs);
	log_info("%s %s -> %d", rq.method != NULL ? rq.method : "-",
	    rq.path != NULL ? loggable_path(&r, known, rq.path) : "-",
	    rs.status);
	write_response(&r, fr, rq.method != NULL &&
	    strcmp(rq.method, "HEAD") == 0);
	db_request_end(r.db);
	log_set_request(NULL);
}

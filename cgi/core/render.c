/*
 * render.c - pages inside the layout, error pages, redirects, cookies.
 */
#include <stdio.h>
#include <string.h>

#include "form.h"
#include "log.h"
#include "returnpath.h"
#include "core/portal.h"

const char *
req_addr(const struct req *r)
{
	return r->rq->remote_addr != NULL && *r->rq->remote_addr != '\0' ?
	    r->rq->remote_addr : "unknown";
}

const char *
req_helped_by(const struct req *r)
{
	return r->sess.valid && r->sess.assisted_by.live ?
	    r->sess.assisted_by.clerk_id_s : NULL;
}

/*
 * The helpdesk of the configuration (helpdesk_name, _phone, _hours): who
 * "wij" are and their number, for the footer and the error page. Without
 * one, "helpdesk" is false and pages name no number. The number is a
 * tel: link isolated left to right (an Arabic page keeps its groups in
 * order); the name and the hours are Dutch content.
 */
static void
helpdesk_ctx(struct req *r, struct tctx *c)
{
	const struct config	*cfg = &r->app->cfg;
	struct buf		 b;
	const char		*p;

	tctx_bool(c, "helpdesk", cfg->helpdesk_phone != NULL &&
	    *cfg->helpdesk_phone != '\0');
	tctx_nl(c, "helpdesk_name", cfg->helpdesk_name);
	tctx_nl(c, "helpdesk_hours", cfg->helpdesk_hours);
	tctx_bool(c, "helpdesk_has_hours", cfg->helpdesk_hours != NULL &&
	    *cfg->helpdesk_hours != '\0');
	tctx_str(c, "helpdesk_phone", "");
	if (cfg->helpdesk_phone == NULL)
		return;
	buf_init(&b, r->a, 0);
	buf_puts(&b, "<a href=\"tel:");
	for (p = cfg->helpdesk_phone; *p != '\0'; p++)
		if (*p == '+' || (*p >= '0' && *p <= '9'))
			buf_append(&b, p, 1);	/* config.c: nothing else */
	buf_puts(&b, "\" dir=\"ltr\">");
	buf_html(&b, cfg->helpdesk_phone, strlen(cfg->helpdesk_phone));
	buf_puts(&b, "</a>");
	if (!b.failed)
		tctx_html(c, "helpdesk_phone", buf_cstr(&b));
}

struct tctx *
page_ctx(struct req *r)
{
	struct tctx	*c = tctx_new(r->a, NULL);

	tctx_str(c, "csrf", r->csrf);
	tctx_bool(c, "logged_in", r->sess.valid);
	helpdesk_ctx(r, c);
	return c;
}

/* The language switch: every language, in its own name, linking back to
 * the page the person is on. */
static void
add_languages(struct req *r, struct tctx *c)
{
	const struct i18n_lang	*l;
	struct tctx		*it;
	struct buf		 href;
	size_t			 n, i;
	const char		*back = r->rq->path;
	char			 link[RETURNPATH_MAX * 3 + 64];

	/* After a POST, return to the start page rather than re-post. */
	if (strcmp(r->rq->method, "GET") != 0 || !http_url_safe(back))
		back = "/";
	/* The log-in pages keep where the log-in returns to. */
	else if (strcmp(req_return_path(r), "/") != 0 &&
	    returnpath_link(link, sizeof(link), back,
	    req_return_path(r)) == 0)
		back = link;
	l = i18n_languages(&n);
	tctx_str(c, "lang_native", r->lang->native);
	tctx_list(c, "languages");
	for (i = 0; i < n; i++) {
		if ((it = tctx_list_add(c, "languages")) == NULL)
			return;
		buf_init(&href, r->a, 0);
		buf_printf(&href, "/taal?l=%s&terug=", l[i].code);
		buf_urlenc(&href, back, strlen(back));
		tctx_str(it, "code", l[i].code);
		tctx_str(it, "native", l[i].native);
		tctx_str(it, "href", buf_cstr(&href));
		tctx_bool(it, "current", &l[i] == r->lang);
	}
}

static int
render_layout(struct req *r, const char *title, const char *content)
{
	struct tctx	*c = page_ctx(r);
	struct buf	 out;
	const char	*t;
	char		 err[256];

	tctx_str(c, "lang", r->lang->code);
	tctx_str(c, "dir", r->lang->rtl ? "rtl" : "ltr");
	/* A form sent with errors: the title says so first (WCAG 3.3.1;
	 * the error summary takes the focus, partials/error-summary). */
	if (r->form_failed && (t = arena_printf(r->a, "%s %s", _("Fout:"),
	    title)) != NULL)
		title = t;
	tctx_str(c, "title", title);
	tctx_html(c, "content", content);
	tctx_strf(c, "user_name", "%s %s",
	    r->sess.valid ? r->sess.given_name : "",
	    r->sess.valid ? r->sess.family_name : "");
	tctx_bool(c, "is_citizen", r->role == ROLE_CITIZEN);
	tctx_bool(c, "is_professional", r->role == ROLE_PROFESSIONAL);
	tctx_bool(c, "is_clerk", r->role == ROLE_CLERK);
	tctx_bool(c, "nav_home", r->nav == NULL && !r->error_page);
	tctx_bool(c, "nav_documents", r->nav != NULL &&
	    strcmp(r->nav, "documenten") == 0);
	tctx_bool(c, "nav_inzage", r->nav != NULL &&
	    strcmp(r->nav, "inzage") == 0);
	tctx_bool(c, "nav_delen", r->nav != NULL &&
	    strcmp(r->nav, "delen") == 0);
	tctx_bool(c, "nav_gegevens", r->nav != NULL &&
	    strcmp(r->nav, "gegevens") == 0);
	tctx_bool(c, "nav_afspraken", r->nav != NULL &&
	    strcmp(r->nav, "afspraken") == 0);
	tctx_bool(c, "nav_verzoeken", r->nav != NULL &&
	    strcmp(r->nav, "verzoeken") == 0);
	tctx_bool(c, "nav_berichten", r->nav != NULL &&
	    strcmp(r->nav, "berichten") == 0);
	tctx_bool(c, "nav_antwoord", r->nav != NULL &&
	    strcmp(r->nav, "antwoord") == 0);
	tctx_bool(c, "nav_hulp", r->nav != NULL &&
	    strcmp(r->nav, "hulp-vragen") == 0);
	tctx_bool(c, "nav_balie", r->nav != NULL &&
	    strcmp(r->nav, "balie") == 0);
	/* The counter: who helps, until when, and the way to stop, above
	 * everything on every page of an assisted session. */
	tctx_bool(c, "assisted", r->sess.valid && r->sess.assisted_by.live);
	tctx_bool(c, "draft_shown", r->draft_shown);
	if (r->sess.valid && r->sess.assisted_by.live) {
		tctx_nl(c, "assist_clerk", arena_printf(r->a, "%s %s",
		    r->sess.assisted_by.clerk_given_name,
		    r->sess.assisted_by.clerk_family_name));
		tctx_nl(c, "assist_org", r->sess.assisted_by.organisation);
		tctx_str(c, "assist_ends", r->sess.assisted_by.ends_at);
		tctx_nl(c, "assist_citizen", arena_printf(r->a, "%s %s",
		    r->sess.assisted_by.citizen_given_name,
		    r->sess.assisted_by.citizen_family_name));
	}
	add_languages(r, c);

	buf_init(&out, r->a, 0);
	if (tmpl_render(r->app->tmpl, "layout", c, &out, err, sizeof(err)) !=
	    TMPL_OK || out.failed) {
		log_error("render: %s", err);
		return -1;
	}
	r->rs->body = out;
	return 0;
}

static int
render_page(struct req *r, const char *name, const char *title,
    struct tctx *ctx)
{
	struct buf	 inner;
	char		 err[256];

	buf_init(&inner, r->a, 0);
	if (tmpl_render(r->app->tmpl, name, ctx, &inner, err, sizeof(err)) !=
	    TMPL_OK || inner.failed) {
		log_error("render: %s", err);
		return 500;
	}
	if (render_layout(r, title, buf_cstr(&inner)) == -1)
		return 500;
	return 0;
}

int
page_render(struct req *r, const char *name, const char *title_msgid,
    struct tctx *ctx)
{
	tctx_str(ctx, "title", i18n_gettext(title_msgid));
	return render_page(r, name, i18n_gettext(title_msgid), ctx);
}

int
page_render_text(struct req *r, const char *name, const char *title,
    struct tctx *ctx)
{
	tctx_nl(ctx, "title", title);
	return render_page(r, name, title, ctx);
}

const char *
page_partial(struct req *r, const char *name, struct tctx *ctx)
{
	struct buf	 out;
	char		 err[256];

	buf_init(&out, r->a, 0);
	if (tmpl_render(r->app->tmpl, name, ctx, &out, err, sizeof(err)) !=
	    TMPL_OK || out.failed) {
		log_error("render: %s", err);
		return NULL;
	}
	return buf_cstr(&out);
}

/* B1 texts per status: what happened, and what the person can do. */
static void
error_texts(int status, const char **title, const char **what,
    const char **todo)
{
	switch (status) {
	case 400:
		*title = N_("Dit ging niet goed");
		*what = N_("Wij konden niet lezen wat u stuurde.");
		*todo = N_("Ga terug en probeer het opnieuw.");
		break;
	case 403:
		*title = N_("U kunt deze pagina niet openen");
		*what = N_("Deze pagina of knop is niet voor u.");
		*todo = N_("Denkt u dat dit niet klopt? Neem contact op met uw hulpverlener.");
		break;
	case 404:
	case 405:
		*title = N_("Deze pagina bestaat niet");
		*what = N_("Wij kunnen deze pagina niet vinden.");
		*todo = N_("Kijk of de link goed is. Of ga naar de startpagina.");
		break;
	case 413:
		*title = N_("Dit is te groot");
		*what = N_("Uw tekst of bestand is te groot.");
		*todo = N_("Maak de tekst korter of kies een kleiner bestand. Probeer het dan opnieuw.");
		break;
	case 429:
		/* too many at once on the whole host (a hash cap); a person
		 * over their own limit is told separately (page_error) */
		*title = N_("Het is nu te druk");
		*what = N_("Er zijn nu te veel mensen tegelijk bezig.");
		*todo = N_("Wacht een minuut. Probeer het daarna opnieuw.");
		break;
	case 503:
		*title = N_("Het portaal werkt even niet");
		*what = N_("Er is een storing. Wij werken eraan.");
		*todo = N_("Probeer het over een paar minuten opnieuw.");
		break;
	default:
		*title = N_("Er ging iets mis");
		*what = N_("Er ging bij ons iets mis. Dat is niet uw fout.");
		*todo = N_("Probeer het later opnieuw.");
		break;
	}
}

/* A full limit (core/notify.c): from when it works again, rounded up to
 * the minute, on the page ("retry") and in Retry-After (seconds). */
static void
limit_retry(struct req *r, struct tctx *c)
{
	char	 when[128];
	time_t	 now = time(NULL), at = r->limit_until;

	if (at < now)
		at = now;
	at = (at + 59) / 60 * 60;
	i18n_format_datetime(when, sizeof(when), at);
	tctx_str(c, "retry", arena_strdup(r->a, when));
	http_header_set(r->rs, "Retry-After", arena_printf(r->a, "%ld",
	    (long)(at - now)));
}

void
page_error(struct req *r, int status)
{
	struct http_response	*rs = r->rs;
	struct http_header	*h, **pp;
	struct tctx		*c;
	const char		*title, *what, *todo;

	/* Throw away what the handler made, but keep cookies (a cleared
	 * session cookie must still be cleared), and on a "come back later"
	 * the handler's Retry-After. */
	for (pp = &rs->headers; (h = *pp) != NULL; ) {
		if (strcasecmp(h->name, "Set-Cookie") != 0 &&
		    ((status != 429 && status != 503) ||
		    strcasecmp(h->name, "Retry-After") != 0))
			*pp = h->next;
		else
			pp = &h->next;
	}
	buf_init(&rs->body, r->a, 0);
	rs->status = status;
	r->error_page = 1;
	r->form_failed = 0;
	log_info("error page %d", status);

	error_texts(status, &title, &what, &todo);
	if (status == 429 && r->limit_until > 0) {
		/* this person sent too much (core/notify.c) */
		title = N_("Even wachten");
		what = N_("U heeft heel vaak achter elkaar iets gestuurd. "
		    "Daarom is dit niet bewaard.");
		todo = N_("Wacht even en stuur het dan opnieuw.");
	}
	if (status == 403 && r->deny_reason != NULL && *r->deny_reason != '\0')
		what = r->deny_reason;
	c = page_ctx(r);
	tctx_str(c, "what", i18n_gettext(what));
	tctx_str(c, "todo", i18n_gettext(todo));
	tctx_str(c, "request_id", r->rq->request_id);
	tctx_long(c, "status", status);
	/* Who to call when it keeps happening: the helpdesk when one is
	 * configured (helpdesk_*). Without one nobody is promised a number:
	 * a member is shown where the professional's number and a
	 * conversation are (/berichten), staff are told to report it, who is
	 * logged out is sent to log in and write (review S19, M6). A member
	 * gets the /berichten link on every error page. */
	tctx_bool(c, "contact_link", r->role == ROLE_CITIZEN);
	tctx_bool(c, "staff", r->role == ROLE_PROFESSIONAL ||
	    r->role == ROLE_CLERK);
	tctx_str(c, "retry", "");
	/* A form sent during a fault may have been stored before the fault
	 * (the answer got lost): say so, and that sending it again is safe
	 * for the forms stored once by their form nonce (README, "After a
	 * fault"). */
	tctx_bool(c, "resend", status == 503 &&
	    strcmp(r->rq->method, "POST") == 0);
	if (status == 429 && r->limit_until > 0)
		limit_retry(r, c);
	if (r->lang != NULL && !arena_failed(r->a) &&
	    page_render(r, "error", title, c) == 0)
		return;
	/* Last resort when even the templates fail: plain, escaped text. */
	buf_init(&rs->body, r->a, 0);
	buf_puts(&rs->body, "<!doctype html><html lang=\"nl\"><meta "
	    "charset=\"utf-8\"><title>Er ging iets mis</title><h1>Er ging "
	    "iets mis</h1><p>Probeer het later opnieuw. Code: ");
	buf_html(&rs->body, r->rq->request_id, strlen(r->rq->request_id));
	buf_puts(&rs->body, "</p></html>");
}

int
page_redirect(struct req *r, const char *path)
{
	if (!http_url_safe(path) || path[0] != '/')
		path = "/";
	r->rs->status = 303;
	http_header_set(r->rs, "Location", path);
	return 0;
}

void
page_wait(struct req *r, struct tctx *c, long seconds)
{
	char	 s[24];

	if (seconds < 0)
		seconds = 0;
	tctx_bool(c, "wait", seconds > 0);
	tctx_bool(c, "wait_long", seconds >= 120);
	tctx_long(c, "wait_seconds", seconds);
	tctx_long(c, "wait_minutes", (seconds + 59) / 60);
	if (seconds > 0) {
		snprintf(s, sizeof(s), "%ld", seconds);
		http_header_set(r->rs, "Retry-After", arena_strdup(r->a, s));
	}
}

void
page_form_errors(struct req *r, struct tctx *c, const struct form_error *e,
    size_t n)
{
	struct tctx	*it;
	size_t		 i;

	tctx_bool(c, "has_errors", n > 0);
	if (n > 0)
		r->form_failed = 1;
	tctx_list(c, "errors");
	for (i = 0; i < n; i++) {
		if ((it = tctx_list_add(c, "errors")) == NULL)
			return;
		tctx_str(it, "field", e[i].field);
		tctx_str(it, "message", i18n_gettext(e[i].msgid));
	}
}

void
page_cookie(struct req *r, const char *name, const char *value, long max_age)
{
	struct http_cookie	 ck;

	memset(&ck, 0, sizeof(ck));
	ck.name = name;
	ck.value = value;
	ck.max_age = max_age;
	ck.secure = r->app->cfg.secure_cookies;
	ck.http_only = 1;
	ck.same_site = "Lax";
	if (http_cookie_set(r->rs, &ck) == -1)
		log_error("cookie %s refused", name);
}

const char *
label_of(const struct label *t, size_t n, const char *code)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		if (strcmp(t[i].code, code) == 0)
			return i18n_gettext(t[i].label);
	return code;
}

/* Family roles. */
static const struct label role_labels[] = {
	{ "moeder",	 N_("moeder") },
	{ "vader",	 N_("vader") },
	{ "ouder",	 N_("ouder") },
	{ "verzorger",	 N_("verzorger") },
	{ "dochter",	 N_("dochter") },
	{ "zoon",	 N_("zoon") },
	{ "kind",	 N_("kind") },
	{ "grootmoeder", N_("oma") },
	{ "grootvader",	 N_("opa") },
	{ "netwerk",	 N_("iemand uit het netwerk") },
};

const char *
family_role_label(const char *code)
{
	return LABEL(role_labels, code);
}

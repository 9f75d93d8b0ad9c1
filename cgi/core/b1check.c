/*
 * b1check.c - the B1 check of what a professional writes (lib/b1) on the
 * forms where they write for a family: the button "Controleren" sends
 * the form back to the same page (nothing stored, the text stays in the
 * form) and the page shows partials/b1-check. It advises and never
 * blocks: saving works whatever the check says.
 */
#include <string.h>

#include "b1.h"
#include "core/portal.h"

int
req_b1_asked(const struct req *r)
{
	const struct http_field	*f = http_fields_get(&r->rq->form, "actie");

	return f != NULL && strcmp(f->value, "controleren") == 0;
}

static void
none(struct tctx *c)
{
	tctx_bool(c, "b1", 0);
	tctx_bool(c, "b1_saved", 0);
	tctx_str(c, "b1_verdict", "");
	tctx_bool(c, "b1_good", 0);
	tctx_bool(c, "b1_scored", 0);
	tctx_long(c, "b1_score", 0);
	tctx_bool(c, "b1_truncated", 0);
	tctx_bool(c, "b1_has_longs", 0);
	tctx_list(c, "b1_longs");
	tctx_bool(c, "b1_has_hits", 0);
	tctx_list(c, "b1_hits");
}

int
page_b1(struct req *r, struct tctx *c, const char *text)
{
	struct b1_report	 rep;
	struct tctx		*it;
	const char		*verdict;
	size_t			 i;

	none(c);
	if (text == NULL || r->app->b1 == NULL)
		return 0;
	if (b1_check(r->a, r->app->b1, text, &rep) == -1)
		return 500;
	switch (rep.verdict) {
	case B1_EMPTY:
		verdict = N_("Er staat nog geen tekst.");
		break;
	case B1_SHORT:
		verdict = N_("De tekst is te kort om te meten.");
		break;
	case B1_GOOD:
		verdict = N_("Goed te lezen");
		break;
	default:
		verdict = N_("Moeilijk");
		break;
	}
	tctx_bool(c, "b1", 1);
	tctx_str(c, "b1_verdict", i18n_gettext(verdict));
	tctx_bool(c, "b1_good", rep.verdict == B1_GOOD);
	tctx_bool(c, "b1_scored", rep.verdict == B1_GOOD ||
	    rep.verdict == B1_HARD);
	tctx_long(c, "b1_score", rep.score < 0 ? 0 : (long)(rep.score + 0.5));
	tctx_bool(c, "b1_truncated", rep.truncated);
	tctx_bool(c, "b1_has_longs", rep.nlongs > 0);
	for (i = 0; i < rep.nlongs; i++) {
		if ((it = tctx_list_add(c, "b1_longs")) == NULL)
			return 500;
		tctx_str(it, "sentence", rep.longs[i].text);
		tctx_long(it, "n", (long)rep.longs[i].words);
	}
	tctx_bool(c, "b1_has_hits", rep.nhits > 0);
	for (i = 0; i < rep.nhits; i++) {
		if ((it = tctx_list_add(c, "b1_hits")) == NULL)
			return 500;
		tctx_str(it, "found", rep.hits[i].found);
		tctx_str(it, "plain", rep.hits[i].plain);
		tctx_bool(it, "explain", rep.hits[i].plain == NULL);
	}
	return 0;
}

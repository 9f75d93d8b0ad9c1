/*
 * fuzz_tmpl.c - libFuzzer target: compiles the input as a template
 * (next to a fixed partial, and one that includes the input again) and
 * renders it with a small context and a translator that passes msgids
 * through, except those starting with 'x', which get placeholders; then
 * the same as a plain-text mail ("mail/fuzz", with text partials).
 * Must never crash, hang or leak.
 *
 *   clang -g -O1 -fsanitize=fuzzer,address,undefined -D_GNU_SOURCE -Ilib \
 *	tests/fuzz/fuzz_tmpl.c lib/tmpl.c lib/arena.c lib/buf.c \
 *	-o /tmp/fuzz_tmpl && /tmp/fuzz_tmpl -max_total_time=60
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "tmpl.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static const char *
fz_gettext(const char *msgid)
{
	return msgid[0] == 'x' ? "{a} & {h} {nope} {" : msgid;
}

static const char *
fz_ngettext(const char *one, const char *many, unsigned long n)
{
	return n == 1 ? one : many;
}

/* Every kind of value: strings, numbers, html, bools, nested lists. */
static void
fill(struct tctx *c)
{
	struct tctx	*it, *sub;
	int		 i;

	tctx_str(c, "a", "<a&'\">");
	tctx_long(c, "n", 3);
	tctx_str(c, "one", "1");
	tctx_str(c, "bad", "12x");
	tctx_html(c, "h", "<b>raw</b>");
	tctx_bool(c, "t", 1);
	tctx_bool(c, "f", 0);
	tctx_str(c, "e", "");
	tctx_str(c, "crlf", "a\r\nBcc: b");
	tctx_list(c, "none");
	for (i = 0; i < 3; i++) {
		it = tctx_list_add(c, "l");
		tctx_long(it, "x", i);
		tctx_bool(it, "odd", i & 1);
		sub = tctx_list_add(it, "m");
		tctx_strf(sub, "y", "%d<", i);
	}
	it = tctx_list_add(c, "k");	/* items see l's items only by frame */
	tctx_str(it, "z", "z");
}

static const char *const part_text =
    "[{{a}}{{#l}}{{x}}{{#m}}{{y}}{{/m}}{{/l}}{{^none}}-{{/none}}]";

/* The input as mail "mail/fuzz": subject and body, nothing escaped. */
static void
fuzz_mail(const char *src)
{
	const char	*names[3] = { "mail/fuzz", "mail/partials/p",
			    "mail/partials/again" };
	const char	*texts[3] = { src, part_text,
			    "{{#t}}{{>mail/partials/p}}{{/t}}" };
	struct tmpl_set	*set;
	struct arena	*a;
	struct tctx	*c;
	struct buf	 subject, body;
	char		 err[256];

	if ((set = tmpl_load_mem(names, texts, 3, err, sizeof(err))) == NULL)
		return;
	if ((a = arena_new(8 << 20)) != NULL &&
	    (c = tctx_new(a, NULL)) != NULL) {
		fill(c);
		buf_init(&subject, a, 1 << 20);
		buf_init(&body, a, 1 << 20);
		tmpl_set_translator(fz_gettext, fz_ngettext);
		if (tmpl_render_mail(set, "mail/fuzz", c, &subject, &body, err,
		    sizeof(err)) == TMPL_OK && subject.len > 0 &&
		    (memchr(subject.data, '\n', subject.len) != NULL ||
		    memchr(subject.data, '\r', subject.len) != NULL))
			abort();	/* a line end got into a subject */
		tmpl_set_translator(NULL, NULL);
	}
	arena_free(a);
	tmpl_set_free(set);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char	*names[3] = { "fuzz", "partials/p", "partials/again" };
	const char	*texts[3];
	struct tmpl_set	*set;
	struct arena	*a;
	struct tctx	*c;
	struct buf	 out;
	char		*src, err[256];

	if (size > 64 * 1024)
		return 0;
	if ((src = malloc(size + 1)) == NULL)
		return 0;
	if (size > 0)
		memcpy(src, data, size);
	src[size] = '\0';
	texts[0] = src;
	texts[1] = part_text;
	texts[2] = "{{#t}}{{>fuzz}}{{/t}}";
	set = tmpl_load_mem(names, texts, 3, err, sizeof(err));
	fuzz_mail(src);
	free(src);
	if (set == NULL)
		return 0;
	if ((a = arena_new(8 << 20)) != NULL &&
	    (c = tctx_new(a, NULL)) != NULL) {
		fill(c);
		buf_init(&out, a, 1 << 20);
		tmpl_set_translator(fz_gettext, fz_ngettext);
		(void)tmpl_render(set, "fuzz", c, &out, err, sizeof(err));
		tmpl_set_translator(NULL, NULL);
	}
	arena_free(a);
	tmpl_set_free(set);
	return 0;
}

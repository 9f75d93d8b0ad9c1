/*
 * test_tmpl.c - the template language: compiling, escaping, sections,
 * partials, translation tags, errors, loading a directory.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <sys/stat.h>

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "arena.h"
#include "buf.h"
#include "tmpl.h"

struct fx {
	struct arena	*a;
	struct tctx	*c;
	struct buf	 out;
	char		 err[256];
};

static int
setup(void **state)
{
	struct fx	*f;

	if ((f = calloc(1, sizeof(*f))) == NULL)
		return -1;
	if ((f->a = arena_new(0)) == NULL) {
		free(f);
		return -1;
	}
	f->c = tctx_new(f->a, NULL);
	buf_init(&f->out, f->a, 0);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fx	*f = *state;

	tmpl_set_translator(NULL, NULL);
	arena_free(f->a);
	free(f);
	return 0;
}

/* Compiles "page" (and optional partials, name/text pairs). */
static struct tmpl_set *
load(struct fx *f, const char *page, const char *pname, const char *ptext)
{
	const char	*names[2] = { "page", pname };
	const char	*texts[2] = { page, ptext };

	return tmpl_load_mem(names, texts, pname != NULL ? 2 : 1, f->err,
	    sizeof(f->err));
}

/* Renders page with f->c; asserts success; returns the output. */
static const char *
render_ok(struct fx *f, const char *page, const char *pname,
    const char *ptext)
{
	struct tmpl_set	*set;
	enum tmpl_err	 rc;

	set = load(f, page, pname, ptext);
	if (set == NULL)
		fail_msg("compile: %s", f->err);
	buf_reset(&f->out);
	rc = tmpl_render(set, "page", f->c, &f->out, f->err, sizeof(f->err));
	tmpl_set_free(set);
	if (rc != TMPL_OK)
		fail_msg("render: %d %s", rc, f->err);
	return buf_cstr(&f->out);
}

/* Renders page with f->c; returns the error code (must not be OK). */
static enum tmpl_err
render_err(struct fx *f, const char *page, const char *pname,
    const char *ptext)
{
	struct tmpl_set	*set;
	enum tmpl_err	 rc;

	set = load(f, page, pname, ptext);
	if (set == NULL)
		fail_msg("compile: %s", f->err);
	buf_reset(&f->out);
	rc = tmpl_render(set, "page", f->c, &f->out, f->err, sizeof(f->err));
	tmpl_set_free(set);
	assert_int_not_equal(rc, TMPL_OK);
	return rc;
}

/* Compiling must fail; the message must contain want. */
static void
compile_fails(struct fx *f, const char *page, const char *pname,
    const char *ptext, const char *want)
{
	struct tmpl_set	*set;

	set = load(f, page, pname, ptext);
	if (set != NULL) {
		tmpl_set_free(set);
		fail_msg("compiled but should not: %s", page);
	}
	if (strstr(f->err, want) == NULL)
		fail_msg("error '%s' does not contain '%s'", f->err, want);
}

static void
test_tmpl_escape_text(void **state)
{
	struct fx	*f = *state;

	tctx_str(f->c, "v", "a&b<c>d\"e'f");
	assert_string_equal(render_ok(f, "<p>{{v}}</p>", NULL, NULL),
	    "<p>a&amp;b&lt;c&gt;d&quot;e&#39;f</p>");
}

static void
test_tmpl_escape_attr(void **state)
{
	struct fx	*f = *state;

	tctx_str(f->c, "ti", "x\" onclick='alert(1)'");
	tctx_str(f->c, "u", "<script>");
	assert_string_equal(render_ok(f,
	    "<a title=\"{{ti}}\" data-x='{{ u }}'>&amp;</a>", NULL, NULL),
	    "<a title=\"x&quot; onclick=&#39;alert(1)&#39;\" "
	    "data-x='&lt;script&gt;'>&amp;</a>");
}

static void
test_tmpl_html_raw(void **state)
{
	struct fx	*f = *state;

	tctx_html(f->c, "body", "<b class=\"x\">&amp;</b>");
	tctx_str(f->c, "same", "<b>");
	assert_string_equal(render_ok(f, "{{body}}|{{same}}", NULL, NULL),
	    "<b class=\"x\">&amp;</b>|&lt;b&gt;");
	assert_string_equal(tctx_get(f->c, "body"), "<b class=\"x\">&amp;</b>");
}

static void
test_tmpl_long(void **state)
{
	struct fx	*f = *state;

	tctx_long(f->c, "a", 0);
	tctx_long(f->c, "b", -42);
	tctx_long(f->c, "c", LONG_MAX);
	tctx_long(f->c, "d", LONG_MIN);
	assert_string_equal(render_ok(f, "{{a}} {{b}} {{c}} {{d}}", NULL,
	    NULL), "0 -42 9223372036854775807 -9223372036854775808");
	assert_null(tctx_get(f->c, "a"));
}

static void
test_tmpl_list_order(void **state)
{
	struct fx	*f = *state;
	const char	*v[] = { "one", "two", "three", "four" };
	struct tctx	*it;
	size_t		 i;

	for (i = 0; i < 4; i++) {
		it = tctx_list_add(f->c, "items");
		assert_non_null(it);
		tctx_str(it, "name", v[i]);
		tctx_long(it, "i", (long)i);
	}
	assert_string_equal(render_ok(f,
	    "<ul>{{#items}}<li>{{i}}:{{name}}</li>{{/items}}</ul>", NULL,
	    NULL), "<ul><li>0:one</li><li>1:two</li><li>2:three</li>"
	    "<li>3:four</li></ul>");
}

static void
test_tmpl_nested_parent_lookup(void **state)
{
	struct fx	*f = *state;
	struct tctx	*fam, *kid;

	tctx_str(f->c, "title", "T");
	tctx_str(f->c, "name", "root");
	fam = tctx_list_add(f->c, "fams");
	tctx_str(fam, "fam", "A");
	kid = tctx_list_add(fam, "kids");
	tctx_str(kid, "name", "a1");
	kid = tctx_list_add(fam, "kids");
	tctx_str(kid, "name", "a2");
	fam = tctx_list_add(f->c, "fams");
	tctx_str(fam, "fam", "B");
	tctx_list(fam, "kids");
	/* Inner names shadow outer ones; the outer ones stay visible. */
	assert_string_equal(render_ok(f,
	    "{{#fams}}[{{fam}}:{{#kids}}{{name}}/{{fam}}/{{title}} "
	    "{{/kids}}{{^kids}}none {{name}}{{/kids}}]{{/fams}}{{name}}",
	    NULL, NULL),
	    "[A:a1/A/T a2/A/T ][B:none root]root");
	assert_string_equal(tctx_get(kid, "title"), "T");
}

static void
test_tmpl_outer_list_in_item(void **state)
{
	struct fx	*f = *state;
	struct tctx	*it;

	it = tctx_list_add(f->c, "rows");
	tctx_str(it, "r", "1");
	it = tctx_list_add(f->c, "rows");
	tctx_str(it, "r", "2");
	it = tctx_list_add(f->c, "cols");
	tctx_str(it, "c", "a");
	it = tctx_list_add(f->c, "cols");
	tctx_str(it, "c", "b");
	/* cols belongs to the root, yet {{r}} of the row is still seen. */
	assert_string_equal(render_ok(f,
	    "{{#rows}}{{#cols}}{{r}}{{c}} {{/cols}}{{/rows}}", NULL, NULL),
	    "1a 1b 2a 2b ");
}

static void
test_tmpl_bool_sections(void **state)
{
	struct fx	*f = *state;

	tctx_bool(f->c, "yes", 1);
	tctx_bool(f->c, "no", 0);
	assert_string_equal(render_ok(f,
	    "{{#yes}}Y{{/yes}}{{^yes}}y{{/yes}}"
	    "{{#no}}N{{/no}}{{^no}}n{{/no}}", NULL, NULL), "Yn");
	tctx_bool(f->c, "yes", 0);
	tctx_bool(f->c, "no", 7);
	assert_string_equal(render_ok(f,
	    "{{#yes}}Y{{/yes}}{{^yes}}y{{/yes}}"
	    "{{#no}}N{{/no}}{{^no}}n{{/no}}", NULL, NULL), "yN");
}

static void
test_tmpl_empty_list_inverted(void **state)
{
	struct fx	*f = *state;
	struct tctx	*it;

	tctx_list(f->c, "l");
	assert_string_equal(render_ok(f,
	    "{{#l}}item{{/l}}{{^l}}empty{{/l}}", NULL, NULL), "empty");
	it = tctx_list_add(f->c, "l");
	assert_non_null(it);
	tctx_list(f->c, "l");	/* declaring again keeps the items */
	assert_string_equal(render_ok(f,
	    "{{#l}}item{{/l}}{{^l}}empty{{/l}}", NULL, NULL), "item");
}

static void
test_tmpl_string_long_sections(void **state)
{
	struct fx	*f = *state;

	tctx_str(f->c, "s", "x");
	tctx_str(f->c, "e", "");
	tctx_str(f->c, "nul", NULL);
	tctx_long(f->c, "z", 0);
	tctx_long(f->c, "n", 3);
	assert_string_equal(render_ok(f,
	    "{{#s}}S{{s}}{{/s}}{{^s}}s{{/s}}{{#e}}E{{/e}}{{^e}}e{{/e}}"
	    "{{^nul}}0{{/nul}}{{#z}}Z{{/z}}{{^z}}z{{/z}}{{#n}}N{{n}}{{/n}}",
	    NULL, NULL), "Sxe0zN3");
}

static void
test_tmpl_partial(void **state)
{
	struct fx	*f = *state;
	struct tctx	*it;

	tctx_str(f->c, "who", "<me>");
	it = tctx_list_add(f->c, "l");
	tctx_str(it, "who", "a");
	it = tctx_list_add(f->c, "l");
	tctx_str(it, "who", "b");
	assert_string_equal(render_ok(f,
	    "<p>{{> partials/hi }}</p>{{#l}}{{>partials/hi}}{{/l}}",
	    "partials/hi", "hi {{who}};"),
	    "<p>hi &lt;me&gt;;</p>hi a;hi b;");
}

static void
test_tmpl_unknown_var(void **state)
{
	struct fx	*f = *state;

	tctx_str(f->c, "user", "x");
	assert_int_equal(render_err(f, "a {{usr}} b", NULL, NULL),
	    TMPL_EUNKNOWN);
	assert_string_equal(f->err, "page: unknown name 'usr'");
	/* Inside a partial the partial's name is given. */
	assert_int_equal(render_err(f, "{{>p}}", "p", "{{nope}}"),
	    TMPL_EUNKNOWN);
	assert_string_equal(f->err, "p: unknown name 'nope'");
	/* A placeholder in {{t}} likewise. */
	assert_int_equal(render_err(f, "{{t \"Hoi {naam}\"}}", NULL, NULL),
	    TMPL_EUNKNOWN);
	assert_string_equal(f->err, "page: unknown name 'naam'");
}

static void
test_tmpl_unknown_section(void **state)
{
	struct fx	*f = *state;

	tctx_bool(f->c, "shown", 1);
	assert_int_equal(render_err(f, "{{#show}}x{{/show}}", NULL, NULL),
	    TMPL_EUNKNOWN);
	assert_string_equal(f->err, "page: unknown name 'show'");
	assert_int_equal(render_err(f, "{{^hide}}x{{/hide}}", NULL, NULL),
	    TMPL_EUNKNOWN);
	assert_string_equal(f->err, "page: unknown name 'hide'");
	/* Also when it is only reached inside a true section. */
	assert_int_equal(render_err(f, "{{#shown}}{{#x}}{{/x}}{{/shown}}",
	    NULL, NULL), TMPL_EUNKNOWN);
}

static void
test_tmpl_print_bool_or_list(void **state)
{
	struct fx	*f = *state;

	tctx_bool(f->c, "b", 1);
	tctx_list(f->c, "l");
	assert_int_equal(render_err(f, "{{b}}", NULL, NULL), TMPL_EUNKNOWN);
	assert_non_null(strstr(f->err, "'b' is a bool"));
	assert_int_equal(render_err(f, "{{l}}", NULL, NULL), TMPL_EUNKNOWN);
	assert_non_null(strstr(f->err, "'l' is a list"));
}

static void
test_tmpl_unbalanced(void **state)
{
	struct fx	*f = *state;

	compile_fails(f, "a\nb\n{{#x}}\nc", NULL, NULL,
	    "page:3: '{{#x}}' is never closed");
	compile_fails(f, "a\n{{#x}}\n{{^y}}\n\n{{/x}}{{/y}}", NULL, NULL,
	    "page:5: '{{/x}}' closes '{{^y}}' from line 3");
	compile_fails(f, "a\n\n{{/x}}", NULL, NULL,
	    "page:3: '{{/x}}' without an open section");
	/* Inside a partial the partial's name and line are given. */
	compile_fails(f, "ok", "partials/p", "\n{{#a}}", "partials/p:2:");
}

static void
test_tmpl_syntax(void **state)
{
	struct fx	*f = *state;

	compile_fails(f, "{{}}", NULL, NULL, "page:1: empty tag");
	compile_fails(f, "\n{{#}}", NULL, NULL, "page:2: expected a name");
	compile_fails(f, "{{/ }}", NULL, NULL, "expected a name");
	compile_fails(f, "{{>}}", NULL, NULL, "expected a name");
	compile_fails(f, "{{{x}}}", NULL, NULL, "unknown tag");
	compile_fails(f, "{{&x}}", NULL, NULL, "unknown tag");
	compile_fails(f, "{{a b}}", NULL, NULL, "unexpected 'b' in tag");
	compile_fails(f, "{{a.b}}", NULL, NULL, "unexpected '.' in tag");
	compile_fails(f, "{{t}}", NULL, NULL, "needs a quoted text");
	compile_fails(f, "{{t msg}}", NULL, NULL, "needs a quoted text");
	compile_fails(f, "{{t \"\"}}", NULL, NULL, "empty text");
	compile_fails(f, "{{t \"a\\nb\"}}", NULL, NULL, "bad escape");
	compile_fails(f, "{{tn \"a\" \"b\"}}", NULL, NULL, "expected a name");
	compile_fails(f, "{{tn \"a\" n}}", NULL, NULL, "needs a quoted text");
	compile_fails(f, "{{t \"a\" \"b\"}}", NULL, NULL, "unexpected '\"'");
}

static void
test_tmpl_unterminated(void **state)
{
	struct fx	*f = *state;

	compile_fails(f, "a\n{{name", NULL, NULL, "page:2: unterminated tag");
	compile_fails(f, "a\n{{name}", NULL, NULL, "page:2: unterminated tag");
	compile_fails(f, "{{", NULL, NULL, "page:1: unterminated tag");
	compile_fails(f, "{{#x", NULL, NULL, "unterminated tag");
	compile_fails(f, "\n\n{{! note\n", NULL, NULL,
	    "page:3: unterminated comment");
	compile_fails(f, "{{t \"abc}}", NULL, NULL, "unterminated string");
	compile_fails(f, "{{t \"abc\\\"}}", NULL, NULL, "unterminated string");
}

static void
test_tmpl_missing_partial(void **state)
{
	struct fx	*f = *state;

	compile_fails(f, "x\n\n{{>partials/nav}}", NULL, NULL,
	    "page:3: unknown partial 'partials/nav'");
	compile_fails(f, "{{>partials/nav}}", "partials/navi", "",
	    "unknown partial 'partials/nav'");
}

static void
test_tmpl_partial_recursion(void **state)
{
	struct fx	*f = *state;

	assert_int_equal(render_err(f, "x{{>page}}", NULL, NULL),
	    TMPL_EPARTIAL);
	assert_non_null(strstr(f->err, "nested deeper"));
	assert_int_equal(render_err(f, "{{>a}}", "a", "{{>page}}"),
	    TMPL_EPARTIAL);
	assert_non_null(strstr(f->err, "partials nested deeper than 16 at "
	    "'{{>a}}'"));
}

static void
test_tmpl_partial_depth_ok(void **state)
{
	struct fx	*f = *state;
	struct tctx	*c = f->c;
	int		 i;

	/* A tree three levels deep renders through a recursive partial. */
	for (i = 0; i < 3; i++) {
		c = tctx_list_add(c, "kids");
		tctx_long(c, "lvl", i);
	}
	tctx_list(c, "kids");
	assert_string_equal(render_ok(f, "{{>node}}", "node",
	    "{{#kids}}({{lvl}}{{>node}}){{/kids}}"), "(0(1(2)))");
}

static void
test_tmpl_step_budget(void **state)
{
	struct fx	*f = *state;
	char		 page[512];
	size_t		 len = 0;
	int		 i;

	/* 3^40 iterations with no output: stopped, not hung. */
	for (i = 0; i < 3; i++)
		tctx_list_add(f->c, "l");
	for (i = 0; i < 40; i++)
		len += (size_t)snprintf(page + len, sizeof(page) - len,
		    "{{#l}}");
	for (i = 0; i < 40; i++)
		len += (size_t)snprintf(page + len, sizeof(page) - len,
		    "{{/l}}");
	assert_true(len < sizeof(page));
	assert_int_equal(render_err(f, page, NULL, NULL), TMPL_ENOMEM);
	assert_non_null(strstr(f->err, "page: more than"));
}

static const char *
fake_gettext(const char *msgid)
{
	if (strcmp(msgid, "Hallo {naam}") == 0)
		return "Hello <{naam}> & \"co\" {nope {} {a-b}";
	if (strcmp(msgid, "Hallo") == 0)
		return NULL;	/* a hook may fail: the msgid is shown */
	if (strcmp(msgid, "verzoek\004Over {x}") == 0)
		return "Konu: {x}";
	if (strcmp(msgid, "persoon\004Over {x}") == 0)
		return msgid;	/* untranslated: gettext gives the key */
	return "?";
}

static const char *
fake_ngettext(const char *one, const char *many, unsigned long n)
{
	(void)one;
	(void)many;
	if (n == 1)
		return "one <file> of {n}";
	return "{n} files & {who}";
}

static void
test_tmpl_t(void **state)
{
	struct fx	*f = *state;

	tctx_str(f->c, "naam", "<Ann & Bo>");
	tctx_html(f->c, "link", "<a href=\"/x\">x</a>");
	/* Identity: msgid escapes, placeholders, raw trusted values. */
	assert_string_equal(render_ok(f,
	    "{{t \"Zeg \\\"hoi\\\" \\\\ {naam} {link} {x\"}}", NULL, NULL),
	    "Zeg &quot;hoi&quot; \\ &lt;Ann &amp; Bo&gt; "
	    "<a href=\"/x\">x</a> {x");
	tmpl_set_translator(fake_gettext, fake_ngettext);
	assert_string_equal(render_ok(f,
	    "<p title=\"{{t \"Hallo {naam}\"}}\">{{t \"Hallo\"}}</p>", NULL,
	    NULL), "<p title=\"Hello &lt;&lt;Ann &amp; Bo&gt;&gt; &amp; "
	    "&quot;co&quot; {nope {} {a-b}\">Hallo</p>");
}

static void
test_tmpl_tn(void **state)
{
	struct fx	*f = *state;
	const char	*page = "{{tn \"{n} bestand\" \"{n} bestanden\" n}}";

	tctx_long(f->c, "n", 1);
	assert_string_equal(render_ok(f, page, NULL, NULL), "1 bestand");
	tctx_long(f->c, "n", 2);
	assert_string_equal(render_ok(f, page, NULL, NULL), "2 bestanden");
	tctx_long(f->c, "n", 0);
	assert_string_equal(render_ok(f, page, NULL, NULL), "0 bestanden");
	tctx_long(f->c, "n", -1);
	assert_string_equal(render_ok(f, page, NULL, NULL), "-1 bestand");
	tctx_str(f->c, "n", "1");
	assert_string_equal(render_ok(f, page, NULL, NULL), "1 bestand");
	tctx_strf(f->c, "n", "%d", 12);
	assert_string_equal(render_ok(f, page, NULL, NULL), "12 bestanden");

	tmpl_set_translator(fake_gettext, fake_ngettext);
	tctx_str(f->c, "who", "<x>");
	tctx_long(f->c, "n", 1);
	assert_string_equal(render_ok(f, page, NULL, NULL),
	    "one &lt;file&gt; of 1");
	tctx_long(f->c, "n", 5);
	assert_string_equal(render_ok(f, page, NULL, NULL),
	    "5 files &amp; &lt;x&gt;");

	tctx_str(f->c, "n", "12a");
	assert_int_equal(render_err(f, page, NULL, NULL), TMPL_EUNKNOWN);
	assert_non_null(strstr(f->err, "not a number"));
	tctx_str(f->c, "n", "99999999999999999999");
	assert_int_equal(render_err(f, page, NULL, NULL), TMPL_EUNKNOWN);
	tctx_bool(f->c, "n", 1);
	assert_int_equal(render_err(f, page, NULL, NULL), TMPL_EUNKNOWN);
	assert_int_equal(render_err(f, "{{tn \"a\" \"b\" m}}", NULL, NULL),
	    TMPL_EUNKNOWN);
	assert_string_equal(f->err, "page: unknown name 'm'");
}

static void
test_tmpl_comment(void **state)
{
	struct fx	*f = *state;

	tctx_str(f->c, "a", "A");
	assert_string_equal(render_ok(f,
	    "x{{! a note with\n\"quotes\" {{ }}y{{ !x}}{{a}}\n{{!}}z", NULL,
	    NULL), "xyA\nz");
	/* Lines after a multi-line comment are still counted. */
	compile_fails(f, "{{!\n\n}}{{/q}}", NULL, NULL, "page:3:");
}

static void
test_tmpl_ctx_replace(void **state)
{
	struct fx	*f = *state;
	struct tctx	*child;

	tctx_str(f->c, "k", "first");
	tctx_str(f->c, "k", "second");
	assert_string_equal(tctx_get(f->c, "k"), "second");
	assert_string_equal(render_ok(f, "{{k}}", NULL, NULL), "second");
	tctx_long(f->c, "k", 5);
	assert_null(tctx_get(f->c, "k"));
	assert_string_equal(render_ok(f, "{{k}}", NULL, NULL), "5");
	tctx_strf(f->c, "k", "%s-%03d", "x", 7);
	assert_string_equal(render_ok(f, "{{k}}", NULL, NULL), "x-007");
	child = tctx_new(f->a, f->c);
	tctx_str(child, "k", "child");
	assert_string_equal(tctx_get(child, "k"), "child");
	assert_string_equal(tctx_get(f->c, "k"), "x-007");
	assert_null(tctx_get(child, "nope"));
	/* The value is copied. */
	{
		char	 v[] = "copy";

		tctx_str(f->c, "c", v);
		v[0] = 'X';
		assert_string_equal(tctx_get(f->c, "c"), "copy");
	}
}

static void
test_tmpl_ctx_null(void **state)
{
	struct fx	*f = *state;
	struct tmpl_set	*set;

	assert_null(tctx_new(NULL, NULL));
	tctx_str(NULL, "a", "b");
	tctx_strf(NULL, "a", "%d", 1);
	tctx_html(NULL, "a", "b");
	tctx_long(NULL, "a", 1);
	tctx_bool(NULL, "a", 1);
	tctx_list(NULL, "a");
	assert_null(tctx_list_add(NULL, "a"));
	assert_null(tctx_get(NULL, "a"));
	tctx_str(f->c, NULL, "b");
	assert_null(tctx_get(f->c, NULL));

	set = load(f, "plain <p>", NULL, NULL);
	assert_non_null(set);
	assert_int_equal(tmpl_render(set, "page", NULL, &f->out, f->err,
	    sizeof(f->err)), TMPL_OK);
	assert_string_equal(buf_cstr(&f->out), "plain <p>");
	buf_reset(&f->out);
	assert_int_equal(tmpl_render(set, "page2", f->c, &f->out, f->err,
	    sizeof(f->err)), TMPL_ENOTFOUND);
	assert_non_null(strstr(f->err, "page2"));
	assert_true(tmpl_exists(set, "page"));
	assert_false(tmpl_exists(set, "pag"));
	assert_false(tmpl_exists(NULL, "page"));
	tmpl_set_free(set);
	tmpl_set_free(NULL);
}

static void
test_tmpl_arena_failure(void **state)
{
	struct fx	*f = *state;
	struct arena	*a;
	struct tctx	*c, *it;
	struct tmpl_set	*set;
	struct buf	 out;
	char		 big[2048];
	int		 i;

	(void)f;
	assert_non_null(a = arena_new(4096));
	c = tctx_new(a, NULL);
	assert_non_null(c);
	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	for (i = 0; i < 8; i++) {
		tctx_str(c, "big", big);
		it = tctx_list_add(c, "l");
		tctx_str(it, "v", "y");
	}
	assert_true(arena_failed(a));
	arena_free(a);

	/* Output beyond the buffer's limit is ENOMEM, not a crash. */
	assert_non_null(a = arena_new(0));
	assert_non_null(c = tctx_new(a, NULL));
	tctx_str(c, "v", "<<<<<<<<<<");
	set = load(f, "{{v}}{{v}}{{v}}", NULL, NULL);
	assert_non_null(set);
	buf_init(&out, a, 16);
	assert_int_equal(tmpl_render(set, "page", c, &out, f->err,
	    sizeof(f->err)), TMPL_ENOMEM);
	tmpl_set_free(set);
	arena_free(a);
}

static void
test_tmpl_duplicate_and_bad_names(void **state)
{
	struct fx	*f = *state;

	compile_fails(f, "a", "page", "b", "duplicate template 'page'");
	compile_fails(f, "a", "bad name", "b", "bad template name");
	compile_fails(f, "a", "", "b", "bad template name");
}

static int
write_file(const char *path, const char *text)
{
	FILE	*fp;
	int	 rc = 0;

	if ((fp = fopen(path, "w")) == NULL)
		return -1;
	if (fputs(text, fp) == EOF)
		rc = -1;
	if (fclose(fp) == EOF)
		rc = -1;
	return rc;
}

static void
test_tmpl_load_dir(void **state)
{
	struct fx	*f = *state;
	struct tmpl_set	*set;
	char		 dir[] = "/tmp/test_tmpl.XXXXXX";
	char		 p[512];

	assert_non_null(mkdtemp(dir));
	snprintf(p, sizeof(p), "%s/partials", dir);
	assert_int_equal(mkdir(p, 0700), 0);
	snprintf(p, sizeof(p), "%s/login.html", dir);
	assert_int_equal(write_file(p, "<h1>{{title}}</h1>\n"
	    "{{>partials/errors}}"), 0);
	snprintf(p, sizeof(p), "%s/notes.txt", dir);
	assert_int_equal(write_file(p, "{{#not a template"), 0);
	snprintf(p, sizeof(p), "%s/partials/errors.html", dir);
	assert_int_equal(write_file(p, "{{#errors}}<li>{{msg}}</li>"
	    "{{/errors}}"), 0);

	set = tmpl_load_dir(dir, f->err, sizeof(f->err));
	if (set == NULL)
		fail_msg("load: %s", f->err);
	assert_true(tmpl_exists(set, "login"));
	assert_true(tmpl_exists(set, "partials/errors"));
	assert_false(tmpl_exists(set, "notes"));
	tctx_str(f->c, "title", "Inloggen");
	tctx_str(tctx_list_add(f->c, "errors"), "msg", "a<b");
	assert_int_equal(tmpl_render(set, "login", f->c, &f->out, f->err,
	    sizeof(f->err)), TMPL_OK);
	assert_string_equal(buf_cstr(&f->out),
	    "<h1>Inloggen</h1>\n<li>a&lt;b</li>");
	tmpl_set_free(set);

	/* A syntax error names the file and the line. */
	snprintf(p, sizeof(p), "%s/partials/bad.html", dir);
	assert_int_equal(write_file(p, "ok\n{{#x}}\n"), 0);
	assert_null(tmpl_load_dir(dir, f->err, sizeof(f->err)));
	snprintf(p, sizeof(p), "%s/partials/bad.html:2:", dir);
	assert_non_null(strstr(f->err, p));

	snprintf(p, sizeof(p), "%s/partials/bad.html", dir);
	assert_int_equal(unlink(p), 0);
	snprintf(p, sizeof(p), "%s/partials/errors.html", dir);
	assert_int_equal(unlink(p), 0);
	/* Now login's partial is missing. */
	assert_null(tmpl_load_dir(dir, f->err, sizeof(f->err)));
	assert_non_null(strstr(f->err, "unknown partial 'partials/errors'"));

	snprintf(p, sizeof(p), "%s/partials", dir);
	assert_int_equal(rmdir(p), 0);
	snprintf(p, sizeof(p), "%s/login.html", dir);
	assert_int_equal(unlink(p), 0);
	snprintf(p, sizeof(p), "%s/notes.txt", dir);
	assert_int_equal(unlink(p), 0);
	/* No partials/ directory is fine. */
	set = tmpl_load_dir(dir, f->err, sizeof(f->err));
	assert_non_null(set);
	assert_false(tmpl_exists(set, "login"));
	tmpl_set_free(set);
	assert_int_equal(rmdir(dir), 0);

	assert_null(tmpl_load_dir(dir, f->err, sizeof(f->err)));
	assert_non_null(strstr(f->err, dir));
}

/* Renders mail "mail/m" (and optional partial "mail/partials/p"). */
static enum tmpl_err
render_mail(struct fx *f, const char *mail, const char *part,
    struct buf *subject)
{
	const char	*names[2] = { "mail/m", "mail/partials/p" };
	const char	*texts[2] = { mail, part };
	struct tmpl_set	*set;
	enum tmpl_err	 rc;

	if ((set = tmpl_load_mem(names, texts, part != NULL ? 2 : 1, f->err,
	    sizeof(f->err))) == NULL)
		fail_msg("compile: %s", f->err);
	buf_reset(&f->out);
	buf_reset(subject);
	rc = tmpl_render_mail(set, "mail/m", f->c, subject, &f->out, f->err,
	    sizeof(f->err));
	tmpl_set_free(set);
	return rc;
}

static void
test_tmpl_mail_plain_text(void **state)
{
	struct fx	*f = *state;
	struct buf	 subj;

	buf_init(&subj, f->a, 0);
	tctx_str(f->c, "who", "Ann & <Bo>");
	tctx_str(f->c, "when", "maandag \"1\"");
	tctx_bool(f->c, "soon", 1);
	/* Nothing escaped, whitespace kept, sections and partials work. */
	assert_int_equal(render_mail(f, "{{t \"Voor {who}\"}}\n\n"
	    "{{t \"Op {when}.\"}}\n{{#soon}}\nSnel & kort.\n{{/soon}}\n"
	    "{link}\n\n{{>mail/partials/p}}.\n", "-- {{who}}\n", &subj),
	    TMPL_OK);
	assert_string_equal(buf_cstr(&subj), "Voor Ann & <Bo>");
	/* (The last line end of a text file is not part of the text.) */
	assert_string_equal(buf_cstr(&f->out), "Op maandag \"1\".\n\n"
	    "Snel & kort.\n\n{link}\n\n-- Ann & <Bo>.");
	/* Translated: the translation is not escaped either. */
	tmpl_set_translator(fake_gettext, fake_ngettext);
	tctx_str(f->c, "naam", "Ann");
	tctx_long(f->c, "n", 2);
	assert_int_equal(render_mail(f, "{{t \"Hallo {naam}\"}}\n\n"
	    "{{tn \"a\" \"b\" n}}", NULL, &subj), TMPL_OK);
	assert_string_equal(buf_cstr(&subj),
	    "Hello <Ann> & \"co\" {nope {} {a-b}");
	assert_string_equal(buf_cstr(&f->out), "2 files & Ann & <Bo>");
}

/* {{tc "context" "Tekst"}}: the key is "context\004Tekst" (msgctxt);
 * untranslated, the text without its context shows. */
static void
test_tmpl_tc(void **state)
{
	struct fx	*f = *state;

	tctx_str(f->c, "x", "<a>");
	assert_string_equal(render_ok(f, "{{tc \"verzoek\" \"Over {x}\"}}|"
	    "{{ tc \"persoon\"  \"Over {x}\" }}", NULL, NULL),
	    "Over &lt;a&gt;|Over &lt;a&gt;");
	tmpl_set_translator(fake_gettext, fake_ngettext);
	assert_string_equal(render_ok(f, "{{tc \"verzoek\" \"Over {x}\"}}|"
	    "{{tc \"persoon\" \"Over {x}\"}}", NULL, NULL),
	    "Konu: &lt;a&gt;|Over &lt;a&gt;");
	compile_fails(f, "{{tc \"verzoek\"}}", NULL, NULL, "'{{tc'");
	compile_fails(f, "{{tc \"\" \"Over\"}}", NULL, NULL, "empty text");
}

static int	 dutch_marked;
static int
marker(void)
{
	return dutch_marked;
}

/* Dutch content (tctx_nl) gets <bdi lang="nl"> in element text on a page
 * in another language; never in a tag, <title>, <textarea>, <option>, a
 * mail, or on a Dutch page; other values never. */
static void
test_tmpl_dutch_content_marked(void **state)
{
	struct fx	*f = *state;
	struct buf	 subj;
	const char	*page = "<title>{{d}}</title><h1 title=\"{{d}}\">{{d}}"
	    "</h1><p>{{t \"Door {d}, {o}.\"}}</p><textarea>{{d}}</textarea>"
	    "<select><option>{{d}}</option></select><a href=\"/x\" "
	    "aria-label='{{t \"Over {d}\"}}'>{{o}}</a>";

	tctx_nl(f->c, "d", "Plan <A>.");
	tctx_str(f->c, "o", "UI");
	tmpl_set_dutch_marker(marker);
	dutch_marked = 1;
	assert_string_equal(render_ok(f, page, NULL, NULL),
	    "<title>Plan &lt;A&gt;.</title><h1 title=\"Plan &lt;A&gt;.\">"
	    "<bdi lang=\"nl\">Plan &lt;A&gt;.</bdi></h1><p>Door <bdi "
	    "lang=\"nl\">Plan &lt;A&gt;.</bdi>, UI.</p><textarea>Plan "
	    "&lt;A&gt;.</textarea><select><option>Plan &lt;A&gt;.</option>"
	    "</select><a href=\"/x\" aria-label='Over Plan &lt;A&gt;.'>UI</a>");
	/* A section on it still works; a later tctx_str is plain again. */
	assert_string_equal(render_ok(f, "{{#d}}<b>{{d}}</b>{{/d}}", NULL,
	    NULL), "<b><bdi lang=\"nl\">Plan &lt;A&gt;.</bdi></b>");
	dutch_marked = 0;
	assert_string_equal(render_ok(f, "<p>{{d}}</p>", NULL, NULL),
	    "<p>Plan &lt;A&gt;.</p>");
	dutch_marked = 1;
	buf_init(&subj, f->a, 0);
	assert_int_equal(render_mail(f, "{{d}}\n\n<p>{{d}}</p>", NULL, &subj),
	    TMPL_OK);
	assert_string_equal(buf_cstr(&subj), "Plan <A>.");
	assert_string_equal(buf_cstr(&f->out), "<p>Plan <A>.</p>");
	tctx_str(f->c, "d", "x");
	assert_string_equal(render_ok(f, "<p>{{d}}</p>", NULL, NULL),
	    "<p>x</p>");
	tmpl_set_dutch_marker(NULL);
}

static void
test_tmpl_mail_subject_line_end(void **state)
{
	struct fx	*f = *state;
	struct buf	 subj;

	buf_init(&subj, f->a, 0);
	tctx_str(f->c, "x", "Hallo\r\nBcc: iemand@example.org");
	assert_int_equal(render_mail(f, "Over {{x}}\n\nTekst", NULL, &subj),
	    TMPL_EVALUE);
	assert_non_null(strstr(f->err, "line end in the subject"));
	tctx_str(f->c, "x", "a\nb");
	assert_int_equal(render_mail(f, "{{t \"Over {x}\"}}\n\n", NULL,
	    &subj), TMPL_EVALUE);
	tctx_str(f->c, "x", "a\rb");
	assert_int_equal(render_mail(f, "{{x}}\n\n", NULL, &subj),
	    TMPL_EVALUE);
	/* In the body a line end is text. */
	assert_int_equal(render_mail(f, "Over\n\n{{x}}", NULL, &subj),
	    TMPL_OK);
	assert_string_equal(buf_cstr(&f->out), "a\rb");
	/* Rules kept: unknown names, trusted HTML refused in text. */
	assert_int_equal(render_mail(f, "Over {{y}}\n\n", NULL, &subj),
	    TMPL_EUNKNOWN);
	assert_non_null(strstr(f->err, "unknown name 'y'"));
	tctx_html(f->c, "h", "<b>x</b>");
	assert_int_equal(render_mail(f, "Over\n\n{{h}}", NULL, &subj),
	    TMPL_EUNKNOWN);
	assert_non_null(strstr(f->err, "is HTML"));
}

static void
test_tmpl_mail_shape(void **state)
{
	struct fx	*f = *state;
	const char	*names[2], *texts[2];
	struct tmpl_set	*set;
	struct buf	 subj;

	buf_init(&subj, f->a, 0);
	names[0] = "mail/m";
	/* Line 2 must be empty; a section cannot run from the subject
	 * into the body. */
	texts[0] = "Onderwerp\nTekst";
	assert_null(tmpl_load_mem(names, texts, 1, f->err, sizeof(f->err)));
	assert_non_null(strstr(f->err, "mail/m:1: a mail is its subject"));
	texts[0] = "Onderwerp";
	assert_null(tmpl_load_mem(names, texts, 1, f->err, sizeof(f->err)));
	texts[0] = "{{#a}}Onderwerp\n\n{{/a}}";
	assert_null(tmpl_load_mem(names, texts, 1, f->err, sizeof(f->err)));
	assert_non_null(strstr(f->err, "never closed"));
	texts[0] = "Onderwerp\n\n{{#a}}\n{{/b}}";
	assert_null(tmpl_load_mem(names, texts, 1, f->err, sizeof(f->err)));
	assert_non_null(strstr(f->err, "mail/m:4:"));
	/* HTML into HTML, text into text. */
	names[0] = "page";
	texts[0] = "{{>mail/partials/p}}";
	names[1] = "mail/partials/p";
	texts[1] = "x";
	assert_null(tmpl_load_mem(names, texts, 2, f->err, sizeof(f->err)));
	assert_non_null(strstr(f->err, "cannot be a partial"));
	names[0] = "mail/m";
	texts[0] = "S\n\n{{>partials/p}}";
	names[1] = "partials/p";
	assert_null(tmpl_load_mem(names, texts, 2, f->err, sizeof(f->err)));
	names[1] = "mail/n";
	texts[0] = "S\n\n{{>mail/n}}";
	texts[1] = "S\n\n";
	assert_null(tmpl_load_mem(names, texts, 2, f->err, sizeof(f->err)));
	/* A mail renders only as a mail, a page never as one. */
	names[0] = "page";
	texts[0] = "<p>x</p>";
	set = tmpl_load_mem(names, texts, 2, f->err, sizeof(f->err));
	assert_non_null(set);
	assert_int_equal(tmpl_render(set, "mail/n", f->c, &f->out, f->err,
	    sizeof(f->err)), TMPL_ENOTFOUND);
	assert_int_equal(tmpl_render_mail(set, "page", f->c, &subj, &f->out,
	    f->err, sizeof(f->err)), TMPL_ENOTFOUND);
	assert_int_equal(tmpl_render_mail(set, "mail/n", f->c, &subj,
	    &f->out, f->err, sizeof(f->err)), TMPL_OK);
	assert_string_equal(buf_cstr(&subj), "S");
	tmpl_set_free(set);
}

static void
test_tmpl_load_dir_mail(void **state)
{
	struct fx	*f = *state;
	struct tmpl_set	*set;
	struct buf	 subj;
	char		 dir[] = "/tmp/test_tmpl.XXXXXX";
	char		 p[512];

	buf_init(&subj, f->a, 0);
	assert_non_null(mkdtemp(dir));
	snprintf(p, sizeof(p), "%s/mail", dir);
	assert_int_equal(mkdir(p, 0700), 0);
	snprintf(p, sizeof(p), "%s/mail/partials", dir);
	assert_int_equal(mkdir(p, 0700), 0);
	snprintf(p, sizeof(p), "%s/mail/hallo.txt", dir);
	assert_int_equal(write_file(p, "Hallo {{who}}\n\nDag & tot "
	    "ziens.\n{{>mail/partials/voet}}"), 0);
	snprintf(p, sizeof(p), "%s/mail/partials/voet.txt", dir);
	assert_int_equal(write_file(p, "-- <voet>\n"), 0);
	snprintf(p, sizeof(p), "%s/mail/oud.html", dir);
	assert_int_equal(write_file(p, "{{#not a template"), 0);
	set = tmpl_load_dir(dir, f->err, sizeof(f->err));
	if (set == NULL)
		fail_msg("load: %s", f->err);
	assert_true(tmpl_exists(set, "mail/hallo"));
	assert_true(tmpl_exists(set, "mail/partials/voet"));
	assert_false(tmpl_exists(set, "mail/oud"));
	tctx_str(f->c, "who", "<Ann>");
	assert_int_equal(tmpl_render_mail(set, "mail/hallo", f->c, &subj,
	    &f->out, f->err, sizeof(f->err)), TMPL_OK);
	assert_string_equal(buf_cstr(&subj), "Hallo <Ann>");
	assert_string_equal(buf_cstr(&f->out), "Dag & tot ziens.\n-- <voet>");
	tmpl_set_free(set);
	/* A mistake in a mail names its file and line. */
	snprintf(p, sizeof(p), "%s/mail/hallo.txt", dir);
	assert_int_equal(write_file(p, "Hallo\nDag"), 0);
	assert_null(tmpl_load_dir(dir, f->err, sizeof(f->err)));
	snprintf(p, sizeof(p), "%s/mail/hallo.txt:1:", dir);
	assert_non_null(strstr(f->err, p));
	snprintf(p, sizeof(p), "%s/mail/hallo.txt", dir);
	assert_int_equal(unlink(p), 0);
	snprintf(p, sizeof(p), "%s/mail/oud.html", dir);
	assert_int_equal(unlink(p), 0);
	snprintf(p, sizeof(p), "%s/mail/partials/voet.txt", dir);
	assert_int_equal(unlink(p), 0);
	snprintf(p, sizeof(p), "%s/mail/partials", dir);
	assert_int_equal(rmdir(p), 0);
	snprintf(p, sizeof(p), "%s/mail", dir);
	assert_int_equal(rmdir(p), 0);
	assert_int_equal(rmdir(dir), 0);
}

/* A page of ~200 nodes renders the same twice from one compiled set (no
 * state kept between renders). Speed is measured by make bench, never
 * asserted in a test. */
static void
test_tmpl_big_page_repeatable(void **state)
{
	struct fx	*f = *state;
	struct tmpl_set	*set;
	char		*page, *first;
	size_t		 len = 0, cap = 16384;
	int		 i;
	struct tctx	*it;

	assert_non_null(page = malloc(cap));
	for (i = 0; i < 40; i++)
		len += (size_t)snprintf(page + len, cap - len,
		    "<div class=\"row\">{{title}} {{t \"Hallo {who}\"}}</div>\n");
	snprintf(page + len, cap - len, "{{#l}}<li>{{v}}</li>{{/l}}");
	tctx_str(f->c, "title", "Titel & zo");
	tctx_str(f->c, "who", "Ann");
	for (i = 0; i < 20; i++) {
		it = tctx_list_add(f->c, "l");
		tctx_long(it, "v", i);
	}
	set = load(f, page, NULL, NULL);
	free(page);
	assert_non_null(set);
	assert_int_equal(tmpl_render(set, "page", f->c, &f->out, NULL, 0),
	    TMPL_OK);
	assert_non_null(first = strdup(buf_cstr(&f->out)));
	buf_reset(&f->out);
	assert_int_equal(tmpl_render(set, "page", f->c, &f->out, NULL, 0),
	    TMPL_OK);
	assert_string_equal(buf_cstr(&f->out), first);
	assert_non_null(strstr(first, "Titel &amp; zo Hallo Ann"));
	assert_non_null(strstr(first, "<li>19</li>"));
	free(first);
	tmpl_set_free(set);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_tmpl_escape_text,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_tmpl_escape_attr,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_tmpl_html_raw,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_tmpl_long,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_tmpl_list_order,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_tmpl_nested_parent_lookup,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_tmpl_outer_list_in_item,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_tmpl_bool_sections,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_tmpl_empty_list_inverted,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_tmpl_string_long_sections,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_tmpl_partial,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_tmpl_unknown_var,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_tmpl_unknown_section,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_tmpl_print_bool_or_list,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_tmpl_unbalanced,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_tmpl_syntax,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_tmpl_unterminated,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_tmpl_missing_partial,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_tmpl_partial_recursion,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_tmpl_partial_depth_ok,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_tmpl_step_budget,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_tmpl_t,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_tmpl_tn,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_tmpl_comment,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_tmpl_ctx_replace,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_tmpl_ctx_null,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_tmpl_arena_failure,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_tmpl_duplicate_and_bad_names, setup, teardown),
		cmocka_unit_test_setup_teardown(test_tmpl_load_dir,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_tmpl_big_page_repeatable,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_tmpl_mail_plain_text,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_tmpl_tc, setup, teardown),
		cmocka_unit_test_setup_teardown(test_tmpl_dutch_content_marked,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_tmpl_mail_subject_line_end,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_tmpl_mail_shape,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_tmpl_load_dir_mail,
		    setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

/*
 * tmpl.h - the template language (see templates/README.md).
 *
 *   {{name}}            value of name, HTML-escaped; a value set with
 *                       tctx_html() (already-rendered, trusted HTML) is
 *                       written as it is. Dotted names are not supported.
 *   {{#name}}..{{/name}} section: a list renders once per item (the item's
 *                       context first, then the outer ones); a true bool
 *                       or non-empty string renders once.
 *   {{^name}}..{{/name}} inverted: renders when false / empty / no items.
 *   {{>partial}}        another template (by name) in the same context.
 *   {{t "msgid"}}       translated (i18n_gettext), then "{name}"
 *                       placeholders replaced by escaped context values.
 *   {{tn "one" "many" name}} plural: i18n_ngettext by the number in name,
 *                       then placeholders as above ("{n}" etc.).
 *   {{! comment }}      nothing.
 *
 * Plain text: a template whose name starts with "mail/" (the files
 * templates/mail/ *.txt) is a mail: line 1 its subject, line 2 empty,
 * then the body; "mail/partials/x" are its parts. They render with
 * tmpl_render_mail, nothing escaped (the text is not HTML), trusted HTML
 * refused, and no line end allowed in the subject. The file's final line
 * end is not part of the text. A page takes only
 * HTML partials, a mail only mail/partials/.
 *
 * Owns: loading and compiling every template file at start-up into a
 * read-only node list (process lifetime), and rendering into a buf.
 * Never: writes unescaped text except values marked trusted with
 * tctx_html(); guesses: an unknown variable or section name is a render
 * error (TMPL_EUNKNOWN), a missing partial or an unbalanced section is a
 * compile error, so tests catch typos instead of printing "".
 */
#ifndef GP_TMPL_H
#define GP_TMPL_H

#include <stddef.h>

struct arena;
struct buf;

enum tmpl_err {
	TMPL_OK = 0,
	TMPL_ESYNTAX,	/* compile: bad tag, unbalanced section */
	TMPL_EPARTIAL,	/* compile: partial not found */
	TMPL_EIO,	/* compile: cannot read file */
	TMPL_ENOTFOUND,	/* render: no template of that name */
	TMPL_EUNKNOWN,	/* render: variable or section not in the context */
	TMPL_ENOMEM,
	TMPL_EVALUE	/* render: a line end in a mail's subject */
};

struct tmpl_set;	/* all compiled templates; read-only after load */
struct tctx;		/* a render context: key -> value, with a parent */

/*
 * Loads every "*.html" file in dir (and dir/partials/ as "partials/x"),
 * and every "*.txt" in dir/mail/ and dir/mail/partials/ ("mail/x").
 * A template's name is its path below dir without ".html": "login",
 * "partials/errors". On failure returns NULL and writes a message
 * ("file:line: what") into err (errlen bytes).
 */
struct tmpl_set	*tmpl_load_dir(const char *dir, char *err, size_t errlen);
/* Compiles templates from memory (for tests): names[i] -> texts[i]. */
struct tmpl_set	*tmpl_load_mem(const char *const *names,
		    const char *const *texts, size_t n, char *err,
		    size_t errlen);
void		 tmpl_set_free(struct tmpl_set *);
int		 tmpl_exists(const struct tmpl_set *, const char *name);

/*
 * Renders template name with ctx into out. On error nothing useful is in
 * out (callers render into a fresh buf and discard it), and err names the
 * problem ("login: unknown name 'usr'").
 */
enum tmpl_err	 tmpl_render(const struct tmpl_set *, const char *name,
		    const struct tctx *, struct buf *out, char *err,
		    size_t errlen);

/*
 * Renders mail template name ("mail/x") with ctx: the subject line into
 * subject, the body into body, as plain text. TMPL_EVALUE when a value or
 * translation would put a line end into the subject.
 */
enum tmpl_err	 tmpl_render_mail(const struct tmpl_set *, const char *name,
		    const struct tctx *, struct buf *subject, struct buf *body,
		    char *err, size_t errlen);

/* Translation hooks used by {{t}} and {{tn}}; default: identity. The
 * portal sets them to i18n_gettext / i18n_ngettext at start-up. */
void		 tmpl_set_translator(const char *(*gettext_fn)(const char *),
		    const char *(*ngettext_fn)(const char *, const char *,
		    unsigned long));

/*
 * Dutch content (tctx_nl values: what people wrote, names) is marked
 * <bdi lang="nl"> in element text of a page while fn() says the page is
 * in another language (WCAG 3.1.2; bdi isolates its direction, so an
 * Arabic page keeps a Dutch sentence's full stop at its end). Inside a
 * tag, <title>, <textarea> or <option>, and in mails, it is plain text.
 * NULL (the default): never marked.
 */
void		 tmpl_set_dutch_marker(int (*fn)(void));

/* ---- contexts (all memory from the arena) ---- */

struct tctx	*tctx_new(struct arena *, struct tctx *parent);
/* Later sets of the same key replace earlier ones. NULL val = "". */
void		 tctx_str(struct tctx *, const char *key, const char *val);
void		 tctx_strf(struct tctx *, const char *key, const char *fmt, ...)
		    __attribute__((format(printf, 3, 4)));
/* A text in Dutch written by people (see tmpl_set_dutch_marker). */
void		 tctx_nl(struct tctx *, const char *key, const char *val);
void		 tctx_long(struct tctx *, const char *key, long val);
/* Trusted HTML: written without escaping. Only for the output of
 * tmpl_render (or literals in C code); never for user input. */
void		 tctx_html(struct tctx *, const char *key, const char *html);
void		 tctx_bool(struct tctx *, const char *key, int val);
/* Declares key as a list (possibly empty). */
void		 tctx_list(struct tctx *, const char *key);
/* Appends an item to list key (declaring it if needed); the item's
 * parent is c. Returns NULL on allocation failure. */
struct tctx	*tctx_list_add(struct tctx *c, const char *key);
/* Value as a string, looking up through parents; NULL if not set or not a
 * string. (For tests and for the layout.) */
const char	*tctx_get(const struct tctx *, const char *key);

#endif

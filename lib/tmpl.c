/*
 * tmpl.c - templates: compiled once into flat node arrays (process
 * lifetime, malloc), rendered into a buf with contexts from the arena.
 * See tmpl.h and templates/README.md.
 *
 * A template is an array of nodes. A section node's body is the nodes
 * after it up to (not including) its end index, so rendering never
 * parses and skipping a false section is one assignment. Every string a
 * node points to lives in the template's pool, one allocation sized by
 * the source (no string is longer than the source text it came from).
 *
 * Templates below "mail/" are plain text (kind TK_MAIL, or TK_TEXT for
 * "mail/partials/"): rendered without HTML escaping, and a mail's first
 * line, its subject, is compiled apart (nodes [0, nsubject)) so nothing
 * in it can add a line end. A text file's final line end is left out.
 */
#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <ctype.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "arena.h"
#include "buf.h"
#include "tmpl.h"

#define TMPL_MAXSIZE	(1024L * 1024)	/* bytes per template */
#define TMPL_MAXNEST	64		/* sections open at once */
#define TMPL_MAXDEPTH	16		/* partials inside partials */
#ifndef TMPL_MAXSTEPS
#define TMPL_MAXSTEPS	10000000UL	/* nodes visited per render */
#endif
#define TMPL_PATHMAX	4096

enum ntype {
	N_TEXT,		/* s, len: literal bytes */
	N_VAR,		/* s, len: name */
	N_SECTION,	/* s, len: name; end */
	N_INVERTED,	/* s, len: name; end */
	N_PARTIAL,	/* s, len: template name; part */
	N_T,		/* msg */
	N_TN		/* msg, msgpl; s, len: name of the number */
};

struct tmpl;

struct node {
	enum ntype		 type;
	uint32_t		 hash;	/* of the name */
	unsigned long		 line;
	const char		*s;
	size_t			 len;
	const char		*msg;
	const char		*msgpl;
	size_t			 end;	/* section: index after the body */
	const struct tmpl	*part;	/* partial: resolved after loading */
	int			 markup; /* inside a tag or a text-only element */
};

/* What a template renders to (by its name: see tmpl_kind). */
enum tmpl_kind {
	TK_HTML,	/* a page or partial: values HTML-escaped */
	TK_TEXT,	/* "mail/partials/x": plain text, part of a mail */
	TK_MAIL		/* "mail/x": line 1 the subject, line 2 empty, body */
};

struct tmpl {
	enum tmpl_kind	 kind;
	size_t		 nsubject;	/* mail: nodes of the subject line */
	char		*name;
	char		*file;	/* for messages: path or name */
	struct node	*nodes;
	size_t		 nnodes;
	char		*pool;
};

struct tmpl_set {
	struct tmpl	**v;	/* sorted by name once loaded */
	size_t		 n;
	size_t		 cap;
};

enum tkind {
	TV_STR,
	TV_HTML,
	TV_LONG,
	TV_BOOL,
	TV_LIST
};

struct tval {
	struct tval	*next;
	const char	*key;
	size_t		 klen;
	uint32_t	 hash;
	enum tkind	 kind;
	const char	*s;	/* str, html */
	size_t		 slen;
	long		 l;	/* long, bool */
	int		 nl;	/* str: Dutch content (tctx_nl) */
	struct tctx	*head;	/* list */
	struct tctx	*tail;
	size_t		 n;
};

struct tctx {
	struct arena	*arena;
	struct tctx	*parent;
	struct tval	*vals;
	struct tctx	*next;	/* next item of the list this is in */
};

/* One level of the render-time context stack (sections over lists). */
struct frame {
	const struct tctx	*ctx;
	const struct frame	*up;
};

struct rstate {
	struct buf	*out;
	char		*err;
	size_t		 errlen;
	int		 depth;	/* partials */
	int		 text;	/* plain text: no escaping, no trusted HTML */
	int		 markup;	/* the node being rendered: n->markup */
	unsigned long	 steps;	/* nodes visited, against TMPL_MAXSTEPS */
	const char	*name;	/* the template asked for */
};

struct parser {
	struct tmpl	*t;
	const char	*p;
	const char	*end;
	unsigned long	 line;
	unsigned long	 tagline;	/* where the current tag starts */
	size_t		 nalloc;
	size_t		 poolcap;
	size_t		 poolused;
	size_t		 open[TMPL_MAXNEST];
	size_t		 nopen;
	int		 merge;		/* last node is text that may grow */
	int		 intag;		/* the text so far ends inside "<..." */
	int		 raw;		/* ... or inside <title>, <textarea>, <option> */
	enum tmpl_err	 rc;
	char		*err;
	size_t		 errlen;
};

static const char	*tr_id(const char *);
static const char	*tr_nid(const char *, const char *, unsigned long);

static const char	*(*tr_gettext)(const char *) = tr_id;
static const char	*(*tr_ngettext)(const char *, const char *,
			    unsigned long) = tr_nid;
static int		 (*mark_dutch)(void);

static void	seterr(char *, size_t, const char *, ...)
		    __attribute__((format(printf, 3, 4)));
static int	perr(struct parser *, enum tmpl_err, unsigned long,
		    const char *, ...)
		    __attribute__((format(printf, 4, 5)));
static enum tmpl_err rerr(struct rstate *, enum tmpl_err, const char *, ...)
		    __attribute__((format(printf, 3, 4)));
static enum tmpl_err render(struct rstate *, const struct tmpl *, size_t,
		    size_t, const struct frame *);

/* ---- helpers ---- */

static const char *
tr_id(const char *msgid)
{
	return msgid;
}

static const char *
tr_nid(const char *one, const char *many, unsigned long n)
{
	return n == 1 ? one : many;
}

static void
seterr(char *err, size_t errlen, const char *fmt, ...)
{
	va_list	 ap;

	if (err == NULL || errlen == 0)
		return;
	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
}

/* FNV-1a; names are compared by hash first. */
static uint32_t
hash(const char *s, size_t n)
{
	uint32_t	 h = 2166136261u;
	size_t		 i;

	for (i = 0; i < n; i++) {
		h ^= (unsigned char)s[i];
		h *= 16777619u;
	}
	return h;
}

static int
isplname(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || c == '_';
}

static int
isname(char c)
{
	return isplname(c) || c == '-' || c == '/';
}

static int
valid_name(const char *s)
{
	if (s == NULL || *s == '\0')
		return 0;
	for (; *s != '\0'; s++)
		if (!isname(*s))
			return 0;
	return 1;
}

static enum tmpl_kind
tmpl_kind(const char *name)
{
	if (strncmp(name, "mail/partials/", 14) == 0)
		return TK_TEXT;
	if (strncmp(name, "mail/", 5) == 0)
		return TK_MAIL;
	return TK_HTML;
}

static unsigned long
count_nl(const char *s, size_t n)
{
	unsigned long	 nl = 0;
	const char	*q, *end = s + n;

	while (s < end && (q = memchr(s, '\n', (size_t)(end - s))) != NULL) {
		nl++;
		s = q + 1;
	}
	return nl;
}

/* ---- compiling ---- */

static int
perr(struct parser *ps, enum tmpl_err rc, unsigned long line,
    const char *fmt, ...)
{
	va_list	 ap;
	int	 n;

	ps->rc = rc;
	if (ps->err == NULL || ps->errlen == 0)
		return -1;
	n = snprintf(ps->err, ps->errlen, "%s:%lu: ", ps->t->file, line);
	if (n < 0 || (size_t)n >= ps->errlen)
		return -1;
	va_start(ap, fmt);
	vsnprintf(ps->err + n, ps->errlen - (size_t)n, fmt, ap);
	va_end(ap);
	return -1;
}

/* Copies n bytes (and a NUL if nul) into the pool. */
static char *
pool_add(struct parser *ps, const char *s, size_t n, int nul)
{
	char	*p;
	size_t	 need = n + (nul ? 1 : 0);

	if (need > ps->poolcap - ps->poolused) {
		perr(ps, TMPL_ENOMEM, ps->line, "string pool overflow");
		return NULL;
	}
	p = ps->t->pool + ps->poolused;
	if (n > 0)
		memcpy(p, s, n);
	if (nul)
		p[n] = '\0';
	ps->poolused += need;
	return p;
}

static struct node *
node_new(struct parser *ps, enum ntype type)
{
	struct tmpl	*t = ps->t;
	struct node	*n;
	size_t		 cap;

	if (t->nodes == NULL || t->nnodes == ps->nalloc) {
		cap = ps->nalloc ? ps->nalloc * 2 : 16;
		if (cap > SIZE_MAX / sizeof(*n) ||
		    (n = realloc(t->nodes, cap * sizeof(*n))) == NULL) {
			perr(ps, TMPL_ENOMEM, ps->line, "out of memory");
			return NULL;
		}
		t->nodes = n;
		ps->nalloc = cap;
	}
	n = &t->nodes[t->nnodes++];
	memset(n, 0, sizeof(*n));
	n->type = type;
	n->line = ps->tagline;
	n->markup = ps->intag || ps->raw;
	return n;
}

/* Element name s (n bytes left) starts with word w, then ends. */
static int
elem_is(const char *s, size_t n, const char *w)
{
	size_t	 l = strlen(w);

	return n >= l && strncasecmp(s, w, l) == 0 &&
	    (n == l || s[l] == '>' || s[l] == ' ' || s[l] == '\t' ||
	    s[l] == '\n' || s[l] == '/');
}

/*
 * Follows where literal HTML leaves the next tag: inside a tag
 * (<a href="{{x}}">) or in an element that holds text only (<title>,
 * <textarea>, <option>). There a value marked as Dutch (tctx_nl) is
 * written without its <bdi lang="nl">.
 */
static void
track_markup(struct parser *ps, const char *s, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++) {
		if (ps->intag) {
			if (s[i] == '>')
				ps->intag = 0;
			continue;
		}
		if (s[i] != '<')
			continue;
		if (i + 1 < n && s[i + 1] == '/') {
			if (elem_is(s + i + 2, n - i - 2, "title") ||
			    elem_is(s + i + 2, n - i - 2, "textarea") ||
			    elem_is(s + i + 2, n - i - 2, "option"))
				ps->raw = 0;
			ps->intag = 1;
		} else if (i + 1 >= n || isalpha((unsigned char)s[i + 1]) ||
		    s[i + 1] == '!') {
			if (elem_is(s + i + 1, n - i - 1, "title") ||
			    elem_is(s + i + 1, n - i - 1, "textarea") ||
			    elem_is(s + i + 1, n - i - 1, "option"))
				ps->raw = 1;
			ps->intag = 1;
		}
	}
}

static int
add_text(struct parser *ps, const char *s, size_t n)
{
	struct tmpl	*t = ps->t;
	struct node	*last;
	char		*p;
	unsigned long	 start = ps->line;

	ps->line += count_nl(s, n);
	track_markup(ps, s, n);
	last = t->nnodes > 0 ? &t->nodes[t->nnodes - 1] : NULL;
	if ((p = pool_add(ps, s, n, 0)) == NULL)
		return -1;
	if (ps->merge && last != NULL && last->type == N_TEXT &&
	    last->s + last->len == p) {
		last->len += n;
		return 0;
	}
	ps->tagline = start;
	if ((last = node_new(ps, N_TEXT)) == NULL)
		return -1;
	last->s = p;
	last->len = n;
	ps->merge = 1;
	return 0;
}

static void
skip_ws(struct parser *ps)
{
	for (; ps->p < ps->end; ps->p++) {
		if (*ps->p == '\n')
			ps->line++;
		else if (*ps->p != ' ' && *ps->p != '\t' && *ps->p != '\r')
			break;
	}
}

static size_t
scan_name(struct parser *ps)
{
	const char	*s = ps->p;

	while (ps->p < ps->end && isname(*ps->p))
		ps->p++;
	return (size_t)(ps->p - s);
}

/* Describes the byte at ps->p for a message. */
static const char *
cur_char(struct parser *ps, char *tmp, size_t tmplen)
{
	unsigned char	 c;

	if (ps->p >= ps->end)
		return "end of file";
	c = (unsigned char)*ps->p;
	if (c > 0x20 && c < 0x7f)
		snprintf(tmp, tmplen, "'%c'", c);
	else
		snprintf(tmp, tmplen, "byte 0x%02x", c);
	return tmp;
}

/* Skips blanks and the closing "}}". */
static int
close_tag(struct parser *ps)
{
	char	 tmp[16];

	skip_ws(ps);
	if (ps->end - ps->p >= 2 && ps->p[0] == '}' && ps->p[1] == '}') {
		ps->p += 2;
		return 0;
	}
	if (ps->p >= ps->end || (ps->p[0] == '}' && ps->end - ps->p == 1))
		return perr(ps, TMPL_ESYNTAX, ps->tagline,
		    "unterminated tag (no '}}')");
	return perr(ps, TMPL_ESYNTAX, ps->line, "unexpected %s in tag",
	    cur_char(ps, tmp, sizeof(tmp)));
}

/* A name after a sigil or in {{tn}}: copied into the pool with a NUL. */
static int
take_name(struct parser *ps, const char *what, const char **sp,
    size_t *lenp)
{
	const char	*s = NULL;
	size_t		 len = 0;
	char		 tmp[16];

	skip_ws(ps);
	s = ps->p;
	if ((len = scan_name(ps)) == 0)
		return perr(ps, TMPL_ESYNTAX, ps->line,
		    "expected a name after %s, found %s", what,
		    cur_char(ps, tmp, sizeof(tmp)));
	if ((*sp = pool_add(ps, s, len, 1)) == NULL)
		return -1;
	*lenp = len;
	return 0;
}

/* A double-quoted string with \" and \\ escapes, into the pool. */
static int
take_string(struct parser *ps, const char *what, const char **sp)
{
	char	*dst;
	char	 tmp[16];
	size_t	 n = 0;

	skip_ws(ps);
	if (ps->p >= ps->end || *ps->p != '"')
		return perr(ps, TMPL_ESYNTAX, ps->line,
		    "%s needs a quoted text, found %s", what,
		    cur_char(ps, tmp, sizeof(tmp)));
	ps->p++;
	/* Unescaped, the string is never longer than what is left. */
	dst = ps->t->pool + ps->poolused;
	for (;;) {
		if (ps->p >= ps->end)
			return perr(ps, TMPL_ESYNTAX, ps->tagline,
			    "unterminated string in %s", what);
		if (*ps->p == '"')
			break;
		if (*ps->p == '\\') {
			if (ps->end - ps->p < 2 ||
			    (ps->p[1] != '"' && ps->p[1] != '\\')) {
				ps->p++;
				return perr(ps, TMPL_ESYNTAX, ps->line,
				    "bad escape in %s (only \\\" and \\\\)",
				    what);
			}
			ps->p++;
		} else if (*ps->p == '\n')
			ps->line++;
		if (n + 1 >= ps->poolcap - ps->poolused)
			return perr(ps, TMPL_ENOMEM, ps->line,
			    "string pool overflow");
		dst[n++] = *ps->p++;
	}
	ps->p++;
	if (n == 0)
		return perr(ps, TMPL_ESYNTAX, ps->line, "empty text in %s",
		    what);
	dst[n] = '\0';
	ps->poolused += n + 1;
	*sp = dst;
	return 0;
}

static int
tag_section(struct parser *ps, char sigil)
{
	struct node	*n;
	const char	*s = NULL;
	size_t		 len = 0;
	char		 what[] = "'{{#'";

	what[3] = sigil;
	if (take_name(ps, what, &s, &len) == -1 || close_tag(ps) == -1)
		return -1;
	if (ps->nopen == TMPL_MAXNEST)
		return perr(ps, TMPL_ESYNTAX, ps->tagline,
		    "sections nested deeper than %d", TMPL_MAXNEST);
	n = node_new(ps, sigil == '#' ? N_SECTION : N_INVERTED);
	if (n == NULL)
		return -1;
	n->s = s;
	n->len = len;
	n->hash = hash(s, len);
	ps->open[ps->nopen++] = ps->t->nnodes - 1;
	return 0;
}

static int
tag_close(struct parser *ps)
{
	struct node	*top;
	const char	*s = NULL;
	size_t		 len = 0;
	char		 tmp[16];

	skip_ws(ps);
	s = ps->p;
	if ((len = scan_name(ps)) == 0)
		return perr(ps, TMPL_ESYNTAX, ps->line,
		    "expected a name after '{{/', found %s",
		    cur_char(ps, tmp, sizeof(tmp)));
	if (close_tag(ps) == -1)
		return -1;
	if (ps->nopen == 0)
		return perr(ps, TMPL_ESYNTAX, ps->tagline,
		    "'{{/%.*s}}' without an open section", (int)len, s);
	top = &ps->t->nodes[ps->open[ps->nopen - 1]];
	if (top->len != len || memcmp(top->s, s, len) != 0)
		return perr(ps, TMPL_ESYNTAX, ps->tagline,
		    "'{{/%.*s}}' closes '{{%c%s}}' from line %lu", (int)len,
		    s, top->type == N_SECTION ? '#' : '^', top->s, top->line);
	top->end = ps->t->nnodes;
	ps->nopen--;
	return 0;
}

static int
tag_partial(struct parser *ps)
{
	struct node	*n;
	const char	*s = NULL;
	size_t		 len = 0;

	if (take_name(ps, "'{{>'", &s, &len) == -1 || close_tag(ps) == -1)
		return -1;
	if ((n = node_new(ps, N_PARTIAL)) == NULL)
		return -1;
	n->s = s;
	n->len = len;
	return 0;
}

static int
tag_comment(struct parser *ps)
{
	const char	*q;

	q = memmem(ps->p, (size_t)(ps->end - ps->p), "}}", 2);
	if (q == NULL)
		return perr(ps, TMPL_ESYNTAX, ps->tagline,
		    "unterminated comment (no '}}')");
	ps->line += count_nl(ps->p, (size_t)(q - ps->p));
	ps->p = q + 2;
	return 0;
}

static int
tag_t(struct parser *ps)
{
	struct node	*n;
	const char	*msg = NULL;

	if (take_string(ps, "'{{t'", &msg) == -1 || close_tag(ps) == -1)
		return -1;
	if ((n = node_new(ps, N_T)) == NULL)
		return -1;
	n->msg = msg;
	return 0;
}

/*
 * {{tc "context" "Tekst"}}: a text with a gettext context (msgctxt), for
 * a short word that means different things ("Over" a person, "Over" a
 * document). The key is "context\004Tekst" as gettext's pgettext makes
 * it; untranslated, the text after the \004 shows.
 */
static int
tag_tc(struct parser *ps)
{
	struct node	*n;
	const char	*ctx = NULL, *msg = NULL;
	size_t		 clen;

	if (take_string(ps, "'{{tc'", &ctx) == -1 ||
	    take_string(ps, "'{{tc'", &msg) == -1 || close_tag(ps) == -1)
		return -1;
	/* take_string put msg right after ctx's NUL: join them. */
	clen = strlen(ctx);
	if (msg != ctx + clen + 1 || strchr(ctx, '\004') != NULL)
		return perr(ps, TMPL_ESYNTAX, ps->tagline, "bad '{{tc}}'");
	ps->t->pool[(size_t)(ctx - ps->t->pool) + clen] = '\004';
	if ((n = node_new(ps, N_T)) == NULL)
		return -1;
	n->msg = ctx;
	return 0;
}

static int
tag_tn(struct parser *ps)
{
	struct node	*n;
	const char	*one = NULL, *many = NULL, *s = NULL;
	size_t		 len = 0;

	if (take_string(ps, "'{{tn'", &one) == -1 ||
	    take_string(ps, "'{{tn'", &many) == -1 ||
	    take_name(ps, "'{{tn \"..\" \"..\"'", &s, &len) == -1 ||
	    close_tag(ps) == -1)
		return -1;
	if ((n = node_new(ps, N_TN)) == NULL)
		return -1;
	n->msg = one;
	n->msgpl = many;
	n->s = s;
	n->len = len;
	n->hash = hash(s, len);
	return 0;
}

static int
tag_var(struct parser *ps)
{
	struct node	*n;
	const char	*s = ps->p;
	size_t		 len;

	len = scan_name(ps);
	if (len == 1 && s[0] == 't')
		return tag_t(ps);
	if (len == 2 && s[0] == 't' && s[1] == 'c')
		return tag_tc(ps);
	if (len == 2 && s[0] == 't' && s[1] == 'n')
		return tag_tn(ps);
	if (close_tag(ps) == -1)
		return -1;
	if ((n = node_new(ps, N_VAR)) == NULL)
		return -1;
	if ((n->s = pool_add(ps, s, len, 1)) == NULL)
		return -1;
	n->len = len;
	n->hash = hash(s, len);
	return 0;
}

/* ps->p is just after "{{". */
static int
parse_tag(struct parser *ps)
{
	char	 tmp[16];
	char	 c;

	skip_ws(ps);
	if (ps->p >= ps->end)
		return perr(ps, TMPL_ESYNTAX, ps->tagline,
		    "unterminated tag (no '}}')");
	c = *ps->p;
	if (c == '!') {
		ps->p++;
		return tag_comment(ps);
	}
	ps->merge = 0;
	switch (c) {
	case '#':
	case '^':
		ps->p++;
		return tag_section(ps, c);
	case '/':
		ps->p++;
		return tag_close(ps);
	case '>':
		ps->p++;
		return tag_partial(ps);
	case '}':
		return perr(ps, TMPL_ESYNTAX, ps->tagline, "empty tag");
	default:
		break;
	}
	if (isname(c))
		return tag_var(ps);
	return perr(ps, TMPL_ESYNTAX, ps->tagline, "unknown tag '{{' + %s",
	    cur_char(ps, tmp, sizeof(tmp)));
}

static int
parse(struct parser *ps)
{
	const char	*q;
	struct node	*n;

	while (ps->p < ps->end) {
		q = memmem(ps->p, (size_t)(ps->end - ps->p), "{{", 2);
		if (q == NULL)
			q = ps->end;
		if (q > ps->p && add_text(ps, ps->p, (size_t)(q - ps->p)) == -1)
			return -1;
		if ((ps->p = q) == ps->end)
			break;
		ps->p += 2;
		ps->tagline = ps->line;
		if (parse_tag(ps) == -1)
			return -1;
	}
	if (ps->nopen > 0) {
		n = &ps->t->nodes[ps->open[ps->nopen - 1]];
		return perr(ps, TMPL_ESYNTAX, n->line,
		    "'{{%c%s}}' is never closed",
		    n->type == N_SECTION ? '#' : '^', n->s);
	}
	return 0;
}

/*
 * A mail: line 1 is the subject, compiled on its own (a section or tag
 * cannot run into the body), line 2 is empty, the body follows.
 */
static int
parse_mail(struct parser *ps)
{
	const char	*end = ps->end, *nl;

	nl = memchr(ps->p, '\n', (size_t)(end - ps->p));
	if (nl == NULL || (nl + 1 < end && nl[1] != '\n'))
		return perr(ps, TMPL_ESYNTAX, 1, "a mail is its subject on "
		    "line 1, an empty line 2, then the body");
	ps->end = nl;
	if (parse(ps) == -1)
		return -1;
	ps->t->nsubject = ps->t->nnodes;
	ps->p = nl + 1 < end ? nl + 2 : end;	/* no body: "subject\n" */
	ps->end = end;
	ps->line = ps->tagline = 3;
	ps->merge = 0;
	return parse(ps);
}

static void
tmpl_free(struct tmpl *t)
{
	if (t == NULL)
		return;
	free(t->name);
	free(t->file);
	free(t->nodes);
	free(t->pool);
	free(t);
}

static struct tmpl *
compile(const char *name, const char *file, const char *src, size_t len,
    char *err, size_t errlen, enum tmpl_err *rc)
{
	struct parser	 ps;
	struct tmpl	*t;

	*rc = TMPL_ENOMEM;
	if ((t = calloc(1, sizeof(*t))) == NULL ||
	    (t->name = strdup(name)) == NULL ||
	    (t->file = strdup(file)) == NULL ||
	    (t->pool = malloc(len + 1)) == NULL) {
		seterr(err, errlen, "%s: out of memory", file);
		tmpl_free(t);
		return NULL;
	}
	memset(&ps, 0, sizeof(ps));
	ps.t = t;
	ps.p = src;
	ps.end = src + len;
	ps.line = ps.tagline = 1;
	ps.poolcap = len + 1;
	ps.err = err;
	ps.errlen = errlen;
	t->kind = tmpl_kind(name);
	/* A text file's last line end is the file's, not the text's. */
	if (t->kind != TK_HTML && len > 0 && src[len - 1] == '\n')
		ps.end--;
	if ((t->kind == TK_MAIL ? parse_mail(&ps) : parse(&ps)) == -1) {
		*rc = ps.rc;
		tmpl_free(t);
		return NULL;
	}
	*rc = TMPL_OK;
	return t;
}

/* ---- the set ---- */

static int
set_add(struct tmpl_set *set, struct tmpl *t)
{
	struct tmpl	**v;
	size_t		 cap;

	if (set->n == set->cap) {
		cap = set->cap ? set->cap * 2 : 16;
		if (cap > SIZE_MAX / sizeof(*v) || /* NOLINT(bugprone-sizeof-expression): array of pointers */
		    (v = realloc(set->v, cap * sizeof(*v))) == NULL) /* NOLINT(bugprone-sizeof-expression) */
			return -1;
		set->v = v;
		set->cap = cap;
	}
	set->v[set->n++] = t;
	return 0;
}

static int
cmp_tmpl(const void *a, const void *b)
{
	const struct tmpl *const *x = a, *const *y = b;

	return strcmp((*x)->name, (*y)->name);
}

static const struct tmpl *
set_find(const struct tmpl_set *set, const char *name)
{
	size_t	 lo = 0, hi = set->n, mid;
	int	 c;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		c = strcmp(name, set->v[mid]->name);
		if (c == 0)
			return set->v[mid];
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

/* Sorts, rejects duplicates, resolves every partial. */
static int
set_finish(struct tmpl_set *set, char *err, size_t errlen)
{
	struct tmpl	*t;
	struct node	*n;
	size_t		 i, j;

	if (set->n > 1)
		qsort(set->v, set->n, sizeof(set->v[0]), cmp_tmpl); /* NOLINT(bugprone-sizeof-expression) */
	for (i = 1; i < set->n; i++)
		if (strcmp(set->v[i - 1]->name, set->v[i]->name) == 0) {
			seterr(err, errlen, "%s: duplicate template '%s'",
			    set->v[i]->file, set->v[i]->name);
			return -1;
		}
	for (i = 0; i < set->n; i++) {
		t = set->v[i];
		for (j = 0; j < t->nnodes; j++) {
			n = &t->nodes[j];
			if (n->type != N_PARTIAL)
				continue;
			if ((n->part = set_find(set, n->s)) == NULL) {
				seterr(err, errlen, "%s:%lu: unknown partial "
				    "'%s'", t->file, n->line, n->s);
				return -1;
			}
			/* HTML into HTML, text into text; a whole mail is
			 * never a part of something else. */
			if ((n->part->kind == TK_HTML) != (t->kind == TK_HTML) ||
			    n->part->kind == TK_MAIL) {
				seterr(err, errlen, "%s:%lu: '%s' cannot be a "
				    "partial here (%s)", t->file, n->line, n->s,
				    t->kind == TK_HTML ? "a page takes HTML "
				    "partials" : "a mail takes mail/partials/");
				return -1;
			}
		}
	}
	return 0;
}

void
tmpl_set_free(struct tmpl_set *set)
{
	size_t	 i;

	if (set == NULL)
		return;
	for (i = 0; i < set->n; i++)
		tmpl_free(set->v[i]);
	free(set->v);
	free(set);
}

int
tmpl_exists(const struct tmpl_set *set, const char *name)
{
	if (set == NULL || name == NULL)
		return 0;
	return set_find(set, name) != NULL;
}

static int
add_source(struct tmpl_set *set, const char *name, const char *file,
    const char *src, size_t len, char *err, size_t errlen)
{
	struct tmpl	*t;
	enum tmpl_err	 rc;

	if (!valid_name(name)) {
		seterr(err, errlen, "%s: bad template name (use A-Z a-z "
		    "0-9 _ - /)", file);
		return -1;
	}
	if (len > (size_t)TMPL_MAXSIZE) {
		seterr(err, errlen, "%s: larger than %ld bytes", file,
		    TMPL_MAXSIZE);
		return -1;
	}
	if (memchr(src, '\0', len) != NULL) {
		seterr(err, errlen, "%s: contains a NUL byte", file);
		return -1;
	}
	if ((t = compile(name, file, src, len, err, errlen, &rc)) == NULL)
		return -1;
	if (set_add(set, t) == -1) {
		tmpl_free(t);
		seterr(err, errlen, "%s: out of memory", file);
		return -1;
	}
	return 0;
}

struct tmpl_set *
tmpl_load_mem(const char *const *names, const char *const *texts, size_t n,
    char *err, size_t errlen)
{
	struct tmpl_set	*set;
	size_t		 i;

	seterr(err, errlen, "%s", "");
	if ((set = calloc(1, sizeof(*set))) == NULL) {
		seterr(err, errlen, "out of memory");
		return NULL;
	}
	for (i = 0; i < n; i++) {
		if (names == NULL || texts == NULL || names[i] == NULL ||
		    texts[i] == NULL) {
			seterr(err, errlen, "template %zu: no name or text", i);
			goto fail;
		}
		if (add_source(set, names[i], names[i], texts[i],
		    strlen(texts[i]), err, errlen) == -1)
			goto fail;
	}
	if (set_finish(set, err, errlen) == -1)
		goto fail;
	return set;
fail:
	tmpl_set_free(set);
	return NULL;
}

/* Reads a regular file of at most TMPL_MAXSIZE bytes. */
static char *
read_file(const char *path, size_t *lenp, char *err, size_t errlen)
{
	struct stat	 st;
	char		*data = NULL;
	size_t		 size, got = 0;
	ssize_t		 r;
	int		 fd;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1) {
		seterr(err, errlen, "%s: %s", path, strerror(errno));
		return NULL;
	}
	if (fstat(fd, &st) == -1) {
		seterr(err, errlen, "%s: %s", path, strerror(errno));
		goto fail;
	}
	if (!S_ISREG(st.st_mode)) {
		seterr(err, errlen, "%s: not a regular file", path);
		goto fail;
	}
	if (st.st_size < 0 || st.st_size > TMPL_MAXSIZE) {
		seterr(err, errlen, "%s: larger than %ld bytes", path,
		    TMPL_MAXSIZE);
		goto fail;
	}
	size = (size_t)st.st_size;
	if ((data = malloc(size + 1)) == NULL) {
		seterr(err, errlen, "%s: out of memory", path);
		goto fail;
	}
	while (got < size) {
		r = read(fd, data + got, size - got);
		if (r == -1 && errno == EINTR)
			continue;
		if (r == -1) {
			seterr(err, errlen, "%s: %s", path, strerror(errno));
			goto fail;
		}
		if (r == 0)
			break;
		got += (size_t)r;
	}
	close(fd);
	data[got] = '\0';
	*lenp = got;
	return data;
fail:
	free(data);
	close(fd);
	return NULL;
}

static int
load_file(struct tmpl_set *set, const char *dir, const char *sub,
    const char *fname, const char *ext, char *err, size_t errlen)
{
	char	 path[TMPL_PATHMAX], name[TMPL_PATHMAX];
	char	*src;
	size_t	 flen, len;
	int	 n, rc;

	flen = strlen(fname) - strlen(ext);	/* without ".html" */
	if (flen > INT_MAX)
		return -1;
	if (sub != NULL) {
		n = snprintf(path, sizeof(path), "%s/%s/%s", dir, sub, fname);
		rc = snprintf(name, sizeof(name), "%s/%.*s", sub, (int)flen,
		    fname);
	} else {
		n = snprintf(path, sizeof(path), "%s/%s", dir, fname);
		rc = snprintf(name, sizeof(name), "%.*s", (int)flen, fname);
	}
	if (n < 0 || (size_t)n >= sizeof(path) || rc < 0 ||
	    (size_t)rc >= sizeof(name)) {
		seterr(err, errlen, "%s/%s: path too long", dir, fname);
		return -1;
	}
	if ((src = read_file(path, &len, err, errlen)) == NULL)
		return -1;
	rc = add_source(set, name, path, src, len, err, errlen);
	free(src);
	return rc;
}

static int
has_ext(const char *fname, const char *ext)
{
	size_t	 n = strlen(fname), e = strlen(ext);

	return fname[0] != '.' && n > e && strcmp(fname + n - e, ext) == 0;
}

/* Loads dir/sub/ *ext (sub may be NULL); a missing sub is fine. */
static int
load_subdir(struct tmpl_set *set, const char *dir, const char *sub,
    const char *ext, char *err, size_t errlen)
{
	char		 path[TMPL_PATHMAX];
	DIR		*d;
	struct dirent	*de;
	int		 n, rc = 0;

	if (sub != NULL)
		n = snprintf(path, sizeof(path), "%s/%s", dir, sub);
	else
		n = snprintf(path, sizeof(path), "%s", dir);
	if (n < 0 || (size_t)n >= sizeof(path)) {
		seterr(err, errlen, "%s: path too long", dir);
		return -1;
	}
	if ((d = opendir(path)) == NULL) {
		if (sub != NULL && errno == ENOENT)
			return 0;
		seterr(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	for (;;) {
		errno = 0;
		if ((de = readdir(d)) == NULL) {
			if (errno != 0) {
				seterr(err, errlen, "%s: %s", path,
				    strerror(errno));
				rc = -1;
			}
			break;
		}
		if (!has_ext(de->d_name, ext))
			continue;
		if ((rc = load_file(set, dir, sub, de->d_name, ext, err,
		    errlen)) == -1)
			break;
	}
	closedir(d);
	return rc;
}

struct tmpl_set *
tmpl_load_dir(const char *dir, char *err, size_t errlen)
{
	struct tmpl_set	*set;

	seterr(err, errlen, "%s", "");
	if (dir == NULL) {
		seterr(err, errlen, "no template directory");
		return NULL;
	}
	if ((set = calloc(1, sizeof(*set))) == NULL) {
		seterr(err, errlen, "out of memory");
		return NULL;
	}
	if (load_subdir(set, dir, NULL, ".html", err, errlen) == -1 ||
	    load_subdir(set, dir, "partials", ".html", err, errlen) == -1 ||
	    load_subdir(set, dir, "mail", ".txt", err, errlen) == -1 ||
	    load_subdir(set, dir, "mail/partials", ".txt", err,
	    errlen) == -1 ||
	    set_finish(set, err, errlen) == -1) {
		tmpl_set_free(set);
		return NULL;
	}
	return set;
}

void
tmpl_set_translator(const char *(*gettext_fn)(const char *),
    const char *(*ngettext_fn)(const char *, const char *, unsigned long))
{
	tr_gettext = gettext_fn != NULL ? gettext_fn : tr_id;
	tr_ngettext = ngettext_fn != NULL ? ngettext_fn : tr_nid;
}

void
tmpl_set_dutch_marker(int (*fn)(void))
{
	mark_dutch = fn;
}

/* ---- rendering ---- */

static enum tmpl_err
rerr(struct rstate *rs, enum tmpl_err rc, const char *fmt, ...)
{
	va_list	 ap;

	if (rs->err != NULL && rs->errlen > 0) {
		va_start(ap, fmt);
		vsnprintf(rs->err, rs->errlen, fmt, ap);
		va_end(ap);
	}
	return rc;
}

static const struct tval *
ctx_find(const struct tctx *c, const char *k, size_t klen, uint32_t h)
{
	const struct tval	*v;

	for (v = c->vals; v != NULL; v = v->next)
		if (v->hash == h && v->klen == klen &&
		    memcmp(v->key, k, klen) == 0)
			return v;
	return NULL;
}

static const struct tval *
chain_find(const struct tctx *c, const char *k, size_t klen, uint32_t h)
{
	const struct tval	*v;

	for (; c != NULL; c = c->parent)
		if ((v = ctx_find(c, k, klen, h)) != NULL)
			return v;
	return NULL;
}

/*
 * The innermost section item first, each with its parents. A frame's
 * chain usually runs into the next frame's context (an item's parent is
 * the context holding the list): stop there, the next frame goes on.
 * Every context visited counts as a step.
 */
static const struct tval *
lookup(struct rstate *rs, const struct frame *f, const char *k,
    size_t klen, uint32_t h)
{
	const struct tctx	*c, *stop;
	const struct tval	*v;

	for (; f != NULL; f = f->up) {
		stop = f->up != NULL ? f->up->ctx : NULL;
		for (c = f->ctx; c != NULL && c != stop; c = c->parent) {
			rs->steps++;
			if ((v = ctx_find(c, k, klen, h)) != NULL)
				return v;
		}
	}
	return NULL;
}

static enum tmpl_err
unknown(struct rstate *rs, const struct tmpl *t, const char *k, size_t klen)
{
	return rerr(rs, TMPL_EUNKNOWN, "%s: unknown name '%.*s'", t->name,
	    (int)klen, k);
}

static void
put_long(struct buf *b, long l)
{
	char		 s[24];
	size_t		 i = sizeof(s);
	unsigned long	 u;

	u = l < 0 ? -(unsigned long)l : (unsigned long)l;
	do {
		s[--i] = (char)('0' + u % 10);
		u /= 10;
	} while (u != 0);
	if (l < 0)
		s[--i] = '-';
	buf_append(b, s + i, sizeof(s) - i);
}

/* Text as it is in a plain-text template, HTML-escaped in a page. */
static void
put_escaped(struct rstate *rs, const char *s, size_t n)
{
	if (rs->text)
		buf_append(rs->out, s, n);
	else
		buf_html(rs->out, s, n);
}

static enum tmpl_err
put_value(struct rstate *rs, const struct tmpl *t, const struct tval *v)
{
	switch (v->kind) {
	case TV_STR:
		if (v->nl && !rs->text && !rs->markup && mark_dutch != NULL &&
		    mark_dutch()) {
			buf_puts(rs->out, "<bdi lang=\"nl\">");
			buf_html(rs->out, v->s, v->slen);
			buf_puts(rs->out, "</bdi>");
		} else
			put_escaped(rs, v->s, v->slen);
		return TMPL_OK;
	case TV_HTML:
		if (rs->text)
			return rerr(rs, TMPL_EUNKNOWN, "%s: '%s' is HTML; a "
			    "text template takes text", t->name, v->key);
		buf_append(rs->out, v->s, v->slen);
		return TMPL_OK;
	case TV_LONG:
		put_long(rs->out, v->l);
		return TMPL_OK;
	case TV_BOOL:
		return rerr(rs, TMPL_EUNKNOWN, "%s: '%s' is a bool; use "
		    "{{#%s}} or {{^%s}}", t->name, v->key, v->key, v->key);
	case TV_LIST:
		return rerr(rs, TMPL_EUNKNOWN, "%s: '%s' is a list; use "
		    "{{#%s}}..{{/%s}}", t->name, v->key, v->key, v->key);
	}
	return rerr(rs, TMPL_EUNKNOWN, "%s: '%s' has no value", t->name,
	    v->key);
}

/* Writes translated text escaped, with "{name}" placeholders filled. */
static enum tmpl_err
put_text(struct rstate *rs, const struct tmpl *t, const struct frame *f,
    const char *s)
{
	const struct tval	*v;
	const char		*p, *q, *seg = s;
	enum tmpl_err		 rc;

	for (p = s; (p = strchr(p, '{')) != NULL; ) {
		for (q = p + 1; isplname(*q); q++)
			continue;
		if (q == p + 1 || *q != '}') {
			p++;
			continue;
		}
		put_escaped(rs, seg, (size_t)(p - seg));
		v = lookup(rs, f, p + 1, (size_t)(q - p - 1),
		    hash(p + 1, (size_t)(q - p - 1)));
		if (v == NULL)
			return unknown(rs, t, p + 1, (size_t)(q - p - 1));
		if ((rc = put_value(rs, t, v)) != TMPL_OK)
			return rc;
		seg = p = q + 1;
	}
	put_escaped(rs, seg, strlen(seg));
	return TMPL_OK;
}

/* Optional '-' and decimal digits, the whole string, no overflow. */
static int
parse_num(const char *s, size_t n, long *out)
{
	unsigned long	 u = 0, lim;
	size_t		 i = 0;
	int		 neg = 0;

	if (n > 0 && s[0] == '-') {
		neg = 1;
		i = 1;
	}
	if (i == n)
		return -1;
	lim = neg ? (unsigned long)LONG_MAX + 1 : (unsigned long)LONG_MAX;
	for (; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		if (u > (lim - (unsigned long)(s[i] - '0')) / 10)
			return -1;
		u = u * 10 + (unsigned long)(s[i] - '0');
	}
	if (neg)
		*out = u == (unsigned long)LONG_MAX + 1 ? LONG_MIN :
		    -(long)u;
	else
		*out = (long)u;
	return 0;
}

static enum tmpl_err
render_tn(struct rstate *rs, const struct tmpl *t, const struct node *n,
    const struct frame *f)
{
	const struct tval	*v;
	const char		*s;
	unsigned long		 u;
	long			 l;

	if ((v = lookup(rs, f, n->s, n->len, n->hash)) == NULL)
		return unknown(rs, t, n->s, n->len);
	if (v->kind == TV_LONG)
		l = v->l;
	else if ((v->kind != TV_STR && v->kind != TV_HTML) ||
	    parse_num(v->s, v->slen, &l) == -1)
		return rerr(rs, TMPL_EUNKNOWN, "%s: '%s' in {{tn}} is not a "
		    "number", t->name, n->s);
	u = l < 0 ? -(unsigned long)l : (unsigned long)l;
	if ((s = tr_ngettext(n->msg, n->msgpl, u)) == NULL)
		s = u == 1 ? n->msg : n->msgpl;
	return put_text(rs, t, f, s);
}

static int
truthy(const struct tval *v)
{
	switch (v->kind) {
	case TV_STR:
	case TV_HTML:
		return v->slen > 0;
	case TV_LONG:
	case TV_BOOL:
		return v->l != 0;
	case TV_LIST:
		return v->n > 0;
	}
	return 0;
}

static enum tmpl_err
render_section(struct rstate *rs, const struct tmpl *t, size_t i,
    const struct frame *f)
{
	const struct node	*n = &t->nodes[i];
	const struct tval	*v;
	const struct tctx	*item;
	struct frame		 fr;
	enum tmpl_err		 rc;

	if ((v = lookup(rs, f, n->s, n->len, n->hash)) == NULL)
		return unknown(rs, t, n->s, n->len);
	if (n->type == N_INVERTED) {
		if (truthy(v))
			return TMPL_OK;
		return render(rs, t, i + 1, n->end, f);
	}
	if (v->kind != TV_LIST)
		return truthy(v) ? render(rs, t, i + 1, n->end, f) : TMPL_OK;
	fr.up = f;
	for (item = v->head; item != NULL; item = item->next) {
		fr.ctx = item;
		if ((rc = render(rs, t, i + 1, n->end, &fr)) != TMPL_OK)
			return rc;
	}
	return TMPL_OK;
}

static enum tmpl_err
render_partial(struct rstate *rs, const struct tmpl *t, const struct node *n,
    const struct frame *f)
{
	enum tmpl_err	 rc;

	if (n->part == NULL)
		return rerr(rs, TMPL_ENOTFOUND, "%s: unknown partial '%s'",
		    t->name, n->s);
	if (rs->depth >= TMPL_MAXDEPTH)
		return rerr(rs, TMPL_EPARTIAL, "%s: partials nested deeper "
		    "than %d at '{{>%s}}' (recursion?)", t->name,
		    TMPL_MAXDEPTH, n->s);
	rs->depth++;
	rc = render(rs, n->part, 0, n->part->nnodes, f);
	rs->depth--;
	return rc;
}

static enum tmpl_err
render(struct rstate *rs, const struct tmpl *t, size_t from, size_t to,
    const struct frame *f)
{
	const struct node	*n;
	const struct tval	*v;
	const char		*s, *q;
	enum tmpl_err		 rc = TMPL_OK;
	size_t			 i;

	for (i = from; i < to && rc == TMPL_OK; i++) {
		/*
		 * Nested sections over lists multiply: bound the work, and
		 * stop once the output has failed anyway.
		 */
		if (++rs->steps > TMPL_MAXSTEPS)
			return rerr(rs, TMPL_ENOMEM, "%s: more than %lu steps "
			    "(sections over lists nested too deeply?)",
			    rs->name, TMPL_MAXSTEPS);
		if (rs->out->failed)
			return rerr(rs, TMPL_ENOMEM, "%s: out of memory (or "
			    "output too large)", rs->name);
		n = &t->nodes[i];
		rs->markup = n->markup;
		switch (n->type) {
		case N_TEXT:
			buf_append(rs->out, n->s, n->len);
			break;
		case N_VAR:
			if ((v = lookup(rs, f, n->s, n->len, n->hash)) == NULL)
				rc = unknown(rs, t, n->s, n->len);
			else
				rc = put_value(rs, t, v);
			break;
		case N_SECTION:
		case N_INVERTED:
			rc = render_section(rs, t, i, f);
			i = n->end - 1;
			break;
		case N_PARTIAL:
			rc = render_partial(rs, t, n, f);
			break;
		case N_T:
			if ((s = tr_gettext(n->msg)) == NULL)
				s = n->msg;
			/* {{tc}} untranslated: the text without its context */
			if ((q = strchr(s, '\004')) != NULL)
				s = q + 1;
			rc = put_text(rs, t, f, s);
			break;
		case N_TN:
			rc = render_tn(rs, t, n, f);
			break;
		}
	}
	return rc;
}

/* Nodes [from, to) of t into out. */
static enum tmpl_err
render_top(struct rstate *rs, const struct tmpl *t, size_t from, size_t to,
    const struct tctx *ctx, struct buf *out)
{
	struct frame		 root;
	enum tmpl_err		 rc;

	rs->out = out;
	root.ctx = ctx;
	root.up = NULL;
	if ((rc = render(rs, t, from, to, &root)) != TMPL_OK)
		return rc;
	if (out->failed)
		return rerr(rs, TMPL_ENOMEM, "%s: out of memory (or output "
		    "too large)", rs->name);
	return TMPL_OK;
}

static const struct tmpl *
render_start(struct rstate *rs, const struct tmpl_set *set, const char *name,
    char *err, size_t errlen)
{
	const struct tmpl	*t;

	seterr(err, errlen, "%s", "");
	memset(rs, 0, sizeof(*rs));
	rs->err = err;
	rs->errlen = errlen;
	if (set == NULL || name == NULL || (t = set_find(set, name)) == NULL) {
		rerr(rs, TMPL_ENOTFOUND, "no template '%s'",
		    name != NULL ? name : "(null)");
		return NULL;
	}
	rs->name = name;
	rs->text = t->kind != TK_HTML;
	return t;
}

enum tmpl_err
tmpl_render(const struct tmpl_set *set, const char *name,
    const struct tctx *ctx, struct buf *out, char *err, size_t errlen)
{
	const struct tmpl	*t;
	struct rstate		 rs;

	if ((t = render_start(&rs, set, name, err, errlen)) == NULL ||
	    out == NULL)
		return TMPL_ENOTFOUND;
	if (t->kind == TK_MAIL)
		return rerr(&rs, TMPL_ENOTFOUND, "%s: a mail; use "
		    "tmpl_render_mail", name);
	return render_top(&rs, t, 0, t->nnodes, ctx, out);
}

enum tmpl_err
tmpl_render_mail(const struct tmpl_set *set, const char *name,
    const struct tctx *ctx, struct buf *subject, struct buf *body,
    char *err, size_t errlen)
{
	const struct tmpl	*t;
	struct rstate		 rs;
	enum tmpl_err		 rc;

	if ((t = render_start(&rs, set, name, err, errlen)) == NULL ||
	    subject == NULL || body == NULL)
		return TMPL_ENOTFOUND;
	if (t->kind != TK_MAIL)
		return rerr(&rs, TMPL_ENOTFOUND, "%s: not a mail (mail/...)",
		    name);
	if ((rc = render_top(&rs, t, 0, t->nsubject, ctx, subject)) !=
	    TMPL_OK)
		return rc;
	/* The subject's source has no line end: one here came from a value
	 * or a translation, and would start a header of its own. */
	if (subject->len > 0 &&
	    (memchr(subject->data, '\n', subject->len) != NULL ||
	    memchr(subject->data, '\r', subject->len) != NULL))
		return rerr(&rs, TMPL_EVALUE, "%s: a line end in the subject",
		    name);
	return render_top(&rs, t, t->nsubject, t->nnodes, ctx, body);
}

/* ---- contexts ---- */

struct tctx *
tctx_new(struct arena *a, struct tctx *parent)
{
	struct tctx	*c;

	if (a == NULL || (c = arena_alloc(a, sizeof(*c))) == NULL)
		return NULL;
	c->arena = a;
	c->parent = parent;
	return c;
}

/* c's own slot for key, made (as an empty string) if needed. */
static struct tval *
slot(struct tctx *c, const char *key)
{
	struct tval	*v;
	size_t		 klen;
	uint32_t	 h;

	if (c == NULL || key == NULL)
		return NULL;
	klen = strlen(key);
	h = hash(key, klen);
	for (v = c->vals; v != NULL; v = v->next)
		if (v->hash == h && v->klen == klen &&
		    memcmp(v->key, key, klen) == 0)
			return v;
	if ((v = arena_alloc(c->arena, sizeof(*v))) == NULL ||
	    (v->key = arena_strndup(c->arena, key, klen)) == NULL)
		return NULL;
	v->klen = klen;
	v->hash = h;
	v->kind = TV_STR;
	v->s = "";
	v->next = c->vals;
	c->vals = v;
	return v;
}

static void
set_kind(struct tval *v, enum tkind kind)
{
	v->kind = kind;
	v->s = "";
	v->slen = 0;
	v->l = 0;
	v->nl = 0;
	v->head = v->tail = NULL;
	v->n = 0;
}

static void
set_string(struct tctx *c, const char *key, const char *val, size_t len,
    enum tkind kind)
{
	struct tval	*v;
	char		*s;

	if (c == NULL)
		return;
	if ((s = arena_strndup(c->arena, val, len)) == NULL ||
	    (v = slot(c, key)) == NULL)
		return;
	set_kind(v, kind);
	v->s = s;
	v->slen = len;
}

void
tctx_str(struct tctx *c, const char *key, const char *val)
{
	if (val == NULL)
		val = "";
	set_string(c, key, val, strlen(val), TV_STR);
}

void
tctx_nl(struct tctx *c, const char *key, const char *val)
{
	struct tval	*v;

	if (val == NULL)
		val = "";
	set_string(c, key, val, strlen(val), TV_STR);
	if ((v = slot(c, key)) != NULL && v->kind == TV_STR)
		v->nl = 1;
}

void
tctx_html(struct tctx *c, const char *key, const char *html)
{
	if (html == NULL)
		html = "";
	set_string(c, key, html, strlen(html), TV_HTML);
}

void
tctx_strf(struct tctx *c, const char *key, const char *fmt, ...)
{
	struct tval	*v;
	va_list		 ap;
	char		*s;
	int		 n;

	if (c == NULL || fmt == NULL)
		return;
	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0 || (s = arena_alloc(c->arena, (size_t)n + 1)) == NULL)
		return;
	va_start(ap, fmt);
	vsnprintf(s, (size_t)n + 1, fmt, ap);
	va_end(ap);
	if ((v = slot(c, key)) == NULL)
		return;
	set_kind(v, TV_STR);
	v->s = s;
	v->slen = (size_t)n;
}

void
tctx_long(struct tctx *c, const char *key, long val)
{
	struct tval	*v;

	if ((v = slot(c, key)) == NULL)
		return;
	set_kind(v, TV_LONG);
	v->l = val;
}

void
tctx_bool(struct tctx *c, const char *key, int val)
{
	struct tval	*v;

	if ((v = slot(c, key)) == NULL)
		return;
	set_kind(v, TV_BOOL);
	v->l = val != 0;
}

void
tctx_list(struct tctx *c, const char *key)
{
	struct tval	*v;

	if ((v = slot(c, key)) == NULL)
		return;
	if (v->kind != TV_LIST)
		set_kind(v, TV_LIST);
}

struct tctx *
tctx_list_add(struct tctx *c, const char *key)
{
	struct tctx	*item;
	struct tval	*v;

	if (c == NULL || (item = tctx_new(c->arena, c)) == NULL ||
	    (v = slot(c, key)) == NULL)
		return NULL;
	if (v->kind != TV_LIST)
		set_kind(v, TV_LIST);
	if (v->tail != NULL)
		v->tail->next = item;
	else
		v->head = item;
	v->tail = item;
	v->n++;
	return item;
}

const char *
tctx_get(const struct tctx *c, const char *key)
{
	const struct tval	*v;
	size_t			 klen;

	if (c == NULL || key == NULL)
		return NULL;
	klen = strlen(key);
	v = chain_find(c, key, klen, hash(key, klen));
	if (v == NULL || (v->kind != TV_STR && v->kind != TV_HTML))
		return NULL;
	return v->s;
}

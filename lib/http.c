/*
 * http.c - request parsing under hard limits, and the response being built.
 *
 * Every parser here reads bytes it does not trust. The rules that hold
 * throughout:
 *  - nothing is truncated: input over a limit is HTTP_ETOOBIG, never cut;
 *  - text that reaches a caller is valid UTF-8 without NUL bytes (file
 *    contents from multipart are the one exception, and carry a length);
 *  - all memory comes from the request's arena, so an error return needs
 *    no cleanup; on error the output fields are left empty, never half
 *    filled;
 *  - every length sum or product is checked before it is used.
 */
#include <stdint.h>
#include <string.h>
#include <strings.h>

#include "arena.h"
#include "buf.h"
#include "http.h"
#include "util.h"

/* RFC 2046 5.1.1: a boundary is 1 to 70 characters. */
#define MP_BOUNDARY_MAX	70
/* The response body never grows beyond this. */
#define RESP_BODY_MAX	((size_t)8 * 1024 * 1024)

const struct http_limits http_default_limits = {
	.max_body = (size_t)2 * 1024 * 1024,
	.max_fields = 64,
	.max_name = 64,
	.max_value = 20000,
	.max_file = (size_t)1536 * 1024,
};

/* Fields collected by a parser before they are handed out. */
struct fbuild {
	struct arena			*arena;
	const struct http_limits	*lim;
	struct http_field		*v;
	size_t				 n;
	size_t				 cap;
};

/* One parameter of a header value: ; name=value */
struct param {
	const char	*name;		/* not NUL-terminated; NULL: no more */
	size_t		 namelen;
	char		*value;		/* unquoted copy, NUL-terminated */
	size_t		 valuelen;
};

/* ---- characters ---- */

/* RFC 9110 5.6.2: tchar, the characters of a token. */
static int
is_tchar(unsigned char c)
{
	if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9'))
		return 1;
	return c != '\0' && strchr("!#$%&'*+-.^_`|~", c) != NULL;
}

static int
is_token(const char *s, size_t n)
{
	size_t	 i;

	if (n == 0)
		return 0;
	for (i = 0; i < n; i++)
		if (!is_tchar((unsigned char)s[i]))
			return 0;
	return 1;
}

/* Control characters: C0 and DEL. */
static int
is_ctl(unsigned char c)
{
	return c < 0x20 || c == 0x7f;
}

static int
is_ows(char c)
{
	return c == ' ' || c == '\t';
}


/* s[0..n) equals the literal lit, ignoring ASCII case. */
static int
span_ieq(const char *s, size_t n, const char *lit)
{
	return n == strlen(lit) && strncasecmp(s, lit, n) == 0;
}

static size_t
skip_ows(const char *s, size_t n, size_t i)
{
	while (i < n && is_ows(s[i]))
		i++;
	return i;
}

/* Shrinks s[*start..*end) past leading and trailing OWS. */
static void
trim_ows(const char *s, size_t *start, size_t *end)
{
	while (*start < *end && is_ows(s[*start]))
		(*start)++;
	while (*end > *start && is_ows(s[*end - 1]))
		(*end)--;
}

/* ---- decoding and UTF-8 ---- */

enum http_err
http_pct_decode(struct arena *a, const char *s, size_t n, int plus_is_space,
    char **out, size_t *outlen)
{
	char	*d;
	size_t	 i, len = 0;
	int	 hi, lo;

	*out = NULL;
	*outlen = 0;
	if (s == NULL && n > 0)
		return HTTP_EBAD;
	/* The result is never longer than the input; one more for the NUL. */
	if (n == SIZE_MAX)
		return HTTP_ETOOBIG;
	if ((d = arena_alloc(a, n + 1)) == NULL)
		return HTTP_ENOMEM;
	for (i = 0; i < n; i++) {
		if (s[i] == '%') {
			/* Exactly two hex digits must follow; "%4" at the
			 * end and "%G1" are both malformed. */
			if (n - i < 3)
				return HTTP_EBAD;
			hi = util_hexval(s[i + 1]);
			lo = util_hexval(s[i + 2]);
			if (hi < 0 || lo < 0)
				return HTTP_EBAD;
			d[len] = (char)(hi << 4 | lo);
			i += 2;
		} else if (s[i] == '+' && plus_is_space)
			d[len] = ' ';
		else
			d[len] = s[i];
		/* Text never holds NUL, whether escaped ("%00") or raw. */
		if (d[len] == '\0')
			return HTTP_EBAD;
		len++;
	}
	d[len] = '\0';
	*out = d;
	*outlen = len;
	return HTTP_OK;
}

/*
 * Strict UTF-8 (RFC 3629, Unicode table 3-7): the second byte's range
 * depends on the first, which is what rules out overlong forms (C0, C1,
 * E0 80-9F, F0 80-8F), surrogates (ED A0-BF) and code points above
 * U+10FFFF (F4 90-BF, F5-FF).
 */
int
http_utf8_valid(const char *s, size_t n)
{
	const unsigned char	*p = (const unsigned char *)s;
	size_t			 i = 0, k, more;
	unsigned char		 lo, hi;

	if (s == NULL)
		return n == 0;
	while (i < n) {
		if (p[i] < 0x80) {
			i++;
			continue;
		}
		lo = 0x80;
		hi = 0xbf;
		if (p[i] >= 0xc2 && p[i] <= 0xdf)
			more = 1;
		else if (p[i] == 0xe0) {
			more = 2;
			lo = 0xa0;
		} else if (p[i] == 0xed) {
			more = 2;
			hi = 0x9f;
		} else if (p[i] >= 0xe1 && p[i] <= 0xef)
			more = 2;	/* E1-EC, EE-EF */
		else if (p[i] == 0xf0) {
			more = 3;
			lo = 0x90;
		} else if (p[i] >= 0xf1 && p[i] <= 0xf3)
			more = 3;
		else if (p[i] == 0xf4) {
			more = 3;
			hi = 0x8f;
		} else
			return 0;
		if (n - i - 1 < more)
			return 0;	/* truncated sequence */
		if (p[i + 1] < lo || p[i + 1] > hi)
			return 0;
		for (k = 2; k <= more; k++)
			if (p[i + k] < 0x80 || p[i + k] > 0xbf)
				return 0;
		i += more + 1;
	}
	return 1;
}

/* ---- collecting fields ---- */

static void
fields_clear(struct http_fields *out)
{
	out->v = NULL;
	out->n = 0;
}

static void
fb_init(struct fbuild *fb, struct arena *a, const struct http_limits *lim)
{
	memset(fb, 0, sizeof(*fb));
	fb->arena = a;
	fb->lim = lim;
}

/* Appends f; one field more than max_fields is HTTP_ETOOBIG. */
static enum http_err
fb_push(struct fbuild *fb, const struct http_field *f)
{
	struct http_field	*nv;
	size_t			 ncap;

	if (fb->n >= fb->lim->max_fields)
		return HTTP_ETOOBIG;
	if (fb->n == fb->cap) {
		if (fb->cap == 0)
			ncap = 8;
		else if (fb->cap > SIZE_MAX / 2)
			return HTTP_ENOMEM;
		else
			ncap = fb->cap * 2;
		if (ncap > fb->lim->max_fields)
			ncap = fb->lim->max_fields;
		nv = arena_calloc(fb->arena, ncap, sizeof(*nv));
		if (nv == NULL)
			return HTTP_ENOMEM;
		if (fb->n > 0)
			memcpy(nv, fb->v, fb->n * sizeof(*nv));
		fb->v = nv;
		fb->cap = ncap;
	}
	fb->v[fb->n++] = *f;
	return HTTP_OK;
}

static void
fb_finish(const struct fbuild *fb, struct http_fields *out)
{
	out->v = fb->v;
	out->n = fb->n;
}

/* Name rules shared by urlencoded and multipart. */
static enum http_err
check_name(const char *name, size_t len, const struct http_limits *lim)
{
	if (len == 0)
		return HTTP_EBAD;
	if (len > lim->max_name)
		return HTTP_ETOOBIG;
	if (!http_utf8_valid(name, len))
		return HTTP_EBAD;
	return HTTP_OK;
}

/* ---- application/x-www-form-urlencoded ---- */

/* One non-empty "name[=value]" pair. */
static enum http_err
url_pair(struct fbuild *fb, const char *s, size_t n)
{
	struct http_field	 f;
	const char		*eq;
	size_t			 rawlen, nlen, vlen;
	char			*name, *value;
	enum http_err		 e;

	memset(&f, 0, sizeof(f));
	eq = memchr(s, '=', n);
	rawlen = eq != NULL ? (size_t)(eq - s) : n;
	if (rawlen == 0)
		return HTTP_EBAD;	/* "=x": no name */
	e = http_pct_decode(fb->arena, s, rawlen, 1, &name, &nlen);
	if (e != HTTP_OK)
		return e;
	if ((e = check_name(name, nlen, fb->lim)) != HTTP_OK)
		return e;
	if (eq != NULL)
		e = http_pct_decode(fb->arena, eq + 1, n - rawlen - 1, 1,
		    &value, &vlen);
	else
		e = http_pct_decode(fb->arena, "", 0, 1, &value, &vlen);
	if (e != HTTP_OK)
		return e;
	if (vlen > fb->lim->max_value)
		return HTTP_ETOOBIG;
	if (!http_utf8_valid(value, vlen))
		return HTTP_EBAD;
	f.name = name;
	f.value = value;
	f.len = vlen;
	return fb_push(fb, &f);
}

enum http_err
http_parse_urlencoded(struct arena *a, const char *s, size_t n,
    const struct http_limits *lim, struct http_fields *out)
{
	struct fbuild	 fb;
	const char	*amp;
	size_t		 len;
	enum http_err	 e;

	fields_clear(out);
	if (lim == NULL)
		lim = &http_default_limits;
	if (s == NULL && n > 0)
		return HTTP_EBAD;
	if (n > lim->max_body)
		return HTTP_ETOOBIG;
	fb_init(&fb, a, lim);
	while (n > 0) {
		amp = memchr(s, '&', n);
		len = amp != NULL ? (size_t)(amp - s) : n;
		/* "a=1&&b=2": empty pairs are skipped. */
		if (len > 0 && (e = url_pair(&fb, s, len)) != HTTP_OK)
			return e;
		if (amp == NULL)
			break;
		n -= len + 1;
		s = amp + 1;
	}
	fb_finish(&fb, out);
	return HTTP_OK;
}

/* ---- Cookie header ---- */

/*
 * One "name=value" from the Cookie header (RFC 6265 5.2 trims spaces
 * around both). Returns 1 and fills f for a cookie to keep, 0 for a
 * malformed one to skip, -1 with *err set when a limit is exceeded.
 */
static int
cookie_pair(struct arena *a, const char *s, size_t n,
    const struct http_limits *lim, struct http_field *f, enum http_err *err)
{
	const char	*eq;
	size_t		 ns, ne, vs, ve, i;

	if ((eq = memchr(s, '=', n)) == NULL)
		return 0;
	ns = 0;
	ne = (size_t)(eq - s);
	vs = ne + 1;
	ve = n;
	trim_ows(s, &ns, &ne);
	trim_ows(s, &vs, &ve);
	if (!is_token(s + ns, ne - ns))
		return 0;
	/* A value may be sent in double quotes; they are not part of it. */
	if (ve - vs >= 2 && s[vs] == '"' && s[ve - 1] == '"') {
		vs++;
		ve--;
	}
	for (i = vs; i < ve; i++)
		if (is_ctl((unsigned char)s[i]))
			return 0;
	if (!http_utf8_valid(s + vs, ve - vs))
		return 0;
	if (ne - ns > lim->max_name || ve - vs > lim->max_value) {
		*err = HTTP_ETOOBIG;
		return -1;
	}
	memset(f, 0, sizeof(*f));
	if ((f->name = arena_strndup(a, s + ns, ne - ns)) == NULL ||
	    (f->value = arena_strndup(a, s + vs, ve - vs)) == NULL) {
		*err = HTTP_ENOMEM;
		return -1;
	}
	f->len = ve - vs;
	return 1;
}

enum http_err
http_parse_cookies(struct arena *a, const char *header,
    const struct http_limits *lim, struct http_fields *out)
{
	struct fbuild		 fb;
	struct http_field	 f;
	const char		*s, *semi;
	size_t			 n, len;
	enum http_err		 e = HTTP_OK;
	int			 rc;

	fields_clear(out);
	if (lim == NULL)
		lim = &http_default_limits;
	if (header == NULL)
		return HTTP_OK;
	fb_init(&fb, a, lim);
	s = header;
	n = strlen(header);
	while (n > 0) {
		semi = memchr(s, ';', n);
		len = semi != NULL ? (size_t)(semi - s) : n;
		rc = cookie_pair(a, s, len, lim, &f, &e);
		if (rc == -1)
			return e;
		if (rc == 1 && (e = fb_push(&fb, &f)) != HTTP_OK)
			return e;
		if (semi == NULL)
			break;
		n -= len + 1;
		s = semi + 1;
	}
	fb_finish(&fb, out);
	return HTTP_OK;
}

/* ---- multipart/form-data ---- */

/*
 * Reads the next parameter of a header value from s[*pos..n):
 *   *( OWS ";" OWS [ token "=" ( token / quoted-string ) ] ) OWS
 * Empty parameters (";;", a trailing ";") are allowed by RFC 9110 and
 * skipped. With qpair, a backslash in a quoted string escapes the next
 * character (RFC 9110 quoted-pair). Without it a backslash is an ordinary
 * character: browsers follow the HTML standard for form-data, which
 * percent-encodes '"' in names and file names and never escapes with
 * backslashes, so "C:\dir\x.txt" must stay as it is.
 * Returns HTTP_OK with p->name == NULL at the end.
 */
static enum http_err
param_next(struct arena *a, const char *s, size_t n, size_t *pos, int qpair,
    struct param *p)
{
	size_t		 i = *pos, start, len;
	unsigned char	 c;
	char		*v;

	memset(p, 0, sizeof(*p));
	for (;;) {
		i = skip_ows(s, n, i);
		if (i == n) {
			*pos = i;
			return HTTP_OK;
		}
		if (s[i] != ';')
			return HTTP_EBAD;
		i = skip_ows(s, n, i + 1);
		if (i < n && s[i] != ';')
			break;
	}
	start = i;
	while (i < n && is_tchar((unsigned char)s[i]))
		i++;
	if (i == start || i == n || s[i] != '=')
		return HTTP_EBAD;
	p->name = s + start;
	p->namelen = i - start;
	i++;
	if (i < n && s[i] == '"') {
		/*
		 * Measure first, then copy: allocating all that is left
		 * for each of many quoted parameters would be quadratic.
		 */
		start = ++i;
		for (len = 0; ; len++) {
			if (i == n)
				return HTTP_EBAD;	/* no closing quote */
			c = (unsigned char)s[i++];
			if (c == '"')
				break;
			if (c == '\\' && qpair) {
				if (i == n)
					return HTTP_EBAD;
				c = (unsigned char)s[i++];
			}
			if (is_ctl(c) && c != '\t')
				return HTTP_EBAD;
		}
		if ((v = arena_alloc(a, len + 1)) == NULL)
			return HTTP_ENOMEM;
		for (i = start, len = 0; s[i] != '"'; len++) {
			if (s[i] == '\\' && qpair)
				i++;
			v[len] = s[i++];
		}
		v[len] = '\0';
		i++;
	} else {
		start = i;
		while (i < n && is_tchar((unsigned char)s[i]))
			i++;
		if (i == start)
			return HTTP_EBAD;
		len = i - start;
		if ((v = arena_strndup(a, s + start, len)) == NULL)
			return HTTP_ENOMEM;
	}
	p->value = v;
	p->valuelen = len;
	*pos = i;
	return HTTP_OK;
}

/* RFC 2046 bchars: the boundary's alphabet; a space may not end it. */
static int
boundary_valid(const char *b, size_t n)
{
	size_t		 i;
	unsigned char	 c;

	if (n == 0 || n > MP_BOUNDARY_MAX || b[n - 1] == ' ')
		return 0;
	for (i = 0; i < n; i++) {
		c = (unsigned char)b[i];
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9'))
			continue;
		if (c == '\0' || strchr("'()+_,-./:=? ", c) == NULL)
			return 0;
	}
	return 1;
}

/* The boundary of "multipart/form-data; boundary=..." */
static enum http_err
mp_boundary(struct arena *a, const char *ct, const char **bound,
    size_t *blen)
{
	struct param	 p;
	size_t		 n, i, start;
	enum http_err	 e;

	*bound = NULL;
	*blen = 0;
	if (ct == NULL)
		return HTTP_EBAD;
	n = strlen(ct);
	i = skip_ows(ct, n, 0);
	start = i;
	while (i < n && (is_tchar((unsigned char)ct[i]) || ct[i] == '/'))
		i++;
	if (!span_ieq(ct + start, i - start, "multipart/form-data"))
		return HTTP_EBAD;
	for (;;) {
		if ((e = param_next(a, ct, n, &i, 1, &p)) != HTTP_OK)
			return e;
		if (p.name == NULL)
			break;
		if (!span_ieq(p.name, p.namelen, "boundary"))
			continue;
		if (*bound != NULL)
			return HTTP_EBAD;	/* two boundaries */
		*bound = p.value;
		*blen = p.valuelen;
	}
	if (*bound == NULL || !boundary_valid(*bound, *blen))
		return HTTP_EBAD;
	return HTTP_OK;
}

/* Content-Disposition: form-data; name="x"[; filename="y"] */
static enum http_err
mp_disposition(struct fbuild *fb, const char *s, size_t n,
    struct http_field *f)
{
	struct param	 p;
	size_t		 i, len;
	enum http_err	 e;

	i = 0;
	while (i < n && is_tchar((unsigned char)s[i]))
		i++;
	if (!span_ieq(s, i, "form-data"))
		return HTTP_EBAD;
	for (;;) {
		if ((e = param_next(fb->arena, s, n, &i, 0, &p)) != HTTP_OK)
			return e;
		if (p.name == NULL)
			break;
		if (span_ieq(p.name, p.namelen, "name")) {
			if (f->name != NULL)
				return HTTP_EBAD;
			if ((e = check_name(p.value, p.valuelen, fb->lim)) !=
			    HTTP_OK)
				return e;
			f->name = p.value;
		} else if (span_ieq(p.name, p.namelen, "filename")) {
			if (f->filename != NULL)
				return HTTP_EBAD;
			/* A file name is text: bound it like a value. */
			len = p.valuelen;
			if (len > fb->lim->max_value)
				return HTTP_ETOOBIG;
			if (!http_utf8_valid(p.value, len))
				return HTTP_EBAD;
			f->filename = p.value;
		}
		/* Other parameters (filename*, ...) are ignored. */
	}
	if (f->name == NULL)
		return HTTP_EBAD;
	return HTTP_OK;
}

/*
 * One header line of a part, without its CRLF: a token, ':', the value.
 * Control characters (bare CR or LF among them) and folded lines are
 * malformed; bytes above 0x7f are allowed (UTF-8 file names).
 */
static enum http_err
mp_header(struct fbuild *fb, const char *s, size_t n, struct http_field *f,
    int *have_cd)
{
	const char	*colon;
	size_t		 i, vs, ve;
	unsigned char	 c;
	char		*ct;

	for (i = 0; i < n; i++) {
		c = (unsigned char)s[i];
		if (is_ctl(c) && c != '\t')
			return HTTP_EBAD;
	}
	if ((colon = memchr(s, ':', n)) == NULL)
		return HTTP_EBAD;
	if (!is_token(s, (size_t)(colon - s)))
		return HTTP_EBAD;
	vs = (size_t)(colon - s) + 1;
	ve = n;
	trim_ows(s, &vs, &ve);
	if (span_ieq(s, (size_t)(colon - s), "Content-Disposition")) {
		if (*have_cd)
			return HTTP_EBAD;
		*have_cd = 1;
		return mp_disposition(fb, s + vs, ve - vs, f);
	}
	if (span_ieq(s, (size_t)(colon - s), "Content-Type")) {
		if (f->ctype != NULL || vs == ve)
			return HTTP_EBAD;
		if (ve - vs > fb->lim->max_value)
			return HTTP_ETOOBIG;
		if (!http_utf8_valid(s + vs, ve - vs))
			return HTTP_EBAD;
		if ((ct = arena_strndup(fb->arena, s + vs, ve - vs)) == NULL)
			return HTTP_ENOMEM;
		f->ctype = ct;
	}
	/* Other headers are ignored (RFC 7578 4.8). */
	return HTTP_OK;
}

/* One part: headers, an empty line, the content (s[0..n)). */
static enum http_err
mp_part(struct fbuild *fb, const char *s, size_t n)
{
	struct http_field	 f;
	const char		*eol;
	size_t			 i = 0, len;
	int			 have_cd = 0;
	enum http_err		 e;
	char			*v;

	memset(&f, 0, sizeof(f));
	for (;;) {
		eol = memmem(s + i, n - i, "\r\n", 2);
		if (eol == NULL)
			return HTTP_EBAD;	/* headers never end */
		len = (size_t)(eol - (s + i));
		if (len == 0) {
			i += 2;
			break;
		}
		if ((e = mp_header(fb, s + i, len, &f, &have_cd)) != HTTP_OK)
			return e;
		i += len + 2;
	}
	if (!have_cd)
		return HTTP_EBAD;	/* no name */
	len = n - i;
	if (f.filename != NULL) {
		if (len > fb->lim->max_file)
			return HTTP_ETOOBIG;
	} else {
		if (len > fb->lim->max_value)
			return HTTP_ETOOBIG;
		if (memchr(s + i, '\0', len) != NULL ||
		    !http_utf8_valid(s + i, len))
			return HTTP_EBAD;
	}
	if ((v = arena_strndup(fb->arena, s + i, len)) == NULL)
		return HTTP_ENOMEM;
	f.value = v;
	f.len = len;
	return fb_push(fb, &f);
}

/*
 * RFC 2046 5.1.1 with the RFC 7578 profile. Layout:
 *   [preamble CRLF] "--" boundary padding CRLF part
 *   *( CRLF "--" boundary padding CRLF part )
 *   CRLF "--" boundary "--" [epilogue]
 * A part ends where the next CRLF "--" boundary starts; the boundary may
 * not occur inside a part, so anything but "--" or padding and CRLF after
 * it is malformed rather than content. Line ends are CRLF only.
 */
enum http_err
http_parse_multipart(struct arena *a, const char *content_type,
    const char *body, size_t n, const struct http_limits *lim,
    struct http_fields *out)
{
	struct fbuild	 fb;
	const char	*bound, *q;
	char		*delim;
	size_t		 blen, dlen, pos, end;
	enum http_err	 e;

	fields_clear(out);
	if (lim == NULL)
		lim = &http_default_limits;
	if (n > lim->max_body)
		return HTTP_ETOOBIG;
	if (body == NULL || n == 0)
		return HTTP_EBAD;	/* not even a closing delimiter */
	if ((e = mp_boundary(a, content_type, &bound, &blen)) != HTTP_OK)
		return e;

	/* delim is CRLF "--" boundary; blen <= 70, so no overflow. */
	dlen = blen + 4;
	if ((delim = arena_alloc(a, dlen + 1)) == NULL)
		return HTTP_ENOMEM;
	memcpy(delim, "\r\n--", 4);
	memcpy(delim + 4, bound, blen);

	/* The first delimiter may open the body without a CRLF. */
	if (n >= dlen - 2 && memcmp(body, delim + 2, dlen - 2) == 0)
		pos = dlen - 2;
	else if ((q = memmem(body, n, delim, dlen)) != NULL)
		pos = (size_t)(q - body) + dlen;
	else
		return HTTP_EBAD;

	fb_init(&fb, a, lim);
	for (;;) {
		/* Just past a delimiter: "--" closes, else padding, CRLF. */
		if (n - pos >= 2 && body[pos] == '-' && body[pos + 1] == '-')
			break;
		pos = skip_ows(body, n, pos);
		if (n - pos < 2 || body[pos] != '\r' || body[pos + 1] != '\n')
			return HTTP_EBAD;
		pos += 2;
		if ((q = memmem(body + pos, n - pos, delim, dlen)) == NULL)
			return HTTP_EBAD;	/* no closing delimiter */
		end = (size_t)(q - body);
		if ((e = mp_part(&fb, body + pos, end - pos)) != HTTP_OK)
			return e;
		pos = end + dlen;
	}
	fb_finish(&fb, out);
	return HTTP_OK;
}

/* ---- looking fields up ---- */

const struct http_field *
http_fields_get(const struct http_fields *fs, const char *name)
{
	size_t	 i;

	if (fs == NULL || name == NULL)
		return NULL;
	for (i = 0; i < fs->n; i++)
		if (strcmp(fs->v[i].name, name) == 0)
			return &fs->v[i];
	return NULL;
}

size_t
http_fields_count(const struct http_fields *fs, const char *name)
{
	size_t	 i, c = 0;

	if (fs == NULL || name == NULL)
		return 0;
	for (i = 0; i < fs->n; i++)
		if (strcmp(fs->v[i].name, name) == 0)
			c++;
	return c;
}

/* ---- response ---- */

void
http_response_init(struct http_response *r, struct arena *a)
{
	memset(r, 0, sizeof(*r));
	r->arena = a;
	r->status = 200;
	buf_init(&r->body, a, RESP_BODY_MAX);
}

/*
 * A header name is a token; a value has no control characters but HTAB
 * (so no CR or LF to split the response, and no NUL, which a C string
 * cannot carry anyway).
 */
static int
header_valid(const char *name, const char *value)
{
	const unsigned char	*p;

	if (name == NULL || value == NULL || !is_token(name, strlen(name)))
		return 0;
	for (p = (const unsigned char *)value; *p != '\0'; p++)
		if (is_ctl(*p) && *p != '\t')
			return 0;
	return 1;
}

/* Appends a header whose name and value are already in the arena. */
static int
header_append(struct http_response *r, const char *name, const char *value)
{
	struct http_header	*h, **tail;

	if ((h = arena_alloc(r->arena, sizeof(*h))) == NULL)
		return -1;
	h->name = name;
	h->value = value;
	h->next = NULL;
	for (tail = &r->headers; *tail != NULL; tail = &(*tail)->next)
		continue;
	*tail = h;
	return 0;
}

int
http_header_add(struct http_response *r, const char *name, const char *value)
{
	const char	*n, *v;

	if (!header_valid(name, value))
		return -1;
	if ((n = arena_strdup(r->arena, name)) == NULL ||
	    (v = arena_strdup(r->arena, value)) == NULL)
		return -1;
	return header_append(r, n, v);
}

/* Replaces the first header of that name and drops any later ones. */
int
http_header_set(struct http_response *r, const char *name, const char *value)
{
	struct http_header	**hp, *first = NULL;
	const char		*v;

	if (!header_valid(name, value))
		return -1;
	if ((v = arena_strdup(r->arena, value)) == NULL)
		return -1;
	for (hp = &r->headers; *hp != NULL; ) {
		if (strcasecmp((*hp)->name, name) != 0)
			hp = &(*hp)->next;
		else if (first == NULL) {
			first = *hp;
			first->value = v;
			hp = &first->next;
		} else
			*hp = (*hp)->next;	/* unlink a later one */
	}
	if (first != NULL)
		return 0;
	if ((name = arena_strdup(r->arena, name)) == NULL)
		return -1;
	return header_append(r, name, v);
}

const char *
http_header_get(const struct http_response *r, const char *name)
{
	const struct http_header	*h;

	if (name == NULL)
		return NULL;
	for (h = r->headers; h != NULL; h = h->next)
		if (strcasecmp(h->name, name) == 0)
			return h->value;
	return NULL;
}

/*
 * RFC 6265 4.1.1 cookie-octet: US-ASCII without CTLs, whitespace,
 * DQUOTE, comma, semicolon and backslash.
 */
static int
cookie_value_valid(const char *s)
{
	const unsigned char	*p;

	for (p = (const unsigned char *)s; *p != '\0'; p++) {
		if (*p < 0x21 || *p > 0x7e)
			return 0;
		if (*p == '"' || *p == ',' || *p == ';' || *p == '\\')
			return 0;
	}
	return 1;
}

/* A Path attribute: starts with '/', printable ASCII, no ';'. */
static int
cookie_path_valid(const char *s)
{
	const unsigned char	*p;

	if (s[0] != '/')
		return 0;
	for (p = (const unsigned char *)s; *p != '\0'; p++)
		if (*p < 0x21 || *p > 0x7e || *p == ';')
			return 0;
	return 1;
}

int
http_cookie_set(struct http_response *r, const struct http_cookie *c)
{
	struct buf	 b;
	const char	*path;

	if (c == NULL || c->name == NULL || c->value == NULL)
		return -1;
	if (!is_token(c->name, strlen(c->name)) ||
	    !cookie_value_valid(c->value))
		return -1;
	path = c->path != NULL ? c->path : "/";
	if (!cookie_path_valid(path))
		return -1;
	if (c->same_site != NULL && strcmp(c->same_site, "Lax") != 0 &&
	    strcmp(c->same_site, "Strict") != 0)
		return -1;
	/*
	 * Browsers drop prefixed cookies that break the prefix's rules
	 * (RFC 6265bis 4.1.3); refusing them here makes the mistake loud.
	 */
	if (strncmp(c->name, "__Secure-", 9) == 0 && !c->secure)
		return -1;
	if (strncmp(c->name, "__Host-", 7) == 0 &&
	    (!c->secure || strcmp(path, "/") != 0))
		return -1;

	buf_init(&b, r->arena, 0);
	buf_puts(&b, c->name);
	buf_putc(&b, '=');
	buf_puts(&b, c->value);
	buf_puts(&b, "; Path=");
	buf_puts(&b, path);
	if (c->max_age >= 0)
		buf_printf(&b, "; Max-Age=%ld", c->max_age);
	if (c->secure)
		buf_puts(&b, "; Secure");
	if (c->http_only)
		buf_puts(&b, "; HttpOnly");
	if (c->same_site != NULL) {
		buf_puts(&b, "; SameSite=");
		buf_puts(&b, c->same_site);
	}
	if (b.failed || b.data == NULL)
		return -1;
	return header_append(r, "Set-Cookie", b.data);
}

const char *
http_status_text(int status)
{
	switch (status) {
	case 200: return "OK";
	case 201: return "Created";
	case 202: return "Accepted";
	case 204: return "No Content";
	case 301: return "Moved Permanently";
	case 302: return "Found";
	case 303: return "See Other";
	case 304: return "Not Modified";
	case 307: return "Temporary Redirect";
	case 308: return "Permanent Redirect";
	case 400: return "Bad Request";
	case 401: return "Unauthorized";
	case 403: return "Forbidden";
	case 404: return "Not Found";
	case 405: return "Method Not Allowed";
	case 406: return "Not Acceptable";
	case 408: return "Request Timeout";
	case 409: return "Conflict";
	case 410: return "Gone";
	case 411: return "Length Required";
	case 412: return "Precondition Failed";
	case 413: return "Content Too Large";
	case 414: return "URI Too Long";
	case 415: return "Unsupported Media Type";
	case 422: return "Unprocessable Content";
	case 429: return "Too Many Requests";
	case 500: return "Internal Server Error";
	case 501: return "Not Implemented";
	case 502: return "Bad Gateway";
	case 503: return "Service Unavailable";
	case 504: return "Gateway Timeout";
	default: return "Unknown";
	}
}

/*
 * Safe for href: "/" not followed by '/' (a relative path on this site),
 * or "https://" and something after it. Anywhere in it: no control
 * characters, spaces or DEL, and no backslash, which browsers read as '/'
 * so that "/\evil.example" would be a link to another site. Bytes above
 * 0x7f must form valid UTF-8.
 */
int
http_url_safe(const char *url)
{
	const unsigned char	*p;
	size_t			 n;

	if (url == NULL)
		return 0;
	n = strlen(url);
	if (url[0] == '/') {
		if (url[1] == '/')
			return 0;
	} else if (n <= 8 || strncasecmp(url, "https://", 8) != 0)
		return 0;
	for (p = (const unsigned char *)url; *p != '\0'; p++)
		if (*p <= 0x20 || *p == 0x7f || *p == '\\')
			return 0;
	return http_utf8_valid(url, n);
}

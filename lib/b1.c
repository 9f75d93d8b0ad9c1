/*
 * b1.c - the plain-language check (see b1.h). Every rule here mirrors a
 * line of scripts/lint-language.py (and python3-pyphen for hyphenation);
 * the comments name which.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "arena.h"
#include "b1.h"
#include "util.h"

#define MAX_RULE_FILE	((size_t)4 * 1024 * 1024)
#define MAX_KEY		64	/* longest pattern we keep (code points) */

struct pattern {
	uint32_t	*key;
	unsigned char	*vals;		/* klen + 1 digits */
	size_t		 klen;
};

struct jterm {
	char		*term;
	char		*plain;		/* NULL: "explain" */
	uint32_t	*cps;		/* lower case; 0 between words */
	size_t		 ncps;
	size_t		 pylen;		/* len(term) in Python: for sorting */
	size_t		 order;
};

struct b1_rules {
	struct pattern	*pats;
	size_t		 npats;
	int32_t		*table;		/* open addressing, -1 empty */
	size_t		 tsize;		/* power of two */
	size_t		 maxlen;
	struct jterm	*terms;
	size_t		 nterms;
};

/* --- characters (Python's str methods, approximated; b1.h) ----------- */

static int
is_space(uint32_t c)
{
	return (c >= 0x09 && c <= 0x0d) || (c >= 0x1c && c <= 0x20) ||
	    c == 0x85 || c == 0xa0 || c == 0x1680 ||
	    (c >= 0x2000 && c <= 0x200a) || c == 0x2028 || c == 0x2029 ||
	    c == 0x202f || c == 0x205f || c == 0x3000;
}

static int
is_alpha(uint32_t c)
{
	if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))
		return 1;
	if (c < 0x80)
		return 0;
	if (c == 0xaa || c == 0xb5 || c == 0xba)
		return 1;
	if (c >= 0xc0 && c <= 0xff)
		return c != 0xd7 && c != 0xf7;
	return (c >= 0x100 && c <= 0x2af) || c == 0x386 ||
	    (c >= 0x388 && c <= 0x3ff && c != 0x38b && c != 0x38d &&
	    c != 0x3a2 && c != 0x3f6) ||
	    (c >= 0x400 && c <= 0x481) || (c >= 0x48a && c <= 0x52f) ||
	    (c >= 0x5d0 && c <= 0x5ea) || (c >= 0x620 && c <= 0x64a) ||
	    (c >= 0x671 && c <= 0x6d3) || (c >= 0x1e00 && c <= 0x1eff);
}

/* str.isdigit */
static int
is_digit(uint32_t c)
{
	return (c >= '0' && c <= '9') || c == 0xb2 || c == 0xb3 ||
	    c == 0xb9 || (c >= 0x660 && c <= 0x669) ||
	    (c >= 0x6f0 && c <= 0x6f9);
}

/* str.isalnum */
static int
is_alnum(uint32_t c)
{
	return is_alpha(c) || is_digit(c) || (c >= 0xbc && c <= 0xbe);
}

/* re's \w */
static int
is_word(uint32_t c)
{
	return c == '_' || is_alnum(c);
}

static uint32_t
lower(uint32_t c)
{
	if (c >= 'A' && c <= 'Z')
		return c + 32;
	if (c < 0xc0)
		return c;
	if (c <= 0xde)
		return c == 0xd7 ? c : c + 32;
	if (c >= 0x100 && c <= 0x137)
		return c | 1u;
	if ((c >= 0x139 && c <= 0x148) || (c >= 0x179 && c <= 0x17e))
		return (c & 1u) ? c + 1 : c;
	if (c >= 0x14a && c <= 0x177)
		return c | 1u;
	if (c == 0x178)
		return 0xff;
	if ((c >= 0x391 && c <= 0x3a9 && c != 0x3a2) ||
	    (c >= 0x410 && c <= 0x42f))
		return c + 32;
	if (c >= 0x400 && c <= 0x40f)
		return c + 0x50;
	return c;
}

/* _STRIP of the linter */
static int
is_strip(uint32_t c)
{
	static const uint32_t s[] = { '"', '\'', '.', ',', ';', ':', '!',
	    '?', '(', ')', '[', ']', '<', '>', 0xab, 0xbb, 0x201c, 0x201d,
	    0x2018, 0x2019, 0x201e, 0x2026, '*', '/' };
	size_t	i;

	for (i = 0; i < sizeof(s) / sizeof(s[0]); i++)
		if (s[i] == c)
			return 1;
	return 0;
}

/* One code point from s[*i..n); an invalid byte is U+FFFD. */
static uint32_t
utf8_next(const unsigned char *s, size_t n, size_t *i)
{
	uint32_t	c = s[*i], min;
	size_t		k, len;

	if (c < 0x80) {
		(*i)++;
		return c;
	}
	if ((c & 0xe0) == 0xc0) {
		len = 2; c &= 0x1f; min = 0x80;
	} else if ((c & 0xf0) == 0xe0) {
		len = 3; c &= 0x0f; min = 0x800;
	} else if ((c & 0xf8) == 0xf0) {
		len = 4; c &= 0x07; min = 0x10000;
	} else {
		(*i)++;
		return 0xfffd;
	}
	if (*i + len > n) {
		(*i)++;
		return 0xfffd;
	}
	for (k = 1; k < len; k++) {
		if ((s[*i + k] & 0xc0) != 0x80) {
			(*i)++;
			return 0xfffd;
		}
		c = (c << 6) | (s[*i + k] & 0x3fu);
	}
	if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff)) {
		(*i)++;
		return 0xfffd;
	}
	*i += len;
	return c;
}

/* --- hyphenation patterns (python3-pyphen's HyphDict) ----------------- */

static uint32_t
key_hash(const uint32_t *k, size_t n)
{
	uint32_t	h = 2166136261u;
	size_t		i;

	for (i = 0; i < n; i++) {
		h ^= k[i];
		h *= 16777619u;
	}
	return h;
}

static const struct pattern *
pat_find(const struct b1_rules *r, const uint32_t *k, size_t n)
{
	size_t	 m, i;
	int32_t	 e;

	if (r->tsize == 0)
		return NULL;
	m = r->tsize - 1;
	for (i = key_hash(k, n) & m; (e = r->table[i]) != -1; i = (i + 1) & m) {
		const struct pattern *p = &r->pats[e];

		if (p->klen == n && memcmp(p->key, k, n * sizeof(*k)) == 0)
			return p;
	}
	return NULL;
}

/* One pattern line (code points, already stripped) into r->pats; a later
 * pattern with the same letters replaces the earlier (a Python dict). */
static int
pat_add(struct b1_rules *r, const uint32_t *line, size_t n, size_t *cap)
{
	uint32_t	 key[MAX_KEY];
	unsigned char	 vals[MAX_KEY + 1];
	size_t		 i, klen = 0, m;
	int		 any = 0;
	struct pattern	*p;
	int32_t		 e;

	memset(vals, 0, sizeof(vals));
	for (i = 0; i < n; i++) {
		if (line[i] >= '0' && line[i] <= '9') {
			vals[klen] = (unsigned char)(line[i] - '0');
			if (vals[klen] != 0)
				any = 1;
			continue;
		}
		if (klen == MAX_KEY)
			return 0;	/* longer than any real pattern */
		key[klen++] = line[i];
	}
	if (!any || klen == 0)
		return 0;		/* pyphen: only zeros, skipped */
	m = r->tsize - 1;
	for (i = key_hash(key, klen) & m; (e = r->table[i]) != -1;
	    i = (i + 1) & m) {
		p = &r->pats[e];
		if (p->klen == klen &&
		    memcmp(p->key, key, klen * sizeof(*key)) == 0) {
			memcpy(p->vals, vals, klen + 1);
			return 0;
		}
	}
	if (r->npats == *cap)
		return -1;
	p = &r->pats[r->npats];
	if ((p->key = malloc(klen * sizeof(*key))) == NULL ||
	    (p->vals = malloc(klen + 1)) == NULL) {
		free(p->key);
		return -1;
	}
	memcpy(p->key, key, klen * sizeof(*key));
	memcpy(p->vals, vals, klen + 1);
	p->klen = klen;
	r->table[i] = (int32_t)r->npats++;
	if (klen > r->maxlen)
		r->maxlen = klen;
	return 0;
}

static int
starts_with(const uint32_t *s, size_t n, const char *ascii)
{
	size_t	i;

	for (i = 0; ascii[i] != '\0'; i++)
		if (i >= n || s[i] != (unsigned char)ascii[i])
			return 0;
	return 1;
}

static int
load_patterns(struct b1_rules *r, const char *path, char *err, size_t errlen)
{
	char		*text;
	size_t		 len, i, eol, nlines = 0, cap, n, j;
	int		 latin1;
	uint32_t	*line;
	const unsigned char *s;

	if (util_read_file(path, MAX_RULE_FILE, &text, &len) == -1) {
		if (errno == ENOENT)
			return 0;	/* vowel units only */
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	s = (const unsigned char *)text;
	for (eol = 0; eol < len && s[eol] != '\n'; eol++)
		;
	/* The first line names the encoding. */
	if (eol >= 9 && strncmp(text, "ISO8859-1", 9) == 0)
		latin1 = 1;
	else if (eol >= 5 && (strncmp(text, "UTF-8", 5) == 0 ||
	    strncmp(text, "utf-8", 5) == 0))
		latin1 = 0;
	else {
		snprintf(err, errlen, "%s: unknown encoding", path);
		free(text);
		return -1;
	}
	for (i = eol; i < len; i++)
		if (s[i] == '\n')
			nlines++;
	cap = nlines + 1;
	for (r->tsize = 16; r->tsize < 2 * cap; r->tsize *= 2)
		;
	r->pats = calloc(cap, sizeof(*r->pats));
	r->table = malloc(r->tsize * sizeof(*r->table));
	line = malloc((len + 1) * sizeof(*line));
	if (r->pats == NULL || r->table == NULL || line == NULL) {
		free(line);
		free(text);
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	memset(r->table, 0xff, r->tsize * sizeof(*r->table));
	for (i = eol < len ? eol + 1 : len; i < len; ) {
		size_t	a, b;

		n = 0;
		while (i < len && s[i] != '\n') {
			if (latin1)
				line[n++] = s[i++];
			else
				line[n++] = utf8_next(s, len, &i);
		}
		i++;
		/* strip, then ^^hh */
		for (a = 0; a < n && is_space(line[a]); a++)
			;
		for (b = n; b > a && is_space(line[b - 1]); b--)
			;
		for (j = a, n = 0; j < b; j++) {
			if (line[j] == '^' && j + 3 < b && line[j + 1] == '^' &&
			    line[j + 2] < 0x80 && line[j + 3] < 0x80 &&
			    util_hexval((char)line[j + 2]) >= 0 &&
			    util_hexval((char)line[j + 3]) >= 0) {
				line[n++] = (uint32_t)(util_hexval(
				    (char)line[j + 2]) * 16 +
				    util_hexval((char)line[j + 3]));
				j += 3;
			} else
				line[n++] = line[j];
		}
		if (n == 0 || line[0] == '%' || line[0] == '#' ||
		    starts_with(line, n, "LEFTHYPHENMIN") ||
		    starts_with(line, n, "RIGHTHYPHENMIN") ||
		    starts_with(line, n, "COMPOUNDLEFTHYPHENMIN") ||
		    starts_with(line, n, "COMPOUNDRIGHTHYPHENMIN"))
			continue;
		for (j = 0; j < n && line[j] != '/'; j++)
			;
		if (j < n)
			continue;	/* non-standard: hyphen-nl has none */
		if (pat_add(r, line, n, &cap) == -1) {
			free(line);
			free(text);
			snprintf(err, errlen, "out of memory");
			return -1;
		}
	}
	free(line);
	free(text);
	return 0;
}

/* --- jargon list ----------------------------------------------------- */

static size_t
decode_all(const char *s, size_t n, uint32_t *out)
{
	size_t	i = 0, k = 0;

	while (i < n)
		out[k++] = utf8_next((const unsigned char *)s, n, &i);
	return k;
}

static int
term_cmp(const void *x, const void *y)
{
	const struct jterm *a = x, *b = y;

	if (a->pylen != b->pylen)
		return a->pylen > b->pylen ? -1 : 1;
	return a->order < b->order ? -1 : a->order > b->order;
}

static char *
trim_dup(const char *s, size_t n)
{
	char	*out;

	while (n > 0 && (*s == ' ' || *s == '\t' || *s == '\r')) {
		s++;
		n--;
	}
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' ||
	    s[n - 1] == '\r'))
		n--;
	if ((out = malloc(n + 1)) == NULL)
		return NULL;
	memcpy(out, s, n);
	out[n] = '\0';
	return out;
}

static int
add_term(struct b1_rules *r, const char *term, const char *plain,
    char *err, size_t errlen)
{
	struct jterm	*t = &r->terms[r->nterms];
	size_t		 n = strlen(term), k, i;
	uint32_t	*cps;

	if ((cps = malloc((n + 1) * sizeof(*cps))) == NULL ||
	    (t->cps = malloc((n + 1) * sizeof(*cps))) == NULL ||
	    (t->term = strdup(term)) == NULL) {
		free(cps);
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	n = decode_all(term, n, cps);
	t->pylen = n;
	/* words of the term, one 0 between them (re: \s+) */
	for (i = 0, k = 0; i < n; i++) {
		if (is_space(cps[i])) {
			if (k > 0 && t->cps[k - 1] != 0)
				t->cps[k++] = 0;
		} else
			t->cps[k++] = lower(cps[i]);
	}
	if (k > 0 && t->cps[k - 1] == 0)
		k--;
	t->ncps = k;
	free(cps);
	t->plain = NULL;
	if (strcasecmp(plain, "explain") != 0 &&
	    (t->plain = strdup(plain)) == NULL) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	t->order = r->nterms++;
	return 0;
}

static int
load_jargon(struct b1_rules *r, const char *path, char *err, size_t errlen)
{
	char	*text, *term = NULL, *plain = NULL;
	size_t	 len, i, nlines = 1, lineno = 0;
	int	 rc = -1;

	if (util_read_file(path, MAX_RULE_FILE, &text, &len) == -1) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	for (i = 0; i < len; i++)
		if (text[i] == '\n')
			nlines++;
	if ((r->terms = calloc(nlines, sizeof(*r->terms))) == NULL) {
		snprintf(err, errlen, "out of memory");
		goto out;
	}
	for (i = 0; i < len; ) {
		const char	*l = text + i, *arrow, *end;
		char		*whole;

		end = memchr(l, '\n', len - i);
		if (end == NULL)
			end = text + len;
		i = (size_t)(end - text) + 1;
		lineno++;
		if ((whole = trim_dup(l, (size_t)(end - l))) == NULL) {
			snprintf(err, errlen, "out of memory");
			goto out;
		}
		if (whole[0] == '\0' || whole[0] == '#') {
			free(whole);
			continue;
		}
		if ((arrow = strstr(whole, "->")) == NULL) {
			snprintf(err, errlen, "%s:%zu: expected "
			    "'jargon -> plain'", path, lineno);
			free(whole);
			goto out;
		}
		term = trim_dup(whole, (size_t)(arrow - whole));
		plain = trim_dup(arrow + 2, strlen(arrow + 2));
		free(whole);
		if (term == NULL || plain == NULL) {
			snprintf(err, errlen, "out of memory");
			goto out;
		}
		if (term[0] == '\0' || plain[0] == '\0') {
			snprintf(err, errlen, "%s:%zu: empty side", path,
			    lineno);
			goto out;
		}
		if (add_term(r, term, plain, err, errlen) == -1)
			goto out;
		free(term);
		free(plain);
		term = plain = NULL;
	}
	qsort(r->terms, r->nterms, sizeof(*r->terms), term_cmp);
	rc = 0;
out:
	free(term);
	free(plain);
	free(text);
	return rc;
}

int
b1_rules_load(struct b1_rules **out, const char *hyph_path,
    const char *jargon_path, char *err, size_t errlen)
{
	struct b1_rules	*r;

	*out = NULL;
	if ((r = calloc(1, sizeof(*r))) == NULL) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	if ((hyph_path != NULL &&
	    load_patterns(r, hyph_path, err, errlen) == -1) ||
	    load_jargon(r, jargon_path, err, errlen) == -1) {
		b1_rules_free(r);
		return -1;
	}
	*out = r;
	return 0;
}

void
b1_rules_free(struct b1_rules *r)
{
	size_t	i;

	if (r == NULL)
		return;
	for (i = 0; i < r->npats; i++) {
		free(r->pats[i].key);
		free(r->pats[i].vals);
	}
	free(r->pats);
	free(r->table);
	for (i = 0; i < r->nterms; i++) {
		free(r->terms[i].term);
		free(r->terms[i].plain);
		free(r->terms[i].cps);
	}
	free(r->terms);
	free(r);
}

int
b1_rules_have_patterns(const struct b1_rules *r)
{
	return r->npats > 0;
}

/* --- syllables --------------------------------------------------------- */

static int
is_diaeresis(uint32_t c)
{
	return c == 0xe4 || c == 0xeb || c == 0xef || c == 0xf6 || c == 0xfc;
}

static int
is_vowel(uint32_t c)
{
	static const uint32_t v[] = { 'a', 'e', 'i', 'o', 'u', 'y', 0x133,
	    0xe1, 0xe0, 0xe2, 0xe9, 0xe8, 0xea, 0xed, 0xee, 0xf3, 0xf4,
	    0xfa, 0xfb };
	size_t	i;

	if (is_diaeresis(c))
		return 1;
	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++)
		if (v[i] == c)
			return 1;
	return 0;
}

static int
unit_at(const uint32_t *w, size_t n, size_t i, const char *u)
{
	size_t	k;

	for (k = 0; u[k] != '\0'; k++)
		if (i + k >= n || w[i + k] != (unsigned char)u[k])
			return 0;
	return 1;
}

/* _vowel_units */
static unsigned
vowel_units(const uint32_t *w, size_t n)
{
	static const char *const tri[] = { "aai", "ooi", "oei", "eeu", "ieu",
	    "eau" };
	static const char *const di[] = { "aa", "ee", "oo", "uu", "ie", "oe",
	    "eu", "ei", "ij", "ui", "ou", "au" };
	unsigned	count = 0;
	size_t		i = 0, k, step;

	while (i < n) {
		if (is_diaeresis(w[i])) {
			count++;
			i++;
			continue;
		}
		if (w[i] == 'u' && i > 0 && w[i - 1] == 'q') {
			i++;
			continue;
		}
		if (!is_vowel(w[i])) {
			i++;
			continue;
		}
		step = 1;
		for (k = 0; k < sizeof(tri) / sizeof(tri[0]) && step == 1; k++)
			if (unit_at(w, n, i, tri[k]))
				step = 3;
		for (k = 0; k < sizeof(di) / sizeof(di[0]) && step == 1; k++)
			if (unit_at(w, n, i, di[k]))
				step = 2;
		if (step == 1 && i + 1 < n && w[i] == 0xe9 && w[i + 1] == 0xe9)
			step = 2;
		count++;
		i += step;
	}
	return count;
}

struct scratch {
	uint32_t	*pointed;
	unsigned char	*refs;
};

/* _pyphen_count: hyphenation pieces that hold a vowel. */
static unsigned
pyphen_count(const struct b1_rules *r, const uint32_t *w, size_t n,
    struct scratch *sc)
{
	size_t		 len = n + 2, i, j, k, last = 0;
	unsigned	 count = 0;
	int		 vowel = 0;

	if (r == NULL || r->npats == 0 || n < 2)
		return 0;
	sc->pointed[0] = '.';
	for (i = 0; i < n; i++)
		sc->pointed[i + 1] = lower(w[i]);
	sc->pointed[n + 1] = '.';
	memset(sc->refs, 0, len + 1);
	for (i = 0; i + 1 < len; i++) {
		size_t	top = i + r->maxlen < len ? i + r->maxlen : len;

		for (j = i + 1; j <= top; j++) {
			const struct pattern *p;

			p = pat_find(r, sc->pointed + i, j - i);
			if (p == NULL)
				continue;
			for (k = 0; k <= p->klen; k++)
				if (p->vals[k] > sc->refs[i + k])
					sc->refs[i + k] = p->vals[k];
		}
	}
	/* points i - 1 where refs[i] is odd, kept in [2, n - 2]; pieces */
	for (i = 0; i < n; i++) {
		if (i >= 2 && i + 2 <= n && (sc->refs[i + 1] & 1u) &&
		    i > last) {
			count += vowel;
			vowel = 0;
			last = i;
		}
		if (is_vowel(w[i]))
			vowel = 1;
	}
	return count + (unsigned)vowel;
}

static int
is_placeholder(const uint32_t *w, size_t n)
{
	size_t	i;

	if (n < 3 || w[0] != '{' || w[n - 1] != '}')
		return 0;
	for (i = 1; i + 1 < n; i++) {
		uint32_t c = w[i];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    c == '_' || (i > 1 && c >= '0' && c <= '9')))
			return 0;
	}
	return 1;
}

static int
is_dash(uint32_t c)
{
	return c == '-' || c == 0x2010 || c == 0x2013 || c == '/';
}

/* syllables(word) for a word already stripped (a result of words()). */
static unsigned
syllables_cp(const struct b1_rules *r, const uint32_t *w, size_t n,
    uint32_t *letters, struct scratch *sc)
{
	unsigned	total = 0, digits, m, p;
	size_t		i = 0, nl;

	if (is_placeholder(w, n))
		return 1;
	while (i < n) {
		while (i < n && is_dash(w[i]))
			i++;
		if (i >= n)
			break;
		digits = 0;
		nl = 0;
		for (; i < n && !is_dash(w[i]); i++) {
			uint32_t c = lower(w[i]);

			if (is_digit(c))
				digits++;
			else if (is_alpha(c))
				letters[nl++] = c;
		}
		m = 0;
		if (nl > 0) {
			m = vowel_units(letters, nl);
			p = pyphen_count(r, letters, nl, sc);
			if (p > m)
				m = p;
			if (m < 1)
				m = 1;
		}
		total += m + digits;
	}
	return total > 0 ? total : 1;
}

static int
scratch_alloc(struct arena *a, size_t n, uint32_t **letters,
    struct scratch *sc)
{
	*letters = arena_calloc(a, n + 1, sizeof(**letters));
	sc->pointed = arena_calloc(a, n + 3, sizeof(*sc->pointed));
	sc->refs = arena_alloc(a, n + 4);
	return *letters != NULL && sc->pointed != NULL && sc->refs != NULL ?
	    0 : -1;
}

unsigned
b1_syllables(const struct b1_rules *r, const char *word)
{
	size_t		 n = strlen(word), m, a, b;
	uint32_t	*cps, *letters;
	struct scratch	 sc;
	unsigned	 out = 1;

	cps = calloc(n + 1, sizeof(*cps));
	letters = calloc(n + 1, sizeof(*letters));
	sc.pointed = calloc(n + 3, sizeof(*sc.pointed));
	sc.refs = calloc(n + 4, 1);
	if (cps != NULL && letters != NULL && sc.pointed != NULL &&
	    sc.refs != NULL) {
		m = decode_all(word, n, cps);
		for (a = 0; a < m && is_strip(cps[a]); a++)
			;
		for (b = m; b > a && is_strip(cps[b - 1]); b--)
			;
		out = syllables_cp(r, cps + a, b - a, letters, &sc);
	}
	free(cps);
	free(letters);
	free(sc.pointed);
	free(sc.refs);
	return out;
}

/* --- the check ----------------------------------------------------------- */

struct text {
	const char	*src;
	uint32_t	*cp;
	size_t		*off;		/* byte offset of cp[i]; off[n] = end */
	size_t		 n;
};

static char *
slice(struct arena *a, const struct text *t, size_t from, size_t to)
{
	return arena_strndup(a, t->src + t->off[from],
	    t->off[to] - t->off[from]);
}

/* Words of cp[s..e) and their syllables. */
static void
count_words(const struct b1_rules *r, const struct text *t, size_t s,
    size_t e, unsigned *nw, unsigned *ns, uint32_t *letters,
    struct scratch *sc)
{
	size_t	i = s, a, b, k;

	*nw = *ns = 0;
	while (i < e) {
		int	keep;

		while (i < e && is_space(t->cp[i]))
			i++;
		if (i >= e)
			break;
		for (a = i; i < e && !is_space(t->cp[i]); i++)
			;
		b = i;
		while (a < b && is_strip(t->cp[a]))
			a++;
		while (b > a && is_strip(t->cp[b - 1]))
			b--;
		if (a == b)
			continue;
		keep = is_placeholder(t->cp + a, b - a);
		for (k = a; k < b && !keep; k++)
			keep = is_alnum(t->cp[k]);
		if (!keep)
			continue;
		(*nw)++;
		*ns += syllables_cp(r, t->cp + a, b - a, letters, sc);
	}
}

/* Sentences of the line cp[s..e) (the linter's sentences(line)). */
static int
check_line(struct arena *ar, const struct b1_rules *r, const struct text *t,
    size_t s, size_t e, struct b1_report *rep, size_t *capl,
    uint32_t *letters, struct scratch *sc)
{
	size_t		a, i;
	unsigned	nw, ns;

	while (s < e && is_space(t->cp[s]))
		s++;
	while (e > s && is_space(t->cp[e - 1]))
		e--;
	a = s;
	for (i = s; i < e; i++) {
		size_t	end, b;

		if (i + 1 < e && !(t->cp[i] == '.' || t->cp[i] == '!' ||
		    t->cp[i] == '?'))
			continue;
		if (i + 1 < e && !is_space(t->cp[i + 1]))
			continue;
		end = i + 1;		/* a sentence a..end */
		for (b = end; b > a && is_space(t->cp[b - 1]); b--)
			;
		count_words(r, t, a, b, &nw, &ns, letters, sc);
		if (nw > 0) {
			rep->sentences++;
			rep->words += nw;
			rep->syllables += ns;
			if (nw > B1_LONG_SENTENCE) {
				if (rep->nlongs == *capl) {
					struct b1_long *l;

					*capl = *capl ? *capl * 2 : 8;
					l = arena_calloc(ar, *capl,
					    sizeof(*l));
					if (l == NULL)
						return -1;
					if (rep->nlongs > 0)
						memcpy(l, rep->longs,
						    rep->nlongs * sizeof(*l));
					rep->longs = l;
				}
				rep->longs[rep->nlongs].words = nw;
				if ((rep->longs[rep->nlongs].text =
				    slice(ar, t, a, b)) == NULL)
					return -1;
				rep->nlongs++;
			}
		}
		for (a = end; a < e && is_space(t->cp[a]); a++)
			;
		i = a > 0 ? a - 1 : 0;
	}
	return 0;
}

/* Does term tm match at p? *end: where the match ends. */
static int
term_at(const struct text *t, const struct jterm *tm, size_t p, size_t *end)
{
	size_t	k, q = p;

	if (p > 0 && is_word(t->cp[p - 1]))
		return 0;
	for (k = 0; k < tm->ncps; k++) {
		if (tm->cps[k] == 0) {
			if (q >= t->n || !is_space(t->cp[q]))
				return 0;
			while (q < t->n && is_space(t->cp[q]))
				q++;
			continue;
		}
		if (q >= t->n || lower(t->cp[q]) != tm->cps[k])
			return 0;
		q++;
	}
	if (q < t->n && is_word(t->cp[q]))
		return 0;
	*end = q;
	return 1;
}

struct span {
	size_t			 from, to;
	const struct jterm	*tm;
};

static int
span_cmp(const void *x, const void *y)
{
	const struct span *a = x, *b = y;

	return a->from < b->from ? -1 : a->from > b->from;
}

static int
find_jargon(struct arena *ar, const struct b1_rules *r, const struct text *t,
    struct b1_report *rep)
{
	struct span	*sp = NULL;
	size_t		 nsp = 0, cap = 0, i, p, end, k;

	for (i = 0; i < r->nterms; i++) {
		const struct jterm *tm = &r->terms[i];

		if (tm->ncps == 0)
			continue;
		for (p = 0; p < t->n; ) {
			int	overlap = 0;

			if (lower(t->cp[p]) != tm->cps[0] ||
			    !term_at(t, tm, p, &end)) {
				p++;
				continue;
			}
			for (k = 0; k < nsp && !overlap; k++)
				overlap = p < sp[k].to && sp[k].from < end;
			if (!overlap) {
				if (nsp == cap) {
					struct span *n2;

					cap = cap ? cap * 2 : 16;
					if ((n2 = arena_calloc(ar, cap,
					    sizeof(*n2))) == NULL)
						return -1;
					if (nsp > 0)
						memcpy(n2, sp,
						    nsp * sizeof(*n2));
					sp = n2;
				}
				sp[nsp].from = p;
				sp[nsp].to = end;
				sp[nsp].tm = tm;
				nsp++;
			}
			p = end;
		}
	}
	if (nsp == 0)
		return 0;
	qsort(sp, nsp, sizeof(*sp), span_cmp);
	if ((rep->hits = arena_calloc(ar, nsp, sizeof(*rep->hits))) == NULL)
		return -1;
	for (k = 0; k < nsp; k++) {
		rep->hits[k].term = sp[k].tm->term;
		rep->hits[k].plain = sp[k].tm->plain;
		if ((rep->hits[k].found = slice(ar, t, sp[k].from,
		    sp[k].to)) == NULL)
			return -1;
	}
	rep->nhits = nsp;
	return 0;
}

int
b1_check(struct arena *ar, const struct b1_rules *r, const char *src,
    struct b1_report *rep)
{
	struct text	 t;
	size_t		 len = strlen(src), i = 0, s, capl = 0;
	uint32_t	*letters;
	struct scratch	 sc;

	memset(rep, 0, sizeof(*rep));
	t.src = src;
	t.n = 0;
	t.cp = arena_calloc(ar, B1_MAX_CHARS + 1, sizeof(*t.cp));
	t.off = arena_calloc(ar, B1_MAX_CHARS + 1, sizeof(*t.off));
	if (t.cp == NULL || t.off == NULL)
		return -1;
	while (i < len && t.n < B1_MAX_CHARS) {
		t.off[t.n] = i;
		t.cp[t.n++] = utf8_next((const unsigned char *)src, len, &i);
	}
	t.off[t.n] = i;
	rep->truncated = i < len;
	if (scratch_alloc(ar, t.n, &letters, &sc) == -1)
		return -1;
	/* each line a string of its own */
	for (s = 0, i = 0; i <= t.n; i++) {
		if (i < t.n && t.cp[i] != '\n')
			continue;
		if (check_line(ar, r, &t, s, i, rep, &capl, letters, &sc) == -1)
			return -1;
		s = i + 1;
	}
	if (find_jargon(ar, r, &t, rep) == -1)
		return -1;
	if (rep->words > 0)
		rep->score = 206.84 -
		    0.77 * (100.0 * rep->syllables / rep->words) -
		    0.93 * ((double)rep->words / rep->sentences);
	if (rep->words == 0)
		rep->verdict = B1_EMPTY;
	else if (rep->words < B1_MIN_WORDS)
		rep->verdict = B1_SHORT;
	else
		rep->verdict = rep->score >= B1_MIN_SCORE ? B1_GOOD : B1_HARD;
	return 0;
}

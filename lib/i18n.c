/*
 * i18n.c - GNU gettext per request with thread locales (see i18n.h).
 */
#include <ctype.h>
#include <stdint.h>
#include <libintl.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "i18n.h"
#include "log.h"

#define DOMAIN		"gezinsportaal"
#define DOMAIN_YOUTH	"gezinsportaal-jong"	/* Dutch with "je" */

/* The order is the order of the language switch. */
static const struct i18n_lang langs[] = {
	{ "nl", "nl_NL.UTF-8", "Nederlands", 0 },
	{ "en", "en_GB.UTF-8", "English", 0 },
	{ "ar", "ar_SA.UTF-8", "العربية", 1 },
	{ "tr", "tr_TR.UTF-8", "Türkçe", 0 },
	{ "pl", "pl_PL.UTF-8", "Polski", 0 },
	{ "uk", "uk_UA.UTF-8", "Українська", 0 },
};
#define NLANGS	(sizeof(langs) / sizeof(langs[0]))

static locale_t			 locs[NLANGS];
static const struct i18n_lang	*current = &langs[0];
static int			 youth;

int
i18n_init(const char *localedir)
{
	size_t	 i;

	/* LANGUAGE would override the per-request choice. */
	unsetenv("LANGUAGE");
	setenv("TZ", "Europe/Amsterdam", 1);
	tzset();
	if (bindtextdomain(DOMAIN, localedir) == NULL ||
	    bind_textdomain_codeset(DOMAIN, "UTF-8") == NULL ||
	    bindtextdomain(DOMAIN_YOUTH, localedir) == NULL ||
	    bind_textdomain_codeset(DOMAIN_YOUTH, "UTF-8") == NULL ||
	    textdomain(DOMAIN) == NULL)
		return -1;
	for (i = 0; i < NLANGS; i++) {
		/* Only messages and dates follow the language; LC_CTYPE
		 * stays neutral (Turkish dotless i breaks ASCII case). */
		locs[i] = newlocale(LC_MESSAGES_MASK | LC_TIME_MASK,
		    langs[i].locale, (locale_t)0);
		if (locs[i] == (locale_t)0)
			log_warn("i18n: no locale %s (LOCPATH?); %s falls "
			    "back to Dutch", langs[i].locale, langs[i].code);
	}
	/* Load every catalogue now: workers may run as a user that cannot
	 * read the build tree, and glibc keeps loaded catalogues. */
	for (i = 0; i < NLANGS; i++) {
		if (locs[i] == (locale_t)0)
			continue;
		uselocale(locs[i]);
		(void)dgettext(DOMAIN, "Gezinsportaal");
		if (i == 0)
			(void)dgettext(DOMAIN_YOUTH, "Gezinsportaal");
	}
	uselocale(LC_GLOBAL_LOCALE);
	if (locs[0] == (locale_t)0) {
		log_error("i18n: the Dutch locale %s is missing",
		    langs[0].locale);
		return -1;
	}
	i18n_use(&langs[0]);
	return 0;
}

void
i18n_shutdown(void)
{
	size_t	 i;

	uselocale(LC_GLOBAL_LOCALE);
	for (i = 0; i < NLANGS; i++) {
		if (locs[i] != (locale_t)0)
			freelocale(locs[i]);
		locs[i] = (locale_t)0;
	}
}

const struct i18n_lang *
i18n_languages(size_t *n)
{
	*n = NLANGS;
	return langs;
}

const struct i18n_lang *
i18n_find(const char *code)
{
	size_t	 i;

	if (code == NULL)
		return NULL;
	for (i = 0; i < NLANGS; i++)
		if (strcmp(langs[i].code, code) == 0)
			return &langs[i];
	return NULL;
}

/* q-value "0", "0.5", "1.000" as thousandths; -1 if malformed. */
static int
parse_q(const char *p, const char *end)
{
	int	 q = 0, f = 100;

	if (p < end && *p == '1') {
		q = 1000;
		p++;
	} else if (p < end && *p == '0')
		p++;
	else
		return -1;
	if (p < end && *p == '.')
		for (p++; p < end && isdigit((unsigned char)*p); p++, f /= 10)
			if (q < 1000)
				q += (*p - '0') * f;
	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	return p == end && q <= 1000 ? q : -1;
}

/*
 * One item of Accept-Language, "en-GB ; q=0.8", from p to end: the
 * language it names if we have it, and its weight (RFC 9110 12.4.2: blanks
 * around ';' and '=' are allowed, "Q" is "q").
 */
static const struct i18n_lang *
parse_item(const char *p, const char *end, int *q)
{
	char		 code[3];
	const char	*semi;

	*q = 1000;
	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	if (end - p < 2 || !isalpha((unsigned char)p[0]) ||
	    !isalpha((unsigned char)p[1]) ||
	    (end - p > 2 && isalpha((unsigned char)p[2])))
		return NULL;	/* not a 2-letter primary tag (or "*") */
	code[0] = (char)tolower((unsigned char)p[0]);
	code[1] = (char)tolower((unsigned char)p[1]);
	code[2] = '\0';
	for (semi = p; semi < end && *semi != ';'; semi++)
		continue;
	if (semi < end) {
		for (p = semi + 1; p < end && (*p == ' ' || *p == '\t'); p++)
			continue;
		if (p == end || (*p != 'q' && *p != 'Q'))
			return NULL;
		for (p++; p < end && (*p == ' ' || *p == '\t'); p++)
			continue;
		if (p == end || *p != '=')
			return NULL;
		for (p++; p < end && (*p == ' ' || *p == '\t'); p++)
			continue;
		if ((*q = parse_q(p, end)) < 0)
			return NULL;
	}
	return i18n_find(code);
}

/*
 * Accept-Language: "en-GB,en;q=0.9,nl;q=0.8". The highest q among the
 * languages we have wins; on a tie the first listed; q=0 means "not this".
 * Malformed items are skipped.
 */
static const struct i18n_lang *
from_accept(const char *h)
{
	const struct i18n_lang	*best = NULL, *l;
	const char		*end;
	int			 bestq = 0, q;

	for (; *h != '\0'; h = *end == ',' ? end + 1 : end) {
		if ((end = strchr(h, ',')) == NULL)
			end = h + strlen(h);
		l = parse_item(h, end, &q);
		if (l != NULL && q > bestq) {
			best = l;
			bestq = q;
		}
	}
	return best;
}

const struct i18n_lang *
i18n_choose(const char *setting, const char *accept)
{
	const struct i18n_lang	*l;

	if ((l = i18n_find(setting)) != NULL)
		return l;
	if (accept != NULL && (l = from_accept(accept)) != NULL)
		return l;
	return &langs[0];
}

void
i18n_use(const struct i18n_lang *l)
{
	size_t	 i = (size_t)(l - langs);

	if (i >= NLANGS || locs[i] == (locale_t)0)
		i = 0;
	current = &langs[i];
	if (locs[i] != (locale_t)0)
		uselocale(locs[i]);
}

void
i18n_use_youth(int on)
{
	youth = on != 0;
}

int
i18n_youth(void)
{
	return youth;
}

const struct i18n_lang *
i18n_current(void)
{
	return current;
}

/*
 * A string missing from the current language's catalogue shows in Dutch
 * (gettext returns the msgid itself) and is logged once per worker and
 * language. The msgids are long-lived (C literals, compiled templates), so
 * their addresses identify them; the table is small and stops logging when
 * full rather than growing.
 */
#define MISSING_SLOTS	512

static const char	*missing[NLANGS][MISSING_SLOTS];

static void
note_missing(const char *msgid)
{
	size_t	 li = (size_t)(current - langs), h, i;

	h = ((uintptr_t)msgid >> 3) % MISSING_SLOTS;
	for (i = 0; i < MISSING_SLOTS; i++, h = (h + 1) % MISSING_SLOTS) {
		if (missing[li][h] == msgid)
			return;
		if (missing[li][h] == NULL) {
			missing[li][h] = msgid;
			log_warn("i18n: no %s translation for \"%.80s\"; "
			    "showing Dutch", current->code, msgid);
			return;
		}
	}
}

const char *
i18n_gettext(const char *msgid)
{
	const char	*s, *p;

	if (msgid == NULL)
		return "";
	if (youth && current == &langs[0] &&
	    (s = dgettext(DOMAIN_YOUTH, msgid)) != msgid)
		return s;
	s = dgettext(DOMAIN, msgid);
	if (s == msgid && current != &langs[0] && *msgid != '\0')
		note_missing(msgid);
	/* A msgid with a context (NC_, {{tc}}): "context\004text". */
	if (s == msgid && (p = strchr(msgid, '\004')) != NULL)
		return p + 1;
	return s;
}

const char *
i18n_ngettext(const char *one, const char *many, unsigned long n)
{
	const char	*s;

	if (youth && current == &langs[0] &&
	    (s = dngettext(DOMAIN_YOUTH, one, many, n)) != one && s != many)
		return s;
	return dngettext(DOMAIN, one, many, n);
}

static size_t
format(char *out, size_t outlen, time_t t, const char *fmt)
{
	struct tm	 tm;
	size_t		 n;

	if (outlen == 0)
		return 0;
	if (localtime_r(&t, &tm) == NULL) {
		out[0] = '\0';
		return 0;
	}
	/* strftime uses the thread's LC_TIME (uselocale). The format is
	 * a translated string, so not a literal: checked by review of the
	 * .po files, and strftime cannot write past outlen. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
	n = strftime(out, outlen, fmt, &tm);
#pragma GCC diagnostic pop
	if (n == 0)
		out[0] = '\0';
	return n;
}

size_t
i18n_format_date(char *out, size_t outlen, time_t t)
{
	/* TRANSLATORS: strftime format of a date: "dinsdag 1 december 2026" */
	return format(out, outlen, t, _("%A %-d %B %Y"));
}

size_t
i18n_format_datetime(char *out, size_t outlen, time_t t)
{
	/* TRANSLATORS: strftime format: "dinsdag 1 december 2026, 14:00 uur" */
	return format(out, outlen, t, _("%A %-d %B %Y, %H:%M uur"));
}

size_t
i18n_format_when(char *out, size_t outlen, time_t t)
{
	/* TRANSLATORS: strftime format of an appointment in the coming weeks:
	 * "dinsdag 1 december, 14:00 uur" (no year) */
	return format(out, outlen, t, _("%A %-d %B, %H:%M uur"));
}

size_t
i18n_format_month(char *out, size_t outlen, time_t t)
{
	/* TRANSLATORS: strftime format of a month: "december 2026" */
	return format(out, outlen, t, _("%B %Y"));
}

size_t
i18n_format_short(char *out, size_t outlen, time_t t)
{
	/* TRANSLATORS: strftime format of a day on a chart's axis: "3 dec" */
	return format(out, outlen, t, _("%-d %b"));
}

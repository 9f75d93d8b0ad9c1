/*
 * i18n.h - languages.
 *
 * GNU gettext per request: every supported language has a locale made
 * with localedef (LOCPATH, see the Makefile) and a catalogue
 * <localedir>/<code>/LC_MESSAGES/gezinsportaal.mo built from i18n/<code>.po.
 * Dutch (nl) is the source language: msgids are the Dutch B1 text, so a
 * missing translation shows Dutch, never a key.
 *
 * Youths read Dutch with "je" instead of "u" (DESIGN.md section 5): a
 * second catalogue <localedir>/nl/LC_MESSAGES/gezinsportaal-jong.mo, built
 * from i18n/jong/nl.po, holds the youth form of the strings that address
 * the reader. It is used while i18n_use_youth(1) is on and the language
 * is Dutch; a string without a youth form shows as it is.
 *
 * Owns: the list of languages, choosing one per request, switching the
 * thread's LC_MESSAGES and LC_TIME (never LC_CTYPE), formatting dates.
 * Never: changes the process-wide locale after i18n_init.
 */
#ifndef GP_I18N_H
#define GP_I18N_H

#include <stddef.h>
#include <time.h>

struct i18n_lang {
	const char	*code;		/* "nl", "en", "ar", ... */
	const char	*locale;	/* "nl_NL.UTF-8" */
	const char	*native;	/* name in the language itself */
	int		 rtl;		/* right to left */
};

/* localedir: where the .mo files are. Returns 0, or -1 if the Dutch
 * locale cannot be made (a language whose locale is missing is left out
 * and logged; it falls back to Dutch). */
int		 i18n_init(const char *localedir);
void		 i18n_shutdown(void);
const struct i18n_lang *i18n_languages(size_t *n);
/* Known code -> its entry; anything else -> NULL. */
const struct i18n_lang *i18n_find(const char *code);
/*
 * Picks the language: account setting (may be NULL), else the first
 * supported language in Accept-Language (q-values honoured, "en-GB" -> "en"),
 * else Dutch. Never NULL.
 */
const struct i18n_lang *i18n_choose(const char *setting,
		    const char *accept_language);
/* Switches this thread to lang for the rest of the request. */
void		 i18n_use(const struct i18n_lang *);
/* The youth form of Dutch on (1) or off (0), for the rest of the request;
 * independent of i18n_use, so a mail written in another language in the
 * middle of a page leaves it as it was. Set for every request. */
void		 i18n_use_youth(int on);
int		 i18n_youth(void);
const struct i18n_lang *i18n_current(void);
const char	*i18n_gettext(const char *msgid);
const char	*i18n_ngettext(const char *one, const char *many,
		    unsigned long n);
/* "dinsdag 1 december 2026" in the current language, in Europe/Amsterdam. */
size_t		 i18n_format_date(char *out, size_t outlen, time_t t);
/* "dinsdag 1 december 2026, 14:00" */
size_t		 i18n_format_datetime(char *out, size_t outlen, time_t t);
/* "dinsdag 1 december, 14:00 uur": an appointment, without the year */
size_t		 i18n_format_when(char *out, size_t outlen, time_t t);
/* "december 2026": a month (the export page's months) */
size_t		 i18n_format_month(char *out, size_t outlen, time_t t);
/* "3 dec.": a short day and month, for a chart's axis */
size_t		 i18n_format_short(char *out, size_t outlen, time_t t);

/* Marks a string for extraction without translating it here. */
#define N_(s) (s)
/* A short msgid with a context for translators (msgctxt): "Stuk" as an
 * export column. i18n_gettext shows s when it is not translated. */
#define NC_(c, s) (c "\004" s)
#define _(s) i18n_gettext(s)

#endif

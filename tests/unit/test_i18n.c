/*
 * test_i18n.c - languages, gettext and dates (lib/i18n).
 *
 * Needs the locales and catalogues of the build tree: the unit runner sets
 * LOCPATH (locales made by scripts/locales.sh) and GP_LOCALEDIR (the .mo
 * files); without GP_LOCALEDIR, build/locale is used.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <stdio.h>

#include "i18n.h"

/* Tuesday 1 December 2026, 08:00 UTC = 09:00 in Amsterdam (CET). */
#define T_DEC	((time_t)1796112000)
/* Friday 31 July 2026, 22:30 UTC = Saturday 1 August 00:30 (CEST). */
#define T_AUG	((time_t)1785537000)

static int
group_setup(void **state)
{
	const char	*dir;

	(void)state;
	if ((dir = getenv("GP_LOCALEDIR")) == NULL || *dir == '\0')
		dir = "build/locale";
	return i18n_init(dir) == 0 ? 0 : -1;
}

static int
group_teardown(void **state)
{
	(void)state;
	i18n_shutdown();
	return 0;
}

static const struct i18n_lang *
nl(void)
{
	return i18n_find("nl");
}

static const struct i18n_lang *
en(void)
{
	return i18n_find("en");
}

/* The code of i18n_choose's answer (never NULL). */
static const char *
pick(const char *setting, const char *accept)
{
	const struct i18n_lang	*l;

	l = i18n_choose(setting, accept);
	assert_non_null(l);
	return l->code;
}

static void
test_i18n_languages(void **state)
{
	const struct i18n_lang	*l;
	size_t			 n = 0;

	(void)state;
	l = i18n_languages(&n);
	assert_non_null(l);
	assert_int_equal(n, 6);
	assert_string_equal(l[0].code, "nl");
	assert_string_equal(l[0].locale, "nl_NL.UTF-8");
	assert_string_equal(l[0].native, "Nederlands");
	assert_int_equal(l[0].rtl, 0);
	assert_string_equal(l[1].code, "en");
	assert_string_equal(l[1].native, "English");
	assert_string_equal(l[2].code, "ar");
	assert_int_equal(l[2].rtl, 1);
	assert_string_equal(l[3].code, "tr");
	assert_string_equal(l[4].code, "pl");
	assert_string_equal(l[5].code, "uk");
	assert_int_equal(l[5].rtl, 0);
}

static void
test_i18n_find(void **state)
{
	(void)state;
	assert_non_null(nl());
	assert_string_equal(nl()->code, "nl");
	assert_non_null(en());
	assert_string_equal(en()->code, "en");
	assert_ptr_not_equal(nl(), en());
	assert_null(i18n_find("xx"));
	assert_null(i18n_find(NULL));
	assert_null(i18n_find(""));
	assert_null(i18n_find("EN"));
	assert_null(i18n_find("en-GB"));
	assert_null(i18n_find("e"));
	assert_null(i18n_find("nld"));
}

static void
test_i18n_choose_setting_wins(void **state)
{
	(void)state;
	assert_string_equal(pick("en", "nl"), "en");
	assert_string_equal(pick("nl", "en-GB,en;q=0.9"), "nl");
	assert_string_equal(pick("en", NULL), "en");
	/* An unknown or empty setting falls through to the header. */
	assert_string_equal(pick("xx", "en"), "en");
	assert_string_equal(pick("", "en"), "en");
	assert_string_equal(pick(NULL, "en"), "en");
}

static void
test_i18n_choose_accept_language(void **state)
{
	(void)state;
	assert_string_equal(pick(NULL, "en-GB,en;q=0.9"), "en");
	assert_string_equal(pick(NULL, "fr, en;q=0.5"), "en");
	assert_string_equal(pick(NULL, "de"), "nl");
	assert_string_equal(pick(NULL, "en"), "en");
	assert_string_equal(pick(NULL, "nl"), "nl");
	assert_string_equal(pick(NULL, "nl-BE"), "nl");
	assert_string_equal(pick(NULL, "en-US"), "en");
	assert_string_equal(pick(NULL, "EN-gb"), "en");
	assert_string_equal(pick(NULL, "fr-FR,fr;q=0.9,de;q=0.8,en;q=0.7"),
	    "en");
}

static void
test_i18n_choose_q_values(void **state)
{
	(void)state;
	assert_string_equal(pick(NULL, "nl;q=0.2, en;q=0.8"), "en");
	assert_string_equal(pick(NULL, "en;q=0.2, nl;q=0.8"), "nl");
	assert_string_equal(pick(NULL, "en;q=0.5,nl"), "nl");
	assert_string_equal(pick(NULL, "en;q=1,nl;q=0.9"), "en");
	assert_string_equal(pick(NULL, "nl;q=0.95,en;q=0.951"), "en");
	assert_string_equal(pick(NULL, "en;q=0.951,nl;q=0.95"), "en");
	/* A tie goes to the first listed. */
	assert_string_equal(pick(NULL, "en, nl"), "en");
	assert_string_equal(pick(NULL, "nl, en"), "nl");
	assert_string_equal(pick(NULL, "en;q=0.5, nl;q=0.5"), "en");
	/* q=0 means "not acceptable". */
	assert_string_equal(pick(NULL, "en;q=0"), "nl");
	assert_string_equal(pick(NULL, "en;q=0.000"), "nl");
	assert_string_equal(pick(NULL, "fr, en;q=0, nl;q=0.1"), "nl");
	/* q of a later item is not taken for an earlier one. */
	assert_string_equal(pick(NULL, "en, nl;q=0.1"), "en");
}

static void
test_i18n_choose_q_with_blanks(void **state)
{
	(void)state;
	/* RFC 9110 12.4.2: weight = OWS ";" OWS "q=" qvalue, and
	 * recipients match "q" case-insensitively. */
	assert_string_equal(pick(NULL, "nl;q=0.5, en; q=0.1"), "nl");
	assert_string_equal(pick(NULL, "nl;q=0.5, en ;q=0.1"), "nl");
	assert_string_equal(pick(NULL, "nl;q=0.5, en;Q=0.1"), "nl");
}

static void
test_i18n_choose_garbage(void **state)
{
	(void)state;
	assert_string_equal(pick(NULL, "*;;,,"), "nl");
	assert_string_equal(pick(NULL, NULL), "nl");
	assert_string_equal(pick(NULL, ""), "nl");
	assert_string_equal(pick(NULL, ","), "nl");
	assert_string_equal(pick(NULL, " , ,"), "nl");
	assert_string_equal(pick(NULL, "*"), "nl");
	assert_string_equal(pick(NULL, "e"), "nl");
	assert_string_equal(pick(NULL, "eng"), "nl");	/* 3 letters */
	assert_string_equal(pick(NULL, "enx, nld"), "nl");
	assert_string_equal(pick(NULL, "1e, e1"), "nl");
	assert_string_equal(pick(NULL, ";q=0.9"), "nl");
	assert_string_equal(pick(NULL, "en;q="), "nl");
	assert_string_equal(pick(NULL, "en;q=abc"), "nl");
	/* A malformed item does not hide a good one after it. */
	assert_string_equal(pick(NULL, "*;;,,en"), "en");
	assert_string_equal(pick(NULL, "x-klingon, en;q=0.3"), "en");
	assert_string_equal(pick(NULL, "\xc3\xa9n, en"), "en");
}

static void
test_i18n_use_and_gettext(void **state)
{
	(void)state;
	i18n_use(en());
	assert_ptr_equal(i18n_current(), en());
	assert_string_equal(i18n_gettext("Inloggen"), "Log in");
	assert_string_equal(_("Inloggen"), "Log in");
	i18n_use(nl());
	assert_ptr_equal(i18n_current(), nl());
	assert_string_equal(i18n_gettext("Inloggen"), "Inloggen");
	i18n_use(en());
	assert_string_equal(i18n_gettext("Inloggen"), "Log in");
	i18n_use(nl());
}

/* Youths read Dutch with "je" (i18n/jong/nl.po); other languages, and a
 * string without a youth form, are as they were; i18n_use leaves it on. */
static void
test_i18n_youth(void **state)
{
	static const char id[] = "U bent uitgelogd.";
	static const char staff[] = "Gezinnen waar u mee werkt";

	(void)state;
	i18n_use(nl());
	assert_int_equal(i18n_youth(), 0);
	assert_string_equal(_(id), "U bent uitgelogd.");
	i18n_use_youth(1);
	assert_int_equal(i18n_youth(), 1);
	assert_string_equal(_(id), "Je bent uitgelogd.");
	assert_string_equal(_("Inloggen"), "Inloggen");
	assert_string_equal(_(staff), staff);
	assert_string_equal(i18n_ngettext("{age} jaar", "{age} jaar", 2),
	    "{age} jaar");
	i18n_use(en());
	assert_int_equal(i18n_youth(), 1);
	assert_string_equal(_(id), "You are logged out.");
	i18n_use(nl());
	assert_string_equal(_(id), "Je bent uitgelogd.");
	i18n_use_youth(0);
	assert_string_equal(_(id), "U bent uitgelogd.");
}

static void
test_i18n_unknown_msgid(void **state)
{
	static const char id[] = "Deze tekst staat in geen enkele catalogus";

	(void)state;
	i18n_use(en());
	assert_string_equal(i18n_gettext(id), id);
	assert_string_equal(i18n_gettext(""), i18n_gettext(""));
	i18n_use(nl());
	assert_string_equal(i18n_gettext(id), id);
}

static void
test_i18n_ngettext(void **state)
{
	(void)state;
	i18n_use(en());
	assert_string_equal(i18n_ngettext("{age} jaar", "{age} jaar", 1),
	    "{age} year old");
	assert_string_equal(i18n_ngettext("{age} jaar", "{age} jaar", 2),
	    "{age} years old");
	assert_string_equal(i18n_ngettext("{age} jaar", "{age} jaar", 0),
	    "{age} years old");
	assert_string_equal(i18n_ngettext("{age} jaar", "{age} jaar", 17),
	    "{age} years old");
	i18n_use(nl());
	assert_string_equal(i18n_ngettext("{age} jaar", "{age} jaar", 1),
	    "{age} jaar");
	assert_string_equal(i18n_ngettext("{age} jaar", "{age} jaar", 2),
	    "{age} jaar");
	/* Unknown: the Dutch singular or plural by n. */
	i18n_use(en());
	assert_string_equal(i18n_ngettext("{n} ding", "{n} dingen", 1),
	    "{n} ding");
	assert_string_equal(i18n_ngettext("{n} ding", "{n} dingen", 3),
	    "{n} dingen");
	i18n_use(nl());
}

static void
test_i18n_format_date(void **state)
{
	char	 out[128];

	(void)state;
	i18n_use(nl());
	memset(out, 'X', sizeof(out));
	assert_int_equal(i18n_format_date(out, sizeof(out), T_DEC),
	    strlen("dinsdag 1 december 2026"));
	assert_string_equal(out, "dinsdag 1 december 2026");
	i18n_use(en());
	assert_int_equal(i18n_format_date(out, sizeof(out), T_DEC),
	    strlen("Tuesday 1 December 2026"));
	assert_string_equal(out, "Tuesday 1 December 2026");
	i18n_use(nl());
}

static void
test_i18n_format_date_amsterdam(void **state)
{
	char	 out[128];

	(void)state;
	/* 22:30 UTC on 31 July is already 1 August in Amsterdam (CEST). */
	i18n_use(nl());
	i18n_format_date(out, sizeof(out), T_AUG);
	assert_string_equal(out, "zaterdag 1 augustus 2026");
	i18n_use(en());
	i18n_format_date(out, sizeof(out), T_AUG);
	assert_string_equal(out, "Saturday 1 August 2026");
	i18n_use(nl());
}

static void
test_i18n_format_datetime(void **state)
{
	char	 out[128];

	(void)state;
	i18n_use(nl());
	i18n_format_datetime(out, sizeof(out), T_DEC);
	assert_string_equal(out, "dinsdag 1 december 2026, 09:00 uur");
	i18n_format_datetime(out, sizeof(out), T_AUG);
	assert_string_equal(out, "zaterdag 1 augustus 2026, 00:30 uur");
	i18n_use(en());
	i18n_format_datetime(out, sizeof(out), T_DEC);
	assert_string_equal(out, "Tuesday 1 December 2026, 09:00");
	i18n_use(nl());
}

static void
test_i18n_format_date_small_buffer(void **state)
{
	char	 out[8];

	(void)state;
	i18n_use(nl());
	memset(out, 'X', sizeof(out));
	assert_int_equal(i18n_format_date(out, sizeof(out), T_DEC), 0);
	assert_string_equal(out, "");
	/* Exactly the text plus its NUL fits. */
	{
		char	 fit[sizeof("dinsdag 1 december 2026")];
		char	 tight[sizeof("dinsdag 1 december 2026") - 1];

		assert_int_equal(i18n_format_date(fit, sizeof(fit), T_DEC),
		    sizeof(fit) - 1);
		assert_string_equal(fit, "dinsdag 1 december 2026");
		assert_int_equal(i18n_format_date(tight, sizeof(tight), T_DEC),
		    0);
		assert_string_equal(tight, "");
	}
	/* outlen 0: nothing written. */
	out[0] = 'Z';
	assert_int_equal(i18n_format_date(out, 0, T_DEC), 0);
	assert_int_equal(out[0], 'Z');
}

static void
test_i18n_format_date_out_of_range(void **state)
{
	char	 out[128];

	(void)state;
	/* A time localtime cannot represent: "", not garbage. */
	memset(out, 'X', sizeof(out));
	assert_int_equal(i18n_format_date(out, sizeof(out),
	    (time_t)INT64_MAX), 0);
	assert_string_equal(out, "");
	memset(out, 'X', sizeof(out));
	assert_int_equal(i18n_format_datetime(out, sizeof(out),
	    (time_t)INT64_MAX), 0);
	assert_string_equal(out, "");
	/* The epoch itself is fine: 1 January 1970, 01:00 in Amsterdam. */
	i18n_use(nl());
	i18n_format_datetime(out, sizeof(out), 0);
	assert_string_equal(out, "donderdag 1 januari 1970, 01:00 uur");
}

/* A string missing in the current language: Dutch (the msgid itself),
 * and one log line however often it is asked for. */
static void
test_i18n_missing_logged_once(void **state)
{
	static const char	 msgid[] = "Deze zin staat in geen enkele catalogus.";
	char			 path[] = "/tmp/test_i18n_log.XXXXXX";
	char			 text[4096];
	int			 fd, saved, count = 0;
	ssize_t			 n;
	const char		*p;

	(void)state;
	assert_true((fd = mkstemp(path)) >= 0);
	fflush(stderr);
	saved = dup(2);
	assert_true(dup2(fd, 2) >= 0);
	i18n_use(en());
	assert_ptr_equal(i18n_gettext(msgid), msgid);
	assert_ptr_equal(i18n_gettext(msgid), msgid);
	assert_string_equal(i18n_gettext("Inloggen"), "Log in");
	i18n_use(nl());
	assert_ptr_equal(i18n_gettext(msgid), msgid);	/* Dutch: not missing */
	fflush(stderr);
	dup2(saved, 2);
	close(saved);
	assert_true(lseek(fd, 0, SEEK_SET) == 0);
	n = read(fd, text, sizeof(text) - 1);
	close(fd);
	unlink(path);
	assert_true(n > 0);
	text[n] = '\0';
	for (p = text; (p = strstr(p, "geen enkele catalogus")) != NULL; p++)
		count++;
	assert_int_equal(count, 1);
	assert_non_null(strstr(text, "no en translation"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_i18n_languages),
		cmocka_unit_test(test_i18n_find),
		cmocka_unit_test(test_i18n_choose_setting_wins),
		cmocka_unit_test(test_i18n_choose_accept_language),
		cmocka_unit_test(test_i18n_choose_q_values),
		cmocka_unit_test(test_i18n_choose_q_with_blanks),
		cmocka_unit_test(test_i18n_choose_garbage),
		cmocka_unit_test(test_i18n_use_and_gettext),
		cmocka_unit_test(test_i18n_youth),
		cmocka_unit_test(test_i18n_unknown_msgid),
		cmocka_unit_test(test_i18n_missing_logged_once),
		cmocka_unit_test(test_i18n_ngettext),
		cmocka_unit_test(test_i18n_format_date),
		cmocka_unit_test(test_i18n_format_date_amsterdam),
		cmocka_unit_test(test_i18n_format_datetime),
		cmocka_unit_test(test_i18n_format_date_small_buffer),
		cmocka_unit_test(test_i18n_format_date_out_of_range),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}

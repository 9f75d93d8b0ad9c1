/*
 * test_mail.c - golden files for every mail (templates/mail/ *.txt): each
 * is rendered with fixed values, in Dutch, in the youth form and in
 * English where a member receives it, and compared byte for byte with
 * tests/unit/golden/mail/<case>.txt (the subject, an empty line, the
 * body). The values are the ones cgi/ gives mail_queue (cgi/core/mail.c).
 *
 * After a deliberate change of a mail: GP_GOLDEN_UPDATE=1 make unit
 * rewrites the files; read the diff before committing it.
 *
 * Needs the build tree's locales and catalogues (LOCPATH, GP_LOCALEDIR,
 * as test_i18n) and the sources (GP_ROOT, else the current directory).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "arena.h"
#include "buf.h"
#include "i18n.h"
#include "tmpl.h"
#include "token.h"
#include "util.h"

/* Tuesday 1 December 2026, 08:00 UTC = 09:00 in Amsterdam. */
#define T_DEC	((time_t)1796112000)

/* One golden file: mail `name` in lang (youth: the "je" form) with the
 * values named in `vars` (blank-separated; see fill()). */
struct mcase {
	const char	*file;
	const char	*name;
	const char	*lang;
	int		 youth;
	const char	*vars;
};

static const struct mcase cases[] = {
	{ "afspraak-nieuw.nl", "afspraak-nieuw", "nl", 0, "when" },
	{ "afspraak-verzet.nl", "afspraak-verzet", "nl", 0, "from to" },
	{ "afspraak-afgezegd.nl", "afspraak-afgezegd", "nl", 0,
	    "when notsoon" },
	{ "afspraak-afgezegd-kort.nl", "afspraak-afgezegd", "nl", 0,
	    "when soon" },
	{ "afspraak-past-niet.nl", "afspraak-past-niet", "nl", 0, "when" },
	{ "afspraak-herinnering.nl", "afspraak-herinnering", "nl", 0, "" },
	{ "afspraak-herinnering.nl-jong", "afspraak-herinnering", "nl", 1,
	    "" },
	{ "afspraak-herinnering.en", "afspraak-herinnering", "en", 0, "" },
	{ "afspraak-gaat-niet-door.nl", "afspraak-gaat-niet-door", "nl", 0,
	    "when" },
	{ "afspraak-gaat-niet-door.nl-jong", "afspraak-gaat-niet-door", "nl",
	    1, "when" },
	{ "afspraak-gaat-niet-door.en", "afspraak-gaat-niet-door", "en", 0,
	    "when" },
	{ "reactie.nl", "reactie", "nl", 0, "document" },
	{ "verzoek-nieuw.nl", "verzoek-nieuw", "nl", 0, "" },
	{ "verzoek-te-laat.nl", "verzoek-te-laat", "nl", 0, "" },
	{ "eigen-visie.nl", "eigen-visie", "nl", 0, "document" },
	{ "nieuwe-gegevens.nl", "nieuwe-gegevens", "nl", 0, "family" },
	{ "mailadres-bevestigen.nl", "mailadres-bevestigen", "nl", 0, "" },
	{ "mailadres-bevestigen.nl-jong", "mailadres-bevestigen", "nl", 1,
	    "" },
	{ "mailadres-bevestigen.en", "mailadres-bevestigen", "en", 0, "" },
	{ "vraag-beantwoord.nl", "vraag-beantwoord", "nl", 0, "request" },
	{ "vraag-beantwoord.nl-jong", "vraag-beantwoord", "nl", 1,
	    "request" },
	{ "vraag-beantwoord.en", "vraag-beantwoord", "en", 0, "request" },
	{ "bericht-nieuw.nl", "bericht-nieuw", "nl", 0, "conversation" },
	{ "bericht-antwoord.nl", "bericht-antwoord", "nl", 0,
	    "conversation" },
	{ "bericht-antwoord.nl-jong", "bericht-antwoord", "nl", 1,
	    "conversation" },
	{ "bericht-antwoord.en", "bericht-antwoord", "en", 0,
	    "conversation" },
	{ "deel-vraag.nl", "deel-vraag", "nl", 0, "" },
	{ "deel-vraag.nl-jong", "deel-vraag", "nl", 1, "" },
	{ "deel-vraag.en", "deel-vraag", "en", 0, "" },
	{ "deel-vraag-gestopt.nl", "deel-vraag-gestopt", "nl", 0, "" },
	{ "deel-vraag-gestopt.nl-jong", "deel-vraag-gestopt", "nl", 1, "" },
	{ "deel-vraag-gestopt.en", "deel-vraag-gestopt", "en", 0, "" },
	{ "deel-vraag-verlopen.nl", "deel-vraag-verlopen", "nl", 0, "" },
	{ "overzicht.nl", "overzicht", "nl", 0, "items" },
	{ "hulp-vraag.nl", "hulp-vraag", "nl", 0, "help notnu" },
	{ "hulp-vraag-nu.nl", "hulp-vraag", "nl", 0, "help nu" },
	{ "wachtwoord-gewijzigd.nl", "wachtwoord-gewijzigd", "nl", 0, "" },
	{ "wachtwoord-gewijzigd.nl-jong", "wachtwoord-gewijzigd", "nl", 1, "" },
	{ "wachtwoord-gewijzigd.en", "wachtwoord-gewijzigd", "en", 0, "" },
};

struct fx {
	struct arena	*a;
	struct tmpl_set	*set;
	const char	*root;
};

static int
group_setup(void **state)
{
	struct fx	*f;
	const char	*dir;
	char		 path[1024], err[512];

	if ((f = calloc(1, sizeof(*f))) == NULL)
		return -1;
	*state = f;
	if ((dir = getenv("GP_LOCALEDIR")) == NULL || *dir == '\0')
		dir = "build/locale";
	if ((f->root = getenv("GP_ROOT")) == NULL || *f->root == '\0')
		f->root = ".";
	if (i18n_init(dir) == -1 || (f->a = arena_new(0)) == NULL)
		return -1;
	snprintf(path, sizeof(path), "%s/templates", f->root);
	if ((f->set = tmpl_load_dir(path, err, sizeof(err))) == NULL) {
		fprintf(stderr, "templates: %s\n", err);
		return -1;
	}
	tmpl_set_translator(i18n_gettext, i18n_ngettext);
	return 0;
}

static int
group_teardown(void **state)
{
	struct fx	*f = *state;

	tmpl_set_translator(NULL, NULL);
	tmpl_set_free(f->set);
	arena_free(f->a);
	i18n_shutdown();
	free(f);
	return 0;
}

/* A time as the code gives it: formatted in the receiver's language. */
static void
put_when(struct tctx *c, const char *key, time_t t)
{
	char	 s[128];

	i18n_format_when(s, sizeof(s), t);
	tctx_str(c, key, s);
}

/* A digest of two mails as the outbox sender makes it (outboxd.c:
 * send_digest): each mail's subject and body, its link filled in. */
static void
put_items(struct tctx *c)
{
	static const char *const subj[] = { "Nieuwe reactie in Gezinsportaal",
	    "Nieuwe vraag om iets te veranderen" };
	static const char *const body[] = {
	    "Een gezinslid heeft gereageerd op een stuk. U kunt hier "
	    "antwoorden:\n\nhttps://gezinsportaal.example/antwoord/"
	    "TOKEN-ONE\n\nIn deze e-mail staat geen informatie uit het "
	    "dossier.",
	    "Een gezinslid vraagt om iets te veranderen in wat er over hen "
	    "staat. U kunt hier antwoorden:\n\nhttps://gezinsportaal.example/"
	    "antwoord/TOKEN-TWO\n\nIn deze e-mail staat geen informatie uit "
	    "het dossier." };
	struct tctx	*it;
	int		 i;

	tctx_long(c, "n", 2);
	tctx_list(c, "items");
	for (i = 0; i < 2; i++) {
		assert_non_null(it = tctx_list_add(c, "items"));
		tctx_long(it, "number", i + 1);
		tctx_str(it, "subject", subj[i]);
		tctx_str(it, "body", body[i]);
	}
}

/* The values the code sets (cgi/core/mail.c sets base_url). */
static void
fill(struct tctx *c, const char *vars)
{
	char	 v[128], *w, *save = NULL;

	tctx_str(c, "base_url", "https://gezinsportaal.example");
	snprintf(v, sizeof(v), "%s", vars);
	for (w = strtok_r(v, " ", &save); w != NULL;
	    w = strtok_r(NULL, " ", &save)) {
		if (strcmp(w, "when") == 0 || strcmp(w, "from") == 0)
			put_when(c, w, T_DEC);
		else if (strcmp(w, "to") == 0)
			put_when(c, w, T_DEC + 2 * 86400 + 5400);
		else if (strcmp(w, "soon") == 0 || strcmp(w, "notsoon") == 0)
			tctx_bool(c, "soon", w[0] == 's');
		else if (strcmp(w, "document") == 0)
			tctx_str(c, w, "d-7Hq2xKp9");
		else if (strcmp(w, "request") == 0)
			tctx_str(c, w, "r-3mVt8cZa");
		else if (strcmp(w, "conversation") == 0)
			tctx_str(c, w, "c-5pLw2Rn4");
		else if (strcmp(w, "help") == 0)
			tctx_str(c, w, "h-4Tn8wQe2");
		else if (strcmp(w, "nu") == 0 || strcmp(w, "notnu") == 0)
			tctx_bool(c, "nu", w[0] == 'n' && w[1] == 'u');
		else if (strcmp(w, "items") == 0)
			put_items(c);
		else if (strcmp(w, "family") == 0) {
			tctx_str(c, "family_name", "De Vries");
			tctx_str(c, "family_id", "f-9sKd3LmQ");
			tctx_str(c, "person", "p-2xWq7Hn5");
		}
		else
			fail_msg("unknown value '%s' in the case table", w);
	}
}

/* Subject, an empty line, the body: the shape of the template. */
static const char *
render_case(struct fx *f, const struct mcase *mc)
{
	const struct i18n_lang	*lang = i18n_find(mc->lang);
	struct tctx		*c = tctx_new(f->a, NULL);
	struct buf		 subject, body, out;
	enum tmpl_err		 rc;
	char			 name[128], err[256];

	assert_non_null(lang);
	snprintf(name, sizeof(name), "mail/%s", mc->name);
	buf_init(&subject, f->a, 0);
	buf_init(&body, f->a, 0);
	buf_init(&out, f->a, 0);
	i18n_use(lang);
	i18n_use_youth(mc->youth);
	fill(c, mc->vars);	/* dates in the receiver's language */
	rc = tmpl_render_mail(f->set, name, c, &subject, &body, err,
	    sizeof(err));
	i18n_use(i18n_find("nl"));
	i18n_use_youth(0);
	if (rc != TMPL_OK)
		fail_msg("%s: %s", mc->file, err);
	buf_append(&out, subject.data, subject.len);
	buf_puts(&out, "\n\n");
	buf_append(&out, body.data, body.len);
	return buf_cstr(&out);
}

static void
test_mail_golden(void **state)
{
	struct fx	*f = *state;
	const char	*got, *upd = getenv("GP_GOLDEN_UPDATE");
	char		 path[1024], *want;
	size_t		 i, len;
	FILE		*fp;
	int		 bad = 0;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		got = render_case(f, &cases[i]);
		snprintf(path, sizeof(path), "%s/tests/unit/golden/mail/%s.txt",
		    f->root, cases[i].file);
		if (upd != NULL && strcmp(upd, "1") == 0) {
			assert_non_null(fp = fopen(path, "w"));
			fputs(got, fp);
			assert_int_equal(fclose(fp), 0);
			continue;
		}
		if (util_read_file(path, 65536, &want, &len) == -1) {
			print_error("%s: missing (GP_GOLDEN_UPDATE=1 makes "
			    "it)\n", path);
			bad++;
			continue;
		}
		if (strlen(got) != len || memcmp(got, want, len) != 0) {
			print_error("%s differs; rendered:\n%s\n---\n", path,
			    got);
			bad++;
		}
		free(want);
	}
	assert_int_equal(bad, 0);
}

/* Every mail has a golden file; a reply link only where the sender
 * expects one, once. */
static void
test_mail_every_template_has_a_case(void **state)
{
	struct fx	*f = *state;
	struct dirent	*de;
	DIR		*d;
	char		 path[1024];
	size_t		 i, n, seen = 0;
	int		 found;

	snprintf(path, sizeof(path), "%s/templates/mail", f->root);
	assert_non_null(d = opendir(path));
	while ((de = readdir(d)) != NULL) {
		n = strlen(de->d_name);
		if (de->d_name[0] == '.' || n < 5 ||
		    strcmp(de->d_name + n - 4, ".txt") != 0)
			continue;
		seen++;
		found = 0;
		for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
			if (strlen(cases[i].name) == n - 4 &&
			    strncmp(cases[i].name, de->d_name, n - 4) == 0)
				found = 1;
		if (!found)
			fail_msg("templates/mail/%s has no golden case",
			    de->d_name);
	}
	closedir(d);
	assert_true(seen >= 10);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const char	*s = render_case(f, &cases[i]), *at;
		int		 reply = strcmp(cases[i].name, "reactie") == 0 ||
				    strcmp(cases[i].name, "verzoek-nieuw") == 0 ||
				    strcmp(cases[i].name, "bericht-nieuw") == 0 ||
				    strcmp(cases[i].name,
				    "mailadres-bevestigen") == 0;

		at = strstr(s, TOKEN_MARK);
		if ((at != NULL) != reply ||
		    (at != NULL && strstr(at + 1, TOKEN_MARK) != NULL))
			fail_msg("%s: the reply link %s", cases[i].file,
			    reply ? "once, please" : "does not belong here");
	}
}

/* The error page (templates/error.html, issue 19): with a helpdesk in
 * the configuration it says who "wij" are and gives their number as a
 * tel: link; without one it promises no number: a member is sent to
 * /berichten (their professional's number and a conversation), staff
 * report it, who is logged out logs in and writes (review S19, M6). */
enum who { LOGGED_OUT, MEMBER, STAFF };

static const char *
render_error(struct fx *f, int helpdesk, enum who who)
{
	struct tctx	*c = tctx_new(f->a, NULL);
	struct buf	 out;
	char		 err[256];

	tctx_str(c, "title", "Er ging iets mis");
	tctx_str(c, "what", "Er ging bij ons iets mis.");
	tctx_str(c, "todo", "Probeer het later opnieuw.");
	tctx_str(c, "request_id", "REQ-42");
	tctx_bool(c, "resend", 0);
	tctx_bool(c, "contact_link", who == MEMBER);
	tctx_bool(c, "staff", who == STAFF);
	tctx_str(c, "retry", "");
	tctx_bool(c, "helpdesk", helpdesk);
	tctx_nl(c, "helpdesk_name", helpdesk ? "de gemeente Rivierstad" : "");
	tctx_html(c, "helpdesk_phone", helpdesk ?
	    "<a href=\"tel:0200000000\" dir=\"ltr\">020 000 0000</a>" : "");
	tctx_bool(c, "helpdesk_has_hours", helpdesk);
	tctx_nl(c, "helpdesk_hours", helpdesk ? "maandag tot en met vrijdag" : "");
	buf_init(&out, f->a, 0);
	assert_int_equal(tmpl_render(f->set, "error", c, &out, err,
	    sizeof(err)), TMPL_OK);
	return buf_cstr(&out);
}

static void
test_error_page_helpdesk(void **state)
{
	struct fx	*f = *state;
	const char	*s;

	i18n_use(i18n_find("nl"));
	s = render_error(f, 1, LOGGED_OUT);
	assert_non_null(strstr(s, "Wij zijn de gemeente Rivierstad."));
	assert_non_null(strstr(s, "Bel ons dan op <a href=\"tel:0200000000\" "
	    "dir=\"ltr\">020 000 0000</a>. Noem deze code: REQ-42"));
	assert_non_null(strstr(s, "U kunt ons bellen: maandag tot en met "
	    "vrijdag."));
	assert_null(strstr(s, "hulpverlener"));
	/* no helpdesk: no number and no "bel" for anyone */
	s = render_error(f, 0, LOGGED_OUT);
	assert_null(strstr(s, "tel:"));
	assert_null(strstr(s, "Bel"));
	assert_non_null(strstr(s, "Log dan in en stuur een bericht aan uw "
	    "hulpverlener. Noem deze code: REQ-42"));
	assert_non_null(strstr(s, "href=\"/inloggen?terug=/berichten\""));
	s = render_error(f, 0, MEMBER);
	assert_null(strstr(s, "tel:"));
	assert_null(strstr(s, "Bel"));
	assert_non_null(strstr(s, "href=\"/berichten\""));
	assert_non_null(strstr(s, "Stuur dan een bericht aan uw hulpverlener. "
	    "Noem deze code: REQ-42"));
	s = render_error(f, 0, STAFF);
	assert_null(strstr(s, "tel:"));
	assert_null(strstr(s, "hulpverlener"));
	assert_non_null(strstr(s, "Meld het dan bij uw organisatie. Noem deze "
	    "code: REQ-42"));
	/* with a helpdesk a member still gets the /berichten link */
	s = render_error(f, 1, MEMBER);
	assert_non_null(strstr(s, "href=\"/berichten\""));
	assert_non_null(strstr(s, "Bel ons dan op"));
	/* an English page: the name and the hours stay Dutch content */
	i18n_use(i18n_find("en"));
	s = render_error(f, 1, LOGGED_OUT);
	assert_null(strstr(s, "Wij zijn"));
	assert_non_null(strstr(s, "020 000 0000</a>"));
	i18n_use(i18n_find("nl"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_mail_golden),
		cmocka_unit_test(test_mail_every_template_has_a_case),
		cmocka_unit_test(test_error_page_helpdesk),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}

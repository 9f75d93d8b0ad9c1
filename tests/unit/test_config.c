/*
 * test_config.c - the configuration file (lib/config).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"

/* The four required keys. */
#define REQ	"socket = /run/gp.sock\n" \
		"database = dbname=gp\n" \
		"templates = /srv/gp/templates\n" \
		"secret_file = /etc/gp/secret\n"

static void
assert_all_null(const struct config *c)
{
	assert_null(c->socket);
	assert_null(c->database);
	assert_null(c->templates);
	assert_null(c->locale_dir);
	assert_null(c->secret_file);
	assert_null(c->smtp_url);
	assert_null(c->base_url);
	assert_null(c->user);
	assert_null(c->hash_slot_file);
	assert_null(c->help_intake);
	assert_null(c->helpdesk_name);
	assert_null(c->helpdesk_phone);
	assert_null(c->helpdesk_hours);
}

/* Parses text that must fail; checks the message and that nothing is left
 * allocated. */
static void
expect_error(const char *text, const char *want)
{
	struct config	 c;
	char		 err[256];

	memset(err, 0, sizeof(err));
	assert_int_equal(config_parse(&c, text, err, sizeof(err)), -1);
	assert_string_equal(err, want);
	assert_all_null(&c);
}

static void
test_config_full_valid(void **state)
{
	struct config	 c;
	char		 err[256] = "";
	static const char text[] =
	    "socket = /run/gezinsportaal/fcgi.sock\n"
	    "workers = 8\n"
	    "max_requests = 10000\n"
	    "database = host=/run/postgresql dbname=gezinsportaal\n"
	    "templates = /usr/share/gezinsportaal/templates\n"
	    "locale_dir = /usr/share/locale\n"
	    "secret_file = /etc/gezinsportaal/secret\n"
	    "secure_cookies = yes\n"
	    "smtp_url = smtp://127.0.0.1:25\n"
	    "base_url = https://portaal.example.nl\n"
	    "user = gezinsportaal\n"
	    "session_idle_citizen = 1200\n"
	    "session_idle_clerk = 600\n"
	    "hash_slots = 2\n"
	    "hash_slot_file = /run/gezinsportaal/hash\n"
	    "help_intake = gemeente-intake\n"
	    "helpdesk_name = de gemeente Rivierstad\n"
	    "helpdesk_phone = +31 30 123-4567\n"
	    "helpdesk_hours = maandag tot en met vrijdag, 9 tot 17 uur\n"
	    "log_debug = on\n";

	(void)state;
	assert_int_equal(config_parse(&c, text, err, sizeof(err)), 0);
	assert_string_equal(c.socket, "/run/gezinsportaal/fcgi.sock");
	assert_int_equal(c.workers, 8);
	assert_int_equal(c.max_requests, 10000);
	/* Only the first '=' separates; the value keeps the others. */
	assert_string_equal(c.database,
	    "host=/run/postgresql dbname=gezinsportaal");
	assert_string_equal(c.templates, "/usr/share/gezinsportaal/templates");
	assert_string_equal(c.locale_dir, "/usr/share/locale");
	assert_string_equal(c.secret_file, "/etc/gezinsportaal/secret");
	assert_int_equal(c.secure_cookies, 1);
	assert_string_equal(c.smtp_url, "smtp://127.0.0.1:25");
	assert_string_equal(c.base_url, "https://portaal.example.nl");
	assert_string_equal(c.user, "gezinsportaal");
	assert_int_equal(c.session_idle_citizen, 1200);
	assert_int_equal(c.session_idle_clerk, 600);
	assert_int_equal(c.hash_slots, 2);
	assert_string_equal(c.hash_slot_file, "/run/gezinsportaal/hash");
	assert_string_equal(c.help_intake, "gemeente-intake");
	assert_string_equal(c.helpdesk_name, "de gemeente Rivierstad");
	assert_string_equal(c.helpdesk_phone, "+31 30 123-4567");
	assert_string_equal(c.helpdesk_hours,
	    "maandag tot en met vrijdag, 9 tot 17 uur");
	assert_int_equal(c.log_debug, 1);
	config_free(&c);
	assert_all_null(&c);
	config_free(&c);	/* twice is harmless */
}

/* The helpdesk (issue 19): a name and a number together or neither; a
 * number is a number; hours only with a number. Without any, pages name
 * no number at all. */
static void
test_config_helpdesk(void **state)
{
	struct config	 c;
	char		 err[256] = "";

	(void)state;
	assert_int_equal(config_parse(&c, REQ, err, sizeof(err)), 0);
	assert_null(c.helpdesk_phone);
	config_free(&c);
	assert_int_equal(config_parse(&c, REQ "helpdesk_name = Balie\n"
	    "helpdesk_phone = 14 030\n", err, sizeof(err)), 0);
	assert_string_equal(c.helpdesk_phone, "14 030");
	assert_null(c.helpdesk_hours);
	config_free(&c);
	expect_error(REQ "helpdesk_phone = 14 030\n",
	    "helpdesk_name and helpdesk_phone go together");
	expect_error(REQ "helpdesk_name = Balie\n",
	    "helpdesk_name and helpdesk_phone go together");
	expect_error(REQ "helpdesk_name = Balie\nhelpdesk_phone =\n",
	    "helpdesk_name and helpdesk_phone go together");
	expect_error(REQ "helpdesk_hours = altijd\n",
	    "helpdesk_hours needs helpdesk_phone");
	expect_error(REQ "helpdesk_name = Balie\nhelpdesk_phone = bel ons\n",
	    "helpdesk_phone: 3 to 15 digits, spaces, + and - only");
	expect_error(REQ "helpdesk_name = Balie\nhelpdesk_phone = 12\n",
	    "helpdesk_phone: 3 to 15 digits, spaces, + and - only");
	expect_error(REQ "helpdesk_name = Balie\nhelpdesk_phone = 030+123\n",
	    "helpdesk_phone: 3 to 15 digits, spaces, + and - only");
	expect_error(REQ "helpdesk_name = B\nhelpdesk_phone = 1234567890123456\n",
	    "helpdesk_phone: 3 to 15 digits, spaces, + and - only");
}

/* Links are base_url + "/antwoord/...": a base_url written with a '/' at
 * the end must not make "//antwoord/<token>" (issue 17, part 4). */
static void
test_config_base_url_without_trailing_slash(void **state)
{
	struct config	 c;
	char		 err[256] = "", text[512];

	(void)state;
	snprintf(text, sizeof(text), "%sbase_url = https://portaal.example.nl//\n",
	    REQ);
	assert_int_equal(config_parse(&c, text, err, sizeof(err)), 0);
	assert_string_equal(c.base_url, "https://portaal.example.nl");
	config_free(&c);
	snprintf(text, sizeof(text), "%sbase_url = /\n", REQ);
	assert_int_equal(config_parse(&c, text, err, sizeof(err)), 0);
	assert_string_equal(c.base_url, "");
	config_free(&c);
}

static void
test_config_defaults(void **state)
{
	struct config	 c;
	char		 err[256] = "";

	(void)state;
	memset(&c, 0x7f, sizeof(c));
	assert_int_equal(config_parse(&c, REQ, err, sizeof(err)), 0);
	assert_int_equal(c.workers, 0);
	assert_int_equal(c.max_requests, 5000);
	assert_int_equal(c.session_idle_citizen, 1800);
	assert_int_equal(c.session_idle_clerk, 900);
	assert_int_equal(c.hash_slots, 0);	/* the master decides */
	assert_null(c.hash_slot_file);
	assert_int_equal(c.secure_cookies, 1);	/* safe default */
	assert_int_equal(c.log_debug, 0);
	assert_null(c.locale_dir);
	assert_null(c.smtp_url);
	assert_null(c.base_url);
	assert_null(c.user);
	assert_string_equal(c.socket, "/run/gp.sock");
	config_free(&c);
}

static void
test_config_comments_blank_lines(void **state)
{
	struct config	 c;
	char		 err[256] = "";
	static const char text[] =
	    "# Gezinsportaal\n"
	    "\n"
	    "   \n"
	    "\t\n"
	    "   # indented comment\n"
	    "#workers = not a number\n"
	    "socket = /s\n"
	    "\n"
	    "database = d\n"
	    "templates = t\n"
	    "# secret_file below\n"
	    "secret_file = k\n"
	    "\n";

	(void)state;
	assert_int_equal(config_parse(&c, text, err, sizeof(err)), 0);
	assert_int_equal(c.workers, 0);
	assert_string_equal(c.socket, "/s");
	assert_string_equal(c.secret_file, "k");
	config_free(&c);
}

static void
test_config_whitespace_trim(void **state)
{
	struct config	 c;
	char		 err[256] = "";
	static const char text[] =
	    "   socket\t=\t/a b/c  \t\n"
	    "database=dbname=x\n"
	    "\ttemplates    =    t   \n"
	    "secret_file =k\n"
	    "workers =   3\t\n"
	    "secure_cookies\t= true \n";

	(void)state;
	assert_int_equal(config_parse(&c, text, err, sizeof(err)), 0);
	assert_string_equal(c.socket, "/a b/c");	/* inner blanks kept */
	assert_string_equal(c.database, "dbname=x");
	assert_string_equal(c.templates, "t");
	assert_string_equal(c.secret_file, "k");
	assert_int_equal(c.workers, 3);
	assert_int_equal(c.secure_cookies, 1);
	config_free(&c);
}

static void
test_config_crlf_and_no_final_newline(void **state)
{
	struct config	 c;
	char		 err[256] = "";
	static const char text[] =
	    "socket = /s\r\n"
	    "database = d\r\n"
	    "# comment\r\n"
	    "\r\n"
	    "templates = t\r\n"
	    "workers = 12\r\n"
	    "secret_file = k";

	(void)state;
	assert_int_equal(config_parse(&c, text, err, sizeof(err)), 0);
	assert_string_equal(c.socket, "/s");
	assert_string_equal(c.templates, "t");
	assert_int_equal(c.workers, 12);
	assert_string_equal(c.secret_file, "k");
	config_free(&c);
}

static void
test_config_later_key_replaces(void **state)
{
	struct config	 c;
	char		 err[256] = "";
	static const char text[] =
	    REQ
	    "socket = /second\n"
	    "workers = 2\n"
	    "workers = 4\n"
	    "user = a\n"
	    "user = b\n"
	    "user = c\n"
	    "log_debug = yes\n"
	    "log_debug = no\n";

	(void)state;
	/* LeakSanitizer would report the replaced strings. */
	assert_int_equal(config_parse(&c, text, err, sizeof(err)), 0);
	assert_string_equal(c.socket, "/second");
	assert_int_equal(c.workers, 4);
	assert_string_equal(c.user, "c");
	assert_int_equal(c.log_debug, 0);
	config_free(&c);
}

static void
test_config_empty_value(void **state)
{
	struct config	 c;
	char		 err[256] = "";

	(void)state;
	assert_int_equal(config_parse(&c, REQ "user =\n", err, sizeof(err)),
	    0);
	assert_non_null(c.user);
	assert_string_equal(c.user, "");
	config_free(&c);
	expect_error(REQ "workers =\n",
	    "line 5: workers must be a whole number from 0 to 256");
	expect_error(REQ "log_debug = \n",
	    "line 5: log_debug must be yes or no");
}

static void
test_config_unknown_key(void **state)
{
	(void)state;
	expect_error("socket = /s\n# c\n\nwokers = 4\n" REQ,
	    "line 4: unknown key 'wokers'");
	expect_error("Socket = /s\n", "line 1: unknown key 'Socket'");
	expect_error("socket_path = /s\n", "line 1: unknown key 'socket_path'");
	expect_error("= value\n", "line 1: unknown key ''");
	expect_error("sock et = /s\n", "line 1: unknown key 'sock et'");
}

static void
test_config_unknown_key_truncated(void **state)
{
	char	 text[200], want[200];

	(void)state;
	memset(text, 'k', 100);
	snprintf(text + 100, sizeof(text) - 100, " = 1\n");
	memset(want, 0, sizeof(want));
	snprintf(want, sizeof(want), "line 1: unknown key '%.64s'", text);
	expect_error(text, want);
}

static void
test_config_missing_equals(void **state)
{
	(void)state;
	expect_error("socket /s\n", "line 1: expected key = value");
	expect_error(REQ "\n# x\nworkers\n", "line 7: expected key = value");
	expect_error("socket = /s\r\nworkers\r\n",
	    "line 2: expected key = value");
}

static void
test_config_bad_number(void **state)
{
	(void)state;
	expect_error(REQ "workers = abc\n",
	    "line 5: workers must be a whole number from 0 to 256");
	expect_error(REQ "workers = 4x\n",
	    "line 5: workers must be a whole number from 0 to 256");
	expect_error(REQ "workers = 0x10\n",
	    "line 5: workers must be a whole number from 0 to 256");
	expect_error(REQ "workers = +4\n",
	    "line 5: workers must be a whole number from 0 to 256");
	expect_error(REQ "workers = 4 # four\n",
	    "line 5: workers must be a whole number from 0 to 256");
	expect_error(REQ "workers = 1.5\n",
	    "line 5: workers must be a whole number from 0 to 256");
	expect_error(REQ "workers = 99999999999999999999999\n",
	    "line 5: workers must be a whole number from 0 to 256");
	expect_error(REQ "max_requests = 1e6\n",
	    "line 5: max_requests must be a whole number from 1 to 100000000");
}

static void
test_config_number_range(void **state)
{
	struct config	 c;
	char		 err[256] = "";

	(void)state;
	expect_error(REQ "workers = -1\n",
	    "line 5: workers must be a whole number from 0 to 256");
	expect_error(REQ "workers = 257\n",
	    "line 5: workers must be a whole number from 0 to 256");
	expect_error(REQ "max_requests = 0\n",
	    "line 5: max_requests must be a whole number from 1 to 100000000");
	expect_error(REQ "max_requests = 100000001\n",
	    "line 5: max_requests must be a whole number from 1 to 100000000");
	expect_error(REQ "session_idle_citizen = 59\n",
	    "line 5: session_idle_citizen must be a whole number from 60 to "
	    "86400");
	expect_error(REQ "session_idle_clerk = 86401\n",
	    "line 5: session_idle_clerk must be a whole number from 60 to "
	    "86400");

	/* The bounds themselves are allowed. */
	assert_int_equal(config_parse(&c, REQ
	    "workers = 0\nmax_requests = 1\n"
	    "session_idle_citizen = 60\nsession_idle_clerk = 86400\n",
	    err, sizeof(err)), 0);
	assert_int_equal(c.workers, 0);
	assert_int_equal(c.max_requests, 1);
	assert_int_equal(c.session_idle_citizen, 60);
	assert_int_equal(c.session_idle_clerk, 86400);
	config_free(&c);
	assert_int_equal(config_parse(&c, REQ
	    "workers = 256\nmax_requests = 100000000\n"
	    "session_idle_citizen = 86400\nsession_idle_clerk = 60\n",
	    err, sizeof(err)), 0);
	assert_int_equal(c.workers, 256);
	assert_int_equal(c.max_requests, 100000000);
	assert_int_equal(c.session_idle_citizen, 86400);
	assert_int_equal(c.session_idle_clerk, 60);
	config_free(&c);
}

static void
test_config_bool(void **state)
{
	static const char *const yes[] = { "yes", "on", "true" };
	static const char *const no[] = { "no", "off", "false" };
	struct config	 c;
	char		 text[256], err[256] = "";
	size_t		 i;

	(void)state;
	for (i = 0; i < 3; i++) {
		snprintf(text, sizeof(text), REQ "secure_cookies = %s\n"
		    "log_debug = %s\n", yes[i], yes[i]);
		assert_int_equal(config_parse(&c, text, err, sizeof(err)), 0);
		assert_int_equal(c.secure_cookies, 1);
		assert_int_equal(c.log_debug, 1);
		config_free(&c);
		snprintf(text, sizeof(text), REQ "secure_cookies = yes\n"
		    "secure_cookies = %s\nlog_debug = %s\n", no[i], no[i]);
		assert_int_equal(config_parse(&c, text, err, sizeof(err)), 0);
		assert_int_equal(c.secure_cookies, 0);
		assert_int_equal(c.log_debug, 0);
		config_free(&c);
	}
}

static void
test_config_bad_bool(void **state)
{
	(void)state;
	expect_error(REQ "secure_cookies = maybe\n",
	    "line 5: secure_cookies must be yes or no");
	expect_error(REQ "secure_cookies = 1\n",
	    "line 5: secure_cookies must be yes or no");
	expect_error(REQ "log_debug = yess\n",
	    "line 5: log_debug must be yes or no");
	expect_error(REQ "log_debug = y\n",
	    "line 5: log_debug must be yes or no");
}

static void
test_config_missing_required(void **state)
{
	static const char want[] =
	    "socket, database, templates and secret_file are required";

	(void)state;
	expect_error("", want);
	expect_error("# only a comment\n", want);
	expect_error("database = d\ntemplates = t\nsecret_file = k\n", want);
	expect_error("socket = s\ntemplates = t\nsecret_file = k\n", want);
	expect_error("socket = s\ndatabase = d\nsecret_file = k\n", want);
	expect_error("socket = s\ndatabase = d\ntemplates = t\n"
	    "user = u\nbase_url = b\n", want);
}

static void
test_config_error_frees_earlier(void **state)
{
	(void)state;
	/* Strings set before the bad line are freed (LeakSanitizer), and the
	 * struct is left without dangling pointers. */
	expect_error(REQ "user = u\nsmtp_url = x\nlocale_dir = l\n"
	    "base_url = b\nworkers = many\n",
	    "line 9: workers must be a whole number from 0 to 256");
}

static void
test_config_small_errbuf(void **state)
{
	struct config	 c;
	char		 err[8];

	(void)state;
	memset(err, 'X', sizeof(err));
	assert_int_equal(config_parse(&c, "nope = 1\n", err, sizeof(err)), -1);
	assert_string_equal(err, "line 1:");
}

static char *
write_temp(const char *content, size_t n)
{
	char	*path;
	int	 fd;

	path = strdup("/tmp/test_config_XXXXXX");
	assert_non_null(path);
	fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, content, n), (ssize_t)n);
	close(fd);
	return path;
}

static void
test_config_load_file(void **state)
{
	struct config	 c;
	char		 err[256] = "";
	char		*path;
	static const char text[] = REQ "workers = 6\n";

	(void)state;
	path = write_temp(text, sizeof(text) - 1);
	assert_int_equal(config_load(&c, path, err, sizeof(err)), 0);
	assert_string_equal(c.database, "dbname=gp");
	assert_int_equal(c.workers, 6);
	config_free(&c);
	unlink(path);
	free(path);
}

static void
test_config_load_bad_file(void **state)
{
	struct config	 c;
	char		 err[256] = "";
	char		*path;
	static const char text[] = REQ "\nworkers = -3\n";

	(void)state;
	path = write_temp(text, sizeof(text) - 1);
	assert_int_equal(config_load(&c, path, err, sizeof(err)), -1);
	assert_string_equal(err,
	    "line 6: workers must be a whole number from 0 to 256");
	unlink(path);
	free(path);
}

static void
test_config_load_missing(void **state)
{
	struct config	 c;
	char		 err[256] = "";

	(void)state;
	assert_int_equal(config_load(&c, "/nonexistent-dir/gp.conf", err,
	    sizeof(err)), -1);
	assert_string_equal(err,
	    "/nonexistent-dir/gp.conf: No such file or directory");
}

static void
test_config_load_too_big(void **state)
{
	struct config	 c;
	char		 err[512] = "", want[512];
	char		*path, *big;
	size_t		 n = 1024 * 1024 + 1;

	(void)state;
	big = malloc(n);
	assert_non_null(big);
	memset(big, '#', n);
	path = write_temp(big, n);
	free(big);
	assert_int_equal(config_load(&c, path, err, sizeof(err)), -1);
	snprintf(want, sizeof(want), "%s: File too large", path);
	assert_string_equal(err, want);
	unlink(path);
	free(path);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_config_full_valid),
		cmocka_unit_test(test_config_defaults),
		cmocka_unit_test(test_config_base_url_without_trailing_slash),
		cmocka_unit_test(test_config_helpdesk),
		cmocka_unit_test(test_config_comments_blank_lines),
		cmocka_unit_test(test_config_whitespace_trim),
		cmocka_unit_test(test_config_crlf_and_no_final_newline),
		cmocka_unit_test(test_config_later_key_replaces),
		cmocka_unit_test(test_config_empty_value),
		cmocka_unit_test(test_config_unknown_key),
		cmocka_unit_test(test_config_unknown_key_truncated),
		cmocka_unit_test(test_config_missing_equals),
		cmocka_unit_test(test_config_bad_number),
		cmocka_unit_test(test_config_number_range),
		cmocka_unit_test(test_config_bool),
		cmocka_unit_test(test_config_bad_bool),
		cmocka_unit_test(test_config_missing_required),
		cmocka_unit_test(test_config_error_frees_earlier),
		cmocka_unit_test(test_config_small_errbuf),
		cmocka_unit_test(test_config_load_file),
		cmocka_unit_test(test_config_load_bad_file),
		cmocka_unit_test(test_config_load_missing),
		cmocka_unit_test(test_config_load_too_big),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

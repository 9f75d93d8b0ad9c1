/*
 * test_log.c - one line per event on stderr (lib/log). stderr is sent to
 * a temporary file for each test and read back.
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

#include "log.h"

struct capture {
	char	 path[64];
	int	 fd;
	int	 saved;
	char	 text[8192];
	size_t	 len;
};

static void
capture_begin(struct capture *c)
{
	memset(c, 0, sizeof(*c));
	snprintf(c->path, sizeof(c->path), "/tmp/test_log_XXXXXX");
	c->fd = mkstemp(c->path);
	assert_true(c->fd >= 0);
	fflush(stderr);
	c->saved = dup(STDERR_FILENO);
	assert_true(c->saved >= 0);
	assert_int_equal(dup2(c->fd, STDERR_FILENO), STDERR_FILENO);
}

/* Restores stderr before anything is asserted on the text. */
static void
capture_end(struct capture *c)
{
	ssize_t	 r;

	fflush(stderr);
	dup2(c->saved, STDERR_FILENO);
	close(c->saved);
	lseek(c->fd, 0, SEEK_SET);
	r = read(c->fd, c->text, sizeof(c->text) - 1);
	close(c->fd);
	unlink(c->path);
	assert_true(r >= 0);
	c->len = (size_t)r;
	c->text[c->len] = '\0';
}

static size_t
count_char(const char *s, size_t n, char ch)
{
	size_t	 i, k = 0;

	for (i = 0; i < n; i++)
		if (s[i] == ch)
			k++;
	return k;
}

static int
has_suffix(const char *s, const char *suffix)
{
	size_t	 n = strlen(s), m = strlen(suffix);

	return n >= m && strcmp(s + n - m, suffix) == 0;
}

static int
setup(void **state)
{
	(void)state;
	log_set_debug(0);
	log_set_request(NULL);
	return 0;
}

static void
test_log_line_format(void **state)
{
	struct capture	 c;
	char		 want[128];
	int		 y, mo, d, h, mi, s, n = 0;
	long		 pid;

	(void)state;
	log_set_request("abc");
	capture_begin(&c);
	log_info("hello %d", 7);
	capture_end(&c);
	/* "2026-11-23T09:40:00Z [123] info req=abc: hello 7\n" */
	assert_int_equal(sscanf(c.text, "%4d-%2d-%2dT%2d:%2d:%2dZ [%ld] %n",
	    &y, &mo, &d, &h, &mi, &s, &pid, &n), 7);
	assert_true(n > 0);
	assert_int_equal(c.text[10], 'T');
	assert_int_equal(c.text[19], 'Z');
	assert_true(y >= 2024);
	assert_true(mo >= 1 && mo <= 12);
	assert_int_equal(pid, (long)getpid());
	assert_string_equal(c.text + n, "info req=abc: hello 7\n");
	snprintf(want, sizeof(want), " [%ld] info req=abc: hello 7\n",
	    (long)getpid());
	assert_true(has_suffix(c.text, want));
}

static void
test_log_newlines_in_value(void **state)
{
	struct capture	 c;

	(void)state;
	log_set_request("abc");
	capture_begin(&c);
	log_info("user=%s end", "evil\nfake line\r\nmore\rx");
	capture_end(&c);
	/* One event, one line: exactly one '\n', at the end; no '\r'. */
	assert_int_equal(count_char(c.text, c.len, '\n'), 1);
	assert_int_equal(c.text[c.len - 1], '\n');
	assert_int_equal(count_char(c.text, c.len, '\r'), 0);
	assert_non_null(strstr(c.text, "req=abc"));
	assert_true(has_suffix(c.text,
	    " info req=abc: user=evil fake line  more x end\n"));
}

static void
test_log_control_chars(void **state)
{
	struct capture	 c;
	size_t		 i;

	(void)state;
	capture_begin(&c);
	log_warn("a\tb\x1b[31mc\x01\x7f%s", "\x1f");
	capture_end(&c);
	for (i = 0; i + 1 < c.len; i++)
		assert_true((unsigned char)c.text[i] >= 0x20);
	assert_true(has_suffix(c.text, " warn req=-: a b [31mc \x7f \n"));
}

static void
test_log_utf8_kept(void **state)
{
	struct capture	 c;

	(void)state;
	capture_begin(&c);
	log_error("naam=%s", "Ren\xc3\xa9" "e \xe2\x82\xac");
	capture_end(&c);
	assert_true(has_suffix(c.text,
	    " error req=-: naam=Ren\xc3\xa9" "e \xe2\x82\xac\n"));
}

static void
test_log_levels(void **state)
{
	struct capture	 c;
	char		*l2, *l3;

	(void)state;
	capture_begin(&c);
	log_info("i");
	log_warn("w");
	log_error("e");
	capture_end(&c);
	assert_int_equal(count_char(c.text, c.len, '\n'), 3);
	l2 = strchr(c.text, '\n') + 1;
	l3 = strchr(l2, '\n') + 1;
	l2[-1] = '\0';
	l3[-1] = '\0';
	assert_true(has_suffix(c.text, " info req=-: i"));
	assert_true(has_suffix(l2, " warn req=-: w"));
	assert_true(has_suffix(l3, " error req=-: e\n"));
}

static void
test_log_debug_silent_by_default(void **state)
{
	struct capture	 c;

	(void)state;
	capture_begin(&c);
	log_debug("not shown %d", 1);
	capture_end(&c);
	assert_int_equal(c.len, 0);
}

static void
test_log_debug_enabled(void **state)
{
	struct capture	 c;

	(void)state;
	log_set_debug(1);
	log_set_request("r1");
	capture_begin(&c);
	log_debug("shown %d", 2);
	capture_end(&c);
	assert_int_equal(count_char(c.text, c.len, '\n'), 1);
	assert_true(has_suffix(c.text, " debug req=r1: shown 2\n"));
	/* And off again. */
	log_set_debug(0);
	capture_begin(&c);
	log_debug("hidden");
	capture_end(&c);
	assert_int_equal(c.len, 0);
}

static void
test_log_request_id(void **state)
{
	struct capture	 c;
	char		 id[100], want[64];

	(void)state;
	capture_begin(&c);
	log_set_request(NULL);
	log_info("a");
	log_set_request("");
	log_info("b");
	log_set_request("0123456789abcdef");
	log_info("c");
	log_set_request(NULL);
	log_info("d");
	capture_end(&c);
	assert_int_equal(count_char(c.text, c.len, '\n'), 4);
	assert_non_null(strstr(c.text, " info req=-: a\n"));
	assert_non_null(strstr(c.text, " info req=-: b\n"));
	assert_non_null(strstr(c.text, " info req=0123456789abcdef: c\n"));
	assert_non_null(strstr(c.text, " info req=-: d\n"));

	/* An over-long id is cut (to 31 characters), not overflowed. */
	memset(id, 'x', sizeof(id) - 1);
	id[sizeof(id) - 1] = '\0';
	log_set_request(id);
	capture_begin(&c);
	log_info("e");
	capture_end(&c);
	snprintf(want, sizeof(want), " req=%.31s: e\n", id);
	assert_true(has_suffix(c.text, want));
}

static void
test_log_long_message(void **state)
{
	struct capture	 c;
	char		*big;

	(void)state;
	big = malloc(5001);
	assert_non_null(big);
	memset(big, 'm', 5000);
	big[5000] = '\0';
	big[100] = '\n';
	capture_begin(&c);
	log_info("%s", big);
	capture_end(&c);
	free(big);
	/* Cut to the line buffer, still one line with its newline. */
	assert_int_equal(count_char(c.text, c.len, '\n'), 1);
	assert_int_equal(c.text[c.len - 1], '\n');
	assert_true(c.len <= 2048);
	assert_true(c.len > 2000);
	assert_int_equal(c.text[c.len - 2], 'm');
}

static void
test_log_empty_message(void **state)
{
	struct capture	 c;

	(void)state;
	capture_begin(&c);
	log_info("%s", "");
	capture_end(&c);
	assert_true(has_suffix(c.text, " info req=-: \n"));
	assert_int_equal(count_char(c.text, c.len, '\n'), 1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_log_line_format, setup),
		cmocka_unit_test_setup(test_log_newlines_in_value, setup),
		cmocka_unit_test_setup(test_log_control_chars, setup),
		cmocka_unit_test_setup(test_log_utf8_kept, setup),
		cmocka_unit_test_setup(test_log_levels, setup),
		cmocka_unit_test_setup(test_log_debug_silent_by_default, setup),
		cmocka_unit_test_setup(test_log_debug_enabled, setup),
		cmocka_unit_test_setup(test_log_request_id, setup),
		cmocka_unit_test_setup(test_log_long_message, setup),
		cmocka_unit_test_setup(test_log_empty_message, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

/*
 * test_returnpath.c - where a log-in returns to (lib/returnpath): only a
 * same-site relative path, never an open redirect.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "returnpath.h"

static void
test_good_paths_pass(void **state)
{
	(void)state;
	assert_string_equal(returnpath_check("/"), "/");
	assert_string_equal(returnpath_check("/verzoeken/abc_DEF-12"),
	    "/verzoeken/abc_DEF-12");
	assert_string_equal(returnpath_check("/delen?gedeeld=1&a=%20b"),
	    "/delen?gedeeld=1&a=%20b");
	assert_string_equal(returnpath_check("/a:b"), "/a:b");
}

static void
test_other_sites_are_refused(void **state)
{
	static const char *const bad[] = {
		"", "evil", "//evil", "//evil/x", "///evil", "/\\evil",
		"\\\\evil", "https://evil", "http://evil", "javascript:x",
		" /x", "/x//evil", "/%2F%2Fevil", "/%2f%2fevil", "/%5Cevil",
		"/a/%2f/b", "/x\\y", "/x y", "/x\ty", "/x\r\nSet-Cookie: a=1",
		"/x\n", "/\x7f", "/caf\xc3\xa9",
	};
	size_t	 i;

	(void)state;
	assert_string_equal(returnpath_check(NULL), "/");
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_string_equal(returnpath_check(bad[i]), "/");
}

static void
test_length_is_bounded(void **state)
{
	char	 s[RETURNPATH_MAX + 2];

	(void)state;
	memset(s, 'a', sizeof(s));
	s[0] = '/';
	s[RETURNPATH_MAX] = '\0';
	assert_ptr_equal(returnpath_check(s), s);
	s[RETURNPATH_MAX] = 'a';
	s[RETURNPATH_MAX + 1] = '\0';
	assert_string_equal(returnpath_check(s), "/");
}

static void
test_link(void **state)
{
	char	 out[64];

	(void)state;
	assert_int_equal(returnpath_link(out, sizeof(out), "/inloggen",
	    "/verzoeken/x?a=1&b=2"), 0);
	assert_string_equal(out, "/inloggen?terug=/verzoeken/x%3Fa%3D1%26b%3D2");
	assert_int_equal(returnpath_link(out, sizeof(out), "/inloggen",
	    "//evil"), 0);
	assert_string_equal(out, "/inloggen");
	assert_int_equal(returnpath_link(out, sizeof(out), "/inloggen", "/"),
	    0);
	assert_string_equal(out, "/inloggen");
	assert_int_equal(returnpath_link(out, 20, "/inloggen",
	    "/verzoeken/abcdefghijkl"), -1);
	assert_string_equal(out, "/inloggen");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_good_paths_pass),
		cmocka_unit_test(test_other_sites_are_refused),
		cmocka_unit_test(test_length_is_bounded),
		cmocka_unit_test(test_link),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

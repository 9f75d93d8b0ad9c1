/*
 * test_useragent.c - a browser and system in a few words
 * (lib/useragent): real User-Agents of common browsers, nothing else kept.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "useragent.h"

static void
check(const char *ua, const char *want)
{
	char	 key[USERAGENT_KEY_MAX + 1];

	useragent_key(ua, key, sizeof(key));
	assert_string_equal(key, want);
}

static void
test_useragent_common_browsers(void **state)
{
	(void)state;
	check("Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:120.0) "
	    "Gecko/20100101 Firefox/120.0", "Firefox/Windows");
	check("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 "
	    "(KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36 "
	    "Edg/120.0.0.0", "Edge/Windows");
	check("Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) "
	    "AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 "
	    "Mobile/15E148 Safari/604.1", "Safari/iPhone");
	check("Mozilla/5.0 (Linux; Android 14; SM-S911B) AppleWebKit/537.36 "
	    "(KHTML, like Gecko) SamsungBrowser/23.0 Chrome/115.0.0.0 Mobile "
	    "Safari/537.36", "Samsung Internet/Android");
	check("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) "
	    "AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 "
	    "Safari/537.36", "Chrome/macOS");
	check("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, "
	    "like Gecko) HeadlessChrome/120.0.0.0 Safari/537.36",
	    "Chrome/Linux");
}

static void
test_useragent_unknown_is_empty(void **state)
{
	const char	*b, *s;

	(void)state;
	check(NULL, "/");
	check("", "/");
	check("curl/8.4.0", "/");
	check("Python-urllib/3.11", "/");
	useragent_parts("Firefox/Windows", &b, &s);
	assert_string_equal(b, "Firefox");
	assert_string_equal(s, "Windows");
	useragent_parts("/", &b, &s);
	assert_string_equal(b, "");
	assert_string_equal(s, "");
	/* Only names the module makes: anything else is "not known". */
	useragent_parts("<b>x/Windows", &b, &s);
	assert_string_equal(b, "");
	assert_string_equal(s, "Windows");
	useragent_parts("Firefox", &b, &s);
	assert_string_equal(b, "");
	useragent_parts(NULL, &b, &s);
	assert_string_equal(s, "");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_useragent_common_browsers),
		cmocka_unit_test(test_useragent_unknown_is_empty),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

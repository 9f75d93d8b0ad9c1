/*
 * test_route.c - path patterns and roles (lib/route).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "route.h"

#define NAME40	"nnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnn"

static int
match(const char *pat, const char *path, struct route_params *rp)
{
	memset(rp, 0x5a, sizeof(*rp));
	return route_match(pat, path, rp);
}

static void
test_route_literal(void **state)
{
	struct route_params	 rp;

	(void)state;
	assert_int_equal(match("/", "/", &rp), 1);
	assert_int_equal(rp.n, 0);
	assert_int_equal(match("/inloggen", "/inloggen", &rp), 1);
	assert_int_equal(rp.n, 0);
	assert_int_equal(match("/gezin/kinderen", "/gezin/kinderen", &rp), 1);
	assert_int_equal(match("/inloggen", "/Inloggen", &rp), 0);
	assert_int_equal(match("/inloggen", "/inlogge", &rp), 0);
	assert_int_equal(match("/inloggen", "/inloggenx", &rp), 0);
	assert_int_equal(match("/inloggen", "", &rp), 0);
	assert_int_equal(match("/", "", &rp), 0);
	assert_int_equal(match("/", "//", &rp), 0);
	assert_int_equal(match("/a", "/b", &rp), 0);
	assert_int_equal(match("", "", &rp), 1);
	assert_int_equal(match("", "/", &rp), 0);
}

static void
test_route_trailing_slash(void **state)
{
	struct route_params	 rp;

	(void)state;
	assert_int_equal(match("/documenten", "/documenten/", &rp), 0);
	assert_int_equal(match("/documenten/", "/documenten", &rp), 0);
	assert_int_equal(match("/documenten/", "/documenten/", &rp), 1);
	assert_int_equal(match("/documenten/{id}", "/documenten/42/", &rp), 0);
	assert_int_equal(match("/documenten/{id}/", "/documenten/42", &rp), 0);
	assert_int_equal(match("/documenten/{id}/", "/documenten/42/", &rp), 1);
	assert_string_equal(route_param(&rp, "id"), "42");
}

static void
test_route_capture(void **state)
{
	struct route_params	 rp;

	(void)state;
	assert_int_equal(match("/documenten/{id}", "/documenten/42", &rp), 1);
	assert_int_equal(rp.n, 1);
	assert_string_equal(rp.name[0], "id");
	assert_string_equal(rp.value[0], "42");
	assert_string_equal(route_param(&rp, "id"), "42");
	assert_null(route_param(&rp, "ID"));
	assert_null(route_param(&rp, "i"));
	assert_null(route_param(&rp, ""));

	/* Every id character. */
	assert_int_equal(match("/d/{id}", "/d/azAZ09-_", &rp), 1);
	assert_string_equal(route_param(&rp, "id"), "azAZ09-_");
	assert_int_equal(match("/d/{id}", "/d/x", &rp), 1);
	assert_string_equal(route_param(&rp, "id"), "x");
}

static void
test_route_two_params(void **state)
{
	struct route_params	 rp;

	(void)state;
	assert_int_equal(match("/gezinnen/{gezin}/kinderen/{kind}",
	    "/gezinnen/7/kinderen/12", &rp), 1);
	assert_int_equal(rp.n, 2);
	assert_string_equal(route_param(&rp, "gezin"), "7");
	assert_string_equal(route_param(&rp, "kind"), "12");
	assert_int_equal(match("/gezinnen/{gezin}/kinderen/{kind}",
	    "/gezinnen/7/kinderen/", &rp), 0);
	assert_int_equal(match("/gezinnen/{gezin}/kinderen/{kind}",
	    "/gezinnen/7/ouders/12", &rp), 0);
	assert_int_equal(match("/gezinnen/{gezin}/kinderen/{kind}",
	    "/gezinnen//kinderen/12", &rp), 0);
}

static void
test_route_max_params(void **state)
{
	struct route_params	 rp;

	(void)state;
	assert_int_equal(match("/{a}/{b}/{c}/{d}", "/1/2/3/4", &rp), 1);
	assert_int_equal(rp.n, 4);
	assert_string_equal(route_param(&rp, "a"), "1");
	assert_string_equal(route_param(&rp, "d"), "4");
	/* A fifth placeholder is more than the struct holds. */
	assert_int_equal(match("/{a}/{b}/{c}/{d}/{e}", "/1/2/3/4/5", &rp), 0);
}

static void
test_route_suffix(void **state)
{
	struct route_params	 rp;

	(void)state;
	assert_int_equal(match("/afspraken/{id}.ics", "/afspraken/17.ics", &rp),
	    1);
	assert_int_equal(rp.n, 1);
	assert_string_equal(route_param(&rp, "id"), "17");
	assert_int_equal(match("/afspraken/{id}.ics", "/afspraken/17", &rp), 0);
	assert_int_equal(match("/afspraken/{id}.ics", "/afspraken/17.ic", &rp),
	    0);
	assert_int_equal(match("/afspraken/{id}.ics", "/afspraken/17.icsx",
	    &rp), 0);
	assert_int_equal(match("/afspraken/{id}.ics", "/afspraken/17.ics.ics",
	    &rp), 0);
	assert_int_equal(match("/afspraken/{id}.ics", "/afspraken/.ics", &rp),
	    0);
	assert_int_equal(match("/afspraken/{id}.ics", "/afspraken/17.ICS", &rp),
	    0);
	assert_int_equal(match("/afspraken/{id}.ics", "/afspraken/17.ics/",
	    &rp), 0);
	/* Without a suffix in the pattern, "17.ics" is not an id. */
	assert_int_equal(match("/afspraken/{id}", "/afspraken/17.ics", &rp), 0);
}

static void
test_route_no_slash_or_dot_in_placeholder(void **state)
{
	struct route_params	 rp;

	(void)state;
	assert_int_equal(match("/documenten/{id}", "/documenten/4/2", &rp), 0);
	assert_int_equal(match("/documenten/{id}", "/documenten/4.2", &rp), 0);
	assert_int_equal(match("/documenten/{id}", "/documenten/..", &rp), 0);
	assert_int_equal(match("/documenten/{id}", "/documenten/a b", &rp), 0);
	assert_int_equal(match("/documenten/{id}", "/documenten/a%2F", &rp), 0);
	assert_int_equal(match("/documenten/{id}", "/documenten/a?b", &rp), 0);
	assert_int_equal(match("/documenten/{id}", "/documenten/caf\xc3\xa9",
	    &rp), 0);
	assert_int_equal(match("/documenten/{id}/x", "/documenten/a/b/x", &rp),
	    0);
	assert_int_equal(match("/documenten/{id}", "/documenten/a\tb", &rp), 0);
}

static void
test_route_empty_placeholder(void **state)
{
	struct route_params	 rp;

	(void)state;
	assert_int_equal(match("/documenten/{id}", "/documenten/", &rp), 0);
	assert_int_equal(match("/documenten/{id}", "/documenten", &rp), 0);
	assert_int_equal(match("/afspraken/{id}.ics", "/afspraken/.ics", &rp),
	    0);
	assert_int_equal(match("/{a}/{b}", "//x", &rp), 0);
	assert_int_equal(match("/{a}/{b}", "/x/", &rp), 0);
}

static void
test_route_value_length(void **state)
{
	struct route_params	 rp;
	char			 path[128], want[ROUTE_MAXVALUE + 2];

	(void)state;
	/* 64 characters: the most a value may have. */
	memset(want, 'a', ROUTE_MAXVALUE);
	want[ROUTE_MAXVALUE] = '\0';
	snprintf(path, sizeof(path), "/d/%s", want);
	assert_int_equal(match("/d/{id}", path, &rp), 1);
	assert_string_equal(route_param(&rp, "id"), want);
	assert_int_equal(strlen(route_param(&rp, "id")), 64);
	snprintf(path, sizeof(path), "/d/%s.ics", want);
	assert_int_equal(match("/d/{id}.ics", path, &rp), 1);
	assert_string_equal(route_param(&rp, "id"), want);

	/* 65 characters fails rather than being cut. */
	want[ROUTE_MAXVALUE] = 'b';
	want[ROUTE_MAXVALUE + 1] = '\0';
	snprintf(path, sizeof(path), "/d/%s", want);
	assert_int_equal(match("/d/{id}", path, &rp), 0);
	snprintf(path, sizeof(path), "/d/%s.ics", want);
	assert_int_equal(match("/d/{id}.ics", path, &rp), 0);
}

static void
test_route_bad_patterns(void **state)
{
	struct route_params	 rp;
	char			 pat[64];

	(void)state;
	assert_int_equal(match("/d/{id", "/d/1", &rp), 0);	/* no '}' */
	assert_int_equal(match("/d/{}", "/d/1", &rp), 0);	/* no name */
	/* Names up to 31 characters fit in the struct; 32 do not. */
	snprintf(pat, sizeof(pat), "/d/{%.31s}", NAME40);
	assert_int_equal(match(pat, "/d/1", &rp), 1);
	assert_int_equal(strlen(rp.name[0]), 31);
	assert_string_equal(rp.value[0], "1");
	snprintf(pat, sizeof(pat), "/d/{%.32s}", NAME40);
	assert_int_equal(match(pat, "/d/1", &rp), 0);
}

static void
test_route_param_after_reuse(void **state)
{
	struct route_params	 rp;

	(void)state;
	assert_int_equal(match("/a/{x}/{y}", "/a/1/2", &rp), 1);
	assert_int_equal(route_match("/b", "/b", &rp), 1);
	/* A new match does not leave the old parameters visible. */
	assert_int_equal(rp.n, 0);
	assert_null(route_param(&rp, "x"));
	assert_null(route_param(&rp, "y"));
}

static void
test_route_role_of_kind(void **state)
{
	(void)state;
	assert_int_equal(role_of_kind("citizen"), ROLE_CITIZEN);
	assert_int_equal(role_of_kind("professional"), ROLE_PROFESSIONAL);
	assert_int_equal(role_of_kind("clerk"), ROLE_CLERK);
	assert_int_equal(role_of_kind(NULL), ROLE_PUBLIC);
	assert_int_equal(role_of_kind(""), ROLE_PUBLIC);
	assert_int_equal(role_of_kind("Citizen"), ROLE_PUBLIC);
	assert_int_equal(role_of_kind("CLERK"), ROLE_PUBLIC);
	assert_int_equal(role_of_kind("citizen "), ROLE_PUBLIC);
	assert_int_equal(role_of_kind("clerks"), ROLE_PUBLIC);
	assert_int_equal(role_of_kind("admin"), ROLE_PUBLIC);
	assert_int_equal(role_of_kind("user"), ROLE_PUBLIC);
	assert_int_equal(role_of_kind("public"), ROLE_PUBLIC);
}

static void
test_route_role_allows_matrix(void **state)
{
	static const enum role roles[] = { ROLE_PUBLIC, ROLE_USER,
	    ROLE_CITIZEN, ROLE_PROFESSIONAL, ROLE_CLERK };
	/* want[need][have] */
	static const int want[5][5] = {
		/* have: PUBLIC USER CITIZEN PROF CLERK */
		/* PUBLIC */	{ 1, 1, 1, 1, 1 },
		/* USER */	{ 0, 1, 1, 1, 1 },
		/* CITIZEN */	{ 0, 0, 1, 0, 0 },
		/* PROF */	{ 0, 0, 0, 1, 0 },
		/* CLERK */	{ 0, 0, 0, 0, 1 },
	};
	size_t	 i, j;

	(void)state;
	for (i = 0; i < 5; i++)
		for (j = 0; j < 5; j++) {
			if (role_allows(roles[i], roles[j]) != want[i][j])
				fail_msg("role_allows(need %zu, have %zu) is "
				    "%d, want %d", i, j,
				    role_allows(roles[i], roles[j]),
				    want[i][j]);
		}
}

static void
test_route_role_allows_kinds(void **state)
{
	(void)state;
	/* Through role_of_kind, as the dispatcher uses it. */
	assert_int_equal(role_allows(ROLE_USER, role_of_kind(NULL)), 0);
	assert_int_equal(role_allows(ROLE_USER, role_of_kind("bogus")), 0);
	assert_int_equal(role_allows(ROLE_USER, role_of_kind("clerk")), 1);
	assert_int_equal(role_allows(ROLE_CLERK, role_of_kind("citizen")), 0);
	assert_int_equal(role_allows(ROLE_CITIZEN, role_of_kind("clerk")), 0);
	assert_int_equal(role_allows(ROLE_PUBLIC, role_of_kind(NULL)), 1);
	/* A need outside the enum is refused. */
	assert_int_equal(role_allows((enum role)99, ROLE_CLERK), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_route_literal),
		cmocka_unit_test(test_route_trailing_slash),
		cmocka_unit_test(test_route_capture),
		cmocka_unit_test(test_route_two_params),
		cmocka_unit_test(test_route_max_params),
		cmocka_unit_test(test_route_suffix),
		cmocka_unit_test(test_route_no_slash_or_dot_in_placeholder),
		cmocka_unit_test(test_route_empty_placeholder),
		cmocka_unit_test(test_route_value_length),
		cmocka_unit_test(test_route_bad_patterns),
		cmocka_unit_test(test_route_param_after_reuse),
		cmocka_unit_test(test_route_role_of_kind),
		cmocka_unit_test(test_route_role_allows_matrix),
		cmocka_unit_test(test_route_role_allows_kinds),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

/*
 * test_policy_offer.c - what is offered to whom (lib/policy_offer.c):
 * the organisations a member may share with (UX review S7, K3), and who
 * may open appointment times (E3). Denials as carefully as the offers.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "policy.h"

static struct pol_actor
actor(enum pol_actor_kind kind, int assisted)
{
	struct pol_actor	 a;

	memset(&a, 0, sizeof(a));
	a.kind = kind;
	a.person_id = 7;
	a.member = kind == POL_CITIZEN || assisted;
	a.age = 38;
	a.assisted_session = assisted;
	return a;
}

/* Sanne's list for the De Vries family: GGZ Rivierenland and
 * Jeugdbescherming Regio (nobody of theirs works with the family), not
 * Wijkteam Centrum (Fatima works with it) and not Gemeente Balie (only
 * clerks). */
static void
test_share_receiver(void **state)
{
	static const struct {
		const char	*what;
		enum pol_actor_kind kind;
		int		 assisted, has_pros, assigned, offered;
	} t[] = {
		{ "member, GGZ", POL_CITIZEN, 0, 1, 0, 1 },
		{ "member, Jeugdbescherming (other family)", POL_CITIZEN, 0,
		    1, 0, 1 },
		{ "member, own Wijkteam", POL_CITIZEN, 0, 1, 1, 0 },
		{ "member, Gemeente Balie", POL_CITIZEN, 0, 0, 0, 0 },
		{ "member, nobody and assigned", POL_CITIZEN, 0, 0, 1, 0 },
		{ "clerk for Sanne, GGZ", POL_CLERK, 1, 1, 0, 1 },
		{ "clerk for Sanne, own Wijkteam", POL_CLERK, 1, 1, 1, 0 },
		{ "clerk for Sanne, Gemeente Balie", POL_CLERK, 1, 0, 0, 0 },
		{ "clerk without a session, GGZ", POL_CLERK, 0, 1, 0, 0 },
		{ "professional, GGZ", POL_PROFESSIONAL, 0, 1, 0, 0 },
		{ "nobody logged in, GGZ", POL_ANONYMOUS, 0, 1, 0, 0 },
	};
	struct pol_actor	 a;
	size_t			 i;

	(void)state;
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		a = actor(t[i].kind, t[i].assisted);
		if (policy_share_receiver(&a, t[i].has_pros, t[i].assigned) !=
		    t[i].offered)
			fail_msg("%s: offered should be %d", t[i].what,
			    t[i].offered);
	}
	assert_int_equal(policy_share_receiver(NULL, 1, 0), 0);
}

/* Fatima (one family) opens times; Ellen (GGZ, no family) and a
 * professional whose assignment ended do not; nor does anyone else. */
static void
test_slot_open(void **state)
{
	static const struct {
		const char	*what;
		enum pol_actor_kind kind;
		int		 assisted;
		long		 families;
		int		 may;
	} t[] = {
		{ "Fatima, one family", POL_PROFESSIONAL, 0, 1, 1 },
		{ "a professional of three families", POL_PROFESSIONAL, 0, 3,
		    1 },
		{ "Ellen, no family", POL_PROFESSIONAL, 0, 0, 0 },
		{ "a count that went wrong", POL_PROFESSIONAL, 0, -1, 0 },
		{ "Sanne", POL_CITIZEN, 0, 1, 0 },
		{ "Kees for Sanne", POL_CLERK, 1, 1, 0 },
		{ "Kees", POL_CLERK, 0, 1, 0 },
		{ "nobody logged in", POL_ANONYMOUS, 0, 1, 0 },
	};
	struct pol_actor	 a;
	size_t			 i;

	(void)state;
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		a = actor(t[i].kind, t[i].assisted);
		if (policy_slot_open(&a, t[i].families) != t[i].may)
			fail_msg("%s: may should be %d", t[i].what, t[i].may);
	}
	assert_int_equal(policy_slot_open(NULL, 1), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_share_receiver),
		cmocka_unit_test(test_slot_open),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

/*
 * test_policy_own.c - a member's own document (lib/policy rule 8, issue
 * 18 part 2): every demo actor x every kind of own document, read, and
 * the other actions where they differ from a professional's document.
 *
 * The world is CONTRACT.md's De Vries family on a day where Lotte is 16
 * and Daan 13, with the demo shields (Sanne, Lotte, Daan and Mees are
 * shielded from Mark). The expected answers are written out by hand from
 * policy.h, not computed.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "policy.h"

#define P_SANNE		1L
#define P_MARK		2L
#define P_LOTTE		3L
#define P_DAAN		4L
#define P_MEES		5L
#define P_ANS		6L
#define P_EMRE		8L
#define P_FATIMA	20L
#define P_ELLEN		22L
#define P_KEES		23L

struct who {
	long	 id;
	int	 age;
};

static const struct who people[] = {
	{ P_SANNE, 38 }, { P_MARK, 41 }, { P_LOTTE, 16 }, { P_DAAN, 13 },
	{ P_MEES, 9 }, { P_ANS, 72 }, { P_EMRE, 45 },
};

/* The demo shields: A (person) is shielded from B (from). */
static const struct pol_shield shields[] = {
	{ P_SANNE, P_MARK }, { P_LOTTE, P_MARK }, { P_DAAN, P_MARK },
	{ P_MEES, P_MARK },
};

enum actor {
	A_SANNE, A_MARK, A_LOTTE, A_DAAN, A_ANS, A_EMRE, A_FATIMA,
	A_ELLEN, A_KEES, A_KEES_SANNE, A_KEES_MARK, A__MAX
};

struct actor_fx {
	const char		*name;
	enum pol_actor_kind	 kind;
	long			 id;
	int			 member, session;
	long			 authority[3];	/* children under 18 */
	int			 shared_with_org; /* Ellen: the docs marked */
};

#define KIDS	{ P_LOTTE, P_DAAN, P_MEES }

static const struct actor_fx actors[A__MAX] = {
	[A_SANNE] = { "Sanne", POL_CITIZEN, P_SANNE, 1, 0, KIDS, 0 },
	[A_MARK] = { "Mark", POL_CITIZEN, P_MARK, 1, 0, KIDS, 0 },
	[A_LOTTE] = { "Lotte", POL_CITIZEN, P_LOTTE, 1, 0, { 0 }, 0 },
	[A_DAAN] = { "Daan", POL_CITIZEN, P_DAAN, 1, 0, { 0 }, 0 },
	[A_ANS] = { "Ans", POL_CITIZEN, P_ANS, 1, 0, { 0 }, 0 },
	[A_EMRE] = { "Emre", POL_CITIZEN, P_EMRE, 0, 0, { 0 }, 0 },
	[A_FATIMA] = { "Fatima", POL_PROFESSIONAL, P_FATIMA, 0, 0, { 0 }, 0 },
	[A_ELLEN] = { "Ellen", POL_PROFESSIONAL, P_ELLEN, 0, 0, { 0 }, 1 },
	[A_KEES] = { "Kees", POL_CLERK, P_KEES, 0, 0, { 0 }, 0 },
	[A_KEES_SANNE] = { "Kees voor Sanne", POL_CLERK, P_SANNE, 1, 1, KIDS,
	    0 },
	[A_KEES_MARK] = { "Kees voor Mark", POL_CLERK, P_MARK, 1, 1, KIDS, 0 },
};

enum doc {
	D_SANNE_PROS,		/* Sanne, about Sanne, her professionals */
	D_SANNE_FAMILY,		/* Sanne, about Sanne, the family; shared
				 * with Ellen's organisation */
	D_SANNE_DAAN,		/* Sanne, about Daan (13), the family */
	D_SANNE_LOTTE_NAMED,	/* Sanne, about Sanne, named: Lotte */
	D_LOTTE_FAMILY,		/* Lotte (16), about Lotte, the family */
	D_LOTTE_NAMED,		/* Lotte, about Lotte, named: Sanne, Mark */
	D_DAAN_PROS,		/* Daan (13), about Daan, professionals */
	D_DAAN_FAMILY,		/* Daan, about Daan, the family */
	D_MARK_FAMILY,		/* Mark, about Mark, the family */
	D_MARK_DAAN_LOTTE,	/* Mark, about Daan, named: Lotte */
	D_REMOVED,		/* Sanne, the family, removed */
	D__MAX
};

struct doc_fx {
	const char		*name;
	long			 author;
	long			 about[2];
	size_t			 nabout;
	enum pol_own_readers	 readers;
	long			 named[2];
	size_t			 nnamed;
	int			 shared_with_ellen;
	int			 removed;
};

static const struct doc_fx docs[D__MAX] = {
	[D_SANNE_PROS] = { "Sanne voor hulpverleners", P_SANNE, { P_SANNE },
	    1, POL_OWN_PROFESSIONALS, { 0 }, 0, 0, 0 },
	[D_SANNE_FAMILY] = { "Sanne voor gezin", P_SANNE, { P_SANNE }, 1,
	    POL_OWN_FAMILY, { 0 }, 0, 1, 0 },
	[D_SANNE_DAAN] = { "Sanne over Daan", P_SANNE, { P_DAAN }, 1,
	    POL_OWN_FAMILY, { 0 }, 0, 0, 0 },
	[D_SANNE_LOTTE_NAMED] = { "Sanne voor Lotte", P_SANNE, { P_SANNE }, 1,
	    POL_OWN_NAMED, { P_LOTTE }, 1, 0, 0 },
	[D_LOTTE_FAMILY] = { "Lotte voor gezin", P_LOTTE, { P_LOTTE }, 1,
	    POL_OWN_FAMILY, { 0 }, 0, 0, 0 },
	[D_LOTTE_NAMED] = { "Lotte voor Sanne en Mark", P_LOTTE, { P_LOTTE },
	    1, POL_OWN_NAMED, { P_SANNE, P_MARK }, 2, 0, 0 },
	[D_DAAN_PROS] = { "Daan voor hulpverleners", P_DAAN, { P_DAAN }, 1,
	    POL_OWN_PROFESSIONALS, { 0 }, 0, 0, 0 },
	[D_DAAN_FAMILY] = { "Daan voor gezin", P_DAAN, { P_DAAN }, 1,
	    POL_OWN_FAMILY, { 0 }, 0, 0, 0 },
	[D_MARK_FAMILY] = { "Mark voor gezin", P_MARK, { P_MARK }, 1,
	    POL_OWN_FAMILY, { 0 }, 0, 0, 0 },
	[D_MARK_DAAN_LOTTE] = { "Mark over Daan voor Lotte", P_MARK,
	    { P_DAAN }, 1, POL_OWN_NAMED, { P_LOTTE }, 1, 0, 0 },
	[D_REMOVED] = { "verwijderd", P_SANNE, { P_SANNE }, 1, POL_OWN_FAMILY,
	    { 0 }, 0, 1, 1 },
};

struct world {
	struct pol_actor	 a;
	struct pol_document	 d;
	struct pol_subject	 s[2];
};

static int
age_of(long id)
{
	size_t	 i;

	for (i = 0; i < sizeof(people) / sizeof(people[0]); i++)
		if (people[i].id == id)
			return people[i].age;
	return -1;
}

static int
shielded(long a, long from)
{
	size_t	 i;

	for (i = 0; i < sizeof(shields) / sizeof(shields[0]); i++)
		if (shields[i].person_id == a && shields[i].from_person_id ==
		    from)
			return 1;
	return 0;
}

/* The facts a handler would load for actor x document. */
static void
load(struct world *w, enum actor ai, enum doc di)
{
	const struct actor_fx	*af = &actors[ai];
	const struct doc_fx	*df = &docs[di];
	size_t			 i, k;

	memset(w, 0, sizeof(*w));
	w->a.kind = af->kind;
	w->a.person_id = af->id;
	w->a.member = af->member;
	w->a.age = af->kind == POL_PROFESSIONAL ||
	    (af->kind == POL_CLERK && !af->session) ? 0 : age_of(af->id);
	w->a.assigned = ai == A_FATIMA;
	w->a.org_share_valid = af->shared_with_org && df->shared_with_ellen;
	w->a.assisted_session = af->session;
	for (i = 0; i < df->nabout; i++) {
		w->s[i].person_id = df->about[i];
		w->s[i].age = age_of(df->about[i]);
		for (k = 0; k < 3; k++)
			if (af->authority[k] == df->about[i] &&
			    w->s[i].age < 18)
				w->s[i].actor_has_authority = 1;
	}
	w->d.subjects = w->s;
	w->d.nsubjects = df->nabout;
	w->d.own_author = df->author;
	w->d.own_readers = df->readers;
	w->d.own_named = df->named;
	w->d.nown_named = df->nnamed;
	w->d.author_shielded_from_actor = shielded(df->author, af->id);
	w->d.removed = df->removed;
}

/* Who reads which document (POL_READ), by hand: Y allowed, H hidden
 * (author shielded from the reader), C not chosen by the author, O about
 * others (the age rules), V not visible (not a member, not assigned or
 * shared, removed), S a clerk without a session. Columns in enum actor
 * order: Sanne Mark Lotte Daan Ans Emre Fatima Ellen Kees Kees-Sanne
 * Kees-Mark. */
static const char *const reads[D__MAX] = {
	[D_SANNE_PROS] =	"YHCCCVYVSYH",
	[D_SANNE_FAMILY] =	"YHYYYVYYSYH",
	[D_SANNE_DAAN] =	"YHOYOVYVSYH",
	[D_SANNE_LOTTE_NAMED] =	"YHYCCVYVSYH",
	[D_LOTTE_FAMILY] =	"YHYYYVYVSYH",
	[D_LOTTE_NAMED] =	"YHYCCVYVSYH",
	[D_DAAN_PROS] =		"CHCYCVYVSCH",
	[D_DAAN_FAMILY] =	"YHYYYVYVSYH",
	[D_MARK_FAMILY] =	"YYYYYVYVSYY",
	[D_MARK_DAAN_LOTTE] =	"CYOCCVYVSCY",
	[D_REMOVED] =		"VVVVVVVVVVV",
};

static enum pol_reason
reason_of(char c)
{
	switch (c) {
	case 'H':
		return POL_HIDDEN;
	case 'C':
		return POL_OWN_NOT_CHOSEN;
	case 'O':
		return POL_ABOUT_OTHERS;
	case 'S':
		return POL_CLERK_NO_SESSION;
	default:
		break;
	}
	return POL_NOT_VISIBLE;
}

static void
test_policy_own_read_table(void **state)
{
	struct world		 w;
	struct pol_decision	 dec;
	int			 di, ai;
	char			 c;

	(void)state;
	for (di = 0; di < D__MAX; di++) {
		assert_int_equal(strlen(reads[di]), A__MAX);
		for (ai = 0; ai < A__MAX; ai++) {
			load(&w, ai, di);
			c = reads[di][ai];
			dec = policy_decide(&w.a, &w.d, POL_READ);
			if (dec.allow != (c == 'Y') ||
			    (c != 'Y' && dec.reason != reason_of(c)))
				fail_msg("%s reads %s: got allow %d reason %d, "
				    "expected %c", actors[ai].name,
				    docs[di].name, dec.allow, dec.reason, c);
			/* every "may not read" is a 404 (not shown to
			 * exist), except the clerk outside a session */
			if (c != 'Y' && c != 'S')
				assert_true(dec.not_found);
			/* reading and downloading go together */
			assert_int_equal(policy_decide(&w.a, &w.d,
			    POL_DOWNLOAD).allow, dec.allow);
			assert_int_equal(policy_decide(&w.a, &w.d,
			    POL_READ_COMMENTS).allow, dec.allow &&
			    ai != A_ELLEN);
		}
	}
}

/* Nobody gives an opinion on an own document, not even its author. */
static void
test_policy_own_no_consent(void **state)
{
	struct world		 w;
	struct pol_decision	 dec;
	int			 di, ai;

	(void)state;
	for (di = 0; di < D__MAX; di++)
		for (ai = 0; ai < A__MAX; ai++) {
			load(&w, ai, di);
			dec = policy_decide(&w.a, &w.d, POL_CONSENT);
			assert_false(dec.allow);
			if (reads[di][ai] == 'Y' && ai != A_FATIMA &&
			    ai != A_ELLEN)
				assert_int_equal(dec.reason, POL_OWN_DOCUMENT);
		}
	load(&w, A_LOTTE, D_SANNE_FAMILY);
	dec = policy_decide(&w.a, &w.d, POL_CONSENT);
	assert_false(dec.not_found);		/* a 403 with a reason */
	assert_string_equal(dec.rule, "own.document");
}

/* A professional never writes a new version of it (403, it is visible);
 * the assigned one reads and comments. */
static void
test_policy_own_professional(void **state)
{
	struct world		 w;
	struct pol_decision	 dec;
	struct pol_document	 plain;

	(void)state;
	load(&w, A_FATIMA, D_SANNE_PROS);
	dec = policy_decide(&w.a, &w.d, POL_ADD_DOCUMENT);
	assert_false(dec.allow);
	assert_false(dec.not_found);
	assert_int_equal(dec.reason, POL_OWN_DOCUMENT);
	assert_true(policy_decide(&w.a, &w.d, POL_COMMENT).allow);
	assert_false(policy_own_editable(&w.a, &w.d));
	/* a professional's own document: still theirs to change */
	memset(&plain, 0, sizeof(plain));
	plain.subjects = w.s;
	plain.nsubjects = 1;
	assert_true(policy_decide(&w.a, &plain, POL_ADD_DOCUMENT).allow);
	/* the organisation it is shared with: read only */
	load(&w, A_ELLEN, D_SANNE_FAMILY);
	assert_true(policy_decide(&w.a, &w.d, POL_READ).allow);
	assert_int_equal(policy_decide(&w.a, &w.d, POL_COMMENT).reason,
	    POL_SHARE_READ_ONLY);
	assert_false(policy_own_editable(&w.a, &w.d));
	/* removed: not even the assigned professional */
	load(&w, A_FATIMA, D_REMOVED);
	assert_true(policy_decide(&w.a, &w.d, POL_READ).not_found);
}

/* Who may change or remove it: its author only (also at the counter). */
static void
test_policy_own_editable(void **state)
{
	struct world	 w;
	int		 di, ai, want;

	(void)state;
	for (di = 0; di < D__MAX; di++)
		for (ai = 0; ai < A__MAX; ai++) {
			load(&w, ai, di);
			want = !docs[di].removed && w.a.person_id ==
			    docs[di].author && (actors[ai].kind == POL_CITIZEN ||
			    actors[ai].session);
			if (policy_own_editable(&w.a, &w.d) != want)
				fail_msg("%s edits %s: expected %d",
				    actors[ai].name, docs[di].name, want);
			/* every earlier version: the same people */
			if (policy_versions_all(&w.a, &w.d) != want)
				fail_msg("%s all versions of %s: expected %d",
				    actors[ai].name, docs[di].name, want);
		}
	/* a professional's document is nobody's "own" */
	load(&w, A_SANNE, D_SANNE_PROS);
	w.d.own_author = 0;
	w.d.own_readers = POL_OWN_NONE;
	assert_false(policy_own_editable(&w.a, &w.d));
	/* the author left the family: no longer */
	load(&w, A_SANNE, D_SANNE_PROS);
	w.a.member = 0;
	assert_false(policy_own_editable(&w.a, &w.d));
}

/* Who reads every earlier version (policy_versions_all): of an own
 * document its author only (the table in test_policy_own_editable); of a
 * professional's document the assigned professional only; a member, the
 * shared-with organisation and a professional not assigned read the
 * versions they opened (versions.c). */
static void
test_policy_versions_all(void **state)
{
	struct world	 w;

	(void)state;
	/* a professional's document: the assigned professional, nobody else */
	load(&w, A_FATIMA, D_SANNE_PROS);
	w.d.own_author = 0;
	w.d.own_readers = POL_OWN_NONE;
	assert_true(policy_versions_all(&w.a, &w.d));
	w.a.assigned = 0;
	assert_false(policy_versions_all(&w.a, &w.d));
	load(&w, A_ELLEN, D_SANNE_FAMILY);
	w.d.own_author = 0;
	w.d.own_readers = POL_OWN_NONE;
	assert_false(policy_versions_all(&w.a, &w.d));
	load(&w, A_SANNE, D_SANNE_PROS);
	w.d.own_author = 0;
	w.d.own_readers = POL_OWN_NONE;
	assert_false(policy_versions_all(&w.a, &w.d));
	assert_false(policy_versions_all(NULL, &w.d));
}

/* The rule names the audit log keeps. */
static void
test_policy_own_rules(void **state)
{
	struct world	 w;

	(void)state;
	load(&w, A_SANNE, D_SANNE_PROS);
	assert_string_equal(policy_decide(&w.a, &w.d, POL_READ).rule,
	    POL_RULE_OWN_AUTHOR);
	load(&w, A_KEES_SANNE, D_SANNE_PROS);
	assert_string_equal(policy_decide(&w.a, &w.d, POL_READ).rule,
	    POL_RULE_OWN_AUTHOR);
	load(&w, A_LOTTE, D_SANNE_FAMILY);
	assert_string_equal(policy_decide(&w.a, &w.d, POL_READ).rule,
	    POL_RULE_OWN_CHOSEN);
	load(&w, A_DAAN, D_SANNE_DAAN);
	assert_string_equal(policy_decide(&w.a, &w.d, POL_READ).rule,
	    POL_RULE_MEMBER_SELF);
	/* Daan's choice lets his mother read it, not her authority: his
	 * own for his professionals she does not read (the table) */
	load(&w, A_SANNE, D_DAAN_FAMILY);
	assert_string_equal(policy_decide(&w.a, &w.d, POL_READ).rule,
	    POL_RULE_OWN_CHOSEN);
	load(&w, A_MARK, D_MARK_DAAN_LOTTE);	/* his own, about Daan */
	assert_string_equal(policy_decide(&w.a, &w.d, POL_READ).rule,
	    POL_RULE_OWN_AUTHOR);
	load(&w, A_MARK, D_SANNE_FAMILY);
	assert_string_equal(policy_decide(&w.a, &w.d, POL_READ).rule,
	    "member.hidden");
	load(&w, A_LOTTE, D_SANNE_PROS);
	assert_string_equal(policy_decide(&w.a, &w.d, POL_READ).rule,
	    "own.not_chosen");
}

/* Sharing with an organisation: the age rules as for any document, and
 * never asked of a member the author did not choose. */
static void
test_policy_own_share(void **state)
{
	struct world	 w;
	int		 agreed[2] = { 0, 0 };

	(void)state;
	load(&w, A_SANNE, D_SANNE_PROS);
	assert_true(policy_decide(&w.a, &w.d, POL_SHARE).allow);
	load(&w, A_LOTTE, D_SANNE_FAMILY);
	assert_int_equal(policy_decide(&w.a, &w.d, POL_SHARE).reason,
	    POL_NOT_ABOUT_YOU);
	load(&w, A_SANNE, D_SANNE_DAAN);	/* a parent of Daan (13) */
	assert_true(policy_decide(&w.a, &w.d, POL_SHARE).allow);
	load(&w, A_DAAN, D_DAAN_FAMILY);
	assert_true(policy_decide(&w.a, &w.d, POL_SHARE).allow);
	/* Daan's own for his professionals: his parents are not asked */
	load(&w, A_DAAN, D_DAAN_PROS);
	assert_true(policy_share_asks(&w.d, agreed, P_DAAN));
	load(&w, A_SANNE, D_DAAN_PROS);
	assert_false(policy_share_asks(&w.d, agreed, P_SANNE));
	load(&w, A_SANNE, D_DAAN_FAMILY);
	assert_true(policy_share_asks(&w.d, agreed, P_SANNE));
	load(&w, A_SANNE, D_REMOVED);
	assert_false(policy_share_asks(&w.d, agreed, P_SANNE));
}

/* Whom an own document may be about: oneself, or a child under 16 one
 * has parental authority over. */
static void
test_policy_own_subject(void **state)
{
	struct world		 w;
	struct pol_subject	 s;

	(void)state;
	load(&w, A_SANNE, D_SANNE_PROS);
	memset(&s, 0, sizeof(s));
	s.person_id = P_SANNE;
	s.age = 38;
	assert_true(policy_own_subject(&w.a, &s));
	s.person_id = P_DAAN;
	s.age = 13;
	s.actor_has_authority = 1;
	assert_true(policy_own_subject(&w.a, &s));
	s.person_id = P_LOTTE;		/* 16: she decides herself */
	s.age = 16;
	assert_false(policy_own_subject(&w.a, &s));
	s.person_id = P_MARK;		/* another adult */
	s.age = 41;
	s.actor_has_authority = 0;
	assert_false(policy_own_subject(&w.a, &s));
	s.person_id = P_DAAN;		/* no authority (Ans) */
	s.age = 13;
	load(&w, A_ANS, D_SANNE_PROS);
	assert_false(policy_own_subject(&w.a, &s));
	load(&w, A_DAAN, D_DAAN_PROS);
	assert_true(policy_own_subject(&w.a, &s));
	w.a.age = 11;			/* no account under 12 */
	assert_false(policy_own_subject(&w.a, &s));
	load(&w, A_KEES, D_SANNE_PROS);
	s.person_id = P_KEES;
	assert_false(policy_own_subject(&w.a, &s));
	load(&w, A_KEES_SANNE, D_SANNE_PROS);
	s.person_id = P_SANNE;
	s.age = 38;
	assert_true(policy_own_subject(&w.a, &s));
	load(&w, A_FATIMA, D_SANNE_PROS);
	s.person_id = P_FATIMA;
	assert_false(policy_own_subject(&w.a, &s));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_policy_own_read_table),
		cmocka_unit_test(test_policy_own_no_consent),
		cmocka_unit_test(test_policy_own_professional),
		cmocka_unit_test(test_policy_own_editable),
		cmocka_unit_test(test_policy_versions_all),
		cmocka_unit_test(test_policy_own_rules),
		cmocka_unit_test(test_policy_own_share),
		cmocka_unit_test(test_policy_own_subject),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

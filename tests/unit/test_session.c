/*
 * test_session.c - session tokens and cookie names, and sessions when
 * PostgreSQL is unreachable (lib/session).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "db.h"
#include "session.h"

#define UNREACHABLE	"host=/nonexistent-dir port=1 connect_timeout=1"
#define TOK		"0123456789abcdef0123456789abcdef" \
			"0123456789abcdef0123456789abcdef"

struct fixture {
	struct arena	*arena;
	struct db	*db;
};

static int
setup(void **state)
{
	static struct fixture	 f;

	if ((f.arena = arena_new(0)) == NULL)
		return -1;
	if ((f.db = db_new(UNREACHABLE)) == NULL) {
		arena_free(f.arena);
		return -1;
	}
	*state = &f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture	*f = *state;

	db_free(f->db);
	arena_free(f->arena);
	return 0;
}

static void
assert_session_empty(const struct session *s)
{
	size_t	 i;

	assert_int_equal(s->valid, 0);
	assert_int_equal(s->person_id, 0);
	assert_null(s->person_id_s);
	assert_null(s->kind);
	assert_null(s->given_name);
	assert_null(s->family_name);
	assert_null(s->language);
	for (i = 0; i < sizeof(s->token); i++)
		assert_int_equal(s->token[i], '\0');
}

static void
test_session_cookie_name(void **state)
{
	(void)state;
	assert_string_equal(session_cookie_name(1), "__Host-gp_session");
	assert_string_equal(session_cookie_name(0), "gp_session");
	assert_string_equal(session_cookie_name(2), "__Host-gp_session");
}

static void
test_session_token_wellformed_ok(void **state)
{
	char	 t[SESSION_TOKEN_LEN + 1];

	(void)state;
	assert_int_equal(session_token_wellformed(TOK), 1);
	memset(t, '0', SESSION_TOKEN_LEN);
	t[SESSION_TOKEN_LEN] = '\0';
	assert_int_equal(session_token_wellformed(t), 1);
	memset(t, 'f', SESSION_TOKEN_LEN);
	assert_int_equal(session_token_wellformed(t), 1);
}

static void
test_session_token_wellformed_length(void **state)
{
	char	 t[SESSION_TOKEN_LEN + 2];

	(void)state;
	memset(t, 'a', sizeof(t));
	t[SESSION_TOKEN_LEN - 1] = '\0';		/* 63 */
	assert_int_equal(session_token_wellformed(t), 0);
	t[SESSION_TOKEN_LEN - 1] = 'a';
	t[SESSION_TOKEN_LEN + 1] = '\0';		/* 65 */
	assert_int_equal(session_token_wellformed(t), 0);
	t[SESSION_TOKEN_LEN] = '\0';			/* 64 */
	assert_int_equal(session_token_wellformed(t), 1);
	assert_int_equal(session_token_wellformed(""), 0);
	assert_int_equal(session_token_wellformed(NULL), 0);
	assert_int_equal(session_token_wellformed(TOK TOK), 0);
}

static void
test_session_token_wellformed_chars(void **state)
{
	static const char bad[] = "ABCDEFgGxzXZ -_./:+=%\t\n\x7f\xc3";
	char	 t[SESSION_TOKEN_LEN + 1];
	size_t	 i, pos;

	(void)state;
	for (i = 0; i < sizeof(bad) - 1; i++)
		for (pos = 0; pos < SESSION_TOKEN_LEN; pos += 21) {
			memcpy(t, TOK, sizeof(t));
			t[pos] = bad[i];
			if (session_token_wellformed(t) != 0)
				fail_msg("accepted 0x%02x at %zu",
				    (unsigned char)bad[i], pos);
		}
	/* The last character too. */
	memcpy(t, TOK, sizeof(t));
	t[SESSION_TOKEN_LEN - 1] = 'g';
	assert_int_equal(session_token_wellformed(t), 0);
}

static void
test_session_token_wellformed_uppercase(void **state)
{
	(void)state;
	assert_int_equal(session_token_wellformed(
	    "0123456789ABCDEF0123456789abcdef0123456789abcdef0123456789abcdef"),
	    0);
	assert_int_equal(session_token_wellformed(
	    "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdeF"),
	    0);
}

static void
test_session_token_wellformed_embedded_nul(void **state)
{
	char	 t[SESSION_TOKEN_LEN + 1];

	(void)state;
	memcpy(t, TOK, sizeof(t));
	t[10] = '\0';
	assert_int_equal(session_token_wellformed(t), 0);
}

static void
test_session_load_malformed_no_db(void **state)
{
	struct fixture	*f = *state;
	struct session	 s;
	static const char *const bad[] = { "", "abc", "ABCDEF",
	    "0123456789ABCDEF0123456789abcdef0123456789abcdef0123456789abcdef",
	    "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcde",
	    "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0",
	    "' OR 1=1 --" };
	size_t		 i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		memset(&s, 0x5a, sizeof(s));
		/* NULL db: a malformed token must not reach the database. */
		assert_int_equal(session_load(NULL, f->arena, bad[i], &s),
		    DB_OK);
		assert_session_empty(&s);
		/* Likewise with an unreachable one: DB_OK, not UNAVAILABLE. */
		memset(&s, 0x5a, sizeof(s));
		assert_int_equal(session_load(f->db, f->arena, bad[i], &s),
		    DB_OK);
		assert_session_empty(&s);
	}
	memset(&s, 0x5a, sizeof(s));
	assert_int_equal(session_load(NULL, f->arena, NULL, &s), DB_OK);
	assert_session_empty(&s);
}

static void
test_session_load_unreachable(void **state)
{
	struct fixture	*f = *state;
	struct session	 s;

	memset(&s, 0x5a, sizeof(s));
	assert_int_equal(session_load(f->db, f->arena, TOK, &s),
	    DB_UNAVAILABLE);
	assert_session_empty(&s);
	db_request_end(f->db);
}

static void
test_session_create_unreachable(void **state)
{
	struct fixture	*f = *state;
	char		 tok[SESSION_TOKEN_LEN + 1];

	memset(tok, 0, sizeof(tok));
	assert_int_equal(session_create(f->db, 42, 1800, "192.0.2.1", NULL,
	    tok),
	    DB_UNAVAILABLE);
	assert_int_equal(session_create(f->db, 42, 900, NULL, NULL, tok),
	    DB_UNAVAILABLE);
	db_request_end(f->db);
}

static void
test_session_destroy_unreachable(void **state)
{
	struct fixture	*f = *state;

	assert_int_equal(session_destroy(f->db, TOK), DB_UNAVAILABLE);
	db_request_end(f->db);
}

static void
test_session_destroy_malformed_no_db(void **state)
{
	struct fixture	*f = *state;

	/* Nothing to delete, and no database touched. */
	assert_int_equal(session_destroy(NULL, NULL), DB_OK);
	assert_int_equal(session_destroy(NULL, ""), DB_OK);
	assert_int_equal(session_destroy(NULL, "xyz"), DB_OK);
	assert_int_equal(session_destroy(NULL,
	    "0123456789ABCDEF0123456789abcdef0123456789abcdef0123456789abcdef"),
	    DB_OK);
	assert_int_equal(session_destroy(f->db, "xyz"), DB_OK);
}

/* The key in the session table: SHA-256 of the token's 32 bytes. */
static void
test_session_hash(void **state)
{
	char	 h[SESSION_HASH_LEN + 1];

	(void)state;
	assert_int_equal(session_hash(TOK, h), 0);
	assert_string_equal(h,
	    "4884fdaafea47c29fea7159d0daddd9c085d6200e1359e85bb81736af6b7c837");
	assert_int_equal(session_hash("abc", h), -1);
	assert_int_equal(session_hash(NULL, h), -1);
	assert_int_equal(session_hash(
	    "0123456789ABCDEF0123456789abcdef0123456789abcdef0123456789abcdef",
	    h), -1);
}

/* Extra statements in the session's round trip: without a session their
 * results are never handed out, and at most SESSION_MAX_EXTRA go. */
static void
test_session_load_with_extras(void **state)
{
	struct fixture	*f = *state;
	struct session	 s;
	struct db_batch	 b[SESSION_MAX_EXTRA + 1];
	const char	*p[1] = { "1" };
	size_t		 i;

	for (i = 0; i < SESSION_MAX_EXTRA + 1; i++) {
		b[i].st = ST_HEALTH;
		b[i].params = p;
		b[i].res = (PGresult *)&s;	/* must be cleared */
	}
	memset(&s, 0x5a, sizeof(s));
	assert_int_equal(session_load_with(f->db, f->arena, TOK, b,
	    SESSION_MAX_EXTRA, &s), DB_UNAVAILABLE);
	assert_session_empty(&s);
	for (i = 0; i < SESSION_MAX_EXTRA; i++)
		assert_null(b[i].res);
	db_request_end(f->db);

	/* A malformed token: no database, no results. */
	b[0].res = (PGresult *)&s;
	assert_int_equal(session_load_with(NULL, f->arena, "xyz", b, 1, &s),
	    DB_OK);
	assert_session_empty(&s);
	assert_null(b[0].res);

	/* Too many: refused before anything is sent. */
	assert_int_equal(session_load_with(NULL, f->arena, TOK, b,
	    SESSION_MAX_EXTRA + 1, &s), DB_ERROR);
	assert_session_empty(&s);
	for (i = 0; i < SESSION_MAX_EXTRA + 1; i++)
		assert_null(b[i].res);
}

/*
 * Against a real database (GP_TEST_DATABASE, a libpq connection string;
 * the integration tests run this binary with their stack's): the extra
 * statements' results are handed out for a live session only. Skipped
 * without one.
 */
struct live {
	struct arena	*arena;
	struct db	*db;
	char		 person[32];
	char		 doc[64];
};

static int
setup_live(void **state)
{
	static struct live	 l;
	const char		*conninfo = getenv("GP_TEST_DATABASE");
	const char		*user[1] = { "sanne" }, *me[3];
	PGresult		*r;

	memset(&l, 0, sizeof(l));
	*state = &l;
	if (conninfo == NULL)
		return 0;
	if ((l.arena = arena_new(0)) == NULL ||
	    (l.db = db_new(conninfo)) == NULL)
		return -1;
	if (db_exec(l.db, ST_ACCOUNT_BY_USERNAME, user, &r) != DB_OK ||
	    db_rows(r) != 1)
		return -1;
	snprintf(l.person, sizeof(l.person), "%s", db_val(r, 0, 0));
	me[0] = l.person;
	me[1] = "";		/* the first page: her newest document */
	me[2] = "1";
	if (db_exec(l.db, ST_DOC_PAGE_DOWN, me, &r) != DB_OK ||
	    db_rows(r) < 1)
		return -1;
	snprintf(l.doc, sizeof(l.doc), "%s", db_val(r, 0, 0));
	db_request_end(l.db);
	return 0;
}

static int
teardown_live(void **state)
{
	struct live	*l = *state;

	if (l->db != NULL)
		db_free(l->db);
	if (l->arena != NULL)
		arena_free(l->arena);
	return 0;
}

/* One round trip: the session, SELECT 1 and the document page's facts. */
static int
load(struct live *l, const char *tok, struct session *s, struct db_batch *b)
{
	static char	 hash[SESSION_HASH_LEN + 1];
	static const char *doc[2];

	assert_int_equal(session_hash(tok, hash), 0);
	doc[0] = hash;
	doc[1] = l->doc;
	b[0].st = ST_HEALTH;
	b[0].params = doc;
	b[1].st = ST_DOC_BY_SESSION;
	b[1].params = doc;
	return session_load_with(l->db, l->arena, tok, b, 2, s);
}

static void
test_session_load_with_live_and_dead(void **state)
{
	struct live	*l = *state;
	struct session	 s;
	struct db_batch	 b[2];
	char		 tok[SESSION_TOKEN_LEN + 1];
	long		 pid;
	PGresult	*r;
	const char	*p[2];
	char		 hash[SESSION_HASH_LEN + 1];

	if (l->db == NULL)
		skip();
	pid = strtol(l->person, NULL, 10);
	assert_int_equal(session_create(l->db, pid, 1800, "192.0.2.1", NULL,
	    tok), DB_OK);
	/* Live: the session and both extra results. */
	assert_int_equal(load(l, tok, &s, b), DB_OK);
	assert_int_equal(s.valid, 1);
	assert_int_equal(s.person_id, pid);
	assert_non_null(b[0].res);
	assert_int_equal(db_rows(b[0].res), 1);
	assert_non_null(b[1].res);
	assert_int_equal(db_rows(b[1].res), 1);
	assert_string_equal(db_val(b[1].res, 0, 0), l->doc);
	db_request_end(l->db);

	/* Logged out: no session, and no results handed out. */
	assert_int_equal(session_destroy(l->db, tok), DB_OK);
	assert_int_equal(load(l, tok, &s, b), DB_OK);
	assert_int_equal(s.valid, 0);
	assert_null(b[0].res);
	assert_null(b[1].res);
	/* The facts statement itself returns nothing for a dead session. */
	assert_int_equal(session_hash(tok, hash), 0);
	p[0] = hash;
	p[1] = l->doc;
	assert_int_equal(db_exec(l->db, ST_DOC_BY_SESSION, p, &r), DB_OK);
	assert_int_equal(db_rows(r), 0);
	db_request_end(l->db);

	/* A token never issued: the same. */
	assert_int_equal(load(l, TOK, &s, b), DB_OK);
	assert_int_equal(s.valid, 0);
	assert_null(b[0].res);
	assert_null(b[1].res);
	db_request_end(l->db);
}

/* "Log out everywhere else": every other session of the person ends,
 * the one given stays; NULL ends all; a malformed token ends none. */
static void
test_session_end_others_live(void **state)
{
	struct live	*l = *state;
	struct session	 s;
	char		 tok[3][SESSION_TOKEN_LEN + 1];
	long		 pid, ended;
	int		 i;

	if (l->db == NULL)
		skip();
	pid = strtol(l->person, NULL, 10);
	assert_int_equal(session_end_others(l->db, pid, NULL, NULL), DB_OK);
	for (i = 0; i < 3; i++)
		assert_int_equal(session_create(l->db, pid, 1800, "192.0.2.1",
		    "Firefox/Linux", tok[i]), DB_OK);
	assert_int_equal(session_end_others(l->db, pid, "nonsense", &ended),
	    DB_ERROR);
	assert_int_equal(ended, 0);
	assert_int_equal(session_load(l->db, l->arena, tok[1], &s), DB_OK);
	assert_int_equal(s.valid, 1);
	assert_int_equal(session_end_others(l->db, pid, tok[0], &ended),
	    DB_OK);
	assert_int_equal(ended, 2);
	assert_int_equal(session_load(l->db, l->arena, tok[0], &s), DB_OK);
	assert_int_equal(s.valid, 1);
	for (i = 1; i < 3; i++) {
		assert_int_equal(session_load(l->db, l->arena, tok[i], &s),
		    DB_OK);
		assert_int_equal(s.valid, 0);
	}
	assert_int_equal(session_end_others(l->db, pid, NULL, &ended), DB_OK);
	assert_int_equal(ended, 1);
	assert_int_equal(session_load(l->db, l->arena, tok[0], &s), DB_OK);
	assert_int_equal(s.valid, 0);
	db_request_end(l->db);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_session_cookie_name),
		cmocka_unit_test(test_session_hash),
		cmocka_unit_test_setup_teardown(test_session_load_with_extras,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_session_load_with_live_and_dead, setup_live,
		    teardown_live),
		cmocka_unit_test_setup_teardown(
		    test_session_end_others_live, setup_live, teardown_live),
		cmocka_unit_test(test_session_token_wellformed_ok),
		cmocka_unit_test(test_session_token_wellformed_length),
		cmocka_unit_test(test_session_token_wellformed_chars),
		cmocka_unit_test(test_session_token_wellformed_uppercase),
		cmocka_unit_test(test_session_token_wellformed_embedded_nul),
		cmocka_unit_test_setup_teardown(
		    test_session_load_malformed_no_db, setup, teardown),
		cmocka_unit_test_setup_teardown(test_session_load_unreachable,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_session_create_unreachable,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_session_destroy_unreachable, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_session_destroy_malformed_no_db, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

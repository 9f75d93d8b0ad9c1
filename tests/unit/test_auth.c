/*
 * test_auth.c - argon2id passwords, user names, and the log-in decision
 * when PostgreSQL is unreachable (lib/auth).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <argon2.h>

#include "auth.h"
#include "db.h"
#include "hashcap.h"

#define PREFIX		"$argon2id$v=19$m=19456,t=2,p=1$"
#define PW_UTF8		"wachtw\xc3\xb6\xc3\xb6rd \xe2\x82\xac"
#define UNREACHABLE	"host=/nonexistent-dir port=1 connect_timeout=1"

static char *
repeat(char c, size_t n)
{
	char	*s;

	s = malloc(n + 1);
	assert_non_null(s);
	memset(s, c, n);
	s[n] = '\0';
	return s;
}

static int
group_setup(void **state)
{
	(void)state;
	return auth_init() == 0 ? 0 : -1;
}

static void
test_auth_hash_verify(void **state)
{
	char	 h[AUTH_HASH_LEN];

	(void)state;
	memset(h, 'X', sizeof(h));
	assert_int_equal(auth_hash("correct horse battery staple", h), 0);
	assert_non_null(memchr(h, '\0', sizeof(h)));
	assert_int_equal(auth_verify(h, "correct horse battery staple"), 1);
	assert_int_equal(auth_verify(h, "correct horse battery stapl"), 0);
	assert_int_equal(auth_verify(h, "correct horse battery staplee"), 0);
	assert_int_equal(auth_verify(h, "Correct horse battery staple"), 0);
	assert_int_equal(auth_verify(h, ""), 0);
}

static void
test_auth_hash_format(void **state)
{
	char	 h[AUTH_HASH_LEN];
	size_t	 n;

	(void)state;
	assert_int_equal(auth_hash("geheim", h), 0);
	assert_memory_equal(h, PREFIX, strlen(PREFIX));
	/* $argon2id$v=19$m=19456,t=2,p=1$<salt 22>$<hash 43> */
	n = strlen(h);
	assert_int_equal(n, strlen(PREFIX) + 22 + 1 + 43);
	assert_int_equal(h[strlen(PREFIX) + 22], '$');
	assert_null(strchr(h + strlen(PREFIX) + 23, '$'));
}

static void
test_auth_hash_salted(void **state)
{
	char	 a[AUTH_HASH_LEN], b[AUTH_HASH_LEN];

	(void)state;
	assert_int_equal(auth_hash("hetzelfde", a), 0);
	assert_int_equal(auth_hash("hetzelfde", b), 0);
	assert_string_not_equal(a, b);
	/* The salts differ, not only the hashes. */
	assert_memory_not_equal(a + strlen(PREFIX), b + strlen(PREFIX), 22);
	assert_int_equal(auth_verify(a, "hetzelfde"), 1);
	assert_int_equal(auth_verify(b, "hetzelfde"), 1);
}

static void
test_auth_hash_utf8_password(void **state)
{
	char	 h[AUTH_HASH_LEN];

	(void)state;
	assert_int_equal(auth_hash(PW_UTF8, h), 0);
	assert_int_equal(auth_verify(h, PW_UTF8), 1);
	assert_int_equal(auth_verify(h, "wachtwoord \xe2\x82\xac"), 0);
}

static void
test_auth_verify_refuses_other_kinds(void **state)
{
	char	 h[AUTH_HASH_LEN];
	unsigned char salt[16];

	(void)state;
	memset(salt, 7, sizeof(salt));
	/* A correct argon2i or argon2d hash of the same password. */
	assert_int_equal(argon2i_hash_encoded(2, 19456, 1, "pw", 2, salt,
	    sizeof(salt), 32, h, sizeof(h)), ARGON2_OK);
	assert_int_equal(strncmp(h, "$argon2i$", 9), 0);
	assert_int_equal(argon2i_verify(h, "pw", 2), ARGON2_OK);
	assert_int_equal(auth_verify(h, "pw"), 0);
	assert_int_equal(argon2d_hash_encoded(2, 19456, 1, "pw", 2, salt,
	    sizeof(salt), 32, h, sizeof(h)), ARGON2_OK);
	assert_int_equal(auth_verify(h, "pw"), 0);
}

static void
test_auth_verify_refuses_garbage(void **state)
{
	char	 h[AUTH_HASH_LEN], t[AUTH_HASH_LEN];

	(void)state;
	assert_int_equal(auth_verify(NULL, "pw"), 0);
	assert_int_equal(auth_verify("", "pw"), 0);
	assert_int_equal(auth_verify("pw", "pw"), 0);
	assert_int_equal(auth_verify("$argon2id$", "pw"), 0);
	assert_int_equal(auth_verify("$argon2id$garbage", "pw"), 0);
	assert_int_equal(auth_verify("$ARGON2ID$v=19$m=19456,t=2,p=1$x$y",
	    "pw"), 0);
	assert_int_equal(auth_verify(
	    "$2b$12$KIXQJQ8lG1rGx2Y7h5Dm8eU2c2p8Z0y2wH1a9cZb6E3jVqk9n6W2a",
	    "pw"), 0);
	/* A real hash, cut short or with its hash part changed. */
	assert_int_equal(auth_hash("pw", h), 0);
	memcpy(t, h, sizeof(t));
	t[strlen(t) - 10] = '\0';
	assert_int_equal(auth_verify(t, "pw"), 0);
	memcpy(t, h, sizeof(t));
	t[strlen(t) - 1] = t[strlen(t) - 1] == 'A' ? 'B' : 'A';
	assert_int_equal(auth_verify(t, "pw"), 0);
	assert_int_equal(auth_verify(h, "pw"), 1);
}

static void
test_auth_password_length_limit(void **state)
{
	char	 h[AUTH_HASH_LEN];
	char	*max, *over;

	(void)state;
	max = repeat('p', AUTH_MAX_PASSWORD);
	over = repeat('p', AUTH_MAX_PASSWORD + 1);
	assert_int_equal(auth_hash(max, h), 0);
	assert_int_equal(auth_verify(h, max), 1);
	/* One more character: refused by both. */
	assert_int_equal(auth_verify(h, over), 0);
	memset(h, 0, sizeof(h));
	assert_int_equal(auth_hash(over, h), -1);
	free(max);
	free(over);
}

static void
test_auth_normalise_username(void **state)
{
	char	 out[AUTH_MAX_USERNAME + 1];

	(void)state;
	assert_int_equal(auth_normalise_username("  Alice\t", out, sizeof(out)),
	    0);
	assert_string_equal(out, "alice");
	assert_int_equal(auth_normalise_username("BOB", out, sizeof(out)), 0);
	assert_string_equal(out, "bob");
	assert_int_equal(auth_normalise_username("\tJan de Vries ", out,
	    sizeof(out)), 0);
	assert_string_equal(out, "jan de vries");	/* inner blanks kept */
	assert_int_equal(auth_normalise_username("a.B-c_D@e.NL", out,
	    sizeof(out)), 0);
	assert_string_equal(out, "a.b-c_d@e.nl");
	assert_int_equal(auth_normalise_username("x", out, sizeof(out)), 0);
	assert_string_equal(out, "x");
}

static void
test_auth_normalise_username_empty(void **state)
{
	char	 out[AUTH_MAX_USERNAME + 1];

	(void)state;
	assert_int_equal(auth_normalise_username("", out, sizeof(out)), -1);
	assert_int_equal(auth_normalise_username(" ", out, sizeof(out)), -1);
	assert_int_equal(auth_normalise_username(" \t \t", out, sizeof(out)),
	    -1);
}

static void
test_auth_normalise_username_length(void **state)
{
	char	 out[AUTH_MAX_USERNAME + 1];
	char	 name[AUTH_MAX_USERNAME + 2], want[AUTH_MAX_USERNAME + 1];
	char	 padded[AUTH_MAX_USERNAME + 4];

	(void)state;
	memset(name, 'A', AUTH_MAX_USERNAME);
	name[AUTH_MAX_USERNAME] = '\0';
	memset(want, 'a', AUTH_MAX_USERNAME);
	want[AUTH_MAX_USERNAME] = '\0';
	assert_int_equal(auth_normalise_username(name, out, sizeof(out)), 0);
	assert_string_equal(out, want);
	assert_int_equal(strlen(out), AUTH_MAX_USERNAME);
	/* One more character is too long. */
	name[AUTH_MAX_USERNAME] = 'a';
	name[AUTH_MAX_USERNAME + 1] = '\0';
	assert_int_equal(auth_normalise_username(name, out, sizeof(out)), -1);
	/* Leading blanks do not count. */
	snprintf(padded, sizeof(padded), "  \t%s", want);
	assert_int_equal(auth_normalise_username(padded, out, sizeof(out)), 0);
	assert_string_equal(out, want);
}

static void
test_auth_normalise_username_trailing_blank_not_counted(void **state)
{
	char	 out[AUTH_MAX_USERNAME + 1];
	char	 want[AUTH_MAX_USERNAME + 1], padded[AUTH_MAX_USERNAME + 3];

	(void)state;
	/* A name of the maximum length, typed with a trailing blank (phone
	 * keyboards add one after autocomplete): trimmed, it is 64 characters,
	 * which is allowed (auth.h: "trims ... -1 if empty or too long"). */
	memset(want, 'a', AUTH_MAX_USERNAME);
	want[AUTH_MAX_USERNAME] = '\0';
	snprintf(padded, sizeof(padded), "%s ", want);
	assert_int_equal(auth_normalise_username(padded, out, sizeof(out)), 0);
	assert_string_equal(out, want);
	snprintf(padded, sizeof(padded), "%s\t ", want);
	assert_int_equal(auth_normalise_username(padded, out, sizeof(out)), 0);
	assert_string_equal(out, want);
}

static void
test_auth_normalise_username_small_out(void **state)
{
	char	 out[4];

	(void)state;
	assert_int_equal(auth_normalise_username("ABC", out, sizeof(out)), 0);
	assert_string_equal(out, "abc");
	assert_int_equal(auth_normalise_username("abcd", out, sizeof(out)), -1);
}

static void
test_auth_login_db_unavailable(void **state)
{
	struct db	*db;
	long		 pid = 99, wait = 7;
	char		 kind[16] = "clerk";

	(void)state;
	db = db_new(UNREACHABLE);
	assert_non_null(db);
	assert_int_equal(auth_login(db, NULL, "anna", "geheim", "192.0.2.1",
	    &pid, kind, sizeof(kind), &wait), AUTH_UNAVAILABLE);
	assert_int_equal(pid, 0);
	assert_string_equal(kind, "");
	/* Again: still unavailable, no crash, nothing left over. */
	pid = 5;
	assert_int_equal(auth_login(db, NULL, "  Anna ", "x", "192.0.2.1",
	    &pid, kind, sizeof(kind), &wait), AUTH_UNAVAILABLE);
	assert_int_equal(pid, 0);
	db_free(db);
}

static void
test_auth_login_blank_username(void **state)
{
	struct db	*db;
	long		 pid = 99, wait = 7;
	char		 kind[16] = "clerk";

	(void)state;
	/* Nothing to look up: a plain "bad", not a database error. */
	db = db_new(UNREACHABLE);
	assert_non_null(db);
	assert_int_equal(auth_login(db, NULL, "   ", "geheim", "192.0.2.1",
	    &pid, kind, sizeof(kind), &wait), AUTH_BAD);
	assert_int_equal(pid, 0);
	assert_string_equal(kind, "");
	assert_int_equal(auth_login(db, NULL, "", "geheim", "192.0.2.1",
	    &pid, kind, sizeof(kind), &wait), AUTH_BAD);
	db_free(db);
}

/* Every hash slot busy (held by another process): AUTH_BUSY at once,
 * before any statement (the database here cannot be reached, and that
 * is not what answers). */
static void
test_auth_login_busy_without_statement(void **state)
{
	struct hashcap	 cap;
	struct db	*db;
	char		 path[64], kind[16], c;
	long		 pid = 99, wait = 7;
	int		 p[2];
	pid_t		 holder;

	(void)state;
	snprintf(path, sizeof(path), "/tmp/gp-authcap-%ld", (long)getpid());
	assert_int_equal(hashcap_open(&cap, path, 1), 0);
	assert_int_equal(pipe(p), 0);
	if ((holder = fork()) == 0) {
		c = hashcap_take(&cap) == 0 ? 'y' : 'n';
		if (write(p[1], &c, 1) != 1)
			_exit(1);
		for (;;)
			pause();
	}
	assert_int_equal(read(p[0], &c, 1), 1);
	assert_int_equal(c, 'y');
	db = db_new(UNREACHABLE);
	assert_non_null(db);
	assert_int_equal(auth_login(db, &cap, "anna", "geheim", "192.0.2.1",
	    &pid, kind, sizeof(kind), &wait), AUTH_BUSY);
	assert_int_equal(pid, 0);
	assert_int_equal(wait, 0);
	kill(holder, SIGKILL);
	waitpid(holder, NULL, 0);
	/* The holder died: the slot is free, and the attempt goes on (to a
	 * database that is not there). */
	assert_int_equal(auth_login(db, &cap, "anna", "geheim", "192.0.2.1",
	    &pid, kind, sizeof(kind), &wait), AUTH_UNAVAILABLE);
	db_free(db);
	close(p[0]);
	close(p[1]);
	hashcap_close(&cap);
	unlink(path);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_auth_hash_verify),
		cmocka_unit_test(test_auth_hash_format),
		cmocka_unit_test(test_auth_hash_salted),
		cmocka_unit_test(test_auth_hash_utf8_password),
		cmocka_unit_test(test_auth_verify_refuses_other_kinds),
		cmocka_unit_test(test_auth_verify_refuses_garbage),
		cmocka_unit_test(test_auth_password_length_limit),
		cmocka_unit_test(test_auth_normalise_username),
		cmocka_unit_test(test_auth_normalise_username_empty),
		cmocka_unit_test(test_auth_normalise_username_length),
		cmocka_unit_test(
		    test_auth_normalise_username_trailing_blank_not_counted),
		cmocka_unit_test(test_auth_normalise_username_small_out),
		cmocka_unit_test(test_auth_login_db_unavailable),
		cmocka_unit_test(test_auth_login_blank_username),
		cmocka_unit_test(test_auth_login_busy_without_statement),
	};

	return cmocka_run_group_tests(tests, group_setup, NULL);
}

/*
 * test_audit.c - the audit log when PostgreSQL is unreachable (lib/audit).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "audit.h"
#include "db.h"

#define UNREACHABLE	"host=/nonexistent-dir port=1 connect_timeout=1"

static int
setup(void **state)
{
	struct db	*db;

	if ((db = db_new(UNREACHABLE)) == NULL)
		return -1;
	*state = db;
	return 0;
}

static int
teardown(void **state)
{
	db_free(*state);
	return 0;
}

static void
test_audit_write_unreachable(void **state)
{
	struct db		*db = *state;
	struct audit_event	 ev;

	memset(&ev, 0, sizeof(ev));
	ev.actor_id = "17";
	ev.actor_role = "professional";
	ev.action = "family.read";
	ev.object_kind = "family";
	ev.object_id = "5";
	ev.family_id = "5";
	ev.remote_addr = "192.0.2.10";
	ev.outcome = "allowed";
	ev.request_id = "0123456789abcdef";
	assert_int_equal(audit_write(db, &ev), DB_UNAVAILABLE);
	db_request_end(db);
}

static void
test_audit_write_anonymous_unreachable(void **state)
{
	struct db		*db = *state;
	struct audit_event	 ev;

	/* Every optional field NULL (actor_role NULL means "anonymous"). */
	memset(&ev, 0, sizeof(ev));
	ev.action = "login";
	ev.object_kind = "account";
	ev.outcome = "failed";
	assert_int_equal(audit_write(db, &ev), DB_UNAVAILABLE);
	assert_int_equal(db_in_tx(db), 0);
	db_request_end(db);
}

static void
test_audit_write_repeated(void **state)
{
	struct db		*db = *state;
	struct audit_event	 ev;
	int			 i;

	memset(&ev, 0, sizeof(ev));
	ev.action = "logout";
	ev.outcome = "allowed";
	for (i = 0; i < 3; i++) {
		assert_int_equal(audit_write(db, &ev), DB_UNAVAILABLE);
		db_request_end(db);
	}
}

/* A typed name as the row keeps it: a keyed hash, never the name. */
static void
test_audit_name_key(void **state)
{
	static const unsigned char	 k1[] = "sleutel-een-32-bytes-lang......";
	static const unsigned char	 k2[] = "sleutel-twee-32-bytes-lang.....";
	char				 a[AUDIT_NAME_LEN + 1];
	char				 b[AUDIT_NAME_LEN + 1];
	size_t				 i;

	(void)state;
	assert_int_equal(audit_name_key(k1, sizeof(k1) - 1, "geheim123", a),
	    0);
	assert_int_equal(strlen(a), AUDIT_NAME_LEN);
	assert_memory_equal(a, "n:", 2);
	for (i = 2; i < AUDIT_NAME_LEN; i++)
		assert_non_null(strchr("0123456789abcdef", a[i]));
	assert_null(strstr(a, "geheim"));
	/* the same name and key: the same value (a series stays visible) */
	assert_int_equal(audit_name_key(k1, sizeof(k1) - 1, "geheim123", b),
	    0);
	assert_string_equal(a, b);
	/* another name, another key: another value */
	assert_int_equal(audit_name_key(k1, sizeof(k1) - 1, "geheim124", b),
	    0);
	assert_string_not_equal(a, b);
	assert_int_equal(audit_name_key(k2, sizeof(k2) - 1, "geheim123", b),
	    0);
	assert_string_not_equal(a, b);
	/* no key, or a name too long: nothing of the name either */
	assert_int_equal(audit_name_key(NULL, 0, "geheim123", b), -1);
	assert_string_equal(b, "n:?");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_audit_name_key),
		cmocka_unit_test_setup_teardown(test_audit_write_unreachable,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_audit_write_anonymous_unreachable, setup, teardown),
		cmocka_unit_test_setup_teardown(test_audit_write_repeated,
		    setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

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

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_audit_write_unreachable,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_audit_write_anonymous_unreachable, setup, teardown),
		cmocka_unit_test_setup_teardown(test_audit_write_repeated,
		    setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

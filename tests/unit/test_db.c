/*
 * test_db.c - the PostgreSQL connection when the server cannot be reached,
 * and the result helpers (lib/db). Results are built client-side with
 * libpq's PQmakeEmptyPGresult/PQsetvalue, so no server is needed.
 * The check of a statement's declared columns needs one: with
 * GP_TEST_DATABASE (a libpq connection string; the integration tests run
 * this binary with their stack's), else it is skipped.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>

#include "db.h"
#include "stmts.h"
#include "app/stmt_registry.h"

#define UNREACHABLE	"host=/nonexistent-dir port=1 connect_timeout=1"

/* A 2-row, 3-column result: (id, flag, note)
 *   "42", "t", NULL
 *   "-7", "f", ""                                    */
static PGresult *
make_result(void)
{
	PGresAttDesc	 att[3];
	PGresult	*r;

	memset(att, 0, sizeof(att));
	att[0].name = (char *)(uintptr_t)"id";
	att[0].typid = 20;	/* int8 */
	att[0].typlen = 8;
	att[0].atttypmod = -1;
	att[1].name = (char *)(uintptr_t)"flag";
	att[1].typid = 16;	/* bool */
	att[1].typlen = 1;
	att[1].atttypmod = -1;
	att[2].name = (char *)(uintptr_t)"note";
	att[2].typid = 25;	/* text */
	att[2].typlen = -1;
	att[2].atttypmod = -1;
	r = PQmakeEmptyPGresult(NULL, PGRES_TUPLES_OK);
	assert_non_null(r);
	assert_int_equal(PQsetResultAttrs(r, 3, att), 1);
	assert_int_equal(PQsetvalue(r, 0, 0, (char *)(uintptr_t)"42", 2), 1);
	assert_int_equal(PQsetvalue(r, 0, 1, (char *)(uintptr_t)"t", 1), 1);
	assert_int_equal(PQsetvalue(r, 0, 2, NULL, -1), 1);
	assert_int_equal(PQsetvalue(r, 1, 0, (char *)(uintptr_t)"-7", 2), 1);
	assert_int_equal(PQsetvalue(r, 1, 1, (char *)(uintptr_t)"f", 1), 1);
	assert_int_equal(PQsetvalue(r, 1, 2, (char *)(uintptr_t)"", 0), 1);
	return r;
}

/* A 1-row, 1-column result holding s. */
static PGresult *
make_one(const char *s)
{
	PGresAttDesc	 att;
	PGresult	*r;

	memset(&att, 0, sizeof(att));
	att.name = (char *)(uintptr_t)"v";
	att.typid = 25;
	att.typlen = -1;
	att.atttypmod = -1;
	r = PQmakeEmptyPGresult(NULL, PGRES_TUPLES_OK);
	assert_non_null(r);
	assert_int_equal(PQsetResultAttrs(r, 1, &att), 1);
	assert_int_equal(PQsetvalue(r, 0, 0, (char *)(uintptr_t)s,
	    (int)strlen(s)), 1);
	return r;
}

static int
setup_result(void **state)
{
	*state = make_result();
	return 0;
}

static int
teardown_result(void **state)
{
	PQclear(*state);
	return 0;
}

static void
test_db_new_free(void **state)
{
	struct db	*db;

	(void)state;
	db = db_new(UNREACHABLE);
	assert_non_null(db);
	assert_int_equal(db_in_tx(db), 0);
	db_free(db);
	db_free(NULL);
	/* An empty conninfo is accepted (libpq defaults) until used. */
	db = db_new("");
	assert_non_null(db);
	db_free(db);
}

static void
test_db_ensure_unreachable(void **state)
{
	struct db	*db;

	(void)state;
	db = db_new(UNREACHABLE);
	assert_non_null(db);
	assert_int_equal(db_ensure(db), DB_UNAVAILABLE);
	assert_int_equal(db_ensure(db), DB_UNAVAILABLE);	/* retries */
	assert_int_equal(db_in_tx(db), 0);
	db_free(db);
}

static void
test_db_ensure_bad_conninfo(void **state)
{
	struct db	*db;

	(void)state;
	/* Not a valid conninfo string at all: still just "unavailable". */
	db = db_new("this is not = a conninfo '");
	assert_non_null(db);
	assert_int_equal(db_ensure(db), DB_UNAVAILABLE);
	db_free(db);
	db = db_new("nosuchoption=1");
	assert_non_null(db);
	assert_int_equal(db_ensure(db), DB_UNAVAILABLE);
	db_free(db);
}

static void
test_db_exec_unreachable(void **state)
{
	struct db	*db;
	PGresult	*r = NULL;
	static const char *const one[] = { "00" };
	static const char *const audit[10] = { NULL, "anonymous", NULL,
	    "login", "account", NULL, NULL, "192.0.2.1", "failed", "abc" };

	(void)state;
	db = db_new(UNREACHABLE);
	assert_non_null(db);
	assert_int_equal(db_exec(db, ST_HEALTH, NULL, &r), DB_UNAVAILABLE);
	assert_null(r);
	assert_int_equal(db_exec(db, ST_HEALTH, NULL, NULL), DB_UNAVAILABLE);
	assert_int_equal(db_exec(db, ST_SESSION_DELETE, one, &r),
	    DB_UNAVAILABLE);
	assert_int_equal(db_exec(db, ST_AUDIT_INSERT, audit, NULL),
	    DB_UNAVAILABLE);
	assert_null(r);
	assert_int_equal(db_in_tx(db), 0);
	db_request_end(db);
	db_free(db);
}

/* A pipeline to a server that cannot be reached: unavailable, no result
 * handed out; an empty one is a no-op that does not even connect. */
static void
test_db_batch_unreachable(void **state)
{
	struct db	*db;
	static const char *const one[] = { "00" };
	struct db_batch	 b[2] = {
		{ ST_HEALTH, NULL, NULL },
		{ ST_SESSION_DELETE, one, NULL },
	};

	(void)state;
	db = db_new(UNREACHABLE);
	assert_non_null(db);
	assert_int_equal(db_batch(db, b, 0), DB_OK);
	assert_int_equal(db_batch(db, b, 2), DB_UNAVAILABLE);
	assert_null(b[0].res);
	assert_null(b[1].res);
	assert_int_equal(db_in_tx(db), 0);
	db_request_end(db);
	db_free(db);
}

static void
test_db_tx_unreachable(void **state)
{
	struct db	*db;

	(void)state;
	db = db_new(UNREACHABLE);
	assert_non_null(db);
	assert_int_equal(db_begin(db), DB_UNAVAILABLE);
	assert_int_equal(db_in_tx(db), 0);
	assert_int_equal(db_commit(db), DB_UNAVAILABLE);
	assert_int_equal(db_in_tx(db), 0);
	db_rollback(db);
	db_rollback(db);
	assert_int_equal(db_in_tx(db), 0);
	db_free(db);
}

static void
test_db_request_end_repeated(void **state)
{
	struct db	*db;
	int		 i;

	(void)state;
	db = db_new(UNREACHABLE);
	assert_non_null(db);
	db_request_end(db);
	db_request_end(db);
	for (i = 0; i < 3; i++) {
		assert_int_equal(db_exec(db, ST_HEALTH, NULL, NULL),
		    DB_UNAVAILABLE);
		db_request_end(db);
		db_request_end(db);
	}
	assert_int_equal(db_in_tx(db), 0);
	db_free(db);
}

static void
test_db_null_result_helpers(void **state)
{
	(void)state;
	assert_int_equal(db_rows(NULL), 0);
	assert_non_null(db_val(NULL, 0, 0));
	assert_string_equal(db_val(NULL, 0, 0), "");
	assert_string_equal(db_val(NULL, 5, 7), "");
	assert_int_equal(db_isnull(NULL, 0, 0), 1);
	assert_int_equal(db_bool(NULL, 0, 0), 0);
	assert_int_equal(db_long(NULL, 0, 0), 0);
}

static void
test_db_result_values(void **state)
{
	PGresult	*r = *state;

	assert_int_equal(db_rows(r), 2);
	assert_string_equal(db_val(r, 0, 0), "42");
	assert_string_equal(db_val(r, 0, 1), "t");
	assert_string_equal(db_val(r, 1, 0), "-7");
	assert_string_equal(db_val(r, 1, 2), "");
	assert_int_equal(db_long(r, 0, 0), 42);
	assert_int_equal(db_long(r, 1, 0), -7);
	assert_int_equal(db_bool(r, 0, 1), 1);
	assert_int_equal(db_bool(r, 1, 1), 0);
	assert_int_equal(db_isnull(r, 0, 0), 0);
	assert_int_equal(db_isnull(r, 1, 2), 0);	/* '' is not NULL */
}

static void
test_db_result_sql_null(void **state)
{
	PGresult	*r = *state;

	assert_int_equal(db_isnull(r, 0, 2), 1);
	assert_non_null(db_val(r, 0, 2));
	assert_string_equal(db_val(r, 0, 2), "");
	assert_int_equal(db_bool(r, 0, 2), 0);
	assert_int_equal(db_long(r, 0, 2), 0);
}

static void
test_db_result_out_of_range(void **state)
{
	PGresult	*r = *state;

	assert_string_equal(db_val(r, 2, 0), "");
	assert_string_equal(db_val(r, 0, 3), "");
	assert_string_equal(db_val(r, 100, 100), "");
	assert_int_equal(db_isnull(r, 2, 0), 1);
	assert_int_equal(db_isnull(r, 0, 3), 1);
	assert_int_equal(db_bool(r, 2, 1), 0);
	assert_int_equal(db_long(r, 2, 0), 0);
	assert_int_equal(db_long(r, 0, 3), 0);
}

static void
test_db_result_negative_index(void **state)
{
	PGresult	*r = *state;
	const char	*v;

	/* db.h: "value as a string ("" for NULL)"; never a NULL pointer,
	 * which db_bool would pass to strcmp. */
	v = db_val(r, -1, 0);
	assert_non_null(v);
	assert_string_equal(v, "");
	v = db_val(r, 0, -1);
	assert_non_null(v);
	assert_string_equal(v, "");
	assert_int_equal(db_isnull(r, -1, 0), 1);
	assert_int_equal(db_isnull(r, 0, -1), 1);
	assert_int_equal(db_long(r, -1, 0), 0);
}

static void
test_db_result_empty(void **state)
{
	PGresult	*r;

	(void)state;
	r = PQmakeEmptyPGresult(NULL, PGRES_COMMAND_OK);
	assert_non_null(r);
	assert_int_equal(db_rows(r), 0);
	assert_string_equal(db_val(r, 0, 0), "");
	assert_int_equal(db_isnull(r, 0, 0), 1);
	assert_int_equal(db_bool(r, 0, 0), 0);
	assert_int_equal(db_long(r, 0, 0), 0);
	PQclear(r);
}

static void
test_db_bool_strict(void **state)
{
	static const char *const no[] = { "f", "true", "T", "1", "yes", "tt",
	    "" };
	PGresult	*r;
	size_t		 i;
	int		 got;

	(void)state;
	r = make_one("t");
	assert_int_equal(db_bool(r, 0, 0), 1);
	PQclear(r);
	for (i = 0; i < sizeof(no) / sizeof(no[0]); i++) {
		r = make_one(no[i]);
		got = db_bool(r, 0, 0);
		PQclear(r);
		if (got != 0)
			fail_msg("db_bool(\"%s\") is %d, want 0", no[i], got);
	}
}

static void
test_db_long_parsing(void **state)
{
	static const struct {
		const char	*s;
		long		 want;
	} cases[] = {
		{ "0", 0 },
		{ "123456789012", 123456789012L },
		{ "9223372036854775807", 9223372036854775807L },
		{ "-9223372036854775808", (-9223372036854775807L - 1) },
		{ "9223372036854775808", 0 },	/* overflow */
		{ "12.5", 0 },
		{ "abc", 0 },
		{ " 5", 0 },
		{ "5 ", 0 },
		{ "", 0 },
	};
	PGresult	*r;
	size_t		 i;
	long		 got;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		r = make_one(cases[i].s);
		got = db_long(r, 0, 0);
		PQclear(r);
		if (got != cases[i].want)
			fail_msg("db_long(\"%s\") = %ld, want %ld", cases[i].s,
			    got, cases[i].want);
	}
}

/* Every statement, shared (lib/stmts.c) and the areas' (the registry),
 * in one list. */
static size_t
all_stmts(const struct stmt_def **out, size_t max)
{
	size_t	 i, t, n = 0;

	for (i = 0; i < lib_stmts.n && n < max; i++)
		out[n++] = lib_stmts.defs[i];
	for (t = 0; t < stmt_registry_n; t++)
		for (i = 0; i < stmt_registry[t]->n && n < max; i++)
			out[n++] = stmt_registry[t]->defs[i];
	return n;
}

/* Every statement: a unique name, SQL, and nparams equal to the highest
 * $n it uses, with every $1..$n used (PQprepare would fail otherwise, but
 * only against a live server). */
static void
test_db_stmt_defs(void **state)
{
	const struct stmt_def	*stmt_defs[512];
	size_t		 i, j, nstmts;
	const char	*p;
	int		 used[32], maxn, n;

	(void)state;
	nstmts = all_stmts(stmt_defs, 512);
	assert_true(nstmts > lib_stmts.n && nstmts < 512);
	for (i = 0; i < nstmts; i++) {
		assert_non_null(stmt_defs[i]->name);
		assert_non_null(stmt_defs[i]->sql);
		assert_true(stmt_defs[i]->name[0] != '\0');
		assert_true(stmt_defs[i]->sql[0] != '\0');
		for (j = 0; j < i; j++)
			if (strcmp(stmt_defs[i]->name, stmt_defs[j]->name) == 0)
				fail_msg("statement name %s used twice",
				    stmt_defs[i]->name);
		memset(used, 0, sizeof(used));
		maxn = 0;
		for (p = stmt_defs[i]->sql; (p = strchr(p, '$')) != NULL; ) {
			p++;
			if (!isdigit((unsigned char)*p))
				continue;
			n = (int)strtol(p, NULL, 10);
			assert_true(n >= 1 && n < 32);
			used[n] = 1;
			if (n > maxn)
				maxn = n;
		}
		if (maxn != stmt_defs[i]->nparams)
			fail_msg("%s: nparams %d, highest $n %d",
			    stmt_defs[i]->name, stmt_defs[i]->nparams, maxn);
		for (n = 1; n <= maxn; n++)
			if (!used[n])
				fail_msg("%s: $%d unused",
				    stmt_defs[i]->name, n);
	}
}

/* A read of a column outside the result is an error the request sees:
 * logged, counted until db_request_end, and still a harmless value. A
 * row it does not have is "not found", not an error. */
static void
test_db_read_outside_is_error(void **state)
{
	PGresult	*r = *state;
	struct db	*db;

	db = db_new(UNREACHABLE);
	assert_non_null(db);
	db_request_end(db);
	assert_int_equal(db_read_failed(), 0);
	assert_string_equal(db_val(r, 1, 0), "-7");
	assert_int_equal(db_bool(r, 0, 1), 1);
	assert_int_equal(db_isnull(r, 0, 2), 1);
	assert_int_equal(db_read_failed(), 0);
	assert_string_equal(db_val(r, 0, 3), "");	/* no column 3 */
	assert_int_equal(db_read_failed(), 1);
	assert_int_equal(db_isnull(r, 0, 3), 1);
	assert_int_equal(db_long(r, 1, -1), 0);
	assert_int_equal(db_read_failed(), 3);
	assert_int_equal(db_long(r, 2, 0), 0);		/* no row 2 */
	assert_string_equal(db_val(NULL, 0, 0), "");	/* no result */
	assert_int_equal(db_rows(NULL), 0);
	assert_int_equal(db_read_failed(), 3);
	db_request_end(db);
	assert_int_equal(db_read_failed(), 0);
	db_free(db);
}

/* Declared as PostgreSQL describes them, and not. */
static const struct stmt_def T_TWO[1] = {{ "t_two", "SELECT 1, $1::int", 1,
    2 }};
static const struct stmt_def T_COLS_WRONG[1] = {{ "t_cols_wrong",
    "SELECT 1, 2", 0, 1 }};
static const struct stmt_def T_PARAMS_WRONG[1] = {{ "t_params_wrong",
    "SELECT $1::int + $2::int", 1, 1 }};
static const struct stmt_def T_NO_ROWS[1] = {{ "t_no_rows",
    "UPDATE session SET last_seen = last_seen WHERE false", 0, 0 }};
static const struct stmt_def T_NO_SUCH_COLUMN[1] = {{ "t_no_such_column",
    "SELECT no_such_column FROM session", 0, 1 }};

static const struct stmt_def *const good_defs[] = { T_TWO, T_NO_ROWS };
static const struct stmt_def *const cols_defs[] = { T_TWO, T_COLS_WRONG };
static const struct stmt_def *const params_defs[] = { T_PARAMS_WRONG };
static const struct stmt_def *const sql_defs[] = { T_NO_SUCH_COLUMN, T_TWO };
static const struct stmt_table good = { "good", good_defs, 2 };
static const struct stmt_table cols_wrong = { "cols", cols_defs, 2 };
static const struct stmt_table params_wrong = { "params", params_defs, 1 };
static const struct stmt_table sql_wrong = { "sql", sql_defs, 2 };

/* A connection whose statements are not as declared is refused, and no
 * statement runs on it; as declared, they run. The portal's own are all
 * as declared against this database. */
static void
test_db_declared_columns_checked(void **state)
{
	const char		*conninfo = getenv("GP_TEST_DATABASE");
	const struct stmt_table	*t[1];
	static const char *const seven[] = { "7" };
	struct db		*db;
	PGresult		*r = NULL;

	(void)state;
	if (conninfo == NULL)
		skip();
	db = db_new(conninfo);
	assert_non_null(db);
	db_set_tables(db, stmt_registry, stmt_registry_n);
	assert_int_equal(db_ensure(db), DB_OK);
	t[0] = &good;
	db_set_tables(db, t, 1);
	assert_int_equal(db_ensure(db), DB_OK);
	assert_int_equal(db_exec(db, T_TWO, seven, &r), DB_OK);
	assert_int_equal(db_rows(r), 1);
	assert_string_equal(db_val(r, 0, 1), "7");
	assert_int_equal(db_exec(db, T_NO_ROWS, NULL, NULL), DB_OK);
	assert_int_equal(db_exec(db, ST_HEALTH, NULL, NULL), DB_OK);
	assert_int_equal(db_read_failed(), 0);
	db_request_end(db);

	t[0] = &cols_wrong;
	db_set_tables(db, t, 1);
	assert_int_equal(db_ensure(db), DB_ERROR);
	assert_int_equal(db_exec(db, ST_HEALTH, NULL, NULL), DB_ERROR);
	t[0] = &params_wrong;
	db_set_tables(db, t, 1);
	assert_int_equal(db_ensure(db), DB_ERROR);
	t[0] = &sql_wrong;
	db_set_tables(db, t, 1);
	assert_int_equal(db_ensure(db), DB_ERROR);
	/* and right again on a new connection */
	t[0] = &good;
	db_set_tables(db, t, 1);
	assert_int_equal(db_exec(db, T_TWO, seven, &r), DB_OK);
	assert_string_equal(db_val(r, 0, 1), "7");
	db_request_end(db);
	db_free(db);
}

/* Rows without end (2^31 - 1 of them: read to the end, hours), each
 * with the backend that makes it. In the select list, so they come one
 * by one (in FROM the series would first be made whole). */
static const struct stmt_def T_ENDLESS[1] = {{ "t_endless",
    "SELECT generate_series(1, 2147483647), pg_backend_pid()", 0, 2 }};
static const struct stmt_def T_BACKEND[1] = {{ "t_backend",
    "SELECT pg_backend_pid()", 0, 1 }};
/* What backend $1 is doing, seen from another connection. */
static const struct stmt_def T_ACTIVITY[1] = {{ "t_activity",
    "SELECT state, query FROM pg_stat_activity WHERE pid = $1::int", 1,
    2 }};
static const struct stmt_def *const each_defs[] = { T_ENDLESS, T_BACKEND,
    T_ACTIVITY, T_TWO };
static const struct stmt_table each_table = { "each", each_defs, 4 };

struct each_count {
	long	 rows;
	char	 pid[16];
};

static int
ten_rows(void *arg, const PGresult *r)
{
	struct each_count	*c = arg;

	snprintf(c->pid, sizeof(c->pid), "%s", db_val(r, 0, 1));
	return ++c->rows == 10 ? -1 : 0;
}

/*
 * The client left (db_each's fn stops after 10 of endless rows): the
 * statement is cancelled, not read to the end (that would take hours:
 * the test would not end), the transaction it ran in is failed and rolled
 * back, and the same connection (the same backend) serves the next
 * statement; another connection sees that backend idle, no query left
 * running.
 */
static void
test_db_each_stopped_cancels(void **state)
{
	const char		*conninfo = getenv("GP_TEST_DATABASE");
	const struct stmt_table	*t[1] = { &each_table };
	const char		*pid[1];
	static const char *const seven[] = { "7" };
	struct each_count	 c;
	struct db		*db, *other;
	PGresult		*r = NULL;

	(void)state;
	if (conninfo == NULL)
		skip();
	db = db_new(conninfo);
	other = db_new(conninfo);
	assert_non_null(db);
	assert_non_null(other);
	db_set_tables(db, t, 1);
	db_set_tables(other, t, 1);

	/* in a read-only snapshot, as the export */
	memset(&c, 0, sizeof(c));
	assert_int_equal(db_begin_snapshot(db), DB_OK);
	assert_int_equal(db_each(db, T_ENDLESS, NULL, ten_rows, &c), DB_ERROR);
	assert_int_equal(c.rows, 10);
	/* the transaction is lost: nothing more runs in it */
	assert_int_equal(db_exec(db, T_TWO, seven, NULL), DB_UNAVAILABLE);
	db_rollback(db);
	assert_int_equal(db_in_tx(db), 0);
	/* the same backend answers the next statement */
	assert_int_equal(db_exec(db, T_BACKEND, NULL, &r), DB_OK);
	assert_string_equal(db_val(r, 0, 0), c.pid);
	pid[0] = c.pid;
	assert_int_equal(db_exec(other, T_ACTIVITY, pid, &r), DB_OK);
	assert_int_equal(db_rows(r), 1);
	assert_string_equal(db_val(r, 0, 0), "idle");
	assert_non_null(strstr(db_val(r, 0, 1), "pg_backend_pid"));
	assert_null(strstr(db_val(r, 0, 1), "generate_series"));
	db_request_end(db);
	db_request_end(other);

	/* outside a transaction the same: stopped, and the next works */
	memset(&c, 0, sizeof(c));
	assert_int_equal(db_each(db, T_ENDLESS, NULL, ten_rows, &c), DB_ERROR);
	assert_int_equal(c.rows, 10);
	assert_int_equal(db_exec(db, T_TWO, seven, &r), DB_OK);
	assert_string_equal(db_val(r, 0, 1), "7");
	db_request_end(db);
	db_free(other);
	db_free(db);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_db_new_free),
		cmocka_unit_test(test_db_ensure_unreachable),
		cmocka_unit_test(test_db_ensure_bad_conninfo),
		cmocka_unit_test(test_db_exec_unreachable),
		cmocka_unit_test(test_db_batch_unreachable),
		cmocka_unit_test(test_db_tx_unreachable),
		cmocka_unit_test(test_db_request_end_repeated),
		cmocka_unit_test(test_db_null_result_helpers),
		cmocka_unit_test_setup_teardown(test_db_result_values,
		    setup_result, teardown_result),
		cmocka_unit_test_setup_teardown(test_db_result_sql_null,
		    setup_result, teardown_result),
		cmocka_unit_test_setup_teardown(test_db_result_out_of_range,
		    setup_result, teardown_result),
		cmocka_unit_test_setup_teardown(test_db_result_negative_index,
		    setup_result, teardown_result),
		cmocka_unit_test(test_db_result_empty),
		cmocka_unit_test(test_db_bool_strict),
		cmocka_unit_test(test_db_long_parsing),
		cmocka_unit_test(test_db_stmt_defs),
		cmocka_unit_test_setup_teardown(test_db_read_outside_is_error,
		    setup_result, teardown_result),
		cmocka_unit_test(test_db_declared_columns_checked),
		cmocka_unit_test(test_db_each_stopped_cancels),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

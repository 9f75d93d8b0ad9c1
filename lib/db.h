/*
 * db.h - the worker's one PostgreSQL connection (libpq).
 *
 * Owns: the connection, preparing every statement of the shared table
 * (lib/stmts.c) and of the tables given to db_set_tables (the areas'
 * statements, cgi/app/stmt_registry.c) once per connection, checking
 * each one's declared parameters and columns against PostgreSQL,
 * reconnecting after PostgreSQL went away, transactions, and the results
 * of the current request (freed by db_request_end, so handlers never
 * PQclear).
 * Never: runs SQL that is not a struct stmt_def (stmts.h) of those tables;
 * includes anything from cgi/ (the areas' tables come in as data); exits
 * the process on an error.
 *
 * Reconnect rule: a statement that fails because the connection broke is
 * retried once on a fresh connection, but only outside a transaction (in a
 * transaction the work so far is lost, so the request fails with
 * DB_UNAVAILABLE and the handler shows the 503 page). A refusal on a
 * working connection (read-only, disk full) keeps the connection and is
 * not sent again.
 */
#ifndef GP_DB_H
#define GP_DB_H

#include <stddef.h>
#include <libpq-fe.h>

#include "stmts.h"

enum db_err {
	DB_OK = 0,
	DB_UNAVAILABLE,	/* cannot reach PostgreSQL, or it refuses for now
			 * (read-only 25006, class 53 such as disk full
			 * 53100, I/O error 58030) -> 503 */
	DB_UNIQUE,	/* unique_violation (23505) */
	DB_CONSTRAINT,	/* other integrity violation (23xxx) */
	DB_SERIALIZATION, /* 40001 / 40P01: may retry the transaction */
	DB_ERROR,	/* anything else -> 500 */
	/* Not PostgreSQL's: a limit of the portal's own is full (actions
	 * that mail or notify: cgi/core/notify.c) -> 429; the transaction
	 * is rolled back, nothing of the action is kept. lib/db never
	 * returns it. */
	DB_LIMIT
};

struct db;

/* Does not connect yet; the first use does. NULL only when out of memory. */
struct db	*db_new(const char *conninfo);
void		 db_free(struct db *);
/* The tables of statements to prepare besides lib_stmts: n tables, kept
 * (not copied: static data). Statements not in them cannot run. */
void		 db_set_tables(struct db *, const struct stmt_table *const *,
		    size_t n);
/*
 * Connects (or reconnects) if needed and prepares the statements (all in
 * one round trip). A statement PostgreSQL cannot prepare, or whose
 * parameters or columns are not as declared, is logged by name and gives
 * DB_ERROR: the code and the schema are out of step (the portal then
 * refuses to start).
 */
enum db_err	 db_ensure(struct db *);
/* Runs statement st with its nparams text parameters (NULL = SQL NULL).
 * On DB_OK *res (if res != NULL) holds the result until db_request_end. */
enum db_err	 db_exec(struct db *, const struct stmt_def *st,
		    const char *const *params, PGresult **res);
/*
 * Runs n statements in one round trip (libpq pipeline mode). Outside a
 * transaction they form one implicit transaction: all take effect or
 * none (an audit row and the reads it records go together). b[i].res
 * holds each result until db_request_end. On an error nothing is kept
 * and the first error is returned.
 */
struct db_batch {
	const struct stmt_def	*st;
	const char *const	*params;
	PGresult		*res;		/* out */
};
enum db_err	 db_batch(struct db *, struct db_batch *, size_t n);
enum db_err	 db_begin(struct db *);
/* A read-only transaction on one snapshot (REPEATABLE READ READ ONLY):
 * statements run in it see the same data (the export, issue 21). */
enum db_err	 db_begin_snapshot(struct db *);
/*
 * Runs st and hands each row to fn as it comes (libpq single-row mode):
 * a result of one row, freed after fn returns, so memory does not grow
 * with the rows. fn returns 0 to go on; otherwise no more rows are
 * handed on, the statement is cancelled (PQcancel: the server stops
 * making rows; those already on their way are read and dropped, so the
 * connection stays clean) and db_each returns DB_ERROR; a transaction
 * it ran in is then failed (db_rollback). Never sent again on a new
 * connection: rows may already be used.
 */
enum db_err	 db_each(struct db *, const struct stmt_def *st,
		    const char *const *params,
		    int (*fn)(void *, const PGresult *), void *arg);
enum db_err	 db_commit(struct db *);
/* Rolls back if a transaction is open; never fails visibly. */
void		 db_rollback(struct db *);
int		 db_in_tx(const struct db *);
/* Frees this request's results; rolls back a transaction left open. */
void		 db_request_end(struct db *);

/*
 * Result helpers: value as a string ("" for NULL), and booleans/numbers.
 * A row the result does not have (or no result) reads as "" (1 for
 * db_isnull, 0 for the numbers): "not found". A column it does not have
 * is an error: logged with its number, it reads the same and makes
 * db_read_failed true until db_request_end (cgi/app/app.c then answers
 * 500). Read columns by the enum declared under the statement, never by
 * a bare number.
 */
int		 db_rows(const PGresult *);
const char	*db_val(const PGresult *, int row, int col);
int		 db_isnull(const PGresult *, int row, int col);
int		 db_bool(const PGresult *, int row, int col);
long		 db_long(const PGresult *, int row, int col);
/* The number of reads of a column outside its result since
 * db_request_end, in this process (a worker is single-threaded; db_val
 * has no struct db). */
int		 db_read_failed(void);

#endif

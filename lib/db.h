/*
 * db.h - the worker's one PostgreSQL connection (libpq).
 *
 * Owns: the connection, preparing every statement of stmts.h once per
 * connection, reconnecting after PostgreSQL went away, transactions, and
 * the results of the current request (freed by db_request_end, so handlers
 * never PQclear).
 * Never: runs SQL that is not in stmts.c; exits the process on an error.
 *
 * Reconnect rule: a statement that fails because the connection broke is
 * retried once on a fresh connection, but only outside a transaction (in a
 * transaction the work so far is lost, so the request fails with
 * DB_UNAVAILABLE and the handler shows the 503 page).
 */
#ifndef GP_DB_H
#define GP_DB_H

#include <stddef.h>
#include <libpq-fe.h>

#include "stmts.h"

enum db_err {
	DB_OK = 0,
	DB_UNAVAILABLE,	/* cannot reach PostgreSQL -> 503 */
	DB_UNIQUE,	/* unique_violation (23505) */
	DB_CONSTRAINT,	/* other integrity violation (23xxx) */
	DB_SERIALIZATION, /* 40001 / 40P01: may retry the transaction */
	DB_ERROR	/* anything else -> 500 */
};

struct db;

/* Does not connect yet; the first use does. NULL only when out of memory. */
struct db	*db_new(const char *conninfo);
void		 db_free(struct db *);
/* Connects (or reconnects) if needed and prepares the statements. */
enum db_err	 db_ensure(struct db *);
/* Runs statement st with nparams text parameters (NULL = SQL NULL).
 * On DB_OK *res (if res != NULL) holds the result until db_request_end. */
enum db_err	 db_exec(struct db *, enum stmt st, const char *const *params,
		    PGresult **res);
/*
 * Runs n statements in one round trip (libpq pipeline mode). Outside a
 * transaction they form one implicit transaction: all take effect or
 * none (an audit row and the reads it records go together). b[i].res
 * holds each result until db_request_end. On an error nothing is kept
 * and the first error is returned.
 */
struct db_batch {
	enum stmt		 st;
	const char *const	*params;
	PGresult		*res;		/* out */
};
enum db_err	 db_batch(struct db *, struct db_batch *, size_t n);
enum db_err	 db_begin(struct db *);
enum db_err	 db_commit(struct db *);
/* Rolls back if a transaction is open; never fails visibly. */
void		 db_rollback(struct db *);
int		 db_in_tx(const struct db *);
/* Frees this request's results; rolls back a transaction left open. */
void		 db_request_end(struct db *);

/* Result helpers: value as a string ("" for NULL), and booleans/numbers. */
int		 db_rows(const PGresult *);
const char	*db_val(const PGresult *, int row, int col);
int		 db_isnull(const PGresult *, int row, int col);
int		 db_bool(const PGresult *, int row, int col);
long		 db_long(const PGresult *, int row, int col);

#endif

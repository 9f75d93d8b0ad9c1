/*
 * db.c - one libpq connection with prepared statements (see db.h).
 */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>

#include "db.h"
#include "log.h"
#include "util.h"

#define DB_MAXRES	256

struct db {
	char		*conninfo;
	PGconn		*conn;
	int		 prepared;	/* statements prepared on conn */
	int		 in_tx;
	int		 tx_failed;	/* a statement in this transaction failed:
					 * nothing more runs until the rollback */
	int		 refused;	/* the last DB_UNAVAILABLE came from a
					 * connection that still works but
					 * refuses (read-only, disk full): keep
					 * it, and do not send the work again */
	PGresult	*res[DB_MAXRES];/* this request's results */
	size_t		 nres;
	const struct stmt_table *const *tables;	/* besides lib_stmts */
	size_t		 ntables;
};

/* Reads of a column outside a result since the last db_request_end: one
 * count for the process (a worker is single-threaded; db_val has no db). */
static int	 bad_reads;

struct db *
db_new(const char *conninfo)
{
	struct db	*db;

	if ((db = calloc(1, sizeof(*db))) == NULL)
		return NULL;
	if ((db->conninfo = strdup(conninfo)) == NULL) {
		free(db);
		return NULL;
	}
	return db;
}

void
db_set_tables(struct db *db, const struct stmt_table *const *tables,
    size_t n)
{
	db->prepared = 0;	/* prepared again, with these, on next use */
	db->tables = tables;
	db->ntables = n;
}

void
db_free(struct db *db)
{
	if (db == NULL)
		return;
	db_request_end(db);
	if (db->conn != NULL)
		PQfinish(db->conn);
	free(db->conninfo);
	free(db);
}

static void
db_disconnect(struct db *db)
{
	if (db->conn != NULL)
		PQfinish(db->conn);
	db->conn = NULL;
	db->prepared = 0;
	/* A transaction that was open is lost; the handler must not carry
	 * on as if it were not (in_tx stays until db_rollback). */
	if (db->in_tx)
		db->tx_failed = 1;
}

/* The end of a statement that failed (or may have): the transaction it
 * was in is lost, and a server that is gone (not one that refused for
 * now: lib/db.c, state_refused) is let go so the next call reconnects. */
static enum db_err
db_failed(struct db *db, enum db_err e)
{
	if (e != DB_OK && db->in_tx)
		db->tx_failed = 1;
	if (e == DB_UNAVAILABLE && !db->refused)
		db_disconnect(db);
	return e;
}

/* Table k of those db_prepare_all prepares: lib's, then db_set_tables'. */
static const struct stmt_table *
db_table(const struct db *db, size_t k)
{
	return k == 0 ? &lib_stmts : db->tables[k - 1];
}

/* The next result of a pipeline, after reading the end of its results;
 * NULL when the connection broke. */
static PGresult *
next_result(PGconn *conn)
{
	PGresult	*r, *end;

	if ((r = PQgetResult(conn)) != NULL)
		while ((end = PQgetResult(conn)) != NULL)
			PQclear(end);
	return r;
}

/*
 * Reads what PostgreSQL said to preparing st and describing it: DB_OK if
 * it has as many parameters and columns as declared; else DB_ERROR, with
 * a message naming it (a statement and the code reading it went out of
 * step: cgi/app/main.c then refuses to start). One that was not tried,
 * as an earlier one failed, is DB_ERROR without a message.
 */
static enum db_err
db_check_prepared(struct db *db, const char *area, const struct stmt_def *st)
{
	PGresult	*prep, *desc;
	enum db_err	 e = DB_ERROR;

	if ((prep = next_result(db->conn)) == NULL)
		return DB_UNAVAILABLE;
	if ((desc = next_result(db->conn)) == NULL) {
		PQclear(prep);
		return DB_UNAVAILABLE;
	}
	if (PQresultStatus(prep) == PGRES_PIPELINE_ABORTED)
		;
	else if (PQresultStatus(prep) != PGRES_COMMAND_OK)
		log_error("db: prepare %s (%s): %s", st->name, area,
		    PQresultErrorMessage(prep));
	else if (PQresultStatus(desc) != PGRES_COMMAND_OK)
		log_error("db: describe %s (%s): %s", st->name, area,
		    PQresultErrorMessage(desc));
	else if (PQnparams(desc) != st->nparams || PQnfields(desc) != st->ncols)
		log_error("db: statement %s (%s) has %d parameters and %d "
		    "columns, but is declared with %d and %d", st->name, area,
		    PQnparams(desc), PQnfields(desc), st->nparams, st->ncols);
	else
		e = DB_OK;
	PQclear(prep);
	PQclear(desc);
	return e;
}

/*
 * Prepares and describes every statement in one round trip (pipeline
 * mode), then checks each: DB_ERROR when one is not as declared (every
 * one that is not is logged), DB_UNAVAILABLE when the connection broke.
 */
static enum db_err
db_prepare_all(struct db *db)
{
	const struct stmt_table	*t;
	const struct stmt_def	*st;
	PGresult		*r;
	enum db_err		 e = DB_OK, one;
	size_t			 k, i;

	if (!PQenterPipelineMode(db->conn))
		return DB_ERROR;
	for (k = 0; k <= db->ntables; k++) {
		t = db_table(db, k);
		for (i = 0; i < t->n; i++) {
			st = t->defs[i];
			if (!PQsendPrepare(db->conn, st->name, st->sql,
			    st->nparams, NULL) ||
			    !PQsendDescribePrepared(db->conn, st->name))
				goto broken;
		}
	}
	if (!PQpipelineSync(db->conn))
		goto broken;
	for (k = 0; k <= db->ntables; k++) {
		t = db_table(db, k);
		for (i = 0; i < t->n; i++) {
			one = db_check_prepared(db, t->area, t->defs[i]);
			if (one == DB_UNAVAILABLE)
				goto broken;
			if (e == DB_OK)
				e = one;
		}
	}
	r = PQgetResult(db->conn);
	if (PQresultStatus(r) != PGRES_PIPELINE_SYNC) {
		PQclear(r);
		goto broken;
	}
	PQclear(r);
	if (!PQexitPipelineMode(db->conn))
		goto broken;
	if (e == DB_OK)
		db->prepared = 1;
	return e;
broken:
	log_error("db: preparing the statements: %s",
	    PQerrorMessage(db->conn));
	return DB_UNAVAILABLE;
}

static enum db_err
db_session_setup(struct db *db)
{
	PGresult	*r = PQexec(db->conn, "SET jit = off");
	int		 ok = PQresultStatus(r) == PGRES_COMMAND_OK;

	if (!ok)
		log_error("db: SET jit = off: %s", PQerrorMessage(db->conn));
	PQclear(r);
	return ok ? DB_OK : DB_UNAVAILABLE;
}

enum db_err
db_ensure(struct db *db)
{
	enum db_err	 e;

	if (db->conn != NULL && PQstatus(db->conn) == CONNECTION_OK &&
	    db->prepared)
		return DB_OK;
	db_disconnect(db);
	db->conn = PQconnectdb(db->conninfo);
	if (PQstatus(db->conn) != CONNECTION_OK) {
		log_warn("db: cannot connect: %s", PQerrorMessage(db->conn));
		db_disconnect(db);
		return DB_UNAVAILABLE;
	}
	/* No JIT: the portal's statements run in milliseconds, and
	 * PostgreSQL compiles one whose estimate passes jit_above_cost
	 * (100 000) at its first run, for 1-2 s (measured on the export's
	 * month list, issue 21). */
	if ((e = db_session_setup(db)) != DB_OK ||
	    (e = db_prepare_all(db)) != DB_OK) {
		db_disconnect(db);
		return e;
	}
	return DB_OK;
}

/*
 * PostgreSQL is there but cannot do the work now, and the same request a
 * moment later may succeed: a read-only transaction (25006: a standby, or
 * default_transaction_read_only during maintenance), insufficient
 * resources (class 53: 53100 disk full, 53200 out of memory, 53300 too
 * many connections), an I/O error (58030). The person gets the 503 page
 * ("it may have arrived; sending it again is safe"), never 500.
 */
static int
state_refused(const char *state)
{
	return strcmp(state, "25006") == 0 || strncmp(state, "53", 2) == 0 ||
	    strcmp(state, "58030") == 0;
}

static enum db_err
map_error(struct db *db, const PGresult *r)
{
	const char	*state;

	state = r != NULL ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : NULL;
	if (state == NULL)
		return DB_ERROR;
	if (strcmp(state, "23505") == 0)
		return DB_UNIQUE;
	if (strncmp(state, "23", 2) == 0)
		return DB_CONSTRAINT;
	if (strcmp(state, "40001") == 0 || strcmp(state, "40P01") == 0)
		return DB_SERIALIZATION;
	/* 08: connection exception; 57P0x: server shutting down (57P01
	 * admin, 57P02 crash, 57P03 cannot connect now). */
	if (strncmp(state, "08", 2) == 0 || strncmp(state, "57P0", 4) == 0)
		return DB_UNAVAILABLE;
	if (state_refused(state)) {
		db->refused = 1;
		return DB_UNAVAILABLE;
	}
	return DB_ERROR;
}

static enum db_err
db_exec_once(struct db *db, const struct stmt_def *st,
    const char *const *params, PGresult **out)
{
	PGresult	*r;
	ExecStatusType	 s;
	enum db_err	 e;

	db->refused = 0;
	if (db->in_tx && db->tx_failed)
		return DB_UNAVAILABLE;
	if ((e = db_ensure(db)) != DB_OK)
		return e;
	r = PQexecPrepared(db->conn, st->name, st->nparams, params, NULL,
	    NULL, 0);
	s = PQresultStatus(r);
	if (s == PGRES_COMMAND_OK || s == PGRES_TUPLES_OK) {
		if (db->nres == DB_MAXRES) {
			log_error("db: too many results in one request");
			PQclear(r);
			return DB_ERROR;
		}
		db->res[db->nres++] = r;
		if (out != NULL)
			*out = r;
		return DB_OK;
	}
	if (PQstatus(db->conn) != CONNECTION_OK)
		e = DB_UNAVAILABLE;
	else
		e = map_error(db, r);
	if (e == DB_ERROR || e == DB_UNAVAILABLE)
		log_error("db: %s: %s", st->name, PQerrorMessage(db->conn));
	PQclear(r);
	return db_failed(db, e);	/* e is never DB_OK here */
}

enum db_err
db_exec(struct db *db, const struct stmt_def *st, const char *const *params,
    PGresult **out)
{
	enum db_err	 e;
	int		 was_in_tx = db->in_tx;

	e = db_exec_once(db, st, params, out);
	/* A connection that broke since the last request (PostgreSQL was
	 * restarted): try once more on a new one, if no work is lost. */
	if (e == DB_UNAVAILABLE && !was_in_tx && !db->refused) {
		log_info("db: reconnecting");
		e = db_exec_once(db, st, params, out);
	}
	return e;
}

/* Reads the results of a pipeline of n statements and its sync. Every
 * result is read even after an error, so the connection is clean. */
static enum db_err
batch_results(struct db *db, struct db_batch *b, size_t n)
{
	PGresult	*r;
	ExecStatusType	 s;
	enum db_err	 e = DB_OK;
	size_t		 i;

	for (i = 0; i < n; i++) {
		if ((r = PQgetResult(db->conn)) == NULL)
			return DB_UNAVAILABLE;
		s = PQresultStatus(r);
		if ((s == PGRES_COMMAND_OK || s == PGRES_TUPLES_OK) &&
		    db->nres < DB_MAXRES) {
			db->res[db->nres++] = r;
			b[i].res = r;
		} else {
			if (e == DB_OK) {
				e = s == PGRES_PIPELINE_ABORTED ? DB_ERROR :
				    PQstatus(db->conn) != CONNECTION_OK ?
				    DB_UNAVAILABLE : map_error(db, r);
				log_error("db: %s: %s", b[i].st->name,
				    PQerrorMessage(db->conn));
			}
			PQclear(r);
		}
		/* the end of this statement's results */
		while ((r = PQgetResult(db->conn)) != NULL)
			PQclear(r);
	}
	r = PQgetResult(db->conn);
	if (PQresultStatus(r) != PGRES_PIPELINE_SYNC && e == DB_OK)
		e = DB_UNAVAILABLE;
	PQclear(r);
	return e;
}

static enum db_err
db_batch_once(struct db *db, struct db_batch *b, size_t n)
{
	enum db_err	 e;
	size_t		 i;

	db->refused = 0;
	if (db->in_tx && db->tx_failed)
		return DB_UNAVAILABLE;
	if ((e = db_ensure(db)) != DB_OK)
		return e;
	if (!PQenterPipelineMode(db->conn))
		return DB_ERROR;
	for (i = 0; i < n; i++) {
		b[i].res = NULL;
		if (!PQsendQueryPrepared(db->conn, b[i].st->name,
		    b[i].st->nparams, b[i].params, NULL, NULL, 0))
			break;
	}
	if (i < n || !PQpipelineSync(db->conn)) {
		log_error("db: pipeline: %s", PQerrorMessage(db->conn));
		db_disconnect(db);
		return DB_UNAVAILABLE;
	}
	e = batch_results(db, b, n);
	if (!PQexitPipelineMode(db->conn) && e == DB_OK) {
		log_error("db: pipeline end: %s", PQerrorMessage(db->conn));
		e = DB_ERROR;
	}
	return db_failed(db, e);
}

enum db_err
db_batch(struct db *db, struct db_batch *b, size_t n)
{
	enum db_err	 e;
	int		 was_in_tx = db->in_tx;

	if (n == 0)
		return DB_OK;
	e = db_batch_once(db, b, n);
	if (e == DB_UNAVAILABLE && !was_in_tx && !db->refused) {
		log_info("db: reconnecting");
		e = db_batch_once(db, b, n);
	}
	return e;
}

enum tx_op { TX_BEGIN, TX_BEGIN_SNAPSHOT, TX_COMMIT, TX_ROLLBACK };

/* Transaction control: the only SQL not in a struct stmt_def, and only
 * literals. */
static enum db_err
db_tx(struct db *db, enum tx_op op)
{
	PGresult	*r;
	enum db_err	 e = DB_OK;

	db->refused = 0;
	if (db->conn == NULL)
		return DB_UNAVAILABLE;
	switch (op) {
	case TX_BEGIN:
		r = PQexec(db->conn, "BEGIN");
		break;
	case TX_BEGIN_SNAPSHOT:
		r = PQexec(db->conn,
		    "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
		break;
	case TX_COMMIT:
		r = PQexec(db->conn, "COMMIT");
		break;
	case TX_ROLLBACK:
	default:
		r = PQexec(db->conn, "ROLLBACK");
		break;
	}
	if (PQresultStatus(r) != PGRES_COMMAND_OK) {
		e = PQstatus(db->conn) != CONNECTION_OK ? DB_UNAVAILABLE :
		    map_error(db, r);
		log_error("db: transaction: %s", PQerrorMessage(db->conn));
	} else if (op == TX_COMMIT && strcmp(PQcmdStatus(r), "COMMIT") != 0) {
		/* COMMIT of an aborted transaction "succeeds" as ROLLBACK. */
		log_error("db: commit became %s", PQcmdStatus(r));
		e = DB_ERROR;
	}
	PQclear(r);
	if (e == DB_UNAVAILABLE && !db->refused)
		db_disconnect(db);
	return e;
}

static enum db_err
begin_as(struct db *db, enum tx_op op)
{
	enum db_err	 e;

	if ((e = db_ensure(db)) != DB_OK)
		return e;
	/* A broken connection shows only when used: probe, then retry. */
	db->tx_failed = 0;
	if ((e = db_tx(db, op)) == DB_UNAVAILABLE && !db->refused) {
		if ((e = db_ensure(db)) != DB_OK)
			return e;
		e = db_tx(db, op);
	}
	if (e == DB_OK)
		db->in_tx = 1;
	return e;
}

enum db_err
db_begin(struct db *db)
{
	return begin_as(db, TX_BEGIN);
}

enum db_err
db_begin_snapshot(struct db *db)
{
	return begin_as(db, TX_BEGIN_SNAPSHOT);
}

/*
 * The rest of a statement's rows is not wanted (db_each's fn stopped: the
 * client left). Asks PostgreSQL to cancel it, on a connection of its own
 * (PQcancel; libpq 15 has no newer API), so the server stops producing
 * rows instead of the worker reading and dropping every one of them.
 * 1 when the request was sent. A statement that has already ended is
 * not touched: the server ignores a cancel that comes while it waits
 * for the next command.
 */
static int
cancel_rest(struct db *db, const char *name)
{
	PGcancel	*c;
	char		 err[256];
	int		 ok;

	if ((c = PQgetCancel(db->conn)) == NULL) {
		log_warn("db: %s: no cancel: %s", name,
		    PQerrorMessage(db->conn));
		return 0;
	}
	if (!(ok = PQcancel(c, err, sizeof(err))))
		log_warn("db: %s: cancel failed: %s", name, err);
	PQfreeCancel(c);
	return ok;
}

/* 1 when r is the error that ends a statement cancelled on request. */
static int
is_cancelled(const PGresult *r)
{
	const char	*state = PQresultErrorField(r, PG_DIAG_SQLSTATE);

	return state != NULL && strcmp(state, "57014") == 0;
}

enum db_err
db_each(struct db *db, const struct stmt_def *st, const char *const *params,
    int (*fn)(void *, const PGresult *), void *arg)
{
	PGresult	*r;
	ExecStatusType	 s;
	enum db_err	 e;
	int		 stop = 0, cancelled = 0;
	long		 dropped = 0;

	db->refused = 0;
	if (db->in_tx && db->tx_failed)
		return DB_UNAVAILABLE;
	if ((e = db_ensure(db)) != DB_OK)
		return e;
	if (!PQsendQueryPrepared(db->conn, st->name, st->nparams, params,
	    NULL, NULL, 0) || !PQsetSingleRowMode(db->conn)) {
		log_error("db: %s: %s", st->name, PQerrorMessage(db->conn));
		db_disconnect(db);
		return DB_UNAVAILABLE;
	}
	/* Every result is read to the end, so the connection is clean for
	 * the next statement; once fn stopped, the statement is cancelled
	 * and only the rows already on their way are read and dropped. */
	while ((r = PQgetResult(db->conn)) != NULL) {
		s = PQresultStatus(r);
		if (s == PGRES_SINGLE_TUPLE) {
			if (stop)
				dropped++;
			else if (fn(arg, r) != 0) {
				stop = 1;
				cancelled = cancel_rest(db, st->name);
			}
		} else if (s != PGRES_TUPLES_OK && e == DB_OK) {
			e = PQstatus(db->conn) != CONNECTION_OK ?
			    DB_UNAVAILABLE : map_error(db, r);
			/* the cancel we asked for is no failure to log */
			if (!(cancelled && is_cancelled(r)))
				log_error("db: %s: %s", st->name,
				    PQerrorMessage(db->conn));
		}
		PQclear(r);
	}
	if (stop) {
		log_info("db: %s: stopped by the caller%s; %ld rows dropped",
		    st->name, cancelled ? ", cancelled" : "", dropped);
		if (e == DB_OK)
			e = DB_ERROR;
	}
	return db_failed(db, e);
}

enum db_err
db_commit(struct db *db)
{
	enum db_err	 e;

	if (db->tx_failed) {
		db_rollback(db);
		return DB_UNAVAILABLE;
	}
	e = db_tx(db, TX_COMMIT);
	db->in_tx = 0;
	return e;
}

void
db_rollback(struct db *db)
{
	if (!db->in_tx)
		return;
	if (db->conn != NULL)
		(void)db_tx(db, TX_ROLLBACK);
	db->in_tx = 0;
	db->tx_failed = 0;
}

int
db_in_tx(const struct db *db)
{
	return db->in_tx;
}

void
db_request_end(struct db *db)
{
	size_t	 i;

	db_rollback(db);
	for (i = 0; i < db->nres; i++)
		PQclear(db->res[i]);
	db->nres = 0;
	bad_reads = 0;
}

int
db_read_failed(void)
{
	return bad_reads;
}

/*
 * 1 if (row, col) is in r. A row it does not have (no result, or fewer
 * rows: "not found" reads as empty) is 0 quietly; a column the statement
 * does not have is a bug, not an empty value: logged and counted.
 */
static int
db_in_result(const PGresult *r, int row, int col)
{
	if (r == NULL)
		return 0;
	if (col < 0 || col >= PQnfields(r)) {
		log_error("db: read of column %d of a result with %d columns",
		    col, PQnfields(r));
		bad_reads++;
		return 0;
	}
	return row >= 0 && row < PQntuples(r);
}

int
db_rows(const PGresult *r)
{
	return r != NULL ? PQntuples(r) : 0;
}

const char *
db_val(const PGresult *r, int row, int col)
{
	if (!db_in_result(r, row, col))
		return "";
	return PQgetvalue(r, row, col);
}

int
db_isnull(const PGresult *r, int row, int col)
{
	if (!db_in_result(r, row, col))
		return 1;
	return PQgetisnull(r, row, col);
}

int
db_bool(const PGresult *r, int row, int col)
{
	return strcmp(db_val(r, row, col), "t") == 0;
}

long
db_long(const PGresult *r, int row, int col)
{
	long	 v;

	if (util_parse_long(db_val(r, row, col), LONG_MIN, LONG_MAX, &v) == -1)
		return 0;
	return v;
}

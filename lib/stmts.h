/*
 * stmts.h - the shape of a SQL statement, and the statements shared by
 * lib/ and by several areas of cgi/ (sessions, log-in, audit, document
 * facts, families, outbox).
 *
 * Owns: struct stmt_def and struct stmt_table, and the shared statements
 * (lib/stmts.c). A statement used by one area only is declared at the top
 * of its file in cgi/<area>/, with the enum of its columns right under it,
 * and listed in that file's table; cgi/app/stmt_registry.c lists the
 * tables (the outbox process registers its own, cgi/outbox/outboxd.c).
 * Never: SQL built from input (values go in as $n parameters), or SQL
 * anywhere but in a struct stmt_def.
 */
#ifndef GP_STMTS_H
#define GP_STMTS_H

#include <stddef.h>

/*
 * A statement: its name (unique among all statements; PostgreSQL's name
 * for it on every connection), its SQL, the number of its $n parameters
 * and of its columns (0 when it returns no rows). lib/db checks both
 * against PQdescribePrepared when it prepares it, and refuses the
 * connection, naming the statement, when they disagree.
 *
 * A statement is a const one-element array, so its name is the handle
 * lib/db takes (a pointer, as with jmp_buf): db_exec(db, ST_HEALTH, ...).
 * Define one as
 *
 *	static const struct stmt_def ST_X[1] = {{ "x",
 *		"SELECT a, b FROM t WHERE c = $1", 1, 2 }};
 *	enum { X_A, X_B };	(its columns, right under it)
 */
struct stmt_def {
	const char	*name;
	const char	*sql;
	int		 nparams;
	int		 ncols;
};

/* The statements of one area (or of lib/), as lib/db prepares them. */
struct stmt_table {
	const char			*area;	/* for log messages */
	const struct stmt_def *const	*defs;
	size_t				 n;
};

/* SQL fragments that statements of several areas use. */
/* Whether request r is open and its deadline has passed (today in the
 * Netherlands): requests/ and outbox/. */
#define REQUEST_LATE "(r.status IN ('ingediend', 'in behandeling') " \
	"AND r.due_on < (now() AT TIME ZONE 'Europe/Amsterdam')::date)"

/*
 * A message to a member: the outbox columns (kind, recipient, subject,
 * body) for member `person` (SQL) with contact details `cd` (an alias of
 * contact_details), about `about` (a quoted code of letter.about, for a
 * letter), with the rendered mail `subj` and `body` ($n). A member who
 * chose post or the counter on /gegevens gets a letter in the counter's
 * print queue (sql/025_a_letters.sql), never a mail; anyone else a mail
 * to the address they gave. MEMBER_REACHED(cd) in the WHERE: one of the
 * two is possible.
 */
#define MEMBER_BY_LETTER(cd) "(" cd ".reach_by IN ('post', 'balie'))"
#define MEMBER_OUTBOX(cd, person, about, subj, body) \
	"CASE WHEN " MEMBER_BY_LETTER(cd) " THEN 'letter' ELSE 'mail' END, " \
	"CASE WHEN " MEMBER_BY_LETTER(cd) " THEN (" person ")::text " \
	"  ELSE " cd ".email END, " \
	"CASE WHEN " MEMBER_BY_LETTER(cd) " THEN " about " ELSE " subj \
	" END, " \
	"CASE WHEN " MEMBER_BY_LETTER(cd) " THEN '' ELSE " body " END"
#define MEMBER_REACHED(cd) \
	"(" cd ".email <> '' OR " MEMBER_BY_LETTER(cd) ")"

/* The statements below (lib/stmts.c); lib/db always prepares them. */
extern const struct stmt_table lib_stmts;

extern const struct stmt_def	ST_HEALTH[1];
extern const struct stmt_def	ST_SESSION_INSERT[1];
extern const struct stmt_def	ST_SESSION_LOAD[1];
enum session_col {
	SESS_PERSON, SESS_KIND, SESS_GIVEN, SESS_FAMILY, SESS_LANGUAGE,
	SESS_TOUCH_DUE, SESS_AGE
};
extern const struct stmt_def	ST_SESSION_TOUCH[1];
extern const struct stmt_def	ST_SESSION_DELETE[1];
extern const struct stmt_def	ST_SESSION_DELETE_OTHERS[1];
extern const struct stmt_def	ST_SESSION_PURGE[1];
extern const struct stmt_def	ST_ASSIST_LOAD[1];
enum {
	ASSIST_ID, ASSIST_CITIZEN, ASSIST_GIVEN, ASSIST_FAMILY,
	ASSIST_LANGUAGE, ASSIST_AGE, ASSIST_ENDS, ASSIST_LIVE, ASSIST_ORG
};
extern const struct stmt_def	ST_ASSIST_CLOSE[1];
extern const struct stmt_def	ST_ACCOUNT_BY_USERNAME[1];
enum account_col { ACCT_PERSON, ACCT_HASH, ACCT_KIND };
extern const struct stmt_def	ST_LOGIN_LOCK[1];
extern const struct stmt_def	ST_LOGIN_ATTEMPT_PURGE[1];
extern const struct stmt_def	ST_LOGIN_FAILURES[1];
enum failures_col { FAIL_PAIR, FAIL_PAIR_SINCE, FAIL_ADDR, FAIL_ADDR_SINCE };
extern const struct stmt_def	ST_LOGIN_ATTEMPT_INSERT[1];
extern const struct stmt_def	ST_CHALLENGE_DELETE_PERSON[1];
extern const struct stmt_def	ST_TOTP_USE_STEP[1];
extern const struct stmt_def	ST_TOTP_ENROL[1];
enum { ENROL_PERSON };
extern const struct stmt_def	ST_AUDIT_INSERT[1];
extern const struct stmt_def	ST_FAMILIES_OF_CITIZEN[1];
extern const struct stmt_def	ST_FAMILIES_OF_PROFESSIONAL[1];
/* the columns of both */
enum family_col {
	FAMILY_ID, FAMILY_PUBLIC_ID, FAMILY_NAME, FAMILY_FRAMEWORK
};
extern const struct stmt_def	ST_FAMILY_MEMBERS[1];
/* MEMBER_AUTHORITY: the children this member has parental authority
 * over, "12,14" ("" none; sql/037_authority.sql, authority_over()). */
enum member_col {
	MEMBER_ID, MEMBER_GIVEN, MEMBER_FAMILY, MEMBER_ROLE, MEMBER_AUTHORITY,
	MEMBER_AGE, MEMBER_ACCOUNT
};
extern const struct stmt_def	ST_FAMILY_PROFESSIONALS[1];
enum pro_col { PRO_GIVEN, PRO_FAMILY, PRO_TITLE, PRO_ORG };
/* The columns of these eight: enum doc_col, cgi/dossier/dossier.h. */
extern const struct stmt_def	ST_DOC_ONE[1];
extern const struct stmt_def	ST_DOC_BY_SESSION[1];
extern const struct stmt_def	ST_DOC_PAGE_DOWN[1];
extern const struct stmt_def	ST_DOC_PAGE_UP[1];
extern const struct stmt_def	ST_DOC_BY_IDS[1];
extern const struct stmt_def	ST_DOC_FACTS_BY_IDS[1];
extern const struct stmt_def	ST_DOC_READABLE[1];
extern const struct stmt_def	ST_DOC_ABOUT_DOWN[1];
extern const struct stmt_def	ST_DOC_ABOUT_UP[1];
/* ST_OUTBOX_CLAIM's columns: in cgi/outbox/outboxd.c, its reader. */
extern const struct stmt_def	ST_OUTBOX_CLAIM[1];
extern const struct stmt_def	ST_OUTBOX_SENT[1];
extern const struct stmt_def	ST_OUTBOX_FAILED[1];
extern const struct stmt_def	ST_ORGS[1];
enum org_col { ORG_SLUG, ORG_NAME };
extern const struct stmt_def	ST_CONTACT_GET[1];
/* ST_CONTACT_GET's columns */
enum contact_col {
	CONTACT_PHONE, CONTACT_EMAIL, CONTACT_ADDRESS, CONTACT_REACH
};

#endif

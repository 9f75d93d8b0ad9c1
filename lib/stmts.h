/*
 * stmts.h - the shape of a SQL statement, and the statements shared by
 * lib/ and by several areas of cgi/ (sessions, log-in, audit, document
 * facts, families, outbox).
 *
 * Owns: struct stmt_def and struct stmt_table, and the shared statements
 * (lib/stmts.c). A statement used by one area only is declared at the top
 * of its file in cgi/<area>/, with the enum of its columns right under it,
 * and listed in that file's table; cgi/app/stmts.c registers the tables.
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

/* The statements below (lib/stmts.c); lib/db always prepares them. */
extern const struct stmt_table lib_stmts;

extern const struct stmt_def	ST_HEALTH[1];
extern const struct stmt_def	ST_SESSION_INSERT[1];
extern const struct stmt_def	ST_SESSION_LOAD[1];
extern const struct stmt_def	ST_SESSION_TOUCH[1];
extern const struct stmt_def	ST_SESSION_DELETE[1];
extern const struct stmt_def	ST_SESSION_PURGE[1];
extern const struct stmt_def	ST_ACCOUNT_BY_USERNAME[1];
extern const struct stmt_def	ST_LOGIN_LOCK[1];
extern const struct stmt_def	ST_LOGIN_ATTEMPT_PURGE[1];
extern const struct stmt_def	ST_LOGIN_FAILURES[1];
extern const struct stmt_def	ST_LOGIN_ATTEMPT_INSERT[1];
extern const struct stmt_def	ST_AUDIT_INSERT[1];
extern const struct stmt_def	ST_PERSON_SET_LANGUAGE[1];
extern const struct stmt_def	ST_FAMILIES_OF_CITIZEN[1];
extern const struct stmt_def	ST_FAMILIES_OF_PROFESSIONAL[1];
extern const struct stmt_def	ST_FAMILY_MEMBERS[1];
extern const struct stmt_def	ST_FAMILY_PROFESSIONALS[1];
extern const struct stmt_def	ST_DOC_ONE[1];
extern const struct stmt_def	ST_DOC_BY_SESSION[1];
extern const struct stmt_def	ST_DOC_LIST[1];
extern const struct stmt_def	ST_DOC_READ_LOG[1];
extern const struct stmt_def	ST_INZAGE[1];
extern const struct stmt_def	ST_DOC_FILE[1];
extern const struct stmt_def	ST_UPLOAD_MEMBERS[1];
extern const struct stmt_def	ST_DOC_INSERT[1];
extern const struct stmt_def	ST_DOC_SUBJECTS_INSERT[1];
extern const struct stmt_def	ST_DOC_HIDDEN_INSERT[1];
extern const struct stmt_def	ST_DOC_PART_INSERT[1];
extern const struct stmt_def	ST_VIEW_LIST[1];
extern const struct stmt_def	ST_VIEW_INSERT[1];
extern const struct stmt_def	ST_VIEW_SAME[1];
extern const struct stmt_def	ST_YOUTH_SHARES[1];
extern const struct stmt_def	ST_YOUTH_SHARE_SET[1];
extern const struct stmt_def	ST_DOC_PARTS[1];
extern const struct stmt_def	ST_DOC_FILE_INSERT[1];
extern const struct stmt_def	ST_DOC_NEW_VERSION[1];
extern const struct stmt_def	ST_DOC_MEMBERS[1];
extern const struct stmt_def	ST_CONSENT_HISTORY[1];
extern const struct stmt_def	ST_DOC_VERSION_LOCK[1];
extern const struct stmt_def	ST_CONSENT_SAME[1];
extern const struct stmt_def	ST_COMMENT_SAME[1];
extern const struct stmt_def	ST_CONSENT_INSERT[1];
extern const struct stmt_def	ST_COMMENT_LIST[1];
extern const struct stmt_def	ST_COMMENT_INSERT[1];
extern const struct stmt_def	ST_OUTBOX_MAIL_ASSIGNED[1];
extern const struct stmt_def	ST_OUTBOX_CLAIM[1];
extern const struct stmt_def	ST_OUTBOX_SENT[1];
extern const struct stmt_def	ST_OUTBOX_FAILED[1];
extern const struct stmt_def	ST_ORGS[1];
extern const struct stmt_def	ST_ORG_BY_SLUG[1];
extern const struct stmt_def	ST_SHARE_LIST[1];
extern const struct stmt_def	ST_SHARE_PENDING[1];
extern const struct stmt_def	ST_DOC_LOCK[1];
extern const struct stmt_def	ST_SHARE_ACTIVE[1];
extern const struct stmt_def	ST_SHARE_INSERT[1];
extern const struct stmt_def	ST_SHARE_AGREE[1];
extern const struct stmt_def	ST_SHARE_AGREED[1];
extern const struct stmt_def	ST_SHARE_ACTIVATE[1];
extern const struct stmt_def	ST_SHARE_ONE[1];
extern const struct stmt_def	ST_SHARE_REVOKE[1];
extern const struct stmt_def	ST_SHARE_DATES[1];
extern const struct stmt_def	ST_SHARE_ENDED[1];
extern const struct stmt_def	ST_OUTBOX_WEBHOOK[1];
extern const struct stmt_def	ST_CONTACT_GET[1];
extern const struct stmt_def	ST_CONTACT_HISTORY[1];
extern const struct stmt_def	ST_CONTACT_SAVE[1];
extern const struct stmt_def	ST_OUTBOX_MAIL_PERSON_PROS[1];
extern const struct stmt_def	ST_APPT_FREE[1];
extern const struct stmt_def	ST_APPT_MINE[1];
extern const struct stmt_def	ST_APPT_SLOT_CHECK[1];
extern const struct stmt_def	ST_APPT_BOOK[1];
extern const struct stmt_def	ST_APPT_ONE[1];
extern const struct stmt_def	ST_APPT_CANCEL[1];
extern const struct stmt_def	ST_APPT_CANCEL_PRO[1];
extern const struct stmt_def	ST_APPT_MAIL_BOOKER[1];
extern const struct stmt_def	ST_APPT_MAIL_PRO[1];
extern const struct stmt_def	ST_APPT_REMINDER[1];
extern const struct stmt_def	ST_APPT_REMINDER_OFF[1];
extern const struct stmt_def	ST_APPT_PRO_SLOTS[1];
extern const struct stmt_def	ST_APPT_PRO_FAMILIES[1];
extern const struct stmt_def	ST_APPT_SLOT_TIME[1];
extern const struct stmt_def	ST_APPT_SLOT_INSERT[1];
extern const struct stmt_def	ST_APPT_SLOT_LOCK[1];
extern const struct stmt_def	ST_APPT_SLOT_WITHDRAW[1];
extern const struct stmt_def	ST_APPT_SLOT_MINE[1];
extern const struct stmt_def	ST_APPT_PERSON_LOCK[1];
extern const struct stmt_def	ST_APPT_COMING[1];
extern const struct stmt_def	ST_APPT_REMINDER_READDRESS[1];
extern const struct stmt_def	ST_APPT_PRO_CANCELLED[1];
extern const struct stmt_def	ST_EXPORT_PERSON[1];
extern const struct stmt_def	ST_EXPORT_CONTACT[1];
extern const struct stmt_def	ST_EXPORT_CONTACT_HISTORY[1];
extern const struct stmt_def	ST_EXPORT_MEMBERSHIPS[1];
extern const struct stmt_def	ST_EXPORT_DOCUMENTS[1];
extern const struct stmt_def	ST_EXPORT_PARTS[1];
extern const struct stmt_def	ST_EXPORT_COMMENTS[1];
extern const struct stmt_def	ST_EXPORT_VIEWS[1];
extern const struct stmt_def	ST_EXPORT_CONSENTS[1];
extern const struct stmt_def	ST_EXPORT_APPOINTMENTS[1];
extern const struct stmt_def	ST_EXPORT_SHARES[1];
extern const struct stmt_def	ST_EXPORT_AUDIT[1];
extern const struct stmt_def	ST_EXPORT_SHIELDED[1];
extern const struct stmt_def	ST_EXPORT_REQUESTS[1];
extern const struct stmt_def	ST_EXPORT_REQUEST_EVENTS[1];
extern const struct stmt_def	ST_EXPORT_REMINDERS[1];
extern const struct stmt_def	ST_FAMILY_OF_PRO[1];
extern const struct stmt_def	ST_FAMILY_CONTACTS[1];
extern const struct stmt_def	ST_FAMILY_CONTACTS_AUDIT[1];
extern const struct stmt_def	ST_CONFIDENTIAL_ADD[1];
extern const struct stmt_def	ST_CONFIDENTIAL_REMOVE[1];
extern const struct stmt_def	ST_REQUEST_INSERT[1];
extern const struct stmt_def	ST_REQUEST_SAME[1];
extern const struct stmt_def	ST_REQUEST_LIST[1];
extern const struct stmt_def	ST_REQUEST_ONE[1];
extern const struct stmt_def	ST_REQUEST_EVENTS[1];
extern const struct stmt_def	ST_REQUEST_TAKE_UP[1];
extern const struct stmt_def	ST_REQUEST_EXTEND[1];
extern const struct stmt_def	ST_REQUEST_ANSWER[1];
extern const struct stmt_def	ST_REQUEST_AUTHOR_LANGUAGE[1];
extern const struct stmt_def	ST_REQUEST_MAIL_AUTHOR[1];
extern const struct stmt_def	ST_REQUEST_WEBHOOK[1];
extern const struct stmt_def	ST_REQUEST_OVERDUE[1];
extern const struct stmt_def	ST_REPLY_INVITE[1];
extern const struct stmt_def	ST_REPLY_TOKEN_MINT[1];
extern const struct stmt_def	ST_REPLY_TOKEN_UNMINT[1];
extern const struct stmt_def	ST_REPLY_TOKEN_FIND[1];
extern const struct stmt_def	ST_REPLY_TOKEN_USE[1];
extern const struct stmt_def	ST_REPLY_COMMENT_ONE[1];
extern const struct stmt_def	ST_REPLY_COMMENT_ANSWER[1];
extern const struct stmt_def	ST_REPLY_WORKLIST[1];

#endif

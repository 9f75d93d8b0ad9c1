/*
 * stmts.h - every SQL statement the portal runs, by number.
 *
 * Owns: the fixed set of statements (lib/stmts.c), prepared once per
 * worker connection by lib/db. Nothing else in the portal writes SQL, and
 * no statement is ever built from input: values go in as parameters.
 */
#ifndef GP_STMTS_H
#define GP_STMTS_H

#include <stddef.h>

enum stmt {
	ST_HEALTH,
	ST_SESSION_INSERT,
	ST_SESSION_LOAD,
	ST_SESSION_DELETE,
	ST_SESSION_DELETE_PERSON_OTHERS,
	ST_SESSION_PURGE,
	ST_ACCOUNT_BY_USERNAME,
	ST_LOGIN_LOCK,
	ST_LOGIN_FAILURES,
	ST_LOGIN_ATTEMPT_PURGE,
	ST_LOGIN_ATTEMPT_INSERT,
	ST_AUDIT_INSERT,
	ST_PERSON_SET_LANGUAGE,
	ST_FAMILIES_OF_CITIZEN,
	ST_FAMILIES_OF_PROFESSIONAL,
	ST_FAMILY_MEMBERS,
	ST_FAMILY_PROFESSIONALS,
	ST_DOC_ONE,
	ST_DOC_LIST,
	ST_DOC_READ_LOG,
	ST_INZAGE,
	ST_DOC_FILE,
	ST_UPLOAD_MEMBERS,
	ST_DOC_INSERT,
	ST_DOC_SUBJECTS_INSERT,
	ST_DOC_HIDDEN_INSERT,
	ST_DOC_FILE_INSERT,
	ST_DOC_NEW_VERSION,
	ST_DOC_MEMBERS,
	ST_CONSENT_HISTORY,
	ST_DOC_VERSION_LOCK,
	ST_CONSENT_SAME,
	ST_COMMENT_SAME,
	ST_CONSENT_INSERT,
	ST_COMMENT_LIST,
	ST_COMMENT_INSERT,
	ST_OUTBOX_MAIL_ASSIGNED,
	ST_OUTBOX_CLAIM,
	ST_OUTBOX_SENT,
	ST_OUTBOX_FAILED,
	ST__MAX
};

struct stmt_def {
	const char	*name;	/* prepared statement name */
	const char	*sql;
	int		 nparams;
};

extern const struct stmt_def stmt_defs[ST__MAX];

#endif

/*
 * stmt_registry.c - the areas' tables of statements (see stmt_registry.h).
 * A file in cgi/<area>/ with statements of its own defines them at its
 * top, each with the enum of its columns right under it, and exports
 * them as `const struct stmt_table <file>_stmts`; list that here. (The
 * outbox process prepares its own table, in cgi/outbox/outboxd.c.)
 */
#include "app/stmt_registry.h"

/* Defined in the areas' files; declared only here (nobody else uses
 * them, and app/ is the one folder that may know every area). */
extern const struct stmt_table	mail_stmts;		/* core/ */
extern const struct stmt_table	shield_stmts;
extern const struct stmt_table	draft_stmts;
extern const struct stmt_table	notify_stmts;
extern const struct stmt_table	reqaudit_stmts;
extern const struct stmt_table	contactsave_stmts;
extern const struct stmt_table	appointments_stmts;	/* agenda/ */
extern const struct stmt_table	slots_stmts;
extern const struct stmt_table	requests_stmts;		/* requests/ */
extern const struct stmt_table	reply_stmts;
extern const struct stmt_table	worklist_stmts;
extern const struct stmt_table	share_stmts;		/* sharing/ */
extern const struct stmt_table	share_tasks_stmts;
extern const struct stmt_table	family_contact_stmts;	/* family/ */
extern const struct stmt_table	member_shield_stmts;
extern const struct stmt_table	code_stmts;		/* account/ */
extern const struct stmt_table	contact_stmts;
extern const struct stmt_table	mailconfirm_stmts;
extern const struct stmt_table	sessions_stmts;
extern const struct stmt_table	password_stmts;
extern const struct stmt_table	export_stmts;
extern const struct stmt_table	inzage_stmts;
extern const struct stmt_table	misc_stmts;
extern const struct stmt_table	waiting_stmts;
extern const struct stmt_table	comments_stmts;		/* dossier/ */
extern const struct stmt_table	consent_stmts;
extern const struct stmt_table	documents_stmts;
extern const struct stmt_table	dossier_stmts;
extern const struct stmt_table	edit_stmts;
extern const struct stmt_table	versions_stmts;
extern const struct stmt_table	files_stmts;
extern const struct stmt_table	parents_stmts;
extern const struct stmt_table	shared_with_stmts;
extern const struct stmt_table	share_asks_stmts;
extern const struct stmt_table	upload_stmts;
extern const struct stmt_table	owndoc_stmts;
extern const struct stmt_table	views_stmts;
extern const struct stmt_table	messages_stmts;		/* messages/ */
extern const struct stmt_table	help_stmts;		/* help/ */
extern const struct stmt_table	post_stmts;		/* counter/ */
extern const struct stmt_table	counter_stmts;		/* counter/ */
extern const struct stmt_table	receipt_stmts;
extern const struct stmt_table	activation_stmts;
extern const struct stmt_table	checkin_stmts;		/* selfcare/ */
extern const struct stmt_table	feedback_stmts;
extern const struct stmt_table	onderzoek_stmts;		/* research/ */
extern const struct stmt_table	research_export_stmts;
extern const struct stmt_table	analysis_member_stmts;	/* analysis/ */
extern const struct stmt_table	analysis_pro_stmts;

const struct stmt_table *const stmt_registry[] = {
	&mail_stmts,
	&shield_stmts,
	&draft_stmts,
	&notify_stmts,
	&reqaudit_stmts,
	&contactsave_stmts,
	&appointments_stmts,
	&slots_stmts,
	&requests_stmts,
	&reply_stmts,
	&worklist_stmts,
	&share_stmts,
	&share_tasks_stmts,
	&family_contact_stmts,
	&member_shield_stmts,
	&code_stmts,
	&contact_stmts,
	&mailconfirm_stmts,
	&sessions_stmts,
	&password_stmts,
	&export_stmts,
	&inzage_stmts,
	&misc_stmts,
	&waiting_stmts,
	&comments_stmts,
	&consent_stmts,
	&documents_stmts,
	&dossier_stmts,
	&edit_stmts,
	&versions_stmts,
	&files_stmts,
	&parents_stmts,
	&shared_with_stmts,
	&share_asks_stmts,
	&upload_stmts,
	&owndoc_stmts,
	&views_stmts,
	&messages_stmts,
	&help_stmts,
	&post_stmts,
	&counter_stmts,
	&receipt_stmts,
	&activation_stmts,
	&checkin_stmts,
	&feedback_stmts,
	&onderzoek_stmts,
	&research_export_stmts,
	&analysis_member_stmts,
	&analysis_pro_stmts,
};

const size_t stmt_registry_n = sizeof(stmt_registry) /
    sizeof(stmt_registry[0]);

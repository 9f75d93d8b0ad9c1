/*
 * routes.c - the one table of pages: everything the dispatcher
 * (cgi/app/app.c) does with a request comes from its row. Nothing is
 * routed outside it, and app.c holds no URL.
 *
 * A row: method, pattern, role, flags (enum page_flag), handler, the
 * menu item shown as current, and the statement sent with the session's
 * (prefetch). A role picks the row: rows of one method and pattern
 * differ by role (struct page says how one is chosen). Order matters
 * only where two patterns could match the same path: the first decides.
 *
 * `portal routes` prints the table; README.md's route list is that
 * output (scripts/readme-routes.sh; make lint fails when they differ).
 *
 * Owns: the table and its consistency check. Never: decides anything per
 * request (app.c does, from the table).
 */
#include <stdio.h>
#include <string.h>

#include "core/portal.h"
#include "help/help.h"
#include "messages/messages.h"
#include "research/research.h"
#include "analysis/analysis.h"

/* A handler or prefetch function and its name (for `portal routes`). */
#define H(fn)	fn, #fn
#define PF(fn)	fn, #fn
#define NOPF	NULL, NULL

/* Rows that refuse HEAD: every page behind a log-in may log a read. */
#define NH	RF_NO_HEAD
/* Forms whose text is kept over a time-out (core/draft.h): comments,
 * requests, messages, contact details. */
#define KT	RF_KEEPS_TEXT

const struct page pages[] = {
	{ "GET",  "/", ROLE_PUBLIC, 0, H(h_home), NULL, NOPF },
	/* HEAD as today: a logged-in start page is not refused (it logs
	 * family.read); see README, "Routes". */
	{ "GET",  "/", ROLE_CITIZEN, 0, H(h_home_citizen), NULL, NOPF },
	{ "GET",  "/", ROLE_PROFESSIONAL, 0, H(h_home_professional), NULL,
	    NOPF },
	{ "GET",  "/", ROLE_CLERK, 0, H(h_home_clerk), NULL, NOPF },
	{ "GET",  "/inloggen", ROLE_PUBLIC, RF_LOGIN_PAGE, H(h_login_form),
	    NULL, NOPF },
	{ "POST", "/inloggen", ROLE_PUBLIC, RF_PRE_SESSION_CSRF, H(h_login),
	    NULL, NOPF },
	/* The second step for staff. HEAD would use up the one showing of a
	 * new secret unseen. */
	{ "GET",  "/inloggen/code", ROLE_PUBLIC, NH, H(h_code_form), NULL,
	    NOPF },
	{ "POST", "/inloggen/code", ROLE_PUBLIC, 0, H(h_code), NULL, NOPF },
	{ "POST", "/uitloggen", ROLE_USER, 0, H(h_logout), NULL, NOPF },
	/* a clerk logs out as the clerk, also in an assisted session */
	{ "POST", "/uitloggen", ROLE_CLERK, RF_COUNTER, H(h_logout), NULL,
	    NOPF },

	/* The counter (cgi/counter): reached by the clerk as the clerk,
	 * also during an assisted session (RF_COUNTER). */
	{ "GET",  "/balie", ROLE_CLERK, NH | RF_COUNTER, H(h_counter),
	    "balie", NOPF },
	{ "POST", "/balie", ROLE_CLERK, RF_COUNTER, H(h_counter_search),
	    "balie", NOPF },
	{ "POST", "/balie/sessie", ROLE_CLERK, RF_COUNTER,
	    H(h_counter_start), "balie", NOPF },
	{ "POST", "/balie/sessie/stop", ROLE_CLERK, RF_COUNTER,
	    H(h_counter_stop), "balie", NOPF },
	/* the receipt: its clerk for an hour, its citizen always */
	{ "GET",  "/balie/bon/{id}", ROLE_CLERK, NH | RF_COUNTER,
	    H(h_counter_receipt), "balie", NOPF },
	{ "GET",  "/balie/bon/{id}", ROLE_CITIZEN, NH, H(h_counter_receipt),
	    "inzage", NOPF },
	/* the activation letter for the citizen of the running session */
	{ "POST", "/balie/activatie", ROLE_CLERK, RF_COUNTER,
	    H(h_counter_activation), "balie", NOPF },
	/* with the letter's code: one's own log-in, or a new password */
	{ "GET",  "/activeren", ROLE_PUBLIC, 0, H(h_activate_form), NULL,
	    NOPF },
	{ "POST", "/activeren", ROLE_PUBLIC, RF_PRE_SESSION_CSRF,
	    H(h_activate), NULL, NOPF },

	{ "GET",  "/documenten", ROLE_USER, NH, H(h_documents), "documenten",
	    NOPF },
	{ "GET",  "/documenten/nieuw", ROLE_PROFESSIONAL, NH, H(h_upload_form),
	    "documenten", NOPF },
	{ "POST", "/documenten/nieuw", ROLE_PROFESSIONAL, 0, H(h_upload),
	    "documenten", NOPF },
	/* a member's own document (issue 18, part 2; at the counter too) */
	{ "GET",  "/documenten/nieuw", ROLE_CITIZEN, NH, H(h_owndoc_form),
	    "documenten", NOPF },
	{ "POST", "/documenten/nieuw", ROLE_CITIZEN, 0, H(h_owndoc_post),
	    "documenten", NOPF },
	{ "GET",  "/documenten/{id}", ROLE_USER, NH, H(h_document),
	    "documenten", PF(doc_prefetch) },
	{ "GET",  "/documenten/{id}/bestand", ROLE_USER, NH,
	    H(h_document_file), NULL, NOPF },
	{ "GET",  "/documenten/{id}/versies", ROLE_USER, NH, H(h_versions),
	    "documenten", NOPF },
	{ "GET",  "/documenten/{id}/versies/{n}", ROLE_USER, NH, H(h_version),
	    "documenten", NOPF },
	{ "GET",  "/documenten/{id}/versies/{n}/verschil", ROLE_USER, NH,
	    H(h_version_diff), "documenten", NOPF },
	{ "GET",  "/documenten/{id}/wijzigen", ROLE_PROFESSIONAL, NH,
	    H(h_edit_form), "documenten", NOPF },
	{ "POST", "/documenten/{id}/wijzigen", ROLE_PROFESSIONAL, 0, H(h_edit),
	    "documenten", NOPF },
	{ "GET",  "/documenten/{id}/wijzigen", ROLE_CITIZEN, NH,
	    H(h_owndoc_edit_form), "documenten", NOPF },
	{ "POST", "/documenten/{id}/wijzigen", ROLE_CITIZEN, 0,
	    H(h_owndoc_edit), "documenten", NOPF },
	{ "POST", "/documenten/{id}/verwijderen", ROLE_CITIZEN, 0,
	    H(h_owndoc_remove), "documenten", NOPF },
	{ "POST", "/documenten/{id}/reacties", ROLE_USER, KT, H(h_document_part),
	    "documenten", NOPF },
	{ "POST", "/documenten/{id}/instemming", ROLE_USER, 0,
	    H(h_document_part), "documenten", NOPF },
	{ "POST", "/documenten/{id}/ouders", ROLE_CITIZEN, 0,
	    H(h_document_part), "documenten", NOPF },
	{ "POST", "/documenten/{id}/visie", ROLE_USER, 0, H(h_document_part),
	    "documenten", NOPF },

	{ "GET",  "/inzage", ROLE_CITIZEN, NH, H(h_inzage), "inzage", NOPF },
	{ "GET",  "/gegevens", ROLE_CITIZEN, NH, H(h_contact), "gegevens",
	    NOPF },
	{ "POST", "/gegevens", ROLE_CITIZEN, KT, H(h_contact_post), "gegevens",
	    NOPF },
	/* The link that confirms a new mail address (account/mailconfirm.c):
	 * logged out, or logged in as the member it is for. */
	{ "GET",  "/bevestigen/{token}", ROLE_PUBLIC, RF_SECRET_PATH | NH,
	    H(h_mail_confirm_form), NULL, NOPF },
	{ "POST", "/bevestigen/{token}", ROLE_PUBLIC, RF_SECRET_PATH,
	    H(h_mail_confirm), NULL, NOPF },
	{ "GET",  "/bevestigd", ROLE_PUBLIC, 0, H(h_mail_confirmed), NULL,
	    NOPF },
	{ "POST", "/gegevens/elders-uitloggen", ROLE_CITIZEN, 0,
	    H(h_sessions_end_others), "gegevens", NOPF },
	{ "GET",  "/gegevens/wachtwoord", ROLE_CITIZEN, NH,
	    H(h_password_form), "gegevens", NOPF },
	{ "POST", "/gegevens/wachtwoord", ROLE_CITIZEN, 0, H(h_password),
	    "gegevens", NOPF },
	/* the explanatory analysis (issue 18, part 3): members answer,
	 * the professional opens, reads and publishes */
	{ "GET",  "/analyse", ROLE_CITIZEN, NH, H(h_analysis_member),
	    "documenten", NOPF },
	{ "GET",  "/analyse", ROLE_PROFESSIONAL, NH, H(h_analysis_pro),
	    "documenten", NOPF },
	{ "POST", "/analyse", ROLE_CITIZEN, 0, H(h_analysis_answer),
	    "documenten", NOPF },
	{ "POST", "/analyse", ROLE_PROFESSIONAL, 0, H(h_analysis_open),
	    "documenten", NOPF },
	{ "GET",  "/analyse/{id}", ROLE_PROFESSIONAL, NH, H(h_analysis_read),
	    "documenten", NOPF },
	{ "POST", "/analyse/{id}/publiceren", ROLE_PROFESSIONAL, 0,
	    H(h_analysis_publish), "documenten", NOPF },
	/* research and education (issue 18, part 6): my yes or no */
	{ "GET",  "/onderzoek", ROLE_CITIZEN, NH, H(h_research), "gegevens",
	    NOPF },
	{ "POST", "/onderzoek", ROLE_CITIZEN, 0, H(h_research_post),
	    "gegevens", NOPF },
	{ "GET",  "/delen", ROLE_CITIZEN, NH, H(h_share_page), "delen", NOPF },
	{ "POST", "/delen", ROLE_CITIZEN, 0, H(h_share_post), "delen", NOPF },
	{ "POST", "/delen/{id}/intrekken", ROLE_CITIZEN, 0, H(h_share_revoke),
	    "delen", NOPF },
	{ "POST", "/delen/{id}/toestemming", ROLE_CITIZEN, 0, H(h_share_decide),
	    "delen", NOPF },

	/* A member's appointments, a professional's times. */
	{ "GET",  "/afspraken", ROLE_CITIZEN, NH, H(h_appointments),
	    "afspraken", NOPF },
	{ "GET",  "/afspraken", ROLE_PROFESSIONAL, NH, H(h_slots), "afspraken",
	    NOPF },
	{ "POST", "/afspraken", ROLE_CITIZEN, 0, H(h_appointment_book),
	    "afspraken", NOPF },
	{ "POST", "/afspraken/tijden", ROLE_PROFESSIONAL, 0, H(h_slot_add),
	    "afspraken", NOPF },
	{ "POST", "/afspraken/reeks", ROLE_PROFESSIONAL, 0, H(h_slot_series),
	    "afspraken", NOPF },
	{ "POST", "/afspraken/tijden/{id}/intrekken", ROLE_PROFESSIONAL, 0,
	    H(h_slot_withdraw), "afspraken", NOPF },
	/* a time proposed to the member does not suit them (sql/059) */
	{ "POST", "/afspraken/voorstel/{id}/past-niet", ROLE_CITIZEN, 0,
	    H(h_appointment_decline), "afspraken", NOPF },
	/* by the member who booked it, or the professional of the time */
	{ "POST", "/afspraken/{id}/annuleren", ROLE_CITIZEN, 0,
	    H(h_appointment_cancel), "afspraken", NOPF },
	{ "POST", "/afspraken/{id}/annuleren", ROLE_PROFESSIONAL, 0,
	    H(h_slot_cancel), "afspraken", NOPF },
	{ "GET",  "/afspraken/{id}.ics", ROLE_USER, NH, H(h_appointment_ics),
	    NULL, NOPF },

	{ "GET",  "/gezinnen/{id}/contact", ROLE_PROFESSIONAL, NH,
	    H(h_family_contact), NULL, NOPF },
	{ "POST", "/gezinnen/{id}/contact/afschermen", ROLE_PROFESSIONAL, 0,
	    H(h_family_contact_hide), NULL, NOPF },
	{ "POST", "/gezinnen/{id}/contact/vrijgeven", ROLE_PROFESSIONAL, 0,
	    H(h_family_contact_show), NULL, NOPF },
	/* details of a member without a log-in, recorded by the professional */
	{ "POST", "/gezinnen/{id}/contact/invullen", ROLE_PROFESSIONAL, 0,
	    H(h_family_contact_record), NULL, NOPF },
	{ "GET",  "/gezinnen/{id}/afscherming", ROLE_PROFESSIONAL, NH,
	    H(h_family_shield), NULL, NOPF },
	{ "POST", "/gezinnen/{id}/afscherming", ROLE_PROFESSIONAL, 0,
	    H(h_family_shield_add), NULL, NOPF },
	{ "POST", "/gezinnen/{id}/afscherming/{shield}/stoppen",
	    ROLE_PROFESSIONAL, 0, H(h_family_shield_end), NULL, NOPF },
	{ "GET",  "/gezinnen/{id}/zo-gaat-het", ROLE_PROFESSIONAL, NH,
	    H(h_family_checkins), NULL, NOPF },
	/* A member's own check-in and their feedback on the help
	 * (cgi/selfcare). */
	{ "GET",  "/zo-gaat-het", ROLE_CITIZEN, NH, H(h_checkin), NULL,
	    NOPF },
	{ "POST", "/zo-gaat-het", ROLE_CITIZEN, 0, H(h_checkin_post), NULL,
	    NOPF },
	{ "POST", "/zo-gaat-het/{id}", ROLE_CITIZEN, 0, H(h_checkin_share),
	    NULL, NOPF },
	{ "GET",  "/feedback", ROLE_CITIZEN, NH, H(h_feedback), NULL, NOPF },
	{ "GET",  "/feedback", ROLE_PROFESSIONAL, NH, H(h_feedback_results),
	    NULL, NOPF },
	{ "POST", "/feedback", ROLE_CITIZEN, 0, H(h_feedback_post), NULL,
	    NOPF },
	{ "GET",  "/mijn-gegevens", ROLE_CITIZEN, NH, H(h_export_page),
	    "gegevens", NOPF },
	{ "GET",  "/mijn-gegevens.json", ROLE_CITIZEN, NH, H(h_export_json),
	    NULL, NOPF },

	{ "GET",  "/verzoeken", ROLE_CITIZEN, NH, H(h_requests), "verzoeken",
	    NOPF },
	{ "GET",  "/verzoeken", ROLE_PROFESSIONAL, NH, H(h_requests),
	    "verzoeken", NOPF },
	{ "POST", "/verzoeken", ROLE_CITIZEN, KT, H(h_request_post),
	    "verzoeken", NOPF },
	{ "GET",  "/verzoeken/{id}", ROLE_USER, NH, H(h_request), "verzoeken",
	    NOPF },
	{ "POST", "/verzoeken/{id}/behandelen", ROLE_PROFESSIONAL, 0,
	    H(h_request_take_up), "verzoeken", NOPF },
	{ "POST", "/verzoeken/{id}/verlengen", ROLE_PROFESSIONAL, 0,
	    H(h_request_extend), "verzoeken", NOPF },

	/* Ask for help (cgi/help): the member, or the clerk in their
	 * session; the family's team marks it. */
	{ "GET",  "/hulp-vragen", ROLE_CITIZEN, NH, H(h_help),
	    "hulp-vragen", NOPF },
	{ "POST", "/hulp-vragen", ROLE_CITIZEN, KT, H(h_help_post),
	    "hulp-vragen", NOPF },
	{ "GET",  "/hulp-vragen/{id}", ROLE_USER, NH, H(h_help_one),
	    "hulp-vragen", NOPF },
	{ "POST", "/hulp-vragen/{id}/stand", ROLE_PROFESSIONAL, 0,
	    H(h_help_mark), "hulp-vragen", NOPF },

	/* Private conversations: a member and one professional. */
	{ "GET",  "/berichten", ROLE_CITIZEN, NH, H(h_messages), "berichten",
	    NOPF },
	{ "GET",  "/berichten", ROLE_PROFESSIONAL, NH, H(h_messages),
	    "berichten", NOPF },
	{ "POST", "/berichten", ROLE_CITIZEN, KT, H(h_message_start),
	    "berichten", NOPF },
	{ "GET",  "/berichten/{id}", ROLE_CITIZEN, NH, H(h_conversation),
	    "berichten", NOPF },
	{ "GET",  "/berichten/{id}", ROLE_PROFESSIONAL, NH, H(h_conversation),
	    "berichten", NOPF },
	{ "POST", "/berichten/{id}", ROLE_CITIZEN, KT, H(h_conversation_post),
	    "berichten", NOPF },
	{ "POST", "/berichten/{id}", ROLE_PROFESSIONAL, KT,
	    H(h_conversation_post), "berichten", NOPF },

	{ "GET",  "/antwoord", ROLE_PROFESSIONAL, NH, H(h_reply_list),
	    "antwoord", NOPF },
	/* before /antwoord/{token}: "verstuurd" is no token */
	{ "GET",  "/antwoord/verstuurd", ROLE_PUBLIC, NH, H(h_reply_sent),
	    NULL, NOPF },
	/* the link in a professional's mail: works without logging in,
	 * for 14 days; its page logs a read */
	{ "GET",  "/antwoord/{token}", ROLE_PUBLIC, RF_SECRET_PATH | NH,
	    H(h_reply_token_form), "antwoord", NOPF },
	{ "POST", "/antwoord/{token}", ROLE_PUBLIC, RF_SECRET_PATH,
	    H(h_reply_token_post), "antwoord", NOPF },
	{ "GET",  "/antwoord/{kind}/{id}", ROLE_PROFESSIONAL, NH,
	    H(h_reply_item_form), "antwoord", NOPF },
	{ "POST", "/antwoord/{kind}/{id}", ROLE_PROFESSIONAL, 0,
	    H(h_reply_item_post), "antwoord", NOPF },

	/* The counter's print queue: letters for members who chose post
	 * or the counter (clerks on their own, not for a citizen). */
	{ "GET",  "/balie/post", ROLE_CLERK, NH, H(h_post_queue), NULL,
	    NOPF },
	{ "GET",  "/balie/post/{id}", ROLE_CLERK, NH, H(h_post_letter), NULL,
	    NOPF },
	{ "POST", "/balie/post/{id}/geprint", ROLE_CLERK, 0,
	    H(h_post_printed), NULL, NOPF },

	/* Rights and plain words: for anyone, also without logging in. */
	{ "GET",  "/rechten", ROLE_PUBLIC, 0, H(h_rights), NULL, NOPF },
	{ "GET",  "/uitleg", ROLE_PUBLIC, 0, H(h_glossary), NULL, NOPF },
	{ "GET",  "/privacy", ROLE_PUBLIC, 0, H(h_privacy), NULL, NOPF },
	{ "GET",  "/toegankelijkheid", ROLE_PUBLIC, 0, H(h_accessibility),
	    NULL, NOPF },
	{ "GET",  "/taal", ROLE_PUBLIC, 0, H(h_language), NULL, NOPF },
	{ "POST", "/taal", ROLE_PUBLIC, 0, H(h_language_post), NULL, NOPF },
	{ "GET",  "/health", ROLE_PUBLIC, 0, H(h_health), NULL, NOPF },
};

const size_t npages = NELEM(pages);

static const char *const role_names[] = {
	[ROLE_PUBLIC] = "public",
	[ROLE_USER] = "user",
	[ROLE_CITIZEN] = "citizen",
	[ROLE_PROFESSIONAL] = "professional",
	[ROLE_CLERK] = "clerk",
};

static const struct {
	unsigned int	 flag;
	const char	*name;
} flag_names[] = {
	{ RF_NO_HEAD,		"no-head" },
	{ RF_SECRET_PATH,	"secret-path" },
	{ RF_LOGIN_PAGE,	"login-page" },
	{ RF_PRE_SESSION_CSRF,	"pre-session-csrf" },
	{ RF_COUNTER,		"counter" },
	{ RF_KEEPS_TEXT,	"keeps-text" },
};

#define RF_ALL	(RF_NO_HEAD | RF_SECRET_PATH | RF_LOGIN_PAGE | \
		    RF_PRE_SESSION_CSRF | RF_COUNTER | RF_KEEPS_TEXT)

const char *
login_path(void)
{
	size_t	 i;

	for (i = 0; i < npages; i++)
		if (pages[i].flags & RF_LOGIN_PAGE)
			return pages[i].pattern;
	return "/";		/* not reached: routes_check */
}

static int
same_route(const struct page *a, const struct page *b)
{
	return strcmp(a->method, b->method) == 0 &&
	    strcmp(a->pattern, b->pattern) == 0;
}

static const char *
role_name(enum role role)
{
	if ((size_t)role < NELEM(role_names) && role_names[role] != NULL)
		return role_names[role];
	return "?";
}

/* One row's own faults, or NULL. */
static const char *
row_fault(const struct page *p)
{
	if (strcmp(p->method, "GET") != 0 && strcmp(p->method, "POST") != 0)
		return "method is not GET or POST";
	if (p->pattern[0] != '/')
		return "pattern does not start with /";
	if (p->fn == NULL || p->fn_name == NULL)
		return "no handler";
	if ((size_t)p->role >= NELEM(role_names))
		return "unknown role";
	if ((p->flags & ~(unsigned int)RF_ALL) != 0)
		return "unknown flag";
	if ((p->prefetch == NULL) != (p->prefetch_name == NULL))
		return "prefetch without its name";
	if (strcmp(p->method, "GET") != 0 &&
	    (p->flags & (RF_NO_HEAD | RF_LOGIN_PAGE)) != 0)
		return "no-head or login-page on a POST";
	if (strcmp(p->method, "POST") != 0 &&
	    (p->flags & RF_PRE_SESSION_CSRF) != 0)
		return "pre-session-csrf on a GET";
	if ((p->flags & RF_SECRET_PATH) && strchr(p->pattern, '{') == NULL)
		return "secret-path without a placeholder";
	if ((p->flags & RF_SECRET_PATH) && strcmp(p->method, "GET") == 0 &&
	    !(p->flags & RF_NO_HEAD))
		return "a secret path must refuse HEAD";
	if ((p->flags & RF_LOGIN_PAGE) && (strchr(p->pattern, '{') != NULL ||
	    p->role != ROLE_PUBLIC))
		return "login-page with a placeholder or not public";
	if (p->prefetch != NULL && strcmp(p->method, "GET") != 0)
		return "prefetch on a POST";
	if ((p->flags & RF_COUNTER) && p->role != ROLE_CLERK)
		return "counter on a row not for clerks";
	if ((p->flags & RF_KEEPS_TEXT) && strcmp(p->method, "POST") != 0)
		return "keeps-text on a GET";
	return NULL;
}

/* Faults between row p and an earlier row q of the same method and
 * pattern, or NULL. */
static const char *
pair_fault(const struct page *q, const struct page *p)
{
	if (q->role == p->role)
		return "two rows for one role";
	if ((q->role == ROLE_PUBLIC && p->role == ROLE_USER) ||
	    (q->role == ROLE_USER && p->role == ROLE_PUBLIC))
		return "rows for public and user";
	if (q->prefetch != p->prefetch)
		return "rows with different prefetches";
	if ((q->flags & RF_SECRET_PATH) != (p->flags & RF_SECRET_PATH))
		return "secret-path in some rows only";
	if ((q->flags & RF_KEEPS_TEXT) != (p->flags & RF_KEEPS_TEXT))
		return "keeps-text in some rows only";
	return NULL;
}

int
routes_check(char *err, size_t errlen)
{
	const char	*why;
	size_t		 i, j, login = 0;

	for (i = 0; i < npages; i++) {
		why = row_fault(&pages[i]);
		for (j = 0; why == NULL && j < i; j++)
			if (same_route(&pages[j], &pages[i]))
				why = pair_fault(&pages[j], &pages[i]);
		if (why != NULL) {
			snprintf(err, errlen, "route %s %s (%s): %s",
			    pages[i].method, pages[i].pattern,
			    role_name(pages[i].role), why);
			return -1;
		}
		if (pages[i].flags & RF_LOGIN_PAGE)
			login++;
	}
	if (login != 1) {
		snprintf(err, errlen, "routes: %zu login-page rows, need one",
		    login);
		return -1;
	}
	return 0;
}

void
routes_print(FILE *f)
{
	const struct page	*p;
	char			 flags[128];	/* all names fit */
	size_t			 i, k, n;

	fprintf(f, "%-6s %-34s %-12s %-24s %-10s %-14s %s\n", "METHOD",
	    "PATTERN", "ROLE", "FLAGS", "NAV", "PREFETCH", "HANDLER");
	for (i = 0; i < npages; i++) {
		p = &pages[i];
		flags[0] = '\0';
		for (n = 0, k = 0; k < NELEM(flag_names); k++)
			if (p->flags & flag_names[k].flag)
				n += (size_t)snprintf(flags + n,
				    sizeof(flags) - n, "%s%s", n > 0 ? "," : "",
				    flag_names[k].name);
		fprintf(f, "%-6s %-34s %-12s %-24s %-10s %-14s %s\n",
		    p->method, p->pattern, role_name(p->role),
		    flags[0] != '\0' ? flags : "-",
		    p->nav != NULL ? p->nav : "-",
		    p->prefetch_name != NULL ? p->prefetch_name : "-",
		    p->fn_name);
	}
}

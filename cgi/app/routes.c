/*
 * routes.c - the one table of pages. Nothing is routed outside it.
 * Order matters only where two patterns could match the same path.
 */
#include "core/portal.h"

const struct page pages[] = {
	{ "GET",  "/",			h_home,		ROLE_PUBLIC },
	{ "GET",  "/inloggen",		h_login_form,	ROLE_PUBLIC },
	{ "POST", "/inloggen",		h_login,	ROLE_PUBLIC },
	{ "GET",  "/inloggen/code",	h_code_form,	ROLE_PUBLIC },
	{ "POST", "/inloggen/code",	h_code,		ROLE_PUBLIC },
	{ "POST", "/uitloggen",		h_logout,	ROLE_USER },
	{ "GET",  "/documenten",	h_documents,	ROLE_USER },
	{ "GET",  "/documenten/nieuw",	h_upload_form,	ROLE_PROFESSIONAL },
	{ "POST", "/documenten/nieuw",	h_upload,	ROLE_PROFESSIONAL },
	{ "GET",  "/documenten/{id}",	h_document,	ROLE_USER },
	{ "GET",  "/documenten/{id}/bestand", h_document_file, ROLE_USER },
	{ "GET",  "/documenten/{id}/wijzigen", h_edit_form, ROLE_PROFESSIONAL },
	{ "POST", "/documenten/{id}/wijzigen", h_edit,	ROLE_PROFESSIONAL },
	{ "POST", "/documenten/{id}/reacties", h_document_part, ROLE_USER },
	{ "POST", "/documenten/{id}/instemming", h_document_part, ROLE_USER },
	{ "POST", "/documenten/{id}/ouders", h_document_part, ROLE_CITIZEN },
	{ "POST", "/documenten/{id}/visie", h_document_part, ROLE_USER },
	{ "GET",  "/inzage",		h_inzage,	ROLE_CITIZEN },
	{ "GET",  "/gegevens",		h_contact,	ROLE_CITIZEN },
	{ "POST", "/gegevens",		h_contact_post,	ROLE_CITIZEN },
	{ "GET",  "/delen",		h_share_page,	ROLE_CITIZEN },
	{ "POST", "/delen",		h_share_post,	ROLE_CITIZEN },
	{ "POST", "/delen/{id}/intrekken", h_share_revoke, ROLE_CITIZEN },
	{ "GET",  "/afspraken",		h_appointments,	ROLE_USER },
	{ "POST", "/afspraken",		h_appointment_book, ROLE_CITIZEN },
	{ "POST", "/afspraken/tijden",	h_slot_add,	ROLE_PROFESSIONAL },
	{ "POST", "/afspraken/tijden/{id}/intrekken", h_slot_withdraw,
	    ROLE_PROFESSIONAL },
	/* by the member who booked it, or the professional of the time */
	{ "POST", "/afspraken/{id}/annuleren", h_appointment_cancel,
	    ROLE_USER },
	{ "GET",  "/afspraken/{id}.ics", h_appointment_ics, ROLE_USER },
	{ "GET",  "/gezinnen/{id}/contact", h_family_contact,
	    ROLE_PROFESSIONAL },
	{ "POST", "/gezinnen/{id}/contact/afschermen", h_family_contact_hide,
	    ROLE_PROFESSIONAL },
	{ "POST", "/gezinnen/{id}/contact/vrijgeven", h_family_contact_show,
	    ROLE_PROFESSIONAL },
	{ "GET",  "/mijn-gegevens",	h_export_page,	ROLE_CITIZEN },
	{ "GET",  "/mijn-gegevens.json", h_export_json, ROLE_CITIZEN },
	{ "GET",  "/verzoeken",		h_requests,	ROLE_USER },
	{ "POST", "/verzoeken",		h_request_post,	ROLE_CITIZEN },
	{ "GET",  "/verzoeken/{id}",	h_request,	ROLE_USER },
	{ "POST", "/verzoeken/{id}/behandelen", h_request_take_up,
	    ROLE_PROFESSIONAL },
	{ "POST", "/verzoeken/{id}/verlengen", h_request_extend,
	    ROLE_PROFESSIONAL },
	{ "GET",  "/antwoord",		h_reply_list,	ROLE_PROFESSIONAL },
	/* before /antwoord/{token}: "verstuurd" is no token */
	{ "GET",  "/antwoord/verstuurd", h_reply_sent,	ROLE_PUBLIC },
	{ "GET",  "/antwoord/{token}",	h_reply_token_form, ROLE_PUBLIC },
	{ "POST", "/antwoord/{token}",	h_reply_token_post, ROLE_PUBLIC },
	{ "GET",  "/antwoord/{kind}/{id}", h_reply_item_form,
	    ROLE_PROFESSIONAL },
	{ "POST", "/antwoord/{kind}/{id}", h_reply_item_post,
	    ROLE_PROFESSIONAL },
	{ "GET",  "/taal",		h_language,	ROLE_PUBLIC },
	{ "POST", "/taal",		h_language_post, ROLE_PUBLIC },
	{ "GET",  "/health",		h_health,	ROLE_PUBLIC },
};

const size_t npages = sizeof(pages) / sizeof(pages[0]);

int
page_prefetch(const struct page *p, struct req *r, const char *session_hash,
    struct db_batch *b)
{
	if (p->fn == h_document)
		return doc_prefetch(r, session_hash, b);
	return 0;
}

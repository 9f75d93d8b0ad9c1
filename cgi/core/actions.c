/*
 * actions.c - an audit action ("comment.create") in words a citizen reads
 * (B1): the counter's receipt (cgi/counter/receipt.c) and what the
 * counter did on someone's behalf on /inzage (cgi/account/inzage.c).
 */
#include <string.h>

#include "core/portal.h"

/* An audit action in words (B1). */
static const struct label actions[] = {
	{ "counter.session.start", N_("De hulp aan de balie begon.") },
	{ "counter.session.stop", N_("De hulp aan de balie stopte.") },
	{ "logout", N_("De medewerker logde uit. De hulp stopte.") },
	{ "family.read", N_("De startpagina bekeken.") },
	{ "document.list", N_("De lijst met stukken bekeken.") },
	{ "document.read", N_("Een stuk gelezen.") },
	{ "document.download", N_("Een bijlage opgehaald.") },
	/* a member's own document (at the counter only the member's) */
	{ "document.create", N_("Zelf een stuk toegevoegd.") },
	{ "document.update", N_("Een eigen stuk veranderd.") },
	{ "document.remove", N_("Een eigen stuk verwijderd.") },
	{ "comment.create", N_("Een reactie geschreven.") },
	{ "consent.give", N_("Gezegd of u het eens bent.") },
	{ "view.create", N_("Uw eigen visie geschreven.") },
	{ "view.change", N_("Uw eigen visie veranderd.") },
	{ "view.withdraw", N_("Uw eigen visie ingetrokken.") },
	{ "document.share_family", N_("Gekozen wie van uw ouders mag "
	    "meelezen.") },
	{ "share.list", N_("Bekeken wie een stuk mag zien.") },
	{ "share.agree", N_("Ja gezegd tegen delen met een organisatie.") },
	{ "share.start", N_("Een stuk gedeeld met een groep hulpverleners.") },
	{ "share.revoke", N_("Delen met een organisatie gestopt.") },
	{ "audit.read", N_("Bekeken wie meelas.") },
	{ "contact.read", N_("Uw adres en telefoon bekeken.") },
	{ "contact.update", N_("Uw adres of telefoon veranderd.") },
	{ "checkin.read", N_("De antwoorden van 'Zo gaat het' bekeken.") },
	{ "checkin.create", N_("De vragen van 'Zo gaat het' ingevuld.") },
	{ "checkin.share", N_("Antwoorden van 'Zo gaat het' laten zien aan "
	    "de hulpverlener.") },
	{ "checkin.unshare", N_("Antwoorden van 'Zo gaat het' niet meer laten "
	    "zien.") },
	{ "feedback.give", N_("Gezegd hoe de hulp was.") },
	{ "contact.email_confirm", N_("Een nieuw mailadres bevestigd.") },
	{ "account.language", N_("De taal veranderd.") },
	{ "request.denied", N_("Iets geprobeerd dat niet mocht.") },
	{ "export.read", N_("Al uw gegevens bekeken.") },
	{ "analysis.list", N_("De vragen voor de analyse bekeken.") },
	{ "analysis.answer", N_("Een vraag voor de analyse beantwoord.") },
	{ "research.read", N_("Bekeken of u meedoet aan onderzoek.") },
	{ "research.agree", N_("Ja gezegd tegen meedoen aan onderzoek.") },
	{ "research.withdraw", N_("Nee gezegd tegen meedoen aan "
	    "onderzoek.") },
	{ "research.export", N_("Gegevens zonder naam gegeven voor "
	    "onderzoek.") },
	{ "appointment.list", N_("De afspraken bekeken.") },
	{ "appointment.book", N_("Een afspraak gemaakt.") },
	{ "appointment.cancel", N_("Een afspraak afgezegd.") },
	{ "appointment.move", N_("Een afspraak verzet.") },
	{ "appointment.export", N_("Een afspraak in de agenda gezet.") },
	{ "request.list", N_("De vragen bekeken.") },
	{ "request.create", N_("Een vraag gesteld.") },
	{ "request.read", N_("Een vraag bekeken.") },
	{ "help.list", N_("De vragen om hulp bekeken.") },
	{ "help.create", N_("Om hulp gevraagd.") },
	{ "help.read", N_("Een vraag om hulp bekeken.") },
};

/* An action's words; one the table does not know yet says so plainly. */
const char *
audit_action_words(const char *action)
{
	size_t	 i;

	for (i = 0; i < NELEM(actions); i++)
		if (strcmp(actions[i].code, action) == 0)
			return i18n_gettext(actions[i].label);
	return i18n_gettext(N_("Iets anders gedaan in het portaal."));
}

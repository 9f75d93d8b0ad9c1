/*
 * rights.c - "Uw rechten" (GET /rechten) and "Wat betekent dit?" (GET
 * /uitleg): the rights a family has over what the portal keeps (AVG
 * articles 15-17, the time for an answer, where to complain, free help
 * from a vertrouwenspersoon), with a part for children and youths by
 * age; and one plain sentence for every legal term that i18n/jargon-nl.txt
 * lets stay only with an explanation. Readable without logging in;
 * linked from every place where a right is used (README: legal check).
 *
 * No dossier data: nothing is read from the database, nothing audited.
 */
#include "core/portal.h"

struct term {
	const char	*word;		/* Dutch in every language: the word
					 * in the court's letters */
	const char	*anchor;	/* id in the page */
	const char	*meaning;	/* msgid: one B1 sentence */
};

/* Every "-> explain" term of i18n/jargon-nl.txt, and two more words
 * families read in letters from the court. */
static const struct term terms[] = {
	{ "Ondertoezichtstelling", "ondertoezichtstelling",
	/* TRANSLATORS: ondertoezichtstelling = de rechter besluit dat een
	 * jeugdbeschermer het gezin helpt. */
	  N_("De ondertoezichtstelling is een besluit van de rechter. Een "
	  "jeugdbeschermer helpt het gezin dan. Die hulp moet het gezin "
	  "aannemen.") },
	{ "OTS", "ots",
	/* TRANSLATORS: OTS = de korte naam van ondertoezichtstelling. */
	  N_("OTS is de korte naam van ondertoezichtstelling.") },
	{ "Machtiging uithuisplaatsing", "machtiging-uithuisplaatsing",
	/* TRANSLATORS: machtiging uithuisplaatsing = de rechter zegt dat een
	 * kind ergens anders mag gaan wonen. */
	  N_("Met een machtiging uithuisplaatsing zegt de rechter: het kind "
	  "mag een tijd ergens anders wonen.") },
	{ "Uithuisplaatsing", "uithuisplaatsing",
	/* TRANSLATORS: uithuisplaatsing = een kind woont een tijd niet
	 * thuis. */
	  N_("Bij een uithuisplaatsing woont een kind een tijd niet thuis. "
	  "Het woont dan bijvoorbeeld in een pleeggezin.") },
	{ "Gezinsvoogd", "gezinsvoogd",
	/* TRANSLATORS: gezinsvoogd = het oude woord voor jeugdbeschermer. */
	  N_("Gezinsvoogd is het oude woord voor jeugdbeschermer.") },
	{ "Gezinsvoogdij", "gezinsvoogdij",
	/* TRANSLATORS: gezinsvoogdij = het oude woord voor het werk van een
	 * jeugdbeschermer. */
	  N_("Gezinsvoogdij is het oude woord voor het werk van een "
	  "jeugdbeschermer.") },
	{ "Voogdij", "voogdij",
	/* TRANSLATORS: voogdij = iemand anders dan de ouders heeft het gezag
	 * over een kind. */
	  N_("Bij voogdij beslist iemand anders dan de ouders over het kind. "
	  "Die persoon heet de voogd.") },
	{ "Raad voor de Kinderbescherming", "raad",
	/* TRANSLATORS: Raad voor de Kinderbescherming = de organisatie die
	 * voor de rechter onderzoekt hoe het met een kind gaat. */
	  N_("De Raad voor de Kinderbescherming kijkt hoe het met een kind "
	  "gaat. Daarna geeft de Raad advies aan de rechter.") },
	{ "Jeugdbeschermingsmaatregel", "maatregel",
	/* TRANSLATORS: jeugdbeschermingsmaatregel = een besluit van de
	 * rechter over hulp voor een kind. */
	  N_("Een jeugdbeschermingsmaatregel is een besluit van de rechter. "
	  "Het kind en het gezin krijgen dan verplicht hulp.") },
	{ "Gecertificeerde instelling", "instelling",
	/* TRANSLATORS: gecertificeerde instelling = de organisatie waar de
	 * jeugdbeschermer werkt. */
	  N_("De gecertificeerde instelling is de organisatie waar de "
	  "jeugdbeschermer werkt.") },
	{ "Beschikking", "beschikking",
	/* TRANSLATORS: beschikking = het besluit van de rechter op papier. */
	  N_("Een beschikking is het besluit van de rechter op papier.") },
	{ "Verzoekschrift", "verzoekschrift",
	/* TRANSLATORS: verzoekschrift = een brief waarin iemand de rechter
	 * om een besluit vraagt. */
	  N_("In een verzoekschrift vraagt iemand de rechter om een besluit. "
	  "Het gezin krijgt er een kopie van.") },
	{ "Gezagsbeëindigende maatregel", "gezag-beeindigen",
	/* TRANSLATORS: gezagsbeëindigende maatregel = de rechter besluit dat
	 * een ouder geen gezag meer heeft. */
	  N_("Bij een gezagsbeëindigende maatregel besluit de rechter: deze "
	  "ouder heeft geen gezag meer.") },
	{ "Kinderrechter", "kinderrechter",
	  N_("De kinderrechter is een rechter die besluit over kinderen en "
	  "hun gezin.") },
	{ "Gezag", "gezag",
	  N_("Wie gezag heeft, beslist over de zorg en de opvoeding van een "
	  "kind. Vaak zijn dat de ouders.") },
};

int
h_rights(struct req *r)
{
	struct tctx	*c = page_ctx(r);

	return page_render(r, "rechten", N_("Uw rechten"), c);
}

int
h_glossary(struct req *r)
{
	struct tctx	*c = page_ctx(r), *it;
	size_t		 i;

	tctx_list(c, "terms");
	for (i = 0; i < NELEM(terms); i++) {
		if ((it = tctx_list_add(c, "terms")) == NULL)
			return 500;
		tctx_str(it, "word", terms[i].word);
		tctx_str(it, "anchor", terms[i].anchor);
		tctx_str(it, "meaning", i18n_gettext(terms[i].meaning));
	}
	return page_render(r, "uitleg", N_("Wat betekent dit?"), c);
}

/* The privacy statement and the accessibility statement (UX review S20),
 * linked from the footer of every page: fixed B1 text, for anyone. */
int
h_privacy(struct req *r)
{
	return page_render(r, "privacy", N_("Privacyverklaring"), page_ctx(r));
}

int
h_accessibility(struct req *r)
{
	return page_render(r, "toegankelijkheid",
	    N_("Toegankelijkheidsverklaring"), page_ctx(r));
}

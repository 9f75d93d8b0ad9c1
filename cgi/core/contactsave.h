/*
 * contactsave.h - storing a member's contact details (cgi/core/
 * contactsave.c), for the member on /gegevens (account/contact.c) and
 * for a professional recording them for a member without a log-in
 * (family/family_contact.c), and using a mail address once confirmed
 * (account/mailconfirm.c).
 *
 * Owns: that contact_details.email only ever holds a confirmed address
 * (sql/047_email_confirm.sql); the history row with what changed; the
 * mail that asks to confirm a new address; the mail to the professionals.
 * Also the form both use (its fields, their checks, errors in the order
 * of the page). Never: decides who may store (the handlers' routes and
 * statements do).
 */
#ifndef GP_CONTACTSAVE_H
#define GP_CONTACTSAVE_H

#include <stddef.h>

#include "db.h"
#include "form.h"
#include "i18n.h"

struct req;

/* The fields of the contact form, in the order of the page. */
enum { CF_PHONE, CF_EMAIL, CF_ADDRESS, CF_LANGUAGE, CF_REACH, CF__MAX };
extern const struct form_spec contact_form[CF__MAX];
/* Room for the form's errors. */
#define CF_ERRORS	(CF__MAX + 2)
/* The ways to reach someone (reach_by), NULL-terminated. */
extern const char *const contact_reach_ways[];

/*
 * Reads the contact form of r into v (CF__MAX values; the address with
 * Unix line ends) and errs (CF_ERRORS; *nerr, in the order of the page):
 * also a phone number or mail address that cannot be one. The language
 * is "" or a code of i18n_find. -1: not a form this page sends (400).
 */
int		contact_form_read(struct req *, const char **v,
		    struct form_error *errs, size_t *nerr);
/* The words for a value of field ("reach_by", "language"; other fields:
 * the value itself), for the history. */
const char	*contact_value_words(const char *field, const char *value);

struct contact_new {
	const char	*phone, *email, *address, *reach_by;
	const char	*language;	/* a code, or NULL: unchanged */
};

/*
 * In the caller's transaction: person's (internal id) details become n,
 * stored by actor (internal id: the person, or a professional). An
 * e-mail address other than the confirmed one is not stored: it waits
 * for its confirmation, and the mail that asks for it goes to it only
 * (in lang, "je" form when youth); an empty one is stored at once (no
 * more mail). A history row says what changed; reminders follow.
 * *changed: 1 when something in use changed (not only a new address
 * that waits); *pending: 1 when a confirmation mail was written.
 */
enum db_err	contact_store(struct req *, const char *person,
		    const char *actor, const struct contact_new *n,
		    const struct i18n_lang *lang, int youth, int *changed,
		    int *pending);
/* The assigned professionals of each family of person (except actor)
 * get the mail "nieuwe-gegevens": which family, a link to its contact
 * page, not what changed. */
enum db_err	contact_tell_pros(struct req *, const char *person,
		    const char *actor);
/* Reminders not sent yet of person go to the (confirmed) address email,
 * or are called off when it is "". */
enum db_err	contact_readdress(struct req *, const char *person,
		    const char *email);
/* The address waiting for person's confirmation, or "" (memory of r). */
enum db_err	contact_pending(struct req *, const char *person,
		    const char **email);

#endif

/*
 * contactsave.c - storing a member's contact details, and the rule that
 * a mail address is used only once its owner confirmed it (issue 20,
 * part 3; see contactsave.h and sql/047_email_confirm.sql).
 *
 * contact_details.email is the confirmed address, so every statement
 * that mails a member (lib/stmts.h MEMBER_OUTBOX, password.c,
 * messages.c, reply.c, share.c, the reminders) reaches only a confirmed
 * one without knowing about confirmation. A new address lives in
 * email_confirm until its link is used (account/mailconfirm.c).
 */
#include <string.h>

#include "core/contactsave.h"
#include "core/portal.h"
#include "util.h"

/* Person $1's confirmed address and the one waiting, if any. */
static const struct stmt_def ST_CONTACT_EMAILS[1] = {{ "contact_emails",
	"SELECT coalesce((SELECT email FROM contact_details "
	"    WHERE person_id = $1), ''), "
	"  coalesce((SELECT email FROM email_confirm WHERE person_id = $1 "
	"    AND used_at IS NULL AND ended_at IS NULL), '')", 1, 2 }};
enum { CE_CONFIRMED, CE_PENDING };

/*
 * $1 person, $2 phone, $3 e-mail (confirmed, or ''), $4 address, $5 how
 * to reach, $6 language (NULL: unchanged), $7 a new address that waits
 * (NULL: none), $8 who: the details, the language, and a history row with
 * what changed ([field, before, after], in the order of the form), only
 * when something did. A row back when it did: true when something the
 * portal uses changed (not only a new address that waits).
 */
static const struct stmt_def ST_CONTACT_STORE[1] = {{ "contact_store",
	"WITH o AS (SELECT cd.phone, cd.email, cd.address, cd.reach_by, "
	"    p.language FROM person p "
	"    LEFT JOIN contact_details cd ON cd.person_id = p.id "
	"   WHERE p.id = $1), "
	"ch AS (SELECT jsonb_agg(jsonb_build_array(v.f, v.a, v.b) "
	"    ORDER BY v.k) AS j FROM o, LATERAL (VALUES "
	"    (1, 'phone', coalesce(o.phone, ''), $2::text), "
	"    (2, 'email', coalesce(o.email, ''), $3::text), "
	"    (3, 'email_pending', coalesce(o.email, ''), $7::text), "
	"    (4, 'address', coalesce(o.address, ''), $4::text), "
	"    (5, 'language', coalesce(o.language, ''), $6::text), "
	"    (6, 'reach_by', coalesce(o.reach_by, ''), $5::text)) "
	"    AS v(k, f, a, b) WHERE v.b IS NOT NULL AND v.b <> v.a), "
	"c AS (INSERT INTO contact_details (person_id, phone, email, "
	"    address, reach_by, recorded_by) "
	"  VALUES ($1, $2, $3, $4, $5, nullif($8::bigint, $1::bigint)) "
	"  ON CONFLICT (person_id) DO UPDATE SET phone = excluded.phone, "
	"    email = excluded.email, address = excluded.address, "
	"    reach_by = excluded.reach_by, "
	"    recorded_by = excluded.recorded_by, updated_at = now() "
	"  RETURNING 1), "
	"l AS (UPDATE person SET language = coalesce($6, language) "
	"  WHERE id = $1 RETURNING 1) "
	"INSERT INTO contact_history (person_id, phone, email, address, "
	"  reach_by, language, changes, changed_by) "
	"SELECT $1, $2, $3, $4, $5, $6, ch.j, $8 FROM c, ch "
	" WHERE ch.j IS NOT NULL "
	"RETURNING EXISTS (SELECT 1 FROM jsonb_array_elements(changes) x "
	"  WHERE x->>0 <> 'email_pending')", 8, 1 }};
enum { CS_IN_USE };

/* The address waiting for person $1 (if any) waits no more, and its mail,
 * if not sent yet, does not go. */
static const struct stmt_def ST_EMAIL_CONFIRM_END[1] = {{
	"email_confirm_end",
	"WITH e AS (UPDATE email_confirm SET ended_at = now() "
	"  WHERE person_id = $1 AND used_at IS NULL AND ended_at IS NULL "
	"  RETURNING outbox_id) "
	"UPDATE outbox o SET cancelled_at = now() FROM e "
	" WHERE o.id = e.outbox_id AND o.sent_at IS NULL "
	"   AND o.cancelled_at IS NULL", 1, 0 }};

/* Person $1's new address $2, typed by $3, waits; the mail ($4 subject,
 * $5 body with TOKEN_MARK for the link, made by the outbox process) goes
 * to that address only. */
static const struct stmt_def ST_EMAIL_CONFIRM_START[1] = {{
	"email_confirm_start",
	"WITH m AS (INSERT INTO outbox (kind, recipient, subject, body) "
	"  VALUES ('mail', $2, $4, $5) RETURNING id) "
	"INSERT INTO email_confirm (person_id, email, requested_by, "
	"  outbox_id) SELECT $1, $2, $3, m.id FROM m", 5, 0 }};

/* The families of person $1: internal id, public id, name; and the
 * person's public id. */
static const struct stmt_def ST_PERSON_FAMILIES[1] = {{ "person_families",
	"SELECT f.id, f.public_id, f.name, p.public_id FROM family_member m "
	"  JOIN family f ON f.id = m.family_id "
	"  JOIN person p ON p.id = m.person_id "
	" WHERE m.person_id = $1 ORDER BY f.id", 1, 4 }};
enum { PF_ID, PF_PUBLIC, PF_NAME, PF_PERSON };

/* A mail ($2 subject, $3 body) to each professional assigned to family
 * $1 now, but not to $4 (who made the change), about member $5 (F5: one
 * mail for changes a few minutes apart). The mail is held
 * CONTACT_MAIL_HOLD in the outbox (topic 'contact:family:person', so
 * the tests' "all sent" leaves it out, as reminders); while a held one
 * for the same member and professional waits, a later change joins it
 * and writes none: the mail names no state, only the family and the
 * member's card, which shows the latest. A held mail due in less than a
 * minute is not joined (the sender may claim it before this transaction
 * commits): that change gets its own mail, so none is ever lost. */
#define CONTACT_MAIL_HOLD "interval '5 minutes'"
static const struct stmt_def ST_OUTBOX_MAIL_FAMILY_PROS[1] = {{
	"outbox_mail_family_pros",
	"INSERT INTO outbox (kind, recipient, subject, body, topic, "
	"  not_before) "
	"SELECT DISTINCT 'mail', pr.email, $2, $3, "
	"  'contact:' || $1::bigint || ':' || $5::bigint, "
	"  now() + " CONTACT_MAIL_HOLD
	"  FROM assignment_now a "
	"  JOIN professional pr ON pr.person_id = a.professional_id "
	" WHERE a.family_id = $1 AND pr.email IS NOT NULL "
	"   AND pr.person_id <> $4 "
	"   AND NOT EXISTS (SELECT 1 FROM outbox o "
	"     WHERE o.topic = 'contact:' || $1::bigint || ':' || $5::bigint "
	"       AND o.recipient = pr.email AND o.kind = 'mail' "
	"       AND o.sent_at IS NULL AND o.cancelled_at IS NULL "
	"       AND o.lease_until IS NULL "
	"       AND o.not_before > now() + interval '1 minute')", 5, 0 }};

/* Person $1 has a new confirmed address $2 (or none: ''): their
 * reminders not sent yet go there, or are called off when $2 is empty
 * (an old mailbox may be one a parent who fled no longer wants read). A
 * reminder by letter stays one (its recipient is the person). */
static const struct stmt_def ST_APPT_REMINDER_READDRESS[1] = {{
	"appt_reminder_readdress",
	"UPDATE outbox o SET "
	"  recipient = CASE WHEN $2 <> '' THEN $2 ELSE o.recipient END, "
	"  cancelled_at = CASE WHEN $2 = '' THEN now() END "
	"  FROM appointment ap WHERE ap.person_id = $1 "
	"   AND o.topic = 'reminder:' || ap.public_id "
	"   AND o.sent_at IS NULL AND o.cancelled_at IS NULL "
	"   AND o.kind = 'mail'", 2, 0 }};

static const struct stmt_def *const stmts[] = {
	ST_CONTACT_EMAILS,
	ST_CONTACT_STORE,
	ST_EMAIL_CONFIRM_END,
	ST_EMAIL_CONFIRM_START,
	ST_PERSON_FAMILIES,
	ST_OUTBOX_MAIL_FAMILY_PROS,
	ST_APPT_REMINDER_READDRESS,
};
const struct stmt_table contactsave_stmts = {
	"core/contactsave.c", stmts, NELEM(stmts)
};

const char *const contact_reach_ways[] = { "telefoon", "email", "post",
    "balie", NULL };

/* Phone and mail address: one line here, their form checked in
 * contact_form_read (with the same message). */
const struct form_spec contact_form[CF__MAX] = {
	[CF_PHONE] = { .name = "phone", .kind = FORM_LINE, .max_chars = 20,
	    .msg_too_long = N_("Dit nummer is te lang."),
	    .msg_invalid = N_("Schrijf het nummer met cijfers. Spaties, "
	    "streepjes en een + mogen ook. Bijvoorbeeld: 06 12345678.") },
	[CF_EMAIL] = { .name = "email", .kind = FORM_LINE, .max_chars = 200,
	    .msg_too_long = N_("Het mailadres is te lang."),
	    .msg_invalid = N_("Schrijf het mailadres zo: "
	    "naam@voorbeeld.nl.") },
	[CF_ADDRESS] = { .name = "address", .kind = FORM_TEXT,
	    .max_chars = 300, .msg_too_long = N_("Het adres is te lang. U "
	    "kunt 300 tekens gebruiken.") },
	/* A code of i18n_find, checked in contact_form_read. */
	[CF_LANGUAGE] = { .name = "language", .kind = FORM_ID,
	    .max_chars = 2 },
	[CF_REACH] = { .name = "reach_by", .kind = FORM_CHOICE,
	    .required = 1, .max_chars = 10, .choices = contact_reach_ways,
	    .msg_missing = N_("Kies hoe wij u het beste kunnen bereiken."),
	    .msg_too_long = N_("Kies hoe wij u het beste kunnen "
	    "bereiken.") },
};

/* Digits, blanks, + - ( ): 6 to 15 digits. */
static int
valid_phone(const char *s)
{
	size_t	 digits = 0;

	for (; *s != '\0'; s++) {
		if (*s >= '0' && *s <= '9')
			digits++;
		else if (strchr(" +-()", *s) == NULL)
			return 0;
	}
	return digits >= 6 && digits <= 15;
}

/* Something@something.something, no blanks: a typing check, not proof
 * (the confirmation is the proof). */
static int
valid_email(const char *s)
{
	const char	*at = strchr(s, '@');

	if (at == NULL || at == s || strchr(at + 1, '@') != NULL ||
	    strchr(at + 1, '.') == NULL || at[strlen(at) - 1] == '.')
		return 0;
	for (; *s != '\0'; s++)
		if ((unsigned char)*s <= ' ' || strchr("<>,;\"()\\", *s))
			return 0;
	return 1;
}

/* Where field stands on the page (errors follow it). */
static size_t
field_rank(const char *field)
{
	size_t	 i;

	for (i = 0; i < CF__MAX; i++)
		if (strcmp(contact_form[i].name, field) == 0)
			return i;
	return CF__MAX;
}

int
contact_form_read(struct req *r, const char **v, struct form_error *errs,
    size_t *nerr)
{
	struct form_error	 t;
	size_t			 i, j;

	*nerr = 0;
	if (form_read(&r->rq->form, contact_form, CF__MAX, v, errs,
	    nerr) == -1)
		return -1;
	v[CF_ADDRESS] = req_unix_lines(r, v[CF_ADDRESS]);
	if (v[CF_LANGUAGE][0] != '\0' && i18n_find(v[CF_LANGUAGE]) == NULL)
		return -1;
	/* One error per field: not also this one after "too long". */
	if (v[CF_PHONE][0] != '\0' && !valid_phone(v[CF_PHONE]) &&
	    form_error_for(errs, *nerr, "phone") == NULL)
		form_add_error(errs, CF_ERRORS, nerr, "phone",
		    contact_form[CF_PHONE].msg_invalid);
	if (v[CF_EMAIL][0] != '\0' && !valid_email(v[CF_EMAIL]) &&
	    form_error_for(errs, *nerr, "email") == NULL)
		form_add_error(errs, CF_ERRORS, nerr, "email",
		    contact_form[CF_EMAIL].msg_invalid);
	/* The summary in the order of the page (stable). */
	for (i = 1; i < *nerr; i++)
		for (j = i; j > 0 && field_rank(errs[j - 1].field) >
		    field_rank(errs[j].field); j--) {
			t = errs[j];
			errs[j] = errs[j - 1];
			errs[j - 1] = t;
		}
	return 0;
}

static const struct label reach_words[] = {
	{ "telefoon", N_("bellen") },
	{ "email", N_("e-mail") },
	{ "post", N_("een brief") },
	{ "balie", N_("aan de balie van de gemeente") },
};

const char *
contact_value_words(const char *field, const char *value)
{
	const struct i18n_lang	*l;

	if (strcmp(field, "reach_by") == 0)
		return LABEL(reach_words, value);
	if (strcmp(field, "language") == 0 && value[0] != '\0' &&
	    (l = i18n_find(value)) != NULL)
		return l->native;
	return value;
}

enum db_err
contact_pending(struct req *r, const char *person, const char **email)
{
	const char	*p[1] = { person };
	PGresult	*res;
	enum db_err	 e;

	*email = "";
	if ((e = db_exec(r->db, ST_CONTACT_EMAILS, p, &res)) != DB_OK)
		return e;
	if (db_rows(res) == 1)
		*email = db_val(res, 0, CE_PENDING);
	return DB_OK;
}

enum db_err
contact_readdress(struct req *r, const char *person, const char *email)
{
	const char	*p[2] = { person, email };

	return db_exec(r->db, ST_APPT_REMINDER_READDRESS, p, NULL);
}

enum db_err
contact_store(struct req *r, const char *person, const char *actor,
    const struct contact_new *n, const struct i18n_lang *lang, int youth,
    int *changed, int *pending)
{
	const char	*p[8], *confirmed, *waiting, *one[1] = { person };
	const char	*start[5];
	PGresult	*res;
	enum db_err	 e;

	*changed = *pending = 0;
	if ((e = db_exec(r->db, ST_CONTACT_EMAILS, one, &res)) != DB_OK)
		return e;
	if (db_rows(res) != 1)
		return DB_ERROR;
	confirmed = db_val(res, 0, CE_CONFIRMED);
	waiting = db_val(res, 0, CE_PENDING);
	p[0] = person;
	p[1] = n->phone;
	p[2] = confirmed;
	p[3] = n->address;
	p[4] = n->reach_by;
	p[5] = n->language;
	p[6] = NULL;
	p[7] = actor;
	if (n->email[0] == '\0') {
		/* No address: no more mail, at once; nothing waits. */
		p[2] = "";
		if (waiting[0] != '\0' || confirmed[0] != '\0')
			*changed = 1;
		if ((e = db_exec(r->db, ST_EMAIL_CONFIRM_END, one, NULL)) !=
		    DB_OK)
			return e;
	} else if (strcmp(n->email, confirmed) != 0) {
		/* A new one (or the waiting one again: a new link). */
		p[6] = n->email;
		*pending = 1;
	}
	if ((e = db_exec(r->db, ST_CONTACT_STORE, p, &res)) != DB_OK)
		return e;
	if (db_rows(res) == 1 && db_bool(res, 0, CS_IN_USE))
		*changed = 1;
	if (*pending) {
		if ((e = db_exec(r->db, ST_EMAIL_CONFIRM_END, one, NULL)) !=
		    DB_OK)
			return e;
		start[0] = person;
		start[1] = n->email;
		start[2] = actor;
		if ((e = mail_queue(r, "mailadres-bevestigen", lang, youth,
		    NULL, ST_EMAIL_CONFIRM_START, start, 3)) != DB_OK)
			return e;
	}
	return contact_readdress(r, person, p[2]);
}

enum db_err
contact_tell_pros(struct req *r, const char *person, const char *actor)
{
	const char	*one[1] = { person }, *p[5];
	struct tctx	*v;
	PGresult	*res;
	enum db_err	 e;
	int		 k;

	if ((e = db_exec(r->db, ST_PERSON_FAMILIES, one, &res)) != DB_OK)
		return e;
	for (k = 0; k < db_rows(res); k++) {
		if ((v = tctx_new(r->a, NULL)) == NULL)
			return DB_ERROR;
		tctx_str(v, "family_name", db_val(res, k, PF_NAME));
		tctx_str(v, "family_id", db_val(res, k, PF_PUBLIC));
		tctx_str(v, "person", db_val(res, k, PF_PERSON));
		p[0] = db_val(res, k, PF_ID);
		p[3] = actor;
		p[4] = person;
		/* staff read Dutch */
		if ((e = mail_queue(r, "nieuwe-gegevens", NULL, 0, v,
		    ST_OUTBOX_MAIL_FAMILY_PROS, p, 1)) != DB_OK)
			return e;
	}
	return DB_OK;
}

/*
 * messages.c - "Berichten": a private conversation between one family
 * member and one professional assigned to their family (issue 16, part 2;
 * DESIGN.md section 3).
 *
 *   GET  /berichten       a member: their conversations (unread first),
 *                         their professionals with work phone and e-mail,
 *                         and the form for a new conversation; a
 *                         professional: their conversations per family,
 *                         unread first
 *   POST /berichten       a member starts one (professional, subject, body)
 *   GET  /berichten/{id}  one conversation, and the form to answer
 *   POST /berichten/{id}  a message in it (body)
 *
 * Who reads a conversation: its member, and its professional while
 * assigned to the family now; anybody else gets 404 (logged as a denial).
 * A member may start one only with a professional assigned to their
 * family now (another: 404). Every page and message leaves an audit row
 * (conversation.*, message.create). A member's message mails the
 * professional a reply link (cgi/requests/reply.c, kind "bericht"), a
 * professional's mails the member that there is a message; no mail
 * holds a word of a message (DESIGN.md section 7).
 */
#include <string.h>
#include <time.h>

#include "form.h"
#include "core/draft.h"
#include "messages/messages.h"
#include "util.h"

/* Professional $1 is assigned to family f now. */
#define PRO_ASSIGNED(p, f) "EXISTS (SELECT 1 FROM assignment_now a " \
	"WHERE a.family_id = " f " AND a.professional_id = " p ")"
/* Messages of conversation c that person $1 did not write or read yet. */
#define UNREAD(c) "(SELECT count(*) FROM conversation_message m " \
	"WHERE m.conversation_id = " c " AND m.author_id <> $1 " \
	"  AND m.id > coalesce((SELECT cr.last_message_id " \
	"    FROM conversation_read cr WHERE cr.conversation_id = " c \
	"     AND cr.person_id = $1), 0))"
/* The conversations person $1 may read. */
#define MINE "(c.member_id = $1 OR (c.professional_id = $1 AND " \
	PRO_ASSIGNED("$1", "c.family_id") "))"

/* The professionals assigned now to the families of member $1, with how
 * families reach them at work. */
static const struct stmt_def ST_MSG_PROS[1] = {{ "msg_pros",
	"SELECT DISTINCT ON (p.id) p.public_id, p.id, "
	"       p.given_name || ' ' || p.family_name, pr.job_title, o.name, "
	"       coalesce(pr.work_phone, ''), coalesce(pr.work_email, ''), "
	"       m.family_id "
	"  FROM family_member m "
	"  JOIN assignment_now a ON a.family_id = m.family_id "
	"  JOIN professional pr ON pr.person_id = a.professional_id "
	"  JOIN person p ON p.id = pr.person_id "
	"  JOIN organisation o ON o.id = pr.organisation_id "
	" WHERE m.person_id = $1 ORDER BY p.id, m.family_id", 1, 8 }};
enum { P_PUBLIC_ID, P_ID, P_NAME, P_JOB, P_ORG, P_PHONE, P_EMAIL,
    P_FAMILY };

/* The conversations person $1 may read: per family, unread first, the
 * newest first; keyset paged (issue 21: no silent cap; before, the first
 * 500): the 101 after conversation $2 (its public id; "", or one that
 * $1 may not read: from the first) in that order, the page is the first
 * 100 (the 101st says there are more); after: $2 was found. The order as one ascending key
 * (name, family, k_unread, k_last, k_id), so that the cursor is a row
 * comparison; a conversation with news moves up between two pages (as on
 * the first page). */
#define MSG_ROWS \
	"SELECT c.public_id, c.subject, f.name, c.member_id = $1 AS is_member, " \
	"       mp.given_name || ' ' || mp.family_name AS member, " \
	"       pp.given_name || ' ' || pp.family_name AS pro, pr.job_title, " \
	"       s.unread, s.last, f.id AS fid, " \
	"       CASE WHEN s.unread > 0 THEN 0 ELSE 1 END AS k_unread, " \
	"       -coalesce(s.last, 0) AS k_last, -c.id AS k_id " \
	"  FROM conversation c JOIN family f ON f.id = c.family_id " \
	"  JOIN person mp ON mp.id = c.member_id " \
	"  JOIN person pp ON pp.id = c.professional_id " \
	"  JOIN professional pr ON pr.person_id = c.professional_id, " \
	"  LATERAL (SELECT " UNREAD("c.id") " AS unread, " \
	"    (SELECT extract(epoch FROM max(m.created_at))::bigint " \
	"       FROM conversation_message m " \
	"      WHERE m.conversation_id = c.id) AS last) s " \
	" WHERE " MINE
static const struct stmt_def ST_MSG_LIST[1] = {{ "msg_list",
	"WITH q AS (" MSG_ROWS "), "
	"cur AS (SELECT name, fid, k_unread, k_last, k_id FROM q "
	"  WHERE public_id = $2) "
	"SELECT q.public_id, q.subject, q.name, q.is_member, q.member, q.pro, "
	"       q.job_title, q.unread, q.last, EXISTS (SELECT 1 FROM cur) "
	"  FROM q WHERE NOT EXISTS (SELECT 1 FROM cur) "
	"    OR (q.name, q.fid, q.k_unread, q.k_last, q.k_id) > "
	"       (SELECT name, fid, k_unread, k_last, k_id FROM cur) "
	" ORDER BY q.name, q.fid, q.k_unread, q.k_last, q.k_id "
	" LIMIT 101", 2, 10 }};
#undef MSG_ROWS
#define MSG_PER_PAGE	100	/* LIMIT 101 above: one more says "more" */
enum { L_PUBLIC_ID, L_SUBJECT, L_FAMILY, L_IS_MEMBER, L_MEMBER, L_PRO,
    L_JOB, L_UNREAD, L_LAST, L_AFTER };

/* Conversation $2 (public id) with the facts about person $1; the caller
 * decides. */
static const struct stmt_def ST_MSG_ONE[1] = {{ "msg_one",
	"SELECT c.id, c.public_id, c.subject, c.family_id, "
	"       c.member_id = $1, c.professional_id = $1, "
	"       " PRO_ASSIGNED("c.professional_id", "c.family_id") ", "
	"       mp.given_name || ' ' || mp.family_name, "
	"       pp.given_name || ' ' || pp.family_name, pr.job_title, o.name, "
	"       coalesce(pr.work_phone, ''), coalesce(pr.work_email, ''), "
	"       coalesce(mp.language, ''), "
	"       coalesce(extract(year FROM age(current_date, mp.birth_date))"
	"         ::int, -1) "
	"  FROM conversation c "
	"  JOIN person mp ON mp.id = c.member_id "
	"  JOIN person pp ON pp.id = c.professional_id "
	"  JOIN professional pr ON pr.person_id = c.professional_id "
	"  JOIN organisation o ON o.id = pr.organisation_id "
	" WHERE c.public_id = $2", 2, 15 }};
enum { O_ID, O_PUBLIC_ID, O_SUBJECT, O_FAMILY, O_IS_MEMBER, O_IS_PRO,
    O_ASSIGNED, O_MEMBER, O_PRO, O_JOB, O_ORG, O_PHONE, O_EMAIL,
    O_LANGUAGE, O_AGE };

/* The messages of conversation $1, oldest first, with who wrote them (the
 * member or the professional). */
static const struct stmt_def ST_MSG_MESSAGES[1] = {{ "msg_messages",
	"SELECT m.id, m.author_id = c.member_id, "
	"       p.given_name || ' ' || p.family_name, "
	"       m.body, extract(epoch FROM m.created_at)::bigint "
	"  FROM conversation_message m "
	"  JOIN conversation c ON c.id = m.conversation_id "
	"  JOIN person p ON p.id = m.author_id "
	" WHERE m.conversation_id = $1 ORDER BY m.id", 1, 5 }};
enum { M_ID, M_BY_MEMBER, M_AUTHOR, M_BODY, M_AT };

/* Person $2 read conversation $1 up to message $3. */
static const struct stmt_def ST_MSG_MARK_READ[1] = {{ "msg_mark_read",
	"INSERT INTO conversation_read (conversation_id, person_id, "
	"  last_message_id) VALUES ($1, $2, $3) "
	"ON CONFLICT (conversation_id, person_id) DO UPDATE "
	"  SET last_message_id = greatest(conversation_read.last_message_id, "
	"    excluded.last_message_id)", 3, 0 }};

/* A new conversation of family $1 between member $2 and professional $3,
 * subject $4, its first message $5, form nonce $6. No row: this form was
 * stored before. */
static const struct stmt_def ST_MSG_START[1] = {{ "msg_start",
	"WITH c AS (INSERT INTO conversation (family_id, member_id, "
	"    professional_id, subject, form_nonce) "
	"  VALUES ($1, $2, $3, $4, $6) "
	"  ON CONFLICT (member_id, form_nonce) DO NOTHING "
	"  RETURNING id, public_id), "
	"m AS (INSERT INTO conversation_message (conversation_id, author_id, "
	"    body, form_nonce) SELECT id, $2, $5, $6 FROM c RETURNING id) "
	"SELECT c.public_id, m.id FROM c, m", 6, 2 }};
enum { S_PUBLIC_ID, S_MESSAGE };

/* Whether member $1 started a conversation with form nonce $2 with these
 * words: $3 subject, $4 professional, $5 first message. */
static const struct stmt_def ST_MSG_START_SAME[1] = {{ "msg_start_same",
	"SELECT EXISTS (SELECT 1 FROM conversation c "
	"  JOIN conversation_message m ON m.conversation_id = c.id "
	"   AND m.author_id = c.member_id AND m.form_nonce = c.form_nonce "
	" WHERE c.member_id = $1 AND c.form_nonce = $2 AND c.subject = $3 "
	"   AND c.professional_id = $4 AND m.body = $5)", 5, 1 }};

/* The conversation member $1 started with form nonce $2. */
static const struct stmt_def ST_MSG_STARTED[1] = {{ "msg_started",
	"SELECT public_id FROM conversation "
	" WHERE member_id = $1 AND form_nonce = $2", 2, 1 }};

/* A message in conversation $1 by person $2: $3 text, $4 form nonce. No
 * row: this form was stored before. */
static const struct stmt_def ST_MSG_ADD[1] = {{ "msg_add",
	"INSERT INTO conversation_message (conversation_id, author_id, body, "
	"  form_nonce) VALUES ($1, $2, $3, $4) "
	"ON CONFLICT (author_id, form_nonce) DO NOTHING RETURNING id", 4, 1 }};

/* Whether person $1 wrote message $4 with form nonce $2 in conversation
 * $3. */
static const struct stmt_def ST_MSG_ADD_SAME[1] = {{ "msg_add_same",
	"SELECT EXISTS (SELECT 1 FROM conversation_message "
	" WHERE author_id = $1 AND form_nonce = $2 AND conversation_id = $3 "
	"   AND body = $4)", 4, 1 }};

/*
 * The mail ($2 subject, $3 text with TOKEN_MARK where the link goes) to
 * the professional of the conversation of member's message $1, with a
 * reply link of their own for that message (made when the mail is sent,
 * as in cgi/core/mail.c). None when they are not assigned any more.
 */
static const struct stmt_def ST_MSG_INVITE[1] = {{ "msg_invite",
	"WITH pro AS (SELECT pr.person_id, pr.email "
	"    FROM conversation_message m "
	"    JOIN conversation c ON c.id = m.conversation_id "
	"    JOIN professional pr ON pr.person_id = c.professional_id "
	"   WHERE m.id = $1 AND m.author_id = c.member_id "
	"     AND pr.email IS NOT NULL "
	"     AND " PRO_ASSIGNED("c.professional_id", "c.family_id") "), "
	"o AS (INSERT INTO outbox (kind, recipient, subject, body) "
	"  SELECT 'mail', email, $2, $3 FROM pro RETURNING id) "
	"INSERT INTO reply_token (outbox_id, professional_id, message_id) "
	"SELECT o.id, pro.person_id, $1::bigint FROM o, pro", 3, 0 }};

/* A mail ($2 subject, $3 body) to the member of conversation $1 at the
 * address they gave on /gegevens; none without one. */
static const struct stmt_def ST_MSG_MAIL_MEMBER[1] = {{ "msg_mail_member",
	"INSERT INTO outbox (kind, recipient, subject, body) "
	"SELECT 'mail', cd.email, $2, $3 FROM conversation c "
	"  JOIN contact_details cd ON cd.person_id = c.member_id "
	" WHERE c.id = $1 AND cd.email <> ''", 3, 0 }};

/* The start page: messages person $1 did not read yet, and in how many
 * conversations. */
static const struct stmt_def ST_MSG_UNREAD[1] = {{ "msg_unread",
	"SELECT coalesce(sum(n), 0)::bigint, count(*) FILTER (WHERE n > 0) "
	"  FROM (SELECT " UNREAD("c.id") " AS n FROM conversation c "
	"         WHERE " MINE ") u", 1, 2 }};
enum { U_MESSAGES, U_CONVERSATIONS };

/* A member's message $1 (public id) to be answered by professional $2:
 * message id, conversation id and public id, family, subject, member,
 * text, when, assigned now, answered (the professional wrote after it). */
static const struct stmt_def ST_MSG_REPLY_ONE[1] = {{ "msg_reply_one",
	"SELECT m.id, c.id, c.public_id, c.family_id, c.subject, "
	"       p.given_name || ' ' || p.family_name, m.body, "
	"       extract(epoch FROM m.created_at)::bigint, "
	"       " PRO_ASSIGNED("$2", "c.family_id") ", "
	"       EXISTS (SELECT 1 FROM conversation_message x "
	"         WHERE x.conversation_id = c.id AND x.id > m.id "
	"           AND x.author_id = c.professional_id) "
	"  FROM conversation_message m "
	"  JOIN conversation c ON c.id = m.conversation_id "
	"  JOIN person p ON p.id = c.member_id "
	" WHERE m.public_id = $1 AND m.author_id = c.member_id "
	"   AND c.professional_id = $2", 2, 10 }};
enum { RP_MESSAGE, RP_CONV, RP_CONV_PUBLIC, RP_FAMILY, RP_SUBJECT,
    RP_MEMBER, RP_TEXT, RP_AT, RP_ASSIGNED, RP_ANSWERED };

/* The member of conversation $1: language ("" none) and age. */
static const struct stmt_def ST_MSG_MEMBER_LANGUAGE[1] = {{
	"msg_member_language",
	"SELECT coalesce(p.language, ''), "
	"  coalesce(extract(year FROM age(current_date, p.birth_date))::int, "
	"    -1) FROM conversation c JOIN person p ON p.id = c.member_id "
	" WHERE c.id = $1", 1, 2 }};
enum { ML_LANGUAGE, ML_AGE };

static const struct stmt_def *const stmts[] = {
	ST_MSG_PROS,
	ST_MSG_LIST,
	ST_MSG_ONE,
	ST_MSG_MESSAGES,
	ST_MSG_MARK_READ,
	ST_MSG_START,
	ST_MSG_START_SAME,
	ST_MSG_STARTED,
	ST_MSG_ADD,
	ST_MSG_ADD_SAME,
	ST_MSG_INVITE,
	ST_MSG_MAIL_MEMBER,
	ST_MSG_UNREAD,
	ST_MSG_REPLY_ONE,
	ST_MSG_MEMBER_LANGUAGE,
};
const struct stmt_table messages_stmts = {
	"messages/messages.c", stmts, NELEM(stmts)
};

#define SUBJECT_MAX	120	/* characters */
#define MESSAGE_MAX	4000

/* Job titles as stored for professionals. */
static const struct label job_labels[] = {
	{ "wijkcoach",		N_("wijkcoach") },
	{ "jeugdbeschermer",	N_("jeugdbeschermer") },
	{ "behandelaar",	N_("behandelaar") },
	{ "baliemedewerker",	N_("baliemedewerker") },
};

enum { F_PROFESSIONAL, F_SUBJECT, F_BODY, F_NONCE, F__MAX };

static const struct form_spec start_form[F__MAX] = {
	[F_PROFESSIONAL] = { .name = "professional", .kind = FORM_ID,
	    .required = 1, .max_chars = 64,
	    .msg_missing = N_("Kies aan wie u schrijft.") },
	[F_SUBJECT] = { .name = "subject", .kind = FORM_LINE, .required = 1,
	    .max_chars = SUBJECT_MAX,
	    .msg_missing = N_("Schrijf waar uw bericht over gaat."),
	    .msg_too_long = N_("Het onderwerp is te lang. U kunt 120 tekens "
	    "gebruiken."),
	    .msg_invalid = N_("Schrijf het onderwerp op één regel.") },
	[F_BODY] = { .name = "body", .kind = FORM_TEXT, .required = 1,
	    .max_chars = MESSAGE_MAX,
	    .msg_missing = N_("Schrijf uw bericht in het vak."),
	    .msg_too_long = N_("Uw bericht is te lang. U kunt 4000 tekens "
	    "gebruiken.") },
	[F_NONCE] = { .name = "nonce", .kind = FORM_ID, .max_chars = 64 },
};

enum { A_BODY, A_NONCE, A__MAX };

static const struct form_spec answer_form[A__MAX] = {
	[A_BODY] = { .name = "body", .kind = FORM_TEXT, .required = 1,
	    .max_chars = MESSAGE_MAX,
	    .msg_missing = N_("Schrijf uw bericht in het vak."),
	    .msg_too_long = N_("Uw bericht is te lang. U kunt 4000 tekens "
	    "gebruiken.") },
	[A_NONCE] = { .name = "nonce", .kind = FORM_ID, .max_chars = 64 },
};

/* A work phone number as a tel: link wants it: digits and "+" only. */
static const char *
phone_href(struct req *r, const char *phone)
{
	char	*out, *o;

	if ((out = arena_alloc(r->a, strlen(phone) + 1)) == NULL)
		return "";
	for (o = out; *phone != '\0'; phone++)
		if ((*phone >= '0' && *phone <= '9') || *phone == '+')
			*o++ = *phone;
	*o = '\0';
	return out;
}

/* ctx[key] = "dinsdag 1 december 2026, 14:00" for a Unix time as text:
 * messages of one day need their time. */
static void
tctx_datetime(struct tctx *c, const char *key, const char *epoch)
{
	char	 out[128];
	long	 t;

	if (util_parse_long(epoch, 0, 253402300799L, &t) == -1 ||
	    i18n_format_datetime(out, sizeof(out), (time_t)t) == 0)
		out[0] = '\0';
	tctx_str(c, key, out);
}

static enum db_err
audit_conv(struct req *r, const char *action, const char *id,
    const char *family_id, const char *outcome)
{
	return req_audit(r, action, "conversation", id, family_id, outcome);
}

static const char *
fresh_nonce(struct req *r)
{
	char	*nonce;

	if ((nonce = arena_alloc(r->a, FORM_NONCE_LEN + 1)) == NULL)
		return NULL;
	form_nonce_new(nonce);
	return nonce;
}

/*
 * Runs insert ins once per form, like req_insert_once (cgi/core), keeping
 * the row it returns: params[nonce_at] and same_params[1] are the form
 * nonce, statement same says whether this form was stored with the same
 * words. 1 stored (*res its row), 0 stored before (a double click), or
 * minus a status. The same form with other words is stored as new.
 */
static int
insert_once(struct req *r, const struct stmt_def *ins, const char **params,
    size_t nonce_at, const struct stmt_def *same, const char **same_params,
    PGresult **res)
{
	PGresult	*sr;
	const char	*fresh;
	enum db_err	 e;
	int		 attempt;

	for (attempt = 0; attempt < 2; attempt++) {
		if ((e = db_exec(r->db, ins, params, res)) != DB_OK)
			return -db_status(e);
		if (db_rows(*res) == 1)
			return 1;
		if ((e = db_exec(r->db, same, same_params, &sr)) != DB_OK)
			return -db_status(e);
		if (db_bool(sr, 0, 0))
			return 0;
		if ((fresh = fresh_nonce(r)) == NULL)
			return -500;
		params[nonce_at] = same_params[1] = fresh;
	}
	return -500;
}

/* ---- the list, and the form for a new conversation ---- */

struct start_state {
	const char		*v[F__MAX];
	struct form_error	 errs[F__MAX + 2];
	size_t			 nerr;
};

/* The member's professionals into c ("professionals", each with contact
 * details and whether chosen); *res for the caller. 0 or a status. */
static int
fill_pros(struct req *r, struct tctx *c, const char *chosen, PGresult **res)
{
	const char	*p[1] = { r->sess.person_id_s };
	struct tctx	*it;
	enum db_err	 e;
	int		 i, n;

	if ((e = db_exec(r->db, ST_MSG_PROS, p, res)) != DB_OK)
		return db_status(e);
	n = db_rows(*res);
	tctx_list(c, "professionals");
	for (i = 0; i < n; i++) {
		if ((it = tctx_list_add(c, "professionals")) == NULL)
			return 500;
		tctx_str(it, "value", db_val(*res, i, P_PUBLIC_ID));
		tctx_nl(it, "name", db_val(*res, i, P_NAME));
		tctx_str(it, "job", LABEL(job_labels,
		    db_val(*res, i, P_JOB)));
		tctx_nl(it, "organisation", db_val(*res, i, P_ORG));
		tctx_str(it, "phone", db_val(*res, i, P_PHONE));
		tctx_str(it, "phone_href", phone_href(r,
		    db_val(*res, i, P_PHONE)));
		tctx_str(it, "email", db_val(*res, i, P_EMAIL));
		tctx_bool(it, "selected", n == 1 || strcmp(chosen,
		    db_val(*res, i, P_PUBLIC_ID)) == 0);
	}
	tctx_bool(c, "has_pros", n > 0);
	tctx_bool(c, "one_pro", n == 1);
	if (n == 1) {
		tctx_nl(c, "pro_name", db_val(*res, 0, P_NAME));
		tctx_str(c, "pro_job", LABEL(job_labels,
		    db_val(*res, 0, P_JOB)));
	}
	return 0;
}

/* The conversations person may read into c: a member's in one list, a
 * professional's per family ("families", each with "conversations"). */
static int
fill_list(struct req *r, struct tctx *c)
{
	const char	*p[2] = { r->sess.person_id_s, "" };
	const char	*fam = NULL;
	struct tctx	*it, *group = NULL;
	PGresult	*res;
	int		 i, n, st, later;

	/* na: the last conversation of the page before (an unknown one, or
	 * one not theirs: the first page, never an error; later comes from
	 * the statement, which knows whether the cursor was theirs) */
	if ((st = req_page_after(r, ST_MSG_LIST, p, 1, &res, &later)) != 0)
		return st;
	n = db_rows(res) > MSG_PER_PAGE ? MSG_PER_PAGE : db_rows(res);
	tctx_bool(c, "more", db_rows(res) > MSG_PER_PAGE);
	tctx_bool(c, "later", n > 0 && db_bool(res, 0, L_AFTER));
	tctx_strf(c, "more_href", "/berichten?na=%s",
	    n > 0 ? db_val(res, n - 1, L_PUBLIC_ID) : "");
	tctx_list(c, "conversations");
	tctx_list(c, "families");
	for (i = 0; i < n; i++) {
		if (r->role == ROLE_PROFESSIONAL && (fam == NULL ||
		    strcmp(fam, db_val(res, i, L_FAMILY)) != 0)) {
			fam = db_val(res, i, L_FAMILY);
			if ((group = tctx_list_add(c, "families")) == NULL)
				return 500;
			tctx_nl(group, "family_name", fam);
			tctx_list(group, "conversations");
		}
		it = tctx_list_add(group != NULL ? group : c,
		    "conversations");
		if (it == NULL)
			return 500;
		tctx_str(it, "id", db_val(res, i, L_PUBLIC_ID));
		tctx_nl(it, "subject", db_val(res, i, L_SUBJECT));
		tctx_str(it, "with", db_bool(res, i, L_IS_MEMBER) ?
		    db_val(res, i, L_PRO) : db_val(res, i, L_MEMBER));
		tctx_long(it, "unread", db_long(res, i, L_UNREAD));
		tctx_date(it, "last", db_val(res, i, L_LAST));
	}
	tctx_bool(c, "has_conversations", n > 0);
	return 0;
}

static int
show_list(struct req *r, struct start_state *f, int status)
{
	struct tctx	*c = page_ctx(r);
	PGresult	*pros;
	enum db_err	 e;
	int		 st, citizen = r->role == ROLE_CITIZEN;

	tctx_bool(c, "is_citizen", citizen);
	if ((st = fill_list(r, c)) != 0)
		return st;
	if (citizen) {
		if ((st = fill_pros(r, c, f->v[F_PROFESSIONAL], &pros)) != 0)
			return st;
	} else {
		tctx_list(c, "professionals");
		tctx_bool(c, "has_pros", 0);
		tctx_bool(c, "one_pro", 0);
	}
	tctx_str(c, "subject", f->v[F_SUBJECT]);
	tctx_str(c, "body", f->v[F_BODY]);
	tctx_str(c, "nonce", f->v[F_NONCE]);
	tctx_str(c, "professional_error", i18n_gettext(form_error_for(f->errs,
	    f->nerr, "professional")));
	tctx_str(c, "subject_error", i18n_gettext(form_error_for(f->errs,
	    f->nerr, "subject")));
	tctx_str(c, "body_error", i18n_gettext(form_error_for(f->errs,
	    f->nerr, "body")));
	page_form_errors(r, c, f->errs, f->nerr);
	if ((e = audit_conv(r, "conversation.list", NULL, NULL,
	    "allowed")) != DB_OK)
		return db_status(e);
	r->rs->status = status;
	return page_render(r, "berichten", N_("Berichten"), c);
}

int
h_messages(struct req *r)
{
	struct start_state	 f;

	memset(&f, 0, sizeof(f));
	f.v[F_PROFESSIONAL] = f.v[F_SUBJECT] = f.v[F_BODY] = "";
	if ((f.v[F_NONCE] = fresh_nonce(r)) == NULL)
		return 500;
	/* a message sent after a time-out (core/draft.h) */
	if (draft_take(r, start_form, F__MAX, f.v) == -1)
		return 500;
	return show_list(r, &f, 200);
}

/* The mail to the professional about member's message msg_id (a reply
 * link, no words). */
static enum db_err
invite(struct req *r, const char *msg_id, const char *conv_public_id)
{
	const char	*p[3] = { msg_id, NULL, NULL };
	struct tctx	*v = tctx_new(r->a, NULL);

	tctx_str(v, "conversation", conv_public_id);
	return mail_queue(r, "bericht-nieuw", NULL, 0, v, ST_MSG_INVITE, p, 1);
}

int
h_message_start(struct req *r)
{
	struct start_state	 f;
	const char		*p[6], *same[5], *pro = NULL, *family = NULL;
	PGresult		*pros, *res;
	enum db_err		 e;
	int			 i, n;

	memset(&f, 0, sizeof(f));
	if (form_read(&r->rq->form, start_form, F__MAX, f.v, f.errs,
	    &f.nerr) == -1)
		return 400;
	f.v[F_BODY] = req_unix_lines(r, f.v[F_BODY]);
	if ((f.v[F_NONCE] = req_form_nonce(r)) == NULL)
		return 500;
	/* One of my professionals now, or nobody's business: 404. */
	if (f.v[F_PROFESSIONAL][0] != '\0') {
		p[0] = r->sess.person_id_s;
		if ((e = db_exec(r->db, ST_MSG_PROS, p, &pros)) != DB_OK)
			return db_status(e);
		for (i = 0; i < db_rows(pros); i++)
			if (strcmp(db_val(pros, i, P_PUBLIC_ID),
			    f.v[F_PROFESSIONAL]) == 0) {
				pro = db_val(pros, i, P_ID);
				family = db_val(pros, i, P_FAMILY);
			}
		if (pro == NULL) {
			if ((e = audit_conv(r, "conversation.start", NULL,
			    NULL, "denied")) != DB_OK)
				return db_status(e);
			return 404;
		}
	}
	if (f.nerr > 0)
		return show_list(r, &f, 400);

	p[0] = family;
	p[1] = r->sess.person_id_s;
	p[2] = pro;
	p[3] = f.v[F_SUBJECT];
	p[4] = f.v[F_BODY];
	p[5] = f.v[F_NONCE];
	same[0] = r->sess.person_id_s;
	same[1] = f.v[F_NONCE];
	same[2] = f.v[F_SUBJECT];
	same[3] = pro;
	same[4] = f.v[F_BODY];
	if ((e = db_begin(r->db)) != DB_OK)
		return db_status(e);
	if ((n = insert_once(r, ST_MSG_START, p, 5, ST_MSG_START_SAME, same,
	    &res)) < 0)
		return -n;
	if (n == 0) {
		/* Sent twice (a double click): to the first one. */
		p[1] = same[1];
		p[0] = r->sess.person_id_s;
		if ((e = db_exec(r->db, ST_MSG_STARTED, p, &res)) != DB_OK ||
		    (e = db_commit(r->db)) != DB_OK)
			return db_status(e);
		if (db_rows(res) != 1)
			return 500;
		return page_redirect(r, arena_printf(r->a, "/berichten/%s",
		    db_val(res, 0, 0)));
	}
	if ((e = audit_conv(r, "conversation.start",
	    db_val(res, 0, S_PUBLIC_ID), family, "allowed")) != DB_OK ||
	    (e = invite(r, db_val(res, 0, S_MESSAGE),
	    db_val(res, 0, S_PUBLIC_ID))) != DB_OK ||
	    (e = db_commit(r->db)) != DB_OK)
		return db_status(e);
	return page_redirect(r, arena_printf(r->a, "/berichten/%s?verstuurd=1",
	    db_val(res, 0, S_PUBLIC_ID)));
}

/* ---- one conversation ---- */

/* Conversation {id} for the logged-in person: 0 with *res (row 0), or 404
 * (unknown, or not theirs: the same answer, logged as a denial). */
static int
open_conv(struct req *r, const char *action, PGresult **res)
{
	const char	*p[2];
	enum db_err	 e;
	int		 mine;

	p[0] = r->sess.person_id_s;
	p[1] = route_param(&r->params, "id");
	if ((e = db_exec(r->db, ST_MSG_ONE, p, res)) != DB_OK)
		return db_status(e);
	mine = db_rows(*res) == 1 && (r->role == ROLE_CITIZEN ?
	    db_bool(*res, 0, O_IS_MEMBER) : r->role == ROLE_PROFESSIONAL &&
	    db_bool(*res, 0, O_IS_PRO) && db_bool(*res, 0, O_ASSIGNED));
	if (!mine) {
		if ((e = audit_conv(r, action, p[1], db_rows(*res) == 1 ?
		    db_val(*res, 0, O_FAMILY) : NULL, "denied")) != DB_OK)
			return db_status(e);
		return 404;
	}
	return 0;
}

static int
show_conv(struct req *r, const PGresult *cv, const char *body,
    const char *nonce, const struct form_error *errs, size_t nerr,
    int status, const char *checked)
{
	const char	*p[3];
	struct tctx	*c = page_ctx(r), *it;
	PGresult	*ms;
	enum db_err	 e;
	int		 i, n, member = r->role == ROLE_CITIZEN;

	p[0] = db_val(cv, 0, O_ID);
	if ((e = db_begin(r->db)) != DB_OK ||
	    (e = db_exec(r->db, ST_MSG_MESSAGES, p, &ms)) != DB_OK)
		return db_status(e);
	n = db_rows(ms);
	tctx_list(c, "messages");
	for (i = 0; i < n; i++) {
		if ((it = tctx_list_add(c, "messages")) == NULL)
			return 500;
		tctx_nl(it, "author", db_val(ms, i, M_AUTHOR));
		tctx_nl(it, "text", db_val(ms, i, M_BODY));
		tctx_datetime(it, "at", db_val(ms, i, M_AT));
		/* Written by the person reading: "U schreef". */
		tctx_bool(it, "mine", member == db_bool(ms, i, M_BY_MEMBER));
	}
	if (n > 0) {
		p[0] = db_val(cv, 0, O_ID);
		p[1] = r->sess.person_id_s;
		p[2] = db_val(ms, n - 1, M_ID);
		if ((e = db_exec(r->db, ST_MSG_MARK_READ, p, NULL)) != DB_OK)
			return db_status(e);
	}
	tctx_bool(c, "is_citizen", member);
	tctx_str(c, "id", db_val(cv, 0, O_PUBLIC_ID));
	tctx_str(c, "subject", db_val(cv, 0, O_SUBJECT));
	tctx_nl(c, "member", db_val(cv, 0, O_MEMBER));
	tctx_nl(c, "pro_name", db_val(cv, 0, O_PRO));
	tctx_str(c, "pro_job", LABEL(job_labels, db_val(cv, 0, O_JOB)));
	tctx_nl(c, "organisation", db_val(cv, 0, O_ORG));
	tctx_nl(c, "name", db_val(cv, 0, O_PRO));
	tctx_str(c, "job", LABEL(job_labels, db_val(cv, 0, O_JOB)));
	tctx_str(c, "phone", db_val(cv, 0, O_PHONE));
	tctx_str(c, "phone_href", phone_href(r, db_val(cv, 0, O_PHONE)));
	tctx_str(c, "email", db_val(cv, 0, O_EMAIL));
	tctx_bool(c, "can_write", db_bool(cv, 0, O_ASSIGNED));
	tctx_bool(c, "sent", http_fields_get(&r->rq->query, "verstuurd") !=
	    NULL);
	tctx_str(c, "body", body);
	tctx_str(c, "nonce", nonce);
	tctx_str(c, "body_error", i18n_gettext(form_error_for(errs, nerr,
	    "body")));
	page_form_errors(r, c, errs, nerr);
	if (page_b1(r, c, checked) != 0)
		return 500;
	if ((e = audit_conv(r, "conversation.read", db_val(cv, 0, O_PUBLIC_ID),
	    db_val(cv, 0, O_FAMILY), "allowed")) != DB_OK ||
	    (e = db_commit(r->db)) != DB_OK)
		return db_status(e);
	r->rs->status = status;
	return page_render_text(r, "bericht", db_val(cv, 0, O_SUBJECT), c);
}

int
h_conversation(struct req *r)
{
	PGresult	*cv;
	const char	*nonce, *v[A__MAX] = { "", "" };
	int		 st;

	if ((st = open_conv(r, "conversation.read", &cv)) != 0)
		return st;
	if ((nonce = fresh_nonce(r)) == NULL)
		return 500;
	/* an answer sent after a time-out (core/draft.h) */
	if (draft_take(r, answer_form, A__MAX, v) == -1)
		return 500;
	return show_conv(r, cv, v[A_BODY], nonce, NULL, 0, 200, NULL);
}

/* The mail to the member: there is a message (no words of it). */
static enum db_err
mail_member(struct req *r, const char *conv_id, const char *conv_public_id)
{
	const char	*p[3] = { conv_id, NULL, NULL };
	struct tctx	*v = tctx_new(r->a, NULL);
	PGresult	*res;
	enum db_err	 e;
	int		 known;

	if ((e = db_exec(r->db, ST_MSG_MEMBER_LANGUAGE, p, &res)) != DB_OK)
		return e;
	known = db_rows(res) == 1;
	tctx_str(v, "conversation", conv_public_id);
	return mail_queue(r, "bericht-antwoord",
	    i18n_choose(known ? db_val(res, 0, ML_LANGUAGE) : NULL, NULL),
	    known && req_is_youth("citizen", (int)db_long(res, 0, ML_AGE)), v,
	    ST_MSG_MAIL_MEMBER, p, 1);
}

int
h_conversation_post(struct req *r)
{
	const char		*v[A__MAX], *p[4], *same[4];
	struct form_error	 errs[A__MAX + 1];
	size_t			 nerr = 0;
	PGresult		*cv, *res;
	enum db_err		 e;
	int			 st, n;

	if ((st = open_conv(r, "message.create", &cv)) != 0)
		return st;
	if (form_read(&r->rq->form, answer_form, A__MAX, v, errs, &nerr) == -1)
		return 400;
	v[A_BODY] = req_unix_lines(r, v[A_BODY]);
	if ((v[A_NONCE] = req_form_nonce(r)) == NULL)
		return 500;
	if (!db_bool(cv, 0, O_ASSIGNED)) {
		if ((e = audit_conv(r, "message.create",
		    db_val(cv, 0, O_PUBLIC_ID), db_val(cv, 0, O_FAMILY),
		    "denied")) != DB_OK)
			return db_status(e);
		r->deny_reason = N_("Deze hulpverlener werkt nu niet meer met "
		    "uw gezin. U kunt hier niet meer schrijven.");
		return 403;
	}
	/* A professional's "Controleren": the B1 check of the text, the
	 * form again as typed; nothing stored or sent. */
	if (r->role == ROLE_PROFESSIONAL && req_b1_asked(r))
		return show_conv(r, cv, v[A_BODY], v[A_NONCE], NULL, 0, 200,
		    v[A_BODY]);
	if (nerr > 0)
		return show_conv(r, cv, v[A_BODY], v[A_NONCE], errs, nerr, 400,
		    NULL);
	p[0] = db_val(cv, 0, O_ID);
	p[1] = r->sess.person_id_s;
	p[2] = v[A_BODY];
	p[3] = v[A_NONCE];
	same[0] = r->sess.person_id_s;
	same[1] = v[A_NONCE];
	same[2] = db_val(cv, 0, O_ID);
	same[3] = v[A_BODY];
	if ((e = db_begin(r->db)) != DB_OK)
		return db_status(e);
	if ((n = insert_once(r, ST_MSG_ADD, p, 3, ST_MSG_ADD_SAME, same,
	    &res)) < 0)
		return -n;
	if (n == 1) {
		if ((e = audit_conv(r, "message.create",
		    db_val(cv, 0, O_PUBLIC_ID), db_val(cv, 0, O_FAMILY),
		    "allowed")) != DB_OK)
			return db_status(e);
		e = r->role == ROLE_CITIZEN ? invite(r, db_val(res, 0, 0),
		    db_val(cv, 0, O_PUBLIC_ID)) : mail_member(r,
		    db_val(cv, 0, O_ID), db_val(cv, 0, O_PUBLIC_ID));
		if (e != DB_OK)
			return db_status(e);
	}
	if ((e = db_commit(r->db)) != DB_OK)
		return db_status(e);
	return page_redirect(r, arena_printf(r->a, "/berichten/%s?verstuurd=1",
	    db_val(cv, 0, O_PUBLIC_ID)));
}

/* ---- the start page ---- */

int
messages_unread_fill(struct req *r, struct tctx *c)
{
	const char	*p[1] = { r->sess.person_id_s };
	PGresult	*res;
	enum db_err	 e;

	if ((e = db_exec(r->db, ST_MSG_UNREAD, p, &res)) != DB_OK)
		return db_status(e);
	tctx_long(c, "unread_messages", db_long(res, 0, U_MESSAGES));
	tctx_long(c, "unread_conversations", db_long(res, 0,
	    U_CONVERSATIONS));
	return 0;
}

/* ---- answered through a reply link (cgi/requests/reply.c) ---- */

int
msg_reply_load(struct req *r, const char *public_id, const char *pro,
    struct msg_reply *m)
{
	const char	*p[2] = { public_id, pro };
	PGresult	*res;
	enum db_err	 e;

	memset(m, 0, sizeof(*m));
	if ((e = db_exec(r->db, ST_MSG_REPLY_ONE, p, &res)) != DB_OK)
		return db_status(e);
	if (db_rows(res) != 1 || !db_bool(res, 0, RP_ASSIGNED))
		return 404;
	m->message_id = db_val(res, 0, RP_MESSAGE);
	m->conversation_id = db_val(res, 0, RP_CONV);
	m->conversation_public_id = db_val(res, 0, RP_CONV_PUBLIC);
	m->family_id = db_val(res, 0, RP_FAMILY);
	m->subject = db_val(res, 0, RP_SUBJECT);
	m->member = db_val(res, 0, RP_MEMBER);
	m->text = db_val(res, 0, RP_TEXT);
	m->made = db_val(res, 0, RP_AT);
	return db_bool(res, 0, RP_ANSWERED) ? 410 : 0;
}

int
msg_reply_store(struct req *r, const struct msg_reply *m, const char *pro,
    const char *body, const char *nonce)
{
	const char	*p[4] = { m->conversation_id, pro, body, nonce };
	PGresult	*res;
	enum db_err	 e;

	if ((e = db_exec(r->db, ST_MSG_ADD, p, &res)) != DB_OK)
		return db_status(e);
	if (db_rows(res) != 1)
		return 410;
	if ((e = mail_member(r, m->conversation_id,
	    m->conversation_public_id)) != DB_OK)
		return db_status(e);
	return 0;
}

/*
 * outboxd.c - `portal outbox -c FILE`: the process that sends what the
 * portal wrote to the outbox table (DESIGN.md s. 7). `make run` starts
 * it next to the workers.
 *
 * Delivery: mark-before-send with a lease. A row is claimed in one
 * statement (lease for outbox_lease seconds, attempts + 1; other senders
 * skip a
 * leased row), then sent, then marked sent. If the server refuses or is
 * down, the row gets its reason and a next attempt after a backoff that
 * doubles (lib/outbox); the action that wrote the row succeeded long ago,
 * so nothing waits for mail and nothing is lost.
 * Why not send-then-mark: a crash between sending and marking then resends
 * everything in the batch. Here the only window for a second copy is a
 * crash between the mail server's "250 accepted" and our UPDATE (a few
 * milliseconds); the lease then runs out and the row is sent again with
 * the same Message-ID (<message_id@domain>), so mail software can drop
 * the copy. SMTP cannot offer more than that: marking before sending
 * without a lease would lose mail instead.
 *
 * Letters (kind 'letter', sql/025_a_letters.sql) are claimed the same
 * way and go into the counter's print queue in the statement that marks
 * them (ST_LETTER_QUEUE): exactly once, no mail.
 *
 * Webhooks (kind 'webhook', the event name in the subject column) are
 * POSTed the same way, signed (lib/outbox), with the row's message id as
 * the delivery id. A row that cannot be a mail is put aside at once with
 * its reason; a mail or event that still fails GIVE_UP_AFTER (14 days,
 * as long as a reply link lasts) after it was written, and after at least
 * GIVE_UP_TRIES attempts, is put aside. Until
 * then it is tried again, at least every 6 hours, however long the server
 * is away (DESIGN.md: "nothing is lost"). Marks carry the attempt number the sender
 * claimed, so a sender whose lease ran out and was taken over marks
 * nothing.
 */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <curl/curl.h>

#include "arena.h"
#include "buf.h"
#include "config.h"
#include "db.h"
#include "i18n.h"
#include "log.h"
#include "outbox.h"
#include "tmpl.h"
#include "token.h"
#include "util.h"
#include "core/mail.h"
#include "outbox/outboxd.h"

/* The outbox process sends mail $1: the token's hash $2, valid 14 days
 * from now. Made once per mail: no row when there is no reply link in
 * it, it was used already (answered in the worklist before the mail
 * went), or a token was made before and the mail may have gone with it
 * (a sender that died between "accepted" and "marked": the copy sent
 * again has the same Message-ID and the receiver keeps the first one,
 * whose link must keep working). */
static const struct stmt_def ST_REPLY_TOKEN_MINT[1] = {{ "reply_token_mint",
	"UPDATE reply_token SET token_hash = decode($2, 'hex'), "
	"       expires_at = now() + interval '14 days' "
	" WHERE outbox_id = $1 AND used_at IS NULL AND token_hash IS NULL "
	"RETURNING 1", 2, 1 }};

/* The same for a mail that asks to confirm a new mail address (sql/
 * 047_email_confirm.sql): a row (fresh: the hash $2 was set, valid 24
 * hours from now) when mail $1 is such a mail; none for any other mail.
 * Not fresh: used, replaced by a newer address, or minted before. */
static const struct stmt_def ST_CONFIRM_TOKEN_MINT[1] = {{
	"confirm_token_mint",
	"WITH c AS (SELECT id, used_at IS NULL AND ended_at IS NULL "
	"    AND token_hash IS NULL AS fresh FROM email_confirm "
	"   WHERE outbox_id = $1), "
	"u AS (UPDATE email_confirm e SET token_hash = decode($2, 'hex'), "
	"    expires_at = now() + interval '24 hours' "
	"  FROM c WHERE e.id = c.id AND c.fresh RETURNING e.id) "
	"SELECT c.fresh FROM c", 2, 1 }};
enum { CM_FRESH };

/* Mail $1 was certainly not delivered (refused, server away): its token
 * (a reply link or a confirmation link) is forgotten, so the next attempt
 * makes a fresh one. */
static const struct stmt_def ST_REPLY_TOKEN_UNMINT[1] = {{ "reply_token_unmint",
	"WITH c AS (UPDATE email_confirm SET token_hash = NULL, "
	"    expires_at = NULL WHERE outbox_id = $1 AND used_at IS NULL) "
	"UPDATE reply_token SET token_hash = NULL, expires_at = NULL "
	" WHERE outbox_id = $1 AND used_at IS NULL", 1, 0 }};

/*
 * Requests whose deadline passed: each is marked once (overdue_noticed_at)
 * and, in the same statement, one mail per request goes to every
 * professional assigned to its family and to their organisation's
 * notify address ($1 subject, $2 body with "{request}" where each
 * request's public id goes: templates/mail/verzoek-te-laat.txt). Run
 * by the outbox process on every loop: the UPDATE takes only unmarked
 * rows and locks them, so two processes, or a loop after a crash, never
 * mail the same request twice. An extension clears the mark.
 */
static const struct stmt_def ST_REQUEST_OVERDUE[1] = {{ "request_overdue",
	"WITH late AS (UPDATE request r SET overdue_noticed_at = now() "
	"  WHERE " REQUEST_LATE " AND r.overdue_noticed_at IS NULL "
	"  RETURNING r.id, r.family_id, r.public_id), "
	"pros AS (SELECT late.public_id, pr.email, o.notify_email "
	"  FROM late JOIN assignment_now a ON a.family_id = late.family_id "
	"  JOIN professional pr ON pr.person_id = a.professional_id "
	"  JOIN organisation o ON o.id = pr.organisation_id) "
	"INSERT INTO outbox (kind, recipient, subject, body) "
	"SELECT 'mail', x.addr, $1, replace($2, '{request}', x.public_id) "
	"  FROM (SELECT public_id, email AS addr FROM pros "
	"         WHERE email IS NOT NULL "
	"        UNION SELECT public_id, notify_email FROM pros "
	"         WHERE notify_email IS NOT NULL) x", 2, 0 }};

/*
 * Share requests (issue 15) that waited 30 days, or reached their last
 * day, without everybody's yes end by themselves; each such request, and
 * each one a worker ended so (sql/026: 'verlopen', not yet noticed), is
 * marked, and who asked is returned (with their language and age), in
 * one transaction with their mail (ST_SHARE_EXPIRE_MAIL), so it is sent
 * once.
 */
static const struct stmt_def ST_SHARE_EXPIRE[1] = {{ "share_expire",
	"WITH over AS (UPDATE document_share SET "
	"    ended_at = coalesce(ended_at, now()), "
	"    ended_reason = coalesce(ended_reason, 'verlopen'), "
	"    ended_noticed_at = now() "
	"  WHERE ended_noticed_at IS NULL AND pending AND revoked_at IS NULL "
	"    AND (ended_reason = 'verlopen' OR (ended_at IS NULL AND "
	"      (created_at <= now() - interval '30 days' OR until <= now()))) "
	"  RETURNING requested_by) "
	"SELECT p.id, coalesce(p.language, ''), "
	"  coalesce(extract(year FROM age(current_date, p.birth_date))::int, "
	"    -1) "
	"  FROM over JOIN person p ON p.id = over.requested_by", 0, 3 }};
enum { EX_PERSON, EX_LANGUAGE, EX_AGE };

/* The mail ($2 subject, $3 body: templates/mail/deel-vraag-verlopen.txt
 * in their language, no dossier content) to person $1 at the address
 * they gave, or a letter in the counter's print queue when they chose
 * post or the counter (lib/stmts.h: MEMBER_OUTBOX). */
static const struct stmt_def ST_SHARE_EXPIRE_MAIL[1] = {{
	"share_expire_mail",
	"INSERT INTO outbox (kind, recipient, subject, body) "
	"SELECT " MEMBER_OUTBOX("cd", "cd.person_id", "'delen-gestopt'", "$2",
	"$3") " FROM contact_details cd "
	" WHERE cd.person_id = $1 AND " MEMBER_REACHED("cd"), 3, 0 }};

/*
 * A letter (outbox kind 'letter': recipient the member's person id,
 * subject what it is about) goes into the counter's print queue: $1 the
 * row, $2 the attempt this sender claimed. The letter is added and the
 * row marked sent in one statement, so it is in the queue exactly once:
 * a sender whose lease was taken over adds and marks nothing, and a
 * second claim after a crash finds the letter there (outbox_id is
 * unique). No row back: the claim was not ours any more.
 */
static const struct stmt_def ST_LETTER_QUEUE[1] = {{ "letter_queue",
	"WITH o AS (UPDATE outbox SET sent_at = now(), lease_until = NULL, "
	"    last_error = NULL WHERE id = $1 AND attempts = $2 "
	"    AND kind = 'letter' RETURNING id, recipient, subject), "
	"l AS (INSERT INTO letter (outbox_id, person_id, about) "
	"  SELECT o.id, p.id, o.subject FROM o "
	"    JOIN person p ON p.id::text = o.recipient "
	"  ON CONFLICT (outbox_id) DO NOTHING) "
	"SELECT id FROM o", 2, 1 }};

/*
 * The digest (issue 17, part 5): mail row $3 to $2 was just claimed; when
 * $2 is a professional's address and at least $4 - 1 other mails to $2
 * are due as well (many arrived within minutes: a burst, or a wait for
 * the mail server), those are claimed too (lease $1 seconds, at most $5)
 * and all go as one mail. None back: the row goes alone.
 */
static const struct stmt_def ST_OUTBOX_CLAIM_SAME[1] = {{ "outbox_claim_same",
	"WITH due AS (SELECT id FROM outbox WHERE kind = 'mail' "
	"    AND recipient = $2 AND id <> $3 AND sent_at IS NULL "
	"    AND cancelled_at IS NULL AND not_before <= now() "
	"    AND (lease_until IS NULL OR lease_until < now()) "
	"    AND EXISTS (SELECT 1 FROM professional pr WHERE pr.email = $2) "
	"  ORDER BY not_before, id LIMIT $5 FOR UPDATE SKIP LOCKED), "
	"c AS (UPDATE outbox o SET lease_until = now() + "
	"    make_interval(secs => $1), attempts = o.attempts + 1 "
	"  FROM due WHERE o.id = due.id "
	"    AND (SELECT count(*) FROM due) >= $4 - 1 "
	"  RETURNING o.id, coalesce(o.subject, '') AS subject, o.body, "
	"    o.attempts, extract(epoch FROM o.created_at)::bigint AS created) "
	"SELECT id, subject, body, attempts, created FROM c ORDER BY id",
	5, 5 }};
enum { CS_ID, CS_SUBJECT, CS_BODY, CS_ATTEMPTS, CS_CREATED };

static const struct stmt_def *const stmts[] = {
	ST_LETTER_QUEUE,
	ST_OUTBOX_CLAIM_SAME,
	ST_CONFIRM_TOKEN_MINT,
	ST_REPLY_TOKEN_MINT,
	ST_REPLY_TOKEN_UNMINT,
	ST_REQUEST_OVERDUE,
	ST_SHARE_EXPIRE,
	ST_SHARE_EXPIRE_MAIL,
};
/* The outbox process prepares these besides lib's (the portal's workers
 * do not: they never send). */
static const struct stmt_table outboxd_stmts = {
	"outbox/outboxd.c", stmts, sizeof(stmts) / sizeof(stmts[0])
};
static const struct stmt_table *const tables[] = { &outboxd_stmts };

#define SMTP_TIMEOUT	30L	/* seconds; never more than the lease - 1 */
/* A professional gets one mail instead of DIGEST_MIN_S or more waiting
 * at once (up to 50 in one). */
#define DIGEST_MIN_S	"4"
#define DIGEST_MAX_S	"49"	/* besides the first */
#define DEFAULT_FROM	"Gezinsportaal <noreply@gezinsportaal.invalid>"

/* Columns of ST_OUTBOX_CLAIM (lib/stmts.c: read here only). */
enum { O_ID, O_MESSAGE_ID, O_KIND, O_RECIPIENT, O_SUBJECT, O_BODY,
    O_ATTEMPTS, O_CREATED, O_SECRET };

static volatile sig_atomic_t	 stopping;

static void
on_stop(int sig)
{
	(void)sig;
	stopping = 1;
}

/* A row still failing this long after it was written (the reply link in
 * it has expired by then), and after at least GIVE_UP_TRIES attempts
 * (about a day: a reminder written weeks before its day gets that day and
 * the next), is given up: it stays in the table with its reason, for
 * people to look at, and is not tried again. Before that, an outage
 * loses nothing. */
#define GIVE_UP_AFTER	(14L * 86400)
#define GIVE_UP_TRIES	14
#define NEVER		(100L * 365 * 86400)

static void
mark_failed(struct db *db, const char *id, const char *attempt,
    long created, const char *why, long wait)
{
	const char	*p[4];
	char		 secs[24];
	long		 n;

	if (time(NULL) - created >= GIVE_UP_AFTER &&
	    util_parse_long(attempt, 0, 1000000, &n) == 0 &&
	    n >= GIVE_UP_TRIES) {
		log_error("outbox: row %s given up after %s attempts in 14 "
		    "days: %s", id, attempt, why);
		wait = NEVER;
	}
	snprintf(secs, sizeof(secs), "%ld", wait);
	p[0] = id;
	p[1] = why;
	p[2] = secs;
	p[3] = attempt;
	if (db_exec(db, ST_OUTBOX_FAILED, p, NULL) != DB_OK)
		log_error("outbox: cannot note the failure of %s", id);
}

static int
mark_sent(struct db *db, const char **p, const char *message_id)
{
	if (db_exec(db, ST_OUTBOX_SENT, p, NULL) != DB_OK) {
		/* Sent but not marked: the lease runs out and it goes again,
		 * with the same Message-ID / delivery id (see the top). */
		log_error("outbox: %s sent but not marked", message_id);
		return -1;
	}
	log_info("outbox: %s sent", message_id);
	return 1;
}

/* A letter into the counter's print queue (ST_LETTER_QUEUE). Not
 * queued (the database away): the lease runs out and it is claimed
 * again; it never goes twice. */
static int
queue_letter(struct db *db, const char **p, const char *message_id)
{
	PGresult	*res;

	if (db_exec(db, ST_LETTER_QUEUE, p, &res) != DB_OK) {
		log_error("outbox: letter %s not queued", message_id);
		return -1;
	}
	if (db_rows(res) == 1)
		log_info("outbox: letter %s in the print queue", message_id);
	return 1;
}

/*
 * A reply invitation (cgi/requests/reply.c) has TOKEN_MARK where its link goes,
 * and so has the mail that asks to confirm a new mail address
 * (cgi/core/contactsave.c: its link is /bevestigen/{token}).
 * The token is made here, at sending, and only its hash is stored: the
 * link is never in the database, not even in the outbox row. One token
 * per mail: after a failure that surely kept the mail from arriving
 * (refused, server away, cut off before the last line) it is forgotten
 * and the next attempt makes a new one; after a failure once the whole
 * mail was out (the answer lost), or a crash between "accepted" and
 * "marked", it is kept, and the copy sent again (same
 * Message-ID, which the receiver may drop) links to the worklist instead,
 * so the first copy's link still works. NULL when the database is away.
 */
static const char *
with_reply_link(struct db *db, struct arena *a, const struct config *cfg,
    const char *id, const char *body, int *minted)
{
	char		 tok[TOKEN_LEN + 1], hash[TOKEN_HASH_HEX + 1];
	const char	*p[2] = { id, hash };
	const char	*base = cfg->base_url != NULL ? cfg->base_url : "";
	PGresult	*res;
	struct buf	 out;
	char		*link;

	if (strstr(body, TOKEN_MARK) == NULL)
		return body;
	if (token_new(tok, hash) == -1 ||
	    db_exec(db, ST_CONFIRM_TOKEN_MINT, p, &res) != DB_OK)
		return NULL;
	if (db_rows(res) == 1) {
		/* A new mail address to confirm; a copy sent again leads to
		 * /gegevens, where the member can ask for a new link. */
		*minted = db_bool(res, 0, CM_FRESH);
		link = arena_printf(a, *minted ? "%s/bevestigen/%s" :
		    "%s/gegevens", base, tok);
	} else {
		if (db_exec(db, ST_REPLY_TOKEN_MINT, p, &res) != DB_OK)
			return NULL;
		*minted = db_rows(res) == 1;
		link = arena_printf(a, *minted ? "%s/antwoord/%s" :
		    "%s/antwoord", base, tok);
	}
	buf_init(&out, a, 0);
	if (link == NULL || token_fill(&out, body, link) == -1)
		return NULL;
	return buf_cstr(&out);
}

/* One row of a digest: its id, the attempt claimed, when it was written,
 * its reply link made or not. */
struct digest_row {
	const char	*p[2];		/* id, attempt: for the marks */
	long		 created;
	int		 attempts;
	int		 minted;
};

/*
 * One mail (templates/mail/overzicht.txt, Dutch: to staff) instead of the
 * claimed row `first` and the rows in `more` (ST_OUTBOX_CLAIM_SAME), each
 * with its own reply link as if it went alone, under the first row's
 * Message-ID. Sent: every row marked sent. Not: every row put back as a
 * single mail would be (the same backoff and links), so nothing is lost
 * and a row that goes again may go alone or in another digest.
 */
static int
send_digest(struct db *db, struct arena *a, const struct config *cfg,
    const struct tmpl_set *set, const PGresult *first, const PGresult *more,
    const char *from, long timeout)
{
	struct digest_row	*rows;
	struct tctx		*v, *it;
	struct buf		 msg;
	const char		*subject, *text, *body, *raw;
	char			 err[CURL_ERROR_SIZE + 64];
	int			 n = 1 + db_rows(more), i, sent = -1;

	if ((rows = arena_calloc(a, (size_t)n, sizeof(*rows))) == NULL ||
	    (v = tctx_new(a, NULL)) == NULL)
		return -1;	/* the leases run out: all go again */
	rows[0].p[0] = db_val(first, 0, O_ID);
	rows[0].p[1] = db_val(first, 0, O_ATTEMPTS);
	rows[0].created = db_long(first, 0, O_CREATED);
	rows[0].attempts = (int)db_long(first, 0, O_ATTEMPTS);
	for (i = 1; i < n; i++) {
		rows[i].p[0] = db_val(more, i - 1, CS_ID);
		rows[i].p[1] = db_val(more, i - 1, CS_ATTEMPTS);
		rows[i].created = db_long(more, i - 1, CS_CREATED);
		rows[i].attempts = (int)db_long(more, i - 1, CS_ATTEMPTS);
	}
	tctx_long(v, "n", n);
	tctx_list(v, "items");
	for (i = 0; i < n; i++) {
		raw = i == 0 ? db_val(first, 0, O_BODY) :
		    db_val(more, i - 1, CS_BODY);
		body = with_reply_link(db, a, cfg, rows[i].p[0], raw,
		    &rows[i].minted);
		if (body == NULL || (it = tctx_list_add(v, "items")) == NULL) {
			snprintf(err, sizeof(err), "no reply link");
			goto failed;
		}
		tctx_long(it, "number", i + 1);
		tctx_str(it, "subject", i == 0 ? db_val(first, 0, O_SUBJECT) :
		    db_val(more, i - 1, CS_SUBJECT));
		tctx_str(it, "body", body);
	}
	buf_init(&msg, a, 0);
	if (mail_render(set, a, cfg->base_url != NULL ? cfg->base_url : "",
	    "overzicht", NULL, 0, v, &subject, &text) == -1 ||
	    outbox_format_mail(&msg, from, db_val(first, 0, O_RECIPIENT),
	    subject, text, db_val(first, 0, O_MESSAGE_ID),
	    (time_t)rows[0].created) == -1) {
		snprintf(err, sizeof(err), "digest not written");
		goto failed;
	}
	if (cfg->smtp_url == NULL)
		snprintf(err, sizeof(err), "no smtp_url configured");
	else
		sent = outbox_smtp(cfg->smtp_url, from,
		    db_val(first, 0, O_RECIPIENT), msg.data, msg.len, timeout,
		    err, sizeof(err));
	if (sent == 0) {
		log_info("outbox: %d mails in one to %s", n,
		    db_val(first, 0, O_MESSAGE_ID));
		for (i = 0; i < n; i++)
			(void)mark_sent(db, rows[i].p, rows[i].p[0]);
		return 1;
	}
 failed:
	log_warn("outbox: digest %s not sent: %s",
	    db_val(first, 0, O_MESSAGE_ID), err);
	for (i = 0; i < n; i++) {
		if (rows[i].minted && sent != -2 &&
		    db_exec(db, ST_REPLY_TOKEN_UNMINT, rows[i].p, NULL) != DB_OK)
			log_warn("outbox: reply link of row %s kept",
			    rows[i].p[0]);
		mark_failed(db, rows[i].p[0], rows[i].p[1], rows[i].created,
		    err, outbox_backoff(cfg->outbox_retry_base,
		    rows[i].attempts));
	}
	return 1;
}

/* One due row, if any: 1 handled (sent or put back), 0 none due, -1 the
 * database is unavailable. */
static int
send_one(struct db *db, struct arena *a, const struct config *cfg,
    const struct tmpl_set *set)
{
	const char	*lease[1], *p[2], *from, *body, *same[5];
	char		 err[CURL_ERROR_SIZE + 64], secs[24];
	struct buf	 msg;
	PGresult	*res, *more;
	long		 created, wait, timeout;
	int		 attempts, minted = 0, sent;

	snprintf(secs, sizeof(secs), "%ld", cfg->outbox_lease);
	lease[0] = secs;
	/* A send ends before its lease does, so no second sender can take a
	 * row over while the first is still talking to the server. */
	timeout = cfg->outbox_lease - 1 < SMTP_TIMEOUT ?
	    cfg->outbox_lease - 1 : SMTP_TIMEOUT;
	if (db_exec(db, ST_OUTBOX_CLAIM, lease, &res) != DB_OK)
		return -1;
	if (db_rows(res) == 0)
		return 0;
	p[0] = db_val(res, 0, O_ID);
	p[1] = db_val(res, 0, O_ATTEMPTS);	/* our claim, for the marks */
	attempts = (int)db_long(res, 0, O_ATTEMPTS);
	created = db_long(res, 0, O_CREATED);
	wait = outbox_backoff(cfg->outbox_retry_base, attempts);
	if (strcmp(db_val(res, 0, O_KIND), "webhook") == 0) {
		/* The event name travels in the subject column. */
		if (outbox_webhook(db_val(res, 0, O_RECIPIENT),
		    db_val(res, 0, O_SECRET), db_val(res, 0, O_SUBJECT),
		    db_val(res, 0, O_MESSAGE_ID), db_val(res, 0, O_BODY),
		    strlen(db_val(res, 0, O_BODY)), timeout, err,
		    sizeof(err)) == -1) {
			log_warn("outbox: webhook %s not delivered (attempt %d, "
			    "next in %ld s): %s", db_val(res, 0, O_MESSAGE_ID),
			    attempts, wait, err);
			mark_failed(db, p[0], p[1], created, err, wait);
			return 1;
		}
		return mark_sent(db, p, db_val(res, 0, O_MESSAGE_ID));
	}
	if (strcmp(db_val(res, 0, O_KIND), "letter") == 0)
		return queue_letter(db, p, db_val(res, 0, O_MESSAGE_ID));
	from = cfg->mail_from != NULL ? cfg->mail_from : DEFAULT_FROM;
	/* Many more for the same professional: one mail for all. */
	same[0] = secs;
	same[1] = db_val(res, 0, O_RECIPIENT);
	same[2] = p[0];
	same[3] = DIGEST_MIN_S;
	same[4] = DIGEST_MAX_S;
	if (db_exec(db, ST_OUTBOX_CLAIM_SAME, same, &more) == DB_OK &&
	    db_rows(more) > 0)
		return send_digest(db, a, cfg, set, res, more, from, timeout);
	if ((body = with_reply_link(db, a, cfg, p[0],
	    db_val(res, 0, O_BODY), &minted)) == NULL) {
		mark_failed(db, p[0], p[1], created, "no reply link", wait);
		return 1;
	}
	buf_init(&msg, a, 0);
	if (outbox_format_mail(&msg, from, db_val(res, 0, O_RECIPIENT),
	    db_val(res, 0, O_SUBJECT), body,
	    db_val(res, 0, O_MESSAGE_ID), (time_t)created) == -1) {
		log_error("outbox: message %s cannot be written as a mail",
		    db_val(res, 0, O_MESSAGE_ID));
		mark_failed(db, p[0], p[1], created, "not a valid mail", NEVER);
		return 1;
	}
	sent = -1;
	if (cfg->smtp_url == NULL)
		snprintf(err, sizeof(err), "no smtp_url configured");
	else
		sent = outbox_smtp(cfg->smtp_url, from,
		    db_val(res, 0, O_RECIPIENT), msg.data, msg.len, timeout,
		    err, sizeof(err));
	if (sent < 0) {
		log_warn("outbox: %s not sent (attempt %d, next in %ld s): %s",
		    db_val(res, 0, O_MESSAGE_ID), attempts, wait, err);
		/* The link is forgotten only when this mail surely did not
		 * arrive; a copy that may have arrived keeps a working link
		 * (the next copy then points to the worklist). */
		if (minted && sent == -1 &&
		    db_exec(db, ST_REPLY_TOKEN_UNMINT, p, NULL) != DB_OK)
			log_warn("outbox: reply link of %s kept",
			    db_val(res, 0, O_MESSAGE_ID));
		mark_failed(db, p[0], p[1], created, err, wait);
		return 1;
	}
	return mark_sent(db, p, db_val(res, 0, O_MESSAGE_ID));
}

/*
 * Requests whose legal deadline passed get their "too late" mails here,
 * once per request (ST_REQUEST_OVERDUE marks and mails in one statement,
 * so neither a second outbox process nor the next loop mails again), on
 * every loop: one indexed UPDATE that finds nothing almost always. Here,
 * not in a worker: it must happen also when nobody uses the portal. The
 * mail (late[0] subject, late[1] body: templates/mail/verzoek-te-laat.txt,
 * made once at start) has "{request}" where the statement puts each
 * request's id.
 */
static void
note_overdue(struct db *db, const char *const late[2])
{
	static int	 failing;	/* said so already: once per outage */

	if (db_exec(db, ST_REQUEST_OVERDUE, late, NULL) == DB_OK)
		failing = 0;
	else if (!failing) {
		failing = 1;
		log_warn("outbox: cannot look for late requests");
	}
}

/* The mail to who asked when a share request ran out, rendered once at
 * start in every language, and in Dutch for youths ("je"). */
#define OVER_MAX	16
struct over_mail {
	const struct i18n_lang	*lang;
	int			 youth;
	const char		*subject, *body;
};
struct over_mails {
	struct over_mail	 m[OVER_MAX];
	size_t			 n;
};

static int
over_render(struct over_mails *o, const struct tmpl_set *set,
    struct arena *a, const char *base_url)
{
	const struct i18n_lang	*langs;
	struct over_mail	*m;
	size_t			 i, n;

	langs = i18n_languages(&n);
	o->n = 0;
	for (i = 0; i <= n && o->n < OVER_MAX; i++) {
		m = &o->m[o->n++];
		/* the last one: Dutch for youths */
		m->lang = i < n ? &langs[i] : i18n_find("nl");
		m->youth = i == n;
		if (mail_render(set, a, base_url, "deel-vraag-verlopen", m->lang,
		    m->youth, NULL, &m->subject, &m->body) == -1)
			return -1;
	}
	return 0;
}

/* The one for a person of this language and age (Dutch when unknown). */
static const struct over_mail *
over_pick(const struct over_mails *o, const char *code, long age)
{
	const struct i18n_lang	*lang = i18n_choose(code, NULL);
	int			 youth = age >= 0 && age < 18;
	size_t			 i;

	if (strcmp(lang->code, "nl") != 0)
		youth = 0;
	for (i = 0; i < o->n; i++)
		if (o->m[i].lang == lang && o->m[i].youth == youth)
			return &o->m[i];
	return &o->m[0];
}

/* Share requests that ran out: ended and their asker mailed (in their
 * language), once: marked and mailed in one transaction. */
static void
note_share_expired(struct db *db, struct arena *a,
    const struct over_mails *o)
{
	static int		 failing;
	const struct over_mail	*m;
	const char		*p[3];
	PGresult		*res;
	int			 i, ok = 0;

	if (db_begin(db) == DB_OK &&
	    db_exec(db, ST_SHARE_EXPIRE, NULL, &res) == DB_OK) {
		ok = 1;
		for (i = 0; ok && i < db_rows(res); i++) {
			m = over_pick(o, db_val(res, i, EX_LANGUAGE),
			    db_long(res, i, EX_AGE));
			p[0] = arena_strdup(a, db_val(res, i, EX_PERSON));
			p[1] = m->subject;
			p[2] = m->body;
			ok = p[0] != NULL && db_exec(db, ST_SHARE_EXPIRE_MAIL,
			    p, NULL) == DB_OK;
		}
		ok = ok && db_commit(db) == DB_OK;
	}
	if (!ok)
		db_rollback(db);
	if (ok)
		failing = 0;
	else if (!failing) {
		failing = 1;
		log_warn("outbox: cannot look for share requests that ran out");
	}
}

int
outbox_run(const struct config *cfg)
{
	struct sigaction	 sa;
	struct timespec		 pause = { 1, 0 };
	struct arena		*a, *keep = NULL;
	struct tmpl_set		*set = NULL;
	struct db		*db;
	const char		*late[2];
	static struct over_mails over;
	char			 err[512];
	int			 n;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_stop;	/* no SA_RESTART: the pause ends */
	if (sigaction(SIGTERM, &sa, NULL) == -1 ||
	    sigaction(SIGINT, &sa, NULL) == -1)
		return 1;
	sa.sa_handler = SIG_IGN;	/* a mail server that hangs up */
	sigaction(SIGPIPE, &sa, NULL);
	/* The mails this process writes itself: in Dutch, for staff. */
	if ((set = tmpl_load_dir(cfg->templates, err, sizeof(err))) == NULL)
		log_error("outbox: templates: %s", err);
	tmpl_set_translator(i18n_gettext, i18n_ngettext);
	if (set == NULL || i18n_init(cfg->locale_dir != NULL ?
	    cfg->locale_dir : "build/locale") == -1 ||
	    (keep = arena_new(0)) == NULL ||
	    mail_render(set, keep, cfg->base_url != NULL ? cfg->base_url : "",
	    "verzoek-te-laat", NULL, 0, NULL, &late[0], &late[1]) == -1 ||
	    over_render(&over, set, keep, cfg->base_url != NULL ?
	    cfg->base_url : "") == -1 ||
	    curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK ||
	    (db = db_new(cfg->database)) == NULL ||
	    (a = arena_new(0)) == NULL) {
		log_error("outbox: cannot start");
		return 1;
	}
	db_set_tables(db, tables, sizeof(tables) / sizeof(tables[0]));
	/* statements out of step with the schema (logged): not started;
	 * PostgreSQL not reachable yet: tried again each round */
	if (db_ensure(db) == DB_ERROR) {
		log_error("outbox: statements do not match the database");
		arena_free(a);
		db_free(db);
		curl_global_cleanup();
		return 1;
	}
	log_info("outbox: started");
	while (!stopping) {
		note_overdue(db, late);
		note_share_expired(db, a, &over);
		n = send_one(db, a, cfg, set);
		db_request_end(db);
		arena_reset(a);
		/* Busy: straight on; idle or the database away: a second. */
		if (n <= 0 && !stopping)
			nanosleep(&pause, NULL);
	}
	log_info("outbox: stopped");
	arena_free(a);
	arena_free(keep);
	tmpl_set_free(set);
	i18n_shutdown();
	db_free(db);
	curl_global_cleanup();
	return 0;
}

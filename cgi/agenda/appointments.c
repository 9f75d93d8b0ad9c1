/*
 * appointments.c - /afspraken for family members: the free times of
 * their own professionals, booking one (POST /afspraken, field `slot`),
 * moving one (the same form with `move`: cancel and book in one
 * transaction), cancelling (POST /afspraken/{id}/annuleren, optional
 * `reason`) and the calendar file (GET /afspraken/{id}.ics).
 *
 * An appointment is seen by the member who booked it and by the
 * professional whose time it is; not by the rest of the family (a youth
 * may see their professional alone). The professional's side (publishing
 * times) is slots.c.
 *
 * The rule "a time is booked once" is PostgreSQL's (a unique index, see
 * sql/010_appointments.sql): of fifty people pressing the button at the
 * same moment, one INSERT succeeds and the others get DB_UNIQUE, shown as
 * "someone else just chose this time".
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "agenda/appointments.h"
#include "core/portal.h"
#include "ics.h"
#include "log.h"
#include "policy.h"
#include "util.h"

/*
 * The statements of the family's side (the professional's are in
 * slots.c). Times travel as epoch seconds; the page formats them in
 * Europe/Amsterdam. The rule that a slot is booked once is the unique
 * index appointment_slot_once (sql/010), not C.
 */
#define APPT_ASSIGNED(person, pro, slot_family) \
	"EXISTS (SELECT 1 FROM family_member m JOIN assignment_now a " \
	"  ON a.family_id = m.family_id WHERE m.person_id = " person \
	"  AND a.professional_id = " pro \
	"  AND (" slot_family " IS NULL OR " slot_family " = m.family_id))"
#define APPT_WHO \
	"pp.given_name || ' ' || pp.family_name, o.name "
#define APPT_WHO_JOIN(pro) \
	"JOIN person pp ON pp.id = " pro " " \
	"JOIN professional pr ON pr.person_id = " pro " " \
	"JOIN organisation o ON o.id = pr.organisation_id "

/*
 * Safety between members (DESIGN.md section 3): B must not learn A's
 * bookings from gaps in B's list. The rule (lib/policy,
 * policy_slot_offered): a time opened for one member (s.person_id) is
 * offered to that member only, with its place (a home visit's address);
 * a time opened for the family (or any family of the professional) is
 * not offered to a member from whom someone is shielded, because it
 * would vanish from their list when the shielded member books it. The
 * professional opens times for that member by name (slots.c). These two
 * columns are the facts; the C code asks lib/policy.
 */
#define APPT_OFFER_FACTS \
	"coalesce(s.person_id, 0), " \
	"EXISTS (SELECT 1 FROM member_shield sh WHERE sh.from_person_id = $1 " \
	"  AND sh.ended_at IS NULL) "

/* Free slots of the professionals of $1's families, from two hours on
 * and within eight weeks (a time opened for another member is never one
 * of them). No cap (issue 21): the eight weeks bound the list, and the
 * page folds every week but the first. */
static const struct stmt_def ST_APPT_FREE[1] = {{ "appt_free",
	"SELECT s.public_id, extract(epoch FROM s.starts_at)::bigint, "
	"  extract(epoch FROM s.ends_at)::bigint, s.place, " APPT_WHO ", "
	APPT_OFFER_FACTS ", s.proposed AND s.declined_at IS NULL "
	"FROM appointment_slot s " APPT_WHO_JOIN("s.professional_id")
	"WHERE s.withdrawn_at IS NULL "
	"  AND s.starts_at >= now() + interval '2 hours' "
	"  AND s.starts_at < now() + interval '8 weeks' "
	"  AND (s.person_id IS NULL OR s.person_id = $1) "
	"  AND " APPT_ASSIGNED("$1", "s.professional_id", "s.family_id")
	"  AND NOT EXISTS (SELECT 1 FROM appointment ap "
	"    WHERE ap.slot_id = s.id AND ap.cancelled_at IS NULL) "
	"ORDER BY s.starts_at, s.id", 1, 9 }};
/* Columns: enum appt_col (appointments.h), A_PUBLIC_ID to A_ORG, then
 * the offer facts and whether the time is a proposal to $1 (sql/053)
 * that $1 did not decline (sql/059: then it is a free time like any). */
enum { FREE_FOR = A_ORG + 1, FREE_SHIELDED, FREE_PROPOSED };

/* $1's appointments of the last year: the coming ones first (soonest
 * first), then past and cancelled ones (newest first), with whether the
 * professional called one off and their reason. No cap (issue 21): the
 * year bounds the list. */
static const struct stmt_def ST_APPT_MINE[1] = {{ "appt_mine",
	"SELECT ap.public_id, extract(epoch FROM s.starts_at)::bigint, "
	"  extract(epoch FROM s.ends_at)::bigint, s.place, " APPT_WHO ", "
	"  ap.cancelled_at IS NOT NULL, s.starts_at > now(), "
	"  EXISTS (SELECT 1 FROM appointment n WHERE n.moved_from = ap.id), "
	/* called off by the professional, and why */
	"  ap.cancelled_by = s.professional_id, "
	"  CASE WHEN ap.cancelled_by = s.professional_id "
	"    THEN coalesce(ap.cancel_reason, '') ELSE '' END "
	"FROM appointment ap JOIN appointment_slot s ON s.id = ap.slot_id "
	APPT_WHO_JOIN("s.professional_id")
	"WHERE ap.person_id = $1 AND s.starts_at > now() - interval '1 year' "
	"ORDER BY ap.cancelled_at IS NOT NULL OR s.starts_at <= now(), "
	"  CASE WHEN ap.cancelled_at IS NULL AND s.starts_at > now() "
	"    THEN s.starts_at END, s.starts_at DESC, ap.id DESC", 1, 11 }};
/* Columns: enum appt_col (appointments.h), then these. */
enum { MINE_MOVED = A_FUTURE + 1, MINE_BY_PRO, MINE_PRO_REASON };

/* Appointment $2 if $1 booked it, or it is in $1's slot and $1 works
 * with the family now. */
const struct stmt_def ST_APPT_ONE[1] = {{ "appt_one",
	"SELECT ap.public_id, extract(epoch FROM s.starts_at)::bigint, "
	"  extract(epoch FROM s.ends_at)::bigint, s.place, " APPT_WHO ", "
	"  ap.cancelled_at IS NOT NULL, s.starts_at > now(), "
	"  s.starts_at < now() + interval '24 hours', s.id, "
	"  ap.person_id = $1, ap.family_id, ap.id, s.professional_id, "
	"  bp.given_name || ' ' || bp.family_name, coalesce(bp.language, ''), "
	"  coalesce(extract(year FROM age(current_date, bp.birth_date))::int, "
	"    -1) "
	"FROM appointment ap JOIN appointment_slot s ON s.id = ap.slot_id "
	"JOIN person bp ON bp.id = ap.person_id "
	APPT_WHO_JOIN("s.professional_id")
	"WHERE ap.public_id = $2 "
	"  AND (ap.person_id = $1 OR (s.professional_id = $1 "
	"    AND " APPT_PRO_ASSIGNED("ap.family_id", "$1") "))", 2, 17 }};
/* Columns: enum appt_col, then ONE_SOON... (both in appointments.h). */

/* Slot $2 as person $1 may book it: its id, whether it is far enough
 * ahead, the family it is booked for, and how many coming appointments
 * $1 has, and the facts of APPT_OFFER_FACTS. No row: unknown, withdrawn,
 * or not one of $1's professionals. */
static const struct stmt_def ST_APPT_SLOT_CHECK[1] = {{ "appt_slot_check",
	"SELECT s.id, s.starts_at >= now() + interval '2 hours', "
	"  (SELECT m.family_id FROM family_member m JOIN assignment_now a "
	"    ON a.family_id = m.family_id WHERE m.person_id = $1 "
	"    AND a.professional_id = s.professional_id "
	"    AND (s.family_id IS NULL OR s.family_id = m.family_id) "
	"    ORDER BY m.family_id LIMIT 1), "
	"  (SELECT count(*) FROM appointment ap JOIN appointment_slot s2 "
	"    ON s2.id = ap.slot_id WHERE ap.person_id = $1 "
	"    AND ap.cancelled_at IS NULL AND s2.starts_at > now()), "
	"  s.professional_id, extract(epoch FROM s.starts_at)::bigint, "
	APPT_OFFER_FACTS
	"FROM appointment_slot s "
	"WHERE s.public_id = $2 AND s.withdrawn_at IS NULL "
	"  AND " APPT_ASSIGNED("$1", "s.professional_id", "s.family_id"),
	2, 8 }};
enum { CHK_ID, CHK_AHEAD, CHK_FAMILY, CHK_COMING, CHK_PRO_ID, CHK_START,
    CHK_FOR, CHK_SHIELDED };

/* Book slot $2 for $1 (family $3; $4 the appointment it replaces, or
 * NULL). The share lock waits for a professional withdrawing the slot;
 * a second booking fails on appointment_slot_once (DB_UNIQUE). */
static const struct stmt_def ST_APPT_BOOK[1] = {{ "appt_book",
	"INSERT INTO appointment (slot_id, person_id, family_id, moved_from) "
	"SELECT s.id, $1, $3, $4 FROM appointment_slot s "
	" WHERE s.id = $2 AND s.withdrawn_at IS NULL "
	"   AND s.starts_at >= now() + interval '2 hours' FOR SHARE "
	"RETURNING id, public_id", 4, 2 }};
enum { BOOK_ID, BOOK_PUBLIC_ID };

/* $1 cancels their appointment $2 (reason $3 or NULL), if it is still
 * to come and not cancelled already. */
static const struct stmt_def ST_APPT_CANCEL[1] = {{ "appt_cancel",
	"UPDATE appointment ap SET cancelled_at = now(), cancelled_by = $1, "
	"       cancel_reason = $3 "
	" WHERE ap.id = $2 AND ap.person_id = $1 AND ap.cancelled_at IS NULL "
	"   AND (SELECT s.starts_at FROM appointment_slot s "
	"     WHERE s.id = ap.slot_id) > now() RETURNING ap.id", 3, 1 }};

/* Slot $2 as a proposal to $1 may be declined (sql/059): its id, family
 * and time, the facts of APPT_OFFER_FACTS (lib/policy decides), and
 * whether it is still an open proposal (not declined, not booked, not
 * begun). No row: unknown, withdrawn, or not one of $1's professionals.
 * Locked, so that a booking and a decline of it do not cross. */
static const struct stmt_def ST_APPT_PROPOSAL[1] = {{ "appt_proposal",
	"SELECT s.id, s.family_id, extract(epoch FROM s.starts_at)::bigint, "
	APPT_OFFER_FACTS ", s.proposed, "
	"  s.declined_at IS NULL AND s.starts_at > now() AND NOT EXISTS ("
	"    SELECT 1 FROM appointment ap WHERE ap.slot_id = s.id "
	"    AND ap.cancelled_at IS NULL) "
	"FROM appointment_slot s "
	"WHERE s.public_id = $2 AND s.withdrawn_at IS NULL "
	"  AND " APPT_ASSIGNED("$1", "s.professional_id", "s.family_id")
	" FOR UPDATE OF s", 2, 7 }};
enum { PROP_ID, PROP_FAMILY, PROP_START, PROP_FOR, PROP_SHIELDED,
    PROP_PROPOSED, PROP_OPEN };

/* Proposal $1 declined by its member $2. */
static const struct stmt_def ST_APPT_DECLINE[1] = {{ "appt_decline",
	"UPDATE appointment_slot SET declined_at = now() "
	" WHERE id = $1 AND person_id = $2 AND proposed "
	"   AND declined_at IS NULL RETURNING id", 2, 1 }};

/* A mail ($2 subject, $3 body) to the professional of slot $1. */
static const struct stmt_def ST_APPT_MAIL_PRO[1] = {{ "appt_mail_pro",
	"INSERT INTO outbox (kind, recipient, subject, body) "
	"SELECT 'mail', pr.email, $2, $3 FROM appointment_slot s "
	"  JOIN professional pr ON pr.person_id = s.professional_id "
	" WHERE s.id = $1 AND pr.email IS NOT NULL", 3, 0 }};

/* The reminder ($2 subject, $3 body) for appointment $1, to the mail
 * address its booker gave on /gegevens (or a letter when they chose post
 * or the counter: lib/stmts.h, MEMBER_OUTBOX), sent at 09:00 Dutch time
 * the day before; none when there is neither or that moment is past. */
static const struct stmt_def ST_APPT_REMINDER[1] = {{ "appt_reminder",
	"INSERT INTO outbox (kind, recipient, subject, body, not_before, "
	"    topic) "
	"SELECT " MEMBER_OUTBOX("cd", "ap.person_id",
	"'afspraak-herinnering'", "$2", "$3") ", x.at, "
	"  'reminder:' || ap.public_id "
	"  FROM appointment ap JOIN appointment_slot s ON s.id = ap.slot_id "
	"  JOIN contact_details cd ON cd.person_id = ap.person_id "
	"  CROSS JOIN LATERAL (SELECT (((s.starts_at AT TIME ZONE "
	"    'Europe/Amsterdam')::date - 1) + time '09:00') "
	"    AT TIME ZONE 'Europe/Amsterdam' AS at) x "
	" WHERE ap.id = $1 AND " MEMBER_REACHED("cd") " AND x.at > now()",
	3, 0 }};

/* The reminder of appointment public id $1 is not sent any more. */
const struct stmt_def ST_APPT_REMINDER_OFF[1] = {{ "appt_reminder_off",
	"UPDATE outbox SET cancelled_at = now() "
	" WHERE topic = 'reminder:' || $1 AND sent_at IS NULL "
	"   AND cancelled_at IS NULL", 1, 0 }};

/* Whether $1 holds the booking of slot $2 (a second click). */
static const struct stmt_def ST_APPT_SLOT_MINE[1] = {{ "appt_slot_mine",
	"SELECT 1 FROM appointment WHERE person_id = $1 AND slot_id = $2 "
	"   AND cancelled_at IS NULL", 2, 1 }};

/* One booking at a time per person $1 (until the transaction ends), so
 * that the count that follows (a new statement, a new snapshot) sees
 * every booking of theirs that committed before: the limit on coming
 * appointments holds with parallel requests. */
static const struct stmt_def ST_APPT_PERSON_LOCK[1] = {{ "appt_person_lock",
	"SELECT pg_advisory_xact_lock($1::bigint)", 1, 1 }};

static const struct stmt_def ST_APPT_COMING[1] = {{ "appt_coming",
	"SELECT count(*) FROM appointment ap JOIN appointment_slot s "
	"  ON s.id = ap.slot_id WHERE ap.person_id = $1 "
	"  AND ap.cancelled_at IS NULL AND s.starts_at > now()", 1, 1 }};
enum { COMING_COUNT };

static const struct stmt_def *const stmts[] = {
	ST_APPT_FREE,
	ST_APPT_MINE,
	ST_APPT_ONE,
	ST_APPT_SLOT_CHECK,
	ST_APPT_BOOK,
	ST_APPT_CANCEL,
	ST_APPT_MAIL_PRO,
	ST_APPT_REMINDER,
	ST_APPT_REMINDER_OFF,
	ST_APPT_SLOT_MINE,
	ST_APPT_PERSON_LOCK,
	ST_APPT_COMING,
	ST_APPT_PROPOSAL,
	ST_APPT_DECLINE,
};
const struct stmt_table appointments_stmts = {
	"agenda/appointments.c", stmts, NELEM(stmts)
};

#define MAX_COMING	3	/* coming appointments a member may hold */

enum { B_SLOT, B_MOVE, B__MAX };

static const struct form_spec book_form[B__MAX] = {
	[B_SLOT] = { .name = "slot", .kind = FORM_ID, .required = 1,
	    .max_chars = 40, .msg_missing = N_("Kies een tijd.") },
	[B_MOVE] = { .name = "move", .kind = FORM_ID, .max_chars = 40 },
};

static const struct form_spec cancel_form[1] = {
	{ .name = "reason", .kind = FORM_TEXT, .max_chars = 500,
	    .msg_too_long = N_("De reden is te lang. U kunt 500 tekens "
	    "gebruiken.") },
};

/* What the page shows besides the lists: errors, the appointment being
 * moved, a cancel form shown again. */
struct appt_state {
	struct form_error	 errs[4];
	size_t			 nerr;
	const char		*slot;		/* the time chosen (kept) */
	const char		*move_id;	/* moving this appointment */
	const char		*move_when;
	const char		*cancel_id;	/* this cancel form again */
	const char		*reason;
};

#define ADD_ERROR(s, field, msgid) form_add_error((s)->errs, \
	    sizeof((s)->errs) / sizeof((s)->errs[0]), &(s)->nerr, field, msgid)

static const char *
format_epoch(struct req *r, const char *epoch,
    size_t (*fmt)(char *, size_t, time_t))
{
	char	 buf[128];
	long	 t;

	if (util_parse_long(epoch, 0, 253402300799L, &t) == -1)
		t = 0;
	fmt(buf, sizeof(buf), (time_t)t);
	return arena_strdup(r->a, buf);
}

/* Without the year only within half a year of now: past appointments
 * go a year back, and times may be opened a year ahead. */
const char *
appt_when(struct req *r, const char *epoch)
{
	long	 t;

	if (util_parse_long(epoch, 0, 253402300799L, &t) == 0 &&
	    labs(t - (long)time(NULL)) > 180L * 24 * 3600)
		return format_epoch(r, epoch, i18n_format_datetime);
	return format_epoch(r, epoch, i18n_format_when);
}

static size_t
clock_only(char *out, size_t outlen, time_t t)
{
	struct tm	 tm;

	if (localtime_r(&t, &tm) == NULL ||
	    strftime(out, outlen, "%H:%M", &tm) == 0)
		out[0] = '\0';
	return strlen(out);
}

const char *
appt_clock(struct req *r, const char *epoch)
{
	return format_epoch(r, epoch, clock_only);
}

const char *
appt_when_in(struct req *r, const struct i18n_lang *lang, const char *epoch)
{
	const struct i18n_lang	*cur = i18n_current();
	const char		*s;

	i18n_use(lang);
	s = appt_when(r, epoch);
	i18n_use(cur);
	return s;
}

const char *
appt_when_nl(struct req *r, const char *epoch)
{
	return appt_when_in(r, i18n_choose("nl", NULL), epoch);
}

void
appt_fill_time(struct req *r, struct tctx *it, const PGresult *res, int k)
{
	tctx_str(it, "id", db_val(res, k, A_PUBLIC_ID));
	tctx_str(it, "when", appt_when(r, db_val(res, k, A_START)));
	tctx_str(it, "until", appt_clock(r, db_val(res, k, A_END)));
	tctx_nl(it, "place", db_val(res, k, A_PLACE));
}

/* The fields every appointment row has, into it. */
static void
fill_common(struct req *r, struct tctx *it, const PGresult *res, int k)
{
	appt_fill_time(r, it, res, k);
	tctx_nl(it, "pro", db_val(res, k, A_PRO_NAME));
	tctx_nl(it, "org", db_val(res, k, A_ORG));
}

#define VIDEO_EARLY	(15L * 60)	/* the link shows 15 minutes before */

/* A coming appointment by video: its link is a link ("Start
 * videogesprek"), shown from 15 minutes before until its end. */
static void
video_fill(struct req *r, struct tctx *it, const PGresult *res, int k)
{
	const char	*link = appt_video_link(r, db_val(res, k, A_PLACE));

	long	 start, end, now = (long)time(NULL);
	int	 video = appt_is_video(db_val(res, k, A_PLACE));

	if (util_parse_long(db_val(res, k, A_START), 0, 253402300799L,
	    &start) == -1 || util_parse_long(db_val(res, k, A_END), 0,
	    253402300799L, &end) == -1)
		start = end = 0;
	tctx_bool(it, "video", video && link != NULL);
	tctx_str(it, "video_link", link != NULL ? link : "");
	tctx_bool(it, "video_now", video && link != NULL &&
	    now >= start - VIDEO_EARLY && now < end);
}

/* booked, moved: the appointment a booking or a move just made
 * (?gemaakt=, ?verzet=; NULL: none); its card says so (issue 20 part 5:
 * the confirmation next to what changed), *shown: 1 when one did. */
static int
fill_mine(struct req *r, struct tctx *c, const PGresult *res,
    const struct appt_state *st, const char *booked, const char *moved,
    int *shown)
{
	struct tctx	*it;
	const char	*id;
	int		 k, coming, npast = 0, mine;

	tctx_list(c, "coming");
	tctx_list(c, "past");
	for (k = 0; k < db_rows(res); k++) {
		coming = !db_bool(res, k, A_CANCELLED) &&
		    db_bool(res, k, A_FUTURE);
		if ((it = tctx_list_add(c, coming ? "coming" : "past")) ==
		    NULL)
			return 500;
		fill_common(r, it, res, k);
		id = db_val(res, k, A_PUBLIC_ID);
		tctx_bool(it, "cancelled", db_bool(res, k, A_CANCELLED));
		tctx_bool(it, "moved", db_bool(res, k, MINE_MOVED));
		if (!coming) {
			tctx_bool(it, "by_pro", db_bool(res, k, MINE_BY_PRO));
			tctx_nl(it, "reason", db_val(res, k, MINE_PRO_REASON));
			npast++;
			continue;
		}
		video_fill(r, it, res, k);
		mine = booked != NULL && strcmp(booked, id) == 0;
		tctx_bool(it, "just_booked", mine);
		*shown |= mine;
		mine = moved != NULL && strcmp(moved, id) == 0;
		tctx_bool(it, "just_moved", mine);
		*shown |= mine;
		/* The cancel form, open again with its error if it was this
		 * one that was sent. */
		if (st->cancel_id != NULL && strcmp(st->cancel_id, id) == 0) {
			tctx_str(it, "reason", st->reason);
			tctx_str(it, "reason_error", i18n_gettext(
			    form_error_for(st->errs, st->nerr,
			    arena_printf(r->a, "reason-%s", id))));
			tctx_bool(it, "open", 1);
		} else {
			tctx_str(it, "reason", "");
			tctx_str(it, "reason_error", "");
			tctx_bool(it, "open", 0);
		}
	}
	tctx_bool(c, "has_past", npast > 0);
	return 0;
}

/* Whether lib/policy offers the time of row k to the member (the facts
 * of APPT_OFFER_FACTS in columns for and shielded). */
static int
offered(const struct req *r, const PGresult *res, int k, int for_col,
    int shielded_col)
{
	struct pol_actor	 a;

	memset(&a, 0, sizeof(a));
	a.kind = POL_CITIZEN;	/* /afspraken is a citizen's route */
	a.person_id = r->sess.person_id;
	a.member = 1;
	a.age = r->sess.age;
	return policy_slot_offered(&a, db_long(res, k, for_col),
	    db_bool(res, k, shielded_col));
}

/* The video link in a place ("Videobellen: https://..."): the first
 * https:// up to a blank, or NULL when there is none. */
const char *
appt_video_link(struct req *r, const char *place)
{
	const char	*u = strstr(place, "https://"), *end;

	if (u == NULL || u[8] == '\0' || u[8] == ' ')
		return NULL;
	end = u + strcspn(u, " \t\"'<>");
	return arena_strndup(r->a, u, (size_t)(end - u));
}

int
appt_is_video(const char *place)
{
	const char	*u = strstr(place, "https://");

	return u != NULL && u[8] != '\0' && u[8] != ' ';
}

/* The filter of the free times (?soort=): every time, in person only,
 * or video only. */
enum appt_kind { KIND_ALL, KIND_PERSON, KIND_VIDEO };

static enum appt_kind
kind_asked(const struct req *r)
{
	const struct http_field	*f;

	if ((f = http_fields_get(&r->rq->query, "soort")) == NULL)
		return KIND_ALL;
	if (strcmp(f->value, "persoon") == 0)
		return KIND_PERSON;
	if (strcmp(f->value, "video") == 0)
		return KIND_VIDEO;
	return KIND_ALL;
}

/* The Monday of the week of t (Dutch time) as a day stamp for
 * comparing, and its date written out in label. */
static long
week_of(time_t t, char *label, size_t len)
{
	struct tm	 tm;
	time_t		 mon;

	if (localtime_r(&t, &tm) == NULL)
		return -1;
	tm.tm_mday -= (tm.tm_wday + 6) % 7;
	tm.tm_hour = 12;
	tm.tm_min = tm.tm_sec = 0;
	tm.tm_isdst = -1;
	if ((mon = mktime(&tm)) == (time_t)-1)
		return -1;
	if (label != NULL)
		i18n_format_date(label, len, mon);
	return (long)(mon / 86400);
}

#define FIRST_FREE	3	/* "Eerste vrije tijden" */

/* One free time (row k) into list `name` of ctx, with an input id of its
 * own (the first one of the page is "slot": the error summary's link). */
static int
add_free(struct req *r, struct tctx *ctx, const char *name,
    const PGresult *res, int k, const struct appt_state *st, int *shown,
    const char *prefix)
{
	struct tctx	*it;

	if ((it = tctx_list_add(ctx, name)) == NULL)
		return -1;
	fill_common(r, it, res, k);
	tctx_str(it, "from", appt_clock(r, db_val(res, k, A_START)));
	tctx_bool(it, "video", appt_is_video(db_val(res, k, A_PLACE)));
	tctx_str(it, "input_id", (*shown)++ == 0 ? "slot" :
	    arena_printf(r->a, "%s%s", prefix, db_val(res, k, A_PUBLIC_ID)));
	tctx_bool(it, "checked", st->slot != NULL &&
	    strcmp(st->slot, db_val(res, k, A_PUBLIC_ID)) == 0);
	return 0;
}

/*
 * The free times the member is offered (lib/policy), with the filter in
 * person / video: first the first few free times, then per week (the
 * first open, the others folded) and per day (a fieldset each, with the
 * button after the day's times, so it is near whatever is chosen).
 */
static int
fill_free(struct req *r, struct tctx *c, const PGresult *res,
    const struct appt_state *st)
{
	struct tctx	*week = NULL, *day = NULL;
	const char	*label, *last = "";
	char		 buf[128], wbuf[128];
	enum appt_kind	 kind = kind_asked(r);
	long		 t, wk, lastwk = -1, thiswk;
	int		 k, n = 0, all = 0, shown = 0, first = 0, video, nweek = 0;
	int		 nproposed = 0;

	thiswk = week_of(time(NULL), NULL, 0);
	tctx_list(c, "proposed");
	tctx_list(c, "first_free");
	tctx_list(c, "weeks");
	for (k = 0; k < db_rows(res); k++) {
		if (!offered(r, res, k, FREE_FOR, FREE_SHIELDED))
			continue;
		all++;
		video = appt_is_video(db_val(res, k, A_PLACE));
		if ((kind == KIND_PERSON && video) ||
		    (kind == KIND_VIDEO && !video))
			continue;
		n++;
		/* a time the professional proposed to this member: first,
		 * to confirm (the start page's task links here) */
		if (db_bool(res, k, FREE_PROPOSED)) {
			if (add_free(r, c, "proposed", res, k, st, &shown,
			    "voorstel-") == -1)
				return 500;
			nproposed++;
		}
		if (first < FIRST_FREE) {
			if (add_free(r, c, "first_free", res, k, st, &shown,
			    "eerst-") == -1)
				return 500;
			first++;
		}
		if (util_parse_long(db_val(res, k, A_START), 0, 253402300799L,
		    &t) == -1 || (wk = week_of((time_t)t, wbuf,
		    sizeof(wbuf))) == -1)
			return 500;
		if (week == NULL || wk != lastwk) {
			if ((week = tctx_list_add(c, "weeks")) == NULL)
				return 500;
			tctx_bool(week, "this_week", wk == thiswk);
			tctx_bool(week, "next_week", wk == thiswk + 7);
			tctx_str(week, "monday", arena_strdup(r->a, wbuf));
			tctx_bool(week, "open", nweek++ == 0);
			tctx_list(week, "days");
			lastwk = wk;
			day = NULL;
		}
		i18n_format_date(buf, sizeof(buf), (time_t)t);
		if (day == NULL || strcmp(buf, last) != 0) {
			if ((day = tctx_list_add(week, "days")) == NULL ||
			    (label = arena_strdup(r->a, buf)) == NULL)
				return 500;
			tctx_str(day, "day", label);
			tctx_strf(day, "day_id", "dag-%d", k);
			tctx_list(day, "slots");
			last = label;
		}
		if (add_free(r, day, "slots", res, k, st, &shown, "slot-") ==
		    -1)
			return 500;
	}
	tctx_bool(c, "has_days", n > 0);
	tctx_bool(c, "has_proposed", nproposed > 0);
	tctx_bool(c, "more_proposed", nproposed > 1);
	/* times there are, but not of the kind asked for */
	tctx_bool(c, "none_of_kind", n == 0 && all > 0);
	tctx_bool(c, "has_free", all > 0);
	tctx_bool(c, "kind_all", kind == KIND_ALL);
	tctx_bool(c, "kind_person", kind == KIND_PERSON);
	tctx_bool(c, "kind_video", kind == KIND_VIDEO);
	return 0;
}

/* ?name=value after a redirect, on a page without errors; else NULL. */
static const char *
notice(const struct req *r, const char *name)
{
	const struct http_field	*f;

	if (r->rs->status != 200 ||
	    (f = http_fields_get(&r->rq->query, name)) == NULL)
		return NULL;
	return f->value;
}

static int
show(struct req *r, const struct appt_state *st)
{
	const char	*person[1] = { r->sess.person_id_s };
	struct tctx	*c = page_ctx(r);
	struct db_batch	 b[3];
	const char	*q, *booked, *moved;
	enum db_err	 e;
	int		 rc, shown = 0;

	if ((e = req_audit(r, "appointment.list", "person",
	    r->sess.person_id_s, NULL, "allowed")) != DB_OK)
		return db_status(e);
	b[0].st = ST_APPT_MINE;
	b[0].params = person;
	b[1].st = ST_APPT_FREE;
	b[1].params = person;
	b[2].st = ST_CONTACT_GET;
	b[2].params = person;
	if ((e = db_batch(r->db, b, 3)) != DB_OK)
		return db_status(e);
	booked = notice(r, "gemaakt");
	moved = notice(r, "verzet");
	if ((rc = fill_mine(r, c, b[0].res, st, booked, moved,
	    &shown)) != 0 ||
	    (rc = fill_free(r, c, b[1].res, st)) != 0)
		return rc;
	tctx_bool(c, "no_email", db_rows(b[2].res) == 0 ||
	    db_val(b[2].res, 0, CONTACT_EMAIL)[0] == '\0');
	tctx_bool(c, "moving", st->move_id != NULL);
	tctx_str(c, "move_id", st->move_id != NULL ? st->move_id : "");
	tctx_str(c, "move_when", st->move_when != NULL ? st->move_when : "");
	tctx_str(c, "slot_error", i18n_gettext(form_error_for(st->errs,
	    st->nerr, "slot")));
	page_form_errors(r, c, st->errs, st->nerr);
	/* at the top only when no card of the list says it */
	tctx_bool(c, "booked", booked != NULL && !shown);
	tctx_bool(c, "moved_notice", moved != NULL && !shown);
	tctx_bool(c, "declined_notice", notice(r, "past-niet") != NULL);
	q = notice(r, "afgezegd");
	tctx_bool(c, "cancelled_notice", q != NULL);
	tctx_bool(c, "cancelled_short", q != NULL && strcmp(q, "kort") == 0);
	return page_render(r, "afspraken", N_("Afspraken"), c);
}

/* One of the member's own appointments (ST_APPT_ONE), or 404 (logged). */
static int
load_mine(struct req *r, const char *id, const char *action,
    PGresult **res)
{
	const char	*params[2] = { r->sess.person_id_s, id };
	enum db_err	 e;

	if ((e = db_exec(r->db, ST_APPT_ONE, params, res)) != DB_OK)
		return db_status(e);
	if (db_rows(*res) != 1 || !db_bool(*res, 0, ONE_MINE)) {
		if ((e = req_audit(r, action, "appointment", id, NULL,
		    "denied")) != DB_OK)
			return db_status(e);
		return 404;
	}
	return 0;
}

int
h_appointments(struct req *r)
{
	const struct http_field	*move;
	struct appt_state	 st;
	PGresult		*res;
	enum db_err		 e;
	int			 rc;

	memset(&st, 0, sizeof(st));
	/* ?verzetten=ID: the list of free times is for moving that one. */
	if ((move = http_fields_get(&r->rq->query, "verzetten")) != NULL) {
		if ((rc = load_mine(r, move->value, "appointment.move",
		    &res)) != 0)
			return rc;
		if (db_bool(res, 0, A_CANCELLED) ||
		    !db_bool(res, 0, A_FUTURE)) {
			if ((e = req_audit(r, "appointment.move", "appointment",
			    move->value, NULL, "denied")) != DB_OK)
				return db_status(e);
			return 404;
		}
		st.move_id = db_val(res, 0, A_PUBLIC_ID);
		st.move_when = appt_when(r, db_val(res, 0, A_START));
	}
	return show(r, &st);
}

/* A mail about a booking, a move or a cancellation to the professional
 * of slot_id, in the caller's transaction. To staff in Dutch, no names,
 * no dossier text: that and when (the values in v), and where to look. */
static enum db_err
mail_pro(struct req *r, const char *slot_id, const char *mail,
    struct tctx *v)
{
	const char	*p[3];

	p[0] = slot_id;
	return mail_queue(r, mail, NULL, 0, v, ST_APPT_MAIL_PRO, p, 1);
}

/* A context with `key` = the time of epoch, in Dutch (for staff). */
static struct tctx *
when_nl(struct req *r, const char *key, const char *epoch)
{
	struct tctx	*v = tctx_new(r->a, NULL);

	tctx_str(v, key, appt_when_nl(r, epoch));
	return v;
}

/* The reminder the day before, to the member, in the page's language. */
static enum db_err
mail_reminder(struct req *r, const char *appt_id)
{
	const char	*p[3];

	p[0] = appt_id;
	return mail_queue(r, "afspraak-herinnering", i18n_current(),
	    i18n_youth(), NULL, ST_APPT_REMINDER, p, 1);
}

/* After DB_UNIQUE: was it this member's own second click? */
static int
booked_by_me(struct req *r, const char *slot_id)
{
	const char	*p[2] = { r->sess.person_id_s, slot_id };
	PGresult	*res;

	return db_exec(r->db, ST_APPT_SLOT_MINE, p, &res) == DB_OK &&
	    db_rows(res) == 1;
}

static int
taken(struct req *r, struct appt_state *st)
{
	ADD_ERROR(st, "slot", N_("Iemand anders heeft deze tijd net "
	    "gekozen. Kies een andere tijd."));
	st->slot = NULL;
	r->rs->status = 409;
	return show(r, st);
}

static int
too_many(struct req *r, struct appt_state *st)
{
	ADD_ERROR(st, "slot", N_("U heeft al drie afspraken staan. "
	    "Zeg eerst een afspraak af, of verzet er een."));
	r->rs->status = 400;
	return show(r, st);
}

/* Cancel `old` (ST_APPT_ONE row) and book slot `chk` (ST_APPT_SLOT_CHECK
 * row), or only book when old is NULL: one transaction. */
static int
book(struct req *r, struct appt_state *st, const PGresult *old,
    const PGresult *chk)
{
	const char	*p[4];
	const char	*slot_id = db_val(chk, 0, CHK_ID), *new_id, *new_pid;
	struct tctx	*v;
	PGresult	*res;
	enum db_err	 e;

	p[0] = r->sess.person_id_s;
	if ((e = db_begin(r->db)) != DB_OK ||
	    (e = db_exec(r->db, ST_APPT_PERSON_LOCK, p, NULL)) != DB_OK ||
	    (e = db_exec(r->db, ST_APPT_COMING, p, &res)) != DB_OK)
		return db_status(e);
	if (db_long(res, 0, COMING_COUNT) - (old != NULL ? 1 : 0) >=
	    MAX_COMING) {
		/* a parallel request of the same person booked meanwhile */
		db_rollback(r->db);
		return too_many(r, st);
	}
	if (old != NULL) {
		p[0] = r->sess.person_id_s;
		p[1] = db_val(old, 0, ONE_ID);
		p[2] = NULL;
		if ((e = db_exec(r->db, ST_APPT_CANCEL, p, &res)) != DB_OK)
			return db_status(e);
		if (db_rows(res) != 1) {	/* cancelled meanwhile */
			db_rollback(r->db);
			return 404;
		}
	}
	p[0] = r->sess.person_id_s;
	p[1] = slot_id;
	p[2] = db_val(chk, 0, CHK_FAMILY);
	p[3] = old != NULL ? db_val(old, 0, ONE_ID) : NULL;
	e = db_exec(r->db, ST_APPT_BOOK, p, &res);
	if (e == DB_UNIQUE || (e == DB_OK && db_rows(res) != 1)) {
		db_rollback(r->db);
		if (e == DB_UNIQUE && old == NULL && booked_by_me(r, slot_id))
			return page_redirect(r, "/afspraken?gemaakt=1");
		return taken(r, st);
	}
	if (e != DB_OK)
		return db_status(e);
	new_id = db_val(res, 0, BOOK_ID);
	new_pid = db_val(res, 0, BOOK_PUBLIC_ID);
	if ((e = mail_reminder(r, new_id)) != DB_OK)
		return db_status(e);
	if (old != NULL && strcmp(db_val(old, 0, ONE_PRO_ID),
	    db_val(chk, 0, CHK_PRO_ID)) == 0) {
		v = when_nl(r, "from", db_val(old, 0, A_START));
		tctx_str(v, "to", appt_when_nl(r, db_val(chk, 0, CHK_START)));
		e = mail_pro(r, slot_id, "afspraak-verzet", v);
	} else {
		/* A new booking; a move to another professional is a
		 * cancellation for the one and a booking for the other. */
		e = DB_OK;
		if (old != NULL) {
			v = when_nl(r, "when", db_val(old, 0, A_START));
			tctx_bool(v, "soon", 0);
			e = mail_pro(r, db_val(old, 0, ONE_SLOT_ID),
			    "afspraak-afgezegd", v);
		}
		if (e == DB_OK)
			e = mail_pro(r, slot_id, "afspraak-nieuw", when_nl(r,
			    "when", db_val(chk, 0, CHK_START)));
	}
	if (e != DB_OK)
		return db_status(e);
	if (old != NULL) {
		p[0] = db_val(old, 0, A_PUBLIC_ID);
		if ((e = db_exec(r->db, ST_APPT_REMINDER_OFF, p, NULL)) !=
		    DB_OK)
			return db_status(e);
	}
	if ((e = req_audit(r, old != NULL ? "appointment.move" :
	    "appointment.book", "appointment", new_pid,
	    db_val(chk, 0, CHK_FAMILY), "allowed")) != DB_OK ||
	    (e = db_commit(r->db)) != DB_OK)
		return db_status(e);
	return page_redirect(r, arena_printf(r->a, "/afspraken?%s=%s",
	    old != NULL ? "verzet" : "gemaakt", new_pid));
}

int
h_appointment_book(struct req *r)
{
	const char		*v[B__MAX], *p[2];
	struct appt_state	 st;
	PGresult		*old = NULL, *chk;
	enum db_err		 e;
	long			 coming;
	int			 rc;

	memset(&st, 0, sizeof(st));
	if (form_read(&r->rq->form, book_form, B__MAX, v, st.errs,
	    &st.nerr) == -1)
		return 400;
	st.slot = v[B_SLOT];
	if (v[B_MOVE][0] != '\0') {
		if ((rc = load_mine(r, v[B_MOVE], "appointment.move", &old)) !=
		    0)
			return rc;
		st.move_id = db_val(old, 0, A_PUBLIC_ID);
		st.move_when = appt_when(r, db_val(old, 0, A_START));
		if (db_bool(old, 0, A_CANCELLED) ||
		    !db_bool(old, 0, A_FUTURE)) {
			r->rs->status = 409;
			st.move_id = NULL;
			ADD_ERROR(&st, "slot", N_("Deze afspraak is al "
			    "afgezegd of voorbij. U kunt hem niet meer "
			    "verzetten. Maak een nieuwe afspraak."));
			return show(r, &st);
		}
	}
	if (st.nerr > 0) {
		r->rs->status = 400;
		return show(r, &st);
	}
	p[0] = r->sess.person_id_s;
	p[1] = v[B_SLOT];
	if ((e = db_exec(r->db, ST_APPT_SLOT_CHECK, p, &chk)) != DB_OK)
		return db_status(e);
	/* Not offered to this member (lib/policy): as unknown. */
	if (db_rows(chk) != 1 || db_isnull(chk, 0, CHK_FAMILY) ||
	    !offered(r, chk, 0, CHK_FOR, CHK_SHIELDED)) {
		if ((e = req_audit(r, "appointment.book", "slot", v[B_SLOT],
		    NULL, "denied")) != DB_OK)
			return db_status(e);
		return 404;
	}
	coming = db_long(chk, 0, CHK_COMING) - (old != NULL ? 1 : 0);
	if (!db_bool(chk, 0, CHK_AHEAD))
		ADD_ERROR(&st, "slot", N_("Deze tijd is te vroeg. Kies een tijd "
		    "die minstens twee uur na nu is."));
	if (st.nerr > 0) {
		r->rs->status = 400;
		return show(r, &st);
	}
	if (coming >= MAX_COMING)
		return too_many(r, &st);
	return book(r, &st, old, chk);
}

enum appt_cancel
appt_cancel_form(struct req *r, const PGresult *one,
    const struct form_spec *spec, const char *begun_field,
    struct form_error *errs, size_t maxerr, size_t *nerr, const char **reason)
{
	const char	*v[1];

	if (form_read(&r->rq->form, spec, 1, v, errs, nerr) == -1)
		return APPT_CANCEL_FORGED;
	*reason = req_unix_lines(r, v[0]);
	if (*nerr > 0) {
		/* The error belongs to this appointment's own field. */
		errs[0].field = arena_printf(r->a, "reason-%s",
		    db_val(one, 0, A_PUBLIC_ID));
		r->rs->status = 400;
		return APPT_CANCEL_SHOW;
	}
	if (db_bool(one, 0, A_CANCELLED))
		return APPT_CANCEL_DONE;
	if (!db_bool(one, 0, A_FUTURE)) {
		form_add_error(errs, maxerr, nerr, begun_field,
		    N_("Deze afspraak is al begonnen of voorbij. U kunt hem "
		    "niet meer afzeggen. Kunt u niet komen? Zeg het dan "
		    "tegen uw hulpverlener. Het nummer staat bij Berichten."));
		r->rs->status = 409;
		return APPT_CANCEL_SHOW;
	}
	return APPT_CANCEL_GO;
}

int
h_appointment_cancel(struct req *r)
{
	const char		*id = route_param(&r->params, "id"), *reason;
	const char		*p[3];
	struct appt_state	 st;
	struct tctx		*v;
	PGresult		*one, *res;
	enum db_err		 e;
	int			 rc, soon;

	if ((rc = load_mine(r, id, "appointment.cancel", &one)) != 0)
		return rc;
	memset(&st, 0, sizeof(st));
	id = db_val(one, 0, A_PUBLIC_ID);
	switch (appt_cancel_form(r, one, cancel_form, "slot", st.errs,
	    NELEM(st.errs), &st.nerr, &reason)) {
	case APPT_CANCEL_FORGED:
		return 400;
	case APPT_CANCEL_DONE:
		return page_redirect(r, "/afspraken?afgezegd=1");
	case APPT_CANCEL_SHOW:
		st.cancel_id = id;
		st.reason = reason;
		return show(r, &st);
	case APPT_CANCEL_GO:
		break;
	}
	soon = db_bool(one, 0, ONE_SOON);
	p[0] = r->sess.person_id_s;
	p[1] = db_val(one, 0, ONE_ID);
	p[2] = reason[0] != '\0' ? reason : NULL;
	if ((e = db_begin(r->db)) != DB_OK ||
	    (e = db_exec(r->db, ST_APPT_CANCEL, p, &res)) != DB_OK)
		return db_status(e);
	if (db_rows(res) != 1) {		/* a second click */
		db_rollback(r->db);
		return page_redirect(r, "/afspraken?afgezegd=1");
	}
	p[0] = id;
	v = when_nl(r, "when", db_val(one, 0, A_START));
	tctx_bool(v, "soon", soon);
	if ((e = db_exec(r->db, ST_APPT_REMINDER_OFF, p, NULL)) != DB_OK ||
	    (e = mail_pro(r, db_val(one, 0, ONE_SLOT_ID), "afspraak-afgezegd",
	    v)) != DB_OK ||
	    (e = req_audit(r, "appointment.cancel", "appointment", id,
	    db_val(one, 0, ONE_FAMILY_ID), "allowed")) != DB_OK ||
	    (e = db_commit(r->db)) != DB_OK)
		return db_status(e);
	return page_redirect(r, soon ? "/afspraken?afgezegd=kort" :
	    "/afspraken?afgezegd=1");
}

/*
 * POST /afspraken/voorstel/{id}/past-niet: the member a time was
 * proposed to says it does not suit them (sql/059). Only that member
 * (lib/policy, policy_slot_offered, and the time must be proposed to
 * them by name); anyone else gets 404, logged. The time stays free (they
 * may still choose it); the professional gets a mail (no name: staff
 * mail says "een gezinslid", as for a cancellation) and sees it in their
 * agenda. A second click, or a time booked or begun meanwhile: the page
 * again, nothing sent.
 */
int
h_appointment_decline(struct req *r)
{
	const char	*id = route_param(&r->params, "id");
	const char	*p[2];
	struct tctx	*v;
	PGresult	*res, *upd;
	enum db_err	 e;

	p[0] = r->sess.person_id_s;
	p[1] = id;
	if ((e = db_begin(r->db)) != DB_OK ||
	    (e = db_exec(r->db, ST_APPT_PROPOSAL, p, &res)) != DB_OK)
		return db_status(e);
	if (db_rows(res) != 1 || !db_bool(res, 0, PROP_PROPOSED) ||
	    db_long(res, 0, PROP_FOR) != r->sess.person_id ||
	    !offered(r, res, 0, PROP_FOR, PROP_SHIELDED)) {
		db_rollback(r->db);
		if ((e = req_audit(r, "slot.decline", "slot", id, NULL,
		    "denied")) != DB_OK)
			return db_status(e);
		return 404;
	}
	if (!db_bool(res, 0, PROP_OPEN)) {
		db_rollback(r->db);
		return page_redirect(r, "/afspraken?past-niet=1");
	}
	p[0] = db_val(res, 0, PROP_ID);
	p[1] = r->sess.person_id_s;
	if ((e = db_exec(r->db, ST_APPT_DECLINE, p, &upd)) != DB_OK)
		return db_status(e);
	if (db_rows(upd) != 1) {
		db_rollback(r->db);
		return page_redirect(r, "/afspraken?past-niet=1");
	}
	v = when_nl(r, "when", db_val(res, 0, PROP_START));
	if ((e = mail_pro(r, db_val(res, 0, PROP_ID), "afspraak-past-niet",
	    v)) != DB_OK ||
	    (e = req_audit(r, "slot.decline", "slot", id,
	    db_val(res, 0, PROP_FAMILY), "allowed")) != DB_OK ||
	    (e = db_commit(r->db)) != DB_OK)
		return db_status(e);
	return page_redirect(r, "/afspraken?past-niet=1");
}

/* GET /afspraken/{id}.ics: for the member who booked it and for the
 * professional whose time it is. */
int
h_appointment_ics(struct req *r)
{
	const char		*params[2] = { r->sess.person_id_s,
				    route_param(&r->params, "id") };
	struct ics_event	 ev;
	struct tctx		*v;
	struct buf		 title;
	PGresult		*res;
	enum db_err		 e;
	char			*text, err[256];
	long			 start, end;

	if ((e = db_exec(r->db, ST_APPT_ONE, params, &res)) != DB_OK)
		return db_status(e);
	if (db_rows(res) != 1) {
		if ((e = req_audit(r, "appointment.export", "appointment",
		    params[1], NULL, "denied")) != DB_OK)
			return db_status(e);
		return 404;
	}
	if (util_parse_long(db_val(res, 0, A_START), 0, 253402300799L,
	    &start) == -1 || util_parse_long(db_val(res, 0, A_END), 0,
	    253402300799L, &end) == -1)
		return 500;
	memset(&ev, 0, sizeof(ev));
	ev.uid = arena_printf(r->a, "%s@gezinsportaal",
	    db_val(res, 0, A_PUBLIC_ID));
	ev.start = (time_t)start;
	ev.end = (time_t)end;
	ev.stamp = time(NULL);
	/* The title: a whole sentence (templates/mail/partials/afspraak-titel). */
	v = tctx_new(r->a, NULL);
	tctx_bool(v, "mine", db_bool(res, 0, ONE_MINE));
	tctx_str(v, "pro", db_val(res, 0, A_PRO_NAME));
	tctx_str(v, "org", db_val(res, 0, A_ORG));
	tctx_str(v, "booker", db_val(res, 0, ONE_BOOKER));
	buf_init(&title, r->a, 0);
	if (tmpl_render(r->app->tmpl, "mail/partials/afspraak-titel", v, &title,
	    err, sizeof(err)) != TMPL_OK || title.failed) {
		log_error("appointments: %s", err);
		return 500;
	}
	ev.summary = buf_cstr(&title);
	ev.location = db_val(res, 0, A_PLACE);
	ev.cancelled = db_bool(res, 0, A_CANCELLED);
	if (ev.uid == NULL || ev.summary == NULL)
		return 500;
	if ((text = ics_event_text(&ev)) == NULL)
		return 500;
	buf_puts(&r->rs->body, text);
	free(text);
	if ((e = req_audit(r, "appointment.export", "appointment",
	    db_val(res, 0, A_PUBLIC_ID), db_val(res, 0, ONE_FAMILY_ID),
	    "allowed")) != DB_OK)
		return db_status(e);
	if (http_header_set(r->rs, "Content-Type",
	    "text/calendar; charset=utf-8") == -1 ||
	    http_header_set(r->rs, "Content-Disposition",
	    "attachment; filename=\"afspraak.ics\"") == -1)
		return 500;
	return r->rs->body.failed ? 500 : 0;
}

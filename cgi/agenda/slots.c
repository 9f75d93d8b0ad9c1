/*
 * slots.c - the professional's side of /afspraken: publishing times a
 * family may book (POST /afspraken/tijden: `date`, `time`, `minutes`,
 * `place`, `family`), seeing who booked them and what was cancelled, and
 * taking a free time away again (POST /afspraken/tijden/{id}/intrekken).
 *
 * A time is for one family the professional works with, or for any of
 * them (`family` empty), or for one member of such a family (`person`):
 * then only that member sees it and its place (a home visit's address;
 * the rule is lib/policy's policy_slot_offered, see appointments.c).
 * Two open times of one professional never overlap
 * (an exclusion constraint in sql/010_appointments.sql).
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "agenda/appointments.h"
#include "core/portal.h"
#include "util.h"

/*
 * One page of professional $1's agenda: their slots from yesterday on,
 * with who booked them (the appointment id and names only for families
 * $1 works with now). Keyset paging on (starts_at, id), no OFFSET, no cap
 * (issue 21): $2 the public id of the slot the page starts after ("":
 * from the first), $3 how many. The cursor is looked up among $1's own
 * slots only (also a withdrawn one: the page after it is still there);
 * another's slot or an unknown id gives no rows, and the caller shows the
 * first page. _LATER: in time order, after the cursor; _EARLIER: newest
 * first, before it (the caller turns the page around).
 */
#define APPT_PRO_PAGE(cmp, order, t0, i0) \
	"WITH cur AS (SELECT coalesce(max(starts_at), '" t0 "') AS t, " \
	"    coalesce(max(id), " i0 ") AS i, count(*) AS n " \
	"   FROM appointment_slot WHERE public_id = $2 " \
	"    AND professional_id = $1) " \
	"SELECT s.public_id, extract(epoch FROM s.starts_at)::bigint, " \
	"  extract(epoch FROM s.ends_at)::bigint, s.place, " \
	"  coalesce(sf.name, ''), " \
	"  CASE WHEN bp.id IS NOT NULL THEN ap.public_id ELSE '' END, " \
	"  coalesce(bp.given_name || ' ' || bp.family_name, ''), " \
	"  coalesce(bf.name, ''), s.starts_at > now(), ap.id IS NOT NULL, " \
	"  coalesce(sp.given_name || ' ' || sp.family_name, ''), s.proposed, " \
	"  s.declined_at IS NOT NULL " \
	"FROM cur CROSS JOIN appointment_slot s " \
	"LEFT JOIN family sf ON sf.id = s.family_id " \
	"LEFT JOIN person sp ON sp.id = s.person_id " \
	"LEFT JOIN appointment ap ON ap.slot_id = s.id " \
	"  AND ap.cancelled_at IS NULL " \
	/* who booked: only while $1 works with that family */ \
	"LEFT JOIN person bp ON bp.id = ap.person_id " \
	"  AND " APPT_PRO_ASSIGNED("ap.family_id", "$1") " " \
	"LEFT JOIN family bf ON bf.id = ap.family_id AND bp.id IS NOT NULL " \
	"WHERE s.professional_id = $1 AND s.withdrawn_at IS NULL " \
	"  AND s.ends_at > now() - interval '1 day' " \
	"  AND ($2 = '' OR cur.n = 1) " \
	/* the first, for the index appointment_slot_pro (no id in it) */ \
	"  AND s.starts_at " cmp "= cur.t " \
	"  AND (s.starts_at, s.id) " cmp " (cur.t, cur.i) " \
	"ORDER BY s.starts_at " order ", s.id " order " LIMIT $3::int"

static const struct stmt_def ST_APPT_PRO_SLOTS_LATER[1] = {{
	"appt_pro_slots_later",
	APPT_PRO_PAGE(">", "ASC", "-infinity", "0"), 3, 13 }};
static const struct stmt_def ST_APPT_PRO_SLOTS_EARLIER[1] = {{
	"appt_pro_slots_earlier",
	APPT_PRO_PAGE("<", "DESC", "infinity", "9223372036854775807"), 3, 13 }};
/* (the first four as enum appt_col; P_PROPOSED: sql/053; P_DECLINED:
 * the member said it does not suit them, sql/059) */
enum { P_ID, P_START, P_END, P_PLACE, P_FOR, P_APPT, P_BOOKER, P_FAMILY,
    P_FUTURE, P_TAKEN, P_FOR_PERSON, P_PROPOSED, P_DECLINED };

/* The families professional $1 is assigned to now. */
static const struct stmt_def ST_APPT_PRO_FAMILIES[1] = {{ "appt_pro_families",
	"SELECT f.public_id, f.name FROM family f "
	"  JOIN assignment_now a ON a.family_id = f.id "
	" WHERE a.professional_id = $1 "
	" ORDER BY f.name", 1, 2 }};
enum { FAM_PUBLIC_ID, FAM_NAME };

/* The members of 12 and older of the families professional $1 is assigned
 * to now: a time can be opened for one of them (safety between members:
 * a member from whom someone is shielded sees no time for the family). */
static const struct stmt_def ST_APPT_PRO_MEMBERS[1] = {{ "appt_pro_members",
	"SELECT p.public_id, p.given_name || ' ' || p.family_name, f.name "
	"  FROM family f JOIN assignment_now a ON a.family_id = f.id "
	"  JOIN family_member m ON m.family_id = f.id "
	"  JOIN person p ON p.id = m.person_id "
	" WHERE a.professional_id = $1 "
	"   AND p.birth_date <= current_date - interval '12 years' "
	" ORDER BY f.name, p.birth_date, p.id", 1, 3 }};
enum { MEM_PUBLIC_ID, MEM_NAME, MEM_FAMILY };

/* Dutch wall-clock time $1 ('2026-12-01 14:00'): the instant, whether
 * it is at least an hour ahead, whether it is within a year, and whether
 * that time exists that day (02:30 does not when the clocks go forward). */
static const struct stmt_def ST_APPT_SLOT_TIME[1] = {{ "appt_slot_time",
	"SELECT extract(epoch FROM x.t)::bigint, "
	"  x.t >= now() + interval '1 hour', x.t <= now() + interval '1 year', "
	"  (x.t AT TIME ZONE 'Europe/Amsterdam') = $1::timestamp "
	"  FROM (SELECT $1::timestamp AT TIME ZONE 'Europe/Amsterdam' AS t) x",
	1, 4 }};
enum { TIME_EPOCH, TIME_AHEAD, TIME_IN_YEAR, TIME_EXISTS };

/* Professional $1 opens a slot at Dutch time $3 for $4 minutes at place
 * $5, for family $2 (a public id it is assigned to) or, when $2 is NULL,
 * any of its families; or, when $6 is given, for that member alone (a
 * person public id in one of its families, and in family $2 if given).
 * A time for one member is a proposal they are asked to confirm
 * (sql/053, the start page's task). No row: $2 or $6 is not one of its
 * families' (members). An overlap
 * with another open slot fails on the exclusion constraint. */
static const struct stmt_def ST_APPT_SLOT_INSERT[1] = {{ "appt_slot_insert",
	"INSERT INTO appointment_slot (professional_id, family_id, person_id, "
	"    starts_at, ends_at, place, proposed) "
	"SELECT $1, f.id, f.person_id, "
	"  $3::timestamp AT TIME ZONE 'Europe/Amsterdam', "
	/* the length in real minutes, also across a clock change */
	"  ($3::timestamp AT TIME ZONE 'Europe/Amsterdam') "
	"    + make_interval(mins => $4::int), $5, f.person_id IS NOT NULL "
	"  FROM (SELECT NULL::bigint AS id, NULL::bigint AS person_id "
	"     WHERE $2::text IS NULL AND $6::text IS NULL "
	"    UNION ALL SELECT fa.id, NULL FROM family fa JOIN assignment_now a "
	"      ON a.family_id = fa.id WHERE fa.public_id = $2 "
	"      AND a.professional_id = $1 AND $6::text IS NULL "
	"    UNION ALL SELECT fa.id, p.id FROM person p "
	"      JOIN family_member m ON m.person_id = p.id "
	"      JOIN family fa ON fa.id = m.family_id "
	"      JOIN assignment_now a ON a.family_id = fa.id "
	"     WHERE p.public_id = $6 AND a.professional_id = $1 "
	"       AND ($2::text IS NULL OR fa.public_id = $2)) f "
	" LIMIT 1 RETURNING public_id", 6, 1 }};
enum { INS_PUBLIC_ID };

/*
 * A weekly pattern (POST /afspraken/reeks): professional $1 opens, for
 * the same target as ST_APPT_SLOT_INSERT ($2 family, $5 member), a time
 * of $3 minutes at place $4 on every day from $6 to $7 (Dutch dates)
 * whose ISO weekday is in $9, at each Dutch wall-clock time of $8. Left
 * out: a time less than an hour ahead or more than a year ahead, a time
 * that does not exist that day (the clocks go forward), and one that
 * overlaps a time already open (the exclusion constraint: DO NOTHING).
 * One row: whether the target is one of its families (members), how
 * many were opened, and their public ids (space-separated, for the
 * audit rows). The caller caps the number asked for (SERIES_MAX).
 */
static const struct stmt_def ST_APPT_SLOT_SERIES[1] = {{ "appt_slot_series",
	"WITH f AS (SELECT * FROM ("
	"    SELECT NULL::bigint AS id, NULL::bigint AS person_id "
	"     WHERE $2::text IS NULL AND $5::text IS NULL "
	"    UNION ALL SELECT fa.id, NULL FROM family fa JOIN assignment_now a "
	"      ON a.family_id = fa.id WHERE fa.public_id = $2 "
	"      AND a.professional_id = $1 AND $5::text IS NULL "
	"    UNION ALL SELECT fa.id, p.id FROM person p "
	"      JOIN family_member m ON m.person_id = p.id "
	"      JOIN family fa ON fa.id = m.family_id "
	"      JOIN assignment_now a ON a.family_id = fa.id "
	"     WHERE p.public_id = $5 AND a.professional_id = $1 "
	"       AND ($2::text IS NULL OR fa.public_id = $2)) t LIMIT 1), "
	"x AS (SELECT w.wall, w.wall AT TIME ZONE 'Europe/Amsterdam' AS t "
	"  FROM (SELECT d::date + tm AS wall "
	"    FROM generate_series($6::date, $7::date, interval '1 day') d "
	"    CROSS JOIN unnest($8::time[]) tm "
	"   WHERE extract(isodow FROM d)::int = ANY ($9::int[])) w), "
	"ins AS (INSERT INTO appointment_slot (professional_id, family_id, "
	"    person_id, starts_at, ends_at, place) "
	"  SELECT $1, f.id, f.person_id, x.t, "
	"    x.t + make_interval(mins => $3::int), $4 FROM f CROSS JOIN x "
	"   WHERE x.t >= now() + interval '1 hour' "
	"     AND x.t <= now() + interval '1 year' "
	"     AND (x.t AT TIME ZONE 'Europe/Amsterdam') = x.wall "
	"   ORDER BY x.t "
	"  ON CONFLICT DO NOTHING RETURNING public_id) "
	"SELECT (SELECT count(*) FROM f) > 0, (SELECT count(*) FROM ins), "
	"  coalesce((SELECT string_agg(public_id, ' ') FROM ins), '')",
	9, 3 }};
enum { SER_TARGET_OK, SER_MADE, SER_IDS };

/* Withdrawing a slot: lock it first (waits for a booking in progress),
 * then, in a new statement that sees that booking, take it away only if
 * nobody booked it. */
static const struct stmt_def ST_APPT_SLOT_LOCK[1] = {{ "appt_slot_lock",
	"SELECT id FROM appointment_slot WHERE public_id = $2 "
	"   AND professional_id = $1 AND withdrawn_at IS NULL FOR UPDATE",
	2, 1 }};
enum { LOCK_ID };

static const struct stmt_def ST_APPT_SLOT_WITHDRAW[1] = {{ "appt_slot_withdraw",
	"UPDATE appointment_slot SET withdrawn_at = now() WHERE id = $1 "
	"   AND NOT EXISTS (SELECT 1 FROM appointment ap "
	"     WHERE ap.slot_id = $1 AND ap.cancelled_at IS NULL) "
	"RETURNING id", 1, 1 }};

/* Professional $1 calls off appointment $2 (reason $3) booked on one of
 * their times, while they work with the family, before it starts; the
 * time is taken away too (it is not free: the professional cannot come).
 * No row: cancelled, begun, or no longer their family. */
static const struct stmt_def ST_APPT_CANCEL_PRO[1] = {{ "appt_cancel_pro",
	"WITH c AS (UPDATE appointment ap SET cancelled_at = now(), "
	"    cancelled_by = $1, cancel_reason = $3 "
	"  FROM appointment_slot s WHERE ap.id = $2 AND s.id = ap.slot_id "
	"   AND s.professional_id = $1 AND ap.cancelled_at IS NULL "
	"   AND s.starts_at > now() "
	"   AND " APPT_PRO_ASSIGNED("ap.family_id", "$1") " "
	"  RETURNING ap.slot_id) "
	"UPDATE appointment_slot SET withdrawn_at = now() "
	" WHERE id IN (SELECT slot_id FROM c) RETURNING id", 3, 1 }};

/* A mail ($2 subject, $3 body) to whoever booked appointment $1, at the
 * address they gave on /gegevens; a letter when they chose post or the
 * counter (lib/stmts.h: MEMBER_OUTBOX); none without either. */
static const struct stmt_def ST_APPT_MAIL_BOOKER[1] = {{ "appt_mail_booker",
	"INSERT INTO outbox (kind, recipient, subject, body) "
	"SELECT " MEMBER_OUTBOX("cd", "ap.person_id",
	"'afspraak-gaat-niet-door'", "$2", "$3") " FROM appointment ap "
	"  JOIN contact_details cd ON cd.person_id = ap.person_id "
	" WHERE ap.id = $1 AND " MEMBER_REACHED("cd"), 3, 0 }};

/* What was cancelled in professional $1's times in the last 30 days
 * (no cap, issue 21: the 30 days bound the list). */
static const struct stmt_def ST_APPT_PRO_CANCELLED[1] = {{ "appt_pro_cancelled",
	"SELECT extract(epoch FROM s.starts_at)::bigint, "
	"  bp.given_name || ' ' || bp.family_name, f.name, "
	"  coalesce(ap.cancel_reason, ''), "
	"  EXISTS (SELECT 1 FROM appointment n WHERE n.moved_from = ap.id), "
	"  ap.cancelled_at > s.starts_at - interval '24 hours', "
	"  ap.cancelled_by = s.professional_id "
	"FROM appointment ap JOIN appointment_slot s ON s.id = ap.slot_id "
	"JOIN person bp ON bp.id = ap.person_id "
	"JOIN family f ON f.id = ap.family_id "
	"WHERE s.professional_id = $1 "
	"  AND ap.cancelled_at > now() - interval '30 days' "
	"  AND " APPT_PRO_ASSIGNED("ap.family_id", "$1") " "
	"ORDER BY ap.cancelled_at DESC, ap.id DESC", 1, 7 }};
enum { X_START, X_BOOKER, X_FAMILY, X_REASON, X_MOVED, X_SOON, X_BY_ME };

static const struct stmt_def *const stmts[] = {
	ST_APPT_PRO_SLOTS_LATER,
	ST_APPT_PRO_SLOTS_EARLIER,
	ST_APPT_PRO_FAMILIES,
	ST_APPT_PRO_MEMBERS,
	ST_APPT_SLOT_TIME,
	ST_APPT_SLOT_INSERT,
	ST_APPT_SLOT_SERIES,
	ST_APPT_SLOT_LOCK,
	ST_APPT_SLOT_WITHDRAW,
	ST_APPT_CANCEL_PRO,
	ST_APPT_MAIL_BOOKER,
	ST_APPT_PRO_CANCELLED,
};
const struct stmt_table slots_stmts = {
	"agenda/slots.c", stmts, NELEM(stmts)
};

enum { S_DATE, S_TIME, S_MINUTES, S_PLACE, S_FAMILY, S_PERSON, S__MAX };

static const char *const lengths[] = { "30", "45", "60", "90", NULL };

static const struct form_spec slot_form[S__MAX] = {
	[S_DATE] = { .name = "date", .kind = FORM_DATE, .required = 1,
	    .max_chars = 10, .msg_missing = N_("Kies een dag."),
	    .msg_too_long = N_("Schrijf de dag zo: 2026-12-01."),
	    .msg_invalid = N_("Schrijf de dag zo: 2026-12-01.") },
	[S_TIME] = { .name = "time", .kind = FORM_TIME, .required = 1,
	    .max_chars = 5, .msg_missing = N_("Kies een begintijd."),
	    .msg_too_long = N_("Schrijf de tijd zo: 14:00."),
	    .msg_invalid = N_("Schrijf de tijd zo: 14:00.") },
	[S_MINUTES] = { .name = "minutes", .kind = FORM_CHOICE,
	    .required = 1, .max_chars = 3, .choices = lengths },
	/* One line: in pages, mails and calendar files. */
	[S_PLACE] = { .name = "place", .kind = FORM_LINE, .required = 1,
	    .max_chars = 200, .msg_missing = N_("Schrijf op waar de afspraak "
	    "is, of de link om te videobellen."),
	    .msg_too_long = N_("De plaats is te lang. U kunt 200 tekens "
	    "gebruiken."),
	    .msg_invalid = N_("Schrijf de plaats op één regel.") },
	[S_FAMILY] = { .name = "family", .kind = FORM_ID, .max_chars = 40 },
	/* One member only (optional): only they see the time and its
	 * place. */
	[S_PERSON] = { .name = "person", .kind = FORM_ID, .max_chars = 40 },
};

/* The weekly pattern (POST /afspraken/reeks): from, until, the days of
 * the week (ISO 1-7), the start times, length, place, for whom. */
enum { R_FROM, R_UNTIL, R_DAY1, R_DAY2, R_DAY3, R_DAY4, R_DAY5, R_DAY6,
    R_DAY7, R_TIMES, R_MINUTES, R_PLACE, R_FAMILY, R_PERSON, R__MAX };

#define SERIES_MAX	60	/* times one pattern may open */
#define SERIES_DAYS	91	/* 13 weeks: the longest period */
#define SERIES_TIMES	8	/* start times a day */

static const struct form_spec series_form[R__MAX] = {
	[R_FROM] = { .name = "van", .kind = FORM_DATE, .required = 1,
	    .max_chars = 10, .msg_missing = N_("Kies de eerste dag."),
	    .msg_too_long = N_("Schrijf de dag zo: 2026-12-01."),
	    .msg_invalid = N_("Schrijf de dag zo: 2026-12-01.") },
	[R_UNTIL] = { .name = "tot", .kind = FORM_DATE, .required = 1,
	    .max_chars = 10, .msg_missing = N_("Kies de laatste dag."),
	    .msg_too_long = N_("Schrijf de dag zo: 2026-12-01."),
	    .msg_invalid = N_("Schrijf de dag zo: 2026-12-01.") },
	[R_DAY1] = { .name = "dag-1", .kind = FORM_FLAG, .max_chars = 2 },
	[R_DAY2] = { .name = "dag-2", .kind = FORM_FLAG, .max_chars = 2 },
	[R_DAY3] = { .name = "dag-3", .kind = FORM_FLAG, .max_chars = 2 },
	[R_DAY4] = { .name = "dag-4", .kind = FORM_FLAG, .max_chars = 2 },
	[R_DAY5] = { .name = "dag-5", .kind = FORM_FLAG, .max_chars = 2 },
	[R_DAY6] = { .name = "dag-6", .kind = FORM_FLAG, .max_chars = 2 },
	[R_DAY7] = { .name = "dag-7", .kind = FORM_FLAG, .max_chars = 2 },
	[R_TIMES] = { .name = "tijden", .kind = FORM_LINE, .required = 1,
	    .max_chars = 60, .msg_missing = N_("Schrijf een of meer "
	    "begintijden. Bijvoorbeeld: 09:00 13:30"),
	    .msg_too_long = N_("Schrijf hoogstens acht begintijden."),
	    .msg_invalid = N_("Schrijf de begintijden op een regel.") },
	[R_MINUTES] = { .name = "lengte", .kind = FORM_CHOICE,
	    .required = 1, .max_chars = 3, .choices = lengths },
	[R_PLACE] = { .name = "plek", .kind = FORM_LINE, .required = 1,
	    .max_chars = 200, .msg_missing = N_("Schrijf op waar de afspraak "
	    "is, of de link om te videobellen."),
	    .msg_too_long = N_("De plaats is te lang. U kunt 200 tekens "
	    "gebruiken."),
	    .msg_invalid = N_("Schrijf de plaats op een regel.") },
	[R_FAMILY] = { .name = "gezin", .kind = FORM_ID, .max_chars = 40 },
	[R_PERSON] = { .name = "persoon", .kind = FORM_ID, .max_chars = 40 },
};

struct slot_state {
	const char		*v[S__MAX];
	const char		*r[R__MAX];	/* the weekly pattern's form */
	struct form_error	 errs[R__MAX + 2];
	size_t			 nerr;
	const char		*cancel_id;	/* the cancel form sent, */
	const char		*reason;	/* shown again with its text */
	const char		*checked;	/* "Controleren": the place */
	int			 single_sent;	/* the single time's form */
};

/* Calling off a booked time: the member reads the reason. */
static const struct form_spec cancel_form[1] = {
	{ .name = "reason", .kind = FORM_TEXT, .required = 1,
	    .max_chars = 500, .msg_missing = N_("Schrijf waarom de afspraak "
	    "niet doorgaat. Het gezinslid leest dit."),
	    .msg_too_long = N_("De reden is te lang. U kunt 500 tekens "
	    "gebruiken.") },
};

#define ADD_ERROR(s, field, msgid) form_add_error((s)->errs, \
	    sizeof((s)->errs) / sizeof((s)->errs[0]), &(s)->nerr, field, msgid)
#define ERROR_FOR(s, field) \
	i18n_gettext(form_error_for((s)->errs, (s)->nerr, field))


/*
 * The agenda's pages (issue 21: every time reachable): AGENDA_PER_PAGE
 * times a page in time order. ?na=<slot>: the page after that time
 * (later); ?voor=<slot>: the page before it (earlier). Anything else, or
 * a cursor that is not one of the professional's times: the first page.
 */
#define AGENDA_PER_PAGE		50
#define AGENDA_PER_PAGE_READ	"51"	/* one more: is there a next page? */

struct agenda_page {
	const PGresult	*res;		/* in the statement's order */
	int		 earlier;	/* _EARLIER: newest first */
	int		 n;		/* rows shown: min(rows, PER_PAGE) */
	int		 has_earlier, has_later;
	const char	*first, *last;	/* cursors: public ids */
};

/* The row shown at place k (0: the earliest on the page). */
static int
agenda_row(const struct agenda_page *ap, int k)
{
	return ap->earlier ? ap->n - 1 - k : k;
}

/* The page's statement: params {me, cursor, PER_PAGE + 1}. */
static const struct stmt_def *
agenda_query(struct req *r, const char **params, int *earlier)
{
	const struct http_field	*na = http_fields_get(&r->rq->query, "na");
	const struct http_field	*voor = http_fields_get(&r->rq->query, "voor");

	params[1] = "";
	*earlier = 0;
	if (na != NULL && na->value[0] != '\0')
		params[1] = na->value;
	else if (voor != NULL && voor->value[0] != '\0') {
		params[1] = voor->value;
		*earlier = 1;
	}
	params[2] = AGENDA_PER_PAGE_READ;
	return *earlier ? ST_APPT_PRO_SLOTS_EARLIER : ST_APPT_PRO_SLOTS_LATER;
}

/* The page from res (read by agenda_query), falling back to the first
 * page for a bad cursor, or when the earlier times fit on the first. */
static enum db_err
agenda_load(struct req *r, struct agenda_page *ap, const PGresult *res,
    int earlier, const char *cursor)
{
	const char	*p[3] = { r->sess.person_id_s, "",
			    AGENDA_PER_PAGE_READ };
	PGresult	*first;
	enum db_err	 e;
	int		 rows = db_rows(res);

	memset(ap, 0, sizeof(*ap));
	ap->res = res;
	ap->earlier = earlier;
	ap->first = ap->last = "";
	if ((cursor[0] != '\0' && rows == 0) ||
	    (earlier && rows <= AGENDA_PER_PAGE)) {
		if ((e = db_exec(r->db, ST_APPT_PRO_SLOTS_LATER, p, &first)) !=
		    DB_OK)
			return e;
		ap->res = first;
		ap->earlier = earlier = 0;
		cursor = "";
		rows = db_rows(first);
	}
	ap->n = rows < AGENDA_PER_PAGE ? rows : AGENDA_PER_PAGE;
	ap->has_earlier = earlier ? rows > AGENDA_PER_PAGE : cursor[0] != '\0';
	ap->has_later = earlier ? 1 : rows > AGENDA_PER_PAGE;
	if (ap->n > 0) {
		ap->first = db_val(ap->res, agenda_row(ap, 0), P_ID);
		ap->last = db_val(ap->res, agenda_row(ap, ap->n - 1), P_ID);
	}
	return DB_OK;
}

/* The links to the earlier and later times (to the agenda's heading). */
static void
agenda_links(struct req *r, struct tctx *c, const struct agenda_page *ap)
{
	tctx_bool(c, "has_earlier", ap->has_earlier);
	tctx_bool(c, "has_later", ap->has_later);
	tctx_bool(c, "has_pager", ap->has_earlier || ap->has_later);
	tctx_str(c, "earlier_href", arena_printf(r->a,
	    "/afspraken?voor=%s#agenda", ap->first));
	tctx_str(c, "later_href", arena_printf(r->a,
	    "/afspraken?na=%s#agenda", ap->last));
}

/* The professional's agenda: their times per day (booked and free). */
static int
fill_slots(struct req *r, struct tctx *c, const struct agenda_page *ap,
    const struct slot_state *s)
{
	const PGresult	*res = ap->res;
	struct tctx	*it, *day = NULL;
	const char	*appt, *label, *last = "";
	char		 buf[128];
	long		 t;
	int		 j, k, again;

	tctx_list(c, "days");
	tctx_bool(c, "has_slots", ap->n > 0);
	for (j = 0; j < ap->n; j++) {
		k = agenda_row(ap, j);
		if (util_parse_long(db_val(res, k, P_START), 0, 253402300799L,
		    &t) == -1)
			return 500;
		i18n_format_date(buf, sizeof(buf), (time_t)t);
		if (day == NULL || strcmp(buf, last) != 0) {
			if ((day = tctx_list_add(c, "days")) == NULL ||
			    (label = arena_strdup(r->a, buf)) == NULL)
				return 500;
			tctx_str(day, "day", label);
			tctx_strf(day, "day_id", "agenda-%d", j);
			tctx_list(day, "slots");
			last = label;
		}
		if ((it = tctx_list_add(day, "slots")) == NULL)
			return 500;
		appt_fill_time(r, it, res, k);
		tctx_str(it, "from", appt_clock(r, db_val(res, k, P_START)));
		tctx_nl(it, "for_family", db_val(res, k, P_FOR));
		tctx_nl(it, "for_person", db_val(res, k, P_FOR_PERSON));
		tctx_bool(it, "proposed", db_bool(res, k, P_PROPOSED));
		tctx_bool(it, "declined", db_bool(res, k, P_DECLINED));
		tctx_str(it, "appt", db_val(res, k, P_APPT));
		tctx_bool(it, "booked", db_val(res, k, P_APPT)[0] != '\0');
		/* booked by a family this professional no longer works with */
		tctx_bool(it, "taken_unknown", db_bool(res, k, P_TAKEN) &&
		    db_val(res, k, P_APPT)[0] == '\0');
		tctx_nl(it, "booker", db_val(res, k, P_BOOKER));
		tctx_nl(it, "family", db_val(res, k, P_FAMILY));
		tctx_bool(it, "future", db_bool(res, k, P_FUTURE));
		/* The cancel form, open again with its error if it was this
		 * one that was sent. */
		appt = db_val(res, k, P_APPT);
		again = s->cancel_id != NULL && strcmp(s->cancel_id, appt) == 0;
		tctx_bool(it, "open", again);
		tctx_str(it, "reason", again ? s->reason : "");
		tctx_str(it, "reason_error", again ? ERROR_FOR(s,
		    arena_printf(r->a, "reason-%s", appt)) : "");
	}
	return 0;
}

static int
fill_cancelled(struct req *r, struct tctx *c, const PGresult *res)
{
	struct tctx	*it;
	int		 k;

	tctx_list(c, "cancelled");
	tctx_bool(c, "has_cancelled", db_rows(res) > 0);
	for (k = 0; k < db_rows(res); k++) {
		if ((it = tctx_list_add(c, "cancelled")) == NULL)
			return 500;
		tctx_str(it, "when", appt_when(r, db_val(res, k, X_START)));
		tctx_nl(it, "booker", db_val(res, k, X_BOOKER));
		tctx_nl(it, "family", db_val(res, k, X_FAMILY));
		tctx_nl(it, "reason", db_val(res, k, X_REASON));
		tctx_bool(it, "moved", db_bool(res, k, X_MOVED));
		tctx_bool(it, "soon", db_bool(res, k, X_SOON));
		tctx_bool(it, "by_me", db_bool(res, k, X_BY_ME));
	}
	return 0;
}

static const char *
rv(const struct slot_state *s, int i)
{
	return s->r[i] != NULL ? s->r[i] : "";
}

/* The weekly pattern's form: its values (kept after an error), its
 * errors, and its own lists of lengths, families and members. */
static int
fill_series(struct tctx *c, const struct slot_state *s,
    const PGresult *fam, const PGresult *mem)
{
	static const char *const days[7] = { N_("maandag"), N_("dinsdag"),
	    N_("woensdag"), N_("donderdag"), N_("vrijdag"), N_("zaterdag"),
	    N_("zondag") };
	struct tctx	*it;
	const char	*len = s->r[R_MINUTES] != NULL ? s->r[R_MINUTES] : "45";
	size_t		 i;
	int		 k, fresh = s->r[R_FROM] == NULL;

	tctx_list(c, "r_days");
	for (i = 0; i < 7; i++) {
		if ((it = tctx_list_add(c, "r_days")) == NULL)
			return -1;
		tctx_strf(it, "n", "%zu", i + 1);
		tctx_str(it, "name", i18n_gettext(days[i]));
		/* a new form: the working days */
		tctx_bool(it, "on", fresh ? i < 5 :
		    rv(s, (int)(R_DAY1 + i))[0] != '\0');
		tctx_bool(it, "first", i == 0);
	}
	tctx_list(c, "r_lengths");
	for (i = 0; lengths[i] != NULL; i++) {
		if ((it = tctx_list_add(c, "r_lengths")) == NULL)
			return -1;
		tctx_str(it, "minutes", lengths[i]);
		tctx_bool(it, "selected", strcmp(len, lengths[i]) == 0);
	}
	tctx_list(c, "r_families");
	for (k = 0; k < db_rows(fam); k++) {
		if ((it = tctx_list_add(c, "r_families")) == NULL)
			return -1;
		tctx_str(it, "fid", db_val(fam, k, FAM_PUBLIC_ID));
		tctx_str(it, "name", db_val(fam, k, FAM_NAME));
		tctx_bool(it, "selected", strcmp(rv(s, R_FAMILY),
		    db_val(fam, k, FAM_PUBLIC_ID)) == 0);
	}
	tctx_list(c, "r_members");
	for (k = 0; k < db_rows(mem); k++) {
		if ((it = tctx_list_add(c, "r_members")) == NULL)
			return -1;
		tctx_str(it, "pid", db_val(mem, k, MEM_PUBLIC_ID));
		tctx_str(it, "name", db_val(mem, k, MEM_NAME));
		tctx_str(it, "family", db_val(mem, k, MEM_FAMILY));
		tctx_bool(it, "selected", strcmp(rv(s, R_PERSON),
		    db_val(mem, k, MEM_PUBLIC_ID)) == 0);
	}
	tctx_str(c, "r_from", rv(s, R_FROM));
	tctx_str(c, "r_until", rv(s, R_UNTIL));
	tctx_str(c, "r_times", rv(s, R_TIMES));
	tctx_str(c, "r_place", rv(s, R_PLACE));
	tctx_str(c, "r_from_error", ERROR_FOR(s, "van"));
	tctx_str(c, "r_until_error", ERROR_FOR(s, "tot"));
	tctx_str(c, "r_days_error", ERROR_FOR(s, "dag-1"));
	tctx_str(c, "r_times_error", ERROR_FOR(s, "tijden"));
	tctx_str(c, "r_place_error", ERROR_FOR(s, "plek"));
	tctx_long(c, "series_max", SERIES_MAX);
	/* the single time's form stays open when it was the one sent */
	tctx_bool(c, "single_open", s->single_sent);
	return 0;
}

/* After a weekly pattern: ?reeks=N&overgeslagen=M (numbers only). */
static void
series_notice(struct req *r, struct tctx *c)
{
	const struct http_field	*f;
	long			 made = -1, skipped = 0;

	if (r->rs->status == 200 &&
	    (f = http_fields_get(&r->rq->query, "reeks")) != NULL &&
	    util_parse_long(f->value, 0, SERIES_MAX, &made) == 0 &&
	    (f = http_fields_get(&r->rq->query, "overgeslagen")) != NULL &&
	    util_parse_long(f->value, 0, SERIES_MAX, &skipped) == -1)
		skipped = 0;
	tctx_bool(c, "series_made", made >= 0);
	tctx_long(c, "made", made >= 0 ? made : 0);
	tctx_long(c, "skipped", skipped);
	tctx_bool(c, "has_skipped", made >= 0 && skipped > 0);
}

/* policy_slot_open for the professional logged in, assigned now to
 * `families` families (E3: no family, no times to open). */
static int
may_open(struct req *r, long families)
{
	struct pol_actor	 a;

	memset(&a, 0, sizeof(a));
	a.kind = POL_PROFESSIONAL;	/* /afspraken/... for professionals */
	a.person_id = r->sess.person_id;
	return policy_slot_open(&a, families);
}

/* Before a time is opened (POST): 0 when the professional may, else the
 * status (403; audited as denied). */
static int
open_allowed(struct req *r)
{
	const char	*me[1] = { r->sess.person_id_s };
	PGresult	*res;
	enum db_err	 e;

	if ((e = db_exec(r->db, ST_APPT_PRO_FAMILIES, me, &res)) != DB_OK)
		return db_status(e);
	if (may_open(r, db_rows(res)))
		return 0;
	if ((e = req_audit(r, "slot.create", "person", r->sess.person_id_s,
	    NULL, "denied")) != DB_OK)
		return db_status(e);
	return 403;
}

static int
show(struct req *r, const struct slot_state *s)
{
	const char		*me[1] = { r->sess.person_id_s };
	const char		*pg[3] = { r->sess.person_id_s, "", "" };
	struct tctx		*c = page_ctx(r), *it;
	struct agenda_page	 ap;
	struct db_batch		 b[4];
	const PGresult		*fam, *mem;
	enum db_err		 e;
	size_t			 i;
	int			 k, rc, earlier;

	/* The page names who booked: a read of family data. */
	if ((e = req_audit(r, "appointment.list", "person",
	    r->sess.person_id_s, NULL, "allowed")) != DB_OK)
		return db_status(e);
	b[0].st = agenda_query(r, pg, &earlier);
	b[0].params = pg;
	b[1].st = ST_APPT_PRO_CANCELLED;
	b[2].st = ST_APPT_PRO_FAMILIES;
	b[3].st = ST_APPT_PRO_MEMBERS;
	b[1].params = b[2].params = b[3].params = me;
	if ((e = db_batch(r->db, b, 4)) != DB_OK ||
	    (e = agenda_load(r, &ap, b[0].res, earlier, pg[1])) != DB_OK)
		return db_status(e);
	if ((rc = fill_slots(r, c, &ap, s)) != 0 ||
	    (rc = fill_cancelled(r, c, b[1].res)) != 0)
		return rc;
	agenda_links(r, c, &ap);
	fam = b[2].res;
	tctx_bool(c, "may_open", may_open(r, db_rows(fam)));
	tctx_list(c, "families");
	for (k = 0; k < db_rows(fam); k++) {
		if ((it = tctx_list_add(c, "families")) == NULL)
			return 500;
		tctx_str(it, "fid", db_val(fam, k, FAM_PUBLIC_ID));
		tctx_nl(it, "name", db_val(fam, k, FAM_NAME));
		tctx_bool(it, "selected",
		    strcmp(s->v[S_FAMILY], db_val(fam, k, FAM_PUBLIC_ID)) == 0);
	}
	mem = b[3].res;
	tctx_list(c, "members");
	for (k = 0; k < db_rows(mem); k++) {
		if ((it = tctx_list_add(c, "members")) == NULL)
			return 500;
		tctx_str(it, "pid", db_val(mem, k, MEM_PUBLIC_ID));
		tctx_nl(it, "name", db_val(mem, k, MEM_NAME));
		tctx_nl(it, "family", db_val(mem, k, MEM_FAMILY));
		tctx_bool(it, "selected",
		    strcmp(s->v[S_PERSON], db_val(mem, k, MEM_PUBLIC_ID)) == 0);
	}
	tctx_list(c, "lengths");
	for (i = 0; lengths[i] != NULL; i++) {
		if ((it = tctx_list_add(c, "lengths")) == NULL)
			return 500;
		tctx_str(it, "minutes", lengths[i]);
		tctx_bool(it, "selected", strcmp(s->v[S_MINUTES],
		    lengths[i]) == 0);
	}
	if (fill_series(c, s, fam, mem) != 0)
		return 500;
	tctx_str(c, "date", s->v[S_DATE]);
	tctx_str(c, "time", s->v[S_TIME]);
	tctx_str(c, "place", s->v[S_PLACE]);
	tctx_str(c, "date_error", ERROR_FOR(s, "date"));
	tctx_str(c, "time_error", ERROR_FOR(s, "time"));
	tctx_str(c, "place_error", ERROR_FOR(s, "place"));
	tctx_str(c, "list_error", ERROR_FOR(s, "tijden"));
	page_form_errors(r, c, s->errs, s->nerr);
	if (page_b1(r, c, s->checked) != 0)
		return 500;
	tctx_bool(c, "added", r->rs->status == 200 &&
	    http_fields_get(&r->rq->query, "toegevoegd") != NULL);
	tctx_bool(c, "withdrawn", r->rs->status == 200 &&
	    http_fields_get(&r->rq->query, "weggehaald") != NULL);
	tctx_bool(c, "called_off", r->rs->status == 200 &&
	    http_fields_get(&r->rq->query, "afgezegd") != NULL);
	tctx_bool(c, "called_off_before", r->rs->status == 200 &&
	    http_fields_get(&r->rq->query, "al-afgezegd") != NULL);
	series_notice(r, c);
	return page_render(r, "afspraken-tijden", N_("Tijden voor afspraken"),
	    c);
}

/* An empty form: 45 minutes chosen. */
static void
state_init(struct slot_state *s)
{
	int	 i;

	memset(s, 0, sizeof(*s));
	for (i = 0; i < S__MAX; i++)
		s->v[i] = "";
	s->v[S_MINUTES] = "45";
}

/* GET /afspraken for a professional: their times. */
int
h_slots(struct req *r)
{
	struct slot_state	 s;

	state_init(&s);
	return show(r, &s);
}

int
h_slot_add(struct req *r)
{
	const char		*p[6], *at;
	struct slot_state	 s;
	PGresult		*res;
	enum db_err		 e;
	int			 st;

	memset(&s, 0, sizeof(s));
	if (form_read(&r->rq->form, slot_form, S__MAX, s.v, s.errs,
	    &s.nerr) == -1)
		return 400;
	if ((st = open_allowed(r)) != 0)
		return st;
	s.single_sent = 1;
	if (req_b1_asked(r)) {	/* the B1 check of the place; not stored */
		s.nerr = 0;
		s.checked = s.v[S_PLACE];
		return show(r, &s);
	}
	if (s.nerr == 0) {
		/* In the future and within a year, in Dutch time. */
		p[0] = at = arena_printf(r->a, "%s %s", s.v[S_DATE],
		    s.v[S_TIME]);
		if (at == NULL)
			return 500;
		if ((e = db_exec(r->db, ST_APPT_SLOT_TIME, p, &res)) != DB_OK)
			return db_status(e);
		if (!db_bool(res, 0, TIME_EXISTS))
			ADD_ERROR(&s, "time", N_("Die tijd bestaat niet op die "
			    "dag: dan gaat de klok een uur vooruit. Kies een "
			    "andere tijd."));
		else if (!db_bool(res, 0, TIME_AHEAD))
			ADD_ERROR(&s, "date", N_("Kies een tijd die minstens "
			    "een uur later is dan nu."));
		else if (!db_bool(res, 0, TIME_IN_YEAR))
			ADD_ERROR(&s, "date", N_("Kies een dag binnen een "
			    "jaar."));
	}
	if (s.nerr > 0) {
		r->rs->status = 400;
		return show(r, &s);
	}
	p[0] = r->sess.person_id_s;
	p[1] = s.v[S_FAMILY][0] != '\0' ? s.v[S_FAMILY] : NULL;
	p[2] = arena_printf(r->a, "%s %s", s.v[S_DATE], s.v[S_TIME]);
	p[3] = s.v[S_MINUTES];
	p[4] = s.v[S_PLACE];
	p[5] = s.v[S_PERSON][0] != '\0' ? s.v[S_PERSON] : NULL;
	if ((e = db_begin(r->db)) != DB_OK)
		return db_status(e);
	e = db_exec(r->db, ST_APPT_SLOT_INSERT, p, &res);
	if (e == DB_CONSTRAINT) {		/* overlaps another time */
		db_rollback(r->db);
		ADD_ERROR(&s, "date", N_("Op die tijd heeft u al een andere "
		    "tijd staan. Kies een andere tijd."));
		r->rs->status = 409;
		return show(r, &s);
	}
	if (e != DB_OK)
		return db_status(e);
	if (db_rows(res) != 1) {		/* not one of its families */
		db_rollback(r->db);
		if ((e = req_audit(r, "slot.create", p[5] != NULL ? "person" :
		    "family", p[5] != NULL ? p[5] : p[1], NULL, "denied")) !=
		    DB_OK)
			return db_status(e);
		return 400;
	}
	if ((e = req_audit(r, "slot.create", "slot",
	    db_val(res, 0, INS_PUBLIC_ID), NULL, "allowed")) != DB_OK ||
	    (e = db_commit(r->db)) != DB_OK)
		return db_status(e);
	return page_redirect(r, "/afspraken?toegevoegd=1");
}

int
h_slot_withdraw(struct req *r)
{
	const char		*p[2];
	struct slot_state	 s;
	PGresult		*res;
	enum db_err		 e;

	p[0] = r->sess.person_id_s;
	p[1] = route_param(&r->params, "id");
	if ((e = db_begin(r->db)) != DB_OK ||
	    (e = db_exec(r->db, ST_APPT_SLOT_LOCK, p, &res)) != DB_OK)
		return db_status(e);
	if (db_rows(res) != 1) {
		db_rollback(r->db);
		if ((e = req_audit(r, "slot.withdraw", "slot", p[1], NULL,
		    "denied")) != DB_OK)
			return db_status(e);
		return 404;
	}
	p[0] = db_val(res, 0, LOCK_ID);
	if ((e = db_exec(r->db, ST_APPT_SLOT_WITHDRAW, p, &res)) != DB_OK)
		return db_status(e);
	if (db_rows(res) != 1) {		/* booked meanwhile */
		db_rollback(r->db);
		state_init(&s);
		ADD_ERROR(&s, "tijden", N_("Een gezinslid heeft deze tijd net "
		    "gekozen. U kunt hem niet meer weghalen."));
		r->rs->status = 409;
		return show(r, &s);
	}
	if ((e = req_audit(r, "slot.withdraw", "slot",
	    route_param(&r->params, "id"), NULL, "allowed")) != DB_OK ||
	    (e = db_commit(r->db)) != DB_OK)
		return db_status(e);
	return page_redirect(r, "/afspraken?weggehaald=1");
}

/* The member hears that the appointment is off: in the language of their
 * account, when it was and where to look; not the reason (it may be about
 * the family: they read it in the portal). No address, no mail. */
static enum db_err
mail_booker(struct req *r, const PGresult *one)
{
	const struct i18n_lang	*lang;
	const char		*p[3];
	struct tctx		*v = tctx_new(r->a, NULL);

	lang = i18n_choose(db_val(one, 0, ONE_BOOKER_LANG), NULL);
	p[0] = db_val(one, 0, ONE_ID);
	tctx_str(v, "when", appt_when_in(r, lang, db_val(one, 0, A_START)));
	return mail_queue(r, "afspraak-gaat-niet-door", lang,
	    req_is_youth("citizen", (int)db_long(one, 0, ONE_BOOKER_AGE)), v,
	    ST_APPT_MAIL_BOOKER, p, 1);
}

/*
 * The professional calls off a booked appointment (ill, say): only on
 * their own time, while they work with the family, before it starts, and
 * with a reason the member reads. The time goes away too, the reminder is
 * called off, and the member gets a mail.
 */
static int
slots_cancel(struct req *r, const char *id)
{
	const char		*params[2] = { r->sess.person_id_s, id };
	const char		*reason, *p[3];
	struct slot_state	 s;
	PGresult		*one, *res;
	enum db_err		 e;

	if ((e = db_exec(r->db, ST_APPT_ONE, params, &one)) != DB_OK)
		return db_status(e);
	if (db_rows(one) != 1 ||
	    strcmp(db_val(one, 0, ONE_PRO_ID), r->sess.person_id_s) != 0) {
		if ((e = req_audit(r, "appointment.cancel", "appointment", id,
		    NULL, "denied")) != DB_OK)
			return db_status(e);
		return 404;
	}
	state_init(&s);
	id = db_val(one, 0, A_PUBLIC_ID);
	switch (appt_cancel_form(r, one, cancel_form, "tijden", s.errs,
	    NELEM(s.errs), &s.nerr, &reason)) {
	case APPT_CANCEL_FORGED:
		return 400;
	case APPT_CANCEL_DONE:		/* the member was first */
		return page_redirect(r, "/afspraken?al-afgezegd=1");
	case APPT_CANCEL_SHOW:
		s.cancel_id = id;
		s.reason = reason;
		return show(r, &s);
	case APPT_CANCEL_GO:
		break;
	}
	p[0] = r->sess.person_id_s;
	p[1] = db_val(one, 0, ONE_ID);
	p[2] = reason;
	if ((e = db_begin(r->db)) != DB_OK ||
	    (e = db_exec(r->db, ST_APPT_CANCEL_PRO, p, &res)) != DB_OK)
		return db_status(e);
	if (db_rows(res) != 1) {	/* cancelled or begun meanwhile */
		db_rollback(r->db);
		ADD_ERROR(&s, "tijden", N_("De afspraak is niet afgezegd. Hij "
		    "is net afgezegd of al begonnen. Kijk hieronder hoe het nu "
		    "staat."));
		r->rs->status = 409;
		return show(r, &s);
	}
	p[0] = id;
	if ((e = db_exec(r->db, ST_APPT_REMINDER_OFF, p, NULL)) != DB_OK ||
	    (e = mail_booker(r, one)) != DB_OK ||
	    (e = req_audit(r, "appointment.cancel", "appointment", id,
	    db_val(one, 0, ONE_FAMILY_ID), "allowed")) != DB_OK ||
	    (e = db_commit(r->db)) != DB_OK)
		return db_status(e);
	return page_redirect(r, "/afspraken?afgezegd=1");
}

/* POST /afspraken/{id}/annuleren by the professional of that time. */
int
h_slot_cancel(struct req *r)
{
	return slots_cancel(r, route_param(&r->params, "id"));
}

/* YYYY-MM-DD (checked by lib/form) as a day number since 1970, and its
 * ISO weekday (1 Monday .. 7 Sunday) in *wday. */
static long
day_number(const char *date, int *wday)
{
	struct tm	 tm;
	time_t		 t;
	int		 i, v[3] = { 0, 0, 0 }, part = 0;

	for (i = 0; date[i] != '\0' && part < 3; i++) {
		if (date[i] == '-')
			part++;
		else if (date[i] >= '0' && date[i] <= '9')
			v[part] = v[part] * 10 + (date[i] - '0');
		else
			return -1;
	}
	memset(&tm, 0, sizeof(tm));
	tm.tm_year = v[0] - 1900;
	tm.tm_mon = v[1] - 1;
	tm.tm_mday = v[2];
	tm.tm_hour = 12;
	if ((t = timegm(&tm)) == (time_t)-1)
		return -1;
	*wday = tm.tm_wday == 0 ? 7 : tm.tm_wday;
	return (long)(t / 86400);
}

/*
 * The start times of a pattern ("09:00 13:30", also with commas) as
 * minutes after midnight in t[], ascending; *n of them. -1: not a time,
 * more than SERIES_TIMES, or two that overlap with a length of `len`
 * minutes (a time must end before the next begins).
 */
static int
parse_times(const char *s, long len, int *t, int *n)
{
	int	 h, m, k, j, v;

	*n = 0;
	while (*s != '\0') {
		if (*s == ' ' || *s == ',' || *s == ';') {
			s++;
			continue;
		}
		if (*n == SERIES_TIMES)
			return -1;
		/* H:MM or HH:MM, also with a full stop (09.00) */
		for (h = 0, k = 0; k < 2 && *s >= '0' && *s <= '9'; k++, s++)
			h = h * 10 + (*s - '0');
		if (k == 0 || (*s != ':' && *s != '.'))
			return -1;
		s++;
		if (s[0] < '0' || s[0] > '5' || s[1] < '0' || s[1] > '9')
			return -1;
		m = (s[0] - '0') * 10 + (s[1] - '0');
		s += 2;
		if (h > 23 || (*s != '\0' && *s != ' ' && *s != ',' &&
		    *s != ';'))
			return -1;
		v = h * 60 + m;
		/* insert in order */
		for (j = *n; j > 0 && t[j - 1] > v; j--)
			t[j] = t[j - 1];
		t[j] = v;
		(*n)++;
	}
	for (j = 1; j < *n; j++)
		if (t[j] - t[j - 1] < len)
			return -1;
	return *n > 0 ? 0 : -1;
}

/*
 * POST /afspraken/reeks: a weekly pattern for a period. The professional
 * chooses the first and last day (at most 13 weeks apart), the days of the
 * week and the start times; at most SERIES_MAX times at once, checked
 * before anything is stored. Times that are past, too far ahead, do not
 * exist that day, or overlap a time already open are left out, and the
 * page says how many.
 */
int
h_slot_series(struct req *r)
{
	struct slot_state	 s;
	const char		*p[9];
	struct buf		 tb, db;
	PGresult		*res;
	enum db_err		 e;
	const char		*ids, *sp, *end;
	long			 from, until, len, d, asked, made;
	int			 t[SERIES_TIMES + 1], nt = 0, wd, wfrom, i, days;

	state_init(&s);
	if (form_read(&r->rq->form, series_form, R__MAX, s.r, s.errs,
	    &s.nerr) == -1)
		return 400;
	if ((i = open_allowed(r)) != 0)
		return i;
	for (days = 0, i = R_DAY1; i <= R_DAY7; i++)
		days += s.r[i][0] != '\0';
	if (days == 0)
		ADD_ERROR(&s, "dag-1", N_("Kies een of meer dagen van de "
		    "week."));
	if (util_parse_long(s.r[R_MINUTES], 30, 90, &len) == -1)
		len = 45;
	if (s.r[R_TIMES][0] != '\0' && form_error_for(s.errs, s.nerr,
	    "tijden") == NULL && parse_times(s.r[R_TIMES], len, t, &nt) == -1)
		ADD_ERROR(&s, "tijden", N_("Schrijf de begintijden zo: 09:00 "
		    "13:30. Hoogstens acht. Ze mogen niet overlappen."));
	asked = 0;
	if (form_error_for(s.errs, s.nerr, "van") == NULL &&
	    form_error_for(s.errs, s.nerr, "tot") == NULL) {
		from = day_number(s.r[R_FROM], &wfrom);
		until = day_number(s.r[R_UNTIL], &wd);
		if (from == -1 || until == -1)
			return 400;
		if (until < from)
			ADD_ERROR(&s, "tot", N_("De laatste dag is voor de "
			    "eerste dag. Kies een latere dag."));
		else if (until - from >= SERIES_DAYS)
			ADD_ERROR(&s, "tot", N_("Kies een periode van "
			    "hoogstens 13 weken."));
		else
			for (d = 0; d <= until - from; d++)
				if (s.r[R_DAY1 + (wfrom - 1 + d) % 7][0] !=
				    '\0')
					asked += nt;
	}
	if (s.nerr == 0 && asked == 0)
		ADD_ERROR(&s, "dag-1", N_("In die periode valt geen van die "
		    "dagen. Kies andere dagen of een langere periode."));
	if (s.nerr == 0 && asked > SERIES_MAX)
		ADD_ERROR(&s, "tot", N_("Dat zijn te veel tijden. U kunt er "
		    "60 tegelijk openzetten. Kies minder dagen of een kortere "
		    "periode."));
	if (s.nerr > 0) {
		r->rs->status = 400;
		return show(r, &s);
	}
	buf_init(&tb, r->a, 0);
	buf_puts(&tb, "{");
	for (i = 0; i < nt; i++)
		buf_printf(&tb, "%s%02d:%02d", i > 0 ? "," : "", t[i] / 60,
		    t[i] % 60);
	buf_puts(&tb, "}");
	buf_init(&db, r->a, 0);
	buf_puts(&db, "{");
	for (wd = 0, i = 0; i < 7; i++)
		if (s.r[R_DAY1 + i][0] != '\0')
			buf_printf(&db, "%s%d", wd++ > 0 ? "," : "", i + 1);
	buf_puts(&db, "}");
	if (tb.failed || db.failed)
		return 500;
	p[0] = r->sess.person_id_s;
	p[1] = s.r[R_FAMILY][0] != '\0' ? s.r[R_FAMILY] : NULL;
	p[2] = s.r[R_MINUTES];
	p[3] = s.r[R_PLACE];
	p[4] = s.r[R_PERSON][0] != '\0' ? s.r[R_PERSON] : NULL;
	p[5] = s.r[R_FROM];
	p[6] = s.r[R_UNTIL];
	p[7] = buf_cstr(&tb);
	p[8] = buf_cstr(&db);
	if ((e = db_begin(r->db)) != DB_OK ||
	    (e = db_exec(r->db, ST_APPT_SLOT_SERIES, p, &res)) != DB_OK)
		return db_status(e);
	if (!db_bool(res, 0, SER_TARGET_OK)) {	/* not one of its families */
		db_rollback(r->db);
		if ((e = req_audit(r, "slot.create", p[4] != NULL ? "person" :
		    "family", p[4] != NULL ? p[4] : p[1], NULL, "denied")) !=
		    DB_OK)
			return db_status(e);
		return 400;
	}
	made = db_long(res, 0, SER_MADE);
	/* one audit row per time opened, as for a single time */
	for (ids = db_val(res, 0, SER_IDS); *ids != '\0'; ids = end) {
		if ((end = strchr(ids, ' ')) == NULL)
			end = ids + strlen(ids);
		if ((sp = arena_strndup(r->a, ids, (size_t)(end - ids))) ==
		    NULL)
			return 500;
		if ((e = req_audit(r, "slot.create", "slot", sp, NULL,
		    "allowed")) != DB_OK)
			return db_status(e);
		if (*end == ' ')
			end++;
	}
	if ((e = db_commit(r->db)) != DB_OK)
		return db_status(e);
	if ((sp = arena_printf(r->a, "/afspraken?reeks=%ld&overgeslagen=%ld",
	    made, asked - made)) == NULL)
		return 500;
	return page_redirect(r, sp);
}

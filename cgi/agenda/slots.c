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
#include <string.h>

#include "agenda/appointments.h"
#include "core/portal.h"
#include "util.h"

/* Professional $1's slots from yesterday on, with who booked them (the
 * appointment id and names only for families $1 works with now). */
static const struct stmt_def ST_APPT_PRO_SLOTS[1] = {{ "appt_pro_slots",
	"SELECT s.public_id, extract(epoch FROM s.starts_at)::bigint, "
	"  extract(epoch FROM s.ends_at)::bigint, s.place, "
	"  coalesce(sf.name, ''), "
	"  CASE WHEN bp.id IS NOT NULL THEN ap.public_id ELSE '' END, "
	"  coalesce(bp.given_name || ' ' || bp.family_name, ''), "
	"  coalesce(bf.name, ''), s.starts_at > now(), ap.id IS NOT NULL, "
	"  coalesce(sp.given_name || ' ' || sp.family_name, '') "
	"FROM appointment_slot s "
	"LEFT JOIN family sf ON sf.id = s.family_id "
	"LEFT JOIN person sp ON sp.id = s.person_id "
	"LEFT JOIN appointment ap ON ap.slot_id = s.id "
	"  AND ap.cancelled_at IS NULL "
	/* who booked: only while $1 works with that family */
	"LEFT JOIN person bp ON bp.id = ap.person_id "
	"  AND " APPT_PRO_ASSIGNED("ap.family_id", "$1") " "
	"LEFT JOIN family bf ON bf.id = ap.family_id AND bp.id IS NOT NULL "
	"WHERE s.professional_id = $1 AND s.withdrawn_at IS NULL "
	"  AND s.ends_at > now() - interval '1 day' "
	"ORDER BY s.starts_at LIMIT 200", 1, 11 }};
/* (the first four as enum appt_col) */
enum { P_ID, P_START, P_END, P_PLACE, P_FOR, P_APPT, P_BOOKER, P_FAMILY,
    P_FUTURE, P_TAKEN, P_FOR_PERSON };

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
 * No row: $2 or $6 is not one of its families' (members). An overlap
 * with another open slot fails on the exclusion constraint. */
static const struct stmt_def ST_APPT_SLOT_INSERT[1] = {{ "appt_slot_insert",
	"INSERT INTO appointment_slot (professional_id, family_id, person_id, "
	"    starts_at, ends_at, place) "
	"SELECT $1, f.id, f.person_id, "
	"  $3::timestamp AT TIME ZONE 'Europe/Amsterdam', "
	/* the length in real minutes, also across a clock change */
	"  ($3::timestamp AT TIME ZONE 'Europe/Amsterdam') "
	"    + make_interval(mins => $4::int), $5 "
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

/* What was cancelled in professional $1's times in the last 30 days. */
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
	"ORDER BY ap.cancelled_at DESC LIMIT 50", 1, 7 }};
enum { X_START, X_BOOKER, X_FAMILY, X_REASON, X_MOVED, X_SOON, X_BY_ME };

static const struct stmt_def *const stmts[] = {
	ST_APPT_PRO_SLOTS,
	ST_APPT_PRO_FAMILIES,
	ST_APPT_PRO_MEMBERS,
	ST_APPT_SLOT_TIME,
	ST_APPT_SLOT_INSERT,
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

struct slot_state {
	const char		*v[S__MAX];
	struct form_error	 errs[S__MAX + 2];
	size_t			 nerr;
	const char		*cancel_id;	/* the cancel form sent, */
	const char		*reason;	/* shown again with its text */
	const char		*checked;	/* "Controleren": the place */
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


static int
fill_slots(struct req *r, struct tctx *c, const PGresult *res,
    const struct slot_state *s)
{
	struct tctx	*it;
	const char	*appt;
	int		 k, again;

	tctx_list(c, "slots");
	for (k = 0; k < db_rows(res); k++) {
		if ((it = tctx_list_add(c, "slots")) == NULL)
			return 500;
		appt_fill_time(r, it, res, k);
		tctx_nl(it, "for_family", db_val(res, k, P_FOR));
		tctx_nl(it, "for_person", db_val(res, k, P_FOR_PERSON));
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

static int
show(struct req *r, const struct slot_state *s)
{
	const char	*me[1] = { r->sess.person_id_s };
	struct tctx	*c = page_ctx(r), *it;
	struct db_batch	 b[4];
	const PGresult	*fam, *mem;
	enum db_err	 e;
	size_t		 i;
	int		 k, rc;

	/* The page names who booked: a read of family data. */
	if ((e = req_audit(r, "appointment.list", "person",
	    r->sess.person_id_s, NULL, "allowed")) != DB_OK)
		return db_status(e);
	b[0].st = ST_APPT_PRO_SLOTS;
	b[1].st = ST_APPT_PRO_CANCELLED;
	b[2].st = ST_APPT_PRO_FAMILIES;
	b[3].st = ST_APPT_PRO_MEMBERS;
	b[0].params = b[1].params = b[2].params = b[3].params = me;
	if ((e = db_batch(r->db, b, 4)) != DB_OK)
		return db_status(e);
	if ((rc = fill_slots(r, c, b[0].res, s)) != 0 ||
	    (rc = fill_cancelled(r, c, b[1].res)) != 0)
		return rc;
	fam = b[2].res;
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

	memset(&s, 0, sizeof(s));
	if (form_read(&r->rq->form, slot_form, S__MAX, s.v, s.errs,
	    &s.nerr) == -1)
		return 400;
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

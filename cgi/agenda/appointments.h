/*
 * appointments.h - what the two halves of /afspraken share: the family's
 * side (appointments.c: book, move, cancel, calendar file) and the
 * professional's side (slots.c: publish and withdraw times).
 */
#ifndef GP_APPOINTMENTS_H
#define GP_APPOINTMENTS_H

#include "form.h"
#include "core/portal.h"

/* SQL: professional `pro` is assigned to family `family` now. */
#define APPT_PRO_ASSIGNED(family, pro) \
	"EXISTS (SELECT 1 FROM assignment_now a WHERE a.family_id = " family \
	"  AND a.professional_id = " pro ")"

/* Columns shared by ST_APPT_FREE, ST_APPT_MINE and ST_APPT_ONE. */
enum appt_col {
	A_PUBLIC_ID, A_START, A_END, A_PLACE, A_PRO_NAME, A_ORG,
	A_CANCELLED, A_FUTURE
};

/* The statements both halves run (appointments.c). */
extern const struct stmt_def	ST_APPT_ONE[1];
extern const struct stmt_def	ST_APPT_REMINDER_OFF[1];

/* Columns of ST_APPT_ONE after the shared ones. */
enum {
	ONE_SOON = A_FUTURE + 1, ONE_SLOT_ID, ONE_MINE, ONE_FAMILY_ID,
	ONE_ID, ONE_PRO_ID, ONE_BOOKER, ONE_BOOKER_LANG, ONE_BOOKER_AGE
};

/* A time given as epoch seconds (text) in the page's language, Dutch
 * time: "dinsdag 1 december, 14:00 uur"; appt_clock: "14:45". */
const char	*appt_when(struct req *, const char *epoch);
const char	*appt_clock(struct req *, const char *epoch);
/* appt_when in lang whatever the page's language (a mail to a member);
 * appt_when_nl: in Dutch (a mail to staff). */
const char	*appt_when_in(struct req *, const struct i18n_lang *lang,
		    const char *epoch);
const char	*appt_when_nl(struct req *, const char *epoch);
/* id, when, until, place of row k, whose first four columns are the
 * public id, start, end (epoch) and place (as enum appt_col). */
void		 appt_fill_time(struct req *, struct tctx *, const PGresult *,
		    int k);

/* 1 if a place is a video link (https://, one word): shown as a link
 * "Start videogesprek" from 15 minutes before, not as text. */
int		 appt_is_video(const char *place);
/* The link itself (the first https:// to a blank), or NULL. */
const char	*appt_video_link(struct req *, const char *place);

/*
 * The cancel form (field `reason`, as spec) sent for appointment `one`
 * (a row of ST_APPT_ONE), read and checked for both who may cancel:
 * APPT_CANCEL_GO with *reason; APPT_CANCEL_SHOW with an error added
 * (field "reason-{id}", or begun_field when it has begun) and the status
 * set: show the page again; APPT_CANCEL_DONE: already cancelled (a second
 * click); APPT_CANCEL_FORGED: not a form a browser sends (400).
 */
enum appt_cancel {
	APPT_CANCEL_GO, APPT_CANCEL_SHOW, APPT_CANCEL_DONE, APPT_CANCEL_FORGED
};
enum appt_cancel appt_cancel_form(struct req *, const PGresult *one,
		    const struct form_spec *spec, const char *begun_field,
		    struct form_error *errs, size_t maxerr, size_t *nerr,
		    const char **reason);

#endif

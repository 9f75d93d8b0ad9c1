/*
 * counter.h - what the counter's files share (cgi/counter).
 */
#ifndef GP_COUNTER_H
#define GP_COUNTER_H

struct req;

/* The public id of the citizen in a `person` id that this clerk's log-in
 * was given on /balie (counter.c), or NULL. */
const char	*counter_person_of(struct req *, const char *person);

#endif

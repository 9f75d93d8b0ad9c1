/*
 * outboxd.h - the outbox sender process (cgi/outbox/outboxd.c).
 */
#ifndef GP_OUTBOXD_H
#define GP_OUTBOXD_H

struct config;

/* Sends due outbox rows until SIGTERM or SIGINT. The exit status. */
int	outbox_run(const struct config *);

#endif

/*
 * log.h - one line per event on stderr (the service manager or
 * scripts/stack.sh keeps it): time, pid, level, request id, message.
 *
 * Never: logs passwords, session ids, tokens or dossier content; callers
 * log ids and outcomes only.
 */
#ifndef GP_LOG_H
#define GP_LOG_H

enum log_level { LOG_DEBUG, LOG_INFO, LOG_WARN, LOG_ERROR };

void	log_set_debug(int);
/* The request id shown on error pages; "-" outside a request. */
void	log_set_request(const char *request_id);
void	log_msg(enum log_level, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));

#define log_debug(...)	log_msg(LOG_DEBUG, __VA_ARGS__)
#define log_info(...)	log_msg(LOG_INFO, __VA_ARGS__)
#define log_warn(...)	log_msg(LOG_WARN, __VA_ARGS__)
#define log_error(...)	log_msg(LOG_ERROR, __VA_ARGS__)

#endif

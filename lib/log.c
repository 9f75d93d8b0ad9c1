/*
 * log.c - line-oriented logging to stderr (see log.h).
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "log.h"

static int	 debug;
static char	 reqid[32] = "-";

void
log_set_debug(int on)
{
	debug = on;
}

void
log_set_request(const char *id)
{
	snprintf(reqid, sizeof(reqid), "%s", id != NULL && *id ? id : "-");
}

void
log_msg(enum log_level lvl, const char *fmt, ...)
{
	static const char *const names[] = { "debug", "info", "warn", "error" };
	char		 line[2048], ts[32];
	struct tm	 tm;
	time_t		 now;
	va_list		 ap;
	size_t		 i;
	int		 n;

	if (lvl == LOG_DEBUG && !debug)
		return;
	now = time(NULL);
	gmtime_r(&now, &tm);
	strftime(ts, sizeof(ts), "%Y-%m-%dT%H:%M:%SZ", &tm);
	n = snprintf(line, sizeof(line), "%s [%ld] %s req=%s: ", ts,
	    (long)getpid(), names[lvl], reqid);
	if (n < 0 || (size_t)n >= sizeof(line))
		return;
	va_start(ap, fmt);
	vsnprintf(line + n, sizeof(line) - (size_t)n, fmt, ap);
	va_end(ap);
	/* One event, one line: no control characters from callers' values. */
	for (i = (size_t)n; line[i] != '\0'; i++)
		if ((unsigned char)line[i] < 0x20)
			line[i] = ' ';
	fprintf(stderr, "%s\n", line);
}

/*
 * config.c - "key = value" configuration file (see config.h).
 */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "util.h"

enum ctype { C_STR, C_LONG, C_BOOL };

struct ckey {
	const char	*name;
	enum ctype	 type;
	size_t		 off;
	long		 min, max;
};

#define S(f)		{ #f, C_STR, offsetof(struct config, f), 0, 0 }
#define L(f, lo, hi)	{ #f, C_LONG, offsetof(struct config, f), lo, hi }
#define B(f)		{ #f, C_BOOL, offsetof(struct config, f), 0, 1 }

static const struct ckey keys[] = {
	S(socket), L(workers, 0, 256), L(max_requests, 1, 100000000),
	S(database), S(templates), S(locale_dir), S(secret_file),
	B(secure_cookies), S(smtp_url), S(base_url), S(user),
	L(session_idle_citizen, 60, 86400), L(session_idle_clerk, 60, 86400),
	B(log_debug), S(mail_from), L(outbox_retry_base, 1, 86400),
	L(outbox_lease, 2, 3600), L(hash_slots, 0, 256), S(hash_slot_file),
	S(jargon_file), S(hyphen_file), S(help_intake),
	S(helpdesk_name), S(helpdesk_phone), S(helpdesk_hours),
};

static int
set_str(const char *s)
{
	return s != NULL && *s != '\0';
}

/* The helpdesk: a name and a number together, or neither (a page must
 * not promise a number it does not have); a number of digits, spaces,
 * '+' and '-' only, with 3 to 15 digits; hours only with a number. */
static int
helpdesk_check(const struct config *c, char *err, size_t errlen)
{
	const char	*p;
	int		 digits = 0;

	if (set_str(c->helpdesk_name) != set_str(c->helpdesk_phone)) {
		snprintf(err, errlen, "helpdesk_name and helpdesk_phone go "
		    "together");
		return -1;
	}
	if (set_str(c->helpdesk_hours) && !set_str(c->helpdesk_phone)) {
		snprintf(err, errlen, "helpdesk_hours needs helpdesk_phone");
		return -1;
	}
	for (p = c->helpdesk_phone; p != NULL && *p != '\0'; p++) {
		if (isdigit((unsigned char)*p))
			digits++;
		else if (*p != ' ' && *p != '-' && !(*p == '+' &&
		    p == c->helpdesk_phone)) {
			digits = -1;
			break;
		}
	}
	if (set_str(c->helpdesk_phone) && (digits < 3 || digits > 15)) {
		snprintf(err, errlen, "helpdesk_phone: 3 to 15 digits, "
		    "spaces, + and - only");
		return -1;
	}
	return 0;
}

static void
config_defaults(struct config *c)
{
	memset(c, 0, sizeof(*c));
	c->max_requests = 5000;
	c->secure_cookies = 1;	/* behind TLS unless said otherwise */
	c->session_idle_citizen = 1800;
	c->session_idle_clerk = 900;
	c->outbox_retry_base = 30;
	c->outbox_lease = 300;
}

static int
set_value(struct config *c, const struct ckey *k, const char *v,
    char *err, size_t errlen, int line)
{
	char	**sp;
	long	 *lp;
	int	 *bp;

	switch (k->type) {
	case C_STR:
		sp = (char **)(void *)((char *)c + k->off);
		free(*sp);
		if ((*sp = strdup(v)) == NULL) {
			snprintf(err, errlen, "line %d: out of memory", line);
			return -1;
		}
		return 0;
	case C_LONG:
		lp = (long *)(void *)((char *)c + k->off);
		if (util_parse_long(v, k->min, k->max, lp) == -1) {
			snprintf(err, errlen, "line %d: %s must be a whole "
			    "number from %ld to %ld", line, k->name, k->min,
			    k->max);
			return -1;
		}
		return 0;
	case C_BOOL:
		bp = (int *)(void *)((char *)c + k->off);
		if (strcmp(v, "yes") == 0 || strcmp(v, "on") == 0 ||
		    strcmp(v, "true") == 0)
			*bp = 1;
		else if (strcmp(v, "no") == 0 || strcmp(v, "off") == 0 ||
		    strcmp(v, "false") == 0)
			*bp = 0;
		else {
			snprintf(err, errlen, "line %d: %s must be yes or no",
			    line, k->name);
			return -1;
		}
		return 0;
	}
	return -1;
}

static char *
trim(char *s)
{
	char	*e;

	while (*s == ' ' || *s == '\t')
		s++;
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r'))
		*--e = '\0';
	return s;
}

int
config_parse(struct config *c, const char *text, char *err, size_t errlen)
{
	char		*copy, *line, *next, *eq, *k, *v;
	int		 lineno = 0, rc = -1;
	size_t		 i;

	config_defaults(c);
	if ((copy = strdup(text)) == NULL) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	for (line = copy; line != NULL; line = next) {
		lineno++;
		if ((next = strchr(line, '\n')) != NULL)
			*next++ = '\0';
		line = trim(line);
		if (*line == '\0' || *line == '#')
			continue;
		if ((eq = strchr(line, '=')) == NULL) {
			snprintf(err, errlen, "line %d: expected key = value",
			    lineno);
			goto out;
		}
		*eq = '\0';
		k = trim(line);
		v = trim(eq + 1);
		for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
			if (strcmp(keys[i].name, k) == 0)
				break;
		if (i == sizeof(keys) / sizeof(keys[0])) {
			snprintf(err, errlen, "line %d: unknown key '%.64s'",
			    lineno, k);
			goto out;
		}
		if (set_value(c, &keys[i], v, err, errlen, lineno) == -1)
			goto out;
	}
	if (c->socket == NULL || c->database == NULL || c->templates == NULL ||
	    c->secret_file == NULL) {
		snprintf(err, errlen, "socket, database, templates and "
		    "secret_file are required");
		goto out;
	}
	if (helpdesk_check(c, err, errlen) == -1)
		goto out;
	/* Links are base_url + "/path": "https://x.nl/" would make
	 * "//antwoord/<token>", a spelling a log filter may not know. */
	if (c->base_url != NULL) {
		i = strlen(c->base_url);
		while (i > 0 && c->base_url[i - 1] == '/')
			c->base_url[--i] = '\0';
	}
	rc = 0;
out:
	free(copy);
	if (rc == -1)
		config_free(c);
	return rc;
}

int
config_load(struct config *c, const char *path, char *err, size_t errlen)
{
	char	*text;
	size_t	 len;
	int	 rc;

	if (util_read_file(path, (size_t)1024 * 1024, &text, &len) == -1) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	rc = config_parse(c, text, err, errlen);
	free(text);
	return rc;
}

void
config_free(struct config *c)
{
	size_t	 i;
	char	**sp;

	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		if (keys[i].type != C_STR)
			continue;
		sp = (char **)(void *)((char *)c + keys[i].off);
		free(*sp);
		*sp = NULL;
	}
}

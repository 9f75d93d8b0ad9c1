/*
 * route.c - path patterns with {placeholders} (see route.h).
 */
#include <string.h>

#include "route.h"

static int
idchar(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || c == '-' || c == '_';
}

int
route_match(const char *pat, const char *path, struct route_params *rp)
{
	const char	*end;
	size_t		 nlen, vlen;

	rp->n = 0;
	while (*pat != '\0') {
		if (*pat != '{') {
			if (*pat++ != *path++)
				return 0;
			continue;
		}
		if ((end = strchr(pat, '}')) == NULL || rp->n == ROUTE_MAXPARAMS)
			return 0;
		nlen = (size_t)(end - pat - 1);
		if (nlen == 0 || nlen >= sizeof(rp->name[0]))
			return 0;
		/* The placeholder takes id characters; the pattern's next
		 * literal (".ics", "/") must follow. Ids never contain '.'. */
		for (vlen = 0; idchar(path[vlen]); vlen++)
			if (vlen == ROUTE_MAXVALUE)
				return 0;
		if (vlen == 0)
			return 0;
		memcpy(rp->name[rp->n], pat + 1, nlen);
		rp->name[rp->n][nlen] = '\0';
		memcpy(rp->value[rp->n], path, vlen);
		rp->value[rp->n][vlen] = '\0';
		rp->n++;
		pat = end + 1;
		path += vlen;
	}
	return *path == '\0';
}

const char *
route_param(const struct route_params *rp, const char *name)
{
	size_t	 i;

	for (i = 0; i < rp->n; i++)
		if (strcmp(rp->name[i], name) == 0)
			return rp->value[i];
	return NULL;
}

enum role
role_of_kind(const char *kind)
{
	if (kind == NULL)
		return ROLE_PUBLIC;
	if (strcmp(kind, "citizen") == 0)
		return ROLE_CITIZEN;
	if (strcmp(kind, "professional") == 0)
		return ROLE_PROFESSIONAL;
	if (strcmp(kind, "clerk") == 0)
		return ROLE_CLERK;
	return ROLE_PUBLIC;
}

int
role_allows(enum role need, enum role have)
{
	switch (need) {
	case ROLE_PUBLIC:
		return 1;
	case ROLE_USER:
		return have != ROLE_PUBLIC;
	case ROLE_CITIZEN:
	case ROLE_PROFESSIONAL:
	case ROLE_CLERK:
		return have == need;
	}
	return 0;
}

/*
 * route.h - matching a path against a route pattern, and who may use it.
 *
 * Patterns are literal paths with "{name}" placeholders that match one
 * non-empty run of [A-Za-z0-9_-] (at most 64), possibly followed by a
 * literal suffix in the same segment: "/documenten/{id}",
 * "/afspraken/{id}.ics". The route table itself is cgi/app/routes.c.
 *
 * Owns: the matching rule and the role order. Never: decodes the path
 * (it gets the decoded path) or allows '/' inside a placeholder.
 */
#ifndef GP_ROUTE_H
#define GP_ROUTE_H

#include <stddef.h>

#define ROUTE_MAXPARAMS	4
#define ROUTE_MAXVALUE	64

enum role {
	ROLE_PUBLIC,		/* anyone, logged in or not */
	ROLE_USER,		/* any logged-in person */
	ROLE_CITIZEN,		/* a family member */
	ROLE_PROFESSIONAL,
	ROLE_CLERK
};

struct route_params {
	size_t		 n;
	char		 name[ROUTE_MAXPARAMS][32];
	char		 value[ROUTE_MAXPARAMS][ROUTE_MAXVALUE + 1];
};

/* 1 if path matches pattern (params filled), else 0. */
int		 route_match(const char *pattern, const char *path,
		    struct route_params *);
/* Value of a placeholder, or NULL. */
const char	*route_param(const struct route_params *, const char *name);
/* The role of a logged-in person's kind ("citizen", ...); ROLE_PUBLIC if
 * unknown (nobody). */
enum role	 role_of_kind(const char *kind);
/* 1 if a person with role `have` (ROLE_PUBLIC = not logged in) may use a
 * route that needs `need`. */
int		 role_allows(enum role need, enum role have);

#endif

/*
 * family.h - what the pages of cgi/family share: the family a
 * professional works with now, from the route's {id}.
 */
#ifndef GP_FAMILY_H
#define GP_FAMILY_H

#include "core/portal.h"

/* Columns of *fam: internal id, name, the professional's organisation
 * (slug). */
enum { FP_ID, FP_NAME, FP_OWN_ORG };

/* The family {id} that the logged-in professional is assigned to now, in
 * *fam (one row), or 404 with an audit row `action` "denied"; or another
 * HTTP status. */
int	family_of_pro(struct req *, const char *action, PGresult **fam);

#endif

/*
 * help.h - "Hulp vragen" (cgi/help/help.c; issue 18, part 1): the
 * handlers, and the SQL the worklist (cgi/requests/worklist.c) shares
 * to find the help requests a professional's team handles.
 */
#ifndef GP_HELP_H
#define GP_HELP_H

#include "core/portal.h"

/* Professional $1 is of the team of help request h: assigned to its
 * family now, or of the municipal intake it went to. The statement's
 * side of lib/policy's policy_help_access (the worklist narrows with it;
 * the pages decide with lib/policy on the same two facts). */
#define HELP_ASSIGNED(h) "EXISTS (SELECT 1 FROM assignment_now a " \
	"WHERE a.family_id = " h ".family_id AND a.professional_id = $1)"
#define HELP_INTAKE(h) "(" h ".via_intake AND EXISTS (SELECT 1 " \
	"FROM professional ip WHERE ip.person_id = $1 " \
	"AND ip.organisation_id = " h ".organisation_id))"

int	h_help(struct req *);		/* GET /hulp-vragen */
int	h_help_post(struct req *);	/* POST /hulp-vragen */
int	h_help_one(struct req *);	/* GET /hulp-vragen/{id} */
int	h_help_mark(struct req *);	/* POST /hulp-vragen/{id}/stand */

#endif

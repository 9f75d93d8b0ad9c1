/*
 * policy_offer.c - what is offered, and only to whom it makes sense
 * (see policy.h: policy_share_receiver, policy_slot_open).
 */
#include <stddef.h>

#include "policy.h"

int
policy_share_receiver(const struct pol_actor *a, int has_professionals,
    int assigned_to_family)
{
	if (a == NULL)
		return 0;
	if (a->kind != POL_CITIZEN &&
	    !(a->kind == POL_CLERK && a->assisted_session))
		return 0;
	return has_professionals && !assigned_to_family;
}

int
policy_slot_open(const struct pol_actor *a, long families)
{
	return a != NULL && a->kind == POL_PROFESSIONAL && families > 0;
}

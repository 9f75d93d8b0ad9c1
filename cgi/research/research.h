/*
 * research.h - sharing anonymised data for research and education
 * (issue 18, part 6): the member's choice on /onderzoek (onderzoek.c) and
 * the export `portal export-research` (export.c).
 */
#ifndef GP_RESEARCH_H
#define GP_RESEARCH_H

#include <stdio.h>

#include "db.h"

struct req;

/* onderzoek.c: GET and POST /onderzoek. */
int	h_research(struct req *);
int	h_research_post(struct req *);

/* The smallest group the export releases (k-anonymity, lib/kanon). */
#define RESEARCH_K	5

/*
 * Writes the CSV of the members who said yes now to out (README,
 * "Research export"), and one audit row per member in it, in one
 * transaction on db (its statements prepared: export.c's table in the
 * registry). Nothing is written to out unless the transaction commits.
 * 0, or 1 on an error (told on stderr).
 */
int	research_export(struct db *, FILE *out);

#endif

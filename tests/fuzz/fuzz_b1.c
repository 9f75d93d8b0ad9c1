/*
 * fuzz_b1.c - libFuzzer target for the plain-language check (lib/b1):
 * any bytes (invalid UTF-8, no line ends, only punctuation, only jargon)
 * give a report; nothing is read outside the text. The rules are the real
 * jargon list and Debian's Dutch hyphenation patterns (when installed),
 * read once.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "b1.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static struct b1_rules	*rules;
static struct arena	*ar;

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct b1_report	 rep;
	char			*s, path[600], err[256];
	const char		*root;
	size_t			 i;

	if (rules == NULL) {
		/* run-fuzz.sh runs the target in build/fuzz */
		root = getenv("GP_ROOT");
		snprintf(path, sizeof(path), "%s/i18n/jargon-nl.txt",
		    root != NULL ? root : "../..");
		if (b1_rules_load(&rules, "/usr/share/hyphen/hyph_nl_NL.dic",
		    path, err, sizeof(err)) == -1) {
			fprintf(stderr, "fuzz_b1: %s\n", err);
			abort();
		}
		if ((ar = arena_new(0)) == NULL)
			abort();
	}
	if ((s = malloc(size + 1)) == NULL)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	if (b1_check(ar, rules, s, &rep) == 0) {
		if (rep.sentences > rep.words || rep.words > B1_MAX_CHARS)
			abort();
		for (i = 0; i < rep.nlongs; i++)
			if (rep.longs[i].words <= B1_LONG_SENTENCE ||
			    strlen(rep.longs[i].text) > size)
				abort();
		for (i = 0; i < rep.nhits; i++)
			if (strlen(rep.hits[i].found) > size)
				abort();
	}
	(void)b1_syllables(rules, s);
	arena_reset(ar);
	free(s);
	return 0;
}

/*
 * returnpath.h - where a log-in returns to: the page a logged-out person
 * asked for (issue 15, part 4), carried as ?terug= on /inloggen and
 * /inloggen/code and as a hidden field in their forms.
 *
 * Owns: the one check of such a path, and writing it as a query value.
 * Never: lets anything through that leaves the site (no scheme, no "//",
 * no "\", no control characters, bounded length); anything else is "/".
 */
#ifndef GP_RETURNPATH_H
#define GP_RETURNPATH_H

#include <stddef.h>

/* Longest path and query accepted, in bytes. */
#define RETURNPATH_MAX	512

/* s itself if it is a same-site relative path (and query): "/" and then
 * not "/" or "\", only printable ASCII without blanks, no "\" at all, no
 * "//", no percent-encoded "/" or "\" (%2F, %5C), at most RETURNPATH_MAX
 * bytes. Else (also NULL) "/". */
const char	*returnpath_check(const char *s);

/* "/inloggen?terug=<path, percent-encoded>" into out for a path that
 * passes returnpath_check and is not "/"; else just `base`. 0, or -1 if
 * out is too small (out is then `base` if that fits, else ""). */
int		 returnpath_link(char *out, size_t outlen, const char *base,
		    const char *path);

#endif

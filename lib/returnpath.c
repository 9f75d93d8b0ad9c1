/*
 * returnpath.c - see returnpath.h.
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "returnpath.h"

const char *
returnpath_check(const char *s)
{
	size_t	 i, n;

	if (s == NULL || s[0] != '/' || s[1] == '/' || s[1] == '\\')
		return "/";
	if ((n = strlen(s)) > RETURNPATH_MAX)
		return "/";
	for (i = 0; i < n; i++) {
		/* printable ASCII, no blank, no backslash */
		if ((unsigned char)s[i] <= 0x20 ||
		    (unsigned char)s[i] >= 0x7f || s[i] == '\\')
			return "/";
		if (s[i] == '/' && s[i + 1] == '/')
			return "/";
		/* a "/" or "\" encoded once more: not ours */
		if (s[i] == '%' && (strncasecmp(s + i, "%2f", 3) == 0 ||
		    strncasecmp(s + i, "%5c", 3) == 0))
			return "/";
	}
	return s;
}

/* Unreserved (RFC 3986) and "/": as they are; the rest %XX. */
static int
plain(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' ||
	    c == '~' || c == '/';
}

int
returnpath_link(char *out, size_t outlen, const char *base,
    const char *path)
{
	static const char	 hex[] = "0123456789ABCDEF";
	const char		*p = returnpath_check(path);
	size_t			 o;
	int			 n;

	if (outlen == 0)
		return -1;
	n = snprintf(out, outlen, "%s", base);
	if (n < 0 || (size_t)n >= outlen) {
		out[0] = '\0';
		return -1;
	}
	if (strcmp(p, "/") == 0)
		return 0;
	o = (size_t)n;
	if (o + sizeof("?terug=") > outlen)
		return -1;
	memcpy(out + o, "?terug=", sizeof("?terug=") - 1);
	o += sizeof("?terug=") - 1;
	for (; *p != '\0'; p++) {
		if (o + 4 > outlen) {
			out[n] = '\0';
			return -1;
		}
		if (plain((unsigned char)*p))
			out[o++] = *p;
		else {
			out[o++] = '%';
			out[o++] = hex[(unsigned char)*p >> 4];
			out[o++] = hex[(unsigned char)*p & 15];
		}
	}
	out[o] = '\0';
	return 0;
}

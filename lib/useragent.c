/*
 * useragent.c - a browser and system in a few words (see useragent.h).
 *
 * The order matters: Edge and Opera also say "Chrome", Chrome also says
 * "Safari", and an iPhone also says "Mac OS X".
 */
#include <stdio.h>
#include <string.h>

#include "useragent.h"

struct rule {
	const char	*needle;
	const char	*name;
};

static const struct rule browsers[] = {
	{ "Edg/", "Edge" }, { "EdgA/", "Edge" }, { "EdgiOS/", "Edge" },
	{ "OPR/", "Opera" }, { "SamsungBrowser/", "Samsung Internet" },
	{ "Firefox/", "Firefox" }, { "FxiOS/", "Firefox" },
	{ "Chrome/", "Chrome" }, { "CriOS/", "Chrome" },
	{ "Safari/", "Safari" },
};

static const struct rule systems[] = {
	{ "iPhone", "iPhone" }, { "iPad", "iPad" }, { "Android", "Android" },
	{ "Windows", "Windows" }, { "CrOS", "ChromeOS" },
	{ "Macintosh", "macOS" }, { "Linux", "Linux" },
};

static const char *
first(const char *ua, const struct rule *r, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		if (strstr(ua, r[i].needle) != NULL)
			return r[i].name;
	return "";
}

void
useragent_key(const char *ua, char *out, size_t outlen)
{
	if (outlen == 0)
		return;
	if (ua == NULL)
		ua = "";
	snprintf(out, outlen, "%s/%s",
	    first(ua, browsers, sizeof(browsers) / sizeof(browsers[0])),
	    first(ua, systems, sizeof(systems) / sizeof(systems[0])));
}

/* The name in r equal to the n bytes at s, or "". */
static const char *
known(const char *s, size_t n, const struct rule *r, size_t nr)
{
	size_t	 i;

	for (i = 0; i < nr; i++)
		if (strlen(r[i].name) == n && memcmp(s, r[i].name, n) == 0)
			return r[i].name;
	return "";
}

void
useragent_parts(const char *key, const char **browser, const char **system)
{
	const char	*slash;

	*browser = *system = "";
	if (key == NULL || (slash = strchr(key, '/')) == NULL)
		return;
	*browser = known(key, (size_t)(slash - key), browsers,
	    sizeof(browsers) / sizeof(browsers[0]));
	*system = known(slash + 1, strlen(slash + 1), systems,
	    sizeof(systems) / sizeof(systems[0]));
}

/*
 * useragent.h - a browser and system in a few words, from a User-Agent.
 *
 * For a person's own list of sessions (/gegevens): "Firefox op Windows".
 * Only the names below are ever kept (session.device), never the
 * User-Agent itself: it says more about a person than the list needs.
 *
 * Owns: the key "browser/system" (at most USERAGENT_KEY_MAX bytes; each
 * part one of the names below, "" when not known). Never: trusts the
 * text (it is what the client says, and shown as a hint only).
 */
#ifndef GP_USERAGENT_H
#define GP_USERAGENT_H

#include <stddef.h>

#define USERAGENT_KEY_MAX	40

/* Writes "browser/system" into out (outlen >= USERAGENT_KEY_MAX + 1);
 * ua may be NULL. Browsers: Edge, Opera, Samsung Internet, Firefox,
 * Chrome, Safari. Systems: iPhone, iPad, Android, Windows, macOS,
 * ChromeOS, Linux. */
void	 useragent_key(const char *ua, char *out, size_t outlen);
/* Splits a key made by useragent_key into its parts (each "" when not
 * known, or when key is not such a key). */
void	 useragent_parts(const char *key, const char **browser,
	    const char **system);

#endif

/*
 * csrf.c - origin check and HMAC-derived form tokens (see csrf.h).
 */
#include <string.h>
#include <strings.h>

#include "csrf.h"
#include "util.h"

int
csrf_token(const unsigned char *key, size_t keylen, const char *binding,
    char out[CSRF_TOKEN_LEN + 1])
{
	unsigned char	 mac[32];
	static const char ctx[] = "gezinsportaal-csrf:";
	unsigned char	 msg[19 + 256];
	size_t		 bl;

	out[0] = '\0';
	if (keylen == 0 || binding == NULL || (bl = strlen(binding)) == 0 ||
	    bl > 256)
		return -1;
	memcpy(msg, ctx, sizeof(ctx) - 1);
	memcpy(msg + sizeof(ctx) - 1, binding, bl);
	if (util_hmac_sha256(key, keylen, msg, sizeof(ctx) - 1 + bl, mac) == -1)
		return -1;
	util_hex(mac, sizeof(mac), out);
	return 0;
}

int
csrf_valid(const unsigned char *key, size_t keylen, const char *binding,
    const char *given)
{
	char	 want[CSRF_TOKEN_LEN + 1];

	if (given == NULL || strlen(given) != CSRF_TOKEN_LEN)
		return 0;
	if (csrf_token(key, keylen, binding, want) == -1)
		return 0;
	return util_ct_equal(want, given, CSRF_TOKEN_LEN);
}

/* Length of the host name in "host[:port]" (IPv6 "[::1]:80" kept whole). */
static size_t
host_len(const char *h)
{
	const char	*c;

	if (h[0] == '[') {
		c = strchr(h, ']');
		return c != NULL ? (size_t)(c - h) + 1 : strlen(h);
	}
	c = strchr(h, ':');
	return c != NULL ? (size_t)(c - h) : strlen(h);
}

int
csrf_origin_ok(const char *origin, const char *sec_fetch_site,
    const char *host)
{
	const char	*p;
	size_t		 n;

	if (sec_fetch_site != NULL && *sec_fetch_site != '\0' &&
	    strcmp(sec_fetch_site, "same-origin") != 0 &&
	    strcmp(sec_fetch_site, "none") != 0)
		return 0;
	/* "null" carries no information: Chromium sends it on same-origin
	 * form posts from pages with Referrer-Policy: no-referrer (ours).
	 * The form token decides then. */
	if (origin == NULL || *origin == '\0' || strcmp(origin, "null") == 0)
		return 1;
	/* Origin is "scheme://host[:port]"; its host must be ours. The port
	 * is not compared: nginx passes Host without it ($host). */
	if (strncmp(origin, "https://", 8) == 0)
		p = origin + 8;
	else if (strncmp(origin, "http://", 7) == 0)
		p = origin + 7;
	else
		return 0;
	if (host == NULL || *host == '\0')
		return 0;
	n = host_len(p);
	if (strchr(p + n, '/') != NULL)
		return 0;
	return n > 0 && n == host_len(host) && strncasecmp(p, host, n) == 0;
}

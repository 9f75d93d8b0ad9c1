/*
 * csrf.h - cross-site request forgery defence, in two layers (after
 * Fossil's cgi_csrf_safe):
 *   1. the request must not come from another site: Sec-Fetch-Site, when
 *      sent, is "same-origin" or "none"; Origin, when sent, names this host
 *      (host name only: nginx passes Host without the port; "null", which
 *      browsers send under Referrer-Policy: no-referrer, counts as absent);
 *   2. the form carries a token: HMAC-SHA-256(server secret, binding), where
 *      binding is the session token (logged in) or the pre-session cookie
 *      (the log-in form). Tokens are compared in constant time.
 * Owns: making and checking tokens. Never: stores tokens (they are derived).
 */
#ifndef GP_CSRF_H
#define GP_CSRF_H

#include <stddef.h>

#define CSRF_TOKEN_LEN	64

/* 0, or -1 when the key is empty or binding is NULL/empty. */
int	csrf_token(const unsigned char *key, size_t keylen, const char *binding,
	    char out[CSRF_TOKEN_LEN + 1]);
/* 1 if given is the token for binding. */
int	csrf_valid(const unsigned char *key, size_t keylen, const char *binding,
	    const char *given);
/* 1 if the request may be same-site: see layer 1 above. host is the Host
 * header (may carry a port); NULL headers are absent. */
int	csrf_origin_ok(const char *origin, const char *sec_fetch_site,
	    const char *host);

#endif

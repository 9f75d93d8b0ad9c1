/*
 * outbox.h - sending what the portal wrote to the outbox table (DESIGN.md
 * s. 7): the mail format, the retry schedule, and one SMTP delivery with
 * libcurl. The loop that claims rows and marks them is cgi/outbox/outboxd.c.
 *
 * Owns: the RFC 5322 text of a mail. Never: puts dossier content in a mail
 * (the rows hold only a link; see cgi/dossier/comments.c), writes a header value
 * with CR or LF in it.
 */
#ifndef GP_OUTBOX_H
#define GP_OUTBOX_H

#include <stddef.h>
#include <time.h>

struct buf;

/* Seconds to wait before attempt `attempts` + 1: base x 2^(attempts - 1),
 * at most six hours. */
long	outbox_backoff(long base, int attempts);

/*
 * The whole mail (headers, blank line, body) with CRLF line ends into b:
 * From, To, Subject (RFC 2047 encoded when not ASCII), Date, Message-ID
 * <message_id@domain-of-from>, MIME headers for UTF-8 text. -1 when a
 * header value has CR or LF, an address is empty, or b failed.
 */
int	outbox_format_mail(struct buf *b, const char *from, const char *to,
	    const char *subject, const char *body, const char *message_id,
	    time_t when);

/* The address part of "Name <addr>" (or s itself), into out. -1 if none
 * or too long. */
int	outbox_address(const char *s, char *out, size_t outlen);

/*
 * Delivers msg (len bytes) to `to` over SMTP at url ("smtp://host:port")
 * with libcurl, within `timeout` seconds. 0; -1 with the reason in err
 * when the message surely did not arrive (nothing or only part of it was
 * sent: a server takes a mail only after its last line); -2 when it failed
 * after the whole message was sent (it may have arrived).
 */
int	outbox_smtp(const char *url, const char *from, const char *to,
	    const char *msg, size_t len, long timeout, char *err,
	    size_t errlen);

/* 1 for an https:// URL, or plain http:// to this machine only (a test
 * sink, a local relay): events leave the machine encrypted (DESIGN.md
 * section 7: "HTTPS POST"). */
int	outbox_url_allowed(const char *url);

/*
 * POSTs a webhook event: body (JSON, len bytes) to url (outbox_url_allowed),
 * with X-Signature: sha256=<hex HMAC-SHA256 of the body, keyed with the
 * organisation's secret as written>, X-Gezinsportaal-Event and
 * X-Gezinsportaal-Delivery (the outbox message id, the same on every
 * attempt, so the receiver can drop a second copy). Success is a 2xx
 * answer within `timeout` seconds. 0, or -1 with the reason in err.
 */
int	outbox_webhook(const char *url, const char *secret, const char *event,
	    const char *delivery, const char *body, size_t len, long timeout,
	    char *err, size_t errlen);

#endif

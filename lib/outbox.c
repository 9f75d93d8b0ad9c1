/*
 * outbox.c - mail text, retry schedule and SMTP delivery (see outbox.h).
 */
#include <stdio.h>
#include <string.h>

#include <curl/curl.h>
#include <openssl/evp.h>

#include "buf.h"
#include "outbox.h"
#include "util.h"

#define BACKOFF_MAX	(6L * 3600)

long
outbox_backoff(long base, int attempts)
{
	long	 s = base > 0 ? base : 1;
	int	 i;

	for (i = 1; i < attempts && s < BACKOFF_MAX; i++)
		s *= 2;
	return s < BACKOFF_MAX ? s : BACKOFF_MAX;
}

static int
has_crlf(const char *s)
{
	return strpbrk(s, "\r\n") != NULL;
}

static int
ascii(const char *s)
{
	for (; *s != '\0'; s++)
		if ((unsigned char)*s >= 0x80)
			return 0;
	return 1;
}

int
outbox_address(const char *s, char *out, size_t outlen)
{
	const char	*lt = strrchr(s, '<'), *gt;
	size_t		 n, i;

	if (lt != NULL) {
		if ((gt = strchr(lt, '>')) == NULL)
			return -1;
		s = lt + 1;
		n = (size_t)(gt - s);
	} else
		n = strlen(s);
	if (n == 0 || n >= outlen || memchr(s, '@', n) == NULL)
		return -1;
	/* No blanks, controls or address punctuation in the address. */
	for (i = 0; i < n; i++)
		if ((unsigned char)s[i] <= 0x20 || s[i] == 0x7f ||
		    strchr("<>,;\"()[]\\", s[i]) != NULL)
			return -1;
	memcpy(out, s, n);
	out[n] = '\0';
	return 0;
}

/* "=?UTF-8?B?...?=" for a subject that is not ASCII (RFC 2047; base64
 * from OpenSSL). Subjects are short (one line of the outbox table). */
static void
put_subject(struct buf *b, const char *s)
{
	unsigned char	 enc[4 * 256 / 3 + 4];
	size_t		 n = strlen(s);
	int		 len;

	if (ascii(s)) {
		buf_puts(b, s);
		return;
	}
	if (n > 256) {
		b->failed = 1;
		return;
	}
	len = EVP_EncodeBlock(enc, (const unsigned char *)s, (int)n);
	buf_puts(b, "=?UTF-8?B?");
	buf_append(b, (const char *)enc, (size_t)len);
	buf_puts(b, "?=");
}

int
outbox_format_mail(struct buf *b, const char *from, const char *to,
    const char *subject, const char *body, const char *message_id,
    time_t when)
{
	char		 date[64], addr[256];
	const char	*domain, *p;
	struct tm	 tm;

	if (has_crlf(from) || has_crlf(to) || has_crlf(subject) ||
	    has_crlf(message_id) || !ascii(from) || !ascii(to) ||
	    outbox_address(from, addr, sizeof(addr)) == -1 ||
	    outbox_address(to, addr, sizeof(addr)) == -1 ||
	    gmtime_r(&when, &tm) == NULL)
		return -1;
	(void)outbox_address(from, addr, sizeof(addr));
	domain = strchr(addr, '@') + 1;
	strftime(date, sizeof(date), "%a, %d %b %Y %H:%M:%S +0000", &tm);
	buf_printf(b, "From: %s\r\nTo: %s\r\nSubject: ", from, to);
	put_subject(b, subject);
	buf_printf(b, "\r\nDate: %s\r\nMessage-ID: <%s@%s>\r\n"
	    "MIME-Version: 1.0\r\n"
	    "Content-Type: text/plain; charset=utf-8\r\n"
	    "Content-Transfer-Encoding: 8bit\r\n"
	    "Auto-Submitted: auto-generated\r\n\r\n", date, message_id,
	    domain);
	/* The body with CRLF line ends; SMTP dot-stuffing is libcurl's. */
	for (p = body; *p != '\0'; p++) {
		if (*p == '\r')
			continue;	/* a lone CR never reaches SMTP */
		if (*p == '\n')
			buf_putc(b, '\r');
		buf_putc(b, *p);
	}
	buf_puts(b, "\r\n");
	return b->failed ? -1 : 0;
}

struct upload {
	const char	*p;
	size_t		 left;
};

static size_t
read_cb(char *dst, size_t size, size_t nmemb, void *arg)
{
	struct upload	*u = arg;
	size_t		 n = size * nmemb;

	if (n > u->left)
		n = u->left;
	memcpy(dst, u->p, n);
	u->p += n;
	u->left -= n;
	return n;
}

int
outbox_smtp(const char *url, const char *from, const char *to,
    const char *msg, size_t len, long timeout, char *err, size_t errlen)
{
	CURL			*c;
	struct curl_slist	*rcpt = NULL;
	struct upload		 u = { msg, len };
	char			 f[256], t[256], cerr[CURL_ERROR_SIZE] = "";
	CURLcode		 rc;

	if (outbox_address(from, f, sizeof(f)) == -1 ||
	    outbox_address(to, t, sizeof(t)) == -1) {
		snprintf(err, errlen, "bad address");
		return -1;
	}
	if ((c = curl_easy_init()) == NULL ||
	    (rcpt = curl_slist_append(NULL, t)) == NULL) {
		snprintf(err, errlen, "out of memory");
		curl_easy_cleanup(c);
		return -1;
	}
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
	/* STARTTLS when the server offers it; smtps:// for TLS always. */
	curl_easy_setopt(c, CURLOPT_USE_SSL, (long)CURLUSESSL_TRY);
	curl_easy_setopt(c, CURLOPT_MAIL_FROM, f);
	curl_easy_setopt(c, CURLOPT_MAIL_RCPT, rcpt);
	curl_easy_setopt(c, CURLOPT_READFUNCTION, read_cb);
	curl_easy_setopt(c, CURLOPT_READDATA, &u);
	curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
	curl_easy_setopt(c, CURLOPT_INFILESIZE_LARGE, (curl_off_t)len);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, timeout);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, timeout);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_ERRORBUFFER, cerr);
	rc = curl_easy_perform(c);
	curl_slist_free_all(rcpt);
	curl_easy_cleanup(c);
	if (rc != CURLE_OK) {
		snprintf(err, errlen, "%s", cerr[0] != '\0' ? cerr :
		    curl_easy_strerror(rc));
		/* The whole message went out: the server may have taken it
		 * and only its answer was lost. */
		return u.left == 0 ? -2 : -1;
	}
	return 0;
}

static size_t
discard_cb(char *p, size_t size, size_t nmemb, void *arg)
{
	(void)p;
	(void)arg;
	return size * nmemb;
}

int
outbox_url_allowed(const char *url)
{
	static const char *const loopback[] = { "127.0.0.1", "localhost",
	    "[::1]" };
	const char	*host;
	size_t		 i, n;

	if (strncmp(url, "https://", 8) == 0)
		return url[8] != '\0' && url[8] != '/';
	if (strncmp(url, "http://", 7) != 0)
		return 0;
	host = url + 7;
	/* "http://localhost:80@elsewhere/" goes elsewhere: no user part */
	n = strcspn(host, "/?#");
	if (memchr(host, '@', n) != NULL)
		return 0;
	for (i = 0; i < sizeof(loopback) / sizeof(loopback[0]); i++) {
		n = strlen(loopback[i]);
		if (strncmp(host, loopback[i], n) == 0 &&
		    (host[n] == ':' || host[n] == '/' || host[n] == '\0'))
			return 1;
	}
	return 0;
}

int
outbox_webhook(const char *url, const char *secret, const char *event,
    const char *delivery, const char *body, size_t len, long timeout,
    char *err, size_t errlen)
{
	CURL			*c;
	struct curl_slist	*h = NULL, *t;
	unsigned char		 mac[32];
	char			 hex[65], line[256], cerr[CURL_ERROR_SIZE] = "";
	long			 status = 0;
	CURLcode		 rc;
	size_t			 i;
	const char		*hdr[4];

	if (!outbox_url_allowed(url)) {
		snprintf(err, errlen, "not an https URL");
		return -1;
	}
	if (*secret == '\0' || has_crlf(event) || has_crlf(delivery) ||
	    util_hmac_sha256(secret, strlen(secret), body, len, mac) == -1) {
		snprintf(err, errlen, "no secret or a bad event");
		return -1;
	}
	util_hex(mac, sizeof(mac), hex);
	hdr[0] = "Content-Type: application/json";
	hdr[1] = "X-Signature: sha256=";
	hdr[2] = "X-Gezinsportaal-Event: ";
	hdr[3] = "X-Gezinsportaal-Delivery: ";
	for (i = 0; i < 4; i++) {
		snprintf(line, sizeof(line), "%s%s", hdr[i], i == 1 ? hex :
		    i == 2 ? event : i == 3 ? delivery : "");
		if ((t = curl_slist_append(h, line)) == NULL) {
			curl_slist_free_all(h);
			snprintf(err, errlen, "out of memory");
			return -1;
		}
		h = t;
	}
	if ((c = curl_easy_init()) == NULL) {
		curl_slist_free_all(h);
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(c, CURLOPT_REDIR_PROTOCOLS_STR, "https");
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
	curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
	curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)len);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, discard_cb);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, timeout);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, timeout);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_ERRORBUFFER, cerr);
	rc = curl_easy_perform(c);
	if (rc == CURLE_OK)
		curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
	curl_slist_free_all(h);
	curl_easy_cleanup(c);
	if (rc != CURLE_OK) {
		snprintf(err, errlen, "%s", cerr[0] != '\0' ? cerr :
		    curl_easy_strerror(rc));
		return -1;
	}
	if (status < 200 || status > 299) {
		snprintf(err, errlen, "HTTP %ld", status);
		return -1;
	}
	return 0;
}

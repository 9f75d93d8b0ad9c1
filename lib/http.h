/*
 * http.h - the request and the response, without FastCGI.
 *
 * Owns: parsing of what a client sends (query string, cookies,
 * application/x-www-form-urlencoded and multipart/form-data bodies,
 * percent-decoding, UTF-8 validation) under hard limits, and the response
 * being built (status, headers, cookies, buffered body).
 * Never: reads from a socket or knows about FastCGI (cgi/ feeds it bytes);
 * truncates: input over a limit is an error (413 or 400), not shortened.
 * Everything it returns lives in the request's arena.
 */
#ifndef GP_HTTP_H
#define GP_HTTP_H

#include <stddef.h>
#include "buf.h"

struct arena;

enum http_err {
	HTTP_OK = 0,
	HTTP_EBAD,	/* malformed: bad escape, bad UTF-8, bad boundary -> 400 */
	HTTP_ETOOBIG,	/* over a limit: body, field count, field length -> 413 */
	HTTP_ENOMEM	/* arena exhausted -> 500 */
};

struct http_limits {
	size_t	max_body;	/* bytes of body */
	size_t	max_fields;	/* fields (or cookies) in one input */
	size_t	max_name;	/* bytes of one field name */
	size_t	max_value;	/* bytes of one text value (after decoding) */
	size_t	max_file;	/* bytes of one uploaded file (multipart) */
};

/* Defaults used by the portal: 2 MiB body, 64 fields, 64-byte names,
 * 20000-byte values, 1.5 MiB files. */
extern const struct http_limits http_default_limits;

struct http_field {
	const char	*name;		/* NUL-terminated, valid UTF-8 */
	const char	*value;		/* NUL-terminated; len excludes the NUL */
	size_t		 len;
	const char	*filename;	/* multipart file part, else NULL */
	const char	*ctype;		/* multipart part's Content-Type, else NULL */
};

struct http_fields {
	struct http_field	*v;
	size_t			 n;
};

/*
 * Decodes %XX (and '+' as space when plus_is_space). A '%' not followed by
 * two hex digits is HTTP_EBAD. The result is NUL-terminated; "%00" is
 * HTTP_EBAD (no NUL bytes inside text). Does not check UTF-8.
 */
enum http_err	 http_pct_decode(struct arena *, const char *s, size_t n,
		    int plus_is_space, char **out, size_t *outlen);
/* 1 if s[0..n) is well-formed UTF-8 (no overlongs, no surrogates,
 * nothing above U+10FFFF), else 0. */
int		 http_utf8_valid(const char *s, size_t n);
/* a=1&b=2 (query strings and urlencoded bodies). Names and values are
 * decoded and must be valid UTF-8. Empty pairs ("a=1&&b=2") are skipped;
 * a pair without '=' has value "". Duplicates are kept, in order. */
enum http_err	 http_parse_urlencoded(struct arena *, const char *s, size_t n,
		    const struct http_limits *, struct http_fields *out);
/* The Cookie header: "a=1; b=2". Values are not percent-decoded;
 * malformed pairs are skipped (browsers send odd cookies), but over
 * max_fields cookies is HTTP_ETOOBIG. */
enum http_err	 http_parse_cookies(struct arena *, const char *header,
		    const struct http_limits *, struct http_fields *out);
/* multipart/form-data (RFC 7578). content_type is the full header; a
 * missing or over-long boundary, a part without a name, a missing final
 * delimiter, or text values that are not UTF-8 are HTTP_EBAD. File parts
 * (with filename=) keep their bytes as they are (may contain NUL; use len). */
enum http_err	 http_parse_multipart(struct arena *, const char *content_type,
		    const char *body, size_t n, const struct http_limits *,
		    struct http_fields *out);

/* First field with that name, or NULL. */
const struct http_field *http_fields_get(const struct http_fields *,
		    const char *name);
size_t		 http_fields_count(const struct http_fields *,
		    const char *name);

/* ---- request ---- */

struct http_request {
	struct arena		*arena;
	const char		*method;	/* "GET", "POST", ... */
	const char		*path;		/* decoded path, no query */
	const char		*query_string;
	const char		*content_type;
	const char		*remote_addr;
	const char		*host;
	const char		*origin;	/* Origin header or NULL */
	const char		*sec_fetch_site;/* or NULL */
	const char		*accept_language;
	const char		*cookie_header;
	const char		*user_agent;	/* or NULL */
	const char		*body;		/* raw body, NUL-terminated */
	size_t			 body_len;
	struct http_fields	 query;
	struct http_fields	 cookies;
	struct http_fields	 form;		/* POST body fields */
	char			 request_id[17];/* 16 hex chars */
};

/* ---- response ---- */

struct http_header {
	const char		*name;
	const char		*value;
	struct http_header	*next;
};

struct http_response {
	struct arena		*arena;
	int			 status;
	struct http_header	*headers;	/* in the order added */
	struct buf		 body;
};

void		 http_response_init(struct http_response *, struct arena *);
/* Refuses (returns -1) names or values with CR, LF or NUL. */
int		 http_header_add(struct http_response *, const char *name,
		    const char *value);
/* Replaces an existing header of that name (case-insensitive) or adds it. */
int		 http_header_set(struct http_response *, const char *name,
		    const char *value);
const char	*http_header_get(const struct http_response *, const char *name);

struct http_cookie {
	const char	*name;
	const char	*value;
	long		 max_age;	/* < 0: session cookie; 0: delete */
	int		 secure;
	int		 http_only;
	const char	*same_site;	/* "Lax", "Strict" or NULL */
	const char	*path;		/* NULL: "/" */
};
/* Adds Set-Cookie; refuses names/values with characters not allowed by
 * RFC 6265 (returns -1). */
int		 http_cookie_set(struct http_response *, const struct http_cookie *);
/* Reason phrase for a status ("Not Found"), "Unknown" for others. */
const char	*http_status_text(int status);
/* 1 if url is safe to put in href: a relative path starting with a single
 * "/" (not "//"), or "https://"; no control characters or spaces. */
int		 http_url_safe(const char *url);

#endif

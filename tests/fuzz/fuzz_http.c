/*
 * fuzz_http.c - libFuzzer target for the request parsers in lib/http.
 *
 * The first byte picks the parser; the rest is the input. Every field a
 * parser returns is checked against the promises of http.h, so a broken
 * promise aborts instead of passing silently.
 *
 *   clang -g -O1 -fsanitize=fuzzer,address,undefined -D_GNU_SOURCE -Ilib \
 *       tests/fuzz/fuzz_http.c lib/http.c lib/util.c lib/arena.c lib/buf.c -lcrypto -o fuzz_http
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "http.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static struct arena	*arena;

static const char	 fixed_body[] =
    "--XyZ\r\nContent-Disposition: form-data; name=a\r\n\r\n1\r\n--XyZ--";

/* Small limits, so that the fuzzer reaches them. */
static const struct http_limits	lim = {
	.max_body = (size_t)64 * 1024,
	.max_fields = 8,
	.max_name = 16,
	.max_value = 256,
	.max_file = 1024,
};

static void
check_fields(const struct http_fields *fs, enum http_err e, int multipart)
{
	const struct http_field	*f;
	size_t			 i;

	if (e != HTTP_OK) {
		if (fs->n != 0 || fs->v != NULL)
			abort();
		return;
	}
	if (fs->n > lim.max_fields)
		abort();
	for (i = 0; i < fs->n; i++) {
		f = &fs->v[i];
		if (f->name == NULL || f->value == NULL || f->name[0] == '\0')
			abort();
		if (strlen(f->name) > lim.max_name ||
		    !http_utf8_valid(f->name, strlen(f->name)))
			abort();
		if (f->value[f->len] != '\0')
			abort();
		if (f->filename != NULL) {
			if (!multipart || f->len > lim.max_file ||
			    !http_utf8_valid(f->filename, strlen(f->filename)))
				abort();
			continue;
		}
		/* Text: no NUL inside, valid UTF-8, within max_value. */
		if (strlen(f->value) != f->len || f->len > lim.max_value ||
		    !http_utf8_valid(f->value, f->len))
			abort();
		if (http_fields_get(fs, f->name) == NULL ||
		    http_fields_count(fs, f->name) == 0)
			abort();
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct http_fields	 fs;
	const char		*s;
	char			*cstr;
	size_t			 n;
	enum http_err		 e;

	if (arena == NULL && (arena = arena_new(0)) == NULL)
		abort();
	arena_reset(arena);
	if (size == 0)
		return 0;
	s = (const char *)data + 1;
	n = size - 1;

	switch (data[0] % 4) {
	case 0:
		e = http_parse_urlencoded(arena, s, n, &lim, &fs);
		check_fields(&fs, e, 0);
		break;
	case 1:
		/* The Cookie header is a C string: stop at the first NUL. */
		if ((cstr = arena_strndup(arena, s, n)) == NULL)
			abort();
		e = http_parse_cookies(arena, cstr, &lim, &fs);
		check_fields(&fs, e, 0);
		break;
	case 2:
		e = http_parse_multipart(arena,
		    "multipart/form-data; boundary=XyZ", s, n, &lim, &fs);
		check_fields(&fs, e, 1);
		break;
	default:
		/* The input is the Content-Type, the body a fixed one. */
		if ((cstr = arena_strndup(arena, s, n)) == NULL)
			abort();
		e = http_parse_multipart(arena, cstr, fixed_body,
		    sizeof(fixed_body) - 1, &lim, &fs);
		check_fields(&fs, e, 1);
		(void)http_url_safe(cstr);
		break;
	}
	return 0;
}

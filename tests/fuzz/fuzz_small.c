/*
 * fuzz_small.c - libFuzzer target for the small parsers: the config file
 * (config_parse), Accept-Language (i18n_choose), route patterns
 * (route_match) and where a log-in returns to (returnpath_check: never
 * another site), the Origin check (csrf_origin_ok) and user names
 * (auth_normalise_username is not linked here; see fuzz_http for forms),
 * upload file names (filetype_safe_name), upload kinds (filetype_detect,
 * libmagic on untrusted bytes), the outbox's mail text (outbox_address,
 * outbox_format_mail) and the calendar file (ics_event_text: untrusted
 * place and title). The file cleaners have their own target,
 * fuzz_clean.c.
 * The first byte chooses the parser; the rest is its input.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "csrf.h"
#include "arena.h"
#include "buf.h"
#include "filetype.h"
#include "outbox.h"
#include "i18n.h"
#include "ics.h"
#include "returnpath.h"
#include "route.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct config		 cfg;
	struct route_params	 rp;
	const struct i18n_lang	*l;
	char			*s, err[256], name[128];
	size_t			 i;

	if (size < 1)
		return 0;
	if ((s = malloc(size)) == NULL)
		return 0;
	memcpy(s, data + 1, size - 1);
	s[size - 1] = '\0';
	switch (data[0] % 11) {
	case 0:
		if (config_parse(&cfg, s, err, sizeof(err)) == 0)
			config_free(&cfg);
		break;
	case 1:
		l = i18n_choose(NULL, s);
		if (l == NULL || l->code == NULL)
			abort();
		break;
	case 2:
		if (route_match("/documenten/{id}", s, &rp) && rp.n != 1)
			abort();
		(void)route_match("/afspraken/{id}.ics", s, &rp);
		(void)route_match(s, "/documenten/abc", &rp);
		{
			const char	*to = returnpath_check(s);
			char		 link[RETURNPATH_MAX * 3 + 32];

			if (to != s && strcmp(to, "/") != 0)
				abort();
			if (to[0] != '/' || to[1] == '/' || to[1] == '\\' ||
			    strstr(to, "//") != NULL || strchr(to, '\\') !=
			    NULL || strlen(to) > RETURNPATH_MAX)
				abort();
			if (returnpath_link(link, sizeof(link), "/inloggen",
			    s) != 0 || strncmp(link, "/inloggen", 9) != 0 ||
			    strpbrk(link, "\\ \r\n\t") != NULL)
				abort();
		}
		break;
	case 3:
		(void)csrf_origin_ok(s, NULL, "127.0.0.1");
		(void)csrf_origin_ok("http://127.0.0.1", s, s);
		break;
	case 4:
		filetype_safe_name(s, filetype_by_mime("application/pdf"),
		    name, sizeof(name));
		if (strlen(name) > 110 || strstr(name, "..") == name)
			abort();
		for (i = 0; name[i] != '\0'; i++)
			if ((unsigned char)name[i] < 0x20 || name[i] == '"' ||
			    name[i] == '/' || name[i] == '\\' || name[i] == ';')
				abort();
		break;
	case 5:
		(void)filetype_detect(data + 1, size - 1);
		break;
	case 6:
	case 7:
		/* the cleaners: tests/fuzz/fuzz_clean.c */
		break;
	case 8: {
		/* a mail from untrusted address, subject and body: either
		 * refused or without a header line the input made */
		struct arena	*a = arena_new(0);
		struct buf	 b;
		char		 addr[64];

		(void)outbox_address(s, addr, sizeof(addr));
		if (a == NULL)
			break;
		buf_init(&b, a, 0);
		if (outbox_format_mail(&b, "G <g@x.nl>", s, s, s, "id", 0) == 0 &&
		    strstr(buf_cstr(&b), "\r\nBcc:") != NULL)
			abort();
		arena_free(a);
		break;
	}
	case 9: {
		/* a calendar file from an untrusted place and title: one
		 * VEVENT, and no line end but CRLF (a lone CR could start
		 * a property the input chose) */
		struct ics_event ev = { "x@gezinsportaal", 1815393600,
		    1815393600 + 2700, 1800000000, s, s, s, 0 };
		char		*text = ics_event_text(&ev);
		const char	*p = text, *q;
		int		 events = 0;

		while (p != NULL && (q = strstr(p, "\r\nEND:VEVENT")) != NULL) {
			events++;
			p = q + 1;
		}
		if (text != NULL && events != 1)
			abort();
		for (p = text; p != NULL && *p != '\0'; p++)
			if ((*p == '\r' && p[1] != '\n') ||
			    (*p == '\n' && (p == text || p[-1] != '\r')))
				abort();
		free(text);
		break;
	}
	case 10:
		break;
	}
	free(s);
	return 0;
}

/*
 * inzage.c - "Wie heeft mijn gegevens bekeken?": who else read the
 * documents about the logged-in person, when, and from which organisation
 * (DESIGN.md s. 6). Looking at this page is itself audited.
 */
#include <string.h>
#include <time.h>

#include "audit.h"
#include "dossier/dossier.h"
#include "core/portal.h"
#include "util.h"

enum { I_AT, I_NAME, I_ORG, I_TITLE, I_ACTION, I_CHILDREN };

int
h_inzage(struct req *r)
{
	const char		*params[2] = { r->sess.person_id_s, NULL };
	struct tctx		*c = page_ctx(r), *it;
	PGresult		*res;
	enum db_err		 e;
	char			 when[128];
	long			 t;
	int			 i, children = 0, st = 0;

	if ((params[1] = doc_readable_ids(r, 0, &st)) == NULL)
		return st != 0 ? st : 500;
	if ((e = db_exec(r->db, ST_INZAGE, params, &res)) != DB_OK)
		return e == DB_UNAVAILABLE ? 503 : 500;
	if ((e = req_audit(r, "audit.read", "person", r->sess.person_id_s,
	    NULL, "allowed")) != DB_OK)
		return e == DB_UNAVAILABLE ? 503 : 500;

	tctx_list(c, "views");
	for (i = 0; i < db_rows(res); i++) {
		if ((it = tctx_list_add(c, "views")) == NULL)
			return 500;
		if (util_parse_long(db_val(res, i, I_AT), 0, 253402300799L,
		    &t) == -1)
			t = 0;
		i18n_format_datetime(when, sizeof(when), (time_t)t);
		tctx_str(it, "when", when);
		if (*db_val(res, i, I_ORG) != '\0')
			tctx_strf(it, "who", "%s (%s)", db_val(res, i, I_NAME),
			    db_val(res, i, I_ORG));
		else
			tctx_str(it, "who", db_val(res, i, I_NAME));
		tctx_str(it, "document", db_val(res, i, I_TITLE));
		tctx_str(it, "children", db_val(res, i, I_CHILDREN));
		children |= *db_val(res, i, I_CHILDREN) != '\0';
		tctx_bool(it, "downloaded",
		    strcmp(db_val(res, i, I_ACTION), "document.download") == 0);
	}
	tctx_bool(c, "has_children", children);
	return page_render(r, "inzage", N_("Wie heeft uw stukken gelezen?"), c);
}

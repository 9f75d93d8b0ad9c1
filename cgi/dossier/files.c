/*
 * files.c - GET /documenten/{id}/bestand: the file attached to a
 * document, for whoever may download it (lib/policy, POL_DOWNLOAD).
 *
 * Always a download (Content-Disposition: attachment), with the type
 * libmagic found when the file was stored, nosniff, and a sandbox CSP, so
 * a file is never shown or run inside the portal's origin.
 */
#include <string.h>

#include "dossier/dossier.h"
#include "filetype.h"
#include "log.h"
#include "core/portal.h"
#include "util.h"

/* Whom the file of document $1 (internal id) is kept from: when it
 * belongs to a hidden part (sql/029), the ids that part is hidden from
 * ("7,9"), for lib/policy; "" when it belongs to the document. */
static const struct stmt_def ST_DOC_FILE_PART[1] = {{ "doc_file_part",
	"SELECT f.part_id IS NOT NULL, coalesce((SELECT string_agg("
	"  h.person_id::text, ',' ORDER BY h.person_id) "
	"  FROM document_part_hidden h WHERE h.part_id = f.part_id), '') "
	"FROM document_file f WHERE f.document_id = $1", 1, 2 }};
enum { FP_IN_PART, FP_HIDDEN };

/* The attached file of document $1 (internal id), as hex. */
static const struct stmt_def ST_DOC_FILE[1] = {{ "doc_file",
	"SELECT encode(content, 'hex') FROM document_file "
	" WHERE document_id = $1", 1, 1 }};
enum { FILE_CONTENT };

static const struct stmt_def *const stmts[] = {
	ST_DOC_FILE_PART,
	ST_DOC_FILE,
};
const struct stmt_table files_stmts = {
	"dossier/files.c", stmts, NELEM(stmts)
};

/* attachment; filename="<ASCII, others as _>"; filename*=UTF-8''<pct> */
static const char *
disposition(struct req *r, const char *name)
{
	struct buf	 b;
	size_t		 i;

	buf_init(&b, r->a, 0);
	buf_puts(&b, "attachment; filename=\"");
	/* lib/filetype made the name safe already; this quoted string
	 * does not rely on it. */
	for (i = 0; name[i] != '\0'; i++) {
		if ((unsigned char)name[i] >= 0x20 &&
		    (unsigned char)name[i] < 0x7f && name[i] != '"' &&
		    name[i] != '\\')
			buf_putc(&b, name[i]);
		else
			buf_putc(&b, '_');
	}
	buf_puts(&b, "\"; filename*=UTF-8''");
	buf_urlenc(&b, name, strlen(name));
	return b.failed ? NULL : buf_cstr(&b);
}

int
h_document_file(struct req *r)
{
	const struct filetype	*ft;
	const char		*params[1], *hex, *cd;
	struct doc		 d;
	unsigned char		*data;
	PGresult		*res;
	enum db_err		 e;
	long			 size, hidden[DOC_MAX_HIDDEN];
	size_t			 nhidden;
	int			 st;

	st = doc_open(r, route_param(&r->params, "id"), POL_DOWNLOAD,
	    "document.download", &d);
	if (st != 0)
		return st;
	ft = filetype_by_mime(db_val(d.res, 0, C_FILE_MIME));
	size = db_long(d.res, 0, C_FILE_SIZE);
	if (ft == NULL || size <= 0)
		return 404;		/* no file with this document */
	params[0] = d.id;
	/* A file of a part hidden from this reader: as if there is none. */
	if ((e = db_exec(r->db, ST_DOC_FILE_PART, params, &res)) != DB_OK)
		return db_status(e);
	if (db_rows(res) != 1)
		return 404;
	if (db_bool(res, 0, FP_IN_PART)) {
		if (doc_parse_ids(db_val(res, 0, FP_HIDDEN), hidden,
		    DOC_MAX_HIDDEN, &nhidden) == -1 || nhidden == 0) {
			log_error("file of %s: odd part", d.public_id);
			return 500;	/* fail closed */
		}
		if (!policy_part_visible(&d.f.actor, hidden, nhidden))
			return doc_refuse(r, "document.download",
			    d.public_id, d.family_id,
			    policy_rule_name(POL_HIDDEN), 404);
	}
	if ((e = db_exec(r->db, ST_DOC_FILE, params, &res)) != DB_OK)
		return db_status(e);
	if (db_rows(res) != 1)
		return 404;
	hex = db_val(res, 0, FILE_CONTENT);
	if (strlen(hex) != (size_t)size * 2 ||
	    (data = arena_alloc(r->a, (size_t)size)) == NULL ||
	    util_unhex(hex, data, (size_t)size) == -1) {
		log_error("file of %s: size or content odd", d.public_id);
		return 500;
	}
	if ((cd = disposition(r, db_val(d.res, 0, C_FILE_NAME))) == NULL)
		return 500;
	/* The row first: no file leaves without its audit row. */
	if ((e = audit_doc(r, "document.download", d.public_id, d.family_id,
	    "allowed")) != DB_OK)
		return db_status(e);
	if (http_header_set(r->rs, "Content-Type", ft->mime) == -1 ||
	    http_header_set(r->rs, "Content-Disposition", cd) == -1 ||
	    http_header_set(r->rs, "Content-Security-Policy",
	    "sandbox; default-src 'none'") == -1 ||
	    http_header_set(r->rs, "Cross-Origin-Resource-Policy",
	    "same-origin") == -1)
		return 500;
	buf_append(&r->rs->body, (const char *)data, (size_t)size);
	return r->rs->body.failed ? 500 : 0;
}

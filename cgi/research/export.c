/*
 * export.c - `portal export-research -c FILE > out.csv`: the data of the
 * members who said yes on /onderzoek, anonymised, as CSV (README,
 * "Research export").
 *
 * One row per member who says yes at the moment the export runs (a
 * withdrawal before it keeps them out). No name, no e-mail, no address,
 * no free text, no id of the portal: each row gets a pseudonym of 12
 * random bytes (OpenSSL RAND_bytes) made for this export only, so two
 * exports cannot be linked, and rows are written in the order of the
 * pseudonyms, not of anything in the database. The birth year instead of
 * the birth date; (birth year, municipality, family size) k-anonymous
 * with k = RESEARCH_K (lib/kanon: generalised, or the row left out). The
 * other columns are categories and counts.
 *
 * Every member in the export gets an audit row ("research.export"), in
 * the transaction that read the data; the CSV goes out only after it
 * commits.
 *
 * Owns: the columns and the pseudonyms. Never: writes a value that came
 * from free text, or a database id.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/rand.h>

#include "buf.h"
#include "kanon.h"
#include "log.h"
#include "core/portal.h"
#include "research/research.h"

/*
 * The members who say yes now, each with their first family (by its
 * internal order): birth year, municipality ("" unknown), family size,
 * framework, role group, and counts of what they did. The person's
 * internal id is for the audit rows only, never in the CSV.
 */
static const struct stmt_def ST_RESEARCH_ROWS[1] = {{ "research_rows",
	"WITH chosen AS ("
	"  SELECT DISTINCT ON (person_id) person_id, agrees "
	"    FROM research_choice ORDER BY person_id, id DESC), "
	"fam AS ("
	"  SELECT DISTINCT ON (person_id) person_id, family_id, role "
	"    FROM family_member ORDER BY person_id, family_id) "
	"SELECT p.id, extract(year FROM p.birth_date)::int, "
	"  coalesce(f.municipality, ''), "
	"  (SELECT count(*) FROM family_member x WHERE x.family_id = f.id), "
	"  f.framework, "
	"  CASE WHEN fam.role IN ('moeder', 'vader', 'ouder', 'verzorger') "
	"       THEN 'ouder' "
	"       WHEN fam.role IN ('dochter', 'zoon', 'kind') THEN 'kind' "
	"       ELSE 'netwerk' END, "
	"  (SELECT count(*) FROM document_subject s "
	"    WHERE s.person_id = p.id), "
	"  (SELECT count(*) FROM document_consent d "
	"    WHERE d.person_id = p.id AND d.decision = 'eens'), "
	"  (SELECT count(*) FROM document_consent d "
	"    WHERE d.person_id = p.id AND d.decision = 'deels'), "
	"  (SELECT count(*) FROM document_consent d "
	"    WHERE d.person_id = p.id AND d.decision = 'oneens'), "
	"  (SELECT count(*) FROM document_view v WHERE v.author_id = p.id), "
	"  (SELECT count(*) FROM request q WHERE q.author_id = p.id) "
	"  FROM chosen c "
	"  JOIN person p ON p.id = c.person_id AND p.kind = 'citizen' "
	"  JOIN fam ON fam.person_id = p.id "
	"  JOIN family f ON f.id = fam.family_id "
	" WHERE c.agrees AND p.birth_date IS NOT NULL", 0, 12 }};
enum { RR_ID, RR_YEAR, RR_MUNI, RR_SIZE, RR_FRAMEWORK, RR_ROLE, RR_DOCS,
    RR_EENS, RR_DEELS, RR_ONEENS, RR_VIEWS, RR_REQUESTS };

/* An audit row for each member in the export ($1: their ids as a
 * PostgreSQL array), written by the system, not by a person. */
static const struct stmt_def ST_RESEARCH_AUDIT[1] = {{ "research_audit",
	"INSERT INTO audit_log (actor_role, action, object_kind, object_id, "
	"  family_id, outcome, rule) "
	"SELECT 'system', 'research.export', 'person', p.id::text, "
	"  (SELECT min(m.family_id) FROM family_member m "
	"    WHERE m.person_id = p.id), 'allowed', 'research.opt_in' "
	"  FROM person p WHERE p.id = ANY ($1::bigint[])", 1, 0 }};

static const struct stmt_def *const stmts[] = {
	ST_RESEARCH_ROWS,
	ST_RESEARCH_AUDIT,
};
const struct stmt_table research_export_stmts = {
	"research/export.c", stmts, NELEM(stmts)
};

#define PSEUDONYM_BYTES	12
#define PSEUDONYM_LEN	(PSEUDONYM_BYTES * 2)

/* A row of the CSV: its pseudonym and its record (k[i], res row i). */
struct row {
	char		 pseudonym[PSEUDONYM_LEN + 1];
	size_t		 i;
};

static int
by_pseudonym(const void *x, const void *y)
{
	const struct row	*a = x, *b = y;

	return strcmp(a->pseudonym, b->pseudonym);
}

static int
pseudonym_new(char out[PSEUDONYM_LEN + 1])
{
	static const char	 hex[] = "0123456789abcdef";
	unsigned char		 raw[PSEUDONYM_BYTES];
	size_t			 i;

	if (RAND_bytes(raw, sizeof(raw)) != 1)
		return -1;
	for (i = 0; i < sizeof(raw); i++) {
		out[2 * i] = hex[raw[i] >> 4];
		out[2 * i + 1] = hex[raw[i] & 0xf];
	}
	out[(size_t)PSEUDONYM_LEN] = '\0';
	explicit_bzero(raw, sizeof(raw));
	return 0;
}

/* A CSV field: the values are codes and numbers, but a municipality is
 * registry text: quoted when it holds a quote, comma or line break, and
 * never read as a formula by a spreadsheet. */
static void
csv_field(struct buf *b, const char *s)
{
	const char	*q;

	if (strpbrk(s, "\",\r\n") == NULL && strchr("=+-@\t", *s) == NULL) {
		buf_puts(b, s);
		return;
	}
	buf_putc(b, '"');
	if (strchr("=+-@\t", *s) != NULL)
		buf_putc(b, '\'');
	for (q = s; *q != '\0'; q++) {
		if (*q == '"')
			buf_putc(b, '"');
		buf_putc(b, *q);
	}
	buf_putc(b, '"');
}

static const char	 HEADER[] = "pseudonym,birth_year,municipality,"
    "family_size,framework,role,documents_about,consent_agree,"
    "consent_partly,consent_disagree,own_views,requests\r\n";

/* A count as a band: "0", "1-5" or "6+" (exact counts made rows unique:
 * someone who knows a dossier would find its row; security review). */
static const char *
band(const char *count)
{
	if (strcmp(count, "0") == 0)
		return "0";
	if (strlen(count) == 1 && count[0] >= '1' && count[0] <= '5')
		return "1-5";
	return "6+";
}

/* The framework of record i, or "*" when every kept record with i's
 * released (year, municipality, size) has the same one: else knowing a
 * neighbour's year, town and family size would tell that their family
 * is under compulsory protection (2 different values per group, as
 * l-diversity; security review). */
static const char *
framework_of(const PGresult *res, const struct kanon_rec *k, size_t n,
    size_t i)
{
	const char	*mine = db_val(res, (int)i, RR_FRAMEWORK);
	size_t		 j;

	for (j = 0; j < n; j++)
		if (k[j].level >= 0 && strcmp(k[j].year, k[i].year) == 0 &&
		    strcmp(k[j].muni, k[i].muni) == 0 &&
		    strcmp(k[j].size, k[i].size) == 0 &&
		    strcmp(db_val(res, (int)j, RR_FRAMEWORK), mine) != 0)
			return mine;
	return "*";
}

/* The CSV of the kept rows into b, and their ids into ids ("{1,2}"). */
static void
write_rows(struct buf *b, struct buf *ids, const PGresult *res,
    const struct kanon_rec *k, const struct row *rows, size_t n)
{
	const struct kanon_rec	*r;
	size_t			 j;
	int			 col, first = 1;

	buf_puts(b, HEADER);
	buf_putc(ids, '{');
	for (j = 0; j < n; j++) {
		r = &k[rows[j].i];
		if (r->level < 0)
			continue;
		buf_printf(ids, "%s%s", first ? "" : ",",
		    db_val(res, (int)rows[j].i, RR_ID));
		first = 0;
		buf_puts(b, rows[j].pseudonym);
		buf_putc(b, ',');
		buf_puts(b, r->year);
		buf_putc(b, ',');
		csv_field(b, r->muni);
		buf_putc(b, ',');
		buf_puts(b, r->size);
		buf_putc(b, ',');
		buf_puts(b, framework_of(res, k, n, rows[j].i));
		buf_putc(b, ',');
		csv_field(b, db_val(res, (int)rows[j].i, RR_ROLE));
		for (col = RR_DOCS; col <= RR_REQUESTS; col++) {
			buf_putc(b, ',');
			buf_puts(b, band(db_val(res, (int)rows[j].i, col)));
		}
		buf_puts(b, "\r\n");
	}
	buf_putc(ids, '}');
}

int
research_export(struct db *db, FILE *out)
{
	struct arena		*a;
	struct kanon_rec	*k;
	struct row		*rows;
	struct buf		 csv, ids;
	PGresult		*res;
	const char		*params[1];
	size_t			 n, i;
	long			 kept;
	int			 rc = 1;

	if ((a = arena_new(0)) == NULL) {
		fprintf(stderr, "portal: out of memory\n");
		return 1;
	}
	if (db_begin(db) != DB_OK ||
	    db_exec(db, ST_RESEARCH_ROWS, NULL, &res) != DB_OK) {
		fprintf(stderr, "portal: database error\n");
		goto out;
	}
	n = (size_t)db_rows(res);
	k = arena_calloc(a, n + 1, sizeof(*k));
	rows = arena_calloc(a, n + 1, sizeof(*rows));
	if (k == NULL || rows == NULL) {
		fprintf(stderr, "portal: out of memory\n");
		goto out;
	}
	for (i = 0; i < n; i++) {
		k[i].birth_year = (int)db_long(res, (int)i, RR_YEAR);
		k[i].municipality = db_val(res, (int)i, RR_MUNI);
		/* a name longer than kanon takes (bytes, not characters):
		 * unknown for this record, not a failed export */
		if (strlen(k[i].municipality) > KANON_MUNI_MAX)
			k[i].municipality = "";
		k[i].family_size = (int)db_long(res, (int)i, RR_SIZE);
		rows[i].i = i;
		if (pseudonym_new(rows[i].pseudonym) == -1) {
			fprintf(stderr, "portal: no random bytes\n");
			goto out;
		}
	}
	/* checked again on the result: nothing leaves that breaks k */
	if ((kept = kanon_apply(k, n, RESEARCH_K)) < 0 ||
	    !kanon_check(k, n, RESEARCH_K)) {
		fprintf(stderr, "portal: k-anonymity failed\n");
		goto out;
	}
	/* the order of the pseudonyms, not of the database */
	qsort(rows, n, sizeof(*rows), by_pseudonym);
	buf_init(&csv, a, 0);
	buf_init(&ids, a, 0);
	write_rows(&csv, &ids, res, k, rows, n);
	if (csv.failed || ids.failed) {
		fprintf(stderr, "portal: out of memory\n");
		goto out;
	}
	params[0] = buf_cstr(&ids);
	if (db_exec(db, ST_RESEARCH_AUDIT, params, NULL) != DB_OK ||
	    db_commit(db) != DB_OK) {
		fprintf(stderr, "portal: database error\n");
		goto out;
	}
	if (fwrite(buf_cstr(&csv), 1, csv.len, out) != csv.len ||
	    fflush(out) != 0) {
		fprintf(stderr, "portal: cannot write the export\n");
		goto out;
	}
	log_info("research export: %zu said yes, %ld in the export (k = %d)",
	    n, kept, RESEARCH_K);
	fprintf(stderr, "portal: %zu said yes, %ld in the export (k = %d)\n",
	    n, kept, RESEARCH_K);
	rc = 0;
out:
	db_request_end(db);
	arena_free(a);
	return rc;
}

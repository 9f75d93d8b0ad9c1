/*
 * dossier.h - one document as the handlers of cgi/ see it: the row of
 * ST_DOC_ONE, the facts lib/policy decides on, and the form state of the
 * document page (comment and consent forms shown again with errors).
 *
 * Owns: turning a row into policy facts, and the rule "unknown and
 * invisible look the same" (doc_open answers 404 for both and logs the
 * denial). The PGresult belongs to lib/db (freed at the end of the
 * request); strings point into it.
 */
#ifndef GP_DOSSIER_H
#define GP_DOSSIER_H

#include "audit.h"
#include "buf.h"
#include "form.h"
#include "policy.h"
#include "core/portal.h"

#define DOC_MAX_SUBJECTS	32
#define DOC_MAX_HIDDEN		32
#define DOC_MAX_NAMED		32

/* Columns of DOC_COLUMNS (lib/stmts.c: ST_DOC_ONE, ST_DOC_BY_SESSION,
 * the list pages ST_DOC_PAGE_DOWN/_UP, ST_DOC_BY_IDS, ...). */
enum doc_col {
	C_PUBLIC_ID, C_FAMILY_ID, C_TITLE, C_BODY, C_CREATED, C_AUTHOR,
	C_ORG, C_MEMBER,
	C_AUTHORITY,		/* children the actor has authority over, "12,14" */
	C_AGE, C_ASSIGNED, C_SHARE_VALID,
	C_SHARE_COMMENTS, C_COURT, C_SUBJECTS, C_HIDDEN, C_ABOUT_NAMES,
	C_ID, C_VERSION, C_FILE_NAME, C_FILE_MIME, C_FILE_SIZE, C_UPDATED,
	C_SHARED_BY,		/* youths (16+) who let the actor read it */
	/* a member's own document (sql/044; 0, "" for a professional's) */
	C_OWN_AUTHOR, C_OWN_READERS,	/* "hulpverleners" / "personen" / "gezin" */
	C_OWN_NAMED,		/* the members chosen, "12,14" */
	C_OWN_SHIELDED_FROM,	/* the members the author is shielded from */
	C_REMOVED,
	C_UNREAD, C_MY_DECISION, /* the list's (false, "" in ST_DOC_ONE) */
	C_CHANGED		/* read before, not this version (false) */
};

struct doc_facts {
	struct pol_actor	 actor;
	struct pol_document	 doc;
	struct pol_subject	 subjects[DOC_MAX_SUBJECTS];
	long			 hidden[DOC_MAX_HIDDEN];
	long			 own_named[DOC_MAX_NAMED];
	/* the members the author of an own document is shielded from:
	 * pol_document.author_shielded_from_actor for any member */
	long			 own_shielded_from[DOC_MAX_NAMED];
	size_t			 nown_shielded_from;
};

struct doc {
	const PGresult		*res;	/* one row of DOC_COLUMNS */
	int			 row;
	struct doc_facts	 f;	/* for the logged-in person */
	const char		*public_id;
	const char		*family_id;
	const char		*id;	/* internal id, for statements */
	const char		*version;
};

struct doc_part;

/* The document page's forms, when shown again after a POST. */
struct doc_form {
	const char		*body;		/* comment, kept as typed */
	const char		*audience;	/* "hulpverlener" / "gezin" */
	const char		*decision;	/* consent, kept */
	const char		*explanation;
	struct form_error	 errs[4];
	size_t			 nerr;
	int			 edited;	/* a new version was saved */
	const char		*view_body;	/* own view, kept as typed */
	int			 consent_changed; /* consent sent for an old
						 * version: not stored */
	/* The part whose form was just saved (its notice after the
	 * redirect, ?<part->saved>=1), or NULL. */
	const struct doc_part	*saved;
	/* ?reacties_voor=<comment>: the comments before that one (NULL: the
	 * newest). */
	const char		*comments_before;
	/* Own views (views.c): the view whose change form (?visie-veranderen=
	 * its id) or withdrawal question (?visie-intrekken=) is open, or
	 * NULL; the notices after a change or withdrawal; view_gone: it was
	 * changed or withdrawn meanwhile (409, nothing stored). */
	const char		*view_edit;
	const char		*view_withdraw;
	int			 view_changed;
	int			 view_withdrawn;
	int			 view_gone;
	/* Consent (consent.c): the tick "also as my own view", kept; and
	 * after the redirect, that it was stored as one too. */
	int			 own_view;
	int			 consent_view;
	/* Set by a part's post(): the query flag of the redirect instead
	 * of part->saved. */
	const char		*redirect;
};

/* What the document page read for its parts in its one round trip (NULL:
 * not read, because lib/policy lets the reader see none of it). */
struct doc_reads {
	const PGresult		*members;	/* ST_DOC_MEMBERS */
	const PGresult		*history;	/* ST_CONSENT_HISTORY */
	const PGresult		*comments;	/* ST_COMMENT_LIST */
	const PGresult		*readers;	/* ST_COMMENT_READERS */
	const PGresult		*views;		/* ST_VIEW_LIST */
	/* Whose actions the reader may see (cgi/core/shield.c): a part
	 * leaves out those of a member shielded from the reader. */
	const struct req_shields *shields;
	const PGresult		*views_history;	/* ST_VIEW_HISTORY */
};

/*
 * A part of the document page with a form of its own: one .c file and one
 * partial template (templates/partials/doc-<tail>.html), listed in the
 * table of cgi/dossier/documents.c, which renders them in its order.
 *
 * POST /documenten/{id}/<tail>: the page opens the document with
 * lib/policy's `action` (a denial is logged as `audit`) and calls post(),
 * which returns 0 when it stored the form (the page redirects to
 * ?<saved>=1#<tail>), DOC_SHOW_AGAIN when the page is to be shown again
 * with form's errors (post set the status: 400, 409), or an HTTP status.
 * fill() puts the part's values into the page's context.
 */
#define DOC_SHOW_AGAIN	(-1)
struct doc_part {
	const char	*tail;		/* "reacties": route tail and anchor */
	enum pol_action	 action;
	const char	*audit;		/* "comment.create" */
	const char	*saved;		/* query flag after the redirect */
	const char	*partial;	/* "partials/doc-reacties" */
	int		(*post)(struct req *, const struct doc *,
			    struct doc_form *);
	int		(*fill)(const struct doc *, struct tctx *,
			    const struct doc_form *, const struct doc_reads *);
};
extern const struct doc_part doc_part_views;	/* views.c */
extern const struct doc_part doc_part_comments;	/* comments.c */
extern const struct doc_part doc_part_consent;	/* consent.c */
extern const struct doc_part doc_part_parents;	/* parents.c */

/* Facts of row `row` of a DOC_COLUMNS result for the logged-in person.
 * -1 (logged) when the row is malformed. */
int	doc_facts_load(const struct req *, const PGresult *, int row,
	    struct doc_facts *);

/*
 * Finds document `public_id` and asks lib/policy about `action` for the
 * logged-in person. Returns 0 when allowed (*d filled); 404 when it does
 * not exist or the person may not read it; 403 when they may read it but
 * not do this (r->deny_reason says why, in B1); 500/503 on errors.
 * Every denial leaves an audit row `audit_action`/"denied". An allowed
 * action is logged by the caller, together with what it writes.
 */
int	doc_open(struct req *, const char *public_id, enum pol_action,
	    const char *audit_action, struct doc *d);
/* The same on a result already fetched (ST_DOC_ONE or ST_DOC_BY_SESSION
 * for public_id). */
int	doc_open_res(struct req *, const PGresult *, const char *public_id,
	    enum pol_action, const char *audit_action, struct doc *d);

/*
 * The file of a new document (upload.c): the form's field `file` (no file
 * chosen: up->ft NULL). Its kind from its bytes (lib/filetype), then made
 * new by lib/clean; a wrong kind or a file that cannot be cleaned adds a
 * B1 error for "file" to errs (max entries, *nerr counted) and leaves
 * up->ft NULL. 0, or 500. doc_upfile_store writes it for document doc_id
 * (internal id; part_id: the hidden part it belongs to, or NULL) in the
 * caller's transaction.
 */
struct filetype;
struct doc_upfile {
	const struct filetype	*ft;		/* NULL: no file */
	const unsigned char	*data;
	size_t			 len;
	const char		*sent_name;
};
int	doc_upfile_read(struct req *, struct form_error *errs, size_t max,
	    size_t *nerr, struct doc_upfile *);
enum db_err doc_upfile_store(struct req *, const char *doc_id,
	    const struct doc_upfile *, const char *part_id);

/* The document page of a member's own document (owndoc.c): own,
 * own_editable, own_saved, own_readers_names. 0 or an HTTP status. */
int	owndoc_fill(struct req *, const struct doc *, struct tctx *);

/* A member's own document's choice of readers ("hulpverleners",
 * "personen", "gezin"; anything else POL_OWN_NONE). */
enum pol_own_readers doc_own_readers(const char *);

/* "12,14" -> out[0..*n): person ids. -1 if malformed or more than max. */
int	doc_parse_ids(const char *s, long *out, size_t max, size_t *n);

/* 1 if person id is in ids ("12,14"; 0 for "" or malformed). */
int	doc_ids_has(const char *ids, long id);

/* Whether another member of the document's family may do `action` with
 * it: the same facts, seen from that member (for "who may give consent").
 * authority: the ids of the children that member has parental authority
 * over (SQL authority_over(), "12,14"; "" none); shared_by: the ids of
 * the youths (16+) who let that member read it ("12,14"; "" none). */
int	doc_member_may(const struct doc *, long person_id, int age,
	    const char *authority, const char *shared_by, enum pol_action);
/* 1 if the logged-in person is a youth of 16 or 17 this document is
 * about: they choose which parents may read it (POST .../ouders). */
int	doc_youth_decides(const struct doc *);
/* Fills ev for an action on document doc_id (borrowed strings). */
void	doc_event(struct req *, struct audit_event *ev, const char *action,
	    const char *doc_id, const char *family_id, const char *outcome);
/* One audit row, in autocommit (or the caller's transaction). */
enum db_err audit_doc(struct req *, const char *action, const char *doc_id,
	    const char *family_id, const char *outcome);
/*
 * A refusal decided after doc_open (another action, a part, a view, an
 * object that is not there): one audit row "denied" with `status` and
 * `rule` (sql/036; not the rule doc_open's decision left in r->rule, and
 * no second row from the dispatcher). doc_id and family_id may be NULL.
 * Returns status, or the database error's status.
 */
int	doc_refuse(struct req *, const char *action, const char *doc_id,
	    const char *family_id, const char *rule, int status);

/* An event ("comment.created", ...) about the document for the systems of
 * the organisations working with the family (and, with to_shared, those
 * it is shared with), in the caller's transaction (outbox, webhook). */
enum db_err doc_webhook(struct req *, const struct doc *, const char *event,
	    int to_shared);

/*
 * The public ids of the documents the logged-in person may read (lib/policy,
 * POL_READ), only those about them (or own documents they wrote) when
 * about_me, as a PostgreSQL array
 * literal ("{a,b}"; ids are base64url, nothing needs quoting). NULL when
 * out of memory or on a database error (*st).
 */
const char *doc_readable_ids(struct req *, int about_me, int *st);
int	doc_about_reader(const struct doc_facts *);

/*
 * The documents other statements of a page name (the start page's "Wat
 * wacht op u" and its share tasks), with their facts for the logged-in
 * person, read in ONE statement (ST_DOC_BY_IDS) and shared by all who
 * decide on them: its size is the page's, not the dossier's (issue 21).
 * doc_set_init, then doc_set_want for every id ("" is skipped), then
 * doc_set_load once; doc_set_facts finds a document's facts after that.
 * Only facts: lib/policy decides.
 */
struct doc_set_key;
struct doc_set {
	struct req		*r;
	struct buf		 ids;	/* array literal under construction */
	size_t			 nwant;
	const PGresult		*res;	/* after doc_set_load */
	struct doc_set_key	*keys;	/* sorted by public id */
	size_t			 nkeys;
	int			 facts_only;	/* no list extras */
};
void	doc_set_init(struct req *, struct doc_set *);
void	doc_set_want(struct doc_set *, const char *public_id);
/* Before doc_set_load: only the facts lib/policy decides on, not the
 * list's extras (unread, answer, changed: false, '', false). */
void	doc_set_facts_only(struct doc_set *);
/* 0, or an HTTP status. */
int	doc_set_load(struct doc_set *);
/* The facts of document public_id into f, and its row in set->res
 * (*row, may be NULL); -1 when the set has none (not asked for, gone, or
 * malformed facts). */
int	doc_set_facts(const struct doc_set *, const char *public_id,
	    struct doc_facts *f, int *row);

/* Something new on the document was stored (a comment, an answer, a
 * view): its audit row `action` ("allowed") and the webhook `event`, in
 * the caller's transaction. */
enum db_err doc_added(struct req *, const struct doc *, const char *action,
	    const char *event, int to_shared);

/* The statements several files of dossier/ run, each defined at the top
 * of the file named, with its columns (ST_DOC_MEMBERS's: here). */
extern const struct stmt_def	ST_DOC_MEMBERS[1];	/* consent.c */
enum { M_PERSON, M_NAME, M_AGE, M_AUTHORITY, M_DECISION, M_AT, M_EXPL,
    M_SHARED_BY, M_PUBLIC_ID, M_HELPED_BY };
/* documents.c runs these with the page; the part named reads them. */
extern const struct stmt_def	ST_CONSENT_HISTORY[1];	/* consent.c */
extern const struct stmt_def	ST_COMMENT_LIST[1];	/* comments.c */
/* How many comments the document page shows at once (the newest, or
 * those before ?reacties_voor=). */
#define COMMENTS_SHOWN		500
#define COMMENTS_SHOWN_SQL	"500"
extern const struct stmt_def	ST_COMMENT_READERS[1];	/* comments.c */
extern const struct stmt_def	ST_VIEW_LIST[1];	/* views.c */
extern const struct stmt_def	ST_VIEW_HISTORY[1];	/* views.c */

/* A new own view of d by the logged-in member (views.c): stored once per
 * form nonce, with its audit row (view.create), webhook and mail, in the
 * caller's transaction. 0 or an HTTP status. */
int	view_add(struct req *, const struct doc *d, const char *body,
	    const char *nonce);

/*
 * Who reads a comment on d (comments.c), besides `writer` (person id), into
 * c: readers_family (the members lib/policy lets read its comments, given
 * names; not a member from whom `member` (the member who wrote the comment,
 * or whose comment an answer is for) is shielded: lib/policy,
 * policy_actor_shown on the family's shields sh), readers_pros (the
 * professionals assigned now, "name (job)"),
 * readers_orgs (organisations it is shared with, comments included), each
 * "a, b" or "", and has_family_readers, has_pro_readers, has_org_readers.
 * members: ST_DOC_MEMBERS, readers: ST_COMMENT_READERS of d. A comment for
 * hulpverlener is read by the writer and readers_pros; one for gezin by
 * all three. -1 when a result is missing.
 */
int	comment_readers_fill(const struct doc *, const PGresult *members,
	    const PGresult *readers, long writer, long member,
	    const struct req_shields *sh, struct tctx *c);
/* The last day a share that ends at timestamptz x may be read, as a Unix
 * time at noon of that day in the Netherlands (so printing it as a date
 * never moves it a day): the day of the moment just before x. */
#define SHARE_LAST_DAY(x) "extract(epoch FROM ((((" x ") - interval " \
	"'1 microsecond') AT TIME ZONE 'Europe/Amsterdam')::date + " \
	"time '12:00') AT TIME ZONE 'Europe/Amsterdam')::bigint"

/* SQL: share row s (an alias) is a request that still waits (issue 15,
 * sql/026): not started, ended, revoked, 30 days old or past its last
 * day. */
#define SHARE_WAITING(s) "(" s ".pending AND " s ".revoked_at IS NULL " \
	"AND " s ".ended_at IS NULL AND " s ".until > now() AND " s \
	".created_at > now() - interval '30 days')"

/*
 * Who a waiting share request still needs (share_asks.c; lib/policy
 * decides). doc_share_agreed_bits: agreed[i] (POL_AGREED_SELF/PARENT) for
 * each person d is about, from the ids of who said yes and the family's
 * members (ST_FAMILY_MEMBERS); a yes of someone d is hidden from counts
 * for nothing. doc_share_asked: whether member pid (with parental
 * authority over the children in `authority`, "12,14" or "") is still
 * asked for a yes.
 */
void	doc_share_agreed_bits(const struct doc *d, const long *yes,
	    size_t nyes, const PGresult *members, int *agreed);
int	doc_share_asked(const struct doc *d, long pid, const char *authority,
	    const int *agreed);
/*
 * doc_share_agreed_bits as the logged-in person is shown it: the yes of
 * someone shielded from them (lib/policy, policy_actor_shown) counts as
 * not given, so their task, "Nog nodig" and the answer to their own yes
 * do not change when that person says yes. yes[0..*nyes) is filtered in
 * place (*nyes: the new count). The share itself starts on every yes
 * (doc_share_agreed_bits).
 */
void	doc_share_agreed_shown(const struct doc *d,
	    const struct req_shields *sh, long *yes, size_t *nyes,
	    const PGresult *members, int *agreed);
/*
 * The document page: share_asks (has_share_asks), the requests to share
 * d that wait for the logged-in member's yes, each with share_id, asker
 * (has_asker), organisation, until, task_id, title, for the same yes/no
 * form as /delen. Nothing for someone who has no say. 0 or an HTTP
 * status.
 */
int	doc_share_asks(struct req *, const struct doc *d, struct tctx *c);

/*
 * For a professional of an organisation d is shared with now (not one
 * assigned to the family): shared_context, shared_by ("Lotte de Vries",
 * has_shared_by), shared_age, shared_until (has_shared_until) and the
 * list about_people (name, born) into c (shared_with.c). Nothing for
 * anyone else. 0 or an HTTP status.
 */
int	doc_shared_context(struct req *, const struct doc *d, struct tctx *c);
/*
 * The start page of a professional: share_news (has_share_news), the
 * documents shared with their organisation, or no longer, in the last 30
 * days (runs, doc_id, doc_title, family, by, until, since; an ended one
 * is shown without its title). One audit row (share.news) when there is
 * news. 0 or an HTTP status.
 */
int	doc_shared_news(struct req *, struct tctx *c);

/* is_eens / is_deels / is_oneens / is_open for a decision ("" = none yet):
 * the flags templates choose their sentence by. */
void	consent_decision_flags(struct tctx *, const char *decision);
/* Whether the page shows who agreed (members and their professionals). */
int	consent_shown(const struct doc *);

/* upload.c: a new document by the logged-in professional, in the
 * caller's transaction: the document of family_id (internal), whom it is
 * about and hidden from (PostgreSQL text arrays of members' public ids),
 * and a part hidden from some members (part_body NULL or "": none; then
 * part_hidden must name at least one member of the family). Sets the new
 * document's internal and public id and the part's id (or NULL). 0, or
 * an HTTP status. The caller writes the audit row and commits. */
struct doc_new {
	const char	*family_id;
	const char	*title, *body;
	const char	*about, *hidden;
	const char	*part_label, *part_body, *part_hidden;
};
int	doc_create(struct req *, const struct doc_new *, const char **doc_id,
	    const char **public_id, const char **part_id);

#endif

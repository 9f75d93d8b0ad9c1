/*
 * policy.h - who may do what with a family's documents (DESIGN.md s. 3).
 *
 * Pure C: the handler loads the facts from the database and fills the
 * structs below; policy_decide() answers allow/deny and why. It never
 * touches the database, the clock or the request, so every rule is tested
 * in a table (tests/unit/test_policy.c).
 *
 * The rules, in the order they are applied:
 *  1. Nobody logged in: deny (POL_NOT_LOGGED_IN).
 *  2. A clerk acts only inside an assisted session, and then exactly as the
 *     citizen the session is for (nothing more): without one, deny
 *     (POL_CLERK_NO_SESSION).
 *  3. A professional:
 *     - assigned to the family now (the assignment has not ended): may read,
 *       download, read comments, comment and add documents; not consent
 *       or share (those are the family's);
 *     - adding a document needs that assignment: anyone else does not see
 *       the family at all (POL_NOT_VISIBLE);
 *     - else, of an organisation the document is shared with, while the
 *       share is valid: read and download that document only; its comments
 *       only when the share includes them; nothing else;
 *     - else: deny as not visible (POL_NOT_VISIBLE -> 404).
 *  4. A citizen must be a member of the family (else POL_NOT_VISIBLE) and
 *     12 or older (children under 12 have no account: POL_TOO_YOUNG).
 *     Hidden from this member: POL_HIDDEN (-> 404, like not visible).
 *     A document about others the member may not read: POL_ABOUT_OTHERS,
 *     also a 404 (objects a person may not see are not shown to exist).
 *     The member sees the document when, for every person it is about,
 *     that person is the member, or a child under 16 over whom the member
 *     has parental authority, or a youth of 16 or 17 who shared it with the
 *     member. "Nobody sees a document about another adult unless it is
 *     also about them": a document about the member is visible to them.
 *  5. Comment and consent need read access (and consent is a citizen's).
 *     A member who reads the document only because a youth of 16 or 17
 *     let them (a parent of Lotte) only reads it: no comment, no consent,
 *     no own view (POL_YOUTH_READ_ONLY, a 403 with a reason).
 *  6. Sharing with another organisation: a member may take part when the
 *     document is about them (12+) or about a child under 16 over whom they
 *     have authority. Whether a share is complete is policy_share_complete.
 *  7. Revoking a share the court ordered: deny (POL_COURT_ORDER), for
 *     everybody; the share stays visible.
 *  8. A member's own document (issue 18, part 2: pol_document.own_author):
 *     its author (12+, a member; or a clerk in the author's session) reads
 *     it, comments on it, changes and removes it (policy_own_editable),
 *     whatever it is about. Anyone else reads it only as any document
 *     (the age rules for whom it is about, hidden_from, sharing with an
 *     organisation) AND as the author chose (own_readers: the family's
 *     professionals only; also named members; also the whole family),
 *     with the author's choice counting for the author as a subject (a
 *     document about the author is readable by those they chose). A
 *     member the author is shielded from never reads it (POL_HIDDEN), one
 *     not chosen neither (POL_OWN_NOT_CHOSEN): both 404. Nobody gives an
 *     opinion on it (POL_OWN_DOCUMENT, 403), and no professional writes a
 *     new version of it (POL_ADD_DOCUMENT: POL_OWN_DOCUMENT, 403). A
 *     removed one is nobody's (POL_NOT_VISIBLE, 404; the audit log keeps
 *     that it was there).
 * Ages are whole years on the day of the request (policy_age), so a youth
 * turning 16 today is 16 today.
 */
#ifndef GP_POLICY_H
#define GP_POLICY_H

#include <stddef.h>

enum pol_actor_kind {
	POL_ANONYMOUS,
	POL_CITIZEN,
	POL_PROFESSIONAL,
	POL_CLERK
};

enum pol_action {
	POL_READ,		/* the document page */
	POL_DOWNLOAD,		/* the attached file */
	POL_READ_COMMENTS,	/* the comment thread */
	POL_COMMENT,
	POL_CONSENT,		/* eens / oneens / deels */
	POL_SHARE,		/* take part in sharing with an organisation */
	POL_REVOKE_SHARE,
	POL_ADD_DOCUMENT,	/* a professional adds one to the family */
	POL_ACTION__MAX
};

enum pol_reason {
	POL_OK = 0,
	POL_NOT_LOGGED_IN,
	POL_CLERK_NO_SESSION,
	POL_NOT_VISIBLE,	/* not a member / not assigned / not shared */
	POL_HIDDEN,		/* hidden from this member */
	POL_TOO_YOUNG,		/* under 12: no own account */
	POL_ABOUT_OTHERS,	/* about people this member may not read about */
	POL_NOT_FOR_PROFESSIONAL, /* consent and sharing are the family's */
	POL_SHARE_READ_ONLY,	/* receiving organisation: read only */
	POL_COMMENTS_NOT_SHARED,
	POL_NOT_ABOUT_YOU,	/* sharing: not about you or your child < 16 */
	POL_COURT_ORDER,	/* a share the court ordered cannot be revoked */
	POL_PROFESSIONALS_ONLY,	/* adding documents is a professional's */
	POL_YOUTH_READ_ONLY,	/* let in by a youth of 16+: read only */
	POL_OWN_NOT_CHOSEN,	/* own document: the author did not choose
				 * this member as a reader (404) */
	POL_OWN_DOCUMENT,	/* own document: no opinion, no professional's
				 * new version (403) */
	POL_REASON__MAX
};

/* Who may read a member's own document besides its author (rule 8). */
enum pol_own_readers {
	POL_OWN_NONE = 0,	/* not an own document */
	POL_OWN_PROFESSIONALS,	/* the family's professionals ("hulpverleners") */
	POL_OWN_NAMED,		/* and the members named ("personen") */
	POL_OWN_FAMILY		/* and the whole family ("gezin") */
};

/* A person a document is about. */
struct pol_subject {
	long		 person_id;
	int		 age;			/* whole years today */
	int		 actor_has_authority;	/* the actor has parental
						 * authority over this person
						 * (per child: sql/037) */
	int		 shared_with_actor;	/* a youth of 16+ chose to let
						 * the actor see it */
};

struct pol_actor {
	enum pol_actor_kind	 kind;
	long			 person_id;
	/* citizen (or, for a clerk, the citizen of the assisted session) */
	int			 member;	/* of the document's family */
	int			 age;
	/* professional */
	int			 assigned;	/* to the family, now */
	int			 org_share_valid; /* document shared with the
						 * actor's organisation, now */
	int			 share_includes_comments;
	/* clerk */
	int			 assisted_session; /* 1: the citizen fields above
						 * are the session's citizen */
};

struct pol_document {
	const struct pol_subject *subjects;	/* whom it is about */
	size_t			 nsubjects;
	const long		*hidden_from;	/* person ids */
	size_t			 nhidden;
	int			 court_ordered_share; /* for POL_REVOKE_SHARE */
	/* A document a member wrote themself (rule 8; all 0 for a
	 * professional's document). */
	long			 own_author;	/* that member's person id */
	enum pol_own_readers	 own_readers;
	const long		*own_named;	/* POL_OWN_NAMED: the members
						 * the author chose */
	size_t			 nown_named;
	int			 author_shielded_from_actor; /* the author is
						 * shielded from the actor */
	int			 removed;	/* removed by its author */
};

struct pol_decision {
	int		 allow;
	enum pol_reason	 reason;
	int		 not_found;	/* deny as 404 (existence not shown) */
	/* The rule that decided, as a short stable name for the audit log
	 * (NEN 7513: sql/036, audit_log.rule) and /inzage's "basis": never
	 * NULL. Allowed: "member.self" (about the member), "member.parent"
	 * (a child under 16 of a parent with authority), "member.youth"
	 * (a youth of 16 or 17 let the parent read it), "member.share"
	 * (the member takes part in sharing), "pro.assigned" (assigned to
	 * the family now), "pro.org_share" (shared with the organisation);
	 * denied: policy_rule_name(reason). A clerk in an assisted session
	 * gets the citizen's rule (the audit row says who helped). Callers
	 * that ignore it need no change. */
	const char	*rule;
};

struct pol_decision policy_decide(const struct pol_actor *,
		    const struct pol_document *, enum pol_action);

/*
 * A part of a document hidden from named members (a safe address; DESIGN.md
 * section 3, "a document or a field"): may this actor, who may read the
 * document (POL_READ allowed), see the part? A professional assigned to
 * the family: yes; one of an organisation the document is shared with:
 * no (the member it is hidden from may have helped share it). A member:
 * unless they are in hidden_from. A clerk: what the citizen of the assisted session sees;
 * without a session, nothing. Nobody else.
 */
int		 policy_part_visible(const struct pol_actor *,
		    const long *hidden_from, size_t nhidden);

/*
 * A comment (or a professional's answer to one) on a document whose
 * comments the actor may read (POL_READ_COMMENTS allowed): may the actor
 * see it? Its audience `gezin` (private 0): yes. `hulpverlener` (private
 * 1): only its writer (author), the writer of the comment it answers
 * (answers_author, 0 for none) and a professional assigned to the family
 * now; not another member, not a professional of an organisation the
 * document is shared with (also when the share includes comments). A
 * clerk: as the citizen of the assisted session; without one, nothing.
 */
int		 policy_comment_visible(const struct pol_actor *, int private,
		    long author, long answers_author);

/*
 * Safety between members (DESIGN.md section 3): a professional marked that
 * member `person_id` (A) is shielded from member `from_person_id` (B).
 */
struct pol_shield {
	long		 person_id;
	long		 from_person_id;
};

/*
 * Whose activity (reads, downloads, comments, consent, own views, shares:
 * their audit rows) the viewer may not see on /inzage and in the export:
 * every A shielded from the viewer, written to out (at most max ids; the
 * count is returned, or -1 when more than max, so the caller fails
 * closed). A citizen, and a clerk in an assisted session as its citizen,
 * is kept from the activity of those shielded from them; never from their
 * own. A professional sees everyone's (0 ids); a clerk without a session
 * and anyone else see nobody's, which the caller never asks (also 0).
 */
int		 policy_hidden_actors(const struct pol_actor *viewer,
		    const struct pol_shield *shields, size_t nshields,
		    long *out, size_t max);

/*
 * May the viewer see that `actor` did something: their name next to an
 * action (a comment, an answer to their comment, an opinion, an own view,
 * a yes to a share, a request to share), its time and its words? Not when
 * the actor is shielded from the viewer (a citizen, or a clerk in an
 * assisted session as its citizen): then the page leaves the action out
 * as if it was not there, and says nothing that changes when the actor
 * acts (counts and "who is still missing" are made without them). Never
 * hidden: one's own actions, a professional's (actor 0: nobody), and
 * anything for a professional. Anyone else (a clerk without a session,
 * anonymous) sees nobody's.
 */
int		 policy_actor_shown(const struct pol_actor *viewer, long actor,
		    const struct pol_shield *shields, size_t nshields);

/*
 * A free time of one of the member's professionals, offered to this
 * member? for_person: the member it was opened for, or 0 when it is
 * opened for the whole family (or any family of the professional);
 * shielded_from_actor: someone is shielded from the actor.
 *
 * The rule, so that B cannot learn A's bookings: a time opened for one
 * member is offered to that member only (with its place: a home visit's
 * address); a time opened for the family is offered to every member
 * except one from whom someone is shielded, because it would vanish from
 * their list when A books it. Times for B are opened for B by name.
 * A clerk in an assisted session: as its citizen. Nobody else books.
 */
int		 policy_slot_offered(const struct pol_actor *, long for_person,
		    int shielded_from_actor);

/*
 * An own view ("eigen visie", issue 16) on a document: may the actor
 * change or withdraw it? Only its writer (author), as a citizen or as a
 * clerk in the writer's assisted session, and only while they may still
 * say what they think of the document (POL_CONSENT). Never a professional
 * (DESIGN.md: the professional cannot change it), another member, or a
 * clerk without a session.
 */
int		 policy_view_editable(const struct pol_actor *,
		    const struct pol_document *, long author);

/*
 * The earlier texts of an own view (changed or withdrawn) on a document
 * the actor may read: who sees them? Its writer (also through a clerk in
 * the writer's session) and a professional assigned to the family now.
 * Everybody else (other members, an organisation the document is shared
 * with, a clerk without a session) reads only the current text.
 */
int		 policy_view_history_visible(const struct pol_actor *,
		    long author);

/*
 * A help request (/hulp-vragen, cgi/help): what may the actor do with it?
 * The actor's person_id and kind, a clerk's assisted_session (then the
 * person is the session's citizen), a professional's `assigned` (to the
 * writer's family, now). intake: the professional is of the organisation
 * the request went to, and it went there as the municipal intake (nobody
 * worked with the family). Its writer reads it (also through a clerk in
 * the writer's session); a professional assigned to the family now, or
 * of that intake, reads it and marks it ("iemand neemt contact op",
 * "afgerond"). Nobody else: not another member, not another
 * organisation, not a clerk without a session (all: 404).
 */
enum pol_help {
	POL_HELP_NONE = 0,
	POL_HELP_READ,		/* the writer: read only */
	POL_HELP_MARK		/* the team: read and mark */
};
enum pol_help	 policy_help_access(const struct pol_actor *, long author,
		    int intake);

/*
 * A member's own check-in (/zo-gaat-het, issue 18 part 4: five answers on
 * how it goes): may the actor see it? Its owner, as a citizen or through
 * a clerk in the owner's assisted session; a professional assigned now to
 * a family of the owner (actor.assigned), only when the owner chose to
 * share it (shared 1). Nobody else: not another member (a parent
 * neither: the answers are the member's own), not a professional of an
 * organisation a document is shared with, not a clerk without a session.
 */
int		 policy_checkin_visible(const struct pol_actor *, long owner,
		    int shared);

/*
 * Feedback on the help (/feedback, issue 18 part 5) is anonymous towards
 * professionals: they see averages and texts per organisation and
 * period only, and never for fewer than POL_FEEDBACK_MIN answers. Is
 * a group of n answers shown? Only to a professional, and only when
 * n >= POL_FEEDBACK_MIN; a member never sees others' answers. The caller
 * passes the fewer of answers and of people who gave them (a member may
 * answer more than once a quarter).
 */
#define POL_FEEDBACK_MIN	5
int		 policy_feedback_shown(const struct pol_actor *, long n);

/*
 * Earlier versions of a document and what changed (issue 20, part 2): who
 * reads every earlier version? A professional assigned to the family now,
 * and the author of an own document (policy_own_editable). Anyone else
 * who may read the document (POL_READ) reads the current version and
 * the versions they opened while those were current, and what changed
 * between them: a text that was corrected (an address written by
 * mistake) never reaches a reader who did not read it then, nor one the
 * author let read it later, nor an organisation it is shared with.
 */
int		 policy_versions_all(const struct pol_actor *,
		    const struct pol_document *);

/*
 * A member's own document (rule 8): may the actor change it (title, text,
 * readers) or remove it? Only its author, a member of 12 or older, as a
 * citizen or through a clerk in the author's assisted session; never a
 * professional, another member, or a clerk without a session; not once
 * removed.
 */
int		 policy_own_editable(const struct pol_actor *,
		    const struct pol_document *);

/*
 * May the actor (a citizen 12+, or a clerk in a session) write an own
 * document about this person? Themself, or a child under 16 over whom
 * they have parental authority (actor_has_authority). Nobody else: an
 * own document is not a way to write about another adult or a youth of
 * 16 or 17.
 */
int		 policy_own_subject(const struct pol_actor *,
		    const struct pol_subject *);

/* Whole years between a birth date and the day of the request; the
 * birthday itself counts (born 2010-11-23 is 16 on 2026-11-23). -1 for
 * impossible dates or a birth after today. */
int		 policy_age(int by, int bm, int bd, int ty, int tm, int td);

/*
 * A share of a document with an organisation is complete when, for every
 * person it is about:
 *   - under 12: a parent with authority agreed;
 *   - 12 to 15: the youth AND a parent with authority agreed;
 *   - 16 and older (adults too): that person agreed.
 * agreed[i] says who agreed for subjects[i]: POL_AGREED_SELF (the person),
 * POL_AGREED_PARENT (a parent with authority), or both bits.
 */
#define POL_AGREED_SELF		0x1
#define POL_AGREED_PARENT	0x2
int		 policy_share_complete(const struct pol_subject *subjects,
		    const int *agreed, size_t n);

/*
 * Whose "yes" a waiting share request still needs: the one decider of
 * who is asked (issue 15), with policy_share_complete above.
 *
 * policy_share_needs: for one person the document is about, the bits of
 * POL_AGREED_SELF / POL_AGREED_PARENT still missing (0: none), by the
 * same age rules.
 *
 * policy_share_asks: would a yes of person `person_id` still count? doc's
 * subjects are seen from that person (actor_has_authority: this person
 * has parental authority over the subject; the handler sets it for each
 * member it asks about), agreed[i] as above. 1 when, for some subject,
 * the person's own yes is missing (the subject themself, 12 or older:
 * under 12 the parents decide), or a parent's yes is missing and the
 * person is a parent with authority over a subject under 16. Never for
 * a person the document is hidden from (they may not see it, so they
 * have no say), and never once the share is complete.
 */
int		 policy_share_needs(const struct pol_subject *subject,
		    int agreed);
int		 policy_share_asks(const struct pol_document *doc,
		    const int *agreed, long person_id);

/*
 * On whose behalf (NEN 7513, issue 17 part 2; DESIGN.md s. 3: a child
 * under 12 has no account, a parent with authority acts for it): the
 * children under 12 this document is about over whom the actor (a
 * citizen member, or a clerk in a session for one) has parental
 * authority, other than the actor. Whatever the actor does with the
 * document, or tries to, they do also for these children; the audit row
 * names them (audit_log.for_children, sql/054). Independent of the
 * decision: a refused attempt names them too. Writes at most `max` ids
 * to `out` in the document's order; returns how many there are (may be
 * more than max). 0 for professionals, anonymous and clerks without a
 * session.
 */
size_t		 policy_acting_for(const struct pol_actor *,
		    const struct pol_document *, long *out, size_t max);

/* The stable name of a denial's rule ("not_visible", "member.hidden",
 * ...; "allowed" for POL_OK): never NULL, at most 40 characters of
 * [a-z0-9_.], never renamed (old audit rows keep them). */
const char	*policy_rule_name(enum pol_reason);
/* The rule names of allowed decisions (pol_decision.rule). */
#define POL_RULE_MEMBER_SELF	"member.self"
#define POL_RULE_MEMBER_PARENT	"member.parent"
#define POL_RULE_MEMBER_YOUTH	"member.youth"
#define POL_RULE_MEMBER_SHARE	"member.share"
#define POL_RULE_PRO_ASSIGNED	"pro.assigned"
#define POL_RULE_PRO_ORG_SHARE	"pro.org_share"
#define POL_RULE_OWN_AUTHOR	"own.author"	/* its author */
#define POL_RULE_OWN_CHOSEN	"own.chosen"	/* a reader the author chose */

/* A msgid explaining a denial in B1 ("" for POL_OK). */
const char	*policy_reason_text(enum pol_reason);

/*
 * What is offered, and only to whom it makes sense (lib/policy_offer.c,
 * tests/unit/test_policy_offer.c; UX review S7, K3, E3).
 *
 * policy_share_receiver: may a member share a document of a family with
 * an organisation (the list on /delen, and the POST)? Only with one
 * where someone could read it and does not already: it has professionals
 * (has_professionals: people of kind 'professional'; a counter's people
 * are clerks, who read documents only in a citizen's assisted session,
 * rule 2, so sharing with "Gemeente Balie" gives nobody anything), and
 * none of them is assigned to the document's family now
 * (assigned_to_family: they read it already, "pro.assigned"). A
 * professional never shares (rule 3); a clerk as its session's citizen.
 *
 * policy_slot_open: may the actor open appointment times (/afspraken as
 * a professional, its forms and POSTs)? A professional assigned to at
 * least one family now (families: how many); a time nobody can book is
 * not offered (E3). Nobody else.
 */
int		 policy_share_receiver(const struct pol_actor *,
		    int has_professionals, int assigned_to_family);
int		 policy_slot_open(const struct pol_actor *, long families);

#endif

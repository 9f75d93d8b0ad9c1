/*
 * policy.c - access rules for family documents (see policy.h for the
 * rules in words; the order of the checks below follows that list).
 */
#include <stddef.h>

#include "i18n.h"
#include "policy.h"

static struct pol_decision
allow(const char *rule)
{
	struct pol_decision	 d = { 1, POL_OK, 0, rule };

	return d;
}

static struct pol_decision
deny(enum pol_reason why)
{
	struct pol_decision	 d = { 0, why, 0, policy_rule_name(why) };

	/* Objects a person may not see answer 404: their existence is not
	 * shown. Everything else is a 403 with a reason. */
	d.not_found = why == POL_NOT_VISIBLE || why == POL_HIDDEN ||
	    why == POL_ABOUT_OTHERS || why == POL_OWN_NOT_CHOSEN;
	return d;
}

static int
hidden_from(const struct pol_document *doc, long person_id)
{
	size_t	 i;

	for (i = 0; i < doc->nhidden; i++)
		if (doc->hidden_from[i] == person_id)
			return 1;
	return 0;
}

static int
about(const struct pol_document *doc, long person_id)
{
	size_t	 i;

	for (i = 0; i < doc->nsubjects; i++)
		if (doc->subjects[i].person_id == person_id)
			return 1;
	return 0;
}

/* Rule 4: may this member read a document about these people? 0: no;
 * READ_FULL: yes; READ_ONLY: only because a youth of 16 or 17 let them
 * (rule 5: then they only read it). */
#define READ_FULL	1
#define READ_ONLY	2
static int
member_may_read(const struct pol_actor *a, const struct pol_document *doc)
{
	const struct pol_subject	*s;
	size_t				 i;
	int				 how = READ_FULL;

	if (doc->nsubjects == 0)
		return 0;
	if (about(doc, a->person_id))
		return READ_FULL;
	for (i = 0; i < doc->nsubjects; i++) {
		s = &doc->subjects[i];
		/* rule 8: the author chose who reads about the author */
		if (doc->own_author != 0 && s->person_id == doc->own_author)
			continue;
		if (s->age < 16 && s->actor_has_authority)
			continue;
		/* a youth's choice (16, 17) for a parent with authority
		 * now; an adult's document is nobody else's, whatever they
		 * chose before, and a parent who lost authority lost it */
		if (s->age >= 16 && s->age < 18 && s->shared_with_actor &&
		    s->actor_has_authority) {
			how = READ_ONLY;
			continue;
		}
		return 0;
	}
	return how;
}

/* Rule 6: is this member one of those who decide about sharing? */
static int
member_decides_share(const struct pol_actor *a,
    const struct pol_document *doc)
{
	const struct pol_subject	*s;
	size_t				 i;

	for (i = 0; i < doc->nsubjects; i++) {
		s = &doc->subjects[i];
		if (s->person_id == a->person_id && s->age >= 12)
			return 1;
		if (s->person_id != a->person_id && s->age < 16 &&
		    s->actor_has_authority)
			return 1;
	}
	return 0;
}

/* Rule 8: did the author of an own document choose this member? */
static int
own_chosen(const struct pol_document *doc, long person_id)
{
	size_t	 i;

	switch (doc->own_readers) {
	case POL_OWN_FAMILY:
		return 1;
	case POL_OWN_NAMED:
		for (i = 0; i < doc->nown_named; i++)
			if (doc->own_named != NULL &&
			    doc->own_named[i] == person_id)
				return 1;
		return 0;
	case POL_OWN_NONE:
	case POL_OWN_PROFESSIONALS:
		break;
	}
	return 0;
}

/* Rule 8: an own document only about its author (readers other than the
 * author read it by the author's choice alone). */
static int
only_about_author(const struct pol_document *doc)
{
	size_t	 i;

	for (i = 0; i < doc->nsubjects; i++)
		if (doc->subjects[i].person_id != doc->own_author)
			return 0;
	return doc->nsubjects > 0;
}

/* Rule 8: the author of an own document. */
static struct pol_decision
decide_own_author(const struct pol_actor *a, const struct pol_document *doc,
    enum pol_action act)
{
	switch (act) {
	case POL_READ:
	case POL_DOWNLOAD:
	case POL_READ_COMMENTS:
	case POL_COMMENT:
		return allow(POL_RULE_OWN_AUTHOR);
	case POL_CONSENT:
		return deny(POL_OWN_DOCUMENT);
	case POL_REVOKE_SHARE:
		if (doc->court_ordered_share)
			return deny(POL_COURT_ORDER);
		/* FALLTHROUGH */
	case POL_SHARE:
		return member_decides_share(a, doc) ?
		    allow(POL_RULE_MEMBER_SHARE) : deny(POL_NOT_ABOUT_YOU);
	case POL_ADD_DOCUMENT:
	case POL_ACTION__MAX:
		break;
	}
	return deny(POL_PROFESSIONALS_ONLY);
}

size_t
policy_acting_for(const struct pol_actor *a, const struct pol_document *doc,
    long *out, size_t max)
{
	const struct pol_subject	*s;
	size_t				 i, n = 0;

	if (a == NULL || doc == NULL || !a->member ||
	    !(a->kind == POL_CITIZEN ||
	    (a->kind == POL_CLERK && a->assisted_session)))
		return 0;
	for (i = 0; i < doc->nsubjects; i++) {
		s = &doc->subjects[i];
		if (s->person_id == a->person_id || s->age >= 12 ||
		    !s->actor_has_authority)
			continue;
		if (out != NULL && n < max)
			out[n] = s->person_id;
		n++;
	}
	return n;
}

static struct pol_decision
decide_citizen(const struct pol_actor *a, const struct pol_document *doc,
    enum pol_action act)
{
	const char	*rule;
	int		 how;

	if (!a->member)
		return deny(POL_NOT_VISIBLE);
	if (a->age < 12)
		return deny(POL_TOO_YOUNG);
	if (doc->own_author != 0 && doc->own_author == a->person_id)
		return decide_own_author(a, doc, act);
	if (hidden_from(doc, a->person_id))
		return deny(POL_HIDDEN);
	if (doc->own_author != 0) {
		if (doc->author_shielded_from_actor)
			return deny(POL_HIDDEN);
		if (!own_chosen(doc, a->person_id))
			return deny(POL_OWN_NOT_CHOSEN);
	}
	if ((how = member_may_read(a, doc)) == 0)
		return deny(POL_ABOUT_OTHERS);
	rule = how == READ_ONLY ? POL_RULE_MEMBER_YOUTH :
	    about(doc, a->person_id) ? POL_RULE_MEMBER_SELF :
	    doc->own_author != 0 && only_about_author(doc) ?
	    POL_RULE_OWN_CHOSEN : POL_RULE_MEMBER_PARENT;
	switch (act) {
	case POL_READ:
	case POL_DOWNLOAD:
	case POL_READ_COMMENTS:
		return allow(rule);
	case POL_CONSENT:
		if (doc->own_author != 0)
			return deny(POL_OWN_DOCUMENT);
		/* FALLTHROUGH */
	case POL_COMMENT:
		return how == READ_ONLY ? deny(POL_YOUTH_READ_ONLY) :
		    allow(rule);
	case POL_REVOKE_SHARE:
		if (doc->court_ordered_share)
			return deny(POL_COURT_ORDER);
		/* FALLTHROUGH */
	case POL_SHARE:
		return member_decides_share(a, doc) ?
		    allow(POL_RULE_MEMBER_SHARE) : deny(POL_NOT_ABOUT_YOU);
	case POL_ADD_DOCUMENT:
	case POL_ACTION__MAX:
		break;
	}
	return deny(POL_PROFESSIONALS_ONLY);
}

static struct pol_decision
decide_professional(const struct pol_actor *a,
    const struct pol_document *doc, enum pol_action act)
{
	if (a->assigned) {
		switch (act) {
		case POL_READ:
		case POL_DOWNLOAD:
		case POL_READ_COMMENTS:
		case POL_COMMENT:
			return allow(POL_RULE_PRO_ASSIGNED);
		case POL_ADD_DOCUMENT:
			/* rule 8: never a new version of a member's own */
			return doc->own_author != 0 ? deny(POL_OWN_DOCUMENT) :
			    allow(POL_RULE_PRO_ASSIGNED);
		case POL_REVOKE_SHARE:
			if (doc->court_ordered_share)
				return deny(POL_COURT_ORDER);
			break;
		case POL_CONSENT:
		case POL_SHARE:
		case POL_ACTION__MAX:
			break;
		}
		return deny(POL_NOT_FOR_PROFESSIONAL);
	}
	if (!a->org_share_valid || act == POL_ADD_DOCUMENT)
		return deny(POL_NOT_VISIBLE);
	switch (act) {
	case POL_READ:
	case POL_DOWNLOAD:
		return allow(POL_RULE_PRO_ORG_SHARE);
	case POL_READ_COMMENTS:
		return a->share_includes_comments ?
		    allow(POL_RULE_PRO_ORG_SHARE) :
		    deny(POL_COMMENTS_NOT_SHARED);
	case POL_REVOKE_SHARE:
		if (doc->court_ordered_share)
			return deny(POL_COURT_ORDER);
		break;
	case POL_COMMENT:
	case POL_CONSENT:
	case POL_SHARE:
	case POL_ADD_DOCUMENT:
	case POL_ACTION__MAX:
		break;
	}
	return deny(POL_SHARE_READ_ONLY);
}

struct pol_decision
policy_decide(const struct pol_actor *a, const struct pol_document *doc,
    enum pol_action act)
{
	struct pol_actor	 as;

	if (a == NULL || doc == NULL || act < 0 || act >= POL_ACTION__MAX)
		return deny(POL_NOT_VISIBLE);
	/* rule 8: a removed own document is nobody's */
	if (doc->removed)
		return deny(POL_NOT_VISIBLE);
	switch (a->kind) {
	case POL_CITIZEN:
		return decide_citizen(a, doc, act);
	case POL_PROFESSIONAL:
		return decide_professional(a, doc, act);
	case POL_CLERK:
		if (!a->assisted_session)
			return deny(POL_CLERK_NO_SESSION);
		/* Exactly what the citizen of the session may do. */
		as = *a;
		as.kind = POL_CITIZEN;
		return decide_citizen(&as, doc, act);
	case POL_ANONYMOUS:
		break;
	}
	return deny(POL_NOT_LOGGED_IN);
}

static int
leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int
valid_date(int y, int m, int d)
{
	static const int mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31,
	    30, 31 };

	if (y < 1 || y > 9999 || m < 1 || m > 12 || d < 1)
		return 0;
	return d <= mdays[m - 1] + (m == 2 && leap(y));
}

/* A citizen, or a clerk in an assisted session acting as exactly that
 * citizen (rule 2). */
static int
as_citizen(const struct pol_actor *a)
{
	return a->kind == POL_CITIZEN ||
	    (a->kind == POL_CLERK && a->assisted_session);
}

int
policy_part_visible(const struct pol_actor *a, const long *hidden_from,
    size_t nhidden)
{
	size_t	 i;

	/* A professional: not one of an organisation it is shared with:
	 * members it is hidden from may take part in sharing the document. */
	if (a->kind == POL_PROFESSIONAL)
		return a->assigned;
	if (!as_citizen(a))
		return 0;
	for (i = 0; i < nhidden; i++)
		if (hidden_from[i] == a->person_id)
			return 0;
	return 1;
}

int
policy_comment_visible(const struct pol_actor *a, int private, long author,
    long answers_author)
{
	if (a->kind == POL_PROFESSIONAL && a->assigned)
		return 1;
	if (a->kind != POL_PROFESSIONAL && !as_citizen(a))
		return 0;
	if (!private)
		return 1;
	return a->person_id == author || (answers_author != 0 &&
	    a->person_id == answers_author);
}

int
policy_hidden_actors(const struct pol_actor *viewer,
    const struct pol_shield *shields, size_t nshields, long *out, size_t max)
{
	size_t	 i, k, n = 0;
	int	 seen;

	if (!as_citizen(viewer))
		return 0;
	for (i = 0; i < nshields; i++) {
		if (shields[i].from_person_id != viewer->person_id ||
		    shields[i].person_id == viewer->person_id)
			continue;
		for (seen = 0, k = 0; k < n && !seen; k++)
			seen = out[k] == shields[i].person_id;
		if (seen)
			continue;
		if (n == max)
			return -1;
		out[n++] = shields[i].person_id;
	}
	return (int)n;
}

int
policy_actor_shown(const struct pol_actor *viewer, long actor,
    const struct pol_shield *shields, size_t nshields)
{
	size_t	 i;

	if (viewer->kind == POL_PROFESSIONAL)
		return 1;
	if (!as_citizen(viewer))
		return 0;
	if (actor == 0 || actor == viewer->person_id)
		return 1;
	for (i = 0; i < nshields; i++)
		if (shields[i].person_id == actor &&
		    shields[i].from_person_id == viewer->person_id)
			return 0;
	return 1;
}

int
policy_slot_offered(const struct pol_actor *a, long for_person,
    int shielded_from_actor)
{
	if (!as_citizen(a))
		return 0;
	if (for_person != 0)
		return for_person == a->person_id;
	return !shielded_from_actor;
}

int
policy_view_editable(const struct pol_actor *a, const struct pol_document *doc,
    long author)
{
	if (a == NULL || doc == NULL || !as_citizen(a) || author <= 0 ||
	    a->person_id != author)
		return 0;
	return policy_decide(a, doc, POL_CONSENT).allow;
}

int
policy_view_history_visible(const struct pol_actor *a, long author)
{
	if (a == NULL)
		return 0;
	if (a->kind == POL_PROFESSIONAL)
		return a->assigned;
	return as_citizen(a) && author > 0 && a->person_id == author;
}

enum pol_help
policy_help_access(const struct pol_actor *a, long author, int intake)
{
	if (a == NULL || author <= 0)
		return POL_HELP_NONE;
	if (a->kind == POL_PROFESSIONAL)
		return a->assigned || intake ? POL_HELP_MARK : POL_HELP_NONE;
	if (as_citizen(a) && a->person_id == author)
		return POL_HELP_READ;
	return POL_HELP_NONE;
}

int
policy_checkin_visible(const struct pol_actor *a, long owner, int shared)
{
	if (a == NULL || owner <= 0)
		return 0;
	if (a->kind == POL_PROFESSIONAL)
		return a->assigned && shared;
	return as_citizen(a) && a->person_id == owner;
}

int
policy_feedback_shown(const struct pol_actor *a, long n)
{
	return a != NULL && a->kind == POL_PROFESSIONAL &&
	    n >= POL_FEEDBACK_MIN;
}

int
policy_own_editable(const struct pol_actor *a, const struct pol_document *doc)
{
	if (a == NULL || doc == NULL || !as_citizen(a) || doc->removed ||
	    doc->own_author == 0 || a->person_id != doc->own_author)
		return 0;
	return a->member && a->age >= 12;
}

int
policy_versions_all(const struct pol_actor *a, const struct pol_document *doc)
{
	if (a == NULL || doc == NULL)
		return 0;
	if (a->kind == POL_PROFESSIONAL)
		return a->assigned && doc->own_author == 0;
	return policy_own_editable(a, doc);
}

int
policy_own_subject(const struct pol_actor *a, const struct pol_subject *s)
{
	if (a == NULL || s == NULL || !as_citizen(a) || !a->member ||
	    a->age < 12)
		return 0;
	if (s->person_id == a->person_id)
		return 1;
	return s->age >= 0 && s->age < 16 && s->actor_has_authority;
}

int
policy_age(int by, int bm, int bd, int ty, int tm, int td)
{
	int	 age;

	if (!valid_date(by, bm, bd) || !valid_date(ty, tm, td))
		return -1;
	if (by > ty || (by == ty && (bm > tm || (bm == tm && bd > td))))
		return -1;
	age = ty - by;
	/* Not yet had this year's birthday? A 29 February birthday falls on
	 * 1 March in other years (as Dutch law counts it). */
	if (bm == 2 && bd == 29 && !leap(ty)) {
		bm = 3;
		bd = 1;
	}
	if (tm < bm || (tm == bm && td < bd))
		age--;
	return age;
}

int
policy_share_needs(const struct pol_subject *s, int agreed)
{
	int	 need;

	if (s->age < 12)
		need = POL_AGREED_PARENT;
	else if (s->age < 16)
		need = POL_AGREED_SELF | POL_AGREED_PARENT;
	else
		need = POL_AGREED_SELF;
	return need & ~agreed;
}

int
policy_share_complete(const struct pol_subject *subjects, const int *agreed,
    size_t n)
{
	size_t	 i;

	if (n == 0)
		return 0;
	for (i = 0; i < n; i++)
		if (policy_share_needs(&subjects[i], agreed[i]) != 0)
			return 0;
	return 1;
}

int
policy_share_asks(const struct pol_document *doc, const int *agreed,
    long person_id)
{
	const struct pol_subject	*s;
	size_t				 i;
	int				 need;

	if (doc == NULL || agreed == NULL || hidden_from(doc, person_id) ||
	    doc->removed ||
	    policy_share_complete(doc->subjects, agreed, doc->nsubjects))
		return 0;
	/* rule 8: not a member the author did not choose (they may not
	 * read it, so they have no say) */
	if (doc->own_author != 0 && doc->own_author != person_id &&
	    !own_chosen(doc, person_id))
		return 0;
	for (i = 0; i < doc->nsubjects; i++) {
		s = &doc->subjects[i];
		need = policy_share_needs(s, agreed[i]);
		if ((need & POL_AGREED_SELF) && s->person_id == person_id)
			return 1;
		if ((need & POL_AGREED_PARENT) && s->person_id != person_id &&
		    s->age < 16 && s->actor_has_authority)
			return 1;
	}
	return 0;
}

const char *
policy_rule_name(enum pol_reason r)
{
	switch (r) {
	case POL_OK:
	case POL_REASON__MAX:
		break;
	case POL_NOT_LOGGED_IN:
		return "not_logged_in";
	case POL_CLERK_NO_SESSION:
		return "clerk.no_session";
	case POL_NOT_VISIBLE:
		return "not_visible";
	case POL_HIDDEN:
		return "member.hidden";
	case POL_TOO_YOUNG:
		return "member.too_young";
	case POL_ABOUT_OTHERS:
		return "member.about_others";
	case POL_NOT_FOR_PROFESSIONAL:
		return "pro.family_only";
	case POL_SHARE_READ_ONLY:
		return "share.read_only";
	case POL_COMMENTS_NOT_SHARED:
		return "share.no_comments";
	case POL_NOT_ABOUT_YOU:
		return "share.not_about_you";
	case POL_COURT_ORDER:
		return "share.court_order";
	case POL_PROFESSIONALS_ONLY:
		return "pro.only";
	case POL_YOUTH_READ_ONLY:
		return "member.youth_read_only";
	case POL_OWN_NOT_CHOSEN:
		return "own.not_chosen";
	case POL_OWN_DOCUMENT:
		return "own.document";
	}
	return "allowed";
}

const char *
policy_reason_text(enum pol_reason r)
{
	switch (r) {
	case POL_OK:
	case POL_REASON__MAX:
		break;
	case POL_NOT_LOGGED_IN:
		return N_("Log eerst in.");
	case POL_CLERK_NO_SESSION:
		return N_("Start eerst een sessie aan de balie voor deze persoon.");
	case POL_NOT_VISIBLE:
	case POL_HIDDEN:
		return N_("Dit stuk kunt u niet zien. Denkt u dat u het "
		    "wel mag zien? Vraag het uw hulpverlener.");
	case POL_TOO_YOUNG:
		return N_("Kinderen onder de 12 hebben geen eigen account. "
		    "Hun ouders regelen dit.");
	case POL_ABOUT_OTHERS:
		return N_("Dit stuk gaat over iemand anders. U mag het niet zien.");
	case POL_NOT_FOR_PROFESSIONAL:
		return N_("Dit mag alleen het gezin zelf doen.");
	case POL_SHARE_READ_ONLY:
		return N_("Uw organisatie mag dit stuk alleen lezen.");
	case POL_COMMENTS_NOT_SHARED:
		return N_("De reacties bij dit stuk zijn niet met uw organisatie "
		    "gedeeld.");
	case POL_NOT_ABOUT_YOU:
		return N_("U mag dit stuk niet delen. Het gaat niet over u of over "
		    "uw kind onder de 16.");
	case POL_COURT_ORDER:
		return N_("De rechter heeft bepaald dat dit stuk gedeeld blijft. "
		    "U kunt het delen daarom niet stoppen.");
	case POL_PROFESSIONALS_ONLY:
		return N_("Alleen een hulpverlener kan een stuk toevoegen.");
	case POL_YOUTH_READ_ONLY:
		return N_("U mag dit stuk alleen lezen. Uw kind van 16 of 17 "
		    "liet u het lezen.");
	case POL_OWN_NOT_CHOSEN:
		return N_("Dit stuk kunt u niet zien.");
	case POL_OWN_DOCUMENT:
		return N_("Dit stuk schreef iemand uit het gezin zelf. Alleen "
		    "die persoon kan het veranderen.");
	}
	return "";
}

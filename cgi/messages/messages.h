/*
 * messages.h - private conversations between one family member and one
 * of the professionals assigned to their family (/berichten,
 * cgi/messages/messages.c; issue 16, part 2).
 *
 * Who reads a conversation: its member and its professional (while that
 * professional is assigned to the family now). Nobody else: not another
 * member (not a parent of a youth), not another professional, not an
 * organisation a document is shared with, and anybody else gets 404.
 */
#ifndef GP_MESSAGES_H
#define GP_MESSAGES_H

#include "core/portal.h"

/* The pages (messages.c). */
int	h_messages(struct req *);		/* GET /berichten */
int	h_message_start(struct req *);		/* POST /berichten */
int	h_conversation(struct req *);		/* GET /berichten/{id} */
int	h_conversation_post(struct req *);	/* POST /berichten/{id} */

/*
 * The start page's line (templates/partials/berichten-ongelezen.html):
 * sets "unread_messages" (messages the logged-in person did not read
 * yet) and "unread_conversations" in c. 0 or an HTTP status.
 */
int	messages_unread_fill(struct req *, struct tctx *c);

/* A member's message answered through a reply link (cgi/requests/reply.c,
 * kind "bericht"). */
struct msg_reply {
	const char	*message_id;	/* the member's message (internal) */
	const char	*conversation_id;
	const char	*conversation_public_id;
	const char	*family_id;
	const char	*subject;
	const char	*member;	/* the member's name */
	const char	*text;		/* the member's words */
	const char	*made;		/* Unix time, text */
};

/*
 * Message public_id as professional pro may answer it: written by the
 * member of a conversation of pro's, pro assigned to the family now. 0,
 * 404 (not there, not theirs), 410 (pro wrote in the conversation after
 * it: answered), or 500/503.
 */
int	msg_reply_load(struct req *, const char *public_id, const char *pro,
	    struct msg_reply *);
/*
 * Professional pro's answer (body, form nonce) in the conversation of m,
 * with its mail to the member (no words of it), in the caller's
 * transaction. 0, 410 (this form was stored before), or 500/503.
 */
int	msg_reply_store(struct req *, const struct msg_reply *m,
	    const char *pro, const char *body, const char *nonce);

#endif

-- 028_conversations.sql - private conversations between one family member
-- and one of the professionals assigned to their family (/berichten,
-- cgi/messages/messages.c; issue 16, part 2), the professionals' work
-- phone and e-mail that pages show families, and reply links for a
-- message.
--
-- A conversation belongs to exactly two people: member_id and
-- professional_id. Nobody else reads it: not the other members of the
-- family, not other professionals, not an organisation a document is
-- shared with. The family is kept so the professional's list can group
-- by it and so the audit row names it.

-- How families reach a professional at work (the organisation's data).
ALTER TABLE professional ADD COLUMN work_phone text
	CHECK (work_phone ~ '^[0-9 +()-]{6,20}$');
ALTER TABLE professional ADD COLUMN work_email text
	CHECK (work_email ~ '^[^[:space:]@]+@[^[:space:]@]+$');

CREATE TABLE conversation (
	id		bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	public_id	text NOT NULL UNIQUE DEFAULT opaque_id(),
	family_id	bigint NOT NULL REFERENCES family(id),
	member_id	bigint NOT NULL REFERENCES person(id),
	professional_id	bigint NOT NULL REFERENCES professional(person_id),
	subject		text NOT NULL CHECK (length(subject) BETWEEN 1 AND 120),
	created_at	timestamptz NOT NULL DEFAULT now(),
	form_nonce	text NOT NULL CHECK (form_nonce ~ '^[0-9a-f]{32}$'),
	UNIQUE (member_id, form_nonce)
);
CREATE INDEX conversation_member ON conversation(member_id, created_at);
CREATE INDEX conversation_professional
	ON conversation(professional_id, created_at);

-- The messages, oldest first; never changed or removed.
CREATE TABLE conversation_message (
	id		bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	public_id	text NOT NULL UNIQUE DEFAULT opaque_id(),
	conversation_id	bigint NOT NULL REFERENCES conversation(id),
	author_id	bigint NOT NULL REFERENCES person(id),
	body		text NOT NULL CHECK (length(body) BETWEEN 1 AND 4000),
	created_at	timestamptz NOT NULL DEFAULT now(),
	form_nonce	text NOT NULL CHECK (form_nonce ~ '^[0-9a-f]{32}$'),
	UNIQUE (author_id, form_nonce)
);
CREATE INDEX conversation_message_conversation
	ON conversation_message(conversation_id, id);

-- How far each of the two has read: the newest message id they saw.
CREATE TABLE conversation_read (
	conversation_id	bigint NOT NULL REFERENCES conversation(id),
	person_id	bigint NOT NULL REFERENCES person(id),
	last_message_id	bigint NOT NULL,
	PRIMARY KEY (conversation_id, person_id)
);

-- A reply link (/antwoord/{token}) may be for a member's message too:
-- bound to the one professional of its conversation.
ALTER TABLE reply_token ADD COLUMN message_id bigint
	REFERENCES conversation_message(id);
ALTER TABLE reply_token DROP CONSTRAINT reply_token_check;
ALTER TABLE reply_token ADD CONSTRAINT reply_token_one_object
	CHECK (num_nonnulls(comment_id, request_id, message_id) = 1);

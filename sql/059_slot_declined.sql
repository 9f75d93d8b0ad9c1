-- 059_slot_declined.sql - "Deze tijd past mij niet" (issue 15, part 3,
-- left on 4 December): the member a time was proposed to may say that it
-- does not suit them. The proposal then stops being their task and stops
-- standing first on /afspraken; the time stays a free time they may
-- still choose; the professional gets a mail and sees it in their
-- agenda. Only a proposal can be declined, and only once.

ALTER TABLE appointment_slot ADD COLUMN declined_at timestamptz;
ALTER TABLE appointment_slot ADD CONSTRAINT appointment_slot_declined
	CHECK (declined_at IS NULL OR proposed);

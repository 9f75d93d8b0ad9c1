-- 053_slot_proposed.sql - an appointment to confirm (issue 15, part 3).
-- A single time a professional opens for one member by name (the
-- single-time form of /afspraken with a member chosen) is a proposal: it
-- stands as a task in that member's "Wat wacht op u" until they book it
-- (that is the confirmation), book another coming time with that
-- professional, or the time is withdrawn or too close. Times opened for
-- one member with the weekly pattern (and the demo's times for Mark,
-- who sees no family times because of a shield) are free times to
-- choose from, not a question: no task.

ALTER TABLE appointment_slot ADD COLUMN proposed boolean NOT NULL
	DEFAULT false;
ALTER TABLE appointment_slot ADD CONSTRAINT appointment_slot_proposed
	CHECK (NOT proposed OR person_id IS NOT NULL);

-- 015_dutch_dates.sql - "today" is the Dutch date (DESIGN.md section 3:
-- ages "on the day of the request"). Every statement that says
-- current_date (ages, assignments, deadlines) then means the day in the
-- Netherlands, also between midnight and 01:00/02:00, when the server's
-- own clock (UTC) is still on yesterday: a youth turning 16 decides alone
-- from the first minute of her birthday. Times are stored as timestamptz
-- and read as epoch seconds, so nothing else changes. New connections get
-- it; the portal connects after the migrations.
DO $$
BEGIN
	EXECUTE format('ALTER DATABASE %I SET timezone TO %L',
	    current_database(), 'Europe/Amsterdam');
END
$$;
SET timezone TO 'Europe/Amsterdam';

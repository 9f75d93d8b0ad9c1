/*
 * throttle.h - how long a log-in attempt has to wait: growing delays per
 * (user name, address) pair and per address, never a lock of an account.
 *
 * A pair (the user name as typed, known or not, and the client's address)
 * gets THROTTLE_PAIR_FREE failures since its last success; after that each
 * further failure doubles the wait, from THROTTLE_PAIR_BASE up to
 * THROTTLE_PAIR_CAP seconds. An address gets THROTTLE_ADDR_FREE failures
 * (all user names) within THROTTLE_ADDR_WINDOW; then the same from
 * THROTTLE_ADDR_BASE up to THROTTLE_ADDR_CAP. The wait counts from the
 * last failure. So someone guessing from one address slows down only
 * themselves (and, briefly, their own address); the real user at another
 * address logs in as always.
 *
 * Owns: the rule (pure: counts and times in, seconds out). Never: reads
 * a clock or the database (lib/auth gives it both).
 */
#ifndef GP_THROTTLE_H
#define GP_THROTTLE_H

#define THROTTLE_PAIR_FREE	5
#define THROTTLE_PAIR_BASE	30	/* seconds */
#define THROTTLE_PAIR_CAP	900
#define THROTTLE_PAIR_WINDOW	86400	/* failures older than this count no more */
#define THROTTLE_ADDR_FREE	30
#define THROTTLE_ADDR_BASE	5
#define THROTTLE_ADDR_CAP	60
#define THROTTLE_ADDR_WINDOW	900

struct throttle_counts {
	long	 pair_failures;	/* of this pair, since its last success */
	long	 pair_since_ms;	/* since its last failure (any if none) */
	long	 addr_failures;	/* of this address, within its window */
	long	 addr_since_ms;
};

/* The delay after n failures with nfree free ones: 0 below nfree, then
 * base, 2 x base, ... at most cap. */
long	 throttle_delay(long n, long nfree, long base, long cap);
/* Whole seconds still to wait (rounded up), 0 when the attempt may go
 * on. */
long	 throttle_wait(const struct throttle_counts *);

#endif

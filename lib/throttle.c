/*
 * throttle.c - growing delays for log-in attempts (see throttle.h).
 */
#include "throttle.h"

long
throttle_delay(long n, long nfree, long base, long cap)
{
	long	 d;

	if (n < nfree || base <= 0)
		return 0;
	d = base;
	for (n -= nfree; n > 0 && d < cap; n--)
		d *= 2;
	return d < cap ? d : cap;
}

/* Seconds left of a delay d (seconds) when since_ms have gone by. */
static long
left(long d, long since_ms)
{
	long	 ms;

	if (since_ms < 0)
		since_ms = 0;
	ms = d * 1000 - since_ms;
	return ms <= 0 ? 0 : (ms + 999) / 1000;
}

long
throttle_wait(const struct throttle_counts *c)
{
	long	 p, a;

	p = left(throttle_delay(c->pair_failures, THROTTLE_PAIR_FREE,
	    THROTTLE_PAIR_BASE, THROTTLE_PAIR_CAP), c->pair_since_ms);
	a = left(throttle_delay(c->addr_failures, THROTTLE_ADDR_FREE,
	    THROTTLE_ADDR_BASE, THROTTLE_ADDR_CAP), c->addr_since_ms);
	return p > a ? p : a;
}

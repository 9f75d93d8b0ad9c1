/*
 * test_throttle.c - growing log-in delays (lib/throttle): free attempts
 * first, then doubling waits up to a cap, counted from the last failure.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "throttle.h"

static void
test_throttle_delay_grows_to_cap(void **state)
{
	(void)state;
	assert_int_equal(throttle_delay(0, 5, 30, 900), 0);
	assert_int_equal(throttle_delay(4, 5, 30, 900), 0);
	assert_int_equal(throttle_delay(5, 5, 30, 900), 30);
	assert_int_equal(throttle_delay(6, 5, 30, 900), 60);
	assert_int_equal(throttle_delay(7, 5, 30, 900), 120);
	assert_int_equal(throttle_delay(9, 5, 30, 900), 480);
	assert_int_equal(throttle_delay(10, 5, 30, 900), 900);
	assert_int_equal(throttle_delay(100000, 5, 30, 900), 900);
	assert_int_equal(throttle_delay(-1, 5, 30, 900), 0);
}

static void
test_throttle_pair_waits_from_last_failure(void **state)
{
	struct throttle_counts	 c = { 0, 0, 0, 0 };

	(void)state;
	c.pair_failures = THROTTLE_PAIR_FREE - 1;
	assert_int_equal(throttle_wait(&c), 0);
	c.pair_failures = THROTTLE_PAIR_FREE;
	assert_int_equal(throttle_wait(&c), THROTTLE_PAIR_BASE);
	c.pair_since_ms = 1;		/* rounded up */
	assert_int_equal(throttle_wait(&c), THROTTLE_PAIR_BASE);
	c.pair_since_ms = 1000;
	assert_int_equal(throttle_wait(&c), THROTTLE_PAIR_BASE - 1);
	c.pair_since_ms = THROTTLE_PAIR_BASE * 1000L;
	assert_int_equal(throttle_wait(&c), 0);
	c.pair_failures = THROTTLE_PAIR_FREE + 1;	/* grew */
	assert_int_equal(throttle_wait(&c), THROTTLE_PAIR_BASE);
	c.pair_since_ms = -5;		/* a clock step back: full wait */
	assert_int_equal(throttle_wait(&c), 2 * THROTTLE_PAIR_BASE);
}

static void
test_throttle_address_is_soft_and_short(void **state)
{
	struct throttle_counts	 c = { 0, 0, 0, 0 };

	(void)state;
	c.addr_failures = THROTTLE_ADDR_FREE - 1;
	assert_int_equal(throttle_wait(&c), 0);
	c.addr_failures = THROTTLE_ADDR_FREE;
	assert_int_equal(throttle_wait(&c), THROTTLE_ADDR_BASE);
	c.addr_failures = 1000000;	/* never more than the cap */
	assert_int_equal(throttle_wait(&c), THROTTLE_ADDR_CAP);
	c.addr_since_ms = THROTTLE_ADDR_CAP * 1000L;
	assert_int_equal(throttle_wait(&c), 0);
}

static void
test_throttle_longest_wait_wins(void **state)
{
	struct throttle_counts	 c = { THROTTLE_PAIR_FREE + 2, 0,
	    THROTTLE_ADDR_FREE, 0 };

	(void)state;
	assert_int_equal(throttle_wait(&c), 4 * THROTTLE_PAIR_BASE);
	c.pair_failures = 0;
	assert_int_equal(throttle_wait(&c), THROTTLE_ADDR_BASE);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_throttle_delay_grows_to_cap),
		cmocka_unit_test(test_throttle_pair_waits_from_last_failure),
		cmocka_unit_test(test_throttle_address_is_soft_and_short),
		cmocka_unit_test(test_throttle_longest_wait_wins),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

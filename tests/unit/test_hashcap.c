/*
 * test_hashcap.c - the cap on concurrent hashes (lib/hashcap): other
 * processes holding every slot means "busy" at once; a slot comes back
 * when given back, and when its holder dies.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include "hashcap.h"

static char	 path[64];

/* A child that takes a slot, says so on fd, and waits to be killed. */
static pid_t
holder(struct hashcap *h, long *slot)
{
	int	 p[2];
	pid_t	 pid;
	long	 s;

	assert_int_equal(pipe(p), 0);
	if ((pid = fork()) == 0) {
		s = hashcap_take(h);
		if (write(p[1], &s, sizeof(s)) != sizeof(s))
			_exit(1);
		for (;;)
			pause();
	}
	assert_true(pid > 0);
	assert_int_equal(read(p[0], slot, sizeof(*slot)), sizeof(*slot));
	close(p[0]);
	close(p[1]);
	return pid;
}

static void
stop(pid_t pid)
{
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
}

static void
test_hashcap_busy_when_others_hold_all(void **state)
{
	struct hashcap	 h;
	long		 a, b, s;
	pid_t		 pa, pb;

	(void)state;
	snprintf(path, sizeof(path), "/tmp/gp-hashcap-%ld", (long)getpid());
	assert_int_equal(hashcap_open(&h, path, 2), 0);
	pa = holder(&h, &a);
	pb = holder(&h, &b);
	assert_true(a >= 0 && b >= 0 && a != b);
	assert_int_equal(hashcap_take(&h), -1);	/* all busy */
	stop(pa);				/* a dead holder's slot frees */
	s = hashcap_take(&h);
	assert_int_equal(s, a);
	hashcap_give(&h, s);
	stop(pb);
	hashcap_close(&h);
	unlink(path);
}

static void
test_hashcap_given_back_is_free(void **state)
{
	struct hashcap	 h;
	long		 a, s;
	pid_t		 pa;

	(void)state;
	snprintf(path, sizeof(path), "/tmp/gp-hashcap-%ld", (long)getpid());
	assert_int_equal(hashcap_open(&h, path, 1), 0);
	s = hashcap_take(&h);
	assert_int_equal(s, 0);
	pa = holder(&h, &a);
	assert_int_equal(a, -1);		/* the parent holds the one */
	stop(pa);
	hashcap_give(&h, s);
	pa = holder(&h, &a);
	assert_int_equal(a, 0);
	stop(pa);
	hashcap_close(&h);
	unlink(path);
}

static void
test_hashcap_none_means_no_cap(void **state)
{
	struct hashcap	 h = { -1, 0 };

	(void)state;
	assert_int_equal(hashcap_take(&h), 0);
	hashcap_give(&h, 0);
	assert_int_equal(hashcap_open(&h, "/tmp/never-made", 0), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hashcap_busy_when_others_hold_all),
		cmocka_unit_test(test_hashcap_given_back_is_free),
		cmocka_unit_test(test_hashcap_none_means_no_cap),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

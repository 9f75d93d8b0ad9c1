/*
 * hashcap.c - a cap on concurrent password hashes (see hashcap.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "hashcap.h"
#include "log.h"

int
hashcap_open(struct hashcap *h, const char *path, long n)
{
	h->fd = -1;
	h->slots = 0;
	if (n < 1) {
		errno = EINVAL;
		return -1;
	}
	if ((h->fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW,
	    0600)) == -1)
		return -1;
	h->slots = n;
	return 0;
}

static int
lock_byte(int fd, long slot, short type)
{
	struct flock	 fl;

	memset(&fl, 0, sizeof(fl));
	fl.l_type = type;
	fl.l_whence = SEEK_SET;
	fl.l_start = slot;
	fl.l_len = 1;
	return fcntl(fd, F_SETLK, &fl);
}

long
hashcap_take(struct hashcap *h)
{
	long	 i;

	if (h->fd == -1)
		return 0;
	for (i = 0; i < h->slots; i++) {
		if (lock_byte(h->fd, i, F_WRLCK) == 0)
			return i;
		if (errno != EAGAIN && errno != EACCES) {
			log_error("hashcap: lock: %s", strerror(errno));
			return -1;
		}
	}
	return -1;
}

void
hashcap_give(struct hashcap *h, long slot)
{
	if (h->fd == -1 || slot < 0 || slot >= h->slots)
		return;
	if (lock_byte(h->fd, slot, F_UNLCK) == -1)
		log_error("hashcap: unlock: %s", strerror(errno));
}

void
hashcap_close(struct hashcap *h)
{
	if (h->fd != -1)
		close(h->fd);
	h->fd = -1;
	h->slots = 0;
}

/*
 * hashcap.h - at most N password hashes at once on this host.
 *
 * argon2id takes a core and 19 MiB for tens of milliseconds; a flood of
 * wrong passwords would have every worker hashing and nobody reading. A
 * worker takes a slot before it checks a password and gives it back
 * after; when all slots are taken the attempt is refused at once (429),
 * before any statement.
 *
 * A slot is a POSIX record lock (fcntl F_SETLK) on one byte of a file
 * the master creates before it forks. Such a lock belongs to the process
 * and the kernel drops it when the process dies, so a worker killed in
 * the middle of a hash never leaves a slot taken (a shared-memory
 * semaphore would stay counted down). Workers are single-threaded
 * processes, so one process never holds two slots.
 *
 * Owns: the slot file's descriptor and its locks. Never: hashes, or
 * waits for a slot.
 */
#ifndef GP_HASHCAP_H
#define GP_HASHCAP_H

struct hashcap {
	int	 fd;		/* -1: no cap (every attempt may hash) */
	long	 slots;
};

/* Opens (creating, mode 0600) the slot file at path for n slots. 0 or -1
 * (errno set). */
int	 hashcap_open(struct hashcap *, const char *path, long n);
/* A free slot's number (>= 0), taken; -1 when all are busy or on an
 * error (logged). Always 0 without a cap. */
long	 hashcap_take(struct hashcap *);
/* Gives slot back (a number hashcap_take returned). */
void	 hashcap_give(struct hashcap *, long slot);
void	 hashcap_close(struct hashcap *);

#endif

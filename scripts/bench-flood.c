/*
 * bench-flood.c - make bench, flood scenario: wrong passwords from many
 * addresses at once (README, "Limits per client").
 *
 * Usage: bench-flood PORT ADDRESSES SECONDS RATE OUT
 * Each of ADDRESSES clients (127.0.5.1, 127.0.5.2, ...: its own source
 * address on the loopback, one thread each) fetches the log-in form once
 * and then posts a wrong password for a new made-up user name on a
 * kept-alive connection (a new one when nginx closes it), for SECONDS:
 * RATE posts a second per address (0: as fast as they are answered).
 * Writes one line to OUT: posts sent, a count per status, and the CPU
 * time this program used ("sent 5123 200:410 429:4713 cpu 0.41").
 *
 * Written in C (it was Python) because the flood runs on the same cores
 * as the portal: a client that costs more per post than the portal
 * spends refusing it measures the client. Numbers only; nothing is
 * judged here.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#define MAX_ADDRS	250
#define NSTATUS		600

static int		 port;
static double		 until, rate;
static pthread_mutex_t	 lock = PTHREAD_MUTEX_INITIALIZER;
static long		 counts[NSTATUS], errors;

static double
now(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int
dial(const char *addr)
{
	struct sockaddr_in	 src, dst;
	int			 fd, one = 1;

	if ((fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0)) == -1)
		return -1;
	memset(&src, 0, sizeof(src));
	src.sin_family = AF_INET;
	inet_pton(AF_INET, addr, &src.sin_addr);
	memset(&dst, 0, sizeof(dst));
	dst.sin_family = AF_INET;
	dst.sin_port = htons((unsigned short)port);
	inet_pton(AF_INET, "127.0.0.1", &dst.sin_addr);
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	if (bind(fd, (struct sockaddr *)&src, sizeof(src)) == -1 ||
	    connect(fd, (struct sockaddr *)&dst, sizeof(dst)) == -1) {
		close(fd);
		return -1;
	}
	return fd;
}

static int
send_all(int fd, const char *s, size_t n)
{
	ssize_t	 w;

	while (n > 0) {
		if ((w = write(fd, s, n)) <= 0) {
			if (w == -1 && errno == EINTR)
				continue;
			return -1;
		}
		s += w;
		n -= (size_t)w;
	}
	return 0;
}

/* One answer: its status, its head in head (NUL-ended) and its body in
 * body (up to bodymax, NUL-ended). *keep: the connection may be used
 * again. -1 on an error or an answer this reader does not know. */
static int
read_answer(int fd, char *buf, size_t bufsz, char *body, size_t bodymax,
    int *keep)
{
	size_t	 have = 0, hlen, blen, want;
	ssize_t	 n;
	char	*end, *p;
	long	 clen = -1;
	int	 status;

	*keep = 0;
	for (;;) {
		if (have + 1 >= bufsz)
			return -1;
		if ((n = read(fd, buf + have, bufsz - 1 - have)) <= 0)
			return -1;
		have += (size_t)n;
		buf[have] = '\0';
		if ((end = strstr(buf, "\r\n\r\n")) != NULL)
			break;
	}
	hlen = (size_t)(end - buf) + 4;
	if (sscanf(buf, "HTTP/1.%*d %d", &status) != 1)
		return -1;
	*end = '\0';
	if ((p = strcasestr(buf, "\r\nContent-Length:")) != NULL)
		clen = strtol(p + 17, NULL, 10);
	if (clen < 0)		/* chunked or until close: not kept */
		return -1;
	*keep = strcasestr(buf, "\r\nConnection: close") == NULL;
	want = (size_t)clen;
	blen = have - hlen;
	if (body != NULL && bodymax > 0) {
		size_t	 k = blen < bodymax - 1 ? blen : bodymax - 1;

		memcpy(body, buf + hlen, k);
		body[k] = '\0';
	}
	/* the rest of the body, read and dropped (or kept for the form) */
	while (blen < want) {
		char	 tmp[16384];
		size_t	 k;

		if ((n = read(fd, tmp, sizeof(tmp))) <= 0)
			return -1;
		if (body != NULL && blen < bodymax - 1) {
			k = (size_t)n < bodymax - 1 - blen ? (size_t)n :
			    bodymax - 1 - blen;
			memcpy(body + blen, tmp, k);
			body[blen + k] = '\0';
		}
		blen += (size_t)n;
	}
	return status;
}

struct client {
	char		 addr[32];
	char		 cookie[512];
	char		 csrf[65];
};

/* The form's token and the cookies it is bound to. 0 or -1. */
static int
get_form(struct client *c)
{
	static const char req[] = "GET /inloggen HTTP/1.1\r\nHost: "
	    "127.0.0.1\r\nConnection: close\r\n\r\n";
	char	 head[65536], *body, *p, *q;
	int	 fd, keep, st;
	size_t	 n = 0;

	if ((body = malloc(262144)) == NULL)
		return -1;
	if ((fd = dial(c->addr)) == -1 || send_all(fd, req, sizeof(req) - 1)
	    == -1) {
		free(body);
		if (fd != -1)
			close(fd);
		return -1;
	}
	st = read_answer(fd, head, sizeof(head), body, 262144, &keep);
	close(fd);
	/* cookies: every Set-Cookie's name=value */
	c->cookie[0] = '\0';
	for (p = head; st == 200 && (p = strcasestr(p, "\r\nSet-Cookie: "))
	    != NULL; p += 14) {
		q = p + 14;
		n = strcspn(q, ";\r");
		if (strlen(c->cookie) + n + 3 >= sizeof(c->cookie))
			break;
		if (c->cookie[0] != '\0')
			strncat(c->cookie, "; ", sizeof(c->cookie) - 1 -
			    strlen(c->cookie));
		strncat(c->cookie, q, n);
	}
	p = st == 200 ? strstr(body, "name=\"csrf\" value=\"") : NULL;
	if (p == NULL || strlen(p + 19) < 64) {
		free(body);
		return -1;
	}
	memcpy(c->csrf, p + 19, 64);
	c->csrf[64] = '\0';
	free(body);
	return 0;
}

static void
count(int status)
{
	pthread_mutex_lock(&lock);
	if (status > 0 && status < NSTATUS)
		counts[status]++;
	else
		errors++;
	pthread_mutex_unlock(&lock);
}

static void *
flood(void *arg)
{
	struct client	*c = arg;
	char		 req[2048], form[256], head[65536];
	double		 next = now();
	long		 n = 0;
	int		 fd = -1, keep, st, len;

	if (get_form(c) == -1) {
		count(-1);
		return NULL;
	}
	while (now() < until) {
		if (rate > 0) {
			double	 wait = next - now();

			if (wait > 0)
				usleep((useconds_t)(wait * 1e6));
			next += 1.0 / rate;
			if (now() >= until)
				break;
		}
		n++;
		snprintf(form, sizeof(form), "csrf=%s&username=flood-%s-%ld"
		    "&password=raden", c->csrf, c->addr, n);
		len = snprintf(req, sizeof(req), "POST /inloggen HTTP/1.1\r\n"
		    "Host: 127.0.0.1\r\nCookie: %s\r\nContent-Type: "
		    "application/x-www-form-urlencoded\r\nContent-Length: %zu"
		    "\r\n\r\n%s", c->cookie, strlen(form), form);
		if (len < 0 || (size_t)len >= sizeof(req))
			break;
		if (fd == -1 && (fd = dial(c->addr)) == -1) {
			count(-1);
			usleep(1000);
			continue;
		}
		if (send_all(fd, req, (size_t)len) == -1 ||
		    (st = read_answer(fd, head, sizeof(head), NULL, 0, &keep))
		    == -1) {
			count(-1);
			close(fd);
			fd = -1;
			continue;
		}
		count(st);
		if (!keep) {
			close(fd);
			fd = -1;
		}
	}
	if (fd != -1)
		close(fd);
	return NULL;
}

int
main(int argc, char *argv[])
{
	static struct client	 cl[MAX_ADDRS];
	pthread_t		 th[MAX_ADDRS];
	struct rusage		 ru;
	FILE			*f;
	long			 i, n, sent = 0;
	double			 secs;

	if (argc != 6) {
		fprintf(stderr, "usage: bench-flood PORT ADDRESSES SECONDS "
		    "RATE OUT\n");
		return 2;
	}
	port = (int)strtol(argv[1], NULL, 10);
	n = strtol(argv[2], NULL, 10);
	secs = strtod(argv[3], NULL);
	rate = strtod(argv[4], NULL);
	if (port <= 0 || n < 1 || n > MAX_ADDRS || secs <= 0 || rate < 0) {
		fprintf(stderr, "bench-flood: bad arguments\n");
		return 2;
	}
	until = now() + secs;
	for (i = 0; i < n; i++) {
		snprintf(cl[i].addr, sizeof(cl[i].addr), "127.0.5.%ld", i + 1);
		if (pthread_create(&th[i], NULL, flood, &cl[i]) != 0) {
			fprintf(stderr, "bench-flood: no thread\n");
			return 1;
		}
	}
	for (i = 0; i < n; i++)
		pthread_join(th[i], NULL);
	getrusage(RUSAGE_SELF, &ru);
	for (i = 0; i < NSTATUS; i++)
		sent += counts[i];
	sent += errors;
	if ((f = fopen(argv[5], "w")) == NULL)
		return 1;
	fprintf(f, "sent %ld", sent);
	for (i = 0; i < NSTATUS; i++)
		if (counts[i] > 0)
			fprintf(f, " %ld:%ld", i, counts[i]);
	if (errors > 0)
		fprintf(f, " error:%ld", errors);
	fprintf(f, " cpu %.2f\n", (double)(ru.ru_utime.tv_sec +
	    ru.ru_stime.tv_sec) + (double)(ru.ru_utime.tv_usec +
	    ru.ru_stime.tv_usec) / 1e6);
	fclose(f);
	return 0;
}

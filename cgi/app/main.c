/*
 * main.c - the portal binary.
 *
 *   portal serve -c FILE        master + FastCGI workers
 *   portal check -c FILE        load config, templates and languages; exit
 *   portal hash-password        argon2id hash of a password read from stdin
 *   portal routes               the route table (cgi/app/routes.c), checked
 *   portal totp-enrol USER -c FILE
 *                               a new secret for the staff member's code app,
 *                               shown once at their next log-in
 *
 * The master opens the FastCGI socket, loads everything read-only
 * (config, templates, secret), drops privileges, and forks the workers. It
 * restarts a worker that dies (within 100 ms) and replaces one that has
 * served max_requests (the worker leaves by itself). On SIGTERM or SIGINT
 * it tells the workers to stop; each finishes the request it is serving,
 * and those already queued on the socket (nginx sent them: dropped, they
 * would be a 502), then leaves.
 * Before forking, the master prepares every statement once and refuses
 * to start when one is not as declared (lib/db names it); a worker that
 * finds the same later leaves at once.
 */
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>

#include <errno.h>
#include <limits.h>
#include <grp.h>
#include <poll.h>
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <fcgiapp.h>

#include "auth.h"
#include "log.h"
#include "outbox/outboxd.h"
#include "research/research.h"
#include "core/portal.h"
#include "app/stmt_registry.h"
#include "totp.h"
#include "util.h"

#define MAX_WORKERS	256
#define STOP_GRACE_MS	10000

static volatile sig_atomic_t	 stopping;

static void
on_stop(int sig)
{
	(void)sig;
	stopping = 1;
	/* Not FCGX_ShutdownPending(): fcgi2 would then refuse to accept the
	 * requests still queued, which drain() answers. accept() returns on
	 * this signal anyway (FCGI_FAIL_ACCEPT_ON_INTR, no SA_RESTART). */
}

static void
sleep_ms(long ms)
{
	struct timespec	 ts = { ms / 1000, (ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

static void
usage(void)
{
	fprintf(stderr, "usage: portal serve -c FILE | portal outbox -c FILE | "
	    "portal check -c FILE | "
	    "portal hash-password | portal routes | "
	    "portal totp-enrol USER -c FILE | "
	    "portal export-research -c FILE\n");
}

static int
load_secret(struct app *app)
{
	struct stat	 st;
	char		*text;
	size_t		 len, n;

	if (stat(app->cfg.secret_file, &st) == 0 && (st.st_mode & 077) != 0) {
		log_error("secret_file %s: readable by others; chmod 600 it",
		    app->cfg.secret_file);
		return -1;
	}
	if (util_read_file(app->cfg.secret_file, 4096, &text, &len) == -1) {
		log_error("secret_file %s: %s", app->cfg.secret_file,
		    strerror(errno));
		return -1;
	}
	while (len > 0 && (text[len - 1] == '\n' || text[len - 1] == ' '))
		text[--len] = '\0';
	n = len / 2;
	if (len % 2 != 0 || n < 32 || n > sizeof(app->secret) ||
	    util_unhex(text, app->secret, n) == -1) {
		log_error("secret_file: need 64 to 128 hex characters");
		free(text);
		return -1;
	}
	app->secretlen = n;
	free(text);
	return 0;
}

/* The B1 check's rules (lib/b1): the jargon list (jargon_file, else
 * i18n/jargon-nl.txt beside the templates directory) and the Dutch
 * hyphenation patterns (hyphen_file, else Debian's hyphen-nl; without
 * them syllables are counted by vowels only, and the log says so). */
static int
load_b1(struct app *app)
{
	char		 err[512], jargon[PATH_MAX];
	const char	*hyph = app->cfg.hyphen_file != NULL ?
	    app->cfg.hyphen_file : "/usr/share/hyphen/hyph_nl_NL.dic";

	if (app->cfg.jargon_file != NULL)
		snprintf(jargon, sizeof(jargon), "%s", app->cfg.jargon_file);
	else
		snprintf(jargon, sizeof(jargon), "%s/../i18n/jargon-nl.txt",
		    app->cfg.templates);
	if (b1_rules_load(&app->b1, hyph, jargon, err, sizeof(err)) == -1) {
		log_error("b1: %s", err);
		return -1;
	}
	if (!b1_rules_have_patterns(app->b1))
		log_info("b1: no hyphenation patterns in %s: syllables by "
		    "vowels only", hyph);
	return 0;
}

/* Dutch content is marked lang="nl" on a page in another language
 * (lib/tmpl.h); youths' Dutch is Dutch too. */
static int
page_not_dutch(void)
{
	const struct i18n_lang	*l = i18n_current();

	return l != NULL && strcmp(l->code, "nl") != 0;
}

/* Everything read-only that workers share. */
static int
app_load(struct app *app, const char *conf)
{
	char	 err[512];

	if (config_load(&app->cfg, conf, err, sizeof(err)) == -1) {
		log_error("config: %s", err);
		return -1;
	}
	log_set_debug(app->cfg.log_debug);
	if (routes_check(err, sizeof(err)) == -1) {
		log_error("%s", err);
		return -1;
	}
	if ((app->tmpl = tmpl_load_dir(app->cfg.templates, err,
	    sizeof(err))) == NULL) {
		log_error("templates: %s", err);
		return -1;
	}
	tmpl_set_translator(i18n_gettext, i18n_ngettext);
	tmpl_set_dutch_marker(page_not_dutch);
	if (i18n_init(app->cfg.locale_dir != NULL ? app->cfg.locale_dir :
	    "build/locale") == -1)
		return -1;
	if (load_secret(app) == -1)
		return -1;
	if (load_b1(app) == -1)
		return -1;
	if (auth_init() == -1) {
		log_error("auth: cannot make the dummy hash");
		return -1;
	}
	if (totp_init() == -1) {
		log_error("totp: liboath does not start");
		return -1;
	}
	return 0;
}

static int
drop_privileges(const char *user)
{
	struct passwd	*pw;

	if (user == NULL || *user == '\0' || getuid() != 0)
		return 0;
	if ((pw = getpwnam(user)) == NULL) {
		log_error("user %s does not exist", user);
		return -1;
	}
	/* The user's own groups and no other: its supplementary groups
	 * are how it reaches what it shares with one other service (the
	 * database's socket, scripts/stack.sh), nothing of root's. */
	if (initgroups(user, pw->pw_gid) == -1 ||
	    setresgid(pw->pw_gid, pw->pw_gid, pw->pw_gid) == -1 ||
	    setresuid(pw->pw_uid, pw->pw_uid, pw->pw_uid) == -1) {
		log_error("cannot become %s: %s", user, strerror(errno));
		return -1;
	}
	if (setuid(0) != -1) {
		log_error("privileges not dropped");
		return -1;
	}
	return 0;
}

/*
 * Stopping: answer what is already queued on the socket (nginx has sent
 * it), then go. poll() says whether anything waits; if another worker
 * takes it first, accept() blocks until the master's next SIGTERM (every
 * 200 ms while stopping) interrupts it. SIGTERM is blocked while a request
 * is answered, as in the main loop.
 */
static void
drain(struct app *app, struct arena *a, FCGX_Request *fr, int listen_fd,
    const sigset_t *term, const sigset_t *none)
{
	struct pollfd	 pfd;

	pfd.fd = listen_fd;
	pfd.events = POLLIN;
	for (;;) {
		sigprocmask(SIG_SETMASK, none, NULL);
		if (poll(&pfd, 1, 0) != 1 || (pfd.revents & POLLIN) == 0 ||
		    FCGX_Accept_r(fr) < 0)
			return;
		sigprocmask(SIG_BLOCK, term, NULL);
		app_handle(app, a, fr);
		FCGX_Finish_r(fr);
		arena_reset(a);
	}
}

static void
worker(struct app *app, int listen_fd)
{
	FCGX_Request	 fr;
	struct arena	*a;
	struct sigaction sa;
	sigset_t	 term, none;
	long		 served = 0;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_stop;	/* no SA_RESTART: accept() returns */
	sigaction(SIGTERM, &sa, NULL);
	sa.sa_handler = SIG_IGN;
	sigaction(SIGINT, &sa, NULL);	/* the master decides */
	sigaction(SIGPIPE, &sa, NULL);
	sigemptyset(&term);
	sigaddset(&term, SIGTERM);
	sigemptyset(&none);

	if ((a = arena_new(0)) == NULL ||
	    (app->db = db_new(app->cfg.database)) == NULL ||
	    FCGX_InitRequest(&fr, listen_fd, FCGI_FAIL_ACCEPT_ON_INTR) != 0) {
		log_error("worker: out of memory at start");
		_exit(1);
	}
	db_set_tables(app->db, stmt_registry, stmt_registry_n);
	/* connect early; retried per request, unless the statements and
	 * the database are out of step (logged by lib/db) */
	if (db_ensure(app->db) == DB_ERROR) {
		log_error("worker: statements do not match the database");
		_exit(1);
	}

	while (!stopping && served < app->cfg.max_requests) {
		sigprocmask(SIG_SETMASK, &none, NULL);
		if (stopping)
			break;
		if (FCGX_Accept_r(&fr) < 0) {
			if (stopping)
				break;
			if (errno == EINTR)
				continue;
			log_error("worker: accept: %s", strerror(errno));
			break;
		}
		/* A stop request waits until this request is answered. */
		sigprocmask(SIG_BLOCK, &term, NULL);
		app_handle(app, a, &fr);
		FCGX_Finish_r(&fr);
		arena_reset(a);
		served++;
	}
	if (stopping)
		drain(app, a, &fr, listen_fd, &term, &none);
	db_free(app->db);
	arena_free(a);
	_exit(0);
}

static pid_t
spawn(struct app *app, int listen_fd)
{
	pid_t	 pid;

	if ((pid = fork()) == -1) {
		log_error("fork: %s", strerror(errno));
		return -1;
	}
	if (pid == 0)
		worker(app, listen_fd);
	return pid;
}

/* Prepares every statement once: -1 (logged) when one is not as
 * declared; PostgreSQL not reachable yet is left to the workers. */
static int
check_stmts(const struct app *app)
{
	struct db	*db;
	enum db_err	 e;

	if ((db = db_new(app->cfg.database)) == NULL)
		return -1;
	db_set_tables(db, stmt_registry, stmt_registry_n);
	e = db_ensure(db);
	db_free(db);
	if (e == DB_ERROR) {
		log_error("portal: statements do not match the database; "
		    "not starting");
		return -1;
	}
	return 0;
}

/*
 * The cap on password hashes at once (lib/hashcap.h), made before the
 * fork so every worker shares it: hash_slots, else a quarter of the n
 * workers; at least 1 and, with more than one worker, fewer than n, so a
 * worker is always left for people who are reading.
 */
static int
open_hashcap(struct app *app, long n)
{
	char	 path[4096];
	long	 slots;

	slots = app->cfg.hash_slots > 0 ? app->cfg.hash_slots : n / 4;
	if (slots >= n)
		slots = n - 1;
	if (slots < 1)
		slots = 1;
	if (app->cfg.hash_slot_file != NULL)
		snprintf(path, sizeof(path), "%s", app->cfg.hash_slot_file);
	else if ((size_t)snprintf(path, sizeof(path), "%s.hash",
	    app->cfg.socket) >= sizeof(path)) {
		log_error("hash_slot_file: path too long");
		return -1;
	}
	if (hashcap_open(&app->hashcap, path, slots) == -1) {
		log_error("hash_slot_file %s: %s", path, strerror(errno));
		return -1;
	}
	log_info("portal: at most %ld password hashes at once", slots);
	return 0;
}

static int
serve(const char *conf)
{
	struct app	 app;
	struct sigaction sa;
	pid_t		 kids[MAX_WORKERS], pid;
	long		 n, i, waited = 0;
	int		 fd, status, alive;
	memset(&app, 0, sizeof(app));
	if (app_load(&app, conf) == -1)
		return 1;
	n = app.cfg.workers;
	if (n == 0)
		n = 2 * sysconf(_SC_NPROCESSORS_ONLN);
	if (n < 1)
		n = 1;
	if (n > MAX_WORKERS)
		n = MAX_WORKERS;

	/* Root is needed only to read what belongs to root (the secret);
	 * drop it before touching the file system: the socket is made by
	 * the unprivileged user, in its own directory. */
	if (drop_privileges(app.cfg.user) == -1)
		return 1;
	if (getuid() == 0 || geteuid() == 0) {
		log_error("refusing to serve as root: set user in the config");
		return 1;
	}
	if (check_stmts(&app) == -1)
		return 1;
	if (FCGX_Init() != 0) {
		log_error("FCGX_Init failed");
		return 1;
	}
	unlink(app.cfg.socket);
	if ((fd = FCGX_OpenSocket(app.cfg.socket, 256)) < 0) {
		log_error("cannot open socket %s", app.cfg.socket);
		return 1;
	}
	/* nginx's workers reach it through the group only: the socket's
	 * directory gives it nginx's group (setgid, scripts/stack.sh). */
	if (chmod(app.cfg.socket, 0660) == -1) {
		log_error("chmod %s: %s", app.cfg.socket, strerror(errno));
		return 1;
	}

	if (open_hashcap(&app, n) == -1)
		return 1;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_stop;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sa.sa_handler = SIG_IGN;
	sigaction(SIGPIPE, &sa, NULL);

	for (i = 0; i < n; i++)
		kids[i] = spawn(&app, fd);
	log_info("portal: %ld workers on %s", n, app.cfg.socket);

	while (!stopping) {
		while ((pid = waitpid(-1, &status, WNOHANG)) > 0) {
			for (i = 0; i < n; i++)
				if (kids[i] == pid)
					break;
			if (i == n)
				continue;
			if (WIFSIGNALED(status))
				log_warn("worker %ld died (signal %d); "
				    "restarting", (long)pid, WTERMSIG(status));
			else if (WEXITSTATUS(status) != 0) {
				log_warn("worker %ld exited with %d; "
				    "restarting in 1 s", (long)pid,
				    WEXITSTATUS(status));
				sleep_ms(1000);	/* no busy crash loop */
			}
			kids[i] = stopping ? -1 : spawn(&app, fd);
		}
		/* A slot whose fork failed is tried again. */
		for (i = 0; i < n && !stopping; i++)
			if (kids[i] == -1)
				kids[i] = spawn(&app, fd);
		sleep_ms(100);
	}

	/* Stop: ask every 200 ms (a worker may be just entering accept),
	 * then force after the grace period. */
	log_info("portal: stopping");
	for (;;) {
		alive = 0;
		for (i = 0; i < n; i++) {
			if (kids[i] <= 0)
				continue;
			if (waitpid(kids[i], &status, WNOHANG) == kids[i]) {
				kids[i] = -1;
				continue;
			}
			alive++;
			kill(kids[i], waited >= STOP_GRACE_MS ? SIGKILL :
			    SIGTERM);
		}
		if (alive == 0)
			break;
		sleep_ms(200);
		waited += 200;
	}
	unlink(app.cfg.socket);
	log_info("portal: stopped");
	return 0;
}

static int
check(const char *conf)
{
	struct app	 app;

	memset(&app, 0, sizeof(app));
	if (app_load(&app, conf) == -1)
		return 1;
	printf("ok\n");
	b1_rules_free(app.b1);
	tmpl_set_free(app.tmpl);
	config_free(&app.cfg);
	i18n_shutdown();
	return 0;
}

static int
hash_password(void)
{
	char	 pw[AUTH_MAX_PASSWORD + 2], out[AUTH_HASH_LEN];
	size_t	 n;

	if (fgets(pw, sizeof(pw), stdin) == NULL)
		return 1;
	n = strlen(pw);
	if (n > 0 && pw[n - 1] == '\n')
		pw[--n] = '\0';
	if (n == 0 || auth_hash(pw, out) == -1) {
		fprintf(stderr, "portal: cannot hash that password\n");
		return 1;
	}
	printf("%s\n", out);
	return 0;
}

/* `portal routes`: the table as README.md lists it; no configuration,
 * no database. Fails when the table does not hold together. */
static int
routes(void)
{
	char	 err[256];

	if (routes_check(err, sizeof(err)) == -1) {
		fprintf(stderr, "portal: %s\n", err);
		return 1;
	}
	routes_print(stdout);
	return fflush(stdout) == 0 && !ferror(stdout) ? 0 : 1;
}

/*
 * `portal totp-enrol USER -c FILE`: a new secret for a staff member (the
 * old one stops working), shown once on their next log-in; their pending
 * log-ins end. The secret is never printed or logged here.
 */
static int
totp_enrol(const char *username, const char *conf)
{
	struct config	 cfg;
	struct db	*db = NULL;
	PGresult	*res;
	char		 err[256], user[AUTH_MAX_USERNAME + 1];
	char		 secret[TOTP_SECRET_B32_MAX + 1];
	const char	*params[2];
	int		 rc = 1;

	if (auth_normalise_username(username, user, sizeof(user)) == -1) {
		fprintf(stderr, "portal: not a user name\n");
		return 2;
	}
	if (config_load(&cfg, conf, err, sizeof(err)) == -1) {
		log_error("config: %s", err);
		return 1;
	}
	if (totp_init() == -1 || totp_secret_new(secret, sizeof(secret)) ==
	    -1) {
		fprintf(stderr, "portal: cannot make a secret\n");
		goto out;
	}
	if ((db = db_new(cfg.database)) == NULL)
		goto out;
	params[0] = user;
	params[1] = secret;
	if (db_begin(db) != DB_OK ||
	    db_exec(db, ST_TOTP_ENROL, params, &res) != DB_OK) {
		fprintf(stderr, "portal: database error\n");
		goto out;
	}
	if (db_rows(res) != 1) {
		fprintf(stderr, "portal: %s is no staff account\n", user);
		goto out;
	}
	params[0] = db_val(res, 0, ENROL_PERSON);
	if (db_exec(db, ST_CHALLENGE_DELETE_PERSON, params, NULL) != DB_OK ||
	    db_commit(db) != DB_OK) {
		fprintf(stderr, "portal: database error\n");
		goto out;
	}
	log_info("totp: new secret for person %s", params[0]);
	printf("%s: new secret; shown once at the next log-in\n", user);
	rc = 0;
out:
	explicit_bzero(secret, sizeof(secret));
	if (db != NULL) {
		db_request_end(db);
		db_free(db);
	}
	config_free(&cfg);
	return rc;
}

/*
 * `portal export-research -c FILE > out.csv`: the anonymised data of the
 * members who said yes on /onderzoek (cgi/research/export.c), as the
 * portal's database role. Nothing on stdout unless it all worked.
 */
static int
export_research(const char *conf)
{
	struct config	 cfg;
	struct db	*db;
	char		 err[256];
	int		 rc;

	if (config_load(&cfg, conf, err, sizeof(err)) == -1) {
		log_error("config: %s", err);
		return 1;
	}
	if ((db = db_new(cfg.database)) == NULL) {
		fprintf(stderr, "portal: cannot reach the database\n");
		config_free(&cfg);
		return 1;
	}
	db_set_tables(db, stmt_registry, stmt_registry_n);
	rc = research_export(db, stdout);
	db_free(db);
	config_free(&cfg);
	return rc;
}

/* `portal outbox -c FILE`: the outbox sender, as the configured user. */
static int
outbox(const char *conf)
{
	struct config	 cfg;
	char		 err[256];
	int		 rc;

	if (config_load(&cfg, conf, err, sizeof(err)) == -1) {
		log_error("config: %s", err);
		return 1;
	}
	log_set_debug(cfg.log_debug);
	if (drop_privileges(cfg.user) == -1) {
		config_free(&cfg);
		return 1;
	}
	if (getuid() == 0 || geteuid() == 0) {
		log_error("refusing to run as root: set user in the config");
		config_free(&cfg);
		return 1;
	}
	rc = outbox_run(&cfg);
	config_free(&cfg);
	return rc;
}

int
main(int argc, char *argv[])
{
	const char	*conf = NULL;

	if (argc >= 4 && strcmp(argv[2], "-c") == 0)
		conf = argv[3];
	if (argc == 4 && strcmp(argv[1], "serve") == 0 && conf != NULL)
		return serve(conf);
	if (argc == 4 && strcmp(argv[1], "outbox") == 0 && conf != NULL)
		return outbox(conf);
	if (argc == 4 && strcmp(argv[1], "check") == 0 && conf != NULL)
		return check(conf);
	if (argc == 4 && strcmp(argv[1], "export-research") == 0 &&
	    conf != NULL)
		return export_research(conf);
	if (argc == 2 && strcmp(argv[1], "hash-password") == 0)
		return hash_password();
	if (argc == 2 && strcmp(argv[1], "routes") == 0)
		return routes();
	if (argc == 5 && strcmp(argv[1], "totp-enrol") == 0 &&
	    strcmp(argv[3], "-c") == 0)
		return totp_enrol(argv[2], argv[4]);
	usage();
	return 2;
}

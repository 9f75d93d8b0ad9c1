/*
 * config.h - the portal's configuration file.
 *
 * Format: one "key = value" per line; '#' starts a comment line; blank
 * lines are ignored; unknown keys and malformed lines are errors (a typo
 * must not silently fall back to a default). Values are taken as written,
 * trimmed of surrounding blanks.
 *
 * Owns: the parsed struct config (process lifetime, read-only after load).
 * Never: reads the environment; it is the file alone, so a running portal
 * can be explained from its config file.
 */
#ifndef GP_CONFIG_H
#define GP_CONFIG_H

#include <stddef.h>

struct config {
	char	*socket;		/* FastCGI unix socket path */
	long	 workers;		/* 0 = 2 x online CPUs */
	long	 max_requests;		/* recycle a worker after this many */
	char	*database;		/* libpq conninfo */
	char	*templates;		/* template directory */
	char	*locale_dir;		/* .mo catalogues */
	char	*secret_file;		/* hex HMAC key, >= 32 bytes */
	int	 secure_cookies;	/* __Host- prefix + Secure */
	char	*smtp_url;
	char	*base_url;		/* for links in mail; no '/' at the end */
	char	*user;			/* drop privileges to this user */
	long	 session_idle_citizen;	/* seconds (default 1800) */
	long	 session_idle_clerk;	/* seconds (default 900) */
	int	 log_debug;
	char	*mail_from;		/* From: of outgoing mail */
	long	 outbox_retry_base;	/* seconds before the 2nd attempt
					 * (default 30; doubles, max 6 h) */
	long	 hash_slots;		/* password hashes at once on this
					 * host (0: a quarter of the workers,
					 * at least 1; always < workers) */
	char	*hash_slot_file;	/* the slots' lock file (default:
					 * the socket's path + ".hash") */
	char	*jargon_file;		/* i18n/jargon-nl.txt for the B1 check
					 * (default: next to templates) */
	char	*hyphen_file;		/* Dutch hyphenation patterns (default:
					 * hyphen-nl's hyph_nl_NL.dic) */
	char	*help_intake;		/* the organisation (slug) whose
					 * intake gets a help request of a
					 * family without professionals
					 * (/hulp-vragen); NULL: none */
	char	*helpdesk_name;		/* who answers the portal's phone
					 * (the "wij" of its pages); with
					 * helpdesk_phone, or neither */
	char	*helpdesk_phone;	/* digits, spaces, + and - */
	char	*helpdesk_hours;	/* when, in Dutch ("maandag tot en met
					 * vrijdag, 9 tot 17 uur"); optional */
	long	 outbox_lease;		/* seconds a claimed outbox row is
					 * its sender's (300): after a crash
					 * it is sent again after this */
};

/* Parses text (for tests). On error returns -1 and writes "line N: what"
 * into err. */
int	config_parse(struct config *, const char *text, char *err, size_t errlen);
int	config_load(struct config *, const char *path, char *err, size_t errlen);
void	config_free(struct config *);

#endif

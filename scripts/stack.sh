#!/usr/bin/env bash
# Starts or stops everything the portal needs, all inside $STATE_DIR:
# a throw-away PostgreSQL cluster (unix socket only), the mail catcher, the
# portal (master + workers) and nginx on 127.0.0.1:$PORT.
#
#   stack.sh start   start all (in the background), load schema + demo data
#   stack.sh stop    stop all that start started
#   stack.sh pg-stop / pg-start   stop or start PostgreSQL only (tests)
#   stack.sh pg-restart fast|immediate   PostgreSQL stopped that way, started
#   stack.sh portal-stop / portal-start   the portal only (tests)
#   stack.sh mailsink-stop / mailsink-start   the mail catcher only (tests)
#   stack.sh outbox-start   the outbox sender again (tests kill it with -9)
#   stack.sh host-kill N / host-start N   portal host N (of HOSTS) crashes
#                 (SIGKILL, master and workers) / starts again (make soak)
#
# Environment: PORT (8080), STATE_DIR (./run), BUILD (build), SMTP_PORT
# (PORT+17), HOSTS (1: portal hosts behind nginx), WORKERS, MAX_REQUESTS, FSYNC (on), OUTBOX_LEASE (300: seconds
# before a mail whose sender died is sent again), OUTBOX_RETRY (30: seconds
# before a mail is tried again, doubling), RESTORE_FROM (a directory made
# by scripts/backup.sh: start on a fresh cluster with that database and
# secret instead of demo data; see scripts/restore.sh).
# Least privilege between processes (issue 17, part 7). As root, each
# service runs as its own unprivileged system user (made when missing):
#   gp-db      PostgreSQL (it refuses root anyway)
#   gp-portal  the portal's master and workers, the outbox sender, the mail
#              catcher (a stand-in for the SMTP server)
#   gp-web     nginx's workers (its master stays root, for the port)
# and two groups join exactly two services each:
#   gp-fcgi    gp-web: reaches the portal's FastCGI socket (sock/, setgid
#              2750 gp-portal:gp-fcgi; the socket 0660)
#   gp-dbsock  gp-portal and gp-db: reaches PostgreSQL's socket (pg/, 0750
#              gp-db:gp-dbsock; the socket 0770 group gp-dbsock; the data
#              directory pg/data stays 0700 gp-db)
# So nginx cannot read the portal's secret nor PostgreSQL's files, and the
# portal cannot read PostgreSQL's files (tests/integration/
# test_process_users.py). Not root: everything runs as the calling user,
# as before, and start says so.
#
# Layout of $STATE_DIR (as root): the directory itself, configs, logs, pid
# files and the CSRF secret (0600) belong to root, so root never writes
# where a service user could plant a symlink; the portal reads the secret
# before it drops root. gp-db owns pg/ (PostgreSQL's admin role needs a
# password that only root has, in admin.pgpass), gp-portal mail/ (0700)
# and sock/ (the socket, made by the portal after it dropped root).
set -euo pipefail
umask 077

ROOT=$(cd "$(dirname "$0")/.." && pwd)
PORT=${PORT:-8080}
STATE_DIR=${STATE_DIR:-$ROOT/run}
BUILD=${BUILD:-build}
case "$BUILD" in /*) ;; *) BUILD=$ROOT/$BUILD ;; esac
SMTP_PORT=${SMTP_PORT:-$((PORT + 17))}
FSYNC=${FSYNC:-on}
PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}
PGDATA=$STATE_DIR/pg/data
PGSOCK=$STATE_DIR/pg
PGPORT=5432

if [ "$(id -u)" -eq 0 ]; then
	DB_USER=gp-db PORTAL_USER=gp-portal WEB_USER=gp-web
	FCGI_GROUP=gp-fcgi DBSOCK_GROUP=gp-dbsock
	# runuser sets the user's supplementary groups too (initgroups)
	as_db() { runuser -u "$DB_USER" -- "$@"; }
	as_portal() { runuser -u "$PORTAL_USER" -- "$@"; }
	as_web() { runuser -u "$WEB_USER" -- "$@"; }
else
	DB_USER=$(id -un) PORTAL_USER=$DB_USER WEB_USER=$DB_USER
	as_db() { "$@"; }
	as_portal() { "$@"; }
	as_web() { "$@"; }
fi

log() { printf 'stack: %s\n' "$*" >&2; }

# The service users and groups (see the top), made once; a user that
# exists is given a missing group.
ensure_users() {
	local u g
	if [ "$(id -u)" -ne 0 ]; then
		log "not root: PostgreSQL, the portal and nginx all run as $DB_USER (no separate service users)"
		return 0
	fi
	for g in "$FCGI_GROUP" "$DBSOCK_GROUP"; do
		getent group "$g" >/dev/null || groupadd --system "$g"
	done
	for u in "$DB_USER:$DBSOCK_GROUP" "$PORTAL_USER:$DBSOCK_GROUP" \
	    "$WEB_USER:$FCGI_GROUP"; do
		g=${u#*:} u=${u%%:*}
		if ! id -u "$u" >/dev/null 2>&1; then
			useradd --system --no-create-home --home-dir /nonexistent \
				--shell /usr/sbin/nologin --user-group --groups "$g" "$u"
		elif ! id -nG "$u" | tr ' ' '\n' | grep -qx "$g"; then
			usermod --append --groups "$g" "$u"
		fi
	done
}

export PGPASSFILE=$STATE_DIR/admin.pgpass

psql_admin() {
	psql -X -q -v ON_ERROR_STOP=1 -h "$PGSOCK" -p $PGPORT -U portal -d portal "$@"
}

# Host I of HOSTS (README.md, "More than one host"): a portal master with
# its workers on its own socket, config, log and pid file; host 1 keeps
# the plain names (portal.conf, sock/portal.sock, pids/portal).
host_name() { [ "${1:-1}" = 1 ] && echo portal || echo "portal-$1"; }

portal_start() {
	local h
	h=$(host_name "${1:-1}")
	cat >"$STATE_DIR/$h.conf" <<CONF
# Written by scripts/stack.sh; see README.md, "Configuration".
socket = $STATE_DIR/sock/$h.sock
workers = ${WORKERS:-0}
max_requests = ${MAX_REQUESTS:-5000}
database = host=$PGSOCK port=$PGPORT dbname=portal user=portal_app connect_timeout=3
templates = $ROOT/templates
locale_dir = $BUILD/locale
secret_file = $STATE_DIR/secret
secure_cookies = no
smtp_url = smtp://127.0.0.1:$SMTP_PORT
base_url = http://127.0.0.1:$PORT
outbox_retry_base = ${OUTBOX_RETRY:-30}
outbox_lease = ${OUTBOX_LEASE:-300}
hash_slots = ${HASH_SLOTS:-0}
help_intake = ${HELP_INTAKE:-wijkteam-centrum}
# demo helpdesk (not a real number); HELPDESK_PHONE= (empty): none
helpdesk_name = $( [ -n "${HELPDESK_PHONE-x}" ] && echo "${HELPDESK_NAME:-de gemeente Rivierstad}" )
helpdesk_phone = ${HELPDESK_PHONE-020 000 0000}
helpdesk_hours = $( [ -n "${HELPDESK_PHONE-x}" ] && echo "${HELPDESK_HOURS:-maandag tot en met vrijdag, van 9 tot 17 uur}" )
user = $( [ "$(id -u)" -eq 0 ] && echo "$PORTAL_USER" )
CONF
	rm -f "$STATE_DIR/sock/$h.sock"
	LOCPATH=$BUILD/locales "$BUILD/portal" serve -c "$STATE_DIR/$h.conf" \
		>>"$STATE_DIR/$h.log" 2>&1 &
	echo $! >"$STATE_DIR/pids/$h"
	for _ in $(seq 100); do [ -S "$STATE_DIR/sock/$h.sock" ] && return 0; sleep 0.1; done
	log "portal did not start; see $STATE_DIR/$h.log"
	tail -n 20 "$STATE_DIR/$h.log" >&2
	exit 1
}

# A host that crashes: its master and every worker at once (SIGKILL), as
# when the machine goes away. Its socket file stays, nobody listens.
host_kill() {
	local f=$STATE_DIR/pids/$(host_name "$1") pid
	[ -f "$f" ] || return 0
	pid=$(cat "$f")
	kill -STOP "$pid" 2>/dev/null || true	# no new workers meanwhile
	pkill -KILL -P "$pid" 2>/dev/null || true
	kill -KILL "$pid" 2>/dev/null || true
	rm -f "$f"
}

# The outbox sender: mails the portal wrote to the outbox table, to the
# mail catcher (same config file as the portal).
outbox_start() {
	LOCPATH=$BUILD/locales "$BUILD/portal" outbox -c "$STATE_DIR/portal.conf" \
		>>"$STATE_DIR/outbox.log" 2>&1 &
	echo $! >"$STATE_DIR/pids/outbox"
}

mailsink_start() {
	as_portal /usr/bin/python3 "$ROOT/scripts/mailsink.py" 127.0.0.1 "$SMTP_PORT" \
		"$STATE_DIR/mail" >>"$STATE_DIR/mailsink.log" 2>&1 &
	echo $! >"$STATE_DIR/pids/mailsink"
	for _ in $(seq 50); do
		(exec 3<>"/dev/tcp/127.0.0.1/$SMTP_PORT") 2>/dev/null && return 0
		sleep 0.1
	done
	log "mail catcher did not start; see $STATE_DIR/mailsink.log"
}

pg_start() {
	# as root: the portal reaches the socket through gp-dbsock, nobody else
	local sockopt="-c unix_socket_permissions=0700"
	[ "$(id -u)" -eq 0 ] && sockopt="-c unix_socket_permissions=0770 -c unix_socket_group=$DBSOCK_GROUP"
	as_db "$PGBIN/pg_ctl" -D "$PGDATA" -l "$STATE_DIR/pg/log" -w -t 60 \
		-o "-c listen_addresses='' -k $PGSOCK -p $PGPORT $sockopt -c fsync=$FSYNC" start >/dev/null
}

# PostgreSQL restarted under load (make soak): MODE fast or immediate.
pg_restart() {
	as_db "$PGBIN/pg_ctl" -D "$PGDATA" -w -t 60 -m "$1" stop >/dev/null || true
	pg_start
}

pg_stop() {
	[ -f "$PGDATA/postmaster.pid" ] || return 0
	as_db "$PGBIN/pg_ctl" -D "$PGDATA" -w -t 60 -m fast stop >/dev/null || true
}

# The database of a backup (scripts/backup.sh) into the fresh cluster,
# with its CSRF secret. The portal's role first, so that the dump's grants
# (portal_app may only add to audit_log) are restored as they were. With
# --create, pg_restore makes the database itself and its settings too
# (sql/015: timezone Europe/Amsterdam; without it every time on a page
# would be an hour off). migrate.sh then adds any migration newer than the
# backup. A restore that fails leaves a half-filled new cluster: remove
# that STATE_DIR and start again.
restore_db() {
	(cd "$RESTORE_FROM" && sha256sum --quiet -c SHA256SUMS) || {
		log "$RESTORE_FROM: files do not match SHA256SUMS"; exit 1; }
	psql -X -q -v ON_ERROR_STOP=1 -h "$PGSOCK" -p $PGPORT -U portal -d postgres \
		-c "CREATE ROLE portal_app LOGIN"
	pg_restore -h "$PGSOCK" -p $PGPORT -U portal -d postgres --create \
		--exit-on-error "$RESTORE_FROM/portal.dump"
	cp "$RESTORE_FROM/secret" "$STATE_DIR/secret.tmp"
	mv "$STATE_DIR/secret.tmp" "$STATE_DIR/secret"
	log "restored from $RESTORE_FROM"
}

start() {
	ensure_users
	mkdir -p "$STATE_DIR"
	STATE_DIR=$(cd "$STATE_DIR" && pwd)
	PGDATA=$STATE_DIR/pg/data PGSOCK=$STATE_DIR/pg
	mkdir -p "$STATE_DIR"/{pg,mail,sock,nginx,pids}
	chmod 0755 "$STATE_DIR" "$STATE_DIR"/{nginx,pids}
	chmod 0700 "$STATE_DIR"/{pg,mail}
	chmod 0750 "$STATE_DIR/sock"
	if [ "$(id -u)" -eq 0 ]; then
		chown root: "$STATE_DIR" "$STATE_DIR"/{nginx,pids}
		chown "$DB_USER:$DBSOCK_GROUP" "$STATE_DIR/pg"
		chmod 0750 "$STATE_DIR/pg"
		chown "$PORTAL_USER:" "$STATE_DIR/mail"
		chown "$PORTAL_USER:$FCGI_GROUP" "$STATE_DIR/sock"
		chmod 2750 "$STATE_DIR/sock"
		# left by the older layout (one service user for all): a cluster
		# and files the new users may not use; the demo starts anew
		if [ -e "$PGDATA" ] && [ "$(stat -c %U "$PGDATA")" != "$DB_USER" ]; then
			log "$PGDATA belongs to $(stat -c %U "$PGDATA"), not $DB_USER: made anew"
			rm -rf "$PGDATA" "$STATE_DIR/pg/log"
		fi
		rm -f "$STATE_DIR"/sock/portal.sock*
		chown -R "$PORTAL_USER:" "$STATE_DIR/mail"
	fi
	if ! as_db test -w "$STATE_DIR/pg" || ! as_portal test -w "$STATE_DIR/sock" ||
	    ! as_web test -x "$STATE_DIR/sock"; then
		log "$DB_USER, $PORTAL_USER or $WEB_USER cannot reach $STATE_DIR (a parent directory is private?)."
		log "Choose another place, for example: make run STATE_DIR=/tmp/gezinsportaal"
		exit 1
	fi

	# 1. PostgreSQL: a fresh cluster every start (throw-away demo data).
	# The admin role "portal" needs a password (only root has it); the
	# portal's own role may connect through the private socket directory.
	local fresh=0
	if [ ! -f "$PGDATA/PG_VERSION" ]; then
		fresh=1
		local pw
		pw=$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')
		printf '%s\n' "$pw" >"$STATE_DIR/pg/pwfile"
		[ "$(id -u)" -eq 0 ] && chown "$DB_USER": "$STATE_DIR/pg/pwfile"
		as_db "$PGBIN/initdb" -D "$PGDATA" -U portal --pwfile="$STATE_DIR/pg/pwfile" \
			--auth-local=scram-sha-256 --auth-host=reject -E UTF8 \
			--locale=C.UTF-8 --no-instructions >"$STATE_DIR/initdb.log"
		rm -f "$STATE_DIR/pg/pwfile"
		printf '*:*:*:portal:%s\n' "$pw" >"$PGPASSFILE"
		chmod 0600 "$PGPASSFILE"
		as_db tee "$PGDATA/pg_hba.conf" >/dev/null <<HBA
# Written by scripts/stack.sh. Only the socket, in a directory of the
# database's and (as root) the portal's user alone.
local	all	portal_app	trust
local	all	portal		scram-sha-256
HBA
	fi
	pg_start
	if [ -n "${RESTORE_FROM:-}" ]; then
		# Only into a cluster made just now: a restore never mixes
		# with data that was there.
		[ $fresh = 1 ] || { log "RESTORE_FROM needs a new STATE_DIR: $PGDATA exists"; exit 1; }
		restore_db
	fi
	psql -X -q -h "$PGSOCK" -p $PGPORT -U portal -d postgres \
		-c "CREATE DATABASE portal" 2>/dev/null || true
	bash "$ROOT/scripts/migrate.sh" -h "$PGSOCK" -p $PGPORT -U portal -d portal
	if [ "$(psql_admin -tAc 'SELECT count(*) FROM person')" = 0 ]; then
		psql_admin -f "$ROOT/sql/demo.sql" >/dev/null
		log "demo data loaded"
	fi

	# 2. Secret for CSRF tokens (HMAC key); made once per state dir.
	# Read by the portal before it drops root: root's alone (umask 077).
	if [ ! -s "$STATE_DIR/secret" ]; then
		head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n' >"$STATE_DIR/secret.tmp"
		mv "$STATE_DIR/secret.tmp" "$STATE_DIR/secret"
	fi

	# 3. Mail catcher (real SMTP on loopback; one file per message).
	mailsink_start

	# 4. The portal (HOSTS of them, each its own socket), and the outbox
	# sender.
	local i more=""
	for i in $(seq "${HOSTS:-1}"); do
		portal_start "$i"
		[ "$i" = 1 ] || more="$more		server unix:$STATE_DIR/sock/portal-$i.sock max_fails=0;\n"
	done
	outbox_start

	# 5. nginx from a prefix, in the foreground of its own process. Its
	# workers run as $WEB_USER (with gp-fcgi, for the socket): if they
	# cannot read static/ where the clone is (a private home directory),
	# serve a copy from the state dir.
	local user_line="" web=$ROOT
	if [ "$(id -u)" -eq 0 ]; then
		user_line="user $WEB_USER;"
		if ! as_web test -r "$ROOT/static/style.css"; then
			rm -rf "$STATE_DIR/web" && mkdir -p "$STATE_DIR/web"
			cp -r "$ROOT/static" "$STATE_DIR/web/static"
			chmod -R a+rX "$STATE_DIR/web"
			web=$STATE_DIR/web
		fi
	fi
	sed -e "s|@STATE_DIR@|$STATE_DIR|g" -e "s|@ROOT@|$ROOT|g" -e "s|@WEB@|$web|g" \
	    -e "s|@PORT@|$PORT|g" -e "s|@USER_LINE@|$user_line|g" \
	    -e "s|@MORE_HOSTS@|$more|g" \
	    -e "s|@LIMIT_EXEMPT@|${LIMIT_EXEMPT:+		$LIMIT_EXEMPT 0;}|g" \
	    "$ROOT/conf/nginx.conf.in" >"$STATE_DIR/nginx.conf"
	nginx -p "$STATE_DIR/" -c "$STATE_DIR/nginx.conf" -e stderr \
		-g 'daemon off;' >>"$STATE_DIR/nginx.log" 2>&1 &
	echo $! >"$STATE_DIR/pids/nginx"

	for _ in $(seq 100); do
		curl -fsS -o /dev/null "http://127.0.0.1:$PORT/health" 2>/dev/null && return 0
		sleep 0.1
	done
	log "the portal does not answer on port $PORT; logs in $STATE_DIR"
	tail -n 20 "$STATE_DIR/portal.log" "$STATE_DIR/nginx.log" >&2 || true
	exit 1
}

stop_pid() {
	local f=$STATE_DIR/pids/$1 pid
	[ -f "$f" ] || return 0
	pid=$(cat "$f")
	if kill -0 "$pid" 2>/dev/null; then
		# runuser does not pass signals on: stop its child first.
		pkill -TERM -P "$pid" 2>/dev/null || true
		kill -TERM "$pid" 2>/dev/null || true
		for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
		kill -KILL "$pid" 2>/dev/null || true
	fi
	rm -f "$f"
}

stop() {
	[ -d "$STATE_DIR" ] || return 0
	STATE_DIR=$(cd "$STATE_DIR" && pwd)
	PGDATA=$STATE_DIR/pg/data
	stop_pid nginx
	stop_pid portal
	local f
	for f in "$STATE_DIR"/pids/portal-*; do
		[ -e "$f" ] && stop_pid "$(basename "$f")"
	done
	stop_pid outbox
	stop_pid mailsink
	pg_stop
}

case "${1:-}" in
start)		start ;;
stop)		stop ;;
pg-stop)	pg_stop ;;
pg-start)	pg_start ;;
pg-restart)	pg_restart "${2:?fast or immediate}" ;;
portal-stop)	STATE_DIR=$(cd "$STATE_DIR" && pwd); stop_pid portal ;;
portal-start)	STATE_DIR=$(cd "$STATE_DIR" && pwd); PGSOCK=$STATE_DIR/pg; portal_start ;;
host-start)	STATE_DIR=$(cd "$STATE_DIR" && pwd); PGSOCK=$STATE_DIR/pg; portal_start "${2:?host number}" ;;
host-kill)	STATE_DIR=$(cd "$STATE_DIR" && pwd); host_kill "${2:?host number}" ;;
mailsink-stop)	STATE_DIR=$(cd "$STATE_DIR" && pwd); stop_pid mailsink ;;
outbox-start)	STATE_DIR=$(cd "$STATE_DIR" && pwd); outbox_start ;;
mailsink-start)	STATE_DIR=$(cd "$STATE_DIR" && pwd); mailsink_start ;;
*)		echo "usage: stack.sh start|stop|pg-stop|pg-start|portal-stop|portal-start|host-start N|host-kill N|mailsink-stop|mailsink-start|outbox-start" >&2; exit 2 ;;
esac

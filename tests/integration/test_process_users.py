"""Least privilege between processes (issue 17, part 7; scripts/stack.sh).

Started as root, PostgreSQL runs as gp-db, the portal (master, workers,
outbox sender) as gp-portal and nginx's workers as gp-web. nginx cannot
read the portal's secret or PostgreSQL's files, the portal cannot read
PostgreSQL's files, and the FastCGI socket reaches nginx's user only
through the shared group gp-fcgi. Not root: every service runs as the
calling user (the fallback stack.sh announces), and that is checked."""
import grp
import os
import pwd
import stat
import subprocess

from portal import STATE_DIR, Client

ROOT = os.geteuid() == 0
SECRET = os.path.join(STATE_DIR, "secret")
PGDATA = os.path.join(STATE_DIR, "pg", "data")
SOCKET = os.path.join(STATE_DIR, "sock", "portal.sock")
PGSOCKET = os.path.join(STATE_DIR, "pg", ".s.PGSQL.5432")


def uid_of(pid):
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith("Uid:"):
                return int(line.split()[1])     # the real uid
    raise AssertionError("no Uid in /proc/%d/status" % pid)


def user_of(pid):
    return pwd.getpwuid(uid_of(pid)).pw_name


def children(pid):
    out = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True,
                         text=True).stdout
    return [int(p) for p in out.split()]


def pid_file(name):
    with open(os.path.join(STATE_DIR, "pids", name)) as f:
        return int(f.read().split()[0])


def postmaster():
    with open(os.path.join(PGDATA, "postmaster.pid")) as f:
        return int(f.readline())


def as_user(user, *cmd):
    """Runs cmd as user (with that user's groups); True if it succeeded."""
    return subprocess.run(["runuser", "-u", user, "--"] + list(cmd),
                          capture_output=True).returncode == 0


CONNECT = ("import socket,sys; s=socket.socket(socket.AF_UNIX); "
           "s.connect(sys.argv[1])")


def test_process_users_each_service_its_own():
    nginx = pid_file("nginx")
    portal = pid_file("portal")
    workers = children(nginx)
    assert workers, "no nginx workers"
    if not ROOT:
        me = pwd.getpwuid(os.getuid()).pw_name
        for pid in [nginx, portal, pid_file("outbox"), postmaster()] + workers:
            assert user_of(pid) == me, (pid, user_of(pid))
        return
    assert user_of(nginx) == "root"                 # the master, for the port
    assert {user_of(p) for p in workers} == {"gp-web"}
    assert user_of(portal) == "gp-portal"           # dropped root itself
    assert {user_of(p) for p in children(portal)} == {"gp-portal"}
    assert user_of(pid_file("outbox")) == "gp-portal"
    assert user_of(postmaster()) == "gp-db"
    # each in the one shared group it needs, and no other service's
    assert "gp-web" in grp.getgrnam("gp-fcgi").gr_mem
    assert set(grp.getgrnam("gp-fcgi").gr_mem) == {"gp-web"}
    assert set(grp.getgrnam("gp-dbsock").gr_mem) == {"gp-db", "gp-portal"}


def test_process_users_secret_only_root_reads():
    st = os.stat(SECRET)
    assert stat.S_IMODE(st.st_mode) == 0o600, oct(st.st_mode)
    if not ROOT:
        assert st.st_uid == os.getuid()
        return
    assert st.st_uid == 0
    # nginx's user cannot read it (the portal read it before dropping root)
    assert as_user("root", "cat", SECRET)           # the check itself works
    assert not as_user("gp-web", "cat", SECRET)
    assert not as_user("gp-portal", "cat", SECRET)
    assert not as_user("gp-db", "cat", SECRET)


def test_process_users_database_files_only_for_the_database():
    version = os.path.join(PGDATA, "PG_VERSION")
    assert stat.S_IMODE(os.stat(PGDATA).st_mode) == 0o700
    if not ROOT:
        return
    assert pwd.getpwuid(os.stat(PGDATA).st_uid).pw_name == "gp-db"
    assert as_user("gp-db", "cat", version)
    for user in ("gp-portal", "gp-web"):
        assert not as_user(user, "cat", version), user
        assert not as_user(user, "ls", PGDATA), user
        assert not as_user(user, "cat", os.path.join(STATE_DIR, "pg", "log")), user
    # the database's socket: the portal's user yes, nginx's user no
    assert as_user("gp-portal", "python3", "-c", CONNECT, PGSOCKET)
    assert not as_user("gp-web", "python3", "-c", CONNECT, PGSOCKET)


def test_process_users_socket_through_the_shared_group():
    st = os.stat(SOCKET)
    assert stat.S_ISSOCK(st.st_mode)
    assert stat.S_IMODE(st.st_mode) == 0o660, oct(st.st_mode)
    if ROOT:
        assert pwd.getpwuid(st.st_uid).pw_name == "gp-portal"
        assert grp.getgrgid(st.st_gid).gr_name == "gp-fcgi"
        d = os.stat(os.path.dirname(SOCKET))
        assert stat.S_IMODE(d.st_mode) == 0o2750, oct(d.st_mode)
        assert as_user("gp-web", "python3", "-c", CONNECT, SOCKET)
        # the database's user is not in the group: no way in
        assert not as_user("gp-db", "python3", "-c", CONNECT, SOCKET)
        # nor can nginx's user read the portal's other files there
        assert os.path.exists(SOCKET + ".hash")
        assert not as_user("gp-web", "cat", SOCKET + ".hash")
    # and the socket works: nginx -> portal -> PostgreSQL
    r = Client().get("/health")
    assert r.status == 200 and r.text.strip() == "ok", r

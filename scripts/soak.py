#!/usr/bin/python3
"""make soak (issue 21, parts 5 and 8): load on a stack of HOSTS portal hosts
(scripts/soak.sh starts it), while one fault after another happens, each
for SOAK_SECONDS; per scenario one line of counts.

Load: SOAK_CLIENTS threads, each a logged-in member: two GETs (the
document page, the list) for every POST of a comment with words of its own
and a fresh form nonce. Afterwards, per scenario:

  GET ok/failed      GETs answered 200 / anything else
  POST 303           comments the portal said it stored
  lost               answered 303 but not in the database
  duplicated         one form stored more than once
  half-stored        a comment without its audit row or without its mails
                     (rows written in the same transaction share now())
  arrived-anyway     answered with an error page (502/503) but stored: what
                     the error pages warn about ("misschien toch aangekomen")
  not-stored         answered with an error page and not stored
  mails              outbox mail rows of the scenario marked sent
  kills              outbox senders SIGKILLed
  copies             a Message-ID the mail catcher received twice
  mail lost          outbox mail rows of the scenario not sent after the
                     outbox drained (2 minutes at most)

Scenarios: host-kill (a whole host SIGKILLed and started again, the hosts
in turn), worker-kill (one worker SIGKILLed every second), pg-fast and
pg-immediate (PostgreSQL restarted every 5 s), smtp-outage (the mail
catcher away for a while and the outbox sender SIGKILLed every two
seconds), mail-kill (the sender SIGKILLed every 0.3-0.7 s while it sends:
"kills" and "copies" say how often a kill fell between the server's "250"
and the mark).
"""
import os
import random
import subprocess
import sys
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "tests", "integration"))
import portal  # noqa: E402
from portal import Client, STATE_DIR, sql  # noqa: E402

SECONDS = int(os.environ.get("SOAK_SECONDS", "60"))
CLIENTS = int(os.environ.get("SOAK_CLIENTS", "8"))
HOSTS = int(os.environ.get("HOSTS", "2"))
USERS = ["sanne", "mark", "lotte", "daan", "emre", "elif"]
NONCE_RE = r'action="/documenten/[^/]+/reacties[^"]*".*?name="nonce" value="([0-9a-f]{32})"'


def stack(*args):
    subprocess.run(["bash", os.path.join(ROOT, "scripts", "stack.sh")] + list(args),
                   check=True, capture_output=True)


def pid(name):
    try:
        with open(os.path.join(STATE_DIR, "pids", name)) as f:
            return int(f.read())
    except (OSError, ValueError):
        return None


def workers(host):
    master = pid("portal" if host == 1 else "portal-%d" % host)
    if master is None:
        return []
    out = subprocess.run(["pgrep", "-P", str(master)], capture_output=True,
                         text=True).stdout
    return [int(p) for p in out.split()]


def healthy(seconds=60):
    """Every host answers again (nginx may still skip one for 10 s)."""
    end = time.monotonic() + seconds
    ok = 0
    while time.monotonic() < end and ok < 20:
        try:
            ok = ok + 1 if Client().get("/health").status == 200 else 0
        except OSError:
            ok = 0
        time.sleep(0.1)
    return ok >= 20


def login(user):
    import re
    for _ in range(50):
        c = Client()
        try:
            if c.login(user).status == 303:
                break
        except OSError:
            pass
        time.sleep(0.2)
    else:
        raise SystemExit("soak: %s cannot log in" % user)
    page = c.get("/documenten").text
    for doc in re.findall(r'href="/documenten/([A-Za-z0-9_-]{22})"', page):
        if re.search(NONCE_RE, c.get("/documenten/" + doc).text, re.S):
            return c, doc, c.csrf("/")
    raise SystemExit("soak: %s may comment on no document" % user)


class Load:
    def __init__(self, tag, sessions):
        self.tag = tag
        self.sessions = sessions
        self.stop = threading.Event()
        self.lock = threading.Lock()
        self.get_ok = self.get_failed = 0
        self.posts = []         # (body, status)
        self.threads = []

    def run(self, i):
        c, doc, csrf = self.sessions[i % len(self.sessions)]
        n = 0
        while not self.stop.is_set():
            n += 1
            for path in ("/documenten/" + doc, "/documenten"):
                try:
                    s = c.get(path).status
                except OSError:
                    s = 0
                with self.lock:
                    if s == 200:
                        self.get_ok += 1
                    else:
                        self.get_failed += 1
                if s != 200:
                    time.sleep(0.05)     # as a person would, not a storm
            body = "soak %s %d.%d %s" % (self.tag, i, n, os.urandom(4).hex())
            try:
                s = c.post("/documenten/%s/reacties" % doc,
                           {"csrf": csrf, "nonce": os.urandom(16).hex(),
                            "body": body, "audience": "gezin"}).status
            except OSError:
                s = 0
            with self.lock:
                self.posts.append((body, s))
            if s != 303:
                time.sleep(0.05)

    def __enter__(self):
        for i in range(CLIENTS):
            t = threading.Thread(target=self.run, args=(i,), daemon=True)
            t.start()
            self.threads.append(t)
        return self

    def __exit__(self, *exc):
        self.stop.set()
        for t in self.threads:
            t.join()


def fault_host_kill(end):
    host = 2
    while time.monotonic() < end:
        time.sleep(3)
        stack("host-kill", str(host))
        time.sleep(3)
        stack("host-start", str(host))
        host = host % HOSTS + 1


def fault_worker_kill(end):
    while time.monotonic() < end:
        time.sleep(1)
        w = workers(random.randint(1, HOSTS))
        if w:
            try:
                os.kill(random.choice(w), 9)
            except ProcessLookupError:
                pass


def fault_pg(mode):
    def f(end):
        while time.monotonic() < end:
            time.sleep(5)
            stack("pg-restart", mode)
    return f


KILLS = [0]     # outbox senders killed in the current scenario


def kill_sender():
    p = pid("outbox")
    if p:
        try:
            os.kill(p, 9)
            KILLS[0] += 1
        except ProcessLookupError:
            pass
    stack("outbox-start")


def fault_smtp(end):
    k = 0
    down = False
    while time.monotonic() < end:
        k += 1
        if k % 5 == 1:
            stack("mailsink-stop")
            down = True
        time.sleep(2)
        kill_sender()
        if k % 5 == 3:
            stack("mailsink-start")
            down = False
    if down:
        stack("mailsink-start")


def fault_mail_kill(end):
    """The sender killed every 0.3-0.7 s while it sends (the catcher up):
    how often a kill falls between the server's "250" and the mark."""
    while time.monotonic() < end:
        time.sleep(random.uniform(0.3, 0.7))
        kill_sender()


def duplicates():
    try:
        with open(os.path.join(STATE_DIR, "mail", ".duplicates")) as f:
            return sum(1 for _ in f)
    except OSError:
        return 0


def drain(since):
    """Waits until the outbox has sent what this scenario wrote."""
    end = time.monotonic() + 120
    while time.monotonic() < end:
        n = int(sql("SELECT count(*) FROM outbox WHERE kind = 'mail' AND sent_at IS NULL "
                    "AND created_at >= '%s' AND not_before <= now() + interval '1 minute' "
                    "AND cancelled_at IS NULL" % since)[0][0])
        if n == 0:
            return
        time.sleep(1)


def check(load, since, mails_per_comment, dup_before):
    stored = {}
    rows = sql("SELECT c.body, count(*) OVER (PARTITION BY c.body), "
               "(SELECT count(*) FROM audit_log a WHERE a.at = c.created_at "
               "   AND a.actor_id = c.author_id AND a.action = 'comment.create'), "
               "(SELECT count(*) FROM outbox o WHERE o.created_at = c.created_at) "
               "FROM document_comment c WHERE c.created_at >= '%s' "
               "AND c.body LIKE 'soak %s %%'" % (since, load.tag))
    half = 0
    for body, n, audits, mails in rows:
        stored[body] = int(n)
        if int(audits) < 1 or int(mails) < mails_per_comment:
            half += 1
    c = dict(ok303=0, lost=0, dup=0, anyway=0, notstored=0, other=0)
    for body, s in load.posts:
        n = stored.get(body, 0)
        if n > 1:
            c["dup"] += 1
        if s == 303:
            c["ok303"] += 1
            if n == 0:
                c["lost"] += 1
        elif s in (502, 503, 504, 0):
            c["anyway" if n else "notstored"] += 1
        else:
            c["other"] += 1
    drain(since)
    # Not sent after the outbox drained. (Whether a sent row reached the
    # mailbox is not counted here: rows for one professional go as one
    # digest under the first row's Message-ID; tests/integration/
    # test_outbox.py checks delivery row by row.)
    unsent = int(sql("SELECT count(*) FROM outbox WHERE kind = 'mail' AND created_at >= '%s' "
                     "AND sent_at IS NULL AND cancelled_at IS NULL "
                     "AND not_before <= now()" % since)[0][0])
    sent = int(sql("SELECT count(*) FROM outbox WHERE kind = 'mail' "
                   "AND created_at >= '%s' AND sent_at IS NOT NULL" % since)[0][0])
    return dict(c, half=half, mail_lost=unsent, mails=sent,
                copies=duplicates() - dup_before)


def main():
    sql("UPDATE notify_limit SET max = max * 1000")
    sessions = [login(USERS[i % len(USERS)]) for i in range(min(CLIENTS, len(USERS)))]
    # How many outbox rows one comment writes (the same for every member
    # here: a mail per professional assigned to the family, at least 1).
    since = sql("SELECT now()")[0][0]
    c, doc, csrf = sessions[0]
    assert c.post("/documenten/%s/reacties" % doc,
                  {"csrf": csrf, "nonce": os.urandom(16).hex(),
                   "body": "soak calibrate", "audience": "gezin"}).status == 303
    per = int(sql("SELECT count(*) FROM outbox o JOIN document_comment c "
                  "ON o.created_at = c.created_at WHERE c.body = 'soak calibrate' "
                  "AND c.created_at >= '%s'" % since)[0][0])
    per = min(per, 1)       # every comment of a member: at least one mail
    scenarios = [("host-kill", fault_host_kill), ("worker-kill", fault_worker_kill),
                 ("pg-fast", fault_pg("fast")), ("pg-immediate", fault_pg("immediate")),
                 ("smtp-outage", fault_smtp), ("mail-kill", fault_mail_kill)]
    only = os.environ.get("SOAK_ONLY")
    print("soak: %d hosts, %d clients, %d s per scenario" % (HOSTS, CLIENTS, SECONDS))
    fmt = ("%-13s %7s %6s %7s %5s %5s %5s %6s %6s %6s %5s %6s %6s")
    print(fmt % ("scenario", "GET ok", "failed", "POST303", "lost", "dup", "half",
                 "anyway", "notst", "mails", "lost", "kills", "copies"))
    bad = 0
    for name, fault in scenarios:
        if only and name not in only.split(","):
            continue
        healthy()
        since = sql("SELECT now()")[0][0]
        dup_before = duplicates()
        KILLS[0] = 0
        end = time.monotonic() + SECONDS
        with Load(name, sessions) as load:
            fault(end)
            rest = end - time.monotonic()
            if rest > 0:
                time.sleep(rest)
        healthy()
        r = check(load, since, per, dup_before)
        print(fmt % (name, load.get_ok, load.get_failed, r["ok303"], r["lost"], r["dup"],
                     r["half"], r["anyway"], r["notstored"], r["mails"], r["mail_lost"],
                     KILLS[0] or "-", r["copies"]), flush=True)
        bad += r["lost"] + r["dup"] + r["half"] + r["mail_lost"]
    print("soak: %s" % ("nothing lost, duplicated or half-stored" if bad == 0 else
                        "%d lost, duplicated or half-stored" % bad))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())

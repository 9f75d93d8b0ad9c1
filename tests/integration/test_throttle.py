"""Log-in throttling that cannot lock anyone out (issue 17, part 3) and
the cap on password hashes (issue 21, part 3).

Someone guessing from one address waits longer after each failure (per
user name and address, and per address); the real user at another
address logs in as always. A "wait" is answered without checking the
password, the same for a known and an unknown name. Clients get their own
address from 127.0.0.0/8. The clock is not waited for: the tests age the
recorded attempts in the database instead."""
import fcntl
import os
import re
import threading

from portal import (Client, PASSWORD, STATE_DIR, TOTP_SECRETS, STEP, sql,
                    text_of, totp)
import time

GENERIC_BAD = "De gebruikersnaam of het wachtwoord klopt niet."
SLOT_FILE = os.path.join(STATE_DIR, "sock", "portal.sock.hash")


def clear(addr):
    sql("DELETE FROM login_attempt WHERE remote_addr = '%s'" % addr)


def age(addr, seconds):
    """As if the attempts from addr were `seconds` older."""
    sql("UPDATE login_attempt SET at = at - interval '%d seconds' "
        "WHERE remote_addr = '%s'" % (seconds, addr))


def waited(r):
    """The wait the page asks for, in seconds (0: none)."""
    t = text_of(r.text)
    m = re.search(r"Wacht ([0-9]+) (seconde|seconden|minuut|minuten)\.", t)
    if not m:
        return 0
    return int(m.group(1)) * (60 if m.group(2).startswith("minu") else 1)


def notice(r):
    m = re.search(r'<div class="notice notice--warning" role="alert" '
                  r'id="wachten">(.*?)</div>', r.text, re.S)
    return m.group(1) if m else None


def session_of(c):
    return any(k.endswith("gp_session") for k in c.cookies)


def test_throttle_attacker_cannot_lock_out_the_real_user():
    attacker = Client(addr="127.0.0.2")
    try:
        for _ in range(5):
            r = attacker.login("lotte", "raden")
            assert r.status == 200 and GENERIC_BAD in r.text, r
        # The attacker's pair waits now, even with the right password
        # (which is not checked: nothing to learn from it).
        r = attacker.login("lotte", PASSWORD)
        assert r.status == 429, r
        assert 0 < waited(r) <= 30, text_of(r.text)
        assert 0 < int(r.header("Retry-After")) <= 30
        assert not session_of(attacker)
        # Lotte at home logs in at once.
        home = Client()
        r = home.login("lotte", PASSWORD)
        assert r.status == 303 and session_of(home), r
        # Every attempt is kept; the "wait" as throttled (no failure).
        rows = sql("SELECT success, throttled FROM login_attempt "
                   "WHERE remote_addr = '127.0.0.2' ORDER BY id")
        assert rows == [["f", "f"]] * 5 + [["f", "t"]], rows
    finally:
        clear("127.0.0.2")


def test_throttle_the_delay_grows_for_the_attackers_pair():
    c = Client(addr="127.0.0.3")
    try:
        for _ in range(5):
            assert c.login("lotte", "raden").status == 200
        r = c.login("lotte", "raden")
        first = waited(r)
        assert r.status == 429 and 0 < first <= 30, r
        age("127.0.0.3", 31)            # the wait is over
        r = c.login("lotte", "raden")   # checked again: wrong
        assert r.status == 200 and GENERIC_BAD in r.text, r
        r = c.login("lotte", "raden")
        second = waited(r)
        assert r.status == 429 and 30 < second <= 60, text_of(r.text)
        age("127.0.0.3", 61)
        assert c.login("lotte", "raden").status == 200
        r = c.login("lotte", PASSWORD)
        assert r.status == 429 and waited(r) == 120, text_of(r.text)
        assert "Wacht 2 minuten." in text_of(r.text)
        # and it ends: after the wait the right password works
        age("127.0.0.3", 121)
        r = c.login("lotte", PASSWORD)
        assert r.status == 303 and session_of(c), r
        # a success starts the pair's count again
        assert Client(addr="127.0.0.3").login("lotte", "raden").status == 200
    finally:
        clear("127.0.0.3")


def test_throttle_no_enumeration_unknown_and_known_answer_the_same():
    a, b = Client(addr="127.0.0.4"), Client(addr="127.0.0.4")
    try:
        for _ in range(5):
            ra = a.login("lotte", "raden")
            rb = b.login("niemand-hier", "raden")
            assert ra.status == rb.status == 200
            assert text_of(ra.text).replace("lotte", "X") == \
                text_of(rb.text).replace("niemand-hier", "X")
        ra = a.login("lotte", "raden")
        rb = b.login("niemand-hier", "raden")
        assert ra.status == rb.status == 429
        assert notice(ra) is not None and notice(ra) == notice(rb)
        assert text_of(ra.text).replace("lotte", "X") == \
            text_of(rb.text).replace("niemand-hier", "X")
    finally:
        clear("127.0.0.4")


def test_throttle_an_address_waits_briefly_not_for_ever():
    c = Client(addr="127.0.0.5")
    try:
        # Thirty failures from one address (many names) are free ...
        sql("INSERT INTO login_attempt (username, remote_addr, success) "
            "SELECT 'naam' || g, '127.0.0.5', false "
            "FROM generate_series(1, 30) g")
        # ... then the address waits a few seconds, for any name,
        r = c.login("lotte", PASSWORD)
        assert r.status == 429 and 0 < waited(r) <= 5, text_of(r.text)
        # never more than a minute,
        sql("INSERT INTO login_attempt (username, remote_addr, success) "
            "SELECT 'naam' || g, '127.0.0.5', false "
            "FROM generate_series(1, 500) g")
        r = c.login("lotte", PASSWORD)
        assert r.status == 429 and 5 < waited(r) <= 60, text_of(r.text)
        # and someone at another address is not slowed down.
        assert Client(addr="127.0.0.6").login("lotte").status == 303
        age("127.0.0.5", 61)
        assert c.login("lotte").status == 303
    finally:
        clear("127.0.0.5")
        clear("127.0.0.6")


def test_throttle_the_code_step_waits_too_and_is_audited():
    addr = "127.0.0.7"
    c = Client(addr=addr)
    try:
        # four failures of this pair so far: the password still goes on
        sql("INSERT INTO login_attempt (username, remote_addr, success) "
            "SELECT 'ellen', '%s', false FROM generate_series(1, 4)" % addr)
        tok = c.csrf("/inloggen")
        r = c.post("/inloggen", {"csrf": tok, "username": "ellen",
                                 "password": PASSWORD})
        assert r.status == 303 and r.header("Location").endswith(
            "/inloggen/code"), r
        cur = int(time.time() // STEP)
        near = {totp(TOTP_SECRETS["ellen"], s) for s in range(cur - 2, cur + 3)}
        wrong = next(totp(TOTP_SECRETS["ellen"], s)
                     for s in range(cur + 10, cur + 100)
                     if totp(TOTP_SECRETS["ellen"], s) not in near)
        denied = int(sql("SELECT count(*) FROM audit_log WHERE action = "
                         "'login.code' AND outcome = 'denied'")[0][0])
        r = c.send_code(wrong)             # the fifth failure
        assert r.status == 200 and "De code klopt niet." in text_of(r.text)
        r = c.send_code(totp(TOTP_SECRETS["ellen"], cur))
        assert r.status == 429 and 0 < waited(r) <= 30, text_of(r.text)
        assert "Log na het wachten opnieuw in" in text_of(r.text)
        assert not session_of(c)
        assert int(sql("SELECT count(*) FROM audit_log WHERE action = "
                       "'login.code' AND outcome = 'denied'")[0][0]) == denied + 2
        assert sql("SELECT count(*) FROM login_attempt WHERE remote_addr = "
                   "'%s' AND throttled" % addr) == [["1"]]
        # Ellen elsewhere: not held up
        r = Client(addr="127.0.0.8").login("ellen")
        assert r.status == 303 and r.header("Location") == "/", r
    finally:
        clear(addr)
        clear("127.0.0.8")


# ---- the cap on hashing (lib/hashcap) ----

def hold_slots():
    """Takes every hash slot of the portal's host, as busy workers would
    (the test's process holds the locks). Returns the open file."""
    f = open(SLOT_FILE, "r+b")
    fcntl.lockf(f, fcntl.LOCK_EX | fcntl.LOCK_NB, 256, 0)
    return f


def test_throttle_hashcap_all_slots_busy_is_429_at_once_without_a_statement():
    before = sql("SELECT count(*) FROM login_attempt")
    f = hold_slots()
    try:
        answers = []

        def one(i):
            c = Client(addr="127.0.1.%d" % (i + 1))
            answers.append(c.login("sanne", PASSWORD if i % 2 else "raden"))
        threads = [threading.Thread(target=one, args=(i,)) for i in range(6)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert [r.status for r in answers] == [429] * 6, answers
        for r in answers:
            t = text_of(r.text)
            assert "Het is nu te druk" in t and "Wacht een minuut." in t, t
            assert r.header("Retry-After") == "10"
            assert "gp_session" not in (r.header("Set-Cookie") or "")
        # refused before any statement: no attempt recorded
        assert sql("SELECT count(*) FROM login_attempt") == before
        # but each refusal is in the audit log, after the answer (NEN 7513)
        assert sql("SELECT count(*) FROM audit_log WHERE remote_addr LIKE "
                   "'127.0.1.%' AND action = 'request.denied' AND outcome = 'denied' "
                   "AND http_status = 429 AND rule = 'auth.hash_slots' "
                   "AND object_id = 'POST /inloggen'") == [["6"]]
    finally:
        f.close()                       # the slots are free again
    assert Client(addr="127.0.1.9").login("sanne").status == 303
    sql("DELETE FROM login_attempt WHERE remote_addr LIKE '127.0.1.%'")


def test_throttle_hashcap_n_plus_five_parallel_logins():
    """More log-ins at once than slots: each is answered, either as
    usual or with the 429 page; the refused ones left no attempt."""
    slots = int(re.findall(r"at most ([0-9]+) password hashes",
                           open(os.path.join(STATE_DIR, "portal.log")).read())[-1])
    n = slots + 5
    answers = []
    lock = threading.Lock()

    def one(i):
        r = Client(addr="127.0.2.%d" % (i + 1)).login("bestaat-niet", "raden")
        with lock:
            answers.append(r)
    threads = [threading.Thread(target=one, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    try:
        statuses = sorted(r.status for r in answers)
        assert set(statuses) <= {200, 429}, statuses
        busy = statuses.count(429)
        rows = int(sql("SELECT count(*) FROM login_attempt WHERE "
                       "remote_addr LIKE '127.0.2.%'")[0][0])
        assert rows == n - busy, (rows, statuses)
        for r in answers:
            assert r.status == 200 and GENERIC_BAD in r.text or \
                "Het is nu te druk" in text_of(r.text)
        # every answer is one audit row (NEN 7513): a wrong password, or
        # no free slot
        got = sql("SELECT action, outcome, http_status, rule, count(*) FROM audit_log "
                  "WHERE remote_addr LIKE '127.0.2.%' AND at > now() - interval "
                  "'10 minutes' GROUP BY 1, 2, 3, 4 ORDER BY 1")
        want = []
        if rows:
            want.append(["login.failed", "failed", "200", "auth.password", str(rows)])
        if busy:
            want.append(["request.denied", "denied", "429", "auth.hash_slots", str(busy)])
        assert got == want, (got, statuses)
    finally:
        sql("DELETE FROM login_attempt WHERE remote_addr LIKE '127.0.2.%'")


# ---- nginx in front (conf/nginx.conf.in) ----

def test_throttle_nginx_limits_log_in_forms_per_address():
    """More than 20 sent forms at once from one address: nginx answers
    429 with its B1 page; pages (GET) and other addresses go on."""
    c = Client(addr="127.0.3.1")
    statuses = [c.post("/inloggen", {"username": "x", "password": "y"}).status
                for _ in range(40)]
    assert statuses.count(429) > 0 and set(statuses) <= {403, 429}, statuses
    r = c.post("/inloggen", {"username": "x", "password": "y"})
    if r.status == 429:
        t = text_of(r.text)
        assert "Het is nu te druk" in t and "Wacht een minuut." in t, t
    assert c.get("/inloggen").status == 200
    assert Client(addr="127.0.3.2").login("sanne").status == 303
    sql("DELETE FROM login_attempt WHERE remote_addr LIKE '127.0.3.%'")

"""The second log-in step for staff (issue 14): a one-time code (TOTP,
RFC 6238) after the password, on POST /inloggen/code."""
import os
import re
import subprocess
import time

from portal import (Client, PASSWORD, ROOT, STATE_DIR, STEP, TOTP_SECRETS,
                    fresh_step, sql, text_of, totp)

# Pages a staff member may reach once logged in; with only the password
# each of them sends to /inloggen.
STAFF_PAGES = ["/documenten", "/documenten/nieuw", "/afspraken",
               "/antwoord", "/verzoeken", "/inzage", "/gegevens", "/delen",
               "/mijn-gegevens", "/mijn-gegevens.json"]


def password_only(user):
    """A client that gave the right password and nothing more."""
    c = Client()
    token = c.csrf("/inloggen")
    r = c.post("/inloggen", {"csrf": token, "username": user,
                             "password": PASSWORD})
    assert r.status == 303, r
    assert r.header("Location").endswith("/inloggen/code"), r.headers
    return c


def session_cookie(c):
    return [k for k in c.cookies if k.endswith("gp_session")]


def person(user):
    return sql("SELECT person_id FROM account WHERE username = '%s'"
               % user)[0][0]


def code_audits(user, outcome):
    return int(sql("SELECT count(*) FROM audit_log WHERE action = "
                   "'login.code' AND outcome = '%s' AND actor_id = %s"
                   % (outcome, person(user)))[0][0])


def not_now(secret):
    """A code that is not the code of any step the portal accepts now."""
    cur = int(time.time() // STEP)
    near = {totp(secret, s) for s in range(cur - 2, cur + 3)}
    for s in range(cur + 10, cur + 100):
        if totp(secret, s) not in near:
            return totp(secret, s)
    raise AssertionError("no wrong code found")


def clear_failures(user):
    sql("DELETE FROM login_attempt WHERE username = '%s'" % user)


def portal_cmd(*args):
    build = os.environ.get("BUILD", "build")
    return subprocess.run(
        [os.path.join(ROOT, build, "portal")] + list(args) +
        ["-c", os.path.join(STATE_DIR, "portal.conf")],
        capture_output=True, text=True)


def test_staff_with_only_the_password_reach_no_page():
    for user in ("fatima", "kees"):
        c = password_only(user)
        assert not session_cookie(c), c.cookies
        for path in STAFF_PAGES:
            r = c.get(path)
            assert r.status == 303, (user, path, r)
            assert r.header("Location").startswith("/inloggen?terug="), (path, r)
        # the start page is the public one, without a name
        r = c.get("/")
        assert r.status == 200 and "Uitloggen" not in r.text, r
        assert "Fatima" not in text_of(r.text), r
        # and a POST gets no further
        r = c.post("/uitloggen", {"csrf": c.csrf("/inloggen/code")})
        assert r.status == 303 and r.header("Location").endswith(
            "/inloggen"), r


def test_the_code_page_without_a_password_sends_to_log_in():
    c = Client()
    r = c.get("/inloggen/code")
    assert r.status == 303 and r.header("Location").endswith("/inloggen")
    token = c.csrf("/inloggen")
    r = c.post("/inloggen/code", {"csrf": token, "code": "123456"})
    assert r.status == 303 and r.header("Location").endswith("/inloggen")
    # a forged challenge cookie is no challenge
    c.cookies["gp_code"] = "ab" * 32
    r = c.get("/inloggen/code")
    assert r.status == 303 and r.header("Location").endswith("/inloggen")


def test_the_code_page_asks_for_the_code_in_plain_words():
    c = password_only("peter")
    r = c.get("/inloggen/code")
    assert r.status == 200, r
    t = text_of(r.text)
    assert "Vul de code uit uw app in." in t, t
    assert 'name="code"' in r.text and 'autocomplete="one-time-code"' in r.text
    assert "<svg" not in r.text     # no enrolment for demo accounts


def test_the_right_code_logs_in():
    c = password_only("fatima")
    r = c.send_code(totp(TOTP_SECRETS["fatima"], fresh_step("fatima")))
    assert r.status == 303 and r.header("Location").endswith("/"), r
    assert session_cookie(c)
    assert not [k for k in c.cookies if k.endswith("gp_code")], c.cookies
    assert "Fatima" in text_of(c.get("/").text)
    assert c.get("/documenten").status == 200


def test_a_code_used_once_is_refused_the_second_time():
    step = fresh_step("peter")
    code = totp(TOTP_SECRETS["peter"], step)
    a = password_only("peter")
    assert a.send_code(code).status == 303
    before = code_audits("peter", "denied")
    b = password_only("peter")
    r = b.send_code(code)
    assert r.status == 200, r
    assert "De code klopt niet." in text_of(r.text), text_of(r.text)
    assert not session_cookie(b)
    assert b.get("/documenten").status == 303
    assert code_audits("peter", "denied") == before + 1
    # an older step than the one used is refused too
    if step - 1 >= int(time.time() // STEP) - 1:
        r = b.send_code(totp(TOTP_SECRETS["peter"], step - 1))
        assert r.status == 200 and not session_cookie(b), r
    clear_failures("peter")


def test_a_wrong_code_gives_a_plain_error_and_an_audit_row():
    before = code_audits("kees", "denied")
    c = password_only("kees")
    r = c.send_code(not_now(TOTP_SECRETS["kees"]))
    assert r.status == 200, r
    t = text_of(r.text)
    assert "Er is een probleem" in t
    assert "De code klopt niet. Vul de nieuwste code uit uw app in." in t, t
    assert 'aria-invalid="true"' in r.text
    assert not session_cookie(c)
    assert code_audits("kees", "denied") == before + 1
    rows = sql("SELECT success FROM login_attempt WHERE username = 'kees' "
               "ORDER BY at DESC LIMIT 1")
    assert rows == [["f"]], rows
    # an expired code (two steps old) is wrong as well
    cur = int(time.time() // STEP)
    r = c.send_code(totp(TOTP_SECRETS["kees"], cur - 3))
    assert r.status == 200 and not session_cookie(c), r
    # letters and too few digits: an error, no log-in
    r = c.send_code("12ab56")
    assert r.status in (200, 429) and not session_cookie(c), r
    clear_failures("kees")


def test_an_empty_code_asks_for_it():
    c = password_only("kees")
    r = c.send_code("")
    assert r.status == 200
    assert "Vul de code uit uw app in." in text_of(r.text)
    assert not session_cookie(c)


def test_a_challenge_ends_after_three_wrong_codes():
    c = password_only("ellen")
    wrong = not_now(TOTP_SECRETS["ellen"])
    for _ in range(2):
        assert "De code klopt niet." in text_of(c.send_code(wrong).text)
    r = c.send_code(wrong)
    assert "Log opnieuw in met uw wachtwoord." in text_of(r.text), r
    assert 'name="code"' not in r.text
    # even the right code does not help now: back to the password
    now = int(time.time() // STEP)
    r = c.post("/inloggen/code", {"csrf": c.csrf("/inloggen"),
                                  "code": totp(TOTP_SECRETS["ellen"], now)})
    assert r.status == 303 and r.header("Location").endswith("/inloggen")
    clear_failures("ellen")


def test_five_wrong_codes_make_this_address_wait():
    clear_failures("ellen")
    wrong = not_now(TOTP_SECRETS["ellen"])
    c = password_only("ellen")
    for _ in range(3):
        c.send_code(wrong)
    # a right password in between does not start the count again
    c = password_only("ellen")
    for _ in range(2):
        r = c.send_code(wrong)
        assert r.status == 200, r
    # the right code (not used up: the lock comes first)
    r = c.send_code(totp(TOTP_SECRETS["ellen"], int(time.time() // STEP)))
    assert r.status == 429, r
    assert re.search(r"Wacht [0-9]+ seconden", text_of(r.text)), r
    assert not session_cookie(c)
    # and the password is refused too, for now
    r = Client().login("ellen")
    assert r.status == 429, r
    clear_failures("ellen")
    assert Client().login("ellen").status == 303


def test_an_administrator_enrols_and_the_qr_code_is_shown_once():
    assert portal_cmd("totp-enrol", "sanne").returncode != 0  # a citizen
    assert portal_cmd("totp-enrol", "niemand").returncode != 0
    shown = ("SELECT count(*) FROM audit_log WHERE action = "
             "'totp.enrolment_shown' AND actor_id = %s" % person("ellen"))
    before = int(sql(shown)[0][0])
    p = portal_cmd("totp-enrol", "ellen")
    assert p.returncode == 0, p.stderr
    try:
        secret = sql("SELECT secret FROM staff_totp WHERE person_id = %s"
                     % person("ellen"))[0][0]
        assert secret != TOTP_SECRETS["ellen"]
        assert secret not in p.stdout + p.stderr    # never printed
        c = password_only("ellen")
        assert c.request("HEAD", "/inloggen/code").status == 405
        r = c.get("/inloggen/code")
        assert r.status == 200, r
        assert re.search(r'<svg[^>]* role="img"[^>]*>\s*<title id="qr-title">'
                         r'[^<]+</title>', r.text), r.text[:3000]
        assert ("otpauth://totp/Gezinsportaal:ellen?secret=%s&amp;"
                "issuer=Gezinsportaal" % secret) in r.text
        groups = " ".join(secret[i:i + 4] for i in range(0, len(secret), 4))
        assert groups in r.text
        assert int(sql(shown)[0][0]) == before + 1
        # the code from the new secret logs in (the form is on the page)
        token = re.search(r'name="csrf" value="([0-9a-f]{64})"',
                          r.text).group(1)
        step = fresh_step("ellen")
        r = c.post("/inloggen/code", {"csrf": token,
                                      "code": totp(secret, step)})
        assert r.status == 303, r
        # not a second time
        c2 = password_only("ellen")
        r = c2.get("/inloggen/code")
        assert r.status == 200 and "<svg" not in r.text
        assert secret not in r.text and "otpauth" not in r.text
        # the old secret no longer works
        r = c2.send_code(totp(TOTP_SECRETS["ellen"],
                              int(time.time() // STEP)))
        assert r.status == 200 and not session_cookie(c2), r
    finally:
        sql("UPDATE staff_totp SET secret = '%s', shown_at = now() "
            "WHERE person_id = %s" % (TOTP_SECRETS["ellen"],
                                      person("ellen")))
        clear_failures("ellen")


def test_citizens_log_in_with_the_password_alone():
    c = Client()
    r = c.login("sanne")
    assert r.status == 303 and r.header("Location").endswith("/"), r
    assert session_cookie(c)


def test_staff_without_a_code_app_cannot_log_in():
    kees = person("kees")
    step = sql("SELECT last_step FROM staff_totp WHERE person_id = %s"
               % kees)[0][0]
    sql("DELETE FROM staff_totp WHERE person_id = %s" % kees)
    try:
        c = password_only("kees")
        for r in (c.get("/inloggen/code"),
                  c.post("/inloggen/code", {"csrf": c.csrf("/inloggen"),
                                            "code": "123456"})):
            assert r.status == 200, r
            assert "Vraag de beheerder om hulp." in text_of(r.text)
            assert 'name="code"' not in r.text
            assert not session_cookie(c)
        assert c.get("/documenten").status == 303
    finally:
        sql("INSERT INTO staff_totp (person_id, secret, shown_at, last_step) "
            "VALUES (%s, '%s', now(), %s)"
            % (kees, TOTP_SECRETS["kees"], step))

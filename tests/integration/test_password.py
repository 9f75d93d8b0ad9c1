"""A citizen changes their own password (issue 17, part 8):
GET/POST /gegevens/wachtwoord, fields `current`, `password`, `password2`.
Wrong current password and mismatches get a B1 error and change nothing;
a change ends every other session of the person and keeps this one, is
audited and mails "Uw wachtwoord is gewijzigd" to the address of
/gegevens. Throttled like a log-in; csrf; staff have no such page here and
a clerk may not do it for a citizen."""
from portal import PASSWORD, Client, logged_in, sql, text_of
from test_counter import helping, stop

NEW = "een-nieuw-wachtwoord"


def make_citizen(login, email=""):
    """A citizen of their own (no family), with the demo password."""
    sql("INSERT INTO person (given_name, family_name, birth_date, kind) "
        "VALUES ('Wim', '%s', current_date - interval '50 years', 'citizen')"
        % login)
    sql("INSERT INTO account (person_id, username, password_hash) "
        "SELECT p.id, '%s', (SELECT password_hash FROM account "
        "WHERE username = 'sanne') FROM person p WHERE p.family_name = '%s'"
        % (login, login))
    if email:
        sql("INSERT INTO contact_details (person_id, email, reach_by) "
            "SELECT person_id, '%s', 'email' FROM account WHERE username = '%s'"
            % (email, login))


def person_id(login):
    return sql("SELECT person_id FROM account WHERE username = '%s'" % login)[0][0]


def change(c, current, password, password2=None, csrf=None):
    return c.post("/gegevens/wachtwoord", {
        "csrf": csrf if csrf is not None else c.csrf("/gegevens/wachtwoord"),
        "current": current, "password": password,
        "password2": password if password2 is None else password2})


def audits(login, outcome):
    return int(sql("SELECT count(*) FROM audit_log WHERE action = "
                   "'account.password' AND outcome = '%s' AND actor_id = %s"
                   % (outcome, person_id(login)))[0][0])


def test_password_page_has_the_form():
    c = logged_in("sanne")
    r = c.get("/gegevens/wachtwoord")
    assert r.status == 200
    for name in ('name="csrf"', 'name="current"', 'name="password"',
                 'name="password2"', 'autocomplete="current-password"'):
        assert name in r.text, name
    assert 'href="/gegevens/wachtwoord"' in c.get("/gegevens").text


def test_password_change_needs_csrf():
    make_citizen("pw-csrf")
    c = logged_in("pw-csrf")
    assert change(c, PASSWORD, NEW, csrf="0" * 64).status == 403
    assert change(c, PASSWORD, NEW, csrf="").status == 403
    assert Client().login("pw-csrf").status == 303      # unchanged
    assert audits("pw-csrf", "allowed") == 0


def test_password_wrong_current_mismatch_short_same():
    make_citizen("pw-fout")
    c = logged_in("pw-fout")
    r = change(c, "niet-mijn-wachtwoord", NEW)
    assert r.status == 400
    assert "Uw huidige wachtwoord klopt niet." in text_of(r.text)
    assert 'aria-invalid="true" aria-describedby="current-fout"' in r.text
    assert audits("pw-fout", "denied") == 1
    # counted like a failed log-in of this user name
    assert sql("SELECT count(*) FROM login_attempt WHERE username = 'pw-fout' "
               "AND NOT success") == [["1"]]
    r = change(c, PASSWORD, NEW, NEW + "x")
    assert r.status == 400
    assert "De twee wachtwoorden zijn niet gelijk." in text_of(r.text)
    r = change(c, PASSWORD, "kort")
    assert r.status == 400
    assert "Kies een wachtwoord van minstens 10 tekens." in text_of(r.text)
    r = change(c, PASSWORD, PASSWORD + "!", PASSWORD + "!")
    assert r.status == 303                       # a different one is fine
    r = change(c, PASSWORD + "!", PASSWORD + "!")
    assert r.status == 400
    assert "Kies een ander wachtwoord dan uw huidige." in text_of(r.text)
    r = change(c, "", "", "")
    assert r.status == 400
    assert "Vul uw huidige wachtwoord in." in text_of(r.text)
    # no password is ever echoed back into the form
    assert PASSWORD not in r.text and NEW not in r.text


def test_password_change_ends_the_other_sessions_keeps_this_one():
    make_citizen("pw-ok", email="wim.pw-ok@example.invalid")
    here = logged_in("pw-ok")
    there = Client(addr="127.0.6.2")
    assert there.login("pw-ok").status == 303
    assert there.get("/gegevens").status == 200
    r = change(here, PASSWORD, NEW)
    assert r.status == 303, text_of(r.text)[:400]
    assert r.header("Location") == "/gegevens/wachtwoord?klaar=1"
    done = here.get("/gegevens/wachtwoord?klaar=1")
    assert "Uw wachtwoord is veranderd." in text_of(done.text)
    # this browser stays logged in, the other one is out
    assert here.get("/gegevens").status == 200
    r = there.get("/gegevens")
    assert r.status == 303 and r.header("Location").startswith("/inloggen")
    # the old password no longer works, the new one does
    assert Client().login("pw-ok").status != 303
    assert Client().login("pw-ok", NEW).status == 303
    assert audits("pw-ok", "allowed") == 1
    # the mail, to the address of /gegevens; no password in it
    rows = sql("SELECT subject, position('%s' IN body) + position('%s' IN body) "
               "FROM outbox WHERE kind = 'mail' AND "
               "recipient = 'wim.pw-ok@example.invalid'" % (NEW, PASSWORD))
    assert rows == [["Uw wachtwoord is gewijzigd", "0"]], rows
    # the hash is argon2id
    assert sql("SELECT password_hash LIKE '$argon2id$%' FROM account "
               "WHERE username = 'pw-ok'") == [["t"]]


def test_password_change_without_an_address_sends_no_mail():
    make_citizen("pw-geen-mail")
    c = logged_in("pw-geen-mail")
    before = int(sql("SELECT count(*) FROM outbox")[0][0])
    assert change(c, PASSWORD, NEW).status == 303
    assert int(sql("SELECT count(*) FROM outbox")[0][0]) == before


def test_password_change_is_throttled_like_a_log_in():
    make_citizen("pw-traag")
    c = Client(addr="127.0.6.9")
    assert c.login("pw-traag").status == 303
    statuses = [change(c, "fout-%d-wachtwoord" % i, NEW).status for i in range(7)]
    assert 429 in statuses, statuses
    assert statuses[:5] == [400] * 5, statuses
    # while it waits, even the right current password is not checked
    r = change(c, PASSWORD, NEW)
    assert r.status == 429
    assert "Er is te vaak een verkeerd wachtwoord" in text_of(r.text)
    assert Client().login("pw-traag").status == 303   # unchanged, not locked
    sql("DELETE FROM login_attempt WHERE username = 'pw-traag'")


def test_password_page_not_for_staff_nor_on_behalf():
    # a professional: no row for staff (403); a clerk outside a session:
    # 404 on every citizen route (cgi/app/app.c)
    for user, status in (("fatima", 403), ("kees", 404)):
        c = logged_in(user)
        assert c.get("/gegevens/wachtwoord").status == status, user
        assert c.post("/gegevens/wachtwoord", {
            "csrf": c.csrf("/"), "current": PASSWORD, "password": NEW,
            "password2": NEW}).status == status, user
    # a clerk helping Sanne at the counter: the page says she does it herself
    k = helping("Sanne", "de Vries")
    try:
        r = k.get("/gegevens/wachtwoord")
        assert r.status == 403
        assert "Een wachtwoord verandert iemand alleen zelf." in text_of(r.text)
        r = k.post("/gegevens/wachtwoord", {
            "csrf": k.csrf("/"), "current": PASSWORD, "password": NEW,
            "password2": NEW})
        assert r.status == 403
    finally:
        stop(k)
    assert Client().login("sanne").status == 303


def test_password_set_only_a_citizens_hash_while_it_is_the_old_one():
    """sql/037: the portal's role cannot update accounts; password_set()
    sets a citizen's hash only, only while the stored one is the one the
    current password was checked against, only an argon2id hash."""
    new = "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA"
    staff = person_id("fatima")
    old = sql("SELECT password_hash FROM account WHERE person_id = %s" % staff)[0][0]
    assert sql("SELECT password_set(%s, '%s', '%s')" % (staff, old, new)) == [["f"]]
    make_citizen("pw-cas")
    who = person_id("pw-cas")
    old = sql("SELECT password_hash FROM account WHERE person_id = %s" % who)[0][0]
    assert sql("SELECT password_set(%s, 'not-the-old-one', '%s')" % (who, new)) == [["f"]]
    assert sql("SELECT password_set(%s, '%s', 'plain')" % (who, old)) == [["f"]]
    assert Client().login("pw-cas").status == 303       # all three changed nothing
    assert sql("SELECT password_set(%s, '%s', '%s')" % (who, old, new)) == [["t"]]
    assert Client().login("pw-cas").status != 303

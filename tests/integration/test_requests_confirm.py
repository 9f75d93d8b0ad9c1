"""A reply link alone shows nothing a family wrote (issue 16, part 5): the
professional first confirms who they are with their portal password and a
one-time code, once a day per browser; the confirmation is theirs only, it
does not use up the link, and an answer sent without it is not stored."""
import time

from portal import (Client, STEP, TOTP_SECRETS, confirm_reply, fresh_step,
                    logged_in, reply_client, sql, text_of, totp)
from test_dossier import comments_of
from test_requests import (_comment_and_link, _token_for, answer,
                           new_mails_after, new_request, newest_request,
                           reply_link)
from test_outbox import mails, unsent, wait_for

CONFIRM = "Bevestig wie u bent"


def audits(action, outcome):
    return int(sql("SELECT count(*) FROM audit_log WHERE action = '%s' "
                   "AND outcome = '%s'" % (action, outcome))[0][0])


def failures(user):
    return int(sql("SELECT count(*) FROM login_attempt WHERE username = '%s' "
                   "AND NOT success" % user)[0][0])


def clear_failures(user):
    sql("DELETE FROM login_attempt WHERE username = '%s'" % user)


def shows_nothing_of(page, words):
    text = text_of(page.text)
    assert CONFIRM in text, text
    assert 'name="password"' in page.text and 'name="code"' in page.text
    for w in words:
        assert w not in text and w not in page.text, (w, text)


def test_without_confirmation_no_words_and_no_family():
    text = "Waarom staat de zwemles van Daan niet in het plan?"
    doc, path = _comment_and_link("sanne", "Gezinsplan", text)
    secret = ["zwemles", "Waarom", "Daan", "Gezinsplan", "Sanne", "Vries",
              "Fatima", "fatima"]
    page = Client().get(path)
    assert page.status == 200
    shows_nothing_of(page, secret)
    # A request too.
    assert wait_for(lambda: unsent() == 0), "earlier mail not sent"
    before = set(mails())
    sanne = logged_in("sanne")
    assert new_request(sanne, body="Mijn schoenmaat klopt niet meer.").status == 303
    rpath = reply_link(new_mails_after(before)[0])
    page = Client().get(rpath)
    assert page.status == 200
    shows_nothing_of(page, ["schoenmaat", "Sanne", "Vries", "Fatima"])
    # An answer sent without the confirmation: the same page, nothing
    # stored, the link still works.
    c = Client()
    denied = audits("comment.answer", "denied")
    r = c.post(path, {"csrf": c.csrf(path), "body": "Zonder bevestiging."})
    assert r.status == 403, r
    shows_nothing_of(r, secret)
    assert audits("comment.answer", "denied") == denied + 1
    assert "Zonder bevestiging." not in " ".join(comments_of(sanne, doc))
    pid = newest_request("sanne")
    r = c.post(rpath, {"csrf": c.csrf(rpath), "outcome": "toegekend",
                       "body": "Zonder bevestiging."})
    assert r.status == 403, r
    assert sql("SELECT status FROM request WHERE public_id = '%s'" % pid) == [["ingediend"]]
    # Confirmed: the item and the form; an answer; then the link is dead.
    pro = reply_client(path)
    page = pro.get(path)
    assert page.status == 200 and text in page.text and "Gezinsplan" in page.text
    assert 'name="body"' in page.text
    r = answer(pro, path, body="De zwemles komt er nog in.")
    assert r.status == 303 and r.header("Location") == "/antwoord/verstuurd"
    assert "De zwemles komt er nog in." in " ".join(comments_of(sanne, doc))
    r = pro.get(path)
    assert r.status == 410 and "Deze link werkt niet meer." in r.text
    # The request's link in the same browser: no new confirmation.
    page = pro.get(rpath)
    assert page.status == 200 and "Mijn schoenmaat klopt niet meer." in page.text
    r = answer(pro, rpath, outcome="toegekend", body="")
    assert r.status == 303
    assert pro.get(rpath).status == 410


def test_wrong_password_or_code_counts_and_locks():
    doc, path = _comment_and_link("mark", "Gezinsplan", "Wie komt er morgen langs?")
    clear_failures("fatima")
    try:
        c = Client()
        denied = audits("reply.confirm", "denied")
        r = confirm_reply(c, path, password="verkeerd-wachtwoord")
        assert r.status == 200, r
        text = text_of(r.text)
        assert "Het wachtwoord of de code klopt niet." in text
        assert 'href="#password"' in r.text and "morgen" not in text
        assert failures("fatima") == 1
        assert audits("reply.confirm", "denied") == denied + 1
        # The right password with a wrong code.
        cur = int(time.time() // STEP)
        near = {totp(TOTP_SECRETS["fatima"], s) for s in range(cur - 2, cur + 3)}
        wrong = next(totp(TOTP_SECRETS["fatima"], s) for s in range(cur + 10, cur + 100)
                     if totp(TOTP_SECRETS["fatima"], s) not in near)
        r = confirm_reply(c, path, code=wrong)
        assert r.status == 200 and "Het wachtwoord of de code klopt niet." in text_of(r.text)
        assert failures("fatima") == 2
        # Empty fields: asked for, not counted.
        r = c.post(path, {"csrf": c.csrf(path), "password": "", "code": ""})
        assert r.status == 400 and "Vul uw wachtwoord in." in text_of(r.text)
        assert failures("fatima") == 2
        for _ in range(3):
            confirm_reply(c, path, password="nog-steeds-fout")
        assert failures("fatima") == 5
        # Throttled: even the right password and code do not open it yet.
        r = confirm_reply(c, path)
        assert r.status == 429 and "Wacht even" in text_of(r.text)
        assert 0 < int(r.header("Retry-After")) <= 30, r.headers
        assert audits("reply.confirm", "denied") == denied + 6
        assert "gp_reply" not in " ".join(c.cookies)
        assert c.get(path).status == 200 and CONFIRM in c.get(path).text
        # and log-in from this address waits the same way
        assert Client().login("fatima").status == 429
    finally:
        clear_failures("fatima")
    allowed = audits("reply.confirm", "allowed")
    c = reply_client(path)
    assert audits("reply.confirm", "allowed") == allowed + 1
    assert "Wie komt er morgen langs?" in c.get(path).text


def test_the_confirmation_is_one_professionals_and_a_code_works_once():
    doc, path = _comment_and_link("mark", "Gezinsplan", "Is de brief van school al binnen?")
    c = Client()
    step = fresh_step("fatima")
    code = totp(TOTP_SECRETS["fatima"], step)
    r = confirm_reply(c, path, code=code)
    assert r.status == 303 and r.header("Location") == path, r
    cookie = [h for h in r.all("Set-Cookie") if "gp_reply=" in h]
    assert len(cookie) == 1 and "HttpOnly" in cookie[0] and "SameSite=Lax" in cookie[0]
    assert "Max-Age=86400" in cookie[0], cookie
    value = [v for k, v in c.cookies.items() if k.endswith("gp_reply")][0]
    # Kept hashed, with the professional and a day to live.
    assert sql("SELECT count(*) FROM reply_confirmation WHERE encode(id_hash, 'hex') = '%s'"
               % value) == [["0"]]
    assert sql("SELECT count(*) FROM reply_confirmation r JOIN account a ON a.person_id = r.person_id "
               "WHERE a.username = 'fatima' AND r.expires_at > now() + interval '23 hours' "
               "AND r.expires_at <= now() + interval '24 hours'") != [["0"]]
    # The confirmation did not use the link.
    assert "Is de brief van school al binnen?" in c.get(path).text
    # The same code in another browser: used.
    r = confirm_reply(Client(), path, code=code)
    assert r.status == 200 and "Het wachtwoord of de code klopt niet." in text_of(r.text)
    sql("DELETE FROM login_attempt WHERE username = 'fatima' AND NOT success")
    # Another professional's link in this browser: their own confirmation.
    sql("INSERT INTO assignment (family_id, professional_id, starts_on) "
        "SELECT f.id, a.person_id, current_date - 1 FROM family f, account a "
        "WHERE f.slug = 'de-vries' AND a.username = 'ellen'")
    try:
        epath = _token_for("ellen", "Is de brief van school al binnen?")
        page = c.get(epath)
        assert page.status == 200
        shows_nothing_of(page, ["brief van school"])
        r = c.post(epath, {"csrf": c.csrf(epath), "body": "Van Ellen zonder bevestiging"})
        assert r.status == 403
        # Ellen confirms here: now her link opens, and Fatima's asks again.
        assert confirm_reply(c, epath, user="ellen").status == 303
        assert "Is de brief van school al binnen?" in c.get(epath).text
        shows_nothing_of(c.get(path), ["brief van school"])
    finally:
        sql("DELETE FROM assignment WHERE professional_id = "
            "(SELECT person_id FROM account WHERE username = 'ellen')")
    # Fatima's own session counts as confirmed; somebody else's does not.
    f = logged_in("fatima")
    page = f.get(path)
    assert page.status == 200 and "Is de brief van school al binnen?" in page.text
    r = answer(f, path, body="Ja, die is binnen.")
    assert r.status == 303
    assert f.get(path).status == 410
    assert c.get(path).status == 410

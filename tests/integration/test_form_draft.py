"""Come back where you were (issue 15, part 4, second half): text typed in
a form that arrives after the session ended by time is kept for the
person of that session (cgi/core/draft.h), the log-in page says so, and
after the log-in the form shows it again, once. Another account logging
in on that browser never sees it; after an hour it is gone; nothing is
kept without the ended session's own form token, from another site, or
for a form that does not keep text. The session's end is moved in the
database (no sleeping). Every test name holds "kept_text"."""
import re
import urllib.parse

from portal import Client, logged_in, sql, text_of
from test_berichten import form, pro_id, start
from test_documents import doc_ids
from test_return_path import log_in_from

SAVED = "Wat u schreef, is bewaard."
SHOWN = "Wat u had geschreven, staat weer in het formulier."


def time_out(user):
    """Every session of user ended by time, 31 minutes ago."""
    sql("UPDATE session SET last_seen = now() - interval '31 minutes' "
        "WHERE person_id = (SELECT person_id FROM account WHERE username = '%s')" % user)


def drafts(user):
    return int(sql("SELECT count(*) FROM form_draft d JOIN account a ON a.person_id = "
                   "d.person_id WHERE a.username = '%s'" % user)[0][0])


def kept_to(page):
    """Where a kept form sends the person: the log-in page, back to page."""
    return "/inloggen?terug=" + urllib.parse.quote(page + "?bewaard=1", safe="/") + \
        "&bewaard=1"


def send_late(user, page, action, fields):
    """user opens page, the session times out, then the form is sent: the
    answer of the POST and the client (with its cookies)."""
    c = logged_in(user)
    token = c.csrf(page)
    time_out(user)
    return c.post(action, dict(fields, csrf=token)), c


def log_in_again(c, r, user):
    """From the 303 of a kept form: the log-in page says so; log in as
    user; the answer of the log-in."""
    assert r.status == 303, r
    login = r.header("Location")
    t = text_of(c.get(login).text)
    assert SAVED in t, t
    return log_in_from(c, login, user)


def test_kept_text_of_every_form_comes_back_after_the_log_in():
    doc = doc_ids()["Gezinsplan"]
    sanne_pro = pro_id("fatima")
    cases = [
        # page, action, fields, what the form shows again
        ("/documenten/" + doc, "/documenten/%s/reacties" % doc,
         {"body": "Mijn reactie van voor de pauze. KT-1", "audience": "gezin"},
         ["Mijn reactie van voor de pauze. KT-1"]),
        ("/verzoeken", "/verzoeken",
         {"document": "anders", "kind": "aanvullen", "body": "Mijn vraag KT-2", "nonce": "x"},
         ["Mijn vraag KT-2"]),
        ("/berichten", "/berichten",
         {"professional": sanne_pro, "subject": "Onderwerp KT-3", "body": "Bericht KT-3"},
         ["Onderwerp KT-3", "Bericht KT-3"]),
        ("/gegevens", "/gegevens",
         {"phone": "0612345678", "email": "kt4@example.invalid", "address": "Straat 4",
          "reach_by": "email"},
         ["kt4@example.invalid", "Straat 4"]),
    ]
    for page, action, fields, words in cases:
        before = sql("SELECT count(*) FROM document_comment")[0][0]
        r, c = send_late("sanne", page, action, fields)
        assert r.status == 303 and r.header("Location") == kept_to(page), (page, r)
        assert drafts("sanne") == 1, page
        r = log_in_again(c, r, "sanne")
        assert r.status == 303 and r.header("Location") == page + "?bewaard=1", (page, r)
        shown = c.get(r.header("Location"))
        assert shown.status == 200, (page, shown)
        for w in words:
            assert w in shown.text, (page, w)
        assert SHOWN in text_of(shown.text), page
        # the comment form keeps its audience too
        if action.endswith("/reacties"):
            assert re.search(r'value="gezin"[^>]*checked', shown.text), shown.text
        # not sent: nothing stored; shown once, then gone
        assert sql("SELECT count(*) FROM document_comment")[0][0] == before
        assert drafts("sanne") == 0, page
        again = c.get(r.header("Location")).text
        assert words[0] not in again and SHOWN not in text_of(again), page


def test_kept_text_of_a_professionals_answer_in_a_conversation():
    path = start(logged_in("sanne"), "fatima", "Vraag KT-5", "Hoe gaat het verder?")
    f = logged_in("fatima")
    _, fields = form(f, path)
    time_out("fatima")
    r = f.post(path, dict(fields, body="Mijn antwoord KT-5"))
    assert r.status == 303 and r.header("Location") == kept_to(path), r
    r = log_in_again(f, r, "fatima")
    assert r.status == 303 and r.header("Location") == path + "?bewaard=1", r
    assert "Mijn antwoord KT-5" in f.get(path + "?bewaard=1").text


def test_kept_text_is_only_for_the_person_of_the_session():
    r, c = send_late("sanne", "/verzoeken", "/verzoeken",
                     {"document": "anders", "kind": "wijzigen", "body": "Alleen van Sanne KT-6"})
    login = r.header("Location")
    assert r.status == 303 and "bewaard=1" in login, r
    # Mark logs in on that browser: he never sees it (it stays hers)
    r = log_in_from(c, login, "mark")
    assert r.status == 303 and r.header("Location") == "/verzoeken?bewaard=1", r
    page = c.get("/verzoeken?bewaard=1").text
    assert "KT-6" not in page and SHOWN not in text_of(page)
    assert drafts("sanne") == 1
    # a made-up ?bewaard=1 shows nothing either
    assert "KT-6" not in logged_in("lotte").get("/verzoeken?bewaard=1").text
    # Sanne, elsewhere, within the hour: hers
    s = logged_in("sanne")
    assert "Alleen van Sanne KT-6" in s.get("/verzoeken?bewaard=1").text
    assert drafts("sanne") == 0


def test_kept_text_is_gone_after_an_hour():
    r, c = send_late("sanne", "/verzoeken", "/verzoeken",
                     {"document": "anders", "kind": "wijzigen", "body": "Te oud KT-7"})
    assert r.status == 303 and drafts("sanne") == 1
    sql("UPDATE form_draft SET created_at = now() - interval '61 minutes'")
    r = log_in_again(c, r, "sanne")          # a log-in deletes every old draft
    assert drafts("sanne") == 0
    page = c.get(r.header("Location")).text
    assert "KT-7" not in page and SHOWN not in text_of(page)
    # one that is not older than an hour but is opened after it: not shown
    r, c = send_late("sanne", "/verzoeken", "/verzoeken",
                     {"document": "anders", "kind": "wijzigen", "body": "Net te laat KT-8"})
    r = log_in_again(c, r, "sanne")
    sql("UPDATE form_draft SET created_at = now() - interval '61 minutes'")
    page = c.get(r.header("Location")).text
    assert "KT-8" not in page and drafts("sanne") == 0


def test_kept_text_needs_the_ended_sessions_own_form():
    fields = {"document": "anders", "kind": "wijzigen", "body": "Niet bewaren KT-9"}
    # a token of another session (a forged form), another site, no token
    c = logged_in("sanne")
    c.csrf("/verzoeken")
    other = logged_in("mark").csrf("/verzoeken")
    time_out("sanne")
    for extra, headers in (({"csrf": other}, None), ({}, None),
                           ({"csrf": c.csrf("/inloggen")}, None)):
        r = c.post("/verzoeken", dict(fields, **extra), headers=headers)
        assert r.status == 303 and r.header("Location") == "/inloggen", r
    c = logged_in("sanne")
    token = c.csrf("/verzoeken")
    time_out("sanne")
    r = c.post("/verzoeken", dict(fields, csrf=token),
               headers={"Origin": "https://evil.example", "Sec-Fetch-Site": "cross-site"})
    assert r.status == 303 and r.header("Location") == "/inloggen", r
    # no session cookie at all
    r = Client().post("/verzoeken", dict(fields, csrf=token))
    assert r.status == 303 and r.header("Location") == "/inloggen", r
    # a session that ended more than an hour ago
    c = logged_in("sanne")
    token = c.csrf("/verzoeken")
    sql("UPDATE session SET last_seen = now() - interval '2 hours' WHERE person_id = "
        "(SELECT person_id FROM account WHERE username = 'sanne')")
    r = c.post("/verzoeken", dict(fields, csrf=token))
    assert r.status == 303 and r.header("Location") == "/inloggen", r
    # a form that keeps no text (sharing)
    c = logged_in("sanne")
    token = c.csrf("/delen")
    time_out("sanne")
    r = c.post("/delen", {"csrf": token, "document": doc_ids()["Gezinsplan"],
                          "organisation": "ggz-rivierenland"})
    assert r.status == 303 and r.header("Location") == "/inloggen", r
    assert drafts("sanne") == 0
    # a live session posts as always (no draft)
    c = logged_in("sanne")
    assert c.post("/verzoeken", dict(fields, csrf=c.csrf("/verzoeken"),
                                     body="Gewoon verstuurd KT-10")).status == 303
    assert drafts("sanne") == 0

"""Requests to change, add to or remove what is written (/verzoeken) and the
professional's reply form (/antwoord), over HTTP with the real mail
catcher: the form and its errors, the legal deadline (month ends), who may
see a request, the extension, the "too late" mail (once), the reply link
in the mail (single use, bound to one professional and one object), and
the worklist "Wat wacht op mij"."""
import base64
import email
import email.policy
import hashlib
import os
import re

from portal import Client, issued_token, logged_in, reply_client, sql, text_of
from test_documents import doc_ids
from test_dossier import comments_of, post
from test_outbox import mails, unsent, wait_for

LINK = re.compile(r"http://[^/\s]+(/antwoord/[A-Za-z0-9_-]{43})\b")


def new_request(c, **fields):
    f = {"csrf": c.csrf("/verzoeken"), "document": "anders", "kind": "wijzigen",
         "body": "Mijn telefoonnummer in het plan is oud."}
    f.update(fields)
    return c.post("/verzoeken", f)


def newest_request(user):
    return sql("SELECT r.public_id FROM request r JOIN account a ON a.person_id = r.author_id "
               "WHERE a.username = '%s' ORDER BY r.id DESC LIMIT 1" % user)[0][0]


def new_mails_after(before, n=1):
    assert wait_for(lambda: len(set(mails()) - before) >= n), "no mail arrived"
    out = []
    for path in sorted(set(mails()) - before):
        with open(path, "rb") as f:
            out.append(email.message_from_binary_file(f, policy=email.policy.default))
    return out


def reply_link(msg):
    m = LINK.search(msg.get_content())
    assert m, msg.get_content()
    return m.group(1)


def answer(c, path, **fields):
    page = c.get(path)
    assert page.status == 200, page
    m = re.search(r'name="nonce" value="([0-9a-f]{32})".*?name="item" value="([^"]+)"',
                  page.text, re.S)
    f = {"csrf": re.search(r'name="csrf" value="([0-9a-f]{64})"', page.text).group(1),
         "nonce": m.group(1), "item": m.group(2), "body": ""}
    f.update(fields)
    return c.post(path, f)


def audit_count(action, outcome):
    return int(sql("SELECT count(*) FROM audit_log WHERE action = '%s' AND outcome = '%s'"
                   % (action, outcome))[0][0])


def test_request_form_lists_documents_and_the_demo_request():
    page = logged_in("sanne").get("/verzoeken")
    assert page.status == 200
    assert "Gezinsplan" in page.text and 'value="anders"' in page.text
    assert "Iets veranderen: Gezinsplan" in text_of(page.text)
    assert "Antwoord uiterlijk op" in text_of(page.text)
    # Mark may not read the home visit report (hidden from him): not a choice.
    assert "Verslag huisbezoek" not in logged_in("mark").get("/verzoeken").text


def test_a_request_is_stored_mailed_and_listed():
    assert wait_for(lambda: unsent() == 0), "earlier mail not sent"
    before = set(mails())
    c = logged_in("sanne")
    r = new_request(c, document=doc_ids()["Plan voor Daan"], kind="aanvullen",
                    body="Daan zit nu ook op zwemles.\r\nGraag toevoegen.")
    assert r.status == 303 and r.header("Location") == "/verzoeken?verstuurd=1"
    page = text_of(c.get("/verzoeken?verstuurd=1").text)
    assert "Uw vraag is verstuurd." in page and "Iets toevoegen: Plan voor Daan" in page
    pid = newest_request("sanne")
    row = sql("SELECT status, due_on = (created_on + interval '1 month')::date, "
              "replace(body, E'\\n', '|'), "
              "(SELECT count(*) FROM request_event e WHERE e.request_id = r.id) "
              "FROM request r WHERE public_id = '%s'" % pid)
    assert row == [["ingediend", "t", "Daan zit nu ook op zwemles.|Graag toevoegen.", "1"]], row
    assert sql("SELECT count(*) FROM audit_log WHERE action = 'request.create' "
               "AND object_id = '%s' AND outcome = 'allowed'" % pid) == [["1"]]
    # One mail, to Fatima, with her own reply link and no dossier text.
    msgs = new_mails_after(before)
    assert len(msgs) == 1 and msgs[0]["To"] == "fatima@demo.gezinsportaal.invalid"
    assert msgs[0]["Subject"] == "Nieuwe vraag om iets te veranderen"
    body = msgs[0].get_content()
    assert "zwemles" not in body and "Daan" not in body
    reply_link(msgs[0])
    page = c.get("/verzoeken/" + pid)
    assert page.status == 200 and "Daan zit nu ook op zwemles." in page.text
    assert "Vraag gestuurd" in text_of(page.text)


def test_deadline_is_one_calendar_month_also_at_month_ends():
    cases = [("2027-01-31", "false", "2027-02-28"), ("2028-01-31", "false", "2028-02-29"),
             ("2027-03-31", "false", "2027-04-30"), ("2027-12-31", "false", "2028-01-31"),
             ("2027-02-28", "false", "2027-03-28"), ("2027-01-31", "true", "2027-04-30"),
             ("2027-01-29", "true", "2027-04-29"),
             ("2027-06-15", "false", "2027-07-15")]
    for made, ext, due in cases:
        assert sql("SELECT request_deadline('%s', %s)" % (made, ext)) == [[due]], (made, ext)
    # A real request made on 31 January of a leap year: 29 February.
    c = logged_in("mark")
    assert new_request(c, body="Schrikkeljaar").status == 303
    pid = newest_request("mark")
    sql("UPDATE request SET created_on = '2028-01-31' WHERE public_id = '%s'" % pid)
    assert sql("SELECT due_on FROM request WHERE public_id = '%s'" % pid) == [["2028-02-29"]]
    assert "29 februari 2028" in text_of(c.get("/verzoeken/" + pid).text)
    sql("UPDATE request SET created_on = current_date WHERE public_id = '%s'" % pid)


def test_empty_text_or_unknown_document_shows_the_form_again():
    c = logged_in("sanne")
    n = sql("SELECT count(*) FROM request")
    r = new_request(c, body="  \r\n ", kind="verwijderen", document=doc_ids()["Gezinsplan"])
    assert r.status == 400
    assert 'href="#body"' in r.text and "Er is een probleem" in r.text
    assert re.search(r'value="verwijderen" checked', r.text)
    assert re.search(r'<option value="%s" selected>' % doc_ids()["Gezinsplan"], r.text)
    r = new_request(c, document="BestaatNiet0000000000x", body="Blijft staan")
    assert r.status == 400 and 'href="#document"' in r.text
    assert "Blijft staan</textarea>" in r.text
    # A document this member may not read is "unknown" just the same.
    r = new_request(logged_in("mark"), document=doc_ids()["Verslag huisbezoek"],
                    body="Verborgen stuk")
    assert r.status == 400 and 'href="#document"' in r.text
    r = new_request(c, document="", kind="", body="")
    assert r.status == 400
    for field in ("document", "kind", "body"):
        assert 'href="#%s"' % field in r.text, field
    assert new_request(c, kind="verbranden").status == 400      # forged choice
    assert new_request(c, body="x" * 2001).status == 400
    assert sql("SELECT count(*) FROM request") == n


def test_who_may_see_a_request():
    pid = newest_request("sanne")
    assert logged_in("sanne").get("/verzoeken/" + pid).status == 200
    assert logged_in("fatima").get("/verzoeken/" + pid).status == 200
    # Not the rest of the family, another family, an unassigned
    # professional or the clerk: as if it did not exist.
    for user in ("mark", "lotte", "daan", "emre", "elif", "peter", "ellen", "kees"):
        c = logged_in(user)
        assert c.get("/verzoeken/" + pid).status == 404, user
        assert pid not in c.get("/verzoeken").text, user       # a clerk: 404
        assert c.get("/verzoeken/onbekend").status == 404, user
    assert logged_in("kees").get("/verzoeken").status == 404     # test_counter.py
    anon = Client()
    for path in ("/verzoeken", "/verzoeken/" + pid, "/antwoord", "/antwoord/verzoek/" + pid):
        r = anon.get(path)
        assert r.status == 303 and r.header("Location") == "/inloggen?terug=" + path, path
    for path in ("/verzoeken", "/verzoeken/%s/verlengen" % pid, "/verzoeken/%s/behandelen" % pid):
        assert anon.post(path, {"csrf": anon.csrf("/inloggen")}).status == 303, path
    # Making one is a family member's; the steps are the assigned
    # professional's.
    for user in ("fatima", "kees"):
        c = logged_in(user)
        # a clerk outside an assisted session: 404 (test_counter.py)
        assert new_request(c).status == (404 if user == "kees" else 403), user
    for user in ("peter", "ellen"):
        c = logged_in(user)
        r = c.post("/verzoeken/%s/verlengen" % pid, {"csrf": c.csrf("/"), "reason": "x"})
        assert r.status == 404, user
        assert c.post("/verzoeken/%s/behandelen" % pid, {"csrf": c.csrf("/")}).status == 404
        assert c.get("/antwoord/verzoek/" + pid).status == 404, user
        assert pid not in c.get("/antwoord").text
    for user in ("sanne", "kees"):
        c = logged_in(user)
        want = 404 if user == "kees" else 403     # a clerk: test_counter.py
        assert c.post("/verzoeken/%s/verlengen" % pid,
                      {"csrf": c.csrf("/"), "reason": "x"}).status == want, user
        assert c.get("/antwoord").status == want, user
        assert c.get("/antwoord/verzoek/" + pid).status == want, user
    assert sql("SELECT count(*) FROM audit_log WHERE action = 'request.read' "
               "AND object_id = '%s' AND outcome = 'denied'" % pid)[0][0] != "0"
    assert sql("SELECT status, extended FROM request WHERE public_id = '%s'" % pid) == \
        [["ingediend", "f"]]


def test_professional_takes_up_and_extends_once():
    pid = newest_request("sanne")
    f = logged_in("fatima")
    assert f.post("/verzoeken/%s/behandelen" % pid, {"csrf": f.csrf("/")}).status == 303
    assert sql("SELECT status FROM request WHERE public_id = '%s'" % pid) == [["in behandeling"]]
    r = f.post("/verzoeken/%s/verlengen" % pid, {"csrf": f.csrf("/"), "reason": " "})
    assert r.status == 400 and 'href="#reason"' in r.text
    due = sql("SELECT due_on FROM request WHERE public_id = '%s'" % pid)
    r = f.post("/verzoeken/%s/verlengen" % pid,
               {"csrf": f.csrf("/"), "reason": "Ik moet eerst met de school praten."})
    assert r.status == 303
    # Three months from the day it was made (two more than one).
    assert sql("SELECT due_on = (created_on + interval '3 months')::date, extended, "
               "due_on > '%s' FROM request WHERE public_id = '%s'" % (due[0][0], pid)) \
        == [["t", "t", "t"]]
    page = text_of(logged_in("sanne").get("/verzoeken/" + pid).text)
    assert "Ik moet eerst met de school praten." in page and "Het antwoord komt later" in page
    r = f.post("/verzoeken/%s/verlengen" % pid, {"csrf": f.csrf("/"), "reason": "Nog eens"})
    assert r.status == 403
    assert audit_count("request.extend", "allowed") == 1


def test_comment_mail_link_answers_once_and_sanne_reads_it():
    assert wait_for(lambda: unsent() == 0), "earlier mail not sent"
    before = set(mails())
    doc = doc_ids()["Gezinsplan"]
    sanne = logged_in("sanne")
    answers = audit_count("comment.answer", "allowed")    # test_audience answered some
    assert post(sanne, doc, "reacties", {"body": "Klopt het dat Mark op vrijdag komt?"}).status == 303
    msgs = new_mails_after(before)
    assert len(msgs) == 1 and msgs[0]["To"] == "fatima@demo.gezinsportaal.invalid"
    path = reply_link(msgs[0])
    body = msgs[0].get_content()
    assert "vrijdag" not in body and "Gezinsplan" not in body
    # Only the hash is kept; the outbox row never held the token.
    tok = path.rsplit("/", 1)[1]
    digest = hashlib.sha256(base64.urlsafe_b64decode(tok + "=")).hexdigest()
    assert sql("SELECT count(*) FROM reply_token WHERE token_hash = decode('%s', 'hex') "
               "AND used_at IS NULL AND expires_at > now() + interval '13 days'" % digest) == [["1"]]
    assert sql("SELECT count(*) FROM outbox WHERE body LIKE '%%%s%%'" % tok) == [["0"]]
    # Not logged in, confirmed (password and code): the form shows her
    # words and the document title.
    pro = reply_client(path)
    page = pro.get(path)
    assert page.status == 200
    assert "Klopt het dat Mark op vrijdag komt?" in page.text and "Gezinsplan" in page.text
    r = answer(pro, path, body="")
    assert r.status == 400 and 'href="#body"' in r.text
    r = answer(pro, path, body="Ja, Mark komt op vrijdag om vijf uur.")
    assert r.status == 303 and r.header("Location") == "/antwoord/verstuurd"
    assert "Ja, Mark komt op vrijdag om vijf uur." in comments_of(sanne, doc)
    # Sanne wrote for her professional (the default audience): so is the
    # answer, and Mark does not read it (issue 16).
    assert "Ja, Mark komt op vrijdag om vijf uur." not in comments_of(logged_in("mark"), doc)
    # The link works once.
    denied = audit_count("reply.token", "denied")
    r = pro.get(path)
    assert r.status == 410 and "Deze link werkt niet meer." in r.text
    r = pro.post(path, {"csrf": pro.csrf("/inloggen"), "item": "x", "body": "Nog een keer"})
    assert r.status == 410
    assert audit_count("reply.token", "denied") == denied + 2
    assert "Nog een keer" not in comments_of(sanne, doc)
    assert audit_count("comment.answer", "allowed") == answers + 1


def _comment_and_link(user, doc_title, text):
    assert wait_for(lambda: unsent() == 0), "earlier mail not sent"
    before = set(mails())
    doc = doc_ids()[doc_title]
    assert post(logged_in(user), doc, "reacties", {"body": text}).status == 303
    msgs = new_mails_after(before)
    return doc, reply_link(msgs[0])


def _token_for(pro_login, comment_text):
    """A reply token for pro_login bound to the comment with this text, as
    if it had been mailed to them; returns the path of its link."""
    raw = os.urandom(32)
    tok = issued_token(base64.urlsafe_b64encode(raw).decode().rstrip("="))
    sql("INSERT INTO outbox (kind, recipient, subject, body, sent_at) VALUES "
        "('mail', 'x@demo.gezinsportaal.invalid', 'test', 'test', now())")
    sql("INSERT INTO reply_token (outbox_id, token_hash, professional_id, comment_id, expires_at) "
        "SELECT (SELECT max(id) FROM outbox), decode('%s', 'hex'), a.person_id, c.id, "
        "now() + interval '14 days' FROM account a, document_comment c "
        "WHERE a.username = '%s' AND c.body = '%s'"
        % (hashlib.sha256(raw).hexdigest(), pro_login, comment_text))
    return "/antwoord/" + tok


def test_the_contract_fields_alone_answer_by_link():
    """CONTRACT.md: POST /antwoord/{token} with `body` (and `outcome` for a
    request); the form's own `item` field may be left out."""
    doc, path = _comment_and_link("mark", "Gezinsplan", "Klopt de datum van het gesprek?")
    f = reply_client(path)
    r = f.post(path, {"csrf": f.csrf(path), "body": "Ja, dinsdag om tien uur."})
    assert r.status == 303, r
    assert "Ja, dinsdag om tien uur." in " ".join(comments_of(logged_in("mark"), doc))
    # With an item that is not the link's: refused, nothing stored.
    doc, path = _comment_and_link("mark", "Gezinsplan", "En waar is het gesprek?")
    f = reply_client(path)
    r = f.post(path, {"csrf": f.csrf(path), "body": "In het wijkcentrum.",
                      "item": "AAAAAAAAAAAAAAAAAAAAAA"})
    assert r.status == 404, r
    assert "In het wijkcentrum." not in " ".join(comments_of(logged_in("mark"), doc))


def test_bad_tokens_get_the_same_page_and_save_nothing():
    doc, path = _comment_and_link("mark", "Gezinsplan", "Wanneer is het volgende gesprek?")
    comments = len(comments_of(logged_in("mark"), doc))
    denied = audit_count("reply.token", "denied")
    anon = Client()
    for bad, status in (("/antwoord/kort", 404), ("/antwoord/" + "A" * 42 + "B", 404),
                        ("/antwoord/" + "A" * 43, 404), ("/antwoord/" + "a" * 44, 404)):
        r = anon.get(bad)
        assert r.status == status and "Deze link werkt niet meer." in r.text, bad
    # Another professional logged in on this computer: not theirs.
    peter = logged_in("peter")
    r = peter.get(path)
    assert r.status == 404 and "Deze link werkt niet meer." in r.text
    r = peter.post(path, {"csrf": peter.csrf("/"), "item": "x", "body": "Van Peter"})
    assert r.status == 404
    # The form sent for another object than the token's.
    other = sql("SELECT public_id FROM document_comment ORDER BY id LIMIT 1")[0][0]
    r = answer(reply_client(path), path, body="Voor iets anders", item=other)
    assert r.status == 404
    # A second professional's token for the same comment: Ellen is not
    # assigned to the family (her organisation only gets what is shared).
    r = Client().get(_token_for("ellen", "Wanneer is het volgende gesprek?"))
    assert r.status == 410 and "Deze link werkt niet meer." in r.text
    # Expired.
    tok = path.rsplit("/", 1)[1]
    digest = hashlib.sha256(base64.urlsafe_b64decode(tok + "=")).hexdigest()
    sql("UPDATE reply_token SET expires_at = now() - interval '1 second' "
        "WHERE token_hash = decode('%s', 'hex')" % digest)
    assert anon.get(path).status == 410
    assert len(comments_of(logged_in("mark"), doc)) == comments
    assert audit_count("reply.token", "denied") >= denied + 8
    # Fatima still answers it from her worklist.
    f = logged_in("fatima")
    cid = sql("SELECT public_id FROM document_comment WHERE body = "
              "'Wanneer is het volgende gesprek?'")[0][0]
    assert "/antwoord/reactie/" + cid in f.get("/antwoord").text
    r = answer(f, "/antwoord/reactie/" + cid, body="Op maandag om tien uur.")
    assert r.status == 303 and r.header("Location") == "/antwoord?beantwoord=1"
    assert "Op maandag om tien uur." in comments_of(logged_in("mark"), doc)
    assert "/antwoord/reactie/" + cid not in f.get("/antwoord").text
    assert f.get("/antwoord/reactie/" + cid).status == 404
    # Now the answered comment: any other professional's token is dead too.
    sql("INSERT INTO assignment (family_id, professional_id, starts_on) "
        "SELECT f.id, a.person_id, current_date - 1 FROM family f, account a "
        "WHERE f.slug = 'de-vries' AND a.username = 'ellen'")
    try:
        r = Client().get(_token_for("ellen", "Wanneer is het volgende gesprek?"))
        assert r.status == 410
    finally:
        sql("DELETE FROM assignment WHERE professional_id = "
            "(SELECT person_id FROM account WHERE username = 'ellen')")


def test_private_comment_answer_stays_private():
    doc = doc_ids()["Gezinsplan"]
    lotte = logged_in("lotte")
    assert post(lotte, doc, "reacties", {"body": "Ik wil dit alleen aan Fatima vragen."}).status == 303
    cid = sql("SELECT public_id FROM document_comment WHERE body = "
              "'Ik wil dit alleen aan Fatima vragen.'")[0][0]
    r = answer(logged_in("fatima"), "/antwoord/reactie/" + cid, body="Goed dat je het vraagt, Lotte.")
    assert r.status == 303
    assert "Goed dat je het vraagt, Lotte." in comments_of(lotte, doc)
    for other in ("sanne", "mark", "daan"):
        assert "Goed dat je het vraagt, Lotte." not in comments_of(logged_in(other), doc), other


def test_request_answered_by_link_with_outcome_shown_to_the_member():
    assert wait_for(lambda: unsent() == 0), "earlier mail not sent"
    before = set(mails())
    c = logged_in("sanne")
    assert new_request(c, kind="verwijderen", body="Haal mijn oude adres weg.").status == 303
    pid = newest_request("sanne")
    path = reply_link(new_mails_after(before)[0])
    pro = reply_client(path)
    page = pro.get(path)
    assert page.status == 200 and "Haal mijn oude adres weg." in page.text
    r = answer(pro, path, outcome="afgewezen", body="")
    assert r.status == 400 and 'href="#body"' in r.text
    assert re.search(r'value="afgewezen" checked', r.text)
    r = answer(pro, path, body="Wat moet ik kiezen?")
    assert r.status == 400 and 'href="#outcome"' in r.text
    assert answer(pro, path, outcome="misschien", body="x").status == 400
    # The form as the browser has it, sent twice (a double click).
    page = pro.get(path).text
    m = re.search(r'name="nonce" value="([0-9a-f]{32})".*?name="item" value="([^"]+)"',
                  page, re.S)
    form = {"csrf": re.search(r'name="csrf" value="([0-9a-f]{64})"', page).group(1),
            "nonce": m.group(1), "item": m.group(2), "outcome": "deels toegekend",
            "body": "Het oude adres gaat weg. De datum van de verhuizing blijft staan."}
    r = pro.post(path, form)
    assert r.status == 303
    again = pro.post(path, form)
    assert again.status == 410 and "Drukte u twee keer op Antwoord versturen?" in again.text
    # Opening the link again is no second click.
    r = pro.get(path)
    assert r.status == 410 and "twee keer" not in r.text
    assert sql("SELECT count(*) FROM request_event e JOIN request q ON q.id = e.request_id "
               "WHERE q.public_id = '%s' AND e.what = 'deels toegekend'" % pid) == [["1"]]
    page = text_of(c.get("/verzoeken/" + pid).text)
    assert "Deels toegekend" in page
    assert "De datum van de verhuizing blijft staan." in page
    assert sql("SELECT status, answered_by IS NOT NULL FROM request WHERE public_id = '%s'"
               % pid) == [["deels toegekend", "t"]]
    assert sql("SELECT count(*) FROM audit_log WHERE action = 'request.answer' "
               "AND object_id = '%s' AND actor_role = 'professional'" % pid) == [["1"]]
    assert pro.get(path).status == 410
    # Later the link just does not work any more.
    sql("UPDATE reply_token SET used_at = now() - interval '11 minutes' "
        "WHERE used_at > now() - interval '10 minutes'")
    r = pro.get(path)
    assert r.status == 410 and "twee keer" not in r.text
    assert "Misschien is er al antwoord gegeven." in r.text


def test_request_answered_from_the_worklist():
    c = logged_in("daan")
    assert new_request(c, body="Ik zit op voetbal, niet op hockey.").status == 303
    pid = newest_request("daan")
    f = logged_in("fatima")
    page = f.get("/antwoord")
    assert page.status == 200 and "/antwoord/verzoek/" + pid in page.text
    r = answer(f, "/antwoord/verzoek/" + pid, outcome="toegekend", body="")
    assert r.status == 303
    assert "/antwoord/verzoek/" + pid not in f.get("/antwoord").text
    page = text_of(c.get("/verzoeken/" + pid).text)
    assert "Toegekend" in page and "Antwoord gekregen op" in text_of(c.get("/verzoeken").text)


def test_the_member_hears_by_mail_that_there_is_an_answer():
    """DESIGN.md section 7: "your request was answered", in the language of
    the member's account, with a link and none of the answer's words; no
    mail address on /gegevens, no mail."""
    person = "(SELECT person_id FROM account WHERE username = '%s')"
    sql("INSERT INTO contact_details (person_id, email, reach_by) SELECT %s, "
        "'daan@voorbeeld.nl', 'email' ON CONFLICT (person_id) DO UPDATE "
        "SET email = EXCLUDED.email" % (person % "daan"))
    sql("DELETE FROM contact_details WHERE person_id = %s" % (person % "mark"))
    lang = sql("SELECT coalesce(language, '-') FROM person WHERE id = %s"
               % (person % "daan"))[0][0]
    sql("UPDATE person SET language = 'en' WHERE id = %s" % (person % "daan"))
    try:
        f = logged_in("fatima")
        pids = {}
        for user in ("daan", "mark"):
            assert new_request(logged_in(user), body="Mijn school klopt niet.").status == 303
            pids[user] = newest_request(user)
        assert wait_for(lambda: unsent() == 0), "earlier mail not sent"
        before = set(mails())
        for user in ("daan", "mark"):
            r = answer(f, "/antwoord/verzoek/" + pids[user], outcome="toegekend",
                       body="De naam van de school is nu goed.")
            assert r.status == 303, r
        got = [m for m in new_mails_after(before) if m["To"] == "daan@voorbeeld.nl"]
        assert len(got) == 1, [m["To"] for m in got]
        body = got[0].get_content()
        assert got[0]["Subject"] == "Your question has been answered"
        assert "/verzoeken/" + pids["daan"] in body
        assert "school" not in body and "toegekend" not in body.lower()
        # Mark gave no mail address: his answer is in the portal only.
        assert sql("SELECT count(*) FROM outbox WHERE body LIKE '%%/verzoeken/%s%%'"
                   % pids["mark"]) == [["0"]]
    finally:
        sql("UPDATE person SET language = NULLIF('%s', '-') WHERE id = %s"
            % (lang, person % "daan"))


def test_late_request_is_flagged_once():
    assert wait_for(lambda: unsent() == 0), "earlier mail not sent"
    c = logged_in("sanne")
    assert new_request(c, body="Dit duurt te lang.").status == 303
    pid = newest_request("sanne")
    sql("UPDATE request SET created_on = current_date - 40 WHERE public_id = '%s'" % pid)
    late = "SELECT recipient FROM outbox WHERE subject = 'Een vraag om iets te veranderen is te laat' " \
           "AND body LIKE '%%/verzoeken/%s' ORDER BY recipient" % pid
    assert wait_for(lambda: len(sql(late)) == 2), sql(late)
    assert [r[0] for r in sql(late)] == ["fatima@demo.gezinsportaal.invalid",
                                          "wijkteam-centrum@demo.gezinsportaal.invalid"]
    assert wait_for(lambda: unsent() == 0)
    assert len(sql(late)) == 2                       # not again on the next loops
    page = logged_in("fatima").get("/antwoord").text
    item = page.split("/antwoord/verzoek/" + pid, 1)[1].split("</tr>", 1)[0]
    assert "te laat" in item
    assert "te laat" in text_of(c.get("/verzoeken/" + pid).text)
    # Too late to take more time: the deadline was in the first month.
    f = logged_in("fatima")
    assert 'action="/verzoeken/%s/verlengen"' % pid not in f.get("/verzoeken/" + pid).text
    assert f.post("/verzoeken/%s/verlengen" % pid,
                  {"csrf": f.csrf("/"), "reason": "Te druk"}).status == 403
    assert sql("SELECT extended FROM request WHERE public_id = '%s'" % pid) == [["f"]]


def test_request_created_webhook_is_signed():
    import hmac
    from test_webhooks import SECRET, Sink, events, start_sink
    srv = start_sink()
    url = "http://127.0.0.1:%d/hook" % srv.server_address[1]
    sql("UPDATE organisation SET webhook_url = '%s', webhook_secret = '%s' "
        "WHERE slug = 'wijkteam-centrum'" % (url, SECRET))
    try:
        Sink.got.clear()
        assert new_request(logged_in("lotte"), body="Geheim voor de webhook").status == 303
        pid = newest_request("lotte")
        assert wait_for(lambda: events("request.created")), Sink.got
        h, e, b = events("request.created")[0]
        assert e["event"] == "request.created" and e["request"] == pid
        assert e["family"] == sql("SELECT public_id FROM family WHERE slug = 'de-vries'")[0][0]
        assert h["X-Signature"] == "sha256=" + hmac.new(SECRET.encode(), b, hashlib.sha256).hexdigest()
        assert b"Geheim" not in b
    finally:
        sql("UPDATE organisation SET webhook_url = NULL, webhook_secret = NULL")
        srv.shutdown()


def _outbox_of_newest_token():
    return sql("SELECT outbox_id FROM reply_token ORDER BY id DESC LIMIT 1")[0][0]


def test_reply_link_is_made_again_after_a_mail_server_outage():
    from portal import stack
    assert wait_for(lambda: unsent() == 0), "earlier mail not sent"
    stack("mailsink-stop")
    try:
        before = set(mails())
        doc = doc_ids()["Plan voor Daan"]
        assert post(logged_in("daan"), doc, "reacties", {"body": "Mail ligt er even uit."}).status == 303
        oid = _outbox_of_newest_token()
        assert wait_for(lambda: sql("SELECT attempts > 0 AND last_error IS NOT NULL FROM outbox "
                                    "WHERE id = %s" % oid) == [["t"]]), "no failed attempt"
        # Not delivered: no token stays behind for a mail nobody got.
        assert sql("SELECT token_hash IS NULL FROM reply_token WHERE outbox_id = %s" % oid) == [["t"]]
    finally:
        stack("mailsink-start")
    msgs = new_mails_after(before)
    path = reply_link(msgs[-1])
    assert Client().get(path).status == 200
    assert "Mail ligt er even uit." in reply_client(path).get(path).text


def test_a_mail_sent_again_keeps_the_first_link_working():
    """A sender that died between the server's "accepted" and its mark
    sends the row again (same Message-ID): the first copy's link works."""
    doc, path = _comment_and_link("sanne", "Plan voor Daan", "Wie brengt Daan naar voetbal?")
    oid = _outbox_of_newest_token()
    hash_before = sql("SELECT encode(token_hash, 'hex') FROM reply_token WHERE outbox_id = %s" % oid)
    sql("UPDATE outbox SET sent_at = NULL, lease_until = NULL, not_before = now() WHERE id = %s" % oid)
    assert wait_for(lambda: sql("SELECT sent_at IS NOT NULL FROM outbox WHERE id = %s" % oid) == [["t"]])
    assert sql("SELECT encode(token_hash, 'hex') FROM reply_token WHERE outbox_id = %s" % oid) == hash_before
    assert Client().get(path).status == 200


def test_reply_links_stay_out_of_the_logs():
    """A reply link works for 14 days: neither the portal's log nor
    nginx's access log keeps its token; HEAD on it is refused (it would
    log a read nobody did)."""
    import os
    from portal import STATE_DIR
    doc, path = _comment_and_link("mark", "Gezinsplan", "Klopt het bedrag van de huur?")
    token = path.rsplit("/", 1)[1]
    assert Client().request("HEAD", path).status == 405
    assert Client().get(path).status == 200
    assert reply_client(path).get(path).status == 200   # and its POST
    for log in ("portal.log", "nginx-access.log", "outbox.log"):
        with open(os.path.join(STATE_DIR, log), encoding="utf-8", errors="replace") as f:
            text = f.read()
        assert token not in text, log
        if log != "outbox.log":
            assert "/antwoord/[link]" in text, log


def test_a_link_that_may_have_arrived_is_kept():
    """The server refuses a mail only after it came in whole: it may have
    arrived after all (a lost answer looks the same), so its link stays
    valid and the copy sent again points to the worklist."""
    import os
    from portal import STATE_DIR
    assert wait_for(lambda: unsent() == 0), "earlier mail not sent"
    flag = os.path.join(STATE_DIR, "mail", ".refuse-after-data")
    before = set(mails())
    open(flag, "w").close()
    try:
        doc = doc_ids()["Plan voor Daan"]
        assert post(logged_in("daan"), doc, "reacties", {"body": "Na de punt geweigerd."}).status == 303
        oid = _outbox_of_newest_token()
        assert wait_for(lambda: sql("SELECT attempts > 0 AND last_error IS NOT NULL "
                                    "FROM outbox WHERE id = %s" % oid) == [["t"]]), "no refusal"
        assert sql("SELECT token_hash IS NOT NULL FROM reply_token WHERE outbox_id = %s"
                   % oid) == [["t"]]
    finally:
        os.unlink(flag)
    msgs = new_mails_after(before)
    body = msgs[-1].get_content()
    assert "/antwoord\n" in body or body.rstrip().endswith("/antwoord") or "/antwoord\r\n" in body, body
    assert not re.search(r"/antwoord/[A-Za-z0-9_-]{20,}", body)


def test_reply_page_links_the_document_only_when_the_professional_may_read_it():
    """F8: "Over: Gezinsplan" on the reply page is a link to the document,
    for a request and for a comment; a document the professional may no
    longer read (an own document its author removed: lib/policy denies
    everyone) stays plain text, with no link to it."""
    from test_own_documents import new_doc
    doc = doc_ids()["Gezinsplan"]
    c = logged_in("sanne")
    assert new_request(c, document=doc, body="Het plan noemt de verkeerde school.").status == 303
    pid = newest_request("sanne")
    f = logged_in("fatima")
    link = '<a href="/documenten/%s">' % doc
    page = f.get("/antwoord/verzoek/" + pid)
    assert page.status == 200 and link in page.text
    assert post(c, doc, "reacties", {"body": "Staat de school van Mees goed in het plan?"}).status == 303
    cid = sql("SELECT public_id FROM document_comment WHERE body = "
              "'Staat de school van Mees goed in het plan?'")[0][0]
    page = f.get("/antwoord/reactie/" + cid)
    assert page.status == 200 and link in page.text
    assert answer(f, "/antwoord/verzoek/" + pid, outcome="toegekend", body="").status == 303
    assert answer(f, "/antwoord/reactie/" + cid, body="Ja, dat klopt.").status == 303
    # Sanne's own document, asked about and then removed by her.
    own = new_doc(c, "sanne", "Brief van de huisarts")
    assert new_request(c, document=own, body="Zet de brief in het plan.").status == 303
    pid = newest_request("sanne")
    assert "/documenten/%s" % own in f.get("/antwoord/verzoek/" + pid).text
    sql("SELECT own_document_remove(id, author_id) FROM document WHERE public_id = '%s'" % own)
    page = f.get("/antwoord/verzoek/" + pid)
    assert page.status == 200, page.status
    assert "/documenten/" + own not in page.text
    assert answer(f, "/antwoord/verzoek/" + pid, outcome="afgewezen",
                  body="Het stuk is weg.").status == 303

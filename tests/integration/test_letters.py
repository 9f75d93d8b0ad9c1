"""Letters by post (issue 14, part 6): a member who chose post or the
counter on /gegevens gets what the outbox would mail them as a letter in
the counter's print queue (GET /balie/post), exactly once and never as a
mail; a clerk opens it as an A4 page (the member's name and address, no
dossier content) and marks it printed (audited), and it leaves the queue.
Only clerks see the queue."""
import re

from portal import Client, logged_in, sql, text_of
from test_documents import doc_ids
from test_outbox import mails, wait_for
from test_requests import answer, new_request, newest_request
from test_share import share, share_row, revoke

PERSON = "(SELECT person_id FROM account WHERE username = '%s')"
ANS = "(SELECT id FROM person WHERE given_name = 'Ans' AND family_name = 'Mulder')"


def letters_of(person_sql, about):
    return sql("SELECT l.public_id, l.outbox_id FROM letter l WHERE l.person_id = %s "
               "AND l.about = '%s' ORDER BY l.id" % (person_sql, about))


def queue_ids(page):
    return re.findall(r'href="/balie/post/([A-Za-z0-9_-]+)"', page)


def until(days):
    return sql("SELECT to_char(current_date + %d, 'YYYY-MM-DD')" % days)[0][0]


def test_a_share_waiting_for_ans_is_a_letter_printed_once():
    """Sanne shares the Gezinsplan (about the whole family): it waits for
    Ans's yes, and Ans (no login, the counter on /gegevens: sql/demo.sql)
    gets a letter in the print queue, once."""
    doc = doc_ids()["Gezinsplan"]
    before = letters_of(ANS, "delen-wacht")
    mails_before = set(mails())
    sanne = logged_in("sanne")
    assert share(sanne, doc, org="jeugdbescherming-regio", until=until(40)).status == 303
    sid, pending = share_row(doc, "jeugdbescherming-regio")
    try:
        assert pending == "t"
        assert wait_for(lambda: len(letters_of(ANS, "delen-wacht")) == len(before) + 1), \
            "no letter queued"
        letter, outbox_id = letters_of(ANS, "delen-wacht")[-1]
        # Sanne agreeing again on the same share queues no second letter.
        assert share(sanne, doc, org="jeugdbescherming-regio", until=until(40)).status == 303
        assert sql("SELECT kind, sent_at IS NOT NULL FROM outbox WHERE id = %s"
                   % outbox_id) == [["letter", "t"]]
        # A sender that died after queueing but before its mark showed:
        # the row is claimed again, and the queue still has it once.
        sql("UPDATE outbox SET sent_at = NULL, lease_until = NULL WHERE id = %s" % outbox_id)
        assert wait_for(lambda: sql("SELECT sent_at IS NOT NULL FROM outbox WHERE id = %s"
                                    % outbox_id) == [["t"]]), "not claimed again"
        assert sql("SELECT count(*) FROM letter WHERE outbox_id = %s" % outbox_id) == [["1"]]
        # No mail went to Ans for it (the others whose yes it needs are
        # mailed as they chose: cgi/sharing, mail_person).
        assert sql("SELECT count(*) FROM outbox o JOIN contact_details cd "
                   "ON cd.email = o.recipient WHERE o.kind = 'mail' AND o.id > %s "
                   "AND cd.person_id = %s" % (outbox_id, ANS)) == [["0"]]

        kees = logged_in("kees")
        page = kees.get("/balie/post")
        assert page.status == 200, page
        assert queue_ids(page.text).count(letter) == 1
        assert "Brief voor Ans Mulder" in text_of(page.text)
        assert sql("SELECT count(*) FROM audit_log WHERE action = 'letter.list' "
                   "AND object_id = '%s' AND actor_role = 'clerk'" % letter) != [["0"]]

        page = kees.get("/balie/post/" + letter)
        assert page.status == 200, page
        t = text_of(page.text)
        assert "Ans Mulder" in t and "Kerkstraat 12" in t and "4001 AB Tiel" in t
        assert "Wilt u een stuk delen?" in t
        assert "Gezinsplan" not in t and "Jeugdbescherming" not in t   # no dossier content
        assert 'class="letter"' in page.text and "/static/print.css" in page.text
        assert page.header("Cache-Control") and "no-store" in page.header("Cache-Control")
        assert sql("SELECT count(*) FROM audit_log WHERE action = 'letter.read' "
                   "AND object_id = '%s' AND outcome = 'allowed'" % letter) == [["1"]]

        token = re.search(r'name="csrf" value="([0-9a-f]{64})"', page.text).group(1)
        r = kees.post("/balie/post/%s/geprint" % letter, {"csrf": token})
        assert r.status == 303 and r.header("Location").endswith("/balie/post?geprint=1"), r
        page = kees.get("/balie/post?geprint=1")
        assert letter not in queue_ids(page.text)
        assert "De brief staat op geprint." in text_of(page.text)
        assert sql("SELECT l.printed_at IS NOT NULL, a.username FROM letter l JOIN account a "
                   "ON a.person_id = l.printed_by WHERE l.public_id = '%s'" % letter) \
            == [["t", "kees"]]
        assert sql("SELECT count(*) FROM audit_log WHERE action = 'letter.printed' "
                   "AND object_id = '%s' AND outcome = 'allowed'" % letter) == [["1"]]
        # A second click changes nothing.
        r = kees.post("/balie/post/%s/geprint" % letter, {"csrf": token})
        assert r.status == 303 and r.header("Location").endswith("/balie/post"), r
        assert sql("SELECT count(*) FROM letter WHERE public_id = '%s' AND printed_at IS NOT NULL"
                   % letter) == [["1"]]
        assert set(mails()) == mails_before or all(
            "Mulder" not in open(p, encoding="utf-8", errors="replace").read()
            for p in set(mails()) - mails_before)
    finally:
        revoke(sanne, sid)


def test_an_answer_for_a_member_who_chose_post_is_a_letter_not_a_mail():
    """Mark gives a mail address but chooses "een brief": the answer to his
    request reaches him as a letter, and nothing is mailed to him."""
    mark = PERSON % "mark"
    saved = sql("SELECT phone, email, address, reach_by FROM contact_details "
                "WHERE person_id = %s" % mark)
    sql("INSERT INTO contact_details (person_id, email, address, reach_by) SELECT %s, "
        "'mark@voorbeeld.nl', E'Dorpsstraat 3\\n1000 AA Amsterdam', 'post' "
        "ON CONFLICT (person_id) DO UPDATE SET email = EXCLUDED.email, "
        "address = EXCLUDED.address, reach_by = EXCLUDED.reach_by" % mark)
    try:
        before = letters_of(mark, "vraag-beantwoord")
        c = logged_in("mark")
        assert new_request(c, body="Mijn adres in het plan is oud.").status == 303
        pid = newest_request("mark")
        r = answer(logged_in("fatima"), "/antwoord/verzoek/" + pid, outcome="toegekend",
                   body="Het adres is nu goed.")
        assert r.status == 303, r
        assert wait_for(lambda: len(letters_of(mark, "vraag-beantwoord")) == len(before) + 1), \
            "no letter queued"
        assert sql("SELECT count(*) FROM outbox WHERE recipient = 'mark@voorbeeld.nl'") \
            == [["0"]]
        letter = letters_of(mark, "vraag-beantwoord")[-1][0]
        kees = logged_in("kees")
        assert queue_ids(kees.get("/balie/post").text).count(letter) == 1
        t = text_of(kees.get("/balie/post/" + letter).text)
        assert "Mark de Vries" in t and "Dorpsstraat 3" in t
        assert "Uw vraag is beantwoord" in t
        assert "adres in het plan" not in t and "Het adres is nu goed" not in t
    finally:
        sql("DELETE FROM contact_details WHERE person_id = %s" % mark)
        if saved:
            p = saved[0]
            sql("INSERT INTO contact_details (person_id, phone, email, address, reach_by) "
                "VALUES (%s, '%s', '%s', '%s', '%s')"
                % (mark, p[0], p[1], p[2].replace("'", "''"), p[3]))


def test_a_letter_is_in_the_language_of_the_member():
    ans_lang = sql("SELECT coalesce(language, '-') FROM person WHERE id = %s" % ANS)[0][0]
    sql("UPDATE person SET language = 'ar' WHERE id = %s" % ANS)
    oid = sql("INSERT INTO outbox (kind, recipient, subject, body) SELECT 'letter', "
              "%s::text, 'afspraak-gaat-niet-door', '' RETURNING id" % ANS)[0][0]
    try:
        assert wait_for(lambda: sql("SELECT count(*) FROM letter WHERE outbox_id = %s"
                                    % oid) == [["1"]]), "no letter queued"
        letter = sql("SELECT public_id FROM letter WHERE outbox_id = %s" % oid)[0][0]
        page = logged_in("kees").get("/balie/post/" + letter)
        assert page.status == 200
        # The page is the clerk's (Dutch); the letter is Ans's (Arabic).
        assert '<html lang="nl"' in page.text
        assert re.search(r'<article class="letter" lang="ar" dir="rtl"', page.text)
        assert "ألغى الأخصائي الاجتماعي الخاص بك موعدًا معك" in page.text
    finally:
        sql("UPDATE person SET language = NULLIF('%s', '-') WHERE id = %s" % (ans_lang, ANS))
        sql("UPDATE letter SET printed_at = now(), printed_by = %s WHERE outbox_id = %s"
            % (PERSON % "kees", oid))


def test_only_clerks_see_the_letters_to_print():
    letter = sql("SELECT public_id FROM letter ORDER BY id DESC LIMIT 1")[0][0]
    printed = sql("SELECT printed_at FROM letter WHERE public_id = '%s'" % letter)
    r = Client().get("/balie/post")
    assert r.status == 303 and "/inloggen" in r.header("Location"), r
    for user in ("sanne", "lotte", "fatima", "ellen"):
        c = logged_in(user)
        assert c.get("/balie/post").status == 403, user
        assert c.get("/balie/post/" + letter).status == 403, user
        token = c.csrf("/")
        assert c.post("/balie/post/%s/geprint" % letter, {"csrf": token}).status == 403, user
    assert sql("SELECT printed_at FROM letter WHERE public_id = '%s'" % letter) == printed
    kees = logged_in("kees")
    assert kees.request("HEAD", "/balie/post").status == 405
    assert kees.get("/balie/post/bestaat-niet").status == 404
    assert sql("SELECT count(*) FROM audit_log WHERE action = 'letter.read' "
               "AND object_id = 'bestaat-niet' AND outcome = 'denied'") == [["1"]]
    assert kees.post("/balie/post/bestaat-niet/geprint",
                     {"csrf": kees.csrf("/balie/post")}).status == 404
    # Without the form token: refused, nothing marked.
    assert kees.post("/balie/post/%s/geprint" % letter, {}).status == 403
    assert sql("SELECT printed_at FROM letter WHERE public_id = '%s'" % letter) == printed

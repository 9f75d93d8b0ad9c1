"""Share requests several people must agree to (issue 15, part 1), over
HTTP: the matrix of consent - one adult, a youth of 16, a youth of 13 and a
parent, a child of 9 and a parent, the whole family with Ans (no login) -
each yes and no in every order, two parents asking at once, the share
starting exactly at the last needed yes (Ellen 404 before, 200 after), the
30-day end (the timestamp moved in the database, no sleeping), the mails,
and the denials. Every test name holds "consent" (IT_K=consent)."""
import itertools
import json
import re
import threading

from portal import logged_in, sql, sql_fails, text_of
from test_documents import doc_ids
from test_outbox import wait_for
from test_share import dutch, share

GGZ = "ggz-rivierenland"
FAMILY = ("Sanne", "Mark", "Lotte", "Daan", "Ans")


def q(s):
    return s.replace("'", "''")


def stop_all(doc):
    """No share and no waiting request of doc (court orders stay)."""
    sql("UPDATE document_share SET revoked_at = now() WHERE revoked_at IS NULL "
        "AND NOT court_order AND document_id = (SELECT id FROM document "
        "WHERE public_id = '%s')" % doc)


def waiting(doc, org=GGZ):
    """Public ids of the requests of doc that still wait."""
    return [r[0] for r in sql(
        "SELECT s.public_id FROM document_share s JOIN document d ON d.id = s.document_id "
        "JOIN organisation o ON o.id = s.organisation_id WHERE d.public_id = '%s' "
        "AND o.slug = '%s' AND s.pending AND s.revoked_at IS NULL AND s.ended_at IS NULL"
        % (doc, org))]


def state(sid):
    return sql("SELECT pending, coalesce(ended_reason, ''), revoked_at IS NOT NULL "
               "FROM document_share WHERE public_id = '%s'" % sid)[0]


def decide(c, sid, decision):
    return c.post("/delen/%s/toestemming" % sid, {"csrf": c.csrf("/delen"),
                                                  "decision": decision})


def ellen_sees(doc):
    return logged_in("ellen").get("/documenten/" + doc).status


def delen(user):
    return text_of(logged_in(user).get("/delen").text)


def last_day(sid):
    import datetime
    return datetime.date.fromisoformat(sql(
        "SELECT to_char(((until - interval '1 microsecond') AT TIME ZONE "
        "'Europe/Amsterdam')::date, 'YYYY-MM-DD') FROM document_share "
        "WHERE public_id = '%s'" % sid)[0][0])


def make_doc(title, about):
    """A document of the De Vries family about the given names (made here:
    the demo has none about one adult alone or about Mees alone)."""
    sql("INSERT INTO document (family_id, title, body, author_id, organisation_id) "
        "SELECT f.id, '%s', 'Een stuk voor de test.', pr.person_id, pr.organisation_id "
        "FROM family f, professional pr JOIN person p ON p.id = pr.person_id "
        "WHERE f.slug = 'de-vries' AND p.given_name = 'Fatima'" % q(title))
    for name in about:
        sql("INSERT INTO document_subject (document_id, person_id) "
            "SELECT d.id, p.id FROM document d, person p "
            "JOIN family_member m ON m.person_id = p.id "
            "JOIN family f ON f.id = m.family_id AND f.slug = 'de-vries' "
            "WHERE d.title = '%s' AND p.given_name = '%s'" % (q(title), name))
    return sql("SELECT public_id FROM document WHERE title = '%s'" % q(title))[0][0]


def drop_doc(title):
    d = "(SELECT id FROM document WHERE title = '%s')" % q(title)
    sql("DELETE FROM share_consent WHERE share_id IN (SELECT id FROM document_share "
        "WHERE document_id = %s)" % d)
    for table in ("document_share", "document_read", "document_subject", "document"):
        col = "id" if table == "document" else "document_id"
        sql("DELETE FROM %s WHERE %s = %s" % (table, col, d))


class Emails:
    """Gives members a mail address for a test, and takes it back."""

    def __init__(self, *names):
        self.names = names
        self.before = {}

    def __enter__(self):
        for n in self.names:
            self.before[n] = sql("SELECT email, reach_by FROM contact_details cd JOIN "
                                 "person p ON p.id = cd.person_id WHERE p.given_name = '%s'"
                                 % n)
            sql("INSERT INTO contact_details (person_id, email, reach_by) SELECT id, "
                "'%s@consent.invalid', 'email' FROM person WHERE given_name = '%s' "
                "ON CONFLICT (person_id) DO UPDATE SET email = EXCLUDED.email"
                % (n.lower(), n))
        return self

    def __exit__(self, *exc):
        for n, rows in self.before.items():
            if rows:
                sql("UPDATE contact_details SET email = '%s', reach_by = '%s' WHERE "
                    "person_id = (SELECT id FROM person WHERE given_name = '%s')"
                    % (q(rows[0][0]), rows[0][1], n))
            else:
                sql("DELETE FROM contact_details WHERE person_id = (SELECT id FROM "
                    "person WHERE given_name = '%s')" % n)


def mails_to(name, subject):
    return int(sql("SELECT count(*) FROM outbox WHERE recipient = '%s@consent.invalid' "
                   "AND subject = '%s'" % (name.lower(), q(subject)))[0][0])


def test_consent_about_one_adult_starts_at_once():
    doc = make_doc("Afspraken met Mark", ["Mark"])
    try:
        assert share(logged_in("sanne"), doc).status == 404     # not hers to see
        assert ellen_sees(doc) == 404
        assert share(logged_in("mark"), doc).status == 303
        assert waiting(doc) == []
        assert ellen_sees(doc) == 200
        sid = sql("SELECT public_id FROM document_share WHERE document_id = (SELECT id "
                  "FROM document WHERE public_id = '%s')" % doc)[0][0]
        # a decision on a share that started: a notice, nothing stored
        n = sql("SELECT count(*) FROM share_consent")[0][0]
        r = decide(logged_in("mark"), sid, "ja")
        assert r.status == 409, r.status
        assert "Deze vraag om te delen is al voorbij." in text_of(r.text)
        assert sql("SELECT count(*) FROM share_consent")[0][0] == n
        assert "Wacht op uw antwoord" not in delen("mark")
    finally:
        drop_doc("Afspraken met Mark")


def test_consent_youth_16_decides_alone():
    doc = doc_ids()["Verslag gesprek met Lotte"]
    stop_all(doc)
    lotte = logged_in("lotte")
    assert share(lotte, doc).status == 303
    assert waiting(doc) == [] and ellen_sees(doc) == 200
    sid = sql("SELECT public_id FROM document_share WHERE revoked_at IS NULL AND "
              "document_id = (SELECT id FROM document WHERE public_id = '%s')" % doc)[0][0]
    # not Sanne's: she may not read it, so it does not exist for her
    assert decide(logged_in("sanne"), sid, "nee").status == 404
    assert state(sid)[0] == "f"
    stop_all(doc)


def test_consent_child_under_12_needs_one_parent():
    doc = make_doc("Plan voor Mees", ["Mees"])
    try:
        assert ellen_sees(doc) == 404
        for parent in ("sanne", "mark"):
            stop_all(doc)
            assert share(logged_in(parent), doc).status == 303
            assert waiting(doc) == [], parent
            assert ellen_sees(doc) == 200, parent
        # Lotte and Daan have no say about their brother's document
        assert share(logged_in("daan"), doc).status == 404
    finally:
        drop_doc("Plan voor Mees")


def test_consent_youth_13_every_order():
    """Daan (13) and a parent: whoever asks, the other's yes starts it at
    that moment; a no ends it and tells who asked, without a name."""
    doc = doc_ids()["Plan voor Daan"]
    cases = [("sanne", "daan"), ("mark", "daan"), ("daan", "sanne"), ("daan", "mark")]
    for asker, other in cases:
        for decision in ("ja", "nee"):
            stop_all(doc)
            with Emails(asker.capitalize(), other.capitalize()):
                subject = ("Er wacht een vraag op je toestemming" if other == "daan" else
                           "Er wacht een vraag op uw toestemming")
                mails_before = mails_to(other.capitalize(), subject)
                assert share(logged_in(asker), doc).status == 303
                sids = waiting(doc)
                assert len(sids) == 1, (asker, sids)
                sid = sids[0]
                assert ellen_sees(doc) == 404, (asker, other)
                # who is still missing, on the page of who asked
                t = delen(asker)
                missing = "Daan" if other == "daan" else "Mark of Sanne"
                if asker == "mark":
                    # Daan is shielded from Mark (the demo): not named.
                    assert "Nog nodig" not in t, t
                    assert "Misschien moet ook iemand anders uit uw gezin nog ja " \
                        "zeggen." in t, t
                else:
                    assert "Nog nodig: %s." % missing in t, (asker, t)
                assert "kan dit aan de balie doen" not in t
                # the task of the other, in their words, and the mail
                t = delen(other)
                until = dutch(last_day(sid))
                # Mark is asked without Daan's name, and without a mail at
                # the moment Daan asked (he is shielded from Mark).
                shielded = other == "mark"
                task = ("%s wil 'Plan voor Daan' delen met GGZ Rivierenland, tot en met %s."
                        % ("Iemand uit uw gezin" if shielded else asker.capitalize(), until))
                assert task in t, (other, t)
                assert ("Geef je toestemming?" if other == "daan" else
                        "Geeft u toestemming?") in t
                if shielded:
                    assert mails_to(other.capitalize(), subject) == mails_before, other
                else:
                    assert mails_to(other.capitalize(), subject) >= 1, other
                assert "Wacht op uw antwoord" not in delen(asker)
                r = decide(logged_in(other), sid, decision)
                assert r.status == 303, (asker, other, decision, r.status)
                if decision == "ja":
                    assert state(sid)[:2] == ["f", ""], (asker, other)
                    assert ellen_sees(doc) == 200, (asker, other)
                else:
                    assert state(sid)[:2] == ["t", "nee"], (asker, other)
                    assert ellen_sees(doc) == 404
                    t = delen(asker)
                    said = ("Je vraag" if asker == "daan" else "Uw vraag")
                    assert ("%s om dit stuk te delen met GGZ Rivierenland is gestopt. "
                            "Niet iedereen gaf toestemming." % said) in t, t
                    assert "Nog nodig" not in t
                    stopped = ("Je vraag om een stuk te delen is gestopt" if asker == "daan"
                               else "Uw vraag om een stuk te delen is gestopt")
                    if asker == "mark":
                        # Daan said no: no mail at that moment (/delen says it).
                        pass
                    else:
                        assert mails_to(asker.capitalize(), stopped) >= 1
                        body = sql("SELECT body FROM outbox WHERE recipient = "
                                   "'%s@consent.invalid' ORDER BY id DESC LIMIT 1"
                                   % asker)[0][0]
                        assert other.capitalize() not in body, body
                    # after the no: a notice, nothing stored
                    r = decide(logged_in(other), sid, "ja")
                    assert r.status == 409 and "al voorbij" in text_of(r.text)
                    assert state(sid)[:2] == ["t", "nee"]
    # A parent asked and the other parent is not needed any more.
    stop_all(doc)
    assert share(logged_in("sanne"), doc).status == 303
    sid = waiting(doc)[0]
    # Mark is shown the task as if Sanne had not said yes (she is shielded
    # from him); his no does not stop what lib/policy does not ask him.
    assert "Iemand uit uw gezin wil 'Plan voor Daan'" in delen("mark")
    r = decide(logged_in("mark"), sid, "nee")
    assert r.status == 409 and "Uw antwoord is niet meer nodig." in text_of(r.text)
    assert state(sid)[:2] == ["t", ""]
    # the export of a parent does not say who said no
    assert decide(logged_in("daan"), sid, "nee").status == 303
    def refusals(user):
        found = []

        def walk(x):
            if isinstance(x, dict):
                if "share.refuse" in x.values():
                    found.append(x)
                for v in x.values():
                    walk(v)
            elif isinstance(x, list):
                for v in x:
                    walk(v)
        walk(json.loads(logged_in(user).get("/mijn-gegevens.json").text))
        return found
    assert [x for x in refusals("sanne") if "Daan" in json.dumps(x)] == []
    assert any("Daan" in json.dumps(x) for x in refusals("daan"))
    stop_all(doc)


def family_request():
    doc = doc_ids()["Gezinsplan"]
    stop_all(doc)
    assert share(logged_in("sanne"), doc).status == 303
    sids = waiting(doc)
    assert len(sids) == 1
    return doc, sids[0]


def test_consent_whole_family_with_ans_at_the_counter():
    """The Gezinsplan is about everybody: Sanne asks, the others say yes in
    every order; it waits for Ans, who has no login: the page says she can
    do it at the counter, and nobody outside the family reads it."""
    for order in itertools.permutations(("mark", "lotte", "daan")):
        doc, sid = family_request()
        left = ["Mark", "Lotte", "Daan"]
        for who in order:
            t = delen(who)
            # Sanne is shielded from Mark: he is asked without her name.
            asker = "Iemand uit uw gezin" if who == "mark" else "Sanne"
            assert asker + " wil 'Gezinsplan' delen met GGZ Rivierenland" in t, (who, t)
            assert decide(logged_in(who), sid, "ja").status == 303, (order, who)
            left.remove(who.capitalize())
            assert "wil 'Gezinsplan'" not in delen(who)
            assert ellen_sees(doc) == 404, (order, who)
            t = delen("sanne")
            # oldest first, as everywhere on the page
            need = [n for n in ("Ans", "Mark", "Lotte", "Daan") if n == "Ans" or n in left]
            assert "Nog nodig: %s." % ", ".join(need) in t, (order, t)
            assert "Ans kan dit aan de balie doen." in t, t
        assert state(sid)[:2] == ["t", ""]
        t = delen("lotte")
        assert "Ja gezegd: Mark, Sanne, Lotte, Daan. Nog nodig: Ans. Ans kan dit aan de " \
            "balie doen." in t, t
    stop_all(doc)


def test_consent_whole_family_a_no_at_any_moment_ends_it():
    for at in range(3):
        for order in (("mark", "lotte", "daan"), ("daan", "lotte", "mark")):
            doc, sid = family_request()
            for i, who in enumerate(order):
                if i == at:
                    assert decide(logged_in(who), sid, "nee").status == 303
                    break
                assert decide(logged_in(who), sid, "ja").status == 303
            assert state(sid)[:2] == ["t", "nee"], (at, order)
            assert ellen_sees(doc) == 404
            for who in order:
                assert "wil 'Gezinsplan'" not in delen(who), who
            t = delen("sanne")
            assert "Uw vraag om dit stuk te delen met GGZ Rivierenland is gestopt. " \
                "Niet iedereen gaf toestemming." in t
            for name in ("Mark", "Lotte", "Daan"):
                assert "%s zei nee" % name not in t
    stop_all(doc_ids()["Gezinsplan"])


def test_consent_two_parents_asking_at_once_make_one_request():
    doc = doc_ids()["Plan voor Daan"]
    for rounds in range(3):
        stop_all(doc)
        clients = [logged_in("sanne"), logged_in("mark")]
        forms = [{"csrf": c.csrf("/delen"), "document": doc, "organisation": GGZ}
                 for c in clients]
        out = [None, None]
        go = threading.Barrier(2)

        def run(i):
            go.wait()
            out[i] = clients[i].post("/delen", forms[i]).status

        ts = [threading.Thread(target=run, args=(i,)) for i in range(2)]
        for t in ts:
            t.start()
        for t in ts:
            t.join()
        assert out == [303, 303], out
        sids = waiting(doc)
        assert len(sids) == 1, sids
        names = sql("SELECT string_agg(p.given_name, ',' ORDER BY p.given_name) FROM "
                    "share_consent c JOIN person p ON p.id = c.person_id JOIN document_share s "
                    "ON s.id = c.share_id WHERE s.public_id = '%s'" % sids[0])[0][0]
        assert names == "Mark,Sanne", names
        assert ellen_sees(doc) == 404                    # Daan still decides
    # On other terms the second one is told a request waits, and nothing
    # is stored.
    other = sql("SELECT to_char(current_date + 20, 'YYYY-MM-DD')")[0][0]
    r = share(logged_in("daan"), doc, until=other)
    assert r.status == 409, r.status
    assert "Er wacht al een vraag om dit stuk met deze organisatie te delen." in text_of(r.text)
    assert len(waiting(doc)) == 1
    # The database, not luck: a second waiting request cannot be written.
    assert sql_fails("INSERT INTO document_share (document_id, organisation_id, until, "
                     "pending) SELECT document_id, organisation_id, until, true FROM "
                     "document_share WHERE public_id = '%s'" % waiting(doc)[0])
    stop_all(doc)


def test_consent_request_ends_after_30_days():
    doc = doc_ids()["Plan voor Daan"]
    stop_all(doc)
    stopped = "Uw vraag om een stuk te delen is gestopt"
    with Emails("Sanne"):
        before = mails_to("Sanne", stopped)
        assert share(logged_in("sanne"), doc).status == 303
        sid = waiting(doc)[0]
        # 29 days: it still waits
        sql("UPDATE document_share SET created_at = now() - interval '29 days' "
            "WHERE public_id = '%s'" % sid)
        assert "Sanne wil 'Plan voor Daan'" in delen("daan")
        # 30 days: over, for everybody at once
        sql("UPDATE document_share SET created_at = now() - interval '30 days' "
            "WHERE public_id = '%s'" % sid)
        assert "Sanne wil 'Plan voor Daan'" not in delen("daan")
        r = decide(logged_in("daan"), sid, "ja")
        assert r.status == 409 and "al voorbij" in text_of(r.text)
        assert ellen_sees(doc) == 404
        # the outbox process ends it and tells Sanne, once
        assert wait_for(lambda: state(sid)[1] == "verlopen"), state(sid)
        assert wait_for(lambda: mails_to("Sanne", stopped) == before + 1)
        t = delen("sanne")
        assert "Uw vraag om dit stuk te delen met GGZ Rivierenland is gestopt. " \
            "Niet iedereen gaf op tijd toestemming." in t, t
        # a new request may start now
        assert share(logged_in("sanne"), doc).status == 303
        assert len(waiting(doc)) == 1 and waiting(doc)[0] != sid
    stop_all(doc)


def test_consent_denials():
    ids = doc_ids()
    doc = ids["Plan voor Daan"]
    stop_all(doc)
    assert share(logged_in("sanne"), doc).status == 303
    sid = waiting(doc)[0]
    daan = logged_in("daan")
    # unknown, another family's (the court order), a bad value, no csrf
    assert decide(daan, "AAAAAAAAAAAAAAAAAAAAAA", "ja").status == 404
    court = sql("SELECT s.public_id FROM document_share s WHERE s.court_order")[0][0]
    assert decide(logged_in("sanne"), court, "nee").status == 404
    assert decide(logged_in("emre"), court, "nee").status == 404
    assert decide(daan, sid, "misschien").status == 400
    assert daan.post("/delen/%s/toestemming" % sid, {"decision": "ja"}).status == 403
    # Lotte may not read her brother's plan: not hers, 404
    assert decide(logged_in("lotte"), sid, "nee").status == 404
    # staff do not use it
    for user in ("ellen", "fatima"):
        c = logged_in(user)
        assert c.post("/delen/%s/toestemming" % sid, {"csrf": c.csrf("/"),
                                                      "decision": "ja"}).status == 403
    assert state(sid)[:2] == ["t", ""]
    # a request of a document hidden from Mark does not exist for him
    hidden = ids["Verslag huisbezoek"]
    stop_all(hidden)
    assert share(logged_in("sanne"), hidden).status == 303
    hsid = waiting(hidden)[0]
    assert decide(logged_in("mark"), hsid, "nee").status == 404
    assert "Verslag huisbezoek" not in delen("mark")
    assert state(hsid)[:2] == ["t", ""]
    # a revoked request: a notice, nothing stored
    c = logged_in("sanne")
    assert c.post("/delen/%s/intrekken" % sid, {"csrf": c.csrf("/delen")}).status == 303
    r = decide(daan, sid, "ja")
    assert r.status == 409 and "Deze vraag om te delen is al voorbij." in text_of(r.text)
    assert sql("SELECT count(*) FROM share_consent c JOIN document_share s ON s.id = "
               "c.share_id WHERE s.public_id = '%s'" % sid)[0][0] == "1"
    stop_all(doc)
    stop_all(hidden)
    rows = sql("SELECT count(*) FROM audit_log WHERE action = 'share.consent' "
               "AND outcome = 'denied'")
    assert int(rows[0][0]) >= 3


def dutch_born(iso):
    import datetime
    return dutch(datetime.date.fromisoformat(iso))


def test_consent_ellen_sees_who_shared_it_and_the_news():
    """Part 6: the receiving organisation sees who shared a document, until
    when, and whom it is about (full name, birth date); its start page
    says what was shared with it, and what stopped (without the title)."""
    doc = doc_ids()["Verslag gesprek met Lotte"]
    stop_all(doc)
    ellen = logged_in("ellen")
    assert share(logged_in("lotte"), doc).status == 303
    sid = sql("SELECT public_id FROM document_share WHERE revoked_at IS NULL AND NOT pending "
              "AND document_id = (SELECT id FROM document WHERE public_id = '%s')" % doc)[0][0]
    until = dutch(last_day(sid))
    born = dutch_born(sql("SELECT birth_date FROM person WHERE given_name = 'Lotte'")[0][0])
    age = sql("SELECT extract(year FROM age(current_date, birth_date))::int FROM person "
              "WHERE given_name = 'Lotte'")[0][0]
    t = text_of(ellen.get("/documenten/" + doc).text)
    assert "Gedeeld door Lotte de Vries (%s) tot en met %s" % (age, until) in t, t
    assert "Over Lotte de Vries, geboren op %s" % born in t, t
    t = text_of(ellen.get("/").text)
    assert "Gedeeld met uw organisatie" in t
    assert "Lotte de Vries heeft een stuk met u gedeeld: Verslag gesprek met Lotte . " \
        "U kunt het lezen tot en met %s." % until in t, t       # (a link ends at " .")
    # the family's own professional and the family see no such line
    for user in ("fatima", "lotte"):
        page = text_of(logged_in(user).get("/documenten/" + doc).text)
        assert "Gedeeld door" not in page and "geboren op" not in page, user
    assert "Gedeeld met uw organisatie" not in text_of(logged_in("fatima").get("/").text)
    # stopped: the start page says so, without the title
    gone = "Een stuk van gezin De Vries is niet meer met u gedeeld, sinds"
    before = text_of(ellen.get("/").text).count(gone)
    c = logged_in("lotte")
    assert c.post("/delen/%s/intrekken" % sid, {"csrf": c.csrf("/delen")}).status == 303
    assert ellen.get("/documenten/" + doc).status == 404
    t = text_of(ellen.get("/").text)
    assert t.count(gone) == before + 1, t
    assert "Verslag gesprek met Lotte" not in t
    stop_all(doc)


def test_consent_task_on_the_document_page():
    doc = doc_ids()["Plan voor Daan"]
    stop_all(doc)
    assert share(logged_in("sanne"), doc).status == 303
    sid = waiting(doc)[0]
    daan = logged_in("daan")
    page = daan.get("/documenten/" + doc).text
    assert "Sanne wil 'Plan voor Daan' delen met GGZ Rivierenland, tot en met %s. " \
        "Geef je toestemming?" % dutch(last_day(sid)) in text_of(page)
    assert 'action="/delen/%s/toestemming"' % sid in page
    # not for whoever has no yes to give (any more); Mark, from whom
    # Sanne is shielded, is asked as if she had not said yes, unnamed
    assert "/toestemming" not in logged_in("sanne").get("/documenten/" + doc).text
    t = text_of(logged_in("mark").get("/documenten/" + doc).text)
    assert "Iemand uit uw gezin wil 'Plan voor Daan' delen" in t, t
    r = daan.post("/delen/%s/toestemming" % sid, {"csrf": daan.csrf("/documenten/" + doc),
                                                  "decision": "ja"})
    assert r.status == 303 and ellen_sees(doc) == 200
    assert "/toestemming" not in daan.get("/documenten/" + doc).text
    stop_all(doc)

"""Decisions a family takes together (issue 15), the parts added last:
the professional's worklist shows share requests that wait for the
family's yes and conversations that wait for the professional's answer
(part 5; only for the professional assigned to the family now); the
start page tells the members a share is about, who asked and who said
yes, when it started or ended, and who asked when a request stopped,
once, since their last visit (part 3)."""
import re

from portal import logged_in, sql, text_of
from test_berichten import start, write
from test_documents import doc_ids
from test_share import share
from test_share_consent import Emails, decide, stop_all, waiting
from test_startpage import family_key, lines, worklist_rows

MEMBERS = ["sanne", "mark", "lotte", "daan", "emre", "elif"]


def test_worklist_shows_a_share_request_waiting_to_the_assigned_professional_only():
    doc = doc_ids()["Plan voor Daan"]
    stop_all(doc)
    assert share(logged_in("sanne"), doc).status == 303
    sid = waiting(doc)[0]
    f = logged_in("fatima")
    for path in ("/antwoord", "/antwoord?gezin=" + family_key("de-vries")):
        page = f.get(path).text
        rows = [t for k, t in worklist_rows(page) if k == "delen"]
        assert len([t for t in rows if "Plan voor Daan" in t]) == 1, rows
        row = [t for t in rows if "Plan voor Daan" in t][0]
        assert "Vraag om te delen met GGZ Rivierenland: Plan voor Daan" in row, row
        assert "Sanne de Vries" in row and "Wacht op toestemming van het gezin" in row, row
        assert 'href="/documenten/%s"' % doc in page
    # nobody else: not Peter (another family), not Ellen (the organisation
    # asked), not the family
    for user in ("peter", "ellen"):
        assert "Plan voor Daan" not in logged_in(user).get("/antwoord").text, user
    for user in MEMBERS:
        assert logged_in(user).get("/antwoord").status == 403, user
    # the yes that starts it takes the row away
    assert decide(logged_in("daan"), sid, "ja").status == 303
    assert not [t for k, t in worklist_rows(f.get("/antwoord").text)
                if k == "delen" and "Plan voor Daan" in t]
    # a request that waited 30 days is no row either
    stop_all(doc)
    assert share(logged_in("sanne"), doc).status == 303
    sql("UPDATE document_share SET created_at = now() - interval '30 days' "
        "WHERE public_id = '%s'" % waiting(doc)[0])
    assert not [t for k, t in worklist_rows(f.get("/antwoord").text)
                if k == "delen" and "Plan voor Daan" in t]
    stop_all(doc)


def test_worklist_shows_a_conversation_waiting_for_the_professionals_answer():
    path = start(logged_in("daan"), "fatima", "Vraag WL-1", "Mag ik iets vragen?")
    cid = path.rsplit("/", 1)[1]
    f = logged_in("fatima")
    page = f.get("/antwoord").text
    rows = [t for k, t in worklist_rows(page) if k == "bericht" and "Vraag WL-1" in t]
    assert len(rows) == 1 and "Daan de Vries" in rows[0], rows
    assert "Wacht op uw antwoord" in rows[0]
    assert 'href="/berichten/%s"' % cid in page
    # private to the two: nobody else
    for user in ("peter", "ellen"):
        assert "Vraag WL-1" not in logged_in(user).get("/antwoord").text, user
    # answered: gone; the member writes again: back
    assert write(f, path, "Ja, vraag maar.").status == 303
    assert "Vraag WL-1" not in f.get("/antwoord").text
    assert write(logged_in("daan"), path, "Dank je.").status == 303
    assert "Vraag WL-1" in f.get("/antwoord").text


def news(user, lang=None):
    """The news lines of a new log-in's start page: {(kind, text)}."""
    c = logged_in(user)
    if lang:
        assert c.get("/taal?l=" + lang).status == 303
    return set(lines(c.get("/").text, "news"))


def plan_news(items):
    return {(k, t) for k, t in items if "Plan voor Daan" in t}


STARTED = ("gedeeld", "'Plan voor Daan' wordt nu gedeeld met GGZ Rivierenland.")
ENDED = ("niet-meer-gedeeld", "'Plan voor Daan' wordt niet meer gedeeld met GGZ Rivierenland.")
REFUSED = ("delen-gestopt", "Uw vraag om 'Plan voor Daan' te delen met GGZ Rivierenland is "
           "gestopt. Niet iedereen gaf toestemming.")
RAN_OUT = ("delen-gestopt", "Uw vraag om 'Plan voor Daan' te delen met GGZ Rivierenland is "
           "gestopt. Niet iedereen gaf op tijd toestemming.")


def test_startpage_share_news_once_for_whom_it_concerns():
    doc = doc_ids()["Plan voor Daan"]
    stop_all(doc)
    for user in ("sanne", "mark", "lotte", "daan"):
        news(user)                                   # a visit: news is what comes after
    assert share(logged_in("sanne"), doc).status == 303
    sid = waiting(doc)[0]
    assert decide(logged_in("daan"), sid, "ja").status == 303
    # who asked and who said yes (whom it is about); not Mark (not asked:
    # one parent was enough), not Lotte (not hers to read)
    c = logged_in("sanne")
    assert plan_news(lines(c.get("/").text, "news")) == {STARTED}
    assert plan_news(lines(c.get("/").text, "news")) == {STARTED}   # the same log-in
    daan = {(k, t.replace("Je vraag", "Uw vraag")) for k, t in news("daan")}
    assert plan_news(daan) == {STARTED}, daan
    assert plan_news(news("mark")) == set()
    assert plan_news(news("lotte")) == set()
    # shown once: the next log-in has none
    assert plan_news(news("sanne")) == set()
    # it stops: the same people hear it
    c = logged_in("sanne")
    assert c.post("/delen/%s/intrekken" % sid, {"csrf": c.csrf("/delen")}).status == 303
    assert plan_news(news("sanne")) == {ENDED}
    assert plan_news(news("daan")) == {ENDED}
    assert plan_news(news("mark")) == set()
    # a no: who asked hears it stopped, without who said no; nobody else
    assert share(logged_in("sanne"), doc).status == 303
    assert decide(logged_in("daan"), waiting(doc)[0], "nee").status == 303
    got = plan_news(news("sanne"))
    assert got == {REFUSED}, got
    assert plan_news(news("daan")) == set()
    assert plan_news(news("mark")) == set()
    stop_all(doc)


def test_startpage_share_news_a_request_that_ran_out_in_every_language():
    from test_outbox import wait_for
    from test_share_consent import state
    doc = doc_ids()["Plan voor Daan"]
    stop_all(doc)
    texts = {
        "en": "Your request to share 'Plan voor Daan' with GGZ Rivierenland has stopped. "
              "Not everyone gave permission in time.",
        "ar": "لم يوافق الجميع في الوقت المناسب.",
    }
    for lang in (None, "en", "ar"):
        news("sanne", lang)
        assert share(logged_in("sanne"), doc).status == 303
        sid = waiting(doc)[0]
        sql("UPDATE document_share SET created_at = now() - interval '30 days' "
            "WHERE public_id = '%s'" % sid)
        assert wait_for(lambda: state(sid)[1] == "verlopen"), state(sid)
        got = plan_news(news("sanne", lang)) if lang is None else \
            [t for k, t in news("sanne", lang) if k == "delen-gestopt"]
        if lang is None:
            assert got == {RAN_OUT}, got
        else:
            assert len(got) == 1 and texts[lang] in got[0], (lang, got)
        stop_all(doc)


def test_consent_request_that_ran_out_is_mailed_in_the_askers_language():
    """The outbox process's notice that a request ran out: in the asker's
    language, "je" for a youth, a letter for who chose post."""
    from test_outbox import wait_for
    from test_share_consent import mails_to, state
    doc = doc_ids()["Plan voor Daan"]
    cases = [("Sanne", "en", "Your request to share a document has stopped",
              "Not everyone gave permission in time."),
             ("Daan", None, "Je vraag om een stuk te delen is gestopt",
              "Niet iedereen gaf op tijd toestemming."),
             ("Mark", "ar", "توقف طلبك لمشاركة وثيقة", "لم يوافق الجميع في الوقت المناسب.")]
    for name, lang, subject, words in cases:
        stop_all(doc)
        with Emails(name):
            sql("UPDATE person SET language = %s WHERE given_name = '%s'"
                % ("'%s'" % lang if lang else "NULL", name))
            try:
                before = mails_to(name, subject)
                assert share(logged_in(name.lower()), doc).status == 303
                sid = waiting(doc)[0]
                sql("UPDATE document_share SET created_at = now() - interval '30 days' "
                    "WHERE public_id = '%s'" % sid)
                assert wait_for(lambda: mails_to(name, subject) == before + 1), name
                body = sql("SELECT body FROM outbox WHERE recipient = '%s@consent.invalid' "
                           "ORDER BY id DESC LIMIT 1" % name.lower())[0][0]
                assert words in body, (name, body)
                assert state(sid)[1] == "verlopen"
            finally:
                sql("UPDATE person SET language = NULL WHERE given_name = '%s'" % name)
    # who chose post gets a letter at the counter instead
    stop_all(doc)
    reach = sql("SELECT reach_by FROM contact_details WHERE person_id = (SELECT id FROM "
                "person WHERE given_name = 'Mark')")
    sql("INSERT INTO contact_details (person_id, reach_by) SELECT id, 'post' FROM person "
        "WHERE given_name = 'Mark' ON CONFLICT (person_id) DO UPDATE SET reach_by = 'post'")
    try:
        letters = "SELECT count(*) FROM outbox WHERE kind = 'letter' AND subject = " \
            "'delen-gestopt' AND recipient = (SELECT id::text FROM person WHERE given_name = 'Mark')"
        before = int(sql(letters)[0][0])
        assert share(logged_in("mark"), doc).status == 303
        sid = waiting(doc)[0]
        sql("UPDATE document_share SET created_at = now() - interval '30 days' "
            "WHERE public_id = '%s'" % sid)
        assert wait_for(lambda: int(sql(letters)[0][0]) == before + 1)
    finally:
        if reach:
            sql("UPDATE contact_details SET reach_by = '%s' WHERE person_id = (SELECT id FROM "
                "person WHERE given_name = 'Mark')" % reach[0][0])
        else:
            sql("DELETE FROM contact_details WHERE person_id = (SELECT id FROM person "
                "WHERE given_name = 'Mark')")
    stop_all(doc)


def test_consent_ans_answers_at_the_counter_last_yes_or_no():
    """The whole family: Mark, Lotte and Daan said yes; Ans (no log-in)
    answers the task at the counter. Her yes starts the share at that
    moment (Ellen reads it then, not before); her no ends it."""
    from test_counter import helping, stop
    for decision in ("ja", "nee"):
        doc = doc_ids()["Gezinsplan"]
        stop_all(doc)
        assert share(logged_in("sanne"), doc).status == 303
        sid = waiting(doc)[0]
        for who in ("mark", "lotte", "daan"):
            assert decide(logged_in(who), sid, "ja").status == 303, who
        assert logged_in("ellen").get("/documenten/" + doc).status == 404
        c = helping("Ans", "Mulder")
        t = text_of(c.get("/delen").text)
        assert "Sanne wil 'Gezinsplan' delen met GGZ Rivierenland" in t, t
        r = c.post("/delen/%s/toestemming" % sid, {"csrf": c.csrf("/delen"),
                                                   "decision": decision})
        assert r.status == 303, r
        assert sql("SELECT actor_role, on_behalf_of FROM audit_log WHERE action = %s "
                   "ORDER BY id DESC LIMIT 1" % ("'share.agree'" if decision == "ja"
                                                 else "'share.refuse'"))[0] == \
            ["clerk", sql("SELECT id FROM person WHERE given_name = 'Ans'")[0][0]]
        stop(c)
        if decision == "ja":
            assert logged_in("ellen").get("/documenten/" + doc).status == 200
        else:
            assert logged_in("ellen").get("/documenten/" + doc).status == 404
            assert "Niet iedereen gaf toestemming." in text_of(
                logged_in("sanne").get("/delen").text)
        stop_all(doc)


def test_startpage_lists_exactly_each_members_share_tasks():
    """A table: two requests wait (Sanne asked to share the Gezinsplan and
    the plan for Daan); each demo member's start page lists exactly the
    share tasks that wait for their yes."""
    ids = doc_ids()
    for title in ("Gezinsplan", "Plan voor Daan"):
        stop_all(ids[title])
        assert share(logged_in("sanne"), ids[title]).status == 303
    want = {
        "sanne": set(),                                   # she asked: her yes is in
        # one parent is enough for Daan, but Sanne is shielded from Mark: he
        # is asked as if her yes were not there, so her yes tells him nothing
        "mark": {"Gezinsplan", "Plan voor Daan"},
        "lotte": {"Gezinsplan"},                          # not hers to read: Daan's plan
        "daan": {"Gezinsplan", "Plan voor Daan"},
        "emre": set(),
        "elif": set(),
    }
    for user in MEMBERS:
        tasks = lines(logged_in(user).get("/").text, "tasks")
        got = set()
        for k, t in tasks:
            if k != "delen":
                continue
            # Sanne is shielded from Mark: his task does not name her
            asker = "Iemand uit uw gezin" if user == "mark" else "Sanne"
            m = re.match(asker + r" wil '([^']+)' delen met GGZ Rivierenland, tot en met .+\. "
                         r"(Geeft u|Geef je) toestemming\?$", t)
            assert m, (user, t)
            got.add(m.group(1))
        assert got == want[user], (user, tasks)
    for title in ("Gezinsplan", "Plan voor Daan"):
        stop_all(ids[title])


def test_startpage_share_news_for_the_assigned_professional_only():
    doc = doc_ids()["Plan voor Daan"]
    stop_all(doc)
    for user in ("fatima", "peter", "ellen"):
        news(user)
    assert share(logged_in("sanne"), doc).status == 303
    sid = waiting(doc)[0]
    assert plan_news(news("fatima")) == set()             # waiting: no news yet
    assert decide(logged_in("daan"), sid, "ja").status == 303
    c = logged_in("sanne")
    assert c.post("/delen/%s/intrekken" % sid, {"csrf": c.csrf("/delen")}).status == 303
    got = {t for k, t in plan_news(news("fatima"))}
    assert got == {STARTED[1], ENDED[1]}, got
    assert plan_news(news("fatima")) == set()             # once
    assert plan_news(news("peter")) == set()
    # Ellen's organisation hears it in its own words, without the title
    # once it stopped (test_share_consent)
    assert plan_news(news("ellen")) == set()
    stop_all(doc)

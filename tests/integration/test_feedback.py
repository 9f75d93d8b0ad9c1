"""Hoe was de hulp? (issue 18, part 5): after a finished appointment or
an answered request (a task on the start page, once per contact), and
otherwise once a quarter, a member gives a score of 1 to 10 and an open
answer. The answer names nobody and has no time; professionals see
averages and texts per organisation and finished quarter only, and never
for fewer than 5 answers."""
import re

from portal import Client, logged_in, sql, sql_fails, text_of
from test_counter import helping, person_of, stop
from test_startpage import lines


def past_appointment(member, pro="fatima", days=3, minutes=0):
    """A finished appointment of member with pro, some days ago: its
    public id."""
    sql("INSERT INTO appointment_slot (professional_id, family_id, starts_at, ends_at, place) "
        "SELECT pr.person_id, m.family_id, "
        "  date_trunc('minute', now()) - interval '%d days' - interval '%d hours', "
        "  date_trunc('minute', now()) - interval '%d days' - interval '%d hours' "
        "    + interval '30 minutes', 'Feedbackplein %d' "
        "FROM account pa JOIN professional pr ON pr.person_id = pa.person_id, "
        "  account ma JOIN family_member m ON m.person_id = ma.person_id "
        "WHERE pa.username = '%s' AND ma.username = '%s'"
        % (days, minutes, days, minutes, minutes, pro, member))
    return sql("INSERT INTO appointment (slot_id, person_id, family_id) "
               "SELECT s.id, m.person_id, m.family_id FROM appointment_slot s, "
               "  account ma JOIN family_member m ON m.person_id = ma.person_id "
               "WHERE s.place = 'Feedbackplein %d' AND ma.username = '%s' "
               "RETURNING public_id" % (minutes, member))[0][0]


def give(c, over=None, **fields):
    f = {"csrf": c.csrf("/feedback"), "over": over or ""}
    f.update(fields)
    return c.post("/feedback", f)


def rows_of(org):
    return sql("SELECT score, body FROM feedback f JOIN organisation o ON o.id = f.organisation_id "
               "WHERE o.slug = '%s' ORDER BY body, score" % org)


def given(login):
    return [r[0] for r in sql("SELECT g.contact FROM feedback_given g JOIN account a "
                              "ON a.person_id = g.person_id WHERE a.username = '%s'" % login)]


def test_feedback_after_an_appointment_once_and_anonymous():
    s = logged_in("sanne")
    appt = past_appointment("sanne", minutes=7)
    over = "afspraak-" + appt
    tasks = lines(s.get("/").text, "tasks")
    assert any(k == "feedback" and t.startswith("Hoe was uw afspraak met Fatima Bouali op ")
               for k, t in tasks), tasks
    assert 'href="/feedback?over=%s"' % over in s.get("/").text
    page = s.get("/feedback?over=" + over)
    assert page.status == 200
    assert "Hoe was uw afspraak met Fatima Bouali" in text_of(page.text)
    before = len(rows_of("wijkteam-centrum"))
    r = give(s, over, score="8", body="Zeer fijn gesprek over de vlinderstruik")
    assert r.status == 303 and r.header("Location") == "/feedback?over=%s&bedankt=1" % over
    assert "zonder uw naam" in s.get(r.header("Location")).text
    assert len(rows_of("wijkteam-centrum")) == before + 1
    assert ["8", "Zeer fijn gesprek over de vlinderstruik"] in rows_of("wijkteam-centrum")
    assert "afspraak:" + appt in given("sanne")
    # counted as one person for the organisation this quarter (sql/048),
    # with no column that joins it to the answer
    assert sql("SELECT count(*) FROM feedback_giver g JOIN organisation o "
               "ON o.id = g.organisation_id JOIN account a ON a.person_id = g.person_id "
               "WHERE o.slug = 'wijkteam-centrum' AND a.username = 'sanne'") == [["1"]]
    assert {c for (c,) in sql("SELECT column_name FROM information_schema.columns "
                              "WHERE table_name = 'feedback_giver'")} == \
        {"organisation_id", "quarter", "person_id"}
    # once per contact: the task is gone, the page says so, a second send
    # stores nothing
    assert 'href="/feedback?over=%s"' % over not in s.get("/").text
    assert "U gaf hier al uw mening over." in text_of(s.get("/feedback?over=" + over).text)
    r = give(s, over, score="2", body="Nog een keer")
    assert r.status == 409
    assert len(rows_of("wijkteam-centrum")) == before + 1
    # Nothing in the answer links it to Sanne or to the time
    cols = {c for (c,) in sql("SELECT column_name FROM information_schema.columns "
                              "WHERE table_name = 'feedback'")}
    assert cols == {"id", "organisation_id", "quarter", "score", "body"}
    assert re.fullmatch(r"[0-9a-f-]{36}", sql("SELECT id::text FROM feedback LIMIT 1")[0][0])
    # the audit row names the contact, never the answer
    audit = sql("SELECT a.object_kind, a.object_id FROM audit_log a JOIN account u "
                "ON u.person_id = a.actor_id WHERE u.username = 'sanne' "
                "AND a.action = 'feedback.give' ORDER BY a.id DESC LIMIT 1")
    assert audit == [["contact", "afspraak:" + appt]]
    # Sanne's export says what she gave feedback on, not what she said
    export = s.get("/mijn-gegevens.json").text
    assert "afspraak:" + appt in export and "vlinderstruik" not in export
    # the portal's role cannot change or delete an answer
    assert sql_fails("UPDATE feedback SET score = 1", user="portal_app")
    assert sql_fails("DELETE FROM feedback", user="portal_app")


def test_feedback_about_another_members_contact_is_404():
    appt = past_appointment("sanne", minutes=11)
    m = logged_in("mark")
    before = len(rows_of("wijkteam-centrum"))
    assert m.get("/feedback?over=afspraak-" + appt).status == 404
    assert give(m, "afspraak-" + appt, score="1").status == 404
    assert m.get("/feedback?over=afspraak-AAAAAAAAAAAAAAAAAAAAAA").status == 404
    assert m.get("/feedback?over=iets-anders").status == 404
    assert m.get("/feedback?over=verzoek-x0").status == 404
    assert len(rows_of("wijkteam-centrum")) == before
    assert "afspraak:" + appt not in given("mark")
    # an appointment that has not ended yet: not yet
    future = sql("SELECT ap.public_id FROM appointment ap JOIN appointment_slot s "
                 "ON s.id = ap.slot_id WHERE s.ends_at > now() LIMIT 1")
    for (pid,) in future:
        owner = sql("SELECT a.username FROM appointment ap JOIN account a "
                    "ON a.person_id = ap.person_id WHERE ap.public_id = '%s'" % pid)
        if owner:
            assert logged_in(owner[0][0]).get("/feedback?over=afspraak-" + pid).status == 404
    # staff and nobody
    assert logged_in("kees").get("/feedback").status == 404
    assert Client().get("/feedback").status == 303


def test_feedback_after_an_answered_request():
    rid = sql("INSERT INTO request (family_id, author_id, kind, body, form_nonce, status, "
              "  answer, answered_at, answered_by) "
              "SELECT m.family_id, m.person_id, 'aanvullen', 'Feedbackvraag van Daan', "
              "  md5(random()::text), 'toegekend', 'Ja hoor', now(), pr.person_id "
              "FROM account a JOIN family_member m ON m.person_id = a.person_id, "
              "  account pa JOIN professional pr ON pr.person_id = pa.person_id "
              "WHERE a.username = 'daan' AND pa.username = 'fatima' RETURNING public_id")[0][0]
    d = logged_in("daan")
    home = d.get("/").text
    assert 'href="/feedback?over=verzoek-%s"' % rid in home
    # youth wording
    assert "Je vraag heeft antwoord. Hoe was de hulp? Zeg het ons." in text_of(home)
    page = d.get("/feedback?over=verzoek-" + rid)
    assert page.status == 200 and "Welk cijfer geef je de hulp?" in page.text
    assert give(d, "verzoek-" + rid, score="6", body="").status == 303
    assert "verzoek:" + rid in given("daan")
    assert ["6", ""] in rows_of("wijkteam-centrum")
    assert 'href="/feedback?over=verzoek-%s"' % rid not in d.get("/").text
    # another member: 404
    assert logged_in("lotte").get("/feedback?over=verzoek-" + rid).status == 404


def test_feedback_bad_input_shows_the_form_again_with_the_text_kept():
    c = logged_in("lotte")
    before = len(rows_of("wijkteam-centrum"))
    for score in ("11", "0", "", "zeven"):
        fields = {"body": "Mijn tekst < blijft & staan"}
        if score:
            fields["score"] = score
        r = give(c, **fields)
        assert r.status == 400, score
        assert 'class="error-summary"' in r.text and 'href="#score"' in r.text
        assert "Kies een cijfer van 1 tot en met 10." in text_of(r.text)
        assert "Mijn tekst &lt; blijft &amp; staan</textarea>" in r.text
    r = give(c, score="7", body="x" * 2001)
    assert r.status == 400 and 'href="#body"' in r.text
    assert len(rows_of("wijkteam-centrum")) == before
    assert "kwartaal" not in given("lotte")


def test_feedback_general_once_a_quarter():
    c = logged_in("lotte")
    assert "kwartaal" not in given("lotte")
    home = c.get("/").text
    assert ("feedback", "Hoe vind je de hulp van de laatste 3 maanden? Zeg het ons.") \
        in lines(home, "tasks")
    page = c.get("/feedback").text
    assert "Hoe vind je de hulp van de laatste 3 maanden?" in text_of(page)
    assert give(c, score="9", body="Lotte vindt het prima").status == 303
    assert "kwartaal" in given("lotte")
    assert not [t for k, t in lines(c.get("/").text, "tasks") if k == "feedback"]
    page = text_of(c.get("/feedback").text)
    assert "Je gaf hier al je mening over." in page and "Je kunt dit weer invullen vanaf" in page
    assert give(c, score="3").status == 409
    assert ["9", "Lotte vindt het prima"] in rows_of("wijkteam-centrum")


def test_feedback_at_the_counter():
    k = helping("Ans", "Mulder")
    assert k.get("/feedback").status == 200
    assert give(k, score="10", body="Fijn dat de balie helpt").status == 303
    ans = sql("SELECT id FROM person WHERE given_name = 'Ans'")[0][0]
    assert sql("SELECT count(*) FROM feedback_given WHERE person_id = %s "
               "AND contact = 'kwartaal'" % ans)[0][0] == "1"
    assert sql("SELECT count(*) FROM audit_log WHERE action = 'feedback.give' "
               "AND actor_id = %s AND on_behalf_of = %s" % (person_of("kees"), ans))[0][0] == "1"
    stop(k)


def results(c):
    """{(from, to): text of the section} of a professional's /feedback."""
    page = c.get("/feedback")
    assert page.status == 200
    out = {}
    for head, body in re.findall(r'<section class="feedback-quarter">\s*<h2>([^<]*)</h2>(.*?)</section>',
                                 page.text, re.S):
        out[head] = text_of(body)
    return page.text, out


def test_feedback_aggregates_hidden_below_5_and_shown_at_5():
    # GGZ Rivierenland (Ellen) gets answers in the last finished quarter
    org = sql("SELECT id FROM organisation WHERE slug = 'ggz-rivierenland'")[0][0]
    prev = ("(date_trunc('quarter', now() AT TIME ZONE 'Europe/Amsterdam') "
            "- interval '3 months')::date")
    now_q = "date_trunc('quarter', now() AT TIME ZONE 'Europe/Amsterdam')::date"
    sql("DELETE FROM feedback WHERE organisation_id = %s" % org)
    sql("DELETE FROM feedback_giver WHERE organisation_id = %s" % org)
    people = [row[0] for row in sql("SELECT id FROM person ORDER BY id LIMIT 5")]

    def gave(person):
        sql("INSERT INTO feedback_giver (organisation_id, quarter, person_id) "
            "VALUES (%s, %s, %s)" % (org, prev, person))
    for (score, body), person in zip(((6, "Zebra tekst"), (8, "Aap tekst"), (7, ""),
                                      (9, "Mier tekst")), people):
        sql("INSERT INTO feedback (organisation_id, quarter, score, body) "
            "VALUES (%s, %s, %d, '%s')" % (org, prev, score, body))
        gave(person)
    # the current quarter has many, but it is not over
    for i in range(7):
        sql("INSERT INTO feedback (organisation_id, quarter, score, body) "
            "VALUES (%s, %s, 1, 'Lopend kwartaal %d')" % (org, now_q, i))
    e = logged_in("ellen")
    page, q = results(e)
    assert "GGZ Rivierenland" in text_of(page)
    assert len(q) == 4
    newest = list(q.values())[0]
    assert "Minder dan 5 antwoorden" in newest
    for word in ("Zebra", "Aap", "Mier", "Gemiddeld", "Lopend"):
        assert word not in page, word
    # the fifth answer, from one of the four who answered before: five
    # answers, four people (security review: one family could fill the
    # five alone): still hidden
    sql("INSERT INTO feedback (organisation_id, quarter, score, body) "
        "VALUES (%s, %s, 10, 'Kip tekst')" % (org, prev))
    page, q = results(e)
    assert "Minder dan 5 antwoorden" in list(q.values())[0]
    assert "Kip" not in page and "Gemiddeld" not in page
    # a fifth person answered: shown, with the mean and the texts sorted
    # by their words (not by when they came)
    gave(people[4])
    page, q = results(e)
    newest = list(q.values())[0]
    assert "Gemiddeld cijfer: 8,0. Aantal antwoorden: 5." in newest
    texts = re.findall(r"<li>([^<]*)</li>", page.split('class="feedback-quarter__texts"', 1)[1]
                       .split("</ul>", 1)[0])
    assert texts == ["Aap tekst", "Kip tekst", "Mier tekst", "Zebra tekst"]
    assert "Lopend" not in page
    # another organisation does not see them
    page, _ = results(logged_in("fatima"))
    assert "Zebra" not in page and "GGZ Rivierenland" not in page
    assert "Wijkteam Centrum" in text_of(page)
    # members see no results
    assert "Zebra" not in logged_in("sanne").get("/feedback").text
    sql("DELETE FROM feedback WHERE organisation_id = %s" % org)
    sql("DELETE FROM feedback_giver WHERE organisation_id = %s" % org)

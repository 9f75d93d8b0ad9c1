"""'Wat wacht op u' on the start page (issue 15, part 3): each member's
tasks (their opinion is asked) and news since their last visit (new and
changed documents, answers to their comments and requests, their next
appointment), each line through lib/policy for the reader; and the
professional's worklist (part 5): everything the family said, per family,
only for the assigned professional, and the opinion counts per document."""
import re
import subprocess

from portal import Client, logged_in, sql, text_of
from test_agenda import agenda_pages
from test_audience import answer
from test_requests import new_request, newest_request

MEMBERS = ["sanne", "mark", "lotte", "daan", "emre", "elif"]


def add_doc(family, title, about, hidden=(), author="fatima"):
    """A document by `author` about the given names; its public id."""
    pid = sql("INSERT INTO document (family_id, title, body, author_id, organisation_id) "
              "SELECT f.id, '%s', 'Tekst van het stuk.', pr.person_id, pr.organisation_id "
              "FROM family f, professional pr JOIN account a ON a.person_id = pr.person_id "
              "WHERE f.slug = '%s' AND a.username = '%s' RETURNING public_id"
              % (title, family, author))[0][0]
    for table, names in (("document_subject", about), ("document_hidden", hidden)):
        for name in names:
            sql("INSERT INTO %s (document_id, person_id) SELECT d.id, p.id FROM document d, "
                "person p JOIN family_member m ON m.person_id = p.id JOIN family f "
                "ON f.id = m.family_id WHERE d.public_id = '%s' AND p.given_name = '%s' "
                "AND f.slug = '%s'" % (table, pid, name, family))
    return pid


def post(c, doc, form, fields):
    """A document form, with a form token from another page than '/' (a
    start page view is a visit)."""
    return c.post("/documenten/%s/%s" % (doc, form), dict(fields, csrf=c.csrf("/documenten")))


def lines(page, part):
    """(kind, text) of the list `part` ('tasks' or 'news') of a start page."""
    m = re.search(r'<ul class="waiting-list waiting-list--%s">(.*?)</ul>' % part, page, re.S)
    if m is None:
        return []
    return [(k, text_of(t)) for k, t in re.findall(
        r'<li class="waiting-list__item" data-kind="([a-z-]+)">(.*?)</li>', m.group(1), re.S)]


def ours(items):
    """The lines about this test's documents: {(kind, title)}."""
    out = set()
    for kind, text in items:
        m = re.search(r"'(SP [^']+)'", text)
        if m:
            out.add((kind, m.group(1)))
    return out


def test_startpage_lists_exactly_each_members_tasks():
    # A visit of each member first: news is what comes after it.
    for user in MEMBERS:
        assert logged_in(user).get("/").status == 200
    fam = add_doc("de-vries", "SP Afspraken thuis", ["Sanne", "Mark", "Lotte", "Daan"])
    lotte_doc = add_doc("de-vries", "SP Gesprek Lotte", ["Lotte"])
    daan_doc = add_doc("de-vries", "SP Plan Daan", ["Daan"])
    add_doc("de-vries", "SP Veilig thuis", ["Sanne", "Mark", "Lotte", "Daan"],
            hidden=["Mark"])
    add_doc("yilmaz", "SP School Elif", ["Elif"], author="peter")
    sanne, daan = logged_in("sanne"), logged_in("daan")
    # Sanne agrees with one and asks Fatima something about it.
    assert post(sanne, fam, "instemming", {"decision": "eens"}).status == 303
    assert post(sanne, fam, "reacties", {"body": "Wie haalt Daan op?"}).status == 303
    cid = sql("SELECT public_id FROM document_comment ORDER BY id DESC LIMIT 1")[0][0]
    assert answer(logged_in("fatima"), cid, "Mark haalt hem op.").status == 303
    # Daan answered, then the plan changed: he is asked again.
    assert post(daan, daan_doc, "instemming", {"decision": "eens"}).status == 303
    sql("UPDATE document SET version = version + 1, updated_at = now() "
        "WHERE public_id = '%s'" % daan_doc)
    # Lotte's own document: her opinion is asked, and never her parents'.
    assert post(logged_in("lotte"), lotte_doc, "reacties",
                {"body": "Dit klopt niet helemaal."}).status == 303
    # Sanne's request, answered.
    assert new_request(sanne, body="Mijn adres is oud.").status == 303
    pid = newest_request("sanne")
    sql("UPDATE request SET status = 'toegekend', answer = 'Aangepast.', "
        "answered_at = now() WHERE public_id = '%s'" % pid)

    want_tasks = {
        "sanne": {"SP Plan Daan", "SP Veilig thuis"},
        "mark": {"SP Afspraken thuis", "SP Plan Daan"},
        "lotte": {"SP Afspraken thuis", "SP Gesprek Lotte", "SP Veilig thuis"},
        "daan": {"SP Afspraken thuis", "SP Plan Daan", "SP Veilig thuis"},
        "emre": {"SP School Elif"},
        "elif": {"SP School Elif"},
    }
    want_news = {
        "sanne": {("stuk", "SP Afspraken thuis"), ("stuk", "SP Plan Daan"),
                  ("stuk", "SP Veilig thuis"), ("antwoord", "SP Afspraken thuis")},
        "mark": {("stuk", "SP Afspraken thuis"), ("stuk", "SP Plan Daan")},
        "lotte": {("stuk", "SP Afspraken thuis"), ("stuk", "SP Gesprek Lotte"),
                  ("stuk", "SP Veilig thuis")},
        "daan": {("stuk", "SP Afspraken thuis"), ("stuk", "SP Plan Daan"),
                 ("stuk", "SP Veilig thuis")},
        "emre": {("stuk", "SP School Elif")},
        "elif": {("stuk", "SP School Elif")},
    }
    for user in MEMBERS:
        c = logged_in(user)
        page = c.get("/").text
        tasks, news = lines(page, "tasks"), lines(page, "news")
        assert ours(tasks) == {("mening", t) for t in want_tasks[user]}, (user, tasks)
        assert ours(news) == want_news[user], (user, news)
        # Every line links to where one acts, and works for the reader.
        for href in re.findall(r'<li class="waiting-list__item" data-kind="[a-z-]+">'
                               r'<a href="([^"]+)"', page):
            assert c.get(href.split("#")[0]).status == 200, (user, href)
        if user == "sanne":
            assert ("verzoek-antwoord", "Uw vraag heeft antwoord.") in news, news
            assert '/verzoeken/%s"' % pid in page
        else:
            assert pid not in page, user
        # The same log-in: the news stays.
        assert ours(lines(c.get("/").text, "news")) == want_news[user], user
    # Daan is asked again, in words that say the plan changed; the youth
    # form ("je").
    page = text_of(logged_in("daan").get("/").text)
    assert "'SP Plan Daan' is veranderd. Wat vind je er nu van?" in page, page
    # A new log-in: the news was seen, the tasks stay until done.
    for user in MEMBERS:
        page = logged_in(user).get("/").text
        assert ours(lines(page, "news")) == set(), user
        assert ours(lines(page, "tasks")) == {("mening", t) for t in want_tasks[user]}, user
    # Doing the task takes it away.
    assert post(logged_in("emre"), sql("SELECT public_id FROM document WHERE title = "
                                       "'SP School Elif'")[0][0],
                "instemming", {"decision": "eens"}).status == 303
    assert ours(lines(logged_in("emre").get("/").text, "tasks")) == set()


def test_startpage_next_appointment_is_only_the_bookers():
    slot = sql("INSERT INTO appointment_slot (professional_id, family_id, starts_at, ends_at, "
               "place) SELECT a.person_id, f.id, date_trunc('hour', now()) + interval '30 days "
               "3 hours', date_trunc('hour', now()) + interval '30 days 4 hours', 'Kantoor SP' "
               "FROM account a, family f WHERE a.username = 'peter' AND f.slug = 'yilmaz' "
               "RETURNING id")[0][0]
    sql("INSERT INTO appointment (slot_id, person_id, family_id) SELECT %s, a.person_id, "
        "f.id FROM account a, family f WHERE a.username = 'emre' AND f.slug = 'yilmaz'" % slot)
    try:
        emre = [t for k, t in lines(logged_in("emre").get("/").text, "news") if k == "afspraak"]
        assert len(emre) == 1 and "met Peter Smit" in emre[0], emre
        assert not [t for k, t in lines(logged_in("elif").get("/").text, "news")
                    if k == "afspraak"]
        f = Client()
        assert f.get("/").status == 200 and "waiting-list" not in f.get("/").text
    finally:
        sql("UPDATE appointment SET cancelled_at = now(), cancelled_by = person_id "
            "WHERE slot_id = %s" % slot)
        sql("UPDATE appointment_slot SET withdrawn_at = now() WHERE id = %s" % slot)


def worklist_rows(page):
    """{(kind, text of the row)} of a worklist page."""
    return {(k, text_of(t)) for k, t in re.findall(
        r'<tr class="worklist__row" data-kind="([a-z]+)">(.*?)</tr>', page, re.S)}


def family_key(slug):
    return sql("SELECT public_id FROM family WHERE slug = '%s'" % slug)[0][0]


def test_worklist_shows_a_disagreement_to_the_assigned_professional_only():
    doc = add_doc("de-vries", "SP Werklijst", ["Sanne", "Mark", "Daan"])
    why = "Ik zie het anders: wij praten elke week. SP-uitleg-7"
    part = "Het klopt deels. SP-uitleg-8"
    view = "Mijn eigen kijk op dit plan. SP-visie-9"
    assert post(logged_in("mark"), doc, "instemming",
                {"decision": "oneens", "explanation": why}).status == 303
    assert post(logged_in("daan"), doc, "instemming",
                {"decision": "deels", "explanation": part}).status == 303
    # Sanne's own view, stored as the form does (without its mail: test_views
    # counts those).
    sql("INSERT INTO document_view (document_id, author_id, body, form_nonce) "
        "SELECT d.id, a.person_id, '%s', md5('sp-visie') FROM document d, account a "
        "WHERE d.public_id = '%s' AND a.username = 'sanne'" % (view, doc))
    f = logged_in("fatima")
    # Her start page: the news, linked to the document's opinions.
    news = lines(f.get("/").text, "news")
    assert ("oneens", "Mark de Vries is het niet eens met 'SP Werklijst'.") in news, news
    assert ("oneens", "Daan de Vries is het deels eens met 'SP Werklijst'.") in news, news
    assert ("visie", "Sanne de Vries zette een eigen visie bij 'SP Werklijst'.") in news, news
    for path in ("/antwoord", "/antwoord?gezin=" + family_key("de-vries")):
        page = f.get(path)
        assert page.status == 200, (path, page)
        rows = worklist_rows(page.text)
        assert [k for k, t in rows if why in t] == ["oneens"], rows
        assert [k for k, t in rows if part in t] == ["deels"], rows
        assert [k for k, t in rows if view in t] == ["visie"], rows
        assert any("Mark de Vries" in t and "Niet eens: SP Werklijst" in t
                   for k, t in rows if k == "oneens"), rows
        assert '<table class="worklist">' in page.text
    # The explanation links to the document's opinions.
    assert 'href="/documenten/%s#instemming"' % doc in f.get("/antwoord").text
    # Another family's filter shows none of it; a family she does not work
    # with is not there (404).
    assert why not in f.get("/antwoord?gezin=" + family_key("de-vries") + "x").text
    assert f.get("/antwoord?gezin=" + family_key("yilmaz")).status == 404
    # Nobody else: not Peter (Yilmaz), not Ellen (even with the document
    # shared with GGZ), not the family, not the clerk.
    sql("INSERT INTO document_share (document_id, organisation_id, includes_comments, until) "
        "SELECT d.id, o.id, true, now() + interval '1 day' FROM document d, organisation o "
        "WHERE d.public_id = '%s' AND o.slug = 'ggz-rivierenland'" % doc)
    try:
        ellen = logged_in("ellen")
        assert ellen.get("/documenten/" + doc).status == 200       # she reads it
        for user in ("peter", "ellen"):
            c = logged_in(user)
            page = c.get("/antwoord")
            assert page.status == 200, user
            assert "SP-uitleg" not in page.text and "SP-visie" not in page.text, user
            assert c.get("/antwoord?gezin=" + family_key("de-vries")).status == 404, user
            assert "SP-uitleg" not in c.get("/").text, user
        for user in MEMBERS:
            assert logged_in(user).get("/antwoord").status == 403, user
        # the clerk outside a session sees no dossier page at all
        assert logged_in("kees").get("/antwoord").status == 404
    finally:
        sql("DELETE FROM document_share WHERE document_id = (SELECT id FROM document "
            "WHERE public_id = '%s')" % doc)
    # A denied filter leaves an audit row.
    assert sql("SELECT outcome FROM audit_log WHERE action = 'reply.list' AND object_id = '%s' "
               "ORDER BY id DESC LIMIT 1" % family_key("yilmaz")) == [["denied"]]


def test_worklist_marks_late_requests_in_words():
    sanne = logged_in("sanne")
    assert new_request(sanne, body="Dit is te laat. SP-laat").status == 303
    pid = newest_request("sanne")
    # due_on follows created_on (a month later): 40 days ago is late.
    sql("UPDATE request SET created_on = current_date - 40 WHERE public_id = '%s'" % pid)
    page = logged_in("fatima").get("/antwoord").text
    row = page.split('href="/antwoord/verzoek/%s"' % pid, 1)[1].split("</tr>", 1)[0]
    assert '<span class="tag tag--late">te laat</span>' in row, row
    # Late ones first: no row that is not late comes before it.
    first = page.split('<tr class="worklist__row"', 2)[1]
    assert "tag--late" in first, first


def opinion_of(c, title):
    page = c.get("/documenten").text
    card = page.split(">%s</a>" % title, 1)[1].split("</li>", 1)[0]
    m = re.search(r'<dd class="opinion-count">(.*?)</dd>', card, re.S)
    return text_of(m.group(1)) if m else None


def test_worklist_opinion_counts_only_who_may_give_one():
    everyone = add_doc("de-vries", "SP Telling", ["Sanne", "Mark", "Lotte", "Daan", "Mees", "Ans"])
    lotte = add_doc("de-vries", "SP Telling Lotte", ["Lotte"])
    f = logged_in("fatima")
    # Mees (9) has no say of his own; Ans (72) has, at the counter.
    assert opinion_of(f, "SP Telling") == "0 van 5 eens, 0 deels, 0 niet eens, 5 nog niet"
    assert opinion_of(f, "SP Telling Lotte") == "0 van 1 eens, 0 deels, 0 niet eens, 1 nog niet"
    for user, decision in (("sanne", "eens"), ("mark", "eens"), ("lotte", "deels"),
                           ("daan", "oneens")):
        fields = {"decision": decision}
        if decision != "eens":
            fields["explanation"] = "Omdat het anders is."
        assert post(logged_in(user), everyone, "instemming", fields).status == 303, user
    assert opinion_of(f, "SP Telling") == "2 van 5 eens, 1 deels, 1 niet eens, 1 nog niet"
    assert post(logged_in("lotte"), lotte, "instemming", {"decision": "eens"}).status == 303
    assert opinion_of(f, "SP Telling Lotte") == "1 van 1 eens, 0 deels, 0 niet eens, 0 nog niet"
    # Members see their own opinion, not the count.
    assert opinion_of(logged_in("sanne"), "SP Telling") is None


def test_startpage_an_appointment_proposed_to_one_member_is_their_task_only():
    """An appointment to confirm (issue 15, part 3; sql/053): a single time
    the professional opens for one member by name is a proposal, a task
    on that member's start page that links to it on /afspraken, until they
    book it (the confirmation) or another coming time with that
    professional; nobody else in the family hears of it (lib/policy
    policy_slot_offered). Times for the whole family, or a weekly pattern
    for one member (the demo's times for Mark), ask nothing."""
    from test_appointments import book, cancel, dutch, new_slot
    from test_shield import open_time, slot_of

    def offers(user):
        return [t for k, t in lines(logged_in(user).get("/").text, "tasks")
                if k == "afspraak-voorstel"]

    def withdraw(*slots):
        for s in slots:
            sql("UPDATE appointment SET cancelled_at = now(), cancelled_by = person_id "
                "WHERE cancelled_at IS NULL AND slot_id = (SELECT id FROM "
                "appointment_slot WHERE public_id = '%s')" % s)
            sql("UPDATE appointment_slot SET withdrawn_at = now() WHERE public_id = '%s'" % s)

    # Times earlier tests opened for one member (test_shield's home visit)
    # are proposals too: withdraw the free ones, so the lines are ours.
    sql("UPDATE appointment_slot s SET withdrawn_at = now() WHERE s.proposed "
        "AND s.withdrawn_at IS NULL AND NOT EXISTS (SELECT 1 FROM appointment a "
        "WHERE a.slot_id = s.id AND a.cancelled_at IS NULL)")
    f = logged_in("fatima")
    # A time for the whole family is no task for anybody; Mark's demo
    # times (opened for him because of the shield) are no task either.
    assert open_time(f, 9, "06:10", "Kantoor SP-gezin").status == 303
    fam = slot_of("Kantoor SP-gezin")
    try:
        for user in ("sanne", "mark", "lotte", "daan", "emre"):
            assert offers(user) == [], (user, offers(user))
        assert open_time(f, 10, "06:10", "Lindelaan SP-1", "sanne").status == 303
        one = slot_of("Lindelaan SP-1")
        assert sql("SELECT proposed FROM appointment_slot WHERE public_id = '%s'" % one) \
            == [["t"]]
        for user in ("mark", "lotte", "daan", "emre"):
            assert offers(user) == [], (user, offers(user))
        # Fatima's agenda says it is a proposal, and where Sanne finds it.
        assert "Voorgesteld aan Sanne de Vries. Het staat bij die persoon onder " \
            "'Wat wacht op u'." in text_of(f.get("/afspraken").text)
        mine = offers("sanne")
        assert len(mine) == 1, mine
        assert mine[0].startswith("Fatima Bouali stelt een afspraak voor: "), mine
        assert mine[0].endswith(", 06:10 uur. Past die tijd? Bevestig dan de afspraak."), mine
        sanne = logged_in("sanne")
        assert '<a href="/afspraken#voorstel">Fatima Bouali stelt een afspraak voor' \
            in sanne.get("/").text
        # The link leads to where she acts: the proposal first, to confirm.
        page = sanne.get("/afspraken").text
        part = page.split('id="voorstel"', 1)[1].split("</fieldset>", 1)[0]
        assert 'value="%s"' % one in part and "Lindelaan SP-1" in part, part
        assert "Afspraak bevestigen" in part and fam not in part
        # Neither the time nor its place reaches Mark's pages.
        mark = logged_in("mark")
        for path in ("/", "/afspraken"):
            t = mark.get(path).text
            assert "Lindelaan SP-1" not in t and one not in t and 'id="voorstel"' not in t
        # A second proposal: one line, the first time.
        assert open_time(f, 11, "06:10", "Lindelaan SP-2", "sanne").status == 303
        two = slot_of("Lindelaan SP-2")
        mine = offers("sanne")
        assert len(mine) == 1 and mine[0].startswith(
            "Fatima Bouali stelt afspraken voor. De eerste is op "), mine
        # A booking from before the proposals does not answer them;
        # confirming one does.
        assert book(sanne, fam).status == 303
        sql("UPDATE appointment SET booked_at = now() - interval '1 day' "
            "WHERE slot_id = (SELECT id FROM appointment_slot WHERE public_id = '%s')" % fam)
        assert len(offers("sanne")) == 1
        assert book(sanne, two).status == 303
        assert offers("sanne") == []
        appt = sql("SELECT a.public_id FROM appointment a JOIN appointment_slot s "
                   "ON s.id = a.slot_id WHERE s.public_id = '%s' AND a.cancelled_at IS NULL"
                   % two)[0][0]
        # She cancels it: the proposal still free asks again.
        assert cancel(sanne, appt).status == 303
        assert len(offers("sanne")) == 1
        # Withdrawn, or too close to book: no task.
        withdraw(two)
        # (a free minute of Fatima's within two hours: her times do not overlap)
        for minutes in range(61, 120, 3):
            try:
                sql("UPDATE appointment_slot SET starts_at = now() + interval '%d minutes', "
                    "ends_at = now() + interval '%d minutes' WHERE public_id = '%s'"
                    % (minutes, minutes + 1, one))
                break
            except subprocess.CalledProcessError:
                continue
        else:
            raise AssertionError("no free minute for Fatima within two hours")
        assert offers("sanne") == []
        withdraw(one)
        # A youth reads it in the je form.
        assert open_time(f, 12, "06:10", "School SP-3", "daan").status == 303
        d = offers("daan")
        assert len(d) == 1 and "Bevestig dan de afspraak." in d[0], d
        assert "Kies een tijd die u" not in text_of(logged_in("daan").get("/afspraken").text)
        assert offers("sanne") == [] and offers("lotte") == []
        withdraw(slot_of("School SP-3"))
    finally:
        withdraw(fam)
        sql("UPDATE appointment_slot SET withdrawn_at = now() WHERE place LIKE '%SP-_' "
            "AND withdrawn_at IS NULL")


def test_startpage_a_proposed_time_that_does_not_suit():
    """'Past niet' (sql/059): the member a time was proposed to may say it
    does not suit them. Then it is no longer their task nor first on
    /afspraken; it stays a free time they may still choose; the
    professional gets one mail (no name: staff mail) and reads it in the
    agenda. Nobody else may say it for them: other members (also Mark,
    shielded from Sanne), another family, a professional, a form without
    its token, and a time that was not proposed: 404 (or 403), logged,
    nothing stored."""
    from test_appointments import mails
    from test_shield import open_time, slot_of

    def offers(user):
        return [t for k, t in lines(logged_in(user).get("/").text, "tasks")
                if k == "afspraak-voorstel"]

    def declined(slot):
        return sql("SELECT declined_at IS NOT NULL FROM appointment_slot "
                   "WHERE public_id = '%s'" % slot)[0][0] == "t"

    def denied():
        return int(sql("SELECT count(*) FROM audit_log WHERE action = 'slot.decline' "
                       "AND outcome = 'denied'")[0][0])

    def opened(place, who=None):
        """A time of Fatima's on a day and hour no other test took (her
        times do not overlap)."""
        for days in range(12, 40):
            for hhmm in ("05:40", "06:40", "07:40"):
                if open_time(f, days, hhmm, place, who).status == 303:
                    return slot_of(place)
        raise AssertionError("no free time for Fatima")

    subject = "Voorgestelde tijd past niet"
    f = logged_in("fatima")
    one = opened("Lindelaan PN-1", "sanne")
    fam = opened("Kantoor PN-gezin")
    url = "/afspraken/voorstel/%s/past-niet" % one
    try:
        before, sent = denied(), len(mails(subject))
        for user in ("mark", "lotte", "daan", "emre"):
            c = logged_in(user)
            r = c.post(url, {"csrf": c.csrf("/afspraken")})
            assert r.status == 404, (user, r)
        assert f.post(url, {"csrf": f.csrf("/afspraken")}).status in (403, 404)
        sanne = logged_in("sanne")
        assert sanne.post(url, {}).status == 403
        # a time for the whole family is no proposal: nothing to decline
        r = sanne.post("/afspraken/voorstel/%s/past-niet" % fam,
                       {"csrf": sanne.csrf("/afspraken")})
        assert r.status == 404, r
        assert not declined(one) and not declined(fam)
        assert denied() >= before + 5
        assert len(mails(subject)) == sent
        # The button stands with the proposal, and sends the booking
        # form's token along (formaction).
        page = sanne.get("/afspraken").text
        part = page.split('id="voorstel"', 1)[1].split("</fieldset>", 1)[0]
        assert 'formaction="%s"' % url in part and "Past niet" in part
        assert len(offers("sanne")) == 1
        r = sanne.post(url, {"csrf": sanne.csrf("/afspraken"), "slot": one})
        assert r.status == 303 and r.header("Location").endswith(
            "/afspraken?past-niet=1"), r
        assert declined(one)
        page = sanne.get("/afspraken?past-niet=1").text
        assert "U heeft laten weten dat de tijd niet past. Uw hulpverlener krijgt " \
            "een bericht." in text_of(page)
        # no longer first, no longer a task; still a time she may choose
        assert 'id="voorstel"' not in page and 'value="%s"' % one in page
        assert offers("sanne") == []
        got = mails(subject)
        assert len(got) == sent + 1, got
        assert got[-1][0] == sql("SELECT pr.email FROM professional pr JOIN account a "
                                 "ON a.person_id = pr.person_id WHERE a.username = 'fatima'")[0][0]
        assert "Het gezinslid liet weten dat deze tijd niet past." in got[-1][1]
        assert "Sanne" not in got[-1][1] and "Lindelaan" not in got[-1][1]
        # the agenda is paged (50 times a page): the time may be on any page
        assert "Voorgesteld aan Sanne de Vries. Sanne de Vries liet weten dat deze " \
            "tijd niet past." in " ".join(text_of(p) for p in agenda_pages(f))
        assert sql("SELECT count(*) FROM audit_log WHERE action = 'slot.decline' "
                   "AND outcome = 'allowed' AND object_id = '%s'" % one) == [["1"]]
        # A second click: the same page, no second mail.
        r = sanne.post(url, {"csrf": sanne.csrf("/afspraken")})
        assert r.status == 303 and len(mails(subject)) == sent + 1
        # Mark learns nothing of it: not the time, not the place.
        for path in ("/", "/afspraken", "/afspraken?past-niet=1"):
            t = logged_in("mark").get(path).text
            assert "Lindelaan PN-1" not in t and one not in t
    finally:
        sql("UPDATE appointment_slot SET withdrawn_at = now() "
            "WHERE public_id IN ('%s', '%s')" % (one, fam))


def test_startpage_an_appointment_called_off_is_news_for_whom_booked_it():
    from test_appointments import book, dutch, new_slot
    s = new_slot("fatima", "de-vries", dutch(8, "06:20"), place="Kantoor SP-af")
    sanne = logged_in("sanne")
    assert sanne.get("/").status == 200        # a visit: news is what comes after
    try:
        assert book(sanne, s).status == 303
        appt = sql("SELECT a.public_id FROM appointment a JOIN appointment_slot s "
                   "ON s.id = a.slot_id WHERE s.public_id = '%s'" % s)[0][0]
        f = logged_in("fatima")
        r = f.post("/afspraken/%s/annuleren" % appt,
                   {"csrf": f.csrf("/afspraken"), "reason": "Ik ben ziek."})
        assert r.status == 303, r
        for user in ("sanne", "mark", "lotte", "daan"):
            news = [t for k, t in lines(logged_in(user).get("/").text, "news")
                    if k == "afspraak-afgezegd"]
            if user == "sanne":
                assert len(news) == 1 and news[0].startswith(
                    "Fatima Bouali heeft uw afspraak van "), news
                assert news[0].endswith(", 06:20 uur afgezegd."), news
            else:
                assert news == [], (user, news)
        # Seen once: the next log-in does not say it again.
        assert [t for k, t in lines(logged_in("sanne").get("/").text, "news")
                if k == "afspraak-afgezegd"] == []
    finally:
        sql("UPDATE appointment_slot SET withdrawn_at = now() WHERE public_id = '%s'" % s)


def test_startpage_a_mail_address_to_confirm_is_its_owners_task():
    """An activation to confirm (issue 15, part 3): a new mail address
    waits for the link sent to it (sql/047); until then it is a task for
    its owner only, with what to do when the link ran out."""
    from test_contact_confirm import person, save, set_confirmed

    def asks(user):
        return [t for k, t in lines(logged_in(user).get("/").text, "tasks") if k == "e-mail"]

    set_confirmed("sanne", "sanne@voorbeeld.nl")
    try:
        assert asks("sanne") == []
        sanne = logged_in("sanne")
        assert save(sanne, email="sanne.sp@voorbeeld.nl", reach_by="email").status == 303
        mine = asks("sanne")
        assert mine == ["Uw nieuwe e-mailadres sanne.sp@voorbeeld.nl is nog niet bevestigd. "
                        "Open de link in de e-mail die wij naar dat adres stuurden."], mine
        assert '<a href="/gegevens#email">Uw nieuwe e-mailadres' in sanne.get("/").text
        assert sanne.get("/gegevens").status == 200
        for user in ("mark", "lotte", "daan"):
            assert asks(user) == [], user
            assert "sanne.sp@voorbeeld.nl" not in logged_in(user).get("/").text, user
        # The link's 24 hours are over: say what to do.
        sql("UPDATE email_confirm SET expires_at = now() - interval '1 minute' "
            "WHERE person_id = %s AND used_at IS NULL AND ended_at IS NULL" % person("sanne"))
        assert asks("sanne") == ["De link om sanne.sp@voorbeeld.nl te bevestigen werkt niet "
                                 "meer. Vul het adres nog een keer in."]
        # Confirmed (or given up): no task.
        sql("UPDATE email_confirm SET used_at = now() WHERE person_id = %s "
            "AND used_at IS NULL AND ended_at IS NULL" % person("sanne"))
        assert asks("sanne") == []
    finally:
        set_confirmed("sanne", "sanne@voorbeeld.nl")


def new_parent_family(login, slug):
    """A family of one parent (log-in `login`, the demo password), with
    Fatima assigned: a start page of its own, untouched by other tests."""
    sql("WITH p AS (INSERT INTO person (given_name, family_name, birth_date, kind) "
        "VALUES ('%s', 'Meer', current_date - 40 * 365, 'citizen') RETURNING id), "
        " a AS (INSERT INTO account (person_id, username, password_hash) "
        "   SELECT p.id, '%s', password_hash FROM p, account WHERE username = 'sanne'), "
        " f AS (INSERT INTO family (slug, name, framework) "
        "   VALUES ('%s', '%s', 'vrijwillig') RETURNING id), "
        " m AS (INSERT INTO family_member (family_id, person_id, role) "
        "   SELECT f.id, p.id, 'ouder' FROM f, p) "
        "INSERT INTO assignment (family_id, professional_id) "
        "SELECT f.id, pr.person_id FROM f, professional pr JOIN account u "
        "  ON u.person_id = pr.person_id AND u.username = 'fatima'"
        % (login.capitalize(), login, slug, slug))


def add_docs(slug, about, numbers, hidden=False):
    """Documents 'MK n' by Fatima about `about` (a given name), written
    n minutes after an hour ago (the highest n the newest)."""
    for n in numbers:
        title = "MK %s%d" % ("verborgen " if hidden else "", n)
        pid = add_doc(slug, title, [about], hidden=[about] if hidden else ())
        sql("UPDATE document SET created_at = now() - interval '1 hour' "
            "+ interval '%d minutes' WHERE public_id = '%s'" % (n, pid))


def of_docs(items):
    """The lines about documents (and their "more" line): a new family
    also gets the quarter's feedback question."""
    return [(k, t) for k, t in items if k in ("mening", "meer-mening", "stuk", "meer-stuk")]


def test_startpage_shows_five_of_a_kind_and_links_to_all():
    # Issue 21: the start page is the same size for any dossier: at most 5
    # lines of a kind, then one line to the page where all of them are.
    new_parent_family("gijs", "meer-gezin")
    add_docs("meer-gezin", "Gijs", range(1, 6))
    c = logged_in("gijs")   # one log-in: the news stays news
    page = c.get("/").text
    tasks, news = of_docs(lines(page, "tasks")), of_docs(lines(page, "news"))
    assert [k for k, _ in tasks] == ["mening"] * 5, tasks
    assert [k for k, _ in news] == ["stuk"] * 5, news
    assert 'data-kind="meer-' not in page, "5 of a kind: nothing more to see"

    # Three more, and two newer ones hidden from Gijs: never shown, and
    # they take no place among the 6 candidates read (doc_may_read
    # narrows, lib/policy decides): a hidden document must not push a
    # line of his away, or he would learn of it from the gap. The "more"
    # line leads to all.
    add_docs("meer-gezin", "Gijs", range(6, 9))
    add_docs("meer-gezin", "Gijs", (9, 10), hidden=True)
    page = c.get("/").text
    tasks, news = of_docs(lines(page, "tasks")), of_docs(lines(page, "news"))
    newest = ["MK %d" % n for n in range(8, 3, -1)]
    assert tasks == [("mening", "Wat vindt u van '%s'? Zeg het bij het stuk." % t)
                     for t in newest] + [("meer-mening", "Er is meer. Bekijk alle stukken.")], tasks
    assert news == [("stuk", "Er is een nieuw stuk: '%s'." % t) for t in newest] + [
        ("meer-stuk", "Er is meer. Bekijk alle stukken.")], news
    assert "verborgen" not in page
    # The link reaches all eight, each asking for Gijs's opinion.
    assert re.findall(r'data-kind="meer-mening"><a href="([^"]+)"', page) == ["/documenten"]
    listing = text_of(c.get("/documenten").text)
    for n in range(1, 9):
        assert "MK %d " % n in listing + " ", n
    assert listing.count("U heeft nog niet gekozen.") == 8, listing
    assert "verborgen" not in listing

    # The hidden ones older than the rest: 5 lines and the "more" line.
    sql("UPDATE document SET created_at = now() - interval '2 hours' "
        "WHERE title LIKE 'MK verborgen%'")
    tasks = of_docs(lines(c.get("/").text, "tasks"))
    assert tasks == [("mening", "Wat vindt u van '%s'? Zeg het bij het stuk." % t)
                     for t in ["MK 8", "MK 7", "MK 6", "MK 5", "MK 4"]] + [
        ("meer-mening", "Er is meer. Bekijk alle stukken.")], tasks

    # Giving an opinion on one of the five brings the next one up.
    assert post(c, sql("SELECT public_id FROM document WHERE title = 'MK 8'")[0][0],
                "instemming", {"decision": "eens"}).status == 303
    tasks = of_docs(lines(c.get("/").text, "tasks"))
    assert [t for _, t in tasks][:5] == [
        "Wat vindt u van '%s'? Zeg het bij het stuk." % t
        for t in ["MK 7", "MK 6", "MK 5", "MK 4", "MK 3"]], tasks

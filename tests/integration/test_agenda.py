"""Appointments on a phone and forms that keep people oriented (issue 20,
parts 1 and 5): a professional opens times as a weekly pattern for a
period (with a cap), sees an agenda per day; a member's free times come
grouped, with "Eerste vrije tijden" first and a filter in person / video;
a video link is a link from 15 minutes before; a GET of a URL that only
takes a POST goes to its page; a page with form errors says "Fout:" in
its title and puts the focus on the error summary; an error page keeps
the menu item."""
import re

from portal import Client, logged_in, sql, text_of

SLOT_RE = re.compile(r'name="slot" value="([A-Za-z0-9_-]+)"')


def family(slug):
    return sql("SELECT public_id FROM family WHERE slug = '%s'" % slug)[0][0]


def person(login):
    return sql("SELECT p.public_id FROM person p JOIN account a ON a.person_id = p.id "
               "WHERE a.username = '%s'" % login)[0][0]


def day(offset):
    return sql("SELECT to_char(current_date + %d, 'YYYY-MM-DD')" % offset)[0][0]


def monday_after(weeks):
    """The offset in days of the Monday `weeks` weeks after this week's."""
    return int(sql("SELECT %d * 7 - (extract(isodow FROM current_date)::int - 1)"
                   % weeks)[0][0])


def pattern(f, **kw):
    form = {"csrf": f.csrf("/afspraken"), "van": "", "tot": "", "tijden": "",
            "lengte": "45", "plek": "Kantoor", "gezin": "", "persoon": ""}
    form.update(kw)
    return f.post("/afspraken/reeks", form)


def slots_at(place):
    """(weekday, Dutch time, minutes, family slug, person login) of the open
    times at place, in order."""
    return sql("SELECT extract(isodow FROM s.starts_at AT TIME ZONE 'Europe/Amsterdam'), "
               "to_char(s.starts_at AT TIME ZONE 'Europe/Amsterdam', 'HH24:MI'), "
               "extract(epoch FROM s.ends_at - s.starts_at)::int / 60, "
               "coalesce(f.slug, ''), coalesce(a.username, '') "
               "FROM appointment_slot s LEFT JOIN family f ON f.id = s.family_id "
               "LEFT JOIN account a ON a.person_id = s.person_id "
               "WHERE s.place = '%s' AND s.withdrawn_at IS NULL ORDER BY s.starts_at"
               % place)


def withdraw(*places):
    """Withdraws the times a test opened: later files (test_appointments.py)
    count the demo's times."""
    sql("UPDATE appointment_slot SET withdrawn_at = now() WHERE withdrawn_at IS NULL "
        "AND place IN (%s)" % ", ".join("'%s'" % p for p in places))


def test_agenda_weekly_pattern_opens_the_right_times():
    f = logged_in("fatima")
    start = monday_after(4)
    r = pattern(f, van=day(start), tot=day(start + 13), tijden="08:45, 08:00",
                plek="Reeks kamer 1", gezin=family("de-vries"),
                **{"dag-1": "ja", "dag-3": "ja"})
    assert r.status == 303 and r.header("Location") == "/afspraken?reeks=8&overgeslagen=0", r
    got = slots_at("Reeks kamer 1")
    # two weeks x Monday and Wednesday x two times, 45 minutes, for the family
    assert [(g[0], g[1]) for g in got] == [("1", "08:00"), ("1", "08:45"), ("3", "08:00"),
                                           ("3", "08:45")] * 2, got
    assert {(g[2], g[3], g[4]) for g in got} == {("45", "de-vries", "")}
    n = sql("SELECT count(*) FROM audit_log WHERE action = 'slot.create' AND outcome = "
            "'allowed' AND object_id IN (SELECT public_id FROM appointment_slot "
            "WHERE place = 'Reeks kamer 1')")[0][0]
    assert n == "8", n
    page = f.get("/afspraken?reeks=8&overgeslagen=0").text
    assert "Er staan 8 nieuwe tijden open." in text_of(page)
    # The same pattern again: every time overlaps one that is open, none
    # is made, the page says so.
    r = pattern(f, van=day(start), tot=day(start + 13), tijden="08:00 08:45",
                plek="Reeks kamer 2", gezin=family("de-vries"),
                **{"dag-1": "ja", "dag-3": "ja"})
    assert r.status == 303 and r.header("Location") == "/afspraken?reeks=0&overgeslagen=8", r
    assert slots_at("Reeks kamer 2") == []
    assert "8 tijden zijn niet opengezet." in text_of(
        f.get("/afspraken?reeks=0&overgeslagen=8").text)
    # A member sees them (a family time, nobody shielded from Lotte);
    # Mark, from whom someone is shielded, does not.
    ids = [x[0] for x in sql("SELECT public_id FROM appointment_slot "
                             "WHERE place = 'Reeks kamer 1'")]
    lotte = logged_in("lotte").get("/afspraken").text
    assert set(ids) <= set(SLOT_RE.findall(lotte))
    assert not set(ids) & set(SLOT_RE.findall(logged_in("mark").get("/afspraken").text))
    # For one member alone: only that member.
    r = pattern(f, van=day(start + 14), tot=day(start + 14), tijden="10:00",
                plek="Reeks huisbezoek", persoon=person("mark"), **{"dag-1": "ja"})
    assert r.status == 303 and r.header("Location") == "/afspraken?reeks=1&overgeslagen=0", r
    assert slots_at("Reeks huisbezoek")[0][4] == "mark"
    assert "Reeks huisbezoek" in logged_in("mark").get("/afspraken").text
    assert "Reeks huisbezoek" not in logged_in("sanne").get("/afspraken").text
    withdraw("Reeks kamer 1", "Reeks huisbezoek")


def test_agenda_weekly_pattern_cap_and_errors():
    f = logged_in("fatima")
    before = sql("SELECT count(*) FROM appointment_slot")[0][0]
    start = monday_after(8)
    week = {"dag-%d" % i: "ja" for i in range(1, 6)}
    # 13 weeks x 5 days x 1 time = 65: over the cap of 60, nothing made.
    r = pattern(f, van=day(start), tot=day(start + 90), tijden="07:00", plek="Reeks te veel",
                **week)
    assert r.status == 400 and "te veel tijden" in r.text, r
    assert "<title>Fout: Tijden voor afspraken" in r.text
    assert 'value="Reeks te veel"' in r.text and 'value="07:00"' in r.text
    # 12 weeks x 5 = 60: the cap itself is allowed.
    r = pattern(f, van=day(start), tot=day(start + 83), tijden="07:00", plek="Reeks precies",
                **week)
    assert r.status == 303 and r.header("Location") == "/afspraken?reeks=60&overgeslagen=0", r
    assert len(slots_at("Reeks precies")) == 60
    # Longer than 13 weeks, the last day first, no day, bad or
    # overlapping times, a period without that day: a B1 error each.
    for kw, field, words in [
            (dict(van=day(start), tot=day(start + 91), tijden="07:00", **week), "tot", "13 weken"),
            (dict(van=day(start + 7), tot=day(start), tijden="07:00", **week), "tot", "voor de eerste dag"),
            (dict(van=day(start), tot=day(start + 6), tijden="07:00"), "dag-1", "dagen van de week"),
            (dict(van=day(start), tot=day(start + 6), tijden="7 uur", **week), "tijden", "09:00 13:30"),
            (dict(van=day(start), tot=day(start + 6), tijden="07:00 07:30", **week), "tijden", "overlappen"),
            (dict(van=day(start), tot=day(start), tijden="07:00", **{"dag-6": "ja"}), "dag-1", "geen van die"),
            (dict(van="", tot="", tijden="", plek=""), "van", "eerste dag")]:
        kw.setdefault("plek", "Reeks fout")
        r = pattern(f, **kw)
        assert r.status == 400 and 'href="#%s"' % field in r.text and words in r.text, (kw, r)
    assert int(sql("SELECT count(*) FROM appointment_slot")[0][0]) == int(before) + 60
    withdraw("Reeks precies")


def test_agenda_weekly_pattern_denials():
    f = logged_in("fatima")
    start = monday_after(30)
    n = sql("SELECT count(*) FROM appointment_slot")[0][0]
    # A family she does not work with, a member of such a family: 400,
    # audited, nothing made.
    for kw in ({"gezin": family("yilmaz")}, {"persoon": person("emre")}):
        r = pattern(f, van=day(start), tot=day(start), tijden="07:00", plek="Reeks niet",
                    **dict(kw, **{"dag-1": "ja"}))
        assert r.status == 400, (kw, r)
    assert sql("SELECT count(*) FROM appointment_slot")[0][0] == n
    assert int(sql("SELECT count(*) FROM audit_log WHERE action = 'slot.create' "
                   "AND outcome = 'denied' AND object_id IN ('%s', '%s')"
                   % (family("yilmaz"), person("emre")))[0][0]) >= 2
    # Not a professional: the route table's 403; logged out: the log-in.
    for user in ("sanne", "lotte"):
        c = logged_in(user)
        r = c.post("/afspraken/reeks", {"csrf": c.csrf("/afspraken"), "van": day(start),
                                        "tot": day(start), "tijden": "07:00",
                                        "lengte": "45", "plek": "x", "dag-1": "ja"})
        assert r.status == 403, (user, r)
    r = Client().post("/afspraken/reeks", {"csrf": "x"})
    assert r.status == 303 and r.header("Location") == "/inloggen"
    assert sql("SELECT count(*) FROM appointment_slot")[0][0] == n


AGENDA_LATER = re.compile(r'href="(/afspraken\?na=[A-Za-z0-9_-]+)#agenda"')
AGENDA_EARLIER = re.compile(r'href="(/afspraken\?voor=[A-Za-z0-9_-]+)#agenda"')
FREE_SLOT = re.compile(r'action="/afspraken/tijden/([A-Za-z0-9_-]+)/intrekken"')


def agenda_pages(c, start="/afspraken", link=AGENDA_LATER):
    """The pages of a professional's agenda, following link ("Latere
    tijden", or "Eerdere tijden") from start."""
    pages, path = [], start
    while True:
        r = c.get(path)
        assert r.status == 200, (path, r)
        pages.append(r.text)
        m = link.search(r.text)
        if m is None:
            return pages
        path = m.group(1).replace("&amp;", "&")
        assert len(pages) < 200, "the agenda does not end"


def test_agenda_per_day_only_for_its_professional():
    """Fatima's agenda: her times per day, booked and free, who booked;
    Peter's page has none of hers, a member's page no agenda at all."""
    f = logged_in("fatima")
    place = "Agenda kamer 9"
    r = pattern(f, van=day(monday_after(20)), tot=day(monday_after(20)), tijden="07:00 08:00",
                plek=place, gezin=family("de-vries"), **{"dag-1": "ja"})
    assert r.status == 303, r
    slot = sql("SELECT public_id FROM appointment_slot WHERE place = '%s' "
               "ORDER BY starts_at LIMIT 1" % place)[0][0]
    lotte = logged_in("lotte")
    assert lotte.post("/afspraken", {"csrf": lotte.csrf("/afspraken"),
                                     "slot": slot}).status == 303
    first = f.get("/afspraken").text
    # grouped per day: a heading per day, the form on top of it
    days = re.findall(r'<h3 id="agenda-\d+">([^<]+)</h3>', first)
    assert len(days) == len(set(days)) >= 2, days
    assert first.index('action="/afspraken/reeks"') < first.index('id="agenda"')
    # the agenda is paged: the page with this time
    page = [p for p in agenda_pages(f) if place in p][0]
    mine = page[page.index(place) - 600:page.index(place) + 1500]
    assert "Gekozen door Lotte de Vries" in text_of(page) and "Nog vrij." in text_of(page)
    assert place in mine
    for other in ("peter", "ellen"):
        assert not any(place in p for p in agenda_pages(logged_in(other))), other
    for member in ("sanne", "mark"):
        t = logged_in(member).get("/afspraken").text
        assert 'id="agenda"' not in t and "Lotte de Vries" not in t, member
    a = re.findall(r'/afspraken/([A-Za-z0-9_-]+)\.ics', lotte.get("/afspraken").text
                   .split('id="kiezen"')[0])
    for x in a:
        lotte.post("/afspraken/%s/annuleren" % x, {"csrf": lotte.csrf("/afspraken"),
                                                  "reason": ""})
    withdraw(place)


def test_agenda_free_times_grouped_first_and_filtered():
    s = logged_in("sanne")
    page = s.get("/afspraken").text
    assert "Eerste vrije tijden" in page
    first = page[page.index("Eerste vrije tijden"):page.index("Alle vrije tijden")]
    assert len(SLOT_RE.findall(first)) == 3
    # every time once in the weeks, in time order; the first three first
    weeks = page[page.index("Alle vrije tijden"):]
    listed = SLOT_RE.findall(weeks)
    assert listed[:3] == SLOT_RE.findall(first) and len(listed) == len(set(listed))
    assert weeks.count("<details class=\"appt__week\" open>") == 1
    # a button after every day's times
    assert weeks.count('<fieldset class="appt__day"') == weeks.count(
        '<button type="submit" class="button">')
    # the filter: video only, in person only
    video = s.get("/afspraken?soort=video").text
    person_ = s.get("/afspraken?soort=persoon").text
    v, p = set(SLOT_RE.findall(video)), set(SLOT_RE.findall(person_))
    assert v and p and not v & p and v | p == set(listed)
    assert "Plaats:" not in video.split('id="kiezen"')[1].split("Eerste vrije tijden")[1]
    assert 'value="video" checked' in video
    assert s.get("/afspraken?soort=iets").status == 200


def test_agenda_video_link_from_15_minutes_before():
    soon = sql("INSERT INTO appointment_slot (professional_id, family_id, starts_at, "
               "ends_at, place) SELECT a.person_id, NULL, now() + interval '10 minutes', "
               "now() + interval '40 minutes', 'Videobellen: https://video.invalid/soon' "
               "FROM account a WHERE a.username = 'fatima' RETURNING id")[0][0]
    later = sql("INSERT INTO appointment_slot (professional_id, family_id, starts_at, "
                "ends_at, place) SELECT a.person_id, NULL, now() + interval '50 minutes', "
                "now() + interval '80 minutes', 'Videobellen: https://video.invalid/later' "
                "FROM account a WHERE a.username = 'fatima' RETURNING id")[0][0]
    for slot in (soon, later):
        sql("INSERT INTO appointment (slot_id, person_id, family_id) SELECT %s, "
            "m.person_id, m.family_id FROM family_member m JOIN account a "
            "ON a.person_id = m.person_id WHERE a.username = 'daan'" % slot)
    page = logged_in("daan").get("/afspraken").text
    assert re.search(r'<a class="button" href="https://video.invalid/soon"[^>]*>Start '
                     r'videogesprek', page), page
    assert "https://video.invalid/later" not in page
    assert "vanaf 15 minuten voor de afspraak" in page
    # Nobody else sees Daan's link.
    for user in ("sanne", "mark", "lotte"):
        assert "video.invalid" not in logged_in(user).get("/afspraken").text, user
    sql("UPDATE appointment SET cancelled_at = now(), cancelled_by = person_id "
        "WHERE slot_id IN (%s, %s)" % (soon, later))
    # Fatima's hour is free again for later tests (open times never overlap).
    sql("UPDATE appointment_slot SET withdrawn_at = now() WHERE id IN (%s, %s)"
        % (soon, later))


def test_agenda_oriented_get_of_a_post_only_url_goes_to_its_page():
    s = logged_in("sanne")
    doc = sql("SELECT public_id FROM document WHERE title = 'Gezinsplan'")[0][0]
    for path, to in [("/documenten/%s/instemming" % doc, "/documenten/%s" % doc),
                     ("/documenten/%s/reacties" % doc, "/documenten/%s" % doc),
                     ("/afspraken/x1/annuleren", "/afspraken"),
                     ("/gegevens/elders-uitloggen", "/gegevens"),
                     ("/delen/x1/toestemming", "/delen"),
                     ("/uitloggen", "/")]:
        r = s.get(path)
        assert r.status == 303 and r.header("Location") == to, (path, r)
        assert s.request("HEAD", path).status == 303, path
    f = logged_in("fatima")
    for path, to in [("/afspraken/tijden", "/afspraken"), ("/afspraken/reeks", "/afspraken"),
                     ("/gezinnen/x1/afscherming/x2/stoppen", "/gezinnen/x1/afscherming")]:
        r = f.get(path)
        assert r.status == 303 and r.header("Location") == to, (path, r)
    # Still logged in: the GET did not log out.
    assert s.get("/gegevens").status == 200
    # Logged out: the page it belongs to, which then asks to log in.
    r = Client().get("/documenten/%s/instemming" % doc)
    assert r.status == 303 and r.header("Location") == "/documenten/%s" % doc
    # Another person's or no document: the page above answers (404), as
    # for any address of it; nothing is told by the redirect.
    m = logged_in("mark")
    hidden = sql("SELECT public_id FROM document WHERE title = 'Verslag huisbezoek'")[0][0]
    for d in (hidden, "x0"):
        r = m.get("/documenten/%s/instemming" % d)
        assert r.status == 303 and r.header("Location") == "/documenten/%s" % d
        assert m.get(r.header("Location")).status == 404
    # Other methods: 405 as before; unknown paths 404.
    assert Client().request("DELETE", "/afspraken/tijden").status == 405
    assert s.get("/afspraken/tijden/x/y/z").status == 404


def test_agenda_oriented_form_errors_title_and_focus():
    s = logged_in("sanne")
    r = s.post("/afspraken", {"csrf": s.csrf("/afspraken"), "slot": ""})
    assert r.status == 400
    assert "<title>Fout: Afspraken – Gezinsportaal</title>" in r.text, r.text[:400]
    assert re.search(r'<div class="error-summary"[^>]*tabindex="-1"[^>]*autofocus', r.text)
    ok = s.get("/afspraken").text
    assert "<title>Afspraken – Gezinsportaal</title>" in ok and "autofocus" not in ok
    c = Client()
    r = c.post("/inloggen", {"csrf": c.csrf(), "username": "", "password": ""})
    assert r.status in (200, 400) and "<title>Fout: " in r.text
    # An error page (not a form) has no "Fout:" title.
    r = s.get("/documenten/x0")
    assert r.status == 404 and "<title>Deze pagina bestaat niet" in r.text


def test_agenda_oriented_consent_choice_preselected():
    s = logged_in("sanne")
    doc = sql("SELECT public_id FROM document WHERE title = 'Plan voor Daan'")[0][0]
    page = s.get("/documenten/%s" % doc).text
    nonce = re.search(r'name="nonce" value="([0-9a-f]+)"', page).group(1)
    version = re.search(r'name="version" value="([0-9]+)"', page).group(1)
    r = s.post("/documenten/%s/instemming" % doc, {
        "csrf": s.csrf("/documenten/%s" % doc), "nonce": nonce, "version": version,
        "decision": "eens", "explanation": ""})
    assert r.status == 303, r
    page = s.get(r.header("Location").split("#")[0]).text
    assert 'value="eens" checked' in page
    assert 'value="deels" checked' not in page and 'value="oneens" checked' not in page
    # the confirmation stands in the part with the form
    part = page[page.index('id="instemming"'):]
    assert "Uw keuze is opgeslagen." in part[:part.index("<form")]


def test_agenda_oriented_error_page_keeps_the_menu_item():
    s = logged_in("sanne")
    cur = re.compile(r'<a href="([^"]*)" aria-current="page"')
    r = s.get("/documenten/x0")
    assert r.status == 404 and cur.findall(r.text) == ["/documenten"]
    # the same for a document that exists but may not be seen
    hidden = sql("SELECT public_id FROM document WHERE title = 'Verslag huisbezoek'")[0][0]
    r = logged_in("mark").get("/documenten/%s" % hidden)
    assert r.status == 404 and cur.findall(r.text) == ["/documenten"]
    # a path no row knows: no menu item is current (not Start)
    r = s.get("/bestaat/niet")
    assert r.status == 404 and cur.findall(r.text) == []


def test_agenda_450_times_every_one_once_in_order():
    """Issue 21, no silent caps: a professional with 450 times reaches
    every one exactly once, in time order, page by page ("Latere tijden"),
    and back again ("Eerdere tijden"); 50 a page. Peter's times at the same
    moments and Fatima's withdrawn ones never show; a cursor that is not
    one of hers (Peter's time, an unknown id, a withdrawn one of hers) is
    no error."""
    place, other = "Agenda 450 kamer", "Agenda 450 Peter"
    # 450 times of 30 minutes, an hour apart, from 300 days ahead (past
    # the members' eight weeks and the other tests' times)
    for login, where in (("fatima", place), ("peter", other)):
        sql("INSERT INTO appointment_slot (professional_id, starts_at, ends_at, place) "
            "SELECT a.person_id, t, t + interval '30 minutes', '%s' "
            "  FROM account a, generate_series(date_trunc('day', now()) + interval '300 days', "
            "    date_trunc('day', now()) + interval '300 days' + interval '449 hours', "
            "    interval '1 hour') t WHERE a.username = '%s'" % (where, login))
    gone = sql("UPDATE appointment_slot SET withdrawn_at = now() WHERE id = (SELECT id "
               "FROM appointment_slot WHERE place = '%s' ORDER BY starts_at "
               "OFFSET 100 LIMIT 1) RETURNING public_id" % place)[0][0]
    try:
        want = [x[0] for x in sql(
            "SELECT public_id FROM appointment_slot WHERE place = '%s' "
            "AND withdrawn_at IS NULL ORDER BY starts_at, id" % place)]
        assert len(want) == 449
        peters = {x[0] for x in sql("SELECT public_id FROM appointment_slot "
                                   "WHERE place = '%s'" % other)}
        f = logged_in("fatima")
        pages = agenda_pages(f)
        got = [i for p in pages for i in FREE_SLOT.findall(p)]
        mine = [i for i in got if i in set(want)]
        assert mine == want, (len(mine), len(want))
        assert len(got) == len(set(got))
        assert not set(got) & peters and gone not in got
        assert all(len(FREE_SLOT.findall(p)) <= 50 for p in pages)
        assert "Eerdere tijden" not in pages[0] and "Latere tijden" not in pages[-1]
        assert all("Eerdere tijden" in p for p in pages[1:])
        # and back from the last page to the first, each time once
        last = AGENDA_LATER.findall(pages[-2])[0]
        back = agenda_pages(f, last, AGENDA_EARLIER)
        assert len(back) == len(pages)
        got_back = [i for p in reversed(back) for i in FREE_SLOT.findall(p)]
        assert [i for i in got_back if i in set(want)] == want
        # Peter's pages: none of Fatima's
        peter_ids = [i for p in agenda_pages(logged_in("peter")) for i in FREE_SLOT.findall(p)]
        assert not set(peter_ids) & set(want) and peters <= set(peter_ids)
        # a cursor that is not one of hers, or unknown: the first page
        first = FREE_SLOT.findall(pages[0])
        for q in ("na=" + sorted(peters)[0], "voor=" + sorted(peters)[0], "na=bestaat-niet",
                  "voor=bestaat-niet", "na=", "na=%27%22%3C"):
            r = f.get("/afspraken?" + q)
            assert r.status == 200, (q, r)
            assert FREE_SLOT.findall(r.text) == first, q
        # her own withdrawn time as a cursor: the times after it
        r = f.get("/afspraken?na=" + gone)
        assert r.status == 200 and FREE_SLOT.findall(r.text)[0] == want[100]
    finally:
        withdraw(place, other)

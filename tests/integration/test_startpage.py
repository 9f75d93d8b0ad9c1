"""'Wat wacht op u' on the start page (issue 15, part 3): each member's
tasks (their opinion is asked) and news since their last visit (new and
changed documents, answers to their comments and requests, their next
appointment), each line through lib/policy for the reader; and the
professional's worklist (part 5): everything the family said, per family,
only for the assigned professional, and the opinion counts per document."""
import re

from portal import Client, logged_in, sql, text_of
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

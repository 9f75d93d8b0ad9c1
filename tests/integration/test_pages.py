"""Lists that do not grow with the dossier and lose nothing (issue 21,
part 1): the document list pages with a cursor (no OFFSET, no cap), the
database only narrows the candidates (doc_may_read, sql/038) and lib/policy
decides on every row; the document page shows the newest comments.

The agreement test: for every demo log-in x every document x a set of
date boundaries (a share that ends today or ended yesterday, one that
starts tomorrow, a 12th, 16th and 18th birthday today or tomorrow),
doc_may_read says yes exactly when lib/policy does. A yes of the SQL is
checked in the list (which shows a row only when lib/policy allows it too);
a no is checked on the document page (404, lib/policy's denial), so the
test marks nothing read."""
import json
import re

from portal import logged_in, sql, text_of

LOGINS = ["sanne", "mark", "lotte", "daan", "emre", "elif", "fatima",
          "peter", "ellen", "kees"]
HREF = re.compile(r'href="/documenten/([A-Za-z0-9_-]{22})"')
NEXT = re.compile(r'href="(/documenten\?na=[A-Za-z0-9_-]+)"')
PREV = re.compile(r'href="(/documenten\?voor=[A-Za-z0-9_-]+)"')


def listed(c, start="/documenten"):
    """Every document id on every page of the list, from start following
    "Oudere stukken", in the order shown; and the pages' sizes."""
    ids, sizes, path = [], [], start
    while True:
        r = c.get(path)
        assert r.status == 200, (path, r)
        page = [i for i in HREF.findall(r.text)]
        sizes.append(len(page))
        ids += page
        m = NEXT.search(r.text)
        if m is None:
            return ids, sizes
        path = m.group(1)
        assert len(sizes) < 1000, "the list does not end"


def person_of(login):
    return sql("SELECT person_id FROM account WHERE username = '%s'" % login)[0][0]


def sql_readable(pid):
    return {row[0] for row in sql(
        "SELECT public_id FROM document WHERE doc_may_read(%s, id)" % pid)}


def check_agreement(clients, what):
    """doc_may_read and lib/policy agree for every log-in and document."""
    # every document but the 2 500 of the paging family (20 of those)
    docs = [row[0] for row in sql(
        "SELECT d.public_id FROM document d JOIN family f ON f.id = d.family_id "
        "WHERE f.slug <> 'pagina-test' UNION ALL (SELECT d.public_id FROM document d "
        "JOIN family f ON f.id = d.family_id WHERE f.slug = 'pagina-test' "
        "ORDER BY d.id LIMIT 20)")]
    for login, c in clients.items():
        yes = sql_readable(person_of(login))
        if c.get("/documenten").status != 200:
            # a clerk outside an assisted session has no list at all
            assert not yes, (what, login)
            ids = []
        else:
            ids, _ = listed(c)
        # the list shows a row when the SQL narrowed it in and lib/policy
        # allowed it: every yes of the SQL must be shown
        assert sorted(ids) == sorted(yes), (what, login, set(yes) ^ set(ids))
        for d in docs:
            if d in yes:
                continue
            r = c.get("/documenten/" + d)
            assert r.status == 404, (what, login, d, r.status)


# Date boundaries: (what, SQL to set it, SQL to undo it).
DE_VRIES_DOC = ("(SELECT d.id FROM document d JOIN family f ON f.id = d.family_id "
                "WHERE f.slug = 'de-vries' AND d.title = '%s' ORDER BY d.id LIMIT 1)")
GGZ = "(SELECT id FROM organisation WHERE slug = 'ggz-rivierenland')"
TODAY = "(date_trunc('day', now() AT TIME ZONE 'Europe/Amsterdam') AT TIME ZONE 'Europe/Amsterdam')"


def birthday(login, years, plus_days):
    return ("UPDATE person SET birth_date = (current_date - interval '%d years')::date + %d "
            "WHERE id = %s" % (years, plus_days, person_of(login)))


def test_pages_may_read_agrees_with_policy_on_every_boundary():
    clients = {login: logged_in(login) for login in LOGINS}
    births = {login: sql("SELECT birth_date FROM person WHERE id = %s" % person_of(login))[0][0]
              for login in ("lotte", "daan", "elif")}
    plan = DE_VRIES_DOC % "Gezinsplan"
    lotte_doc = DE_VRIES_DOC % "Verslag gesprek met Lotte"
    share = ("INSERT INTO document_share (document_id, organisation_id, starts_at, until) "
             "VALUES (%s, %s, %%s, %%s)" % (plan, GGZ))
    undo_share = ("WITH s AS (SELECT id FROM document_share WHERE document_id = %s "
                  "AND organisation_id = %s AND NOT court_order), "
                  "c AS (DELETE FROM share_consent WHERE share_id IN (SELECT id FROM s)) "
                  "DELETE FROM document_share WHERE id IN (SELECT id FROM s)" % (plan, GGZ))
    youth = ("INSERT INTO document_youth_share (document_id, youth_id, parent_id) "
             "VALUES (%s, %s, %s) ON CONFLICT DO NOTHING"
             % (lotte_doc, person_of("lotte"), person_of("sanne")))
    had_youth = sql("SELECT count(*) FROM document_youth_share WHERE document_id = %s "
                    "AND parent_id = %s" % (lotte_doc, person_of("sanne")))[0][0] != "0"
    undo_youth = ("DELETE FROM document_youth_share WHERE document_id = %s AND parent_id = %s"
                  % (lotte_doc, person_of("sanne")))
    cases = [
        ("as in the demo", [], []),
        ("shared with GGZ until the end of today",
         [share % ("now() - interval '1 day'", TODAY + " + interval '1 day'")], [undo_share]),
        ("shared with GGZ until today began (ended yesterday)",
         [share % ("now() - interval '2 days'", TODAY)], [undo_share]),
        ("shared with GGZ from tomorrow",
         [share % (TODAY + " + interval '1 day'", "now() + interval '3 days'")], [undo_share]),
        ("Daan turns 12 today", [birthday("daan", 12, 0)], []),
        ("Daan turns 12 tomorrow", [birthday("daan", 12, 1)], []),
        ("Lotte turns 16 today, she let Sanne read her report",
         [birthday("lotte", 16, 0), youth], [] if had_youth else [undo_youth]),
        ("Lotte turns 16 tomorrow, she let Sanne read her report",
         [birthday("lotte", 16, 1), youth], [] if had_youth else [undo_youth]),
        ("Lotte turns 18 today, she let Sanne read her report",
         [birthday("lotte", 18, 0), youth], [] if had_youth else [undo_youth]),
        ("Elif turns 16 today", [birthday("elif", 16, 0)], []),
        ("Elif turns 16 tomorrow", [birthday("elif", 16, 1)], []),
    ]
    for what, do, undo in cases:
        for q in do:
            sql(q)
        try:
            check_agreement(clients, what)
        finally:
            for q in undo:
                sql(q)
            for login, born in births.items():
                sql("UPDATE person SET birth_date = '%s' WHERE id = %s"
                    % (born, person_of(login)))


# A family of 2 500 documents about one parent ("Pagina"), plus documents
# the parent may not read in between: hidden from her, or about another
# adult of the family only. Made once, kept (other tests do not see it).
N = 2500


def paging_family():
    if sql("SELECT count(*) FROM family WHERE slug = 'pagina-test'")[0][0] == "0":
        sql("""
        WITH p AS (INSERT INTO person (given_name, family_name, birth_date, kind)
                   VALUES ('Pia', 'Pagina', current_date - 40 * 365, 'citizen') RETURNING id),
             q AS (INSERT INTO person (given_name, family_name, birth_date, kind)
                   VALUES ('Piet', 'Pagina', current_date - 42 * 365, 'citizen') RETURNING id),
             a AS (INSERT INTO account (person_id, username, password_hash)
                   SELECT p.id, 'pia', password_hash FROM p, account WHERE username = 'sanne'),
             f AS (INSERT INTO family (slug, name, framework)
                   VALUES ('pagina-test', 'Pagina', 'vrijwillig') RETURNING id),
             m AS (INSERT INTO family_member (family_id, person_id, role)
                   SELECT f.id, p.id, 'ouder' FROM f, p
                   UNION ALL SELECT f.id, q.id, 'ouder' FROM f, q)
        SELECT 1""")
        # g % 7 = 3: about Piet only; g % 11 = 5: hidden from Pia
        sql("""
        INSERT INTO document (family_id, title, body, author_id, organisation_id, created_at)
        SELECT f.id, 'Pagina ' || g, 'Tekst ' || g, pr.person_id, pr.organisation_id,
               timestamptz '2026-01-01' + g * interval '1 minute'
          FROM family f, professional pr JOIN account u ON u.person_id = pr.person_id
               AND u.username = 'fatima', generate_series(1, %d) g
         WHERE f.slug = 'pagina-test'""" % 3300)
        sql("""
        INSERT INTO document_subject (document_id, person_id)
        SELECT d.id, p.id FROM document d JOIN family f ON f.id = d.family_id
          JOIN person p ON p.family_name = 'Pagina'
           AND p.given_name = CASE WHEN (CASE WHEN d.title ~ '^Pagina [0-9]+$' THEN substr(d.title, 8)::int END) %% 7 = 3
                                   THEN 'Piet' ELSE 'Pia' END
         WHERE f.slug = 'pagina-test'""".replace("%%", "%"))
        sql("""
        INSERT INTO document_hidden (document_id, person_id)
        SELECT d.id, p.id FROM document d JOIN family f ON f.id = d.family_id
          JOIN person p ON p.family_name = 'Pagina' AND p.given_name = 'Pia'
         WHERE f.slug = 'pagina-test' AND (CASE WHEN d.title ~ '^Pagina [0-9]+$' THEN substr(d.title, 8)::int END) % 11 = 5""")
        sql("ANALYZE document")
    return logged_in("pia")


def pia_readable():
    """What Pia may read by the rules written out here (not by the SQL
    under test): about her and not hidden from her."""
    rows = sql("SELECT d.public_id, (CASE WHEN d.title ~ '^Pagina [0-9]+$' THEN substr(d.title, 8)::int END) FROM document d "
               "JOIN family f ON f.id = d.family_id WHERE f.slug = 'pagina-test'")
    return {pid: int(g) for pid, g in rows if int(g) % 7 != 3 and int(g) % 11 != 5}


def test_pages_reach_the_oldest_of_2500():
    c = paging_family()
    readable = pia_readable()
    assert len(readable) >= N
    ids, sizes = listed(c)
    # every document once, newest first, nothing else, pages of 20
    assert len(ids) == len(set(ids))
    assert set(ids) == set(readable)
    assert [readable[i] for i in ids] == sorted(readable.values(), reverse=True)
    assert max(sizes) == 20 and all(s == 20 for s in sizes[:-1])
    oldest = min(readable, key=readable.get)
    assert ids[-1] == oldest
    # "Naar de oudste stukken": the oldest page at once
    r = c.get("/documenten?pagina=laatste")
    assert r.status == 200 and oldest in HREF.findall(r.text)
    assert NEXT.search(r.text) is None and PREV.search(r.text) is not None
    # back again: the page before the second is the first
    first = c.get("/documenten")
    second = c.get(NEXT.search(first.text).group(1))
    back = c.get(PREV.search(second.text).group(1).replace("&amp;", "&"))
    assert HREF.findall(back.text) == HREF.findall(first.text)
    # from the last page back to the start, page by page
    path, seen = "/documenten?pagina=laatste", []
    for _ in range(200):
        r = c.get(path)
        seen = HREF.findall(r.text) + seen
        m = PREV.search(r.text)
        if m is None:
            break
        path = m.group(1)
    assert seen[:20] == ids[:20]
    assert set(seen) == set(readable)


def test_pages_bad_cursor_gives_the_first_page():
    c = paging_family()
    first = HREF.findall(c.get("/documenten").text)
    hidden = sql("SELECT d.public_id FROM document d JOIN family f ON f.id = d.family_id "
                 "WHERE f.slug = 'pagina-test' AND d.title = 'Pagina 5'")[0][0]
    others = sql("SELECT public_id FROM document WHERE title = 'Gezinsplan' LIMIT 1")[0][0]
    for q in ("na=nietbestaand", "voor=nietbestaand", "na=", "voor=%27%3B--",
              "na=" + hidden, "voor=" + hidden, "na=" + others, "pagina=99999",
              "pagina=-1", "pagina=abc", "na=" + "x" * 600):
        r = c.get("/documenten?" + q)
        assert r.status == 200, (q, r)
        assert HREF.findall(r.text) == first, q
    # the same denial for a cursor that is not hers as for none at all:
    # nothing tells that it exists
    assert c.get("/documenten?na=" + others).text.count("/documenten/") == \
        c.get("/documenten?na=AAAAAAAAAAAAAAAAAAAAAA").text.count("/documenten/")


def test_pages_comments_beyond_500_show_the_newest():
    c = paging_family()
    doc = sql("SELECT d.id, d.public_id FROM document d JOIN family f ON f.id = d.family_id "
              "WHERE f.slug = 'pagina-test' AND d.title = 'Pagina 1'")[0]
    pia = person_of("pia")
    if sql("SELECT count(*) FROM document_comment WHERE document_id = %s" % doc[0])[0][0] == "0":
        sql("INSERT INTO document_comment (document_id, author_id, body, private, form_nonce, "
            "created_at) SELECT %s, %s, 'Reactie nummer ' || g || '.', false, "
            "md5('pagina' || g), now() - interval '1 day' + g * interval '1 second' "
            "FROM generate_series(1, 520) g" % (doc[0], pia))
    r = c.get("/documenten/" + doc[1])
    t = text_of(r.text)
    assert r.status == 200
    assert "Reactie nummer 520." in t and "Reactie nummer 21." in t
    assert "Reactie nummer 20." not in t and "Reactie nummer 1." not in t
    m = re.search(r'href="(/documenten/[^"?]+\?reacties_voor=[A-Za-z0-9_-]+)#reacties"', r.text)
    assert m, "no link to the earlier comments"
    r = c.get(m.group(1))
    t = text_of(r.text)
    assert "Reactie nummer 1." in t and "Reactie nummer 20." in t
    assert "Reactie nummer 21." not in t
    assert "Eerdere reacties lezen" not in t and "Naar de nieuwste reacties" in t
    # a comment written now is on the page at once
    r = c.get("/documenten/" + doc[1])
    nonce = re.search(r'name="nonce" value="([0-9a-f]{32})"', r.text).group(1)
    r = c.post("/documenten/%s/reacties" % doc[1],
               {"csrf": c.csrf("/documenten/" + doc[1]), "nonce": nonce,
                "body": "De allernieuwste reactie.", "audience": "gezin"})
    assert r.status == 303, r
    assert "De allernieuwste reactie." in text_of(c.get("/documenten/" + doc[1]).text)
    # a cursor that is not a comment of this document: the newest
    for bad in ("nietbestaand", ""):
        t = text_of(c.get("/documenten/%s?reacties_voor=%s" % (doc[1], bad)).text)
        assert "De allernieuwste reactie." in t and "Reactie nummer 1." not in t


def test_pages_export_holds_every_document():
    """The export holds everything by law: all of Pia's 2 500+ documents
    (the list's facts used to stop at 1 000), none hidden from her."""
    c = paging_family()
    r = c.get("/mijn-gegevens.json")
    assert r.status == 200, r
    got = [d["id"] for d in json.loads(r.text)["documents"]]
    assert len(got) == len(set(got))
    assert set(got) == set(pia_readable())


def test_pages_delen_reaches_every_document():
    """/delen pages too (it showed the newest 100): every document of
    Pia's once, following "Oudere stukken"; a bad cursor is the first page."""
    c = paging_family()
    card = re.compile(r'class="card__title" id="[^"]*"><a href="/documenten/([A-Za-z0-9_-]{22})"')
    nxt = re.compile(r'href="(/delen\?na=[A-Za-z0-9_-]+)"')
    ids, path, pages = [], "/delen", 0
    while path is not None:
        r = c.get(path)
        assert r.status == 200, (path, r)
        page = card.findall(r.text)
        assert 0 < len(page) <= 20
        ids += page
        m = nxt.search(r.text)
        path = m.group(1) if m else None
        pages += 1
        assert pages < 500
    assert len(ids) == len(set(ids))
    assert set(ids) == set(pia_readable())
    first = card.findall(c.get("/delen").text)
    for q in ("na=nietbestaand", "na=", "na=%27"):
        assert card.findall(c.get("/delen?" + q).text) == first, q

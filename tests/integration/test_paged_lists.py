"""The rest of issue 21, part 1: /verzoeken and the professional's
worklist (/antwoord) page with a key and no cap, on the family of 2 500+
documents of tests/integration/test_pages.py ("Pagina").

/verzoeken: the form's choice of documents is one page of 20 (the
document list's keyset statement: doc_may_read narrows, lib/policy
decides each row), "Oudere stukken" reaches the oldest; a document's page
links to the form with that document chosen (also one far down the list);
the requests themselves are paged. The worklist: 50 items a page, late
first then the newest, every item reachable, the family filter in the
statement. A cursor that does not exist: the first page, never an error.
Across people: Pia's documents never show in Fatima's worklist or Mark's
choice, a document hidden from Pia is no choice even when asked for."""
import re

import portal
from portal import logged_in, sql, text_of
from test_pages import (DE_VRIES_DOC, birthday, paging_family, person_of,
                        pia_readable, sql_readable)

CITIZENS = ["sanne", "mark", "lotte", "daan", "emre", "elif"]

OPTION = re.compile(r'<option value="([A-Za-z0-9_-]{22})"( selected)?>')
DOCS_NEXT = re.compile(r'href="(/verzoeken\?stukken-na=[A-Za-z0-9_-]+)#nieuw"')
REQ_NEXT = re.compile(r'href="(/verzoeken\?vragen-na=[A-Za-z0-9_-]+)"')
REQ_HREF = re.compile(r'href="/verzoeken/([A-Za-z0-9_-]{22})"')
WL_NEXT = re.compile(r'href="(/antwoord\?[^"]*na=[^"]+)"')
WL_ROW = re.compile(r'class="worklist__row"[^>]*>\s*<td[^>]*><a href="([^"]+)"')
WL_DOC = re.compile(r'href="/documenten/([A-Za-z0-9_-]{22})#instemming"')


def choices(c, start="/verzoeken"):
    """Every document of the request form's choice, following "Oudere
    stukken" from start; and the pages' sizes."""
    ids, sizes, path = [], [], start
    while True:
        r = c.get(path)
        assert r.status == 200, (path, r)
        page = [m.group(1) for m in OPTION.finditer(r.text)]
        sizes.append(len(page))
        ids += page
        m = DOCS_NEXT.search(r.text)
        if m is None:
            return ids, sizes
        path = m.group(1)
        assert len(sizes) < 1000, "the choice does not end"


def test_paged_request_form_reaches_the_oldest_of_2500():
    c = paging_family()
    readable = pia_readable()
    ids, sizes = choices(c)
    assert len(ids) == len(set(ids))
    assert set(ids) == set(readable)
    assert [readable[i] for i in ids] == sorted(readable.values(), reverse=True)
    assert max(sizes) == 20 and all(s == 20 for s in sizes[:-1])
    assert ids[-1] == min(readable, key=readable.get)
    # a later page leads back to the newest
    second = c.get(DOCS_NEXT.search(c.get("/verzoeken").text).group(1))
    assert 'href="/verzoeken#nieuw"' in second.text


def TOKEN_FREE(t):
    return re.sub(r'value="[0-9a-f]{32,64}"', "", t)


def test_paged_request_form_bad_cursor_gives_the_first_page():
    c = paging_family()
    first = OPTION.findall(c.get("/verzoeken").text)
    hidden = sql("SELECT d.public_id FROM document d JOIN family f ON f.id = d.family_id "
                 "WHERE f.slug = 'pagina-test' AND d.title = 'Pagina 5'")[0][0]
    others = sql("SELECT public_id FROM document WHERE title = 'Gezinsplan' LIMIT 1")[0][0]
    # a request of another family: its place in the order is not used
    # (the same page as a cursor that does not exist)
    other_rq = sql("SELECT r.public_id FROM request r JOIN family f ON f.id = r.family_id "
                   "WHERE f.slug <> 'pagina-test' ORDER BY r.id LIMIT 1")
    requests_first = c.get("/verzoeken").text.split('id="nieuw"', 1)[0]
    for q in ["vragen-na=" + x[0] for x in other_rq]:
        r = c.get("/verzoeken?" + q)
        assert r.status == 200, (q, r)
        assert TOKEN_FREE(r.text.split('id="nieuw"', 1)[0]) == TOKEN_FREE(requests_first), q
    for q in ("stukken-na=nietbestaand", "stukken-na=", "stukken-na=%27%3B--",
              "stukken-na=" + hidden, "stukken-na=" + others, "stukken-na=" + "x" * 600,
              "vragen-na=nietbestaand", "vragen-na=" + "y" * 600, "document=" + "z" * 600):
        r = c.get("/verzoeken?" + q)
        assert r.status == 200, (q, r)
        assert OPTION.findall(r.text) == first, q


def test_paged_request_choice_agrees_with_doc_may_read_on_birthdays():
    """The form's choice shows a document exactly when doc_may_read (the
    SQL's narrowing) says yes and lib/policy allows it: for every demo
    member with a log-in, as in the demo and on the birthdays that change
    what they may read (today or tomorrow). A yes of the SQL that
    lib/policy refused would be missing from the choice."""
    clients = {login: logged_in(login) for login in CITIZENS}
    births = {login: sql("SELECT birth_date FROM person WHERE id = %s" % person_of(login))[0][0]
              for login in ("lotte", "daan", "elif")}
    lotte_doc = DE_VRIES_DOC % "Verslag gesprek met Lotte"
    had_youth = sql("SELECT count(*) FROM document_youth_share WHERE document_id = %s "
                    "AND parent_id = %s" % (lotte_doc, person_of("sanne")))[0][0] != "0"
    youth = ("INSERT INTO document_youth_share (document_id, youth_id, parent_id) "
             "VALUES (%s, %s, %s) ON CONFLICT DO NOTHING"
             % (lotte_doc, person_of("lotte"), person_of("sanne")))
    undo_youth = ("DELETE FROM document_youth_share WHERE document_id = %s AND parent_id = %s"
                  % (lotte_doc, person_of("sanne")))
    cases = [
        ("as in the demo", []),
        ("Daan turns 12 today", [birthday("daan", 12, 0)]),
        ("Daan turns 12 tomorrow", [birthday("daan", 12, 1)]),
        ("Lotte turns 16 today, she let Sanne read her report",
         [birthday("lotte", 16, 0), youth]),
        ("Lotte turns 16 tomorrow, she let Sanne read her report",
         [birthday("lotte", 16, 1), youth]),
        ("Lotte turns 18 today", [birthday("lotte", 18, 0), youth]),
        ("Elif turns 16 today", [birthday("elif", 16, 0)]),
        ("Elif turns 16 tomorrow", [birthday("elif", 16, 1)]),
    ]
    for what, do in cases:
        for q in do:
            sql(q)
        try:
            for login, c in clients.items():
                ids, _ = choices(c)
                yes = sql_readable(person_of(login))
                assert sorted(ids) == sorted(yes), (what, login, set(ids) ^ yes)
        finally:
            if not had_youth:
                sql(undo_youth)
            for login, born in births.items():
                sql("UPDATE person SET birth_date = '%s' WHERE id = %s"
                    % (born, person_of(login)))


def test_paged_request_about_a_document_far_down_the_list():
    c = paging_family()
    readable = pia_readable()
    oldest = min(readable, key=readable.get)
    # the document's page links to the form with it chosen
    page = c.get("/documenten/" + oldest)
    assert page.status == 200
    assert 'href="/verzoeken?document=%s#nieuw"' % oldest in page.text
    form = c.get("/verzoeken?document=" + oldest)
    opts = OPTION.findall(form.text)
    assert opts[0] == (oldest, " selected"), opts[:2]
    assert len(opts) == 21 and [o for o in opts if o[1]] == [(oldest, " selected")]
    # a document hidden from her, or of another family: no choice, no error
    hidden = sql("SELECT d.public_id FROM document d JOIN family f ON f.id = d.family_id "
                 "WHERE f.slug = 'pagina-test' AND d.title = 'Pagina 5'")[0][0]
    plan = sql("SELECT d.public_id FROM document d JOIN family f ON f.id = d.family_id "
               "WHERE f.slug = 'de-vries' AND d.title = 'Gezinsplan'")[0][0]
    for other in (hidden, plan):
        r = c.get("/verzoeken?document=" + other)
        assert r.status == 200 and other not in r.text, other
    # Mark is not offered Pia's document either
    assert oldest not in logged_in("mark").get("/verzoeken?document=" + oldest).text
    # sent with CONTRACT.md's fields: stored about that document
    csrf = re.search(r'name="csrf" value="([0-9a-f]{64})"', form.text).group(1)
    nonce = re.search(r'name="nonce" value="([0-9a-f]{32})"', form.text).group(1)
    r = c.post("/verzoeken", {"csrf": csrf, "nonce": nonce, "document": oldest,
                              "kind": "aanvullen", "body": "Het oudste stuk mist iets."})
    assert r.status == 303 and r.header("Location") == "/verzoeken?verstuurd=1", r
    assert sql("SELECT d.public_id FROM request r JOIN document d ON d.id = r.document_id "
               "WHERE r.form_nonce = '%s' AND r.author_id = %s"
               % (nonce, person_of("pia"))) == [[oldest]]
    # the hidden one sent anyway: the form again, nothing stored
    before = sql("SELECT count(*) FROM request WHERE author_id = %s" % person_of("pia"))
    form = c.get("/verzoeken")
    csrf = re.search(r'name="csrf" value="([0-9a-f]{64})"', form.text).group(1)
    r = c.post("/verzoeken", {"csrf": csrf, "document": hidden, "kind": "wijzigen",
                              "body": "Iets"})
    assert r.status == 400 and "Dit stuk kennen wij niet." in text_of(r.text)
    assert sql("SELECT count(*) FROM request WHERE author_id = %s" % person_of("pia")) == before


def test_paged_request_list_reaches_every_request():
    c = paging_family()
    pia = person_of("pia")
    if int(sql("SELECT count(*) FROM request WHERE author_id = %s" % pia)[0][0]) < 100:
        # 130 requests: every third one answered, none late (a late one
        # is mailed by the outbox process, into other tests' mail)
        sql("INSERT INTO request (family_id, author_id, kind, body, status, form_nonce, "
            "created_on) SELECT f.id, %s, 'wijzigen', 'Vraag ' || g, CASE WHEN g %% 3 = 0 "
            "THEN 'toegekend' ELSE 'ingediend' END, md5('paged-request' || g), "
            "current_date - g %% 25 FROM family f, generate_series(1, 130) g "
            "WHERE f.slug = 'pagina-test'" % pia)
    mine = {row[0]: row[1] == "t" for row in sql(
        "SELECT public_id, status IN ('ingediend', 'in behandeling') FROM request "
        "WHERE author_id = %s" % pia)}
    seen, path, pages = [], "/verzoeken", 0
    while True:
        r = c.get(path)
        assert r.status == 200, (path, r)
        page = REQ_HREF.findall(r.text)
        assert len(page) <= 50
        if pages == 0:
            n = sum(1 for v in mine.values() if v)
            assert "Er wachten %d vragen op antwoord." % n in text_of(r.text)
        else:
            assert "Terug naar de eerste vragen" in text_of(r.text)
        seen += page
        pages += 1
        m = REQ_NEXT.search(r.text)
        if m is None:
            break
        path = m.group(1)
        assert pages < 100
    assert len(seen) == len(set(seen)) and set(seen) == set(mine)
    # open ones first
    flags = [mine[i] for i in seen]
    assert flags == sorted(flags, reverse=True)
    assert pages >= 3
    # Sanne sees none of Pia's requests
    assert not set(REQ_HREF.findall(logged_in("sanne").get("/verzoeken").text)) & set(mine)


# A professional of the Pagina family only (Wubbo) (not a demo log-in: the demo
# families' mails and worklists stay as they are).
def worklist_pro():
    if sql("SELECT count(*) FROM account WHERE username = 'pwl'")[0][0] == "0":
        sql("""
        WITH p AS (INSERT INTO person (given_name, family_name, birth_date, kind)
                   VALUES ('Wubbo', 'Werklijstmaker', current_date - 40 * 365, 'professional')
                   RETURNING id),
             r AS (INSERT INTO professional (person_id, organisation_id, job_title)
                   SELECT p.id, pr.organisation_id, 'wijkcoach' FROM p, professional pr
                     JOIN account u ON u.person_id = pr.person_id AND u.username = 'fatima'),
             a AS (INSERT INTO account (person_id, username, password_hash)
                   SELECT p.id, 'pwl', password_hash FROM p, account WHERE username = 'sanne'),
             t AS (INSERT INTO staff_totp (person_id, secret, shown_at)
                   SELECT p.id, 'GEZDGNBVGY3TQOJR', now() FROM p)
        INSERT INTO assignment (family_id, professional_id)
        SELECT f.id, p.id FROM family f, p WHERE f.slug = 'pagina-test'""")
    portal.TOTP_SECRETS["pwl"] = "GEZDGNBVGY3TQOJR"
    pia = person_of("pia")
    if sql("SELECT count(*) FROM document_consent WHERE person_id = %s "
           "AND decision = 'oneens'" % pia)[0][0] == "0":
        # Pia disagrees with every document she may read, a day after it
        # was written: the oldest disagreement is on the oldest document
        sql("INSERT INTO document_consent (document_id, person_id, version, decision, "
            "explanation, form_nonce, created_at) SELECT d.id, %s, d.version, 'oneens', "
            "'Klopt niet.', md5('paged-consent' || d.id), d.created_at + interval '1 day' "
            "FROM document d JOIN family f ON f.id = d.family_id "
            "WHERE f.slug = 'pagina-test' AND doc_may_read(%s, d.id)" % (pia, pia))
        sql("ANALYZE document_consent")
    return logged_in("pwl")


def worklist(c, start="/antwoord"):
    docs, sizes, path = [], [], start
    while True:
        r = c.get(path)
        assert r.status == 200, (path, r)
        # every item (the Pagina requests of the tests above too)
        sizes.append(r.text.count('class="worklist__row"'))
        docs += WL_DOC.findall(r.text)
        m = WL_NEXT.search(r.text)
        if m is None:
            return docs, sizes
        path = m.group(1).replace("&amp;", "&")
        assert len(sizes) < 1000, "the worklist does not end"


def test_paged_worklist_reaches_the_oldest_of_2500():
    c = worklist_pro()
    readable = pia_readable()
    docs, sizes = worklist(c)
    assert len(docs) == len(set(docs))
    assert set(docs) == set(readable)
    assert [readable[i] for i in docs] == sorted(readable.values(), reverse=True)
    assert all(s == 50 for s in sizes[:-1])
    assert docs[-1] == min(readable, key=readable.get)
    # the family filter in the statement: the same items, the filter kept
    key = sql("SELECT public_id FROM family WHERE slug = 'pagina-test'")[0][0]
    first = c.get("/antwoord?gezin=" + key)
    assert ("/antwoord?gezin=%s&amp;na=" % key) in first.text
    fdocs, _ = worklist(c, "/antwoord?gezin=" + key)
    assert fdocs == docs
    # a family that is not his: 404, as before
    other = sql("SELECT public_id FROM family WHERE slug = 'de-vries'")[0][0]
    assert c.get("/antwoord?gezin=" + other).status == 404
    # Fatima does not work with the Pagina family: none of it
    f = logged_in("fatima").get("/antwoord")
    assert f.status == 200 and not set(WL_DOC.findall(f.text)) & set(readable)


def test_paged_worklist_bad_cursor_gives_the_first_page():
    c = worklist_pro()
    first = WL_ROW.findall(c.get("/antwoord").text)
    assert len(first) == 50
    for q in ("na=nietbestaand", "na=", "na=1.2", "na=2.1.oneens.x.1",
              "na=0.1.ONEENS.x.1", "na=0.0.a..0", "na=0.-5.oneens.x.1",
              "na=0.1.oneens.%27%3B--.1", "na=" + "1." * 300,
              "na=0.99999999999999999999999.oneens.x.1"):
        r = c.get("/antwoord?" + q)
        assert r.status == 200, (q, r)
        assert WL_ROW.findall(r.text) == first, q

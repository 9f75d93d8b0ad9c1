"""/inzage for parents of a child under 12: the child has no account, the
parents with authority act for them (DESIGN.md section 3), so they see who
read documents about the child (section 6)."""
import re

from portal import logged_in, sql, text_of
from test_files import family, person, upload


def mees_id():
    """Mees (9) has no account: found by name."""
    return sql("SELECT public_id FROM person WHERE given_name = 'Mees'")[0][0]


def test_parents_see_who_read_a_document_about_their_child_under_12():
    c = logged_in("fatima")
    r = upload(c, [("family", family("de-vries")), ("title", "Verslag over Mees"),
                   ("body", "Mees speelt graag buiten."), ("about", mees_id())])
    assert r.status == 303, r
    assert c.get(r.header("Location")).status == 200
    for user in ("sanne", "mark"):
        t = text_of(logged_in(user).get("/inzage").text)
        assert 'Fatima Bouali (wijkcoach, Wijkteam Centrum) las "Verslag over Mees" op ' in t, user
        assert "Dit stuk gaat over Mees." in t, user
        assert "Ook stukken over uw kinderen onder de 12 staan hier." in t, user
    # His sister and brother have no authority over him: not on theirs.
    for user in ("lotte", "daan"):
        t = text_of(logged_in(user).get("/inzage").text)
        assert "Verslag over Mees" not in t and "kinderen onder de 12" not in t, user
    # Sanne reads it about herself too: no "about Mees" line on hers.
    r = upload(c, [("family", family("de-vries")), ("title", "Melding over Sanne en Mees"),
                   ("body", "Sanne en Mees waren bij de huisarts."),
                   ("about", person("sanne")), ("about", mees_id())])
    assert r.status == 303, r
    assert c.get(r.header("Location")).status == 200
    items = inzage_items(logged_in("sanne"))
    assert items["Melding over Sanne en Mees"] and \
        not any("Dit stuk gaat over" in i for i in items["Melding over Sanne en Mees"])
    # Mark may not read a document that is also about Sanne (another
    # adult): it is not on his /inzage either, nor is one also about Lotte
    # (16, who did not share it).
    assert logged_in("mark").get(r.header("Location")).status == 404
    r = upload(c, [("family", family("de-vries")), ("title", "Gesprek Lotte en Mees"),
                   ("body", "Lotte past soms op Mees."),
                   ("about", person("lotte")), ("about", mees_id())])
    assert r.status == 303, r
    assert c.get(r.header("Location")).status == 200
    for user in ("mark", "sanne"):
        assert logged_in(user).get(r.header("Location")).status == 404, user
        t = logged_in(user).get("/inzage").text
        assert "Gesprek Lotte en Mees" not in t, user
    assert "Melding over Sanne en Mees" not in logged_in("mark").get("/inzage").text


def inzage_items(c):
    """{document title: [the text of each of its rows]} on /inzage."""
    out = {}
    page = c.get("/inzage").text
    for li in re.findall(r'<li class="card document-list__item">(.*?)</li>', page, re.S):
        t = text_of(li)
        # one title in "…", several (a line per person and day) in “…”
        for title in re.findall(r'["\u201c]([^"\u201d]+)["\u201d]', t):
            out.setdefault(title, []).append(t)
    return out


# Issue 21: /inzage asks lib/policy only about the documents read in the
# days of its page (not about every document of the dossier). Four
# documents about Mees, read on the same days by the same people: one Mark
# may read, one hidden from him, one also about Lotte (16, who did not
# share it) and Sanne's own document for professionals only (lib/policy
# refuses the last two; only the SQL filters the hidden one).
CHILD_DOCS = (("Inzage21 verslag voor Mees", None),
              ("Inzage21 verborgen voor Mark", None),
              ("Inzage21 Lotte en Mees", None),
              ("Inzage21 eigen stuk van Sanne", "sanne"))
MONTHS = ("januari", "februari", "maart", "april", "mei", "juni", "juli",
          "augustus", "september", "oktober", "november", "december")
FIRST, LAST = 1500, 1520        # days ago: far from every other test's reads


def make_child_docs():
    """The four documents (a professional's, or a member's own), their
    subjects and the hidden one; {title: public id}."""
    ids = {}
    for title, own in CHILD_DOCS:
        if own:
            sql("INSERT INTO document (family_id, title, body, author_id, "
                "organisation_id, own_readers) SELECT f.id, '%s', 'Zelf geschreven.', "
                "a.person_id, NULL, 'hulpverleners' FROM family f, account a "
                "WHERE f.slug = 'de-vries' AND a.username = '%s'" % (title, own))
        else:
            sql("INSERT INTO document (family_id, title, body, author_id, "
                "organisation_id) SELECT f.id, '%s', 'Een stuk voor de test.', "
                "pr.person_id, pr.organisation_id FROM family f, professional pr "
                "JOIN account a ON a.person_id = pr.person_id AND a.username = 'fatima' "
                "WHERE f.slug = 'de-vries'" % title)
        about = ["Mees"] + (["Lotte"] if "Lotte" in title else [])
        sql("INSERT INTO document_subject (document_id, person_id) SELECT d.id, p.id "
            "FROM document d, person p WHERE d.title = '%s' AND p.given_name IN (%s) "
            "AND p.family_name = 'de Vries'"
            % (title, ", ".join("'%s'" % a for a in about)))
        ids[title] = sql("SELECT public_id FROM document WHERE title = '%s'" % title)[0][0]
    sql("INSERT INTO document_hidden (document_id, person_id) SELECT d.id, a.person_id "
        "FROM document d, account a WHERE d.title = 'Inzage21 verborgen voor Mark' "
        "AND a.username = 'mark'")
    return ids


def drop_child_docs():
    docs = "(SELECT id FROM document WHERE title LIKE 'Inzage21 %')"
    for table in ("document_hidden", "document_own_reader", "document_read",
                  "document_subject", "document"):
        sql("DELETE FROM %s WHERE %s IN %s"
            % (table, "id" if table == "document" else "document_id", docs))


def read_on_days(user, title, action, minute):
    """user read (or downloaded) the document on every day FIRST..LAST days
    ago at 10:00 Dutch time + minute, as the portal writes it."""
    sql("INSERT INTO audit_log (at, actor_id, actor_role, action, object_kind, "
        "object_id, family_id, outcome, rule) SELECT ((current_date - g) + time '10:00' "
        "+ %d * interval '1 minute') AT TIME ZONE 'Europe/Amsterdam', a.person_id, "
        "'professional', '%s', 'document', d.public_id, d.family_id, 'allowed', "
        "'pro.assigned' FROM document d, account a, generate_series(%d, %d) g "
        "WHERE d.title = '%s' AND a.username = '%s'"
        % (minute, action, FIRST, LAST, title, user))


def lines_and_next(c, url):
    r = c.get(url)
    assert r.status == 200, (url, r)
    lines = [text_of(i) for i in re.findall(
        r'<li class="card document-list__item">(.*?)</li>', r.text, re.S)]
    m = re.search(r'href="(/inzage\?van=[^"]+&amp;na=[^"]+)"', r.text)
    back = re.search(r'href="(/inzage\?van=[^"]+&amp;voor=[^"]+)"', r.text)
    return (lines, m.group(1).replace("&amp;", "&") if m else None,
            back.group(1).replace("&amp;", "&") if back else None)


def test_inzage_decides_the_documents_of_its_days_with_lib_policy():
    """Mark acts for Mees (9): every day Fatima and Peter read and download
    the document about Mees he may read (4 lines a day), and later that day
    the three he may not (and Ellen only those). His pages show exactly the
    4 lines a day of the one, a full page of 25 where a week holds more
    (the page's window), every line once through the cursors to the
    oldest, and back. Sanne, who may read the hidden one and her own,
    sees them in the same lines: lib/policy decides per reader."""
    try:
        ids = make_child_docs()
        allowed, hidden, lotte, own = (t for t, _ in CHILD_DOCS)
        minute = 0
        for user in ("fatima", "peter"):
            for action in ("document.read", "document.download"):
                read_on_days(user, allowed, action, minute)
                for title in (hidden, lotte, own):
                    read_on_days(user, title, action, 30 + minute)
                minute += 1
        for title in (hidden, lotte, own):
            read_on_days("ellen", title, "document.read", 59)
        day = lambda n: sql("SELECT (current_date - %d)::text" % n)[0][0]
        # lib/policy agrees: Mark reads one of them, Sanne all but Lotte's
        for user, may in (("mark", {allowed}), ("sanne", {allowed, hidden, own})):
            c = logged_in(user)
            for title, _ in CHILD_DOCS:
                want = 200 if title in may else 404
                assert c.get("/documenten/" + ids[title]).status == want, (user, title)

        mark = logged_in("mark")
        url = "/inzage?van=%s&tot=%s" % (day(LAST), day(FIRST))
        pages, seen, urls = [], [], []
        while url:
            lines, nxt, _ = lines_and_next(mark, url)
            urls.append(url)
            pages.append(len(lines))
            seen += lines
            url = nxt
            assert len(pages) <= 5, pages
        # full pages but the last (84 lines of ours: [25, 25, 25, 9]; a
        # line of another test in these days may add one), each line once
        assert all(n == 25 for n in pages[:-1]) and 0 < pages[-1] <= 25, pages
        assert len(set(seen)) == len(seen), seen
        for line in seen:
            assert not any(t in line for t in (hidden, lotte, own)), line
        ours = [x for x in seen if '"%s"' % allowed in x]
        assert len(ours) == 84, (len(ours), [x for x in seen if x not in ours])
        for line in ours:
            assert "Dit stuk gaat over Mees." in line, line
            assert "stukken" not in line and "bijlagen" not in line, line
            assert "GGZ Rivierenland" not in line, line       # Ellen
        # every day with its 4 lines; the last line is of the oldest day
        days = [re.search(r" op \w+ (\d+ \w+ \d{4})\. ", x).group(1) for x in ours]
        assert len(set(days)) == 21 and all(days.count(d) == 4 for d in days), days
        y, m, d = (int(x) for x in day(LAST).split("-"))
        assert days[-1] == "%d %s %d" % (d, MONTHS[m - 1], y), (days[-1], day(LAST))
        # back from the last page: the same 25 lines as the page before
        lines, _, back = lines_and_next(mark, urls[-1])
        assert back, urls[-1]
        assert lines_and_next(mark, back)[0] == seen[50:75]

        # Sanne: the same days, the hidden one and her own in the same
        # lines (and Ellen's), Lotte's in none
        lines, _, _ = lines_and_next(logged_in("sanne"), "/inzage?van=%s&tot=%s"
                                     % (day(FIRST + 3), day(FIRST + 3)))
        assert len(lines) == 5, lines
        for line in lines:
            assert lotte not in line, line
        # (years ago nobody worked with the family: organisation and job)
        fatima = [x for x in lines if x.startswith("Iemand van Wijkteam Centrum "
                                                   "(wijkcoach) las ")]
        assert len(fatima) == 1 and " las 3 stukken op " in fatima[0], lines
        assert all(t in fatima[0] for t in (allowed, hidden, own)), fatima
        ellen = [x for x in lines if x.startswith("Iemand van GGZ Rivierenland")]
        assert len(ellen) == 1 and " las 2 stukken op " in ellen[0], lines
        assert hidden in ellen[0] and own in ellen[0], ellen
    finally:
        drop_child_docs()


# Issue 21: a page reads a week, then the days that should hold a page at
# that week's density, then the rest of the period; each window decides
# only the documents of the days it adds (lib/policy), the ones before
# stay decided. Seven days with a line each, then a line every fourth
# day: Mark's first page takes all three windows.
SPARSE = list(range(1600, 1607)) + list(range(1607, 1701, 4))


def read_on(user, title, action, minute, days):
    """user read (or downloaded) the document on each of days (days ago)
    at 10:00 Dutch time + minute, as the portal writes it."""
    sql("INSERT INTO audit_log (at, actor_id, actor_role, action, object_kind, "
        "object_id, family_id, outcome, rule) SELECT ((current_date - g) + time '10:00' "
        "+ %d * interval '1 minute') AT TIME ZONE 'Europe/Amsterdam', a.person_id, "
        "'professional', '%s', 'document', d.public_id, d.family_id, 'allowed', "
        "'pro.assigned' FROM document d, account a, unnest(ARRAY[%s]) g "
        "WHERE d.title = '%s' AND a.username = '%s'"
        % (minute, action, ",".join(str(n) for n in days), title, user))


def test_inzage_windows_keep_lib_policys_refusals_across_pages():
    """Fatima reads the document about Mees that Mark may read and Sanne's
    own (lib/policy refuses it to Mark; doc_may_read-like SQL cannot tell)
    on the same days; Peter reads only the ones refused to Mark. Mark's
    31 lines (one a day, only the allowed title) come in pages of 25 and 6
    through the windows, each once, none refused, and back."""
    try:
        make_child_docs()
        allowed, hidden, lotte, own = (t for t, _ in CHILD_DOCS)
        read_on("fatima", allowed, "document.read", 0, SPARSE)
        read_on("fatima", own, "document.read", 5, SPARSE)
        for title in (hidden, lotte, own):
            read_on("peter", title, "document.read", 10, SPARSE)
        day = lambda n: sql("SELECT (current_date - %d)::text" % n)[0][0]
        mark = logged_in("mark")
        url = "/inzage?van=%s&tot=%s" % (day(SPARSE[-1]), day(SPARSE[0]))
        pages, seen, urls = [], [], []
        while url:
            lines, url, _ = lines_and_next(mark, url)
            pages.append(len(lines))
            seen += lines
            urls.append(url)
            assert len(pages) <= 4, pages
        assert pages == [25, 6], pages
        assert len(set(seen)) == len(seen), seen
        for line in seen:
            assert '"%s"' % allowed in line and "Dit stuk gaat over Mees." in line, line
            assert not any(t in line for t in (hidden, lotte, own)), line
        days = [re.search(r" op \w+ (\d+ \w+ \d{4})\. ", x).group(1) for x in seen]
        want = []
        for n in SPARSE:
            y, m, d = (int(x) for x in day(n).split("-"))
            want.append("%d %s %d" % (d, MONTHS[m - 1], y))
        assert days == want, (days, want)
        # back from the second page: the first again
        lines, _, back = lines_and_next(mark, urls[0])
        assert lines == seen[25:] and back, urls[0]
        assert lines_and_next(mark, back)[0] == seen[:25]
    finally:
        drop_child_docs()

"""The export page (/mijn-gegevens) does not grow with the dossier (issue
21, part 1), on the family of 2 500+ documents of test_pages.py ("Pagina",
Pia).

The documents section: 50 a page, newest first, keyset ("Oudere stukken",
"Nieuwere stukken"; doc_may_read narrows, lib/policy decides each row);
page by page it reaches the oldest, shows every document about Pia she
may read once and nothing else (not one hidden from her, not one about
Piet alone), the same as the JSON (every document, decided by lib/policy
one by one). A cursor that does not exist, or names a document she may
not read: the first page, never an error.

The month list: found without counting (a loose index scan); every Dutch
month with rows about Pia is in it, a month without (or with only rows
about documents she may not read) is not, exactly the months of the
JSON's audit rows. The lines and "Kort gezegd" never name a document she
may not read."""
import json
import re

from portal import logged_in, sql, text_of
from test_pages import paging_family, person_of, pia_readable

TITLE = re.compile(r"<dt>Titel</dt>\s*<dd>(.*?)</dd>", re.S)
OLDER = re.compile(r'href="(/mijn-gegevens\?stukken-na=[A-Za-z0-9_-]+)#deel-documents"')
NEWER = re.compile(r'href="(/mijn-gegevens\?stukken-voor=[A-Za-z0-9_-]+)#deel-documents"')
MONTH = re.compile(r'href="/mijn-gegevens\?maand=(\d{4}-\d\d)#deel-audit"')


def section(html, key):
    return html.split('id="deel-%s"' % key, 1)[1].split("</section>", 1)[0]


def titles(html):
    return [text_of(t) for t in TITLE.findall(section(html, "documents"))]


def number(title):
    assert re.fullmatch(r"Pagina \d+", title), title
    return int(title.split()[1])


def named(g, text):
    """Document "Pagina <g>" is named in text (not "Pagina <g>1")."""
    return re.search(r"Pagina %d\b" % g, text) is not None


def export_json(c):
    r = c.get("/mijn-gegevens.json")
    assert r.status == 200, r
    return json.loads(r.body.decode("utf-8"))


def test_export_page_documents_reach_the_oldest_of_2500():
    c = paging_family()
    readable = pia_readable()          # about Pia, not hidden from her
    assert len(readable) >= 2500
    seen, sizes, path = [], [], "/mijn-gegevens"
    while path:
        r = c.get(path)
        assert r.status == 200, (path, r)
        page = titles(r.text)
        sizes.append(len(page))
        seen += page
        m = OLDER.search(r.text)
        path = m.group(1) if m else None
        assert len(sizes) < 200, "the documents do not end"
    nums = [number(t) for t in seen]
    # every document once, newest first, nothing else, pages of 50
    assert len(nums) == len(set(nums))
    assert set(nums) == set(readable.values()), set(nums) ^ set(readable.values())
    assert nums == sorted(nums, reverse=True)
    assert max(sizes) == 50 and all(s == 50 for s in sizes[:-1]), sizes
    assert nums[-1] == min(readable.values())
    # the JSON holds the same documents: lib/policy's list, one by one
    d = export_json(c)
    assert sorted(x["title"] for x in d["documents"]) == sorted(seen)
    # "Kort gezegd" says there are more than a page
    first = c.get("/mijn-gegevens")
    summary = text_of(first.text.split('class="card export-summary"', 1)[1].split("</ul>", 1)[0])
    assert "Stukken over u en stukken die u schreef: meer dan 50" in summary, summary
    # back: the page before the second is the first; the first has no newer
    assert NEWER.search(first.text) is None
    second = c.get(OLDER.search(first.text).group(1))
    assert titles(second.text) == seen[50:100]
    back = c.get(NEWER.search(second.text).group(1))
    assert titles(back.text) == titles(first.text) == seen[:50]
    # a page further down goes back one page at a time
    third = c.get(OLDER.search(second.text).group(1))
    assert titles(c.get(NEWER.search(third.text).group(1)).text) == seen[50:100]
    # cursors that lead nowhere: the first page, never an error (a query
    # that is no UTF-8 is refused before any page: 400 everywhere)
    pids = sql("SELECT d.public_id, substr(d.title, 8)::int FROM document d "
               "JOIN family f ON f.id = d.family_id WHERE f.slug = 'pagina-test'")
    hidden = next(p for p, g in pids if int(g) % 11 == 5)
    piet = next(p for p, g in pids if int(g) % 7 == 3 and int(g) % 11 != 5)
    for q in ("stukken-na=AAAAAAAAAAAAAAAAAAAAAA", "stukken-na=" + hidden,
              "stukken-na=" + piet, "stukken-voor=" + hidden,
              "stukken-na=" + "A" * 100, "stukken-voor=x", "stukken-na=&stukken-voor=",
              "stukken-na=a'b"):
        r = c.get("/mijn-gegevens?" + q)
        assert r.status == 200, (q, r)
        assert titles(r.text) == seen[:50], q
    # the hidden parts section and the log never name a hidden document
    hidden_titles = {"Pagina %s" % g for p, g in pids if int(g) % 11 == 5}
    assert not hidden_titles & set(re.findall(r"Pagina \d+", first.text))


def audit_row(at, actor, action, kind, obj, family="NULL", role="professional"):
    sql("INSERT INTO audit_log (at, actor_id, actor_role, action, object_kind, object_id, "
        "family_id, outcome, rule) VALUES (%s, %s, '%s', '%s', '%s', %s, %s, 'allowed', "
        "'test')" % (at, actor, role, action, kind, "'%s'" % obj if obj else "NULL", family))


def dutch_month(iso):
    from datetime import datetime
    from zoneinfo import ZoneInfo
    t = datetime.fromisoformat(iso.replace("Z", "+00:00"))
    return t.astimezone(ZoneInfo("Europe/Amsterdam")).strftime("%Y-%m")


def test_export_page_months_without_counting():
    c = paging_family()
    pia, fatima = person_of("pia"), person_of("fatima")
    fam = "(SELECT id FROM family WHERE slug = 'pagina-test')"
    pids = sql("SELECT d.public_id, substr(d.title, 8)::int FROM document d "
               "JOIN family f ON f.id = d.family_id WHERE f.slug = 'pagina-test'")
    g_of = {p: int(g) for p, g in pids}
    readable = pia_readable()
    seen_doc = max(readable, key=readable.get)
    hidden = next(p for p, g in g_of.items() if g % 11 == 5)
    piet = next(p for p, g in g_of.items() if g % 7 == 3 and g % 11 != 5)
    ts = "timestamptz '%s'"
    # 2018-03: Pia herself; 2018-05: Fatima reads a document about Pia (and
    # one hidden from her); 2018-08: about Pia as a person, written at
    # 00:30 Dutch time on 1 August (still July in UTC); 2018-10: only
    # reads of documents Pia may not read (hidden, about Piet alone):
    # no month; 2018-04, 06, 07, 09: nothing.
    audit_row(ts % "2018-03-10 10:00+01", pia, "document.list", "document", None,
              role="citizen")
    audit_row(ts % "2018-05-12 10:00+02", fatima, "document.read", "document", seen_doc, fam)
    audit_row(ts % "2018-05-13 10:00+02", fatima, "document.read", "document", hidden, fam)
    audit_row(ts % "2018-07-31 22:30+00", fatima, "contact.read", "person", pia, fam)
    audit_row(ts % "2018-10-02 10:00+02", fatima, "document.read", "document", hidden, fam)
    audit_row(ts % "2018-10-03 10:00+02", fatima, "document.download", "document", piet, fam)
    # this month: Fatima reads a document about Pia and the hidden one
    audit_row("now()", fatima, "document.read", "document", seen_doc, fam)
    audit_row("now()", fatima, "document.read", "document", hidden, fam)
    page = c.get("/mijn-gegevens")
    assert page.status == 200
    d = export_json(c)
    want = {dutch_month(a["at"]) for a in d["audit"]}
    log = section(page.text, "audit")
    links = MONTH.findall(log)
    assert len(links) == len(set(links))
    shown = set(links) | {max(want)}       # the newest is the page's own
    assert max(want) not in links
    assert shown == want, (shown ^ want)
    assert {"2018-03", "2018-05", "2018-08"} <= shown
    assert not {"2018-04", "2018-06", "2018-07", "2018-09", "2018-10"} & shown
    # no counts per month: just the month
    assert not re.search(r"</a> \(\d+ keer\)", log)
    # May 2018: Fatima's read of Pia's document, named; the hidden one not
    may = c.get("/mijn-gegevens?maand=2018-05")
    lines = [text_of(x) for x in re.findall(r'<li class="export-row">(.*?)</li>',
                                            section(may.text, "audit"), re.S)]
    assert any(named(readable[seen_doc], x) for x in lines), lines
    assert len(lines) == 1, lines
    # October 2018 is no month: the newest month instead, no error
    r = c.get("/mijn-gegevens?maand=2018-10")
    assert r.status == 200 and not named(g_of[hidden], r.text)
    # "Kort gezegd": Fatima read one document about Pia this month
    summary = page.text.split('class="export-summary__readers"', 1)[1].split("</ul>", 1)[0]
    assert named(readable[seen_doc], summary)
    assert not named(g_of[hidden], page.text) and not named(g_of[piet], page.text)
    m = re.search(r"Fatima Bouali \(Wijkteam Centrum\): (\d+) keer gelezen", text_of(summary))
    details = [a for a in d["audit"] if a["who"] == "Fatima Bouali"
               and a["action"] == "document.read" and a["at"] >= min(
                   x["at"] for x in d["audit"] if dutch_month(x["at"]) == max(want))]
    assert m and int(m.group(1)) == len(details) >= 1, (m and m.group(0), len(details))

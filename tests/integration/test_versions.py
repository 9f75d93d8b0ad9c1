"""Earlier versions and what changed (issue 20, part 2; review F8):
GET /documenten/{id}/versies, /versies/{n}, /versies/{n}/verschil. The
difference is word by word, in <ins>/<del> that hold words for screen
readers and visible marks; a part hidden from a member is never in a
version or a difference; the list says "gewijzigd" until that member
read the new version, per member (one member's reading never changes
another's list); whoever may not read the document gets 404 on all."""
import re

from portal import logged_in, sql, text_of
from test_documents import doc_ids

PLAN = "Veiligheidsplan"
OLD_END = "Bij gevaar belt iedereen 112."
NEW_END = "Bij gevaar belt iedereen meteen 112. Of de wijkagent."


def body_of(doc):
    """The whole text (psql's lines would split it)."""
    h = sql("SELECT encode(convert_to(body, 'UTF8'), 'hex') FROM document "
            "WHERE public_id = '%s'" % doc)[0][0]
    return bytes.fromhex(h).decode()


def new_version(doc, title, body):
    fatima = logged_in("fatima")
    form = fatima.get("/documenten/%s/wijzigen" % doc)
    version = re.search(r'name="version" value="(\d+)"', form.text).group(1)
    r = fatima.post("/documenten/%s/wijzigen" % doc, {
        "csrf": fatima.csrf("/"), "version": version, "title": title, "body": body})
    assert r.status == 303, r
    return int(version) + 1


def mark_of(c, doc):
    """The tags after the document's title in c's list ("nieuw",
    "gewijzigd"), walking the pages; None when it is not listed."""
    path = "/documenten"
    for _ in range(300):
        page = c.get(path).text
        m = re.search(r'<a href="/documenten/%s">[^<]*</a>(.*?)</h2>' % doc, page, re.S)
        if m:
            return set(re.findall(r'<span class="tag">([^<]+)</span>', m.group(1)))
        nxt = re.search(r'<a href="(/documenten\?na=[^"]+)">', page)
        if not nxt:
            return None
        path = nxt.group(1).replace("&amp;", "&")
    return None


def test_versions_diff_and_changed_mark_per_member():
    doc = doc_ids()[PLAN]
    sanne, mark, fatima = logged_in("sanne"), logged_in("mark"), logged_in("fatima")
    old = body_of(doc)
    assert OLD_END in old
    # Both read the plan as it is now: no mark.
    for c in (sanne, mark):
        assert c.get("/documenten/" + doc).status == 200
        assert mark_of(c, doc) == set()
    n = new_version(doc, PLAN, old.replace(OLD_END, NEW_END))
    # Changed for both, until each reads it: per member.
    assert mark_of(sanne, doc) == {"gewijzigd"}
    assert mark_of(mark, doc) == {"gewijzigd"}
    # Reading the old version or the difference does not count as reading
    # the new one.
    assert sanne.get("/documenten/%s/versies/%d" % (doc, n - 1)).status == 200
    assert sanne.get("/documenten/%s/versies/%d/verschil" % (doc, n)).status == 200
    assert mark_of(sanne, doc) == {"gewijzigd"}
    page = sanne.get("/documenten/" + doc).text
    assert 'href="/documenten/%s/versies/%d/verschil"' % (doc, n) in page
    assert 'href="/documenten/%s/versies"' % doc in page
    assert mark_of(sanne, doc) == set()
    # Sanne's reading does not change Mark's list (and so does not tell him).
    assert mark_of(mark, doc) == {"gewijzigd"}
    mark.get("/documenten/" + doc)
    assert mark_of(mark, doc) == set()
    # Only the own row: the list statement reads no other member's.
    rows = sql("SELECT p.given_name, r.read_version FROM document_read r "
               "JOIN person p ON p.id = r.person_id JOIN document d ON d.id = r.document_id "
               "WHERE d.public_id = '%s' AND p.given_name IN ('Sanne', 'Mark') "
               "ORDER BY 1" % doc)
    assert rows == [["Mark", str(n)], ["Sanne", str(n)]], rows

    # The difference: words, in ins/del with words for screen readers.
    r = sanne.get("/documenten/%s/versies/%d/verschil" % (doc, n))
    assert r.status == 200
    ins = re.findall(r"<ins>(.*?)</ins>", r.text, re.S)
    dels = re.findall(r"<del>(.*?)</del>", r.text, re.S)
    assert ins and not dels, (ins, dels)          # only words were added
    added = " ".join(text_of(i) for i in ins)
    assert "Nieuw:" in added and "meteen" in added and "wijkagent" in added, added
    assert all('class="visually-hidden"' in i and "[+" in i for i in ins)
    # Unchanged words are not marked.
    assert "iedereen" not in added and "Sanne" not in added
    t = text_of(r.text)
    assert "Toegevoegd: 2 keer. Weggehaald: 0 keer." in t, t
    assert "Bij gevaar belt iedereen" in t
    # The old version, readable as it was; the list of versions.
    r = sanne.get("/documenten/%s/versies/%d" % (doc, n - 1))
    t = text_of(r.text)
    assert OLD_END in t and "Dit is een oude versie" in t and NEW_END not in t
    r = sanne.get("/documenten/%s/versies" % doc)
    assert r.status == 200
    assert ('href="/documenten/%s/versies/%d"' % (doc, n - 1)) in r.text
    assert ('href="/documenten/%s/versies/%d/verschil"' % (doc, n)) in r.text

    # A change that removes and replaces words; ?van= compares further back.
    n2 = new_version(doc, PLAN + " (nieuw)", old.replace(OLD_END, "Bij brand belt iedereen 112."))
    r = sanne.get("/documenten/%s/versies/%d/verschil" % (doc, n2))
    dels = [text_of(x) for x in re.findall(r"<del>(.*?)</del>", r.text, re.S)]
    ins = [text_of(x) for x in re.findall(r"<ins>(.*?)</ins>", r.text, re.S)]
    assert any("Weggehaald:" in x and "meteen" in x for x in dels), dels
    assert any("Nieuw:" in x and "brand" in x for x in ins), ins
    assert "De titel was: '%s'. Nu is de titel: '%s (nieuw)'." % (PLAN, PLAN) in text_of(r.text)
    r = sanne.get("/documenten/%s/versies/%d/verschil?van=%d" % (doc, n2, n - 1))
    dels = [text_of(x) for x in re.findall(r"<del>(.*?)</del>", r.text, re.S)]
    assert any("gevaar" in x for x in dels) and not any("meteen" in x for x in dels), dels
    # The versions page offers every earlier version to compare with the
    # newest (a GET form to the same page with ?van=).
    r = sanne.get("/documenten/%s/versies" % doc)
    assert 'action="/documenten/%s/versies/%d/verschil"' % (doc, n2) in r.text
    offered = set(re.findall(r'<option value="(\d+)">', r.text))
    assert offered == {str(k) for k in range(1, n2)}, offered
    # ?van= that is no earlier version: the one before.
    for bad in ("0", str(n2), "abc", "-1", "99999"):
        r = sanne.get("/documenten/%s/versies/%d/verschil?van=%s" % (doc, n2, bad))
        assert r.status == 200 and "meteen" in text_of(r.text), bad
    # Back to the demo text (other tests read it).
    new_version(doc, PLAN, old)
    assert body_of(doc) == old


def test_versions_never_show_a_hidden_part():
    doc = doc_ids()[PLAN]
    n = new_version(doc, PLAN, body_of(doc) + "\n\nExtra zin voor de test.")
    part = sql("SELECT dp.body FROM document_part dp JOIN document d ON d.id = dp.document_id "
               "WHERE d.public_id = '%s'" % doc)[0][0]
    assert "Lindelaan" in part
    mark = logged_in("mark")
    assert "Lindelaan" not in mark.get("/documenten/" + doc).text
    for path in ("/versies", "/versies/1", "/versies/%d" % n, "/versies/%d/verschil" % n,
                 "/versies/%d/verschil?van=1" % n):
        r = mark.get("/documenten/%s%s" % (doc, path))
        assert r.status == 200, path
        assert "Lindelaan" not in r.text and "Nieuw adres" not in r.text, path
        assert "afgeschermd" not in r.text, path
    # Versions are of the title and text only: Sanne does not find the part
    # there either (it is on the document page, marked).
    r = logged_in("sanne").get("/documenten/%s/versies/%d/verschil" % (doc, n))
    assert "Lindelaan" not in r.text
    new_version(doc, PLAN, body_of(doc).replace("\n\nExtra zin voor de test.", ""))


def test_versions_denials():
    ids = doc_ids()
    doc = ids[PLAN]
    hidden = ids["Verslag huisbezoek"]          # hidden from Mark as a whole
    n = int(sql("SELECT version FROM document WHERE public_id = '%s'" % doc)[0][0])
    assert n >= 2
    tails = ["/versies", "/versies/1", "/versies/%d/verschil" % n]
    for user, d in [("ellen", doc), ("peter", doc), ("emre", doc), ("elif", doc),
                    ("mark", hidden), ("kees", doc)]:
        c = logged_in(user)
        for tail in tails:
            r = c.get("/documenten/%s%s" % (d, tail))
            assert r.status == 404, (user, tail, r.status)
            assert PLAN not in r.text and "Verslag huisbezoek" not in r.text
    rows = sql("SELECT count(*) FROM audit_log WHERE action = 'document.read' "
               "AND outcome = 'denied' AND object_id = '%s'" % hidden)
    assert int(rows[0][0]) >= 3
    # Versions that do not exist; version 1 has nothing before it.
    sanne = logged_in("sanne")
    for tail in ("/versies/0", "/versies/%d" % (n + 1), "/versies/abc", "/versies/1/verschil",
                 "/versies/%d/verschil" % (n + 1), "/versies/-1"):
        assert sanne.get("/documenten/%s%s" % (doc, tail)).status == 404, tail
    # Not logged in: to the log-in page.
    from portal import Client
    r = Client().get("/documenten/%s/versies" % doc)
    assert r.status == 303 and r.header("Location").startswith("/inloggen")


def test_versions_are_reads_on_inzage():
    doc = doc_ids()[PLAN]
    before = int(sql("SELECT count(*) FROM audit_log WHERE action = 'document.read' "
                     "AND outcome = 'allowed' AND object_id = '%s'" % doc)[0][0])
    fatima = logged_in("fatima")
    assert fatima.get("/documenten/%s/versies/1" % doc).status == 200
    after = int(sql("SELECT count(*) FROM audit_log WHERE action = 'document.read' "
                    "AND outcome = 'allowed' AND object_id = '%s'" % doc)[0][0])
    assert after == before + 1


def test_versions_a_corrected_text_reaches_only_who_read_it():
    """Security review, 4 December 2026: a professional writes an address
    by mistake and corrects it in a new version. Who opened the mistaken
    version may read it again, and what changed; who did not (Lotte, 16,
    opens the document only after the correction) gets 404 on that
    version and on every difference with it; the assigned professional
    reads every version."""
    doc = doc_ids()[PLAN]
    sanne, lotte, fatima = logged_in("sanne"), logged_in("lotte"), logged_in("fatima")
    old = body_of(doc)
    slip = "Sanne woont nu op de Vergeetweg 7."
    bad = new_version(doc, PLAN, old + "\n\n" + slip)
    assert sanne.get("/documenten/" + doc).status == 200    # Sanne opens it
    good = new_version(doc, PLAN, old)
    assert lotte.get("/documenten/" + doc).status == 200    # Lotte: only now
    # Lotte: the version with the slip, and any difference with it: 404.
    for tail in ("/versies/%d" % bad, "/versies/%d/verschil" % bad,
                 "/versies/%d/verschil?van=%d" % (good, bad)):
        r = lotte.get("/documenten/%s%s" % (doc, tail))
        assert r.status == 404 or slip not in r.text, (tail, r.status)
        assert "Vergeetweg" not in r.text, tail
    listing = lotte.get("/documenten/%s/versies" % doc).text
    assert "Vergeetweg" not in listing
    assert 'href="/documenten/%s/versies/%d"' % (doc, bad) not in listing
    # Sanne read it then: she reads it again, and what changed.
    assert slip in text_of(sanne.get("/documenten/%s/versies/%d" % (doc, bad)).text)
    diff = text_of(sanne.get("/documenten/%s/versies/%d/verschil" % (doc, good)).text)
    assert "Vergeetweg" in diff
    # The assigned professional reads every version.
    assert fatima.get("/documenten/%s/versies/1" % doc).status == 200
    assert slip in text_of(fatima.get("/documenten/%s/versies/%d" % (doc, bad)).text)

"""A member records their own information (issue 18, part 2): POST
/documenten/nieuw for a citizen (multipart: title, body, about, readers,
reader, an optional file), GET/POST /documenten/{id}/wijzigen and POST
/documenten/{id}/verwijderen for its author. lib/policy rule 8 decides
who reads it: the author's choice, the age rules and the shields; across
people, over every page where a document can show (list, page, file,
start page, /inzage, export)."""
import functools
import json
import re

from portal import Client, logged_in, sql, text_of
from test_files import HTML, PNG, multipart


def remove_own_documents():
    """Own documents out of the lists again (removed, as their authors
    would), so that the tests after these see the demo's lists."""
    sql("SELECT own_document_remove(id, author_id) FROM document "
        "WHERE own_readers IS NOT NULL AND removed_at IS NULL")


def cleaned(fn):
    @functools.wraps(fn)
    def run():
        try:
            fn()
        finally:
            remove_own_documents()
    return run


def pid(login):
    return sql("SELECT p.public_id FROM person p JOIN account a ON a.person_id = p.id "
               "WHERE a.username = '%s'" % login)[0][0]


def person_pid(given):
    return sql("SELECT public_id FROM person WHERE given_name = '%s'" % given)[0][0]


def write(c, title, body, about=None, readers="hulpverleners", reader=(), files=(),
          path="/documenten/nieuw", extra=()):
    """Sends the own-document form as a browser would (multipart)."""
    form = c.get(path).text
    fields = [("csrf", re.search(r'name="csrf" value="([0-9a-f]{64})"', form).group(1))]
    m = re.search(r'name="family" value="([^"]*)"', form)
    fields.append(("family", m.group(1) if m else ""))
    fields += [("title", title), ("body", body), ("readers", readers)]
    for a in about or ():
        fields.append(("about", a))
    for x in reader:
        fields.append(("reader", x))
    fields += list(extra)
    body_bytes, ctype = multipart(fields, files)
    return c.request("POST", path, raw_body=body_bytes, headers={"Content-Type": ctype})


def new_doc(c, login, title, **kw):
    if "about" not in kw:
        kw["about"] = [pid(login)]
    r = write(c, title, "Dit schreef ik zelf. Het gaat goed met school.", **kw)
    assert r.status == 303, (r.status, text_of(r.text)[:500])
    m = re.fullmatch(r"/documenten/([A-Za-z0-9_-]{22})\?eigen-opgeslagen=1",
                     r.header("Location"))
    assert m, r.header("Location")
    return m.group(1)


def status(login, doc):
    return logged_in(login).get("/documenten/" + doc).status


def mark_sees(mark):
    """What Mark can reach where a document of someone else could show:
    the list, the start page, /inzage and the export (times, tokens and
    his own reads of these pages left out)."""
    def clean(t):
        t = re.sub(r'value="[0-9a-f]{32,64}"', "", t)
        return re.sub(r"\d{1,2}:\d{2}", "", t)
    export = json.loads(mark.get("/mijn-gegevens.json").body.decode("utf-8"))
    return (clean(text_of(mark.get("/documenten").text)),
            clean(text_of(mark.get("/").text)).split("Nieuw sinds")[0],
            sorted(d.get("id", "") for d in export["documents"]),
            len(export["documents"]))


@cleaned
def test_own_sanne_writes_for_herself_and_her_professionals():
    sanne, mark = logged_in("sanne"), logged_in("mark")
    before = mark_sees(mark)
    form = sanne.get("/documenten/nieuw")
    assert form.status == 200
    t = text_of(form.text)
    assert "Wie mag dit stuk lezen?" in t
    assert "Dit lezen: Fatima Bouali (wijkcoach). Niemand anders uit uw gezin." in t
    # members she may name: not Mark (she is shielded from him), not Mees (9)
    named = re.findall(r'name="reader" value="([^"]+)"', form.text)
    assert pid("lotte") in named and pid("daan") in named
    assert pid("mark") not in named and person_pid("Mees") not in named
    doc = new_doc(sanne, "sanne", "Rapport van de school van Sanne",
                  files=[("file", "rapport.png", PNG, "image/png")])
    page = sanne.get("/documenten/%s?eigen-opgeslagen=1" % doc).text
    t = text_of(page)
    assert "Uw stuk is opgeslagen." in t
    assert "Sanne de Vries, zelf geschreven" in t
    assert "Dit stuk schreef Sanne de Vries zelf." in t
    assert "Dit mogen lezen: Fatima Bouali (wijkcoach)." in t
    assert sanne.get("/documenten/%s/bestand" % doc).body.startswith(b"\x89PNG")
    assert sql("SELECT rule, outcome FROM audit_log WHERE action = 'document.create' "
               "AND object_id = '%s'" % doc) == [["own.author", "allowed"]]
    # Fatima reads it, marked as Sanne's own; she cannot change it (403).
    fatima = logged_in("fatima")
    r = fatima.get("/documenten/" + doc)
    assert r.status == 200 and "Dit stuk schreef Sanne de Vries zelf." in text_of(r.text)
    assert "Nieuwe versie maken" not in text_of(r.text)
    assert fatima.get("/documenten/%s/wijzigen" % doc).status == 403
    r = fatima.post("/documenten/%s/wijzigen" % doc, {
        "csrf": fatima.csrf("/documenten/" + doc), "title": "x", "body": "y", "version": "1"})
    assert r.status == 403
    r = fatima.post("/documenten/%s/verwijderen" % doc, {
        "csrf": fatima.csrf("/documenten/" + doc), "zeker": "ja"})
    assert r.status == 403
    assert sql("SELECT title, version FROM document WHERE public_id = '%s'" % doc) == [
        ["Rapport van de school van Sanne", "1"]]
    # Nobody else in the family: not even its existence.
    for user in ("mark", "lotte", "daan", "emre", "ellen"):
        assert status(user, doc) == 404, user
        assert logged_in(user).get("/documenten/%s/bestand" % doc).status == 404, user
    # Mark cannot learn it from his list, start page, /inzage or export.
    fatima.get("/documenten/" + doc)          # a read of it by her professional
    after = mark_sees(mark)
    assert after == before
    assert "Rapport van de school" not in text_of(mark.get("/inzage").text)
    export = mark.get("/mijn-gegevens.json").text
    # (his own refused tries are his, with the id he typed: not the title)
    assert "Rapport van de school" not in export
    assert doc not in [d["id"] for d in json.loads(export)["documents"]]
    # Sanne's own export and /inzage hold it, and who read it.
    assert "Rapport van de school van Sanne" in sanne.get("/mijn-gegevens.json").text
    assert "Fatima Bouali" in text_of(sanne.get("/inzage").text)


@cleaned
def test_own_family_readers_follow_the_shield_and_no_opinion():
    sanne = logged_in("sanne")
    doc = new_doc(sanne, "sanne", "Mijn eigen plan voor thuis", readers="gezin")
    for user, want in (("lotte", 200), ("daan", 200), ("fatima", 200), ("mark", 404),
                       ("emre", 404), ("peter", 404)):
        assert status(user, doc) == want, user
    page = sanne.get("/documenten/" + doc).text
    assert "Dit mogen lezen: Ans, Lotte, Daan, Fatima Bouali (wijkcoach)." in text_of(page)
    assert "Is iedereen het eens" not in text_of(page)
    lotte = logged_in("lotte")
    t = text_of(lotte.get("/documenten/" + doc).text)
    assert "Bent u het eens" not in t and "Ben je het eens" not in t
    r = lotte.post("/documenten/%s/instemming" % doc, {
        "csrf": lotte.csrf("/documenten/" + doc), "decision": "eens"})
    assert r.status == 403
    # a reader is not its author: no change, no removal (403: she reads it)
    assert lotte.get("/documenten/%s/wijzigen" % doc).status == 403
    r = lotte.post("/documenten/%s/verwijderen" % doc, {
        "csrf": lotte.csrf("/documenten/" + doc), "zeker": "ja"})
    assert r.status == 403
    # Mark: 404 on every route of it, and an audit row of each refusal
    mark = logged_in("mark")
    assert mark.get("/documenten/%s/wijzigen" % doc).status == 404
    r = mark.post("/documenten/%s/verwijderen" % doc, {
        "csrf": mark.csrf("/documenten"), "zeker": "ja"})
    assert r.status == 404
    assert sql("SELECT count(*) FROM document WHERE public_id = '%s' "
               "AND removed_at IS NULL" % doc) == [["1"]]
    # Lotte may comment for the family; it stays out of Mark's reach
    assert "Mijn eigen plan voor thuis" not in text_of(mark.get("/documenten").text)


@cleaned
def test_own_lotte_16_names_her_mother_only():
    lotte = logged_in("lotte")
    form = lotte.get("/documenten/nieuw").text
    # about: only herself (she is 16; no children)
    assert re.findall(r'name="about" value="([^"]+)"', form) == [pid("lotte")]
    doc = new_doc(lotte, "lotte", "Brief van mijn stage", readers="personen",
                  reader=[pid("sanne")])
    for user, want in (("sanne", 200), ("daan", 404), ("mark", 404), ("fatima", 200)):
        assert status(user, doc) == want, user
    # Mark is not offered (she is shielded from him): naming him is forged
    r = write(lotte, "Voor papa", "Tekst.", about=[pid("lotte")], readers="personen",
              reader=[pid("mark")])
    assert r.status == 400
    # and nobody else: "personen" without a name is the form again
    r = write(lotte, "Voor niemand", "Tekst.", about=[pid("lotte")], readers="personen")
    assert r.status == 400
    t = text_of(r.text)
    assert "Er is een probleem" in t and "Kies wie uit je gezin het mag lezen." in t
    assert 'value="Voor niemand"' in r.text


@cleaned
def test_own_daan_13_private_from_his_parents():
    daan = logged_in("daan")
    private = new_doc(daan, "daan", "Wat ik zelf wil zeggen")
    family = new_doc(daan, "daan", "Mijn rapport", readers="gezin")
    # his mother has authority over him, but he chose: only his professional
    for user, want in (("sanne", 404), ("mark", 404), ("lotte", 404), ("fatima", 200)):
        assert status(user, private) == want, user
    for user, want in (("sanne", 200), ("lotte", 200), ("mark", 404), ("ans", None)):
        if want is not None:
            assert status(user, family) == want, user
    assert "Wat ik zelf wil zeggen" not in text_of(logged_in("sanne").get("/documenten").text)
    assert "Wat ik zelf wil zeggen" not in logged_in("sanne").get("/mijn-gegevens.json").text
    assert "Mijn rapport" in text_of(logged_in("sanne").get("/documenten").text)


@cleaned
def test_own_sanne_about_daan_follows_the_age_rules():
    sanne = logged_in("sanne")
    form = sanne.get("/documenten/nieuw").text
    about = re.findall(r'name="about" value="([^"]+)"', form)
    # herself and her children under 16 (Daan 13, Mees 9); not Lotte (16) or Mark
    assert pid("sanne") in about and pid("daan") in about
    assert pid("lotte") not in about and pid("mark") not in about
    doc = new_doc(sanne, "sanne", "Rapport van Daan", about=[pid("daan")], readers="gezin")
    # the family may read it, but a document about a child of 13 is for him
    # and his parents: not his sister
    for user, want in (("daan", 200), ("lotte", 404), ("mark", 404), ("fatima", 200)):
        assert status(user, doc) == want, user
    r = write(sanne, "Over Mark", "Tekst.", about=[pid("mark")])
    assert r.status == 400


@cleaned
def test_own_bad_input_keeps_the_form():
    sanne = logged_in("sanne")
    n = sql("SELECT count(*) FROM document")
    r = write(sanne, "", "", about=[pid("sanne")])
    assert r.status == 400
    t = text_of(r.text)
    assert "Er is een probleem" in t and "Vul een titel in." in t
    assert "Vul de tekst van het stuk in." in t
    r = write(sanne, "Mijn titel blijft", "", about=[pid("sanne")])
    assert r.status == 400 and 'value="Mijn titel blijft"' in r.text
    r = write(sanne, "Met een slecht bestand", "De tekst blijft staan.",
              about=[pid("sanne")], files=[("file", "x.html", HTML, "text/html")])
    assert r.status == 400
    t = text_of(r.text)
    assert "Dit soort bestand kan niet." in t
    assert 'value="Met een slecht bestand"' in r.text and "De tekst blijft staan." in r.text
    r = write(sanne, "Over niemand", "Tekst.", about=[])
    assert r.status == 400 and "Kies over wie dit stuk gaat." in text_of(r.text)
    r = write(sanne, "Onbekend", "Tekst.", about=[pid("sanne")], readers="iedereen")
    assert r.status == 400
    assert sql("SELECT count(*) FROM document") == n
    # the form in English and Arabic too
    for lang in ("en", "ar"):
        c = Client(lang=lang)
        assert c.login("sanne").status == 303
        assert c.get("/documenten/nieuw").status == 200


@cleaned
def test_own_change_and_remove_keeps_that_it_was_there():
    sanne = logged_in("sanne")
    doc = new_doc(sanne, "sanne", "Eerste versie", files=[("file", "a.png", PNG, "image/png")])
    assert status("lotte", doc) == 404
    form = sanne.get("/documenten/%s/wijzigen" % doc)
    assert form.status == 200 and 'value="Eerste versie"' in form.text
    r = write(sanne, "Tweede versie", "Nieuwe tekst.", readers="gezin",
              path="/documenten/%s/wijzigen" % doc, extra=[("version", "1")])
    assert r.status == 303, text_of(r.text)[:400]
    assert status("lotte", doc) == 200
    assert "Tweede versie" in logged_in("lotte").get("/documenten/" + doc).text
    assert sql("SELECT title FROM document_version WHERE document_id = "
               "(SELECT id FROM document WHERE public_id = '%s')" % doc) == [["Eerste versie"]]
    # an old version number: changed meanwhile, nothing stored
    r = write(sanne, "Derde", "Tekst.", readers="gezin",
              path="/documenten/%s/wijzigen" % doc, extra=[("version", "1")])
    assert r.status == 409
    # removing needs the tick
    csrf = sanne.csrf("/documenten/%s/wijzigen" % doc)
    r = sanne.post("/documenten/%s/verwijderen" % doc, {"csrf": csrf})
    assert r.status == 400 and "Zet een vinkje" in text_of(r.text)
    r = sanne.post("/documenten/%s/verwijderen" % doc, {"csrf": csrf, "zeker": "ja"})
    assert r.status == 303 and r.header("Location") == "/documenten?verwijderd=1"
    assert "Uw stuk is verwijderd." in text_of(sanne.get(r.header("Location")).text)
    for user in ("sanne", "lotte", "fatima"):
        assert status(user, doc) == 404, user
    assert sanne.get("/documenten/%s/bestand" % doc).status == 404
    # its words, file and old versions are gone; the audit log keeps it
    assert sql("SELECT title, body, removed_at IS NOT NULL FROM document "
               "WHERE public_id = '%s'" % doc) == [["-", "", "t"]]
    assert sql("SELECT count(*) FROM document_file f JOIN document d ON d.id = f.document_id "
               "WHERE d.public_id = '%s'" % doc) == [["0"]]
    assert sql("SELECT count(*) FROM document_version v JOIN document d "
               "ON d.id = v.document_id WHERE d.public_id = '%s'" % doc) == [["0"]]
    assert sql("SELECT action FROM audit_log WHERE object_id = '%s' AND outcome = 'allowed' "
               "AND action IN ('document.create', 'document.update', 'document.remove') "
               "ORDER BY id" % doc) == [["document.create"], ["document.update"],
                                         ["document.remove"]]
    # removed again: 404
    r = sanne.post("/documenten/%s/verwijderen" % doc, {"csrf": csrf, "zeker": "ja"})
    assert r.status == 404
    # the portal's role cannot remove one by hand
    assert "Eerste versie" not in sanne.get("/mijn-gegevens.json").text


@cleaned
def test_own_at_the_counter_for_ans():
    from test_counter import helping, stop
    kees = helping("Ans", "Mulder")
    form = kees.get("/documenten/nieuw")
    assert form.status == 200 and "Wie mag dit stuk lezen?" in text_of(form.text)
    ans = person_pid("Ans")
    doc = new_doc(kees, None, "Brief van oma Ans", about=[ans], readers="gezin")
    row = sql("SELECT a.actor_role, p.given_name FROM audit_log a JOIN person p "
              "ON p.id = a.on_behalf_of WHERE a.action = 'document.create' "
              "AND a.object_id = '%s'" % doc)
    assert row == [["clerk", "Ans"]], row
    assert "Brief van oma Ans" in text_of(kees.get("/documenten/" + doc).text)
    stop(kees)
    for user, want in (("sanne", 200), ("mark", 200), ("lotte", 200), ("fatima", 200)):
        assert status(user, doc) == want, user
    # the clerk outside the session: nothing
    assert kees.get("/documenten/nieuw").status in (403, 404)


@cleaned
def test_own_compulsory_framework_marked_as_her_own():
    elif_ = logged_in("elif")
    doc = new_doc(elif_, "elif", "Wat ik zelf vind")
    peter = logged_in("peter")
    r = peter.get("/documenten/" + doc)
    assert r.status == 200
    assert "Dit stuk schreef Elif Yilmaz zelf." in text_of(r.text)
    assert "Elif Yilmaz, zelf geschreven" in text_of(peter.get("/documenten").text)
    assert peter.get("/documenten/%s/wijzigen" % doc).status == 403
    assert status("emre", doc) == 404
    assert status("sanne", doc) == 404


@cleaned
def test_own_export_holds_what_she_wrote_about_her_child():
    """What a parent expects in "Mijn gegevens": the own document Sanne
    wrote about Daan alone is in her export's documents section (page and
    JSON; lib/policy decides each); one she removed is not; Mark's own
    document about Mees that the family may read is readable for her, but
    it is neither about her nor hers: not in her export."""
    sanne = logged_in("sanne")
    doc = new_doc(sanne, "sanne", "Wat ik schreef over Daan", about=[pid("daan")])
    gone = new_doc(sanne, "sanne", "Weggehaald over Mees", about=[person_pid("Mees")])
    csrf = sanne.csrf("/documenten/%s/wijzigen" % gone)
    r = sanne.post("/documenten/%s/verwijderen" % gone, {"csrf": csrf, "zeker": "ja"})
    assert r.status == 303, r
    mark = logged_in("mark")
    marks = new_doc(mark, "mark", "Mark schreef over Mees", about=[person_pid("Mees")],
                    readers="gezin")
    assert status("sanne", marks) == 200
    export = json.loads(sanne.get("/mijn-gegevens.json").body.decode("utf-8"))
    ids = [d["id"] for d in export["documents"]]
    assert doc in ids and gone not in ids and marks not in ids, ids
    assert [d["title"] for d in export["documents"] if d["id"] == doc] == \
        ["Wat ik schreef over Daan"]
    page = sanne.get("/mijn-gegevens").text
    section = page.split('id="deel-documents"', 1)[1].split("</section>", 1)[0]
    assert "Wat ik schreef over Daan" in section
    assert "Mark schreef over Mees" not in page and "Weggehaald over Mees" not in page
    # who read it is not in her audit section: the rows about documents
    # there are those of documents about her (a subject), in the JSON as on
    # the page and /inzage; an own document only about Daan is not
    sql("INSERT INTO audit_log (actor_id, actor_role, action, object_kind, object_id, "
        "family_id, outcome, rule) SELECT (SELECT person_id FROM account WHERE "
        "username = 'fatima'), 'professional', 'document.read', 'document', "
        "d.public_id, d.family_id, 'allowed', 'test' FROM document d "
        "WHERE d.public_id = '%s'" % doc)
    export = json.loads(sanne.get("/mijn-gegevens.json").body.decode("utf-8"))
    assert not [a for a in export["audit"] if a["object_id"] == doc
                and a["action"] == "document.read"], export["audit"][:5]
    # Mark's own export holds his, not hers
    mine = json.loads(mark.get("/mijn-gegevens.json").body.decode("utf-8"))
    assert marks in [d["id"] for d in mine["documents"]]
    assert doc not in [d["id"] for d in mine["documents"]]

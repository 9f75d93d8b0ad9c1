"""A part of a document hidden from named members (DESIGN.md section 3: "a
document or a field"; CONTRACT.md: the Veiligheidsplan with Sanne's
address hidden from Mark). Mark reads the plan, not the address, and
nothing tells him there is more; everyone else who may read the plan sees
the part and whom it is hidden from."""
import json
import re

from portal import logged_in, sql, text_of
from test_documents import doc_ids
from test_files import count, family, person, upload

ADDRESS = "Lindelaan 12"
LABEL = "Nieuw adres van Sanne en de kinderen"


def test_mark_reads_the_safety_plan_but_not_the_address():
    doc = doc_ids()["Veiligheidsplan"]
    for user in ("sanne", "lotte", "daan", "fatima"):
        r = logged_in(user).get("/documenten/" + doc)
        assert r.status == 200, (user, r)
        t = text_of(r.text)
        assert LABEL in t and ADDRESS in t, user
        assert "Niet te zien voor: Mark." in t, user
    r = logged_in("mark").get("/documenten/" + doc)
    assert r.status == 200, r
    assert "Bij gevaar belt iedereen 112." in text_of(r.text)
    for word in (ADDRESS, "Lindelaan", LABEL, "afgeschermd", "document-part"):
        assert word not in r.text, word
    # Not in the same page's other forms, nor in his export.
    c = logged_in("mark")
    assert ADDRESS not in c.get("/mijn-gegevens").text
    d = json.loads(c.get("/mijn-gegevens.json").text)
    assert d["document_parts"] == [] and ADDRESS not in json.dumps(d)
    d = json.loads(logged_in("sanne").get("/mijn-gegevens.json").text)
    # (other documents about her may have parts too: the published analysis)
    parts = [(p["document_id"], p["label"]) for p in d["document_parts"]]
    assert [p for p in parts if p[0] == doc] == [(doc, LABEL)], parts
    # Ellen's organisation has nothing shared: the plan is 404 for her.
    assert logged_in("ellen").get("/documenten/" + doc).status == 404


def test_his_read_is_logged_as_a_read_of_the_plan():
    doc = doc_ids()["Veiligheidsplan"]
    before = count("audit_log")
    assert logged_in("mark").get("/documenten/" + doc).status == 200
    rows = sql("SELECT action, outcome FROM audit_log WHERE object_id = '%s' "
               "ORDER BY id DESC LIMIT 1" % doc)
    assert rows == [["document.read", "allowed"]] and count("audit_log") > before


def test_a_professional_adds_a_part_hidden_from_a_member():
    c = logged_in("fatima")
    form = c.get("/documenten/nieuw").text
    assert 'name="part_label"' in form and 'name="part_hidden"' in form
    r = upload(c, [("family", family("de-vries")), ("title", "Plan voor de vakantie"),
                   ("body", "Daan en Mees gaan in de zomer een week naar oma Ans."),
                   ("about", person("daan")),
                   ("part_label", "Adres <b>vakantie</b> & \"huis\""),
                   ("part_body", "Duinweg 4\r\nZandvoort"),
                   ("part_hidden", person("mark")), ("part_hidden", person("sanne"))])
    assert r.status == 303, r
    doc = r.header("Location").rsplit("/", 1)[1]
    rows = sql("SELECT dp.label, replace(dp.body, E'\\n', '|'), (SELECT string_agg("
               "a.username, ',' ORDER BY a.username) FROM document_part_hidden h "
               "JOIN account a ON a.person_id = h.person_id WHERE h.part_id = dp.id) "
               "FROM document_part dp JOIN document d ON d.id = dp.document_id "
               "WHERE d.public_id = '%s'" % doc)
    assert rows == [['Adres <b>vakantie</b> & "huis"', "Duinweg 4|Zandvoort",
                     "mark,sanne"]], rows
    page = logged_in("daan").get("/documenten/" + doc)
    assert page.status == 200
    assert "Adres &lt;b&gt;vakantie&lt;/b&gt; &amp; &quot;huis&quot;" in page.text
    assert "Duinweg 4\nZandvoort" in page.text                 # lines kept
    assert "Niet te zien voor: Mark, Sanne." in text_of(page.text)      # oldest first
    for user in ("sanne", "mark"):
        p = logged_in(user).get("/documenten/" + doc)
        assert p.status == 200 and "Duinweg" not in p.text and "Adres &lt;b&gt;" not in p.text, user
        assert "Daan en Mees gaan in de zomer" in p.text


def test_a_part_needs_a_name_a_text_and_whom_or_nothing():
    c = logged_in("fatima")
    base = [("family", family("de-vries")), ("title", "Half deel"),
            ("body", "Tekst."), ("about", person("daan"))]
    docs, parts = count("document"), count("document_part")
    r = upload(c, base + [("part_body", "Geheim adres")])
    assert r.status == 400, r
    t = text_of(r.text)
    assert "Geef het afgeschermde deel een naam." in t
    assert "Kies wie het afgeschermde deel niet mag zien." in t
    assert 'href="#part_label"' in r.text and 'href="#part_hidden"' in r.text
    assert "Geheim adres" in r.text                             # kept in the box
    r = upload(c, base + [("part_label", "Adres"), ("part_hidden", person("mark"))])
    assert r.status == 400 and "Vul de tekst van het afgeschermde deel in." in text_of(r.text)
    assert re.search(r'<input type="checkbox" id="part_hidden-\d+" name="part_hidden" '
                     r'value="%s" checked' % person("mark"), r.text) or \
        re.search(r'id="part_hidden" name="part_hidden" value="%s" checked' % person("mark"),
                  r.text), "choice not kept"
    r = upload(c, base + [("part_label", "x" * 101), ("part_body", "y"),
                          ("part_hidden", person("mark"))])
    assert r.status == 400 and "De naam van het deel is te lang." in text_of(r.text)
    # Someone from another family: a forged form, nothing stored.
    r = upload(c, base + [("part_label", "Adres"), ("part_body", "y"),
                          ("part_hidden", person("emre"))])
    assert r.status == 400
    assert (count("document"), count("document_part")) == (docs, parts)
    # No part at all is fine, and stores none.
    r = upload(c, base + [("part_label", "  "), ("part_body", "\r\n")])
    assert r.status == 303, r
    assert count("document_part") == parts


def test_opening_the_edit_form_is_a_logged_read():
    """The new-version form shows the whole text: the family sees that read
    on /inzage like any other (DESIGN.md section 6)."""
    doc = doc_ids()["Plan voor Daan"]
    assert logged_in("fatima").get("/documenten/%s/wijzigen" % doc).status == 200
    rows = sql("SELECT l.action, l.outcome FROM audit_log l JOIN account a "
               "ON a.person_id = l.actor_id WHERE a.username = 'fatima' "
               "AND l.object_id = '%s' ORDER BY l.id DESC LIMIT 1" % doc)
    assert rows == [["document.read", "allowed"]], rows


def test_an_organisation_it_is_shared_with_does_not_see_the_part():
    """Mark may take part in sharing the plan: the part hidden from him
    must not travel with it. Ellen (GGZ) reads the plan, not the part."""
    doc = doc_ids()["Veiligheidsplan"]
    sql("INSERT INTO document_share (document_id, organisation_id, pending) "
        "SELECT d.id, o.id, false FROM document d, organisation o "
        "WHERE d.public_id = '%s' AND o.slug = 'ggz-rivierenland'" % doc)
    try:
        r = logged_in("ellen").get("/documenten/" + doc)
        assert r.status == 200, r
        assert "Bij gevaar belt iedereen 112." in text_of(r.text)
        assert ADDRESS not in r.text and LABEL not in r.text
    finally:
        sql("UPDATE document_share SET revoked_at = now() WHERE revoked_at IS NULL "
            "AND NOT court_order AND document_id = (SELECT id FROM document "
            "WHERE public_id = '%s')" % doc)

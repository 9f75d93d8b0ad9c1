"""A youth of 16 or 17 lets a parent read a document about them (DESIGN.md
section 3: parents do not see it "unless the youth shares it with them"):
POST /documenten/{id}/ouders, field `parent` per parent. Lotte (16) and
her report; everyone else is refused."""
import re

from portal import Client, logged_in, sql, text_of
from test_documents import doc_ids
from test_dossier import consent_lines, post
from test_files import person

DOC = "Verslag gesprek met Lotte"


def choose(c, doc, *parents):
    fields = [("csrf", c.csrf("/documenten/" + doc))] + [("parent", p) for p in parents]
    body = "&".join("%s=%s" % kv for kv in fields)
    return c.request("POST", "/documenten/%s/ouders" % doc, raw_body=body.encode(),
                     headers={"Content-Type": "application/x-www-form-urlencoded"})


def listed(c, title):
    """Whether /documenten shows title on any of its pages (other tests add
    documents, so it need not be on the first), following "Oudere
    stukken"."""
    path = "/documenten"
    while True:
        text = c.get(path).text
        if title in text:
            return True
        m = re.search(r'href="(/documenten\?na=[A-Za-z0-9_-]+)"', text)
        if m is None:
            return False
        path = m.group(1)


def shares(doc):
    return sql("SELECT a.username FROM document_youth_share ys "
               "JOIN document d ON d.id = ys.document_id "
               "JOIN account a ON a.person_id = ys.parent_id "
               "WHERE d.public_id = '%s' ORDER BY 1" % doc)


def test_lotte_lets_her_mother_read_her_report_and_takes_it_back():
    doc = doc_ids()[DOC]
    lotte, sanne, mark = logged_in("lotte"), logged_in("sanne"), logged_in("mark")
    page = lotte.get("/documenten/" + doc).text
    assert "Mogen je ouders dit stuk lezen?" in page
    assert re.search(r'name="parent" value="%s">' % person("sanne"), page)   # not ticked
    assert sanne.get("/documenten/" + doc).status == 404
    r = choose(lotte, doc, person("sanne"))
    assert r.status == 303 and r.header("Location") == "/documenten/%s?ouders=1#ouders" % doc
    assert shares(doc) == [["sanne"]]
    page = lotte.get(r.header("Location")).text
    assert "Je keuze is opgeslagen." in text_of(page)
    assert re.search(r'name="parent" value="%s" checked' % person("sanne"), page)
    # Sanne reads it, in her list too, but only reads it (DESIGN.md
    # section 3): no consent question, no own view, no comment form, and
    # each of those POSTs refused with a reason. Mark still may not read it.
    page = sanne.get("/documenten/" + doc)
    assert page.status == 200
    assert "U mag dit stuk alleen lezen. Uw kind van 16 of 17 liet u het lezen." in \
        text_of(page.text)
    assert listed(sanne, DOC)
    for form in ('action="/documenten/%s/instemming"', 'action="/documenten/%s/visie"',
                 'action="/documenten/%s/reacties"'):
        assert form % doc not in page.text, form
    for tail, fields in (("instemming", {"decision": "eens"}), ("visie", {"body": "Mijn visie"}),
                         ("reacties", {"body": "Mijn vraag", "audience": "hulpverlener"})):
        r = post(sanne, doc, tail, fields)
        assert r.status == 403 and "U mag dit stuk alleen lezen." in text_of(r.text), tail
    assert not any("Sanne" in l for l in consent_lines(lotte.get("/documenten/" + doc).text))
    assert sql("SELECT count(*) FROM document_consent c JOIN document d ON d.id = c.document_id "
               "JOIN account a ON a.person_id = c.person_id "
               "WHERE d.public_id = '%s' AND a.username = 'sanne'" % doc) == [["0"]]
    assert mark.get("/documenten/" + doc).status == 404
    assert not listed(mark, DOC)
    # /delen tells Lotte who can read it now.
    delen = lotte.get("/delen").text
    part = delen.split(DOC, 1)[1].split("</section>", 1)[0]
    assert "Sanne" in text_of(part) and "Mark" not in text_of(part)
    # Logged, with the choice.
    assert sql("SELECT outcome FROM audit_log WHERE action = 'document.share_family' "
               "AND object_id = '%s' ORDER BY id DESC LIMIT 1" % doc) == [["allowed"]]
    # One row about Sanne herself too: whom Lotte let in.
    assert sql("SELECT action, object_kind FROM audit_log WHERE object_id = '%s' "
               "ORDER BY id DESC LIMIT 1" % person("sanne")) == [["share_family.add", "person"]]
    # Taken back: gone on the next request, and logged.
    assert choose(lotte, doc).status == 303
    assert shares(doc) == []
    assert sanne.get("/documenten/" + doc).status == 404
    assert sql("SELECT action FROM audit_log WHERE object_id = '%s' "
               "ORDER BY id DESC LIMIT 1" % person("sanne")) == [["share_family.remove"]]


def test_only_the_youth_of_16_or_17_chooses():
    ids = doc_ids()
    doc = ids[DOC]
    before = shares(doc)
    # Daan is 13: his parents read his plan anyway; he has no such choice.
    daan = logged_in("daan")
    assert "Mogen je ouders" not in daan.get("/documenten/" + ids["Plan voor Daan"]).text
    assert choose(daan, ids["Plan voor Daan"], person("sanne")).status == 403
    # Sanne may not see Lotte's report: 404, as for any unknown document.
    assert choose(logged_in("sanne"), doc, person("sanne")).status == 404
    # A document about the whole family is not Lotte's alone to give.
    lotte = logged_in("lotte")
    assert "Mogen je ouders" not in lotte.get("/documenten/" + ids["Gezinsplan"]).text
    assert choose(lotte, ids["Gezinsplan"], person("mark")).status == 403
    # Professionals and clerks do not use it (the route is the family's);
    # without logging in it is the log-in page, and nothing is stored.
    assert choose(logged_in("fatima"), doc, person("sanne")).status == 403
    assert choose(logged_in("kees"), doc, person("sanne")).status == 404   # a clerk: test_counter.py
    anon = Client()
    r = anon.post("/documenten/%s/ouders" % doc,
                  {"csrf": anon.csrf("/inloggen"), "parent": person("sanne")})
    assert r.status == 303 and r.header("Location").startswith("/inloggen"), r
    # Not a parent with authority of her family: a forged form, nothing stored.
    for who in ("daan", "emre", "lotte"):
        assert choose(lotte, doc, person(who)).status == 400, who
    assert choose(lotte, doc, person("sanne"), person("emre")).status == 400
    denied = "SELECT count(*) FROM audit_log WHERE action = 'document.share_family' " \
             "AND outcome = 'denied' AND object_id = '%s'" % doc
    n = int(sql(denied)[0][0])
    assert choose(lotte, doc, "x'},{\"y").status == 400
    assert int(sql(denied)[0][0]) == n + 1              # a forged form is logged
    assert shares(doc) == before
    assert sql("SELECT count(*) > 0 FROM audit_log WHERE action = 'document.share_family' "
               "AND outcome = 'denied'") == [["t"]]


def test_her_choice_ends_with_her_18th_birthday_rules():
    """At 18 the report is about an adult: nobody else reads it, whatever
    she chose at 16 (DESIGN.md: nobody sees a document about another
    adult); the choice is no longer offered."""
    ids = doc_ids()
    doc = ids[DOC]
    who = "(SELECT person_id FROM account WHERE username = 'lotte')"
    born = sql("SELECT birth_date FROM person WHERE id = %s" % who)[0][0]
    assert choose(logged_in("lotte"), doc, person("sanne")).status == 303
    try:
        sql("UPDATE person SET birth_date = current_date - interval '18 years' "
            "WHERE id = %s" % who)
        assert logged_in("sanne").get("/documenten/" + doc).status == 404
        assert "Mogen je ouders" not in logged_in("lotte").get("/documenten/" + doc).text
    finally:
        sql("UPDATE person SET birth_date = '%s' WHERE id = %s" % (born, who))
        assert choose(logged_in("lotte"), doc).status == 303


def test_a_parent_who_loses_authority_loses_what_she_showed_him():
    doc = doc_ids()[DOC]
    assert choose(logged_in("lotte"), doc, person("mark")).status == 303
    assert logged_in("mark").get("/documenten/" + doc).status == 200
    # authority is per child (sql/037_authority.sql): Mark's over Lotte
    pair = ("(SELECT person_id FROM account WHERE username = 'mark'), "
            "(SELECT person_id FROM account WHERE username = 'lotte')")
    try:
        sql("DELETE FROM authority WHERE (adult_person, child_person) = "
            "(%s)" % pair)
        assert logged_in("mark").get("/documenten/" + doc).status == 404
    finally:
        sql("INSERT INTO authority (adult_person, child_person) VALUES "
            "(%s)" % pair)
        assert choose(logged_in("lotte"), doc).status == 303
    assert logged_in("mark").get("/documenten/" + doc).status == 404


def test_two_youths_on_one_document_each_say_yes():
    """A report about Lotte and Daan when both are 16: each is asked, and
    a parent reads it once both said yes."""
    from test_files import family, upload
    who = "(SELECT person_id FROM account WHERE username = 'daan')"
    born = sql("SELECT birth_date FROM person WHERE id = %s" % who)[0][0]
    sql("UPDATE person SET birth_date = current_date - interval '16 years' "
        "WHERE id = %s" % who)
    try:
        r = upload(logged_in("fatima"), [
            ("family", family("de-vries")), ("title", "Gesprek met Lotte en Daan"),
            ("body", "Lotte en Daan praten over school."),
            ("about", person("lotte")), ("about", person("daan"))])
        assert r.status == 303, r
        doc = r.header("Location").rsplit("/", 1)[1]
        lotte, daan, sanne = logged_in("lotte"), logged_in("daan"), logged_in("sanne")
        for c in (lotte, daan):
            assert "Mogen je ouders dit stuk lezen?" in c.get("/documenten/" + doc).text
        assert choose(lotte, doc, person("sanne")).status == 303
        assert sanne.get("/documenten/" + doc).status == 404     # Daan not yet
        assert choose(daan, doc, person("sanne")).status == 303
        assert sanne.get("/documenten/" + doc).status == 200
        assert logged_in("mark").get("/documenten/" + doc).status == 404
        assert choose(daan, doc).status == 303                   # Daan takes it back
        assert sanne.get("/documenten/" + doc).status == 404
    finally:
        sql("UPDATE person SET birth_date = '%s' WHERE id = %s" % (born, who))


def test_a_shielded_youths_yes_to_the_other_parent_is_not_on_marks_delen():
    """Security review of 4 December: /delen lists who reads a document and
    why ("Sanne: mag dit stuk lezen van Lotte"). Lotte and Daan (both 16
    here) are shielded from Mark and let him read a report about them;
    when they also let Sanne read it, Mark's /delen must not change: no
    Sanne with their names, and no Sanne at all (she reads only because
    of their choice, an action of theirs he may not learn)."""
    from test_files import family, upload
    who = "(SELECT person_id FROM account WHERE username = 'daan')"
    born = sql("SELECT birth_date FROM person WHERE id = %s" % who)[0][0]
    sql("UPDATE person SET birth_date = current_date - interval '16 years' "
        "WHERE id = %s" % who)
    doc = None
    try:
        r = upload(logged_in("fatima"), [
            ("family", family("de-vries")), ("title", "Weekend met Lotte en Daan"),
            ("body", "Lotte en Daan praten over het weekend."),
            ("about", person("lotte")), ("about", person("daan"))])
        assert r.status == 303, r
        doc = r.header("Location").rsplit("/", 1)[1]
        lotte, daan, mark = logged_in("lotte"), logged_in("daan"), logged_in("mark")
        for c in (lotte, daan):
            assert choose(c, doc, person("mark")).status == 303
        assert mark.get("/documenten/" + doc).status == 200
        token = re.compile(r'(name="(?:csrf|nonce)" value=")[0-9a-f]{32,64}(")')
        before = token.sub(r"\1X\2", mark.get("/delen").text)
        assert "Weekend met Lotte en Daan" in before
        for c in (lotte, daan):
            assert choose(c, doc, person("mark"), person("sanne")).status == 303
        assert logged_in("sanne").get("/documenten/" + doc).status == 200
        after = token.sub(r"\1X\2", mark.get("/delen").text)
        assert after == before
        assert "mag dit stuk lezen van" not in text_of(after)
        # Lotte sees whom she let read it (she is shielded from nobody)
        page = text_of(lotte.get("/delen").text)
        assert "Sanne: jij liet deze ouder dit stuk lezen." in page, page
    finally:
        sql("UPDATE person SET birth_date = '%s' WHERE id = %s" % (born, who))
        if doc is not None:
            sql("DELETE FROM document_youth_share WHERE document_id = "
                "(SELECT id FROM document WHERE public_id = '%s')" % doc)

"""Sharing over HTTP (GET/POST /delen, POST /delen/{id}/intrekken): the
matrix of issue 6 - a 13-year-old's document needs him and a parent, a
16-year-old decides alone, a court-ordered share cannot be revoked - and
Ellen (GGZ Rivierenland) sees exactly what is shared with her
organisation, while it is valid, with every read on the family's /inzage."""
import re
import time

from portal import logged_in, sql, text_of
from test_documents import doc_ids


def share(c, doc, org="ggz-rivierenland", until=None, **extra):
    fields = {"csrf": c.csrf("/delen"), "document": doc, "organisation": org}
    if until is not None:
        fields["until"] = until
    fields.update(extra)
    return c.post("/delen", fields)


def share_row(doc, org="ggz-rivierenland"):
    rows = sql("SELECT s.public_id, s.pending FROM document_share s JOIN document d "
               "ON d.id = s.document_id JOIN organisation o ON o.id = s.organisation_id "
               "WHERE d.public_id = '%s' AND o.slug = '%s' AND s.revoked_at IS NULL "
               "ORDER BY s.id DESC" % (doc, org))
    return rows[0] if rows else None


def revoke(c, share_id):
    return c.post("/delen/%s/intrekken" % share_id, {"csrf": c.csrf("/delen")})


def ellen_sees(doc):
    return logged_in("ellen").get("/documenten/" + doc).status


def test_daan_and_a_parent_both_agree_before_ellen_sees_it():
    ids = doc_ids()
    doc = ids["Plan voor Daan"]
    daan, sanne = logged_in("daan"), logged_in("sanne")
    assert share(daan, doc).status == 303
    sid, pending = share_row(doc)
    assert pending == "t"
    assert ellen_sees(doc) == 404
    t = text_of(sanne.get("/delen").text)
    assert re.search(r"GGZ Rivierenland, tot en met \w+ \d+ \w+ \d{4}: dit delen wacht nog op "
                     r"toestemming\. Al toegestemd: Daan\.", t), t
    # Other terms (another end date) are a share of their own: Daan did
    # not agree to those, so it does not start.
    assert share(sanne, doc, until=sql("SELECT to_char(current_date + 20, 'YYYY-MM-DD')")[0][0]).status == 303
    assert ellen_sees(doc) == 404
    other = [r for r in sql("SELECT s.public_id FROM document_share s JOIN document d ON d.id = "
                            "s.document_id WHERE d.public_id = '%s' AND s.pending AND "
                            "s.revoked_at IS NULL" % doc)]
    assert len(other) == 2, other
    assert revoke(sanne, [o[0] for o in other if o[0] != sid][0]).status == 303
    assert share(sanne, doc).status == 303
    assert share_row(doc) == [sid, "f"]
    assert ellen_sees(doc) == 200
    # exactly that document: not the family's others
    ellen = logged_in("ellen")
    for title in ("Gezinsplan", "Veiligheidsplan", "Verslag gesprek met Lotte"):
        assert ellen.get("/documenten/" + ids[title]).status == 404, title
    titles = re.findall(r'<a href="/documenten/[^"]+">([^<]+)</a>', ellen.get("/documenten").text)
    assert titles == ["Plan voor Daan"], titles
    # comments were not included
    assert 'id="reacties"' not in ellen.get("/documenten/" + doc).text
    # revoked: gone on the very next request
    assert revoke(sanne, sid).status == 303
    assert ellen_sees(doc) == 404


def test_a_parent_alone_is_not_enough_for_a_child_of_13():
    doc = doc_ids()["Plan voor Daan"]
    sanne = logged_in("sanne")
    assert share(sanne, doc).status == 303
    sid, pending = share_row(doc)
    assert pending == "t"
    assert ellen_sees(doc) == 404
    assert revoke(sanne, sid).status == 303          # a waiting share can be withdrawn
    assert share_row(doc) is None


def test_lotte_alone_shares_hers_and_sanne_cannot():
    doc = doc_ids()["Verslag gesprek met Lotte"]
    assert share(logged_in("sanne"), doc).status == 404
    assert share(logged_in("lotte"), doc, comments="ja").status == 303
    assert share_row(doc)[1] == "f"
    ellen = logged_in("ellen")
    page = ellen.get("/documenten/" + doc)
    assert page.status == 200 and 'id="reacties"' in page.text     # comments included
    assert ellen.get("/documenten/%s/bestand" % doc).status == 200
    t = text_of(logged_in("lotte").get("/inzage").text)
    assert 'Ellen Bakker (GGZ Rivierenland) heeft "Verslag gesprek met Lotte" gelezen.' in t


def test_share_ends_at_its_last_second():
    doc = doc_ids()["Verslag gesprek met Lotte"]
    sid = share_row(doc)[0]
    sql("UPDATE document_share SET until = now() + interval '2 seconds' "
        "WHERE public_id = '%s'" % sid)
    assert ellen_sees(doc) == 200
    time.sleep(2.2)
    assert ellen_sees(doc) == 404
    t = text_of(logged_in("lotte").get("/delen").text)
    assert "GGZ Rivierenland, omdat het gezin" not in t
    # the family's notice that the share ended
    assert re.search(r"GGZ Rivierenland kan dit stuk niet meer zien sinds \w+ \d+ \w+ \d{4}\.", t), t


def test_court_ordered_share_cannot_be_revoked():
    doc = doc_ids()["Besluit ondertoezichtstelling"]
    sid = share_row(doc, "jeugdbescherming-regio")[0]
    for user, said in (("emre", "Dit delen kunt u niet stoppen."),
                       ("elif", "Dit delen kun je niet stoppen.")):
        c = logged_in(user)
        t = text_of(c.get("/delen").text)
        assert "Jeugdbescherming Regio, omdat de rechter dat heeft bepaald." in t
        assert said in t
        r = revoke(c, sid)
        assert r.status == 403, (user, r.status)
        assert "De rechter heeft bepaald dat dit stuk gedeeld blijft." in text_of(r.text)
    assert share_row(doc, "jeugdbescherming-regio")[0] == sid
    rows = sql("SELECT count(*) FROM audit_log WHERE action = 'share.revoke' "
               "AND outcome = 'denied' AND object_id = '%s'" % doc)
    assert int(rows[0][0]) >= 2


def test_bad_input():
    ids = doc_ids()
    daan = logged_in("daan")
    doc = ids["Plan voor Daan"]
    assert share(daan, doc, org="bestaat-niet").status == 404
    assert share(daan, "AAAAAAAAAAAAAAAAAAAAAA").status == 404
    r = share(daan, doc, until="2020-01-01")
    assert r.status == 400 and "Deze datum is al geweest." in r.text
    assert re.search(r'class="error-summary".*href="#until-\d+"', r.text, re.S)
    r = share(daan, doc, until="2099-01-01")
    assert r.status == 400 and "hoogstens een jaar" in r.text
    r = share(daan, doc, until="31-12-2026")
    assert r.status == 400 and "Schrijf de datum zo" in r.text
    r = share(daan, doc, org="")
    assert r.status == 400 and "Kies met welke organisatie" in r.text
    # A date of only blanks is not given (the default), not a wrong one.
    r = share(daan, doc, org="", until="  ")
    assert r.status == 400 and "Schrijf de datum zo" not in r.text
    assert not re.search(r'href="#until-\d+"', r.text)
    # Both wrong: both said, once each.
    r = share(daan, doc, org="", until="2027-02-29")
    assert r.status == 400 and "Kies met welke organisatie" in r.text
    assert "Schrijf de datum zo" in r.text
    assert len(re.findall(r'href="#until-\d+"', r.text)) == 1
    assert share_row(doc) is None                       # nothing stored
    assert revoke(daan, "AAAAAAAAAAAAAAAAAAAAAA").status == 404
    # Mark may not see the Verslag huisbezoek: sharing it is 404 too.
    assert share(logged_in("mark"), ids["Verslag huisbezoek"]).status == 404
    # Professionals do not use /delen.
    assert logged_in("fatima").get("/delen").status == 403


def test_delen_page_says_who_sees_what_and_why():
    t = text_of(logged_in("sanne").get("/delen").text)
    assert "U zelf: het stuk gaat over u of over uw kind." in t
    assert "Fatima Bouali (Wijkteam Centrum), omdat die uw gezin helpt." in t
    assert "Mark: het stuk gaat ook over Mark." in t         # Gezinsplan


def test_who_may_not_use_sharing():
    ids = doc_ids()
    court = share_row(ids["Besluit ondertoezichtstelling"], "jeugdbescherming-regio")[0]
    # Another family's share: not visible, so 404 (and still there).
    assert revoke(logged_in("sanne"), court).status == 404
    assert share_row(ids["Besluit ondertoezichtstelling"], "jeugdbescherming-regio")[0] == court
    # Professionals and clerks do not share for a family; nobody anonymous.
    for user in ("ellen", "peter", "kees"):
        c = logged_in(user)
        r = c.post("/delen", {"csrf": c.csrf("/"), "document": ids["Plan voor Daan"],
                              "organisation": "ggz-rivierenland"})
        assert r.status == 403, user
        assert c.post("/delen/%s/intrekken" % court, {"csrf": c.csrf("/")}).status == 403, user
    from portal import Client
    assert Client().get("/delen").status == 303

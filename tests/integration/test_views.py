"""A family member's own view of a document ("eigen visie", DESIGN.md
section 3): POST /documenten/{id}/visie (field `view_body`). It stands
next to the document wherever the document is shown, also for an
organisation it is shared with, and no professional can change it (its
writer can: test_opinion)."""
import json
import os
import re

from portal import Client, logged_in, sql, sql_fails, text_of
from test_documents import doc_ids

VIEW = 'Wij praten wel goed. Dat zie je aan <de> afspraken & "het" weekend.'


def add_view(c, doc, body, nonce=None):
    page = c.get("/documenten/" + doc).text
    fields = {"csrf": re.search(r'name="csrf" value="([0-9a-f]{64})"', page).group(1),
              "view_body": body}
    m = re.search(r'action="/documenten/[^/]+/visie".*?name="nonce" value="([0-9a-f]{32})"',
                  page, re.S)
    # the page's own-view form, or (its tick in the opinion flow now, issue
    # 16) a nonce of our own, as a form would carry
    fields["nonce"] = nonce or (m.group(1) if m else os.urandom(16).hex())
    return c.post("/documenten/%s/visie" % doc, fields), fields["nonce"]


def views_on(c, doc):
    page = c.get("/documenten/" + doc).text
    part = page.split('id="visie"', 1)[1].split("</section>", 1)[0] if 'id="visie"' in page else ""
    return [text_of(t) for t in re.findall(r'<p class="comment__text">(.*?)</p>', part, re.S)]


def test_mark_adds_his_view_and_everyone_who_reads_the_plan_sees_it():
    doc = doc_ids()["Gezinsplan"]
    mark = logged_in("mark")
    before = sql("SELECT count(*) FROM document_view")
    mails = "SELECT recipient, body LIKE '%%/documenten/%s#visie%%', body LIKE '%%praten%%' " \
            "FROM outbox WHERE subject = 'Nieuwe eigen visie in Gezinsportaal' " \
            "AND body LIKE '%%/documenten/%s#%%'" % (doc, doc)
    # (other tests, like test_opinion, may have added views to it before)
    had = len(sql(mails))
    r, nonce = add_view(mark, doc, VIEW)
    assert r.status == 303 and r.header("Location") == "/documenten/%s?visie=1#visie" % doc, r
    # Fatima hears there is a view, and where; not what it says.
    assert sql(mails + " ORDER BY id")[had:] == [["fatima@demo.gezinsportaal.invalid", "t", "f"]]
    page = mark.get(r.header("Location")).text
    assert "Uw visie staat nu bij het stuk." in text_of(page)
    assert "&lt;de&gt; afspraken &amp; &quot;het&quot;" in page       # escaped
    for user in ("sanne", "lotte", "daan", "fatima"):
        assert VIEW in views_on(logged_in(user), doc), user
    # Sent twice with the same form: one view.
    r, _ = add_view(mark, doc, VIEW, nonce)
    assert r.status == 303
    assert int(sql("SELECT count(*) FROM document_view")[0][0]) == int(before[0][0]) + 1
    assert len(sql(mails)) == had + 1
    assert sql("SELECT outcome FROM audit_log WHERE action = 'view.create' "
               "AND object_id = '%s' ORDER BY id DESC LIMIT 1" % doc) == [["allowed"]]
    # In his export, with the document.
    d = json.loads(mark.get("/mijn-gegevens.json").text)
    assert [(v["document_title"], v["text"]) for v in d["own_views"]
            if v["text"] == VIEW] == [("Gezinsplan", VIEW)]
    # Nobody changes or removes it: not the portal's database role.
    assert sql_fails("UPDATE document_view SET body = 'anders'", user="portal_app")
    assert sql_fails("DELETE FROM document_view", user="portal_app")


def test_it_goes_with_the_document_to_an_organisation():
    doc = doc_ids()["Plan voor Daan"]
    daan = logged_in("daan")
    r, _ = add_view(daan, doc, "Ik wil liever op judo dan op voetbal.")
    assert r.status == 303, r
    sql("INSERT INTO document_share (document_id, organisation_id, pending) "
        "SELECT d.id, o.id, false FROM document d, organisation o "
        "WHERE d.public_id = '%s' AND o.slug = 'ggz-rivierenland'" % doc)
    try:
        ellen = logged_in("ellen")
        assert ellen.get("/documenten/" + doc).status == 200
        assert "Ik wil liever op judo dan op voetbal." in views_on(ellen, doc)
        # She reads it; adding one is the family's.
        assert 'action="/documenten/%s/visie' % doc not in ellen.get("/documenten/" + doc).text
        r, _ = add_view(ellen, doc, "Van GGZ")
        assert r.status == 403, r
    finally:
        sql("UPDATE document_share SET revoked_at = now() WHERE revoked_at IS NULL "
            "AND document_id = (SELECT id FROM document WHERE public_id = '%s') "
            "AND organisation_id = (SELECT id FROM organisation WHERE slug = "
            "'ggz-rivierenland') AND NOT court_order" % doc)


def test_who_may_not_add_one_and_bad_input():
    ids = doc_ids()
    before = sql("SELECT count(*) FROM document_view")
    r, _ = add_view(logged_in("fatima"), ids["Gezinsplan"], "Van de hulpverlener")
    assert r.status == 403, r                         # the family's own words
    r, _ = add_view(logged_in("peter"), ids["Besluit ondertoezichtstelling"], "x")
    assert r.status == 403, r
    mark = logged_in("mark")
    r = mark.post("/documenten/%s/visie" % ids["Verslag huisbezoek"],
                  {"csrf": mark.csrf("/"), "view_body": "Verborgen"})
    assert r.status == 404, r                         # hidden from him
    kees = logged_in("kees")
    r = kees.post("/documenten/%s/visie" % ids["Gezinsplan"],
                  {"csrf": kees.csrf("/"), "view_body": "Balie"})
    assert r.status == 404, r
    anon = Client()
    r = anon.post("/documenten/%s/visie" % ids["Gezinsplan"],
                  {"csrf": anon.csrf("/inloggen"), "view_body": "Zonder inloggen"})
    assert r.status == 303 and r.header("Location").startswith("/inloggen"), r
    r, _ = add_view(mark, ids["Gezinsplan"], "  \r\n ")
    assert r.status == 400 and "Schrijf uw visie in het vak." in text_of(r.text)
    assert 'href="#view_body"' in r.text
    r, _ = add_view(mark, ids["Gezinsplan"], "Lang " + "x" * 2000)
    assert r.status == 400 and "Uw visie is te lang." in text_of(r.text)
    assert "Lang xxxx" in r.text                      # kept in the box
    assert sql("SELECT count(*) FROM document_view") == before
    # A youth reads the form with "je" (the tick of the opinion flow, issue
    # 16; the old route's own form comes back with its error).
    t = text_of(logged_in("daan").get("/documenten/" + ids["Plan voor Daan"]).text)
    assert "Zet dit als je eigen visie bij het stuk" in t
    daan = logged_in("daan")
    r, _ = add_view(daan, ids["Plan voor Daan"], " ")
    t = text_of(r.text)
    assert r.status == 400 and "Jouw eigen visie" in t and "Schrijf hoe je het ziet." in t

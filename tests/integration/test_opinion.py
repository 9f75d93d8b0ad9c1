"""One "what do you think" flow on the document page (issue 16, part 4):
"Bent u het eens?" (`decision`) -> "Waarom niet?" (`explanation`) -> the
tick "Zet dit als uw eigen visie bij het stuk" (`own_view`), stored as
consent and own view in one transaction, audited as both; a separate
question to the professional; and own views their writer changes or
withdraws (`view`, `view_body` / `withdraw`) while the old text stays for
the writer, the professional, the export and the audit log."""
import json
import re

from portal import Client, logged_in, sql, sql_fails, text_of
from test_counter import helping, person_of
from test_documents import doc_ids
from test_files import person
from test_youth_share import choose


def form_fields(page, action):
    """csrf and the hidden fields of the form posting to action."""
    m = re.search(r'<form method="post" action="%s[^"]*"(.*?)</form>' % re.escape(action),
                  page, re.S)
    assert m, "no form for %s" % action
    fields = dict(re.findall(r'<input type="hidden" name="([a-z_]+)" value="([^"]*)"',
                             m.group(1)))
    return fields


def say(c, doc, **fields):
    """The consent form of doc, filled in and sent; (answer, fields)."""
    f = form_fields(c.get("/documenten/" + doc).text, "/documenten/%s/instemming" % doc)
    f.update(fields)
    return c.post("/documenten/%s/instemming" % doc, f), f


def consents(doc, login, text):
    return sql("SELECT c.decision, c.explanation FROM document_consent c "
               "JOIN document d ON d.id = c.document_id "
               "WHERE d.public_id = '%s' AND c.person_id = %s AND c.explanation = '%s'"
               % (doc, person_of(login), text))


def views_with(text):
    """Rows of document_view with this text: public id, superseded,
    withdrawn, replaces someone (t/f)."""
    return sql("SELECT public_id, superseded_at IS NOT NULL, withdrawn_at IS NOT NULL, "
               "replaces IS NOT NULL FROM document_view WHERE body = '%s' ORDER BY id" % text)


def current_views(c, doc):
    page = c.get("/documenten/" + doc).text
    part = page.split('id="visie"', 1)[1].split("</section>", 1)[0] if 'id="visie"' in page else ""
    return [text_of(t) for t in re.findall(r'<p class="comment__text">(.*?)</p>', part, re.S)]


def old_views(c, doc):
    page = c.get("/documenten/" + doc).text
    return [text_of(t) for t in
            re.findall(r'<p class="comment__text comment__text--old">(.*?)</p>', page, re.S)]


def audits(action, login, since):
    return sql("SELECT actor_id, on_behalf_of, request_id FROM audit_log WHERE action = '%s' "
               "AND coalesce(on_behalf_of, actor_id) = %s AND id > %s ORDER BY id"
               % (action, person_of(login), since))


def last_audit():
    return sql("SELECT coalesce(max(id), 0) FROM audit_log")[0][0]


def test_opinion_eens_stores_consent_only():
    doc = doc_ids()["Plan voor Daan"]
    daan = logged_in("daan")
    page = daan.get("/documenten/" + doc).text
    # The youth form: "je", and the flow in its order.
    t = text_of(page)
    assert "Ben je het eens met dit stuk?" in t
    assert t.index("Ben je het eens met dit stuk?") < t.index("Waarom niet?") < \
        t.index("Zet dit als je eigen visie bij het stuk") < t.index("Een vraag aan je hulpverlener")
    before = sql("SELECT count(*) FROM document_view")
    r, _ = say(daan, doc, decision="eens")
    assert r.status == 303 and r.header("Location") == "/documenten/%s?instemming=1#instemming" % doc, r
    page = daan.get(r.header("Location")).text
    assert "Je keuze is opgeslagen." in text_of(page) and "Je bent het eens." in text_of(page)
    assert "Je uitleg staat nu ook als eigen visie bij het stuk." not in text_of(page)
    assert sql("SELECT count(*) FROM document_view") == before


def test_opinion_niet_eens_with_the_tick_stores_consent_and_view():
    doc = doc_ids()["Gezinsplan"]
    words = "Er staat niet in dat ik elke week bel."
    mark = logged_in("mark")
    since = last_audit()
    r, f = say(mark, doc, decision="oneens", explanation=words, own_view="ja")
    assert r.status == 303, text_of(r.text)[:400]
    assert r.header("Location") == "/documenten/%s?keuze-en-visie=1#instemming" % doc
    assert consents(doc, "mark", words) == [["oneens", words]]
    assert [v[1:] for v in views_with(words)] == [["f", "f", "f"]]
    # audited as both, in one request (one transaction)
    give, create = audits("consent.give", "mark", since), audits("view.create", "mark", since)
    assert len(give) == 1 and len(create) == 1 and give[0][2] == create[0][2], (give, create)
    t = text_of(mark.get(r.header("Location")).text)
    assert "Uw keuze is opgeslagen. Uw uitleg staat nu ook als eigen visie bij het stuk." in t
    for user in ("sanne", "lotte", "daan", "fatima"):
        assert words in current_views(logged_in(user), doc), user
    # the same form sent again: one of each
    r = mark.post("/documenten/%s/instemming" % doc, f)
    assert r.status == 303, r
    assert len(consents(doc, "mark", words)) == 1 and len(views_with(words)) == 1


def test_opinion_deels_without_the_tick_stores_only_consent():
    doc = doc_ids()["Gezinsplan"]
    words = "Het deel over school klopt niet helemaal."
    r, _ = say(logged_in("lotte"), doc, decision="deels", explanation=words)
    assert r.status == 303 and "?instemming=1#" in r.header("Location"), r
    assert consents(doc, "lotte", words) == [["deels", words]]
    assert views_with(words) == []
    # the explanation is for her and the professional only
    assert "Uitleg: " + words in text_of(logged_in("fatima").get("/documenten/" + doc).text)
    assert words not in logged_in("sanne").get("/documenten/" + doc).text


def test_opinion_errors_keep_the_text_and_the_tick():
    doc = doc_ids()["Gezinsplan"]
    sanne = logged_in("sanne")
    before = (sql("SELECT count(*) FROM document_view"), sql("SELECT count(*) FROM document_consent"))
    # the tick with an empty explanation
    r, _ = say(sanne, doc, decision="eens", explanation="  \r\n", own_view="ja")
    assert r.status == 400, r
    t = text_of(r.text)
    assert "Schrijf op hoe u het ziet. Dat zetten wij dan als uw eigen visie bij het stuk." in t
    assert 'href="#explanation"' in r.text
    assert re.search(r'id="own_view" name="own_view" value="ja"[^>]* checked', r.text)
    r, _ = say(sanne, doc, decision="oneens", own_view="ja")
    assert r.status == 400 and "Schrijf op wat u anders ziet." in text_of(r.text), r
    # no choice: the explanation and the tick are kept
    r, _ = say(sanne, doc, explanation="Mijn <uitleg> & meer", own_view="ja")
    assert r.status == 400 and "Kies of u het eens bent met dit stuk." in text_of(r.text)
    assert "Mijn &lt;uitleg&gt; &amp; meer</textarea>" in r.text
    assert re.search(r'id="own_view" name="own_view" value="ja"[^>]* checked', r.text)
    # nothing stored
    assert (sql("SELECT count(*) FROM document_view"),
            sql("SELECT count(*) FROM document_consent")) == before
    # a tick that is not "ja" is a forged form
    r, _ = say(sanne, doc, decision="oneens", explanation="x", own_view="misschien")
    assert r.status == 400


def test_opinion_change_and_withdraw_keep_the_history():
    doc = doc_ids()["Gezinsplan"]
    first, second = "Ik zie het anders: eerste tekst.", "Ik zie het anders: tweede tekst."
    sanne = logged_in("sanne")
    since = last_audit()
    r, _ = say(sanne, doc, decision="deels", explanation=first, own_view="ja")
    assert r.status == 303, r
    [[vid, _, _, _]] = views_with(first)
    # The page offers her (only her) change and withdraw.
    page = sanne.get("/documenten/" + doc).text
    assert "/documenten/%s?visie-veranderen=%s#" % (doc, vid) in page
    assert "/documenten/%s?visie-intrekken=%s#" % (doc, vid) in page
    for user in ("mark", "lotte", "fatima"):
        assert "visie-veranderen=%s" % vid not in logged_in(user).get("/documenten/" + doc).text
    # Change: the form holds her text; the new text replaces it.
    page = sanne.get("/documenten/%s?visie-veranderen=%s" % (doc, vid)).text
    assert first + "</textarea>" in page
    f = form_fields(page, "/documenten/%s/visie" % doc)
    assert f["view"] == vid
    f["view_body"] = second
    r = sanne.post("/documenten/%s/visie" % doc, f)
    assert r.status == 303 and r.header("Location") == "/documenten/%s?visie-veranderd=1#visie" % doc, r
    assert "Uw visie is veranderd." in text_of(sanne.get(r.header("Location")).text)
    assert [v[1:] for v in views_with(first)] == [["t", "f", "f"]]
    [[vid2, sup, wd, repl]] = views_with(second)
    assert (sup, wd, repl) == ("f", "f", "t")
    assert len(audits("view.change", "sanne", since)) == 1
    # sent twice: still one new text
    r = sanne.post("/documenten/%s/visie" % doc, f)
    assert r.status == 303 and len(views_with(second)) == 1, r
    # Others read the new text only; Sanne and Fatima see the old one too.
    for user in ("lotte", "daan"):
        c = logged_in(user)
        assert second in current_views(c, doc) and first not in c.get("/documenten/" + doc).text
    assert first not in logged_in("mark").get("/documenten/" + doc).text
    assert old_views(sanne, doc) == [first] and second in current_views(sanne, doc)
    fatima = logged_in("fatima")
    assert first in old_views(fatima, doc) and second in current_views(fatima, doc)
    # Withdraw: a question first, then it is gone for the family.
    page = sanne.get("/documenten/%s?visie-intrekken=%s" % (doc, vid2)).text
    assert "Wilt u deze visie intrekken?" in text_of(page)
    f = form_fields(page, "/documenten/%s/visie" % doc)
    assert f["view"] == vid2 and f["withdraw"] == "ja"
    r = sanne.post("/documenten/%s/visie" % doc, f)
    assert r.status == 303 and r.header("Location") == "/documenten/%s?visie-ingetrokken=1#visie" % doc, r
    assert "Uw visie is ingetrokken." in text_of(sanne.get(r.header("Location")).text)
    assert [v[1:] for v in views_with(second)] == [["f", "t", "t"]]
    assert len(audits("view.withdraw", "sanne", since)) == 1
    r = sanne.post("/documenten/%s/visie" % doc, f)          # twice: done
    assert r.status == 303 and len(audits("view.withdraw", "sanne", since)) == 1, r
    for user in ("mark", "lotte", "daan"):
        page = logged_in(user).get("/documenten/" + doc).text
        assert first not in page and second not in page, user
    t = text_of(fatima.get("/documenten/" + doc).text)
    assert first in old_views(fatima, doc) and second in old_views(fatima, doc)
    assert "Ingetrokken op" in t and "Veranderd op" in t
    assert sorted(old_views(sanne, doc)) == sorted([first, second])
    # A withdrawn view cannot be changed: 409, nothing stored.
    r = sanne.post("/documenten/%s/visie" % doc,
                   {"csrf": sanne.csrf("/"), "view": vid2, "view_body": "derde"})
    assert r.status == 409 and "Deze visie was al veranderd of ingetrokken." in text_of(r.text), r
    assert views_with("derde") == []
    # Her export holds the history; Lotte's has none of it.
    mine = [v for v in json.loads(sanne.get("/mijn-gegevens.json").text)["own_views"]
            if v["text"] in (first, second)]
    assert [(v["text"], v["changed_at"] is not None, v["withdrawn_at"] is not None)
            for v in mine] == [(first, True, False), (second, False, True)], mine
    lotte_export = logged_in("lotte").get("/mijn-gegevens.json").text
    assert first not in lotte_export and second not in lotte_export
    # The database role marks; it never changes, unmarks or deletes.
    assert sql_fails("UPDATE document_view SET body = 'anders' WHERE public_id = '%s'" % vid,
                     user="portal_app")
    assert sql_fails("UPDATE document_view SET withdrawn_at = NULL WHERE public_id = '%s'" % vid2,
                     user="portal_app")
    assert sql_fails("UPDATE document_view SET withdrawn_at = NULL WHERE public_id = '%s'" % vid2)
    assert sql_fails("DELETE FROM document_view WHERE public_id = '%s'" % vid, user="portal_app")
    assert sql_fails("DELETE FROM document_view WHERE public_id = '%s'" % vid)


def test_opinion_denials():
    ids = doc_ids()
    doc = ids["Gezinsplan"]
    words = "Mijn eigen visie, van Lotte."
    lotte = logged_in("lotte")
    r, _ = say(lotte, doc, decision="oneens", explanation=words, own_view="ja")
    assert r.status == 303, r
    [[vid, _, _, _]] = views_with(words)
    # Another member's view: 404, to change and to withdraw, and no form.
    for user in ("sanne", "mark", "daan"):
        c = logged_in(user)
        for extra in ({"view_body": "overgenomen"}, {"withdraw": "ja"}):
            fields = {"csrf": c.csrf("/"), "view": vid}
            fields.update(extra)
            r = c.post("/documenten/%s/visie" % doc, fields)
            assert r.status == 404, (user, extra, r)
        page = c.get("/documenten/%s?visie-veranderen=%s" % (doc, vid)).text
        assert 'name="view"' not in page and "visie-veranderen=%s" % vid not in page
    # the denials are in the audit log
    assert sql("SELECT count(*) FROM audit_log WHERE action = 'view.withdraw' "
               "AND outcome = 'denied' AND object_id = '%s' AND actor_id = %s"
               % (doc, person_of("daan")))[0][0] == "1"
    # An unknown view, and one of another document: 404.
    r = lotte.post("/documenten/%s/visie" % ids["Plan voor Daan"],
                   {"csrf": lotte.csrf("/"), "view": vid, "withdraw": "ja"})
    assert r.status in (403, 404), r
    r = lotte.post("/documenten/%s/visie" % doc,
                   {"csrf": lotte.csrf("/"), "view": "bestaat-niet", "withdraw": "ja"})
    assert r.status == 404, r
    # A professional changes nobody's words.
    fatima = logged_in("fatima")
    r = fatima.post("/documenten/%s/visie" % doc,
                    {"csrf": fatima.csrf("/"), "view": vid, "withdraw": "ja"})
    assert r.status == 403, r
    # Without the form token: 403, nothing changed.
    r = lotte.post("/documenten/%s/visie" % doc, {"view": vid, "withdraw": "ja"})
    assert r.status == 403, r
    r = lotte.post("/documenten/%s/instemming" % doc,
                   {"decision": "oneens", "explanation": "zonder token", "own_view": "ja"})
    assert r.status == 403, r
    assert views_with("zonder token") == []
    assert [v[1:] for v in views_with(words)] == [["f", "f", "f"]]
    # Not logged in: to the log-in page.
    anon = Client()
    r = anon.post("/documenten/%s/instemming" % doc,
                  {"csrf": anon.csrf("/inloggen"), "decision": "eens"})
    assert r.status == 303 and r.header("Location").startswith("/inloggen"), r


def test_opinion_parent_let_in_by_a_youth_only_reads():
    doc = doc_ids()["Verslag gesprek met Lotte"]
    lotte, sanne = logged_in("lotte"), logged_in("sanne")
    assert choose(lotte, doc, person("sanne")).status == 303
    try:
        page = sanne.get("/documenten/" + doc).text
        assert "/documenten/%s/instemming" % doc not in page
        assert "Zet dit als uw eigen visie" not in page
        assert "U mag dit stuk alleen lezen." in text_of(page)
        r = sanne.post("/documenten/%s/instemming" % doc,
                       {"csrf": sanne.csrf("/"), "decision": "oneens",
                        "explanation": "Als ouder", "own_view": "ja"})
        assert r.status == 403 and "alleen lezen" in text_of(r.text), r
        r = sanne.post("/documenten/%s/visie" % doc,
                       {"csrf": sanne.csrf("/"), "view_body": "Als ouder"})
        assert r.status == 403, r
        assert views_with("Als ouder") == []
    finally:
        assert choose(lotte, doc).status == 303


def test_opinion_at_the_counter_keeps_who_helped():
    doc = doc_ids()["Plan voor Daan"]
    words = "Aan de balie gezegd: het plan is te streng."
    since = last_audit()
    kees = helping("Sanne", "de Vries")
    r, _ = say(kees, doc, decision="oneens", explanation=words, own_view="ja")
    assert r.status == 303, text_of(r.text)[:400]
    k = person_of("kees")
    assert sql("SELECT helped_by FROM document_consent WHERE explanation = '%s'" % words) == [[k]]
    assert sql("SELECT helped_by FROM document_view WHERE body = '%s'" % words) == [[k]]
    for action in ("consent.give", "view.create"):
        assert [a[:2] for a in audits(action, "sanne", since)] == [[k, person_of("sanne")]], action
    # The clerk withdraws it with her, in her session.
    [[vid, _, _, _]] = views_with(words)
    page = kees.get("/documenten/%s?visie-intrekken=%s" % (doc, vid)).text
    f = form_fields(page, "/documenten/%s/visie" % doc)
    r = kees.post("/documenten/%s/visie" % doc, f)
    assert r.status == 303, r
    assert sql("SELECT withdrawn_helped_by FROM document_view WHERE public_id = '%s'" % vid) == [[k]]
    t = text_of(logged_in("fatima").get("/documenten/" + doc).text)
    assert "Ingetrokken op" in t and "(aan de balie, met hulp van Kees Visser)" in t


def test_opinion_question_box_is_apart_and_private_by_default():
    doc = doc_ids()["Gezinsplan"]
    page = logged_in("sanne").get("/documenten/" + doc).text
    box = page.split('aria-labelledby="vraag-titel"', 1)[1].split("</form>", 1)[0]
    assert "Een vraag aan uw hulpverlener" in text_of(box)
    assert re.search(r'id="audience" name="audience" value="hulpverlener"[^>]* checked', box)
    assert "Dit lezen: Fatima Bouali (wijkcoach). Niemand anders uit uw gezin." in text_of(box)
    # after the flow, not inside it
    assert page.index('id="instemming"') < page.index('aria-labelledby="vraag-titel"')
    assert 'name="own_view"' not in box

"""The export of all my data (GDPR art. 15): /mijn-gegevens.json parses,
has a schema version, and holds what the portal keeps about the person:
profile, family, the documents about them they may read, their comments,
answers, appointments, shares and the audit rows about them; never a
document hidden from them, not even its id in the audit rows. The
printable page /mijn-gegevens shows the same in words. Only the person
themself gets it."""
import json
import re

from portal import Client, logged_in, sql, text_of
from test_documents import doc_ids
from test_dossier import post


def export(c):
    r = c.get("/mijn-gegevens.json")
    assert r.status == 200, r
    assert r.header("Content-Type") == "application/json; charset=utf-8"
    assert r.header("Content-Disposition") == 'attachment; filename="mijn-gegevens.json"'
    return json.loads(r.body.decode("utf-8"))


def test_export_holds_my_comment_and_more():
    ids = doc_ids()
    c = logged_in("sanne")
    body = 'Wij zijn het "bijna" eens & <ok>\nTweede regel, met één é.'
    assert post(c, ids["Gezinsplan"], "reacties", {"body": body}).status == 303
    assert post(c, ids["Gezinsplan"], "instemming",
                {"decision": "deels", "explanation": "Het geld klopt niet."}).status == 303
    # Fatima reads the Gezinsplan: that look is Sanne's to see.
    assert logged_in("fatima").get("/documenten/%s" % ids["Gezinsplan"]).status == 200
    d = export(c)
    assert d["schema_version"] == 1
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", d["made_at"])
    assert d["person"]["given_name"] == "Sanne" and d["person"]["username"] == "sanne"
    assert d["memberships"] == [{"family": "De Vries", "role": "moeder",
                                 "parental_authority": True, "framework": "vrijwillig"}]
    assert any(x["text"] == body and x["document_title"] == "Gezinsplan"
               for x in d["comments"]), d["comments"]
    assert any(x["decision"] == "deels" and x["explanation"] == "Het geld klopt niet."
               for x in d["consents"])
    titles = {x["title"] for x in d["documents"]}
    assert {"Gezinsplan", "Veiligheidsplan"} <= titles
    assert "Verslag gesprek met Lotte" not in titles and "Plan voor Daan" not in titles
    assert all(isinstance(x["version"], int) and x["text"] for x in d["documents"])
    assert any(a["who"] == "Fatima Bouali" and a["action"] == "document.read"
               and a["object_id"] == ids["Gezinsplan"] for a in d["audit"])
    for key in ("contact", "contact_history", "appointments", "shares",
                "address_shielded_from", "reminders", "requests", "request_timeline"):
        assert key in d
    # Sanne's demo request, with its deadline and timeline.
    assert d["requests"] and all(x["kind"] in ("wijzigen", "aanvullen", "verwijderen")
                                 and x["answer_due_on"] for x in d["requests"])
    assert any(e["request_id"] == d["requests"][0]["id"] for e in d["request_timeline"])
    # A person in the audit rows by the opaque id, never the counter.
    for a in d["audit"]:
        if a["object_kind"] in ("person", "account"):
            assert not a["object_id"].isdigit(), a
    # The export itself is in the audit log.
    assert sql("SELECT count(*) > 0 FROM audit_log l JOIN account a ON a.person_id = l.actor_id "
               "WHERE a.username = 'sanne' AND l.action = 'export.read'") == [["t"]]


def test_a_hidden_document_stays_hidden():
    ids = doc_ids()
    assert logged_in("fatima").get("/documenten/%s" % ids["Verslag huisbezoek"]).status == 200
    m = logged_in("mark")
    d = export(m)
    raw = json.dumps(d)
    assert "Verslag huisbezoek" not in raw
    # Its id only where Mark himself asked for it and was refused (as for
    # any unknown id), also at the counter (test_counter.py): nobody
    # else's look at it.
    for a in d["audit"]:
        if a["object_id"] == ids["Verslag huisbezoek"]:
            assert a["who"] == "Mark de Vries" or (
                a["who"] == "Kees Visser" and a["at_counter"] == "namens-u"), a
            assert a["outcome"] == "denied", a
    assert not any(x["document_id"] == ids["Verslag huisbezoek"]
                   for x in d["comments"] + d["consents"] + d["shares"])
    assert "Gezinsplan" in raw
    page = m.get("/mijn-gegevens").text
    assert "Verslag huisbezoek" not in page
    # /inzage does not tell him either who read it.
    assert "Verslag huisbezoek" not in m.get("/inzage").text
    assert "Verslag huisbezoek" in logged_in("sanne").get("/inzage").text


def test_youth_sees_her_own_document():
    d = export(logged_in("lotte"))
    titles = {x["title"] for x in d["documents"]}
    assert "Verslag gesprek met Lotte" in titles and "Plan voor Daan" not in titles


def test_printable_page_in_words():
    c = logged_in("sanne")
    r = c.get("/mijn-gegevens")
    assert r.status == 200
    t = text_of(r.text)
    for heading in ("Over u", "Uw gezin", "Stukken over u", "Uw reacties",
                    "Wie deed wat met uw gegevens"):
        assert heading in t, heading
    assert "Gezag ja" in t and "een stuk gelezen" in t
    assert 'href="/mijn-gegevens.json"' in r.text
    # Escaped like everywhere else.
    assert "&lt;ok&gt;" in r.text and "<ok>" not in r.text
    c.lang = "en"
    t = text_of(c.get("/mijn-gegevens").text)
    assert "Documents about you" in t or "About you" in t, t[:400]


def test_only_the_person_themself():
    for user in ("fatima", "peter", "ellen", "kees"):
        o = logged_in(user)
        want = 404 if user == "kees" else 403     # a clerk: test_counter.py
        assert o.get("/mijn-gegevens.json").status == want, user
        assert o.get("/mijn-gegevens").status == want, user
    assert Client().get("/mijn-gegevens.json").status == 303
    assert Client().get("/mijn-gegevens").status == 303
    # Each person gets their own, nobody else's.
    assert export(logged_in("emre"))["person"]["given_name"] == "Emre"
    assert "Sanne" not in json.dumps(export(logged_in("elif"))["person"])

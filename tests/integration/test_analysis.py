"""The explanatory analysis (issue 18, part 3): Fatima opens one for De
Vries with the default questions; each member answers for themself and
chooses whether the others may read it; what a member sees of the others
is exactly what they shared, minus whom a shield hides (Sanne and the
children from Mark); Fatima reads all answers side by side and publishes
a document that quotes only shared answers (a shielded writer's in the
part hidden from Mark). Denials: another member's answer, an unknown
analysis or one of another family, a professional not assigned: 404."""
import re

from portal import Client, logged_in, sql, text_of
from test_counter import helping, stop

QUESTIONS = ["Wat gaat goed?", "Wat maakt u zorgen?", "Waar komt het volgens u door?",
             "Wat zou helpen?"]


def family_id(slug):
    return sql("SELECT public_id FROM family WHERE slug = '%s'" % slug)[0][0]


def open_analysis(c, slug="de-vries", questions=None):
    if questions is None:
        questions = "\r\n".join(QUESTIONS)
    r = c.post("/analyse", {"csrf": c.csrf("/analyse"), "family": family_id(slug),
                            "questions": questions})
    assert r.status == 303, text_of(r.text)[:500]
    m = re.fullmatch(r"/analyse/([A-Za-z0-9_-]{22})", r.header("Location"))
    assert m, r.header("Location")
    return m.group(1)


def questions_of(analysis):
    return [q for (q,) in sql(
        "SELECT q.public_id FROM analysis_question q JOIN analysis a "
        "ON a.id = q.analysis_id WHERE a.public_id = '%s' ORDER BY q.position" % analysis)]


def answer(c, analysis, question, body, share, answer_id=None):
    f = {"csrf": c.csrf("/analyse"), "analysis": analysis, "question": question,
         "body": body, "share": share}
    if answer_id:
        f["answer"] = answer_id
    return c.post("/analyse", f)


def answer_id(login, question):
    return sql("SELECT a.public_id FROM analysis_answer a JOIN account u "
               "ON u.person_id = a.person_id JOIN analysis_question q "
               "ON q.id = a.question_id WHERE u.username = '%s' "
               "AND q.public_id = '%s'" % (login, question))[0][0]


def test_analysis_answers_visible_exactly_as_chosen_and_published():
    fatima = logged_in("fatima")
    r = fatima.get("/analyse")
    assert r.status == 200
    for q in QUESTIONS:
        assert q in r.text, q       # the defaults, in the form
    an = open_analysis(fatima)
    q = questions_of(an)
    assert len(q) == 4
    assert sql("SELECT text FROM analysis_question q JOIN analysis a ON a.id = q.analysis_id "
               "WHERE a.public_id = '%s' ORDER BY position" % an) == [[x] for x in QUESTIONS]

    sanne, mark, lotte, daan = (logged_in(u) for u in ("sanne", "mark", "lotte", "daan"))
    texts = {
        "sanne-1": "Sanne deelt: de kinderen lachen weer.",
        "sanne-2": "Sanne prive: ik slaap slecht.",
        "mark-1": "Mark deelt: het contact gaat beter.",
        "lotte-1": "Lotte prive: school is zwaar.",
        "daan-1": "Daan deelt: voetbal helpt mij.",
    }
    assert answer(sanne, an, q[0], texts["sanne-1"], "ja").status == 303
    assert answer(sanne, an, q[1], texts["sanne-2"], "nee").status == 303
    assert answer(mark, an, q[0], texts["mark-1"], "ja").status == 303
    assert answer(lotte, an, q[0], texts["lotte-1"], "nee").status == 303
    assert answer(daan, an, q[0], texts["daan-1"], "ja").status == 303

    def seen(c):
        r = c.get("/analyse")
        assert r.status == 200, r
        return {k for k, t in texts.items() if t in r.text}

    # each sees their own; of the others exactly what was shared and shown
    assert seen(sanne) == {"sanne-1", "sanne-2", "mark-1", "daan-1"}
    assert seen(lotte) == {"lotte-1", "sanne-1", "mark-1", "daan-1"}
    assert seen(daan) == {"daan-1", "sanne-1", "mark-1"}
    # Sanne and the children are shielded from Mark: none of theirs reach him
    assert seen(mark) == {"mark-1"}
    # and no name of theirs either, next to an answer
    assert "Dit deelde Sanne" not in text_of(mark.get("/analyse").text)
    # the default questions in the reader's words: "u" for Sanne, "je" for Daan
    assert "Wat maakt u zorgen?" in sanne.get("/analyse").text
    t = daan.get("/analyse").text
    assert "Wat maakt je zorgen?" in t and "Waar komt het volgens jou door?" in t

    # changing one's own answer (and its choice) works; the old text is gone
    lid = answer_id("lotte", q[0])
    texts["lotte-1"] = "Lotte deelt nu: school gaat beter."
    assert answer(lotte, an, q[0], texts["lotte-1"], "ja", lid).status == 303
    assert "Lotte prive" not in lotte.get("/analyse").text
    assert "lotte-1" in seen(daan) and "lotte-1" not in seen(mark)

    # the professional reads every answer, shared or not, side by side
    r = fatima.get("/analyse/%s" % an)
    assert r.status == 200, r
    for k in ("sanne-1", "sanne-2", "mark-1", "lotte-1", "daan-1"):
        assert texts[k] in r.text, k
    assert sql("SELECT count(*) FROM audit_log WHERE action = 'analysis.read' "
               "AND object_id = '%s'" % an)[0][0] != "0"

    # publish: a document about the family that quotes only shared answers
    r = fatima.post("/analyse/%s/publiceren" % an,
                    {"csrf": fatima.csrf("/analyse/%s" % an),
                     "intro": "Samen gekeken naar wat helpt."})
    assert r.status == 303, text_of(r.text)[:400]
    m = re.fullmatch(r"/documenten/([A-Za-z0-9_-]{22})", r.header("Location"))
    assert m, r.header("Location")
    doc = m.group(1)
    body = sql("SELECT body FROM document WHERE public_id = '%s'" % doc)
    raw = "\n".join("\t".join(x) for x in body)
    assert "Samen gekeken naar wat helpt." in raw
    assert texts["mark-1"] in raw and texts["sanne-2"] not in raw
    part = "\n".join("\t".join(x) for x in sql(
        "SELECT p.body FROM document_part p JOIN document d ON d.id = p.document_id "
        "WHERE d.public_id = '%s'" % doc))
    # Sanne's, Lotte's and Daan's shared answers are in the part hidden from Mark
    for k in ("sanne-1", "lotte-1", "daan-1"):
        assert texts[k] in part and texts[k] not in raw, k
    assert sql("SELECT p.given_name FROM document_part_hidden h JOIN document_part dp "
               "ON dp.id = h.part_id JOIN document d ON d.id = dp.document_id "
               "JOIN person p ON p.id = h.person_id WHERE d.public_id = '%s'" % doc) == [["Mark"]]
    # it follows the document rules: each member reads it as any document
    r = sanne.get("/documenten/%s" % doc)
    assert r.status == 200 and texts["sanne-1"] in r.text and texts["mark-1"] in r.text
    assert texts["sanne-2"] not in r.text
    r = mark.get("/documenten/%s" % doc)
    assert r.status == 200 and texts["mark-1"] in r.text
    for k in ("sanne-1", "sanne-2", "lotte-1", "daan-1"):
        assert texts[k] not in r.text, k
    r = daan.get("/documenten/%s" % doc)
    assert r.status == 200 and texts["sanne-1"] in r.text
    # and asks what they think of it (the consent question of a document)
    assert 'name="decision"' in sanne.get("/documenten/%s" % doc).text
    assert sql("SELECT count(*) FROM audit_log WHERE action = 'document.create' "
               "AND object_id = '%s'" % doc)[0][0] == "1"
    assert sql("SELECT count(*) FROM audit_log WHERE action = 'analysis.publish' "
               "AND object_id = '%s'" % an)[0][0] == "1"

    # after publishing: no more answers, no second document
    r = answer(sanne, an, q[2], "Te laat.", "ja")
    assert r.status == 409, r
    r = fatima.post("/analyse/%s/publiceren" % an,
                    {"csrf": fatima.csrf("/analyse/%s" % an), "intro": ""})
    assert r.status == 409
    assert sql("SELECT count(*) FROM document WHERE title = 'Verklarende analyse'") == [["1"]]
    # the member's page links the document
    assert "/documenten/%s" % doc in sanne.get("/analyse").text


def test_analysis_denials():
    fatima = logged_in("fatima")
    an = open_analysis(fatima, questions="Wat gaat goed?\n\n  Wat zou helpen?  \n")
    q = questions_of(an)
    assert len(q) == 2
    sanne, mark, emre = logged_in("sanne"), logged_in("mark"), logged_in("emre")
    assert answer(mark, an, q[0], "Marks antwoord.", "nee").status == 303
    mid = answer_id("mark", q[0])
    before = sql("SELECT body, shared FROM analysis_answer WHERE public_id = '%s'" % mid)
    # another member's answer: 404, unchanged
    assert answer(sanne, an, q[0], "Overschreven?", "ja", mid).status == 404
    assert sql("SELECT body, shared FROM analysis_answer WHERE public_id = '%s'" % mid) == before
    # in Mark's export of his data, not in Sanne's
    import json
    mine = json.loads(mark.get("/mijn-gegevens.json").body.decode())["analysis_answers"]
    assert any(x["text"] == "Marks antwoord." and x["family_may_read"] is False
               and x["question"] == "Wat gaat goed?" for x in mine), mine
    hers = json.loads(sanne.get("/mijn-gegevens.json").body.decode())["analysis_answers"]
    assert all(x["text"] != "Marks antwoord." for x in hers)
    # unknown analysis, a question of another analysis, another family: 404
    assert answer(sanne, "A" * 22, q[0], "x", "ja").status == 404
    other = open_analysis(fatima, questions="Een andere vraag?")
    assert answer(sanne, an, questions_of(other)[0], "x", "ja").status == 404
    assert answer(emre, an, q[0], "Emre?", "ja").status == 404
    # an empty answer: the form again with the B1 summary, nothing stored
    r = answer(sanne, an, q[1], "   ", "ja")
    assert r.status == 400, r
    assert 'class="error-summary"' in r.text and 'href="#body"' in r.text
    assert "Schrijf uw antwoord op." in text_of(r.text)
    assert 'id="body"' in r.text
    r = answer(sanne, an, q[1], "Een antwoord zonder keuze.", "misschien")
    assert r.status == 400 and 'href="#share"' in r.text
    assert "Een antwoord zonder keuze." in r.text   # the text kept
    assert sql("SELECT count(*) FROM analysis_answer a JOIN person p ON p.id = a.person_id "
               "WHERE p.given_name = 'Sanne' AND a.question_id IN (SELECT id FROM "
               "analysis_question WHERE public_id = '%s')" % q[1]) == [["0"]]
    # professionals not assigned: 404 on reading and publishing
    for who in ("ellen", "peter"):
        c = logged_in(who)
        assert c.get("/analyse/%s" % an).status == 404, who
        assert c.post("/analyse/%s/publiceren" % an,
                      {"csrf": c.csrf("/analyse"), "intro": ""}).status == 404
        assert an not in c.get("/analyse").text
    # Peter cannot open one for De Vries; a citizen has no professional pages
    peter = logged_in("peter")
    r = peter.post("/analyse", {"csrf": peter.csrf("/analyse"),
                                "family": family_id("de-vries"), "questions": "Vraag?"})
    assert r.status == 404
    assert sanne.get("/analyse/%s" % an).status == 403
    # the professional's form errors: no questions, too many
    r = fatima.post("/analyse", {"csrf": fatima.csrf("/analyse"),
                                 "family": family_id("de-vries"), "questions": " \n "})
    assert r.status == 400 and 'href="#questions"' in r.text
    r = fatima.post("/analyse", {"csrf": fatima.csrf("/analyse"),
                                 "family": family_id("de-vries"),
                                 "questions": "\n".join("Vraag %d?" % i for i in range(11))})
    assert r.status == 400 and "10 vragen" in text_of(r.text)
    # without a form token: 403
    assert sanne.post("/analyse", {"analysis": an, "question": q[0], "body": "x",
                                   "share": "ja"}).status == 403
    assert Client().get("/analyse").status == 303


def test_analysis_answered_at_the_counter():
    fatima = logged_in("fatima")
    an = open_analysis(fatima, questions="Wat gaat goed?")
    q = questions_of(an)
    c = helping("Ans", "Mulder")
    r = c.get("/analyse")
    assert r.status == 200 and q[0] in r.text
    assert answer(c, an, q[0], "Ans: de kleinkinderen komen vaak.", "ja").status == 303
    stop(c)
    assert sql("SELECT p.given_name, a.helped_by IS NOT NULL FROM analysis_answer a "
               "JOIN person p ON p.id = a.person_id JOIN analysis_question q "
               "ON q.id = a.question_id WHERE q.public_id = '%s'" % q[0]) == [["Ans", "t"]]
    assert "Ans: de kleinkinderen komen vaak." in fatima.get("/analyse/%s" % an).text


AN_SECTION = re.compile(r'<h2 id="an-([A-Za-z0-9_-]{22})">')
AN_OLDER = re.compile(r'href="(/analyse\?na=[A-Za-z0-9_-]+)"')


def test_analysis_member_list_paged_reaches_every_one():
    """Issue 21, no silent caps: a member's page read the newest 10
    analyses of their families and never showed the rest. Now 10 a page,
    "Oudere analyses" reaches every one, each once, newest first; another
    family's analyses never show; a cursor that is not one of the
    family's analyses is the first page."""
    sql("INSERT INTO analysis (family_id, opened_by, opened_at) "
        "SELECT f.id, a.person_id, now() - interval '400 days' + g * interval '1 hour' "
        "  FROM family f, account a, generate_series(1, 25) g "
        " WHERE f.slug = 'de-vries' AND a.username = 'fatima'")
    sql("INSERT INTO analysis (family_id, opened_by, opened_at) "
        "SELECT f.id, a.person_id, now() - interval '400 days' + g * interval '1 hour' "
        "  FROM family f, account a, generate_series(1, 3) g "
        " WHERE f.slug = 'yilmaz' AND a.username = 'peter'")
    try:
        want = [x[0] for x in sql(
            "SELECT a.public_id FROM analysis a JOIN family f ON f.id = a.family_id "
            "WHERE f.slug = 'de-vries' ORDER BY a.opened_at DESC, a.id DESC")]
        others = {x[0] for x in sql(
            "SELECT a.public_id FROM analysis a JOIN family f ON f.id = a.family_id "
            "WHERE f.slug <> 'de-vries'")}
        assert len(want) > 25
        sanne = logged_in("sanne")
        got, sizes, path = [], [], "/analyse"
        while path:
            r = sanne.get(path)
            assert r.status == 200, (path, r)
            page = AN_SECTION.findall(r.text)
            got += page
            sizes.append(len(page))
            m = AN_OLDER.search(r.text)
            path = m.group(1) if m else None
            if len(sizes) > 1:
                assert 'href="/analyse">' in r.text
            assert len(sizes) < 100
        assert got == want, (len(got), len(want))
        assert all(s == 10 for s in sizes[:-1]) and sizes[-1] <= 10, sizes
        first = AN_SECTION.findall(sanne.get("/analyse").text)
        for q in ["na=" + sorted(others)[0], "na=bestaat-niet", "na=", "na=%27%22"]:
            r = sanne.get("/analyse?" + q)
            assert r.status == 200, (q, r)
            assert AN_SECTION.findall(r.text) == first, q
        # Emre's page: none of De Vries's
        emre = logged_in("emre")
        seen, path = [], "/analyse"
        while path:
            r = emre.get(path)
            seen += AN_SECTION.findall(r.text)
            m = AN_OLDER.search(r.text)
            path = m.group(1) if m else None
        assert not set(seen) & set(want) and len(seen) >= 3 and set(seen) <= others
    finally:
        sql("DELETE FROM analysis a WHERE opened_at < now() - interval '390 days' "
            "AND NOT EXISTS (SELECT 1 FROM analysis_question q WHERE q.analysis_id = a.id)")


AN_PRO_ROW = re.compile(r'<li><a href="/analyse/([A-Za-z0-9_-]{22})">')


def test_analysis_professional_list_paged_reaches_every_one():
    """The professional's list read the newest 50 analyses of their
    families; now 50 a page, "Oudere analyses" reaches every one, each
    once, newest first; Peter's families' never show for Fatima; a
    cursor of another professional's family is the first page."""
    sql("INSERT INTO analysis (family_id, opened_by, opened_at) "
        "SELECT f.id, a.person_id, now() - interval '400 days' + g * interval '1 hour' "
        "  FROM family f, account a, generate_series(1, 120) g "
        " WHERE f.slug = 'de-vries' AND a.username = 'fatima'")
    sql("INSERT INTO analysis (family_id, opened_by, opened_at) "
        "SELECT f.id, a.person_id, now() - interval '400 days' + g * interval '1 hour' "
        "  FROM family f, account a, generate_series(1, 3) g "
        " WHERE f.slug = 'yilmaz' AND a.username = 'peter'")
    try:
        want = [x[0] for x in sql(
            "SELECT a.public_id FROM analysis a JOIN family f ON f.id = a.family_id "
            "WHERE f.slug = 'de-vries' ORDER BY a.opened_at DESC, a.id DESC")]
        peters = [x[0] for x in sql(
            "SELECT a.public_id FROM analysis a JOIN family f ON f.id = a.family_id "
            "WHERE f.slug = 'yilmaz'")]
        fatima = logged_in("fatima")
        got, sizes, path = [], [], "/analyse"
        while path:
            r = fatima.get(path)
            assert r.status == 200, (path, r)
            page = AN_PRO_ROW.findall(r.text)
            got += page
            sizes.append(len(page))
            m = AN_OLDER.search(r.text)
            path = m.group(1) if m else None
            assert len(sizes) < 100
        assert [g for g in got if g in set(want)] == want, (len(got), len(want))
        assert not set(got) & set(peters) and len(got) == len(set(got))
        assert all(s == 50 for s in sizes[:-1]) and len(sizes) >= 3, sizes
        first = AN_PRO_ROW.findall(fatima.get("/analyse").text)
        for q in ["na=" + peters[0], "na=bestaat-niet", "na="]:
            r = fatima.get("/analyse?" + q)
            assert r.status == 200 and AN_PRO_ROW.findall(r.text) == first, q
    finally:
        sql("DELETE FROM analysis a WHERE opened_at < now() - interval '390 days' "
            "AND NOT EXISTS (SELECT 1 FROM analysis_question q WHERE q.analysis_id = a.id)")

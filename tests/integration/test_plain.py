"""Plain language (issue 19, parts 1 and 2): the B1 check professionals
get with "Controleren" on the document forms and the reply form (nothing
stored, the text kept, advice only), after saving a new version, and the
rights pages /rechten and /uitleg, readable without logging in and linked
from the places where a right is used."""
import html
import re

from portal import Client, logged_in, sql, text_of
from test_files import family, person, upload
from test_documents import doc_ids

EXAMPLE = ("In het kader van de ondertoezichtstelling is er een multidisciplinaire "
           "afweging gemaakt ten aanzien van de veiligheidsinschatting, waarbij de "
           "risicotaxatie conform de vigerende richtlijnen is uitgevoerd.")
PLAIN = ("We spraken op dinsdag met Sanne en Mark. Het gaat goed met Daan op school. "
         "Hij heeft een nieuwe vriend. We zien elkaar weer over twee weken.")


def check_box(page):
    m = re.search(r'<section class="notice b1-check[^"]*" id="controle".*?</section>', page, re.S)
    return m.group(0) if m else None


def marks(box):
    return [html.unescape(text_of(m)) for m in re.findall(r"<mark lang=\"nl\">(.*?)</mark>", box, re.S)]


def count(table):
    return int(sql("SELECT count(*) FROM %s" % table)[0][0])


def test_plain_controleren_on_a_new_document_marks_the_example_and_stores_nothing():
    c = logged_in("fatima")
    before = count("document")
    r = upload(c, [("family", family("de-vries")), ("title", "Verslag"),
                   ("body", EXAMPLE), ("about", person("lotte")), ("actie", "controleren")])
    assert r.status == 200, r
    assert count("document") == before
    box = check_box(r.text)
    assert box, "no check shown"
    found = marks(box)
    assert EXAMPLE in found                      # the long sentence
    for w in ("In het kader van", "ten aanzien van", "vigerende", "conform",
              "ondertoezichtstelling"):
        assert w in found, w
    assert "Moeilijk" in text_of(box)
    assert "bij" in text_of(box) and 'href="/uitleg"' in box
    # the text stays in the form, and so do title and choice
    assert html.escape(EXAMPLE, quote=True) in r.text or EXAMPLE in html.unescape(r.text)
    assert 'value="Verslag"' in r.text
    assert re.search(r'name="about" value="%s" checked' % person("lotte"), r.text)
    assert "error-summary" not in r.text
    # Opslaan is never blocked by the check
    r = upload(c, [("family", family("de-vries")), ("title", "Verslag moeilijk"),
                   ("body", EXAMPLE), ("about", person("lotte"))])
    assert r.status == 303, r
    assert count("document") == before + 1
    # gone again, so that later tests see the demo's documents only
    sql("DELETE FROM document_subject WHERE document_id IN (SELECT id FROM document "
        "WHERE title = 'Verslag moeilijk'); DELETE FROM document WHERE title = 'Verslag moeilijk'")


def test_plain_controleren_leaves_a_b1_text_unmarked():
    c = logged_in("fatima")
    r = upload(c, [("family", family("de-vries")), ("title", "Gesprek"),
                   ("body", PLAIN), ("actie", "controleren")])
    assert r.status == 200, r
    box = check_box(r.text)
    assert box and marks(box) == []
    t = text_of(box)
    assert "Goed te lezen" in t and "Geen lange zinnen en geen moeilijke woorden" in t


def test_plain_a_long_text_or_only_jargon_still_answers_in_the_page():
    c = logged_in("fatima")
    long_text = " ".join(["woord"] * 1999 + ["einde."])
    r = upload(c, [("family", family("de-vries")), ("title", "Lang"),
                   ("body", long_text), ("actie", "controleren")])
    assert r.status == 200 and check_box(r.text), r
    jargon = " ".join(["ten aanzien van indien conform middels"] * 250)
    r = upload(c, [("family", family("de-vries")), ("title", "Jargon"),
                   ("body", jargon), ("actie", "controleren")])
    assert r.status == 200, r
    box = check_box(r.text)
    assert box and "ten aanzien van" in marks(box)
    # over 10 000 characters: the form's own limit is said, the check still runs
    assert "De tekst is te lang" not in r.text or box


def test_plain_controleren_on_a_new_version_keeps_the_text_and_the_version():
    doc = doc_ids()["Plan voor Daan"]
    c = logged_in("fatima")
    form = c.get("/documenten/%s/wijzigen" % doc)
    assert form.status == 200 and 'value="controleren"' in form.text
    assert check_box(form.text) is None           # no check before asking
    version = re.search(r'name="version" value="(\d+)"', form.text).group(1)
    body_before = sql("SELECT body, version FROM document WHERE public_id = '%s'" % doc)
    r = c.post("/documenten/%s/wijzigen" % doc, {
        "csrf": c.csrf("/"), "version": version, "title": "Plan voor Daan",
        "body": EXAMPLE, "actie": "controleren"})
    assert r.status == 200, r
    assert sql("SELECT body, version FROM document WHERE public_id = '%s'" % doc) == body_before
    assert 'name="version" value="%s"' % version in r.text
    assert EXAMPLE in html.unescape(r.text)
    assert EXAMPLE in marks(check_box(r.text))


def test_plain_the_check_after_saving_a_new_version_is_for_its_writer():
    doc = doc_ids()["Plan voor Daan"]
    c = logged_in("fatima")
    form = c.get("/documenten/%s/wijzigen" % doc).text
    version = re.search(r'name="version" value="(\d+)"', form).group(1)
    old = sql("SELECT title, body FROM document WHERE public_id = '%s'" % doc)[0]
    r = c.post("/documenten/%s/wijzigen" % doc, {
        "csrf": c.csrf("/"), "version": version, "title": old[0],
        "body": old[1] + "\n\nDit is in het kader van het plan."})
    assert r.status == 303, r
    page = c.get(r.header("Location")).text
    box = check_box(page)
    assert box and "in het kader van" in marks(box)
    assert "Nieuwe versie maken" in text_of(box)
    # the family never sees it
    daan = logged_in("daan").get(r.header("Location")).text
    assert check_box(daan) is None


def test_plain_controleren_on_the_reply_form_stores_nothing_and_keeps_the_text():
    doc = doc_ids()["Plan voor Daan"]
    mark = logged_in("mark")
    r = mark.post("/documenten/%s/reacties" % doc, {
        "csrf": mark.csrf("/"), "body": "Klopt de datum van het gesprek?", "audience": "gezin"})
    assert r.status == 303, r
    cid = sql("SELECT public_id FROM document_comment WHERE body = "
              "'Klopt de datum van het gesprek?'")[0][0]
    f = logged_in("fatima")
    path = "/antwoord/reactie/" + cid
    page = f.get(path).text
    assert 'value="controleren"' in page and check_box(page) is None
    nonce = re.search(r'name="nonce" value="([0-9a-f]{32})"', page).group(1)
    comments = count("document_comment")
    r = f.post(path, {"csrf": f.csrf("/"), "nonce": nonce, "item": cid,
                      "body": EXAMPLE, "actie": "controleren"})
    assert r.status == 200, r
    assert count("document_comment") == comments
    assert EXAMPLE in html.unescape(r.text)
    found = marks(check_box(r.text))
    assert "vigerende" in found and EXAMPLE in found
    # an empty answer checked: no error, no store
    r = f.post(path, {"csrf": f.csrf("/"), "nonce": nonce, "item": cid,
                      "body": "", "actie": "controleren"})
    assert r.status == 200 and "error-summary" not in r.text
    assert "Er staat nog geen tekst." in text_of(check_box(r.text))
    # and sent as it is: stored, never blocked
    r = f.post(path, {"csrf": f.csrf("/"), "nonce": nonce, "item": cid,
                      "body": "Ten aanzien van de datum: dinsdag."})
    assert r.status == 303 and r.header("Location") == "/antwoord?beantwoord=1"
    assert count("document_comment") == comments + 1


def test_plain_controleren_is_for_professionals_only():
    doc = doc_ids()["Plan voor Daan"]
    sanne = logged_in("sanne")
    r = sanne.post("/documenten/%s/wijzigen" % doc, {
        "csrf": sanne.csrf("/"), "version": "1", "title": "x", "body": EXAMPLE,
        "actie": "controleren"})
    assert r.status in (403, 404), r
    assert check_box(r.text) is None
    r = Client().post("/antwoord/reactie/x", {"body": EXAMPLE, "actie": "controleren"})
    assert r.status in (303, 400, 403), r
    assert check_box(r.text) is None


RIGHTS = ["artikel 15", "artikel 16", "artikel 17", "binnen een maand",
          "twee maanden extra", "de rechter heeft iets besloten", "Autoriteit Persoonsgegevens",
          "binnen 6 weken", "AKJ", "088 555 1000", "jonger dan 12", "12 tot en met 15",
          "16 of 17", "jeugdbeschermer moet je ouders soms"]


def test_plain_rights_pages_answer_anonymous_and_logged_in():
    for c in (Client(), logged_in("sanne"), logged_in("daan"), logged_in("fatima")):
        r = c.get("/rechten")
        assert r.status == 200, r
        t = text_of(r.text).lower()
        for words in RIGHTS:
            assert words.lower() in t, words
        r = c.get("/uitleg")
        assert r.status == 200, r
        t = text_of(r.text)
        for term in ("Ondertoezichtstelling", "Machtiging uithuisplaatsing", "Kinderrechter",
                     "Gezag", "Beschikking", "Raad voor de Kinderbescherming"):
            assert term in t, term
    # a youth reads "je"
    assert "Jouw rechten" in text_of(logged_in("daan").get("/rechten").text)
    # English
    assert "Your rights" in Client(lang="en").get("/rechten").text


def test_plain_every_explain_term_of_the_jargon_list_is_explained():
    with open("i18n/jargon-nl.txt", encoding="utf-8") as f:
        terms = [l.split("->")[0].strip() for l in f
                 if "->" in l and l.split("->")[1].strip() == "explain"]
    page = Client().get("/uitleg").text
    dts = [text_of(d).lower() for d in re.findall(r"<dt [^>]*>(.*?)</dt>", page, re.S)]
    for term in terms:
        assert term.lower() in dts, term


def test_plain_rights_are_linked_from_the_rights_moments():
    sanne = logged_in("sanne")
    for path in ("/verzoeken", "/mijn-gegevens", "/inzage"):
        page = sanne.get(path).text
        assert re.search(r'<main.*href="/rechten[#"]', page, re.S), path
    # a refused and a late request
    pid = sql("SELECT r.public_id FROM request r ORDER BY r.id LIMIT 1")[0][0]
    old = sql("SELECT status, coalesce(answer, ''), created_on FROM request "
              "WHERE public_id = '%s'" % pid)[0]
    author = sql("SELECT a.username FROM request r JOIN account a ON a.person_id = r.author_id "
                 "WHERE r.public_id = '%s'" % pid)[0][0]
    try:
        sql("UPDATE request SET status = 'afgewezen', answer = 'Nee.' WHERE public_id = '%s'" % pid)
        page = logged_in(author).get("/verzoeken/" + pid).text
        assert 'href="/rechten#klacht"' in page
        sql("UPDATE request SET status = 'ingediend', answer = NULL, "
            "created_on = current_date - 70 WHERE public_id = '%s'" % pid)
        page = logged_in(author).get("/verzoeken/" + pid).text
        assert 'href="/rechten#hoe-lang"' in page
    finally:
        sql("UPDATE request SET status = '%s', answer = NULLIF('%s', ''), created_on = '%s' "
            "WHERE public_id = '%s'" % (old[0], old[1].replace("'", "''"), old[2], pid))
    # every page's footer
    assert 'href="/rechten"' in Client().get("/").text
    assert 'href="/uitleg"' in Client().get("/inloggen").text


def test_plain_controleren_on_a_message_and_an_appointment_place():
    # Daan starts a conversation with Fatima; Fatima checks her answer.
    daan = logged_in("daan")
    page = daan.get("/berichten").text
    nonce = re.search(r'name="nonce" value="([0-9a-f]{32})"', page)
    pro = re.search(r'name="professional".*?<option value="([^"]+)"', page, re.S)
    conv = sql("SELECT c.public_id FROM conversation c JOIN account a "
               "ON a.person_id = c.professional_id WHERE a.username = 'fatima' "
               "ORDER BY c.id LIMIT 1")
    if not conv:
        assert nonce and pro, "no way to start a conversation"
        r = daan.post("/berichten", {"csrf": daan.csrf("/berichten"), "nonce": nonce.group(1),
                                     "professional": pro.group(1), "subject": "Vraag",
                                     "body": "Hoi Fatima."})
        assert r.status == 303, r
        conv = sql("SELECT c.public_id FROM conversation c JOIN account a "
                   "ON a.person_id = c.professional_id WHERE a.username = 'fatima' "
                   "ORDER BY c.id LIMIT 1")
    cid = conv[0][0]
    f = logged_in("fatima")
    page = f.get("/berichten/" + cid)
    assert page.status == 200 and 'value="controleren"' in page.text, page
    nonce = re.search(r'name="nonce" value="([0-9a-f]{32})"', page.text).group(1)
    before = count("conversation_message")
    r = f.post("/berichten/" + cid, {"csrf": f.csrf("/"), "nonce": nonce, "body": EXAMPLE,
                                     "actie": "controleren"})
    assert r.status == 200, r
    assert count("conversation_message") == before
    assert EXAMPLE in html.unescape(r.text) and "vigerende" in marks(check_box(r.text))
    # the member has no check button
    member = [u for u in ("daan", "sanne", "mark", "lotte") if sql(
        "SELECT 1 FROM conversation c JOIN account a ON a.person_id = c.member_id "
        "WHERE c.public_id = '%s' AND a.username = '%s'" % (cid, u))][0]
    assert 'value="controleren"' not in logged_in(member).get("/berichten/" + cid).text

    slots = count("appointment_slot")
    r = f.post("/afspraken/tijden", {"csrf": f.csrf("/afspraken"), "date": "", "time": "",
                                     "minutes": "45", "place": "Ten behoeve van het gesprek: kantoor",
                                     "family": "", "person": "", "actie": "controleren"})
    assert r.status == 200, r
    assert count("appointment_slot") == slots
    assert "Ten behoeve van" in marks(check_box(r.text))
    assert 'value="Ten behoeve van het gesprek: kantoor"' in r.text
    assert "error-summary" not in r.text


def test_plain_bad_input_long_or_only_jargon_answers_within_the_page():
    # issue 19, "Bad input gets": 2,000 words (more than a document may
    # hold) and a text of only jargon: the check answers on the form page,
    # never an error page, and stores nothing.
    c = logged_in("fatima")
    before = count("document")
    long_text = "Daan gaat elke dag naar school. " * 334      # 2,004 words
    jargon = " ".join(["conform vigerende ten aanzien van in het kader van"] * 40)
    for body in (long_text, jargon):
        r = upload(c, [("family", family("de-vries")), ("title", "Verslag"),
                       ("body", body), ("about", person("lotte")), ("actie", "controleren")])
        assert r.status == 200, r
        box = check_box(r.text)
        assert box, "no check shown"
        assert "error-summary" not in r.text
    assert "vigerende" in marks(box)
    assert count("document") == before

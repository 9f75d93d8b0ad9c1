"""Words (issue 19): what people wrote is marked as Dutch on pages in other
languages (part 6), menu labels are the page headings (part 3), and a
youth's start page says what they may do at their age (part 4). Every
test name holds "words" (IT_K=words)."""
import re

from portal import Client, sql, text_of


def member(user, lang=None):
    """Logged in; lang: the language switch (before the account's own)."""
    c = Client()
    assert c.login(user).status == 303
    if lang:
        assert c.get("/taal?l=" + lang).status == 303
    return c


def first_document(c):
    links = [p for p in re.findall(r'href="(/documenten/[A-Za-z0-9_-]+)"',
                                   c.get("/documenten").text) if p != "/documenten/nieuw"]
    assert links, "no document in the list"
    return links[0]


def test_words_dutch_content_is_marked_only_on_other_languages():
    nl = member("sanne")
    path = first_document(nl)
    page = nl.get(path).text
    assert "<bdi lang=" not in page, "a Dutch page marks Dutch"
    assert "Dit stuk is in het Nederlands." not in page
    for lang, note in (("en", "This document is in Dutch."),
                       ("ar", "هذه الوثيقة باللغة الهولندية.")):
        c = member("sanne", lang)
        page = c.get(path).text
        assert '<html lang="%s"' % lang in page
        # the title: plain in <title>, marked in the heading
        title = re.search(r"<title>(.*?) – ", page).group(1)
        assert "<bdi" not in title
        assert re.search(r'<h1 class="page-title"><bdi lang="nl">[^<]+</bdi></h1>', page)
        # every paragraph of the text is Dutch content
        text = page.split('<div class="document-text">', 1)[1].split("</div>", 1)[0]
        paras = re.findall(r"<p>(.*?)</p>", text, re.S)
        assert paras and all(p.startswith('<bdi lang="nl">') for p in paras), paras
        assert note in page and 'href="/berichten#nieuw"' in page


def test_words_professional_gets_the_note_without_the_interpreter_link():
    c = member("fatima", "en")
    page = c.get(first_document(c)).text
    assert "This document is in Dutch." in page
    assert 'href="/berichten#nieuw"' not in page


def test_words_menu_labels_are_the_page_headings():
    c = member("sanne")
    home = c.get("/").text
    for path in ("/documenten", "/verzoeken", "/delen", "/inzage", "/gegevens"):
        label = re.search(r'<a href="%s"[^>]*>([^<]+)</a>' % re.escape(path), home)
        assert label, path
        h1 = re.search(r'<h1 class="page-title">([^<]+)</h1>', c.get(path).text)
        assert h1 and h1.group(1) == label.group(1), (path, label.group(1), h1)


def test_words_dit_mag_jij_by_age():
    lotte = text_of(member("lotte").get("/").text)     # 16
    assert "Dit mag jij" in lotte and "Je bent 16 of 17 jaar." in lotte
    assert "Je kiest zelf welke ouder een stuk over jou mag lezen." in lotte
    assert "Je bent 12 tot en met 15 jaar." not in lotte
    daan = text_of(member("daan").get("/").text)       # 13
    assert "Dit mag jij" in daan and "Je bent 12 tot en met 15 jaar." in daan
    assert "Je ouders met gezag mogen de stukken over jou ook lezen." in daan
    assert "Je bent 16 of 17 jaar." not in daan
    for adult in ("sanne", "mark"):
        assert "Dit mag jij" not in text_of(member(adult).get("/").text), adult


# ---- issue 19, the leftovers (part 2 and 3, review cases S7, K3, E3, Y3,
# S20) ----

def test_words_helpdesk_on_the_error_page_and_in_the_footer():
    # scripts/stack.sh writes the demo helpdesk (not a real number)
    for c in (Client(), member("sanne"), member("fatima")):
        r = c.get("/bestaat-niet")
        assert r.status == 404
        t = text_of(r.text)
        assert "Wij zijn de gemeente Rivierstad." in t, t
        assert re.search(r"Blijft dit gebeuren\? Bel ons dan op 020 000 0000 ?\. Noem deze code:", t), t
        assert 'href="tel:0200000000" dir="ltr"' in r.text
        assert "U kunt ons bellen: maandag tot en met vrijdag, van 9 tot 17 uur." in t
        assert "Bel dan uw hulpverlener" not in t
    # the log-in page's "Wachtwoord vergeten?" gives the number too
    t = text_of(Client().get("/inloggen").text)
    assert re.search(r"Bel de gemeente Rivierstad op 020 000 0000 ?\. Of ga naar de balie", t), t
    assert "Bel uw hulpverlener" not in t
    footer = Client().get("/rechten").text.split('<footer', 1)[1]
    assert "Vragen over Gezinsportaal? Bel de gemeente Rivierstad op" in text_of(footer)
    assert 'href="tel:0200000000"' in footer
    # Arabic: the number keeps its order (isolated left to right), the name
    # and the hours are Dutch content
    r = Client(lang="ar").get("/bestaat-niet")
    assert '<a href="tel:0200000000" dir="ltr">020 000 0000</a>' in r.text
    assert '<bdi lang="nl">de gemeente Rivierstad</bdi>' in r.text
    # a youth reads "je"
    assert "Je kunt ons bellen:" in text_of(member("daan").get("/bestaat-niet").text)


def test_words_share_list_offers_only_organisations_that_make_sense():
    # S7, K3: not the family's own Wijkteam (Fatima reads every document
    # already), not the counter (its people are clerks); GGZ and
    # Jeugdbescherming Regio (Peter works with another family) stay.
    for user in ("sanne", "lotte", "mark"):
        c = member(user)
        page = c.get("/delen").text
        offered = set(re.findall(r'<option value="([a-z0-9-]+)"', page))
        assert {"ggz-rivierenland", "jeugdbescherming-regio"} <= offered, (user, offered)
        assert not offered & {"wijkteam-centrum", "gemeente-balie"}, (user, offered)
        assert "Hier staan alleen organisaties die het stuk nog niet kunnen lezen." in \
            text_of(page) or user == "lotte"
    # a forged choice is refused like an organisation that does not exist,
    # stores nothing and is audited as denied
    c = member("sanne")
    page = c.get("/delen").text
    doc = re.search(r'name="document" value="([A-Za-z0-9_-]+)"', page).group(1)
    before = sql("SELECT count(*) FROM document_share")
    for org in ("wijkteam-centrum", "gemeente-balie"):
        r = c.post("/delen", {"csrf": c.csrf("/delen"), "document": doc, "organisation": org})
        assert r.status == 404, (org, r)
    assert sql("SELECT count(*) FROM document_share") == before
    assert sql("SELECT outcome FROM audit_log WHERE action = 'share.agree' "
               "AND object_id = '%s' ORDER BY id DESC LIMIT 1" % doc) == [["denied"]]


def test_words_opening_times_only_for_assigned_professionals():
    # E3: Ellen (GGZ) works with no family: no form, and the POSTs refused
    for user in ("fatima", "peter"):
        page = member(user).get("/afspraken").text
        assert 'action="/afspraken/reeks"' in page and 'action="/afspraken/tijden"' in page, user
    e = member("ellen")
    page = e.get("/afspraken")
    assert page.status == 200
    assert 'action="/afspraken/reeks"' not in page.text
    assert 'action="/afspraken/tijden"' not in page.text
    assert "U werkt nu met geen enkel gezin." in text_of(page.text)
    before = sql("SELECT count(*) FROM appointment_slot")
    r = e.post("/afspraken/tijden", {"csrf": e.csrf("/afspraken"), "date": "2099-01-05",
                                     "time": "10:00", "minutes": "45", "place": "Kantoor"})
    assert r.status == 403, r
    r = e.post("/afspraken/reeks", {"csrf": e.csrf("/afspraken"), "van": "2099-01-05",
                                    "tot": "2099-01-09", "dag-1": "ja", "tijden": "10:00",
                                    "lengte": "45", "plek": "Kantoor"})
    assert r.status == 403, r
    assert sql("SELECT count(*) FROM appointment_slot") == before
    assert sql("SELECT outcome FROM audit_log WHERE action = 'slot.create' "
               "ORDER BY id DESC LIMIT 1") == [["denied"]]


def test_words_lotte_reads_that_she_let_her_mother_read():
    # Y3: the reason is Lotte's choice, not a right of the parent
    from test_documents import doc_ids
    from test_files import person
    from test_youth_share import choose, DOC
    doc = doc_ids()[DOC]
    lotte, daan = member("lotte"), member("daan")
    assert choose(lotte, doc, person("sanne")).status == 303
    try:
        part = lotte.get("/delen").text.split(DOC, 1)[1].split("</section>", 1)[0]
        t = text_of(part)
        assert "Sanne: jij liet deze ouder dit stuk lezen." in t, t
        assert "ouder met gezag" not in t
        assert "Mark" not in t
        # Sanne, who reads it because of Lotte, reads her own line as before
        part = member("sanne").get("/delen").text
        if DOC in part:
            t = text_of(part.split(DOC, 1)[1].split("</section>", 1)[0])
            assert "ouder met gezag" not in t, t
        # Daan does not see Lotte's report at all
        assert DOC not in daan.get("/delen").text
    finally:
        assert choose(lotte, doc).status == 303


def test_words_privacy_and_accessibility_statements():
    # S20: linked in the footer of every page, readable without logging in
    for c in (Client(), member("sanne"), member("kees")):
        home = c.get("/").text
        footer = home.split("<footer", 1)[1]
        assert 'href="/privacy"' in footer and 'href="/toegankelijkheid"' in footer
    r = Client().get("/privacy")
    assert r.status == 200
    t = text_of(r.text)
    for words in ("Privacyverklaring", "Wie is verantwoordelijk?", "Wie ziet uw gegevens?",
                  "20 jaar", "Lees over uw rechten"):
        assert words in t, words
    assert 'href="/rechten"' in r.text
    r = Client().get("/toegankelijkheid")
    assert r.status == 200
    t = text_of(r.text)
    for words in ("Toegankelijkheidsverklaring", "WCAG 2.1, niveau AA",
                  "Daarom is dit nog geen officiële verklaring.", "Lukt iets niet?"):
        assert words in t, words
    assert "Bel de gemeente Rivierstad op" in t
    assert "Wie ziet jouw gegevens?" in text_of(member("daan").get("/privacy").text)
    assert "Accessibility statement" in Client(lang="en").get("/toegankelijkheid").text

"""Words (issue 19): what people wrote is marked as Dutch on pages in other
languages (part 6), menu labels are the page headings (part 3), and a
youth's start page says what they may do at their age (part 4). Every
test name holds "words" (IT_K=words)."""
import re

from portal import Client, text_of


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

"""Youths read "je", adults "u" (DESIGN.md section 5): the pages of a
citizen under 18 come from i18n/jong/nl.po, on every page they can reach,
in their mails too; from the 18th birthday on, "u"."""
import re

from portal import Client, logged_in, sql, text_of
from test_outbox import unsent, wait_for
from test_requests import answer, new_mails_after, new_request, newest_request
from test_outbox import mails

# "u" or "uw" as a word, as the Dutch text addresses an adult.
U_FORM = re.compile(r"(?<![\w'-])(?:[Uu]|[Uu]w|[Uu]zelf)(?![\w'-])")
# Links a crawl does not follow: leaving, files, other languages.
SKIP = re.compile(r"^/(?:uitloggen|static/|taal\?)|/bestand|\.ics$|\.json$")


def crawl(c, limit=80):
    """Every page reachable by GET links from the start page: {path: text}."""
    seen, todo, out = set(), ["/"], {}
    while todo and len(out) < limit:
        path = todo.pop(0)
        if path in seen:
            continue
        seen.add(path)
        r = c.get(path)
        if r.status != 200 or "text/html" not in (r.header("Content-Type") or ""):
            continue
        out[path] = r.text
        for href in re.findall(r'href="(/[^"#]*)"', r.text):
            href = href.replace("&amp;", "&")
            if not SKIP.search(href) and href not in seen:
                todo.append(href)
    return out


def written_by_people():
    """The documents' own text, as text_of shows it: a professional wrote
    it, for whoever reads it; it is not the portal's text."""
    rows = sql("SELECT regexp_replace(t, '\\s+', ' ', 'g') FROM ("
               "SELECT body AS t FROM document UNION SELECT body FROM document_version UNION "
               "SELECT body FROM document_comment UNION SELECT body FROM request "
               "UNION SELECT text FROM request_event) x")
    return sorted((re.sub(r"\s+", " ", r[0]).strip() for r in rows if r),
                  key=len, reverse=True)


def u_forms(page, theirs):
    """The sentences of a page that say "u" or "uw", outside the texts
    professionals and members wrote themselves."""
    t = text_of(page)
    for body in theirs:
        if body:
            t = t.replace(body, " ")
    return [s for s in re.split(r"(?<=[.?!:])\s+", t) if U_FORM.search(s)]


def test_youths_read_je_on_every_page_they_reach():
    theirs = written_by_people()
    for user in ("daan", "lotte", "elif"):
        pages = crawl(logged_in(user))
        assert len(pages) >= 8, (user, sorted(pages))
        for path, page in pages.items():
            assert not u_forms(page, theirs), (user, path, u_forms(page, theirs))
    # Daan's own pages, named: the document page and its forms too.
    pages = crawl(logged_in("daan"))
    assert any(p.startswith("/documenten/") for p in pages), sorted(pages)
    home = text_of(pages["/"])
    assert "Jouw gezin" in home and "dit ben jij" in home


def test_adults_still_read_u():
    c = logged_in("sanne")
    home = text_of(c.get("/").text)
    assert "Uw gezin" in home and "dit bent u" in home and "dit ben jij" not in home
    assert "Hier staan de stukken die u mag lezen." in text_of(c.get("/documenten").text)
    assert "Gezinnen waar u mee werkt" in text_of(logged_in("fatima").get("/").text)


def test_a_youth_in_english_reads_english():
    c = Client(lang="en")
    assert c.login("daan").status == 303
    home = text_of(c.get("/").text)
    assert "Jouw gezin" not in home and "Uw gezin" not in home
    assert "Your family" in home, home[:400]


def test_the_18th_birthday_turns_je_into_u():
    who = "(SELECT person_id FROM account WHERE username = 'lotte')"
    born = sql("SELECT birth_date FROM person WHERE id = %s" % who)[0][0]
    try:
        sql("UPDATE person SET birth_date = current_date - interval '18 years' "
            "+ interval '1 day' WHERE id = %s" % who)
        assert "dit ben jij" in text_of(logged_in("lotte").get("/").text)
        sql("UPDATE person SET birth_date = current_date - interval '18 years' "
            "WHERE id = %s" % who)
        c = logged_in("lotte")
        assert "dit bent u" in text_of(c.get("/").text)
    finally:
        sql("UPDATE person SET birth_date = '%s' WHERE id = %s" % (born, who))
    # Age is read on every request, not kept in the session.
    assert "dit ben jij" in text_of(c.get("/").text)


def test_a_youth_gets_mail_with_je():
    """The "your question was answered" mail, written in the professional's
    request, is in the youth's form of Dutch; an adult's stays "u"."""
    person = "(SELECT person_id FROM account WHERE username = '%s')"
    saved = {}
    for user in ("daan", "sanne"):
        saved[user] = sql("SELECT coalesce(language, '-') FROM person WHERE id = %s"
                          % (person % user))[0][0]
        sql("UPDATE person SET language = 'nl' WHERE id = %s" % (person % user))
        sql("INSERT INTO contact_details (person_id, email, reach_by) SELECT %s, "
            "'%s@voorbeeld.nl', 'email' ON CONFLICT (person_id) DO UPDATE "
            "SET email = EXCLUDED.email" % (person % user, user))
    try:
        pids = {}
        for user in ("daan", "sanne"):
            assert new_request(logged_in(user), body="Mijn school klopt niet.").status == 303
            pids[user] = newest_request(user)
        assert wait_for(lambda: unsent() == 0), "earlier mail not sent"
        before = set(mails())
        f = logged_in("fatima")
        for user in ("daan", "sanne"):
            r = answer(f, "/antwoord/verzoek/" + pids[user], outcome="toegekend",
                       body="De naam van de school is nu goed.")
            assert r.status == 303, r
        got = {m["To"]: m for m in new_mails_after(before, 2)}
        daan, sanne = got["daan@voorbeeld.nl"], got["sanne@voorbeeld.nl"]
        assert daan["Subject"] == "Je vraag is beantwoord"
        assert "Je hulpverlener heeft je vraag beantwoord." in daan.get_content()
        assert not U_FORM.search(daan.get_content())
        assert sanne["Subject"] == "Uw vraag is beantwoord"
        assert "Uw hulpverlener heeft uw vraag beantwoord." in sanne.get_content()
        # Fatima's own page after answering stays "u" (the family's own
        # words on her worklist left out: those are theirs).
        page = re.sub(r'<p class="worklist__text"[^>]*>.*?</p>', "", f.get("/antwoord").text,
                      flags=re.S)
        assert "je" not in text_of(page).split()
    finally:
        for user in ("daan", "sanne"):
            sql("UPDATE person SET language = NULLIF('%s', '-') WHERE id = %s"
                % (saved[user], person % user))


def test_a_youth_reads_the_form_errors_with_je():
    from test_documents import doc_ids
    from test_dossier import post
    c = logged_in("daan")
    doc = doc_ids()["Plan voor Daan"]
    r = post(c, doc, "reacties", {"body": "  "})
    assert r.status == 400 and "Schrijf je reactie in het vak." in text_of(r.text), r
    r = post(c, doc, "instemming", {"decision": "oneens", "explanation": ""})
    assert r.status == 400, r
    assert "Dat is nodig als je het niet of deels eens bent." in text_of(r.text)
    assert not u_forms(r.text, written_by_people()), u_forms(r.text, written_by_people())

"""Who reads a comment (issue 16, CONTRACT.md: `audience`): the matrix of
every De Vries member who can log in x audience (hulpverlener, gezin) x
every reader (the other members, Fatima assigned, Peter not assigned,
Ellen through a share of the document with comments included): who sees
the comment and Fatima's answer to it on the document page, in their
export and on /inzage; and that the form says exactly who will read it,
also where lib/policy narrows the family (a document hidden from Mark, a
youth's own document, a child's plan, a member shielded from Mark)."""
import json
import re

from portal import logged_in, sql, text_of
from test_documents import doc_ids
from test_dossier import comments_of, post

MEMBERS = ["sanne", "mark", "lotte", "daan"]
AUDIENCES = ["hulpverlener", "gezin"]


def export_text(c):
    r = c.get("/mijn-gegevens.json")
    assert r.status == 200, r
    return r.text


def answer(c, cid, body):
    path = "/antwoord/reactie/" + cid
    page = c.get(path).text
    nonce = re.search(r'name="nonce" value="([0-9a-f]{32})"', page).group(1)
    return c.post(path, {"csrf": c.csrf("/"), "nonce": nonce, "item": cid, "body": body})


def hints(page):
    """The hints of the comment form: {id: text}."""
    return {m.group(1): text_of(m.group(2)) for m in re.finditer(
        r'<p class="form-hint" id="([a-z-]+)">(.*?)</p>', page, re.S)}


def now():
    return sql("SELECT clock_timestamp()")[0][0]


def forget_reads(since):
    """The unread markers as they were: test_documents reads them first."""
    sql("DELETE FROM document_read WHERE first_read_at >= '%s'" % since)


def share_with_ggz(doc):
    sql("INSERT INTO document_share (document_id, organisation_id, includes_comments, "
        "until) SELECT d.id, o.id, true, now() + interval '1 day' FROM document d, "
        "organisation o WHERE d.public_id = '%s' AND o.slug = 'ggz-rivierenland'" % doc)


def unshare(doc):
    sql("DELETE FROM document_share WHERE document_id = (SELECT id FROM document "
        "WHERE public_id = '%s') AND organisation_id = (SELECT id FROM organisation "
        "WHERE slug = 'ggz-rivierenland')" % doc)


def shielded(writer, reader):
    """The demo: Sanne, Lotte, Daan and Mees are shielded from Mark."""
    return reader == "mark" and writer != "mark"


def test_every_member_audience_and_reader():
    doc = doc_ids()["Gezinsplan"]          # about the whole family: all four read it
    since = now()
    share_with_ggz(doc)
    try:
        clients = {u: logged_in(u) for u in MEMBERS + ["fatima", "peter", "ellen"]}
        fatima = clients["fatima"]
        texts = {}
        for writer in MEMBERS:
            for aud in AUDIENCES:
                words = "Audience %s %s" % (writer, aud)
                r = post(clients[writer], doc, "reacties", {"body": words, "audience": aud})
                assert r.status == 303, (writer, aud, r)
                cid = sql("SELECT public_id FROM document_comment WHERE body = '%s'"
                          % words)[0][0]
                assert sql("SELECT audience FROM document_comment WHERE public_id = '%s'"
                           % cid) == [[aud]]
                # Fatima's answer says who will read it, and inherits the audience.
                page = text_of(fatima.get("/antwoord/reactie/" + cid).text)
                if aud == "hulpverlener":
                    assert "Dit antwoord lezen: %s de Vries. Niemand anders uit het gezin." \
                        % writer.capitalize() in page, page
                elif writer == "mark":
                    assert "Dit antwoord lezen: Ans, Mark, Sanne, Lotte, Daan." in page, page
                else:
                    # Sanne, Lotte and Daan are shielded from Mark (the
                    # demo): he does not read their comment or its answer.
                    assert "Dit antwoord lezen: Ans, Sanne, Lotte, Daan." in page, page
                    assert "Dit stuk is gedeeld met GGZ Rivierenland. Zij lezen het ook." in page
                assert answer(fatima, cid, "Antwoord op " + words).status == 303
                assert sql("SELECT audience FROM document_comment WHERE answer_to = "
                           "(SELECT id FROM document_comment WHERE public_id = '%s')"
                           % cid) == [[aud]]
                texts[(writer, aud)] = words
        assert logged_in("peter").get("/documenten/" + doc).status == 404
        for reader, c in clients.items():
            seen = set(comments_of(c, doc)) if reader != "peter" else set()
            exported = export_text(c) if reader in MEMBERS else ""
            inzage = c.get("/inzage").text if reader in MEMBERS else ""
            for (writer, aud), words in texts.items():
                want = (aud == "gezin" and reader != "peter" and
                        not shielded(writer, reader)) or reader in (writer, "fatima")
                for t in (words, "Antwoord op " + words):
                    assert (t in seen) == want, (reader, writer, aud, t)
                    assert t not in inzage, (reader, t)
                # The export holds one's own comments only, with their audience.
                assert (words in exported) == (reader == writer), (reader, writer, aud)
            if reader in MEMBERS:
                mine = [x for x in json.loads(exported)["comments"]
                        if x["text"].startswith("Audience ")]
                assert sorted(x["audience"] for x in mine) == sorted(AUDIENCES), mine
                # Not even that another member wrote a comment (it may be
                # for the professionals only).
                d = json.loads(exported)
                me = d["person"]["given_name"] + " " + d["person"]["family_name"]
                others = [a for a in d["audit"]
                          if a["action"] == "comment.create" and a["who"] != me]
                assert others == [], others
    finally:
        unshare(doc)
        forget_reads(since)


def test_the_form_says_who_reads_it():
    since = now()
    try:
        form_says_who_reads_it()
    finally:
        forget_reads(since)


def form_says_who_reads_it():
    ids = doc_ids()
    sanne = logged_in("sanne")
    page = sanne.get("/documenten/" + ids["Gezinsplan"]).text
    assert re.search(r'<input type="radio" id="audience" name="audience" '
                     r'value="hulpverlener"[^>]* checked', page)         # the default
    h = hints(page)
    assert h["audience-hint"] == "Dit lezen: Fatima Bouali (wijkcoach). Niemand anders uit uw gezin."
    # Sanne is shielded from Mark: he does not read it, and is not named.
    assert h["audience-gezin-hint"] == \
        "Dit lezen: Ans, Lotte, Daan en Fatima Bouali (wijkcoach).", h
    # Mark writes for the family: everybody who may read it, Sanne too.
    h = hints(logged_in("mark").get("/documenten/" + ids["Gezinsplan"]).text)
    assert h["audience-gezin-hint"] == \
        "Dit lezen: Ans, Sanne, Lotte, Daan en Fatima Bouali (wijkcoach).", h
    # Hidden from Mark: he is not named, and does not read it.
    h = hints(sanne.get("/documenten/" + ids["Verslag huisbezoek"]).text)
    assert "Mark" not in h["audience-gezin-hint"], h
    # Lotte's own report, shared with no parent: nobody else in the family.
    h = hints(logged_in("lotte").get("/documenten/" + ids["Verslag gesprek met Lotte"]).text)
    assert h["audience-hint"] == "Dit lezen: Fatima Bouali (wijkcoach). Niemand anders uit je gezin."
    assert h["audience-gezin-hint"] == \
        "Dit lezen: Fatima Bouali (wijkcoach). Niemand anders uit je gezin mag dit stuk lezen.", h
    # Daan (13): his parents read his plan, Lotte does not.
    h = hints(logged_in("daan").get("/documenten/" + ids["Plan voor Daan"]).text)
    # Daan is shielded from Mark: only his mother reads it.
    assert h["audience-gezin-hint"] == "Dit lezen: Sanne en Fatima Bouali (wijkcoach).", h
    # A professional has no choice; the hint names the family.
    page = logged_in("fatima").get("/documenten/" + ids["Plan voor Daan"]).text
    assert 'name="audience"' not in page
    assert "Dit lezen: Mark, Sanne, Daan." in hints(page)["body-hint"], hints(page)


def test_old_checkbox_and_forged_audiences():
    since = now()
    try:
        old_checkbox_and_forged_audiences()
    finally:
        forget_reads(since)


def old_checkbox_and_forged_audiences():
    doc = doc_ids()["Plan voor Daan"]
    daan = logged_in("daan")
    assert post(daan, doc, "reacties", {"body": "Oud vinkje", "visible_to_family": "ja"}).status == 303
    # For the family: his mother reads it; Mark does not (Daan is
    # shielded from him in the demo).
    assert "Oud vinkje" in comments_of(logged_in("sanne"), doc)
    assert "Oud vinkje" not in comments_of(logged_in("mark"), doc)
    assert post(daan, doc, "reacties", {"body": "Zonder keuze"}).status == 303
    assert "Zonder keuze" not in comments_of(logged_in("sanne"), doc)
    assert post(daan, doc, "reacties", {"body": "x", "audience": "iedereen"}).status == 400
    # A professional writes for the family, not a note behind its back.
    fatima = logged_in("fatima")
    assert post(fatima, doc, "reacties", {"body": "x", "audience": "hulpverlener"}).status == 400
    assert post(fatima, doc, "reacties", {"body": "Voor het gezin"}).status == 303
    assert "Voor het gezin" in comments_of(daan, doc)


def test_the_clerk_in_a_session_reads_what_the_citizen_reads():
    """The matrix's last reader (issue 16, part 1): the clerk at the
    counter reads a comment only in a session for someone who may read it,
    and as that person: Sanne's private comment in her own session, not in
    Mark's or Lotte's; a comment for the family in Lotte's, not in Mark's
    (Sanne is shielded from him, and he may not read it then either)."""
    from test_counter import helping, stop
    doc = doc_ids()["Gezinsplan"]
    tag = "SP-balie-%s" % now()[-6:]
    private = "Alleen voor Fatima, via de balie. " + tag
    family = "Voor het hele gezin, via de balie. " + tag
    sanne = logged_in("sanne")
    assert post(sanne, doc, "reacties", {"body": private, "audience": "hulpverlener"}
                ).status == 303
    assert post(sanne, doc, "reacties", {"body": family, "audience": "gezin"}).status == 303
    # Outside a session: nothing (404 on the document).
    assert logged_in("kees").get("/documenten/" + doc).status == 404
    want = {("Sanne", private): True, ("Sanne", family): True,
            ("Lotte", private): False, ("Lotte", family): True,
            ("Mark", private): False, ("Mark", family): False}
    for given in ("Sanne", "Lotte", "Mark"):
        c = helping(given, "de Vries")
        page = c.get("/documenten/" + doc)
        assert page.status == 200, (given, page)
        t = text_of(page.text)
        for words in (private, family):
            assert (words in t) == want[(given, words)], (given, words)
        stop(c)
        # The clerk's own pages after the session hold none of it.
        assert tag not in c.get("/").text
    # Fatima reads both; Lotte in her own log-in as in her session.
    ft = text_of(logged_in("fatima").get("/documenten/" + doc).text)
    assert private in ft and family in ft
    lt = text_of(logged_in("lotte").get("/documenten/" + doc).text)
    assert private not in lt and family in lt

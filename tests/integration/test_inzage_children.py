"""/inzage for parents of a child under 12: the child has no account, the
parents with authority act for them (DESIGN.md section 3), so they see who
read documents about the child (section 6)."""
import re

from portal import logged_in, sql, text_of
from test_files import family, person, upload


def mees_id():
    """Mees (9) has no account: found by name."""
    return sql("SELECT public_id FROM person WHERE given_name = 'Mees'")[0][0]


def test_parents_see_who_read_a_document_about_their_child_under_12():
    c = logged_in("fatima")
    r = upload(c, [("family", family("de-vries")), ("title", "Verslag over Mees"),
                   ("body", "Mees speelt graag buiten."), ("about", mees_id())])
    assert r.status == 303, r
    assert c.get(r.header("Location")).status == 200
    for user in ("sanne", "mark"):
        t = text_of(logged_in(user).get("/inzage").text)
        assert 'Fatima Bouali (wijkcoach, Wijkteam Centrum) las "Verslag over Mees" op ' in t, user
        assert "Dit stuk gaat over Mees." in t, user
        assert "Ook stukken over uw kinderen onder de 12 staan hier." in t, user
    # His sister and brother have no authority over him: not on theirs.
    for user in ("lotte", "daan"):
        t = text_of(logged_in(user).get("/inzage").text)
        assert "Verslag over Mees" not in t and "kinderen onder de 12" not in t, user
    # Sanne reads it about herself too: no "about Mees" line on hers.
    r = upload(c, [("family", family("de-vries")), ("title", "Melding over Sanne en Mees"),
                   ("body", "Sanne en Mees waren bij de huisarts."),
                   ("about", person("sanne")), ("about", mees_id())])
    assert r.status == 303, r
    assert c.get(r.header("Location")).status == 200
    items = inzage_items(logged_in("sanne"))
    assert items["Melding over Sanne en Mees"] and \
        not any("Dit stuk gaat over" in i for i in items["Melding over Sanne en Mees"])
    # Mark may not read a document that is also about Sanne (another
    # adult): it is not on his /inzage either, nor is one also about Lotte
    # (16, who did not share it).
    assert logged_in("mark").get(r.header("Location")).status == 404
    r = upload(c, [("family", family("de-vries")), ("title", "Gesprek Lotte en Mees"),
                   ("body", "Lotte past soms op Mees."),
                   ("about", person("lotte")), ("about", mees_id())])
    assert r.status == 303, r
    assert c.get(r.header("Location")).status == 200
    for user in ("mark", "sanne"):
        assert logged_in(user).get(r.header("Location")).status == 404, user
        t = logged_in(user).get("/inzage").text
        assert "Gesprek Lotte en Mees" not in t, user
    assert "Melding over Sanne en Mees" not in logged_in("mark").get("/inzage").text


def inzage_items(c):
    """{document title: [the text of each of its rows]} on /inzage."""
    out = {}
    page = c.get("/inzage").text
    for li in re.findall(r'<li class="card document-list__item">(.*?)</li>', page, re.S):
        t = text_of(li)
        # one title in "…", several (a line per person and day) in “…”
        for title in re.findall(r'["\u201c]([^"\u201d]+)["\u201d]', t):
            out.setdefault(title, []).append(t)
    return out

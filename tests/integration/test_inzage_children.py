"""/inzage for parents of a child under 12: the child has no account, the
parents with authority act for them (DESIGN.md section 3), so they see who
read documents about the child (section 6)."""
from portal import logged_in, sql, text_of
from test_files import family, upload


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
        assert 'Fatima Bouali (Wijkteam Centrum) heeft "Verslag over Mees" gelezen.' in t, user
        assert "Dit stuk gaat over Mees." in t, user
        assert "Ook stukken over uw kinderen onder de 12 staan hier." in t, user
    # His sister and brother have no authority over him: not on theirs.
    for user in ("lotte", "daan"):
        t = text_of(logged_in(user).get("/inzage").text)
        assert "Verslag over Mees" not in t and "kinderen onder de 12" not in t, user
    # A document about Sanne herself says nothing about children.
    t = text_of(logged_in("sanne").get("/inzage").text)
    assert "Dit stuk gaat over Sanne" not in t

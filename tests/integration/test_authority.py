"""Parental authority per child (issue 17, part 6; sql/037_authority.sql).

Rob joins family De Vries as Mees's step-father, with authority over Mees
only. He acts for Mees (reads Mees's plan, gives consent for it, may share
it) and has no parent rights over Daan (13) or Lotte: their documents are
404 for him, he is not asked for Daan's consent, and the others keep
what they had."""
from portal import logged_in, sql
from test_documents import doc_ids
from test_dossier import consent_lines, post
from test_files import family, person, upload

ROB = "(SELECT person_id FROM account WHERE username = 'rob')"


def add_rob():
    sql("INSERT INTO person (given_name, family_name, birth_date, kind) "
        "VALUES ('Rob', 'Stiefvader', current_date - interval '44 years', "
        "'citizen')")
    sql("INSERT INTO account (person_id, username, password_hash) "
        "SELECT p.id, 'rob', (SELECT password_hash FROM account "
        "WHERE username = 'sanne') FROM person p "
        "WHERE p.family_name = 'Stiefvader'")
    sql("INSERT INTO family_member (family_id, person_id, role) "
        "SELECT f.id, %s, 'verzorger' FROM family f WHERE f.slug = 'de-vries'"
        % ROB)
    sql("INSERT INTO authority (adult_person, child_person) "
        "SELECT %s, p.id FROM person p WHERE p.given_name = 'Mees' "
        "AND p.family_name = 'de Vries'" % ROB)


def remove_rob():
    sql("DELETE FROM authority WHERE adult_person = %s" % ROB)
    sql("DELETE FROM family_member WHERE person_id = %s" % ROB)


def put_away(doc):
    """The test's document leaves De Vries for a family of its own (nobody
    a member, nobody assigned), so the later tests' exact lists of De
    Vries's documents stay as they were."""
    sql("INSERT INTO family (slug, name, framework) "
        "VALUES ('test-stief', 'Test stief', 'vrijwillig') ON CONFLICT DO NOTHING")
    sql("UPDATE document SET family_id = (SELECT id FROM family "
        "WHERE slug = 'test-stief') WHERE public_id = '%s'" % doc)


def test_demo_authority_is_per_child():
    rows = sql("SELECT a.given_name, c.given_name FROM authority x "
               "JOIN person a ON a.id = x.adult_person "
               "JOIN person c ON c.id = x.child_person ORDER BY 1, 2")
    assert rows == [["Emre", "Elif"], ["Mark", "Daan"], ["Mark", "Lotte"],
                    ["Mark", "Mees"], ["Sanne", "Daan"], ["Sanne", "Lotte"],
                    ["Sanne", "Mees"]], rows
    # the membership flag is gone: nothing can decide on it any more
    assert sql("SELECT count(*) FROM information_schema.columns "
               "WHERE table_name = 'family_member' "
               "AND column_name = 'parental_authority'") == [["0"]]


def test_authority_of_a_step_father_is_for_his_step_son_only():
    add_rob()
    mees = None
    try:
        r = upload(logged_in("fatima"), [
            ("family", family("de-vries")), ("title", "Zwemplan voor Mees"),
            ("body", "Mees gaat op zwemles."),
            ("about", sql("SELECT public_id FROM person WHERE given_name = "
                          "'Mees' AND family_name = 'de Vries'")[0][0])])
        assert r.status == 303, r
        mees = r.header("Location").rsplit("/", 1)[1]
        daan = doc_ids()["Plan voor Daan"]
        rob = logged_in("rob")

        # Mees's plan: he reads it and gives consent for Mees (under 12)
        assert rob.get("/documenten/" + mees).status == 200
        assert post(rob, mees, "instemming", {"decision": "eens"}).status == 303
        assert any(line.startswith("Rob") for line in
                   consent_lines(logged_in("sanne").get("/documenten/" + mees).text))

        # Daan's plan: no parent rights (a 404, as for anyone it is not for)
        assert rob.get("/documenten/" + daan).status == 404
        assert rob.get("/documenten/%s/bestand" % daan).status == 404
        assert post(rob, daan, "instemming", {"decision": "eens"}).status == 404
        assert post(rob, daan, "reacties", {"body": "Hallo"}).status == 404
        # nor is he counted among those who may give consent for Daan
        page = logged_in("sanne").get("/documenten/" + daan).text
        assert not any(line.startswith("Rob") for line in consent_lines(page))
        # Lotte's report (16: hers) and the family's plans (about adults)
        for title in ("Verslag gesprek met Lotte", "Gezinsplan", "Veiligheidsplan"):
            assert rob.get("/documenten/" + doc_ids()[title]).status == 404, title
        # his list holds Mees's plan and nothing of Daan's
        listed = rob.get("/documenten").text
        assert mees in listed and daan not in listed

        # the parents with authority over all three keep what they had
        for user in ("sanne", "mark"):
            assert logged_in(user).get("/documenten/" + daan).status == 200
            assert logged_in(user).get("/documenten/" + mees).status == 200
    finally:
        remove_rob()
        if mees is not None:
            # out of the family: nothing
            assert logged_in("rob").get("/documenten/" + mees).status == 404
            put_away(mees)
    assert logged_in("sanne").get("/documenten/" + mees).status == 404


"""Contact details over HTTP (GET/POST /gegevens): a member sees and
changes only their own; a change is kept in the history, audited, and
announced to the assigned professional (that, not what); bad input shows
the form again with the text kept; professionals and clerks have no such
page."""
import re

from portal import Client, logged_in, sql, text_of


def save(c, **fields):
    f = {"csrf": c.csrf("/gegevens"), "phone": "", "email": "", "address": "",
         "reach_by": "telefoon"}
    f.update(fields)
    return c.post("/gegevens", f)


def test_sanne_changes_her_details():
    c = logged_in("sanne")
    before = int(sql("SELECT count(*) FROM outbox WHERE subject LIKE "
                     "'Nieuwe gegevens van gezin %'")[0][0])
    r = save(c, phone="06 12345678", email="sanne@voorbeeld.nl",
             address="Nieuwe straat 1\r\n1234 AB Utrecht", reach_by="email")
    assert r.status == 303 and r.header("Location") == "/gegevens?opgeslagen=1"
    page = c.get("/gegevens?opgeslagen=1").text
    assert "Uw gegevens zijn opgeslagen." in page
    assert 'value="06 12345678"' in page
    # the new mail address waits for its confirmation (test_contact_confirm.py)
    assert "Wacht op uw bevestiging: sanne@voorbeeld.nl" in text_of(page)
    assert "Nieuwe straat 1\n1234 AB Utrecht</textarea>" in page
    assert re.search(r'id="reach_by-email" name="reach_by" value="email" checked', page)
    assert "Veranderd op" in text_of(page)
    hist = sql("SELECT count(*) FROM contact_history h JOIN account a ON a.person_id = h.person_id "
               "WHERE a.username = 'sanne'")
    assert hist == [["1"]]
    mail = sql("SELECT recipient, replace(body, E'\\n', ' ') FROM outbox WHERE subject LIKE "
               "'Nieuwe gegevens van gezin %' ORDER BY id DESC LIMIT 1")
    assert mail[0][0] == "fatima@demo.gezinsportaal.invalid"
    assert "Utrecht" not in mail[0][1] and "06 1234" not in mail[0][1]
    assert int(sql("SELECT count(*) FROM outbox WHERE subject LIKE "
                   "'Nieuwe gegevens van gezin %'")[0][0]) == before + 1
    audit = sql("SELECT count(*) FROM audit_log a JOIN account u ON u.person_id = a.actor_id "
                "WHERE u.username = 'sanne' AND a.action = 'contact.update'")
    assert audit == [["1"]]


def test_nobody_else_sees_her_address():
    for user in ("mark", "lotte", "daan"):
        c = logged_in(user)
        for path in ("/gegevens", "/", "/documenten", "/delen"):
            assert "Nieuwe straat" not in c.get(path).text, (user, path)
    for user in ("fatima", "ellen"):
        assert logged_in(user).get("/gegevens").status == 403, user
    assert logged_in("kees").get("/gegevens").status == 404   # test_counter.py
    assert Client().get("/gegevens").status == 303


def test_bad_input_shows_the_form_again():
    c = logged_in("mark")
    r = save(c, phone="bel me maar", email="mark(at)voorbeeld", address="Dorpsstraat 9")
    assert r.status == 400
    assert 'href="#phone"' in r.text and 'href="#email"' in r.text
    assert 'value="bel me maar"' in r.text and "Dorpsstraat 9</textarea>" in r.text
    assert re.search(r'id="email"[^>]*aria-invalid="true"', r.text)
    r = save(c, reach_by="")
    assert r.status == 400 and 'href="#reach_by"' in r.text
    assert save(c, reach_by="duif").status == 400           # not a choice: forged
    assert save(c, language="xx").status == 400
    assert save(c, address="x" * 301).status == 400
    # Too long and not a number: one error for the field, not two.
    r = save(c, phone="bel me maar morgen na 3")
    assert r.status == 400 and r.text.count('href="#phone"') == 1
    assert sql("SELECT count(*) FROM contact_history h JOIN account a ON a.person_id = h.person_id "
               "WHERE a.username = 'mark'") == [["0"]]


def test_language_choice_is_kept():
    c = logged_in("daan")
    try:
        language_choice_is_kept(c)
    finally:
        # Daan reads Dutch again in the later tests
        sql("UPDATE person SET language = NULL FROM account a "
            "WHERE a.person_id = person.id AND a.username = 'daan'")


def language_choice_is_kept(c):
    assert save(c, language="en").status == 303
    assert "<h1 class=\"page-title\">My details</h1>" in c.get("/gegevens").text
    assert sql("SELECT p.language FROM person p JOIN account a ON a.person_id = p.id "
               "WHERE a.username = 'daan'") == [["en"]]
    # Without a language field (a script) the account's stays.
    assert save(c).status == 303
    assert sql("SELECT p.language FROM person p JOIN account a ON a.person_id = p.id "
               "WHERE a.username = 'daan'") == [["en"]]


def family_contact_path(c):
    m = re.search(r'href="(/gezinnen/[A-Za-z0-9_-]+/contact)"', c.get("/").text)
    assert m, "no link to the family's contact details"
    return m.group(1)


def shield(c, path, action, person, org):
    return c.post(path + "/" + action, {"csrf": c.csrf(path), "person": person,
                                        "organisation": org})


def member_card(page, name):
    """The text of one member's card on the professional's page."""
    for part in page.split('<section class="card"')[1:]:
        if name in part.split("</h2>")[0]:
            return text_of(part.split("</section>")[0])
    raise AssertionError("no card for " + name)


def test_professional_sees_details_and_shields_an_address():
    f = logged_in("fatima")
    path = family_contact_path(f)
    page = f.get(path).text
    # Sanne's details as test_sanne_changes_her_details leaves them, also
    # when this test runs alone (IT_K=shield).
    if "Nieuwe straat 1" not in member_card(page, "Sanne de Vries"):
        assert save(logged_in("sanne"), phone="06 12345678", email="sanne@voorbeeld.nl",
                    address="Nieuwe straat 1\r\n1234 AB Utrecht",
                    reach_by="email").status == 303
        page = f.get(path).text
    card = member_card(page, "Sanne de Vries")
    assert "Nieuwe straat 1" in card and "06 12345678" in card and "e-mail" in card
    assert "Niet ingevuld" in member_card(page, "Mark de Vries")
    # Every member shown is a look the member can see in their export.
    assert sql("SELECT count(*) > 0 FROM audit_log l JOIN account a ON a.person_id = l.actor_id "
               "JOIN account s ON s.username = 'sanne' WHERE a.username = 'fatima' "
               "AND l.action = 'contact.read' AND l.object_id = s.person_id::text") == [["t"]]
    sanne = sql("SELECT p.public_id FROM person p JOIN account a ON a.person_id = p.id "
                "WHERE a.username = 'sanne'")[0][0]
    # No organisation chosen: the form again with a B1 error.
    r = shield(f, path, "afschermen", sanne, "")
    assert r.status == 400 and 'href="#org-%s"' % sanne in r.text
    # Shield Sanne's address from GGZ Rivierenland; Ellen (GGZ) is then
    # assigned to the family for a moment.
    r = shield(f, path, "afschermen", sanne, "ggz-rivierenland")
    assert r.status == 303 and "afgeschermd=1" in r.header("Location")
    assert "Het adres is afgeschermd voor GGZ Rivierenland." in text_of(f.get(path).text)
    sql("INSERT INTO assignment (family_id, professional_id, starts_on) "
        "SELECT f.id, a.person_id, current_date FROM family f, account a "
        "WHERE f.slug = 'de-vries' AND a.username = 'ellen'")
    try:
        e = logged_in("ellen")
        epage = e.get(path).text
        card = member_card(epage, "Sanne de Vries")
        assert "Nieuwe straat" not in epage and "Dit adres is afgeschermd voor uw organisatie." in card
        assert "06 12345678" in card            # only the address is shielded
        # Ellen cannot lift a shield against her own organisation.
        assert "Weer laten zien" not in epage
        assert shield(e, path, "vrijgeven", sanne, "ggz-rivierenland").status == 303
        assert "Nieuwe straat" not in e.get(path).text
        # Fatima (another organisation) still sees it.
        assert "Nieuwe straat 1" in f.get(path).text
        # Shown again: Ellen sees it on her next request.
        assert shield(f, path, "vrijgeven", sanne, "ggz-rivierenland").status == 303
        assert "Nieuwe straat 1" in e.get(path).text
    finally:
        sql("DELETE FROM assignment WHERE professional_id = "
            "(SELECT person_id FROM account WHERE username = 'ellen')")
    # Not from one's own organisation, not for someone outside the family.
    shield(f, path, "afschermen", sanne, "wijkteam-centrum")
    emre = sql("SELECT p.public_id FROM person p JOIN account a ON a.person_id = p.id "
               "WHERE a.username = 'emre'")[0][0]
    shield(f, path, "afschermen", emre, "ggz-rivierenland")
    assert sql("SELECT count(*) FROM contact_confidential") == [["0"]]
    acts = sql("SELECT action, object_kind, object_id FROM audit_log "
               "WHERE action LIKE 'contact.%shield' AND outcome = 'allowed' ORDER BY id")
    assert [a[:2] for a in acts] == [["contact.shield", "person"],
                                     ["contact.shield", "organisation"],
                                     ["contact.unshield", "person"],
                                     ["contact.unshield", "organisation"]], acts
    assert acts[1][2] == "ggz-rivierenland"
    denied = sql("SELECT count(*) FROM audit_log WHERE action LIKE 'contact.%shield' "
                 "AND outcome = 'denied'")
    assert int(denied[0][0]) >= 3              # Ellen's try, own org, Emre


def test_nobody_else_gets_the_family_contacts():
    path = family_contact_path(logged_in("fatima"))
    for user in ("peter", "ellen"):
        c = logged_in(user)
        assert c.get(path).status == 404, user
        assert shield(c, path, "afschermen", "x", "ggz-rivierenland").status == 404, user
        assert shield(c, path, "vrijgeven", "x", "ggz-rivierenland").status == 404, user
    for user in ("sanne", "mark", "lotte", "kees"):
        c = logged_in(user)
        want = 404 if user == "kees" else 403     # a clerk: test_counter.py
        assert c.get(path).status == want, user
        for action in ("afschermen", "vrijgeven"):
            assert c.post(path + "/" + action, {"csrf": c.csrf("/"), "person": "x",
                                                "organisation": "y"}).status == want, user
    assert Client().get(path).status == 303
    assert sql("SELECT count(*) > 0 FROM audit_log WHERE action = 'contact.read' "
               "AND outcome = 'denied'") == [["t"]]

"""The counter (issue 14, DESIGN.md section 9): a clerk finds a citizen on
/balie, starts an assisted session, acts as the citizen on every page
(the session and policy layer, not per page), and prints a receipt. A
clerk outside a session reaches no dossier route (404, audited); the
30-minute end is tested by moving the session's end time in the
database (no sleeping)."""
import json
import re

from portal import Client, logged_in, sql, text_of
from test_documents import may_read
from test_routes import concrete, routes

DOCS = ["Gezinsplan", "Verslag gesprek met Lotte", "Plan voor Daan",
        "Veiligheidsplan", "Verslag huisbezoek", "Besluit ondertoezichtstelling"]


def doc_ids():
    return {title: pid for pid, title in sql("SELECT public_id, title FROM document")}


def person_of(login):
    return sql("SELECT p.id FROM person p JOIN account a ON a.person_id = p.id "
               "WHERE a.username = '%s'" % login)[0][0]


def born(given, family):
    return sql("SELECT to_char(birth_date, 'YYYY-MM-DD') FROM person "
               "WHERE given_name = '%s' AND family_name = '%s'" % (given, family))[0][0]


def search(c, family, birth):
    return c.post("/balie", {"csrf": c.csrf("/balie"), "family_name": family,
                             "birth_date": birth})


def persons_on(page):
    return re.findall(r'name="person" value="([A-Za-z0-9_-]+)"', page)


def start(c, given, family, **over):
    """Searches the citizen and starts a session for them; the answer."""
    r = search(c, family, born(given, family))
    assert r.status == 200, r
    names = re.findall(r'<h3 class="card__title" id="r\d-naam">([^<]+)</h3>', r.text)
    people = persons_on(r.text)
    person = people[names.index("%s %s" % (given, family))]
    fields = {"csrf": c.csrf("/balie"), "person": person, "id_document": "paspoort",
              "id_last3": "x7z", "agrees": "ja"}
    fields.update(over)
    return c.post("/balie/sessie", fields)


def helping(given, family):
    """A clerk (Kees) in a live session for the citizen."""
    c = logged_in("kees")
    r = start(c, given, family)
    assert r.status == 303 and r.header("Location") == "/", text_of(r.text)[:600]
    return c


def stop(c):
    r = c.post("/balie/sessie/stop", {"csrf": c.csrf("/balie")})
    assert r.status == 303, r
    loc = r.header("Location")
    assert re.fullmatch(r"/balie/bon/[A-Za-z0-9_-]{22}", loc), loc
    return loc


def test_counter_search_form_errors_and_no_match():
    c = logged_in("kees")
    r = c.get("/balie")
    assert r.status == 200 and 'name="family_name"' in r.text
    r = c.post("/balie", {"csrf": c.csrf("/balie"), "family_name": "", "birth_date": ""})
    assert r.status == 400
    assert 'href="#family_name"' in r.text and 'href="#birth_date"' in r.text
    assert "Vul de achternaam in." in r.text and "Vul de geboortedatum in." in r.text
    r = c.post("/balie", {"csrf": c.csrf("/balie"), "family_name": "de Vries",
                          "birth_date": "1901-01-01"})
    assert r.status == 200 and "Geen inwoner gevonden." in text_of(r.text)
    assert persons_on(r.text) == []


def test_counter_search_is_exact_at_most_three_and_audited():
    c = logged_in("kees")
    birth = born("Sanne", "de Vries")
    r = search(c, "de Vries", birth)
    t = text_of(r.text)
    assert "Sanne de Vries" in t and "Mark de Vries" not in t
    people = persons_on(r.text)
    assert 1 <= len(people) <= 3
    # opaque: neither the database id nor only the public id
    sid = person_of("sanne")
    pub = sql("SELECT public_id FROM person WHERE id = %s" % sid)[0][0]
    assert all(p != sid and p != pub for p in people)
    # not a near match: part of the name
    assert persons_on(search(c, "Vries", birth).text) == []
    rows = sql("SELECT object_id FROM audit_log WHERE action = 'counter.search' "
               "AND actor_id = %s ORDER BY id DESC LIMIT 2" % person_of("kees"))
    assert rows[0] == ["family_name=Vries birth_date=%s" % birth]
    assert rows[1] == ["family_name=de Vries birth_date=%s" % birth]


def test_counter_person_id_is_bound_to_the_clerk_login():
    c = logged_in("kees")
    person = persons_on(search(c, "de Vries", born("Sanne", "de Vries")).text)[0]
    other = logged_in("kees")      # another log-in of the same clerk
    r = other.post("/balie/sessie", {"csrf": other.csrf("/balie"), "person": person,
                                     "id_document": "paspoort", "id_last3": "123",
                                     "agrees": "ja"})
    assert r.status == 404
    r = c.post("/balie/sessie", {"csrf": c.csrf("/balie"), "person": "x" * 54,
                                 "id_document": "paspoort", "id_last3": "123", "agrees": "ja"})
    assert r.status == 404


def test_counter_start_needs_id_check_and_agreement():
    c = logged_in("kees")
    r = start(c, "Sanne", "de Vries", id_document="", id_last3="AB12345", agrees="")
    assert r.status == 400
    t = text_of(r.text)
    assert "Kies het bewijs dat u hebt bekeken." in t
    assert "Vul alleen de laatste 3 tekens in." in t
    assert "Vraag of de inwoner hulp wil." in t
    assert 'href="#id_document"' in r.text and 'href="#id_last3"' in r.text
    r = start(c, "Sanne", "de Vries", id_last3="a!")
    assert r.status == 400 and "Vul de laatste 3 tekens van het nummer in." in r.text
    assert sql("SELECT count(*) FROM assist_session WHERE stopped_at IS NULL "
               "AND clerk_id = %s AND citizen_id = %s" % (person_of("kees"),
                                                          person_of("sanne"))) == [["0"]]
    r = start(c, "Sanne", "de Vries")
    assert r.status == 303
    row = sql("SELECT id_document, id_last3, agrees, ends_at - started_at "
              "FROM assist_session ORDER BY id DESC LIMIT 1")
    assert row == [["paspoort", "X7Z", "t", "00:30:00"]]
    stop(c)


def test_counter_clerk_outside_session_404_on_every_dossier_route():
    """Every route without a row for clerks or for anyone: 404 and an
    audit row, for the clerk outside an assisted session."""
    c = logged_in("kees")
    kees = person_of("kees")
    before = int(sql("SELECT count(*) FROM audit_log WHERE actor_id = %s "
                     "AND action = 'counter.no_session'" % kees)[0][0])
    tried = 0
    for (method, pattern), group in routes().items():
        roles = {r["role"] for r in group}
        if roles & {"public", "clerk"}:
            continue
        path = concrete(pattern)
        if method == "GET":
            r = c.get(path)
        else:
            r = c.post(path, {"csrf": c.csrf("/")})
        assert r.status == 404, (method, path, r)
        tried += 1
    assert tried > 30
    after = int(sql("SELECT count(*) FROM audit_log WHERE actor_id = %s "
                    "AND action = 'counter.no_session' AND outcome = 'denied'" % kees)[0][0])
    assert after - before == tried
    # the start page and the counter stay his
    assert c.get("/").status == 200 and c.get("/balie").status == 200


def test_counter_session_acts_as_sanne():
    ids = doc_ids()
    c = helping("Sanne", "de Vries")
    page = c.get("/")
    t = text_of(page.text)
    assert "U wordt geholpen door Kees Visser van Gemeente Balie." in t
    assert re.search(r"Deze hulp stopt om \d\d:\d\d uur\.", t)
    assert "Gezin De Vries" in t
    listing = c.get("/documenten")
    assert listing.status == 200
    titles = set(re.findall(r'<a href="/documenten/[^"]+">([^<]+)</a>', listing.text))
    assert titles == may_read("sanne")
    assert c.get("/documenten/" + ids["Gezinsplan"]).status == 200
    # not Lotte's 16+ document
    assert c.get("/documenten/" + ids["Verslag gesprek met Lotte"]).status == 404
    # every citizen page answers as for Sanne
    for path in ("/inzage", "/gegevens", "/delen", "/afspraken", "/verzoeken",
                 "/mijn-gegevens"):
        r = c.get(path)
        assert r.status == 200, (path, r)
        assert "U wordt geholpen door Kees Visser" in r.text, path
    # the counter stays the clerk's
    r = c.get("/balie")
    assert r.status == 200 and "U helpt nu Sanne de Vries." in text_of(r.text)
    # the read marker is Sanne's, not the clerk's
    assert sql("SELECT count(*) FROM document_read r JOIN document d ON d.id = r.document_id "
               "WHERE d.public_id = '%s' AND r.person_id = %s" % (ids["Gezinsplan"],
                                                                 person_of("kees"))) == [["0"]]
    assert sql("SELECT count(*) FROM document_read r JOIN document d ON d.id = r.document_id "
               "WHERE d.public_id = '%s' AND r.person_id = %s" % (ids["Gezinsplan"],
                                                                 person_of("sanne"))) == [["1"]]
    # the audit rows: Kees acted, on behalf of Sanne
    rows = sql("SELECT actor_role, on_behalf_of FROM audit_log WHERE actor_id = %s "
               "AND action = 'document.read' ORDER BY id DESC LIMIT 1" % person_of("kees"))
    assert rows == [["clerk", person_of("sanne")]]
    stop(c)
    # after the stop: the clerk again
    assert c.get("/documenten").status == 404
    assert "U wordt geholpen" not in c.get("/").text


def test_counter_session_for_mark_not_the_hidden_report():
    ids = doc_ids()
    c = helping("Mark", "de Vries")
    assert c.get("/documenten/" + ids["Verslag huisbezoek"]).status == 404
    bon = stop(c)
    # the refused look names no title: not on the receipt, not on his /inzage
    assert "Verslag huisbezoek" not in c.get(bon).text
    assert "Verslag huisbezoek" not in logged_in("mark").get("/inzage").text
    c = helping("Mark", "de Vries")
    assert c.get("/documenten/" + ids["Gezinsplan"]).status == 200
    page = c.get("/documenten/" + ids["Veiligheidsplan"])
    assert page.status == 200 and "Niet te zien voor" not in page.text
    stop(c)


def test_counter_comment_on_behalf_and_receipt():
    ids = doc_ids()
    doc = ids["Plan voor Daan"]
    c = helping("Sanne", "de Vries")
    assert c.get("/documenten/" + ids["Gezinsplan"]).status == 200
    r = c.post("/documenten/%s/reacties" % doc,
               {"csrf": c.csrf("/"), "body": "Gezegd aan de balie", "audience": "hulpverlener"})
    assert r.status == 303, r
    sanne, kees = person_of("sanne"), person_of("kees")
    # stored as Sanne's, audited as Kees on behalf of Sanne
    assert sql("SELECT author_id FROM document_comment WHERE body = "
               "'Gezegd aan de balie'") == [[sanne]]
    assert sql("SELECT actor_id, actor_role, on_behalf_of FROM audit_log "
               "WHERE action = 'comment.create' ORDER BY id DESC LIMIT 1") == \
        [[kees, "clerk", sanne]]
    # the document's own history says who helped (sql/032), for her and
    # for her professional; a comment she writes herself does not
    assert sql("SELECT helped_by FROM document_comment WHERE body = "
               "'Gezegd aan de balie'") == [[kees]]
    helped = "Sanne de Vries (aan de balie, met hulp van Kees Visser)"
    assert helped in text_of(c.get("/documenten/" + doc).text)
    assert helped in text_of(logged_in("fatima").get("/documenten/" + doc).text)
    # so does her own view, given at the counter
    r = c.post("/documenten/%s/visie" % doc,
               {"csrf": c.csrf("/"), "view_body": "Mijn visie, aan de balie"})
    assert r.status == 303, r
    assert sql("SELECT helped_by FROM document_view WHERE body = "
               "'Mijn visie, aan de balie'") == [[kees]]
    page = c.get("/documenten/" + doc).text
    part = page.split('id="visie"', 1)[1].split("</section>", 1)[0]
    assert helped in text_of(part)
    bon = stop(c)
    r = c.get(bon)
    assert r.status == 200
    t = text_of(r.text)
    assert "Kees Visser" in t and "Gemeente Balie" in t and "Sanne de Vries" in t
    steps = re.findall(r'<span class="receipt__time">\d\d:\d\d</span>\s*([^<“]+)', r.text)
    steps = [s.strip() for s in steps]
    assert steps[0] == "De hulp aan de balie begon."
    assert steps[-1] == "De hulp aan de balie stopte."
    assert "Een reactie geschreven." in steps
    assert "De startpagina bekeken." in steps
    assert "Een stuk gelezen." in steps
    assert "“Gezinsplan”" in r.text
    # exactly the session's rows: as many as the audit log has
    sid = bon.rsplit("/", 1)[1]
    n = sql("SELECT count(*) FROM assist_session s JOIN audit_log l "
            "ON l.actor_id = s.clerk_id AND l.on_behalf_of = s.citizen_id "
            "AND l.at BETWEEN s.started_at AND s.stopped_at WHERE s.public_id = '%s'" % sid)
    assert len(steps) == int(n[0][0])
    # Sanne's /inzage and export say it, with the receipt
    sanne_c = logged_in("sanne")
    t = text_of(sanne_c.get("/inzage").text)
    assert "Kees Visser (balie) namens u: Een reactie geschreven." in t
    assert 'Kees Visser (balie) namens u las' in t and "Gezinsplan" in t
    assert 'href="%s"' % bon in sanne_c.get("/inzage").text
    audit = json.loads(sanne_c.get("/mijn-gegevens.json").body)["audit"]
    assert any(a["action"] == "comment.create" and a["who"] == "Kees Visser"
               and a["at_counter"] == "namens-u" and a["role"] == "clerk" for a in audit)
    # Mark does not see that Sanne wrote a comment (it is for her
    # professional), nor her receipt
    mark_audit = json.loads(logged_in("mark").get("/mijn-gegevens.json").body)["audit"]
    assert not any(a["action"] == "comment.create" and a["at_counter"] for a in mark_audit)
    # Sanne opens it too, always; nobody else
    assert logged_in("sanne").get(bon).status == 200
    for user in ("mark", "lotte", "fatima"):
        assert logged_in(user).get(bon).status in (403, 404), user
    assert logged_in("kees").get(bon).status == 200    # another log-in: still Kees
    assert Client().get(bon).status == 303
    # Kees only for an hour after its end
    sql("UPDATE assist_session SET started_at = started_at - interval '2 hours', "
        "ends_at = ends_at - interval '2 hours', stopped_at = stopped_at - interval "
        "'2 hours' WHERE public_id = '%s'" % sid)
    assert c.get(bon).status == 404
    assert logged_in("sanne").get(bon).status == 200
    # a second session's receipt does not list the first one's comment
    c2 = helping("Sanne", "de Vries")
    bon2 = stop(c2)
    t2 = text_of(c2.get(bon2).text)
    assert "Een reactie geschreven." not in t2


def test_counter_session_ends_at_30_minutes_nothing_saved():
    ids = doc_ids()
    doc = ids["Plan voor Daan"]
    c = helping("Sanne", "de Vries")
    token = c.csrf("/")
    # its 30 minutes (test_counter_start_needs_id_check_and_agreement)
    # are over: the end time moves to now (no sleeping; the audit rows
    # keep their times, so the receipt still has them)
    sql("UPDATE assist_session SET ends_at = now() WHERE stopped_at IS NULL "
        "AND clerk_id = %s" % person_of("kees"))
    r = c.post("/documenten/%s/reacties" % doc,
               {"csrf": token, "body": "Te laat aan de balie", "audience": "gezin"})
    assert r.status == 303 and r.header("Location").startswith("/balie/bon/"), r
    assert sql("SELECT count(*) FROM document_comment WHERE body = "
               "'Te laat aan de balie'") == [["0"]]
    bon = c.get(r.header("Location"))
    assert bon.status == 200 and "De hulp aan de balie begon." in bon.text
    # closed at its end; the clerk is the clerk again
    assert c.get("/documenten").status == 404
    assert "U wordt geholpen" not in c.get("/").text


def test_counter_logout_ends_the_session():
    c = helping("Sanne", "de Vries")
    r = c.post("/uitloggen", {"csrf": c.csrf("/")})
    assert r.status == 303
    assert sql("SELECT count(*) FROM assist_session WHERE stopped_at IS NULL") == [["0"]]
    rows = sql("SELECT actor_id, actor_role FROM audit_log WHERE action = 'logout' "
               "ORDER BY id DESC LIMIT 1")
    assert rows == [[person_of("kees"), "clerk"]]


def test_counter_helps_ans_without_login():
    c = helping("Ans", "Mulder")
    t = text_of(c.get("/").text)
    assert "U wordt geholpen door Kees Visser" in t and "Gezin De Vries" in t
    stop(c)


def letter(c):
    """The activation letter for the citizen of c's running session: the
    code on it."""
    page = c.get("/balie")
    m = re.search(r'action="/balie/activatie">\s*<input type="hidden" name="csrf" '
                  r'value="([0-9a-f]+)">\s*<input type="hidden" name="person" value="([^"]+)"',
                  page.text)
    assert m, page.text
    r = c.post("/balie/activatie", {"csrf": m.group(1), "person": m.group(2)})
    assert r.status == 200, r
    code = re.search(r'<strong class="letter__code">([A-Z0-9-]+)</strong>', r.text)
    assert code, r.text
    return code.group(1), r


def activate(username, code, password="een-goed-wachtwoord", password2=None):
    a = Client()
    return a.post("/activeren", {"csrf": a.csrf("/activeren"), "username": username,
                                 "code": code, "password": password,
                                 "password2": password2 or password})


def forget_failures():
    """The wrong codes and passwords tried here count against the test
    client's address (lib/auth): gone again for the tests after these."""
    sql("DELETE FROM login_attempt WHERE NOT success "
        "AND username IN ('oma-ans', 'sanne', 'daan')")


def test_counter_activation_letter_for_ans_works_once():
    c = helping("Ans", "Mulder")
    code, page = letter(c)
    t = text_of(page.text)
    assert "Beste Ans Mulder," in t and "/activeren" in t and "Kies een gebruikersnaam." in t
    # stored hashed only
    assert sql("SELECT count(*) FROM activation_code WHERE encode(code_hash, 'escape') "
               "LIKE '%%%s%%'" % code.replace("-", "")) == [["0"]]
    # in the session's receipt
    bon = stop(c)
    assert "counter.activation" in [r[0] for r in sql(
        "SELECT action FROM audit_log WHERE on_behalf_of = (SELECT id FROM person "
        "WHERE given_name = 'Ans') ORDER BY id DESC LIMIT 5")]
    assert c.get(bon).status == 200
    # form errors
    r = activate("", "", "kort", "anders")
    assert r.status == 400 and 'href="#username"' in r.text and 'href="#code"' in r.text
    r = activate("oma-ans", code, "een-goed-wachtwoord", "een-ander-wachtwoord")
    assert r.status == 400 and "De twee wachtwoorden zijn niet gelijk." in r.text
    # a taken user name: the code stays good
    r = activate("sanne", code)
    assert r.status == 400 and "Deze gebruikersnaam is al in gebruik." in r.text
    # right: her own log-in
    r = activate("oma-ans", code.lower())
    assert r.status == 200 and "Klaar." in r.text, text_of(r.text)
    ans = Client()
    r = ans.login("oma-ans", "een-goed-wachtwoord")
    assert r.status == 303
    assert "Gezin De Vries" in text_of(ans.get("/").text)
    # once only
    r = activate("oma-ans", code, "nog-een-wachtwoord")
    assert r.status == 400 and "Deze code werkt niet." in text_of(r.text)
    assert sql("SELECT outcome FROM audit_log WHERE action = 'account.activate' "
               "ORDER BY id DESC LIMIT 1") == [["denied"]]
    assert Client().login("oma-ans", "nog-een-wachtwoord").status != 303
    forget_failures()
    # Ans is the demo's member without a login again (CONTRACT.md), for
    # the tests after this one (test_share_consent: "aan de balie").
    sql("DELETE FROM session WHERE person_id = (SELECT person_id FROM account "
        "WHERE username = 'oma-ans')")
    sql("DELETE FROM account WHERE username = 'oma-ans'")


def test_counter_activation_resets_a_forgotten_password_and_expires():
    c = helping("Daan", "de Vries")
    code, page = letter(c)
    # Daan is 13: the letter says "je"
    assert "Vul je gebruikersnaam in: daan." in text_of(page.text)
    # a second letter ends the first
    code2, _ = letter(c)
    stop(c)
    r = activate("daan", code, "daans-nieuwe-wachtwoord")
    assert r.status == 400
    # not for someone else's log-in
    r = activate("sanne", code2, "daans-nieuwe-wachtwoord")
    assert r.status == 400
    assert Client().login("sanne", "daans-nieuwe-wachtwoord").status != 303
    # expired after 14 days (the clock: its end moves)
    sql("UPDATE activation_code SET expires_at = now() - interval '1 second' "
        "WHERE used_at IS NULL AND person_id = %s" % person_of("daan"))
    assert activate("daan", code2, "daans-nieuwe-wachtwoord").status == 400
    # a fresh letter: a new password for his log-in
    c = helping("Daan", "de Vries")
    code3, _ = letter(c)
    stop(c)
    r = activate("daan", code3, "daans-nieuwe-wachtwoord")
    assert r.status == 200, text_of(r.text)
    assert Client().login("daan", "daans-nieuwe-wachtwoord").status == 303
    assert Client().login("daan", "portaal-demo").status != 303
    sql("UPDATE account SET password_hash = (SELECT password_hash FROM account "
        "WHERE username = 'sanne') WHERE username = 'daan'")
    forget_failures()


def test_counter_activation_is_the_way_back_from_a_wait():
    """Issue 17 part 3: wrong passwords make a name wait longer each time
    at that address (never a lock). The counter's letter is the way back:
    once the current wait is over (the code is a secret too, so the form
    waits like a log-in), the activation counts as a success, so the next
    wrong password starts again at the bottom, and the new one works."""
    addr = "127.0.4.1"
    own = Client(addr=addr)
    answers = [own.login("daan", "vergeten-%d" % i).status for i in range(6)]
    assert answers == [200] * 5 + [429], answers
    c = helping("Daan", "de Vries")
    code, _ = letter(c)
    stop(c)
    try:
        a = Client(addr=addr)
        r = a.post("/activeren", {"csrf": a.csrf("/activeren"), "username": "daan",
                                  "code": code, "password": "daans-nieuwe-wachtwoord",
                                  "password2": "daans-nieuwe-wachtwoord"})
        assert r.status == 429, r       # still in the wait: nothing used
        assert sql("SELECT count(*) FROM activation_code WHERE used_at IS NULL "
                   "AND expires_at > now() AND person_id = %s" % person_of("daan")) == [["1"]]
        sql("UPDATE login_attempt SET at = at - interval '1 hour' "
            "WHERE remote_addr = '%s'" % addr)
        r = a.post("/activeren", {"csrf": a.csrf("/activeren"), "username": "daan",
                                  "code": code, "password": "daans-nieuwe-wachtwoord",
                                  "password2": "daans-nieuwe-wachtwoord"})
        assert r.status == 200 and "Klaar." in r.text, text_of(r.text)
        # without the letter a 7th failure would wait a minute; now the
        # count starts again
        r = Client(addr=addr).login("daan", "nog-steeds-fout")
        assert r.status == 200 and "klopt niet" in r.text, r
        assert Client(addr=addr).login("daan", "daans-nieuwe-wachtwoord").status == 303
    finally:
        sql("UPDATE account SET password_hash = (SELECT password_hash FROM account "
            "WHERE username = 'sanne') WHERE username = 'daan'")
        sql("DELETE FROM login_attempt WHERE remote_addr = '%s'" % addr)
        sql("DELETE FROM session WHERE person_id = %s" % person_of("daan"))


def test_counter_activation_only_in_a_session_for_its_citizen():
    c = logged_in("kees")
    person = persons_on(search(c, "de Vries", born("Sanne", "de Vries")).text)[0]
    assert c.post("/balie/activatie", {"csrf": c.csrf("/balie"), "person": person}).status == 404
    c = helping("Mark", "de Vries")
    assert c.post("/balie/activatie", {"csrf": c.csrf("/balie"), "person": person}).status == 404
    stop(c)


def test_counter_ans_says_yes_to_a_family_wide_share():
    """Ans (no log-in) gives her "yes" at the counter to a share of the
    Gezinsplan: one extra page the clerk reads out, then stored as hers."""
    doc = doc_ids()["Gezinsplan"]
    until = sql("SELECT to_char(current_date + 40, 'YYYY-MM-DD')")[0][0]
    fields = {"document": doc, "organisation": "ggz-rivierenland", "until": until}
    for user in ("sanne", "mark", "lotte", "daan"):
        u = logged_in(user)
        r = u.post("/delen", dict(fields, csrf=u.csrf("/delen")))
        assert r.status == 303, (user, r)
    c = helping("Ans", "Mulder")
    r = c.post("/delen", dict(fields, csrf=c.csrf("/delen")))
    assert r.status == 200, r
    t = text_of(r.text)
    assert re.search(r'U deelt "Gezinsplan" met GGZ Rivierenland tot en met \w+ \d+ \w+ \d{4}\. '
                     r'Klopt dat\?', t), t
    ans = sql("SELECT id FROM person WHERE given_name = 'Ans'")[0][0]
    assert sql("SELECT count(*) FROM share_consent WHERE person_id = %s" % ans) == [["0"]]
    r = c.post("/delen", dict(fields, csrf=c.csrf("/delen"), bevestigd="ja"))
    assert r.status == 303, r
    assert sql("SELECT count(*) FROM share_consent WHERE person_id = %s" % ans) == [["1"]]
    assert sql("SELECT actor_role, on_behalf_of FROM audit_log WHERE action IN "
               "('share.agree', 'share.start') ORDER BY id DESC LIMIT 1")[0] == ["clerk", ans]
    started = sql("SELECT NOT s.pending FROM document_share s JOIN document d ON "
                  "d.id = s.document_id WHERE d.public_id = '%s' AND s.revoked_at IS NULL "
                  "ORDER BY s.id DESC LIMIT 1" % doc)
    stop(c)
    assert started == [["t"]], started
    assert logged_in("ellen").get("/documenten/" + doc).status == 200
    # the demo as it was, for the tests after this one
    shares = "(SELECT s.id FROM document_share s JOIN document d ON d.id = s.document_id " \
        "WHERE d.public_id = '%s')" % doc
    sql("DELETE FROM share_consent WHERE share_id IN %s" % shares)
    sql("DELETE FROM document_share WHERE id IN %s" % shares)
    assert logged_in("ellen").get("/documenten/" + doc).status == 404


DAYS_NL = ("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag")
MONTHS_NL = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
             "september", "oktober", "november", "december")
COUNTER_ROW = re.compile(r'<li class="card document-list__item">\s*<p><bdi>([^<]+)</bdi></p>'
                         r'\s*<p>[^<]*\(balie\) namens u')
COUNTER_OLDER = re.compile(r'<a href="(/inzage\?[^"]*balie-na=\d+)#balie">')


def dutch_day(iso):
    from datetime import date
    d = date.fromisoformat(iso)
    return "%s %d %s %d" % (DAYS_NL[d.weekday()], d.day, MONTHS_NL[d.month - 1], d.year)


def counter_section(html):
    i = html.find('id="balie"')
    return html[i:html.index("Bonnen van de balie", i)] if i >= 0 else ""


def test_counter_inzage_rows_paged_reach_every_one():
    """Issue 21, no silent cap: /inzage showed the newest 200 rows of what
    the counter did for a person in the period. Now 200 a page and every
    row of the same moment (one transaction) on the same page, "Oudere
    regels van de balie" reaches the oldest, each row once (per day: the
    same count as in the log); Mark's rows never on Sanne's page; a
    cursor that is no number or past every row gives the newest page."""
    sanne, mark = person_of("sanne"), person_of("mark")
    kees = person_of("kees")
    for who, n in ((sanne, 150), (mark, 4)):
        # n moments of three rows each, one every 7 hours, Dutch time
        sql("INSERT INTO audit_log (at, actor_id, actor_role, action, on_behalf_of, "
            "outcome, rule) SELECT date_trunc('second', now()) - g * interval '7 hours' "
            "- interval '1 minute', %s, 'clerk', 'family.read', %s, 'allowed', "
            "'counter.assist' FROM generate_series(1, %d) g, generate_series(1, 3) r"
            % (kees, who, n))
    want = {}
    for day, count in sql(
            "SELECT to_char(at AT TIME ZONE 'Europe/Amsterdam', 'YYYY-MM-DD'), count(*) "
            "FROM audit_log WHERE on_behalf_of = %s AND at >= ((now() AT TIME ZONE "
            "'Europe/Amsterdam')::date - interval '3 months')::date::timestamp AT TIME ZONE "
            "'Europe/Amsterdam' GROUP BY 1" % sanne):
        want[dutch_day(day)] = int(count)
    assert sum(want.values()) >= 450, want
    c = logged_in("sanne")
    got, sizes, path = {}, [], "/inzage"
    while path:
        r = c.get(path)
        assert r.status == 200, (path, r)
        days = COUNTER_ROW.findall(counter_section(r.text))
        for d in days:
            got[d] = got.get(d, 0) + 1
        sizes.append(len(days))
        m = COUNTER_OLDER.search(r.text)
        path = m.group(1).replace("&amp;", "&") if m else None
        if len(sizes) > 1:
            assert "Nieuwste regels van de balie" in r.text
        assert len(sizes) < 20, sizes
    assert got == want, (sizes, sorted(set(got.items()) ^ set(want.items())))
    # 200 a page, a moment's three rows together (201 = 67 moments)
    assert len(sizes) >= 3 and all(200 <= s <= 202 for s in sizes[:-1]), sizes
    first = COUNTER_ROW.findall(counter_section(c.get("/inzage").text))
    for q in ("balie-na=abc", "balie-na=1", "balie-na=", "balie-na=%27",
              "balie-na=999999999999999999999999"):
        r = c.get("/inzage?" + q)
        assert r.status == 200, (q, r)
        assert COUNTER_ROW.findall(counter_section(r.text)) == first, q
    # Mark's page: only his own rows (4 moments x 3, and earlier tests')
    t = counter_section(logged_in("mark").get("/inzage").text)
    assert 12 <= len(COUNTER_ROW.findall(t)) < 200, len(COUNTER_ROW.findall(t))

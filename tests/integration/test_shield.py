"""Safety between members (issue 16, part 3; DESIGN.md section 3): a
professional of the family marks that member A is shielded from member B
(GET/POST /gezinnen/{id}/afscherming, fields `person` and `from`). The
demo: Sanne, Lotte, Daan and Mees are shielded from Mark. Then nothing
Mark can reach tells him what Sanne does: not on /inzage, not in his
export; the audit rows stay, for Sanne, for Fatima and in Sanne's export.
Free times: a time opened for the family is not offered to a member from
whom someone is shielded (it would vanish when Sanne books it); times for
Mark are opened for him by name, and their place is shown only to him.
An attachment bound to a part hidden from Mark does not download for him
(404) and is not listed."""
import re
import time

from portal import Client, logged_in, sql, text_of
from test_documents import doc_ids
from test_dossier import post
from test_export import export
from test_files import PDF, family, multipart, person, upload
from test_share import revoke, share, share_row

PAGE = "/gezinnen/%s/afscherming"


def add(c, fam, who, frm):
    return c.post(PAGE % fam, {"csrf": c.csrf(PAGE % fam), "person": who, "from": frm})


def shields():
    return sql("SELECT a.given_name, b.given_name FROM member_shield s "
               "JOIN person a ON a.id = s.person_id JOIN person b ON b.id = s.from_person_id "
               "ORDER BY s.id")


def test_the_demo_shields_sanne_and_the_children_from_mark():
    assert sorted(shields()) == [["Daan", "Mark"], ["Lotte", "Mark"], ["Mees", "Mark"],
                                 ["Sanne", "Mark"]]
    page = logged_in("fatima").get(PAGE % family("de-vries"))
    assert page.status == 200
    t = text_of(page.text)
    assert "Sanne de Vries is afgeschermd voor Mark de Vries." in t
    assert "Mees de Vries is afgeschermd voor Mark de Vries." in t
    # The contact page links to it.
    assert 'href="/gezinnen/%s/afscherming"' % family("de-vries") in \
        logged_in("fatima").get("/gezinnen/%s/contact" % family("de-vries")).text


def test_only_the_familys_professional_marks_a_shield():
    fam = family("de-vries")
    before = shields()
    # Peter works with Yilmaz, Ellen with nobody: as if it does not exist.
    for user in ("peter", "ellen"):
        c = logged_in(user)
        assert c.get(PAGE % fam).status == 404, user
        assert add(c, fam, person("lotte"), person("mark")).status == 404, user
    # Members: not their page (403); the clerk outside a session sees no
    # dossier at all (404, the counter); logged out: log in.
    for user, status in (("sanne", 403), ("mark", 403), ("kees", 404)):
        c = logged_in(user)
        assert c.get(PAGE % fam).status == status, user
        assert add(c, fam, person("lotte"), person("mark")).status == status, user
    assert Client().get(PAGE % fam).status == 303
    # Without the form token: refused.
    f = logged_in("fatima")
    assert f.post(PAGE % fam, {"person": person("daan"), "from": person("lotte")}).status == 403
    assert shields() == before


def test_a_shield_with_oneself_or_across_families_is_a_b1_error():
    fam = family("de-vries")
    f = logged_in("fatima")
    before = shields()
    r = add(f, fam, person("mark"), person("mark"))
    assert r.status == 400
    assert "Kies twee verschillende mensen. Iemand kan niet afgeschermd zijn voor zichzelf." \
        in text_of(r.text)
    assert 'href="#from"' in r.text
    # Emre is of family Yilmaz: not in this family.
    r = add(f, fam, person("sanne"), person("emre"))
    assert r.status == 400
    assert "Kies iemand uit dit gezin. Een afscherming geldt alleen binnen een gezin." \
        in text_of(r.text)
    r = add(f, fam, person("elif"), person("mark"))
    assert r.status == 400 and 'href="#person"' in r.text
    # Nothing chosen.
    r = add(f, fam, "", "")
    assert r.status == 400 and "Kies wie u wilt beschermen." in text_of(r.text)
    assert shields() == before
    # Denials are logged.
    assert sql("SELECT count(*) > 0 FROM audit_log WHERE action = 'shield.add' "
               "AND outcome = 'denied'") == [["t"]]


def test_fatima_shields_daan_from_lotte_once_and_audited():
    fam = family("de-vries")
    f = logged_in("fatima")
    r = add(f, fam, person("daan"), person("lotte"))
    assert r.status == 303 and r.header("Location") == PAGE % fam + "?gezet=1"
    assert "De afscherming staat aan." in f.get(r.header("Location")).text
    assert ["Daan", "Lotte"] in shields()
    # A second click: nothing new.
    n = len(shields())
    assert add(f, fam, person("daan"), person("lotte")).status == 303
    assert len(shields()) == n
    # One audit row, about Daan (not about Lotte: her export must not say).
    daan = sql("SELECT person_id FROM account WHERE username = 'daan'")[0][0]
    lotte = sql("SELECT person_id FROM account WHERE username = 'lotte'")[0][0]
    assert sql("SELECT count(*) FROM audit_log WHERE action = 'shield.add' "
               "AND outcome = 'allowed' AND object_id = '%s'" % daan) == [["1"]]
    assert sql("SELECT count(*) FROM audit_log WHERE action = 'shield.add' "
               "AND object_id = '%s'" % lotte) == [["0"]]
    sql("DELETE FROM member_shield WHERE person_id = %s AND from_person_id = %s"
        % (daan, lotte))


def test_shield_mark_sees_no_trace_of_sanne():
    ids = doc_ids()
    plan, veilig = ids["Gezinsplan"], ids["Veiligheidsplan"]
    # Her rows start in a second of their own: the check below compares
    # seconds, and the export rounds a time to the nearest second, so a
    # row about Mark from the test before (Daan reading a document at
    # .535) counts as the next second. She starts 0.6 s into a new one.
    time.sleep(1.6 - time.time() % 1)
    sanne = logged_in("sanne")
    start = sql("SELECT max(id) FROM audit_log")[0][0]
    # Sanne reads, downloads, comments (for the family), agrees, writes
    # her own view, starts a share and stops it.
    assert sanne.get("/documenten/" + plan).status == 200
    assert sanne.get("/documenten/" + veilig).status == 200
    assert sanne.get("/documenten/%s/bestand" % plan).status == 200
    assert post(sanne, plan, "reacties", {"body": "Sanne schrijft iets voor iedereen.",
                                          "audience": "gezin"}).status == 303
    assert post(sanne, plan, "instemming", {"decision": "eens"}).status == 303
    assert post(sanne, veilig, "visie", {"view_body": "Sanne haar eigen visie."}).status == 303
    assert share(sanne, plan).status == 303
    row = share_row(plan)
    assert row is not None
    assert revoke(sanne, row[0]).status == 303
    sanne_id = sql("SELECT person_id FROM account WHERE username = 'sanne'")[0][0]
    acts = {a for (a,) in sql("SELECT DISTINCT action FROM audit_log WHERE id > %s "
                              "AND actor_id = %s AND outcome = 'allowed'" % (start, sanne_id))}
    for a in ("document.read", "document.download", "comment.create", "consent.give",
              "view.create", "share.revoke"):
        assert a in acts, (a, acts)
    # The rows stay.
    n = int(sql("SELECT count(*) FROM audit_log WHERE id > %s AND actor_id = %s"
                % (start, sanne_id))[0][0])
    assert n >= 7
    # Mark: no row, no name, no time of hers.
    m = logged_in("mark")
    t = text_of(m.get("/inzage").text)
    assert "Sanne" not in t
    d = export(m)
    for a in d["audit"]:
        assert a["who"] != "Sanne de Vries", a
    times = {x for (x,) in sql(
        "SELECT to_char(to_timestamp(extract(epoch FROM at)::bigint) AT TIME ZONE 'UTC', "
        "'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') "
        "FROM audit_log WHERE id > %s AND actor_id = %s" % (start, sanne_id))}
    mark_times = {a["at"] for a in d["audit"] if a["who"] != "Mark de Vries"}
    assert not (times & mark_times), times & mark_times
    assert "Sanne haar eigen visie." not in str(d)
    page = text_of(m.get("/mijn-gegevens").text)
    assert "Sanne de Vries" not in page.split("Wie deed wat met uw gegevens", 1)[1]
    # Lotte is not shielded from Sanne: her /inzage still names her mother.
    assert "Sanne de Vries las" in text_of(logged_in("lotte").get("/inzage").text)
    # Sanne's own export keeps everything she did.
    mine = {a["action"] for a in export(sanne)["audit"] if a["who"] == "Sanne de Vries"}
    for a in ("comment.create", "consent.give", "view.create", "share.revoke",
              "document.download"):
        assert a in mine, (a, mine)
    # Fatima still sees it all.
    f = logged_in("fatima")
    assert "Sanne schrijft iets voor iedereen." in text_of(f.get("/documenten/" + plan).text)
    assert "Sanne haar eigen visie." in text_of(f.get("/documenten/" + veilig).text)


SLOT_RE = re.compile(r'name="slot" value="([A-Za-z0-9_-]+)"')


def free(c):
    return list(dict.fromkeys(SLOT_RE.findall(c.get("/afspraken").text)))


def book(c, slot):
    return c.post("/afspraken", {"csrf": c.csrf("/afspraken"), "slot": slot})


def open_time(f, days, hhmm, place, person_login=None, fam="de-vries"):
    day = sql("SELECT to_char(current_date + %d, 'YYYY-MM-DD')" % days)[0][0]
    r = f.post("/afspraken/tijden", {
        "csrf": f.csrf("/afspraken"), "date": day, "time": hhmm, "minutes": "30",
        "place": place, "family": family(fam) if fam else "",
        "person": person(person_login) if person_login else ""})
    return r


def slot_of(place):
    return sql("SELECT public_id FROM appointment_slot WHERE place = '%s'" % place)[0][0]


def test_shield_free_times_do_not_reveal_sannes_booking():
    """The rule: a time opened for the family is not offered to a member
    from whom someone is shielded (Mark), so it cannot vanish from his
    list when Sanne books it; his times are opened for him by name."""
    f = logged_in("fatima")
    assert open_time(f, 9, "07:00", "Stationsplein 4, kamer 2").status == 303
    fam_slot = slot_of("Stationsplein 4, kamer 2")
    assert open_time(f, 9, "08:00", "Stationsplein 4, kamer 3", "mark").status == 303
    mark_slot = slot_of("Stationsplein 4, kamer 3")
    m, sanne, lotte = logged_in("mark"), logged_in("sanne"), logged_in("lotte")
    before = free(m)
    assert fam_slot not in before and mark_slot in before
    assert "kamer 2" not in m.get("/afspraken").text
    assert fam_slot in free(sanne) and fam_slot in free(lotte)
    assert mark_slot not in free(sanne) and mark_slot not in free(lotte)
    # Sanne books the family's time: Mark's list is the same, to the time.
    assert book(sanne, fam_slot).status == 303
    assert free(m) == before
    # Lotte, from whom nobody is shielded, sees it go (as before).
    assert fam_slot not in free(lotte)
    # Mark cannot book a family time, nor Sanne his: as unknown.
    other = open_time(f, 9, "09:00", "Stationsplein 4, kamer 4")
    assert other.status == 303
    assert book(m, slot_of("Stationsplein 4, kamer 4")).status == 404
    assert book(sanne, mark_slot).status == 404
    # Fatima's page says whom a time is for.
    assert "Alleen voor Mark de Vries." in text_of(f.get("/afspraken").text)
    for a in re.findall(r'/afspraken/([A-Za-z0-9_-]+)\.ics', sanne.get("/afspraken").text
                        .split('id="kiezen"')[0]):
        sanne.post("/afspraken/%s/annuleren" % a, {"csrf": sanne.csrf("/afspraken"),
                                                  "reason": ""})


def test_shield_home_visit_place_only_for_its_member():
    f = logged_in("fatima")
    place = "Huisbezoek Lindelaan 12"
    assert open_time(f, 10, "07:00", place, "sanne").status == 303
    slot = slot_of(place)
    assert "Lindelaan 12" in logged_in("sanne").get("/afspraken").text
    for user in ("mark", "lotte", "daan", "emre"):
        c = logged_in(user)
        assert "Lindelaan" not in c.get("/afspraken").text, user
        assert book(c, slot).status == 404, user
    # A member of a family Fatima does not work with: refused, nothing made.
    n = sql("SELECT count(*) FROM appointment_slot")[0][0]
    assert open_time(f, 10, "06:00", "Elders 1", "emre").status == 400
    assert open_time(f, 10, "06:00", "Elders 1", "emre", fam=None).status == 400
    assert sql("SELECT count(*) FROM appointment_slot")[0][0] == n


def test_shield_attachment_of_a_hidden_part_is_not_for_mark():
    f = logged_in("fatima")
    form = f.get("/documenten/nieuw?gezin=%s" % family("de-vries")).text
    assert "Wie krijgt de bijlage?" in form and 'name="file_for"' in form
    about = [("about", person(u)) for u in ("sanne", "mark", "daan")]
    base = [("family", family("de-vries")), ("title", "Schoolplan Daan"),
            ("body", "Daan gaat naar een nieuwe school."),
            ("part_label", "Adres van de school"), ("part_body", "Schoolstraat 3."),
            ("part_hidden", person("mark"))] + about
    r = upload(f, base + [("file_for", "deel")],
               [("file", "brief.pdf", PDF, "application/pdf")])
    assert r.status == 303, r
    doc = r.header("Location").rsplit("/", 1)[1]
    assert sql("SELECT f.part_id IS NOT NULL FROM document_file f JOIN document d "
               "ON d.id = f.document_id WHERE d.public_id = '%s'" % doc) == [["t"]]
    m = logged_in("mark")
    page = m.get("/documenten/" + doc)
    assert page.status == 200
    assert "/bestand" not in page.text and "Bijlage" not in text_of(page.text)
    assert "Schoolstraat" not in page.text
    assert m.get("/documenten/%s/bestand" % doc).status == 404
    assert sql("SELECT outcome FROM audit_log WHERE action = 'document.download' "
               "AND object_id = '%s' ORDER BY id DESC LIMIT 1" % doc) == [["denied"]]
    s = logged_in("sanne")
    t = text_of(s.get("/documenten/" + doc).text)
    assert "De bijlage hoort bij dit deel." in t
    assert s.get("/documenten/%s/bestand" % doc).status == 200
    assert f.get("/documenten/%s/bestand" % doc).status == 200
    # The same file for the whole document: Mark gets it.
    r = upload(f, base + [("file_for", "stuk")],
               [("file", "brief.pdf", PDF, "application/pdf")])
    assert r.status == 303, r
    doc2 = r.header("Location").rsplit("/", 1)[1]
    assert m.get("/documenten/%s/bestand" % doc2).status == 200
    # The file for a part, but no part: a B1 error, nothing stored.
    n = sql("SELECT count(*) FROM document")[0][0]
    r = upload(f, [("family", family("de-vries")), ("title", "Zonder deel"),
                   ("body", "Tekst."), ("file_for", "deel")] + about,
               [("file", "brief.pdf", PDF, "application/pdf")])
    assert r.status == 400
    assert "U schermt geen deel af." in text_of(r.text) and 'href="#file_for"' in r.text
    assert sql("SELECT count(*) FROM document")[0][0] == n

"""Contact details you can trust (issue 20, part 3), over HTTP with the
real mail catcher: a new mail address gets no mail but the confirmation
until its owner used the link in it (once, 24 hours, bound to that
person); the history says what changed, to the member only; saving does
not store a language nobody chose; errors in the order of the page; the
professionals' mail names the family and links to its contact page; a
professional records details for a member without a log-in. Every test
name holds "mailconfirm" (IT_K=mailconfirm)."""
import base64
import email
import email.policy
import hashlib
import json
import re

from portal import Client, logged_in, sql, text_of
from test_appointments import book, cancel, dutch, new_slot
from test_berichten import start, write
from test_contact import family_contact_path, member_card
from test_outbox import mails, wait_for

LINK = re.compile(r"http://[^/\s]+(/bevestigen/[A-Za-z0-9_-]{43})\b")


def save(c, **fields):
    f = {"csrf": c.csrf("/gegevens"), "phone": "", "email": "", "address": "",
         "reach_by": "telefoon"}
    f.update(fields)
    return c.post("/gegevens", f)


def person(user):
    return sql("SELECT person_id FROM account WHERE username = '%s'" % user)[0][0]


def set_confirmed(user, address):
    """Details with a confirmed address (as demo data has them), nothing
    waiting."""
    pid = person(user)
    sql("UPDATE email_confirm SET ended_at = now() WHERE person_id = %s "
        "AND used_at IS NULL AND ended_at IS NULL" % pid)
    sql("INSERT INTO contact_details (person_id, email, reach_by) VALUES (%s, '%s', "
        "'email') ON CONFLICT (person_id) DO UPDATE SET email = excluded.email, "
        "reach_by = 'email'" % (pid, address))


def stored_email(user):
    # (psql leaves out an empty line: the address in brackets)
    return sql("SELECT '<' || email || '>' FROM contact_details WHERE person_id = %s"
               % person(user))[0][0][1:-1]


def to(address):
    return sql("SELECT subject FROM outbox WHERE recipient = '%s' ORDER BY id" % address)


def link_to(address):
    """The confirmation link for address that is still open, from the mail
    the catcher got (the outbox process makes the token when it sends)."""
    found = []

    def look():
        for path in mails():
            with open(path, "rb") as f:
                msg = email.message_from_binary_file(f, policy=email.policy.default)
            if address not in str(msg["To"]):
                continue
            m = LINK.search(msg.get_content())
            if not m:
                continue
            tok = m.group(1).rsplit("/", 1)[1]
            digest = hashlib.sha256(base64.urlsafe_b64decode(tok + "=")).hexdigest()
            if sql("SELECT count(*) FROM email_confirm WHERE token_hash = decode('%s', "
                   "'hex') AND used_at IS NULL AND ended_at IS NULL" % digest) == [["1"]]:
                found.append(m.group(1))
                return True
        return False
    assert wait_for(look), "no confirmation mail to " + address
    return found[-1]


def confirm(c, path):
    """POST the link's button (for a link that no longer shows one: a form
    token of the log-in page, as a stale tab would hold)."""
    m = re.search(r'name="csrf" value="([0-9a-f]{64})"', c.get(path).text)
    return c.post(path, {"csrf": m.group(1) if m else c.csrf("/inloggen")})


def test_mailconfirm_unconfirmed_address_gets_only_the_confirmation():
    c = logged_in("sanne")
    set_confirmed("sanne", "sanne-oud@voorbeeld.nl")
    new = "sanne-nieuw@voorbeeld.nl"
    s = new_slot("fatima", "de-vries", dutch(8, "19:15"))
    assert book(c, s).status == 303
    appt = sql("SELECT a.public_id FROM appointment a JOIN appointment_slot s "
               "ON s.id = a.slot_id WHERE s.public_id = '%s'" % s)[0][0]
    topic = "reminder:%s" % appt
    assert sql("SELECT recipient FROM outbox WHERE topic = '%s'" % topic) == \
        [["sanne-oud@voorbeeld.nl"]]
    assert save(c, email=new, reach_by="email").status == 303
    # Not used yet: the old address stays, the new one waits.
    assert stored_email("sanne") == "sanne-oud@voorbeeld.nl"
    page = c.get("/gegevens")
    assert 'value="sanne-oud@voorbeeld.nl"' in page.text
    assert "Wacht op uw bevestiging: " + new in text_of(page.text)
    assert to(new) == [["Is dit uw mailadres?"]]
    # Mail the portal writes to Sanne meanwhile goes to the old address:
    # the reminder, and an answer from her professional.
    assert sql("SELECT recipient FROM outbox WHERE topic = '%s'" % topic) == \
        [["sanne-oud@voorbeeld.nl"]]
    path = start(c, "fatima", "MC-1", "Kunnen we maandag praten?")
    assert write(logged_in("fatima"), path, "Zie ik u maandag?").status == 303
    assert to(new) == [["Is dit uw mailadres?"]]
    assert len(to("sanne-oud@voorbeeld.nl")) >= 1
    # Saving another field leaves the waiting address alone: no second mail.
    assert save(c, email="sanne-oud@voorbeeld.nl", phone="06 33333333",
                reach_by="email").status == 303
    assert to(new) == [["Is dit uw mailadres?"]]
    # Confirmed: from now on the new address, the reminder too.
    path = link_to(new)
    assert confirm(Client(), path).status == 303
    assert stored_email("sanne") == new
    assert sql("SELECT recipient FROM outbox WHERE topic = '%s'" % topic) == [[new]]
    assert cancel(c, appt).status == 303
    # Her export has the address, when it was given and confirmed.
    d = json.loads(c.get("/mijn-gegevens.json").text)
    assert any(x["email"] == new and x["given_at"] and x["confirmed_at"]
               for x in d["email_confirmations"]), d["email_confirmations"]


def test_mailconfirm_link_works_once_expires_and_is_bound_to_one_person():
    c = logged_in("mark")
    set_confirmed("mark", "")
    new = "mark-mc@voorbeeld.nl"
    assert save(c, email=new).status == 303
    path = link_to(new)
    before = int(sql("SELECT count(*) FROM audit_log WHERE action = "
                     "'contact.email_confirm' AND outcome = 'denied'")[0][0])
    # Logged in as someone else: as an unknown link, nothing used up.
    for other in ("sanne", "fatima"):
        o = logged_in(other)
        assert o.get(path).status == 404, other
    o = logged_in("sanne")
    page = o.get("/gegevens")
    tok = re.search(r'name="csrf" value="([0-9a-f]{64})"', page.text).group(1)
    assert o.post(path, {"csrf": tok}).status == 404
    assert stored_email("mark") == ""
    assert int(sql("SELECT count(*) FROM audit_log WHERE action = "
                   "'contact.email_confirm' AND outcome = 'denied'")[0][0]) >= before + 3
    # Logged out: the page shows the address and a button; the POST uses it.
    anon = Client()
    page = anon.get(path)
    assert page.status == 200 and new in page.text and 'method="post"' in page.text
    r = confirm(anon, path)
    assert r.status == 303 and r.header("Location") == "/bevestigd"
    assert "Uw mailadres is bevestigd" in anon.get("/bevestigd").text
    assert stored_email("mark") == new
    # Once.
    assert anon.get(path).status == 410
    assert confirm(Client(), path).status == 410
    assert sql("SELECT count(*) FROM audit_log WHERE action = 'contact.email_confirm' "
               "AND outcome = 'allowed' AND object_id = '%s'" % person("mark")) == [["1"]]
    # Wrong tokens: 404.
    for bad in ("/bevestigen/kort", "/bevestigen/" + "A" * 43, "/bevestigen/" + "a" * 44):
        assert anon.get(bad).status == 404, bad
    # 24 hours.
    assert save(c, email="mark-mc2@voorbeeld.nl").status == 303
    path2 = link_to("mark-mc2@voorbeeld.nl")
    sql("UPDATE email_confirm SET expires_at = now() - interval '1 minute' "
        "WHERE email = 'mark-mc2@voorbeeld.nl'")
    assert anon.get(path2).status == 410
    assert confirm(Client(), path2).status == 410
    assert stored_email("mark") == new
    # A newer address ends the older link; the owner logged in may confirm.
    assert save(c, email="mark-mc3@voorbeeld.nl").status == 303
    path3 = link_to("mark-mc3@voorbeeld.nl")
    assert save(c, email="mark-mc4@voorbeeld.nl").status == 303
    path4 = link_to("mark-mc4@voorbeeld.nl")
    assert anon.get(path3).status == 410
    r = confirm(c, path4)
    assert r.status == 303 and r.header("Location") == "/gegevens?bevestigd=1"
    assert stored_email("mark") == "mark-mc4@voorbeeld.nl"
    assert to("mark-mc3@voorbeeld.nl") == [["Is dit uw mailadres?"]]
    # Emptying the field stops mail at once, no link needed.
    assert save(c, email="").status == 303
    assert stored_email("mark") == ""


def test_mailconfirm_history_says_what_changed_to_the_member_only():
    pid = person("sanne")
    was = sql("SELECT row_to_json(cd) FROM contact_details cd WHERE person_id = %s" % pid)
    try:
        history_says_what_changed_to_the_member_only()
    finally:
        # Sanne is reached by mail again in the later tests, not by a
        # letter to the address made up here.
        restore("sanne", was)


def history_says_what_changed_to_the_member_only():
    c = logged_in("sanne")
    assert save(c, phone="06 11111111", reach_by="telefoon").status == 303
    before = int(sql("SELECT count(*) FROM outbox WHERE subject LIKE "
                     "'Nieuwe gegevens van gezin%'")[0][0])
    assert save(c, phone="06 22222222", address="Geheimstraat 7\r\n1234 AB Tiel",
                reach_by="post").status == 303
    page = text_of(c.get("/gegevens").text)
    assert "Telefoonnummer: van 06 11111111 naar 06 22222222." in page
    assert "Het liefst via: van bellen naar een brief." in page
    assert "Adres: Geheimstraat 7, 1234 AB Tiel ingevuld." in page or \
        "naar Geheimstraat 7, 1234 AB Tiel." in page
    # Saving the same again changes nothing: no history row, no mail.
    rows = sql("SELECT count(*) FROM contact_history WHERE person_id = %s" % person("sanne"))
    assert save(c, phone="06 22222222", address="Geheimstraat 7\r\n1234 AB Tiel",
                reach_by="post").status == 303
    assert sql("SELECT count(*) FROM contact_history WHERE person_id = %s"
               % person("sanne")) == rows
    # The professional's mail: the family and its contact page, not what.
    # One mail for both changes: the second joined the first's, which
    # still waits in the outbox (F5; test_mailconfirm_two_changes_one_mail).
    mail = sql("SELECT recipient, subject, replace(body, E'\\n', ' ') FROM outbox "
               "WHERE subject LIKE "
               "'Nieuwe gegevens van gezin%' ORDER BY id DESC LIMIT 1")[0]
    assert int(sql("SELECT count(*) FROM outbox WHERE subject LIKE "
                   "'Nieuwe gegevens van gezin%'")[0][0]) == before
    fam = sql("SELECT public_id, name FROM family WHERE slug = 'de-vries'")[0]
    assert mail[0] == "fatima@demo.gezinsportaal.invalid"
    assert fam[1] in mail[1]
    assert "/gezinnen/%s/contact#lid-" % fam[0] in mail[2]
    assert "06 2222" not in mail[2] and "Geheimstraat" not in mail[2]
    assert "Kijk in uw eigen systeem" not in mail[2]
    # Nobody else in the family sees it; Mark (shielded from Sanne) least.
    for user in ("mark", "lotte", "daan"):
        o = logged_in(user)
        for path in ("/", "/gegevens", "/mijn-gegevens", "/mijn-gegevens.json",
                     "/inzage", "/documenten", "/delen", "/afspraken"):
            r = o.get(path)
            for secret in ("06 22222222", "06 11111111", "Geheimstraat",
                           "sanne-nieuw@voorbeeld.nl"):
                assert secret not in r.text, (user, path, secret)
    # Her own export has the history.
    assert "06 22222222" in c.get("/mijn-gegevens").text


def test_mailconfirm_no_silent_language_and_errors_in_page_order():
    c = logged_in("lotte")
    sql("UPDATE person SET language = NULL WHERE id = %s" % person("lotte"))
    page = c.get("/gegevens").text
    assert re.search(r'<option value="" selected>', page)
    assert save(c, phone="0612345678", language="").status == 303
    assert sql("SELECT coalesce(language, '-') FROM person WHERE id = %s"
               % person("lotte")) == [["-"]]
    hist = sql("SELECT changes::text FROM contact_history WHERE person_id = %s "
               "ORDER BY id DESC LIMIT 1" % person("lotte"))[0][0]
    assert "language" not in hist
    # Errors: the summary in the order of the fields on the page.
    r = save(c, phone="bel me", email="geen adres", address="x" * 301, reach_by="")
    assert r.status == 400
    order = re.findall(r'href="#(phone|email|address|reach_by)"', r.text)
    assert order == ["phone", "email", "address", "reach_by"], order
    # The rule and its example agree: the example is accepted.
    assert "Bijvoorbeeld: 06 12345678." in r.text
    assert save(c, phone="06 12345678").status == 303


def test_mailconfirm_professional_records_details_for_ans():
    f = logged_in("fatima")
    path = family_contact_path(f)
    page = f.get(path).text
    assert "Heeft geen inlog voor het portaal." in member_card(page, "Ans Mulder")
    ans = sql("SELECT p.public_id, p.id FROM person p WHERE p.given_name = 'Ans' "
              "AND p.family_name = 'Mulder'")[0]
    sql("UPDATE email_confirm SET ended_at = now() WHERE person_id = %s "
        "AND used_at IS NULL AND ended_at IS NULL" % ans[1])
    sql("UPDATE contact_details SET email = '', recorded_by = NULL WHERE person_id = %s"
        % ans[1])
    sanne = sql("SELECT p.public_id FROM person p JOIN account a ON a.person_id = p.id "
                "WHERE a.username = 'sanne'")[0][0]
    # Only members without a log-in have the form.
    assert 'name="person" value="%s"' % ans[0] in page.split("contact/invullen")[1][:400]
    assert page.count("/contact/invullen") == 2    # Ans and Mees

    def record(c, who, **fields):
        d = {"csrf": c.csrf(path), "person": who, "phone": "0344 654321",
             "email": "ans-mc@voorbeeld.nl", "address": "Kerkstraat 12\r\n4001 AB Tiel",
             "reach_by": "balie"}
        d.update(fields)
        return c.post(path + "/invullen", d)
    # Errors stay on her card, in the order of the page.
    r = record(f, ans[0], phone="oma", email="oma@")
    assert r.status == 400
    assert re.findall(r'href="#((?:phone|email)-[^"]+)"', r.text) == \
        ["phone-" + ans[0], "email-" + ans[0]]
    assert 'value="oma"' in r.text
    r = record(f, ans[0])
    assert r.status == 303 and "#lid-" + ans[0] in r.header("Location")
    row = sql("SELECT cd.phone, cd.email, a.username FROM contact_details cd "
              "JOIN account a ON a.person_id = cd.recorded_by WHERE cd.person_id = %s" % ans[1])
    assert row == [["0344 654321", "", "fatima"]]
    assert to("ans-mc@voorbeeld.nl") == [["Is dit uw mailadres?"]]
    card = member_card(f.get(path).text, "Ans Mulder")
    assert "ingevuld door Fatima" in card and "wacht op bevestiging: ans-mc@voorbeeld.nl" in card
    assert sql("SELECT count(*) FROM audit_log l JOIN account a ON a.person_id = l.actor_id "
               "WHERE a.username = 'fatima' AND l.action = 'contact.update' "
               "AND l.object_id = '%s' AND l.outcome = 'allowed'" % ans[1]) == [["1"]]
    # Ans (no log-in) confirms from her mail, logged out.
    assert confirm(Client(), link_to("ans-mc@voorbeeld.nl")).status == 303
    assert sql("SELECT email FROM contact_details WHERE person_id = %s" % ans[1]) == \
        [["ans-mc@voorbeeld.nl"]]
    # Denials: a member with a log-in, another family's professional, a
    # professional of another organisation, a member, a forged person.
    before = sql("SELECT phone FROM contact_details WHERE person_id = %s" % person("sanne"))
    assert record(f, sanne, phone="06 99999999").status == 404
    assert sql("SELECT phone FROM contact_details WHERE person_id = %s"
               % person("sanne")) == before
    for pro in ("peter", "ellen"):
        p = logged_in(pro)
        r = p.post(path + "/invullen", {"csrf": p.csrf("/"), "person": ans[0],
                                        "phone": "1", "reach_by": "balie"})
        assert r.status == 404, pro
    s = logged_in("sanne")
    assert s.post(path + "/invullen", {"csrf": s.csrf("/gegevens"), "person": ans[0],
                                       "reach_by": "balie"}).status == 403
    assert record(f, "p-bestaat-niet").status == 404
    assert sql("SELECT phone FROM contact_details WHERE person_id = %s" % ans[1]) == \
        [["0344 654321"]]


def held_for(user):
    """The professionals' mails about user's details not sent yet: recipient,
    seconds until due (rounded)."""
    return sql("SELECT o.recipient, round(extract(epoch FROM o.not_before - now())) "
               "FROM outbox o WHERE o.topic LIKE 'contact:%%:' || %s "
               "AND o.sent_at IS NULL AND o.cancelled_at IS NULL ORDER BY o.id"
               % person(user))


def test_mailconfirm_two_changes_one_mail_to_the_professional():
    """F5: two real saves a minute apart send Fatima one mail, not two. The
    mail waits five minutes in the outbox; a later change of the same
    member's details joins it (the mail names the family and the member's
    card, which shows the latest). Once sent, or nearly due, a new change
    gets its own mail: none is lost. Times are moved in the database, no
    sleeps."""
    pid = person("daan")
    was = sql("SELECT row_to_json(cd) FROM contact_details cd WHERE person_id = %s" % pid)
    subject = "Nieuwe gegevens van gezin%"
    n = lambda: int(sql("SELECT count(*) FROM outbox WHERE subject LIKE '%s' "
                        "AND topic LIKE 'contact:%%:%s'" % (subject, pid))[0][0])
    c = logged_in("daan")
    try:
        before = n()
        assert save(c, phone="06 31313131").status == 303
        held = held_for("daan")
        assert [h[0] for h in held] == ["fatima@demo.gezinsportaal.invalid"], held
        assert 290 <= float(held[0][1]) <= 300, held
        # a minute later (moved in the database): the second change joins it
        sql("UPDATE outbox SET not_before = not_before - interval '1 minute' "
            "WHERE topic LIKE 'contact:%%:%s' AND sent_at IS NULL" % pid)
        assert save(c, phone="06 32323232", address="Laan 3\r\n1234 AB Tiel").status == 303
        assert n() == before + 1 and len(held_for("daan")) == 1
        # Saving the same again: nothing new at all.
        assert save(c, phone="06 32323232", address="Laan 3\r\n1234 AB Tiel").status == 303
        assert n() == before + 1
        # The five minutes pass: the one mail goes, and it names no state
        # (Fatima reads the latest on the family's contact page).
        sent = set(mails())
        sql("UPDATE outbox SET not_before = now() WHERE topic LIKE 'contact:%%:%s' "
            "AND sent_at IS NULL" % pid)
        assert wait_for(lambda: held_for("daan") == []), "held mail not sent"
        new = []
        for path in sorted(set(mails()) - sent):
            with open(path, "rb") as f:
                msg = email.message_from_binary_file(f, policy=email.policy.default)
            if "Nieuwe gegevens van gezin" in str(msg["Subject"]):
                new.append(msg)
        assert len(new) == 1, [str(m["Subject"]) for m in new]
        body = new[0].get_content()
        assert "06 3232" not in body and "Laan 3" not in body
        assert "/contact#lid-" in body
        f = logged_in("fatima")
        page = text_of(f.get(family_contact_path(f)).text)
        assert "06 32323232" in page
        # After it was sent, a new change gets a new mail.
        assert save(c, phone="06 33333333", address="Laan 3\r\n1234 AB Tiel").status == 303
        assert n() == before + 2 and len(held_for("daan")) == 1
        # A held mail due within the minute is not joined (the sender may
        # be taking it): that change gets its own, so nothing is lost.
        sql("UPDATE outbox SET not_before = now() + interval '30 seconds' "
            "WHERE topic LIKE 'contact:%%:%s' AND sent_at IS NULL" % pid)
        assert save(c, phone="06 34343434", address="Laan 3\r\n1234 AB Tiel").status == 303
        assert n() == before + 3 and len(held_for("daan")) == 2
        # Mark (another member of the family) has his own mail, not joined
        # to Daan's.
        m = logged_in("mark")
        mwas = sql("SELECT row_to_json(cd) FROM contact_details cd WHERE person_id = %s"
                   % person("mark"))
        try:
            assert save(m, phone="06 35353535").status == 303
            assert len(held_for("mark")) == 1 and len(held_for("daan")) == 2
        finally:
            restore("mark", mwas)
    finally:
        restore("daan", was)


def restore(user, was):
    pid = person(user)
    if was:
        sql("UPDATE contact_details cd SET (phone, email, address, reach_by) = "
            "(SELECT phone, email, address, reach_by FROM json_populate_record("
            "NULL::contact_details, '%s')) WHERE cd.person_id = %s"
            % (was[0][0].replace("'", "''"), pid))
    else:
        sql("DELETE FROM contact_details WHERE person_id = %s" % pid)


def test_mailconfirm_saved_beside_what_changed_and_choices_preselected():
    """Issue 20 part 5: after saving /gegevens, "Opgeslagen." stands beside
    each field that changed (role="status"), not beside the others, and
    the stored choices stand selected; saving nothing says so and tells
    nobody."""
    pid = person("daan")
    was = sql("SELECT row_to_json(cd) FROM contact_details cd WHERE person_id = %s" % pid)
    # (psql leaves out an empty line: the language in brackets)
    lang = sql("SELECT '<' || coalesce(language, '') || '>' FROM person WHERE id = %s"
               % pid)[0][0][1:-1]
    c = logged_in("daan")
    mark = '<p class="form-saved" role="status">Opgeslagen.</p>'
    try:
        assert save(c, phone="06 41414141", reach_by="post",
                    address="Laan 4\r\n1234 AB Tiel").status == 303
        r = save(c, phone="06 42424242", reach_by="post", address="Laan 4\r\n1234 AB Tiel",
                 language="nl")
        assert r.status == 303 and r.header("Location") == "/gegevens?opgeslagen=1"
        page = c.get(r.header("Location")).text
        form = page.split('action="/gegevens"', 1)[1].split("</form>", 1)[0]
        groups = form.split('<div class="form-group')
        marked = [g.split('for="', 1)[1].split('"', 1)[0] for g in groups[1:] if mark in g]
        assert marked == ["phone"] + (["language"] if lang != "nl" else []), marked
        assert re.search(r'id="reach_by-post" name="reach_by" value="post" checked', form)
        assert re.search(r'<option value="nl" lang="nl" selected>', form)
        assert 'value="06 42424242"' in form
        # The same again: nothing changed, no mark, nobody told.
        r = save(c, phone="06 42424242", reach_by="post", address="Laan 4\r\n1234 AB Tiel",
                 language="nl")
        assert r.header("Location") == "/gegevens?opgeslagen=niets"
        page = c.get(r.header("Location")).text
        assert mark not in page
        # (Daan is 13: "je" or "u", as his page speaks)
        assert re.search(r"Er was niets veranderd\. (Uw|Je) hulpverlener krijgt geen bericht\.",
                         text_of(page)), text_of(page)[:400]
        # Only the reach choice: the radios are marked, not the phone.
        r = save(c, phone="06 42424242", reach_by="balie", address="Laan 4\r\n1234 AB Tiel",
                 language="nl")
        form = c.get(r.header("Location")).text.split('action="/gegevens"', 1)[1]
        fieldset = form.split("<fieldset", 1)[1].split("</fieldset>", 1)[0]
        assert mark in fieldset and form.count(mark) == 1
        assert re.search(r'id="reach_by-balie" name="reach_by" value="balie" checked', fieldset)
    finally:
        restore("daan", was)
        sql("UPDATE person SET language = %s WHERE id = %s"
            % ("NULL" if lang == "" else "'%s'" % lang, pid))

"""Safety between members, every page (issue 16, part 3): Sanne, Lotte,
Daan and Mees are shielded from Mark (the demo). Sanne and the children
act (read, download, comment for the family and for the professional,
give their opinion, write an own view, share and stop it, book, write to
Fatima, ask for a change); then every GET route Mark can reach (the route
table in README.md, which `make lint` keeps equal to `portal routes`) is
the same page as before, apart from the form tokens: none of their words,
no name next to an action, no time of theirs, no count that moved. Fatima
and Sanne still see everything.

A share that needs Mark's yes reaches him without the asker's name or
time; the yes of someone shielded from him changes nothing he sees (his
task stays, his own yes is still stored); no mail tells him the moment.
Ending a shield (with a B1 question) shows her activity again and keeps
the history."""
import json
import os
import re

from portal import logged_in, sql, text_of
from test_documents import doc_ids
from test_dossier import post
from test_requests import new_request
from test_share import revoke, share, share_row
from test_shield import book, open_time, slot_of
from test_berichten import start as start_conversation
from test_help import asked as ask_help
from test_share_consent import decide, stop_all, waiting
from test_own_documents import new_doc, remove_own_documents

README = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "README.md")
# GET routes Mark cannot reach with anything of his own, and why.
NOT_MARKS = {
    "/balie/bon/{id}": "a receipt of a counter visit: Mark has none in the demo",
    "/antwoord/{token}": "a reply link: only a professional's mail holds one",
    # walked when a document Mark reads has a second version (test_dossier
    # makes one of the Plan voor Daan); the demo's are all version 1
    "/documenten/{id}/versies/{n}/verschil": "what changed: only after a new version",
    "/bevestigen/{token}": "a link that confirms a new mail address: only the mail "
                           "to that address holds one (test_contact_confirm.py)",
}
# the code an error page gives to quote, and when a calendar file was made
REQUEST_ID = re.compile(r'class="request-id">.*?</p>|DTSTAMP:\d{8}T\d{6}Z')
TOKEN = re.compile(r'(name="(?:csrf|nonce)" value=")[0-9a-f]{32,64}(")')


def get_routes():
    """The GET patterns anyone, any logged-in person or a citizen has."""
    text = open(README, encoding="utf-8").read()
    block = text.split("<!-- routes: begin", 1)[1].split("<!-- routes: end", 1)[0]
    out = set()
    for line in block.splitlines():
        f = line.split()
        if len(f) >= 3 and f[0] == "GET" and f[2] in ("public", "user", "citizen"):
            out.add(f[1])
    return out


def pattern_of(path):
    for pat, rx in ((r"/documenten/{id}/bestand", r"/documenten/[^/]+/bestand"),
                    (r"/documenten/{id}/versies/{n}/verschil",
                     r"/documenten/[^/]+/versies/\d+/verschil"),
                    (r"/documenten/{id}/versies/{n}", r"/documenten/[^/]+/versies/\d+"),
                    (r"/documenten/{id}/versies", r"/documenten/[^/]+/versies"),
                    (r"/documenten/{id}/wijzigen", r"/documenten/[^/]+/wijzigen"),
                    (r"/documenten/nieuw", r"/documenten/nieuw"),
                    (r"/documenten/{id}", r"/documenten/[^/?]+"),
                    (r"/verzoeken/{id}", r"/verzoeken/[^/?]+"),
                    (r"/berichten/{id}", r"/berichten/[^/?]+"),
                    (r"/hulp-vragen/{id}", r"/hulp-vragen/[^/?]+"),
                    (r"/afspraken/{id}.ics", r"/afspraken/[^/]+\.ics")):
        if re.fullmatch(rx, path):
            return pat
    return path


def marks_paths(m):
    """Every page Mark can GET, with the ids of his own lists."""
    paths = ["/", "/documenten", "/inzage", "/gegevens", "/delen", "/afspraken",
             "/mijn-gegevens", "/mijn-gegevens.json", "/verzoeken", "/berichten", "/taal",
             "/health", "/antwoord/verstuurd", "/bevestigd", "/inloggen", "/inloggen/code", "/activeren",
             "/gegevens/wachtwoord", "/rechten", "/uitleg", "/privacy", "/toegankelijkheid",
             "/hulp-vragen",
             "/zo-gaat-het", "/feedback", "/documenten/nieuw",
             "/onderzoek", "/analyse"]
    docs = sorted(set(re.findall(r'href="(/documenten/[A-Za-z0-9_-]{22})"',
                                 m.get("/documenten").text)))
    assert len(docs) >= 3, docs
    for d in docs:
        paths += [d, d + "/bestand", d + "/versies", d + "/versies/1"]
        paths += sorted(set(re.findall(r'href="(/documenten/[A-Za-z0-9_-]{22}/versies/\d+/verschil)"',
                                       m.get(d + "/versies").text)))
        if "zelf geschreven" in m.get(d).text:     # his own (issue 18)
            paths.append(d + "/wijzigen")
    for listing, rx in (("/verzoeken", r'href="(/verzoeken/[A-Za-z0-9_-]{22})"'),
                        ("/berichten", r'href="(/berichten/[A-Za-z0-9_-]{22})"'),
                        ("/hulp-vragen", r'href="(/hulp-vragen/[A-Za-z0-9_-]{22})"'),
                        ("/afspraken", r'href="(/afspraken/[A-Za-z0-9_-]{22}\.ics)"')):
        paths += sorted(set(re.findall(rx, m.get(listing).text)))
    return paths


MONTH_COUNT = re.compile(r"\(\d+ keer\)")


def normal(path, r):
    """A page as it may be compared: form tokens out; in the export, Mark's
    own rows out (his looks at these very pages)."""
    if path.endswith("/bestand") and r.status == 200:
        return (r.status, r.body)
    if path == "/mijn-gegevens.json":
        d = json.loads(r.text)
        d.pop("made_at", None)
        d["audit"] = [a for a in d["audit"] if a["who"] != "Mark de Vries"]
        return (r.status, json.dumps(d, sort_keys=True))
    t = REQUEST_ID.sub("X", TOKEN.sub(r"\1X\2", r.text))
    if path == "/mijn-gegevens":
        t = 'class="export-row"'.join(x for x in t.split('class="export-row"')
                                      if "Mark de Vries" not in x)
        # The month list counts every row about Mark, his own looks at
        # these pages too; the JSON above holds the same rows
        # (AUDIT_ABOUT) and is compared without his, so a row of
        # Sanne's would show there.
        t = MONTH_COUNT.sub("(N keer)", t)
    return (r.status, t)


MORE_IN_MONTH = re.compile(r'<p><a href="(/mijn-gegevens\?maand=[0-9-]+&amp;na=[0-9]+)'
                           r'#deel-audit">Meer uit deze maand</a></p>')
EXPORT_ROW = re.compile(r'<li class="export-row">.*?</li>\s*', re.S)


def export_page(m, path):
    """/mijn-gegevens without its lines, and then the lines of every page
    of its month (200 a page) that are not Mark's own: his looks at these
    very pages add lines of his and move his lines up (their newest
    moment), which pushes others' lines to a next page and changes how
    his and others' lines interleave; the others' lines keep their order."""
    r = m.get(path)
    assert r.status == 200, r
    rows = EXPORT_ROW.findall(r.text)
    t = REQUEST_ID.sub("X", TOKEN.sub(r"\1X\2", EXPORT_ROW.sub("", r.text)))
    t = MORE_IN_MONTH.sub("", MONTH_COUNT.sub("(N keer)", t))
    nxt, pages = MORE_IN_MONTH.search(r.text), 0
    while nxt and pages < 100:
        r = m.get(nxt.group(1).replace("&amp;", "&"))
        assert r.status == 200, r
        rows += EXPORT_ROW.findall(r.text)
        nxt, pages = MORE_IN_MONTH.search(r.text), pages + 1
    rows = [x.strip() for x in rows if "Mark de Vries" not in x]
    return (200, t + "".join(x + "\n" for x in rows))


def snapshot(m, paths):
    return {p: export_page(m, p) if p == "/mijn-gegevens" else normal(p, m.get(p))
            for p in paths}


def first_diff(a, b):
    a, b = str(a), str(b)
    i = next((k for k in range(min(len(a), len(b))) if a[k] != b[k]), min(len(a), len(b)))
    return "before: %r\nafter:  %r" % (a[max(0, i - 200):i + 200], b[max(0, i - 200):i + 200])


def minutes_of(person, since):
    """The minutes (HH:MM, Dutch time) of person's audit rows after since."""
    return {x for (x,) in sql(
        "SELECT to_char(at AT TIME ZONE 'Europe/Amsterdam', 'HH24:MI') FROM audit_log a "
        "JOIN account u ON u.person_id = a.actor_id WHERE u.username = '%s' AND a.id > %s"
        % (person, since))}


def forget_view_mails(since):
    """The mails to Fatima about the views written here (test_views counts
    those of the Gezinsplan)."""
    sql("DELETE FROM outbox WHERE id > %s AND subject = 'Nieuwe eigen visie in Gezinsportaal'"
        % since)


def outbox_now():
    return sql("SELECT coalesce(max(id), 0) FROM outbox")[0][0]


def test_shield_every_page_of_mark_stays_the_same_when_sanne_and_the_children_act():
    mails = outbox_now()
    try:
        every_page_of_mark_stays_the_same()
    finally:
        forget_view_mails(mails)
        remove_own_documents()


def every_page_of_mark_stays_the_same():
    ids = doc_ids()
    plan, daan_plan, verslag = ids["Gezinsplan"], ids["Plan voor Daan"], ids["Verslag huisbezoek"]
    m, f = logged_in("mark"), logged_in("fatima")
    # A time of Mark's own, so that his calendar file is walked too.
    assert open_time(f, 12, "07:30", "Stationsplein 4, kamer 8", "mark").status == 303
    assert book(m, slot_of("Stationsplein 4, kamer 8")).status == 303
    # And a request of his own, for its page.
    assert new_request(m, body="Mark vraagt iets over zijn telefoonnummer.").status == 303
    # And a conversation of his own with Fatima.
    start_conversation(m, "fatima", "Vraag van Mark", "Mark schrijft Fatima.")
    # And a help request of his own.
    ask_help(m, "Mark vraagt om hulp bij het weekend.")
    # And an own document the whole family may read (issue 18, part 2).
    mark_doc = new_doc(m, "mark", "Brief van Mark voor het gezin", readers="gezin")
    paths = marks_paths(m)
    # Every GET route Mark has is walked (or named, with why not).
    walked = {pattern_of(p) for p in paths}
    for pat in get_routes():
        assert pat in walked or pat in NOT_MARKS, "route not walked: " + pat
    # Once to read everything (his own unread markers go), then the pages
    # as they are.
    snapshot(m, paths)
    before = snapshot(m, paths)
    page_before = "\n".join(str(v[1]) for v in before.values())
    start = sql("SELECT max(id) FROM audit_log")[0][0]

    # Sanne: reads, downloads, comments (family and professional),
    # agrees partly, writes an own view, shares a report Mark may not
    # see and stops it, books a family time, writes to Fatima, asks for a
    # change.
    sanne, lotte, daan = logged_in("sanne"), logged_in("lotte"), logged_in("daan")
    assert sanne.get("/documenten/" + plan).status == 200
    assert sanne.get("/documenten/%s/bestand" % plan).status == 200
    words = {
        "sanne": ["Zonnebloem in het plan", "Alleen voor Fatima kamille",
                  "Het geld klopt niet lavendel", "Mijn eigen visie korenbloem",
                  "Bericht over de magnolia", "Verander de hortensia",
                  "Hulp bij de goudsbloem"],
        "lotte": ["Lotte vindt margriet", "Lotte haar visie tulp"],
        "daan": ["Daan wil vlinder judo", "Daan eigen stuk klaproos"],
    }
    w_own = {"sanne": "Sanne eigen stuk akelei", "lotte": "Lotte eigen stuk irisbloem"}
    words["sanne"].append(w_own["sanne"])
    words["lotte"].append(w_own["lotte"])
    w = words["sanne"]
    assert post(sanne, plan, "reacties", {"body": w[0], "audience": "gezin"}).status == 303
    assert post(sanne, plan, "reacties", {"body": w[1], "audience": "hulpverlener"}).status == 303
    assert post(sanne, plan, "instemming", {"decision": "deels", "explanation": w[2]}).status == 303
    assert post(sanne, plan, "visie", {"view_body": w[3]}).status == 303
    assert post(sanne, daan_plan, "instemming", {"decision": "eens"}).status == 303
    stop_all(verslag)
    assert share(sanne, verslag).status == 303
    row = share_row(verslag)
    assert row is not None
    assert revoke(sanne, row[0]).status == 303
    assert open_time(f, 11, "07:00", "Stationsplein 4, kamer 9").status == 303
    assert book(sanne, slot_of("Stationsplein 4, kamer 9")).status == 303
    start_conversation(sanne, "fatima", "Over de magnolia", w[4])
    assert new_request(sanne, document=plan, body=w[5]).status == 303
    ask_help(sanne, w[6], urgency="nu")
    # Sanne's own check-in (shared with Fatima) and her feedback.
    f_ck = {"csrf": sanne.csrf("/zo-gaat-het"), "share": "ja"}
    f_ck.update({"q%d" % i: "2" for i in range(1, 6)})
    assert sanne.post("/zo-gaat-het", f_ck).status == 303
    r = sanne.post("/feedback", {"csrf": sanne.csrf("/feedback"), "score": "4",
                                 "body": "Sanne vindt de hulp zo-zo"})
    assert r.status in (303, 409)
    # Lotte (16) and Daan (13): a comment for the family, an opinion, a view.
    assert post(lotte, plan, "reacties", {"body": words["lotte"][0],
                                          "audience": "gezin"}).status == 303
    assert post(lotte, plan, "instemming", {"decision": "eens"}).status == 303
    assert post(lotte, plan, "visie", {"view_body": words["lotte"][1]}).status == 303
    assert post(daan, daan_plan, "reacties", {"body": words["daan"][0],
                                              "audience": "gezin"}).status == 303
    assert post(daan, daan_plan, "instemming", {"decision": "eens"}).status == 303
    # Own documents for the whole family (issue 18), and they read Mark's.
    own = [new_doc(sanne, "sanne", w_own["sanne"], readers="gezin"),
           new_doc(lotte, "lotte", w_own["lotte"], readers="gezin"),
           new_doc(daan, "daan", words["daan"][1], readers="gezin")]
    for c in (sanne, lotte, daan):
        assert c.get("/documenten/" + mark_doc).status == 200
    for d in own:
        assert m.get("/documenten/" + d).status == 404

    # Mark: every page as before.
    after = snapshot(m, paths)
    for p in paths:
        assert after[p] == before[p], "%s changed for Mark:\n%s" % (
            p, first_diff(before[p], after[p]))
    page_after = "\n".join(str(v[1]) for v in after.values())
    for who, ws in words.items():
        for x in ws:
            assert x not in page_after, (who, x)
    # No minute of theirs that was not on his pages before.
    for who in ("sanne", "lotte", "daan"):
        for hhmm in minutes_of(who, start):
            if hhmm not in page_before:
                assert hhmm not in page_after, (who, hhmm)
    # The names: not once more than before, on any page.
    for p in paths:
        for name in ("Sanne", "Lotte", "Daan", "Mees"):
            assert str(after[p][1]).count(name) == str(before[p][1]).count(name), (p, name)

    # Fatima sees it all; Sanne her own and the children's.
    ft = text_of(f.get("/documenten/" + plan).text)
    for x in [w[0], w[1], w[2], w[3], words["lotte"][0], words["lotte"][1]]:
        assert x in ft, x
    assert words["daan"][0] in text_of(f.get("/documenten/" + daan_plan).text)
    st = text_of(sanne.get("/documenten/" + plan).text)
    for x in [w[0], w[1], w[2], w[3], words["lotte"][0], words["lotte"][1]]:
        assert x in st, x
    assert "Lotte is het eens." in st and "U bent het deels eens." in st
    assert words["daan"][0] in text_of(sanne.get("/documenten/" + daan_plan).text)
    # Lotte (not shielded from Sanne) reads her mother's family comment.
    assert w[0] in text_of(lotte.get("/documenten/" + plan).text)
    # Mark's own consent line is there; nobody else's.
    mt = text_of(m.get("/documenten/" + plan).text)
    assert "Is iedereen het eens met dit stuk?" in mt
    for name in ("Sanne is", "Lotte is", "Daan is", "Sanne heeft", "Lotte heeft"):
        assert name not in mt, name
    # Clean up the help requests and the bookings.
    sql("UPDATE help_request SET status = 'afgerond', done_at = now() "
        "WHERE body IN ('%s', 'Mark vraagt om hulp bij het weekend.')" % w[6])
    for c in (sanne, m):
        for a in re.findall(r'/afspraken/([A-Za-z0-9_-]+)\.ics',
                            c.get("/afspraken").text.split('id="kiezen"')[0]):
            c.post("/afspraken/%s/annuleren" % a, {"csrf": c.csrf("/afspraken"), "reason": ""})


def mark_mail_to(address):
    sql("INSERT INTO contact_details (person_id, email, reach_by) "
        "SELECT person_id, '%s', 'email' FROM account WHERE username = 'mark' "
        "ON CONFLICT (person_id) DO UPDATE SET email = excluded.email, "
        "reach_by = 'email'" % address)


def mails_to(address):
    return int(sql("SELECT count(*) FROM outbox WHERE recipient = '%s'" % address)[0][0])


def test_shield_a_share_asks_mark_without_naming_or_dating_sanne():
    doc = doc_ids()["Gezinsplan"]
    old = sql("SELECT email, reach_by FROM contact_details WHERE person_id = "
              "(SELECT person_id FROM account WHERE username = 'mark')")
    address = "mark.afscherming@voorbeeld.invalid"
    mark_mail_to(address)
    try:
        stop_all(doc)
        m = logged_in("mark")
        n = mails_to(address)
        # Sanne asks: Mark is asked, without her name, and no mail tells
        # him when (his task is on his start page and /delen).
        assert share(logged_in("sanne"), doc).status == 303
        sid = waiting(doc)[0]
        assert mails_to(address) == n
        start, delen = m.get("/"), m.get("/delen")
        for page in (start, delen, m.get("/documenten/" + doc)):
            t = text_of(page.text)
            assert "Iemand uit uw gezin wil 'Gezinsplan' delen met GGZ Rivierenland" in t, t
            assert "Sanne" not in t.split("Gezinsplan", 1)[1].split("toestemming?", 1)[0]
        t = text_of(delen.text)
        line = t.rsplit("GGZ Rivierenland, tot en met", 1)[1].split("Toch niet delen")[0]
        assert "Sanne" not in line and "Ja gezegd" not in line, line
        assert re.search(r"Nog nodig: (Ans, )?Mark\.", line), line
        assert "Misschien moet ook iemand anders uit uw gezin nog ja zeggen." in line, line
        # Lotte says yes: nothing Mark sees changes.
        d_before = TOKEN.sub("", m.get("/delen").text)
        s_before = TOKEN.sub("", m.get("/").text)
        assert decide(logged_in("lotte"), sid, "ja").status == 303
        assert TOKEN.sub("", m.get("/delen").text) == d_before
        assert TOKEN.sub("", m.get("/").text) == s_before
        # Sanne's own page names who said yes.
        st = text_of(logged_in("sanne").get("/delen").text)
        assert "Ja gezegd: Sanne, Lotte." in st, st
        # Mark's yes is stored (not "niet meer nodig"), and named to him.
        r = decide(m, sid, "ja")
        assert r.status == 303 and r.header("Location") == "/delen?ja=%s#opgeslagen" % doc
        t = text_of(m.get("/delen").text)
        line = t.rsplit("GGZ Rivierenland, tot en met", 1)[1].split("Toch niet delen")[0]
        assert "Ja gezegd: Mark." in line and "Sanne" not in line, line
        assert "Ja gezegd: Mark, Sanne, Lotte." in text_of(logged_in("sanne").get("/delen").text)
        stop_all(doc)
        # Mark asks; Sanne says no: Mark gets no mail at that moment;
        # /delen says it stopped, not who.
        names = text_of(m.get("/delen").text).count("Sanne")
        assert share(m, doc).status == 303
        sid = waiting(doc)[0]
        n = mails_to(address)
        assert decide(logged_in("sanne"), sid, "nee").status == 303
        assert mails_to(address) == n
        t = text_of(m.get("/delen").text)
        assert t.count("Sanne") == names, t
    finally:
        stop_all(doc)
        if old:
            sql("UPDATE contact_details SET email = '%s', reach_by = '%s' WHERE person_id = "
                "(SELECT person_id FROM account WHERE username = 'mark')" % (old[0][0], old[0][1]))
        else:
            sql("DELETE FROM contact_details WHERE person_id = "
                "(SELECT person_id FROM account WHERE username = 'mark')")


SHIELD = "/gezinnen/%s/afscherming"


def test_shield_fatima_ends_a_shield_after_a_question_and_the_history_stays():
    from test_files import family, person
    from test_shield import add
    fam = family("de-vries")
    f = logged_in("fatima")
    # A shield of Lotte from Daan, for this test.
    assert add(f, fam, person("lotte"), person("daan")).status == 303
    page = f.get(SHIELD % fam).text
    stops = re.findall(r'action="(/gezinnen/[^/]+/afscherming/[A-Za-z0-9_-]{22}/stoppen)"', page)
    assert len(stops) == 5, stops
    sid = sql("SELECT s.public_id FROM member_shield s JOIN account a ON a.person_id = "
              "s.person_id JOIN account b ON b.person_id = s.from_person_id "
              "WHERE a.username = 'lotte' AND b.username = 'daan' AND s.ended_at IS NULL")[0][0]
    stop = "/gezinnen/%s/afscherming/%s/stoppen" % (fam, sid)
    assert stop in stops
    d = logged_in("daan")
    words = "Lotte schrijft over de waterlelie"
    assert post(logged_in("lotte"), doc_ids()["Gezinsplan"], "reacties",
                {"body": words, "audience": "gezin"}).status == 303
    assert words not in d.get("/documenten/" + doc_ids()["Gezinsplan"]).text
    # Others may not end it: as if it does not exist; members: not theirs.
    for user, status in (("peter", 404), ("ellen", 404), ("mark", 403), ("daan", 403),
                         ("kees", 404)):
        c = logged_in(user)
        assert c.post(stop, {"csrf": c.csrf("/"), "zeker": "ja"}).status == status, user
    # Without the form token: refused.
    assert f.post(stop, {"zeker": "ja"}).status == 403
    # First the question, in B1; nothing ended yet.
    r = f.post(stop, {"csrf": f.csrf(SHIELD % fam)})
    assert r.status == 200
    t = text_of(r.text)
    assert "Weet u zeker dat u deze afscherming wilt stoppen?" in t
    assert "Daarna ziet Daan weer wat Lotte de Vries in het portaal doet." in t
    assert 'name="zeker" value="ja"' in r.text
    assert sql("SELECT ended_at IS NULL FROM member_shield WHERE public_id = '%s'" % sid) == [["t"]]
    # Yes: ended, with who and when; the row stays; audited about Lotte.
    r = f.post(stop, {"csrf": f.csrf(SHIELD % fam), "zeker": "ja"})
    assert r.status == 303 and r.header("Location") == SHIELD % fam + "?gestopt=1"
    t = text_of(f.get(r.header("Location")).text)
    assert "De afscherming is gestopt." in t
    assert "Lotte de Vries was afgeschermd voor Daan de Vries." in t
    assert "gestopt door Fatima Bouali" in t
    assert "Lotte de Vries is afgeschermd voor Daan de Vries." not in t
    assert sql("SELECT ended_by IS NOT NULL FROM member_shield WHERE public_id = '%s'"
               % sid) == [["t"]]
    lotte_id = sql("SELECT person_id FROM account WHERE username = 'lotte'")[0][0]
    assert sql("SELECT count(*) FROM audit_log WHERE action = 'shield.end' AND outcome = "
               "'allowed' AND object_id = '%s'" % lotte_id) == [["1"]]
    # Daan sees Lotte's family comment again.
    assert words in text_of(d.get("/documenten/" + doc_ids()["Gezinsplan"]).text)
    # A second click, or an ended shield: 404, nothing more.
    assert f.post(stop, {"csrf": f.csrf(SHIELD % fam), "zeker": "ja"}).status == 404
    assert sql("SELECT count(*) FROM audit_log WHERE action = 'shield.end' AND outcome = "
               "'allowed' AND object_id = '%s'" % lotte_id) == [["1"]]
    # It can be set again: a new row; the old one stays in the history.
    assert add(f, fam, person("lotte"), person("daan")).status == 303
    assert sql("SELECT count(*) FROM member_shield s JOIN account a ON a.person_id = "
               "s.person_id JOIN account b ON b.person_id = s.from_person_id "
               "WHERE a.username = 'lotte' AND b.username = 'daan'") == [["2"]]
    assert words not in d.get("/documenten/" + doc_ids()["Gezinsplan"]).text
    sql("DELETE FROM member_shield WHERE person_id = %s AND from_person_id = "
        "(SELECT person_id FROM account WHERE username = 'daan')" % lotte_id)


def test_shield_the_clerk_helping_mark_sees_what_mark_sees():
    """At the counter the clerk acts as the citizen: helping Mark, Kees
    sees none of what Sanne did; helping Sanne, he sees it (as she does)."""
    from test_counter import helping, stop
    plan = doc_ids()["Gezinsplan"]
    mails = outbox_now()
    sanne = logged_in("sanne")
    words, view = "Sanne schrijft over de klaproos", "Sanne haar visie over de iris"
    assert post(sanne, plan, "reacties", {"body": words, "audience": "gezin"}).status == 303
    assert post(sanne, plan, "instemming", {"decision": "eens"}).status == 303
    assert post(sanne, plan, "visie", {"view_body": view}).status == 303
    c = helping("Mark", "de Vries")
    try:
        t = text_of(c.get("/documenten/" + plan).text)
        assert words not in t and view not in t and "Sanne is het eens" not in t, t
        # Mark writing for the family: Sanne reads it (she is shielded
        # from him, not he from her), so the form names her.
        assert "Sanne" in t.split("Wie mag het lezen?")[1]
        assert "Sanne" not in text_of(c.get("/inzage").text)
    finally:
        stop(c)
    c = helping("Sanne", "de Vries")
    try:
        t = text_of(c.get("/documenten/" + plan).text)
        assert words in t and view in t and "U bent het eens." in t
    finally:
        stop(c)
        forget_view_mails(mails)


def plan_part(t):
    """The Gezinsplan's part of /delen (as text)."""
    return t.split("Gezinsplan Wie kan dit stuk nu zien?", 1)[1].split("Dit stuk delen")[0]


def test_shield_a_share_sanne_stops_ends_for_mark_without_its_day():
    """Mark reads that a share of his Gezinsplan ended (who reads his
    documents is his to know), not the day Sanne stopped it."""
    from test_audience import share_with_ggz
    doc = doc_ids()["Gezinsplan"]
    stop_all(doc)
    share_with_ggz(doc)
    sid = share_row(doc)[0]
    # shares of this document that earlier tests ended stay on the page
    # (one ended by someone not shielded from Mark shows its day): count
    # the lines before, so that only this share's line is judged
    ended = "GGZ Rivierenland kan dit stuk niet meer zien."
    since = "GGZ Rivierenland kan dit stuk niet meer zien sinds"

    def lines(user):
        t = plan_part(text_of(logged_in(user).get("/delen").text))
        return t.count(ended), t.count(since), t
    before = {u: lines(u) for u in ("mark", "lotte", "sanne")}
    try:
        assert revoke(logged_in("sanne"), sid).status == 303
        assert sql("SELECT revoked_by = (SELECT person_id FROM account WHERE username = "
                   "'sanne') FROM document_share WHERE public_id = '%s'" % sid) == [["t"]]
        n_ended, n_since, t = lines("mark")
        assert (n_ended, n_since) == (before["mark"][0] + 1, before["mark"][1]), (before, t)
        # Lotte (nobody is shielded from her) and Sanne read the day.
        for user in ("lotte", "sanne"):
            n_ended, n_since, t = lines(user)
            assert (n_ended, n_since) == (before[user][0], before[user][1] + 1), (user, t)
    finally:
        # this one only (earlier ones keep their yeses)
        sql("DELETE FROM document_share WHERE public_id = '%s'" % sid)


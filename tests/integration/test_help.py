"""Ask for help (/hulp-vragen, issue 18 part 1): a member, or the clerk
in their assisted session, writes what they need, how urgent and how to
be contacted. Each request makes exactly one mail to the intake of the
family's team and one webhook event help.requested (no words of the
family in either), shows on the team's worklist, and the member sees its
state and what happens next. "nu" puts the fixed 112 / Veilig Thuis
notice first on the page. Nobody else sees a request: not another
member, not another family, not a professional who is not assigned, not
a clerk outside a session (all 404)."""
import json
import re
import uuid

from portal import Client, logged_in, sql, text_of
from test_counter import helping, stop
from test_outbox import wait_for
from test_webhooks import SECRET, Sink, start_sink

CSRF = re.compile(r'name="csrf" value="([0-9a-f]{64})"')
NONCE = re.compile(r'name="nonce" value="([0-9a-f]{32})"')
LOC = re.compile(r"/hulp-vragen/([A-Za-z0-9_-]{22})\?verstuurd=1")
NOTICE = ("Is iemand nu in gevaar? Bel 112. Wilt u advies over geweld thuis? "
          "Bel Veilig Thuis: 0800-2000 (gratis, dag en nacht).")
INTAKE = "intake-wijkteam-centrum@demo.gezinsportaal.invalid"


def form(c):
    page = c.get("/hulp-vragen")
    assert page.status == 200, page
    return {"csrf": CSRF.search(page.text).group(1),
            "nonce": NONCE.search(page.text).group(1)}


def ask(c, body, urgency="deze-week", contact="telefoon", **over):
    f = form(c)
    f.update({"body": body, "urgency": urgency, "contact": contact})
    f.update(over)
    return c.post("/hulp-vragen", f)


def asked(c, body, **kw):
    """A new help request; its public id."""
    r = ask(c, body, **kw)
    assert r.status == 303, (r, text_of(r.text)[:400])
    m = LOC.fullmatch(r.header("Location"))
    assert m, r.header("Location")
    return m.group(1)


def outbox_of(help_id):
    """(mails to the intake with a link to it, webhook events about it)."""
    mails = sql("SELECT recipient, subject, replace(body, chr(10), ' ') "
                "FROM outbox WHERE kind = 'mail' "
                "AND body LIKE '%%/hulp-vragen/%s%%'" % help_id)
    hooks = sql("SELECT body FROM outbox WHERE kind = 'webhook' "
                "AND subject = 'help.requested' AND body LIKE '%%%s%%'" % help_id)
    return mails, [json.loads(h[0]) for h in hooks]


def audits(action, outcome, object_id):
    return int(sql("SELECT count(*) FROM audit_log WHERE action = '%s' AND "
                   "outcome = '%s' AND object_id = '%s'"
                   % (action, outcome, object_id))[0][0])


def mark(c, help_id, status, note=""):
    page = c.get("/hulp-vragen/%s" % help_id)
    assert page.status == 200, page
    return c.post("/hulp-vragen/%s/stand" % help_id,
                  {"csrf": CSRF.search(page.text).group(1), "status": status,
                   "note": note})


def worklist_ids(c):
    page = c.get("/antwoord")
    assert page.status == 200, page
    return re.findall(r'href="/hulp-vragen/([A-Za-z0-9_-]{22})"', page.text)


def test_help_request_one_mail_one_event_worklist_and_state():
    srv = start_sink()
    sql("UPDATE organisation SET webhook_url = 'http://127.0.0.1:%d/hook', "
        "webhook_secret = '%s' WHERE slug = 'wijkteam-centrum'"
        % (srv.server_address[1], SECRET))
    try:
        sanne = logged_in("sanne")
        words = "Ik maak me zorgen over Daan. Hij slaapt slecht. %s" % uuid.uuid4().hex
        hid = asked(sanne, words)
        page = sanne.get("/hulp-vragen/%s?verstuurd=1" % hid)
        t = text_of(page.text)
        assert page.status == 200
        assert "Uw vraag om hulp is verstuurd naar Wijkteam Centrum." in t, t
        assert "Wijkteam Centrum heeft uw vraag. Iemand neemt uiterlijk" in t, t
        assert "Ontvangen" in t and words in t
        assert "Bel 112" not in t          # not "nu": no notice
        # exactly one mail to the team's intake and one event, no words
        mails, hooks = outbox_of(hid)
        assert len(mails) == 1, mails
        assert mails[0][0] == INTAKE and mails[0][1] == "Nieuwe vraag om hulp in Gezinsportaal"
        assert "Daan" not in mails[0][2] and "slaapt" not in mails[0][2]
        assert len(hooks) == 1, hooks
        assert hooks[0]["event"] == "help.requested" and hooks[0]["help"] == hid
        assert hooks[0]["urgency"] == "deze-week" and "Daan" not in json.dumps(hooks[0])
        assert wait_for(lambda: any(h.get("X-Gezinsportaal-Event") == "help.requested"
                                    and hid.encode() in b for h, b in Sink.got))
        assert audits("help.create", "allowed", hid) == 1
        # her list says where it stands
        t = text_of(sanne.get("/hulp-vragen").text)
        assert "Uw vragen om hulp" in t and "Stand: Ontvangen." in t
        # the team: Fatima's worklist, the request, the marks
        fatima = logged_in("fatima")
        assert hid in worklist_ids(fatima)
        # her start page: a task to get in touch, with a link
        home = fatima.get("/").text
        assert 'href="/hulp-vragen/%s"' % hid in home
        assert "Sanne de Vries vraagt om hulp. Neem contact op." in text_of(home)
        assert hid not in logged_in("peter").get("/").text
        t = text_of(fatima.get("/hulp-vragen/%s" % hid).text)
        assert words in t and "Sanne de Vries" in t and "Bel mij op" in t
        r = mark(fatima, hid, "contact", "Ik bel u morgen om 10 uur.")
        assert r.status == 303, r
        t = text_of(sanne.get("/hulp-vragen/%s" % hid).text)
        assert "Fatima Bouali van Wijkteam Centrum neemt contact met u op." in t, t
        assert "Ik bel u morgen om 10 uur." in t and "Iemand neemt contact op" in t
        # the news on her start page (since her last visit); no task left
        # for Fatima
        home = logged_in("sanne").get("/").text
        assert "Fatima Bouali neemt contact met u op over uw vraag om hulp." in text_of(home)
        assert 'href="/hulp-vragen/%s"' % hid not in logged_in("fatima").get("/").text
        assert hid not in logged_in("mark").get("/").text
        assert mark(fatima, hid, "afgerond").status == 303
        t = text_of(sanne.get("/hulp-vragen/%s" % hid).text)
        assert "Uw vraag is afgerond op" in t, t
        assert hid not in worklist_ids(fatima)
        assert audits("help.contact", "allowed", hid) == 1
        assert audits("help.done", "allowed", hid) == 1
        # her export holds it, and that Fatima read it
        ex = json.loads(sanne.get("/mijn-gegevens.json").text)
        mine = [h for h in ex["help_requests"] if h["id"] == hid]
        assert len(mine) == 1 and mine[0]["text"] == words
        assert mine[0]["status"] == "afgerond" and mine[0]["note"] == "Ik bel u morgen om 10 uur."
        assert any(a["action"] == "help.read" and a["object_id"] == hid and
                   a["who"] == "Fatima Bouali" for a in ex["audit"])
        t = text_of(sanne.get("/mijn-gegevens").text)
        assert "Uw vragen om hulp" in t and words in t
        # nobody else's export or list holds it
        mark_ = logged_in("mark")
        assert hid not in mark_.get("/hulp-vragen").text
        assert hid not in mark_.get("/mijn-gegevens.json").text
        lotte = logged_in("lotte").get("/hulp-vragen").text
        assert words not in lotte and "Waar wil je hulp bij?" in text_of(lotte)
    finally:
        sql("UPDATE organisation SET webhook_url = NULL, webhook_secret = NULL")
        srv.shutdown()


def test_help_now_shows_the_urgent_notice_first():
    sanne = logged_in("sanne")
    hid = asked(sanne, "Mark staat voor de deur en is boos.", urgency="nu",
                contact="telefoon")
    page = sanne.get("/hulp-vragen/%s?verstuurd=1" % hid)
    main = page.text[page.text.index('<main'):]
    # the notice first, before the title and anything else
    first = re.search(r'<main[^>]*>\s*<div class="notice notice--danger" role="alert"', main)
    assert first, main[:300]
    assert main.index("notice--danger") < main.index('class="page-title"')
    assert NOTICE in text_of(page.text)
    assert "Iemand neemt vandaag contact met u op." in text_of(page.text)
    mails, hooks = outbox_of(hid)
    assert len(mails) == 1 and mails[0][1].startswith("Dringend:"), mails
    assert len(hooks) == 0          # no endpoint configured now
    # urgent ones come first on the team's worklist, tagged
    ids = worklist_ids(logged_in("fatima"))
    assert ids and ids[0] == hid, ids
    # the form again with "nu" kept also shows it first
    r = ask(sanne, "", urgency="nu")
    assert r.status == 400
    main = r.text[r.text.index('<main'):]
    assert main.index("notice--danger") < main.index('class="page-title"')
    # the other choices do not
    other = asked(sanne, "Wij zoeken hulp bij de opvoeding.", urgency="geen-haast")
    assert "notice--danger" not in sanne.get("/hulp-vragen/%s" % other).text
    mark(logged_in("fatima"), hid, "afgerond")
    mark(logged_in("fatima"), other, "afgerond")


def test_help_bad_input_form_again_with_text_kept():
    sanne = logged_in("sanne")
    before = sql("SELECT count(*) FROM help_request")[0][0]
    outbox = sql("SELECT count(*) FROM outbox")[0][0]
    r = ask(sanne, "   ")
    assert r.status == 400
    t = text_of(r.text)
    assert "Er is een probleem" in t and "Schrijf waar u hulp bij wilt." in t
    assert 'href="#body"' in r.text
    r = ask(sanne, "Ik wil graag praten over school.", urgency="morgen",
            contact="e-mail")
    assert r.status == 400
    assert "Kies hoe snel u hulp nodig heeft." in text_of(r.text)
    assert "Ik wil graag praten over school.</textarea>" in r.text
    assert re.search(r'value="e-mail" checked', r.text)
    assert 'href="#urgency"' in r.text
    r = ask(sanne, "Iets", contact="duif")
    assert r.status == 400 and "Kies hoe wij contact met u opnemen." in text_of(r.text)
    assert sql("SELECT count(*) FROM help_request")[0][0] == before
    assert sql("SELECT count(*) FROM outbox")[0][0] == outbox
    # sent twice (double click): stored once
    f = form(sanne)
    f.update({"body": "Twee keer geklikt %s" % uuid.uuid4().hex,
              "urgency": "deze-week", "contact": "portaal"})
    assert sanne.post("/hulp-vragen", f).status == 303
    assert sanne.post("/hulp-vragen", f).status == 303
    assert sql("SELECT count(*) FROM help_request WHERE body = '%s'" % f["body"]) == [["1"]]
    assert sql("SELECT count(*) FROM outbox WHERE kind = 'mail' AND body LIKE "
               "'%%' || (SELECT public_id FROM help_request WHERE body = '%s') || '%%'"
               % f["body"]) == [["1"]]
    # done, so no later test finds it waiting on Fatima's start page
    sql("UPDATE help_request SET status = 'afgerond', done_at = now() "
        "WHERE body = '%s'" % f["body"])


def test_help_denials_other_member_family_professional_and_clerk():
    sanne = logged_in("sanne")
    hid = asked(sanne, "Privé: ik wil hulp voor mezelf.")
    path = "/hulp-vragen/%s" % hid
    for login in ("mark", "lotte", "daan", "emre", "elif", "peter", "ellen"):
        c = logged_in(login)
        r = c.get(path)
        assert r.status == 404, (login, r)
        assert "Privé" not in r.text
    assert audits("help.read", "denied", hid) == 7
    # not on the worklist of a professional who is not assigned
    assert hid not in worklist_ids(logged_in("peter"))
    assert hid not in worklist_ids(logged_in("ellen"))
    # marking: another family's professional 404, a member 403 (the role)
    peter = logged_in("peter")
    r = peter.post(path + "/stand", {"csrf": peter.csrf("/"), "status": "afgerond"})
    assert r.status == 404, r
    r = sanne.post(path + "/stand", {"csrf": sanne.csrf("/"), "status": "afgerond"})
    assert r.status == 403, r
    assert sql("SELECT status FROM help_request WHERE public_id = '%s'" % hid) == [["ontvangen"]]
    # a clerk outside a session: 404 on the page, the form and the request
    kees = logged_in("kees")
    assert kees.get("/hulp-vragen").status == 404
    assert kees.get(path).status == 404
    r = kees.post("/hulp-vragen", {"csrf": kees.csrf("/"), "body": "x",
                                   "urgency": "nu", "contact": "balie"})
    assert r.status == 404
    # an unknown one is the same 404
    assert sanne.get("/hulp-vragen/" + "A" * 22).status == 404
    # not logged in: to the log-in page
    r = Client().get(path)
    assert r.status == 303 and r.header("Location").startswith("/inloggen")
    mark(logged_in("fatima"), hid, "afgerond")


def test_help_at_the_counter_for_ans():
    c = helping("Ans", "Mulder")
    page = c.get("/hulp-vragen")
    assert page.status == 200 and "Hulp vragen" in text_of(page.text)
    hid = asked(c, "Ans wil hulp bij het oppassen op de kinderen.", contact="balie")
    t = text_of(c.get("/hulp-vragen/%s" % hid).text)
    assert "aan de balie" in t and "Ik kom naar de balie" in t
    ans = sql("SELECT id FROM person WHERE given_name = 'Ans' AND family_name = 'Mulder'")[0][0]
    kees = sql("SELECT person_id FROM account WHERE username = 'kees'")[0][0]
    assert sql("SELECT author_id, helped_by FROM help_request WHERE public_id = '%s'"
               % hid) == [[ans, kees]]
    assert sql("SELECT count(*) FROM audit_log WHERE action = 'help.create' "
               "AND object_id = '%s' AND actor_id = %s AND on_behalf_of = %s"
               % (hid, kees, ans)) == [["1"]]
    mails, _ = outbox_of(hid)
    assert len(mails) == 1 and mails[0][0] == INTAKE
    receipt = stop(c)
    # the receipt says it in words (what /inzage says of the counter too)
    assert "Om hulp gevraagd." in text_of(c.get(receipt).text)
    # after the session: the clerk reaches it no more
    assert c.get("/hulp-vragen/%s" % hid).status == 404
    # the team sees it, Sanne (another member) does not
    assert hid in worklist_ids(logged_in("fatima"))
    assert logged_in("sanne").get("/hulp-vragen/%s" % hid).status == 404
    mark(logged_in("fatima"), hid, "afgerond")


def test_help_without_professionals_goes_to_the_municipal_intake():
    """A citizen of a family nobody works with: the configured intake
    (help_intake = wijkteam-centrum in the tests) gets it; its
    professionals see it although not assigned, nobody else."""
    slug = "hulp-" + uuid.uuid4().hex[:12]
    login = "h" + uuid.uuid4().hex[:10]
    sql("WITH f AS (INSERT INTO family (slug, name, framework) "
        "  VALUES ('%s', 'Jansen', 'vrijwillig') RETURNING id), "
        "p AS (INSERT INTO person (given_name, family_name, birth_date, kind) "
        "  VALUES ('Joke', 'Jansen', current_date - interval '35 years', 'citizen') "
        "  RETURNING id), "
        "a AS (INSERT INTO account (person_id, username, password_hash) "
        "  SELECT p.id, '%s', (SELECT password_hash FROM account WHERE username = 'sanne') "
        "  FROM p RETURNING person_id) "
        "INSERT INTO family_member (family_id, person_id, role) "
        "SELECT f.id, a.person_id, 'moeder' FROM f, a" % (slug, login))
    joke = logged_in(login)
    hid = asked(joke, "Ik weet niet waar ik moet beginnen. Mijn zoon spijbelt.")
    assert sql("SELECT o.slug, h.via_intake FROM help_request h JOIN organisation o "
               "ON o.id = h.organisation_id WHERE h.public_id = '%s'" % hid) == \
        [["wijkteam-centrum", "t"]]
    mails, _ = outbox_of(hid)
    assert len(mails) == 1 and mails[0][0] == INTAKE
    fatima = logged_in("fatima")
    assert hid in worklist_ids(fatima)
    assert fatima.get("/hulp-vragen/%s" % hid).status == 200
    for other in ("peter", "ellen", "sanne"):
        assert logged_in(other).get("/hulp-vragen/%s" % hid).status == 404, other
    assert mark(fatima, hid, "contact", "Wij bellen u vrijdag.").status == 303
    t = text_of(joke.get("/hulp-vragen/%s" % hid).text)
    assert "Fatima Bouali van Wijkteam Centrum neemt contact met u op." in t
    assert mark(fatima, hid, "afgerond").status == 303


HELP_ROW = re.compile(r'<a href="/hulp-vragen/([A-Za-z0-9_-]{22})">')
HELP_OLDER = re.compile(r'href="(/hulp-vragen\?na=[A-Za-z0-9_-]+)"')


def test_help_own_list_paged_reaches_every_one():
    """Issue 21, no silent caps: the list of a member's own requests read
    the newest 200. Now 50 a page, "Oudere vragen om hulp" reaches every
    one, each once, newest first; Mark's never show on Sanne's pages; a
    cursor that is not one of her own requests is the first page."""
    marker = "Lijsttest %s" % uuid.uuid4().hex[:8]
    for login, n in (("sanne", 230), ("mark", 3)):
        sql("INSERT INTO help_request (family_id, author_id, body, urgency, contact, "
            "    organisation_id, via_intake, created_at, form_nonce) "
            "SELECT m.family_id, a.person_id, '%s ' || g, 'geen-haast', 'portaal', "
            "  o.id, true, now() - interval '500 days' + g * interval '1 hour', "
            "  md5(random()::text || g) "
            "  FROM account a JOIN family_member m ON m.person_id = a.person_id "
            "  JOIN family f ON f.id = m.family_id AND f.slug = 'de-vries', "
            "  (SELECT min(id) AS id FROM organisation) o, generate_series(1, %d) g "
            " WHERE a.username = '%s'" % (marker, n, login))
    try:
        want = [x[0] for x in sql(
            "SELECT h.public_id FROM help_request h JOIN account a ON a.person_id = h.author_id "
            "WHERE a.username = 'sanne' ORDER BY h.created_at DESC, h.id DESC")]
        marks = [x[0] for x in sql(
            "SELECT h.public_id FROM help_request h JOIN account a ON a.person_id = h.author_id "
            "WHERE a.username = 'mark'")]
        assert len(want) >= 230, len(want)
        sanne = logged_in("sanne")
        got, sizes, path = [], [], "/hulp-vragen"
        while path:
            r = sanne.get(path)
            assert r.status == 200, (path, r)
            page = HELP_ROW.findall(r.text)
            got += page
            sizes.append(len(page))
            m = HELP_OLDER.search(r.text)
            path = m.group(1) if m else None
            assert len(sizes) < 100
        assert got == want, (len(got), len(want))
        assert all(s == 50 for s in sizes[:-1]) and len(sizes) >= 5, sizes
        assert not set(got) & set(marks)
        first = HELP_ROW.findall(sanne.get("/hulp-vragen").text)
        for q in ["na=" + marks[0], "na=bestaat-niet", "na="]:
            r = sanne.get("/hulp-vragen?" + q)
            assert r.status == 200 and HELP_ROW.findall(r.text) == first, q
        assert 'href="/hulp-vragen">' in sanne.get("/hulp-vragen?na=" + want[49]).text
    finally:
        sql("DELETE FROM help_request WHERE body LIKE '%s %%'" % marker)

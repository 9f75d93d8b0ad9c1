"""The audit log NEN 7513 accepts (issue 17, part 2; sql/036, README "Audit
log"): every refusal is a row (403 of the route table, 403 of CSRF, 404 of
an object, 429, a failed and a held-back log-in), and so is a language
saved to the account; every row says who, on whose behalf, what, which
object, when, from where, the outcome with its HTTP status and the rule
that decided. Nothing deletes a row, also not one of 4 years old. /inzage:
a period (van, tot), one line per person and day, paging, a bad date is a
B1 answer."""
import re

from portal import Client, logged_in, sql, sql_fails, text_of
from test_documents import doc_ids

PERSON = "(SELECT person_id FROM account WHERE username = '%s')"
FIELDS = ("actor_id, actor_role, on_behalf_of, action, object_kind, object_id, "
          "remote_addr, outcome, http_status, rule, request_id IS NOT NULL, "
          "at > now() - interval '1 minute', assist_id")


def last_id():
    return int(sql("SELECT coalesce(max(id), 0) FROM audit_log")[0][0])


def rows_since(start, where):
    return sql("SELECT %s FROM audit_log WHERE id > %d AND %s ORDER BY id"
               % (FIELDS, start, where))


def person(user):
    return sql("SELECT person_id FROM account WHERE username = '%s'" % user)[0][0]


def person_id_of(given):
    """A person without an account (Mees), by given name."""
    return sql("SELECT id FROM person WHERE given_name = '%s' AND family_name = "
               "'de Vries'" % given)[0][0]


def family(slug):
    return sql("SELECT public_id FROM family WHERE slug = '%s'" % slug)[0][0]


def test_audit_log_route_table_403():
    """A parent on a professional's page: 403, and one row that says so."""
    start = last_id()
    path = "/gezinnen/%s/contact" % family("de-vries")
    assert logged_in("sanne").get(path).status == 403
    rows = rows_since(start, "action = 'request.denied'")
    assert rows == [[person("sanne"), "citizen", "", "request.denied", "path",
                     "GET " + path, "127.0.0.1", "denied", "403", "route.role",
                     "t", "t", ""]], rows


def test_audit_log_csrf_403():
    """A POST without a valid form token, with none, from another site."""
    c = logged_in("sanne")
    cases = [({"csrf": "0" * 64, "l": "nl"}, {}, "csrf.token"),
             ({"l": "nl"}, {}, "csrf.missing"),
             ({"csrf": c.csrf("/"), "l": "nl"}, {"Origin": "https://kwaad.example"},
              "csrf.origin")]
    for fields, headers, rule in cases:
        start = last_id()
        assert c.post("/taal", fields, headers=headers).status == 403, rule
        rows = rows_since(start, "action = 'request.denied'")
        assert rows == [[person("sanne"), "citizen", "", "request.denied", "path",
                         "POST /taal", "127.0.0.1", "denied", "403", rule,
                         "t", "t", ""]], (rule, rows)
    # the refused change was not made
    assert sql("SELECT count(*) FROM audit_log WHERE id > %d AND action = "
               "'account.language'" % start)[0][0] == "0"


def test_audit_log_404_of_an_object():
    """A document that does not exist and one hidden from the reader: the
    same 404, each with its row and rule; another kind of object: the
    dispatcher's row."""
    start = last_id()
    missing = "A" * 22
    assert logged_in("sanne").get("/documenten/" + missing).status == 404
    rows = rows_since(start, "object_id = '%s'" % missing)
    assert rows == [[person("sanne"), "citizen", "", "document.read", "document",
                     missing, "127.0.0.1", "denied", "404", "object.unknown",
                     "t", "t", ""]], rows
    start = last_id()
    hidden = doc_ids()["Verslag huisbezoek"]
    assert logged_in("mark").get("/documenten/" + hidden).status == 404
    rows = rows_since(start, "object_id = '%s'" % hidden)
    assert len(rows) == 1 and rows[0][:9] == [
        person("mark"), "citizen", "", "document.read", "document", hidden,
        "127.0.0.1", "denied", "404"], rows
    assert rows[0][9] in ("member.hidden", "member.about_others"), rows
    start = last_id()
    assert logged_in("sanne").get("/verzoeken/" + missing).status == 404
    # the handler's own row (its action), and the dispatcher's with the
    # status and rule the handler did not give
    rows = sql("SELECT actor_id, action, http_status, rule FROM audit_log "
               "WHERE id > %d AND outcome = 'denied' AND http_status IS NOT NULL"
               % start)
    assert rows == [[person("sanne"), "request.denied", "404", "object.not_found"]], rows


def test_audit_log_failed_and_held_back_log_in_no_name_no_password():
    """Wrong passwords from one address: a 'failed' row each (the form
    again, 200), then the wait (429); the account by its id, never the
    typed name or password. An unknown name: only its keyed hash, the
    same each time (a series stays visible), the page the same."""
    c = Client(addr="127.0.0.77")
    start = first = last_id()
    answers = []
    for _ in range(6):
        r = c.post("/inloggen", {"csrf": c.csrf(), "username": "Sanne ",
                                 "password": "geheim-wachtwoord-1"})
        answers.append(r.status)
    assert answers == [200] * 5 + [429], answers
    rows = rows_since(start, "remote_addr = '127.0.0.77'")
    failed = ["", "anonymous", "", "login.failed", "account", person("sanne"),
              "127.0.0.77", "failed", "200", "auth.password", "t", "t", ""]
    held = ["", "anonymous", "", "login.wait", "account", person("sanne"),
            "127.0.0.77", "denied", "429", "auth.throttle", "t", "t", ""]
    assert rows == [failed] * 5 + [held], rows
    # the real Sanne elsewhere is not held back
    assert logged_in("sanne")
    # an unknown name
    start = last_id()
    c = Client(addr="127.0.0.78")
    for _ in range(2):
        r = c.post("/inloggen", {"csrf": c.csrf(), "username": "niemand.hier",
                                 "password": "ook-geheim"})
        assert r.status == 200 and "klopt niet" in r.text
    rows = sql("SELECT object_id, outcome, http_status FROM audit_log "
               "WHERE id > %d AND remote_addr = '127.0.0.78'" % start)
    assert len(rows) == 2 and rows[0] == rows[1], rows
    assert re.fullmatch(r"n:[0-9a-f]{32}", rows[0][0]) and rows[0][1:] == ["failed", "200"]
    for typed in ("niemand", "geheim", "Sanne"):
        assert sql("SELECT count(*) FROM audit_log a WHERE a.id > %d "
                   "AND a.remote_addr IN ('127.0.0.77', '127.0.0.78') "
                   "AND a::text ILIKE '%%%s%%'" % (first, typed))[0][0] == "0", typed


def test_audit_log_language_saved_to_the_account():
    c = logged_in("sanne")
    start = last_id()
    (before,), = sql("SELECT coalesce(language, '-') FROM person WHERE id = %s"
                     % person("sanne"))
    try:
        r = c.post("/taal", {"csrf": c.csrf("/"), "l": "en", "terug": "/"})
        assert r.status == 303
        rows = rows_since(start, "action = 'account.language'")
        assert rows == [[person("sanne"), "citizen", "", "account.language", "person",
                         person("sanne"), "127.0.0.1", "allowed", "", "account.self",
                         "t", "t", ""]], rows
        assert sql("SELECT language FROM person WHERE id = %s" % person("sanne")) == [["en"]]
    finally:
        # as it was (the other tests read Sanne in the browser's language)
        sql("UPDATE person SET language = nullif('%s', '-') WHERE id = %s"
            % (before, person("sanne")))


def test_audit_log_read_names_its_rule():
    """An allowed read says by which rule (lib/policy), for /inzage's basis."""
    start = last_id()
    doc = doc_ids()["Gezinsplan"]
    assert logged_in("fatima").get("/documenten/" + doc).status == 200
    rows = sql("SELECT rule, outcome, http_status FROM audit_log WHERE id > %d "
               "AND action = 'document.read' AND object_id = '%s'" % (start, doc))
    assert rows == [["pro.assigned", "allowed", ""]], rows


def test_audit_log_keeps_a_row_of_4_years():
    """Retention (at least 5 years): no role may delete or change a row, not
    even an old one; nothing in the portal deletes rows (the one cleanup,
    of log-in attempts, runs at every log-in: the row is still there)."""
    sql("INSERT INTO audit_log (at, actor_role, action, outcome, rule) VALUES "
        "(now() - interval '4 years', 'anonymous', 'retention.probe', 'allowed', "
        "'test.retention')")
    logged_in("lotte")
    assert not sql_fails("SELECT count(*) FROM audit_log", user="portal_app")
    assert sql_fails("DELETE FROM audit_log WHERE action = 'retention.probe'",
                     user="portal_app")
    assert sql_fails("DELETE FROM audit_log WHERE action = 'retention.probe'")
    assert sql_fails("UPDATE audit_log SET at = now() WHERE action = 'retention.probe'")
    assert sql("SELECT count(*) FROM audit_log WHERE action = 'retention.probe' "
               "AND at < now() - interval '4 years' + interval '1 day'") == [["1"]]


def old_read(user, doc, days_ago, rule="pro.assigned"):
    # as the portal writes it: with the document's family (sql/050)
    sql("INSERT INTO audit_log (at, actor_id, actor_role, action, object_kind, "
        "object_id, family_id, outcome, rule) SELECT now() - interval '%d days', "
        "%s, 'professional', 'document.read', 'document', '%s', d.family_id, "
        "'allowed', '%s' FROM document d WHERE d.public_id = '%s'"
        % (days_ago, PERSON % user, doc, rule, doc))


def day(days_ago):
    return sql("SELECT ((now() - interval '%d days') AT TIME ZONE "
               "'Europe/Amsterdam')::date" % days_ago)[0][0]


def test_inzage_period_filter_and_basis():
    """Default: the last 3 months. Another period with van and tot shows its
    lines, with the basis in words; the page is in the log."""
    ids = doc_ids()
    old_read("fatima", ids["Gezinsplan"], 190)
    lotte = logged_in("lotte")
    start = last_id()
    r = lotte.get("/inzage")
    assert r.status == 200
    assert 'value="%s"' % day(0) in r.text       # tot: today
    t = text_of(r.text)
    assert "Fatima Bouali" not in t or day(190) not in t
    assert sql("SELECT actor_id, outcome FROM audit_log WHERE id > %d AND "
               "action = 'audit.read'" % start) == [[person("lotte"), "allowed"]]
    r = lotte.get("/inzage?van=%s&tot=%s" % (day(190), day(190)))
    assert r.status == 200
    items = re.findall(r'<li class="card document-list__item">(.*?)</li>', r.text, re.S)
    assert len(items) == 1, items
    line = text_of(items[0])
    assert line.startswith('Fatima Bouali (wijkcoach, Wijkteam Centrum) las "Gezinsplan" op '), line
    assert "Waarom dit mocht: werkt met jouw gezin." in line, line  # Lotte: "je"


def inzage_lines(c, days_ago):
    r = c.get("/inzage?van=%s&tot=%s" % (day(days_ago), day(days_ago)))
    assert r.status == 200, r
    return [text_of(i) for i in re.findall(
        r'<li class="card document-list__item">(.*?)</li>', r.text, re.S)]


def test_inzage_lines_of_one_person_per_day_merged():
    """Three reads of two documents by one person on one day: one line."""
    ids = doc_ids()
    for doc in ("Gezinsplan", "Gezinsplan", "Verslag gesprek met Lotte"):
        old_read("fatima", ids[doc], 150)
    items = inzage_lines(logged_in("lotte"), 150)
    assert len(items) == 1, items
    assert items[0].startswith("Fatima Bouali (wijkcoach, Wijkteam Centrum) las 2 stukken op "), items
    assert "\u201cGezinsplan\u201d" in items[0] and "\u201cVerslag gesprek met Lotte\u201d" in items[0]


def test_inzage_names_staff_only_while_they_work_with_the_family():
    """Before Fatima's assignment (demo: 200 days ago) she was no one the
    family dealt with: her organisation and job only (C-579/21)."""
    old_read("fatima", doc_ids()["Gezinsplan"], 300)
    items = inzage_lines(logged_in("lotte"), 300)
    assert len(items) == 1, items
    assert items[0].startswith('Iemand van Wijkteam Centrum (wijkcoach) las "Gezinsplan" op '), items
    assert "Fatima" not in items[0]


def test_inzage_pages_a_long_period():
    """30 days with a read each: 25 lines, then the next page."""
    doc = doc_ids()["Gezinsplan"]
    for n in range(30):
        old_read("fatima", doc, 400 + n)
    c = logged_in("lotte")
    q = "/inzage?van=%s&tot=%s" % (day(429), day(400))
    r = c.get(q)
    assert r.text.count('<li class="card document-list__item">') == 25
    m = re.search(r'href="(/inzage\?van=[^"]+&amp;na=[^"]+)"', r.text)
    assert m, r.text
    assert "voor=" not in r.text            # the newest: nothing newer
    r2 = c.get(m.group(1).replace("&amp;", "&"))
    assert r2.status == 200
    assert r2.text.count('<li class="card document-list__item">') == 5
    assert "na=" not in r2.text             # the oldest: nothing older
    # back: the newer lines, the same 25 as the first page
    m = re.search(r'href="(/inzage\?van=[^"]+&amp;voor=[^"]+)"', r2.text)
    assert m, r2.text
    r3 = c.get(m.group(1).replace("&amp;", "&"))
    assert r3.text.count('<li class="card document-list__item">') == 25
    # a cursor that is no cursor, or past every line: the first page
    for bad in ("na=gisteren", "na=2026-01-01_1", "voor=9999-12-31_99", "pagina=3",
                "na=2026-01-01_9999999999999999999", "voor=2026-01-01_99999999999999999999"):
        r4 = c.get(q + "&" + bad)
        assert r4.status == 200, (bad, r4)
        assert r4.text.count('<li class="card document-list__item">') == 25, bad


def test_inzage_keyset_reaches_the_oldest_of_many_days():
    """A long log (300 days, a read by Fatima and many own reads each day):
    paging from the newest line reaches the oldest, every day once, and
    each page keeps a day's lines whole."""
    doc = doc_ids()["Gezinsplan"]
    sql("INSERT INTO audit_log (at, actor_id, actor_role, action, object_kind, "
        "object_id, family_id, outcome, rule) SELECT now() - interval '1000 days' "
        "- g * interval '1 day' - (r * interval '1 minute'), CASE WHEN r = 0 "
        "THEN %s ELSE %s END, 'professional', 'document.read', 'document', "
        "d.public_id, d.family_id, 'allowed', 'pro.assigned' FROM document d, "
        "generate_series(0, 299) g, generate_series(0, 20) r "
        "WHERE d.public_id = '%s'" % (PERSON % "fatima", PERSON % "lotte", doc))
    c = logged_in("lotte")
    url = "/inzage?van=%s&tot=%s" % (day(1299), day(1000))
    days, pages = [], 0
    while url:
        r = c.get(url)
        assert r.status == 200, r
        pages += 1
        days += re.findall(r"las .Gezinsplan. op ([^.]+)\.", text_of(r.text))
        m = re.search(r'href="(/inzage\?van=[^"]+&amp;na=[^"]+)"', r.text)
        url = m.group(1).replace("&amp;", "&") if m else None
        assert pages <= 13
    assert len(days) == 300 and len(set(days)) == 300, (len(days), len(set(days)))
    assert pages == 12


def test_inzage_bad_period_is_a_b1_answer():
    c = logged_in("lotte")
    for q, msg in (("van=2026-02-30", "Dit is geen dag. Kijk naar het voorbeeld."),
                   ("tot=gisteren", "Dit is geen dag. Kijk naar het voorbeeld."),
                   ("van=2026-12-01&tot=2026-11-01",
                    "De eerste dag moet voor de laatste dag zijn.")):
        r = c.get("/inzage?" + q)
        assert r.status == 400, (q, r)
        t = text_of(r.text)
        assert "Er is een probleem" in t and msg in t, (q, t)
        assert '<li class="card document-list__item">' not in r.text


def test_audit_log_at_the_counter_names_clerk_citizen_and_session():
    """An assisted session: the clerk acted, for the citizen, at the counter
    (assist_id: the session, so its receipt), also in a refusal."""
    from test_counter import helping, stop
    ids = doc_ids()
    start = last_id()
    c = helping("Mark", "de Vries")
    assert c.get("/documenten/" + ids["Verslag huisbezoek"]).status == 404
    assert c.get("/documenten/" + ids["Gezinsplan"]).status == 200
    session = stop(c).rsplit("/", 1)[1]
    rows = sql("SELECT actor_id, actor_role, on_behalf_of, object_id, outcome, "
               "coalesce(http_status::text, '-'), rule, assist_id FROM audit_log "
               "WHERE id > %d AND action = 'document.read' ORDER BY id" % start)
    assert rows == [
        [person("kees"), "clerk", person("mark"), ids["Verslag huisbezoek"], "denied",
         "404", rows[0][6], session],
        [person("kees"), "clerk", person("mark"), ids["Gezinsplan"], "allowed", "-",
         "member.self", session]], rows
    assert rows[0][6] in ("member.hidden", "member.about_others"), rows


def test_audit_log_a_parent_acts_for_a_child_under_12():
    """On whose behalf: Mees (9) has no account; a parent with authority
    acts for him (DESIGN.md section 3). A row about a document about Mees,
    read or refused, names him (for_children, sql/054); on_behalf_of stays
    the counter's. Not for a child of 12 or older, not for someone
    without authority, also not at the counter for someone else."""
    ids = doc_ids()
    mees = "{%s}" % person_id_of("Mees")

    def rows(start, doc):
        return sql("SELECT actor_id, actor_role, coalesce(on_behalf_of::text, '-'), "
                   "outcome, coalesce(http_status::text, '-'), rule, "
                   "coalesce(for_children::text, '-'), coalesce(assist_id, '-') "
                   "FROM audit_log WHERE id > %d AND action = 'document.read' "
                   "AND object_id = '%s' ORDER BY id" % (start, ids[doc]))

    cases = [("sanne", "Gezinsplan", 200, "allowed", "-", "member.self", mees),
             ("mark", "Gezinsplan", 200, "allowed", "-", "member.self", mees),
             ("sanne", "Verslag huisbezoek", 200, "allowed", "-", "member.self", mees),
             ("mark", "Verslag huisbezoek", 404, "denied", "404", None, mees),
             ("sanne", "Plan voor Daan", 200, "allowed", "-", "member.parent", "-"),
             ("sanne", "Verslag gesprek met Lotte", 404, "denied", "404",
              "member.about_others", "-"),
             ("daan", "Gezinsplan", 200, "allowed", "-", "member.self", "-"),
             ("fatima", "Gezinsplan", 200, "allowed", "-", "pro.assigned", "-")]
    for user, doc, status, outcome, http, rule, children in cases:
        start = last_id()
        assert logged_in(user).get("/documenten/" + ids[doc]).status == status, (user, doc)
        got = rows(start, doc)
        assert len(got) == 1, (user, doc, got)
        role = "professional" if user == "fatima" else "citizen"
        assert got[0][:5] == [person(user), role, "-", outcome, http], (user, doc, got)
        if rule is not None:
            assert got[0][5] == rule, (user, doc, got)
        assert got[0][6:] == [children, "-"], (user, doc, got)
    # at the counter: Kees for Mark acts for Mark, and through him for Mees
    from test_counter import helping, stop
    start = last_id()
    c = helping("Mark", "de Vries")
    assert c.get("/documenten/" + ids["Verslag huisbezoek"]).status == 404
    assert c.get("/documenten/" + ids["Plan voor Daan"]).status == 200
    session = stop(c).rsplit("/", 1)[1]
    got = sql("SELECT actor_id, on_behalf_of, outcome, coalesce(for_children::text, '-'), "
              "assist_id FROM audit_log WHERE id > %d AND action = 'document.read' "
              "ORDER BY id" % start)
    assert got == [[person("kees"), person("mark"), "denied", mees, session],
                   [person("kees"), person("mark"), "allowed", "-", session]], got
    # the column takes only what it means
    assert sql_fails("INSERT INTO audit_log (actor_role, action, outcome, for_children) "
                     "VALUES ('anonymous', 'probe', 'allowed', '{}')")


def test_audit_log_its_readers_are_in_the_log():
    """Every page built from the audit log is a row itself: /inzage, the
    export and the counter's receipt (for its clerk, for its citizen; a
    refusal is one row with its status and rule, not two)."""
    from test_counter import helping, stop
    c = helping("Mark", "de Vries")
    assert c.get("/documenten/" + doc_ids()["Gezinsplan"]).status == 200
    bon = stop(c)
    sid = bon.rsplit("/", 1)[1]

    def rows(start):
        return sql("SELECT actor_id, actor_role, action, object_kind, object_id, "
                   "outcome, coalesce(http_status::text, '-'), rule, "
                   "remote_addr, request_id IS NOT NULL FROM audit_log "
                   "WHERE id > %d ORDER BY id" % start)

    cases = [(c, "kees", "clerk", 200, "allowed", "-", "assist.clerk", sid),
             (logged_in("mark"), "mark", "citizen", 200, "allowed", "-",
              "assist.citizen", sid),
             (logged_in("sanne"), "sanne", "citizen", 404, "denied", "404",
              "assist.not_yours", sid),
             (logged_in("sanne"), "sanne", "citizen", 404, "denied", "404",
              "object.unknown", "B" * 22)]
    for client, user, role, status, outcome, http, rule, bid in cases:
        start = last_id()
        assert client.get("/balie/bon/" + bid).status == status, (user, bid)
        assert rows(start) == [[person(user), role, "counter.receipt.read", "assist",
                                bid, outcome, http, rule, "127.0.0.1", "t"]], (user, rows(start))
    for path, action in (("/inzage", "audit.read"), ("/mijn-gegevens.json", "export.read")):
        c = logged_in("sanne")
        start = last_id()
        assert c.get(path).status == 200, path
        got = [r for r in rows(start) if r[2] == action]
        assert got == [[person("sanne"), "citizen", action, "person", person("sanne"),
                        "allowed", "-", got[0][7] if got else None, "127.0.0.1", "t"]], got


def test_audit_log_a_policy_403_has_every_field():
    """A handler's own refusal (lib/policy: a share the court ordered): one
    row with the action, the object, the status and the rule."""
    from test_share import share_row, revoke
    doc = doc_ids()["Besluit ondertoezichtstelling"]
    sid = share_row(doc, "jeugdbescherming-regio")[0]
    c = logged_in("emre")
    start = last_id()
    assert revoke(c, sid).status == 403
    rows = sql("SELECT %s, coalesce(for_children::text, '-') FROM audit_log "
               "WHERE id > %d AND outcome <> 'allowed' ORDER BY id" % (FIELDS, start))
    assert rows == [[person("emre"), "citizen", "", "share.revoke", "document", doc,
                     "127.0.0.1", "denied", "403", "share.court_order", "t", "t", "",
                     "-"]], rows

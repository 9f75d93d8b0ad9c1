"""The export of all my data (GDPR art. 15): /mijn-gegevens.json parses,
has a schema version, and holds what the portal keeps about the person:
profile, family, the documents about them they may read, their comments,
answers, appointments, shares and the audit rows about them; never a
document hidden from them, not even its id in the audit rows. The
printable page /mijn-gegevens shows the same in words. Only the person
themself gets it."""
import json
import re

from portal import Client, logged_in, sql, text_of
from test_documents import doc_ids
from test_dossier import post


def export(c):
    r = c.get("/mijn-gegevens.json")
    assert r.status == 200, r
    assert r.header("Content-Type") == "application/json; charset=utf-8"
    assert r.header("Content-Disposition") == 'attachment; filename="mijn-gegevens.json"'
    return json.loads(r.body.decode("utf-8"))


def test_export_holds_my_comment_and_more():
    ids = doc_ids()
    c = logged_in("sanne")
    body = 'Wij zijn het "bijna" eens & <ok>\nTweede regel, met één é.'
    assert post(c, ids["Gezinsplan"], "reacties", {"body": body}).status == 303
    assert post(c, ids["Gezinsplan"], "instemming",
                {"decision": "deels", "explanation": "Het geld klopt niet."}).status == 303
    # Fatima reads the Gezinsplan: that look is Sanne's to see.
    assert logged_in("fatima").get("/documenten/%s" % ids["Gezinsplan"]).status == 200
    d = export(c)
    assert d["schema_version"] == 1
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", d["made_at"])
    assert d["person"]["given_name"] == "Sanne" and d["person"]["username"] == "sanne"
    assert d["memberships"] == [{"family": "De Vries", "role": "moeder",
                                 "parental_authority": True, "framework": "vrijwillig"}]
    assert any(x["text"] == body and x["document_title"] == "Gezinsplan"
               for x in d["comments"]), d["comments"]
    assert any(x["decision"] == "deels" and x["explanation"] == "Het geld klopt niet."
               for x in d["consents"])
    titles = {x["title"] for x in d["documents"]}
    assert {"Gezinsplan", "Veiligheidsplan"} <= titles
    assert "Verslag gesprek met Lotte" not in titles and "Plan voor Daan" not in titles
    assert all(isinstance(x["version"], int) and x["text"] for x in d["documents"])
    assert any(a["who"] == "Fatima Bouali" and a["action"] == "document.read"
               and a["object_id"] == ids["Gezinsplan"] for a in d["audit"])
    for key in ("contact", "contact_history", "appointments", "shares",
                "address_shielded_from", "reminders", "requests", "request_timeline"):
        assert key in d
    # Sanne's demo request, with its deadline and timeline.
    assert d["requests"] and all(x["kind"] in ("wijzigen", "aanvullen", "verwijderen")
                                 and x["answer_due_on"] for x in d["requests"])
    assert any(e["request_id"] == d["requests"][0]["id"] for e in d["request_timeline"])
    # A person in the audit rows by the opaque id, never the counter.
    for a in d["audit"]:
        if a["object_kind"] in ("person", "account"):
            assert not a["object_id"].isdigit(), a
    # The export itself is in the audit log.
    assert sql("SELECT count(*) > 0 FROM audit_log l JOIN account a ON a.person_id = l.actor_id "
               "WHERE a.username = 'sanne' AND l.action = 'export.read'") == [["t"]]


def test_a_hidden_document_stays_hidden():
    ids = doc_ids()
    assert logged_in("fatima").get("/documenten/%s" % ids["Verslag huisbezoek"]).status == 200
    m = logged_in("mark")
    d = export(m)
    raw = json.dumps(d)
    assert "Verslag huisbezoek" not in raw
    # Its id only where Mark himself asked for it and was refused (as for
    # any unknown id), also at the counter (test_counter.py): nobody
    # else's look at it.
    for a in d["audit"]:
        if a["object_id"] == ids["Verslag huisbezoek"]:
            assert a["who"] == "Mark de Vries" or (
                a["who"] == "Kees Visser" and a["at_counter"] == "namens-u"), a
            assert a["outcome"] == "denied", a
    assert not any(x["document_id"] == ids["Verslag huisbezoek"]
                   for x in d["comments"] + d["consents"] + d["shares"])
    assert "Gezinsplan" in raw
    page = m.get("/mijn-gegevens").text
    assert "Verslag huisbezoek" not in page
    # /inzage does not tell him either who read it.
    assert "Verslag huisbezoek" not in m.get("/inzage").text
    assert "Verslag huisbezoek" in logged_in("sanne").get("/inzage").text


def test_youth_sees_her_own_document():
    d = export(logged_in("lotte"))
    titles = {x["title"] for x in d["documents"]}
    assert "Verslag gesprek met Lotte" in titles and "Plan voor Daan" not in titles


def test_printable_page_in_words():
    c = logged_in("sanne")
    r = c.get("/mijn-gegevens")
    assert r.status == 200
    t = text_of(r.text)
    for heading in ("Over u", "Uw gezin", "Stukken over u", "Uw reacties",
                    "Wie deed wat met uw gegevens"):
        assert heading in t, heading
    assert "Gezag ja" in t and "een stuk gelezen" in t
    assert 'href="/mijn-gegevens.json"' in r.text
    # Escaped like everywhere else.
    assert "&lt;ok&gt;" in r.text and "<ok>" not in r.text
    c.lang = "en"
    t = text_of(c.get("/mijn-gegevens").text)
    assert "Documents about you" in t or "About you" in t, t[:400]


def test_only_the_person_themself():
    for user in ("fatima", "peter", "ellen", "kees"):
        o = logged_in(user)
        want = 404 if user == "kees" else 403     # a clerk: test_counter.py
        assert o.get("/mijn-gegevens.json").status == want, user
        assert o.get("/mijn-gegevens").status == want, user
    assert Client().get("/mijn-gegevens.json").status == 303
    assert Client().get("/mijn-gegevens").status == 303
    # Each person gets their own, nobody else's.
    assert export(logged_in("emre"))["person"]["given_name"] == "Emre"
    assert "Sanne" not in json.dumps(export(logged_in("elif"))["person"])


def summary_of(page):
    """The summary at the top of /mijn-gegevens: the counts by their label,
    and who read how often this month."""
    part = page.split('class="card export-summary"', 1)[1].split("</section>", 1)[0]
    counts = []            # in the page's order (labels: "u" or "je")
    for li in re.findall(r"<li>(.*?)</li>", part.split('class="export-summary__readers"')[0], re.S):
        counts.append(int(text_of(li).rsplit(": ", 1)[1]))
    readers = {}
    for li in re.findall(r"<li>(.*?)</li>", part.split('class="export-summary__readers"')[1], re.S):
        m = re.match(r"(.*): (\d+) keer gelezen of gedownload\.", text_of(li))
        assert m, li
        readers[m.group(1)] = int(m.group(2))
    return counts, readers


def month_start_utc():
    from datetime import datetime, timezone
    from zoneinfo import ZoneInfo
    now = datetime.now(ZoneInfo("Europe/Amsterdam"))
    return now.replace(day=1, hour=0, minute=0, second=0, microsecond=0).astimezone(timezone.utc)


def readers_in(d, me):
    """Who else read or downloaded documents about me this month, from the
    JSON's audit rows (the details)."""
    from datetime import datetime
    start = month_start_utc()
    out = {}
    for a in d["audit"]:
        at = datetime.fromisoformat(a["at"].replace("Z", "+00:00"))
        if (a["action"] in ("document.read", "document.download") and a["outcome"] == "allowed"
                and a["object_kind"] == "document" and a["who"] != me
                and a["at_counter"] != "namens-u" and at >= start):
            who = "%s (%s)" % (a["who"], a["organisation"]) if a["organisation"] else a["who"]
            out[who] = out.get(who, 0) + 1
    return out


def test_export_summary_matches_details():
    ids = doc_ids()
    fatima = logged_in("fatima")
    for _ in range(3):
        assert fatima.get("/documenten/%s" % ids["Gezinsplan"]).status == 200
    for user, me in (("sanne", "Sanne de Vries"), ("mark", "Mark de Vries"),
                     ("lotte", "Lotte de Vries"), ("emre", "Emre Yilmaz")):
        c = logged_in(user)
        page = c.get("/mijn-gegevens").text
        d = export(c)
        counts, readers = summary_of(page)
        keys = ("documents", "comments", "requests", "appointments", "shares")
        assert counts == [len(d[k]) for k in keys], (user, counts)
        # The same number of entries in the page's own sections.
        for k, n in zip(keys, counts):
            sec = page.split('id="deel-%s"' % k, 1)[1].split("</section>", 1)[0]
            assert sec.count('class="export-row"') == n, (user, k)
        # Who read what this month: exactly the details' rows, per person.
        details = readers_in(d, me)
        assert readers == details, (user, readers, details)
        # The grouped log adds up to the same reads.
        log = page.split('id="deel-audit"', 1)[1].split("</section>", 1)[0]
        assert log.count('class="export-row"') <= len(d["audit"])
        if user == "sanne":
            assert readers.get("Fatima Bouali (Wijkteam Centrum)", 0) >= 3, readers
            assert "“Gezinsplan”" in page.split('class="export-summary__readers"')[1].split("</ul>")[0]
            lines = [text_of(x) for x in re.findall(r'<li class="export-row">(.*?)</li>', log, re.S)]
            mine = [x for x in lines if x.startswith("Fatima Bouali (Wijkteam Centrum): een stuk gelezen “Gezinsplan”")]
            assert mine, lines[:5]
            # one line per person, document and day: today's is the first
            n = int(re.search(r"(\d+) keer$", mine[0]).group(1))
            assert n >= 3, mine


def test_export_page_says_values_in_words():
    c = logged_in("sanne")
    t = text_of(c.get("/mijn-gegevens").text)
    # The language as its name (set one for a moment, so there is one).
    was = sql("SELECT coalesce(language, '-') FROM person WHERE given_name = 'Sanne'")[0][0]
    sanne = "(SELECT id FROM person WHERE given_name = 'Sanne')"
    had = sql("SELECT count(*) FROM contact_details WHERE person_id = %s" % sanne)[0][0] != "0"
    sql("UPDATE person SET language = 'nl' WHERE given_name = 'Sanne'")
    if not had:
        sql("INSERT INTO contact_details (person_id, phone, email, address, reach_by) "
            "VALUES (%s, '0612345678', '', '', 'email')" % sanne)
    try:
        t = text_of(c.get("/mijn-gegevens").text)
        d = export(c)
    finally:
        sql("UPDATE person SET language = %s WHERE given_name = 'Sanne'"
            % ("'%s'" % was if was != "-" else "NULL"))
        if not had:
            sql("DELETE FROM contact_details WHERE person_id = %s" % sanne)
    assert d["person"]["language"] == "nl"
    assert "Taal Nederlands " in t, t[:3000]
    assert not re.search(r"Taal (nl|en|ar|tr|pl|uk) ", t)
    assert re.search(r"Geboortedatum \w+ \d{1,2} \w+ \d{4}", t), t[:2000]
    assert not re.search(r"Geboortedatum \d{4}-", t)
    assert "Zo bereiken wij u email" not in t and "Zo bereiken wij u telefoon" not in t
    assert re.search(r"Zo bereiken wij u (Bellen|E-mail|Een brief|Aan de balie van de gemeente) ", t), t
    assert "Soort hulp Hulp die u zelf wilt" in t and "vrijwillig" not in t
    assert "Rol in het gezin moeder" in t
    # Opaque numbers are for the computer file only.
    assert "Nummer in het portaal" not in t and "Nummer van het stuk" not in t
    assert d["person"]["id"] and d["documents"][0]["id"]        # the JSON keeps codes
    assert d["contact"]["reach_by"] in ("telefoon", "email", "post", "balie")


def test_export_summary_hides_what_the_details_hide():
    """Mark (Sanne and the children are shielded from him): nothing they
    do is in his summary, not even as a count."""
    ids = doc_ids()
    m = logged_in("mark")
    before = summary_of(m.get("/mijn-gegevens").text)
    sanne, lotte = logged_in("sanne"), logged_in("lotte")
    for c in (sanne, lotte):
        assert c.get("/documenten/%s" % ids["Gezinsplan"]).status == 200
    page = m.get("/mijn-gegevens").text
    after = summary_of(page)
    assert before == after, (before, after)
    summary = page.split('class="card export-summary"', 1)[1].split("</section>", 1)[0]
    for name in ("Sanne", "Lotte", "Daan"):
        assert name not in summary, name
    assert "Verslag huisbezoek" not in page


def test_inzage_grouped_per_person_document_and_day():
    """/inzage: one line per person and day, each document once with how
    many times (review S13: not 14 lines of the same read); the period
    filter still works."""
    ids = doc_ids()
    fatima = logged_in("fatima")
    for _ in range(3):
        assert fatima.get("/documenten/%s" % ids["Veiligheidsplan"]).status == 200
    sanne = logged_in("sanne")
    page = sanne.get("/inzage").text
    lines = [text_of(x) for x in re.findall(r'<li class="card document-list__item">(.*?)</li>',
                                            page, re.S)]
    fat = [x for x in lines if x.startswith("Fatima Bouali (wijkcoach, Wijkteam Centrum) las")]
    assert len(fat) == 1, fat            # today: one line for her reads
    assert fat[0].count("“Veiligheidsplan”") <= 1 and fat[0].count("Veiligheidsplan") == 1, fat
    m = re.search(r"Veiligheidsplan.{0,3}\((\d+) keer\)|Dat was (\d+) keer\.", fat[0])
    assert m and int(m.group(1) or m.group(2)) >= 3, fat
    # The period: a day long ago has none of it.
    r = sanne.get("/inzage?van=2020-01-01&tot=2020-01-31")
    assert r.status == 200 and "Fatima Bouali" not in r.text
    assert sanne.get("/inzage?van=2026-13-01").status == 400


def test_export_holds_every_audit_row_and_the_page_stays_bounded():
    """Issue 21: more than 5 000 audit rows about Sanne (Fatima reading the
    Gezinsplan, years ago, plus one month with more than a page of lines):
    the JSON (streamed) parses and holds every one of them; the page shows
    one month at a time, every month is a link, and a month of more than
    200 lines has a next page; nothing is shown twice."""
    ids = doc_ids()
    docs = [ids["Gezinsplan"], ids["Veiligheidsplan"]]
    staff = "ARRAY(SELECT person_id FROM account WHERE username IN " \
            "('fatima', 'peter', 'ellen', 'kees') ORDER BY username)"
    # 6 000 reads, a line a day, 1 200 to 1 500 days ago
    sql("INSERT INTO audit_log (at, actor_id, actor_role, action, object_kind, "
        "object_id, family_id, outcome, rule) SELECT now() - interval '1200 days' "
        "- g * interval '72 minutes', (SELECT person_id FROM account WHERE "
        "username = 'fatima'), 'professional', 'document.read', 'document', "
        "d.public_id, d.family_id, 'allowed', 'pro.assigned' FROM document d, "
        "generate_series(1, 6000) g WHERE d.public_id = '%s'" % docs[0])
    # one month (the 1 100 days ago's) with 4 people x 2 documents a day
    month = sql("SELECT to_char((now() - interval '1100 days') AT TIME ZONE "
                "'Europe/Amsterdam', 'YYYY-MM')")[0][0]
    sql("INSERT INTO audit_log (at, actor_id, actor_role, action, object_kind, "
        "object_id, family_id, outcome, rule) SELECT (to_date('%s', 'YYYY-MM') "
        "+ g * interval '1 hour' + interval '1 minute')::timestamp AT TIME ZONE "
        "'Europe/Amsterdam', (%s)[1 + g %% 4], 'professional', 'document.read', "
        "'document', d.public_id, d.family_id, 'allowed', 'pro.assigned' "
        "FROM document d, generate_series(0, 24 * 27) g "
        "WHERE d.public_id IN ('%s', '%s')" % (month, staff, docs[0], docs[1]))
    c = logged_in("sanne")
    r = c.get("/mijn-gegevens.json")
    assert r.status == 200 and r.header("Content-Length") is None
    d = json.loads(r.body.decode("utf-8"))
    # the JSON writes times in UTC ("...Z"); the database's own time zone
    # is Dutch time, so the bound is spelled in UTC too (between 23:00
    # and 0:00 UTC a read of 31 December is 2023 in one and 2024 in the other)
    old = [a for a in d["audit"] if a["at"] < "2024"]
    n = int(sql("SELECT count(*) FROM audit_log WHERE object_id IN ('%s', '%s') "
                "AND action = 'document.read' AND at < '2024-01-01 00:00:00+00'"
                % tuple(docs))[0][0])
    assert len(old) == n and n >= 6000 + 2 * 24 * 27, (len(old), n)
    assert d["schema_version"] == 1 and d["documents"] and d["person"]
    # the page: the newest month first, every month a link, bounded
    r = c.get("/mijn-gegevens")
    assert r.status == 200
    months = re.findall(r'href="/mijn-gegevens\?maand=(\d{4}-\d\d)#deel-audit"', r.text)
    assert len(months) >= 10 and month in months, months
    assert r.text.count('class="export-row"') < 500
    seen = 0
    for m in months:
        url = "/mijn-gegevens?maand=%s" % m
        pages = 0
        while url:
            p = c.get(url)
            assert p.status == 200, (url, p)
            i = p.text.index('id="deel-audit"')
            lines = re.findall(r'<li class="export-row">(.*?)</li>', p.text[i:], re.S)
            assert 0 < len(lines) <= 200 + 8, (m, len(lines))
            seen += sum(int(re.search(r"(\d+) keer$", text_of(x)).group(1)) for x in lines)
            more = re.search(r'href="(/mijn-gegevens\?maand=[^"]+&amp;na=\d+)#deel-audit"',
                             p.text)
            url = more.group(1).replace("&amp;", "&") if more else None
            pages += 1
        if m == month:
            assert pages >= 2, pages
    assert seen >= n, (seen, n)
    # a cursor or month that does not exist: the newest month, no error
    for q in ("maand=1999-01", "maand=%s&na=abc" % month, "maand=%s&na=1" % month,
              "maand=%s&na=99999999999999999999" % month, "maand=x"):
        assert c.get("/mijn-gegevens?" + q).status == 200, q


def test_export_json_client_gone_cancels_the_query():
    """Issue 21 (lib/db, db_each): a client that reads the first bytes of
    a large JSON export and leaves. The worker stops writing, and
    PostgreSQL's statement is cancelled rather than read to its end (its
    log says so: without the cancel the statement would end normally);
    no query of it is left running, no transaction left open, and the
    workers serve the next exports whole."""
    import os
    import socket
    import time
    from portal import PORT, STATE_DIR
    # a citizen of her own with 100 000 audit rows (as the actor; the
    # stream of them takes seconds, the client leaves after 64 KB)
    sql("WITH p AS (INSERT INTO person (given_name, family_name, birth_date, kind) "
        "VALUES ('Weg', 'Loper', current_date - 40 * 365, 'citizen') RETURNING id) "
        "INSERT INTO account (person_id, username, password_hash) "
        "SELECT p.id, 'weglopen', password_hash FROM p, account "
        "WHERE username = 'sanne'")
    sql("INSERT INTO audit_log (at, actor_id, actor_role, action, object_kind, "
        "object_id, outcome, rule) SELECT now() - g * interval '1 minute', "
        "a.person_id, 'citizen', 'home.read', 'person', a.person_id::text, "
        "'allowed', 'self' FROM account a, generate_series(1, 100000) g "
        "WHERE a.username = 'weglopen'")
    c = Client()
    assert c.login("weglopen").status == 303
    pglog = os.path.join(STATE_DIR, "pg", "log")
    said = open(pglog, errors="replace").read().count(
        "canceling statement due to user request")
    s = socket.create_connection(("127.0.0.1", PORT))
    s.sendall(("GET /mijn-gegevens.json HTTP/1.1\r\nHost: 127.0.0.1:%d\r\n"
               "Cookie: %s\r\n\r\n" % (PORT, "; ".join(
                   "%s=%s" % kv for kv in c.cookies.items()))).encode())
    got = b""
    while b'"audit": [' not in got or len(got) < 65536:
        part = s.recv(65536)
        assert part, got[-200:]
        got += part
    assert got.startswith(b"HTTP/1.1 200"), got[:200]
    s.close()                           # gone, long before the end
    log = ""
    for _ in range(100):                # until the worker noticed (<= 10 s)
        log = open(pglog, errors="replace").read()
        if log.count("canceling statement due to user request") > said:
            break
        time.sleep(0.1)
    tail = log.split("canceling statement due to user request")
    assert len(tail) - 1 > said, log[-2000:]
    assert "export_audit" in tail[-1][:3000] or "FROM audit_log" in tail[-1][:3000]
    # nothing of it left in PostgreSQL
    busy = [["x"]]
    for _ in range(100):
        busy = sql("SELECT state, left(query, 60) FROM pg_stat_activity WHERE "
                   "usename = 'portal_app' AND (state LIKE 'idle in transaction%' OR "
                   "(state = 'active' AND query LIKE '%FROM audit_log l%'))")
        if not busy:
            break
        time.sleep(0.1)
    assert busy == [], busy
    plog = open(os.path.join(STATE_DIR, "portal.log"), errors="replace").read()
    assert "export_audit: stopped by the caller, cancelled" in plog
    # every worker serves the next export whole (more requests than workers)
    sanne = logged_in("sanne")
    for _ in range(6):
        assert export(sanne)["schema_version"] == 1


def test_export_page_says_every_action_in_words():
    """Review S12: the log on the page never shows an action as a code:
    the start page's "what waits" (waiting.read) in words, and an action
    the page has no words for yet as "iets anders gedaan in het portaal";
    the JSON keeps the codes. The youth form for Lotte (16)."""
    for user in ("sanne", "lotte"):
        sql("INSERT INTO audit_log (actor_id, actor_role, action, object_kind, object_id, "
            "outcome, rule) SELECT a.person_id, 'citizen', x, 'person', a.person_id::text, "
            "'allowed', 'test' FROM account a, unnest(ARRAY['waiting.read', "
            "'zomaar.iets.nieuws']) x WHERE a.username = '%s'" % user)
    c = logged_in("sanne")
    page = c.get("/mijn-gegevens").text
    lines = [text_of(x) for x in re.findall(r'<li class="export-row">(.*?)</li>', page, re.S)]
    assert any("bekeken wat op u wacht" in x for x in lines), lines[:20]
    assert any("iets anders gedaan in het portaal" in x for x in lines), lines[:20]
    for x in lines:         # what was done, before a document's title
        assert not re.search(r"\b[a-z_]+\.[a-z_.]+\b", x.split("\u201c")[0]), x
    actions = {a["action"] for a in export(c)["audit"]}
    assert {"waiting.read", "zomaar.iets.nieuws"} <= actions
    t = text_of(logged_in("lotte").get("/mijn-gegevens").text)
    assert "bekeken wat op je wacht" in t and "op u wacht" not in t

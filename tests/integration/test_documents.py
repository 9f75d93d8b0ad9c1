"""Documents over HTTP: for every demo login and every demo document the
expected answer (200 or 404, a document one may not see looks like one
that does not exist), the list, the unread marker, and audit rows for
reads and denials (lib/policy decides; see tests/unit/test_policy.c)."""
import os
import re
import subprocess

from portal import ROOT, STATE_DIR, Client, logged_in, sql, text_of

DOCS = ["Gezinsplan", "Verslag gesprek met Lotte", "Plan voor Daan",
        "Veiligheidsplan", "Verslag huisbezoek", "Besluit ondertoezichtstelling"]

# Who may read which demo document (DESIGN.md s. 3, CONTRACT.md). Mark
# reads the Veiligheidsplan without its hidden part (test_parts.py); the
# Verslag huisbezoek is hidden from him as a whole.
READS = {
    "sanne":  {"Gezinsplan", "Plan voor Daan", "Veiligheidsplan", "Verslag huisbezoek"},
    "mark":   {"Gezinsplan", "Plan voor Daan", "Veiligheidsplan"},
    "lotte":  {"Gezinsplan", "Verslag gesprek met Lotte", "Veiligheidsplan",
               "Verslag huisbezoek"},
    "daan":   {"Gezinsplan", "Plan voor Daan", "Veiligheidsplan", "Verslag huisbezoek"},
    "emre":   {"Besluit ondertoezichtstelling"},
    "elif":   {"Besluit ondertoezichtstelling"},
    "fatima": {"Gezinsplan", "Verslag gesprek met Lotte", "Plan voor Daan", "Veiligheidsplan",
               "Verslag huisbezoek"},
    "peter":  {"Besluit ondertoezichtstelling"},
    "ellen":  set(),                                        # nothing shared with GGZ
    "kees":   set(),                                        # clerk: only in a session
}


# The document test_analysis.py publishes for De Vries: read as any
# document about the whole family (by its members and Fatima).
ANALYSIS = "Verklarende analyse"
ANALYSIS_READERS = {"sanne", "mark", "lotte", "daan", "fatima"}


def may_read(user):
    """READS[user], with the analysis if an earlier test published it."""
    allowed = set(READS[user])
    if user in ANALYSIS_READERS and sql("SELECT count(*) FROM document WHERE title = '%s'"
                                        % ANALYSIS) != [["0"]]:
        allowed.add(ANALYSIS)
    return allowed


def doc_ids():
    return {title: pid for pid, title in sql("SELECT public_id, title FROM document")}


def test_document_ids_are_opaque():
    for pid in doc_ids().values():
        assert re.fullmatch(r"[A-Za-z0-9_-]{22}", pid), pid


def test_unread_marker_goes_away_after_reading():
    # First in this file: later tests read every document.
    c = logged_in("daan")
    page = c.get("/documenten").text
    assert re.search(r'Plan voor Daan</a> <span class="tag">nieuw', page)
    c.get("/documenten/" + doc_ids()["Plan voor Daan"])
    page = c.get("/documenten").text
    assert not re.search(r'Plan voor Daan</a> <span class="tag">nieuw', page)


def test_every_login_every_document():
    ids = doc_ids()
    for user, allowed in READS.items():
        c = logged_in(user)
        for title in DOCS:
            r = c.get("/documenten/" + ids[title])
            want = 200 if title in allowed else 404
            assert r.status == want, (user, title, r.status)
            if want == 200:
                assert "<h1 class=\"page-title\">%s</h1>" % title in r.text
            else:
                assert "Deze pagina bestaat niet" in r.text
                assert title not in r.text


def test_list_shows_exactly_what_one_may_read():
    for user in READS:
        allowed = may_read(user)
        r = logged_in(user).get("/documenten")
        if user == "kees":      # a clerk outside a session: test_counter.py
            assert r.status == 404
            continue
        assert r.status == 200
        titles = set(re.findall(r'<a href="/documenten/[^"]+">([^<]+)</a>', r.text))
        assert titles == allowed, (user, titles)


def test_unknown_document_is_404_like_invisible():
    c = logged_in("sanne")
    a = c.get("/documenten/AAAAAAAAAAAAAAAAAAAAAA")
    b = c.get("/documenten/" + doc_ids()["Verslag gesprek met Lotte"])
    assert a.status == b.status == 404
    strip = lambda t: re.sub(r"[0-9a-f]{16}", "", text_of(t))
    assert strip(a.text) == strip(b.text)


def test_documents_need_login():
    r = Client().get("/documenten")
    assert r.status == 303 and r.header("Location") == "/inloggen?terug=/documenten"
    r = Client().get("/documenten/" + doc_ids()["Gezinsplan"])
    assert r.status == 303


def test_document_page_after_the_session_ended():
    """The page's facts come in the session's round trip (cgi/app/app.c,
    prefetch): a session that ended gets the log-in, and nothing is read
    or logged as read, whichever way it ended."""
    pid = doc_ids()["Gezinsplan"]
    person = "(SELECT person_id FROM account WHERE username = 'lotte')"

    def reads():
        return sql(f"SELECT count(*) FROM audit_log WHERE actor_id = {person} "
                   "AND action = 'document.read'")[0][0]

    ends = {
        "idle": "UPDATE session SET last_seen = now() - interval '31 minutes' "
                f"WHERE person_id = {person}",
        "older than 12 hours": "UPDATE session SET created_at = now() - "
                               f"interval '13 hours' WHERE person_id = {person}",
        "account disabled": "UPDATE account SET disabled = true "
                            "WHERE username = 'lotte'",
        "logged out": None,
    }
    for why, change in ends.items():
        c = logged_in("lotte")
        assert c.get("/documenten/" + pid).status == 200, why
        token = c.cookies["gp_session"]
        before = reads()
        try:
            if change:
                sql(change)
            else:
                c.post("/uitloggen", {"csrf": c.csrf("/")})
            replay = Client()
            replay.cookies["gp_session"] = token
            r = replay.get("/documenten/" + pid)
            assert r.status == 303 and r.header("Location") == \
                "/inloggen?terug=/documenten/" + pid, (why, r)
            assert "gp_session" not in replay.cookies, why
            assert reads() == before, why
        finally:
            sql("UPDATE account SET disabled = false WHERE username = 'lotte'")


def test_session_round_trip_against_this_database():
    """lib/session's unit test run against this stack's database: the
    document page's statement, sent with the session's, is handed back for
    a live session only (a dead one gets the log-in before any page runs,
    so over HTTP the test above cannot see this gate)."""
    exe = os.path.join(ROOT, os.environ.get("BUILD", "build"), "tests", "test_session")
    env = dict(os.environ, GP_TEST_DATABASE="host=%s/pg port=5432 dbname=portal "
               "user=portal_app connect_timeout=3" % STATE_DIR)
    out = subprocess.run([exe], env=env, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stdout + out.stderr
    assert "[       OK ] test_session_load_with_live_and_dead" in out.stdout, out.stdout
    assert "[       OK ] test_session_end_others_live" in out.stdout, out.stdout
    assert "SKIPPED" not in out.stdout, out.stdout


def test_reads_and_denials_are_audited():
    ids = doc_ids()
    c = logged_in("mark")
    c.get("/documenten/" + ids["Gezinsplan"])
    c.get("/documenten/" + ids["Verslag huisbezoek"])
    rows = sql("SELECT a.object_id, a.outcome FROM audit_log a JOIN account u "
               "ON u.person_id = a.actor_id WHERE u.username = 'mark' "
               "AND a.action = 'document.read' ORDER BY a.id DESC LIMIT 2")
    assert rows == [[ids["Verslag huisbezoek"], "denied"], [ids["Gezinsplan"], "allowed"]], rows


def test_document_page_in_english_and_court_order_notice():
    c = Client(lang="en")
    c.login("elif")
    r = c.get("/documenten/" + doc_ids()["Besluit ondertoezichtstelling"])
    assert r.status == 200
    assert "Written by" in r.text and "A judge decided who may see this document." in r.text
    # name and organisation are Dutch content, each in its own <bdi lang="nl">
    assert re.search(r"Peter Smit ?, Jeugdbescherming Regio", text_of(r.text))


def test_inzage_shows_fatima_reading_the_gezinsplan():
    ids = doc_ids()
    before = logged_in("lotte").get("/inzage")
    assert before.status == 200
    logged_in("fatima").get("/documenten/" + ids["Gezinsplan"])
    after = text_of(logged_in("lotte").get("/inzage").text)
    # one line per person and day (the documents she read that day)
    assert re.search(r'Fatima Bouali \(wijkcoach, Wijkteam Centrum\) las '
                     r'("Gezinsplan"|\d+ stukken) op [^.]+\.', after), after
    assert "Gezinsplan" in after
    # Lotte's own reads are not listed; a document not about her is not
    # listed either (Plan voor Daan, read by Fatima above).
    assert "Lotte de Vries las" not in after
    assert 'Plan voor Daan' not in after


def test_inzage_is_for_family_members_only():
    assert logged_in("fatima").get("/inzage").status == 403
    assert logged_in("kees").get("/inzage").status == 404     # test_counter.py
    r = Client().get("/inzage")
    assert r.status == 303 and r.header("Location") == "/inloggen?terug=/inzage"


def test_looking_at_inzage_is_audited():
    logged_in("emre").get("/inzage")
    rows = sql("SELECT count(*) FROM audit_log a JOIN account u ON u.person_id "
               "= a.actor_id WHERE u.username = 'emre' AND a.action = 'audit.read'")
    assert rows == [["1"]], rows

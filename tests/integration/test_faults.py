"""Honest pages after a fault (issue 21, part 7): a database that refuses
writes (read-only, disk full) answers the B1 503 page, not 500, and says
that what was sent may have arrived; the same form sent again after the
fault is stored once; nginx's own page when the portal is down says the
same in every language. Each test puts the database back as it was."""
import re

from portal import Client, logged_in, sql, stack
from test_berichten import form as msg_form, pro_id
from test_documents import doc_ids
from test_dossier import page_nonce, post

RESEND = "toch aangekomen."        # "wat u/je stuurde": Daan is 16


def comments(body):
    return int(sql("SELECT count(*) FROM document_comment WHERE body = '%s'" % body)[0][0])


def _fresh_connections():
    """Every worker's connection ends; the next request makes a new one,
    which reads the role's settings again."""
    sql("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
        "WHERE usename = 'portal_app'")


def test_fault_read_only_database_is_503_and_resend_stores_once():
    c = logged_in("daan")
    doc = doc_ids()["Plan voor Daan"]
    nonce = page_nonce(c.get("/documenten/" + doc).text, "reacties")
    body = "Verstuurd tijdens onderhoud"
    sql("ALTER ROLE portal_app SET default_transaction_read_only = on")
    try:
        _fresh_connections()
        r = post(c, doc, "reacties", {"body": body, "nonce": nonce})
        assert r.status == 503, r
        assert "Het portaal werkt even niet" in r.text
        assert RESEND in r.text
        assert "Wij bewaren het dan niet dubbel." in r.text
        assert comments(body) == 0
        # A page (no form sent) says nothing about sending again.
        r = Client().get("/inloggen")
        assert r.status in (200, 503), r
        assert RESEND not in r.text
    finally:
        sql("ALTER ROLE portal_app RESET default_transaction_read_only")
        _fresh_connections()
    # The same form again (browser back, send again): stored, once.
    for _ in range(2):
        assert post(c, doc, "reacties", {"body": body, "nonce": nonce}).status == 303
    assert comments(body) == 1


def test_fault_disk_full_is_503_not_500():
    """PostgreSQL's 53100 (disk_full), raised by a trigger for this test:
    the B1 503 page in the person's language, nothing stored."""
    c = logged_in("daan")
    doc = doc_ids()["Plan voor Daan"]
    nonce = page_nonce(c.get("/documenten/" + doc).text, "reacties")
    body = "Verstuurd met een volle schijf"
    sql("CREATE FUNCTION test_disk_full_fn() RETURNS trigger LANGUAGE plpgsql AS "
        "$$BEGIN RAISE EXCEPTION 'could not extend file: No space left on device' "
        "USING ERRCODE = '53100'; END$$; "
        "CREATE TRIGGER test_disk_full BEFORE INSERT ON document_comment "
        "FOR EACH ROW EXECUTE FUNCTION test_disk_full_fn()")
    try:
        r = post(c, doc, "reacties", {"body": body, "nonce": nonce})
        assert r.status == 503, r
        assert RESEND in r.text
        r = Client(lang="en").get("/")
        assert r.status == 200, r
    finally:
        sql("DROP TRIGGER test_disk_full ON document_comment; "
            "DROP FUNCTION test_disk_full_fn()")
    assert comments(body) == 0
    # The connection was kept and works: the same form now stores once.
    assert post(c, doc, "reacties", {"body": body, "nonce": nonce}).status == 303
    assert post(c, doc, "reacties", {"body": body, "nonce": nonce}).status == 303
    assert comments(body) == 1


def test_fault_same_message_and_request_sent_twice_store_once():
    c = logged_in("sanne")
    _, f = msg_form(c, "/berichten")
    f.update({"professional": pro_id("fatima"), "subject": "Twee keer",
              "body": "Dit bericht ging twee keer weg."})
    assert c.post("/berichten", f).status == 303
    assert c.post("/berichten", f).status == 303
    assert int(sql("SELECT count(*) FROM conversation_message WHERE body = "
                   "'Dit bericht ging twee keer weg.'")[0][0]) == 1
    page = c.get("/verzoeken").text
    nonce = re.search(r'action="/verzoeken".*?name="nonce" value="([0-9a-f]{32})"',
                      page, re.S).group(1)
    f = {"csrf": c.csrf("/verzoeken"), "nonce": nonce, "document": "anders",
         "kind": "aanvullen", "body": "Deze vraag ging twee keer weg."}
    assert c.post("/verzoeken", f).status == 303
    assert c.post("/verzoeken", f).status == 303
    assert int(sql("SELECT count(*) FROM request WHERE body = "
                   "'Deze vraag ging twee keer weg.'")[0][0]) == 1


def test_fault_nginx_page_when_the_portal_is_down():
    c = Client()
    tok = c.csrf()
    stack("portal-stop")
    try:
        r = c.post("/inloggen", {"csrf": tok, "username": "sanne", "password": "x"})
        assert r.status == 502, r
        assert (r.header("Cache-Control") or "") == "no-store"
        t = r.text
        assert "Het portaal werkt even niet" in t
        assert "Stuurde u net iets? Misschien is het toch aangekomen." in t
        assert "Wij bewaren het dan niet dubbel." in t
        assert "It may have arrived after all." in t
        for lang in ('lang="en"', 'lang="ar" dir="rtl"', 'lang="tr"', 'lang="pl"',
                     'lang="uk"'):
            assert lang in t, lang
        assert c.get("/").status == 502
    finally:
        stack("portal-start")
    assert Client().get("/health").status == 200

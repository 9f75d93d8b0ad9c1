"""A reply token is never in a log (issue 17, part 4): not in nginx's access
log for any spelling of the link (//antwoord/T, /%61ntwoord/T, ...), not in
nginx's error log on its own errors (413, 502), not in the portal's log.
The run's closing check (scripts/tokens-in-logs.py) looks again in every
log file for every token of the run. The portal stop goes last."""
import http.client
import os
import re

from portal import PORT, STATE_DIR, Client, stack
from test_requests import _comment_and_link


def new_token(text):
    """A reply token as mailed to the professionals when Mark comments on
    his family's plan (the real path: outbox, mail catcher); returns it."""
    _, path = _comment_and_link("mark", "Gezinsplan", text)
    return path.rsplit("/", 1)[1]


def log_text(name):
    with open(os.path.join(STATE_DIR, name), "rb") as f:
        return f.read().decode("utf-8", "replace")


def spellings(tok):
    enc = "".join("%%%02X" % ord(ch) for ch in tok)
    return ["/antwoord/" + tok, "//antwoord/" + tok, "/%61ntwoord/" + tok,
            "/antwoord//" + tok, "/antwoord/./" + tok, "/x/../antwoord/" + tok,
            "/ANTWOORD/" + tok, "/Antwoord/" + tok, "/antwoord%2F" + tok,
            "/antwoord/" + enc, "/%2561ntwoord/" + tok, "/antwoord/" + tok + "?x=1",
            "/antwoord/" + tok + "/", "/x/antwoord/" + tok]


def raw_get(path):
    """GET with the path exactly as given (http.client does not clean it)."""
    conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)
    try:
        conn.putrequest("GET", path, skip_host=True, skip_accept_encoding=True)
        conn.putheader("Host", "127.0.0.1:%d" % PORT)
        conn.endheaders()
        return conn.getresponse().status
    finally:
        conn.close()


def post_too_large(path):
    """A POST whose Content-Length is over nginx's limit: nginx answers 413
    itself, before the portal sees it."""
    conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)
    try:
        conn.putrequest("POST", path, skip_host=True, skip_accept_encoding=True)
        conn.putheader("Host", "127.0.0.1:%d" % PORT)
        conn.putheader("Content-Type", "application/x-www-form-urlencoded")
        conn.putheader("Content-Length", str(8 * 1024 * 1024))
        conn.endheaders()
        return conn.getresponse().status
    finally:
        conn.close()


def test_token_log_no_spelling_in_the_access_log():
    tok = new_token("Staat mijn nieuwe adres goed in het plan?")
    statuses = {p: raw_get(p) for p in spellings(tok)}
    # The link works as sent in the mail; the spellings nginx cleans
    # ($uri) reach the same page.
    assert statuses["/antwoord/" + tok] == 200, statuses
    assert statuses["//antwoord/" + tok] == 200, statuses
    assert statuses["/%61ntwoord/" + tok] == 200, statuses
    access = log_text("nginx-access.log")
    assert tok not in access
    assert tok[:20] not in access
    assert access.count("/antwoord/[link]") + access.count("GET [encoded]") >= len(statuses)
    # Other paths are still logged as they are.
    assert Client().get("/health").status == 200
    assert '"GET /health HTTP/1.1" 200' in log_text("nginx-access.log")
    assert tok not in log_text("portal.log")


def test_token_log_nginx_errors_keep_no_request_line():
    """413 from nginx itself, then 502 with the portal away: the error log
    has no line for a reply link (nginx would print the request line), but
    still has one for another path."""
    tok = new_token("Wie komt er volgende week op bezoek?")
    for path in ("/antwoord/" + tok, "//antwoord/" + tok, "/%61ntwoord/" + tok):
        assert post_too_large(path) == 413
    assert post_too_large("/inloggen") == 413
    errors = log_text("nginx.log")
    assert tok not in errors
    assert re.search(r'request: "POST /inloggen HTTP/1.1"', errors)
    stack("portal-stop")
    try:
        assert raw_get("/antwoord/" + tok) == 502
        assert raw_get("//antwoord/" + tok) == 502
        assert raw_get("/health") == 502
    finally:
        stack("portal-start")
    errors = log_text("nginx.log")
    assert tok not in errors
    assert 'request: "GET /health HTTP/1.1"' in errors
    assert tok not in log_text("nginx-access.log")
    assert Client().get("/health").status == 200

"""Come back where you were (issue 15, part 4, first half): a log-in returns
to the page the person asked for - from a mail link, or after a time-out -
for citizens and for staff through the code step. Only a same-site path
(lib/returnpath); a POST is never sent again; anything else lands on /."""
import re
import urllib.parse

from portal import Client, PASSWORD, TOTP_SECRETS, fresh_step, logged_in, sql, totp


def a_request_of(user):
    m = re.search(r'href="/verzoeken/([A-Za-z0-9_-]+)"', logged_in(user).get("/verzoeken").text)
    assert m, user
    return "/verzoeken/" + m.group(1)


def hidden_terug(page):
    m = re.search(r'name="terug" value="([^"]*)"', page)
    assert m, page[:300]
    return m.group(1)


def log_in_from(c, location, user):
    """From the log-in page the portal sent c to, log in as user (and the
    code for staff); the answer of the last step."""
    page = c.get(location)
    assert page.status == 200, page
    token = re.search(r'name="csrf" value="([0-9a-f]{64})"', page.text).group(1)
    r = c.post("/inloggen", {"csrf": token, "username": user, "password": PASSWORD,
                             "terug": hidden_terug(page.text)})
    if user in TOTP_SECRETS:
        assert r.status == 303 and r.header("Location").startswith("/inloggen/code"), r
        page = c.get(r.header("Location"))
        assert page.status == 200, page
        r = c.post("/inloggen/code", {
            "csrf": token, "code": totp(TOTP_SECRETS[user], fresh_step(user)),
            "terug": hidden_terug(page.text)})
    return r


def test_a_mail_link_returns_there_after_the_log_in():
    for user in ("sanne", "fatima"):
        path = a_request_of(user)
        c = Client()
        r = c.get(path)
        assert r.status == 303 and r.header("Location") == "/inloggen?terug=" + path, (user, r)
        r = log_in_from(c, r.header("Location"), user)
        assert r.status == 303 and r.header("Location") == path, (user, r)
        assert c.get(path).status == 200, user


def test_the_code_step_keeps_where_to_return():
    path = a_request_of("fatima")
    c = Client()
    token = c.csrf("/inloggen?terug=" + path)
    r = c.post("/inloggen", {"csrf": token, "username": "fatima", "password": PASSWORD,
                             "terug": path})
    assert r.status == 303 and r.header("Location") == "/inloggen/code?terug=" + path, r
    assert hidden_terug(c.get(r.header("Location")).text) == path
    # a wrong code: the form again, still with where to return
    r = c.post("/inloggen/code", {"csrf": token, "code": "000000", "terug": path})
    assert r.status == 200 and hidden_terug(r.text) == path
    sql("DELETE FROM login_attempt WHERE username = 'fatima'")     # that wrong code
    # no challenge (any more): the first step again, still with it
    r = Client().get("/inloggen/code?terug=" + path)
    assert r.status == 303 and r.header("Location") == "/inloggen?terug=" + path, r


def test_the_query_comes_along():
    c = Client()
    r = c.get("/delen?gedeeld=1")
    assert r.status == 303 and r.header("Location") == "/inloggen?terug=/delen%3Fgedeeld%3D1", r
    assert hidden_terug(c.get(r.header("Location")).text) == "/delen?gedeeld=1"
    r = log_in_from(c, r.header("Location"), "sanne")
    assert r.status == 303 and r.header("Location") == "/delen?gedeeld=1", r


def test_after_a_time_out_too():
    path = a_request_of("sanne")
    c = logged_in("sanne")
    sql("UPDATE session SET last_seen = now() - interval '31 minutes' WHERE person_id = "
        "(SELECT person_id FROM account WHERE username = 'sanne')")
    r = c.get(path)
    assert r.status == 303 and r.header("Location") == "/inloggen?terug=" + path, r
    r = log_in_from(c, r.header("Location"), "sanne")
    assert r.status == 303 and r.header("Location") == path, r


def test_a_post_while_logged_out_is_not_sent_again():
    path = a_request_of("sanne")
    r = Client().post(path + "/verlengen", {"csrf": "x", "reason": "later"})
    assert r.status == 303 and r.header("Location") == "/inloggen", r
    r = Client().post("/delen", {"csrf": "x", "document": "x"})
    assert r.status == 303 and r.header("Location") == "/inloggen", r


def test_logged_in_the_log_in_page_goes_there_at_once():
    path = a_request_of("sanne")
    c = logged_in("sanne")
    r = c.get("/inloggen?terug=" + urllib.parse.quote(path, safe="/"))
    assert r.status == 303 and r.header("Location") == path, r
    r = c.get("/inloggen?terug=" + urllib.parse.quote("//evil.example", safe=""))
    assert r.status == 303 and r.header("Location") == "/", r


def test_another_site_is_never_where_a_log_in_goes():
    evil = ["//evil.example", "https://evil.example/", "/\\evil.example", "\\\\evil.example",
            "/%2F%2Fevil.example", "/%2f/evil.example", "javascript:alert(1)",
            "/x\r\nSet-Cookie: a=1", "/x\x00y", "/" + "a" * 600, "evil", ""]
    for e in evil:
        c = Client()
        page = c.get("/inloggen?terug=" + urllib.parse.quote(e, safe=""))
        if page.status == 400:          # refused by the request parser already
            continue
        assert page.status == 200 and hidden_terug(page.text) == "/", (e, page)
        token = re.search(r'name="csrf" value="([0-9a-f]{64})"', page.text).group(1)
        r = c.post("/inloggen", {"csrf": token, "username": "sanne", "password": PASSWORD,
                                 "terug": e})
        assert r.status in (303, 400), (e, r)
        if r.status == 303:
            assert r.header("Location") == "/", (e, r)


def test_the_language_switch_on_the_log_in_page_keeps_it():
    path = a_request_of("sanne")
    c = Client()
    page = c.get("/inloggen?terug=" + path).text
    m = re.search(r'href="(/taal\?l=en&amp;terug=[^"]+)"', page)
    assert m, page
    r = c.get(m.group(1).replace("&amp;", "&"))
    assert r.status == 303 and r.header("Location") == "/inloggen?terug=" + path, r
    assert hidden_terug(c.get(r.header("Location")).text) == path

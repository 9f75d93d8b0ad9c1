"""The route table is what the dispatcher does: every row of `portal routes`
(cgi/app/routes.c) tried over HTTP for its role, flags and menu item, by
people it is not for and without logging in."""
import os
import re
import secrets
import subprocess

from portal import ROOT, STATE_DIR, Client, logged_in

BUILD = os.environ.get("BUILD", "build")
# Who tries a row of each role.
PERSON = {"citizen": "sanne", "professional": "fatima", "clerk": "kees",
          "user": "sanne"}
_clients = {}


def client(user):
    if user not in _clients:
        _clients[user] = logged_in(user)
    return _clients[user]


def rows():
    out = subprocess.run([os.path.join(ROOT, BUILD, "portal"), "routes"],
                         check=True, capture_output=True, text=True).stdout
    lines = out.splitlines()
    assert lines[0].split() == ["METHOD", "PATTERN", "ROLE", "FLAGS", "NAV",
                                "PREFETCH", "HANDLER"], lines[0]
    found = []
    for line in lines[1:]:
        method, pattern, role, flags, nav, prefetch, handler = line.split()
        found.append({"method": method, "pattern": pattern, "role": role,
                      "flags": set() if flags == "-" else set(flags.split(",")),
                      "nav": None if nav == "-" else nav, "handler": handler})
    return found


def routes():
    """(method, pattern) -> its rows, in table order."""
    by = {}
    for r in rows():
        by.setdefault((r["method"], r["pattern"]), []).append(r)
    return by


def concrete(pattern):
    """A path the pattern fits, with ids nobody has."""
    return re.sub(r"\{[a-z]+\}", "x0", pattern)


def login_path():
    [r] = [r for r in rows() if "login-page" in r["flags"]]
    return r["pattern"]


def test_routes_table_is_printed_whole():
    table = rows()
    assert len(table) > 40
    assert {r["method"] for r in table} == {"GET", "POST"}
    handlers = {r["handler"] for r in table}
    assert {"h_appointments", "h_slots", "h_home_citizen",
            "h_home_professional", "h_home_clerk"} <= handlers
    assert login_path() == "/inloggen"


def test_routes_logged_out_go_to_the_login_page():
    """A route without a row for anyone: 303 to the log-in page (before the
    CSRF check), a GET with the page to return to (issue 15, part 4);
    HEAD where a row refuses it: 405."""
    tried = 0
    for (method, pattern), group in routes().items():
        if any(r["role"] == "public" for r in group):
            continue
        path = concrete(pattern)
        if method == "GET":
            r = Client().get(path)
        else:
            r = Client().post(path, {"csrf": "x"})
        want = login_path() + ("?terug=" + path if method == "GET" else "")
        assert r.status == 303 and r.header("Location") == want, (method, path, r)
        if method == "GET" and any("no-head" in g["flags"] for g in group):
            assert Client().request("HEAD", path).status == 405, path
        tried += 1
    assert tried > 30


def test_routes_other_roles_get_403():
    """A logged-in person whose role has no row: 403, also with a good
    form token; HEAD: 405. A clerk outside an assisted session: 404
    (the counter, test_counter.py)."""
    tried = 0
    for (method, pattern), group in routes().items():
        roles = {r["role"] for r in group}
        if roles & {"public", "user"}:
            continue
        for role in ("citizen", "professional", "clerk"):
            if role in roles:
                continue
            c = client(PERSON[role])
            path = concrete(pattern)
            if method == "GET":
                r = c.get(path)
            else:
                r = c.post(path, {"csrf": c.csrf("/")})
            if role == "clerk":
                assert r.status == 404, (method, path, role, r)
                tried += 1
                continue
            assert r.status == 403 and "U kunt deze pagina niet openen" in r.text, \
                (method, path, role, r)
            if method == "GET" and any("no-head" in g["flags"] for g in group):
                assert c.request("HEAD", path).status == 405, (path, role)
            tried += 1
    assert tried > 40


def test_routes_a_role_picks_its_row():
    assert "<title>Afspraken" in client("sanne").get("/afspraken").text
    assert "<title>Tijden voor afspraken" in client("fatima").get("/afspraken").text
    assert "<title>Uw gezin" in client("sanne").get("/").text
    assert "<title>Gezinnen waar u mee werkt" in client("fatima").get("/").text
    r = client("kees").get("/")
    assert r.status == 200 and "<title>Start" in r.text
    assert "Gezin De Vries" not in r.text
    assert "<title>Welkom bij Gezinsportaal" in Client().get("/").text
    # A clerk outside an assisted session: as if it did not exist.
    assert client("kees").get("/verzoeken").status == 404


def current_menu_item(page):
    m = re.findall(r'<a href="([^"]*)" aria-current="page"', page)
    assert len(m) == 1, m
    return m[0]


def test_routes_nav_is_the_rows():
    """Every page without a placeholder shows its row's menu item as
    current (none: Start); an error page keeps the menu item of the page
    asked for (issue 20)."""
    tried = 0
    for r in rows():
        if r["method"] != "GET" or r["role"] == "public" or "{" in r["pattern"]:
            continue
        page = client(PERSON[r["role"]]).get(r["pattern"])
        if page.status != 200 or not page.header("Content-Type").startswith("text/html"):
            continue
        want = "/" + r["nav"] if r["nav"] else "/"
        assert current_menu_item(page.text) == want, (r, page)
        tried += 1
    assert tried >= 12
    page = client("sanne").get("/documenten/x0")
    assert page.status == 404 and current_menu_item(page.text) == "/documenten"


def test_routes_secret_path_stays_out_of_the_log():
    """A secret path (a reply link) is logged as its pattern, also when it
    comes with a character too many (a full stop after the link in a mail)
    or with a form that fails the CSRF check; HEAD on it is refused."""
    token = secrets.token_urlsafe(32).replace("-", "a").replace("_", "b")
    assert Client().get("/antwoord/%s." % token).status == 404
    assert Client().request("HEAD", "/antwoord/" + token).status == 405
    assert Client().post("/antwoord/" + token, {"csrf": "x"}).status == 403
    with open(os.path.join(STATE_DIR, "portal.log"), encoding="utf-8",
              errors="replace") as f:
        log = f.read()
    assert token not in log
    assert "csrf: refused POST /antwoord/[link]" in log

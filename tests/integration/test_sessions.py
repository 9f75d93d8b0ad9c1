"""Sessions a person can see (issue 17, part 8): /gegevens lists my live
sessions (device in words, since when, last used, from where), and "Overal
elders uitloggen" ends every other one of mine, audited; nobody else's."""
import re

from portal import Client, logged_in, sql, text_of

FIREFOX_WINDOWS = ("Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:120.0) "
                   "Gecko/20100101 Firefox/120.0")
CHROME_ANDROID = ("Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 "
                  "(KHTML, like Gecko) Chrome/120.0.0.0 Mobile Safari/537.36")


class Browser(Client):
    """A client that says which browser it is."""

    def __init__(self, ua, addr=None):
        super().__init__(addr=addr)
        self.ua = ua

    def request(self, method, path, body=None, headers=None, raw_body=None):
        h = {"User-Agent": self.ua}
        h.update(headers or {})
        return super().request(method, path, body=body, headers=h,
                               raw_body=raw_body)


def login(c, user):
    r = c.login(user)
    assert r.status == 303, r
    return c


def works(c):
    return c.get("/gegevens").status == 200


def end_others(c):
    return c.post("/gegevens/elders-uitloggen",
                  {"csrf": c.csrf("/gegevens")})


def test_sessions_list_shows_my_devices_in_words():
    sql("DELETE FROM session WHERE person_id = (SELECT person_id FROM "
        "account WHERE username = 'sanne')")
    pc = login(Browser(FIREFOX_WINDOWS, addr="127.0.4.1"), "sanne")
    phone = login(Browser(CHROME_ANDROID, addr="127.0.4.2"), "sanne")
    login(Client(addr="127.0.4.3"), "sanne")         # says nothing
    other = login(Browser(CHROME_ANDROID, addr="127.0.4.4"), "mark")
    r = pc.get("/gegevens")
    assert r.status == 200
    t = text_of(r.text)
    assert "Waar u nu bent ingelogd" in t
    assert "Firefox op Windows (dit apparaat)" in t, t
    assert "Chrome op Android" in t and "Een onbekend apparaat" in t
    assert "127.0.4.1" in t and "127.0.4.2" in t and "127.0.4.3" in t
    assert "127.0.4.4" not in t                      # Mark's, not mine
    assert t.count("Ingelogd op") == 3 and t.count("Laatst gebruikt") == 3
    assert 'action="/gegevens/elders-uitloggen"' in r.text
    # This browser's session comes first.
    assert t.index("Firefox op Windows") < t.index("Chrome op Android")
    # The User-Agent itself is not kept.
    rows = sql("SELECT DISTINCT device FROM session s JOIN account a "
               "ON a.person_id = s.person_id WHERE a.username = 'sanne' "
               "ORDER BY 1")
    assert rows == [["/"], ["Chrome/Android"], ["Firefox/Windows"]], rows
    assert works(phone) and works(other)


def test_sessions_log_out_everywhere_else():
    here = login(Browser(FIREFOX_WINDOWS, addr="127.0.4.5"), "mark")
    there = [login(Client(addr="127.0.4.%d" % i), "mark") for i in (6, 7)]
    sanne = logged_in("sanne")
    before = int(sql("SELECT count(*) FROM audit_log WHERE action = "
                     "'session.end_others' AND outcome = 'allowed'")[0][0])
    mine = int(sql("SELECT count(*) FROM session s JOIN account a ON "
                   "a.person_id = s.person_id WHERE a.username = 'mark'")[0][0])
    r = end_others(here)
    assert r.status == 303, r
    assert r.header("Location") == "/gegevens?elders=%d#sessies" % (mine - 1)
    page = here.get(r.header("Location"))
    t = text_of(page.text)
    assert "U bent op %d andere plekken uitgelogd." % (mine - 1) in t, t
    assert "U bent nergens anders ingelogd." in t
    assert "Overal elders uitloggen" not in t
    # The other sessions' cookies stop working; this one and Sanne's not.
    for c in there:
        r = c.get("/gegevens")
        assert r.status == 303 and "/inloggen" in r.header("Location"), r
    assert works(here) and works(sanne)
    assert int(sql("SELECT count(*) FROM audit_log WHERE action = "
                   "'session.end_others' AND outcome = 'allowed'")[0][0]) == before + 1
    row = sql("SELECT a.actor_id = u.person_id, a.remote_addr FROM audit_log a, "
              "account u WHERE u.username = 'mark' AND a.action = "
              "'session.end_others' ORDER BY a.id DESC LIMIT 1")
    assert row == [["t", "127.0.4.5"]], row
    # Again: nothing else to end, said so.
    r = end_others(here)
    assert r.header("Location") == "/gegevens?elders=0#sessies"
    assert "U was nergens anders ingelogd." in text_of(here.get(
        r.header("Location")).text)


def test_sessions_log_out_elsewhere_refusals():
    a = login(Client(addr="127.0.4.8"), "lotte")
    b = login(Client(addr="127.0.4.9"), "lotte")
    # without the form token: 403, nothing ended
    r = a.post("/gegevens/elders-uitloggen", {})
    assert r.status == 403 and works(b)
    r = a.post("/gegevens/elders-uitloggen", {"csrf": "0" * 64})
    assert r.status == 403 and works(b)
    # another person's form token
    r = a.post("/gegevens/elders-uitloggen",
               {"csrf": logged_in("sanne").csrf("/gegevens")})
    assert r.status == 403 and works(b)
    # logged out: to the log-in page, nothing ended
    anon = Client()
    r = anon.post("/gegevens/elders-uitloggen", {"csrf": anon.csrf()})
    assert r.status in (303, 403) and works(b), r
    # staff have no such page
    pro = logged_in("fatima")
    r = end_others(pro) if pro.get("/gegevens").status == 200 else \
        pro.post("/gegevens/elders-uitloggen", {"csrf": pro.csrf("/")})
    assert r.status == 403, r
    # GET is not a way to it: it goes to the page of the form (issue 20)
    r = a.get("/gegevens/elders-uitloggen")
    assert r.status == 303 and r.header("Location") == "/gegevens"
    assert works(a) and works(b)

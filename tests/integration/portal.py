"""Helpers for the integration tests: an HTTP client with its own cookies
that does not follow redirects, form-token extraction, log-in, and SQL as
the database owner (to look at the audit log, or age a session)."""
import html as htmlmod
import http.client
import os
import re
import subprocess
import urllib.parse

PORT = int(os.environ.get("PORT", "18080"))
STATE_DIR = os.environ["STATE_DIR"]
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PASSWORD = "portaal-demo"
# The database owner's password is root's, in the state directory.
os.environ.setdefault("PGPASSFILE", os.path.join(STATE_DIR, "admin.pgpass"))


class Response:
    def __init__(self, status, headers, body):
        self.status = status
        self.headers = headers          # list of (name, value)
        self.body = body                # bytes
        self.text = body.decode("utf-8", "replace")

    def header(self, name):
        for k, v in self.headers:
            if k.lower() == name.lower():
                return v
        return None

    def all(self, name):
        return [v for k, v in self.headers if k.lower() == name.lower()]

    def __repr__(self):
        return "<%d %s>" % (self.status, self.text[:200])


class Client:
    def __init__(self, lang=None):
        self.cookies = {}
        self.lang = lang

    def request(self, method, path, body=None, headers=None, raw_body=None):
        h = {"Host": "127.0.0.1:%d" % PORT}
        if self.cookies:
            h["Cookie"] = "; ".join("%s=%s" % kv for kv in self.cookies.items())
        if self.lang:
            h["Accept-Language"] = self.lang
        data = raw_body
        if body is not None:
            data = urllib.parse.urlencode(body).encode()
            h["Content-Type"] = "application/x-www-form-urlencoded"
        h.update(headers or {})
        conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)
        try:
            conn.request(method, path, body=data, headers=h)
            r = conn.getresponse()
            resp = Response(r.status, r.getheaders(), r.read())
        finally:
            conn.close()
        for sc in resp.all("Set-Cookie"):
            name, _, rest = sc.partition("=")
            value = rest.split(";", 1)[0]
            if "Max-Age=0" in sc:
                self.cookies.pop(name, None)
            else:
                self.cookies[name] = value
        return resp

    def get(self, path, **kw):
        return self.request("GET", path, **kw)

    def post(self, path, fields, **kw):
        return self.request("POST", path, body=fields, **kw)

    def csrf(self, path="/inloggen"):
        r = self.get(path)
        m = re.search(r'name="csrf" value="([0-9a-f]{64})"', r.text)
        assert m, "no csrf field on %s: %r" % (path, r)
        return m.group(1)

    def login(self, user, password=PASSWORD):
        token = self.csrf("/inloggen")
        return self.post("/inloggen", {"csrf": token, "username": user,
                                       "password": password})


def logged_in(user):
    c = Client()
    r = c.login(user)
    assert r.status == 303, "login %s: %r" % (user, r)
    return c


def sql(query):
    """Runs SQL as the database owner; returns rows as lists of strings."""
    out = subprocess.run(
        ["psql", "-X", "-q", "-At", "-F", "\t", "-v", "ON_ERROR_STOP=1",
         "-h", os.path.join(STATE_DIR, "pg"), "-p", "5432", "-U", "portal",
         "-d", "portal", "-c", query],
        check=True, capture_output=True, text=True).stdout
    return [line.split("\t") for line in out.splitlines() if line]


def sql_fails(query, user="portal"):
    """True if the statement fails (as that database role)."""
    r = subprocess.run(
        ["psql", "-X", "-q", "-At", "-v", "ON_ERROR_STOP=1",
         "-h", os.path.join(STATE_DIR, "pg"), "-p", "5432", "-U", user,
         "-d", "portal", "-c", query], capture_output=True, text=True)
    return r.returncode != 0


def stack(cmd):
    subprocess.run(["bash", os.path.join(ROOT, "scripts", "stack.sh"), cmd],
                   check=True)


def text_of(page):
    """The visible text of a page, roughly: tags out, blanks folded."""
    t = re.sub(r"<[^>]+>", " ", page)
    return htmlmod.unescape(re.sub(r"\s+", " ", t).strip())

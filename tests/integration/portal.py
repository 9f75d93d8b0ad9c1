"""Helpers for the integration tests: an HTTP client with its own cookies
that does not follow redirects, form-token extraction, log-in (with the
one-time code for staff), and SQL as the database owner (to look at the
audit log, or age a session)."""
import base64
import hashlib
import hmac
import html as htmlmod
import http.client
import os
import re
import struct
import subprocess
import time
import urllib.parse

PORT = int(os.environ.get("PORT", "18080"))
STATE_DIR = os.environ["STATE_DIR"]
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PASSWORD = "portaal-demo"
# The database owner's password is root's, in the state directory.
os.environ.setdefault("PGPASSFILE", os.path.join(STATE_DIR, "admin.pgpass"))


# The second log-in step for staff (CONTRACT.md, "Second factor").
TOTP_SECRETS = {"kees": "JBSWY3DPEHPK3PXP", "fatima": "KRSXG5CTMVRXEZLU",
                "peter": "MFRGGZDFMZTWQ2LK", "ellen": "GEZDGNBVGY3TQOJQ"}
STEP = 30
# The last time step whose code this process sent, per user: the portal
# accepts a code once (only a step later than the last one accepted).
_last_step = {}
TOTP_FORGOT = [0]       # times the test database forgot the used steps


def totp(secret, step, digits=6):
    """RFC 6238 (HMAC-SHA1) code of a time step, for a base32 secret."""
    key = base64.b32decode(secret.upper() + "=" * (-len(secret) % 8))
    mac = hmac.new(key, struct.pack(">Q", step), hashlib.sha1).digest()
    off = mac[-1] & 0x0F
    n = struct.unpack(">I", mac[off:off + 4])[0] & 0x7FFFFFFF
    return str(n % 10 ** digits).zfill(digits)


def fresh_step(user):
    """A step the portal accepts now (one either side of now) that this
    process did not use yet for user: the oldest such, so that later log-ins
    still find one. The previous step only while the current one has 5 s to
    go (the portal may look at its clock a little later).

    When all three are used (the suite logs staff in about 75 times, mostly
    Fatima, in two minutes), the test database forgets which steps were used
    (as tests age a session: the owner's SQL) instead of waiting up to 30 s
    each time, which made the suite many minutes slower. The portal's rule
    is untouched; test_totp checks it without this."""
    now = time.time()
    cur = int(now // STEP)
    low = cur - 1 if now % STEP < STEP - 5 else cur
    step = max(low, _last_step.get(user, -1) + 1)
    if step > cur + 1:
        sql("UPDATE staff_totp SET last_step = %d WHERE person_id = "
            "(SELECT person_id FROM account WHERE username = '%s')"
            % (low - 1, user))
        TOTP_FORGOT[0] += 1
        step = low
    _last_step[user] = step
    return step


def used_step(user, step):
    """Tells the helper that a test sent the code of step for user."""
    _last_step[user] = max(_last_step.get(user, -1), step)


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
    def __init__(self, lang=None, addr=None):
        """addr: the client's own address (another in 127.0.0.0/8), as
        someone elsewhere; None: 127.0.0.1."""
        self.cookies = {}
        self.lang = lang
        self.addr = addr

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
        conn = http.client.HTTPConnection(
            "127.0.0.1", PORT, timeout=30,
            source_address=(self.addr, 0) if self.addr else None)
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
        """Logs in; for staff also the second step, when the password was
        right (the answer is then the code's)."""
        token = self.csrf("/inloggen")
        r = self.post("/inloggen", {"csrf": token, "username": user,
                                    "password": password})
        if r.status == 303 and (r.header("Location") or "").endswith(
                "/inloggen/code") and user in TOTP_SECRETS:
            # the form token is bound to the same pre-session cookie
            r = self.send_code(totp(TOTP_SECRETS[user], fresh_step(user)),
                               token)
        return r

    def send_code(self, code, token=None):
        """The second step: the code on the code page's form."""
        if token is None:
            token = self.csrf("/inloggen/code")
        return self.post("/inloggen/code", {"csrf": token, "code": code})


def reply_user(path):
    """The user name of the professional a reply link (/antwoord/{token})
    is bound to."""
    tok = path.rsplit("/", 1)[1]
    digest = hashlib.sha256(base64.urlsafe_b64decode(tok + "=")).hexdigest()
    return sql("SELECT a.username FROM reply_token t JOIN account a "
               "ON a.person_id = t.professional_id "
               "WHERE t.token_hash = decode('%s', 'hex')" % digest)[0][0]


def confirm_reply(c, path, user=None, password=PASSWORD, code=None):
    """Sends the confirmation form of a reply link in client c: the
    password and a fresh one-time code of the link's professional (or of
    user). The answer: a 303 back to the link when right."""
    user = user or reply_user(path)
    if code is None:
        code = totp(TOTP_SECRETS[user], fresh_step(user))
    return c.post(path, {"csrf": c.csrf(path), "password": password,
                         "code": code})


def reply_client(path):
    """A client (no session) that confirmed who opens this reply link."""
    c = Client()
    r = confirm_reply(c, path)
    assert r.status == 303 and r.header("Location") == path, r
    return c


def logged_in(user):
    c = Client()
    r = c.login(user)
    assert r.status == 303, "login %s: %r" % (user, r)
    return c


PSQL = ["psql", "-X", "-q", "-At", "-F", "\t",
        "-h", os.path.join(STATE_DIR, "pg"), "-p", "5432", "-U", "portal",
        "-d", "portal"]


def sql(query):
    """Runs SQL as the database owner; returns rows as lists of strings.
    A failing statement raises subprocess.CalledProcessError."""
    return [line.split("\t") for line in _psql(query).splitlines() if line]


def _psql_once(query):
    """A psql of its own for one query (psql -c: several statements are
    one transaction, as before)."""
    SQL_COUNT[1] += 1
    return subprocess.run(PSQL + ["-v", "ON_ERROR_STOP=1", "-c", query],
                          check=True, capture_output=True, text=True).stdout


class _Session:
    """One psql kept open for the tests' SQL: a new psql for each query
    (a process, a connection and a backend) cost 30-300 ms; the suite
    runs thousands. Each query still runs on its own (autocommit), as
    with psql -c; the owner's session sets nothing that outlives it."""

    def __init__(self):
        self.p = subprocess.Popen(
            PSQL, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            stderr=subprocess.PIPE, text=True, bufsize=1)
        self.n = 0

    def alive(self):
        return self.p.poll() is None

    def run(self, query):
        """stdout of query, or raises: CalledProcessError (the query
        failed), _Lost (this psql went away before answering)."""
        self.n += 1
        mark = "--gp-end-%d--" % self.n
        try:
            self.p.stdin.write(query.rstrip().rstrip(";") + "\n;\n\\echo %s\n\\warn %s\n"
                               % (mark, mark))
            self.p.stdin.flush()
        except (BrokenPipeError, OSError):
            raise _Lost()
        out = []
        for line in self.p.stdout:
            if line.rstrip("\n") == mark:
                break
            out.append(line)
        else:
            raise _Lost()
        err = []
        for line in self.p.stderr:
            if line.rstrip("\n") == mark:
                break
            err.append(line)
        else:
            raise _Lost()
        if any("ERROR:" in e or "FATAL:" in e for e in err):
            raise subprocess.CalledProcessError(3, "psql", "".join(out), "".join(err))
        return "".join(out)

    def close(self):
        try:
            self.p.stdin.close()
            self.p.wait(timeout=5)
        except Exception:
            self.p.kill()


class _Lost(Exception):
    pass


_session = [None]
SQL_COUNT = [0, 0]      # statements in the kept psql session; psql -c runs


def _psql(query):
    # Several statements in one string: psql -c as before (one
    # transaction, the last one's rows), not split by psql's reader.
    if ";" in query.strip().rstrip(";") or query.lstrip().startswith("\\"):
        return _psql_once(query)
    for _ in range(2):
        s = _session[0]
        if s is None or not s.alive():
            s = _session[0] = _Session()
        try:
            out = s.run(query)
            SQL_COUNT[0] += 1
            return out
        except _Lost:
            # PostgreSQL restarted (a test stops it) or psql ended: a new
            # session, once; the query had not been answered.
            s.close()
            _session[0] = None
    return _psql_once(query)


def release_held_mails(seconds=10):
    """The professionals' "nieuwe gegevens" mail waits five minutes in the
    outbox so that a second change joins it (F5). Between tests (run.py)
    the held ones go now and are sent, as they were sent before a later
    test started when they did not wait: no test gets another's mail in
    its window. A mail server a test left away delays nothing: after
    `seconds` the run goes on."""
    cond = ("topic LIKE 'contact:%' AND sent_at IS NULL AND cancelled_at IS NULL")
    if sql("WITH u AS (UPDATE outbox SET not_before = now() WHERE %s "
           "AND not_before > now() RETURNING 1) SELECT (SELECT count(*) FROM u) "
           "+ (SELECT count(*) FROM outbox WHERE %s)" % (cond, cond)) == [["0"]]:
        return
    end = time.time() + seconds
    while time.time() < end:
        if sql("SELECT 1 FROM outbox WHERE %s LIMIT 1" % cond) == []:
            return
        time.sleep(0.2)


def sql_fails(query, user="portal"):
    """True if the statement fails (as that database role)."""
    r = subprocess.run(
        ["psql", "-X", "-q", "-At", "-v", "ON_ERROR_STOP=1",
         "-h", os.path.join(STATE_DIR, "pg"), "-p", "5432", "-U", user,
         "-d", "portal", "-c", query], capture_output=True, text=True)
    return r.returncode != 0


def issued_token(tok):
    """Remembers a reply token a test made itself (not mailed), so that the
    run's closing check (scripts/tokens-in-logs.py) looks for it in every
    log file too. Returns tok."""
    with open(os.path.join(STATE_DIR, "issued-tokens"), "a") as f:
        f.write(tok + "\n")
    return tok


def stack(cmd):
    subprocess.run(["bash", os.path.join(ROOT, "scripts", "stack.sh"), cmd],
                   check=True)


def text_of(page):
    """The visible text of a page, roughly: tags out, blanks folded."""
    t = re.sub(r"<[^>]+>", " ", page)
    return htmlmod.unescape(re.sub(r"\s+", " ", t).strip())

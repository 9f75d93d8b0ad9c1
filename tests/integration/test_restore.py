"""Backup and restore (issue 21, part 6): make backup's script on the
running test stack, make restore's script into a fresh cluster on another
port, and then the same pages answer with the same content, the audit log
is complete, and the portal's role still cannot change or remove an audit
row (the grants came back with the dump)."""
import os
import re
import shutil
import subprocess
import tempfile

import portal
from portal import Client, ROOT, STATE_DIR, logged_in, sql
from test_documents import doc_ids

PORT2 = portal.PORT + 3         # its mail catcher: PORT2 + 17


def _run(script, **env):
    e = dict(os.environ)
    e.update(env)
    return subprocess.run(["bash", os.path.join(ROOT, "scripts", script)],
                          env=e, capture_output=True, text=True)


def _sql2(state, query, user="portal"):
    return subprocess.run(
        ["psql", "-X", "-q", "-At", "-v", "ON_ERROR_STOP=1", "-h",
         os.path.join(state, "pg"), "-p", "5432", "-U", user, "-d", "portal",
         "-c", query], capture_output=True, text=True,
        env=dict(os.environ, PGPASSFILE=os.path.join(state, "admin.pgpass")))


def _same(page):
    """A page without what differs per request or session: form tokens,
    nonces, the request id."""
    t = re.sub(r'name="(csrf|nonce)" value="[0-9a-f]+"', r'name="\1"', page)
    return re.sub(r"[0-9a-f]{16,}", "[id]", t)


def _pages(user, doc):
    c = logged_in(user)
    out = []
    for path in ("/documenten", "/documenten/" + doc, "/verzoeken", "/delen",
                 "/afspraken", "/gegevens"):
        r = c.get(path)
        assert r.status == 200, (path, r)
        out.append((path, _same(r.text)))
    return out


def _on(port, fn, *args):
    old = portal.PORT
    portal.PORT = port
    try:
        return fn(*args)
    finally:
        portal.PORT = old


AUDIT_SUM = ("SELECT count(*) || ' ' || coalesce(max(id), 0) || ' ' || "
             "md5(coalesce(string_agg(t::text, '|' ORDER BY id), '')) "
             "FROM audit_log t WHERE id <= %s")


def test_restore_backup_into_a_fresh_cluster():
    doc = doc_ids()["Veiligheidsplan"]
    # Something of today in the backup: a comment.
    c = logged_in("sanne")
    page = c.get("/documenten/" + doc).text
    nonce = re.search(r'action="/documenten/[^/]+/reacties[^"]*".*?name="nonce" '
                      r'value="([0-9a-f]{32})"', page, re.S).group(1)
    assert c.post("/documenten/%s/reacties" % doc,
                  {"csrf": c.csrf("/"), "nonce": nonce,
                   "body": "Voor de back-up"}).status == 303
    work = tempfile.mkdtemp(prefix="gp-restore.", dir="/tmp")
    os.chmod(work, 0o755)
    backup = os.path.join(work, "backup")
    state2 = os.path.join(work, "state")
    try:
        r = _run("backup.sh", STATE_DIR=STATE_DIR, BACKUP=backup)
        assert r.returncode == 0, r.stderr
        assert sorted(os.listdir(backup)) == ["MANIFEST", "SHA256SUMS", "portal.dump", "secret"]
        assert os.stat(os.path.join(backup, "portal.dump")).st_mode & 0o077 == 0
        # A second backup into the same place is refused.
        assert _run("backup.sh", STATE_DIR=STATE_DIR, BACKUP=backup).returncode != 0

        os.mkdir(state2)
        os.chmod(state2, 0o755)
        r = _run("restore.sh", STATE_DIR=state2, BACKUP=backup, PORT=str(PORT2))
        assert r.returncode == 0, r.stderr[-2000:]
        with open(os.path.join(state2, "secret")) as a, \
                open(os.path.join(STATE_DIR, "secret")) as b:
            assert a.read() == b.read()

        # The audit log complete: every row of the backup, byte for byte.
        top = _sql2(state2, "SELECT max(id) FROM audit_log").stdout.strip()
        restored = _sql2(state2, AUDIT_SUM % top).stdout.strip()
        assert restored == sql(AUDIT_SUM % top)[0][0], (
            restored, _sql2(state2, "SELECT t::text FROM audit_log t ORDER BY id").stdout,
            sql("SELECT t::text FROM audit_log t WHERE id <= %s ORDER BY id" % top))
        assert "Voor de back-up" in _sql2(
            state2, "SELECT string_agg(body, '|') FROM document_comment").stdout
        # Still append-only for the portal's role.
        for q in ("UPDATE audit_log SET action = 'x' WHERE id = %s" % top,
                  "DELETE FROM audit_log WHERE id = %s" % top,
                  "TRUNCATE audit_log"):
            r = _sql2(state2, q, user="portal_app")
            assert r.returncode != 0 and "permission denied" in r.stderr, (q, r.stderr)

        # The same pages with the same content, on both stacks.
        for user in ("sanne", "mark"):
            here = _pages(user, doc)
            there = _on(PORT2, _pages, user, doc)
            for (path, a), (_, b) in zip(here, there):
                assert a == b, "%s %s differs after the restore" % (user, path)
        # The restored portal writes audit rows again (INSERT granted).
        after = _sql2(state2, "SELECT max(id) FROM audit_log").stdout.strip()
        assert int(after) > int(top)

        # A restore never goes into a state directory with a database.
        r = _run("restore.sh", STATE_DIR=state2, BACKUP=backup, PORT=str(PORT2))
        assert r.returncode != 0 and "already holds a database" in r.stderr
    finally:
        subprocess.run(["bash", os.path.join(ROOT, "scripts", "stack.sh"), "stop"],
                       env=dict(os.environ, STATE_DIR=state2, PORT=str(PORT2)))
        shutil.rmtree(work, ignore_errors=True)
    assert Client().get("/health").status == 200

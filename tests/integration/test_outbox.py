"""The outbox over real SMTP: a comment by a family member reaches the
assigned professional as a mail in the mail catcher (a link, no dossier
text, a stable Message-ID); with the mail server down the comment still
succeeds and the mail waits, with its reason, until the server is back."""
import email
import email.policy
import glob
import os
import re
import signal
import time

from portal import STATE_DIR, logged_in, sql, stack
from test_documents import doc_ids
from test_dossier import post


def mails():
    return sorted(glob.glob(os.path.join(STATE_DIR, "mail", "*.eml")))


def wait_for(cond, seconds=20):
    end = time.time() + seconds
    while time.time() < end:
        if cond():
            return True
        time.sleep(0.2)
    return False


def unsent():
    # Reminders wait for their day (or were called off): not "unsent".
    return int(sql("SELECT count(*) FROM outbox WHERE sent_at IS NULL AND kind = 'mail' "
                   "AND topic IS NULL")[0][0])


def test_comment_mail_reaches_the_professional():
    assert wait_for(lambda: unsent() == 0), "earlier mail not sent"
    before = set(mails())
    doc = doc_ids()["Plan voor Daan"]
    assert post(logged_in("sanne"), doc, "reacties",
                {"body": "Daan wil liever op dinsdag voetballen."}).status == 303
    assert wait_for(lambda: set(mails()) - before), "no mail arrived"
    new = sorted(set(mails()) - before)
    assert len(new) == 1, new
    with open(new[0], "rb") as f:
        msg = email.message_from_binary_file(f, policy=email.policy.default)
    assert msg["To"] == "fatima@demo.gezinsportaal.invalid"
    assert msg["Subject"] == "Nieuwe reactie in Gezinsportaal"
    body = msg.get_content()
    assert "/documenten/" + doc in body
    assert "dinsdag" not in body and "Daan" not in body
    mid = sql("SELECT message_id FROM outbox ORDER BY id DESC LIMIT 1")[0][0]
    assert re.fullmatch(r"<%s@[^>]+>" % re.escape(mid), msg["Message-ID"]), msg["Message-ID"]
    row = sql("SELECT sent_at IS NOT NULL, attempts, lease_until IS NULL "
              "FROM outbox ORDER BY id DESC LIMIT 1")
    assert row == [["t", "1", "t"]], row


def test_mail_waits_while_the_mail_server_is_down():
    assert wait_for(lambda: unsent() == 0), "earlier mail not sent"
    stack("mailsink-stop")
    try:
        before = set(mails())
        doc = doc_ids()["Besluit ondertoezichtstelling"]
        r = post(logged_in("emre"), doc, "reacties", {"body": "Mail ligt eruit"})
        assert r.status == 303                  # the action succeeds
        assert wait_for(lambda: sql(
            "SELECT attempts > 0 AND last_error IS NOT NULL AND sent_at IS NULL "
            "FROM outbox ORDER BY id DESC LIMIT 1") == [["t"]]), "no failed attempt noted"
        assert set(mails()) == before
    finally:
        stack("mailsink-start")
    # Back: sent on a next attempt (retry base 1 s in the tests).
    assert wait_for(lambda: unsent() == 0, 30), "mail not sent after the server came back"
    row = sql("SELECT recipient, attempts > 1 FROM outbox ORDER BY id DESC LIMIT 1")
    assert row == [["peter@demo.gezinsportaal.invalid", "t"]], row
    assert wait_for(lambda: set(mails()) - before)


def test_an_outage_loses_nothing_until_the_link_has_expired():
    """DESIGN.md section 7: "nothing is lost". A mail that failed thirty
    times is tried again (at most six hours later); only one still failing
    14 days after it was written is put aside, with its reason."""
    assert wait_for(lambda: unsent() == 0), "earlier mail not sent"
    stack("mailsink-stop")
    try:
        old = sql("INSERT INTO outbox (kind, recipient, subject, body, created_at, attempts) "
                  "VALUES ('mail', 'oud@voorbeeld.nl', 'Oud', 'Al lang weg', "
                  "now() - interval '15 days', 20) RETURNING id")[0][0]
        # A reminder written weeks ago for its day: a first failure is
        # not the end of it.
        due = sql("INSERT INTO outbox (kind, recipient, subject, body, created_at) "
                  "VALUES ('mail', 'herinnering@voorbeeld.nl', 'Morgen', 'Afspraak', "
                  "now() - interval '20 days') RETURNING id")[0][0]
        new = sql("INSERT INTO outbox (kind, recipient, subject, body, created_at, attempts) "
                  "VALUES ('mail', 'nieuw@voorbeeld.nl', 'Nieuw', 'Na dertig keer', "
                  "now() - interval '3 days', 30) RETURNING id")[0][0]
        tried = "SELECT count(*) FROM outbox WHERE id IN (%s, %s, %s) AND last_error IS NOT NULL"
        assert wait_for(lambda: sql(tried % (old, new, due)) == [["3"]]), "not tried"
        assert sql("SELECT not_before < now() + interval '1 hour' FROM outbox "
                   "WHERE id = %s" % due) == [["t"]]
        assert sql("SELECT not_before > now() + interval '10 years' FROM outbox "
                   "WHERE id = %s" % old) == [["t"]]
        assert sql("SELECT not_before < now() + interval '6 hours 1 minute' FROM outbox "
                   "WHERE id = %s" % new) == [["t"]]
    finally:
        stack("mailsink-start")
    # The six hours are up (made so): it goes.
    sql("UPDATE outbox SET not_before = now() WHERE id = %s" % new)
    assert wait_for(lambda: sql("SELECT sent_at IS NOT NULL FROM outbox WHERE id = %s"
                                % new) == [["t"]], 30), "not sent after the outage"
    assert sql("SELECT sent_at IS NULL FROM outbox WHERE id = %s" % old) == [["t"]]
    assert wait_for(lambda: sql("SELECT sent_at IS NOT NULL FROM outbox WHERE id = %s"
                                % due) == [["t"]], 30), "reminder lost"
    sql("DELETE FROM outbox WHERE id = %s" % old)     # for the tests after this one


def message_ids(paths):
    ids = []
    for p in paths:
        with open(p, "rb") as f:
            ids.append(email.message_from_binary_file(f, policy=email.policy.default)["Message-ID"])
    return ids


def each_arrived_once(before, ids, settle):
    """The mails of outbox rows `ids` are in the mailbox, each once, and
    nothing else came (waiting `settle` seconds for a late copy)."""
    assert wait_for(lambda: len(set(mails()) - before) >= len(ids))
    time.sleep(settle)
    new = sorted(set(mails()) - before)
    assert len(new) == len(ids), new
    got = message_ids(new)
    assert len(set(got)) == len(ids)
    for i in ids:
        assert any(g.startswith("<%s@" % i) for g in got), (i, got)


def three_comments(user, title, words):
    """Three comments, three mails to the family's professional; the ids
    of the three outbox rows."""
    doc = doc_ids()[title]
    c = logged_in(user)
    last = int(sql("SELECT coalesce(max(id), 0) FROM outbox")[0][0])
    for i in range(3):
        assert post(c, doc, "reacties", {"body": "%s %d" % (words, i)}).status == 303
    rows = sql("SELECT message_id FROM outbox WHERE id > %d AND kind = 'mail' ORDER BY id"
               % last)
    assert len(rows) == 3, rows
    return [r[0] for r in rows]


def test_three_mails_wait_for_the_server_and_arrive_once():
    assert wait_for(lambda: unsent() == 0), "earlier mail not sent"
    stack("mailsink-stop")
    try:
        before = set(mails())
        ids = three_comments("mark", "Gezinsplan", "Server ligt eruit")
        assert wait_for(lambda: sql(
            "SELECT count(*) FROM outbox WHERE message_id IN ('%s') AND attempts > 0 "
            "AND last_error IS NOT NULL AND sent_at IS NULL" % "','".join(ids)) == [["3"]])
    finally:
        stack("mailsink-start")
    assert wait_for(lambda: unsent() == 0, 40), "mail not sent after the server came back"
    each_arrived_once(before, ids, 1)


def test_kill_9_mid_send_loses_none_and_duplicates_none():
    """The sender is killed while the server holds its answer to a mail
    (it has the whole message but has not said "250"): the lease runs
    out, a new sender sends that mail again, and the mailbox has each
    mail exactly once; nothing is lost, no Message-ID twice."""
    assert wait_for(lambda: unsent() == 0), "earlier mail not sent"
    slow = os.path.join(STATE_DIR, "mail", ".slow")
    pidfile = os.path.join(STATE_DIR, "pids", "outbox")
    before = set(mails())
    open(slow, "w").close()
    try:
        ids = three_comments("lotte", "Verslag gesprek met Lotte", "Midden in het sturen")
        # One row claimed and being sent: the server sits on its answer.
        assert wait_for(lambda: sql(
            "SELECT count(*) FROM outbox WHERE message_id IN ('%s') AND sent_at IS NULL "
            "AND lease_until > now()" % "','".join(ids)) == [["1"]], 10)
        time.sleep(0.5)
        with open(pidfile) as f:
            os.kill(int(f.read().strip()), signal.SIGKILL)
    finally:
        os.unlink(slow)
    stack("outbox-start")
    assert wait_for(lambda: sql(
        "SELECT count(*) FROM outbox WHERE message_id IN ('%s') AND sent_at IS NOT NULL"
        % "','".join(ids)) == [["3"]], 40), "not all three sent after the restart"
    each_arrived_once(before, ids, 4)           # a late second copy would show
    assert not os.path.exists(os.path.join(STATE_DIR, "mail", ".duplicates"))
    # The killed attempt counted: that row was claimed twice.
    assert int(sql("SELECT max(attempts) FROM outbox WHERE message_id IN ('%s')"
                   % "','".join(ids))[0][0]) >= 2

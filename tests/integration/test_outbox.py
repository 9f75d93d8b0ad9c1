"""The outbox over real SMTP: a comment by a family member reaches the
assigned professional as a mail in the mail catcher (a link, no dossier
text, a stable Message-ID); with the mail server down the comment still
succeeds and the mail waits, with its reason, until the server is back."""
import email
import email.policy
import glob
import os
import re
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

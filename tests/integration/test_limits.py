"""Limits on actions that mail or notify (issue 17, part 5; the limits in
sql/025_b_notify_limit.sql, cgi/core/notify.c): per person 10 a minute
and 200 a day, per family 30 a minute and 500 a day, counted in
PostgreSQL. Over a limit: 429 with a B1 page that says from when it
works again, nothing of the action stored, an audit row. The clock is
PostgreSQL's: a test moves the places it took back in time instead of
waiting. The rest of the suite runs with limits a hundred times higher
(scripts/run-integration.sh); these tests put the real ones back."""
import os
import re
import threading

from portal import logged_in, sql, text_of
from test_documents import doc_ids
from test_dossier import post

PERSON = "(SELECT person_id FROM account WHERE username = '%s')"
DOCUMENTED = {"persoon-minuut": 10, "persoon-dag": 200, "gezin-minuut": 30,
              "gezin-dag": 500}


def real_limits(test):
    """Runs test with the limits of the migration (the documented ones),
    then puts back the suite's."""
    now = {k: int(v) for k, v in sql("SELECT which, max FROM notify_limit")}
    assert set(now) == set(DOCUMENTED), now
    assert all(now[k] in (v, 100 * v) for k, v in DOCUMENTED.items()), now
    for k, v in DOCUMENTED.items():
        sql("UPDATE notify_limit SET max = %d WHERE which = '%s'" % (v, k))
    sql("DELETE FROM notify_action")
    try:
        test()
    finally:
        sql("DELETE FROM notify_action")
        for k, v in now.items():
            sql("UPDATE notify_limit SET max = %d WHERE which = '%s'" % (v, k))


def comment(c, doc, body):
    # a fresh form nonce each: eleven forms, not one sent eleven times
    return post(c, doc, "reacties", {"body": body, "nonce": os.urandom(16).hex()})


def stored(marker):
    return int(sql("SELECT count(*) FROM document_comment WHERE body LIKE '%s%%'"
                   % marker)[0][0])


def invites(marker_doc, since):
    return int(sql("SELECT count(*) FROM outbox WHERE id > %s AND kind = 'mail' "
                   "AND recipient = 'fatima@demo.gezinsportaal.invalid' "
                   "AND body LIKE '%%/documenten/%s%%'" % (since, marker_doc))[0][0])


def refusals(user, which):
    return int(sql("SELECT count(*) FROM audit_log WHERE action = 'notify.limit' "
                   "AND outcome = 'denied' AND object_id = '%s' AND actor_id = %s "
                   "AND http_status = 429 AND rule = 'notify.limit' "
                   "AND remote_addr IS NOT NULL AND request_id IS NOT NULL"
                   % (which, PERSON % user))[0][0])


def test_limit_eleven_comments_in_a_burst_store_ten():
    """Eleven comments sent at once (parallel requests on several
    workers): ten are stored and mailed, the eleventh gets 429 and leaves
    nothing behind."""
    real_limits(burst)


def burst():
    doc = doc_ids()["Gezinsplan"]
    since = sql("SELECT coalesce(max(id), 0) FROM outbox")[0][0]
    denied_before = refusals("sanne", "persoon-minuut")
    clients = [logged_in("sanne") for _ in range(11)]
    tokens = [c.csrf("/") for c in clients]
    answers = [None] * 11

    def send(i):
        answers[i] = post(clients[i], doc, "reacties",
                          {"csrf": tokens[i], "body": "Burst %02d van Sanne" % i,
                           "nonce": os.urandom(16).hex()})
    threads = [threading.Thread(target=send, args=(i,)) for i in range(11)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    codes = sorted(a.status for a in answers)
    assert codes == [303] * 10 + [429], codes
    assert stored("Burst ") == 10
    assert invites(doc, since) == 10
    refused = [a for a in answers if a.status == 429][0]
    t = text_of(refused.text)
    assert "Even wachten" in t and "Daarom is dit niet bewaard." in t, t
    assert re.search(r"Het lukt weer vanaf \w+ \d+ \w+ \d{4}, \d\d:\d\d( uur)?\.", t), t
    assert 0 < int(refused.header("Retry-After")) <= 120, refused.header("Retry-After")
    assert refusals("sanne", "persoon-minuut") == denied_before + 1

    # A minute later (made so) it works again.
    c = clients[0]
    assert comment(c, doc, "Burst 11 van Sanne").status == 429
    assert stored("Burst ") == 10
    sql("UPDATE notify_action SET at = at - interval '61 seconds'")
    assert comment(c, doc, "Burst 12 van Sanne").status == 303
    assert stored("Burst ") == 11
    sql("DELETE FROM notify_action")


def test_limit_per_day_and_per_family():
    real_limits(day_and_family)


def day_and_family():
    doc = doc_ids()["Besluit ondertoezichtstelling"]
    # Emre did 200 things today that mailed (the first 23 hours ago): the
    # next one waits until that first one is a day old.
    sql("INSERT INTO notify_action (person_id, at) SELECT %s, now() - interval '23 hours' "
        "+ g * interval '1 second' FROM generate_series(1, 200) g" % (PERSON % "emre"))
    emre = logged_in("emre")
    r = comment(emre, doc, "Dag-limiet van Emre")
    assert r.status == 429, r
    assert stored("Dag-limiet") == 0
    assert 3000 < int(r.header("Retry-After")) <= 3700, r.header("Retry-After")
    assert refusals("emre", "persoon-dag") >= 1
    # The same page in English (his account's language).
    lang = sql("SELECT coalesce(language, '-') FROM person WHERE id = %s"
               % (PERSON % "emre"))[0][0]
    sql("UPDATE person SET language = 'en' WHERE id = %s" % (PERSON % "emre"))
    try:
        r = comment(logged_in("emre"), doc, "Dag-limiet van Emre")
    finally:
        sql("UPDATE person SET language = NULLIF('%s', '-') WHERE id = %s"
            % (lang, PERSON % "emre"))
    assert r.status == 429 and "It will work again from" in text_of(r.text), text_of(r.text)
    sql("DELETE FROM notify_action")
    # His daughter's family did 30 things this minute: Elif waits too,
    # though she did nothing herself.
    sql("INSERT INTO notify_action (person_id) SELECT %s FROM generate_series(1, 30)"
        % (PERSON % "emre"))
    r = comment(logged_in("elif"), doc, "Gezin-limiet van Elif")
    assert r.status == 429, r
    assert stored("Gezin-limiet") == 0
    assert refusals("elif", "gezin-minuut") == 1
    # Sanne's family is another family: she is not held up.
    assert comment(logged_in("sanne"), doc_ids()["Gezinsplan"],
                   "Ander gezin, geen limiet").status == 303
    sql("DELETE FROM notify_action")


def test_limit_does_not_count_what_notifies_nobody():
    """A consent notifies nobody when no organisation listens (no
    webhook in the demo): it takes no place."""
    def consent():
        doc = doc_ids()["Gezinsplan"]
        c = logged_in("mark")
        r = post(c, doc, "instemming", {"decision": "eens", "explanation": ""})
        assert r.status == 303, r
        assert sql("SELECT count(*) FROM notify_action") == [["0"]]
    real_limits(consent)


def test_digest_many_mails_for_one_professional_are_one_mail():
    """Ten comments arrive while the sender is away (killed, as in
    test_outbox): Fatima gets one mail that lists all ten, each with its
    own reply link, instead of ten mails. No comment text in it."""
    import email
    import email.policy
    import signal
    from portal import STATE_DIR, reply_user, stack
    from test_outbox import mails, unsent, wait_for
    assert wait_for(lambda: unsent() == 0), "earlier mail not sent"
    doc = doc_ids()["Gezinsplan"]
    c = logged_in("sanne")
    since = sql("SELECT coalesce(max(id), 0) FROM outbox")[0][0]
    before = set(mails())
    with open(os.path.join(STATE_DIR, "pids", "outbox")) as f:
        os.kill(int(f.read().strip()), signal.SIGKILL)
    try:
        for i in range(10):
            assert comment(c, doc, "Samen %02d van Sanne" % i).status == 303
    finally:
        stack("outbox-start")
    rows = "SELECT count(*) FROM outbox WHERE id > %s AND kind = 'mail' AND " \
        "recipient = 'fatima@demo.gezinsportaal.invalid' %s" % (since, "%s")
    assert sql(rows % "") == [["10"]]
    assert wait_for(lambda: sql(rows % "AND sent_at IS NOT NULL") == [["10"]], 30), \
        "not all sent"
    assert wait_for(lambda: set(mails()) - before)
    new = []
    for p in sorted(set(mails()) - before):
        with open(p, "rb") as f:
            new.append(email.message_from_binary_file(f, policy=email.policy.default))
    to_fatima = [m for m in new if m["To"] == "fatima@demo.gezinsportaal.invalid"]
    assert len(to_fatima) == 1, [m["Subject"] for m in to_fatima]
    msg = to_fatima[0]
    assert msg["Subject"] == "10 nieuwe berichten in Gezinsportaal", msg["Subject"]
    body = msg.get_content()
    links = set(re.findall(r"(/antwoord/[A-Za-z0-9_-]{43})\b", body))
    assert len(links) == 10, body
    assert body.count("Bericht 10 van 10: Nieuwe reactie in Gezinsportaal") == 1, body
    assert "Samen" not in body and "Sanne" not in body
    assert reply_user(sorted(links)[0]) == "fatima"
    first = sql("SELECT message_id FROM outbox WHERE id > %s AND recipient = "
                "'fatima@demo.gezinsportaal.invalid' ORDER BY id LIMIT 1" % since)[0][0]
    assert msg["Message-ID"].startswith("<%s@" % first), msg["Message-ID"]

"""Limits on actions that mail or notify (issue 17, part 5; the limits in
cgi/core/notify.c): per person 10 a minute and 200 a day, per family 30 a
minute and 500 a day, counted in PostgreSQL. Over a limit: 429 with a B1
page that says from when it works again, nothing of the action stored,
an audit row. The clock is PostgreSQL's: a test moves the places it took
back in time instead of waiting."""
import os
import re
import threading

from portal import logged_in, sql, text_of
from test_documents import doc_ids
from test_dossier import post

PERSON = "(SELECT person_id FROM account WHERE username = '%s')"


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
                   "AND outcome = 'denied' AND object_id = '%s' AND actor_id = %s"
                   % (which, PERSON % user))[0][0])


def test_limit_eleven_comments_in_a_burst_store_ten():
    """Eleven comments sent at once (parallel requests on several
    workers): ten are stored and mailed, the eleventh gets 429 and leaves
    nothing behind."""
    sql("DELETE FROM notify_action")
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
    doc = doc_ids()["Besluit ondertoezichtstelling"]
    sql("DELETE FROM notify_action")
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
    # The same page in English.
    en = logged_in("emre")
    en.lang = "en"
    r = comment(en, doc, "Dag-limiet van Emre")
    assert r.status == 429 and "It will work again from" in text_of(r.text), r
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
    sql("DELETE FROM notify_action")
    doc = doc_ids()["Gezinsplan"]
    c = logged_in("mark")
    r = post(c, doc, "instemming", {"decision": "eens", "explanation": ""})
    assert r.status == 303, r
    assert sql("SELECT count(*) FROM notify_action") == [["0"]]

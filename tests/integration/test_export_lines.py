"""The export page's lines of a month (issue 21, part 1) are the JSON's rows
of that month, grouped as people read them: per Dutch day, person,
organisation, role, action, thing, outcome and counter, with how many
times, newest first, 200 lines a page and every line of the same moment as
the 200th on the same page (WITH TIES).

The page reads a month's rows per part of the rows about the person, each
through its own index, and groups only the days it shows; the JSON reads
every row with one condition. So this test gives Mark a month (February
2016) with rows of every part, over more than one page: his own actions,
the counter on his behalf, rows about him as a person and about his
request, help request, conversation and message, another's read of a
document about him; and rows that are not his to see: a document hidden
from him, a document not about him, another's comment, a member shielded
from him (Sanne), also through the counter. Dropping or doubling a part,
or cutting a day, makes the page differ from the JSON."""
import json
import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from portal import logged_in, sql, text_of
from test_berichten import start as start_conversation
from test_documents import doc_ids
from test_help import asked as ask_help
from test_requests import new_request

MONTH = "2016-02"
NL = ZoneInfo("Europe/Amsterdam")
MORE = re.compile(r'<a href="(/mijn-gegevens\?maand=[0-9-]+&amp;na=[0-9]+)#deel-audit">')
ITEM = re.compile(r'<h3 class="export-day">(.*?)</h3>|<li class="export-row">(.*?)</li>', re.S)
# the words the page says for the codes of these rows (Dutch)
WORDS = {
    "login": "ingelogd", "document.read": "een stuk gelezen",
    "document.download": "een bijlage gedownload", "document.list": "de lijst met stukken bekeken",
    "contact.read": "de contactgegevens bekeken", "contact.update": "de contactgegevens veranderd",
    "request.read": "een vraag om iets te veranderen gelezen",
    "help.read": "een vraag om hulp gelezen",
    "conversation.read": "een gesprek met berichten gelezen",
    "message.answer": "een bericht beantwoord", "comment.create": "een reactie geschreven",
    "denied": "niet toegestaan", "failed": "mislukt",
    "namens-u": "door de baliemedewerker namens u",
    "namens-ander": "door de baliemedewerker namens een ander",
}


def person_of(login):
    return sql("SELECT person_id FROM account WHERE username = '%s'" % login)[0][0]


def section(html):
    return html.split('id="deel-audit"', 1)[1].split("</section>", 1)[0]


def squeeze(s):
    return re.sub(r"\s+", "", s)


def page_days(c, month=MONTH):
    """Every page of the month: [(day heading, [line, ...]), ...] (a day
    cut by a page once), and the number of lines on each page."""
    days, sizes, url = [], [], "/mijn-gegevens?maand=" + month
    while url:
        r = c.get(url)
        assert r.status == 200, (url, r)
        log = section(r.text)
        n = 0
        for h, li in ITEM.findall(log):
            if h:
                head = text_of(h)
                if not days or days[-1][0] != head:
                    days.append((head, []))
            else:
                days[-1][1].append(squeeze(text_of(li)))
                n += 1
        sizes.append(n)
        m = MORE.search(log)
        url = m.group(1).replace("&amp;", "&") if m else None
        assert len(sizes) < 20, "the pages do not end"
    return days, sizes


def json_lines(d, month=MONTH):
    """The JSON's rows of the month grouped as the page groups them,
    newest first: [(Dutch day, last, key, n)], in the page's order."""
    titles = {x["id"]: x["title"] for x in d["documents"]}
    groups = {}
    for a in d["audit"]:
        t = datetime.fromisoformat(a["at"].replace("Z", "+00:00")).astimezone(NL)
        if t.strftime("%Y-%m") != month:
            continue
        key = (t.date(), a["who"], a["organisation"], a["role"], a["action"],
               a["object_kind"], a["object_id"], a["outcome"], a["at_counter"])
        n, last = groups.get(key, (0, t))
        groups[key] = (n + 1, max(last, t))
    out = []
    for key, (n, last) in groups.items():
        day, who, org, role, action, kind, obj, outcome, counter = key
        text = (who or "niemand (niet ingelogd)") + (" (%s)" % org if org else "") + ": " \
            + WORDS[action] \
            + (" \u201c%s\u201d" % titles[obj] if kind == "document" and obj in titles else "") \
            + (" (%s)" % WORDS[outcome] if outcome != "allowed" else "") \
            + (" (%s)" % WORDS[counter] if counter else "") + ". %d keer" % n
        # the page's order: the moment, newest first, then who, what, which
        out.append(((-last.timestamp(), who, action, kind, obj, outcome, counter, role, org),
                    day, last, squeeze(text)))
    out.sort(key=lambda x: x[0])
    return [(day, last, text) for _, day, last, text in out]


def rows(values):
    sql("INSERT INTO audit_log (at, actor_id, actor_role, on_behalf_of, action, object_kind, "
        "object_id, family_id, outcome, rule) VALUES " + ", ".join(values))


def row(at, actor, role, action, kind, obj, behalf="NULL", family="NULL", outcome="allowed"):
    return "(timestamptz '%s', %s, '%s', %s, '%s', %s, %s, %s, '%s', 'test')" % (
        at.isoformat(), actor, role, behalf, action, "'%s'" % kind if kind else "NULL",
        "'%s'" % obj if obj else "NULL", family, outcome)


def test_export_page_lines_are_the_json_rows_of_the_month():
    ids = doc_ids()
    mark, fatima, peter, kees, sanne = (person_of(u) for u in
                                        ("mark", "fatima", "peter", "kees", "sanne"))
    m = logged_in("mark")
    fam = sql("SELECT family_id FROM family_member WHERE person_id = %s" % mark)[0][0]
    # things of Mark's own, for the rows about them
    assert new_request(m, body="Mark vraagt iets voor de maandregels.").status == 303
    req = sql("SELECT public_id FROM request WHERE author_id = %s ORDER BY id DESC LIMIT 1"
              % mark)[0][0]
    conv_path = start_conversation(m, "fatima", "Maandregels", "Mark schrijft Fatima.")
    conv = conv_path.rsplit("/", 1)[1]
    msg = sql("SELECT cm.public_id FROM conversation_message cm JOIN conversation cv "
              "ON cv.id = cm.conversation_id WHERE cv.public_id = '%s' LIMIT 1" % conv)[0][0]
    help_id = ask_help(m, "Mark vraagt om hulp, voor de maandregels.")
    before = json.loads(m.get("/mijn-gegevens.json").body.decode("utf-8"))
    readable = {x["title"]: x["id"] for x in before["documents"]}
    plan, hidden, daan = ids["Gezinsplan"], ids["Verslag huisbezoek"], ids["Plan voor Daan"]
    assert plan in readable.values()
    assert hidden not in readable.values() and daan not in readable.values()
    other = next(v for k, v in readable.items() if v != plan)
    assert not any(a["at"].startswith(MONTH) for a in before["audit"]), "month in use"
    # Ten days of February 2016 (Dutch time), each row a moment of its
    # own: 29 lines a day that Mark sees, and rows he must not.
    values = []
    for k, day in enumerate(range(1, 30, 3)):
        t0 = datetime(2016, 2, day, 0, 0, 5, tzinfo=NL)
        s = iter(range(0, 86000, 300))

        def at():
            return t0 + timedelta(seconds=next(s) + k)
        for _ in range(2):
            values += [
                # Mark himself (part 1): a look at the list, a read, a
                # refused read of the document hidden from him, a log-in
                row(at(), mark, "citizen", "document.list", "document", None, family=fam),
                row(at(), mark, "citizen", "document.read", "document", plan, family=fam),
                row(at(), mark, "citizen", "document.read", "document", hidden, family=fam,
                    outcome="denied"),
                row(at(), mark, "citizen", "login", "person", mark),
                # the counter on his behalf (part 2), and for Sanne (not his)
                row(at(), kees, "clerk", "contact.read", "person", mark, behalf=mark),
                row(at(), kees, "clerk", "document.read", "document", plan, behalf=mark,
                    family=fam),
                row(at(), kees, "clerk", "contact.update", "person", mark, behalf=sanne),
                # about him, his request, help request, conversation,
                # message (part 3); a log-in that failed, by nobody
                row(at(), fatima, "professional", "contact.read", "person", mark),
                row(at(), fatima, "professional", "request.read", "request", req),
                row(at(), fatima, "professional", "help.read", "help", help_id),
                row(at(), fatima, "professional", "conversation.read", "conversation", conv),
                row(at(), fatima, "professional", "message.answer", "message", msg),
                row(at(), "NULL", "anonymous", "login", "person", mark, outcome="failed"),
                row(at(), peter, "professional", "contact.read", "person", mark,
                    behalf=fatima),
                # others' reads of documents about him (part 4)
                row(at(), fatima, "professional", "document.read", "document", plan, family=fam),
                row(at(), peter, "professional", "document.download", "document", other,
                    family=fam),
                row(at(), fatima, "professional", "document.read", "document", other,
                    family=fam, outcome="denied"),
                # not his to see: a hidden document, one not about him, a
                # comment of another, what Sanne (shielded) did
                row(at(), fatima, "professional", "document.read", "document", hidden,
                    family=fam),
                row(at(), fatima, "professional", "document.read", "document", daan, family=fam),
                row(at(), fatima, "professional", "comment.create", "document", plan, family=fam),
                row(at(), sanne, "citizen", "document.read", "document", plan, family=fam),
                row(at(), sanne, "citizen", "contact.read", "person", mark),
            ]
        # more lines of others' about his documents: 16 keys, 3 of them
        # the same as above (those lines count 3)
        for who in (fatima, peter):
            for action in ("document.read", "document.download"):
                for doc in (plan, other):
                    for outcome in ("allowed", "denied"):
                        values.append(row(at(), who, "professional", action, "document", doc,
                                          family=fam, outcome=outcome))
    rows(values)
    d = json.loads(m.get("/mijn-gegevens.json").body.decode("utf-8"))
    want = json_lines(d)
    assert len(want) > 200
    # one moment (a transaction) of four lines on the 200th line's: the
    # first page holds them all
    t200 = want[199][1]
    rows([row(t200, u, "professional", "contact.read", "person", mark) for u in (fatima, peter)]
         + [row(t200, mark, "citizen", a, "person", mark) for a in ("login", "contact.update")])
    d = json.loads(m.get("/mijn-gegevens.json").body.decode("utf-8"))
    want = json_lines(d)
    ties = [i for i, x in enumerate(want) if x[1] == t200]
    assert len(ties) >= 3 and ties[0] == 199 < ties[-1], ties
    # every part is in the month, and nothing he must not see
    text = " ".join(x[2] for x in want)
    for s in ("MarkdeVries:eenstukgelezen", "(doorde baliemedewerkernamensu)",
              "FatimaBouali(WijkteamCentrum):eenvraagomietsteveranderengelezen",
              "eenvraagomhulpgelezen", "eengesprekmetberichtengelezen",
              "eenberichtbeantwoord", "niemand(nietingelogd)", "namenseenander",
              "FatimaBouali(WijkteamCentrum):eenstukgelezen\u201cGezinsplan\u201d",
              "eenbijlagegedownload"):
        assert squeeze(s) in text, s
    for s in ("Sanne", "reactie", "Plan voor Daan", "Verslag huisbezoek"):
        assert squeeze(s) not in text, s
    # the page: the same lines, day by day, in the same order, over pages
    days, sizes = page_days(m)
    assert len(sizes) >= 2 and sizes[0] == ties[-1] + 1, (sizes, ties)
    assert sum(sizes) == len(want), (sizes, len(want))
    want_days = by_day(want)
    assert [len(x[1]) for x in days] == [len(x[1]) for x in want_days]
    for (head, got), (day, exp) in zip(days, want_days):
        assert re.search(r"\b%d februari 2016" % day.day, head), (head, day)
        assert got == exp, (day, [(a, b) for a, b in zip(got, exp) if a != b][:3])


def by_day(lines):
    out = []
    for day, _, t in lines:
        if not out or out[-1][0] != day:
            out.append((day, []))
        out[-1][1].append(t)
    return out


def test_export_page_lines_a_page_that_ends_with_a_day():
    """March 2016: nine days of 25 lines each. The first page is the
    newest eight days, exactly 200 lines, and still says there is more
    (the first of March, a day the page did not read); the second page
    is that day, and the last."""
    ids = doc_ids()
    mark, fatima, peter = (person_of(u) for u in ("mark", "fatima", "peter"))
    m = logged_in("mark")
    fam = sql("SELECT family_id FROM family_member WHERE person_id = %s" % mark)[0][0]
    docs = [ids["Gezinsplan"], next(
        x["id"] for x in json.loads(m.get("/mijn-gegevens.json").body.decode("utf-8"))[
            "documents"] if x["id"] != ids["Gezinsplan"])]
    values = []
    for day in range(1, 10):
        t = datetime(2016, 3, day, 9, 0, 0, tzinfo=NL)
        values.append(row(t, mark, "citizen", "login", "person", mark))
        k = 1
        for who in (fatima, peter):
            for action in ("document.read", "document.download"):
                for doc in docs:
                    for outcome in ("allowed", "denied", "failed"):
                        values.append(row(t + timedelta(minutes=k), who, "professional",
                                          action, "document", doc, family=fam,
                                          outcome=outcome))
                        k += 1
    rows(values)
    want = json_lines(json.loads(m.get("/mijn-gegevens.json").body.decode("utf-8")), "2016-03")
    assert len(want) == 9 * 25, len(want)
    days, sizes = page_days(m, "2016-03")
    assert sizes == [200, 25], sizes
    assert [x[1] for x in days] == [x[1] for x in by_day(want)]

"""Private conversations (/berichten, issue 16 part 2): a member writes to
one of their own professionals and that professional answers, in the
portal or through the reply link in a mail that holds no words of the
message. Nobody else reads it: not another member (not a parent of a
youth, not the other parent), not another professional, not Ellen (whose
organisation a document may be shared with). Every read and write leaves
an audit row; the member's export holds their own conversations only."""
import html
import json
import re
import uuid

from portal import Client, logged_in, reply_client, sql, text_of
from test_outbox import mails, unsent, wait_for
from test_requests import answer, new_mails_after, reply_link

MEMBERS = {"sanne": "fatima", "mark": "fatima", "lotte": "fatima",
           "daan": "fatima", "emre": "peter", "elif": "peter"}
PROS = ("fatima", "peter", "ellen")
CSRF = re.compile(r'name="csrf" value="([0-9a-f]{64})"')
NONCE = re.compile(r'name="nonce" value="([0-9a-f]{32})"')


def form(c, path):
    page = c.get(path)
    assert page.status == 200, page
    return page, {"csrf": CSRF.search(page.text).group(1),
                  "nonce": NONCE.search(page.text).group(1)}


def pro_id(login):
    return sql("SELECT p.public_id FROM person p JOIN account a "
               "ON a.person_id = p.id WHERE a.username = '%s'" % login)[0][0]


def start(c, pro, subject, body):
    """A new conversation; the path of it (the 303's target)."""
    _, f = form(c, "/berichten")
    f.update({"professional": pro_id(pro), "subject": subject, "body": body})
    r = c.post("/berichten", f)
    assert r.status == 303, r
    loc = r.header("Location")
    assert re.fullmatch(r"/berichten/[A-Za-z0-9_-]{22}\?verstuurd=1", loc), loc
    return loc.split("?")[0]


def write(c, path, body):
    _, f = form(c, path)
    f["body"] = body
    return c.post(path, f)


def audits(action, outcome, object_id=None):
    q = ("SELECT count(*) FROM audit_log WHERE action = '%s' AND outcome = '%s'"
         % (action, outcome))
    if object_id:
        q += " AND object_id = '%s'" % object_id
    return int(sql(q)[0][0])


def words():
    return "woord-%s" % uuid.uuid4().hex[:12]


def test_berichten_page_names_the_professional_with_phone_and_mail():
    page = logged_in("daan").get("/berichten")
    assert page.status == 200
    t = text_of(page.text)
    assert "Fatima Bouali" in t and "030 123 45 67" in t
    assert "fatima@werk.demo.gezinsportaal.invalid" in t
    assert 'href="tel:0301234567"' in page.text
    # The text box says exactly who reads it, in "je" for Daan (13).
    assert "Dit lezen: Fatima Bouali (wijkcoach). Niemand anders uit je gezin." in t
    # Only his own professional to choose: not Peter, not Ellen.
    assert pro_id("fatima") in page.text
    assert pro_id("peter") not in page.text and pro_id("ellen") not in page.text
    t = text_of(logged_in("sanne").get("/berichten").text)
    assert "Dit lezen: Fatima Bouali (wijkcoach). Niemand anders uit uw gezin." in t
    # Pages that say "contact your professional" link to /berichten.
    sanne = logged_in("sanne")
    assert 'href="/berichten"' in sanne.get("/inzage").text
    r = sanne.get("/antwoord")     # a professional's page: 403
    assert r.status == 403 and 'href="/berichten"' in r.text
    # A clerk has no conversations.
    assert logged_in("kees").get("/berichten").status == 404  # no session
    r = Client().get("/berichten")
    assert r.status == 303 and "/inloggen" in r.header("Location")


def test_berichten_matrix_every_member_and_every_reader():
    made = {}
    for member, pro in MEMBERS.items():
        secret = words()
        c = logged_in(member)
        path = start(c, pro, "Onderwerp %s" % secret, "Tekst %s" % secret)
        made[member] = (path, secret)
        page = c.get(path)
        assert page.status == 200 and secret in page.text
    readers = {login: logged_in(login) for login in list(MEMBERS) + list(PROS)}
    for member, (path, secret) in made.items():
        cid = path.rsplit("/", 1)[1]
        for login, c in readers.items():
            allowed = login in (member, MEMBERS[member])
            denied = audits("conversation.read", "denied", cid)
            page = c.get(path)
            listing = c.get("/berichten")
            assert listing.status == 200
            if allowed:
                assert page.status == 200 and "Tekst %s" % secret in page.text, (member, login)
                assert secret in listing.text, (member, login)
            else:
                assert page.status == 404, (member, login, page.status)
                assert secret not in page.text and secret not in listing.text, (member, login)
                assert audits("conversation.read", "denied", cid) == denied + 1
                # Nor can they write in it: 404, nothing stored.
                before = sql("SELECT count(*) FROM conversation_message m JOIN "
                             "conversation c ON c.id = m.conversation_id "
                             "WHERE c.public_id = '%s'" % cid)
                r = c.post(path, {"csrf": CSRF.search(listing.text).group(1),
                                  "body": "ingebroken"})
                assert r.status == 404, (member, login, r.status)
                assert sql("SELECT count(*) FROM conversation_message m JOIN "
                           "conversation c ON c.id = m.conversation_id "
                           "WHERE c.public_id = '%s'" % cid) == before
        # Not through anybody's export or start page either.
        for login in MEMBERS:
            if login != member:
                assert secret not in readers[login].get("/mijn-gegevens.json").text
                assert secret not in readers[login].get("/mijn-gegevens").text
    # Fatima's list: per family, Peter's only Yilmaz.
    t = text_of(readers["fatima"].get("/berichten").text)
    assert "Gezin De Vries" in t and "Gezin Yilmaz" not in t
    t = text_of(readers["peter"].get("/berichten").text)
    assert "Gezin Yilmaz" in t and "Gezin De Vries" not in t


def test_berichten_professional_not_mine_is_404():
    c = logged_in("sanne")
    _, f = form(c, "/berichten")
    n = int(sql("SELECT count(*) FROM conversation")[0][0])
    denied = audits("conversation.start", "denied")
    for other in (pro_id("peter"), pro_id("ellen"), pro_id("kees"),
                  pro_id("mark"), "bestaat-niet"):
        f.update({"professional": other, "subject": "Hallo", "body": "Hoi"})
        r = c.post("/berichten", f)
        assert r.status == 404, (other, r)
    assert int(sql("SELECT count(*) FROM conversation")[0][0]) == n
    assert audits("conversation.start", "denied") == denied + 5


def test_berichten_empty_message_shows_the_form_again_with_the_text():
    c = logged_in("sanne")
    _, f = form(c, "/berichten")
    f.update({"professional": pro_id("fatima"), "subject": "Over de school",
              "body": "   "})
    r = c.post("/berichten", f)
    assert r.status == 400
    t = text_of(r.text)
    assert "Er is een probleem" in t and "Schrijf uw bericht in het vak." in t
    assert 'value="Over de school"' in r.text
    f.update({"subject": "", "body": "Mijn tekst & meer"})
    r = c.post("/berichten", f)
    assert r.status == 400
    assert "Schrijf waar uw bericht over gaat." in text_of(r.text)
    assert "Mijn tekst &amp; meer</textarea>" in r.text
    # In a conversation too.
    path = start(c, "fatima", "Lege tekst", "Eerste")
    r = write(c, path, "")
    assert r.status == 400 and "Schrijf uw bericht in het vak." in text_of(r.text)
    # Someone else's conversation id, and an unknown one: 404.
    assert logged_in("mark").get(path).status == 404
    assert c.get("/berichten/AAAAAAAAAAAAAAAAAAAAAA").status == 404


def test_berichten_mail_reply_link_and_unread_counts():
    assert wait_for(lambda: unsent() == 0), "earlier mail not sent"
    sql("INSERT INTO contact_details (person_id, email, reach_by) "
        "SELECT person_id, 'daan@demo.gezinsportaal.invalid', 'email' "
        "FROM account WHERE username = 'daan' "
        "ON CONFLICT (person_id) DO UPDATE SET email = excluded.email")
    before = set(mails())
    daan = logged_in("daan")
    secret = words()
    path = start(daan, "fatima", "Judo %s" % secret,
                 "Ik wil liever naar judo dan naar voetbal %s." % secret)
    msg = new_mails_after(before)[0]
    assert msg["To"] == "fatima@demo.gezinsportaal.invalid"
    body = msg.get_content()
    assert secret not in body and "judo" not in body.lower()
    assert secret not in msg["Subject"]
    assert path in body
    link = reply_link(msg)
    # The link alone shows nothing of the message.
    page = Client().get(link)
    assert page.status == 200 and secret not in page.text
    # Fatima's start page counts it; a visit to the conversation reads it.
    fatima = logged_in("fatima")
    assert "Er is 1 nieuw bericht." in text_of(fatima.get("/").text) or \
        "nieuwe berichten" in text_of(fatima.get("/").text)
    # "Wat wacht op mij" lists the conversation (its page answers it).
    assert 'href="%s"' % path in fatima.get("/antwoord").text
    # Confirmed: the message and the form, who reads the answer.
    pro = reply_client(link)
    page = pro.get(link)
    assert page.status == 200 and secret in page.text
    assert "Dit antwoord lezen: Daan de Vries. Niemand anders uit het gezin." in text_of(page.text)
    before = set(mails())
    r = answer(pro, link, body="Dat kan. Wij praten er maandag over.")
    assert r.status == 303 and r.header("Location") == "/antwoord/verstuurd"
    assert pro.get(link).status == 410
    assert 'href="%s"' % path not in fatima.get("/antwoord").text
    assert audits("message.answer", "allowed") >= 1
    # Daan hears there is a message, without its words.
    m = new_mails_after(before)[0]
    assert m["To"] == "daan@demo.gezinsportaal.invalid"
    assert "maandag" not in m.get_content() and path in m.get_content()
    # Daan: one unread on the start page; read it, then none.
    assert "Er is 1 nieuw bericht." in text_of(daan.get("/").text)
    page = daan.get(path)
    assert "Dat kan. Wij praten er maandag over." in page.text
    assert "Er zijn geen nieuwe berichten." in text_of(daan.get("/").text)
    # Daan answers in the portal; Fatima answers in the portal.
    assert write(daan, path, "Dank je!").status == 303
    assert write(fatima, path, "Graag gedaan.").status == 303
    assert "Graag gedaan." in daan.get(path).text
    # Not his parents, in any form.
    for parent in ("sanne", "mark"):
        c = logged_in(parent)
        assert c.get(path).status == 404
        assert secret not in c.get("/berichten").text
        assert secret not in c.get("/").text


def test_berichten_export_has_own_conversations_only():
    sanne = logged_in("sanne")
    mine, other = words(), words()
    start(sanne, "fatima", "Export %s" % mine, "Mijn tekst %s" % mine)
    start(logged_in("lotte"), "fatima", "Export %s" % other, "Lotte %s" % other)
    d = json.loads(sanne.get("/mijn-gegevens.json").body.decode("utf-8"))
    texts = [m["text"] for m in d["messages"]]
    assert "Mijn tekst %s" % mine in texts
    assert all(other not in t for t in texts)
    assert all(m["professional"] == "Fatima Bouali" for m in d["messages"])
    page = sanne.get("/mijn-gegevens")
    assert mine in html.unescape(page.text) and other not in page.text
    # Who read it: Fatima's read is in Sanne's export.
    path = sql("SELECT public_id FROM conversation WHERE subject = 'Export %s'"
               % mine)[0][0]
    assert logged_in("fatima").get("/berichten/%s" % path).status == 200
    d = json.loads(sanne.get("/mijn-gegevens.json").body.decode("utf-8"))
    assert any(a["action"] == "conversation.read" and a["object_id"] == path
               and a["who"] == "Fatima Bouali" for a in d["audit"])


def test_berichten_a_form_sent_twice_is_stored_once():
    c = logged_in("lotte")
    _, f = form(c, "/berichten")
    n = int(sql("SELECT count(*) FROM conversation")[0][0])
    f.update({"professional": pro_id("fatima"), "subject": "Twee keer",
              "body": "Een keer geklikt, twee keer gestuurd."})
    first = c.post("/berichten", f)
    again = c.post("/berichten", f)
    assert first.status == 303 and again.status == 303
    assert again.header("Location") == first.header("Location").split("?")[0]
    assert int(sql("SELECT count(*) FROM conversation")[0][0]) == n + 1
    # The same form with other words (sent again after a change): new.
    f["body"] = "Nu met andere woorden."
    assert c.post("/berichten", f).status == 303
    assert int(sql("SELECT count(*) FROM conversation")[0][0]) == n + 2
    # In a conversation too.
    path = first.header("Location").split("?")[0]
    _, g = form(c, path)
    g["body"] = "Nog een vraag."
    assert c.post(path, g).status == 303 and c.post(path, g).status == 303
    assert c.get(path).text.count("Nog een vraag.") == 1


def test_berichten_error_pages_say_where_to_reach_the_professional():
    """Review S19 and M6: no error page tells a person to call without a
    number. A member is shown /berichten (where the professional's work
    phone and mail are), staff are told to report it, who is logged out
    is sent to log in and write. The 404 of Mark's hidden report is the
    404 of a path that does not exist. The test stack has a helpdesk
    (scripts/stack.sh's demo helpdesk_*): then every error page gives its
    number, and a member still gets the /berichten link; without one the
    page gives no number at all (templates/error.html)."""
    hidden = sql("SELECT public_id FROM document WHERE title = 'Verslag huisbezoek' "
                 "ORDER BY id LIMIT 1")[0][0]
    mark = logged_in("mark")
    for r in (mark.get("/bestaat-niet-sp"), mark.get("/documenten/" + hidden),
              mark.get("/documenten/AAAAAAAAAAAAAAAAAAAAAA")):
        t = text_of(r.text)
        assert r.status == 404, r
        assert "Bel dan" not in t, t
        assert 'href="/berichten"' in r.text, r.text
        assert "Blijft dit gebeuren? Bel ons dan op 020 000 0000" in t, t
    # Daan (13) reads it with "je".
    r = logged_in("daan").get("/bestaat-niet-sp")
    assert 'href="/berichten"' in r.text and "Je kunt ons bellen:" in text_of(r.text)
    # The start page's family card names the professionals and says where
    # to reach them (the emre/peter family with its court order too).
    for user in ("sanne", "emre"):
        home = logged_in(user).get("/").text
        card = home.split('class="pro-list"', 1)[1].split("</section>", 1)[0]
        assert '<a href="/berichten">Zo bereikt u uw hulpverlener</a>' in card, (user, card)
    # The page sent to from there answers, with the professional's number.
    page = mark.get("/berichten")
    assert page.status == 200 and 'href="tel:' in page.text
    # Staff: no "your professional"; the counter's clerk too.
    for user in ("fatima", "kees"):
        r = logged_in(user).get("/bestaat-niet-sp")
        t = text_of(r.text)
        assert r.status == 404 and "hulpverlener" not in t, (user, t)
        assert "Blijft dit gebeuren? Bel ons dan op 020 000 0000" in t, (user, t)
        body = r.text.split('<div class="error-page">', 1)[1]
        assert 'href="/berichten"' not in body, user
    # Logged out: log in first, then to /berichten.
    r = Client().get("/bestaat-niet-sp")
    t = text_of(r.text)
    assert r.status == 404 and "Bel dan" not in t, t
    assert "Blijft dit gebeuren? Bel ons dan op 020 000 0000" in t, t
    r = Client().get("/inloggen?terug=/berichten")
    assert r.status == 200 and 'name="terug" value="/berichten"' in r.text


CONV_ROW = re.compile(r'<h4 class="card__title"><a href="/berichten/([A-Za-z0-9_-]{22})">')
CONV_MORE = re.compile(r'<a href="(/berichten\?na=[A-Za-z0-9_-]{22})">')


def walk_conversations(c):
    got, sizes, path = [], [], "/berichten"
    while path:
        r = c.get(path)
        assert r.status == 200, (path, r)
        page = CONV_ROW.findall(r.text)
        got += page
        sizes.append(len(page))
        m = CONV_MORE.search(r.text)
        path = m.group(1) if m else None
        if len(sizes) > 1:
            assert "Terug naar de eerste gesprekken" in r.text
        assert len(sizes) < 50, sizes
    return got, sizes


def test_berichten_paged_reaches_every_conversation_once():
    """Issue 21, no silent cap: /berichten showed the first 500
    conversations. Now 100 a page in the same order (per family, unread
    first, the newest first), "Meer gesprekken" reaches every one, each
    once; Peter's families' never on Fatima's pages, Mark's never on
    Sanne's; a cursor that is unknown or not theirs is the first page."""
    marker = "Lijst %s" % uuid.uuid4().hex[:8]
    for member, pro, n in (("sanne", "fatima", 230), ("emre", "peter", 3)):
        # n conversations of one message each, an hour apart; a third
        # read by the professional (so unread and read ones mix)
        sql("WITH c AS (INSERT INTO conversation (family_id, member_id, professional_id, "
            "  subject, created_at, form_nonce) "
            "SELECT m.family_id, m.person_id, pa.person_id, '%s ' || g, "
            "  now() - g * interval '1 hour', md5(random()::text || g) "
            "FROM account a JOIN family_member m ON m.person_id = a.person_id, "
            "  account pa, generate_series(1, %d) g "
            "WHERE a.username = '%s' AND pa.username = '%s' RETURNING id, member_id, "
            "  professional_id, created_at), "
            "mm AS (INSERT INTO conversation_message (conversation_id, author_id, body, "
            "  created_at, form_nonce) SELECT c.id, c.member_id, 'Vraag', c.created_at, "
            "  md5(random()::text || c.id) FROM c RETURNING id, conversation_id) "
            "INSERT INTO conversation_read (conversation_id, person_id, last_message_id) "
            "SELECT mm.conversation_id, c.professional_id, mm.id FROM mm JOIN c "
            "  ON c.id = mm.conversation_id WHERE c.id %% 3 = 0"
            % (marker, n, member, pro))
    try:
        fatima_all = [x[0] for x in sql(
            "SELECT c.public_id FROM conversation c JOIN account a ON a.person_id = "
            "c.professional_id WHERE a.username = 'fatima' AND EXISTS (SELECT 1 FROM "
            "assignment_now an WHERE an.family_id = c.family_id AND an.professional_id = "
            "c.professional_id)")]
        peters = [x[0] for x in sql(
            "SELECT c.public_id FROM conversation c JOIN account a ON a.person_id = "
            "c.professional_id WHERE a.username = 'peter'")]
        assert len(fatima_all) >= 230 and peters
        got, sizes = walk_conversations(logged_in("fatima"))
        assert sorted(got) == sorted(fatima_all) and len(got) == len(set(got)), \
            (len(got), len(fatima_all))
        assert all(s == 100 for s in sizes[:-1]) and len(sizes) >= 3, sizes
        assert not set(got) & set(peters)
        # the order of the first page: unread ones first within the family
        first = CONV_ROW.findall(logged_in("fatima").get("/berichten").text)
        assert first == got[:100]
        # Sanne (a member): her own, all of them; none of Mark's or Emre's
        sannes = [x[0] for x in sql(
            "SELECT c.public_id FROM conversation c JOIN account a ON a.person_id = "
            "c.member_id WHERE a.username = 'sanne'")]
        got, sizes = walk_conversations(logged_in("sanne"))
        assert sorted(got) == sorted(sannes) and len(got) == len(set(got))
        # a cursor that is not one of hers, unknown, or empty: the first page
        c = logged_in("sanne")
        first = CONV_ROW.findall(c.get("/berichten").text)
        for q in ("na=" + peters[0], "na=bestaat-niet", "na=", "na=%27%22", "na=" + "x" * 80):
            r = c.get("/berichten?" + q)
            assert r.status == 200, (q, r)
            assert CONV_ROW.findall(r.text) == first, q
            assert "Terug naar de eerste gesprekken" not in r.text, q
    finally:
        # later tests look for their conversations on the first page
        ours = "(SELECT id FROM conversation WHERE subject LIKE '%s %%')" % marker
        for table in ("conversation_read", "conversation_message"):
            sql("DELETE FROM %s WHERE conversation_id IN %s" % (table, ours))
        sql("DELETE FROM conversation WHERE id IN %s" % ours)

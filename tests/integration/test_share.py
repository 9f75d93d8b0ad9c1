"""Sharing over HTTP (GET/POST /delen, POST /delen/{id}/intrekken): the
matrix of issue 6 - a 13-year-old's document needs him and a parent, a
16-year-old decides alone, a court-ordered share cannot be revoked - and
Ellen (GGZ Rivierenland) sees exactly what is shared with her
organisation, while it is valid, with every read on the family's /inzage."""
import datetime
import json
import re
import time

from portal import logged_in, sql, text_of
from test_documents import doc_ids


def share(c, doc, org="ggz-rivierenland", until=None, **extra):
    fields = {"csrf": c.csrf("/delen"), "document": doc, "organisation": org}
    if until is not None:
        fields["until"] = until
    fields.update(extra)
    return c.post("/delen", fields)


def share_row(doc, org="ggz-rivierenland"):
    rows = sql("SELECT s.public_id, s.pending FROM document_share s JOIN document d "
               "ON d.id = s.document_id JOIN organisation o ON o.id = s.organisation_id "
               "WHERE d.public_id = '%s' AND o.slug = '%s' AND s.revoked_at IS NULL "
               "ORDER BY s.id DESC" % (doc, org))
    return rows[0] if rows else None


def revoke(c, share_id):
    return c.post("/delen/%s/intrekken" % share_id, {"csrf": c.csrf("/delen")})


def ellen_sees(doc):
    return logged_in("ellen").get("/documenten/" + doc).status


def test_daan_and_a_parent_both_agree_before_ellen_sees_it():
    ids = doc_ids()
    doc = ids["Plan voor Daan"]
    daan, sanne = logged_in("daan"), logged_in("sanne")
    assert share(daan, doc).status == 303
    sid, pending = share_row(doc)
    assert pending == "t"
    assert ellen_sees(doc) == 404
    t = text_of(sanne.get("/delen").text)
    assert re.search(r"GGZ Rivierenland, tot en met \w+ \d+ \w+ \d{4}: dit delen wacht nog op "
                     r"toestemming\. Ja gezegd: Daan\. Nog nodig: Mark of Sanne\.", t), t
    # Other terms (another end date): one request waits already, so
    # nothing is stored and Sanne is told (issue 15).
    r = share(sanne, doc, until=sql("SELECT to_char(current_date + 20, 'YYYY-MM-DD')")[0][0])
    assert r.status == 409 and "Er wacht al een vraag" in text_of(r.text)
    assert ellen_sees(doc) == 404
    other = [r for r in sql("SELECT s.public_id FROM document_share s JOIN document d ON d.id = "
                            "s.document_id WHERE d.public_id = '%s' AND s.pending AND "
                            "s.revoked_at IS NULL" % doc)]
    assert other == [[sid]], other
    # The same terms: her yes joins Daan's, and it starts.
    assert share(sanne, doc).status == 303
    assert share_row(doc) == [sid, "f"]
    assert ellen_sees(doc) == 200
    # exactly that document: not the family's others
    ellen = logged_in("ellen")
    for title in ("Gezinsplan", "Veiligheidsplan", "Verslag gesprek met Lotte"):
        assert ellen.get("/documenten/" + ids[title]).status == 404, title
    titles = re.findall(r'<a href="/documenten/[^"]+">([^<]+)</a>', ellen.get("/documenten").text)
    assert titles == ["Plan voor Daan"], titles
    # comments were not included
    assert 'id="reacties"' not in ellen.get("/documenten/" + doc).text
    # revoked: gone on the very next request
    assert revoke(sanne, sid).status == 303
    assert ellen_sees(doc) == 404


def test_a_parent_alone_is_not_enough_for_a_child_of_13():
    doc = doc_ids()["Plan voor Daan"]
    sanne = logged_in("sanne")
    assert share(sanne, doc).status == 303
    sid, pending = share_row(doc)
    assert pending == "t"
    assert ellen_sees(doc) == 404
    assert revoke(sanne, sid).status == 303          # a waiting share can be withdrawn
    assert share_row(doc) is None


def test_lotte_alone_shares_hers_and_sanne_cannot():
    doc = doc_ids()["Verslag gesprek met Lotte"]
    assert share(logged_in("sanne"), doc).status == 404
    assert share(logged_in("lotte"), doc, comments="ja").status == 303
    assert share_row(doc)[1] == "f"
    ellen = logged_in("ellen")
    page = ellen.get("/documenten/" + doc)
    assert page.status == 200 and 'id="reacties"' in page.text     # comments included
    assert ellen.get("/documenten/%s/bestand" % doc).status == 200
    t = text_of(logged_in("lotte").get("/inzage").text)
    # not assigned to the family: her organisation and job, not her name
    # (CJEU C-579/21; README: Audit log)
    assert 'Iemand van GGZ Rivierenland (behandelaar) las' in t, t
    assert "Ellen Bakker" not in t and "Verslag gesprek met Lotte" in t


def test_share_ends_at_its_last_second():
    doc = doc_ids()["Verslag gesprek met Lotte"]
    sid = share_row(doc)[0]
    sql("UPDATE document_share SET until = now() + interval '2 seconds' "
        "WHERE public_id = '%s'" % sid)
    assert ellen_sees(doc) == 200
    time.sleep(2.2)
    assert ellen_sees(doc) == 404
    t = text_of(logged_in("lotte").get("/delen").text)
    assert "GGZ Rivierenland, omdat het gezin" not in t
    # the family's notice that the share ended
    assert re.search(r"GGZ Rivierenland kan dit stuk niet meer zien sinds \w+ \d+ \w+ \d{4}\.", t), t


def test_court_ordered_share_cannot_be_revoked():
    doc = doc_ids()["Besluit ondertoezichtstelling"]
    sid = share_row(doc, "jeugdbescherming-regio")[0]
    for user, said in (("emre", "Dit delen kunt u niet stoppen."),
                       ("elif", "Dit delen kun je niet stoppen.")):
        c = logged_in(user)
        t = text_of(c.get("/delen").text)
        assert "Jeugdbescherming Regio, omdat de rechter dat heeft bepaald." in t
        assert said in t
        r = revoke(c, sid)
        assert r.status == 403, (user, r.status)
        assert "De rechter heeft bepaald dat dit stuk gedeeld blijft." in text_of(r.text)
    assert share_row(doc, "jeugdbescherming-regio")[0] == sid
    rows = sql("SELECT count(*) FROM audit_log WHERE action = 'share.revoke' "
               "AND outcome = 'denied' AND object_id = '%s'" % doc)
    assert int(rows[0][0]) >= 2


def test_bad_input():
    ids = doc_ids()
    daan = logged_in("daan")
    doc = ids["Plan voor Daan"]
    assert share(daan, doc, org="bestaat-niet").status == 404
    assert share(daan, "AAAAAAAAAAAAAAAAAAAAAA").status == 404
    r = share(daan, doc, until="2020-01-01")
    assert r.status == 400 and "Deze datum is al geweest." in r.text
    assert re.search(r'class="error-summary".*href="#until-\d+"', r.text, re.S)
    r = share(daan, doc, until="2099-01-01")
    assert r.status == 400 and "hoogstens een jaar" in r.text
    r = share(daan, doc, until="31-12-2026")
    assert r.status == 400 and "Schrijf de datum zo" in r.text
    r = share(daan, doc, org="")
    assert r.status == 400 and "Kies met welke organisatie" in r.text
    # A date of only blanks is not given (the default), not a wrong one.
    r = share(daan, doc, org="", until="  ")
    assert r.status == 400 and "Schrijf de datum zo" not in r.text
    assert not re.search(r'href="#until-\d+"', r.text)
    # Both wrong: both said, once each.
    r = share(daan, doc, org="", until="2027-02-29")
    assert r.status == 400 and "Kies met welke organisatie" in r.text
    assert "Schrijf de datum zo" in r.text
    assert len(re.findall(r'href="#until-\d+"', r.text)) == 1
    assert share_row(doc) is None                       # nothing stored
    assert revoke(daan, "AAAAAAAAAAAAAAAAAAAAAA").status == 404
    # Mark may not see the Verslag huisbezoek: sharing it is 404 too.
    assert share(logged_in("mark"), ids["Verslag huisbezoek"]).status == 404
    # Professionals do not use /delen.
    assert logged_in("fatima").get("/delen").status == 403


def test_delen_page_says_who_sees_what_and_why():
    t = text_of(logged_in("sanne").get("/delen").text)
    assert "U zelf: het stuk gaat over u of over uw kind." in t
    assert "Fatima Bouali (Wijkteam Centrum), omdat die uw gezin helpt." in t
    assert "Mark: het stuk gaat ook over deze persoon." in t   # Gezinsplan


def test_who_may_not_use_sharing():
    ids = doc_ids()
    court = share_row(ids["Besluit ondertoezichtstelling"], "jeugdbescherming-regio")[0]
    # Another family's share: not visible, so 404 (and still there).
    assert revoke(logged_in("sanne"), court).status == 404
    assert share_row(ids["Besluit ondertoezichtstelling"], "jeugdbescherming-regio")[0] == court
    # Professionals and clerks do not share for a family; nobody anonymous.
    for user in ("ellen", "peter", "kees"):
        c = logged_in(user)
        r = c.post("/delen", {"csrf": c.csrf("/"), "document": ids["Plan voor Daan"],
                              "organisation": "ggz-rivierenland"})
        want = 404 if user == "kees" else 403     # a clerk: test_counter.py
        assert r.status == want, user
        assert c.post("/delen/%s/intrekken" % court, {"csrf": c.csrf("/")}).status == want, user
    from portal import Client
    assert Client().get("/delen").status == 303


# ---- dates as chosen (issue 15, part 2) ----

DAYS_NL = ("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag")
MONTHS_NL = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
             "september", "oktober", "november", "december")


def dutch(d):
    return "%s %d %s %d" % (DAYS_NL[d.weekday()], d.day, MONTHS_NL[d.month - 1], d.year)


def dutch_today():
    return datetime.date.fromisoformat(
        sql("SELECT (now() AT TIME ZONE 'Europe/Amsterdam')::date")[0][0])


def last_sunday(year, month):
    d = datetime.date(year, month + 1, 1) - datetime.timedelta(days=1)
    return d - datetime.timedelta(days=(d.weekday() - 6) % 7)


def next_within_a_year(today, make):
    """The first date make(year) on or after today, if within a year."""
    for y in (today.year, today.year + 1):
        d = make(y)
        if today <= d <= max_until(today):
            return d
    return None


def max_until(today):
    return datetime.date.fromisoformat(sql(
        "SELECT to_char('%s'::date + interval '1 year', 'YYYY-MM-DD')" % today)[0][0])


def lotte_share_row(doc):
    return sql("SELECT s.public_id, s.pending, "
               "to_char(s.until AT TIME ZONE 'Europe/Amsterdam', 'YYYY-MM-DD HH24:MI:SS') "
               "FROM document_share s JOIN document d ON d.id = s.document_id "
               "WHERE d.public_id = '%s' AND s.revoked_at IS NULL AND s.until > now() "
               "ORDER BY s.id DESC" % doc)


def stop_shares(doc):
    sql("UPDATE document_share SET revoked_at = now() WHERE revoked_at IS NULL "
        "AND NOT court_order AND document_id = (SELECT id FROM document "
        "WHERE public_id = '%s')" % doc)


def test_the_form_default_is_shown_and_is_what_is_stored():
    doc = doc_ids()["Verslag gesprek met Lotte"]
    stop_shares(doc)
    lotte = logged_in("lotte")
    default = sql("SELECT to_char((now() AT TIME ZONE 'Europe/Amsterdam')::date "
                  "+ interval '3 months', 'YYYY-MM-DD')")[0][0]
    page = lotte.get("/delen").text
    assert re.search(r'name="until" type="date" value="%s"' % default, page), default
    assert share(lotte, doc).status == 303        # a form without the field: the default
    rows = lotte_share_row(doc)
    assert len(rows) == 1 and rows[0][1] == "f", rows
    chosen = datetime.date.fromisoformat(default)
    assert rows[0][2] == "%s 00:00:00" % (chosen + datetime.timedelta(days=1)), rows
    t = text_of(lotte.get("/delen").text)
    assert "GGZ Rivierenland, omdat het gezin het stuk heeft gedeeld, tot en met %s." \
        % dutch(chosen) in t, t
    stop_shares(doc)


def test_until_is_the_last_day_it_may_be_read():
    doc = doc_ids()["Verslag gesprek met Lotte"]
    today = dutch_today()
    dates = {
        "today": today,
        "a year ahead": max_until(today),
        "last Sunday of March": next_within_a_year(today, lambda y: last_sunday(y, 3)),
        "last Sunday of October": next_within_a_year(today, lambda y: last_sunday(y, 10)),
        "31 January": next_within_a_year(today, lambda y: datetime.date(y, 1, 31)),
        "end of February": next_within_a_year(
            today, lambda y: datetime.date(y, 3, 1) - datetime.timedelta(days=1)),
    }
    hours = {"last Sunday of March": 23, "last Sunday of October": 25}
    for what, chosen in dates.items():
        assert chosen is not None, what
        stop_shares(doc)
        lotte = logged_in("lotte")
        assert share(lotte, doc, until=chosen.isoformat()).status == 303, what
        rows = lotte_share_row(doc)
        assert len(rows) == 1 and rows[0][1] == "f", (what, rows)
        sid = rows[0][0]
        # stored: the end of the chosen day in the Netherlands
        assert rows[0][2] == "%s 00:00:00" % (chosen + datetime.timedelta(days=1)), (what, rows)
        if what in hours:
            n = sql("SELECT extract(epoch FROM until - ('%s'::timestamp AT TIME ZONE "
                    "'Europe/Amsterdam'))::int / 3600 FROM document_share "
                    "WHERE public_id = '%s'" % (chosen, sid))[0][0]
            assert int(n) == hours[what], (what, n)
        # shown: exactly the chosen day, on the page and in the export
        t = text_of(lotte.get("/delen").text)
        assert "GGZ Rivierenland, omdat het gezin het stuk heeft gedeeld, tot en met %s." \
            % dutch(chosen) in t, (what, t)
        mine = [s for s in json.loads(lotte.get("/mijn-gegevens.json").text)["shares"]
                if s["organisation"] == "GGZ Rivierenland" and s["revoked_at"] is None]
        assert [s["last_day"] for s in mine] == [chosen.isoformat()], (what, mine)
        # readable on the chosen day, not the day after: the row aged so
        # that the chosen day is today, then yesterday
        for days, status in (((chosen - today).days, 200), (1, 404)):
            sql("UPDATE document_share SET starts_at = starts_at - interval '3 days', "
                "until = ((until AT TIME ZONE 'Europe/Amsterdam') - %d * interval '1 day') "
                "AT TIME ZONE 'Europe/Amsterdam' WHERE public_id = '%s'" % (days, sid))
            assert ellen_sees(doc) == status, (what, days)
            if status == 200:       # the last day is today: shown so
                t = text_of(lotte.get("/delen").text)
                assert "gedeeld, tot en met %s." % dutch(today) in t, (what, t)
    stop_shares(doc)


def test_a_forged_until_is_refused_with_a_b1_error():
    doc = doc_ids()["Verslag gesprek met Lotte"]
    stop_shares(doc)
    today = dutch_today()
    lotte = logged_in("lotte")
    r = share(lotte, doc, until=(today - datetime.timedelta(days=1)).isoformat())
    assert r.status == 400 and "Deze datum is al geweest. Kies vandaag of een latere datum." \
        in text_of(r.text)
    r = share(lotte, doc, until=(max_until(today) + datetime.timedelta(days=1)).isoformat())
    assert r.status == 400 and "hoogstens een jaar" in text_of(r.text)
    assert lotte_share_row(doc) == []


def test_the_confirmation_stands_in_the_card_of_the_document():
    """Issue 20 part 5: after sharing or stopping, the confirmation is in
    the card of that document (announced, role="status"), and the page
    opens at it (#opgeslagen); not at the top. Nobody else's page says it."""
    doc = doc_ids()["Verslag gesprek met Lotte"]
    lotte = logged_in("lotte")
    stop_shares(doc)
    try:
        r = share(lotte, doc)
        assert r.status == 303
        assert r.header("Location") == "/delen?gedeeld=%s#opgeslagen" % doc, r.header("Location")
        page = lotte.get(r.header("Location").split("#")[0]).text
        top, rest = page.split('href="/documenten/%s"' % doc, 1)
        # (Lotte is 16: "je")
        assert "keuze is opgeslagen." not in top
        card = rest.split("</section>", 1)[0]
        assert '<p class="form-saved" role="status" id="opgeslagen">Je keuze is opgeslagen.' in card
        assert page.count('id="opgeslagen"') == 1
        # Another document's id, or another person's page: no card says it.
        assert 'id="opgeslagen"' not in logged_in("sanne").get("/delen?gedeeld=" + doc).text
        assert "Je keuze is opgeslagen." in lotte.get("/delen?gedeeld=1").text   # old link: top
        r = revoke(lotte, share_row(doc)[0])
        assert r.header("Location") == "/delen?ingetrokken=%s#opgeslagen" % doc
        card = lotte.get(r.header("Location").split("#")[0]).text.split(
            'href="/documenten/%s"' % doc, 1)[1].split("</section>", 1)[0]
        assert "Het delen is gestopt." in card
    finally:
        stop_shares(doc)

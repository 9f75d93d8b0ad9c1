"""Zo gaat het (issue 18, part 4): a member's own check-in, five answers
on a scale of 1 to 5. The page shows the history as inline SVG charts (one
point per check-in) with the same data in a table; the answers are the
member's own; a professional assigned to the family sees them on the
family page only when the member chose to share them; another member's
check-in is 404; bad input is the form again with the answers kept; the
counter's assisted session can do it."""
import json
import re

from portal import Client, logged_in, sql, text_of
from test_counter import helping, person_of, stop


def send(c, answers, share="nee", extra=None):
    f = {"csrf": c.csrf("/zo-gaat-het"), "share": share}
    for i, v in enumerate(answers, 1):
        if v is not None:
            f["q%d" % i] = str(v)
    f.update(extra or {})
    return c.post("/zo-gaat-het", f)


def checkins_of(login):
    return sql("SELECT public_id, safety, stress, sleep, support, school, shared "
               "FROM checkin c JOIN account a ON a.person_id = c.person_id "
               "WHERE a.username = '%s' ORDER BY c.id" % login)


def family(slug="de-vries"):
    return sql("SELECT public_id FROM family WHERE slug = '%s'" % slug)[0][0]


def svgs(page):
    return re.findall(r"<svg .*?</svg>", page, re.S)


def table_rows(page):
    """The table rows: [(date, [values])], newest first."""
    out = []
    for date, cells in re.findall(
            r'<tr class="checkin-table__row">\s*<th scope="row">([^<]+)</th>(.*?)</tr>',
            page, re.S):
        out.append((date, [int(v) for v in re.findall(r"<td>(\d) <span", cells)]))
    return out


def test_checkin_chart_has_one_point_per_checkin_and_a_matching_table():
    c = logged_in("daan")
    before = len(checkins_of("daan"))
    page = c.get("/zo-gaat-het")
    assert page.status == 200
    # Daan is 13: the youth wording
    assert "Hoe veilig voel je je thuis?" in page.text
    answers = [(2, 3, 4, 5, 1), (3, 3, 4, 4, 2), (5, 4, 3, 2, 1)]
    for a in answers:
        r = send(c, a)
        assert r.status == 303 and r.header("Location") == "/zo-gaat-het?opgeslagen=1", r
    rows = checkins_of("daan")
    assert len(rows) == before + 3
    assert [tuple(int(x) for x in r[1:6]) for r in rows[-3:]] == answers
    page = c.get("/zo-gaat-het?opgeslagen=1").text
    n = len(rows)
    charts = svgs(page)
    assert len(charts) == 5
    for q, svg in enumerate(charts):
        assert 'role="img"' in svg and "<title id=" in svg and "<desc id=" in svg
        assert len(re.findall(r'<circle class="chart__point"', svg)) == n
        # the values in order, oldest first, also as text (not colour alone)
        values = [int(v) for v in re.findall(r'class="chart__value"[^>]*>(\d)</text>', svg)]
        assert values[-3:] == [a[q] for a in answers]
        m = re.search(r"<desc [^>]*>([^<]*)</desc>", svg)
        assert "1 is heel slecht, 5 is heel goed" in m.group(1)
        assert ("De laatste keer: %d." % answers[-1][q]) in m.group(1)
    assert "<script" not in page
    table = table_rows(page)
    assert len(table) == n
    # the table: newest first, the same numbers as the charts
    assert [tuple(v) for _, v in table[:3]] == list(reversed(answers))
    assert int(sql("SELECT count(*) FROM audit_log a JOIN account u ON u.person_id = a.actor_id "
                   "WHERE u.username = 'daan' AND a.action = 'checkin.create'")[0][0]) >= 3
    # the export holds them, with the answers in order
    d = json.loads(c.get("/mijn-gegevens.json").text)
    assert [(x["safety"], x["calm"], x["sleep"], x["support"], x["school_work"])
            for x in d["checkins"]][-3:] == answers
    assert len(d["checkins"]) == n


def test_checkin_visible_to_the_professional_only_as_chosen():
    s, f = logged_in("sanne"), logged_in("fatima")
    fam = family()
    assert send(s, (4, 2, 3, 5, 4), share="nee").status == 303
    mine = checkins_of("sanne")[-1]
    assert mine[6] == "f"
    page = f.get("/gezinnen/%s/zo-gaat-het" % fam)
    assert page.status == 200
    assert "Sanne de Vries" not in page.text
    # Sanne shares it
    r = s.post("/zo-gaat-het/" + mine[0], {"csrf": s.csrf("/zo-gaat-het"), "share": "ja"})
    assert r.status == 303
    assert checkins_of("sanne")[-1][6] == "t"
    # The confirmation stands in the row she changed, beside its button,
    # and the page opens at it (issue 20 part 5); not at the top.
    assert r.header("Location") == "/zo-gaat-het?veranderd=%s#opgeslagen" % mine[0]
    own = s.get(r.header("Location").split("#")[0]).text
    row = own.split('action="/zo-gaat-het/%s"' % mine[0], 1)[1].split("</tr>", 1)[0]
    assert '<p class="form-saved" role="status" id="opgeslagen">Uw keuze is opgeslagen.' in row
    assert own.count("Uw keuze is opgeslagen.") == 1
    assert 'value="nee"><button' in row        # the button now offers the other way
    assert 'id="opgeslagen"' not in f.get("/gezinnen/%s/zo-gaat-het?veranderd=%s" % (fam, mine[0])).text
    page = f.get("/gezinnen/%s/zo-gaat-het" % fam).text
    assert "Sanne de Vries" in page
    section = page.split("Sanne de Vries", 1)[1].split("</section>", 1)[0]
    shared = [r for r in checkins_of("sanne") if r[6] == "t"]
    for svg in svgs(section):
        assert len(re.findall(r'<circle class="chart__point"', svg)) == len(shared)
    assert len(table_rows(section)) == len(shared)
    # the professional cannot change it
    assert 'action="/zo-gaat-het/' not in page
    assert sql("SELECT count(*) FROM audit_log a JOIN account u ON u.person_id = a.actor_id "
               "WHERE u.username = 'fatima' AND a.action = 'checkin.read' "
               "AND a.object_id = '%s'" % person_of("sanne"))[0][0] != "0"
    # Nobody else: not Mark (a member: 403 on a professional's route; his own
    # page does not show Sanne's), not Peter (not assigned: 404), not the
    # clerk outside a session.
    m = logged_in("mark")
    assert m.get("/gezinnen/%s/zo-gaat-het" % fam).status == 403
    assert mine[0] not in m.get("/zo-gaat-het").text
    assert logged_in("peter").get("/gezinnen/%s/zo-gaat-het" % fam).status == 404
    assert logged_in("peter").get("/gezinnen/%s/zo-gaat-het" % family("yilmaz")).status == 200
    assert f.get("/gezinnen/%s/zo-gaat-het" % family("yilmaz")).status == 404
    assert f.get("/gezinnen/x0/zo-gaat-het").status == 404
    assert logged_in("kees").get("/zo-gaat-het").status == 404
    assert Client().get("/zo-gaat-het").status == 303
    assert f.get("/zo-gaat-het").status == 403
    # Sanne takes it back: gone from the family page
    r = s.post("/zo-gaat-het/" + mine[0], {"csrf": s.csrf("/zo-gaat-het"), "share": "nee"})
    assert r.status == 303
    page = f.get("/gezinnen/%s/zo-gaat-het" % fam).text
    if not [r for r in checkins_of("sanne") if r[6] == "t"]:
        assert "Sanne de Vries" not in page


def test_checkin_of_another_member_is_404():
    s, m = logged_in("sanne"), logged_in("mark")
    assert send(s, (3, 3, 3, 3, 3)).status == 303
    sid = checkins_of("sanne")[-1][0]
    # Mark tries to share Sanne's check-in: 404, nothing changes, audited
    r = m.post("/zo-gaat-het/" + sid, {"csrf": m.csrf("/zo-gaat-het"), "share": "ja"})
    assert r.status == 404
    assert checkins_of("sanne")[-1][6] == "f"
    assert sql("SELECT count(*) FROM audit_log a JOIN account u ON u.person_id = a.actor_id "
               "WHERE u.username = 'mark' AND a.action = 'checkin.share' "
               "AND a.object_id = '%s' AND a.outcome <> 'allowed'" % sid)[0][0] == "1"
    # one that does not exist: the same answer
    r = m.post("/zo-gaat-het/AAAAAAAAAAAAAAAAAAAAAA", {"csrf": m.csrf("/zo-gaat-het"),
                                                        "share": "ja"})
    assert r.status == 404
    # Lotte (a daughter) does not see her mother's answers either
    assert sid not in logged_in("lotte").get("/zo-gaat-het").text


def test_checkin_bad_input_shows_the_form_again_with_the_answers_kept():
    c = logged_in("mark")
    before = len(checkins_of("mark"))
    r = send(c, (4, 9, None, 2, 1), share="ja")
    assert r.status == 400
    assert 'class="error-summary"' in r.text
    assert 'href="#q2"' in r.text and 'href="#q3"' in r.text
    assert 'href="#q1"' not in r.text
    assert "Kies hoe rustig u zich voelt." in text_of(r.text)
    assert re.search(r'id="q1-4" name="q1" value="4" checked', r.text)
    assert re.search(r'id="q4-2" name="q4" value="2" checked', r.text)
    assert re.search(r'id="share-ja" name="share" value="ja" checked', r.text)
    r = send(c, (0, 1, 1, 1, 1))
    assert r.status == 400 and 'href="#q1"' in r.text
    r = send(c, (1, 1, 1, 1, 1), share="misschien")
    assert r.status == 400 and 'href="#share"' in r.text
    assert len(checkins_of("mark")) == before
    # a form sent twice (the same nonce) is stored once
    nonce = re.search(r'name="nonce" value="([0-9a-f]{32})"', c.get("/zo-gaat-het").text).group(1)
    for _ in range(2):
        assert send(c, (2, 2, 2, 2, 2), extra={"nonce": nonce}).status == 303
    assert len(checkins_of("mark")) == before + 1


def test_checkin_at_the_counter():
    k = helping("Ans", "Mulder")
    page = k.get("/zo-gaat-het")
    assert page.status == 200 and "Hoe veilig voelt u zich thuis?" in page.text
    assert send(k, (5, 4, 4, 5, 3), share="ja").status == 303
    row = sql("SELECT c.person_id, c.helped_by, c.shared FROM checkin c "
              "JOIN person p ON p.id = c.person_id "
              "WHERE p.given_name = 'Ans' ORDER BY c.id DESC LIMIT 1")[0]
    assert row[1] == person_of("kees") and row[2] == "t"
    assert len(svgs(k.get("/zo-gaat-het").text)) == 5
    stop(k)
    # after the session the clerk reaches it no more
    assert k.get("/zo-gaat-het").status == 404
    # Fatima sees Ans's shared answers on the family page
    page = logged_in("fatima").get("/gezinnen/%s/zo-gaat-het" % family()).text
    assert "Ans Mulder" in page

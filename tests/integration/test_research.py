"""Research and education (issue 18, part 6): a member says yes or no on
/onderzoek (default no; audited; also at the counter), and `portal
export-research` writes a CSV without names, e-mail, addresses, free
text or portal ids, with the birth year only, k-anonymous (k = 5) on
(birth year, municipality, family size); a member who withdrew is not in
the next export. The demo families are too small for k = 5, so the test
adds five families like De Vries in Tiel (in the test database only)."""
import collections
import csv
import io
import os
import re
import subprocess

from portal import Client, ROOT, STATE_DIR, logged_in, sql, text_of
from test_counter import helping, person_of, stop

HEADER = ["pseudonym", "birth_year", "municipality", "family_size", "framework",
          "role", "documents_about", "consent_agree", "consent_partly",
          "consent_disagree", "own_views", "requests"]
MARK = "Onderzoekstest"


def export():
    build = os.environ.get("BUILD", "build")
    p = subprocess.run([os.path.join(ROOT, build, "portal"), "export-research",
                        "-c", os.path.join(STATE_DIR, "portal.conf")],
                       capture_output=True)
    assert p.returncode == 0, p.stderr
    out = p.stdout.decode("utf-8")
    assert out.startswith(",".join(HEADER) + "\r\n"), out[:200]
    rows = list(csv.reader(io.StringIO(out, newline="")))
    assert rows[0] == HEADER
    return out, [dict(zip(HEADER, r)) for r in rows[1:]]


def choose(c, choice):
    return c.post("/onderzoek", {"csrf": c.csrf("/onderzoek"), "choice": choice})


def research_rows(person):
    return sql("SELECT agrees, helped_by IS NOT NULL FROM research_choice "
               "WHERE person_id = %s ORDER BY id" % person)


def exported_times(person):
    return int(sql("SELECT count(*) FROM audit_log WHERE action = 'research.export' "
                   "AND object_kind = 'person' AND object_id = '%s'" % person)[0][0])


def add_like_de_vries(n=5):
    """n families in Tiel the size of De Vries, each with one parent born in
    Sanne's year who said yes; the others said nothing. Once per run."""
    if sql("SELECT count(*) FROM family WHERE slug LIKE 'onderzoek-%'")[0][0] != "0":
        return
    size = int(sql("SELECT count(*) FROM family_member m JOIN family f "
                   "ON f.id = m.family_id WHERE f.slug = 'de-vries'")[0][0])
    sql("""
DO $$
DECLARE f bigint; p bigint; yr int;
BEGIN
  SELECT extract(year FROM birth_date)::int INTO yr FROM person
   WHERE given_name = 'Sanne' AND family_name = 'de Vries';
  FOR i IN 1..%d LOOP
    INSERT INTO family (slug, name, framework, municipality)
      VALUES ('onderzoek-' || i, '%s ' || i, 'vrijwillig', 'Tiel')
      RETURNING id INTO f;
    FOR j IN 1..%d LOOP
      INSERT INTO person (given_name, family_name, birth_date, kind)
        VALUES ('Geheimnaam' || i || 'x' || j, '%s',
                CASE WHEN j = 1 THEN make_date(yr, 1 + i, 10)
                     ELSE make_date(2010 + j, 3, 3) END, 'citizen')
        RETURNING id INTO p;
      INSERT INTO family_member (family_id, person_id, role)
        VALUES (f, p, CASE WHEN j = 1 THEN 'moeder' ELSE 'kind' END);
      INSERT INTO contact_details (person_id, phone, email, address, reach_by)
        VALUES (p, '0612345678', 'geheim' || i || j || '@onderzoek.invalid',
                'Geheimstraat ' || i || j || ', Tiel', 'telefoon');
      IF j = 1 THEN
        INSERT INTO research_choice (person_id, agrees) VALUES (p, true);
      END IF;
    END LOOP;
  END LOOP;
END
$$""" % (n, MARK, size, MARK))


def sanne_tuple():
    year, size = sql("SELECT extract(year FROM p.birth_date)::int, "
                     "(SELECT count(*) FROM family_member x WHERE x.family_id = f.id) "
                     "FROM person p JOIN family_member m ON m.person_id = p.id "
                     "JOIN family f ON f.id = m.family_id "
                     "WHERE p.given_name = 'Sanne' AND f.slug = 'de-vries'")[0]
    return (year, "Tiel", size)


def tuples(rows):
    return collections.Counter((r["birth_year"], r["municipality"], r["family_size"])
                               for r in rows)


def test_research_page_default_no_and_errors():
    c = logged_in("daan")
    daan = person_of("daan")
    r = c.get("/onderzoek")
    assert r.status == 200, r
    t = text_of(r.text)
    assert "Je hebt nog niets gekozen" in t or "U heeft nog niets gekozen" in t, t[:800]
    # the default is no: "nee" is checked, "ja" is not
    assert re.search(r'value="nee" checked', r.text) and not re.search(
        r'value="ja" checked', r.text)
    assert sql("SELECT count(*) FROM audit_log WHERE actor_id = %s "
               "AND action = 'research.read'" % daan)[0][0] != "0"
    # no choice, or one that is not offered: the form again with the summary
    for fields in ({}, {"choice": "misschien"}):
        fields["csrf"] = c.csrf("/onderzoek")
        r = c.post("/onderzoek", fields)
        assert r.status == 400, r
        assert 'class="error-summary"' in r.text and 'href="#choice"' in r.text
        assert "Kies ja of nee." in text_of(r.text)
    assert research_rows(daan) == []
    # without the form token: 403, nothing stored
    assert c.post("/onderzoek", {"choice": "ja"}).status == 403
    assert research_rows(daan) == []
    # staff have no such page
    assert logged_in("fatima").get("/onderzoek").status == 403
    assert Client().get("/onderzoek").status == 303


def test_research_yes_no_audited_and_in_my_export():
    c = logged_in("lotte")
    lotte = person_of("lotte")
    r = choose(c, "ja")
    assert r.status == 303 and r.header("Location") == "/onderzoek?opgeslagen=1", r
    r = c.get("/onderzoek?opgeslagen=1")
    assert re.search(r'value="ja" checked', r.text), r.text
    assert choose(c, "nee").status == 303
    assert research_rows(lotte) == [["t", "f"], ["f", "f"]]
    acts = [a for (a,) in sql("SELECT action FROM audit_log WHERE actor_id = %s AND "
                              "action IN ('research.agree', 'research.withdraw') "
                              "ORDER BY id" % lotte)]
    assert acts == ["research.agree", "research.withdraw"], acts
    d = c.get("/mijn-gegevens.json")
    assert d.status == 200
    import json
    mine = json.loads(d.body.decode())["research_choices"]
    assert [x["agrees"] for x in mine] == [True, False], mine
    # another member's choice is not in their export
    other = json.loads(logged_in("daan").get("/mijn-gegevens.json").body.decode())
    assert other["research_choices"] == [] or all(
        x not in other["research_choices"] for x in mine if x["agrees"])


def test_research_at_the_counter_keeps_who_helped():
    ans = sql("SELECT id FROM person WHERE given_name = 'Ans' AND family_name = 'Mulder'")[0][0]
    c = helping("Ans", "Mulder")
    assert c.get("/onderzoek").status == 200
    assert choose(c, "ja").status == 303
    stop(c)
    assert research_rows(ans)[-1] == ["t", "t"]
    # and back to no for the other tests
    c = helping("Ans", "Mulder")
    assert choose(c, "nee").status == 303
    stop(c)
    assert research_rows(ans)[-1] == ["f", "t"]


def test_research_export_anonymous_k5_and_withdrawal():
    add_like_de_vries()
    sanne = person_of("sanne")
    c = logged_in("sanne")
    assert choose(c, "ja").status == 303
    key = tuple(str(x) for x in sanne_tuple())

    raw, rows = export()
    # Sanne and the five like her: one group of six, exact
    assert tuples(rows)[key] == 6, (key, tuples(rows))
    assert exported_times(sanne) == 1
    # k >= 5 on every released (birth year, municipality, family size)
    assert rows and min(tuples(rows).values()) >= 5, tuples(rows)
    for r in rows:
        assert re.fullmatch(r"[0-9a-f]{24}", r["pseudonym"]), r
        assert re.fullmatch(r"\d{4}(-\d{4})?", r["birth_year"]), r
        # the framework only where its group holds both (else "*"), counts
        # in bands (security review: exact counts made rows unique)
        assert r["framework"] in ("vrijwillig", "gedwongen", "*")
        assert r["role"] in ("ouder", "kind", "netwerk")
        for col in HEADER[6:]:
            assert r[col] in ("0", "1-5", "6+"), r
    for key_, group in collections.Counter(
            (r["birth_year"], r["municipality"], r["family_size"]) for r in rows).items():
        fws = {r["framework"] for r in rows
               if (r["birth_year"], r["municipality"], r["family_size"]) == key_}
        assert fws == {"*"} or fws == {"vrijwillig", "gedwongen"}, (key_, fws)
    # Sanne's group: six families in the voluntary framework, so "*"
    assert {r["framework"] for r in rows
            if (r["birth_year"], r["municipality"], r["family_size"]) == key} == {"*"}
    assert len({r["pseudonym"] for r in rows}) == len(rows)
    # no name, e-mail, address, free text or portal id of anyone
    low = raw.lower()
    secrets = set()
    for (g, f, pid) in sql("SELECT given_name, family_name, public_id FROM person"):
        secrets.update((g.lower(), f.lower(), pid.lower()))
    for (pid,) in sql("SELECT public_id FROM family UNION ALL SELECT public_id "
                      "FROM document UNION ALL SELECT public_id FROM request"):
        secrets.add(pid.lower())
    # (sql() gives lines and tab-split fields: each piece must be absent)
    for q in ("SELECT email FROM contact_details", "SELECT phone FROM contact_details",
              "SELECT address FROM contact_details",
              "SELECT body FROM document_comment", "SELECT body FROM document_view",
              "SELECT body FROM request", "SELECT explanation FROM document_consent"):
        for row in sql(q):
            for piece in row:
                if len(piece.strip()) >= 6:
                    secrets.add(piece.strip().lower())
    found = [s for s in secrets if len(s) >= 4 and s in low]
    assert not found, found
    assert "@" not in raw and "geheim" not in low and MARK.lower() not in low
    # no birth date, and the database's own ids are not the pseudonyms
    assert not re.search(r"\d{4}-\d\d-\d\d", raw)
    ids = {i for (i,) in sql("SELECT id::text FROM person")}
    assert not ids & {r["pseudonym"] for r in rows}

    # a new export: new pseudonyms, nothing links the two
    raw2, rows2 = export()
    assert not {r["pseudonym"] for r in rows} & {r["pseudonym"] for r in rows2}
    assert exported_times(sanne) == 2

    # Sanne withdraws: the next export has five in her group, and no
    # audit row says she was in it
    assert choose(c, "nee").status == 303
    raw3, rows3 = export()
    assert tuples(rows3)[key] == 5, tuples(rows3)
    assert exported_times(sanne) == 2
    assert min(tuples(rows3).values()) >= 5

    # one more withdrawal: four left would break k = 5, so the group is
    # generalised with others or left out, never released as four
    other = sql("SELECT p.id FROM person p JOIN research_choice r ON r.person_id = p.id "
                "WHERE p.family_name = '%s' ORDER BY p.id LIMIT 1" % MARK)[0][0]
    sql("INSERT INTO research_choice (person_id, agrees) VALUES (%s, false)" % other)
    raw4, rows4 = export()
    assert tuples(rows4)[key] == 0
    assert not rows4 or min(tuples(rows4).values()) >= 5, tuples(rows4)
    # the export rows are the system's, in the log of each member exported
    assert sql("SELECT DISTINCT actor_role, outcome FROM audit_log "
               "WHERE action = 'research.export'") == [["system", "allowed"]]

"""Attachments over HTTP: GET /documenten/{id}/bestand for every demo login
and document (200 with a safe download, or 404), and a professional's new
document with POST /documenten/nieuw (multipart): type from the bytes
(libmagic), B1 errors with nothing stored, size limit, who may add to
which family, whom it is about and hidden from."""
import base64
import re
import uuid
import zlib

import carriers
from portal import Client, logged_in, sql, text_of
from test_documents import DOCS, READS, doc_ids

# A one-page PDF that says who made it and on which computer.
PDF = (b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
       b"2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n"
       b"3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >> endobj\n"
       b"4 0 obj << /Author (Fatima Bouali) /Producer (Kantoor-PC-12) >> endobj\n"
       b"trailer << /Root 1 0 R /Info 4 0 R /Size 5 >>\n%%EOF\n")
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==")
# A JPEG whose Exif segment says where it was taken (carriers.py).
JPEG_GPS = carriers.jpeg_carriers()["exif"]
HTML = b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>\n"


def person(login):
    return sql("SELECT p.public_id FROM person p JOIN account a ON a.person_id = p.id "
               "WHERE a.username = '%s'" % login)[0][0]


def family(slug):
    return sql("SELECT public_id FROM family WHERE slug = '%s'" % slug)[0][0]


def multipart(fields, files=()):
    """fields: [(name, value)], files: [(name, filename, bytes, ctype)]."""
    b = "----gp" + uuid.uuid4().hex
    out = b""
    for name, value in fields:
        out += ("--%s\r\nContent-Disposition: form-data; name=\"%s\"\r\n\r\n%s\r\n"
                % (b, name, value)).encode()
    for name, fn, data, ctype in files:
        out += ("--%s\r\nContent-Disposition: form-data; name=\"%s\"; filename=\"%s\"\r\n"
                "Content-Type: %s\r\n\r\n" % (b, name, fn, ctype)).encode() + data + b"\r\n"
    out += ("--%s--\r\n" % b).encode()
    return out, "multipart/form-data; boundary=" + b


def upload(c, fields, files=()):
    fields = [("csrf", c.csrf("/documenten/nieuw"))] + list(fields)
    body, ctype = multipart(fields, files)
    return c.request("POST", "/documenten/nieuw", raw_body=body,
                     headers={"Content-Type": ctype})


def count(table):
    return int(sql("SELECT count(*) FROM %s" % table)[0][0])


def test_download_for_every_login_and_document():
    ids = doc_ids()
    for user, allowed in READS.items():
        c = logged_in(user)
        for title in DOCS:
            r = c.get("/documenten/%s/bestand" % ids[title])
            if title not in allowed:
                assert r.status == 404, (user, title, r.status)
                assert not r.body.startswith(b"%PDF")
                continue
            assert r.status == 200, (user, title, r.status)
            assert r.header("Content-Type") == "application/pdf"
            name = title.replace(" ", "-") + ".pdf"
            assert r.header("Content-Disposition") == \
                "attachment; filename=\"%s\"; filename*=UTF-8''%s" % (name, name)
            assert "nosniff" in (r.header("X-Content-Type-Options") or "")
            assert r.header("Cache-Control") == "no-store"
            assert "sandbox" in " ".join(r.all("Content-Security-Policy"))
            assert r.body.startswith(b"%PDF-1.4") and title.encode() in r.body


def test_document_page_links_the_attachment():
    c = logged_in("sanne")
    doc = doc_ids()["Gezinsplan"]
    page = c.get("/documenten/" + doc).text
    assert '<a href="/documenten/%s/bestand" download>Gezinsplan.pdf</a>' % doc in page
    assert "(PDF, 1 kB)" in page


def test_downloads_and_denials_are_audited():
    ids = doc_ids()
    c = logged_in("mark")
    c.get("/documenten/%s/bestand" % ids["Gezinsplan"])
    c.get("/documenten/%s/bestand" % ids["Verslag huisbezoek"])
    rows = sql("SELECT a.object_id, a.outcome FROM audit_log a JOIN account u "
               "ON u.person_id = a.actor_id WHERE u.username = 'mark' "
               "AND a.action = 'document.download' ORDER BY a.id DESC LIMIT 2")
    assert rows == [[ids["Verslag huisbezoek"], "denied"], [ids["Gezinsplan"], "allowed"]], rows


def test_who_may_open_the_new_document_form():
    assert logged_in("fatima").get("/documenten/nieuw").status == 200
    assert logged_in("peter").get("/documenten/nieuw").status == 200
    # a member gets the form for an own document (issue 18, part 2:
    # test_own_documents.py); a clerk outside a session: test_counter.py
    for user in ("sanne", "lotte", "emre", "kees"):
        r = logged_in(user).get("/documenten/nieuw")
        assert r.status == (404 if user == "kees" else 200), user
        if user != "kees":
            assert "Wie mag dit stuk lezen?" in text_of(r.text), user
            assert "Wie mag dit stuk niet zien?" not in text_of(r.text), user
    assert 'href="/documenten/nieuw"' in logged_in("fatima").get("/documenten").text
    assert 'href="/documenten/nieuw"' not in logged_in("ellen").get("/documenten").text
    assert "Zelf een stuk toevoegen" in text_of(logged_in("sanne").get("/documenten").text)
    r = logged_in("ellen").get("/documenten/nieuw")        # no family of her own
    assert r.status == 403 and "U werkt nu niet met een gezin." in text_of(r.text)
    r = logged_in("peter").get("/documenten/nieuw?gezin=" + family("de-vries"))
    assert r.status == 404
    assert Client().get("/documenten/nieuw").status == 303


def test_fatima_adds_a_document_about_lotte_with_a_pdf():
    c = logged_in("fatima")
    form = c.get("/documenten/nieuw").text
    assert 'enctype="multipart/form-data"' in form and "Lotte de Vries" in form
    r = upload(c, [("family", family("de-vries")), ("title", "Afspraken met Lotte"),
                   ("body", "Lotte gaat naar de huisarts.\r\n\r\nFatima belt dinsdag."),
                   ("about", person("lotte"))],
               [("file", "../../Brief; Lotte.exe", PDF, "application/octet-stream")])
    assert r.status == 303, r
    m = re.fullmatch(r"/documenten/([A-Za-z0-9_-]{22})", r.header("Location"))
    assert m, r.header("Location")
    doc = m.group(1)
    rows = sql("SELECT f.filename, f.mime_type, f.size FROM document_file f "
               "JOIN document d ON d.id = f.document_id WHERE d.public_id = '%s'" % doc)
    assert rows[0][:2] == ["Brief_ Lotte.pdf", "application/pdf"], rows
    lotte = logged_in("lotte")
    page = lotte.get("/documenten/" + doc)
    assert page.status == 200 and "Fatima belt dinsdag." in page.text
    dl = lotte.get("/documenten/%s/bestand" % doc)
    assert dl.status == 200 and dl.body.startswith(b"%PDF-") and str(len(dl.body)) == rows[0][2]
    # Stored without who made it and where (libqpdf).
    assert b"/Type /Page" in dl.body or b"/Page" in dl.body
    assert b"Kantoor-PC" not in dl.body and b"Fatima Bouali" not in dl.body
    # About Lotte (16) only: her parents do not see it.
    assert logged_in("sanne").get("/documenten/" + doc).status == 404
    assert logged_in("sanne").get("/documenten/%s/bestand" % doc).status == 404
    audit = sql("SELECT count(*) FROM audit_log WHERE action = 'document.create' "
                "AND object_id = '%s' AND outcome = 'allowed'" % doc)
    assert audit == [["1"]]


def test_hidden_from_mark():
    c = logged_in("fatima")
    everyone = [("about", person(u)) for u in ("sanne", "mark", "daan")]
    r = upload(c, [("family", family("de-vries")), ("title", "Nieuw adres"),
                   ("body", "Het gezin woont nu op een ander adres.")] + everyone +
               [("hidden", person("mark"))], [("file", "foto.png", PNG, "image/png")])
    assert r.status == 303, r
    doc = r.header("Location").rsplit("/", 1)[1]
    assert logged_in("mark").get("/documenten/" + doc).status == 404
    assert logged_in("sanne").get("/documenten/" + doc).status == 200
    dl = logged_in("daan").get("/documenten/%s/bestand" % doc)
    assert dl.status == 200 and dl.header("Content-Type") == "image/png"
    assert 'filename="foto.png"' in dl.header("Content-Disposition")


def test_photo_loses_its_location():
    c = logged_in("fatima")
    r = upload(c, [("family", family("de-vries")), ("title", "Foto van de nieuwe kamer"),
                   ("body", "Zo ziet de kamer van Daan eruit."), ("about", person("daan"))],
               [("file", "IMG_0001.JPG", JPEG_GPS, "image/jpeg")])
    assert r.status == 303, r
    doc = r.header("Location").rsplit("/", 1)[1]
    dl = logged_in("daan").get("/documenten/%s/bestand" % doc)
    assert dl.status == 200 and dl.header("Content-Type") == "image/jpeg"
    assert b"GPS" not in dl.body and b"Exif" not in dl.body
    assert carriers.MARK not in dl.body
    assert dl.body.startswith(b"\xff\xd8") and dl.body.endswith(b"\xff\xd9")
    assert 'filename="IMG_0001.jpg"' in dl.header("Content-Disposition")
    # A broken photo is refused, not stored half-cleaned.
    r = upload(c, [("family", family("de-vries")), ("title", "Kapotte foto"),
                   ("body", "x"), ("about", person("daan"))],
               [("file", "kapot.jpg", JPEG_GPS[:40], "image/jpeg")])
    assert r.status == 400 and "Dit bestand is kapot" in r.text


def inflated_streams(body):
    """Every flate stream of a PDF, inflated (what a reader decodes)."""
    out = []
    for m in re.finditer(rb"stream\r?\n", body):
        try:
            out.append(zlib.decompressobj().decompress(body[m.end():]))
        except zlib.error:
            pass
    return out


def test_carriers_leave_nothing_behind():
    """Every hiding place of issue 17 part 1: the photo is made new from its
    pixels, the PDF from its pages; not one planted byte is downloaded."""
    c = logged_in("fatima")
    files = carriers.all_carriers()
    del files["png_gpsa.png"]
    for name, data in sorted(files.items()):
        assert carriers.MARK in data
        r = upload(c, [("family", family("de-vries")), ("title", "Drager " + name),
                       ("body", "Een bestand met verborgen gegevens."),
                       ("about", person("daan"))],
                   [("file", name, data, "application/octet-stream")])
        assert r.status == 303, (name, r.status, text_of(r.text)[:300])
        doc = r.header("Location").rsplit("/", 1)[1]
        dl = logged_in("daan").get("/documenten/%s/bestand" % doc)
        assert dl.status == 200, name
        assert carriers.MARK not in dl.body, name
        assert b"Exif" not in dl.body and b"GPS" not in dl.body, name
        # nor inside a compressed stream of the PDF
        for z in inflated_streams(dl.body):
            assert carriers.MARK not in z and b"Exif" not in z, (name, z[:80])
        stored = sql("SELECT position('\\x%s'::bytea IN f.content) FROM document_file f "
                     "JOIN document d ON d.id = f.document_id WHERE d.public_id = '%s'"
                     % (carriers.MARK.hex(), doc))
        assert stored == [["0"]], name
        kind = name.rsplit(".", 1)[1]
        if kind == "jpg":
            assert dl.header("Content-Type") == "image/jpeg"
            assert dl.body.startswith(b"\xff\xd8") and dl.body.endswith(b"\xff\xd9")
        elif kind == "png":
            assert dl.header("Content-Type") == "image/png"
            assert b"tEXt" not in dl.body and b"iTXt" not in dl.body
        else:
            assert dl.header("Content-Type") == "application/pdf"
            assert b"/Type /Page" in dl.body and b"/DCTDecode" in dl.body
            for key in (b"/JavaScript", b"/OpenAction", b"/Launch", b"/EmbeddedFile",
                        b"/Annots", b"/Metadata", b"/Info"):
                assert key not in dl.body, key


def test_carrier_that_cannot_be_cleaned_is_refused():
    c = logged_in("fatima")
    before = (count("document"), count("document_file"))
    r = upload(c, [("family", family("de-vries")), ("title", "PNG met GPSa"),
                   ("body", "Tekst"), ("about", person("daan"))],
               [("file", "kaart.png", carriers.png_carriers()["gpsa"], "image/png")])
    assert r.status == 400
    assert "Dit bestand is kapot of niet compleet." in r.text and 'href="#file"' in r.text
    # A PDF with a JPEG 2000 image (it can hold its own metadata).
    jpx = carriers.pdf_carrier().replace(b"/Filter /DCTDecode", b"/Filter /JPXDecode")
    r = upload(c, [("family", family("de-vries")), ("title", "PDF met JPX"),
                   ("body", "Tekst"), ("about", person("daan"))],
               [("file", "scan.pdf", jpx, "application/pdf")])
    assert r.status == 400
    assert "Dit bestand kunnen we niet veilig maken." in r.text
    assert (count("document"), count("document_file")) == before


def test_downloads_show_on_inzage():
    doc = doc_ids()["Verslag gesprek met Lotte"]
    assert logged_in("fatima").get("/documenten/%s/bestand" % doc).status == 200
    t = text_of(logged_in("lotte").get("/inzage").text)
    # one line per person and day: this download, maybe with others
    assert re.search(r'Fatima Bouali \(wijkcoach, Wijkteam Centrum\) downloadde '
                     r'(de bijlage bij "Verslag gesprek met Lotte"|\d+ bijlagen) op ', t), t
    assert "Verslag gesprek met Lotte" in t


def test_head_is_not_a_read():
    c = logged_in("sanne")
    r = c.request("HEAD", "/documenten/" + doc_ids()["Gezinsplan"])
    assert r.status == 405
    assert c.request("HEAD", "/health").status == 200


def test_wrong_file_type_is_refused_with_nothing_stored():
    c = logged_in("fatima")
    before = (count("document"), count("document_file"), count("document_subject"))
    r = upload(c, [("family", family("de-vries")), ("title", "Met een verkeerd bestand"),
                   ("body", "Tekst"), ("about", person("daan"))],
               [("file", "brief.pdf", HTML, "application/pdf")])
    assert r.status == 400
    assert "Dit soort bestand kan niet." in r.text and 'href="#file"' in r.text
    assert 'value="Met een verkeerd bestand"' in r.text          # kept
    assert re.search(r'id="about-\d+" name="about" value="%s" checked' % person("daan"), r.text)
    assert (count("document"), count("document_file"), count("document_subject")) == before


def test_missing_fields_show_the_form_again():
    c = logged_in("peter")
    r = upload(c, [("family", family("yilmaz")), ("title", ""), ("body", "Alleen tekst")])
    assert r.status == 400
    assert 'href="#title"' in r.text and 'href="#about"' in r.text
    assert "Alleen tekst" in r.text
    assert re.search(r'<input class="form-input" id="title"[^>]*aria-invalid="true"', r.text)


def test_too_big_file_is_refused():
    c = logged_in("fatima")
    before = count("document")
    big = PDF + b"%" * (1600 * 1024)
    r = upload(c, [("family", family("de-vries")), ("title", "Te groot"), ("body", "x"),
                   ("about", person("daan"))], [("file", "groot.pdf", big, "application/pdf")])
    assert r.status == 413
    assert "Dit is te groot" in r.text
    assert count("document") == before


def test_forged_members_and_families_are_refused():
    c = logged_in("fatima")
    before = count("document")
    # Elif is not in De Vries: a forged value, not a typing error.
    r = upload(c, [("family", family("de-vries")), ("title", "x"), ("body", "x"),
                   ("about", person("elif"))])
    assert r.status == 400
    # Peter's family is not Fatima's: not visible.
    r = upload(c, [("family", family("yilmaz")), ("title", "x"), ("body", "x"),
                   ("about", person("elif"))])
    assert r.status == 404
    r = upload(c, [("title", "x"), ("body", "x"), ("about", person("daan"))])
    assert r.status == 400
    assert count("document") == before


def test_upload_needs_csrf():
    c = logged_in("fatima")
    body, ctype = multipart([("family", family("de-vries")), ("title", "x"), ("body", "x"),
                             ("about", person("daan"))])
    r = c.request("POST", "/documenten/nieuw", raw_body=body, headers={"Content-Type": ctype})
    assert r.status == 403

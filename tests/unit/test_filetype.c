/*
 * test_filetype.c - the kind of an upload from its bytes (libmagic), and
 * the download name (lib/filetype).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "filetype.h"

static const char pdf[] =
    "%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
    "trailer << /Root 1 0 R >>\n%%EOF\n";
static const unsigned char png[] = {
	0x89, 'P', 'N', 'G', 0x0d, 0x0a, 0x1a, 0x0a,
	0x00, 0x00, 0x00, 0x0d, 'I', 'H', 'D', 'R',
	0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01,
	0x08, 0x06, 0x00, 0x00, 0x00, 0x1f, 0x15, 0xc4, 0x89
};
static const unsigned char jpeg[] = {
	0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 'J', 'F', 'I', 'F', 0x00,
	0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00, 0xff, 0xd9
};
static const unsigned char elf[] = {
	0x7f, 'E', 'L', 'F', 0x02, 0x01, 0x01, 0x00, 0, 0, 0, 0, 0, 0, 0, 0,
	0x02, 0x00, 0x3e, 0x00, 0x01, 0x00, 0x00, 0x00
};
static const unsigned char zip[] = {
	'P', 'K', 0x03, 0x04, 0x14, 0x00, 0x00, 0x00, 0x08, 0x00,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0
};

static const char *
mime_of(const void *p, size_t n)
{
	const struct filetype	*ft = filetype_detect(p, n);

	return ft != NULL ? ft->mime : NULL;
}

static void
test_filetype_accepted_kinds(void **state)
{
	(void)state;
	assert_string_equal(mime_of(pdf, sizeof(pdf) - 1), "application/pdf");
	assert_string_equal(mime_of(png, sizeof(png)), "image/png");
	assert_string_equal(mime_of(jpeg, sizeof(jpeg)), "image/jpeg");
	assert_string_equal(mime_of("Hallo Fatima,\nTot dinsdag.\n", 27),
	    "text/plain");
}

static void
test_filetype_refused_kinds(void **state)
{
	static const char html[] =
	    "<!DOCTYPE html><html><script>alert(1)</script></html>\n";
	static const char svg[] = "<?xml version=\"1.0\"?>\n"
	    "<svg xmlns=\"http://www.w3.org/2000/svg\"><script>x</script></svg>\n";

	(void)state;
	assert_null(mime_of(html, sizeof(html) - 1));
	assert_null(mime_of(svg, sizeof(svg) - 1));
	assert_null(mime_of(elf, sizeof(elf)));
	assert_null(mime_of(zip, sizeof(zip)));
	assert_null(mime_of("", 0));
}

static void
test_filetype_name_does_not_decide(void **state)
{
	(void)state;
	/* An HTML page with a PDF's name is still refused; a PDF is a PDF
	 * whatever it is called (the name is never passed in). */
	assert_null(mime_of("<html><body>brief.pdf</body></html>", 35));
	assert_non_null(filetype_by_mime("application/pdf"));
	assert_null(filetype_by_mime("text/html"));
	assert_null(filetype_by_mime(""));
}

static void
expect_name(const char *sent, const char *mime, const char *want)
{
	char	 out[128];

	filetype_safe_name(sent, filetype_by_mime(mime), out, sizeof(out));
	assert_string_equal(out, want);
}

static void
test_filetype_safe_name(void **state)
{
	char	 longname[300], want[128];

	(void)state;
	expect_name("Verslag.pdf", "application/pdf", "Verslag.pdf");
	expect_name("../../etc/passwd", "text/plain", "passwd.txt");
	expect_name("C:\\Users\\sanne\\Brief.doc", "application/pdf", "Brief.pdf");
	expect_name("a\"b;c'd.pdf", "application/pdf", "a_b_c_d.pdf");
	expect_name("regel\r\nkop: x.png", "image/png", "regel__kop: x.png");
	expect_name("", "image/jpeg", "bijlage.jpg");
	expect_name(NULL, "image/jpeg", "bijlage.jpg");
	expect_name("...", "image/jpeg", "bijlage.jpg");
	expect_name(".profile", "text/plain", "profile.txt");
	expect_name(" ..x.y", "text/plain", "x.txt");
	expect_name("\xc3\xa9\xc3\xa9n.pdf", "application/pdf", "\xc3\xa9\xc3\xa9n.pdf");
	expect_name("\xff\xc3.pdf", "application/pdf", "__.pdf");
	/* Right-to-left override, zero-width space, C1 control: replaced
	 * byte for byte, so nothing invisible reaches a page or a header. */
	expect_name("plan\xe2\x80\xae" "fdp.exe", "application/pdf", "plan___fdp.pdf");
	expect_name("a\xe2\x80\x8b" "b.txt", "text/plain", "a___b.txt");
	expect_name("a\xc2\x85" "b.txt", "text/plain", "a__b.txt");
	memset(longname, 'a', sizeof(longname) - 1);
	longname[sizeof(longname) - 1] = '\0';
	memset(want, 'a', 100);
	memcpy(want + 100, ".pdf", 5);
	expect_name(longname, "application/pdf", want);
	/* A two-byte character is not cut in half at the limit. */
	memset(longname, 'a', 99);
	memcpy(longname + 99, "\xc3\xa9zz", 5);
	memset(want, 'a', 99);
	memcpy(want + 99, ".pdf", 5);
	expect_name(longname, "application/pdf", want);
}

static int
contains(const unsigned char *h, size_t n, const char *needle)
{
	size_t	 k = strlen(needle), i;

	for (i = 0; i + k <= n; i++)
		if (memcmp(h + i, needle, k) == 0)
			return 1;
	return 0;
}

/* SOI, APP0 JFIF, APP1 Exif with a "GPS" note, COM, DQT, SOS + data, EOI */
static const unsigned char jpeg_exif[] = {
	0xff, 0xd8,
	0xff, 0xe0, 0x00, 0x10, 'J', 'F', 'I', 'F', 0x00, 0x01, 0x01, 0x00,
	0x00, 0x01, 0x00, 0x01, 0x00, 0x00,
	0xff, 0xe1, 0x00, 0x10, 'E', 'x', 'i', 'f', 0x00, 0x00, 'G', 'P',
	'S', '5', '2', '.', '3', '7',
	0xff, 0xfe, 0x00, 0x08, 's', 'e', 'c', 'r', 'e', 't',
	0xff, 0xdb, 0x00, 0x04, 0x00, 0x01,
	0xff, 0xda, 0x00, 0x04, 0x01, 0x00, 0x12, 0x34, 0xff, 0x00, 0x56,
	0xff, 0xd9
};

static void
test_filetype_strip_jpeg(void **state)
{
	const struct filetype	*ft = filetype_by_mime("image/jpeg");
	unsigned char		 out[sizeof(jpeg_exif)];
	size_t			 n;

	(void)state;
	assert_int_equal(filetype_strip(ft, jpeg_exif, sizeof(jpeg_exif),
	    out, &n), 0);
	assert_int_equal(n, sizeof(jpeg_exif) - 18 - 10);
	assert_false(contains(out, n, "Exif"));
	assert_false(contains(out, n, "GPS"));
	assert_false(contains(out, n, "secret"));
	assert_true(contains(out, n, "JFIF"));
	assert_int_equal(out[0], 0xff);
	assert_int_equal(out[1], 0xd8);
	/* the scan is untouched, up to the end */
	assert_memory_equal(out + n - 11, jpeg_exif + sizeof(jpeg_exif) - 11,
	    11);
	/* cut off inside a segment, or not a JPEG at all: refused */
	assert_int_equal(filetype_strip(ft, jpeg_exif, 30, out, &n), -1);
	assert_int_equal(filetype_strip(ft, jpeg_exif + 2, 20, out, &n), -1);
	assert_int_equal(filetype_strip(ft, jpeg_exif, 2, out, &n), -1);
}

static void
test_filetype_strip_png(void **state)
{
	const struct filetype	*ft = filetype_by_mime("image/png");
	unsigned char		 in[128], out[128];
	size_t			 n = 0, m;

	(void)state;
	memcpy(in, png, 33);			/* signature + IHDR */
	n = 33;
	memcpy(in + n, "\0\0\0\x12tEXtLocation\0Amsterdam\0\0\0\0", 30);
	n += 30;
	memcpy(in + n, "\0\0\0\x02IDAT\x78\x9c\0\0\0\0", 14);
	n += 14;
	memcpy(in + n, "\0\0\0\0IEND\xae\x42\x60\x82", 12);
	n += 12;
	assert_int_equal(filetype_strip(ft, in, n, out, &m), 0);
	assert_int_equal(m, n - 30);
	assert_false(contains(out, m, "Amsterdam"));
	assert_true(contains(out, m, "IHDR"));
	assert_true(contains(out, m, "IDAT"));
	assert_true(contains(out, m, "IEND"));
	/* no IEND, a length past the end, a bad chunk name: refused */
	assert_int_equal(filetype_strip(ft, in, n - 12, out, &m), -1);
	in[33 + 3] = 0x7f;
	assert_int_equal(filetype_strip(ft, in, n, out, &m), -1);
	in[33 + 3] = 0x12;
	in[33 + 4] = '1';
	assert_int_equal(filetype_strip(ft, in, n, out, &m), -1);
}

static void
test_filetype_strip_other_kinds_copied(void **state)
{
	unsigned char	 out[sizeof(pdf)];
	size_t		 n;

	(void)state;
	assert_int_equal(filetype_strip(filetype_by_mime("application/pdf"),
	    (const unsigned char *)pdf, sizeof(pdf) - 1, out, &n), 0);
	assert_int_equal(n, sizeof(pdf) - 1);
	assert_memory_equal(out, pdf, n);
}

/* A one-page PDF that says who made it, where, and when (its xref is
 * left out: qpdf rebuilds it, as for many PDFs in the wild). */
static const char pdf_info[] =
    "%PDF-1.4\n"
    "1 0 obj << /Type /Catalog /Pages 2 0 R /Metadata 5 0 R >> endobj\n"
    "2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n"
    "3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >> "
    "endobj\n"
    "4 0 obj << /Author (Sanne de Vries) /Producer (Laptop-Utrecht) "
    "/CreationDate (D:20261101120000+01'00') >> endobj\n"
    "5 0 obj << /Type /Metadata /Subtype /XML /Length 40 >> stream\n"
    "<x:xmpmeta>GPS 52.09 5.12</x:xmpmeta>\n\n"
    "endstream endobj\n"
    "trailer << /Root 1 0 R /Info 4 0 R /Size 6 >>\n"
    "%%EOF\n";

static void
test_filetype_clean_pdf(void **state)
{
	unsigned char	 out[8192], again[8192];
	size_t		 n, m;

	(void)state;
	assert_int_equal(filetype_clean_pdf((const unsigned char *)pdf_info,
	    sizeof(pdf_info) - 1, out, sizeof(out), &n), 0);
	assert_true(n > 0);
	assert_non_null(memmem(out, n, "/Type /Page", 11));
	assert_null(memmem(out, n, "Sanne", 5));
	assert_null(memmem(out, n, "Laptop", 6));
	assert_null(memmem(out, n, "GPS", 3));
	assert_null(memmem(out, n, "/Info", 5));
	/* Still a PDF that reads again (and comes out the same). */
	assert_string_equal(filetype_detect(out, n)->mime, "application/pdf");
	assert_int_equal(filetype_clean_pdf(out, n, again, sizeof(again), &m),
	    0);
	assert_int_equal(m, n);
	assert_memory_equal(again, out, n);
	/* Too small a buffer, or not a PDF: refused, nothing written. */
	assert_int_equal(filetype_clean_pdf((const unsigned char *)pdf_info,
	    sizeof(pdf_info) - 1, out, 16, &n), -1);
	assert_int_equal(n, 0);
	assert_int_equal(filetype_clean_pdf((const unsigned char *)"%PDF-1.4\n"
	    "garbage", 16, out, sizeof(out), &n), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_filetype_accepted_kinds),
		cmocka_unit_test(test_filetype_refused_kinds),
		cmocka_unit_test(test_filetype_name_does_not_decide),
		cmocka_unit_test(test_filetype_safe_name),
		cmocka_unit_test(test_filetype_strip_jpeg),
		cmocka_unit_test(test_filetype_strip_png),
		cmocka_unit_test(test_filetype_strip_other_kinds_copied),
		cmocka_unit_test(test_filetype_clean_pdf),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

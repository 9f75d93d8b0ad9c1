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

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_filetype_accepted_kinds),
		cmocka_unit_test(test_filetype_refused_kinds),
		cmocka_unit_test(test_filetype_name_does_not_decide),
		cmocka_unit_test(test_filetype_safe_name),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

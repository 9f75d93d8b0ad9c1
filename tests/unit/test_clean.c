/*
 * test_clean.c - files made new with nothing but what a reader sees
 * (lib/clean): every carrier of issue 17 part 1, built here byte by byte.
 * Each planted secret holds "PLANTED"; not one copy may come out.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "clean.h"
#include "filetype.h"

struct b {
	unsigned char	 d[4096];
	size_t		 n;
};

static void
put(struct b *b, const void *p, size_t n)
{
	assert_true(b->n + n <= sizeof(b->d));
	memcpy(b->d + b->n, p, n);
	b->n += n;
}

static void
put_str(struct b *b, const char *s)
{
	put(b, s, strlen(s));
}

/* A JPEG segment: marker, length, payload. */
static void
seg(struct b *b, unsigned char marker, const void *p, size_t n)
{
	unsigned char	 h[4] = { 0xff, marker, (unsigned char)((n + 2) >> 8),
	    (unsigned char)(n + 2) };

	put(b, h, 4);
	put(b, p, n);
}

static void
seg_str(struct b *b, unsigned char marker, const char *s)
{
	seg(b, marker, s, strlen(s));
}

/* An 8x8 baseline JPEG: grey, or three components in three scans, with
 * `app` (may be NULL) before the frame and `between` between the scans. */
static void
jpeg(struct b *b, int comps, void (*app)(struct b *),
    void (*between)(struct b *))
{
	unsigned char	 dqt[65], dc[17 + 1], ac[17 + 1], sof[6 + 9], sos[6];
	int		 c;

	put(b, "\xff\xd8", 2);
	if (app != NULL)
		app(b);
	memset(dqt, 1, sizeof(dqt));
	dqt[0] = 0;
	seg(b, 0xdb, dqt, sizeof(dqt));
	/* one code of length 1: DC category 0; AC end of block */
	memset(dc, 0, sizeof(dc));
	dc[1] = 1;
	seg(b, 0xc4, dc, sizeof(dc));
	memcpy(ac, dc, sizeof(ac));
	ac[0] = 0x10;
	seg(b, 0xc4, ac, sizeof(ac));
	memset(sof, 0, sizeof(sof));
	sof[0] = 8; sof[2] = 8; sof[4] = 8; sof[5] = (unsigned char)comps;
	for (c = 0; c < comps; c++) {
		sof[6 + 3 * c] = (unsigned char)(c + 1);
		sof[7 + 3 * c] = 0x11;
	}
	seg(b, 0xc0, sof, 6 + 3 * (size_t)comps);
	for (c = 0; c < comps; c++) {
		if (c > 0 && between != NULL)
			between(b);
		memset(sos, 0, sizeof(sos));
		sos[0] = 1; sos[1] = (unsigned char)(c + 1); sos[4] = 63;
		seg(b, 0xda, sos, sizeof(sos));
		put(b, "\x3f", 1);
	}
	put(b, "\xff\xd9", 2);
}

static void
app_exif(struct b *b)
{
	static const char exif[] = "Exif\0\0MM\0*PLANTED-GPS 52.0907N 5.1214E";

	seg(b, 0xe1, exif, sizeof(exif) - 1);
	seg_str(b, 0xfe, "PLANTED-comment");
}

static void
app_mpf(struct b *b)
{
	seg(b, 0xe2, "MPF\0MM\0*PLANTED-index", 21);
}

static void
between_scans(struct b *b)
{
	seg_str(b, 0xe5, "PLANTED-app5");
	seg_str(b, 0xfe, "PLANTED-comment-between-scans");
}

static int
planted(const unsigned char *p, size_t n)
{
	return memmem(p, n, "PLANTED", 7) != NULL;
}

/* Cleans b as kind mime: CLEAN_OK, no planted byte, and the result is a
 * file of the same kind that cleans again. */
static void
expect_clean(const struct b *b, const char *mime)
{
	const struct filetype	*ft = filetype_by_mime(mime);
	unsigned char		*out, *again;
	size_t			 n, m;

	assert_true(planted(b->d, b->n));
	assert_int_equal(clean_file(ft, b->d, b->n, &out, &n), CLEAN_OK);
	assert_non_null(out);
	assert_false(planted(out, n));
	assert_string_equal(filetype_detect(out, n)->mime, mime);
	assert_int_equal(clean_file(ft, out, n, &again, &m), CLEAN_OK);
	free(again);
	free(out);
}

static void
test_clean_jpeg_exif_and_comment(void **state)
{
	struct b	 b = { .n = 0 };
	unsigned char	*out;
	size_t		 n;

	(void)state;
	jpeg(&b, 1, app_exif, NULL);
	expect_clean(&b, "image/jpeg");
	assert_int_equal(clean_jpeg(b.d, b.n, &out, &n), CLEAN_OK);
	assert_null(memmem(out, n, "Exif", 4));
	assert_int_equal(out[0], 0xff);
	assert_int_equal(out[1], 0xd8);
	assert_int_equal(out[n - 2], 0xff);
	assert_int_equal(out[n - 1], 0xd9);
	free(out);
}

static void
test_clean_jpeg_after_end(void **state)
{
	struct b	 b = { .n = 0 };

	(void)state;
	jpeg(&b, 1, NULL, NULL);
	put_str(&b, "PLANTED-after-the-end-of-the-image");
	expect_clean(&b, "image/jpeg");
}

static void
test_clean_jpeg_second_image(void **state)
{
	struct b	 b = { .n = 0 };

	(void)state;
	jpeg(&b, 1, app_mpf, NULL);
	jpeg(&b, 1, app_exif, NULL);	/* MPF: a second picture, own Exif */
	expect_clean(&b, "image/jpeg");
}

static void
test_clean_jpeg_between_scans(void **state)
{
	struct b	 b = { .n = 0 };

	(void)state;
	jpeg(&b, 3, NULL, between_scans);
	expect_clean(&b, "image/jpeg");
}

static void
test_clean_jpeg_refused(void **state)
{
	struct b	 b = { .n = 0 };
	unsigned char	*out = (unsigned char *)1;
	size_t		 n = 1;

	(void)state;
	jpeg(&b, 1, NULL, NULL);
	/* Cut off inside the header, or inside the image: refused. */
	assert_int_equal(clean_jpeg(b.d, 40, &out, &n), CLEAN_BROKEN);
	assert_null(out);
	assert_int_equal(n, 0);
	assert_int_equal(clean_jpeg(b.d, b.n - 3, &out, &n), CLEAN_BROKEN);
	assert_int_equal(clean_jpeg(b.d + 2, b.n - 2, &out, &n), CLEAN_BROKEN);
	assert_int_equal(clean_jpeg((const unsigned char *)"", 0, &out, &n),
	    CLEAN_BROKEN);
	/* 30000 x 30000 pixels: too large, before any decoding. */
	{
		struct b	 big = { .n = 0 };
		unsigned char	*sof;

		jpeg(&big, 1, NULL, NULL);
		sof = memmem(big.d, big.n, "\xff\xc0", 2);
		assert_non_null(sof);
		sof[5] = 0x75; sof[6] = 0x30;		/* height 30000 */
		sof[7] = 0x75; sof[8] = 0x30;		/* width 30000 */
		assert_int_equal(clean_jpeg(big.d, big.n, &out, &n),
		    CLEAN_TOO_LARGE);
	}
}

static void
chunk(struct b *b, const char *kind, const void *p, size_t n)
{
	unsigned char	 h[4] = { (unsigned char)(n >> 24),
	    (unsigned char)(n >> 16), (unsigned char)(n >> 8),
	    (unsigned char)n };
	uLong		 crc;

	put(b, h, 4);
	put(b, kind, 4);
	put(b, p, n);
	crc = crc32(0, (const Bytef *)kind, 4);
	crc = crc32(crc, (const Bytef *)p, (uInt)n);
	h[0] = (unsigned char)(crc >> 24); h[1] = (unsigned char)(crc >> 16);
	h[2] = (unsigned char)(crc >> 8); h[3] = (unsigned char)crc;
	put(b, h, 4);
}

/* A 2x2 RGB PNG with chunks from extra() after IHDR. */
static void
png(struct b *b, void (*extra)(struct b *))
{
	static const unsigned char ihdr[13] = { 0, 0, 0, 2, 0, 0, 0, 2, 8, 2,
	    0, 0, 0 };
	unsigned char	 raw[14], z[64];
	uLongf		 zn = sizeof(z);
	int		 y;

	for (y = 0; y < 2; y++) {
		raw[7 * y] = 0;
		memset(raw + 7 * y + 1, 90, 6);
	}
	assert_int_equal(compress(z, &zn, raw, sizeof(raw)), Z_OK);
	put(b, "\x89PNG\r\n\x1a\n", 8);
	chunk(b, "IHDR", ihdr, sizeof(ihdr));
	if (extra != NULL)
		extra(b);
	chunk(b, "IDAT", z, zn);
	chunk(b, "IEND", "", 0);
}

static void
png_text(struct b *b)
{
	chunk(b, "tEXt", "Location\0PLANTED-tEXt", 21);
	chunk(b, "iTXt", "XML:com.adobe.xmp\0\0\0\0\0PLANTED-iTXt", 34);
	chunk(b, "eXIf", "MM\0*PLANTED-eXIf", 16);
	chunk(b, "prIv", "PLANTED-private", 15);
}

static void
png_gpsa(struct b *b)
{
	chunk(b, "GPSa", "PLANTED-52.09-5.12", 18);
}

static void
test_clean_png_text_chunks(void **state)
{
	struct b	 b = { .n = 0 };

	(void)state;
	png(&b, png_text);
	expect_clean(&b, "image/png");
}

static void
test_clean_png_refused(void **state)
{
	struct b	 b = { .n = 0 };
	unsigned char	*out;
	size_t		 n;

	(void)state;
	/* An unknown critical chunk: no reader may show it, so refused. */
	png(&b, png_gpsa);
	assert_int_equal(clean_png(b.d, b.n, &out, &n), CLEAN_BROKEN);
	assert_null(out);
	/* Cut off before IEND, or inside the image data: refused. */
	b.n = 0;
	png(&b, NULL);
	assert_int_equal(clean_png(b.d, b.n - 12 - 10, &out, &n),
	    CLEAN_BROKEN);
	assert_int_equal(clean_png(b.d, 20, &out, &n), CLEAN_BROKEN);
}

/* A text chunk that declares 1.8 GB in a 200-byte file: refused before
 * libpng allocates the declared length (fuzz_clean found this). */
static void
png_huge_chunk(struct b *b)
{
	put(b, "\x6f\x62\x6a\x00iTXtXML", 11);
}

static void
test_clean_png_chunk_longer_than_file(void **state)
{
	struct b	 b = { .n = 0 };
	unsigned char	*out;
	size_t		 n;

	(void)state;
	png(&b, png_huge_chunk);
	assert_int_equal(clean_png(b.d, b.n, &out, &n), CLEAN_BROKEN);
	assert_null(out);
	assert_int_equal(n, 0);
}

/* A one-page PDF with every carrier of part 1 (as the integration test's
 * carriers.py). Without an xref table: qpdf rebuilds it. */
static void
pdf_carrier(struct b *b)
{
	struct b	 img = { .n = 0 };
	char		 len[64];

	jpeg(&img, 1, app_exif, NULL);
	put_str(b, "%PDF-1.7\n"
	    "1 0 obj << /Type /Catalog /Pages 2 0 R /OpenAction 6 0 R "
	    "/Names << /EmbeddedFiles << /Names [(geheim.txt) 7 0 R] >> >> "
	    "/Metadata 9 0 R /AcroForm << /Fields [] >> >> endobj\n"
	    "2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n"
	    "3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] "
	    "/Resources << /XObject << /Im1 4 0 R >> >> /Contents 5 0 R "
	    "/Metadata 9 0 R /AA << /O 6 0 R >> /PieceInfo << /X (PLANTED-pi) >> "
	    "/Annots [<< /Type /Annot /Subtype /Link /Rect [0 0 50 50] "
	    "/A << /S /Launch /F (cmd.exe) /P (PLANTED-launch) >> >>] >> "
	    "endobj\n");
	snprintf(len, sizeof(len), "/Length %zu >> stream\n", img.n);
	put_str(b, "4 0 obj << /Type /XObject /Subtype /Image /Width 8 "
	    "/Height 8 /ColorSpace /DeviceGray /BitsPerComponent 8 "
	    "/Filter /DCTDecode ");
	put_str(b, len);
	put(b, img.d, img.n);
	put_str(b, "\nendstream endobj\n"
	    "5 0 obj << /Length 26 >> stream\nq 8 0 0 8 0 0 cm /Im1 Do Q\n"
	    "endstream endobj\n"
	    "6 0 obj << /S /JavaScript /JS (app.alert\\('PLANTED-js'\\)) >> "
	    "endobj\n"
	    "7 0 obj << /Type /Filespec /F (geheim.txt) /EF << /F 8 0 R >> >> "
	    "endobj\n"
	    "8 0 obj << /Type /EmbeddedFile /Length 16 >> stream\n"
	    "PLANTED-file....\nendstream endobj\n"
	    "9 0 obj << /Type /Metadata /Subtype /XML /Length 19 >> stream\n"
	    "<x>PLANTED-xmp</x>\n\nendstream endobj\n"
	    "10 0 obj << /Author (PLANTED-author) >> endobj\n"
	    "trailer << /Root 1 0 R /Info 10 0 R /Size 11 >>\n%%EOF\n");
}

static void
test_clean_pdf_keeps_pages_only(void **state)
{
	struct b	 b = { .n = 0 };
	unsigned char	*out;
	size_t		 n;

	(void)state;
	pdf_carrier(&b);
	expect_clean(&b, "application/pdf");
	assert_int_equal(clean_pdf(b.d, b.n, &out, &n), CLEAN_OK);
	assert_non_null(memmem(out, n, "/Type /Page", 11));
	assert_non_null(memmem(out, n, "/DCTDecode", 10));
	assert_non_null(memmem(out, n, "/Im1", 4));
	assert_null(memmem(out, n, "Exif", 4));
	assert_null(memmem(out, n, "/JavaScript", 11));
	assert_null(memmem(out, n, "/OpenAction", 11));
	assert_null(memmem(out, n, "/Launch", 7));
	assert_null(memmem(out, n, "/Annots", 7));
	assert_null(memmem(out, n, "/EmbeddedFile", 13));
	assert_null(memmem(out, n, "/Metadata", 9));
	assert_null(memmem(out, n, "/AcroForm", 9));
	assert_null(memmem(out, n, "/Info", 5));
	free(out);
}

/* A one-page PDF whose image (uncompressed, or flate) holds bytes after
 * its pixels and a private key; filter: NULL or "/FlateDecode". */
static void
pdf_pixels(struct b *b, const char *filter, const char *colorspace,
    int bpc)
{
	unsigned char	 raw[64], z[128];
	uLongf		 zn = sizeof(z);
	char		 head[256];
	size_t		 n = 0;

	memset(raw, 0x7f, 12);		/* 2 x 2 RGB or 4 x 2 grey ... */
	memcpy(raw + 12, "PLANTED-after-pixels", 20);
	n = 32;
	put_str(b, "%PDF-1.4\n"
	    "1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
	    "2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n"
	    "3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 9 9] "
	    "/Resources << /XObject << /Im1 4 0 R >> >> /Contents 5 0 R >> "
	    "endobj\n");
	if (filter != NULL) {
		assert_int_equal(compress(z, &zn, raw, n), Z_OK);
		snprintf(head, sizeof(head), "4 0 obj << /Type /XObject "
		    "/Subtype /Image /Width 2 /Height 2 /ColorSpace %s "
		    "/BitsPerComponent %d /GPS (PLANTED-gps) /Filter %s "
		    "/Length %lu >> stream\n", colorspace, bpc, filter,
		    (unsigned long)zn);
		put_str(b, head);
		put(b, z, zn);
	} else {
		snprintf(head, sizeof(head), "4 0 obj << /Type /XObject "
		    "/Subtype /Image /Width 2 /Height 2 /ColorSpace %s "
		    "/BitsPerComponent %d /GPS (PLANTED-gps) /Length %zu >> "
		    "stream\n", colorspace, bpc, n);
		put_str(b, head);
		put(b, raw, n);
	}
	put_str(b, "\nendstream endobj\n"
	    "5 0 obj << /Length 26 >> stream\nq 8 0 0 8 0 0 cm /Im1 Do Q\n"
	    "endstream endobj\n"
	    "trailer << /Root 1 0 R /Size 6 >>\n%%EOF\n");
}

/* The inflated length of the (only) image stream in a cleaned PDF,
 * checking it holds no planted byte. */
static size_t
image_bytes(const unsigned char *pdf, size_t n)
{
	unsigned char	 got[256];
	const unsigned char *p, *q;
	z_stream	 z;

	p = memmem(pdf, n, "/Subtype /Image", 15);
	assert_non_null(p);
	q = memmem(p, n - (size_t)(p - pdf), "stream", 6);
	assert_non_null(q);
	q += 6;
	q += *q == '\r' ? 2 : 1;
	memset(&z, 0, sizeof(z));
	assert_int_equal(inflateInit(&z), Z_OK);
	z.next_in = (unsigned char *)(uintptr_t)q;
	z.avail_in = (uInt)(n - (size_t)(q - pdf));
	z.next_out = got;
	z.avail_out = sizeof(got);
	assert_int_equal(inflate(&z, Z_FINISH), Z_STREAM_END);
	assert_null(memmem(got, z.total_out, "PLANTED", 7));
	(void)inflateEnd(&z);
	return z.total_out;
}

/* Bytes after an image's pixels, and keys no image needs: gone; the
 * pixels stay. A filter that cannot be checked: refused. */
static void
test_clean_pdf_image_pixels_only(void **state)
{
	static const struct {
		const char	*filter, *cs;
		int		 bpc;
		enum clean_status st;
		size_t		 pixels;	/* bytes the image keeps */
	} cases[] = {
		{ NULL, "/DeviceRGB", 8, CLEAN_OK, 12 },
		{ "/FlateDecode", "/DeviceRGB", 8, CLEAN_OK, 12 },
		{ "[/FlateDecode]", "[/Indexed /DeviceRGB 0 <7f7f7f>]", 8,
		    CLEAN_OK, 4 },
		{ "/FlateDecode", "/DeviceGray", 1, CLEAN_OK, 2 },
		{ "/CCITTFaxDecode", "/DeviceGray", 1, CLEAN_UNSUPPORTED, 0 },
		{ "/FlateDecode", "/Pattern", 8, CLEAN_UNSUPPORTED, 0 },
		/* fewer bytes than its pixels: broken */
		{ "/FlateDecode", "[/DeviceN [/A /B /C /D /E] /DeviceCMYK "
		    "null]", 16, CLEAN_BROKEN, 0 },
	};
	unsigned char	*out;
	size_t		 i, n;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct b	 b = { .n = 0 };

		pdf_pixels(&b, cases[i].filter, cases[i].cs, cases[i].bpc);
		if (clean_pdf(b.d, b.n, &out, &n) != cases[i].st)
			fail_msg("case %zu: %s %s", i, cases[i].filter != NULL ?
			    cases[i].filter : "-", cases[i].cs);
		if (cases[i].st != CLEAN_OK) {
			assert_null(out);
			continue;
		}
		assert_non_null(memmem(out, n, "/Im1", 4));
		assert_non_null(memmem(out, n, "/Width 2", 8));
		assert_null(memmem(out, n, "PLANTED", 7));
		assert_null(memmem(out, n, "/GPS", 4));
		/* the stored image holds its pixels and not one byte more
		 * (the writer compresses it: inflated here) */
		assert_int_equal(image_bytes(out, n), cases[i].pixels);
		free(out);
	}
}

/* A one-page PDF with a 2 x 2 image (uncompressed, 12 bytes: enough for
 * three components)
 * in colour space cs, which the page's resources also name (/CS0);
 * obj6: object 6 (a profile or a palette stream), or NULL. */
static void
pdf_colorspace(struct b *b, const char *cs, const char *obj6)
{
	char	 head[512];

	put_str(b, "%PDF-1.4\n"
	    "1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
	    "2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n");
	snprintf(head, sizeof(head), "3 0 obj << /Type /Page /Parent 2 0 R "
	    "/MediaBox [0 0 9 9] /Resources << /XObject << /Im1 4 0 R >> "
	    "/ColorSpace << /CS0 %s >> >> /Contents 5 0 R >> endobj\n"
	    "4 0 obj << /Type /XObject /Subtype /Image /Width 2 /Height 2 "
	    "/ColorSpace %s /BitsPerComponent 8 /Length 12 >> stream\n", cs,
	    cs);
	put_str(b, head);
	put(b, "\0\0\0\0\0\0\0\0\0\0\0\0", 12);	/* 2 x 2 x 3 */
	put_str(b, "\nendstream endobj\n"
	    "5 0 obj << /Length 26 >> stream\nq 8 0 0 8 0 0 cm /Im1 Do Q\n"
	    "endstream endobj\n");
	if (obj6 != NULL)
		put_str(b, obj6);
	put_str(b, "trailer << /Root 1 0 R /Size 7 >>\n%%EOF\n");
}

/* A planted word, as qpdf may write it: in a literal string or hex. */
static int
has_planted(const unsigned char *out, size_t n)
{
	return memmem(out, n, "PLANTED", 7) != NULL ||
	    memmem(out, n, "504c414e544544", 14) != NULL ||
	    memmem(out, n, "504C414E544544", 14) != NULL;
}

/* A colour profile may hold any bytes, and a palette bytes after its
 * colours: the profile goes (the device space of as many components
 * stays), the palette is cut to (hival + 1) x components. */
static void
test_clean_pdf_colour_spaces(void **state)
{
	static const struct {
		const char	*cs, *obj6, *want;
		enum clean_status st;
	} cases[] = {
		/* a palette string with bytes after its one colour */
		{ "[/Indexed /DeviceRGB 0 (\\177\\177\\177PLANTED-palette)]",
		    NULL, "/Indexed", CLEAN_OK },
		{ "[/Indexed /DeviceRGB 0 <7f7f7f504c414e544544>]", NULL,
		    "/Indexed", CLEAN_OK },
		/* a palette stream, with a key of its own */
		{ "[/Indexed /DeviceGray 1 6 0 R]",
		    "6 0 obj << /Length 13 /X (PLANTED-key) >> stream\n"
		    "\x10\x20PLANTED-pal\nendstream endobj\n", "/Indexed",
		    CLEAN_OK },
		/* an ICC profile: the device space instead */
		{ "[/ICCBased 6 0 R]",
		    "6 0 obj << /N 3 /Length 12 >> stream\nPLANTED-icc!"
		    "\nendstream endobj\n", "/DeviceRGB", CLEAN_OK },
		{ "[/Indexed [/ICCBased 6 0 R] 0 <10>]",
		    "6 0 obj << /N 1 /Length 12 >> stream\nPLANTED-icc!"
		    "\nendstream endobj\n", "/DeviceGray", CLEAN_OK },
		/* two components have no device space: refused */
		{ "[/ICCBased 6 0 R]",
		    "6 0 obj << /N 2 /Length 12 >> stream\nPLANTED-icc!"
		    "\nendstream endobj\n", NULL, CLEAN_UNSUPPORTED },
		/* a palette shorter than its colours: broken */
		{ "[/Indexed /DeviceRGB 3 <7f7f7f>]", NULL, NULL,
		    CLEAN_BROKEN },
		{ "[/Indexed /DeviceRGB 300 <7f7f7f>]", NULL, NULL,
		    CLEAN_UNSUPPORTED },
	};
	unsigned char	*out;
	size_t		 i, n;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct b	 b = { .n = 0 };

		pdf_colorspace(&b, cases[i].cs, cases[i].obj6);
		if (clean_pdf(b.d, b.n, &out, &n) != cases[i].st)
			fail_msg("case %zu: %s", i, cases[i].cs);
		if (cases[i].st != CLEAN_OK) {
			assert_null(out);
			continue;
		}
		if (has_planted(out, n))
			fail_msg("case %zu: planted bytes kept", i);
		assert_non_null(memmem(out, n, cases[i].want,
		    strlen(cases[i].want)));
		assert_null(memmem(out, n, "/ICCBased", 9));
		assert_non_null(memmem(out, n, "/CS0", 4));
		free(out);
	}
}

static void
test_clean_pdf_refused(void **state)
{
	static const char jpx[] = "%PDF-1.4\n"
	    "1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
	    "2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n"
	    "3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 9 9] "
	    "/Resources << /XObject << /I 4 0 R >> >> >> endobj\n"
	    "4 0 obj << /Subtype /Image /Width 1 /Height 1 /Filter /JPXDecode "
	    "/Length 4 >> stream\nxxxx\nendstream endobj\n"
	    "trailer << /Root 1 0 R /Size 5 >>\n%%EOF\n";
	static const char nopages[] = "%PDF-1.4\n1 0 obj "
	    "<< /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages "
	    "/Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n";
	unsigned char	*out;
	size_t		 n;

	(void)state;
	/* A JPEG 2000 image may carry its own metadata: refused. */
	assert_int_equal(clean_pdf((const unsigned char *)jpx,
	    sizeof(jpx) - 1, &out, &n), CLEAN_UNSUPPORTED);
	assert_null(out);
	/* Not a PDF that reads, or one without pages. */
	assert_int_equal(clean_pdf((const unsigned char *)"%PDF-1.4\ngarbage",
	    16, &out, &n), CLEAN_BROKEN);
	assert_int_equal(clean_pdf((const unsigned char *)nopages,
	    sizeof(nopages) - 1, &out, &n), CLEAN_BROKEN);
}

static void
test_clean_text_copied(void **state)
{
	static const char txt[] = "Hallo Fatima,\nTot dinsdag.\n";
	unsigned char	*out;
	size_t		 n;

	(void)state;
	assert_int_equal(clean_file(filetype_by_mime("text/plain"),
	    (const unsigned char *)txt, sizeof(txt) - 1, &out, &n), CLEAN_OK);
	assert_int_equal(n, sizeof(txt) - 1);
	assert_memory_equal(out, txt, n);
	free(out);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_clean_jpeg_exif_and_comment),
		cmocka_unit_test(test_clean_jpeg_after_end),
		cmocka_unit_test(test_clean_jpeg_second_image),
		cmocka_unit_test(test_clean_jpeg_between_scans),
		cmocka_unit_test(test_clean_jpeg_refused),
		cmocka_unit_test(test_clean_png_text_chunks),
		cmocka_unit_test(test_clean_png_refused),
		cmocka_unit_test(test_clean_png_chunk_longer_than_file),
		cmocka_unit_test(test_clean_pdf_keeps_pages_only),
		cmocka_unit_test(test_clean_pdf_image_pixels_only),
		cmocka_unit_test(test_clean_pdf_colour_spaces),
		cmocka_unit_test(test_clean_pdf_refused),
		cmocka_unit_test(test_clean_text_copied),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

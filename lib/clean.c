/*
 * clean.c - see clean.h. Photos are decoded and encoded again (libjpeg-
 * turbo, libpng); a PDF is rebuilt from its pages (libqpdf).
 */
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jpeglib.h>
#include <jerror.h>
#include <png.h>
#include <qpdf/qpdf-c.h>

#include "clean.h"
#include "filetype.h"
#include "log.h"

#define JPEG_QUALITY	90

/* --- JPEG ---------------------------------------------------------- */

/* libjpeg reports errors by calling error_exit, which must not return. */
struct jerr {
	struct jpeg_error_mgr	 pub;
	jmp_buf			 jb;
	int			 truncated;	/* the data ended early */
	int			 too_many_scans;
};

static void
jerr_exit(j_common_ptr c)
{
	longjmp(((struct jerr *)(void *)c->err)->jb, 1);
}

/* Warnings are not printed; a file that ends inside its image is broken
 * (libjpeg would fill the rest with grey). */
static void
jerr_message(j_common_ptr c, int level)
{
	struct jerr	*e = (struct jerr *)(void *)c->err;

	if (level < 0 && c->err->msg_code == JWRN_JPEG_EOF)
		e->truncated = 1;
}

static void
jprogress(j_common_ptr c)
{
	j_decompress_ptr	 d = (j_decompress_ptr)c;
	struct jerr		*e = (struct jerr *)(void *)c->err;

	if (c->is_decompressor && d->input_scan_number > CLEAN_MAX_SCANS) {
		e->too_many_scans = 1;
		longjmp(e->jb, 1);
	}
}

/* The encoder's output: a buffer that grows (malloc'd, ours to free). */
struct jdest {
	struct jpeg_destination_mgr	 pub;
	unsigned char			*buf;
	size_t				 cap;
	struct jerr			*err;
};

static void
jdest_init(j_compress_ptr c)
{
	struct jdest	*d = (struct jdest *)(void *)c->dest;

	d->pub.next_output_byte = d->buf;
	d->pub.free_in_buffer = d->cap;
}

static boolean
jdest_empty(j_compress_ptr c)
{
	struct jdest	*d = (struct jdest *)(void *)c->dest;
	unsigned char	*nb;
	size_t		 ncap = d->cap * 2;

	if ((nb = realloc(d->buf, ncap)) == NULL)
		longjmp(d->err->jb, 1);
	d->buf = nb;
	d->pub.next_output_byte = nb + d->cap;
	d->pub.free_in_buffer = ncap - d->cap;
	d->cap = ncap;
	return TRUE;
}

static void
jdest_term(j_compress_ptr c)
{
	(void)c;
}

/* What the two codecs share, kept outside the setjmp frame so that it
 * is not lost when libjpeg jumps back. */
struct jstate {
	struct jpeg_decompress_struct	 d;
	struct jpeg_compress_struct	 c;
	struct jerr			 err;
	struct jdest			 dest;
	JSAMPLE				*row;
	int				 d_made, c_made;
};

static void
jstate_free(struct jstate *s)
{
	if (s->c_made)
		jpeg_destroy_compress(&s->c);
	if (s->d_made)
		jpeg_destroy_decompress(&s->d);
	free(s->row);
	free(s->dest.buf);
}

enum clean_status
clean_jpeg(const unsigned char *in, size_t n, unsigned char **out,
    size_t *outlen)
{
	struct jpeg_progress_mgr	 prog;
	struct jstate			*s;
	volatile enum clean_status	 st = CLEAN_BROKEN;
	JSAMPROW			 rows[1];

	*out = NULL;
	*outlen = 0;
	if (n < 4 || n > 0x7fffffffUL || in[0] != 0xff || in[1] != 0xd8)
		return CLEAN_BROKEN;
	if ((s = calloc(1, sizeof(*s))) == NULL)
		return CLEAN_BROKEN;
	s->d.err = jpeg_std_error(&s->err.pub);
	s->err.pub.error_exit = jerr_exit;
	s->err.pub.emit_message = jerr_message;
	s->c.err = &s->err.pub;
	if (setjmp(s->err.jb) != 0) {
		if (s->err.too_many_scans)
			st = CLEAN_UNSUPPORTED;
		goto done;
	}
	jpeg_create_decompress(&s->d);
	s->d_made = 1;
	memset(&prog, 0, sizeof(prog));
	prog.progress_monitor = jprogress;
	s->d.progress = &prog;
	jpeg_mem_src(&s->d, in, (unsigned long)n);
	/* No marker is kept: jpeg_save_markers is never called, so APPn and
	 * COM segments are skipped wherever they are. */
	if (jpeg_read_header(&s->d, TRUE) != JPEG_HEADER_OK)
		goto done;
	if (s->d.image_width == 0 || s->d.image_height == 0 ||
	    s->d.image_width > CLEAN_MAX_SIDE ||
	    s->d.image_height > CLEAN_MAX_SIDE ||
	    (unsigned long)s->d.image_width * s->d.image_height >
	    CLEAN_MAX_PIXELS) {
		st = CLEAN_TOO_LARGE;
		goto done;
	}
	switch (s->d.jpeg_color_space) {
	case JCS_GRAYSCALE:
		s->d.out_color_space = JCS_GRAYSCALE;
		break;
	case JCS_CMYK:
	case JCS_YCCK:
		s->d.out_color_space = JCS_CMYK;
		break;
	default:
		s->d.out_color_space = JCS_RGB;
		break;
	}
	jpeg_start_decompress(&s->d);
	if ((s->row = malloc((size_t)s->d.output_width *
	    (size_t)s->d.output_components)) == NULL)
		goto done;

	jpeg_create_compress(&s->c);
	s->c_made = 1;
	s->dest.cap = n / 2 + 65536;
	if ((s->dest.buf = malloc(s->dest.cap)) == NULL)
		goto done;
	s->dest.err = &s->err;
	s->dest.pub.init_destination = jdest_init;
	s->dest.pub.empty_output_buffer = jdest_empty;
	s->dest.pub.term_destination = jdest_term;
	s->c.dest = &s->dest.pub;
	s->c.image_width = s->d.output_width;
	s->c.image_height = s->d.output_height;
	s->c.input_components = s->d.output_components;
	s->c.in_color_space = s->d.out_color_space;
	jpeg_set_defaults(&s->c);
	jpeg_set_quality(&s->c, JPEG_QUALITY, TRUE);
	/* No JFIF header either: it holds only a pixel density. */
	s->c.write_JFIF_header = s->c.in_color_space == JCS_CMYK ? FALSE :
	    TRUE;
	s->c.density_unit = 0;
	s->c.X_density = 1;
	s->c.Y_density = 1;
	jpeg_start_compress(&s->c, TRUE);
	rows[0] = s->row;
	while (s->d.output_scanline < s->d.output_height) {
		if (jpeg_read_scanlines(&s->d, rows, 1) != 1)
			goto done;
		(void)jpeg_write_scanlines(&s->c, rows, 1);
	}
	if (s->err.truncated)
		goto done;
	jpeg_finish_compress(&s->c);
	/* The rest of the input (a second image, data after the end) is
	 * never read: jpeg_abort instead of jpeg_finish_decompress. */
	jpeg_abort_decompress(&s->d);
	*outlen = (size_t)(s->dest.cap - s->dest.pub.free_in_buffer);
	*out = s->dest.buf;
	s->dest.buf = NULL;
	st = CLEAN_OK;
done:
	jstate_free(s);
	free(s);
	return st;
}

/* --- PNG ----------------------------------------------------------- */

/*
 * Every chunk of the file must fit in the bytes we have. libpng's
 * simplified reader allocates a chunk's declared length before it finds
 * the file too short: a 259-byte upload declaring a 1.8 GB chunk made it
 * ask for 1.8 GB (found by fuzz_clean). Walks signature, then length,
 * type, data and CRC of each chunk up to IEND.
 */
static int
png_chunks_fit(const unsigned char *in, size_t n)
{
	size_t		 pos = 8;
	uint32_t	 len;

	if (n < 8)
		return 0;
	while (n - pos >= 12) {
		len = (uint32_t)in[pos] << 24 | (uint32_t)in[pos + 1] << 16 |
		    (uint32_t)in[pos + 2] << 8 | in[pos + 3];
		if (len > n - pos - 12)
			return 0;
		if (memcmp(in + pos + 4, "IEND", 4) == 0)
			return 1;
		pos += 12 + (size_t)len;
	}
	return 0;
}

enum clean_status
clean_png(const unsigned char *in, size_t n, unsigned char **out,
    size_t *outlen)
{
	png_image		 img;
	png_bytep		 pix = NULL;
	png_alloc_size_t	 size = 0;
	unsigned char		*buf = NULL;
	enum clean_status	 st = CLEAN_BROKEN;

	*out = NULL;
	*outlen = 0;
	memset(&img, 0, sizeof(img));
	img.version = PNG_IMAGE_VERSION;
	if (!png_chunks_fit(in, n))
		goto done;
	/* Reads the header: an unknown critical chunk before the image
	 * data is an error here. */
	if (!png_image_begin_read_from_memory(&img, in, n))
		goto done;
	if (img.width == 0 || img.height == 0 ||
	    img.width > CLEAN_MAX_SIDE || img.height > CLEAN_MAX_SIDE ||
	    (unsigned long)img.width * img.height > CLEAN_MAX_PIXELS) {
		st = CLEAN_TOO_LARGE;
		goto done;
	}
	/* 8-bit sRGB pixels with the file's channels: grey or colour,
	 * with or without transparency; no palette, no 16-bit. */
	img.format &= PNG_FORMAT_FLAG_ALPHA | PNG_FORMAT_FLAG_COLOR;
	if ((pix = malloc(PNG_IMAGE_SIZE(img))) == NULL)
		goto done;
	if (!png_image_finish_read(&img, NULL, pix, 0, NULL))
		goto done;
	if (!png_image_write_to_memory(&img, NULL, &size, 0, pix, 0, NULL) ||
	    size == 0)
		goto done;
	if ((buf = malloc(size)) == NULL)
		goto done;
	if (!png_image_write_to_memory(&img, buf, &size, 0, pix, 0, NULL))
		goto done;
	*out = buf;
	*outlen = size;
	buf = NULL;
	st = CLEAN_OK;
done:
	if (st != CLEAN_OK && img.warning_or_error != 0)
		log_info("png refused: %s", img.message);
	png_image_free(&img);
	free(pix);
	free(buf);
	return st;
}

/* --- PDF ----------------------------------------------------------- */

/* What a page keeps: how it looks. Everything else on a page dictionary
 * (annotations, page actions, metadata, thumbnails, piece info, structure
 * links) is removed. */
static const char *const page_keys[] = {
	"/Type", "/Parent", "/Resources", "/MediaBox", "/CropBox",
	"/BleedBox", "/TrimBox", "/ArtBox", "/Contents", "/Rotate", "/Group",
	"/UserUnit",
};

/* Keys no object a page reaches may keep: metadata, actions, scripts,
 * embedded files, annotations and what points back to the catalog. */
static const char *const drop_keys[] = {
	"/Metadata", "/AA", "/A", "/OpenAction", "/JS", "/JavaScript",
	"/EmbeddedFiles", "/EF", "/RF", "/FS", "/PieceInfo", "/Thumb",
	"/Annots", "/URI", "/Names", "/AcroForm", "/Outlines", "/SpiderInfo",
	"/Dests", "/LastModified",
};

/* What an image keeps: how its pixels are laid out and drawn (PDF 1.7,
 * table 89). Its own metadata, alternates, OPI links, names and any
 * private key go. */
static const char *const image_keys[] = {
	"/Type", "/Subtype", "/Width", "/Height", "/ColorSpace",
	"/BitsPerComponent", "/Filter", "/DecodeParms", "/Decode",
	"/Interpolate", "/ImageMask", "/Mask", "/SMask", "/Length",
	"/Intent", "/SMaskInData", "/Matte",
};

/* What a palette's stream keeps. */
static const char *const length_key[] = { "/Length" };

#define PDF_MAX_DEPTH	64
#define PDF_MAX_OBJID	10000000

struct pdfwalk {
	qpdf_data		 q;
	unsigned char		*seen;		/* one byte per object id */
	size_t			 nseen;
	enum clean_status	 st;		/* CLEAN_OK until a refusal */
};

static int
in_list(const char *key, const char *const *list, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		if (strcmp(key, list[i]) == 0)
			return 1;
	return 0;
}

/* Removes from dictionary d every key that is (drop = 1) or is not
 * (drop = 0) in list. */
static void
pdf_filter_keys(qpdf_data q, qpdf_oh d, const char *const *list, size_t n,
    int drop)
{
	char	 keys[64][128];
	size_t	 nk, i;
	int	 more = 1;

	/* The iterator's key strings live until the next call: copied, and
	 * removed only after the walk over the keys. */
	while (more) {
		nk = 0;
		more = 0;
		qpdf_oh_begin_dict_key_iter(q, d);
		while (qpdf_oh_dict_more_keys(q)) {
			const char	*k = qpdf_oh_dict_next_key(q);

			if (k == NULL || strlen(k) >= sizeof(keys[0]))
				continue;
			if (in_list(k, list, n) != drop)
				continue;
			if (nk == sizeof(keys) / sizeof(keys[0])) {
				more = 1;
				break;
			}
			memcpy(keys[nk++], k, strlen(k) + 1);
		}
		for (i = 0; i < nk; i++)
			qpdf_oh_remove_key(q, d, keys[i]);
	}
}

/* Marks object id; 1 when it was seen before (or cannot be tracked). */
static int
pdf_seen(struct pdfwalk *w, int id)
{
	unsigned char	*ns;
	size_t		 want;

	if (id <= 0 || id > PDF_MAX_OBJID) {
		w->st = CLEAN_UNSUPPORTED;
		return 1;
	}
	if ((size_t)id >= w->nseen) {
		want = (size_t)id * 2 + 64;
		if ((ns = realloc(w->seen, want)) == NULL) {
			w->st = CLEAN_BROKEN;
			return 1;
		}
		memset(ns + w->nseen, 0, want - w->nseen);
		w->seen = ns;
		w->nseen = want;
	}
	if (w->seen[id])
		return 1;
	w->seen[id] = 1;
	return 0;
}

/* 1 when name is /DCTDecode alone (or in a one-element array); -1 when
 * the filters hold a JPEG 2000 image or a JPEG after another filter. */
static int
pdf_filter_kind(qpdf_data q, qpdf_oh filter)
{
	int	 i, n, kind = 0;
	qpdf_oh	 it;

	if (qpdf_oh_is_name(q, filter)) {
		if (qpdf_oh_is_name_and_equals(q, filter, "/JPXDecode"))
			return -1;
		return qpdf_oh_is_name_and_equals(q, filter, "/DCTDecode");
	}
	if (!qpdf_oh_is_array(q, filter))
		return 0;
	n = qpdf_oh_get_array_n_items(q, filter);
	for (i = 0; i < n; i++) {
		it = qpdf_oh_get_array_item(q, filter, i);
		if (qpdf_oh_is_name_and_equals(q, it, "/JPXDecode"))
			kind = -1;
		else if (qpdf_oh_is_name_and_equals(q, it, "/DCTDecode") &&
		    kind == 0)
			kind = n == 1 ? 1 : -1;
		qpdf_oh_release(q, it);
	}
	return kind;
}

/* An integer value of key in dictionary d, in [lo, hi]; -1 when it is
 * missing or out of range. */
static long
pdf_int(qpdf_data q, qpdf_oh d, const char *key, long lo, long hi)
{
	qpdf_oh	 v;
	long	 n = -1;

	v = qpdf_oh_get_key(q, d, key);
	if (qpdf_oh_is_integer(q, v)) {
		n = qpdf_oh_get_int_value_as_int(q, v);
		if (n < lo || n > hi)
			n = -1;
	}
	qpdf_oh_release(q, v);
	return n;
}

/* The number of colour components of colour space cs (a name or an
 * array); -1 when it is not one written out here (a named resource, a
 * pattern). */
static long
pdf_components(qpdf_data q, qpdf_oh cs)
{
	static const struct {
		const char	*name;
		long		 n;
	} spaces[] = {
		{ "/DeviceGray", 1 }, { "/G", 1 }, { "/CalGray", 1 },
		{ "/Indexed", 1 }, { "/I", 1 }, { "/Separation", 1 },
		{ "/DeviceRGB", 3 }, { "/RGB", 3 }, { "/CalRGB", 3 },
		{ "/Lab", 3 }, { "/DeviceCMYK", 4 }, { "/CMYK", 4 },
	};
	qpdf_oh		 first, arg, dict;
	long		 n = -1;
	size_t		 i;

	if (qpdf_oh_is_array(q, cs)) {
		if (qpdf_oh_get_array_n_items(q, cs) < 1)
			return -1;
		first = qpdf_oh_get_array_item(q, cs, 0);
		arg = qpdf_oh_get_array_n_items(q, cs) > 1 ?
		    qpdf_oh_get_array_item(q, cs, 1) : qpdf_oh_new_null(q);
		if (qpdf_oh_is_name_and_equals(q, first, "/ICCBased") &&
		    qpdf_oh_is_stream(q, arg)) {
			dict = qpdf_oh_get_dict(q, arg);
			n = pdf_int(q, dict, "/N", 1, 4);
			qpdf_oh_release(q, dict);
		} else if (qpdf_oh_is_name_and_equals(q, first, "/DeviceN") &&
		    qpdf_oh_is_array(q, arg))
			n = qpdf_oh_get_array_n_items(q, arg);
		else
			n = pdf_components(q, first);
		qpdf_oh_release(q, first);
		qpdf_oh_release(q, arg);
		return n >= 1 && n <= 32 ? n : -1;
	}
	for (i = 0; i < sizeof(spaces) / sizeof(spaces[0]); i++)
		if (qpdf_oh_is_name_and_equals(q, cs, spaces[i].name))
			return spaces[i].n;
	return -1;
}

/*
 * An image that is not a JPEG: its pixels exactly, nothing after them.
 * A decoder stops at width x height samples, so bytes after them (in the
 * stream, or after the end of its compressed data) would reach the
 * reader unseen. Decoded (flate, LZW, run length, ASCII hex and 85),
 * cut to its size, and stored again (qpdf compresses it anew). A filter
 * qpdf cannot decode (CCITT fax, JBIG2) or a layout not written out here
 * is refused: it cannot be checked.
 */
static void
pdf_clean_pixels(struct pdfwalk *w, qpdf_oh stream, qpdf_oh dict)
{
	qpdf_data	 q = w->q;
	qpdf_oh		 v, null;
	unsigned char	*data = NULL;
	size_t		 len = 0;
	unsigned long	 need;
	long		 width, height, bpc, comps;
	QPDF_BOOL	 filtered = QPDF_FALSE;
	int		 mask;

	width = pdf_int(q, dict, "/Width", 1, (long)CLEAN_MAX_SIDE);
	height = pdf_int(q, dict, "/Height", 1, (long)CLEAN_MAX_SIDE);
	v = qpdf_oh_get_key(q, dict, "/ImageMask");
	mask = qpdf_oh_is_bool(q, v) && qpdf_oh_get_bool_value(q, v);
	qpdf_oh_release(q, v);
	if (mask) {
		bpc = 1;
		comps = 1;
	} else {
		bpc = pdf_int(q, dict, "/BitsPerComponent", 1, 16);
		v = qpdf_oh_get_key(q, dict, "/ColorSpace");
		comps = pdf_components(q, v);
		qpdf_oh_release(q, v);
	}
	if (width < 0 || height < 0 || comps < 0 ||
	    (bpc != 1 && bpc != 2 && bpc != 4 && bpc != 8 && bpc != 16)) {
		w->st = CLEAN_UNSUPPORTED;
		return;
	}
	if ((unsigned long)width * (unsigned long)height > CLEAN_MAX_PIXELS) {
		w->st = CLEAN_TOO_LARGE;
		return;
	}
	need = ((unsigned long)width * (unsigned long)comps *
	    (unsigned long)bpc + 7) / 8 * (unsigned long)height;
	if (qpdf_oh_get_stream_data(q, stream, qpdf_dl_specialized,
	    &filtered, &data, &len) & QPDF_ERRORS) {
		free(data);
		w->st = CLEAN_BROKEN;
		return;
	}
	if (!filtered) {
		free(data);
		w->st = CLEAN_UNSUPPORTED;
		return;
	}
	if (len < need) {
		free(data);
		w->st = CLEAN_BROKEN;
		return;
	}
	null = qpdf_oh_new_null(q);
	qpdf_oh_replace_stream_data(q, stream, data, need, null, null);
	qpdf_oh_release(q, null);
	free(data);
}

/* An image stream made new: only the keys of image_keys; a JPEG made new
 * like a photo, other pixels cut to their size. */
static void
pdf_clean_image(struct pdfwalk *w, qpdf_oh stream, qpdf_oh dict)
{
	qpdf_data	 q = w->q;
	qpdf_oh		 filter, name, null;
	unsigned char	*raw = NULL, *jpg = NULL;
	size_t		 rawlen = 0, jpglen = 0;
	int		 kind;

	pdf_filter_keys(q, dict, image_keys,
	    sizeof(image_keys) / sizeof(image_keys[0]), 0);
	filter = qpdf_oh_get_key(q, dict, "/Filter");
	kind = pdf_filter_kind(q, filter);
	qpdf_oh_release(q, filter);
	if (kind == -1) {
		w->st = CLEAN_UNSUPPORTED;
		return;
	}
	if (kind == 0) {
		pdf_clean_pixels(w, stream, dict);
		return;
	}
	if (qpdf_oh_get_stream_data(q, stream, qpdf_dl_none, NULL, &raw,
	    &rawlen) & QPDF_ERRORS) {
		w->st = CLEAN_BROKEN;
		return;
	}
	if ((w->st = clean_jpeg(raw, rawlen, &jpg, &jpglen)) == CLEAN_OK) {
		name = qpdf_oh_new_name(q, "/DCTDecode");
		null = qpdf_oh_new_null(q);
		qpdf_oh_replace_stream_data(q, stream, jpg, jpglen, name, null);
		qpdf_oh_release(q, name);
		qpdf_oh_release(q, null);
	}
	free(raw);
	free(jpg);
}

/* The palette of [/Indexed base hival lookup] cut to its size (see
 * pdf_clean_cs). A base that is an ICC space counts its components. */
static void
pdf_cut_palette(struct pdfwalk *w, qpdf_oh cs)
{
	qpdf_data	 q = w->q;
	qpdf_oh		 base, hival, lookup, bin, null;
	unsigned char	*data = NULL;
	const char	*str;
	size_t		 len = 0, need;
	long		 comps, hi = -1;
	QPDF_BOOL	 filtered = QPDF_FALSE;

	if (qpdf_oh_get_array_n_items(q, cs) != 4) {
		w->st = CLEAN_UNSUPPORTED;
		return;
	}
	base = qpdf_oh_get_array_item(q, cs, 1);
	hival = qpdf_oh_get_array_item(q, cs, 2);
	lookup = qpdf_oh_get_array_item(q, cs, 3);
	comps = pdf_components(q, base);
	if (qpdf_oh_is_integer(q, hival))
		hi = qpdf_oh_get_int_value_as_int(q, hival);
	if (comps < 1 || comps > 4 || hi < 0 || hi > 255) {
		w->st = CLEAN_UNSUPPORTED;
		goto out;
	}
	need = (size_t)(hi + 1) * (size_t)comps;
	if (qpdf_oh_is_string(q, lookup)) {
		str = qpdf_oh_get_binary_string_value(q, lookup, &len);
		if (str == NULL || len < need) {
			w->st = CLEAN_BROKEN;
			goto out;
		}
		if (len > need) {
			bin = qpdf_oh_new_binary_string(q, str, need);
			qpdf_oh_set_array_item(q, cs, 3, bin);
			qpdf_oh_release(q, bin);
		}
	} else if (qpdf_oh_is_stream(q, lookup)) {
		if (qpdf_oh_get_stream_data(q, lookup, qpdf_dl_specialized,
		    &filtered, &data, &len) & QPDF_ERRORS || !filtered) {
			w->st = filtered ? CLEAN_BROKEN : CLEAN_UNSUPPORTED;
			goto out;
		}
		if (len < need) {
			w->st = CLEAN_BROKEN;
			goto out;
		}
		/* a new stream dictionary: only its length */
		null = qpdf_oh_new_null(q);
		qpdf_oh_replace_stream_data(q, lookup, data, need, null, null);
		qpdf_oh_release(q, null);
		bin = qpdf_oh_get_dict(q, lookup);
		pdf_filter_keys(q, bin, length_key, 1, 0);
		qpdf_oh_release(q, bin);
	} else
		w->st = CLEAN_UNSUPPORTED;
out:
	free(data);
	qpdf_oh_release(q, base);
	qpdf_oh_release(q, hival);
	qpdf_oh_release(q, lookup);
}

/*
 * A colour space's own data, which a reader uses but never shows whole:
 * - an ICC profile ([/ICCBased stream]) is a file of its own that may
 *   hold any bytes (its tags are not checked here): the colour space
 *   becomes the device space of as many components (the profile is
 *   dropped, as in a photo);
 * - an indexed palette ([/Indexed base hival lookup]) is cut to its
 *   (hival + 1) x components bytes: bytes after them would reach the
 *   reader unseen, as after an image's pixels.
 * Returns a new object for the slot that held cs (an ICC space), or 0
 * when the slot stays (the palette is cut in place).
 */
static qpdf_oh
pdf_clean_cs(struct pdfwalk *w, qpdf_oh cs)
{
	static const char *const device[] = {
		NULL, "/DeviceGray", NULL, "/DeviceRGB", "/DeviceCMYK",
	};
	qpdf_data	 q = w->q;
	qpdf_oh		 first, repl = 0;
	long		 n;

	if (!qpdf_oh_is_array(q, cs) || qpdf_oh_get_array_n_items(q, cs) < 2)
		return 0;
	first = qpdf_oh_get_array_item(q, cs, 0);
	if (qpdf_oh_is_name_and_equals(q, first, "/ICCBased")) {
		n = pdf_components(q, cs);
		if (n >= 1 && n <= 4 && device[n] != NULL)
			repl = qpdf_oh_new_name(q, device[n]);
		else
			w->st = CLEAN_UNSUPPORTED;
	} else if (qpdf_oh_is_name_and_equals(q, first, "/Indexed") ||
	    qpdf_oh_is_name_and_equals(q, first, "/I"))
		pdf_cut_palette(w, cs);
	qpdf_oh_release(q, first);
	return repl;
}

static void
pdf_walk(struct pdfwalk *w, qpdf_oh oh, int depth)
{
	struct {
		char	*key;		/* a copy: the iterator's is lent */
		qpdf_oh	 oh;
	}		*vals = NULL, *nv;
	qpdf_data	 q = w->q;
	qpdf_oh		 d, v, repl;
	size_t		 nvals = 0, cap = 0, i;
	int		 n, k;

	if (w->st != CLEAN_OK)
		return;
	if (depth > PDF_MAX_DEPTH) {
		w->st = CLEAN_UNSUPPORTED;
		return;
	}
	if (qpdf_oh_is_indirect(q, oh) &&
	    pdf_seen(w, qpdf_oh_get_object_id(q, oh)))
		return;
	if (qpdf_oh_is_array(q, oh)) {
		n = qpdf_oh_get_array_n_items(q, oh);
		for (k = 0; k < n && w->st == CLEAN_OK; k++) {
			v = qpdf_oh_get_array_item(q, oh, k);
			if ((repl = pdf_clean_cs(w, v)) != 0) {
				qpdf_oh_set_array_item(q, oh, k, repl);
				qpdf_oh_release(q, repl);
			} else
				pdf_walk(w, v, depth + 1);
			qpdf_oh_release(q, v);
		}
		return;
	}
	if (qpdf_oh_is_stream(q, oh))
		d = qpdf_oh_get_dict(q, oh);
	else if (qpdf_oh_is_dictionary(q, oh))
		d = oh;
	else
		return;
	pdf_filter_keys(q, d, drop_keys,
	    sizeof(drop_keys) / sizeof(drop_keys[0]), 1);
	if (d != oh) {
		v = qpdf_oh_get_key(q, d, "/Subtype");
		if (qpdf_oh_is_name_and_equals(q, v, "/Image"))
			pdf_clean_image(w, oh, d);
		qpdf_oh_release(q, v);
	}
	/* The values first (the key iterator is one per document), then
	 * each walked, or replaced when it is an ICC colour space (also in
	 * an array, above); not /Parent (up the page tree: every page is
	 * walked from itself). */
	qpdf_oh_begin_dict_key_iter(q, d);
	while (qpdf_oh_dict_more_keys(q) && w->st == CLEAN_OK) {
		const char	*key = qpdf_oh_dict_next_key(q);

		if (key == NULL || strcmp(key, "/Parent") == 0)
			continue;
		if (nvals == cap) {
			cap = cap == 0 ? 16 : cap * 2;
			if ((nv = realloc(vals, cap * sizeof(*vals))) == NULL) {
				w->st = CLEAN_BROKEN;
				break;
			}
			vals = nv;
		}
		if ((vals[nvals].key = strdup(key)) == NULL) {
			w->st = CLEAN_BROKEN;
			break;
		}
		vals[nvals++].oh = qpdf_oh_get_key(q, d, key);
	}
	for (i = 0; i < nvals; i++) {
		if (w->st == CLEAN_OK) {
			if ((repl = pdf_clean_cs(w, vals[i].oh)) != 0) {
				qpdf_oh_replace_key(q, d, vals[i].key, repl);
				qpdf_oh_release(q, repl);
			} else
				pdf_walk(w, vals[i].oh, depth + 1);
		}
		qpdf_oh_release(q, vals[i].oh);
		free(vals[i].key);
	}
	free(vals);
	if (d != oh)
		qpdf_oh_release(q, d);
}

static void
pdf_log_error(qpdf_data q)
{
	if (qpdf_has_error(q))
		log_info("pdf refused: %s", qpdf_get_error_full_text(q,
		    qpdf_get_error(q)));
}

enum clean_status
clean_pdf(const unsigned char *in, size_t n, unsigned char **out,
    size_t *outlen)
{
	struct pdfwalk		 w;
	qpdf_data		 src = NULL, dst = NULL;
	qpdf_oh			 page;
	const unsigned char	*buf;
	size_t			 len;
	int			 pages, i;

	*out = NULL;
	*outlen = 0;
	memset(&w, 0, sizeof(w));
	w.st = CLEAN_BROKEN;
	if ((src = qpdf_init()) == NULL || (dst = qpdf_init()) == NULL)
		goto done;
	qpdf_set_suppress_warnings(src, QPDF_TRUE);
	qpdf_set_suppress_warnings(dst, QPDF_TRUE);
	/* A file locked with a password does not open: refused. */
	if (qpdf_read_memory(src, "upload.pdf", (const char *)in,
	    (unsigned long long)n, NULL) & QPDF_ERRORS)
		goto done;
	if ((pages = qpdf_get_num_pages(src)) <= 0 ||
	    qpdf_push_inherited_attributes_to_page(src) & QPDF_ERRORS)
		goto done;
	w.q = src;
	w.st = CLEAN_OK;
	/* Every page's keys first: a walk may reach another page (a
	 * destination) before that page's own turn. */
	for (i = 0; i < pages; i++) {
		page = qpdf_get_page_n(src, (size_t)i);
		pdf_filter_keys(src, page, page_keys,
		    sizeof(page_keys) / sizeof(page_keys[0]), 0);
		qpdf_oh_release(src, page);
	}
	for (i = 0; i < pages && w.st == CLEAN_OK; i++) {
		page = qpdf_get_page_n(src, (size_t)i);
		pdf_walk(&w, page, 0);
		qpdf_oh_release(src, page);
	}
	if (w.st != CLEAN_OK)
		goto done;
	w.st = CLEAN_BROKEN;
	if (qpdf_has_error(src))
		goto done;
	/* A new document with copies of the pages: nothing of the old
	 * catalog or trailer comes along. */
	if (qpdf_empty_pdf(dst) & QPDF_ERRORS)
		goto done;
	for (i = 0; i < pages; i++) {
		page = qpdf_get_page_n(src, (size_t)i);
		if (qpdf_add_page(dst, src, page, QPDF_FALSE) & QPDF_ERRORS)
			goto done;
		qpdf_oh_release(src, page);
	}
	if (qpdf_init_write_memory(dst) & QPDF_ERRORS)
		goto done;
	qpdf_set_deterministic_ID(dst, QPDF_TRUE);
	qpdf_set_preserve_encryption(dst, QPDF_FALSE);
	if (qpdf_write(dst) & QPDF_ERRORS)
		goto done;
	len = qpdf_get_buffer_length(dst);
	if ((buf = qpdf_get_buffer(dst)) == NULL || len == 0 ||
	    (*out = malloc(len)) == NULL)
		goto done;
	memcpy(*out, buf, len);
	*outlen = len;
	w.st = CLEAN_OK;
done:
	if (w.st != CLEAN_OK) {
		if (src != NULL)
			pdf_log_error(src);
		if (dst != NULL)
			pdf_log_error(dst);
	}
	free(w.seen);
	if (dst != NULL)
		qpdf_cleanup(&dst);
	if (src != NULL)
		qpdf_cleanup(&src);
	return w.st;
}

/* --- every kind ---------------------------------------------------- */

enum clean_status
clean_file(const struct filetype *ft, const unsigned char *in, size_t n,
    unsigned char **out, size_t *outlen)
{
	*out = NULL;
	*outlen = 0;
	if (strcmp(ft->mime, "image/jpeg") == 0)
		return clean_jpeg(in, n, out, outlen);
	if (strcmp(ft->mime, "image/png") == 0)
		return clean_png(in, n, out, outlen);
	if (strcmp(ft->mime, "application/pdf") == 0)
		return clean_pdf(in, n, out, outlen);
	if (strcmp(ft->mime, "text/plain") == 0) {
		if (n == 0 || (*out = malloc(n)) == NULL)
			return CLEAN_BROKEN;
		memcpy(*out, in, n);
		*outlen = n;
		return CLEAN_OK;
	}
	return CLEAN_UNSUPPORTED;
}

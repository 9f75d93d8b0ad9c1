"""Crafted files that hide data where a photo or PDF cleaner must not let
it through (issue 17, part 1). Built here from nothing, never downloaded.

Every planted secret holds the word PLANTED, so a test can check that not
one byte of it reaches the stored file. Used by test_files.py; run
`python3 tests/integration/carriers.py DIR` to write them as files (for the
fuzzer's seed corpus and for a look by hand).
"""
import struct
import sys
import zlib

MARK = b"PLANTED"


def _seg(marker, payload):
    return bytes([0xFF, marker]) + struct.pack(">H", len(payload) + 2) + payload


def _exif_gps():
    # Not a full TIFF structure: a reader of Exif sees the header; a
    # cleaner must drop the whole segment whatever is inside.
    return _seg(0xE1, b"Exif\x00\x00MM\x00\x2a" + MARK + b"-GPS 52.0907N 5.1214E")


def _tables():
    dqt = _seg(0xDB, b"\x00" + bytes([1] * 64))
    # One Huffman code of length 1 per table: DC category 0, AC end of block.
    dc = _seg(0xC4, b"\x00" + bytes([1] + [0] * 15) + b"\x00")
    ac = _seg(0xC4, b"\x10" + bytes([1] + [0] * 15) + b"\x00")
    return dqt + dc + ac


def jpeg(components=1, between_scans=b"", app=b""):
    """An 8x8 baseline JPEG (grey, or three colour components in three
    separate scans), with `app` before the frame and `between_scans`
    between the scans."""
    sof = struct.pack(">BHHB", 8, 8, 8, components)
    for c in range(components):
        sof += bytes([c + 1, 0x11, 0])
    out = b"\xff\xd8" + app + _tables() + _seg(0xC0, sof)
    for c in range(components):
        if c > 0:
            out += between_scans
        sos = bytes([1, c + 1, 0x00, 0, 63, 0])
        # DC difference 0 (code 0), end of block (code 0), 1-bits pad.
        out += _seg(0xDA, sos) + b"\x3f"
    return out + b"\xff\xd9"


def jpeg_carriers():
    """name -> bytes: every way a JPEG carries more than its pixels."""
    second = jpeg(app=_exif_gps())
    mpf = _seg(0xE2, b"MPF\x00MM\x00\x2a" + MARK + b"-second-image-index")
    return {
        "exif": jpeg(app=_exif_gps() + _seg(0xFE, MARK + b"-comment")),
        "after_eoi": jpeg() + MARK + b"-after-the-end-of-the-image",
        "mpf": jpeg(app=mpf) + second,
        "between_scans": jpeg(3, between_scans=_seg(0xE5, MARK + b"-app5") +
                              _seg(0xFE, MARK + b"-comment-between-scans")),
    }


def _chunk(kind, data):
    return (struct.pack(">I", len(data)) + kind + data +
            struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))


def png(extra=b""):
    """A 2x2 RGB PNG with `extra` chunks after IHDR."""
    raw = b"".join(b"\x00" + bytes([200, 30, 30] * 2) for _ in range(2))
    return (b"\x89PNG\r\n\x1a\n" +
            _chunk(b"IHDR", struct.pack(">IIBBBBB", 2, 2, 8, 2, 0, 0, 0)) +
            extra + _chunk(b"IDAT", zlib.compress(raw)) + _chunk(b"IEND", b""))


def png_carriers():
    text = (_chunk(b"tEXt", b"Location\x00" + MARK + b"-tEXt") +
            _chunk(b"zTXt", b"Comment\x00\x00" + zlib.compress(MARK + b"-zTXt")) +
            _chunk(b"iTXt", b"XML:com.adobe.xmp\x00\x00\x00\x00\x00" + MARK + b"-iTXt") +
            _chunk(b"eXIf", b"MM\x00\x2a" + MARK + b"-eXIf") +
            _chunk(b"prIv", MARK + b"-private-ancillary"))
    return {
        "text": png(text),
        # A critical chunk no reader knows: libpng refuses the file.
        "gpsa": png(_chunk(b"GPSa", MARK + b"-GPSa-52.09-5.12")),
    }


def pdf_carrier():
    """A one-page PDF with an open action in JavaScript, a /Launch link,
    an embedded file, page XMP, document XMP and /Info, an image whose
    JPEG holds Exif GPS, a flate image with bytes after its pixels
    and a private key, and an indexed image whose palette holds bytes
    after its colours, on a colour profile (ICC) that holds planted
    bytes (also named in the page's resources)."""
    img = jpeg(app=_exif_gps())
    # A second image, not a JPEG: 2x2 RGB pixels and then planted bytes
    # inside its compressed data (a decoder stops at the pixels), and a
    # key no image needs.
    px = zlib.compress(bytes([90] * 12) + MARK + b"-after-the-pixels")
    icc = MARK + b"-icc-profile-52.09N"
    content = (b"q 100 0 0 100 50 50 cm /Im1 Do Q q 20 0 0 20 0 150 cm /Im2 Do Q "
               b"q 20 0 0 20 150 150 cm /Im3 Do Q "
               b"BT /F1 12 Tf 20 20 Td (Hallo) Tj ET")
    xmp = b"<x:xmpmeta>" + MARK + b"-xmp</x:xmpmeta>"
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R /OpenAction 6 0 R "
        b"/Names << /EmbeddedFiles << /Names [(geheim.txt) 7 0 R] >> "
        b"/JavaScript << /Names [(js) 6 0 R] >> >> /Metadata 9 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] "
        b"/Resources << /XObject << /Im1 4 0 R /Im2 13 0 R /Im3 15 0 R >> "
        b"/ColorSpace << /CS0 [/ICCBased 14 0 R] >> /Font << /F1 11 0 R >> >> "
        b"/Contents 5 0 R /Metadata 10 0 R /AA << /O 6 0 R >> "
        b"/Annots [<< /Type /Annot /Subtype /Link /Rect [0 0 50 50] "
        b"/A << /S /Launch /F (cmd.exe) /P (" + MARK + b"-launch) >> >> "
        b"<< /Type /Annot /Subtype /FileAttachment /Rect [60 0 80 20] "
        b"/FS 7 0 R >>] >>",
        b"<< /Type /XObject /Subtype /Image /Width 8 /Height 8 "
        b"/ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /DCTDecode "
        b"/Length %d >>\nstream\n" % len(img) + img + b"\nendstream",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /S /JavaScript /JS (app.alert\\('" + MARK + b"-javascript'\\)) >>",
        b"<< /Type /Filespec /F (geheim.txt) /EF << /F 8 0 R >> >>",
        b"<< /Type /EmbeddedFile /Length 24 >>\nstream\n" + MARK +
        b"-embedded-file!\nendstream",
        b"<< /Type /Metadata /Subtype /XML /Length %d >>\nstream\n" % len(xmp) +
        xmp + b"\nendstream",
        b"<< /Type /Metadata /Subtype /XML /Length %d >>\nstream\n" % len(xmp) +
        xmp + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Author (" + MARK + b"-author) /Producer (Laptop-Utrecht) >>",
        b"<< /Type /XObject /Subtype /Image /Width 2 /Height 2 "
        b"/ColorSpace /DeviceRGB /BitsPerComponent 8 /Filter /FlateDecode "
        b"/PrivateGPS (" + MARK + b"-52.09N-5.12E) /Length %d >>\nstream\n" % len(px) +
        px + b"\nendstream",
        b"<< /N 3 /Length %d >>\nstream\n" % len(icc) + icc + b"\nendstream",
        b"<< /Type /XObject /Subtype /Image /Width 2 /Height 2 "
        b"/ColorSpace [/Indexed [/ICCBased 14 0 R] 1 (ZZZzzz" + MARK +
        b"-palette)] /BitsPerComponent 8 /Length 4 >>\nstream\n"
        b"\x00\x01\x01\x00\nendstream",
    ]
    out = b"%PDF-1.7\n"
    offsets = []
    for i, o in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + o + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += (b"trailer\n<< /Size %d /Root 1 0 R /Info 12 0 R >>\nstartxref\n%d\n%%%%EOF\n"
            % (len(objs) + 1, xref))
    return out


def all_carriers():
    files = {}
    for name, data in jpeg_carriers().items():
        files["jpeg_%s.jpg" % name] = data
    for name, data in png_carriers().items():
        files["png_%s.png" % name] = data
    files["pdf_all.pdf"] = pdf_carrier()
    return files


if __name__ == "__main__":
    import os
    d = sys.argv[1]
    os.makedirs(d, exist_ok=True)
    for name, data in all_carriers().items():
        with open(os.path.join(d, name), "wb") as f:
            f.write(data)

"""Photos built byte by byte for the publication-copy tests: a phone's JPEG with EXIF
(its make and a GPS position) and a comment, and a PNG with text chunks."""

from __future__ import annotations

import struct
import zlib

SCAN = b"\xff\xda\x00\x08\x01\x01\x00\x00\x3f\x00" + bytes(range(256)) * 8 + b"\xff\xd9"
MAKE, LATITUDE = b"Xiaomi Redmi Note 8\x00", b"43 deg 41' N Khorgos"


def segment(marker: int, body: bytes) -> bytes:
    return bytes([0xFF, marker]) + struct.pack(">H", len(body) + 2) + body


def exif_with_gps() -> bytes:
    """A little-endian TIFF block: IFD0 with Make and a GPS pointer, then a GPS IFD whose
    latitude reference is text a person could read."""
    make_at, gps_at = 8 + 2 + 2 * 12 + 4, 8 + 2 + 2 * 12 + 4 + len(MAKE)
    ifd0 = struct.pack("<H", 2) + struct.pack("<HHII", 0x010F, 2, len(MAKE), make_at) + \
        struct.pack("<HHII", 0x8825, 4, 1, gps_at) + struct.pack("<I", 0)
    text_at = gps_at + 2 + 12 + 4
    gps = struct.pack("<H", 1) + struct.pack("<HHII", 0x0001, 2, len(LATITUDE), text_at) + \
        struct.pack("<I", 0)
    return b"Exif\x00\x00" + b"II*\x00" + struct.pack("<I", 8) + ifd0 + MAKE + gps + LATITUDE


def phone_jpeg() -> bytes:
    return (b"\xff\xd8" + segment(0xE0, b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00")
            + segment(0xE1, exif_with_gps()) + segment(0xFE, b"taken by Aigerim")
            + segment(0xDB, b"\x00" + bytes(64)) + SCAN)


def png_chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(
        ">I", zlib.crc32(kind + body))


def png_with_text() -> tuple[bytes, list[bytes]]:
    picture = [png_chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)),
               png_chunk(b"IDAT", zlib.compress(b"\x00\x00"))]
    data = (b"\x89PNG\r\n\x1a\n" + picture[0] + png_chunk(b"tEXt", b"Author\x00Aigerim")
            + png_chunk(b"tIME", bytes(7)) + picture[1] + png_chunk(b"IEND", b""))
    return data, picture


def sized_jpeg(width: int, height: int) -> bytes:
    """phone_jpeg with its frame header (SOF0), which gives the picture's size."""
    frame = segment(0xC0, b"\x08" + struct.pack(">HH", height, width) + b"\x01\x01\x11\x00")
    return phone_jpeg().replace(SCAN, frame + SCAN)


def lawyers_pdf(encrypted: bool = False) -> bytes:
    """A one-page court decision as a scanner's software saves it: properties naming the
    lawyer and the scanner, and XMP on the document and on its page."""
    import io

    from pypdf import PdfWriter
    from pypdf.generic import DecodedStreamObject, NameObject

    writer = PdfWriter()
    page = writer.add_blank_page(595, 842)
    writer.add_metadata({"/Author": "Aigerim Nurlanovna, advocate", "/Creator": "ScanDesk 4",
                         "/CreationDate": "D:20261101090000+05'00'"})
    for holder in (writer.root_object, page):
        xmp = DecodedStreamObject()
        xmp.set_data(b"<x:xmpmeta><dc:creator>Aigerim Nurlanovna</dc:creator></x:xmpmeta>")
        xmp[NameObject("/Type")] = NameObject("/Metadata")
        holder[NameObject("/Metadata")] = writer._add_object(xmp)
    if encrypted:
        writer.encrypt("secret")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()

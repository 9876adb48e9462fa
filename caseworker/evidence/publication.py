"""Publication copies: a photo's metadata taken out before it goes to a journalist or a UN
office. A phone's JPEG says where it was taken (EXIF GPS), on which phone, and when; a
PNG can carry text chunks and its own EXIF. Those can name the relative who took it.

Done by removing whole segments (JPEG) and chunks (PNG), not by re-encoding: the image
data stay byte for byte what they were, so the copy loses nothing a reader can see, and
nothing here decodes an image (Pillow would re-encode a JPEG on saving it, changing every
pixel). A PDF's properties and XMP go too (pdf_cleaning.py). HEIC and video are refused
with a sentence rather than half cleaned: no well-kept library takes their metadata out
without re-encoding the picture."""

from __future__ import annotations

import struct
import zlib
from collections.abc import Iterator

from caseworker.core.i18n import N_
from caseworker.core.user_errors import UserError
from caseworker.evidence.media_types import CLEANABLE
from caseworker.evidence.pdf_cleaning import PdfNotCleanable, clean_pdf

MAX_CLEAN_BYTES = 256 << 20  # cleaned in memory: photos and documents, not recordings

# JPEG application segments that hold metadata: APP1 (EXIF, XMP), APP2 (FlashPix, ICC is
# kept), APP12 (Ducky), APP13 (IPTC, Photoshop), and comments (COM).
_JPEG_DROPPED = {0xE1: N_("EXIF or XMP"), 0xEC: N_("Ducky metadata"), 0xED: N_("IPTC metadata"),
                 0xFE: N_("a comment")}
# PNG chunks that hold metadata rather than the picture.
_PNG_DROPPED = {b"tEXt": N_("text metadata"), b"zTXt": N_("text metadata"),
                b"iTXt": N_("text metadata"), b"eXIf": N_("EXIF metadata"),
                b"tIME": N_("the time it was saved")}
_GPS_TAG = 0x8825


def clean_copy(data: bytes, media_type: str) -> tuple[bytes, list[str]]:
    """The file without its metadata, and what was removed, in words."""
    if media_type not in CLEANABLE:
        raise UserError(f"A clean copy can be made of JPEG and PNG photos and PDF "
                        f"documents; this file is {media_type}. Export it without --clean "
                        f"and check it by hand.")
    if len(data) > MAX_CLEAN_BYTES:
        raise UserError("The file is too large to clean here; export it without --clean.")
    if media_type == "application/pdf":
        try:
            return clean_pdf(data)
        except PdfNotCleanable:
            raise UserError("The PDF is encrypted or damaged, so its metadata cannot be "
                            "removed safely; nothing was written.") from None
    try:
        return _clean_jpeg(data) if media_type == "image/jpeg" else _clean_png(data)
    except (IndexError, struct.error, ValueError):
        raise UserError("The photo's structure is damaged, so its metadata cannot be "
                        "removed safely; nothing was written.") from None


def jpeg_segments(data: bytes) -> Iterator[tuple[int, bytes]]:
    """A JPEG's segments in order as (marker, bytes); the scan and all after it come last
    as one. ValueError when the structure is lost or ends before the scan."""
    if data[:2] != b"\xff\xd8":
        raise ValueError("not a JPEG")
    at = 2
    while at < len(data):
        if data[at] != 0xFF:
            raise ValueError("lost in the segments")
        marker = data[at + 1]
        if marker == 0xD9 or marker == 0xDA:  # end, or the scan: the rest is image data
            yield marker, data[at:]
            return
        if 0xD0 <= marker <= 0xD7 or marker == 0x01:  # markers without a length
            yield marker, data[at:at + 2]
            at += 2
            continue
        length = struct.unpack(">H", data[at + 2:at + 4])[0]
        segment = data[at:at + 2 + length]
        if len(segment) != 2 + length or length < 2:
            raise ValueError("a segment runs past the end")
        yield marker, segment
        at += 2 + length
    raise ValueError("no image data")


def jpeg_metadata(marker: int, segment: bytes) -> str | None:
    """What a JPEG segment holds, in words, when it is metadata (untranslated: N_)."""
    if marker not in _JPEG_DROPPED:
        return None
    body = segment[4:]
    if body.startswith(b"Exif\x00\x00"):
        return N_("EXIF metadata (with a GPS position)") if _exif_has_gps(body[6:]) \
            else N_("EXIF metadata")
    return N_("XMP metadata") if marker == 0xE1 else _JPEG_DROPPED[marker]


def png_chunks(data: bytes) -> Iterator[tuple[bytes, bytes]]:
    """A PNG's chunks in order as (kind, bytes), up to IEND; each one's CRC checked.
    ValueError when a chunk is damaged or runs past the end."""
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("not a PNG")
    at = 8
    while at < len(data):
        length = struct.unpack(">I", data[at:at + 4])[0]
        kind = data[at + 4:at + 8]
        chunk = data[at:at + 12 + length]
        if len(chunk) != 12 + length or zlib.crc32(chunk[4:8 + length]) != \
                struct.unpack(">I", chunk[8 + length:])[0]:
            raise ValueError("a damaged chunk")
        yield kind, chunk
        at += 12 + length
        if kind == b"IEND":
            return


def png_metadata(kind: bytes) -> str | None:
    return _PNG_DROPPED.get(kind)


def _clean_jpeg(data: bytes) -> tuple[bytes, list[str]]:
    kept, removed = [data[:2]], []
    for marker, segment in jpeg_segments(data):
        what = jpeg_metadata(marker, segment)
        if what is None:
            kept.append(segment)
        else:
            removed.append(what)
    return b"".join(kept), removed


def _clean_png(data: bytes) -> tuple[bytes, list[str]]:
    kept, removed = [data[:8]], []
    for kind, chunk in png_chunks(data):
        what = png_metadata(kind)
        if what is None:
            kept.append(chunk)
        else:
            removed.append(what)
    return b"".join(kept), removed


def _exif_has_gps(tiff: bytes) -> bool:
    """Whether the first directory of an EXIF block points to a GPS directory."""
    order = {b"II": "<", b"MM": ">"}.get(tiff[:2])
    if order is None:
        return False
    offset = struct.unpack(order + "I", tiff[4:8])[0]
    count = struct.unpack(order + "H", tiff[offset:offset + 2])[0]
    tags = (struct.unpack(order + "H", tiff[offset + 2 + 12 * n:offset + 4 + 12 * n])[0]
            for n in range(min(count, 500)))
    return _GPS_TAG in tags

"""What kind of file a file is, from its first bytes (a name can say .jpg of anything,
and a relative's phone may name a photo nothing at all; the name's extension is the
fallback), and its size in words."""

from __future__ import annotations

import mimetypes

from caseworker.core.i18n import _

# (offset, signature, media type): the formats people bring to a caseworker.
_SIGNATURES = (
    (0, b"\xff\xd8\xff", "image/jpeg"),
    (0, b"\x89PNG\r\n\x1a\n", "image/png"),
    (0, b"GIF8", "image/gif"),
    (0, b"%PDF-", "application/pdf"),
    (4, b"ftypheic", "image/heic"),
    (4, b"ftypheix", "image/heic"),
    (4, b"ftypmif1", "image/heif"),
    (4, b"ftypqt", "video/quicktime"),
    (4, b"ftypM4A", "audio/mp4"),
    (4, b"ftyp", "video/mp4"),
    (0, b"OggS", "audio/ogg"),
    (0, b"ID3", "audio/mpeg"),
    (0, b"\x1a\x45\xdf\xa3", "video/webm"),
    (0, b"PK\x03\x04", "application/zip"),
)
SNIFF_BYTES = 16
# Photos whose structure Caseworker reads itself: their size and metadata are shown
# (picture_facts.py) and publication copies made (publication.py).
PICTURES = ("image/jpeg", "image/png")
# What a publication copy can be made of, its metadata taken out (publication.py).
CLEANABLE = (*PICTURES, "application/pdf")


def media_type(head: bytes, name: str) -> str:
    """The media type the first bytes of a file show, else the one its name suggests,
    else application/octet-stream."""
    for offset, signature, kind in _SIGNATURES:
        if head[offset:offset + len(signature)] == signature:
            if kind == "application/zip":
                break  # .docx, .xlsx and .odt are zips: the name says which
            return kind
    if head[:4] == b"RIFF" and head[8:12] in (b"WAVE", b"WEBP", b"AVI "):
        return {b"WAVE": "audio/wav", b"WEBP": "image/webp", b"AVI ": "video/x-msvideo"}[
            head[8:12]]
    guessed, _encoding = mimetypes.guess_type(name, strict=False)
    return guessed or "application/octet-stream"


def size_text(size: int) -> str:
    """2.9 KiB, 10.0 MiB: a size as the lists and messages show it."""
    for unit, shift in (("GiB", 30), ("MiB", 20), ("KiB", 10)):
        if size >= 1 << shift:
            return f"{size / (1 << shift):.1f} {unit}"
    return _("{n} bytes").format(n=size)

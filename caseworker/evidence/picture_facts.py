"""What the Files tab says about a photo without opening a viewer: its size in pixels and
the metadata it holds (a GPS position above all), read from the start of the stored copy
with the same segment walk that makes publication copies (publication.py)."""

from __future__ import annotations

import struct
from dataclasses import dataclass

from caseworker.core.i18n import _
from caseworker.evidence.file_records import FileInfo
from caseworker.evidence.media_types import PICTURES
from caseworker.evidence.publication import (
    jpeg_metadata,
    jpeg_segments,
    png_chunks,
    png_metadata,
)
from storage.file_contents import ContentsDamaged, read_head
from storage.store import Store

# Metadata sits before a JPEG's picture; a PNG may keep its text after the picture, so its
# whole file is read up to this much (a phone's photo is a few MiB).
READ_AT_MOST = 64 << 20
# JPEG start-of-frame markers (the picture's size); C4, C8 and CC are other segments.
_FRAME_MARKERS = frozenset(range(0xC0, 0xD0)) - {0xC4, 0xC8, 0xCC}


@dataclass(frozen=True)
class PictureFacts:
    width: int | None
    height: int | None
    metadata: tuple[str, ...]  # in words, untranslated (N_), in the order found
    complete: bool  # False: the picture's structure ended or broke before it was all read

    def text(self) -> str:
        """One line for the Files tab, in the reader's language."""
        parts = []
        if self.width and self.height:
            parts.append(_("{width} × {height} pixels").format(width=self.width,
                                                               height=self.height))
        if self.metadata:
            found = ", ".join(dict.fromkeys(_(what) for what in self.metadata))
            parts.append(_("holds {metadata}").format(metadata=found))
        elif self.complete:
            parts.append(_("no metadata found"))
        if not self.complete:
            parts.append(_("could not be read to the end"))
        return "; ".join(parts)


def picture_facts(data: bytes, media_type: str) -> PictureFacts | None:
    """The facts of a JPEG or PNG from its first bytes; None for other kinds."""
    if media_type == "image/jpeg":
        return _jpeg_facts(data)
    if media_type == "image/png":
        return _png_facts(data)
    return None


def describe_picture(store: Store, info: FileInfo) -> str:
    """The Files tab's line about a stored photo; empty for anything else, or when its
    contents are not on this install."""
    row = info.record
    if row.media_type not in PICTURES or not info.contents_here:
        return ""
    with store.read() as session:
        try:
            head = read_head(store.paths, session, row.sha256, READ_AT_MOST)
        except ContentsDamaged:
            return _("The stored copy of this file cannot be read.")
    facts = picture_facts(head, row.media_type)
    return facts.text() if facts else ""


def _jpeg_facts(data: bytes) -> PictureFacts:
    width = height = None
    metadata: list[str] = []
    try:
        for marker, segment in jpeg_segments(data):
            if marker in _FRAME_MARKERS:
                height, width = struct.unpack(">HH", segment[5:9])
            elif (what := jpeg_metadata(marker, segment)) is not None:
                metadata.append(what)
    except (ValueError, IndexError, struct.error):
        return PictureFacts(width, height, tuple(metadata), complete=False)
    return PictureFacts(width, height, tuple(metadata), complete=True)


def _png_facts(data: bytes) -> PictureFacts:
    width = height = None
    metadata: list[str] = []
    try:
        for kind, chunk in png_chunks(data):
            if kind == b"IHDR":
                width, height = struct.unpack(">II", chunk[8:16])
            elif (what := png_metadata(kind)) is not None:
                metadata.append(what)
    except (ValueError, IndexError, struct.error):
        return PictureFacts(width, height, tuple(metadata), complete=False)
    return PictureFacts(width, height, tuple(metadata), complete=True)

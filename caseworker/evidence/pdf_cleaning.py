"""A PDF's metadata taken out of a publication copy: the document properties (author,
the program and scanner that made it, dates, title) and the XMP streams of the document
and its pages, which a lawyer's office or a scanner fills with names.

pypdf rewrites the document from its objects, so earlier saved versions a PDF keeps
inside it (incremental updates, where an old author can survive) are not carried over,
and objects nothing refers to any more (the removed XMP) are left out. The pages' content
is copied as it is. An encrypted PDF is refused: it cannot be rewritten without its
password, and a half-cleaned copy would look clean."""

from __future__ import annotations

import io

from caseworker.core.i18n import N_

# Document properties, in words (several keys say the same thing to a reader).
_PROPERTIES = {"/Author": N_("its author"), "/Creator": N_("the program that made it"),
               "/Producer": N_("the program that made it"), "/CreationDate": N_("its dates"),
               "/ModDate": N_("its dates"), "/Title": N_("its title"),
               "/Subject": N_("its subject and keywords"),
               "/Keywords": N_("its subject and keywords")}
_OTHER_PROPERTIES = N_("other document properties")
_XMP = N_("XMP metadata")
_PRIVATE = N_("a program's private data")


class PdfNotCleanable(ValueError):
    """The PDF is encrypted or cannot be read: nothing is written."""


def clean_pdf(data: bytes) -> tuple[bytes, list[str]]:
    """The PDF without its metadata, and what was removed, in words (untranslated)."""
    import pypdf  # deferred: only a clean export of a PDF reads one
    from pypdf.errors import PyPdfError

    try:
        reader = pypdf.PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            raise PdfNotCleanable("encrypted")
        writer = pypdf.PdfWriter(clone_from=reader)
        removed = [_PROPERTIES.get(key, _OTHER_PROPERTIES)
                   for key in (reader.metadata or {}) if str(key) != "/Trapped"]
        holders = [writer.root_object, *writer.pages]
        for holder in holders:
            for key, words in (("/Metadata", _XMP), ("/PieceInfo", _PRIVATE)):
                if key in holder:
                    del holder[key]
                    removed.append(words)
        writer.metadata = None
        writer.compress_identical_objects(remove_duplicates=False, remove_unreferenced=True)
        out = io.BytesIO()
        writer.write(out)
    except PyPdfError as exc:
        raise PdfNotCleanable(str(exc)) from None
    return out.getvalue(), list(dict.fromkeys(removed))

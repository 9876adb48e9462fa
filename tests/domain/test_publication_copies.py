"""Publication copies: a phone photo's GPS position, phone and comments removed, the
picture's bytes untouched, and anything that cannot be cleaned safely refused."""

from __future__ import annotations

import pytest

from caseworker.core.user_errors import UserError
from caseworker.evidence.attaching import attach_file
from caseworker.evidence.exporting import export_file
from caseworker.evidence.publication import clean_copy
from tests.support.case_factory import add_case, author, simple_draft
from tests.support.photo_files import (
    LATITUDE,
    MAKE,
    SCAN,
    lawyers_pdf,
    phone_jpeg,
    png_with_text,
)


def test_a_phone_jpeg_loses_its_gps_phone_and_comment_not_its_picture():
    cleaned, removed = clean_copy(phone_jpeg(), "image/jpeg")
    assert removed == ["EXIF metadata (with a GPS position)", "a comment"]
    for gone in (MAKE, LATITUDE, b"Exif", b"taken by Aigerim"):
        assert gone not in cleaned
    assert cleaned.endswith(SCAN) and cleaned.startswith(b"\xff\xd8\xff\xe0")


def test_a_png_loses_its_text_chunks_not_its_picture():
    data, picture = png_with_text()
    cleaned, removed = clean_copy(data, "image/png")
    assert removed == ["text metadata", "the time it was saved"]
    assert b"Aigerim" not in cleaned and all(chunk in cleaned for chunk in picture)


def test_a_pdf_loses_its_properties_and_xmp_not_its_page():
    import io

    from pypdf import PdfReader

    data = lawyers_pdf()
    assert data.count(b"Aigerim") == 3 and b"ScanDesk" in data
    cleaned, removed = clean_copy(data, "application/pdf")
    assert sorted(removed) == ["XMP metadata", "its author", "its dates",
                               "the program that made it"]
    assert b"Aigerim" not in cleaned and b"ScanDesk" not in cleaned
    reader = PdfReader(io.BytesIO(cleaned))
    assert not reader.metadata and "/Metadata" not in reader.trailer["/Root"]
    assert [tuple(page.mediabox) for page in reader.pages] == [(0, 0, 595, 842)]


@pytest.mark.parametrize("data, kind, words", [
    (b"\x00\x00\x00\x18ftypheic", "image/heic", "JPEG and PNG photos and PDF"),
    (b"%PDF-1.7 decision", "application/pdf", "encrypted or damaged"),
    (lawyers_pdf(encrypted=True), "application/pdf", "encrypted or damaged"),
    (b"\xff\xd8" + b"\xff\xe1\x40\x00" + b"short", "image/jpeg", "damaged"),
    (b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\x05IHDRab", "image/png", "damaged"),
])
def test_what_cannot_be_cleaned_safely_is_refused(data, kind, words):
    with pytest.raises(UserError, match=words):
        clean_copy(data, kind)


def test_a_clean_export_leaves_the_kept_original_as_it_was(store, tmp_path):
    case_id = add_case(store, simple_draft("Abai Kydyrbek"))
    (tmp_path / "photo.jpg").write_bytes(phone_jpeg())
    added = attach_file(store, case_id, tmp_path / "photo.jpg", author())
    done = export_file(store, added.id, tmp_path / "to-publish.jpg", clean=True)
    assert done.removed == ("EXIF metadata (with a GPS position)", "a comment")
    assert LATITUDE not in (tmp_path / "to-publish.jpg").read_bytes()
    export_file(store, added.id, tmp_path / "original.jpg")
    assert (tmp_path / "original.jpg").read_bytes() == phone_jpeg()
    with pytest.raises(UserError, match="encrypted or damaged"):
        (tmp_path / "scan.pdf").write_bytes(b"%PDF-1.4")
        pdf = attach_file(store, case_id, tmp_path / "scan.pdf", author())
        export_file(store, pdf.id, tmp_path / "scan-clean.pdf", clean=True)
    assert not (tmp_path / "scan-clean.pdf").exists()

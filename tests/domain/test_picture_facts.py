"""What the Files tab says about a photo without a viewer: its size in pixels and the
metadata it holds, from the same segment walk as publication copies."""

from __future__ import annotations

import struct

from caseworker.evidence.attaching import attach_file
from caseworker.evidence.file_records import find_file
from caseworker.evidence.picture_facts import describe_picture, picture_facts
from caseworker.evidence.publication import clean_copy
from storage.file_contents import read_head
from tests.support.case_factory import add_case, author, simple_draft
from tests.support.photo_files import png_chunk, png_with_text, sized_jpeg


def test_a_phones_jpeg_tells_its_size_and_that_it_holds_a_gps_position():
    facts = picture_facts(sized_jpeg(4032, 3024), "image/jpeg")
    assert (facts.width, facts.height, facts.complete) == (4032, 3024, True)
    assert facts.metadata == ("EXIF metadata (with a GPS position)", "a comment")
    assert facts.text() == ("4032 × 3024 pixels; holds EXIF metadata (with a GPS position), "
                            "a comment")


def test_a_clean_copy_holds_no_metadata_and_keeps_its_size():
    cleaned, _removed = clean_copy(sized_jpeg(640, 480), "image/jpeg")
    assert picture_facts(cleaned, "image/jpeg").text() == "640 × 480 pixels; no metadata found"


def test_a_pngs_text_after_its_picture_is_found():
    data, _picture = png_with_text()
    late = data.replace(png_chunk(b"IEND", b""),
                        png_chunk(b"tEXt", b"GPS\x0043.7 80.1") + png_chunk(b"IEND", b""))
    facts = picture_facts(late, "image/png")
    assert (facts.width, facts.height) == (1, 1)
    assert facts.metadata == ("text metadata", "the time it was saved", "text metadata")
    assert facts.text() == "1 × 1 pixels; holds text metadata, the time it was saved"


def test_a_damaged_photo_says_what_was_found_and_that_it_broke_off():
    cut = sized_jpeg(800, 600)[:60]  # inside the EXIF block
    assert picture_facts(cut, "image/jpeg").text() == "could not be read to the end"
    assert picture_facts(b"%PDF-1.7", "application/pdf") is None
    broken = bytearray(png_with_text()[0])
    broken[struct.calcsize(">I") + 8 + 6] ^= 0xFF  # inside IHDR: its CRC no longer matches
    assert not picture_facts(bytes(broken), "image/png").complete


def test_the_stored_copy_is_described_from_its_first_bytes_only(store, tmp_path):
    case_id = add_case(store, simple_draft("Abai Kydyrbek"))
    photo = tmp_path / "detention notice.jpg"
    photo.write_bytes(sized_jpeg(1200, 1600))
    added = attach_file(store, case_id, photo, author())
    with store.read() as session:
        info = find_file(session, added.id)
        assert read_head(store.paths, session, info.record.sha256, 10) == photo.read_bytes()[:10]
        assert read_head(store.paths, session, info.record.sha256, 1 << 20) == \
            photo.read_bytes()
    assert describe_picture(store, info).startswith("1200 × 1600 pixels; holds EXIF")

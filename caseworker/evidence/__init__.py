"""Evidence files: photos of documents, court decisions, recorded testimony, kept inside
the encrypted store with their chain of custody (docs/architecture.md §13).

- `media_types`: media_type, size_text, PICTURES, CLEANABLE — what kind of file the first bytes say
  it is, and its size in words.
- `attaching`: attach_file, check_path, AddedFile, MAX_FILE_BYTES, MAX_FILES_PER_CASE — a
  file read in chunks and sealed into the store, in one write, under the case's history.
- `file_records`: files_of_case, find_file, file_to_json, FileInfo — what the store holds
  of a case's files, contents here or not.
- `exporting`: export_file, Exported — the original written out where a person asks,
  checked against its SHA-256 as it is written.
- `publication`: clean_copy, jpeg_segments, jpeg_metadata, png_chunks,
  png_metadata — a JPEG or PNG without its metadata (GPS, phone, time), the picture byte
  for byte as it was; a PDF through pdf_cleaning.
- `pdf_cleaning`: clean_pdf, PdfNotCleanable — a PDF without its properties and XMP.
- `picture_facts`: describe_picture, picture_facts, PictureFacts — a photo's size in
  pixels and the metadata it holds, read from the stored copy without a viewer.
- `purging`: purge_file — a file erased here and, through bundles, everywhere it went.
- `viewing`: can_view, find_viewer, open_copy, show_in_viewer, remove_copies,
  remove_abandoned_copies — a file opened in the system's viewer from a private folder in
  memory, removed at lock.
"""

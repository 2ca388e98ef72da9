"""What a file is when it is not a .docx the parser reads, so each kind gets its own problem.

Two looks, each returning a Problem or None (None: carry on reading it as a .docx):

- ``sniff_bytes`` before the zip is opened: an OLE container (a password-protected .docx,
  known by its EncryptionInfo and EncryptedPackage streams before anything else is asked of
  it; a password-protected .doc or a Word 97-2003 .doc, told apart with msoffcrypto-tool), a
  PDF, an RTF file;
- ``sniff_package`` after the zip's directory passed the safety checks: an OpenDocument
  text (.odt) or a macro-enabled Word document (.docm), which is refused rather than read
  so that a document carrying macros is never registered as the form.

A file that begins like a zip but cannot be opened as one is damaged (truncated in transit,
most often); anything else is simply not a .docx.
"""

from __future__ import annotations

import io
import zipfile

from parsers.docx.parts import damaged, not_a_docx, parse_xml, read_part
from parsers.model import Problem, Severity, problem

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
_PDF_MAGIC = b"%PDF-"
_PDF_WINDOW = 1024  # readers accept the header anywhere in the first KiB
_RTF_MAGIC = b"{\\rtf"
_ODF_TEXT = b"application/vnd.oasis.opendocument.text"
_CONTENT_TYPES = "[Content_Types].xml"
_MACRO_PARTS = ("word/vbaProject.bin", "word/vbaData.xml")
_SMALL_PART = 64 * 1024  # the mimetype entry and [Content_Types].xml are a few hundred bytes


def sniff_bytes(data: bytes) -> Problem | None:
    if data.startswith(OLE_MAGIC):
        return _ole_kind(data)
    if _PDF_MAGIC in data[:_PDF_WINDOW]:
        return problem("pdf_document", Severity.SENDER)
    if data.lstrip()[:len(_RTF_MAGIC)] == _RTF_MAGIC:
        return problem("rtf_document", Severity.SENDER)
    return None


def unopenable(data: bytes) -> Problem:
    """Why bytes that zipfile refused are not a document we can read."""
    if data.startswith(ZIP_MAGIC):
        return damaged("truncated or damaged zip archive")
    return not_a_docx("not a zip archive")


def sniff_package(archive: zipfile.ZipFile) -> Problem | None:
    names = set(archive.namelist())
    if "mimetype" in names:
        mimetype = read_part(archive, "mimetype", _SMALL_PART)
        if isinstance(mimetype, Problem):
            return mimetype if mimetype.code == "damaged_document" else None
        if mimetype.strip().startswith(_ODF_TEXT):
            return problem("opendocument_text", Severity.SENDER)
    if names.intersection(_MACRO_PARTS):
        return problem("macro_enabled_document", Severity.SENDER)
    return _declared_types(archive, names)


def _declared_types(archive: zipfile.ZipFile, names: set[str]) -> Problem | None:
    """[Content_Types].xml naming a macro-enabled main part (Word's .docm and .dotm), or
    damaged: Word refuses a package whose content types cannot be read, and so do we."""
    if _CONTENT_TYPES not in names:
        return None
    raw = read_part(archive, _CONTENT_TYPES, _SMALL_PART)
    if isinstance(raw, Problem):
        return raw if raw.code == "damaged_document" else None
    root = parse_xml(raw)
    if isinstance(root, Problem):
        return None
    if any("macroenabled" in (element.get("ContentType") or "").lower() for element in root.iter()):
        return problem("macro_enabled_document", Severity.SENDER)
    return None


def encrypted_package(data: bytes) -> bool:
    """An OLE container holding an ECMA-376 encrypted package (the EncryptionInfo and
    EncryptedPackage streams): a password-protected .docx as Word saves it (standard or
    agile encryption alike), or another password-protected OOXML file."""
    if not data.startswith(OLE_MAGIC):
        return False
    import olefile  # on use, as msoffcrypto below: only OLE files need it

    try:
        with olefile.OleFileIO(io.BytesIO(data)) as ole:
            return bool(ole.exists("EncryptionInfo") and ole.exists("EncryptedPackage"))
    except Exception:  # noqa: BLE001 - a third-party reader of hostile bytes: any failure means "not one"
        return False


def _ole_kind(data: bytes) -> Problem:
    if encrypted_package(data):
        return problem("encrypted_document", Severity.SENDER, reason="encrypted package")
    # Imported on use: it brings in the cryptography package, and only OLE files need it.
    import msoffcrypto

    try:
        office = msoffcrypto.OfficeFile(io.BytesIO(data))
        encrypted = office.is_encrypted()
    except Exception:  # noqa: BLE001 - a third-party reader of hostile bytes: any failure means "unknown"
        return not_a_docx("unreadable OLE container")
    if encrypted:
        return problem("encrypted_document", Severity.SENDER)
    if getattr(office, "format", "") == "doc97":
        return problem("legacy_word_document", Severity.SENDER)
    return not_a_docx(f"Office file of another kind ({getattr(office, 'format', '?')})")

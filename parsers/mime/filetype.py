"""What format a file is: told by its bytes first, by its name only when the bytes say nothing.

A password-protected .docx (an OLE container holding an encrypted package) counts as "docx",
so it reaches the form parser, which answers that the password must go.

Senders rename files (a .docx saved as "blankett.doc", a PDF export called "blankett.docx")
and clients label them application/octet-stream, so neither the name nor the MIME type is
trusted over the content. A damaged file whose bytes match no signature keeps the format
its name claims, so the form parser can say what is wrong with it.
"""

from __future__ import annotations

import io
import zipfile

from parsers.docx.formats import encrypted_package
from parsers.docx.parts import ZIP_ERRORS

FORMATS = ("docx", "docm", "doc", "odt", "pdf", "image", "other")

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_WORD_STREAM = "WordDocument".encode("utf-16-le")  # the main stream of a Word 97-2003 file
_ZIP = b"PK\x03\x04"
_IMAGES = (b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n", b"GIF87a", b"GIF89a", b"II*\x00", b"MM\x00*")
_HEIF_BRANDS = (b"ftypheic", b"ftypheix", b"ftyphevc", b"ftypmif1", b"ftypavif")
_ODT = b"application/vnd.oasis.opendocument.text"
_WORD_MAIN = b"wordprocessingml.document.main+xml"
_MACRO_MAIN = b"ms-word.document.macroEnabled.main+xml"
_SMALL_ENTRY = 256 * 1024  # [Content_Types].xml and mimetype are tiny; anything larger is not read
# Every way a damaged zip fails (a flipped bit in [Content_Types].xml is a zlib.error): the
# format is then the name's, and the form parser says what is wrong (damaged_document).
_ZIP_ERRORS = (*ZIP_ERRORS, KeyError, UnicodeDecodeError)

_BY_EXTENSION = {
    ".docx": "docx", ".docm": "docm", ".doc": "doc", ".dot": "doc", ".rtf": "doc", ".odt": "odt",
    ".pdf": "pdf", ".jpg": "image", ".jpeg": "image", ".png": "image", ".gif": "image",
    ".tif": "image", ".tiff": "image", ".heic": "image", ".heif": "image", ".webp": "image",
}
_NOT_WORD_OLE = (".xls", ".xlt", ".ppt", ".pps", ".msg", ".pub", ".vsd")
_NOT_WORD_OOXML = (".xlsx", ".xlsm", ".xltx", ".pptx", ".pptm", ".ppsx")


def file_format(filename: str, data: bytes) -> str:
    """One of FORMATS for a file called ``filename`` holding ``data``."""
    return _by_bytes(filename, data) or _by_name(filename)


def _by_name(filename: str) -> str:
    name = filename.lower().strip()
    dot = name.rfind(".")
    return _BY_EXTENSION.get(name[dot:], "other") if dot >= 0 else "other"


def _by_bytes(filename: str, data: bytes) -> str:
    head = data[:1024]
    if head.startswith(_ZIP):
        return _zip_format(data)
    if head.startswith(_OLE):
        return _ole_format(filename, data)
    if b"%PDF-" in head:  # readers accept junk before the header, so some writers put it there
        return "pdf"
    if head.startswith(b"{\\rtf"):
        return "doc"  # Word opens it as a document; it is not a .docx either way
    if head.startswith(_IMAGES) or head[4:12] in _HEIF_BRANDS or (head[:4] == b"RIFF" and head[8:12] == b"WEBP"):
        return "image"
    return ""


def _ole_format(filename: str, data: bytes) -> str:
    name = filename.lower()
    if encrypted_package(data):
        # A password-protected .docx is an OLE container too: told apart from a .doc first,
        # so that the form parser can say it is password-protected (encrypted_document).
        return "other" if name.endswith(_NOT_WORD_OOXML) else "docx"
    if _WORD_STREAM in data[:64 * 1024] or not name.endswith(_NOT_WORD_OLE):
        return "doc"
    return "other"


def _zip_format(data: bytes) -> str:
    """docx, docm, odt or other for a readable zip; '' for one too damaged to open."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            types = _small(archive, "[Content_Types].xml")
            if "word/document.xml" in names or _WORD_MAIN in types or _MACRO_MAIN in types:
                return "docm" if "word/vbaProject.bin" in names or _MACRO_MAIN in types else "docx"
            return "odt" if _small(archive, "mimetype").strip() == _ODT else "other"
    except _ZIP_ERRORS:
        return ""


def _small(archive: zipfile.ZipFile, name: str) -> bytes:
    try:
        info = archive.getinfo(name)
    except KeyError:
        return b""
    return archive.read(info) if info.file_size <= _SMALL_ENTRY else b""

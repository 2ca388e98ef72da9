"""Files that are not a .docx the parser reads: each kind gets its own problem code, a
sender problem with a sentence saying what to send instead, and nothing raises."""

from __future__ import annotations

import io
import struct
import zipfile

import pytest
from msoffcrypto.format.ooxml import OOXMLFile

from parsers.form.parse import parse_form
from parsers.model import Severity
from replies.problems import describe
from tests.support.formbuilder import rezip
from tests.support.paths import REPO

ROOT = REPO
BLANK = ROOT / "config" / "forms" / "anslutningsblankett-jamstallt-vg-2024-2027.docx"
FORMS = ROOT / "tests" / "data" / "forms"
DOCUMENT = "word/document.xml"
VALID = BLANK.read_bytes()


def blank_parts() -> dict[str, bytes]:
    with zipfile.ZipFile(BLANK) as package:
        return {info.filename: package.read(info) for info in package.infolist()}


def encrypted_docx() -> bytes:
    """The real form with a password, as Word's "Encrypt with password" saves it."""
    out = io.BytesIO()
    OOXMLFile(io.BytesIO(VALID)).encrypt("hemligt", out)
    return out.getvalue()


def macro_enabled(*, vba: bool) -> bytes:
    """The form saved as .docm: the main part's content type says macros (and, with ``vba``,
    a word/vbaProject.bin is there too)."""
    parts = blank_parts()
    types = parts["[Content_Types].xml"].replace(
        b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
        b"application/vnd.ms-word.document.macroEnabled.main+xml")
    assert types != parts["[Content_Types].xml"]
    extra = {"word/vbaProject.bin": b"\xd0\xcf\x11\xe0" + bytes(60)} if vba else {}
    return rezip({**parts, "[Content_Types].xml": types, **extra})


def odf_package() -> bytes:
    return rezip({"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<office:document/>"})


def corrupt_entry() -> bytes:
    """word/document.xml with a flipped byte inside its compressed data: the CRC fails."""
    data = bytearray(VALID)
    start = data.find(b"PK\x03\x04")
    while start != -1 and data[start + 30:start + 30 + len(DOCUMENT)] != DOCUMENT.encode():
        start = data.find(b"PK\x03\x04", start + 1)
    name_length, extra_length = struct.unpack_from("<HH", data, start + 26)
    data[start + 30 + name_length + extra_length + 200] ^= 0xFF
    return bytes(data)


FORMATS = {
    # name: (bytes, expected code)
    "Word 97-2003 .doc (LibreOffice)": (lambda: (FORMS / "vg-form.doc").read_bytes(), "legacy_word_document"),
    "OpenDocument .odt (LibreOffice)": (lambda: (FORMS / "vg-form.odt").read_bytes(), "opendocument_text"),
    "OpenDocument, minimal": (odf_package, "opendocument_text"),
    "password-protected .docx": (encrypted_docx, "encrypted_document"),
    ".docm, content type": (lambda: macro_enabled(vba=False), "macro_enabled_document"),
    ".docm, VBA project": (lambda: macro_enabled(vba=True), "macro_enabled_document"),
    "PDF": (lambda: b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n", "pdf_document"),
    "PDF after a mail gateway's junk": (lambda: b"\r\n" * 8 + b"%PDF-1.4\n", "pdf_document"),
    "RTF": (lambda: b"{\\rtf1\\ansi\\deff0 {\\fonttbl}Organisationens namn}", "rtf_document"),
    "corrupt entry (CRC)": (corrupt_entry, "damaged_document"),
    "zip cut after its first entry": (lambda: VALID[:200], "damaged_document"),
}


@pytest.mark.parametrize("name", list(FORMATS))
def test_each_kind_of_file_gets_its_own_problem(name, vg_campaign):
    make, code = FORMATS[name]
    parsed = parse_form(make(), vg_campaign)
    assert parsed.form is None
    assert [(p.code, p.severity) for p in parsed.problems] == [(code, Severity.SENDER)]


def test_the_sender_is_told_what_to_send_instead(vg_campaign):
    encrypted = parse_form(encrypted_docx(), vg_campaign).problems[0]
    assert describe(encrypted) == ("Den bifogade filen är lösenordsskyddad, så vi kan inte läsa den; "
                                   "ta bort lösenordet och skicka blanketten igen.")
    assert ".docx" in describe(parse_form((FORMS / "vg-form.doc").read_bytes(), vg_campaign).problems[0])

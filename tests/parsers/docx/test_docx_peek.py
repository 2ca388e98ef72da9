"""The main document's text from the start of a .docx (parsers.docx.peek), as routing reads
an attachment without fetching it whole: whatever the start tells must be exactly what the
whole file gives, and what it cannot tell must say so (the file is then read whole)."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from parsers.docx.peek import MAX_PEEK, peek_document
from parsers.route import docx_text
from tests.support import docx_mutations as mutate
from tests.support.hostile_mail import filled_form
from tests.support.paths import REPO

FILES = sorted((REPO / "tests" / "data").rglob("*.docx")) + sorted((REPO / "config" / "forms").glob("*.docx"))


def read_from_start(data: bytes, first: int = 1024) -> tuple[str | None, int]:
    """(text or None for "read it whole", bytes read), growing the head as the peek asks."""
    head = data[:first]
    while True:
        peek = peek_document(head)
        if peek.need and len(head) < len(data):
            assert peek.need > len(head), "a peek must ask for more than it has"
            head = data[:peek.need]
            continue
        return peek.text, len(head)


def zipped(entries: list[tuple[str, bytes, int]]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as package:
        for name, data, method in entries:
            package.writestr(name, data, method)
    return out.getvalue()


DOC = ('<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
       '<w:body><w:p><w:r><w:t>Dnr 801-9838-2024</w:t></w:r></w:p></w:body></w:document>').encode()


@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_the_start_gives_what_the_whole_file_gives(path: Path) -> None:
    data = path.read_bytes()
    text, read = read_from_start(data)
    assert text is None or text == docx_text(data)
    if text is not None:
        assert read <= max(len(data), 1024)


@pytest.mark.parametrize("index", range(4))
def test_filled_forms_are_read_from_their_start(index: int) -> None:
    data = filled_form(index)
    text, read = read_from_start(data)
    assert text == docx_text(data) and "801-9838-2024" in text
    assert read < len(data) / 2


def test_pictures_after_the_document_are_never_read() -> None:
    data = zipped([("[Content_Types].xml", b"<Types/>", zipfile.ZIP_DEFLATED), ("word/document.xml", DOC, zipfile.ZIP_DEFLATED),
                   ("word/media/image1.png", bytes(range(256)) * 2000, zipfile.ZIP_STORED)])
    text, read = read_from_start(data)
    assert text == docx_text(data) == "Dnr 801-9838-2024" and read <= 1024 < len(data) / 100


def test_the_package_relationships_name_the_main_part() -> None:
    rels = (b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="r1" '
            b'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
            b'Target="word/main.xml"/></Relationships>')
    decoy = DOC.replace(b"801-9838-2024", b"ingenting")
    data = zipped([("_rels/.rels", rels, zipfile.ZIP_DEFLATED), ("word/document.xml", decoy, zipfile.ZIP_DEFLATED),
                   ("word/main.xml", DOC, zipfile.ZIP_DEFLATED)])
    assert read_from_start(data)[0] == docx_text(data) == "Dnr 801-9838-2024"


@pytest.mark.parametrize("make", [
    lambda: mutate.encrypted(filled_form(0)),                        # not a zip the start can read
    lambda: zipped([("word/media/big.bin", bytes(MAX_PEEK + 10), zipfile.ZIP_STORED), ("word/document.xml", DOC, 8)]),
    lambda: b"%PDF-1.7 not a docx at all",
    lambda: zipped([("word/document.xml", DOC, zipfile.ZIP_BZIP2)]),  # a compression Word never writes
], ids=["encrypted", "document-far-in", "not-a-zip", "bzip2"])
def test_what_the_start_cannot_tell_is_read_whole(make) -> None:
    assert read_from_start(make())[0] is None


def test_damaged_starts_never_raise() -> None:
    data = filled_form(1)
    for cut in range(0, 6000, 37):
        peek_document(data[:cut])
        peek_document(data[:cut] + b"\xff" * 64)

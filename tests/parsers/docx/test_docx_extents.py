"""parsers.docx.extents: where the entries lie, against the directory. Overlapping entries
are unsafe, a directory that understates its entries' sizes has its own code; real packages,
streamed ones (data descriptors) and ones behind a prefix pass. And file formats by the bytes
for the encrypted and damaged packages that belong with them."""

from __future__ import annotations

import io
import zipfile

import pytest

from parsers.docx.safety import load_document
from parsers.form.parse import parse_form
from parsers.mime.filetype import file_format
from parsers.model import Problem
from tests.support import docx_mutations as mutate
from tests.support.paths import REPO

BLANK = (REPO / "config" / "forms" / "anslutningsblankett-jamstallt-vg-2024-2027.docx").read_bytes()
FORMS = sorted((REPO / "tests" / "data" / "forms").glob("lo-*.docx"))


class _Unseekable(io.RawIOBase):
    def __init__(self) -> None:
        self.data = bytearray()

    def writable(self) -> bool:
        return True

    def write(self, chunk: bytes) -> int:  # type: ignore[override]
        self.data += chunk
        return len(chunk)


def streamed(data: bytes) -> bytes:
    """The package rewritten to a stream that cannot seek: every entry gets a data descriptor."""
    out = _Unseekable()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info.filename, source.read(info))
    return bytes(out.data)


UNSAFE = [
    # (name, bytes, code, words of the reason)
    ("size runs over the next entry", lambda: mutate.overlapping(BLANK, "next"), "unsafe_document", "overlapping"),
    ("two entries, one local header", lambda: mutate.overlapping(BLANK, "same"), "unsafe_document", "overlapping"),
    ("size runs into the directory", lambda: mutate.overlapping(BLANK, "directory"), "unsafe_document",
     "central directory"),
    ("directory understates a size", lambda: mutate.understated(BLANK), "understated_sizes", "understates"),
    ("overlap in a streamed package", lambda: mutate.overlapping(streamed(BLANK), "same"), "unsafe_document",
     "overlapping"),
]


@pytest.mark.parametrize("name", [u[0] for u in UNSAFE])
def test_misplaced_entries_are_refused(name: str) -> None:
    _, make, code, words = next(u for u in UNSAFE if u[0] == name)
    found = load_document(make())
    assert isinstance(found, Problem) and found.code == code and words in found.param("reason"), found


@pytest.mark.parametrize("make", [lambda: BLANK, lambda: streamed(BLANK), lambda: b"#!stub\n" * 40 + BLANK,
                                  *[lambda path=path: path.read_bytes() for path in FORMS]],
                         ids=["blank", "streamed", "behind a prefix", *[p.name for p in FORMS]])
def test_real_packages_pass(make) -> None:
    assert not isinstance(load_document(make()), Problem)


@pytest.mark.parametrize("name, data, expected", [
    ("Anslutning.docx", mutate.encrypted(BLANK), "docx"),
    ("Anslutning.doc", mutate.encrypted(BLANK), "docx"),
    ("blankett", mutate.encrypted(BLANK), "docx"),
    ("Budget.xlsx", mutate.encrypted(BLANK), "other"),
    ("Anslutning.docx", mutate.corrupt_entry(BLANK, "[Content_Types].xml"), "docx"),  # by its name: damaged
    ("blankett", mutate.corrupt_entry(BLANK, "[Content_Types].xml"), "other"),
])
def test_formats_of_encrypted_and_damaged_packages(name: str, data: bytes, expected: str) -> None:
    assert file_format(name, data) == expected


def test_a_password_protected_docx_gets_the_password_problem_not_the_doc_one(vg_campaign) -> None:
    stored = (REPO / "tests" / "data" / "forms" / "vg-form-encrypted.docx").read_bytes()
    for data in (stored, mutate.encrypted(BLANK)):
        assert [p.code for p in parse_form(data, vg_campaign).problems] == ["encrypted_document"]
    legacy = (REPO / "tests" / "data" / "forms" / "vg-form.doc").read_bytes()
    assert [p.code for p in parse_form(legacy, vg_campaign).problems] == ["legacy_word_document"]


def test_corruption_anywhere_read_is_damaged_document(vg_campaign) -> None:
    for name in (mutate.DOCUMENT, "[Content_Types].xml", "_rels/.rels"):
        codes = [p.code for p in parse_form(mutate.corrupt_entry(BLANK, name), vg_campaign).problems]
        assert codes == ["damaged_document"], (name, codes)
    assert [p.code for p in parse_form(mutate.truncated(BLANK), vg_campaign).problems] == ["damaged_document"]


def test_deep_nesting_has_its_own_code(vg_campaign) -> None:
    assert [p.code for p in parse_form(mutate.nested_tables(BLANK), vg_campaign).problems] == ["nesting_too_deep"]
    assert [p.code for p in parse_form(mutate.nested_tables(BLANK, 80), vg_campaign).problems] != ["nesting_too_deep"]

"""Hostile and broken .docx bytes: each gets its problem code, quickly, and nothing raises.
Files of other kinds (.doc, .odt, .docm, PDF, ...) are in test_form_formats.py."""

from __future__ import annotations

import io
import os
import struct
import time
import zipfile

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from parsers.docx.safety import DEFAULT_LIMITS, MB, DocxLimits, load_document
from parsers.form.parse import DOCUMENT_CODES, parse_form
from parsers.model import Problem
from tests.support.formbuilder import rezip
from tests.support.paths import REPO

ROOT = REPO
BLANK = ROOT / "config" / "forms" / "anslutningsblankett-jamstallt-vg-2024-2027.docx"
DOCUMENT = "word/document.xml"
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
QUICK = 5.0  # seconds; the checks are meant to refuse long before any real work


def blank_parts() -> dict[str, bytes]:
    with zipfile.ZipFile(BLANK) as package:
        return {info.filename: package.read(info) for info in package.infolist()}


def with_document(xml: bytes) -> bytes:
    return rezip({**blank_parts(), DOCUMENT: xml})


def one_entry(name: str, data: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr(name, data)
    return out.getvalue()


def many_entries(count: int) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as package:
        for number in range(count):
            package.writestr(f"word/media/{number}.txt", b"x")
    return out.getvalue()


def duplicate_document() -> bytes:
    parts = blank_parts()
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as package:
        for name, data in parts.items():
            package.writestr(name, data)
        with pytest.warns(UserWarning, match="Duplicate name"):
            package.writestr(DOCUMENT, b"<w:document/>")
    return out.getvalue()


def lying_size() -> bytes:
    """word/document.xml declares 10 bytes in the central directory but holds far more."""
    padded = b'<w:document xmlns:w="' + W_NS.encode() + b'">' + b" " * 100_000 + b"</w:document>"
    data = bytearray(with_document(padded))
    directory = data.rfind(b"PK\x01\x02", 0, data.find(DOCUMENT.encode(), data.find(b"PK\x01\x02")) + 1)
    struct.pack_into("<I", data, directory + 24, 10)
    return bytes(data)


def encrypted_flag() -> bytes:
    """word/document.xml marked as encrypted (general purpose flag bit 0) in both headers."""
    data = bytearray(VALID)
    name = DOCUMENT.encode()
    for signature, flag_offset, name_offset in ((b"PK\x03\x04", 6, 30), (b"PK\x01\x02", 8, 46)):
        start = data.find(signature)
        while start != -1:
            if data[start + name_offset:start + name_offset + len(name)] == name:
                data[start + flag_offset] |= 0x1
            start = data.find(signature, start + 1)
    return bytes(data)


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r>
<w:t>&lol3;</w:t></w:r></w:p></w:body></w:document>"""
EXTERNAL_ENTITY = b"""<?xml version="1.0"?><!DOCTYPE d [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r>
<w:t>&xxe;</w:t></w:r></w:p></w:body></w:document>"""
DEEP = (b'<w:document xmlns:w="' + W_NS.encode() + b'"><w:body>' + b"<w:customXml>" * 5000
        + b"</w:customXml>" * 5000 + b"</w:body></w:document>")
MANY_PARAGRAPHS = (b'<w:document xmlns:w="' + W_NS.encode() + b'"><w:body>'
                   + b"<w:p><w:r><w:t>M\xc3\xa5l 3</w:t></w:r></w:p>" * 10_001 + b"</w:body></w:document>")
VALID = BLANK.read_bytes()

HOSTILE = {
    # name: (bytes, expected code, words the reason must contain)
    "zip bomb, entry too large": (lambda: one_entry(DOCUMENT, bytes(25 * MB)), "unsafe_document", "too large"),
    "zip bomb, compression ratio": (lambda: one_entry(DOCUMENT, bytes(5 * MB)), "unsafe_document", "ratio"),
    "too many entries": (lambda: many_entries(2001), "unsafe_document", "too many entries"),
    "duplicate entry names": (duplicate_document, "unsafe_document", "duplicate"),
    "billion laughs": (lambda: with_document(BILLION_LAUGHS), "unsafe_document", "DOCTYPE"),
    "external entity": (lambda: with_document(EXTERNAL_ENTITY), "unsafe_document", "DOCTYPE"),
    "DOCTYPE in UTF-16": (lambda: with_document(BILLION_LAUGHS.decode().replace('"1.0"?', '"1.0" encoding="UTF-16"?')
                                                .encode("utf-16")), "unsafe_document", "DOCTYPE"),
    "DOCTYPE in package relationships": (lambda: rezip({**blank_parts(), "_rels/.rels": BILLION_LAUGHS}),
                                         "unsafe_document", "DOCTYPE"),
    "declared size lies": (lying_size, "understated_sizes", "understates"),
    "encrypted entry": (encrypted_flag, "encrypted_document", "encrypted"),
    "truncated zip": (lambda: VALID[: len(VALID) // 2], "damaged_document", "truncated"),
    "random bytes": (lambda: os.urandom(4096), "not_a_docx", "zip"),
    "empty bytes": (lambda: b"", "not_a_docx", "zip"),
    "OLE header, nothing inside": (lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(4088), "not_a_docx",
                                   "OLE"),
    "zip without a document": (lambda: one_entry("hello.txt", b"hello"), "not_a_docx", "word/document.xml"),
    "spreadsheet, not a Word document": (lambda: with_document(b"<workbook/>"), "not_a_docx", "not a Word document"),
    "malformed XML": (lambda: with_document(b"<w:document><w:body>"), "not_a_docx", "well-formed"),
    "nesting deeper than libxml2 allows": (lambda: with_document(DEEP), "nesting_too_deep", "nested deeper"),
    "too many paragraphs": (lambda: with_document(MANY_PARAGRAPHS), "unsafe_document", "too many paragraphs"),
}


@pytest.mark.parametrize("name", list(HOSTILE))
def test_hostile_input_gets_its_problem_quickly(name, vg_campaign):
    make, code, reason = HOSTILE[name]
    data = make()
    started = time.perf_counter()
    parsed = parse_form(data, vg_campaign)
    elapsed = time.perf_counter() - started
    assert parsed.form is None
    assert [p.code for p in parsed.problems] == [code]
    assert reason in parsed.problems[0].param("reason")
    assert elapsed < QUICK


def test_limits_are_a_frozen_dataclass_with_the_documented_defaults():
    documented = DocxLimits(max_entries=2000, max_entry_size=20 * MB, max_total_size=50 * MB,
                            max_ratio=100, ratio_floor=1 * MB, max_paragraphs=10_000)
    assert documented == DEFAULT_LIMITS
    with pytest.raises(AttributeError):
        DEFAULT_LIMITS.max_entries = 1  # type: ignore[misc]


def test_tighter_limits_refuse_the_real_form(vg_campaign):
    parsed = parse_form(VALID, vg_campaign, limits=DocxLimits(max_entries=5))
    assert [p.code for p in parsed.problems] == ["unsafe_document"]


def test_total_size_limit_counts_all_entries():
    parts = {f"word/media/{n}.bin": os.urandom(64 * 1024) for n in range(4)}
    assert isinstance(load_document(rezip(parts), DocxLimits(max_total_size=200 * 1024)), Problem)


def test_the_real_form_passes_the_checks():
    root = load_document(VALID)
    assert not isinstance(root, Problem)
    assert root.tag == f"{{{W_NS}}}document"


@pytest.mark.parametrize("wrapper", [
    ("<w:p>" + "<w:hyperlink>" * 250, "<w:r><w:t>Mål 1</w:t></w:r>" + "</w:hyperlink>" * 250 + "</w:p>"),
    ("<w:tbl><w:tr><w:tc>" * 83, "<w:p/>" + "</w:tc></w:tr></w:tbl>" * 83),
    ("<w:sdt><w:sdtContent>" * 125, "<w:p/>" + "</w:sdtContent></w:sdt>" * 125),
])
def test_nesting_as_deep_as_libxml2_allows_is_read(wrapper, vg_campaign):
    opening, closing = wrapper
    xml = f'<w:document xmlns:w="{W_NS}"><w:body>{opening}{closing}</w:body></w:document>'.encode()
    assert [p.code for p in parse_form(with_document(xml), vg_campaign).problems] == ["not_the_form"]


@settings(max_examples=50, deadline=None, database=None)
@given(data=st.binary(max_size=4096))
def test_any_bytes_give_a_problem_never_an_exception(data, vg_campaign):
    parsed = parse_form(data, vg_campaign)
    assert parsed.form is None
    assert {p.code for p in parsed.problems} <= DOCUMENT_CODES - {"parser_failed"}


@settings(max_examples=50, deadline=None, database=None)
@given(position=st.integers(0, len(VALID) - 1), value=st.integers(0, 255))
def test_a_damaged_byte_gives_a_result_never_an_exception(position, value, vg_campaign):
    data = bytearray(VALID)
    data[position] = value
    parsed = parse_form(bytes(data), vg_campaign)
    assert "parser_failed" not in {p.code for p in parsed.problems}


@settings(max_examples=50, deadline=None, database=None)
@given(pieces=st.lists(st.sampled_from([
    "<w:p>", "</w:p>", "<w:r>", "</w:r>", "<w:t>Mål 3</w:t>", "<w:t>Organisationens namn:</w:t>", "<w:tab/>",
    "<w:tbl>", "</w:tbl>", "<w:tr>", "</w:tr>", "<w:tc>", "</w:tc>", "<w:sdt>", "</w:sdt>", "<w:sdtContent>",
    "</w:sdtContent>", '<w:fldChar w:fldCharType="begin"><w:ffData><w:checkBox/></w:ffData></w:fldChar>',
    '<w:fldChar w:fldCharType="begin"><w:ffData><w:ddList><w:result w:val="99"/></w:ddList></w:ffData></w:fldChar>',
    "<w:t>X</w:t>", "<w:t>☒</w:t>", "<w:t>Informationsträffar</w:t>", "<w:t>17 april</w:t>", "<w:br/>",
    '<w:sym w:char="F0FE"/>', "<w:t>Mål 99999999999999999999</w:t>",
]), max_size=60))
def test_odd_structures_give_a_result_never_an_exception(pieces, vg_campaign):
    xml = f'<w:document xmlns:w="{W_NS}"><w:body>{"".join(pieces)}</w:body></w:document>'.encode()
    parsed = parse_form(with_document(xml), vg_campaign)
    assert "parser_failed" not in {p.code for p in parsed.problems}


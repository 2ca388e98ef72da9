"""Fuzzing parse_form with mutated real forms: only the parser's documented problems come out.

The seeds are filled forms in every filling and the LibreOffice re-saves. Mutations work at
three levels: the .docx bytes (flip, insert, delete, truncate), so the zip layer sees
damage; the text of word/document.xml before re-zipping (mostly no longer well-formed); and
its elements (dropped, copied, moved, emptied, form markup grafted in), so the readers see
odd structures in a document that parses; and the hostile-input catalogue's tricks (overlapping
entries, understated sizes, encryption, nesting depth, corrupt entries), alone or with damage on
top. Whatever comes in, parse_form returns a ParsedForm whose problem codes are all in
PROBLEM_CODES, and never falls back to ``parser_failed``.
"""

from __future__ import annotations

import copy
import io
import zipfile

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from parsers.form.parse import PROBLEM_CODES, parse_form
from parsers.model import Campaign, ParsedForm
from tests.support.formbuilder import (
    DOCUMENT,
    W14,
    Filling,
    FillValues,
    W,
    build_filling,
    rezip,
)
from tests.support import docx_mutations as docx
from tests.support.paths import REPO

ROOT = REPO
ENCRYPTED = (REPO / "tests" / "data" / "forms" / "vg-form-encrypted.docx").read_bytes()
VG = "jamstallt-vg-2024-2027"
FUZZ = settings(max_examples=40, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
# Pieces of WordprocessingML to splice into a document: the readers' own vocabulary.
PIECES = [
    "<w:p>", "</w:p>", "<w:r>", "</w:r>", "<w:tbl>", "</w:tbl>", "<w:tr>", "</w:tr>", "<w:tc>", "</w:tc>",
    "<w:t>Mål 3</w:t>", "<w:t>X</w:t>", "<w:t>☒</w:t>", "<w:t>Organisationens namn:</w:t>", "<w:tab/>",
    "<w:sdt><w:sdtPr><w14:checkbox/></w:sdtPr><w:sdtContent>", "</w:sdtContent></w:sdt>", "<w:rPr><w:b/></w:rPr>",
    '<w:fldChar w:fldCharType="begin"><w:ffData><w:checkBox><w:checked/></w:checkBox></w:ffData></w:fldChar>',
    "<w:del><w:r><w:delText>Mål 5</w:delText></w:r></w:del>", "<w:ins><w:r><w:t>mål 3 och 4</w:t></w:r></w:ins>",
    "<w:t>4. Prioriterade regionala mål</w:t>", '<w:sym w:char="F0FE"/>', "<w:t>Mål 99999999</w:t>",
    "<w:trPr><w:del/></w:trPr>", "&amp;", "<!-- -->", "<![CDATA[x]]>", "\x00", "<w:t>" + "å" * 300 + "</w:t>",
]


@pytest.fixture(scope="module")
def seeds(vg_campaign: Campaign) -> list[bytes]:
    blank = vg_campaign.form_path.read_bytes()
    values = FillValues(goals=(3, 12), sessions=(vg_campaign.sessions[0].id,))
    built = [build_filling(blank, vg_campaign, values, filling, variant=1) for filling in Filling]
    return built + [path.read_bytes() for path in sorted((ROOT / "tests" / "data" / "forms").glob("lo-vg-*.docx"))]


def assert_documented(parsed: ParsedForm) -> None:
    assert isinstance(parsed, ParsedForm)
    codes = {p.code for p in parsed.problems}
    assert codes <= PROBLEM_CODES, codes - PROBLEM_CODES
    assert "parser_failed" not in codes, parsed.problems


byte_edits = st.lists(st.tuples(st.sampled_from(["flip", "insert", "delete"]), st.floats(0, 1),
                                st.integers(1, 255)), min_size=1, max_size=8)


@FUZZ
@given(seed=st.integers(0, 100), edits=byte_edits, cut=st.one_of(st.none(), st.floats(0, 1)))
def test_mutated_docx_bytes_give_documented_problems(seed, edits, cut, seeds, vg_campaign):
    data = bytearray(seeds[seed % len(seeds)])
    for kind, where, value in edits:
        position = int(where * (len(data) - 1))
        if kind == "flip":
            data[position] ^= value
        elif kind == "insert":
            data[position:position] = bytes([value]) * (value % 7 + 1)
        else:
            del data[position:position + value % 16 + 1]
    if cut is not None:
        del data[int(cut * len(data)):]
    assert_documented(parse_form(bytes(data), vg_campaign))


xml_edits = st.lists(st.tuples(st.sampled_from(["splice", "drop", "repeat", "swap"]), st.floats(0, 1),
                               st.floats(0, 1), st.sampled_from(PIECES)), min_size=1, max_size=6)


@FUZZ
@given(seed=st.integers(0, 100), edits=xml_edits)
def test_mutated_document_xml_gives_documented_problems(seed, edits, seeds, vg_campaign):
    with zipfile.ZipFile(io.BytesIO(seeds[seed % len(seeds)])) as package:
        parts = {info.filename: package.read(info) for info in package.infolist()}
    xml = parts[DOCUMENT].decode("utf-8")
    for kind, start, length, piece in edits:
        begin = int(start * len(xml))
        end = min(len(xml), begin + int(length * 4000))
        if kind == "splice":
            xml = xml[:begin] + piece + xml[begin:]
        elif kind == "drop":
            xml = xml[:begin] + xml[end:]
        elif kind == "repeat":
            xml = xml[:end] + xml[begin:end] + xml[end:]
        else:
            xml = xml[:begin] + xml[end:] + xml[begin:end]
    parsed = parse_form(rezip({**parts, DOCUMENT: xml.encode("utf-8")}), vg_campaign)
    assert_documented(parsed)


FRAGMENTS = [
    "<w:p><w:r><w:t>Mål 3</w:t></w:r></w:p>", "<w:p><w:r><w:t>X Mål 14 – Våld i ungas parrelationer</w:t></w:r></w:p>",
    "<w:r><w:t>☒</w:t></w:r>", "<w:r><w:rPr><w:b/></w:rPr><w:t>Mål 7</w:t></w:r>", "<w:r><w:tab/></w:r>",
    "<w:p><w:r><w:t>Vi prioriterar mål 2, 5 och 99.</w:t></w:r></w:p>", "<w:trPr><w:del/></w:trPr>",
    "<w:p><w:r><w:t>4. Prioriterade regionala mål</w:t></w:r></w:p>",
    "<w:tbl><w:tr><w:tc><w:p><w:r><w:t>Organisationsnummer</w:t></w:r></w:p></w:tc></w:tr></w:tbl>",
    "<w:sdt><w:sdtPr><w14:checkbox><w14:checked w14:val='1'/></w14:checkbox></w:sdtPr></w:sdt>",
    ("<w:r><w:fldChar w:fldCharType='begin'><w:ffData><w:ddList><w:result w:val='7'/></w:ddList></w:ffData>"
     "</w:fldChar></w:r>"),
    "<w:del><w:r><w:delText>Mål 1</w:delText></w:r></w:del>", "<w:p><w:pPr><w:shd w:fill='FFFF00'/></w:pPr></w:p>",
]
element_edits = st.lists(st.tuples(st.sampled_from(["drop", "copy", "move", "graft", "empty"]), st.floats(0, 1),
                                   st.floats(0, 1), st.sampled_from(FRAGMENTS)), min_size=1, max_size=8)


@FUZZ
@given(seed=st.integers(0, 100), edits=element_edits)
def test_rearranged_document_elements_give_documented_problems(seed, edits, seeds, vg_campaign):
    """Well-formed but wrong: elements dropped, copied, moved into other elements, emptied,
    and pieces of form markup grafted anywhere, so every reader sees odd structures."""
    with zipfile.ZipFile(io.BytesIO(seeds[seed % len(seeds)])) as package:
        parts = {info.filename: package.read(info) for info in package.infolist()}
    root = etree.fromstring(parts[DOCUMENT])
    for kind, first, second, fragment in edits:
        elements = [element for element in root.iter() if element is not root and element.getparent() is not None]
        if not elements:
            break
        element, target = (elements[int(where * (len(elements) - 1))] for where in (first, second))
        if kind == "drop":
            element.getparent().remove(element)
        elif kind == "copy":
            element.addnext(copy.deepcopy(element))
        elif kind == "move" and element not in target.iterancestors() and element is not target:
            target.append(element)
        elif kind == "graft":
            target.append(etree.fromstring(f'<root xmlns:w="{W[1:-1]}" xmlns:w14="{W14[1:-1]}">{fragment}</root>')[0])
        elif kind == "empty":
            element.clear()
    assert_documented(parse_form(rezip({**parts, DOCUMENT: etree.tostring(root)}), vg_campaign))


@FUZZ
@given(seed=st.integers(0, 100), names=st.lists(st.sampled_from(
    ["[Content_Types].xml", "_rels/.rels", DOCUMENT, "mimetype", "word/vbaProject.bin", "word/styles.xml"]),
    max_size=3), junk=st.binary(max_size=64))
def test_mutated_package_parts_give_documented_problems(seed, names, junk, seeds, vg_campaign):
    with zipfile.ZipFile(io.BytesIO(seeds[seed % len(seeds)])) as package:
        parts = {info.filename: package.read(info) for info in package.infolist()}
    for name in names:
        parts[name] = junk
    assert_documented(parse_form(rezip(parts), vg_campaign))


STRUCTURAL = {
    # the catalogue's tricks, each on an intact seed: (mutation, codes it may give)
    "overlapping entries": (lambda d, n: docx.overlapping(d, ("next", "same", "directory")[n % 3]),
                            {"unsafe_document"}),
    "understated sizes": (lambda d, n: docx.understated(d), {"understated_sizes"}),
    "encryption": (lambda d, n: ENCRYPTED, {"encrypted_document"}),
    "nesting depth": (lambda d, n: docx.nested_tables(d, 90 + n * 500), {"nesting_too_deep"}),
    "corrupt entry": (lambda d, n: docx.corrupt_entry(d, (DOCUMENT, "[Content_Types].xml", "_rels/.rels")[n % 3]),
                      {"damaged_document"}),
}


@FUZZ
@given(seed=st.integers(0, 100), trick=st.sampled_from(sorted(STRUCTURAL)), n=st.integers(0, 40),
       edits=st.one_of(st.none(), byte_edits))
def test_the_catalogues_tricks_give_their_codes(seed, trick, n, edits, seeds, vg_campaign):
    """Overlapping entries, understated sizes, encryption, nesting depth and corrupt entries give
    their own code; with byte damage on top, still only documented problems."""
    mutate, codes = STRUCTURAL[trick]
    data = bytearray(mutate(seeds[seed % len(seeds)], n))
    for kind, where, value in edits or ():
        position = int(where * (len(data) - 1))
        if kind == "flip":
            data[position] ^= value
        elif kind == "insert":
            data[position:position + 0] = bytes([value]) * (value % 7 + 1)
        else:
            del data[position:position + value % 16 + 1]
    parsed = parse_form(bytes(data), vg_campaign)
    assert_documented(parsed)
    if edits is None:
        assert {p.code for p in parsed.problems} <= codes, (trick, parsed.problems)
        assert parsed.form is None

"""Fill the blank official form (config/forms/*.docx) the ways senders do, for tests.

``build_form(blank, campaign, values, style, variant=n)`` edits the blank form's
word/document.xml with lxml and re-zips the package. ``variant`` picks among the spellings
each style allows (which tick glyph, which legacy checkbox encoding, which label layout in
a retyped document, a typed mark in the box's cell or before the goal's label, a retyped
list of every goal with marks), so property tests cover them without more parameters.

``build_filling(..., filling, variant=n)`` adds the fillings that are not styles of their
own: tracked changes left unaccepted (over typed marks), and a LibreOffice re-save (over
content controls, legacy fields or typed marks, by variant). ``emphasise`` makes goal lines
bold, highlighted or shaded, the way some senders mark their choice.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from lxml import etree

from parsers.model import Campaign, Contact, Decision, FormStyle, GoalSource, Signature

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
W14 = "{http://schemas.microsoft.com/office/word/2010/wordml}"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
DOCUMENT = "word/document.xml"

# (section number in the blank form, label cell) -> field
CELLS = {
    (1, "Organisationens namn"): "organisation", (1, "Organisationsnummer"): "org_number",
    (2, "Namn"): "contact.name", (2, "Befattning"): "contact.title",
    (2, "E-postadress"): "contact.email", (2, "Telefonnummer"): "contact.phone",
    (3, "Beslutande organ"): "decision.body", (3, "Paragraf"): "decision.paragraph",
    (3, "Datum för beslut"): "decision.date", (3, "Ert diarienummer"): "decision.reference",
    (7, "Ort och datum"): "signature.place_and_date", (7, "Namnförtydligande"): "signature.name",
    (7, "Befattning"): "signature.title",
}
RETYPED_LABELS = (
    ("Organisation", None), ("Organisationens namn", "organisation"), ("Organisationsnummer", "org_number"),
    ("Typ av organisation", "organisation_type"),
    ("Kontaktperson", None), ("Namn", "contact.name"), ("Befattning", "contact.title"),
    ("E-postadress", "contact.email"), ("Telefonnummer", "contact.phone"),
    ("Beslut om anslutning", None), ("Beslutande organ", "decision.body"), ("Paragraf", "decision.paragraph"),
    ("Datum för beslut", "decision.date"), ("Ert diarienummer", "decision.reference"),
)
TICKS = ("X", "x", "☒", "■", "✓", "✔")
DASHES = ("–", "-", "—")


@dataclass(frozen=True)
class FillValues:
    organisation: str = "Testby kommun"
    org_number: str = "212000-0001"
    organisation_type: str = "Kommun"
    contact: Contact = Contact("Anna Åberg", "Utvecklingsledare", "anna.aberg@testby.se", "0123-45 67 89")
    decision: Decision = Decision("Kommunstyrelsen", "§ 12", "2025-03-01", "KS 2025/17")
    goals: tuple[int, ...] = (1,)
    sessions: tuple[str, ...] = ()
    plan: str = "Vi tar fram en handlingsplan under året."
    signature: Signature = Signature("Testby 2025-03-02", "Anna Åberg", "Kommundirektör")

    def text(self, name: str) -> str:
        value: object = self
        for part in name.split("."):
            value = getattr(value, part)
        return str(value)


def build_form(blank: bytes, campaign: Campaign, values: FillValues, style: FormStyle, *, variant: int = 0) -> bytes:
    with zipfile.ZipFile(io.BytesIO(blank)) as package:
        parts = {info.filename: package.read(info) for info in package.infolist()}
    root = etree.fromstring(parts[DOCUMENT])
    body = root.find(f"{W}body")
    if style is FormStyle.RETYPED:
        _retype(body, campaign, values, variant)
    else:
        _fill(body, campaign, values, style, variant)
    parts[DOCUMENT] = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    return rezip(parts)


def with_body(blank: bytes, body_xml: str) -> bytes:
    """The blank form's package with its body replaced by ``body_xml`` (w: and w14: bound)."""
    fragment = etree.fromstring(f'<w:body xmlns:w="{W[1:-1]}" xmlns:w14="{W14[1:-1]}">{body_xml}</w:body>')
    return _with_body_children(blank, list(fragment))


def with_lines(blank: bytes, lines: list[str]) -> bytes:
    """A retyped document: one paragraph per line, a tab in a line kept as w:tab."""
    return _with_body_children(blank, [_paragraph(line) for line in lines])


def _with_body_children(blank: bytes, children: list[etree._Element]) -> bytes:
    with zipfile.ZipFile(io.BytesIO(blank)) as package:
        parts = {info.filename: package.read(info) for info in package.infolist()}
    root = etree.fromstring(parts[DOCUMENT])
    body = root.find(f"{W}body")
    for child in list(body):
        if child.tag != f"{W}sectPr":
            body.remove(child)
    for position, child in enumerate(children):
        body.insert(position, child)
    parts[DOCUMENT] = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    return rezip(parts)


def rezip(parts: dict[str, bytes]) -> bytes:
    """The parts as a .docx; with a fixed timestamp, so the same parts give the same bytes."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        for name, data in parts.items():
            package.writestr(zipfile.ZipInfo(name, date_time=(2025, 1, 1, 0, 0, 0)), data,
                             compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


# --- filling the official layout --------------------------------------------------------

def _fill(body: etree._Element, campaign: Campaign, values: FillValues, style: FormStyle, variant: int) -> None:
    section = 0
    for block in list(body):
        text = _text(block)
        if block.tag == f"{W}p" and (heading := re.match(r"(\d)\. ", text)):
            section = int(heading.group(1))
        elif block.tag == f"{W}p" and section == 6 and _box(block) is not None:
            chosen = [s.id for s in campaign.sessions if s.form_label in text and s.id in values.sessions]
            _tick(_box(block), bool(chosen), style, variant)
        elif block.tag == f"{W}tbl":
            for row in block.findall(f"{W}tr"):
                _fill_row(row, section, values, style, variant)
    if style is FormStyle.DELETED_ROWS:
        _delete_unchosen_goal_rows(body, values.goals)


def _fill_row(row: etree._Element, section: int, values: FillValues, style: FormStyle, variant: int) -> None:
    cells = row.findall(f"{W}tc")
    goal = _goal_of(row)
    if goal is not None:
        if style is FormStyle.DELETED_ROWS:
            _replace(_box(cells[0]), [])
        elif style is FormStyle.TYPED_MARKS and variant % 4 == 3:  # the mark typed before "Mål N"
            _replace(_box(cells[0]), [])
            if goal in values.goals:
                cells[1].find(f".//{W}t").text = f"{TICKS[variant % len(TICKS)]} Mål {goal}"
        else:
            _tick(_box(cells[0]), goal in values.goals, style, variant)
    elif section == 5:
        _write(_text_control(cells[0]), values.plan, style)
    elif section == 1 and _text(cells[0]) == "Typ av organisation":
        for para in cells[1].findall(f"{W}p"):
            _tick(_box(para), _text(para).strip("☐☒ ") == values.organisation_type, style, variant)
    elif len(cells) == 2 and (name := CELLS.get((section, _text(cells[0])))):
        _write(_text_control(cells[1]), values.text(name), style)


def _delete_unchosen_goal_rows(body: etree._Element, goals: tuple[int, ...]) -> None:
    """Remove the goal rows not chosen, then the area headings left with no goal under them."""
    for table in body.findall(f"{W}tbl"):
        if all(_goal_of(row) is None for row in table.findall(f"{W}tr")):
            continue
        for row in table.findall(f"{W}tr"):
            if _goal_of(row) not in (None, *goals):
                table.remove(row)
        rows = table.findall(f"{W}tr")
        for row, following in zip(rows, [*rows[1:], None], strict=True):
            if _goal_of(row) is None and (following is None or _goal_of(following) is None):
                table.remove(row)


def _goal_of(row: etree._Element) -> int | None:
    cells = row.findall(f"{W}tc")
    match = re.fullmatch(r"Mål (\d+)", _text(cells[1])) if len(cells) == 3 else None
    return int(match.group(1)) if match else None


def _tick(box: etree._Element, ticked: bool, style: FormStyle, variant: int) -> None:
    if style is FormStyle.CONTENT_CONTROLS:
        box.find(f"{W}sdtPr/{W14}checkbox/{W14}checked").set(f"{W14}val", "1" if ticked else "0")
        box.find(f".//{W}t").text = "☒" if ticked else "☐"
    elif style is FormStyle.LEGACY_FIELDS:
        _replace(box, _legacy_checkbox(ticked, variant))
    else:
        _replace(box, [_run(TICKS[variant % len(TICKS)] if ticked else ("☐" if variant % 2 else ""))])


def _legacy_checkbox(ticked: bool, variant: int) -> list[etree._Element]:
    # The encodings Word and other writers use: w:checked bare, with a value, or only w:default.
    encodings = {True: ('<w:default w:val="0"/><w:checked/>', '<w:default w:val="0"/><w:checked w:val="1"/>',
                        '<w:default w:val="1"/>'),
                 False: ('<w:default w:val="0"/>', '<w:default w:val="1"/><w:checked w:val="0"/>',
                         '<w:default w:val="0"/><w:checked w:val="false"/>')}
    state = encodings[ticked][variant % 3]
    return [_xml(f'<w:r><w:fldChar w:fldCharType="begin"><w:ffData><w:name w:val="Kryss"/><w:enabled/>'
                 f'<w:checkBox><w:sizeAuto/>{state}</w:checkBox></w:ffData></w:fldChar></w:r>'),
            _xml('<w:r><w:instrText xml:space="preserve"> FORMCHECKBOX </w:instrText></w:r>'),
            _xml('<w:r><w:fldChar w:fldCharType="end"/></w:r>')]


def _write(control: etree._Element, value: str, style: FormStyle) -> None:
    if style is FormStyle.CONTENT_CONTROLS:
        properties = control.find(f"{W}sdtPr")
        for placeholder in properties.findall(f"{W}showingPlcHdr"):
            properties.remove(placeholder)
        content = control.find(f"{W}sdtContent")
        content.clear()
        content.append(_run(value))
    elif style is FormStyle.LEGACY_FIELDS:
        _replace(control, [
            _xml('<w:r><w:fldChar w:fldCharType="begin"><w:ffData><w:name w:val="Text"/><w:enabled/>'
                 '<w:textInput/></w:ffData></w:fldChar></w:r>'),
            _xml('<w:r><w:instrText xml:space="preserve"> FORMTEXT </w:instrText></w:r>'),
            _xml('<w:r><w:fldChar w:fldCharType="separate"/></w:r>'),
            _run(value),
            _xml('<w:r><w:fldChar w:fldCharType="end"/></w:r>')])
    else:
        _replace(control, [_run(value)])


# --- retyping the form without tables ---------------------------------------------------

def _retype(body: etree._Element, campaign: Campaign, values: FillValues, variant: int) -> None:
    section_properties = body.find(f"{W}sectPr")
    for child in list(body):
        body.remove(child)
    lines: list[str] = [f"Anslutning till {campaign.name}", f"Dnr {campaign.case_number}"]
    for position, (label, name) in enumerate(RETYPED_LABELS):
        lines.extend([label] if name is None else _labelled(label, values.text(name), variant + position))
    lines.extend(["Prioriterade regionala mål", "Vi prioriterar följande mål:"])
    if variant % 4 == 3:  # every goal listed, the chosen ones marked
        lines.extend(f"{TICKS[variant % len(TICKS)] if goal.number in values.goals else '☐'} Mål {goal.number} "
                     f"{DASHES[variant % 3]} {goal.title}" for goal in campaign.goals)
    else:
        lines.extend(_goal_line(campaign, number, variant) for number in sorted(values.goals))
    lines.extend(["Så planerar vi att arbeta med målen", values.plan, "Informationsträffar", "Vi anmäler oss till:"])
    lines.extend(f"Digital informationsträff {s.form_label} 2025" for s in campaign.sessions if s.id in values.sessions)
    lines.append("Underskrift")
    for position, (label, name) in enumerate((("Ort och datum", "place_and_date"), ("Namnförtydligande", "name"),
                                              ("Befattning", "title"))):
        lines.extend(_labelled(label, getattr(values.signature, name), variant + position))
    for line in lines:
        body.append(_paragraph(line))
    if section_properties is not None:
        body.append(section_properties)


def _labelled(label: str, value: str, variant: int) -> list[str]:
    return [[f"{label}:\t{value}"], [f"{label}: {value}"], [label, value]][variant % 3]


def _goal_line(campaign: Campaign, number: int, variant: int) -> str:
    title = campaign.goal(number).title
    return [f"Mål {number} {DASHES[variant % 3]} {title}", f"Mål {number}", title][variant % 3]


# --- small XML helpers ------------------------------------------------------------------

def _text(element: etree._Element) -> str:
    return "".join(t.text or "" for t in element.iter(f"{W}t"))


def _box(element: etree._Element) -> etree._Element | None:
    return next((sdt for sdt in element.iter(f"{W}sdt") if sdt.find(f"{W}sdtPr/{W14}checkbox") is not None), None)


def _text_control(element: etree._Element) -> etree._Element:
    return next(sdt for sdt in element.iter(f"{W}sdt") if sdt.find(f"{W}sdtPr/{W14}checkbox") is None)


def _replace(old: etree._Element, new: list[etree._Element]) -> None:
    parent = old.getparent()
    position = parent.index(old)
    parent.remove(old)
    for offset, element in enumerate(new):
        parent.insert(position + offset, element)


def _run(text: str) -> etree._Element:
    run = etree.Element(f"{W}r")
    for number, line in enumerate(text.split("\n")):
        if number:
            etree.SubElement(run, f"{W}br")
        t = etree.SubElement(run, f"{W}t")
        t.text = line
        t.set(XML_SPACE, "preserve")
    return run


def _paragraph(text: str) -> etree._Element:
    paragraph = etree.Element(f"{W}p")
    label, tab, rest = text.partition("\t")
    paragraph.append(_run(label))
    if tab:
        etree.SubElement(etree.SubElement(paragraph, f"{W}r"), f"{W}tab")
        paragraph.append(_run(rest))
    return paragraph


def _xml(fragment: str) -> etree._Element:
    return etree.fromstring(fragment.replace("<w:r>", f'<w:r xmlns:w="{W[1:-1]}">', 1))


# --- fillings beyond the five styles ------------------------------------------------------

class Filling(StrEnum):
    """Every way a form arrives that the tests build: the five styles, tracked changes left
    unaccepted, and a LibreOffice re-save."""

    CONTENT_CONTROLS = "content_controls"
    LEGACY_FIELDS = "legacy_fields"
    TYPED_MARKS = "typed_marks"
    DELETED_ROWS = "deleted_rows"
    RETYPED = "retyped"
    TRACKED_CHANGES = "tracked_changes"
    LIBREOFFICE = "libreoffice"


LIBREOFFICE_BASES = (FormStyle.CONTENT_CONTROLS, FormStyle.LEGACY_FIELDS, FormStyle.TYPED_MARKS)


def style_of(filling: Filling, variant: int) -> FormStyle:
    """The style the parser should report for a filling."""
    if filling is Filling.TRACKED_CHANGES:
        return FormStyle.TYPED_MARKS
    if filling is Filling.LIBREOFFICE:
        return LIBREOFFICE_BASES[variant % 3]
    return FormStyle(filling.value)


def source_of(filling: Filling, variant: int) -> GoalSource:
    """How the parser should say the goals were chosen."""
    if filling is Filling.DELETED_ROWS:
        return GoalSource.REMAINING_ROWS
    if filling is Filling.RETYPED:
        return GoalSource.MARKED if variant % 4 == 3 else GoalSource.LISTED
    return GoalSource.MARKED


def build_filling(blank: bytes, campaign: Campaign, values: FillValues, filling: Filling, *,
                  variant: int = 0) -> bytes:
    data = build_form(blank, campaign, values, style_of(filling, variant), variant=variant)
    if filling is Filling.TRACKED_CHANGES:
        return edit_document(data, lambda body: _track_changes(body, values))
    if filling is Filling.LIBREOFFICE:
        return edit_document(data, _libreoffice_idioms)
    return data


def emphasise(data: bytes, goals: tuple[int, ...], how: str) -> bytes:
    """Goal rows (or retyped goal paragraphs) of ``goals`` made "bold", "highlight"ed,
    "underline"d or "shade"d, as senders do who mark goals without ticking a box."""
    def edit(body: etree._Element) -> None:
        for block in [*body.iter(f"{W}tr"), *body.findall(f"{W}p")]:
            number = _goal_of(block) if block.tag == f"{W}tr" else _retyped_goal(block)
            if number in goals:
                _emphasise(block, how)
    return edit_document(data, edit)


def edit_document(data: bytes, edit: Callable[[etree._Element], None]) -> bytes:
    """The package with its w:body changed in place by ``edit``."""
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        parts = {info.filename: package.read(info) for info in package.infolist()}
    root = etree.fromstring(parts[DOCUMENT])
    edit(root.find(f"{W}body"))
    parts[DOCUMENT] = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    return rezip(parts)


def _track_changes(body: etree._Element, values: FillValues) -> None:
    """Word's markup with "Track changes" on: every value typed as an insertion after a
    deleted earlier one, an earlier tick deleted, and one unchosen goal row deleted."""
    for row in body.iter(f"{W}tr"):
        cells = row.findall(f"{W}tc")
        if _goal_of(row) is None and len(cells) == 2 and _text(cells[1]).strip():
            _as_revision(cells[1].find(f"{W}p"), "Tidigare uppgift, mål 4 och 5")
    unchosen = [row for row in body.iter(f"{W}tr") if _goal_of(row) not in (None, *values.goals)]
    for row in body.iter(f"{W}tr"):
        if _goal_of(row) in values.goals:
            _as_revision(row.find(f"{W}tc/{W}p"), "☐")
    if unchosen:
        unchosen[0].find(f"{W}tc/{W}p").insert(0, _w('<w:r><w:t>X</w:t></w:r>'))
        _delete_runs(unchosen[0].find(f"{W}tc/{W}p"))
    if len(unchosen) > 1:
        unchosen[-1].insert(0, _w('<w:trPr><w:del w:id="9" w:author="Anna" w:date="2025-03-01T10:00:00Z"/></w:trPr>'))


def _as_revision(paragraph: etree._Element, earlier: str) -> None:
    """The paragraph's runs become an insertion, after the deleted ``earlier`` text."""
    runs = paragraph.findall(f"{W}r")
    if not runs:
        return
    inserted = etree.Element(f"{W}ins", {f"{W}id": "1", f"{W}author": "Anna", f"{W}date": "2025-03-01T10:00:00Z"})
    paragraph.insert(paragraph.index(runs[0]), inserted)
    inserted.extend(runs)
    deleted = etree.Element(f"{W}del", {f"{W}id": "2", f"{W}author": "Anna", f"{W}date": "2025-03-01T10:00:00Z"})
    deleted_text = etree.SubElement(etree.SubElement(deleted, f"{W}r"), f"{W}delText")
    deleted_text.text = earlier
    paragraph.insert(paragraph.index(inserted), deleted)


def _delete_runs(paragraph: etree._Element) -> None:
    for run in paragraph.findall(f"{W}r"):
        deleted = etree.Element(f"{W}del", {f"{W}id": "3", f"{W}author": "Anna"})
        paragraph.replace(run, deleted)
        deleted.append(run)
        for t in run.findall(f"{W}t"):
            t.tag = f"{W}delText"


def _libreoffice_idioms(body: etree._Element) -> None:
    """What LibreOffice 7.4 writes when it re-saves a form (compare tests/data/forms/lo-*.docx):
    a checkbox control wrapped in a second control, empty runs and bookmarks inside fields,
    an empty w:trPr in every row, explicit run and paragraph properties everywhere."""
    for box in [sdt for sdt in body.iter(f"{W}sdt") if sdt.find(f"{W}sdtPr/{W14}checkbox") is not None]:
        outer = _w('<w:sdt><w:sdtPr><w:id w:val="1769963643"/></w:sdtPr><w:sdtContent/></w:sdt>')
        box.getparent().replace(box, outer)
        outer.find(f"{W}sdtContent").append(box)
        box.find(f"{W}sdtContent").insert(0, etree.Element(f"{W}r"))
    for end in [fld for fld in body.iter(f"{W}fldChar") if fld.get(f"{W}fldCharType") == "end"]:
        run = end.getparent()
        for offset, piece in enumerate((f'<w:bookmarkStart w:id="14" w:name="__Fieldmark__{id(run)}"/>',
                                        '<w:bookmarkEnd w:id="14"/>', "<w:r/>")):
            run.getparent().insert(run.getparent().index(run) + offset, _w(piece))
    for row in body.iter(f"{W}tr"):
        if row.find(f"{W}trPr") is None:
            row.insert(0, etree.Element(f"{W}trPr"))
    for run in body.iter(f"{W}r"):
        if run.find(f"{W}rPr") is None:
            run.insert(0, _w('<w:rPr><w:rFonts w:eastAsia="ＭＳ 明朝" w:cs=""/><w:kern w:val="0"/>'
                             '<w:lang w:val="en-US" w:eastAsia="en-US"/></w:rPr>'))
    for paragraph in body.iter(f"{W}p"):
        if paragraph.find(f"{W}pPr") is None:
            paragraph.insert(0, _w('<w:pPr><w:pStyle w:val="Normal"/><w:spacing w:before="0" w:after="0"/></w:pPr>'))


def _retyped_goal(paragraph: etree._Element) -> int | None:
    match = re.search(r"Mål (\d+)", _text(paragraph))
    return int(match.group(1)) if match else None


_EMPHASIS = {"bold": "<w:b/>", "highlight": '<w:highlight w:val="yellow"/>', "underline": '<w:u w:val="single"/>'}


def _emphasise(block: etree._Element, how: str) -> None:
    if how == "shade":
        for cell in block.findall(f"{W}tc") or [block]:
            tag = f"{W}tcPr" if cell.tag == f"{W}tc" else f"{W}pPr"
            properties = cell.find(tag)
            if properties is None:
                properties = etree.Element(tag)
                cell.insert(0, properties)
            properties.append(_w('<w:shd w:val="clear" w:color="auto" w:fill="FFFF00"/>'))
        return
    for run in block.iter(f"{W}r"):
        properties = run.find(f"{W}rPr")
        if properties is None:
            properties = etree.Element(f"{W}rPr")
            run.insert(0, properties)
        properties.append(_w(_EMPHASIS[how]))


def _w(fragment: str) -> etree._Element:
    """One element from XML text using the w: prefix."""
    return etree.fromstring(f'<root xmlns:w="{W[1:-1]}">{fragment}</root>')[0]

"""parsers.mime.message and its helpers: attachments wherever they are, file formats by their bytes,
body text, and BODYSTRUCTURE sections (against hand-written structures; tests/test_mailcorpus.py
checks them against a real server)."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from parsers.mime.message import Attachment, attachments, body_text, content_hash, message_id, parse_message, sender_address
from parsers.mime.filetype import file_format
from parsers.mime.html_text import html_to_text, without_banner
from parsers.mime.structure import (
    decoded,
    docx_sections,
    forwarded_subjects,
    parameter,
    section_text,
    structure_parts,
    text_sections,
)
from tests.data.mail.kit import (
    BANNER,
    VG,
    attached,
    jpeg,
    leaf,
    multipart,
    odt,
    pdf,
    png,
    render,
    stable_zip,
    text,
    tnef,
    word97,
)
from tests.data.mail.parts import apple_file, exchange_file, gmail_file, name_only_file, rfc2231, thunderbird_file

DOCX = stable_zip(VG.form_path.read_bytes())  # type: ignore[union-attr]
HEADERS = [("From", "Anna <anna@lerum.se>"), ("Subject", "Dnr 801-9838-2024"), ("Message-ID", "<m@lerum.se>"),
           ("MIME-Version", "1.0")]


def parsed(body: object, headers: list[tuple[str, str]] = HEADERS) -> object:
    return parse_message(render(headers, body))  # type: ignore[arg-type]


def found(body: object) -> list[tuple[str, str, str]]:
    return [(a.filename, a.format, a.origin) for a in attachments(parsed(body))]  # type: ignore[arg-type]


# --- attachments -----------------------------------------------------------------------------

@pytest.mark.parametrize("part, name", [
    (exchange_file("Anslutningsblankett Härryda.docx", DOCX), "Anslutningsblankett Härryda.docx"),
    (gmail_file("Blankett Tjörn åäö.docx", DOCX), "Blankett Tjörn åäö.docx"),
    (thunderbird_file("Anslutningsblankett Götene kommun – underskriven.docx", DOCX),
     "Anslutningsblankett Götene kommun – underskriven.docx"),
    (apple_file("Öckerö.docx", DOCX), "Öckerö.docx"),
    (name_only_file("Vara.docx", DOCX), "Vara.docx"),
    (leaf("application/octet-stream", DOCX, disposition="attachment"), ""),
    (leaf('application/octet-stream; name="=?ISO-8859-1?Q?=C5m=E5l=2Edocx?="', DOCX), "Åmål.docx"),
])
def test_file_names_in_every_encoding(part: object, name: str) -> None:
    assert found(multipart("mixed", text("Hej"), part)) == [(name, "docx", "top")]


def test_rfc2231_continuations_are_split_as_thunderbird_does() -> None:
    assert rfc2231("filename", "Åmål kommun blankett.docx", size=8).count("filename*") == 4


def test_forwarded_message_is_walked_into() -> None:
    inner_headers = [("From", "nils@uddevalla.se"), ("Subject", "Blankett"), ("Message-ID", "<inner@uddevalla.se>")]
    inner = render(inner_headers, multipart("mixed", text("original"), exchange_file("Form.docx", DOCX)))
    body = multipart("mixed", text("VB"), attached(inner, 'attachment; filename="original.eml"'))
    assert found(body) == [("Form.docx", "docx", "forwarded")]


def test_signed_content_counts_and_the_signature_does_not() -> None:
    signature = leaf('application/pkcs7-signature; name="smime.p7s"', b"0\x82" + bytes(40),
                     disposition='attachment; filename="smime.p7s"')
    body = multipart("signed", multipart("mixed", text("Hej"), exchange_file("Form.docx", DOCX)), signature,
                     params='; protocol="application/pkcs7-signature"; micalg=sha-256')
    assert found(body) == [("Form.docx", "docx", "top")]


@pytest.mark.parametrize("content_type", ["application/ms-tnef", "application/octet-stream", "application/vnd.ms-tnef"])
def test_winmail_dat_is_opened(content_type: str) -> None:
    packed = tnef([("ANSLUT~1.DOC", "Anslutningsblankett Kungälv.docx", DOCX), ("SCAN~1.PDF", "Scan.pdf", pdf("s"))])
    body = multipart("mixed", text("Hej"), leaf(f'{content_type}; name="winmail.dat"', packed,
                                                disposition='attachment; filename="winmail.dat"'))
    assert found(body) == [("Anslutningsblankett Kungälv.docx", "docx", "tnef"), ("Scan.pdf", "pdf", "tnef")]


def test_unreadable_winmail_dat_is_kept_as_it_is_and_one_without_files_is_only_a_body() -> None:
    broken = multipart("mixed", text("Hej"), leaf("application/ms-tnef", b"not TNEF at all",
                                                  disposition='attachment; filename="winmail.dat"'))
    assert found(broken) == [("winmail.dat", "other", "top")]
    body_only = multipart("mixed", text("Hej"), leaf("application/ms-tnef", tnef([]),
                                                     disposition='attachment; filename="winmail.dat"'))
    assert found(body_only) == []


def test_images_embedded_in_html_are_not_attachments_but_attached_images_are() -> None:
    logo = leaf("image/png", png(), disposition='inline; filename="image001.png"', extra=(("Content-ID", "<i1>"),))
    related = multipart("related", text('<img src="cid:i1">', "html"), logo)
    scan = apple_file("IMG_0412.jpeg", jpeg(), "image/jpeg")
    assert found(multipart("mixed", related)) == []
    assert found(multipart("mixed", text("Hej"), scan)) == [("IMG_0412.jpeg", "image", "top")]


def test_unnamed_binary_part_is_a_file_and_text_body_is_not() -> None:
    assert found(multipart("mixed", text("Hej"), leaf("application/pdf", pdf("x")))) == [("", "pdf", "top")]
    assert found(text("Hej")) == []


def test_attachment_keeps_its_old_constructor() -> None:
    old = Attachment("a.docx", "application/octet-stream", DOCX)
    assert (old.origin, old.is_docx, old.format, len(old.sha256)) == ("top", True, "docx", 64)
    assert old == Attachment("a.docx", "application/octet-stream", DOCX, "top")


# --- formats, by bytes first ----------------------------------------------------------------------

def _zip(entries: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as package:
        for name, data in entries.items():
            package.writestr(name, data)
    return out.getvalue()


MACRO_TYPES = b'<Types><Override ContentType="application/vnd.ms-word.document.macroEnabled.main+xml"/></Types>'


@pytest.mark.parametrize("name, data, expected", [
    ("Blankett.docx", DOCX, "docx"),
    ("Blankett.doc", DOCX, "docx"),                # renamed: the bytes say docx
    ("Blankett", DOCX, "docx"),
    ("Blankett.docx", pdf("x"), "pdf"),            # a PDF export named .docx
    ("Blankett.pdf", b"\r\n\r\n%PDF-1.4 junk first", "pdf"),
    ("Blankett.docm", _zip({"word/document.xml": b"<w/>", "word/vbaProject.bin": b"x"}), "docm"),
    ("Blankett.docx", _zip({"[Content_Types].xml": MACRO_TYPES, "word/document.xml": b"<w/>"}), "docm"),
    ("Blankett.odt", odt("x"), "odt"),
    ("Blankett.zip", _zip({"Blankett.docx": DOCX}), "other"),  # a zip of the form is not the form
    ("Blankett.doc", word97(), "doc"),
    ("Blankett.docx", word97(), "doc"),            # OLE: legacy Word or a password-protected .docx
    ("Budget.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600), "other"),
    ("Blankett.doc", b"{\\rtf1\\ansi Blankett}", "doc"),
    ("scan.jpg", jpeg(), "image"),
    ("scan", png(), "image"),
    ("scan.tif", b"II*\x00" + bytes(20), "image"),
    ("IMG_1.HEIC", b"\x00\x00\x00\x18ftypheic" + bytes(20), "image"),
    ("Blankett.docx", DOCX[: len(DOCX) // 2], "docx"),  # damaged: the name decides, the parser reports it
    ("Blankett.docx", b"", "docx"),
    ("notes.txt", b"plain words", "other"),
    ("", b"plain words", "other"),
])
def test_file_format(name: str, data: bytes, expected: str) -> None:
    assert file_format(name, data) == expected


# --- body text ------------------------------------------------------------------------------------

def test_plain_is_preferred_and_the_banner_removed() -> None:
    body = multipart("alternative", text(f"{BANNER}\n\nHej från Lerum.\n"), text("<p>HTML-versionen</p>", "html"))
    assert body_text(parsed(body)) == "Hej från Lerum."  # type: ignore[arg-type]


def test_html_only_body_is_read_as_text() -> None:
    html = (f"<html><head><style>p {{color: red}}</style><title>x</title></head><body>"
            f"<table><tr><td>{BANNER}</td></tr></table><p>Hej!</p><p>Dnr 801&#8211;9838&ndash;2024,<br>"
            "se   bifogad&nbsp;fil.</p><script>alert(1)</script></body></html>")
    assert body_text(parsed(text(html, "html"))) == "Hej!\n\nDnr 801–9838–2024,\nse bifogad\u00a0fil."  # type: ignore[arg-type]


def test_text_split_around_inline_attachments_is_joined() -> None:
    body = multipart("mixed", text("Hej!\n\nHär är blanketten."), apple_file("Öckerö.docx", DOCX), text("Hälsningar\nÅsa"))
    assert body_text(parsed(body)) == "Hej!\n\nHär är blanketten.\n\nHälsningar\nÅsa"  # type: ignore[arg-type]


def test_attached_text_file_is_not_the_body() -> None:
    body = multipart("mixed", leaf('text/plain; name="logg.txt"', b"a log", "7bit",
                                   disposition='attachment; filename="logg.txt"'), text("<p>Hej</p>", "html"))
    assert body_text(parsed(body)) == "Hej"  # type: ignore[arg-type]


@pytest.mark.parametrize("given, expected", [
    (f"{BANNER}\n\nHej!", "Hej!"),
    (f"  \n{BANNER[:60]}\n{BANNER[60:]}\n\nHej!\nMer.", "Hej!\nMer."),
    (f"{BANNER}\nHej! Ingen tom rad efter varningen.\nRad 3\nRad 4\nRad 5\nRad 6", 
     "Hej! Ingen tom rad efter varningen.\nRad 3\nRad 4\nRad 5\nRad 6"),
    ("Hej!\n\nVARNING: Det här mejlet är skickat från en extern adress", 
     "Hej!\n\nVARNING: Det här mejlet är skickat från en extern adress"),
    ("Varning: det här mejlet är skickat från en extern avsändare.\n\nHej", "Hej"),
])
def test_banner_only_at_the_top(given: str, expected: str) -> None:
    assert without_banner(given) == expected


def test_html_to_text_keeps_cells_apart_and_spacing_inside_pre() -> None:
    html = "<table><tr><td>Namn</td><td>Anna</td></tr></table><pre>a  b\nc</pre>"
    assert html_to_text(html) == "Namn\tAnna\n\na  b\nc"


# --- headers and identity (unchanged behaviour) ---------------------------------------------------------

def test_rfc2231_filename_and_octet_stream(samples_dir: Path) -> None:
    message = parse_message((samples_dir / "vg-002-legacy-octet-rfc2231.eml").read_bytes())
    (docx,) = [a for a in attachments(message) if a.is_docx]
    assert (docx.filename, docx.content_type) == ("Anslutningsblankett Alingsås kommun.docx", "application/octet-stream")


def test_resend_has_the_same_content_hash(samples_dir: Path) -> None:
    first = (samples_dir / "vg-005-deleted-plain.eml").read_bytes()
    resend = (samples_dir / "vg-011-deleted-duplicate.eml").read_bytes()
    a, b = parse_message(first), parse_message(resend)
    assert message_id(a) != message_id(b)
    assert content_hash(a, first) == content_hash(b, resend)
    other = (samples_dir / "vg-001-cc-plain.eml").read_bytes()
    assert content_hash(parse_message(other), other) != content_hash(a, first)


def test_same_body_from_another_sender_is_not_a_duplicate() -> None:
    one = render([("From", "a@lerum.se"), ("Subject", "x")], text("Hej"))
    two = render([("From", "b@boras.se"), ("Subject", "x")], text("Hej"))
    assert content_hash(parse_message(one), one) != content_hash(parse_message(two), two)
    assert sender_address(parse_message(one)) == "a@lerum.se"


# --- BODYSTRUCTURE -------------------------------------------------------------------------------

def _leaf(maintype: bytes, subtype: bytes, params: tuple = (), encoding: bytes = b"base64", disposition: object = None,
          text_lines: bool = False) -> tuple:
    head = (maintype, subtype, params or None, None, None, encoding, 100)
    return head + ((3,) if text_lines else ()) + (None, disposition, None, None)


PLAIN = _leaf(b"text", b"plain", (b"charset", b"utf-8"), b"quoted-printable", text_lines=True)
HTML = _leaf(b"TEXT", b"HTML", (b"charset", b"iso-8859-1"), b"quoted-printable", text_lines=True)
FORM = _leaf(b"application", b"vnd.openxmlformats-officedocument.wordprocessingml.document",
             disposition=(b"attachment", (b"filename", b"Form.docx")))
OCTET = _leaf(b"application", b"octet-stream", (b"name*0*", b"utf-8''Blankett%20%C3%85", b"name*1*", b"m%C3%A5l.DOCX"))
TNEF = _leaf(b"application", b"ms-tnef", (b"name", b"winmail.dat"))
LOG = _leaf(b"text", b"plain", (b"charset", b"utf-8"), disposition=(b"attachment", (b"filename", b"logg.txt")),
            text_lines=True)
SIGNATURE = _leaf(b"application", b"pkcs7-signature", (b"name", b"smime.p7s"))


def _message(body: tuple, subject: bytes) -> tuple:
    envelope = (b"Mon, 14 Apr 2025", subject, None, None, None, None, None, None, None, b"<x@y>")
    return (b"message", b"rfc822", None, None, None, b"7bit", 5000, envelope, body, 80, None,
            (b"attachment", (b"filename", b"original.eml")), None, None)


def _multipart(children: list, subtype: bytes) -> tuple:
    return (children, subtype, (b"boundary", b"b"), None, None, None)


def _raw_multipart(children: list, subtype: bytes) -> tuple:
    """How imapclient leaves a multipart nested inside message/rfc822: children first, as tuples."""
    return (*children, subtype, (b"boundary", b"b"), None, None, None)


FORWARDED = _message(_raw_multipart([PLAIN, FORM], b"mixed"), b"=?utf-8?q?Anslutning_=C3=85m=C3=A5l?= Dnr 801-9838-2024")
STRUCTURE = _multipart([_multipart([PLAIN, HTML], b"alternative"), OCTET, TNEF, LOG, FORWARDED,
                        _message(PLAIN, b"Kort")], b"mixed")


def test_sections_of_a_nested_structure() -> None:
    parts = {p.section: p for p in structure_parts(STRUCTURE)}
    assert list(parts) == ["1.1", "1.2", "2", "3", "4", "5", "5.1", "5.2", "6", "6.1"]
    assert text_sections(STRUCTURE) == ["1.1", "1.2", "5.1", "6.1"]
    assert docx_sections(STRUCTURE) == ["2", "3", "5.2"]
    assert parts["2"].filename == "Blankett Åmål.DOCX"
    assert (parts["1.2"].content_type, parts["1.2"].charset, parts["1.2"].encoding) == ("text/html", "iso-8859-1",
                                                                                      "quoted-printable")
    assert forwarded_subjects(STRUCTURE) == ["Anslutning Åmål Dnr 801-9838-2024", "Kort"]


def test_single_part_message_is_section_1_and_signatures_are_left_out() -> None:
    assert text_sections(PLAIN) == ["1"]
    signed = _multipart([_multipart([PLAIN, FORM], b"mixed"), SIGNATURE], b"signed")
    assert [p.section for p in structure_parts(signed)] == ["1.1", "1.2"]
    assert docx_sections(signed) == ["1.2"]


@pytest.mark.parametrize("params, expected", [
    ({"name": "plain.docx"}, "plain.docx"),
    ({"name": "=?utf-8?B?w4Vtw6VsLmRvY3g=?="}, "Åmål.docx"),
    ({"name*": "iso-8859-1'sv'%C5m%E5l.docx"}, "Åmål.docx"),
    ({"name*0*": "utf-8''%C3%85", "name*1*": "m%C3%A5l", "name*2": ".docx"}, "Åmål.docx"),
    ({"name*1": "b.docx", "name*0": "a"}, "ab.docx"),
    ({"name*": "x-unknown''abc"}, "abc"),
    ({}, ""),
])
def test_parameter_decoding(params: dict[str, str], expected: str) -> None:
    assert parameter(params, "name") == expected


def test_section_decoding() -> None:
    (html,) = [p for p in structure_parts(HTML)]
    assert section_text(b"<p>Hej fr=E5n Ale</p>", html) == "Hej från Ale"
    (form,) = [p for p in structure_parts(FORM)]
    assert decoded(b"aGVq\r\nIGh\nlag=", form) == b"hej hej"


ATOMS = st.one_of(st.none(), st.integers(-1, 10**6), st.binary(max_size=12),
                  st.sampled_from([b"text", b"plain", b"html", b"message", b"rfc822", b"application", b"attachment",
                                   b"filename", b"name*0*", b"utf-8''%C3%85", b"=?utf-8?q?=C3?="]))
NODES = st.recursive(ATOMS, lambda inner: st.one_of(st.lists(inner, max_size=12).map(tuple), st.lists(inner, max_size=4)),
                     max_leaves=60)


@settings(max_examples=300, deadline=None)
@given(NODES)
def test_any_structure_is_read_without_error(node: object) -> None:
    parts = structure_parts(node)  # type: ignore[arg-type]
    assert set(text_sections(node)) | set(docx_sections(node)) <= {p.section for p in parts}  # type: ignore[arg-type]

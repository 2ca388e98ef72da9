"""Building blocks for the mail corpus: MIME parts rendered byte for byte the way clients
write them (header folding, parameter encodings, boundaries), filled forms, other files.

Messages are rendered by hand rather than by email.generator because the point is the odd
shapes clients produce (RFC 2047 inside parameters, RFC 2231 continuations, winmail.dat),
which the generator would normalise away. The stdlib still does every encoding.
"""

from __future__ import annotations

import base64
import hashlib
import io
import quopri
import struct
import zipfile
from dataclasses import dataclass, field
from email.charset import QP, Charset
from functools import cache
from pathlib import Path

from bot.campaigns import load_campaigns
from parsers.model import Campaign, Contact, FormStyle
from tests.support.formbuilder import FillValues, build_form

ROOT = Path(__file__).resolve().parents[3]
CAMPAIGNS = load_campaigns(ROOT / "config" / "campaigns")
VG = next(c for c in CAMPAIGNS if c.key == "jamstallt-vg-2024-2027")
VM = next(c for c in CAMPAIGNS if c.key == "jamstallt-vastmanland-2024-2027")
BOARD_VG = "=?utf-8?Q?L=C3=A4nsstyrelsen_V=C3=A4stra_G=C3=B6taland?= <vastragotaland@lansstyrelsen.se>"
BOARD_VM = "=?utf-8?Q?L=C3=A4nsstyrelsen_V=C3=A4stmanland?= <vastmanland@lansstyrelsen.se>"
AUTHSERV_ID = "mx.lansstyrelsen.se"
BANNER = ("VARNING: Det här mejlet är skickat från en extern adress. Klicka inte på länkar och öppna "
          "inte bilagor om du inte känner igen avsändaren och vet att innehållet är säkert.")
CONFIRMATION_SUBJECT = "Bekräftelse: anslutning till Jämställt Västra Götaland 2024–2027, Dnr 801-9838-2024"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def our_message_id(name: str) -> str:
    """A Message-ID as the bot writes them for its replies."""
    return f"<intake.confirmation.{hashlib.sha256(name.encode()).hexdigest()[:32]}@lansstyrelsen.se>"


# --- parts ---------------------------------------------------------------------------------

@dataclass
class Part:
    headers: list[tuple[str, str]]
    body: bytes = b""
    children: list[Part] = field(default_factory=list)
    subtype: str = ""      # for multiparts: mixed, alternative, related, signed, report
    params: str = ""       # further Content-Type parameters of a multipart


def leaf(content_type: str, data: bytes, cte: str = "base64", *, disposition: str = "",
         extra: tuple[tuple[str, str], ...] = ()) -> Part:
    headers = [("Content-Type", content_type)]
    headers += [("Content-Disposition", disposition)] if disposition else []
    headers += [("Content-Transfer-Encoding", cte)] if cte else []
    return Part(headers + list(extra), _encode(data, cte))


def text(body: str, subtype: str = "plain", cte: str = "quoted-printable", *, charset: str = "utf-8",
         params: str = "", disposition: str = "") -> Part:
    data = body.replace("\r\n", "\n").encode(charset)
    return leaf(f'text/{subtype}; charset="{charset}"{params}', data, cte, disposition=disposition)


def multipart(subtype: str, *children: Part, params: str = "") -> Part:
    return Part([], children=list(children), subtype=subtype, params=params)


def attached(raw: bytes, disposition: str = "") -> Part:
    return leaf("message/rfc822", raw, "7bit" if raw.isascii() else "8bit", disposition=disposition)


def render(headers: list[tuple[str, str]], body: Part, boundary_style: str = "----=_Part_") -> bytes:
    """The message as bytes with CRLF line ends; boundaries follow the client's style and are
    derived from the headers, so a message renders the same every time."""
    seed = hashlib.sha256(repr(headers).encode()).hexdigest()[:16]
    counter = iter(range(1, 1000))
    raw = _header_block(headers) + _render(body, boundary_style, seed, counter, top=True)
    return raw.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")


def _render(part: Part, style: str, seed: str, counter: object, top: bool = False) -> bytes:
    if not part.children:
        return _header_block(part.headers) + b"\n" + part.body
    boundary = f"{style}{next(counter)}_{seed}"  # type: ignore[call-overload]
    content_type = f'multipart/{part.subtype};\n\tboundary="{boundary}"{part.params}'
    out = _header_block([("Content-Type", content_type), *part.headers]) + b"\n"
    if top:  # what MIME-unaware readers see
        out += b"This is a multi-part message in MIME format.\n\n"
    for child in part.children:
        out += f"--{boundary}\n".encode() + _render(child, style, seed, counter) + b"\n"
    return out + f"--{boundary}--\n".encode()


def _header_block(headers: list[tuple[str, str]]) -> bytes:
    return b"".join(f"{name}: {value}\n".encode() for name, value in headers)


def _encode(data: bytes, cte: str) -> bytes:
    if cte == "base64":
        return base64.encodebytes(data)
    if cte == "quoted-printable":
        return quopri.encodestring(data) + (b"" if data.endswith(b"\n") else b"\n")
    return data if data.endswith(b"\n") else data + b"\n"


def encoded_words(value: str, q: bool = False, charset: str = "utf-8") -> str:
    """An RFC 2047 header value, split into short encoded words on folded lines."""
    if value.isascii():
        return value
    codec = Charset(charset)
    if q:
        codec.header_encoding = QP
    chunks = [value[i:i + 18] for i in range(0, len(value), 18)]
    return "\n ".join(codec.header_encode(chunk) for chunk in chunks)


# --- files -----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Filled:
    campaign: Campaign
    values: FillValues
    style: FormStyle = FormStyle.CONTENT_CONTROLS


def org(name: str, number: str, person: str, email: str, goals: tuple[int, ...], sessions: tuple[str, ...] = (),
        campaign: Campaign = VG, style: FormStyle = FormStyle.CONTENT_CONTROLS) -> Filled:
    contact = Contact(person, "Jämställdhetsstrateg", email, "010-123 45 67")
    return Filled(campaign, FillValues(organisation=name, org_number=number, contact=contact, goals=goals,
                                       sessions=sessions), style)


@cache
def form(filled: Filled) -> bytes:
    blank = filled.campaign.form_path.read_bytes()  # type: ignore[union-attr]
    return stable_zip(build_form(blank, filled.campaign, filled.values, filled.style))


def stable_zip(data: bytes) -> bytes:
    """The same package with fixed timestamps, so a message's bytes do not depend on the day."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(zipfile.ZipInfo(info.filename, (2025, 3, 1, 12, 0, 0)), source.read(info),
                            zipfile.ZIP_STORED if info.filename == "mimetype" else zipfile.ZIP_DEFLATED)
    return out.getvalue()


def pdf(title: str) -> bytes:
    return (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
            b"2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n"
            b"3 0 obj\n<< /Title (" + title.encode("latin-1", "replace") + b") >>\nendobj\n"
            b"trailer\n<< /Root 1 0 R /Info 3 0 R >>\n%%EOF\n")


def jpeg() -> bytes:
    return b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00H\x00H\x00\x00" + bytes(512) + b"\xff\xd9"


def png() -> bytes:
    return b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x00\x00\x00\x10\x08\x02\x00\x00\x00" + bytes(64)


def word97() -> bytes:
    """The start of a Word 97-2003 file: OLE header, and the directory entry of its main stream."""
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504) + "WordDocument".encode("utf-16-le") + bytes(1024)


def odt(text_content: str) -> bytes:
    parts = {"mimetype": b"application/vnd.oasis.opendocument.text",
             "content.xml": f"<office:document-content><text>{text_content}</text></office:document-content>".encode(),
             "META-INF/manifest.xml": b"<manifest:manifest/>"}
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as package:
        for name, data in parts.items():
            package.writestr(zipfile.ZipInfo(name, (2025, 3, 1, 12, 0, 0)), data)
    return out.getvalue()


def tnef(files: list[tuple[str, str, bytes]]) -> bytes:
    """A winmail.dat as Outlook writes one: (8.3 name, long name, data) per attached file."""
    out = struct.pack("<IH", 0x223E9F78, 0x5A1C)
    out += _tnef_attr(1, 0x9006, 0x0008, struct.pack("<I", 0x00010000))  # attTnefVersion
    out += _tnef_attr(1, 0x9007, 0x0006, struct.pack("<II", 1252, 0))    # attOemCodepage
    out += _tnef_attr(1, 0x8008, 0x0007, b"IPM.Microsoft Mail.Note\0")   # attMessageClass
    for short, long_name, data in files:
        out += _tnef_attr(2, 0x9002, 0x0006, struct.pack("<HIHHI", 1, 0xFFFFFFFF, 32, 32, 0))  # attAttachRendData
        out += _tnef_attr(2, 0x8010, 0x0001, short.encode("ascii") + b"\0")                 # attAttachTitle
        out += _tnef_attr(2, 0x800F, 0x0006, data)                                          # attAttachData
        out += _tnef_attr(2, 0x9005, 0x0006, _mapi_long_filename(long_name))                # attAttachment
    return out


def _tnef_attr(level: int, name: int, kind: int, data: bytes) -> bytes:
    return struct.pack("<BHHI", level, name, kind, len(data)) + data + struct.pack("<H", sum(data) & 0xFFFF)


def _mapi_long_filename(name: str) -> bytes:
    value = name.encode("utf-16-le") + b"\0\0"
    padded = value + bytes(-len(value) % 4)
    # one property: PT_UNICODE (0x001F) PR_ATTACH_LONG_FILENAME (0x3707), one value
    return struct.pack("<IHHII", 1, 0x001F, 0x3707, 1, len(value)) + padded

"""Raw RFC 5322 messages for the benchmark mailbox, built as bytes with CRLF line ends.

Hand-built rather than through email.message: the backlog holds hundreds of multi-MB PDFs,
and base64 through binascii is about a hundred times faster than the email package's
line-by-line encoder. The output is what a mail client sends: encoded words for non-ASCII
headers, RFC 2231 file names, base64 for files, quoted-printable for text.
"""

from __future__ import annotations

import base64
import quopri
from dataclasses import dataclass
from datetime import datetime
from email.header import Header
from email.utils import format_datetime
from urllib.parse import quote

CRLF = b"\r\n"


@dataclass(frozen=True)
class Part:
    """One leaf part: its content type and the already encoded body lines."""

    headers: tuple[str, ...]
    body: bytes


@dataclass(frozen=True)
class Multipart:
    subtype: str                          # mixed | alternative
    parts: tuple[Part | Multipart, ...]


def mixed(*parts: Part | Multipart) -> Multipart:
    return Multipart("mixed", parts)


def alternative(plain: str, html: str) -> Multipart:
    return Multipart("alternative", (text_part(plain), text_part(html, "html")))


def text_part(text: str, subtype: str = "plain") -> Part:
    encoded = quopri.encodestring(text.replace("\r\n", "\n").encode("utf-8"))
    return Part((f'Content-Type: text/{subtype}; charset="utf-8"', "Content-Transfer-Encoding: quoted-printable"),
                encoded.replace(b"\n", CRLF))


def file_part(data: bytes, media_type: str, filename: str, inline: bool = False) -> Part:
    name = filename if filename.isascii() else f"utf-8''{quote(filename)}"
    param = f'filename="{name}"' if filename.isascii() else f"filename*={name}"
    disposition = "inline" if inline else "attachment"
    return Part((f"Content-Type: {media_type}", "Content-Transfer-Encoding: base64",
                 f"Content-Disposition: {disposition}; {param}"),
                base64.encodebytes(data).replace(b"\n", CRLF))


def header(name: str, value: str) -> str:
    if value.isascii():
        return f"{name}: {value}"
    return f"{name}: {Header(value, 'utf-8', maxlinelen=76, header_name=name).encode(linesep=chr(13) + chr(10))}"


def message(headers: dict[str, str], date: datetime, body: Part | Multipart, boundary_seed: str) -> bytes:
    """A whole message; ``boundary_seed`` keeps boundaries unique and deterministic."""
    lines = [header(name, value) for name, value in headers.items()]
    lines += [f"Date: {format_datetime(date)}", "MIME-Version: 1.0"]
    return (CRLF.join(line.encode() for line in lines) + CRLF + _entity(body, boundary_seed, 0)) + CRLF


def _entity(body: Part | Multipart, seed: str, depth: int) -> bytes:
    if isinstance(body, Part):
        return CRLF.join(h.encode() for h in body.headers) + CRLF + CRLF + body.body
    boundary = f"=_bench_{seed}_{depth}"
    out = [f'Content-Type: multipart/{body.subtype}; boundary="{boundary}"'.encode(), b""]
    for number, part in enumerate(body.parts):
        out += [f"--{boundary}".encode(), _entity(part, f"{seed}{number}", depth + 1)]
    out += [f"--{boundary}--".encode(), b""]
    return CRLF.join(out)

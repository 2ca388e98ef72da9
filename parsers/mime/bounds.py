"""How much MIME structure a message may have before it is parsed: the bound the email package
lacks, as docx.safety is the bound on a .docx.

The stdlib parser's cost grows faster than the input in places a sender controls: one
Content-Type with 20,000 parameters takes it about 20 s, a few thousand RFC 2231
continuations seconds, and a thousand nested multiparts exhaust the recursion limit of every
walk over the tree. So before ``parse_message`` sees a message, ``mime_fault`` scans its header
blocks (the message's own, each part's after a boundary line, and each attached message's)
line by line, which costs a fraction of a second for the largest message the bot fetches, and
names the first limit it passes:

- a header field longer than ``max_field_bytes``, or header blocks longer than
  ``max_header_bytes`` altogether;
- a Content-Type or Content-Disposition with more than ``max_parameters`` parameters (RFC 2231
  continuations count one each);
- more than ``max_containers`` multiparts and attached messages (which bounds the nesting);
- more than ``max_parts`` header blocks.

Real mail is far inside these: clients write a handful of parameters, a long file name in ten
continuations at most, and seldom more than a dozen parts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

KIB = 1024


@dataclass(frozen=True)
class MimeLimits:
    max_field_bytes: int = 64 * KIB
    max_header_bytes: int = 1024 * KIB
    max_parameters: int = 100
    max_containers: int = 100
    max_parts: int = 1000


DEFAULT_MIME_LIMITS = MimeLimits()
_FIELD = re.compile(rb"^([!-9;-~]+)[ \t]*:", re.ASCII)
_PARAMETERISED = (b"content-type", b"content-disposition")
_CONTAINER = re.compile(rb"\s*(multipart|message)\s*/", re.IGNORECASE)
_BOUNDARY = re.compile(rb'boundary\s*=\s*(?:"([^"\r\n]*)"|([^;\s]+))', re.IGNORECASE)


def mime_fault(raw: bytes, limits: MimeLimits = DEFAULT_MIME_LIMITS) -> str:
    """Why ``raw`` is beyond the limits, or '' when it may be parsed."""
    scan = _Scan(limits)
    for line in raw.split(b"\n"):
        fault = scan.line(line.rstrip(b"\r"))
        if fault:
            return fault
    return scan.end_field()


class _Scan:
    """One pass over the lines: in a header block or in a body, and what the fields hold.
    A header block starts the message, follows each line that opens a part of a declared
    boundary, and follows the headers of an attached message's part."""

    def __init__(self, limits: MimeLimits) -> None:
        self.limits = limits
        self.in_header = True
        self.blocks = 1
        self.header_bytes = 0
        self.containers = 0
        self.boundaries: set[bytes] = set()
        self.field_name = b""
        self.field = bytearray()
        self.value_start = 0
        self.message_follows = False  # an attached message's headers follow its part's headers

    def line(self, line: bytes) -> str:
        if not self.in_header:
            return self.start_block() if self.opens_part(line) else ""
        if not line:
            fault = self.end_field()
            self.in_header, self.message_follows = self.message_follows, False
            return fault or (self.start_block() if self.in_header else "")
        self.header_bytes += len(line) + 1
        fault = self.field_line(line)
        if not fault and self.header_bytes > self.limits.max_header_bytes:
            fault = f"header blocks over {self.limits.max_header_bytes} bytes"
        return fault

    def field_line(self, line: bytes) -> str:
        if line[:1] in (b" ", b"\t") and self.field_name:
            self.field += line
            return self.field_fault()
        fault = self.end_field()
        match = _FIELD.match(line)
        if match:
            self.field_name, self.field, self.value_start = match.group(1).lower(), bytearray(line), match.end()
        return fault or self.field_fault()

    def opens_part(self, line: bytes) -> bool:
        return line.startswith(b"--") and line[2:].rstrip() in self.boundaries

    def start_block(self) -> str:
        self.in_header = True
        self.blocks += 1
        return f"more than {self.limits.max_parts} parts" if self.blocks > self.limits.max_parts else ""

    def field_fault(self) -> str:
        if len(self.field) > self.limits.max_field_bytes:
            return f"a {self.field_name.decode()} header over {self.limits.max_field_bytes} bytes"
        return ""

    def end_field(self) -> str:
        name, value = self.field_name, bytes(self.field[self.value_start:])
        self.field_name, self.field = b"", bytearray()
        if name not in _PARAMETERISED:
            return ""
        if value.count(b";") > self.limits.max_parameters:
            return f"more than {self.limits.max_parameters} parameters in a {name.decode()} header"
        container = _CONTAINER.match(value) if name == b"content-type" else None
        if container is None:
            return ""
        self.containers += 1
        self.message_follows = container.group(1).lower() == b"message"
        boundary = _BOUNDARY.search(value)
        if boundary:
            self.boundaries.add((boundary.group(1) or boundary.group(2) or b"").strip())
        if self.containers > self.limits.max_containers:
            return f"more than {self.limits.max_containers} nested multiparts or attached messages"
        return ""

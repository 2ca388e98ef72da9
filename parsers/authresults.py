"""DMARC as the board's own mail system judged it, from Authentication-Results (RFC 8601).

Anyone can write an Authentication-Results header into a message before sending it, so only
those whose authserv-id is the board's own mail system are read; its border servers remove
look-alikes with that id on the way in (RFC 8601 section 5). The topmost trusted header with a
dmarc result wins: headers are prepended, so it is the last verdict given.

The parse is small and strict: comments removed, quoted strings kept whole, the authserv-id
and each "method=result" checked against the grammar; a header that does not parse is
ignored as a whole rather than half believed. Extra "name=value" properties after a result
are accepted, including ones outside the grammar that Microsoft writes ("action=none").
"""

from __future__ import annotations

import re
from email.message import EmailMessage

from parsers.mime.message import header_values

DMARC_RESULTS = frozenset({"none", "pass", "fail", "temperror", "permerror"})

_TOKEN = r"[A-Za-z0-9!#$%&'*+^_`{|}~.-]+"
_QUOTED = r'"(?:[^"\\]|\\.)*"'
_VALUE = rf"(?:{_QUOTED}|[^\s;\"])+"
_AUTHSERV = re.compile(rf"^\s*({_TOKEN}|{_QUOTED})(?:\s+(\d+))?\s*$")
_RESINFO = re.compile(rf"^\s*([A-Za-z0-9_-]+)\s*(?:/\s*\d+\s*)?=\s*([A-Za-z0-9_-]+)((?:\s+{_TOKEN}\s*=\s*{_VALUE})*)\s*$")


def dmarc_result(message: EmailMessage, authserv_id: str) -> str:
    """pass | fail | none | temperror | permerror; "none" when no trusted header says."""
    wanted = authserv_id.strip().lower()
    if not wanted:
        return "none"
    for value in header_values(message, "Authentication-Results"):
        results = parse_authentication_results(value)
        if results is None or results[0] != wanted:
            continue
        dmarc = next((result for method, result in results[1] if method == "dmarc"), None)
        if dmarc is not None:
            return dmarc
    return "none"


# Which property of a passing result names the domain it vouches for.
_VOUCHING = {"dmarc": "header.from", "dkim": "header.d"}
_PROPERTY = re.compile(rf"({_TOKEN})\s*=\s*({_VALUE})")


def vouched_domains(message: EmailMessage, authserv_id: str) -> frozenset[str]:
    """The domains the board's own mail system says the message demonstrably comes from:
    header.from of a dmarc=pass, header.d of a dkim=pass, in trusted headers only."""
    wanted = authserv_id.strip().lower()
    found: set[str] = set()
    for value in header_values(message, "Authentication-Results") if wanted else ():
        parsed = _parse(value)
        if parsed is None or parsed[0] != wanted:
            continue
        for method, result, properties in parsed[1]:
            domain = properties.get(_VOUCHING.get(method, ""), "").strip('"').lower().rstrip(".")
            if result == "pass" and domain:
                found.add(domain.rsplit("@", 1)[-1])
    return frozenset(found)


def parse_authentication_results(value: str) -> tuple[str, list[tuple[str, str]]] | None:
    """(authserv-id lower-cased, [(method, result), ...]), or None when it does not parse."""
    parsed = _parse(value)
    return None if parsed is None else (parsed[0], [(method, result) for method, result, _ in parsed[1]])


def _parse(value: str) -> tuple[str, list[tuple[str, str, dict[str, str]]]] | None:
    text = _without_comments(" ".join(value.split()))
    chunks = _split(text) if text is not None else None
    if not chunks:
        return None
    head = _AUTHSERV.match(chunks[0])
    if head is None or head.group(2) not in (None, "1"):  # other versions must be ignored
        return None
    authserv_id = head.group(1).strip('"').lower()
    if [c.strip().lower() for c in chunks[1:]] in ([], ["none"]):
        return authserv_id, []
    results = [_RESINFO.match(chunk) for chunk in chunks[1:]]
    if any(r is None for r in results):
        return None
    found = [(r.group(1).lower(), r.group(2).lower(), _properties(r.group(3))) for r in results if r]
    if any(method == "dmarc" and result not in DMARC_RESULTS for method, result, _ in found):
        return None
    return authserv_id, found


def _properties(text: str) -> dict[str, str]:
    return {name.lower(): value for name, value in _PROPERTY.findall(text or "")}


def _without_comments(text: str) -> str | None:
    """``text`` with (nested) comments replaced by a space; None when they are unbalanced."""
    out: list[str] = []
    depth, quoted, escaped = 0, False, False
    for char in text:
        if escaped:
            escaped = False
            if depth == 0:
                out.append(char)
            continue
        if char == "\\" and (quoted or depth):
            escaped = True
            if depth == 0:
                out.append(char)
        elif quoted:
            quoted = char != '"'
            out.append(char)
        elif char == "(":
            depth += 1
        elif char == ")":
            if depth == 0:
                return None
            depth -= 1
            if depth == 0:
                out.append(" ")
        elif depth == 0:
            quoted = char == '"'
            out.append(char)
    return "".join(out) if depth == 0 and not quoted else None


def _split(text: str) -> list[str]:
    """``text`` cut at semicolons outside quoted strings."""
    chunks: list[str] = []
    current: list[str] = []
    quoted = escaped = False
    for char in text:
        if char == ";" and not quoted:
            chunks.append("".join(current))
            current = []
            continue
        current.append(char)
        if escaped:
            escaped = False
        elif char == "\\" and quoted:
            escaped = True
        elif char == '"':
            quoted = not quoted
    chunks.append("".join(current))
    return [c for c in chunks if c.strip()] if chunks[0].strip() else []

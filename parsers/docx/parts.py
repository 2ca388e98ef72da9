"""Reading one part of a zip package safely: a hard byte cap, no DOCTYPE, no entities.

Each function returns its value or a Problem and never raises for any archive content:

- ``read_part`` reads in chunks and stops at the cap, because declared sizes can lie;
  an entry flagged as encrypted is refused before it is opened;
- ``has_doctype`` finds a DOCTYPE in any of XML's encodings, before lxml sees the bytes;
- ``parse_xml`` never resolves entities, never loads a DTD, never touches the network and
  keeps libxml2's size limits; nesting deeper than libxml2 allows (256 levels, some 85
  levels of tables) is ``nesting_too_deep``, other limits ``unsafe_document``, both for staff.

Every way decompression can fail (zlib, bz2 and lzma errors, a CRC mismatch, a stream that
ends early) is ``damaged_document``: the sender can save the file again and resend it.
"""

from __future__ import annotations

import lzma
import struct
import zipfile
import zlib

from lxml import etree

from parsers.model import Problem, Severity, problem

# What zipfile and its decompressors raise for damaged, truncated, encrypted or exotic archives
# (bz2 raises OSError; an unknown compression method NotImplementedError).
ZIP_ERRORS = (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, RuntimeError,
              ValueError, EOFError, OSError, zlib.error, lzma.LZMAError, struct.error)
_CHUNK = 64 * 1024
_ENCRYPTED_FLAG = 0x1  # general purpose bit 0 of a zip entry
_DOCTYPES = tuple("<!doctype".encode(encoding)
                  for encoding in ("utf-8", "utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"))
_NO_MEMORY = "memory allocation failed"  # libxml2's message when malloc fails
_TOO_DEEP = "excessive depth"            # libxml2's message past its nesting limit


def read_part(archive: zipfile.ZipFile, name: str, cap: int) -> bytes | Problem:
    """One part's bytes, at most ``cap`` of them; DOCTYPEs refused here, before any parsing."""
    try:
        info = archive.getinfo(name)
    except KeyError:
        return not_a_docx(f"no {name}")
    if info.flag_bits & _ENCRYPTED_FLAG:
        return problem("encrypted_document", Severity.SENDER, reason=f"encrypted zip entry: {name}")
    chunks: list[bytes] = []
    size = 0
    try:
        with archive.open(info) as stream:
            while chunk := stream.read(_CHUNK):
                size += len(chunk)
                if size > cap:
                    return problem("unsafe_document", Severity.STAFF, reason=f"part larger than allowed: {name}")
                chunks.append(chunk)
    except ZIP_ERRORS:
        return damaged(f"damaged zip entry: {name}")
    raw = b"".join(chunks)
    if has_doctype(raw):
        return problem("unsafe_document", Severity.STAFF, reason=f"DOCTYPE in {name}")
    return raw


def has_doctype(raw: bytes) -> bool:
    lowered = raw.lower()
    return any(pattern in lowered for pattern in _DOCTYPES)


def parse_xml(raw: bytes) -> etree._Element | Problem:
    # A parser per call: lxml parsers keep state and the module keeps none.
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False,
                             load_dtd=False, dtd_validation=False)
    try:
        return etree.fromstring(raw, parser)
    except (etree.LxmlError, ValueError) as exc:
        # Under the sandbox's memory limit libxml2 reports a failed malloc as a syntax error.
        message = str(exc).lower()
        if _NO_MEMORY in message:
            return problem("parse_memory", Severity.STAFF)
        if _TOO_DEEP in message:
            return problem("nesting_too_deep", Severity.STAFF, reason="elements nested deeper than 256 levels")
        if _resource_limit(exc):
            return problem("unsafe_document", Severity.STAFF, reason="XML beyond the parser's limits")
        return not_a_docx("XML part is not well-formed")


def _resource_limit(exc: Exception) -> bool:
    return getattr(exc, "code", None) == etree.ErrorTypes.ERR_RESOURCE_LIMIT


def not_a_docx(reason: str) -> Problem:
    return problem("not_a_docx", Severity.SENDER, reason=reason)


def damaged(reason: str) -> Problem:
    return problem("damaged_document", Severity.SENDER, reason=reason)

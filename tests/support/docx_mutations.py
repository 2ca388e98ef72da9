""".docx files damaged or made hostile the ways the catalogue names, from a real filled form.

Zip surgery works on the bytes: the central directory and local headers are rewritten field
by field (offsets from the ZIP APPNOTE, section 4.3), so each file is exactly the trick it is
named for and nothing else.
"""

from __future__ import annotations

import io
import struct
import zipfile
from dataclasses import dataclass

from msoffcrypto.format.ooxml import OOXMLFile

from tests.support.formbuilder import rezip

DOCUMENT = "word/document.xml"
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_CENTRAL, _LOCAL, _END = b"PK\x01\x02", b"PK\x03\x04", b"PK\x05\x06"


@dataclass
class _Zip:
    """A zip split into its local part, its central directory records and its end record."""

    body: bytes
    central: list[bytearray]
    end: bytearray

    @classmethod
    def of(cls, data: bytes) -> _Zip:
        end_at = data.rfind(_END)
        end = bytearray(data[end_at:end_at + 22])
        count, size, offset = struct.unpack_from("<HII", end, 10)
        records, position = [], offset
        for _ in range(count):
            name, extra, comment = struct.unpack_from("<HHH", data, position + 28)
            length = 46 + name + extra + comment
            records.append(bytearray(data[position:position + length]))
            position += length
        return cls(bytes(data[:offset]), records, end)

    def name(self, record: bytearray) -> str:
        return bytes(record[46:46 + struct.unpack_from("<H", record, 28)[0]]).decode()

    def record(self, name: str) -> bytearray:
        return next(r for r in self.central if self.name(r) == name)

    def bytes(self) -> bytes:
        directory = b"".join(self.central)
        end = bytearray(self.end)
        struct.pack_into("<HHII", end, 8, len(self.central), len(self.central), len(directory), len(self.body))
        return self.body + directory + bytes(end[:22])


def _offset(record: bytearray) -> int:
    return struct.unpack_from("<I", record, 42)[0]


def overlapping(data: bytes, how: str) -> bytes:
    """Entries that overlap: ``next`` (word/document.xml's declared size runs over the next
    entry), ``same`` (a second directory entry naming the same local header) or ``directory``
    (the last entry's size runs into the central directory). Directory and local header agree."""
    package = _Zip.of(data)
    ordered = sorted(package.central, key=_offset)
    body = bytearray(package.body)
    if how == "same":
        twin = bytearray(package.record(DOCUMENT))
        package.central.append(twin[:46] + b"word/documenu.xml" + twin[46 + len(DOCUMENT):])
        struct.pack_into("<H", package.central[-1], 28, len("word/documenu.xml"))
        return package.bytes()
    record = package.record(DOCUMENT) if how == "next" else ordered[-1]
    following = [_offset(r) for r in ordered if _offset(r) > _offset(record)]
    end = following[0] if following else len(body)
    local = _offset(record)
    name_length, extra_length = struct.unpack_from("<HH", body, local + 26)
    size = end - (local + 30 + name_length + extra_length) + 64
    struct.pack_into("<I", record, 20, size)
    struct.pack_into("<I", body, local + 18, size)
    package.body = bytes(body)
    return package.bytes()


def understated(data: bytes) -> bytes:
    """The central directory says word/document.xml is 10 bytes; its local header knows better."""
    package = _Zip.of(data)
    struct.pack_into("<I", package.record(DOCUMENT), 24, 10)
    return package.bytes()


def truncated(data: bytes) -> bytes:
    return data[: len(data) // 2]


def corrupt_entry(data: bytes, name: str = DOCUMENT) -> bytes:
    """A flipped byte inside ``name``'s compressed data: its CRC, or zlib itself, fails."""
    damaged = bytearray(data)
    local = _offset(_Zip.of(data).record(name))
    name_length, extra_length = struct.unpack_from("<HH", damaged, local + 26)
    compressed = struct.unpack_from("<I", damaged, local + 18)[0]
    damaged[local + 30 + name_length + extra_length + compressed // 3] ^= 0x55
    return bytes(damaged)


def encrypted(data: bytes, password: str = "hemligt") -> bytes:
    """The file with a password, as Word's "Encrypt with password" saves it (agile encryption)."""
    out = io.BytesIO()
    OOXMLFile(io.BytesIO(data)).encrypt(password, out)
    return out.getvalue()


def nested_tables(data: bytes, levels: int = 20_000) -> bytes:
    """The filled form inside ``levels`` tables nested one in the other."""
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        parts = {info.filename: package.read(info) for info in package.infolist()}
    document = parts[DOCUMENT]
    start = document.index(b"<w:body>") + len(b"<w:body>")
    end = document.rindex(b"</w:body>")
    wrapped = b"<w:tbl><w:tr><w:tc>" * levels + document[start:end] + b"</w:tc></w:tr></w:tbl>" * levels
    return rezip({**parts, DOCUMENT: document[:start] + wrapped + document[end:]})

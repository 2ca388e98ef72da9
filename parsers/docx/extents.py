"""Where each zip entry lies, checked against the archive's bytes before any entry is read.

zipfile trusts the central directory: the offset of each entry's local header and its
compressed size. Two tricks live in the gap between the two records, and Python before 3.12
refuses neither:

- entries that overlap: a declared size that runs over the next entry (or the directory),
  so the same bytes are read twice, which is how the small zips that expand without end are
  made: ``unsafe_document``;
- a central directory that understates an entry's sizes against its own local header, so
  that the size and ratio checks (docx.safety.archive_fault) pass on numbers that are not the
  entry's: ``understated_sizes``.

Both are refused for staff to look at. An entry whose local header is missing, or disagrees
with the directory in another way, is ``damaged_document``. Entries written with a data
descriptor (general purpose bit 3, as LibreOffice and streaming writers do) carry their sizes
in that descriptor, after the data, and are checked against it.
"""

from __future__ import annotations

import struct
import zipfile
from dataclasses import dataclass

from parsers.docx.parts import damaged
from parsers.model import Problem, Severity, problem

_LOCAL = struct.Struct("<4sHHHHHIIIHH")
_LOCAL_SIGNATURE = b"PK\x03\x04"
_DESCRIPTOR = struct.Struct("<III")
_DESCRIPTOR64 = struct.Struct("<IQQ")
_DESCRIPTOR_SIGNATURE = b"PK\x07\x08"
_DESCRIPTOR_FLAG = 0x8
_ZIP64 = 0xFFFFFFFF


@dataclass(frozen=True)
class _Extent:
    name: str
    start: int
    end: int


def extent_fault(data: bytes, archive: zipfile.ZipFile) -> Problem | None:
    """Why the entries' places in ``data`` cannot be trusted, or None when they can.
    Overlapping entries are named first: they are the trick, a size mismatch its symptom."""
    extents, faults = [], []
    for entry in archive.infolist():
        extent, fault = _extent(data, entry)
        extents += [extent] if extent is not None else []
        faults += [fault] if fault is not None else []
    extents.sort(key=lambda extent: extent.start)
    directory = getattr(archive, "start_dir", len(data))
    for first, second in zip(extents, [*extents[1:], _Extent("the central directory", directory, directory)]):
        if first.end > second.start:
            return problem("unsafe_document", Severity.STAFF,
                           reason=f"overlapping entries: {first.name} and {second.name}")
    return faults[0] if faults else None


def _extent(data: bytes, entry: zipfile.ZipInfo) -> tuple[_Extent | None, Problem | None]:
    offset = entry.header_offset
    if offset < 0 or offset + _LOCAL.size > len(data):
        return None, damaged(f"local header of {entry.filename} outside the archive")
    (signature, _, flags, _, _, _, crc, compressed, size, name_length,
     extra_length) = _LOCAL.unpack_from(data, offset)
    if signature != _LOCAL_SIGNATURE:
        return None, damaged(f"no local header for {entry.filename}")
    start = offset + _LOCAL.size + name_length + extra_length
    extent = _Extent(entry.filename, offset, start + entry.compress_size)
    if flags & _DESCRIPTOR_FLAG:
        recorded = _descriptor(data, extent.end, entry)
        if recorded is None:
            return extent, damaged(f"no data descriptor where the directory places the end of {entry.filename}")
        crc, compressed, size = recorded
    return extent, _disagreement(entry, crc, compressed, size)


def _descriptor(data: bytes, at: int, entry: zipfile.ZipInfo) -> tuple[int, int, int] | None:
    """(CRC, compressed, uncompressed) of the data descriptor at ``at`` (with or without its
    signature, with 32- or 64-bit sizes), the reading that agrees with the directory's CRC."""
    readings = []
    for skip in ((4,) if data[at:at + 4] == _DESCRIPTOR_SIGNATURE else ()) + (0,):
        for layout in (_DESCRIPTOR, _DESCRIPTOR64):
            if at + skip + layout.size <= len(data):
                readings.append(layout.unpack_from(data, at + skip))
    return next((r for r in readings if r[0] == entry.CRC), readings[0] if readings else None)


def _disagreement(entry: zipfile.ZipInfo, crc: int, compressed: int, size: int) -> Problem | None:
    if _ZIP64 in (compressed, size):
        return None  # the sizes are in the zip64 extra field, which zipfile has already read
    if entry.compress_size < compressed or entry.file_size < size:
        return problem("understated_sizes", Severity.STAFF,
                       reason=f"central directory understates the sizes of {entry.filename}")
    if (entry.compress_size, entry.file_size, entry.CRC) != (compressed, size, crc):
        return damaged(f"central directory disagrees with the entry {entry.filename}")
    return None

"""How parse_form may check what it reads: chosen by the caller, off by default."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ParseOptions:
    """``check_deliverability``: look the contact email's domain up in DNS (email-validator).
    It is the only I/O the parser ever does, and only when this is set; tests keep it off."""

    check_deliverability: bool = False


DEFAULT_OPTIONS = ParseOptions()

"""A settings or campaign file that is not valid TOML, worded as every other fault: the line
and column, and what tomllib found there, in the staff's language (the campaign files are
edited by board staff, who read Swedish). A reason tomllib has not been seen to give is passed
on in its own words."""

from __future__ import annotations

import re
import tomllib

from bot.errors import ConfigError, Phrase

_POSITION = re.compile(r"\s*\(at (?:line (?P<line>\d+), column (?P<column>\d+)|end of document)\)\s*$")
# (pattern of tomllib's reason, what it means); the first that matches wins.
_REASONS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"Invalid value$"), "a value that is not a quoted text, number, date, true/false, list or table"),
    (re.compile(r"Invalid statement$"), "a line that is neither key = value nor a [table] heading"),
    (re.compile(r"Expected '=' after a key in a key/value pair$"), "a key without = and a value after it"),
    (re.compile(r"Invalid initial character for a key part$"), "a key that begins with a character keys cannot have"),
    (re.compile(r"Expected newline or end of document after a statement$"),
     "more after a value on the same line (one key = value per line)"),
    (re.compile(r"Unclosed array$"), "a list [ … ] that is not closed"),
    (re.compile(r"Unclosed inline table$"), "a table { … } that is not closed"),
    (re.compile(r"Unterminated string$|Illegal character '\\n'$"), "a text whose closing quotation mark is missing"),
    (re.compile(r"Expected ']' at the end of a table declaration$"), "a [table] heading without its ]"),
    (re.compile(r"Expected ']]' at the end of an array declaration$"), "a [[table]] heading without its ]]"),
    (re.compile(r"Cannot overwrite a value$"), "a key given twice"),
    (re.compile(r"Cannot declare (?P<key>.+) twice$"), "the table {key} twice"),
    (re.compile(r"Cannot redefine namespace (?P<key>.+)$"), "the table {key} defined twice"),
    (re.compile(r"Cannot mutate immutable namespace (?P<key>.+)$"), "{key} changed after it was given in full"),
    (re.compile(r"Duplicate inline table key (?P<key>.+)$"), "the key {key} twice in one table {{ … }}"),
    (re.compile(r"Invalid date or datetime$"), "a date or time that does not exist (e.g. 2025-02-30)"),
    (re.compile(r"(?:Illegal|Found invalid) character (?P<char>.+)$"), "the character {char}, which is not allowed there"),
    (re.compile(r"Unescaped '\\' in a string$"), "a \\ in a \"…\" text (write \\\\, or use '…')"),
)


def toml_fault(where: str, exc: tomllib.TOMLDecodeError) -> ConfigError:
    message = " ".join(str(exc).split())
    position = _POSITION.search(message)
    reason = _reason(message[:position.start()] if position else message)
    if position and position["line"]:
        return ConfigError(where, None, "not valid TOML at line {line}, column {column}: {reason}",
                           line=int(position["line"]), column=int(position["column"]), reason=reason)
    if position:
        return ConfigError(where, None, "not valid TOML at the end of the file: {reason}", reason=reason)
    return ConfigError(where, None, "not valid TOML: {reason}", reason=reason)


def _dotted(value: str) -> str:
    """tomllib names a table as a tuple, ('a', 'b'): as it is written in the file, a.b."""
    parts = re.findall(r"'([^']*)'", value) if value.startswith("(") else []
    return ".".join(parts) if parts else value


def _reason(text: str) -> Phrase | str:
    for pattern, meaning in _REASONS:
        found = pattern.search(text)
        if found:
            return Phrase(meaning, {name: _dotted(value) for name, value in found.groupdict().items()})
    return text[:300]

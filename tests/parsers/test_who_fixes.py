"""Issue 10, principle 3: ask the sender only for what only the sender can give.

parsers.who_fixes.FIXED_BY is the one table of who fixes each problem code; these tests read
it as a table, and check that no code written anywhere in the code base is missing from it.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bot.inbound.attempt import FORMAT_CODES
from parsers.form.parse import PROBLEM_CODES
from parsers.model import Severity, problem
from parsers.who_fixes import BOARD, FIXED_BY, SENDER, fixed_by
from replies.problem_wording import WORDING

ROOT = Path(__file__).resolve().parents[2]
SOURCES = [p for package in ("bot", "parsers", "replies") for p in (ROOT / package).rglob("*.py")]
# problem("code", Severity.X ...) and Problem("code", Severity.X ...) as written at call sites,
# and the codes handed to helpers that make problems (bot/inbound/sandbox.py's _refused).
_CALL = re.compile(r"\b(?:problem|Problem)\(\s*\"([a-z_]+)\"\s*,\s*Severity\.([A-Z]+)")
_REFUSED = re.compile(r"\b_refused\(\s*\"([a-z_]+)\"")


@pytest.mark.parametrize(("code", "who"), [
    # the sender alone can give it
    ("no_goals", SENDER),                  # no goal chosen
    ("unknown_goal_number", SENDER),       # "mål 16" in a campaign of 15
    ("missing_field", SENDER),             # no contact person, no address
    ("invalid_email", SENDER),             # no usable contact address
    ("email_missing_at", SENDER),
    ("email_missing_domain", SENDER),
    ("email_undeliverable", SENDER),
    ("pdf_document", SENDER),              # an unreadable file: only the sender has the .docx
    ("legacy_word_document", SENDER),
    ("opendocument_text", SENDER),
    ("image_document", SENDER),
    ("encrypted_document", SENDER),
    ("damaged_document", SENDER),
    ("not_the_form", SENDER),
    # the board settles it from its roster or by reading
    ("org_number_differs", BOARD),         # a typo or failed checksum, the roster knows the organisation
    ("organisation_name_differs", BOARD),  # a name variant
    ("ambiguous_goal_title", BOARD),       # close to a goal's title, not exact
    ("goal_number_title_mismatch", BOARD),
    ("goals_from_free_text", BOARD),
    ("decision_date_unreadable", BOARD),   # kept as written: staff read it
    ("unknown_session", BOARD),
    ("unknown_organisation", BOARD),
    ("sender_not_verified", BOARD),        # principle 2: staff decide, nobody is asked
    ("dmarc_fail", BOARD),
    ("unsafe_document", BOARD),            # a person looks before anyone is asked anything
    ("parser_failed", BOARD),
])
def test_who_fixes_each_code(code: str, who: Severity) -> None:
    assert FIXED_BY[code] is who
    assert problem(code, Severity.STAFF if who is SENDER else Severity.SENDER).severity is who  # the table wins


def test_a_code_the_table_lacks_is_the_boards() -> None:
    assert fixed_by("something_new") is BOARD
    assert problem("something_new", Severity.SENDER).severity is Severity.SENDER  # outside the table: as written


def _written_codes() -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for path in SOURCES:
        text = path.read_text(encoding="utf-8")
        for code, severity in _CALL.findall(text):
            found.setdefault(code, set()).add(severity)
        for code in _REFUSED.findall(text):
            found.setdefault(code, set()).add("STAFF")
    return found


def test_every_problem_code_in_the_code_base_is_in_the_table() -> None:
    written = _written_codes()
    assert len(written) > 30  # the scan found the call sites
    every = set(written) | set(PROBLEM_CODES) | set(FORMAT_CODES.values()) | set(WORDING)
    assert sorted(every - set(FIXED_BY)) == []


def test_call_sites_say_what_the_table_says() -> None:
    disagree = {code: severities for code, severities in _written_codes().items()
                if severities != {FIXED_BY[code].name}}
    assert disagree == {}


def test_every_code_in_the_table_has_its_wording_and_no_wording_is_stale() -> None:
    assert set(WORDING) == set(FIXED_BY)

"""What the command line says exists in both languages, for every key the commands use."""

from __future__ import annotations

import re

import pytest

from bot.cli.texts import texts_for
from bot.db.tables import StaffActionKind
from bot.staff.digest import DigestReport
from bot.staff.queue import Reason
from parsers.model import AffiliationStatus
from tests.support.paths import REPO

CLI = sorted((REPO / "bot" / "cli").glob("*.py"))
STAFF = sorted((REPO / "bot" / "staff").glob("*.py"))


def test_swedish_and_english_have_the_same_keys() -> None:
    assert texts_for("sv").keys() == texts_for("en").keys()
    assert texts_for("de") == texts_for("sv")  # an unknown language falls back to Swedish


def test_every_literal_key_the_commands_use_exists() -> None:
    used = {key for path in CLI for key in re.findall(r't\["([a-z_]+)"\]', path.read_text(encoding="utf-8"))}
    assert len(used) > 80  # guards the pattern itself
    assert used <= texts_for("sv").keys()


@pytest.mark.parametrize("prefix, values", [
    ("reason_", [r.value for r in Reason]),
    ("action_", [a.value for a in StaffActionKind]),
    ("done_", ["approve", "reject", "edit", "resend", "handled"]),
    ("review_", ["approve", "reject", "edit", "resend", "handled", "list", "show"]),
    ("status_", [s.value for s in AffiliationStatus]),
    ("digest_", list(DigestReport.__dataclass_fields__)),
    ("refused_", sorted({code for path in STAFF
                         for code in re.findall(r'ReviewError\("([a-z_]+)"', path.read_text(encoding="utf-8"))})),
])
def test_every_key_made_from_a_value_exists(prefix: str, values: list[str]) -> None:
    assert values and {prefix + value for value in values} <= texts_for("sv").keys()

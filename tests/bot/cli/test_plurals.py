"""Singular and plural in what the command line says: every text that counts something has a
``_one`` beside it ("1 nytt meddelande", not "1 nya meddelanden"), and ``counted`` picks it."""

from __future__ import annotations

import re

import pytest

from bot.cli.texts import TEXTS, counted, texts_for

# A placeholder that is a count of things in the sentence's own words.
COUNTS = re.compile(r"\{(count|scanned|days|n)\}")
# Texts whose counts stand in a table cell or beside a label, or are never 1 (age_hours >= 2).
NOT_COUNTED = {"status_outbox_counts", "age_minutes", "age_hours", "age_days", "waiting_days", "sent_summary"}


@pytest.mark.parametrize("language", sorted(TEXTS))
def test_every_text_that_counts_has_a_singular(language: str) -> None:
    t = texts_for(language)
    missing = [key for key, text in t.items() if COUNTS.search(text) and not key.endswith("_one")
               and key not in NOT_COUNTED and f"{key}_one" not in t]
    assert missing == []


def test_counted_picks_the_singular() -> None:
    t = texts_for("sv")
    assert counted(t, "pass_summary", 1, scanned=1, ours=0, outcomes="-") == "Läste 1 nytt meddelande, 0 gällde en kampanj (-)."
    assert counted(t, "pass_summary", 3, scanned=3, ours=1, outcomes="-").startswith("Läste 3 nya meddelanden")
    assert counted(t, "n_days", 1, n=1) == "1 dag" and counted(t, "n_days", 30, n=30) == "30 dagar"
    assert counted(t, "exported", 1, count=1, path="a.csv") == "Exporterade 1 anslutning till a.csv."

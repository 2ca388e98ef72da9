"""Issue 10, principle 2: the roster's domains decide who may send an organisation's form, so
every organisation of the shipped rosters has one; a roster without the column still loads
(its organisations then always wait for staff)."""

from __future__ import annotations

from pathlib import Path

from bot.campaigns import load_roster
from parsers.roster import by_sender_domain, in_domains
from tests.support.paths import REPO

ROSTERS = sorted((REPO / "config" / "roster").glob("*.csv"))


def test_every_organisation_of_the_shipped_rosters_has_a_domain() -> None:
    assert ROSTERS
    for path in ROSTERS:
        entries = load_roster(path)
        assert entries and [e.organisation for e in entries if not e.domains] == [], path


def test_a_roster_without_domains_still_loads(tmp_path: Path) -> None:
    old = tmp_path / "old.csv"
    old.write_text("organisation,org_number,type\nLerums kommun,212000-2502,Kommun\n", encoding="utf-8")
    (entry,) = load_roster(old)
    assert (entry.organisation, entry.domains) == ("Lerums kommun", ())
    assert not in_domains("elin@lerum.se", entry.domains) and by_sender_domain((entry,), "elin@lerum.se") is None

"""Campaign files are validated on load; a fault names the file and the key."""

from __future__ import annotations

import shutil
from datetime import time
from pathlib import Path

import pytest

from bot.campaigns import load_campaign, load_campaigns, load_roster
from bot.errors import ConfigError
from parsers.model import RosterEntry
from tests.support.paths import CONFIG



def test_shipped_campaigns_load() -> None:
    campaigns = {c.key: c for c in load_campaigns(CONFIG / "campaigns")}
    vg = campaigns["jamstallt-vg-2024-2027"]
    assert vg.case_number == "801-9838-2024"
    assert [g.number for g in vg.goals] == list(range(1, 16))
    assert [s.id for s in vg.sessions] == ["info-2025-04-17", "info-2025-05-13", "info-2025-10-07"]
    assert len(vg.roster) == 56 and vg.form_path is not None and vg.form_path.is_file()
    assert campaigns["jamstallt-vastmanland-2024-2027"].goal(6).title == "Mäns våld mot kvinnor ska upphöra"


def copy_campaign(tmp_path: Path) -> Path:
    for folder in ("campaigns", "roster", "forms"):
        shutil.copytree(CONFIG / folder, tmp_path / folder)
    return tmp_path / "campaigns" / "jamstallt-vg-2024-2027.toml"


@pytest.mark.parametrize("old, new, key, fault", [
    ('case_number = "801-9838-2024"', 'case_number = "dnr saknas"', "case_number", "not a case number"),
    ('key = "jamstallt-vg-2024-2027"\n', "", "key", "required key is missing"),
    ('language = "sv"', 'language = "de"', "language", "must be one of sv, en"),
    ('roster = "../roster/vastra-gotaland.csv"', 'roster = "../roster/saknas.csv"', "roster", "file not found"),
    ('number = 15', 'number = 14', "goals.number", "duplicate value 14"),
    ('number = 3\n', 'number = "tre"\n', "goals[2].number", "must be a positive integer"),
    ('starts_at = "2025-04-17T10:00:00+02:00"', 'starts_at = "2025-04-17T10:00:00"', "sessions[0].starts_at",
     "UTC offset"),
    ('ends_at = "2025-04-17T11:00:00+02:00"', 'ends_at = "2025-04-17T09:00:00+02:00"', "sessions[0].ends_at",
     "must be after"),
    ('reminders = ["7d", "1d"]', 'reminders = "7d"', "reminders", 'must be a list like ["7d", "1d"]'),
    ('reminders = ["7d", "1d"]', 'reminders = ["7 dagar"]', "reminders", "each offset is a number and d, h or m"),
    ('reminders = ["7d", "1d"]', 'reminders = ["0d"]', "reminders", "each offset is a number and d, h or m"),
    ('reminders = ["7d", "1d"]', 'reminders = ["1d", "1d"]', "reminders", "duplicate value '1d'"),
    ('remind = "not_declined"', 'remind = "alla"', "remind", "must be one of not_declined, accepted, not 'alla'"),
])
def test_bad_campaign_names_file_and_key(tmp_path: Path, old: str, new: str, key: str, fault: str) -> None:
    path = copy_campaign(tmp_path)
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_campaign(path)
    message = str(caught.value)
    assert str(path) in message and key in message and fault in message and "\n" not in message


def test_reminder_keys_have_defaults_and_are_sorted(tmp_path: Path) -> None:
    path = copy_campaign(tmp_path)
    text = path.read_text(encoding="utf-8")
    campaign = load_campaign(path)
    assert ([o.label for o in campaign.reminders], campaign.remind) == (["7d", "1d"], "not_declined")
    path.write_text(text.replace('reminders = ["7d", "1d"]', 'reminders = ["2h", "3d", "90m"]')
                    .replace('remind = "not_declined"', 'remind = "accepted"'), encoding="utf-8")
    campaign = load_campaign(path)
    assert [(o.label, o.before.total_seconds()) for o in campaign.reminders] == [
        ("3d", 259200), ("2h", 7200), ("90m", 5400)]
    assert campaign.remind == "accepted"
    path.write_text(text.replace('reminders = ["7d", "1d"]\n', "").replace('remind = "not_declined"\n', ""),
                    encoding="utf-8")
    assert [o.label for o in load_campaign(path).reminders] == ["7d", "1d"]


def test_duplicate_case_numbers_across_files(tmp_path: Path) -> None:
    path = copy_campaign(tmp_path)
    twin = path.with_name("twin.toml")
    twin.write_text(path.read_text(encoding="utf-8").replace('key = "jamstallt-vg-2024-2027"', 'key = "twin"'),
                    encoding="utf-8")
    with pytest.raises(ConfigError, match="case_number: duplicate value '801-9838-2024'"):
        load_campaigns(path.parent)


def test_empty_directory(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="no campaign files"):
        load_campaigns(tmp_path)


def test_the_digest_schedule_defaults_to_weekdays_at_half_past_seven(tmp_path: Path) -> None:
    path = copy_campaign(tmp_path)
    text = path.read_text(encoding="utf-8")
    path.write_text("\n".join(line for line in text.splitlines() if not line.startswith("digest =")), encoding="utf-8")
    schedule = load_campaign(path).digest
    assert (schedule.weekdays, schedule.at) == (frozenset({0, 1, 2, 3, 4}), time(7, 30))


@pytest.mark.parametrize("value, weekdays, at", [
    ('{ days = "mon-fri", time = "07:30" }', {0, 1, 2, 3, 4}, time(7, 30)),
    ('{ days = "mon,thu", time = "8.15" }', {0, 3}, time(8, 15)),
    ('{ days = "daily" }', set(range(7)), time(7, 30)),
    ('{ days = "fri-mon" }', {4, 5, 6, 0}, time(7, 30)),
    ('{ time = "16:00" }', {0, 1, 2, 3, 4}, time(16, 0)),
])
def test_the_digest_schedule_is_read(tmp_path: Path, value: str, weekdays: set[int], at: time) -> None:
    path = copy_campaign(tmp_path)
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('digest = { days = "mon-fri", time = "07:30" }', f"digest = {value}"), encoding="utf-8")
    schedule = load_campaign(path).digest
    assert (schedule.weekdays, schedule.at) == (frozenset(weekdays), at)


@pytest.mark.parametrize("value, key, fault", [
    ('{ days = "måndag" }', "digest.days", 'must be weekdays like "mon-fri"'),
    ('{ days = "" }', "digest.days", "must be weekdays"),
    ('{ time = "25:00" }', "digest.time", 'must be a local time like "07:30"'),
    ('{ time = 730 }', "digest.time", "must be a local time"),
    ('{ dagar = "mon" }', "digest.dagar", "unknown key"),
    ('"mon-fri"', "digest", "must be a table"),
])
def test_a_bad_digest_schedule_names_file_and_key(tmp_path: Path, value: str, key: str, fault: str) -> None:
    path = copy_campaign(tmp_path)
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('digest = { days = "mon-fri", time = "07:30" }', f"digest = {value}"), encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_campaign(path)
    message = str(caught.value)
    assert message.startswith(f"{path}: {key}: ") and fault in message and "\n" not in message


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252"])
@pytest.mark.parametrize("separator", [",", ";"])
def test_a_roster_is_read_in_the_encodings_and_separators_excel_writes(tmp_path: Path, encoding: str,
                                                                       separator: str) -> None:
    lines = ["organisation,org_number,type,domains", "Alingsås kommun,212000-9622,Kommun,alingsas.se",
             '"Göteborgs Stad, Stadsledningskontoret",212000-1355,Kommun,"goteborg.se;educ.goteborg.se"']
    if separator == ";":  # Swedish Excel: semicolons, a cleared row kept as ;;;
        lines = ["organisation;org_number;type;domains", "Alingsås kommun;212000-9622;Kommun;alingsas.se",
                 "Göteborgs Stad, Stadsledningskontoret;212000-1355;Kommun;goteborg.se, educ.goteborg.se", ";;;"]
    path = tmp_path / "roster.csv"
    path.write_bytes("\r\n".join(lines).encode(encoding) + b"\r\n")
    assert load_roster(path) == (
        RosterEntry("Alingsås kommun", "212000-9622", "Kommun", ("alingsas.se",)),
        RosterEntry("Göteborgs Stad, Stadsledningskontoret", "212000-1355", "Kommun", ("goteborg.se", "educ.goteborg.se")))

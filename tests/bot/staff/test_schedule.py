"""When a campaign's digest is due, and when the next one comes (Swedish local time)."""

from __future__ import annotations

from datetime import datetime, time

import pytest

from bot.staff.digest import due_slot, next_slot
from parsers.model import LOCAL_ZONE, DigestSchedule

WEEKDAYS = DigestSchedule()
MONDAYS = DigestSchedule(frozenset({0}), time(16, 0))


def local(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=LOCAL_ZONE)


@pytest.mark.parametrize("now, slot", [
    ("2025-06-02 07:29", None),                  # Monday, before the time
    ("2025-06-02 07:30", "2025-06-02 07:30"),
    ("2025-06-02 23:59", "2025-06-02 07:30"),    # due all day, until the day ends
    ("2025-06-07 08:00", None),                  # Saturday: not a digest day
    ("2025-03-31 07:45", "2025-03-31 07:30"),    # the day after summer time began
])
def test_due_slot(now: str, slot: str | None) -> None:
    assert due_slot(WEEKDAYS, local(now)) == (local(slot) if slot else None)


def test_due_slot_is_local_time_whatever_the_offset_given() -> None:
    utc = datetime.fromisoformat("2025-06-02T05:30:00+00:00")  # 07:30 in Stockholm
    assert due_slot(WEEKDAYS, utc) == local("2025-06-02 07:30")


@pytest.mark.parametrize("schedule, now, decided, expected", [
    (WEEKDAYS, "2025-06-02 07:00", False, "2025-06-02 07:30"),
    (WEEKDAYS, "2025-06-02 09:00", False, "2025-06-02 07:30"),  # due and not yet made: now
    (WEEKDAYS, "2025-06-02 09:00", True, "2025-06-03 07:30"),
    (WEEKDAYS, "2025-06-06 09:00", True, "2025-06-09 07:30"),   # Friday -> Monday
    (MONDAYS, "2025-06-02 16:30", True, "2025-06-09 16:00"),
])
def test_next_slot(schedule: DigestSchedule, now: str, decided: bool, expected: str) -> None:
    assert next_slot(schedule, local(now), decided) == local(expected)

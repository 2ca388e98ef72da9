"""Values that cross module lines: campaigns, parsed forms, problems.

These are the contracts between ``parsers/``, ``replies/`` and ``bot/``. They are
frozen dataclasses so they can be compared, hashed and passed around freely.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from enum import StrEnum
from pathlib import Path
from zoneinfo import ZoneInfo

from parsers.who_fixes import FIXED_BY, Severity

# The board's local time: what staff mean by a time without an offset, and how times are shown.
LOCAL_ZONE = ZoneInfo("Europe/Stockholm")


# --- campaigns -------------------------------------------------------------------------

@dataclass(frozen=True)
class Goal:
    number: int
    area: str
    title: str


@dataclass(frozen=True)
class InfoSession:
    """A digital information session (informationsträff) of a campaign, as its file lists it."""

    id: str
    title: str
    starts_at: datetime
    ends_at: datetime
    join_url: str
    form_label: str  # how the form names the session, e.g. "17 april"


@dataclass(frozen=True)
class ReminderOffset:
    """How long before a session a reminder goes out, as the campaign file writes it ("7d")."""

    label: str
    before: timedelta


class RemindPolicy(StrEnum):
    """Which invitees a campaign reminds (the campaign key ``remind``)."""

    NOT_DECLINED = "not_declined"  # everyone invited who has not declined
    ACCEPTED = "accepted"          # only those who accepted


DEFAULT_REMINDERS = (ReminderOffset("7d", timedelta(days=7)), ReminderOffset("1d", timedelta(days=1)))


@dataclass(frozen=True)
class RosterEntry:
    organisation: str
    org_number: str
    type: str
    domains: tuple[str, ...]


@dataclass(frozen=True)
class DigestSchedule:
    """When staff get the campaign's digest: these weekdays (0 = Monday) at this local time."""

    weekdays: frozenset[int] = frozenset(range(5))
    at: time = time(7, 30)


@dataclass(frozen=True)
class Campaign:
    key: str
    name: str
    board: str
    case_number: str
    reply_from: str
    language: str
    staff: tuple[str, ...]
    questions_to: str
    privacy_url: str
    goals: tuple[Goal, ...]
    sessions: tuple[InfoSession, ...]
    roster: tuple[RosterEntry, ...]
    form_path: Path | None
    source_path: Path | None = None
    roster_path: Path | None = None
    reminders: tuple[ReminderOffset, ...] = DEFAULT_REMINDERS  # longest first
    remind: RemindPolicy = RemindPolicy.NOT_DECLINED
    digest: DigestSchedule = field(default_factory=DigestSchedule)

    def goal(self, number: int) -> Goal | None:
        return next((g for g in self.goals if g.number == number), None)

    def session(self, session_id: str) -> InfoSession | None:
        return next((s for s in self.sessions if s.id == session_id), None)


# --- affiliations ----------------------------------------------------------------------

class AffiliationStatus(StrEnum):
    """Where an affiliation stands; the export's `status` (a contract, see docs/design.md)."""

    REGISTERED = "registered"      # the form was read in full and registered
    NEEDS_REVIEW = "needs_review"  # a person must look before it counts as registered
    INCOMPLETE = "incomplete"      # the sender was asked to fix something
    REJECTED = "rejected"          # staff decided it does not count


# --- problems --------------------------------------------------------------------------

@dataclass(frozen=True)
class Problem:
    """Something missing or doubtful. ``code`` is stable; ``replies/problems.py`` turns
    code + params into the sentence a person reads."""

    code: str
    severity: Severity
    field: str | None = None
    params: tuple[tuple[str, str], ...] = ()

    def param(self, name: str, default: str = "") -> str:
        return dict(self.params).get(name, default)


def problem(code: str, severity: Severity, field: str | None = None, **params: object) -> Problem:
    """A Problem whose severity is the one parsers.who_fixes.FIXED_BY gives its code (the
    table decides; ``severity`` says at the call site what the table says, and a test keeps
    the two in step)."""
    return Problem(code, FIXED_BY.get(code, severity), field, tuple(sorted((k, str(v)) for k, v in params.items())))


# --- the form --------------------------------------------------------------------------

@dataclass(frozen=True)
class Contact:
    name: str = ""
    title: str = ""
    email: str = ""
    phone: str = ""


@dataclass(frozen=True)
class Decision:
    body: str = ""
    paragraph: str = ""
    date: str = ""  # ISO date when it could be read, otherwise as written
    reference: str = ""


@dataclass(frozen=True)
class Signature:
    place_and_date: str = ""
    name: str = ""
    title: str = ""


class FormStyle(StrEnum):
    """How the sender filled in the form: shown to staff, used in tests and benchmarks."""

    CONTENT_CONTROLS = "content_controls"
    LEGACY_FIELDS = "legacy_fields"
    TYPED_MARKS = "typed_marks"
    DELETED_ROWS = "deleted_rows"
    RETYPED = "retyped"


class GoalSource(StrEnum):
    MARKED = "marked"            # ticked boxes, typed marks
    REMAINING_ROWS = "remaining_rows"  # unchosen rows deleted, the rest unmarked
    LISTED = "listed"            # retyped list "Mål 13 – ..."
    FREE_TEXT = "free_text"      # only mentioned in the plan text
    NONE = "none"


@dataclass(frozen=True)
class FormData:
    case_number: str = ""
    organisation: str = ""
    org_number: str = ""
    organisation_type: str = ""
    contact: Contact = field(default_factory=Contact)
    decision: Decision = field(default_factory=Decision)
    goals: tuple[int, ...] = ()
    goal_source: GoalSource = GoalSource.NONE
    plan_text: str = ""
    sessions: tuple[str, ...] = ()
    signature: Signature = field(default_factory=Signature)
    style: FormStyle = FormStyle.CONTENT_CONTROLS


@dataclass(frozen=True)
class ParsedForm:
    """What ``parsers.form.parse.parse_form`` returns: the form (None when the document could
    not be read as the campaign's form at all) and every problem found on the way."""

    form: FormData | None
    problems: tuple[Problem, ...] = ()

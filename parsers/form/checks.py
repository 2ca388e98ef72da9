"""Checks on a parsed form: each returns problems (plain data) and decides nothing else.

The order of CHECKS is the order problems are reported in. Sender problems (incomplete:
the sender is asked to fix them) and staff problems (needs_review) are told apart by their
Severity, which parsers.who_fixes.FIXED_BY gives per code.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from parsers.form.contact import email_fault
from parsers.form.goals import GoalReading
from parsers.form.options import DEFAULT_OPTIONS, ParseOptions
from parsers.form.sessions import SessionReading
from parsers.form.values import ISO_DATE, luhn_valid
from parsers.model import Campaign, FormData, GoalSource, Problem, Severity, problem

REQUIRED_FIELDS = ("organisation", "org_number", "contact.name", "contact.email")
_ORG_NUMBER = re.compile(r"\d{6}-\d{4}")


@dataclass(frozen=True)
class Reading:
    form: FormData
    goals: GoalReading
    sessions: SessionReading
    campaign: Campaign
    options: ParseOptions = DEFAULT_OPTIONS
    phone_problem: Problem | None = None  # found while normalising the number


Check = Callable[[Reading], Iterable[Problem]]


def field_value(form: FormData, path: str) -> str:
    """A FormData field by its dotted name, e.g. "contact.email"."""
    value: object = form
    for name in path.split("."):
        value = getattr(value, name)
    return str(value)


def required_fields(reading: Reading) -> Iterable[Problem]:
    for path in REQUIRED_FIELDS:
        if not field_value(reading.form, path).strip():
            yield problem("missing_field", Severity.SENDER, path)


def org_number_format(reading: Reading) -> Iterable[Problem]:
    written = reading.form.org_number
    if written and not _ORG_NUMBER.fullmatch(written):
        yield problem("org_number_format", Severity.SENDER, "org_number", value=written)
    elif written and not luhn_valid(written):
        yield problem("org_number_checksum", Severity.SENDER, "org_number", value=written)


def email_usable(reading: Reading) -> Iterable[Problem]:
    fault = email_fault(reading.form.contact.email, check_deliverability=reading.options.check_deliverability)
    if fault is not None:
        yield fault


def phone_usable(reading: Reading) -> Iterable[Problem]:
    if reading.phone_problem is not None:
        yield reading.phone_problem


def decision_date_readable(reading: Reading) -> Iterable[Problem]:
    written = reading.form.decision.date
    if written and not ISO_DATE.fullmatch(written):
        yield problem("decision_date_unreadable", Severity.STAFF, "decision.date", value=written)


def goals_chosen(reading: Reading) -> Iterable[Problem]:
    # A goal line in doubt is a choice staff must read, not a missing one.
    if not reading.form.goals and not reading.goals.doubts:
        yield problem("no_goals", Severity.SENDER, "goals")


def goal_numbers_known(reading: Reading) -> Iterable[Problem]:
    for number in reading.goals.unknown(reading.campaign):
        yield problem("unknown_goal_number", Severity.SENDER, "goals", number=number,
                      valid=goal_ranges(g.number for g in reading.campaign.goals))


def goal_ranges(numbers: Iterable[int]) -> str:
    """The campaign's goal numbers as a reader takes them in: "1–15", "1–3, 5, 7–9"."""
    runs: list[list[int]] = []
    for number in sorted(set(numbers)):
        if runs and number == runs[-1][-1] + 1:
            runs[-1].append(number)
        else:
            runs.append([number])
    return ", ".join(f"{run[0]}–{run[-1]}" if len(run) > 2 else ", ".join(map(str, run)) for run in runs)


def goals_from_free_text(reading: Reading) -> Iterable[Problem]:
    if reading.goals.source is GoalSource.FREE_TEXT:
        yield problem("goals_from_free_text", Severity.STAFF, "goals",
                      goals=", ".join(str(n) for n in reading.goals.numbers))


def goal_doubts(reading: Reading) -> Iterable[Problem]:
    return reading.goals.doubts


def sessions_known(reading: Reading) -> Iterable[Problem]:
    for text in reading.sessions.unknown:
        yield problem("unknown_session", Severity.STAFF, "sessions", text=text)


CHECKS: tuple[Check, ...] = (
    required_fields,         # organisation, org number, contact name and email
    org_number_format,       # ten digits, and the last one a right Luhn check digit
    email_usable,            # an address with an @ and a domain (deliverable, when asked)
    phone_usable,            # a phone number that is clearly one, when given
    decision_date_readable,  # a date, when given
    goals_chosen,            # at least one goal
    goal_numbers_known,      # "Mål 17" in a campaign with 15 goals
    goals_from_free_text,    # goals only mentioned in running text: staff confirm
    goal_doubts,             # emphasis only, contradicting marks, reworded or mismatched titles
    sessions_known,          # a ticked session the campaign does not have
)


def check(reading: Reading) -> tuple[Problem, ...]:
    return tuple(found for rule in CHECKS for found in rule(reading))

"""Checks on a parsed form: each returns problems (plain data) and decides nothing else.

The order of CHECKS is the order problems are reported in.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from parsers.form_goals import GoalReading
from parsers.form_sessions import SessionReading
from parsers.form_values import email_is_valid
from parsers.model import Campaign, FormData, GoalSource, Problem, Severity, problem

REQUIRED_FIELDS = ("organisation", "org_number", "contact.name", "contact.email")
_ORG_NUMBER = re.compile(r"\d{6}-\d{4}")


@dataclass(frozen=True)
class Reading:
    form: FormData
    goals: GoalReading
    sessions: SessionReading
    campaign: Campaign


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


def email_syntax(reading: Reading) -> Iterable[Problem]:
    address = reading.form.contact.email
    if address and not email_is_valid(address):
        yield problem("invalid_email", Severity.SENDER, "contact.email", value=address)


def goals_chosen(reading: Reading) -> Iterable[Problem]:
    if not reading.form.goals:
        yield problem("no_goals", Severity.SENDER, "goals")


def goal_numbers_known(reading: Reading) -> Iterable[Problem]:
    for number in reading.goals.unknown(reading.campaign):
        yield problem("unknown_goal_number", Severity.STAFF, "goals", number=number)


def goals_from_free_text(reading: Reading) -> Iterable[Problem]:
    if reading.goals.source is GoalSource.FREE_TEXT:
        yield problem("goals_from_free_text", Severity.STAFF, "goals",
                      goals=", ".join(str(n) for n in reading.goals.numbers))


def sessions_known(reading: Reading) -> Iterable[Problem]:
    for text in reading.sessions.unknown:
        yield problem("unknown_session", Severity.STAFF, "sessions", text=text)


CHECKS: tuple[Check, ...] = (
    required_fields,        # organisation, org number, contact name and email
    org_number_format,      # ten digits
    email_syntax,           # the contact's address is an address
    goals_chosen,           # at least one goal
    goal_numbers_known,     # "Mål 17" in a campaign with 15 goals
    goals_from_free_text,   # goals only mentioned in running text: staff confirm
    sessions_known,         # a ticked session the campaign does not have
)


def check(reading: Reading) -> tuple[Problem, ...]:
    return tuple(found for rule in CHECKS for found in rule(reading))

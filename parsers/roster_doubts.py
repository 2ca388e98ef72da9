"""What a form says about who it is, against the roster entry it was matched to. Pure.

When the roster identifies the organisation, the board can settle a wrong or missing org
number (by name or sender domain) or a name written another way (by number or domain) itself:
the sender's problems about those fields give way to one board problem that shows staff
both values (parsers.who_fixes: ``org_number_differs``, ``organisation_name_differs``).
"""

from __future__ import annotations

from parsers.model import FormData, Problem, Severity, problem
from parsers.roster import Identification, names_match, org_number_digits

_NUMBER_CODES = frozenset({"org_number_format", "org_number_checksum"})


def against_roster(found: Identification, form: FormData, problems: list[Problem]) -> list[Problem]:
    """``problems`` with those the roster settles replaced by what staff must compare."""
    entry = found.entry
    if entry is None:
        return problems
    kept, added = list(problems), []
    roster_digits = org_number_digits(entry.org_number)
    if found.matched_by != "org_number" and roster_digits and org_number_digits(form.org_number) != roster_digits:
        kept = [p for p in kept if p.code not in _NUMBER_CODES and not _missing(p, "org_number")]
        added.append(problem("org_number_differs", Severity.STAFF, "org_number", written=form.org_number or "–",
                             roster=entry.org_number, organisation=entry.organisation))
    if found.matched_by != "name" and not names_match(form.organisation, entry):
        kept = [p for p in kept if not _missing(p, "organisation")]
        added.append(problem("organisation_name_differs", Severity.STAFF, "organisation",
                             written=form.organisation or "–", organisation=entry.organisation))
    return kept + added


def _missing(found: Problem, field: str) -> bool:
    return found.code == "missing_field" and found.field == field

"""What `intake review edit ID FIELD VALUE` may change, and how a value is checked.

Each field has a name as the export writes it (``contact.email``) and Swedish names staff
may type instead (``kontakt.epost``). A value that does not fit is refused with a ReviewError
naming the field; nothing is half-changed.
"""

from __future__ import annotations

import copy
import re
from typing import Any, Callable

from email_validator import EmailNotValidError, validate_email

from bot.errors import ReviewError
from parsers.form.contact import phone_number
from parsers.model import Campaign
from parsers.roster import org_number_digits

Check = Callable[[str, Campaign], Any]  # the typed value -> the value stored, or ReviewError


def _text(field: str) -> Check:
    def check(value: str, campaign: Campaign) -> str:
        cleaned = " ".join(value.split())
        if not cleaned:
            raise ReviewError("empty_value", field=field)
        return cleaned
    return check


def _email(value: str, campaign: Campaign) -> str:
    try:
        return validate_email(value.strip(), check_deliverability=False).normalized
    except EmailNotValidError:
        raise ReviewError("bad_email", value=value) from None


def _phone(value: str, campaign: Campaign) -> str:
    """Stored as the form's phone is: E.164 for a valid number (070-917 13 98 -> +46709171398)."""
    stored = _text("contact.phone")(value, campaign)
    return phone_number(stored)[0]


def _org_number(value: str, campaign: Campaign) -> str:
    digits = org_number_digits(value)
    if len(digits) != 10:
        raise ReviewError("bad_org_number", value=value)
    return f"{digits[:6]}-{digits[6:]}"


def _goals(value: str, campaign: Campaign) -> list[int]:
    known = {goal.number for goal in campaign.goals}
    parts = [p for p in re.split(r"[\s,;]+", value.strip()) if p]
    if not parts or not all(p.isdigit() and int(p) in known for p in parts):
        raise ReviewError("bad_goals", value=value, known=", ".join(str(n) for n in sorted(known)))
    return sorted({int(p) for p in parts})


def _sessions(value: str, campaign: Campaign) -> list[str]:
    known = [session.id for session in campaign.sessions]
    parts = [p for p in re.split(r"[\s,;]+", value.strip()) if p and p != "-"]
    if not all(p in known for p in parts):
        raise ReviewError("bad_sessions", value=value, known=", ".join(known) or "-")
    return [s for s in known if s in parts]  # in the campaign's order


# field -> (names staff may type, check)
FIELDS: dict[str, tuple[tuple[str, ...], Check]] = {
    "organisation": (("organisation",), _text("organisation")),
    "org_number": (("orgnr", "organisationsnummer"), _org_number),
    "organisation_type": (("typ", "organisationstyp"), _text("organisation_type")),
    "contact.name": (("kontakt.namn",), _text("contact.name")),
    "contact.title": (("kontakt.titel",), _text("contact.title")),
    "contact.email": (("kontakt.epost", "kontakt.e-post"), _email),
    "contact.phone": (("kontakt.telefon",), _phone),
    "goals": (("mål", "mal"),  _goals),
    "sessions": (("träffar", "informationsträffar"), _sessions),
}
_NAMES = {name: field for field, (aliases, _) in FIELDS.items() for name in (field, *aliases)}


def field_name(typed: str) -> str:
    """The field staff mean by ``typed``, or ReviewError listing the fields there are."""
    field = _NAMES.get(typed.strip().lower())
    if field is None:
        raise ReviewError("unknown_field", field=typed, fields=", ".join(FIELDS))
    return field


def edited(form: dict[str, Any], typed_field: str, value: str,
           campaign: Campaign) -> tuple[str, dict[str, Any], dict[str, list[Any]]]:
    """(field, the form with ``value`` in ``field``, {field: [before, after]})."""
    field = field_name(typed_field)
    new_value = FIELDS[field][1](value, campaign)
    changed = copy.deepcopy(form)
    holder, key = _holder(changed, field)
    before = holder.get(key)
    if before == new_value:
        raise ReviewError("unchanged", field=field)
    holder[key] = new_value
    return field, changed, {field: [before, new_value]}


def _holder(form: dict[str, Any], field: str) -> tuple[dict[str, Any], str]:
    head, dot, key = field.partition(".")
    if not dot:
        return form, head
    return form.setdefault(head, {}), key

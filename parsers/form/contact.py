"""The contact person's email address and phone number: read, normalised, and what is wrong.

Email: the address in the field ("mailto:", angle brackets and a name beside it dropped),
checked with email-validator. Syntax only, offline, unless ``check_deliverability`` is set
(ParseOptions): then email-validator looks the domain up in DNS, the one I/O the parser may
do. A fault gets the most precise problem the sender can act on: no @, no domain after the
@ ("anna.berg@alingsas"), a domain that does not exist, or a generic invalid address.

Phone: parsed with phonenumbers, Swedish numbers by default. A valid number is kept in
E.164 (+46701234567): one spelling however it was written, so versions compare equal and
the export can be dialled. A number phonenumbers does not know but that could be one
(a new series, an extension written after it) is kept as written. Only a clearly wrong
one is a problem: no digits, too few digits, or an unknown country code.
"""

from __future__ import annotations

import phonenumbers
from email_validator import EmailNotValidError, EmailUndeliverableError, validate_email

from parsers.model import Problem, Severity, problem

PHONE_REGION = "SE"
_TOO_SHORT = frozenset({phonenumbers.ValidationResult.TOO_SHORT, phonenumbers.ValidationResult.INVALID_COUNTRY_CODE,
                        phonenumbers.ValidationResult.INVALID_LENGTH})
_FEWEST_DIGITS = 7  # a Swedish number with its area code has at least 7 digits (08-123 45)


def email_address(text: str) -> str:
    """The address in a field: "mailto:" and angle brackets dropped; the token with an @
    when a name was written beside it."""
    words = text.replace("<", " ").replace(">", " ").split()
    words = [word.removeprefix("mailto:").strip(".,;") for word in words]
    with_at = [word for word in words if "@" in word]
    if len(with_at) == 1:
        return with_at[0]
    return " ".join(words)


def email_fault(address: str, *, check_deliverability: bool = False) -> Problem | None:
    """Why the contact's address cannot be used, or None when it can (or is empty)."""
    if not address:
        return None
    if "@" not in address:
        return problem("email_missing_at", Severity.SENDER, "contact.email", value=address)
    domain = address.rsplit("@", 1)[1]
    if domain and " " not in address and "." not in domain.strip("."):
        return problem("email_missing_domain", Severity.SENDER, "contact.email", value=address)
    try:
        validate_email(address, check_deliverability=check_deliverability)
    except EmailUndeliverableError:
        return problem("email_undeliverable", Severity.SENDER, "contact.email", value=address, domain=domain)
    except EmailNotValidError:
        return problem("invalid_email", Severity.SENDER, "contact.email", value=address)
    return None


def phone_number(text: str) -> tuple[str, Problem | None]:
    """(value, problem): E.164 for a valid number, else the text as written."""
    written = " ".join(text.split())
    if not written:
        return "", None
    digits = sum(char.isdigit() for char in written)
    try:
        parsed = phonenumbers.parse(written, PHONE_REGION)
    except phonenumbers.NumberParseException:
        return written, _phone_problem(written)
    if phonenumbers.is_valid_number(parsed):
        return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164), None
    if digits < _FEWEST_DIGITS or phonenumbers.is_possible_number_with_reason(parsed) in _TOO_SHORT:
        return written, _phone_problem(written)
    return written, None


def _phone_problem(written: str) -> Problem:
    return problem("invalid_phone", Severity.SENDER, "contact.phone", value=written)

"""Phone numbers as people read them: stored as E.164 (+46709171398), shown as they are
written in Sweden (070-917 13 98); a foreign number in its international form (+45 36 56 32 80);
anything that is not a valid number as it was written."""

from __future__ import annotations

import phonenumbers

HOME = "SE"


def phone_for_people(text: str) -> str:
    try:
        number = phonenumbers.parse(text, HOME)
    except phonenumbers.NumberParseException:
        return text
    if not phonenumbers.is_valid_number(number):
        return text
    home = phonenumbers.region_code_for_number(number) == HOME
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL if home
                                      else phonenumbers.PhoneNumberFormat.INTERNATIONAL)

"""What `intake review edit` accepts, field by field; a refusal names the field."""

from __future__ import annotations

import pytest

from bot.errors import ReviewError
from bot.staff.edits import edited
from parsers.model import Campaign

FORM = {"organisation": "Lerums kommun", "org_number": "212000-2502", "goals": [3, 4],
        "contact": {"name": "Elin", "title": "", "email": "elin@lerum.se", "phone": ""}, "sessions": []}


@pytest.mark.parametrize("typed, value, field, stored", [
    ("kontakt.epost", " Elin.Andersson@Lerum.se ", "contact.email", "Elin.Andersson@lerum.se"),
    ("contact.email", "elin.a@lerum.se", "contact.email", "elin.a@lerum.se"),
    ("mål", "12, 3;4  3", "goals", [3, 4, 12]),
    ("orgnr", "2120002502 ", "org_number", None),  # the same number, written without the dash
    ("ORGNR", "212000 2503", "org_number", "212000-2503"),
    ("träffar", "info-2025-10-07, info-2025-04-17", "sessions", ["info-2025-04-17", "info-2025-10-07"]),
    ("organisation", "  Lerums   kommun ", "organisation", None),
    ("kontakt.titel", "Strateg", "contact.title", "Strateg"),
])
def test_a_value_is_checked_and_stored_as_the_form_keeps_it(vg_campaign: Campaign, typed: str, value: str, field: str,
                                                            stored: object) -> None:
    if stored is None:
        with pytest.raises(ReviewError) as caught:
            edited(FORM, typed, value, vg_campaign)
        assert (caught.value.code, caught.value.params) == ("unchanged", {"field": field})
        return
    name, form, changes = edited(FORM, typed, value, vg_campaign)
    head, _, key = field.partition(".")
    assert name == field and (form[head][key] if key else form[head]) == stored
    assert list(changes) == [field] and changes[field][1] == stored
    assert FORM["goals"] == [3, 4] and FORM["contact"]["email"] == "elin@lerum.se"  # the stored version is untouched


@pytest.mark.parametrize("typed, value, code", [
    ("telefax", "1", "unknown_field"),
    ("mål", "3, 16", "bad_goals"),
    ("mål", "", "bad_goals"),
    ("träffar", "info-2026-01-01", "bad_sessions"),
    ("kontakt.epost", "elin(at)lerum.se", "bad_email"),
    ("orgnr", "12345", "bad_org_number"),
    ("organisation", "   ", "empty_value"),
])
def test_a_value_that_does_not_fit_is_refused(vg_campaign: Campaign, typed: str, value: str, code: str) -> None:
    with pytest.raises(ReviewError) as caught:
        edited(FORM, typed, value, vg_campaign)
    assert caught.value.code == code

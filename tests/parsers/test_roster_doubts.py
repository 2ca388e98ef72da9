"""Issue 10, principles 2 and 3 at the parser level: what the roster settles about a form
(parsers.roster_doubts), whose domains an address is in, and whom our mail system vouches for."""

from __future__ import annotations

from email.message import EmailMessage

import pytest

from parsers.authresults import vouched_domains
from parsers.model import FormData, RosterEntry, Severity, problem
from parsers.roster import in_domains, match_organisation
from parsers.roster_doubts import against_roster

LERUM = RosterEntry("Lerums kommun", "212000-2502", "Kommun", ("lerum.se",))
GBG = RosterEntry("Göteborgs Stad", "212000-9259", "Kommun", ("goteborg.se", "educ.goteborg.se"))
ROSTER = (LERUM, GBG)
CHECKSUM = problem("org_number_checksum", Severity.SENDER, "org_number", value="212000-2503")
FORMAT = problem("org_number_format", Severity.SENDER, "org_number", value="21200-2502")
NO_NUMBER = problem("missing_field", Severity.SENDER, "org_number")
NO_NAME = problem("missing_field", Severity.SENDER, "organisation")
NO_GOALS = problem("no_goals", Severity.SENDER, "goals")


def _differs(written: str) -> object:
    return problem("org_number_differs", Severity.STAFF, "org_number", written=written, roster="212000-2502",
                   organisation="Lerums kommun")


def _name(written: str) -> object:
    return problem("organisation_name_differs", Severity.STAFF, "organisation", written=written,
                   organisation="Lerums kommun")


@pytest.mark.parametrize(("name", "number", "sender", "found", "after"), [
    # identified by name: the number's faults are the board's to compare, both numbers shown
    ("Lerums kommun", "212000-2503", "x@gmail.com", [CHECKSUM, NO_GOALS], [NO_GOALS, _differs("212000-2503")]),
    ("Lerums kommun", "21200-2502", "x@gmail.com", [FORMAT], [_differs("21200-2502")]),
    ("Lerums kommun", "", "x@gmail.com", [NO_NUMBER], [_differs("–")]),
    ("Lerum", "212000-2502", "x@gmail.com", [], []),                     # a variant the matcher reads: fine
    # identified by number: a name written another way is the board's
    ("Kommunen i Lerum", "212000-2502", "x@gmail.com", [], [_name("Kommunen i Lerum")]),
    ("", "212000-2502", "x@gmail.com", [NO_NAME], [_name("–")]),
    # identified by sender domain only: both
    ("Sektor samhälle", "", "anna@lerum.se", [NO_NUMBER], [_differs("–"), _name("Sektor samhälle")]),
    # not in the roster: the sender's to fix, as before
    ("Testby kommun", "212000-0002", "anna@testby.se", [CHECKSUM], [CHECKSUM]),
])
def test_what_the_roster_settles(name: str, number: str, sender: str, found: list, after: list) -> None:
    form = FormData(organisation=name, org_number=number)
    identified = match_organisation(ROSTER, number, name, sender)
    assert against_roster(identified, form, found) == after


@pytest.mark.parametrize(("address", "inside"), [
    ("anna@lerum.se", True), ("Anna@LERUM.SE", True), ("anna@kommun.lerum.se", True), ("anna@lerum.se.", True),
    ("anna@notlerum.se", False), ("anna@lerum.se.example.net", False), ("anna@gmail.com", False),
    ("lerum.se", False), ("", False),
])
def test_in_the_organisations_domains(address: str, inside: bool) -> None:
    assert in_domains(address, LERUM.domains) is inside


def _with(*results: str) -> EmailMessage:
    message = EmailMessage()
    for value in results:
        message["Authentication-Results"] = value
    return message


@pytest.mark.parametrize(("headers", "domains"), [
    (("mx.lansstyrelsen.se; dkim=pass header.d=lerum.se; dmarc=none header.from=gmail.com",), {"lerum.se"}),
    (("mx.lansstyrelsen.se; dmarc=pass (p=none) header.from=Lerum.se",), {"lerum.se"}),
    (("mx.lansstyrelsen.se; dkim=fail header.d=lerum.se",), set()),
    (("evil.example; dkim=pass header.d=lerum.se",), set()),            # someone else's header: never believed
    (("mx.lansstyrelsen.se; dkim=pass header.d=lerum.se; dmarc",), set()),  # does not parse: ignored whole
    (("mx.lansstyrelsen.se; spf=pass smtp.mailfrom=lerum.se",), set()),  # SPF vouches for no From
])
def test_whom_our_mail_system_vouches_for(headers: tuple[str, ...], domains: set[str]) -> None:
    assert vouched_domains(_with(*headers), "mx.lansstyrelsen.se") == domains
    assert vouched_domains(_with(*headers), "") == frozenset()

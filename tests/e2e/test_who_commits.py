"""Issue 10, principles 2 and 3: only the organisation can commit the organisation, and the
sender is asked only for what only the sender can give. End to end through `intake poll --once`
on real servers: status, problem codes, the export row and every answer sent (or none).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from parsers.model import Decision
from tests.support.bot_process import Bot
from tests.support.principles import DAY, DOCX, answers, form, mail, retyped
from tests.support.records import sent as sent_mail
from tests.support.records import submissions

pytestmark = pytest.mark.slow
ELIN = "elin.andersson@lerum.se"
# A registered form is confirmed; one that waits for staff is acknowledged as received (issue 11).
CONFIRMED, RECEIVED, ASKED = "Bekräftelse", "Mottagen", "Komplettering"
TRUSTED = "mx.lansstyrelsen.se"


@pytest.fixture
def bot(mailbox, smtp_server, database_url, tmp_path) -> Bot:
    return Bot(mailbox, smtp_server, database_url, tmp_path, {})


def _trust(bot: Bot) -> None:
    path = Path(bot.workdir) / "policy.toml"
    path.write_text(f'[policy]\nauthserv_id = "{TRUSTED}"\n', encoding="utf-8")
    bot.extra_env["INTAKE_CONFIG"] = str(path)


def _outcome(bot: Bot) -> tuple[dict, list[str], list[tuple[str, bool]]]:
    """The export row, the form's problem codes, and each answer as (To, is a confirmation)."""
    (row,) = bot.export()
    (codes,) = [s["codes"] for s in submissions(bot) if s["status"] in ("registered", "needs_review", "incomplete")]
    return row, codes, [(to, subject.startswith((CONFIRMED, RECEIVED))) for to, subject in answers(bot)]


# --- principle 2: who sent it -------------------------------------------------------------------
# sender, the form's contact address, extra headers, whether the board's mail system is trusted
# -> status, the sender problem code or None, the answers (To, is a confirmation)
SENDERS = {
    "from the organisation's domain": (ELIN, ELIN, (), False, "registered", None, [(ELIN, True)]),
    "from a subdomain of it": ("registrator@kommun.lerum.se", ELIN, (), False, "registered", None,
                               [(f"{ELIN}, registrator@kommun.lerum.se", True)]),
    "free mail, the contact is the organisation's": ("elin.andersson72@gmail.com", ELIN, (), False, "needs_review",
                                                     "sender_not_verified", [(ELIN, True)]),
    "free mail, the contact too": ("elin.andersson72@gmail.com", "elin.andersson72@gmail.com", (), False,
                                   "needs_review", "sender_not_verified", []),
    "another organisation's domain": ("kim.berg@alingsas.se", "kim.berg@alingsas.se", (), False, "needs_review",
                                      "sender_not_verified", []),
    "a look-alike domain": ("elin@lerum.se.example.net", "elin@notlerum.se", (), False, "needs_review",
                            "sender_not_verified", []),
    "vouched for by our mail system (DKIM of the organisation)": (
        "elin.andersson72@gmail.com", ELIN,
        (("Authentication-Results", f"{TRUSTED}; dkim=pass header.d=lerum.se; dmarc=none header.from=gmail.com"),),
        True, "registered", None, [(f"{ELIN}, elin.andersson72@gmail.com", True)]),
    "a vouching header someone else wrote": (
        "elin.andersson72@gmail.com", ELIN, (("Authentication-Results", "evil.example; dkim=pass header.d=lerum.se"),),
        True, "needs_review", "sender_not_verified", [(ELIN, True)]),
}


@pytest.mark.parametrize("case", list(SENDERS))
def test_only_the_organisation_commits_the_organisation(bot: Bot, case: str) -> None:
    sender, contact, headers, trusted, status, code, expected = SENDERS[case]
    if trusted:
        _trust(bot)
    bot.mailbox.append([mail(1, sender, files=(("Anslutning.docx", DOCX, form(email=contact)),), headers=headers)])
    bot.poll(now=DAY)
    row, codes, sent = _outcome(bot)
    assert (row["organisation"], row["status"], row["version"]) == ("Lerums kommun", status, 1)
    assert codes == ([code] if code else [])
    assert row["source"]["from"] == sender and row["contact"]["email"] == contact
    if code:
        (said,) = row["problems"]
        assert sender in said and "Lerums kommun" in said
    assert sent == expected


def test_an_organisation_not_in_the_roster_waits_for_staff_as_before(bot: Bot) -> None:
    anna = "anna@testby.se"
    bot.mailbox.append([mail(1, anna, files=(("Anslutning.docx", DOCX, form("Testby kommun", "212000-0001", anna)),))])
    bot.poll(now=DAY)
    row, codes, sent = _outcome(bot)
    assert (row["organisation"], row["status"], codes, sent) == ("Testby kommun", "needs_review",
                                                                 ["unknown_organisation"], [(anna, True)])


def test_an_unverified_sender_is_never_asked_to_complete(bot: Bot) -> None:
    sender = "elin.andersson72@gmail.com"
    bot.mailbox.append([mail(1, sender, files=(("Anslutning.docx", DOCX, form(goals=())),))])
    bot.poll(now=DAY)
    row, codes, sent = _outcome(bot)
    assert (row["status"], sorted(codes)) == ("needs_review", ["no_goals", "sender_not_verified"])
    assert sent == [(ELIN, True)]  # the organisation's contact hears that staff will look; the free-mail sender not


# --- principle 3: whose fault it is --------------------------------------------------------------
# the form -> status, problem codes, what the answer must say (the request names the fault)
FAULTS = {
    # the sender's: incomplete, and the request names the fault
    "a goal the campaign lacks": (lambda: retyped("Mål 3 – Utrikes födda kvinnor", "Mål 16 – Ett mål till"),
                                  "incomplete", ["unknown_goal_number"], ASKED, ("mål 16", "mål 1–15")),
    "no goal chosen": (lambda: form(goals=()), "incomplete", ["no_goals"], ASKED, ("minst ett mål",)),
    "no usable contact address": (lambda: form(email="elin.andersson(at)lerum.se"), "incomplete",
                                  ["email_missing_at"], ASKED, ("saknar @",)),
    # the board's: needs_review with the reason shown, no request back
    "org number with a failed checksum, the name is the roster's": (
        lambda: form(org_number="212000-2503"), "needs_review", ["org_number_differs"], RECEIVED,
        ("212000-2503", "212000-2502")),
    "org number typed wrong, the name is the roster's": (
        lambda: form(org_number="21200-2502"), "needs_review", ["org_number_differs"], RECEIVED,
        ("21200-2502", "212000-2502")),
    "no org number, the name is the roster's": (lambda: retyped("Mål 3 – Utrikes födda kvinnor", org_number=""),
                                                "needs_review", ["org_number_differs"], RECEIVED, ("212000-2502",)),
    "a name variant, the number is the roster's": (lambda: form(organisation="Kommunen i Lerum"), "needs_review",
                                                   ["organisation_name_differs"], RECEIVED, ("Kommunen i Lerum",)),
    "a goal title close to a goal's, not exact": (
        lambda: retyped("Mål 3 – Utrikes födda kvinnor", "Kvinnor och män ska ha samma förutsättningar"),
        "needs_review", ["ambiguous_goal_title"], RECEIVED, ("Kvinnor och män ska ha samma förutsättningar",)),
    "a date of decision staff can read": (lambda: form(decision=Decision("Kommunstyrelsen", "§ 12", "femte maj 2025", "KS 2025/17")), "needs_review",
                                          ["decision_date_unreadable"], RECEIVED, ("femte maj 2025",)),
}


@pytest.mark.parametrize("case", list(FAULTS))
def test_the_sender_is_asked_only_for_what_only_the_sender_can_give(bot: Bot, case: str) -> None:
    build, status, expected_codes, kind, said = FAULTS[case]
    bot.mailbox.append([mail(1, ELIN, files=(("Anslutning.docx", DOCX, build()),))])
    bot.poll(now=DAY)
    row, codes, sent = _outcome(bot)
    assert (row["organisation"], row["status"], codes) == ("Lerums kommun", status, expected_codes)
    (answer,) = answers(bot)
    assert answer[0] == ELIN and kind in answer[1]
    (message,) = sent_mail(bot)
    text = " ".join(message.get_body(("plain",)).get_content().split()).lower()
    assert all(" ".join(part.split()).lower() in text for part in said), text
    for problem_text in row["problems"]:
        assert " ".join(problem_text.split()).lower() in text  # what staff see is what the answer says

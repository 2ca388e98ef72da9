"""The mailbox action per outcome on Dovecot, through `intake poll --once`: registered forms
moved to Intake/Registrerat, a form for review left in the inbox flagged, correspondence left
as it came (unread, unflagged), so staff see in Outlook what is handled and what waits."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.e2e.test_operator_mistakes import intake, one_line
from tests.support.bot_process import Bot
from tests.support.paths import SAMPLES
from tests.support.staff_mail import DAY, LATER, sent, thread_reply, unknown_organisation

pytestmark = pytest.mark.slow

OUTCOMES = """[mailbox]
action = "flag"

[mailbox.outcomes]
registered = "move:Intake/Registrerat"
needs_review = "flag"
correspondence = "none"
"""


@pytest.fixture
def bot(mailbox, smtp_server, tmp_path) -> Bot:
    config = tmp_path / "outcomes.toml"
    config.write_text(OUTCOMES, encoding="utf-8")
    return Bot(mailbox, smtp_server, f"sqlite:///{tmp_path}/intake.db", tmp_path, {"INTAKE_CONFIG": str(config)})


def test_each_outcome_gets_its_own_action(bot: Bot) -> None:
    alingsas = "<5ee6813bbd2b7db2b011.1644@alingsas.se>"
    bot.mailbox.append([SAMPLES / "vg-002-legacy-octet-rfc2231.eml", unknown_organisation()], dated=True)
    bot.poll(now=DAY)
    confirmation = next(m for m in sent(bot) if m["To"] == "linnea.lindqvist@alingsas.se")
    bot.mailbox.append([thread_reply(7, "linnea.lindqvist@alingsas.se", confirmation["Message-ID"])], dated=True)
    bot.poll(now=LATER)

    assert bot.mailbox.folders_by_message_id() == {alingsas: "Intake/Registrerat", "<staff-1@testby.se>": "INBOX",
                                                   "<staff-7@alingsas.se>": "INBOX"}
    inbox = bot.mailbox.flags_by_message_id("INBOX")
    assert inbox["<staff-1@testby.se>"] == {"\\Flagged"}   # waits for staff: flagged
    assert inbox["<staff-7@alingsas.se>"] == set()          # correspondence: unread, as it came
    assert bot.mailbox.flags_by_message_id("Intake/Registrerat")[alingsas] == set()  # not marked read by us


def test_without_outcomes_every_message_gets_mailbox_action(mailbox, smtp_server, tmp_path: Path) -> None:
    bot = Bot(mailbox, smtp_server, f"sqlite:///{tmp_path}/intake.db", tmp_path, {})
    bot.mailbox.append([SAMPLES / "vg-002-legacy-octet-rfc2231.eml", unknown_organisation()], dated=True)
    bot.poll(now=DAY)
    assert set(map(frozenset, bot.mailbox.flags_by_message_id("INBOX").values())) == {frozenset({"\\Flagged"})}


@pytest.mark.parametrize("settings, env, wants", [
    ('[mailbox.outcomes]\nregistrerad = "flag"\n', {},
     "mailbox.outcomes.registrerad: okänt utfall 'registrerad'; utfallen är registered, needs_review"),
    ('[mailbox.outcomes]\nregistered = "flytta"\n', {},
     "mailbox.outcomes.registered: 'flytta' är ingen åtgärd (none, flag, flag:<flagga>, move eller move:<mapp>)"),
    ('[mailbox.outcomes]\nregistered = "move:"\n', {}, "mailbox.outcomes.registered: 'move:' är ingen åtgärd"),
    ('[mailbox]\noutcomes = "registered=flag"\n', {}, "mailbox.outcomes: måste vara en tabell"),
    ("", {"INTAKE_MAILBOX_OUTCOMES": "registered=delete"},
     "miljövariabeln INTAKE_MAILBOX_OUTCOMES: 'delete' är ingen åtgärd"),
    ("", {"INTAKE_MAILBOX_OUTCOMES": "registered"}, "miljövariabeln INTAKE_MAILBOX_OUTCOMES: måste vara par"),
])
def test_a_bad_outcome_action_is_one_line(tmp_path: Path, settings: str, env: dict[str, str], wants: str) -> None:
    config = tmp_path / "intake.toml"
    config.write_text(settings, encoding="utf-8")
    line = one_line(intake(tmp_path, "export", INTAKE_CONFIG=str(config), **env), 2)
    assert wants in line, line

"""Issue 10, principle 4: a reply in a conversation is for a person.

A message that answers an earlier one (In-Reply-To or References, or an "SV:/Re:/AW:" subject
with quoted text) and carries no form is correspondence for staff: recorded, shown in `intake
review`, never answered, whether or not the earlier message was ours. Only a fresh message
without a form gets the automatic "here is the form" answer; a reply that carries a form is a
form. End to end through `intake poll --once` on real servers.
"""

from __future__ import annotations

import pytest

from tests.support.bot_process import Bot
from tests.support.principles import CASE, DAY, DOCX, LATER, NEXT, PDF, answers, form, mail, mid, review_lines
from tests.support.records import by_message_id, sent

pytestmark = pytest.mark.slow
ELIN = "elin.andersson@lerum.se"
STAFF_OUTLOOK = "<AM0PR09MB1234ABCD@AM0PR09MB1234.eurprd09.prod.outlook.com>"  # a staff member's own mail
OUTLOOK_QUOTE = ("Tack, vi återkommer efter nämndens möte.\n\nFrån: Anna Berg <anna.berg@lansstyrelsen.se>\n"
                 "Skickat: den 28 maj 2025 09:14\nTill: Elin Andersson <elin.andersson@lerum.se>\n"
                 f"Ämne: Anslutning Dnr {CASE}\n\nHej Elin! Har ni hunnit fatta beslut?\n")
GMAIL_QUOTE = ("Ja, det stämmer.\n\nDen ons 28 maj 2025 kl 09:14 skrev Anna Berg <anna.berg@lansstyrelsen.se>:\n"
               "> Hej Elin! Har ni hunnit fatta beslut?\n")


@pytest.fixture
def bot(mailbox, smtp_server, database_url, tmp_path) -> Bot:
    return Bot(mailbox, smtp_server, database_url, tmp_path, {})


# subject, text, headers, files -> the message's outcome, whether it is answered
MESSAGES = {
    "a reply to a staff member's Outlook mail": (
        f"SV: Anslutning Dnr {CASE}", OUTLOOK_QUOTE, (("In-Reply-To", STAFF_OUTLOOK), ("References", STAFF_OUTLOOK)),
        (), "correspondence", False),
    "only References, as some clients write": (f"Fråga Dnr {CASE}", "Hej igen!\n", (("References", STAFF_OUTLOOK),),
                                               (), "correspondence", False),
    "SV: with Outlook's quoted header block, no thread headers": (f"SV: Anslutning Dnr {CASE}", OUTLOOK_QUOTE, (), (),
                                                                  "correspondence", False),
    "Re: with > quotes, no thread headers": (f"Re: Anslutning Dnr {CASE}", GMAIL_QUOTE, (), (), "correspondence",
                                             False),
    "AW: with quoted text": (f"AW: Anslutning Dnr {CASE}", GMAIL_QUOTE, (), (), "correspondence", False),
    "a reply with the minutes as PDF": (f"SV: Anslutning Dnr {CASE}", "Här är protokollet.\n",
                                        (("In-Reply-To", STAFF_OUTLOOK),),
                                        (("Protokoll KS 2025-05-05.pdf", "application/pdf", PDF),), "correspondence",
                                        False),
    # fresh messages: the automatic answer with the blank form
    "a fresh question": (f"Fråga om anslutning Dnr {CASE}", "Hej! Var hittar vi blanketten?\n", (), (), "answered",
                         True),
    "SV: typed in a fresh message, nothing quoted": (f"SV: Anslutning Dnr {CASE}", "Hej! Hur anmäler vi oss?\n", (),
                                                     (), "answered", True),
    "a forward is no reply": (f"VB: Anslutning Dnr {CASE}", OUTLOOK_QUOTE, (), (), "answered", True),
}


@pytest.mark.parametrize("case", list(MESSAGES))
def test_a_reply_without_a_form_is_correspondence_for_staff(bot: Bot, case: str) -> None:
    subject, text, headers, files, outcome, answered = MESSAGES[case]
    bot.mailbox.append([mail(1, ELIN, subject=subject, text=text, headers=headers, files=files)])
    bot.poll(now=DAY)
    row = by_message_id(bot)[mid(1, ELIN)]
    assert row["outcome"] == outcome
    assert bot.export() == []
    if answered:
        (answer,) = sent(bot)
        assert answer["To"] == ELIN and "Anslutningsblankett" in answer["Subject"]
        assert review_lines(bot) == {}
    else:
        assert answers(bot) == [] and bot.smtp.messages == []
        line = review_lines(bot)[f"m{row['id']}"]
        assert "korrespondens" in line and ELIN in line and f"intake review handled m{row['id']}" in line


def test_a_reply_that_carries_a_form_is_a_form(bot: Bot) -> None:
    bot.mailbox.append([mail(1, ELIN, subject=f"SV: Anslutning Dnr {CASE}", text=OUTLOOK_QUOTE,
                             headers=(("In-Reply-To", STAFF_OUTLOOK),),
                             files=(("Anslutning Lerum.docx", DOCX, form()),))])
    bot.poll(now=DAY)
    (row,) = bot.export()
    assert (row["organisation"], row["status"], row["version"], row["goals"]) == ("Lerums kommun", "registered", 1,
                                                                                  [3, 12])
    assert [(to, "Bekräftelse" in subject) for to, subject in answers(bot)] == [(ELIN, True)]
    assert by_message_id(bot)[mid(1, ELIN)]["outcome"] == "registered"


def test_a_reply_to_our_confirmation_is_recorded_against_it_and_never_answered(bot: Bot) -> None:
    bot.mailbox.append([mail(1, ELIN, files=(("Anslutning.docx", DOCX, form()),))])
    bot.poll(now=DAY)
    (confirmation,) = sent(bot)
    ours = confirmation["Message-ID"]
    bot.mailbox.append([mail(2, ELIN, subject=f"SV: {confirmation['Subject']}", text="Tack! En fråga om träffarna.\n",
                             headers=(("In-Reply-To", ours), ("References", ours)))])
    bot.poll(now=LATER)
    row = by_message_id(bot)[mid(2, ELIN)]
    assert row["outcome"] == "correspondence" and ours in row["detail"]
    assert len(sent(bot)) == 1  # still only the confirmation
    assert "korrespondens" in review_lines(bot, NEXT)[f"m{row['id']}"]

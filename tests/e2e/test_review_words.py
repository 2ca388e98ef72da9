"""What staff read in `intake review`, on Dovecot through the CLI: each item once, times
labelled as Swedish local time, the opening lines of what a person wrote, and a message that
would have been answered but was not (one answer per sender and day) shown rather than lost."""

from __future__ import annotations

import pytest

from tests.support.bot_process import Bot
from tests.support.staff_mail import CASE, NEXT, VG, mail, seed, sent

pytestmark = pytest.mark.slow

QUESTION = "Hej!\n\nKan vi ansluta oss först i höst?\nVi har nämndmöte i september.\n\n-- \nKim\n"
SECOND = ("Hej igen,\nen sak till: behöver blanketten vara underskriven?\n\n"
          "Den 2 juni 2025 skrev Länsstyrelsen:\n> Tack för ert mejl\n")


@pytest.fixture
def bot(mailbox, smtp_server, tmp_path) -> Bot:
    return Bot(mailbox, smtp_server, f"sqlite:///{tmp_path}/intake.db", tmp_path, {})


def items(listing: str) -> dict[str, str]:
    return {line.split()[0]: line for line in listing.split("\n\n")[1].splitlines()[2:]}


def test_each_item_once_with_swedish_time_and_what_the_person_wrote(bot: Bot) -> None:
    s = seed(bot)
    listing = bot.run("review", "--now", NEXT).stdout
    heading = listing.split("\n\n")[1].splitlines()[0]
    assert heading.split()[:4] == ["Nr", "När", "(svensk", "tid)"]
    refs = list(items(listing))
    assert len(refs) == len(set(refs)) == 4  # the reviewed form once, as its affiliation
    assert str(s.testby) in refs and not any(r.startswith("m") and "testby" in items(listing)[r] for r in refs)
    assert f"m{s.thread}: Tack för bekräftelsen! Vi hörs." in listing  # correspondence: its opening


def test_a_question_not_answered_because_of_the_daily_limit_is_shown(bot: Bot) -> None:
    bot.mailbox.append([mail(1, "kim@lerum.se", subject=f"Fråga Dnr {CASE}", body=QUESTION,
                             date="Mon, 02 Jun 2025 08:00:00 +0200"),
                        mail(2, "kim@lerum.se", subject=f"Fråga igen Dnr {CASE}", body=SECOND,
                             date="Mon, 02 Jun 2025 09:00:00 +0200")], dated=True)
    bot.poll(now="2025-06-02T10:00:00+02:00")
    assert [m["To"] for m in sent(bot)] == ["kim@lerum.se"]  # one automatic answer a day
    listing = bot.run("review", "--now", "2025-06-02T10:05:00+02:00").stdout
    (ref, line), = items(listing).items()
    assert "inget automatiskt svar (redan besvarad i dag)" in line
    assert f"intake review handled {ref}" in line and "kim@lerum.se" in line
    assert f"{ref}: en sak till: behöver blanketten vara underskriven?\n" in listing  # quote and greeting left out

    bot.run("review", "handled", ref, "--now", "2025-06-02T10:10:00+02:00")
    assert bot.run("review", "--now", "2025-06-02T10:15:00+02:00").stdout.startswith("Inget väntar")


def test_an_answer_to_the_confirmation_comes_back_to_the_watched_mailbox(bot: Bot) -> None:
    s = seed(bot)  # Alingsås's confirmation is answered in its thread ("SV: Tack!")
    confirmation = next(m for m in sent(bot) if m["To"] == "linnea.lindqvist@alingsas.se"
                        and m["Subject"].startswith("Bekräftelse:"))
    assert confirmation["Reply-To"] == VG.reply_from == confirmation["From"].addresses[0].addr_spec
    review = next(m for m in sent(bot) if m["To"] == "anna.aberg@testby.se")  # the form that went to review
    assert review["Subject"].startswith("Mottagen:") and review["Reply-To"] == VG.reply_from
    assert f"m{s.thread}" in bot.run("review", "--now", NEXT).stdout  # the answer reached staff

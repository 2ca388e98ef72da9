"""Forms that are not safe or not whole, as a table, end to end through `intake poll --once` on
Dovecot and aiosmtpd: overlapping zip entries and understated sizes are refused for staff;
a password-protected .docx gets the password wording, whatever it is called; a form nested
20,000 tables deep has its own code; truncated and CRC-corrupt files ask the sender again;
and staff see every one of them in `intake review`."""

from __future__ import annotations

import re

from collections.abc import Callable
from dataclasses import dataclass

import pytest

from tests.support import docx_mutations as mutate
from tests.support.bot_process import Bot
from tests.support.hostile_mail import DOCX, filled_form, form_mail, org
from tests.support.records import by_message_id, replies_to, submissions

pytestmark = pytest.mark.slow
NOW = "2025-06-02T09:00:00+02:00"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def bot(mailbox, smtp_server, database_url, tmp_path) -> Bot:
    return Bot(mailbox, smtp_server, database_url, tmp_path, {})


@dataclass(frozen=True)
class Case:
    name: str
    mutate: Callable[[bytes], bytes]
    outcome: str
    code: str             # the unreadable submission's problem code ('' when there is none)
    reply: str = ""       # words the one reply must contain ('' when none is sent)
    file: tuple[str, str] = ("Anslutning.docx", DOCX)


CASES = [
    Case("overlap-next", lambda d: mutate.overlapping(d, "next"), "needs_review", "unsafe_document"),
    Case("overlap-same", lambda d: mutate.overlapping(d, "same"), "needs_review", "unsafe_document"),
    Case("overlap-directory", lambda d: mutate.overlapping(d, "directory"), "needs_review", "unsafe_document"),
    Case("encrypted", mutate.encrypted, "incomplete", "encrypted_document", "lösenordsskyddad"),
    Case("encrypted-named-doc", mutate.encrypted, "incomplete", "encrypted_document", "lösenordsskyddad",
         ("Anslutning.doc", "application/msword")),
    Case("encrypted-octet-stream", mutate.encrypted, "incomplete", "encrypted_document", "lösenordsskyddad",
         ("blankett", "application/octet-stream")),
    Case("encrypted-spreadsheet", mutate.encrypted, "needs_review", "not_a_docx", "Word", ("Budget.xlsx", XLSX)),
    Case("nested-tables", mutate.nested_tables, "needs_review", "nesting_too_deep"),
    Case("understated-sizes", mutate.understated, "needs_review", "understated_sizes"),
    Case("truncated", mutate.truncated, "incomplete", "damaged_document", "skadad"),
    Case("crc-corrupt", mutate.corrupt_entry, "incomplete", "damaged_document", "skadad"),
    Case("intact", lambda d: d, "registered", "", "Bekräftelse"),
]


def test_each_hostile_or_broken_form_gets_its_outcome_and_staff_see_it(bot: Bot) -> None:
    bot.mailbox.append([form_mail(f"{case.name}@docs.se", index, data=case.mutate(filled_form(index)),
                                  name=case.file[0], media_type=case.file[1])
                        for index, case in enumerate(CASES)])
    bot.poll(now=NOW)

    rows = by_message_id(bot)
    codes = {s["inbound_message_id"]: s["codes"] for s in submissions(bot) if s["status"] == "unreadable"}
    got, expected = {}, {}
    for case in CASES:
        row = rows[f"<{case.name}@docs.se>"]
        replies = replies_to(bot, f"<{case.name}@docs.se>")
        text = " ".join(r["Subject"] + r.get_body(("plain",)).get_content() for r in replies)
        got[case.name] = (row["outcome"], codes.get(row["id"], [""])[0], len(replies), case.reply in text)
        expected[case.name] = (case.outcome, case.code, 1 if case.reply else 0, True)
    assert got == expected
    # Only the intact one is registered; every other is an attempt to join, its organisation's
    # affiliation to review with nothing read (issue 10).
    statuses = {r["organisation"]: (r["status"], r["version"]) for r in bot.export()}
    assert statuses == {org(index).organisation: ("registered", 1) if case.outcome == "registered"
                        else ("needs_review", 0) for index, case in enumerate(CASES)}

    listing = bot.run("review", "--now", NOW).stdout
    # The queue's rows of affiliations (1, 2, ...): the fourth column is the organisation.
    entries = [[c for c in line.split("  ") if c.strip()][3].strip()
               for line in listing.splitlines() if re.match(r"\d+ {2}", line)]
    assert sorted(entries) == sorted(org(index).organisation for index, case in enumerate(CASES)
                                     if case.outcome != "registered"), listing
    assert "Den bifogade filen har fler nivåer inuti varandra" in listing
    assert "Den bifogade filen är lösenordsskyddad" in listing

"""The shared mailbox belongs to staff: the bot touches only its own messages, and a
renumbered folder (UIDVALIDITY change) repeats no side effect."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.bot_process import Bot

pytestmark = pytest.mark.slow


@pytest.fixture
def bot(mailbox, smtp_server, database_url, tmp_path) -> Bot:
    return Bot(mailbox, smtp_server, database_url, tmp_path, {})


def test_staffs_messages_keep_exactly_their_state(bot: Bot, samples_dir: Path, imap_server) -> None:
    states = [(), ("\\Seen",), ("\\Flagged",), ("\\Seen", "\\Answered")]
    if imap_server.kind == "dovecot":  # pymap does not store keywords
        states.append(("$Label1", "\\Seen"))
    unrelated = ["un-003-newsletter.eml", "un-008-other-case-pdf.eml", "un-012-personal.eml"]
    for flags in states:
        for name in unrelated:
            raw = (samples_dir / name).read_bytes().replace(b"Message-ID: <", f"Message-ID: <{len(flags)}{''.join(flags)}-".encode(), 1)
            bot.mailbox.append([raw], flags=flags)
    bot.mailbox.append([samples_dir / "vg-002-legacy-octet-rfc2231.eml"])  # one of ours among them
    before = {m.key: m for m in bot.mailbox.snapshot()}

    bot.poll()

    after = {m.key: m for m in bot.mailbox.snapshot()}
    ours = "<5ee6813bbd2b7db2b011.1644@alingsas.se>"
    assert after[ours].flags == {"\\Flagged"}
    for key, message in before.items():
        if key != ours:
            assert (after[key].folder, after[key].flags, after[key].uid) == (message.folder, message.flags, message.uid)


def test_uidvalidity_change_rescans_without_repeating_anything(bot: Bot, samples_dir: Path) -> None:
    folder = "Anslutningar"
    bot.extra_env["INTAKE_IMAP_FOLDER"] = folder
    samples = sorted(samples_dir.glob("*.eml"))
    bot.mailbox.append(samples, folder=folder)
    bot.poll()
    records, replies = bot.export(), len(bot.smtp.messages)
    assert replies > 0

    # The folder is rebuilt (as after a server migration): same messages, new UIDVALIDITY.
    with bot.mailbox.client() as client:
        old = client.select_folder(folder)[b"UIDVALIDITY"]
        client.unselect_folder()
        client.delete_folder(folder)
        client.create_folder(folder)
    bot.mailbox.append(samples, folder=folder)
    with bot.mailbox.client() as client:
        assert client.select_folder(folder, readonly=True)[b"UIDVALIDITY"] != old

    second = bot.poll(now="2025-06-02T10:00:00+02:00")
    assert "Läste 12 nya meddelanden" in second.stdout  # everything read again...
    assert len(bot.smtp.messages) == replies  # ...and nothing sent again
    assert bot.export() == records
    # Our messages are acknowledged again in the rebuilt folder; staff's are not touched.
    flags = bot.mailbox.flags_by_message_id(folder)
    assert flags["<5ee6813bbd2b7db2b011.1644@alingsas.se>"] == {"\\Flagged"}
    assert flags["<ad1334dac80fc8d9221b.1793@lansstyrelsen.se>"] == set()

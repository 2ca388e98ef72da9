"""Mailbox actions against the real IMAP server: flag, move, move without MOVE (COPY + UID
EXPUNGE), and move on a server with neither MOVE nor UIDPLUS (flagged instead)."""

from __future__ import annotations

import pytest

from bot.mail.imap import Mailbox
from bot.mail.actions import FlagAction, MoveAction, NoAction, make_action
from bot.settings import ImapSettings, MailboxActionSettings
from bot.errors import ConfigError
from tests.support.servers import Mailbox as SeededMailbox


def message(n: int) -> bytes:
    return (f"From: a@lerum.se\r\nSubject: Dnr 801-9838-2024 nr {n}\r\nMessage-ID: <m{n}@lerum.se>\r\n\r\nHej\r\n").encode()


class MailboxWithoutMove(Mailbox):
    """The same server with MOVE hidden, so the COPY + UID EXPUNGE path runs for real."""

    def capabilities(self) -> frozenset[bytes]:
        return super().capabilities() - {b"MOVE"}


def settings_for(mailbox) -> ImapSettings:
    return ImapSettings(host=mailbox.host, port=mailbox.port, username=mailbox.username, password=mailbox.password)


def uid_of(box: Mailbox, mid: str) -> int:
    return next(uid for uid, data in box.client.fetch(box.client.search("ALL"), ["BODY.PEEK[HEADER.FIELDS (MESSAGE-ID)]"]).items()
                if mid.encode() in next(iter(v for k, v in data.items() if k.startswith(b"BODY["))))


def test_flag(mailbox) -> None:
    mailbox.append([message(1), message(2)])
    with Mailbox(settings_for(mailbox)) as box:
        box.select("INBOX")
        FlagAction("\\Flagged").apply(box, uid_of(box, "<m1@lerum.se>"))
    assert mailbox.flags_by_message_id() == {"<m1@lerum.se>": {"\\Flagged"}, "<m2@lerum.se>": set()}


@pytest.mark.parametrize("mailbox_class", [Mailbox, MailboxWithoutMove], ids=["move", "copy-expunge"])
def test_move_leaves_staffs_deleted_mail_alone(mailbox, imap_server, mailbox_class) -> None:
    if imap_server.kind != "dovecot" and mailbox_class is MailboxWithoutMove:
        pytest.skip("pymap has no UIDPLUS; the fallback is exercised on Dovecot")
    mailbox.append([message(1)])
    mailbox.append([message(2)], flags=["\\Deleted"])  # staff deleted it, not yet expunged
    with mailbox_class(settings_for(mailbox)) as box:
        box.select("INBOX")
        MoveAction("Intake/Behandlat", FlagAction("\\Flagged")).apply(box, uid_of(box, "<m1@lerum.se>"))
    assert mailbox.folders_by_message_id() == {"<m1@lerum.se>": "Intake/Behandlat", "<m2@lerum.se>": "INBOX"}
    assert mailbox.flags_by_message_id("INBOX") == {"<m2@lerum.se>": {"\\Deleted"}}
    assert mailbox.flags_by_message_id("Intake/Behandlat") == {"<m1@lerum.se>": set()}


def test_move_without_move_or_uidplus_flags_instead(imap_server_without_move) -> None:
    with imap_server_without_move.new_mailbox() as credentials:
        seeded = SeededMailbox(credentials)
        seeded.append([message(1), message(2)])
        action = make_action(MailboxActionSettings(action="move", move_to="Intake/Behandlat"))
        with Mailbox(settings_for(seeded)) as box:
            box.select("INBOX")
            assert not {b"MOVE", b"UIDPLUS"} & box.capabilities()
            action.apply(box, uid_of(box, "<m1@lerum.se>"))
        assert seeded.folders_by_message_id() == {"<m1@lerum.se>": "INBOX", "<m2@lerum.se>": "INBOX"}
        assert seeded.flags_by_message_id() == {"<m1@lerum.se>": {"\\Flagged"}, "<m2@lerum.se>": set()}
        assert "neither MOVE nor UIDPLUS" in action.fallback_reason  # type: ignore[attr-defined]


def test_actions_by_name() -> None:
    assert isinstance(make_action(MailboxActionSettings(action="none")), NoAction)
    assert isinstance(make_action(MailboxActionSettings(action="flag")), FlagAction)
    assert isinstance(make_action(MailboxActionSettings(action="move", move_to="X")), MoveAction)
    with pytest.raises(ConfigError, match="unknown action 'purge'"):
        make_action(MailboxActionSettings(action="purge"))

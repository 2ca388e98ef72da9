"""What happens to a processed message in the mailbox: strategies picked by name.

Applied only after the message's outcome is committed. Never a plain EXPUNGE: that
would also remove messages staff have marked deleted themselves.
"""

from __future__ import annotations

from typing import Protocol

from imapclient.exceptions import IMAPClientError

from bot.errors import ConfigError, MailboxError
from bot.mail.faults import connection_fault
from bot.mail.imap import Mailbox
from bot.settings import MailboxActionSettings


class MailboxAction(Protocol):
    name: str

    def apply(self, mailbox: Mailbox, uid: int) -> None: ...


class NoAction:
    name = "none"

    def apply(self, mailbox: Mailbox, uid: int) -> None:
        return None


class FlagAction:
    name = "flag"

    def __init__(self, flag: str) -> None:
        self.flag = flag

    def apply(self, mailbox: Mailbox, uid: int) -> None:
        try:
            mailbox.client.add_flags([uid], [self.flag.encode()], silent=True)
        except (IMAPClientError, OSError) as exc:
            raise MailboxError("STORE +FLAGS {flag} on UID {uid} failed: {fault}", flag=self.flag, uid=uid,
                               fault=connection_fault(exc)) from exc


class MoveAction:
    name = "move"

    def __init__(self, folder: str) -> None:
        self.folder = folder
        self._folder_checked = False

    def apply(self, mailbox: Mailbox, uid: int) -> None:
        client = mailbox.client
        try:
            self._ensure_folder(mailbox)
            capabilities = mailbox.capabilities()
            if b"MOVE" in capabilities:
                client.move([uid], self.folder)
            elif b"UIDPLUS" in capabilities:
                client.copy([uid], self.folder)
                client.add_flags([uid], [b"\\Deleted"], silent=True)
                client.uid_expunge([uid])
            else:
                raise MailboxError("the server has neither MOVE nor UIDPLUS: cannot move UID {uid} safely", uid=uid)
        except (IMAPClientError, OSError) as exc:
            raise MailboxError("moving UID {uid} to {folder!r} failed: {fault}", uid=uid, folder=self.folder,
                               fault=connection_fault(exc)) from exc

    def _ensure_folder(self, mailbox: Mailbox) -> None:
        if self._folder_checked:
            return
        if not mailbox.client.folder_exists(self.folder):
            mailbox.client.create_folder(self.folder)
        self._folder_checked = True


def make_action(settings: MailboxActionSettings) -> MailboxAction:
    if settings.action == "none":
        return NoAction()
    if settings.action == "flag":
        return FlagAction(settings.flag)
    if settings.action == "move":
        return MoveAction(settings.move_to)
    raise ConfigError("settings", "mailbox.action", "unknown action {action!r}", action=settings.action)

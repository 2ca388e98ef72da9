"""What happens to a processed message in the mailbox: strategies picked by name.

Applied only after the message's outcome is committed. Never a plain EXPUNGE: that
would also remove messages staff have marked deleted themselves.

``move`` needs MOVE, or UIDPLUS for COPY + UID EXPUNGE of that one message. A server with
neither cannot move a message safely, so ``move`` flags it instead (its ``fallback``) and says
why in ``fallback_reason``, which bot.inbound.acknowledge logs once and records; it is never
a failure to retry.
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

    def __init__(self, folder: str, fallback: MailboxAction) -> None:
        self.folder = folder
        self.fallback = fallback
        self.fallback_reason = ""  # set once the server has shown it cannot move
        self._folder_checked = False

    def apply(self, mailbox: Mailbox, uid: int) -> None:
        client = mailbox.client
        try:
            capabilities = mailbox.capabilities()
        except (IMAPClientError, OSError) as exc:
            raise MailboxError("CAPABILITY failed: {fault}", fault=connection_fault(exc)) from exc
        if not {b"MOVE", b"UIDPLUS"} & capabilities:
            self.fallback_reason = (f"the server has neither MOVE nor UIDPLUS, so messages cannot be moved to "
                                    f"{self.folder!r} safely; the {self.fallback.name} action is used instead")
            self.fallback.apply(mailbox, uid)
            return
        try:
            self._ensure_folder(mailbox)
            if b"MOVE" in capabilities:
                client.move([uid], self.folder)
            else:
                client.copy([uid], self.folder)
                client.add_flags([uid], [b"\\Deleted"], silent=True)
                client.uid_expunge([uid])
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
        return MoveAction(settings.move_to, fallback=FlagAction(settings.flag))
    raise ConfigError("settings", "mailbox.action", "unknown action {action!r}", action=settings.action)

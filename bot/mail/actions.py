"""What happens to a processed message in the mailbox: strategies picked by name.

Applied only after the message's outcome is committed. Never a plain EXPUNGE: that
would also remove messages staff have marked deleted themselves.

Which action a message gets may depend on its outcome ([mailbox.outcomes], ActionTable): e.g.
registered forms moved to ``Intake/Registrerat``, forms for review flagged in the inbox,
correspondence left as it came (unread), so staff can tell handled mail from mail waiting.

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


class ActionTable:
    """The action for each outcome: [mailbox.outcomes] where it names the outcome, else
    mailbox.action. The outcome is the committed one, so the choice is made after the commit."""

    def __init__(self, default: MailboxAction, by_outcome: dict[str, MailboxAction]) -> None:
        self.default, self.by_outcome = default, by_outcome

    def pick(self, outcome: str) -> MailboxAction:
        return self.by_outcome.get(outcome, self.default)


def make_action(settings: MailboxActionSettings, spec: str | None = None) -> MailboxAction:
    """The action ``spec`` names (none | flag | flag:<flag> | move | move:<folder>); mailbox.action
    when None. A bare flag or move takes mailbox.flag or mailbox.move_to."""
    name, _, argument = (settings.action if spec is None else spec).partition(":")
    if name == "none":
        return NoAction()
    if name == "flag":
        return FlagAction(argument or settings.flag)
    if name == "move":
        return MoveAction(argument or settings.move_to, fallback=FlagAction(settings.flag))
    raise ConfigError("settings", "mailbox.action", "unknown action {action!r}", action=name)


def make_actions(settings: MailboxActionSettings) -> ActionTable:
    return ActionTable(make_action(settings), {outcome: make_action(settings, spec) for outcome, spec in settings.outcomes})

"""A copy of what intake-bot sent, in the mailbox's Sent folder, so staff see it in Outlook as
if a colleague had sent it (IMAP APPEND with \\Seen).

The folder is named in the settings, or found by its SPECIAL-USE attribute \\Sent (RFC 6154)
when the setting is "auto". A copy is appended only when the folder does not hold a message
with the same Message-ID already, so a retry after a crash adds no second copy.
"""

from __future__ import annotations

from datetime import datetime

from imapclient.exceptions import IMAPClientError

from bot.errors import MailboxError
from bot.mail.faults import connection_fault
from bot.mail.imap import Mailbox

AUTO = "auto"


def sent_folder(mailbox: Mailbox, setting: str) -> str | None:
    """The folder for copies: the one named, or with ``auto`` the folder marked \\Sent."""
    if setting != AUTO:
        return setting
    try:
        folders = mailbox.client.list_folders()
    except (IMAPClientError, OSError) as exc:
        raise MailboxError("LIST failed: {fault}", fault=connection_fault(exc)) from exc
    return next((name for flags, _, name in folders if b"\\Sent" in flags), None)


def open_folder(mailbox: Mailbox, folder: str) -> None:
    try:
        mailbox.client.select_folder(folder)
    except (IMAPClientError, OSError) as exc:
        raise MailboxError("cannot open the folder {folder!r}: {fault}", folder=folder,
                           fault=connection_fault(exc)) from exc


def append_copy(mailbox: Mailbox, folder: str, message_id: str, raw: bytes, sent_at: datetime) -> bool:
    """Append ``raw`` to ``folder`` (opened with open_folder) as read, unless a message with
    ``message_id`` is there already. Returns True when a copy was added."""
    client = mailbox.client
    try:
        if client.search(["HEADER", "Message-ID", message_id]):
            return False
        # RFC 3501 wants CRLF line ends in an APPEND; a bare LF would leave the copy unsearchable.
        client.append(folder, raw.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n"), flags=(b"\\Seen",),
                      msg_time=sent_at)
        return True
    except (IMAPClientError, OSError) as exc:
        raise MailboxError("APPEND to {folder!r} failed: {fault}", folder=folder,
                           fault=connection_fault(exc)) from exc

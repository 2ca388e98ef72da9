"""The quick look of `intake poll --once`: is there anything at all to do?

Most passes by hand or from cron find nothing new, and importing SQLAlchemy alone takes longer
than such a pass should (docs/performance.md). So before building the App the command asks
these questions with the DB-API directly (bot/db/plain.py) and one IMAP connection, in order,
stopping at the first that says there may be work:

- the schema is at the newest revision, and no other process holds the mailbox's lease;
- the outbox has nothing due (no send, no copy for the Sent folder);
- the campaign files are the bytes the sessions job last brought in line (bot/campaign_files.py)
  and every registered affiliation's invitations are decided;
- no acknowledgement in the mailbox is left unfinished;
- the folder has the checkpoint's UIDVALIDITY and nothing after its last UID.

When all hold, the three jobs' runs are recorded for `intake status` as the ordinary path
records them and the command prints what it would have printed. Anything else, including any
fault on the way, means the ordinary path runs and does (and words) everything itself; the quick
look never writes anything but the job-run times, so it cannot leave anything half done.
Deployments with [[accounts]] or XOAUTH2 always take the ordinary path.
"""

from __future__ import annotations

import logging
from contextlib import closing
from datetime import datetime, timezone

from bot.campaign_files import unchanged
from bot.db.lease_name import mailbox_lease_name
from bot.db.plain import Plain, open_plain
from bot.db.revision import head_from_files
from bot.db.states import UNFINISHED_ACTIONS, OutboxStatus, SentCopyState
from bot.settings import Settings
from parsers.model import AffiliationStatus

log = logging.getLogger("intake.quick_look")
JOBS = ("sessions", "poll", "send_outbox")  # what `intake poll --once` runs and records


def nothing_to_do(settings: Settings, now: datetime) -> bool:
    """True when a pass at ``now`` would find nothing to do; then its jobs' runs are recorded."""
    if settings.accounts or "xoauth2" in (settings.imap.auth, settings.smtp.auth):
        return False
    try:
        plain = open_plain(settings.database_url, min(5.0, settings.imap.timeout_seconds))  # a doubt costs little
        if plain is None:
            return False
        with closing(plain):
            checkpoint = _quiet_database(plain, settings, now)
            if checkpoint is None or not _quiet_folder(settings, *checkpoint):
                return False
            return _recorded(plain, now)
    except Exception as exc:  # noqa: BLE001 - any doubt: the ordinary path runs and words the fault
        log.debug("quick look: %s; the whole pass runs", exc, extra={"step": "quick_look"})
        return False


def _quiet_database(db: Plain, settings: Settings, now: datetime) -> tuple[int, int] | None:
    """The checkpoint (UIDVALIDITY, last UID) when the database holds no work; else None."""
    revision = db.one("SELECT version_num FROM alembic_version")
    if revision is None or revision[0] != head_from_files():
        return None
    wall = db.stamp(datetime.now(timezone.utc))  # leases run on the wall clock, never on --now
    if db.one("SELECT 1 FROM worker_lease WHERE name = ? AND expires_at > ?", mailbox_lease_name(settings.imap), wall):
        return None
    if db.one("SELECT 1 FROM outbox_message WHERE status = ? AND next_attempt_at <= ?", OutboxStatus.PENDING.value,
              db.stamp(now)):
        return None
    if settings.outbox.sent_folder and db.one("SELECT 1 FROM outbox_message WHERE sent_copy = ?",
                                              SentCopyState.PENDING.value):
        return None
    if not _sessions_in_line(db, settings):
        return None
    account = settings.imap.account
    checkpoint = db.one("SELECT uidvalidity, last_uid FROM mailbox_checkpoint WHERE account = ? AND folder = ?",
                        account, settings.imap.folder)
    if checkpoint is None:
        return None
    if db.one("SELECT 1 FROM inbound_message WHERE account = ? AND folder = ? AND uidvalidity = ? "
              "AND mailbox_action IN (?, ?)", account, settings.imap.folder, checkpoint[0],
              *(state.value for state in UNFINISHED_ACTIONS)):
        return None
    return int(checkpoint[0]), int(checkpoint[1])


def _sessions_in_line(db: Plain, settings: Settings) -> bool:
    seen = db.one("SELECT seen FROM job_run WHERE job = 'sessions' AND last_success_at IS NOT NULL")
    if seen is None or not unchanged(seen[0], settings.campaigns_dir):
        return False
    undecided = db.one(
        "SELECT 1 FROM affiliation a WHERE a.status = ? AND NOT EXISTS (SELECT 1 FROM invitation_decision d "
        "WHERE d.affiliation_id = a.id AND d.version = a.current_version)", AffiliationStatus.REGISTERED.value)
    return undecided is None


def _quiet_folder(settings: Settings, uidvalidity: int, last_uid: int) -> bool:
    from bot.mail.imap import Mailbox

    with Mailbox(settings.imap) as mailbox:
        state = mailbox.select(settings.imap.folder)
        if state.uidvalidity != uidvalidity:
            return False
        if 0 < state.uidnext <= last_uid + 1:
            return True  # the server's next UID says nothing came after the checkpoint
        return not mailbox.uids_after(last_uid)


def _recorded(db: Plain, now: datetime) -> bool:
    """The jobs' successes, as bot.db.job_runs records them; False (nothing written) when a row
    is missing, which only the ordinary path creates."""
    for job in JOBS:
        if db.change("UPDATE job_run SET last_success_at = ? WHERE job = ?", db.stamp(now), job) != 1:
            db.connection.rollback()
            return False
    db.commit()
    log.debug("nothing new and nothing due (quick look)", extra={"step": "quick_look"})
    return True

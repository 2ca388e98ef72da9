"""The benchmark's servers: a private Dovecot (tests/support/servers/dovecot.py), the counting
proxy in front of it, an aiosmtpd SMTP server (bot/demo/smtp.py), and a work directory.

Each backlog gets a fresh Dovecot user, seeded directly (not through the proxy); the tools
under test are pointed at the proxy, each with its own SQLite database in the work directory.
"""

from __future__ import annotations

import shutil
import tempfile
import time
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import Self

from imapclient import IMAPClient

from bench.generate import BacklogSpec, Truth, seed_mailbox, shipped_campaigns
from bench.proxy import CountingProxy
from bot.demo.imap import connect_imap
from bot.demo.smtp import EmbeddedSmtp
from parsers.model import Campaign
from tests.support.bot_process import Bot
from tests.support.servers import Credentials, Mailbox
from tests.support.servers.dovecot import DovecotServer

# `intake run` here passes only when IDLE wakes it: the interval passes would blur the latency.
WORKER_CONFIG = """\
[worker]
poll_interval_seconds = 3600
[outbox]
interval_seconds = 3600
"""


@dataclass
class Seeded:
    """One backlog in its own Dovecot account."""

    spec: BacklogSpec
    direct: Credentials       # Dovecot itself: seeding, and naming sections afterwards
    via_proxy: Credentials    # what the tools under test are given
    truths: list[Truth]
    seconds: float            # how long generating and MULTIAPPEND took

    @property
    def ours(self) -> dict[str, str]:
        return {t.message_id: t.campaign for t in self.truths if t.campaign}

    def kind_of_uid(self, client: IMAPClient) -> dict[int, str]:
        """UID -> kind of message: a fresh folder numbers the APPENDed messages 1, 2, ... in order."""
        uids = sorted(client.search("ALL"))
        if uids != list(range(1, len(self.truths) + 1)):
            raise RuntimeError("the folder's UIDs are not 1..N in the order seeded")
        return {uid: truth.kind for uid, truth in zip(uids, self.truths)}

    def client(self) -> IMAPClient:
        """A direct connection with INBOX selected read-only (never counted by the proxy)."""
        client = connect_imap(self.direct.host, self.direct.port, self.direct.username, self.direct.password)
        client.select_folder("INBOX", readonly=True)
        return client


class Rig:
    def __init__(self, keep: Path | None = None) -> None:
        self.campaigns: dict[str, Campaign] = shipped_campaigns()
        self.workdir = keep or Path(tempfile.mkdtemp(prefix="intake-bench-"))
        self.workdir.mkdir(parents=True, exist_ok=True)
        self._keep = keep is not None
        self._stack = ExitStack()

    def __enter__(self) -> Self:
        self.dovecot = DovecotServer.start(log_dir=self.workdir)
        self._stack.callback(self.dovecot.stop)
        self.proxy = self._stack.enter_context(CountingProxy(self.dovecot.host, self.dovecot.port))
        self.smtp = self._stack.enter_context(EmbeddedSmtp())
        (self.workdir / "worker.toml").write_text(WORKER_CONFIG)
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._stack.close()
        if not self._keep:
            shutil.rmtree(self.workdir, ignore_errors=True)

    def seed(self, spec: BacklogSpec) -> Seeded:
        direct = self.dovecot.add_user()
        started = time.perf_counter()
        with connect_imap(direct.host, direct.port, direct.username, direct.password) as client:
            truths = seed_mailbox(client, "INBOX", spec, self.campaigns)
        seconds = time.perf_counter() - started
        via_proxy = Credentials(self.proxy.host, self.proxy.port, direct.username, direct.password)
        return Seeded(spec, direct, via_proxy, truths, seconds)

    def bot(self, seeded: Seeded, name: str) -> Bot:
        """The bot's environment for ``seeded``: IMAP through the proxy, a fresh SQLite file."""
        database = self.workdir / f"{name}.db"
        database.unlink(missing_ok=True)
        return Bot(Mailbox(seeded.via_proxy), self.smtp, f"sqlite:///{database}", self.workdir,
                   {"INTAKE_CONFIG": str(self.workdir / "worker.toml"), "INTAKE_LANGUAGE": "en"})

"""The measurements on one seeded backlog: intake-bot's pass, the peer's, the lower bound, and
the idle pass as a whole process and inside the worker.
"""

from __future__ import annotations

import json
import sqlite3
import statistics
import sys
import time
from dataclasses import dataclass
from datetime import datetime, timezone

from bench import process
from bench.phases import Traffic, traffic
from bench.rig import Rig, Seeded
from bot.app import App, build_app
from bot.inbound.poll import poll_once
from tests.support.bot_process import Bot
from tests.support.paths import CAMPAIGNS_DIR
from tests.support.servers import Mailbox

SUBJECT = b"BODY.PEEK[HEADER.FIELDS (SUBJECT)]"


@dataclass(frozen=True)
class ToolRun:
    name: str
    seconds: float
    peak_rss_mib: float
    traffic: Traffic
    ours: dict[str, str]      # Message-ID -> campaign key, as the tool found them
    summary: str              # what the tool said it did


@dataclass(frozen=True)
class LowerBound:
    matched_bytes: int        # the messages that are ours, whole
    subject_bytes: int        # one FETCH of the Subject header for every message, as the server answers it

    @property
    def total(self) -> int:
        return self.matched_bytes + self.subject_bytes


@dataclass(frozen=True)
class Samples:
    """Timings of a repeated measurement, in milliseconds."""

    values: tuple[float, ...]

    @property
    def median(self) -> float:
        return statistics.median(self.values)

    @property
    def p95(self) -> float:
        ordered = sorted(self.values)
        return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def intake_backlog(rig: Rig, seeded: Seeded, bot: Bot) -> ToolRun:
    """`intake poll --once` through the whole backlog, a fresh database."""
    rig.proxy.measure()
    rig.smtp.clear()
    finished = process.run(process.intake_argv("poll", "--once"), bot.env(), rig.workdir, "intake-backlog").check()
    counts = rig.proxy.measure()
    with seeded.client() as client:
        seen = traffic(counts, client, seeded.kind_of_uid(client))
    with sqlite3.connect(bot.database_url.removeprefix("sqlite:///")) as db:
        ours = dict(db.execute("SELECT message_id, campaign_key FROM inbound_message").fetchall())
    summary = f"{finished.stdout.strip()} SMTP accepted {len(rig.smtp.messages)}."
    return ToolRun("intake-bot", finished.seconds, finished.peak_rss_mib, seen, ours, summary)


def peer_backlog(rig: Rig, seeded: Seeded, bot: Bot) -> ToolRun:
    """The full-fetch peer (bench/peer.py) through the same backlog."""
    output = rig.workdir / "peer.json"
    argv = [sys.executable, "-m", "bench.peer", "--campaigns", str(CAMPAIGNS_DIR), "--output", str(output)]
    rig.proxy.measure()
    finished = process.run(argv, bot.env(), rig.workdir, "peer").check()
    seen = traffic(rig.proxy.measure(), None)  # the peer fetches whole messages only
    result = json.loads(output.read_text())
    return ToolRun("peer (full fetch)", finished.seconds, finished.peak_rss_mib, seen, result["ours"],
                   finished.stdout.strip())


def lower_bound(rig: Rig, seeded: Seeded) -> LowerBound:
    """The matched messages' sizes plus what the server sends for a Subject fetch of every message."""
    with seeded.client() as direct:
        uids = direct.search("ALL")
    rig.proxy.measure()
    with Mailbox(seeded.via_proxy).client() as client:
        client.select_folder("INBOX", readonly=True)
        for start in range(0, len(uids), 1000):
            client.fetch(uids[start:start + 1000], [SUBJECT])
    subject_bytes = rig.proxy.measure().phases["headers"]
    return LowerBound(sum(t.size for t in seeded.truths if t.ours), subject_bytes)


def idle_process(rig: Rig, bot: Bot, runs: int) -> tuple[Samples, float, Traffic]:
    """`intake poll --once` with nothing new, ``runs`` times: (wall ms, peak RSS MiB, one run's traffic)."""
    times, rss = [], 0.0
    counts = None
    for number in range(runs):
        rig.proxy.measure()
        finished = process.run(process.intake_argv("poll", "--once"), bot.env(), rig.workdir, "intake-idle").check()
        counts = rig.proxy.measure()
        times.append(finished.seconds * 1000)
        rss = max(rss, finished.peak_rss_mib)
    assert counts is not None
    return Samples(tuple(times)), rss, traffic(counts, None)


def baselines(rig: Rig, bot: Bot, runs: int) -> dict[str, Samples]:
    """What a process costs before any work: the interpreter alone, and `intake --help`."""
    commands = {"python -c pass": [sys.executable, "-c", "pass"], "intake --help": process.intake_argv("--help")}
    return {name: Samples(tuple(process.run(argv, bot.env(), rig.workdir, "baseline").check().seconds * 1000
                                for _ in range(runs))) for name, argv in commands.items()}


def idle_worker(rig: Rig, seeded: Seeded, bot: Bot, runs: int, warm_up: int = 3) -> tuple[Samples, Samples, Traffic]:
    """One pass of the worker's poll job (bot.inbound.poll.poll_once) with nothing new, in this
    process, on an App built once as `intake run` builds it: (timed directly against Dovecot,
    timed through the proxy, one pass's traffic).

    Directly, the proxy's two thread hops per round trip (in this process, under its GIL) stay
    out of the figure; the checkpoint is per account (host:port), so the direct App's first
    warm-up pass reads the folder's headers once to make its own.
    """
    direct = bot.env(INTAKE_IMAP_HOST=seeded.direct.host, INTAKE_IMAP_PORT=str(seeded.direct.port))
    timed_direct = _passes(build_app(direct), runs, warm_up)
    rig.proxy.measure()
    timed_proxy = _passes(build_app(bot.env()), runs, warm_up)
    counts = rig.proxy.measure()
    one = traffic(counts, None)
    per_pass = {verb: count // (runs + warm_up) for verb, count in one.commands.items()}
    size = {phase: count // (runs + warm_up) for phase, count in one.phases.items()}
    return timed_direct, timed_proxy, Traffic(size, per_pass, 1)


def _passes(app: App, runs: int, warm_up: int) -> Samples:
    now = datetime.now(timezone.utc)
    try:
        for _ in range(warm_up):
            poll_once(app, now)
        times = []
        for _ in range(runs):
            started = time.perf_counter()
            poll_once(app, now)
            times.append((time.perf_counter() - started) * 1000)
        return Samples(tuple(times))
    finally:
        app.engine.dispose()

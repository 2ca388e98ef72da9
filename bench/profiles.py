"""Profiles of the targets a run missed (``--profile DIR``): what the integrator optimises from.

    wall time vs the peer      cProfile of `intake poll --once` through the backlog (fresh database)
    poll --once, nothing new   cProfile of the idle process, and `python -X importtime` of it
    idle pass in the worker    cProfile of 100 warm in-process passes
    parse with the sandbox     cProfile of bench/parse_time.py (the long-lived sandbox, worker-size process)
    IMAP bytes                 no profiler: the phase and per-kind tables above are its profile
    IDLE latency               the server/bot split in the table above (APPEND -> EXISTS -> SMTP)

Each cProfile is summarised as its top functions by cumulative and by own time, paths shortened;
the .prof files stay in DIR for snakeviz or pstats.
"""

from __future__ import annotations

import cProfile
import io
import pstats
import re
import sys
from datetime import datetime, timezone
from pathlib import Path

from bench import process
from bench.report import BacklogResult, Target
from bench.rig import Rig
from bot.app import build_app
from bot.inbound.poll import poll_once
from tests.support.bot_process import Bot
from tests.support.paths import REPO

TOP = 22
OURS = r"^(?!.*<frozen)(.*/)?(bot|parsers|replies)/.*\.py"  # pstats matches this against "file:line(function)"


def profile_misses(rig: Rig, result: BacklogResult, bot: Bot, found: list[Target], directory: Path) -> str:
    directory.mkdir(parents=True, exist_ok=True)
    names = {t.name for t in found if t.holds is False}
    sections = []
    if any(n.startswith("IMAP bytes") for n in names):
        sections.append(bytes_note(result))
    if any(n.startswith("wall time") for n in names):
        fresh = rig.bot(result.seeded, "intake-profile")
        sections.append(_cli("`intake poll --once` through the backlog", rig, fresh, directory / "backlog.prof",
                             ["poll", "--once"]))
    if any(n.startswith("`intake poll --once`") for n in names):
        sections.append(_cli("`intake poll --once`, nothing new", rig, bot, directory / "idle-process.prof",
                             ["poll", "--once"]))
        sections.append(_importtime(rig, bot))
    if any(n.startswith("idle pass inside") for n in names):
        sections.append(_worker_pass(bot, directory / "idle-worker.prof"))
    if any(n.startswith("parse median") for n in names):
        sections.append(_module("parse per form in the sandbox (bench/parse_time.py)", rig, bot,
                                directory / "parse.prof", ["bench.parse_time", "--runs", "100"]))
    return "\n\n".join(sections)


def bytes_note(result: BacklogResult) -> str:
    """The bytes above the lower bound, largest first, from the phase and per-kind tables."""
    traffic, bound = result.intake.traffic, result.bound
    above = sorted(((size, f"{phase} of {kind}") for (phase, kind), size in traffic.by_kind.items()), reverse=True)
    parts = [f"{size / 2**20:.1f} MB {what}" for size, what in above[:4]]
    return (f"#### IMAP bytes\n\nintake-bot read {traffic.total / 2**20:.1f} MB where the lower bound is "
            f"{bound.total / 2**20:.1f} MB. Beyond the whole messages of ours "
            f"({traffic.phases['messages'] / 2**20:.1f} MB), it read parts of messages that were not ours to decide "
            f"that they were not: {', '.join(parts)}; and {traffic.phases['headers'] / 2**20:.1f} MB of headers "
            "and BODYSTRUCTURE of the candidates the search named (the tables above have the rest).")


def _cli(title: str, rig: Rig, bot: Bot, out: Path, args: list[str]) -> str:
    return _module(title, rig, bot, out, ["bot.cli", *args])


def _module(title: str, rig: Rig, bot: Bot, out: Path, module_args: list[str]) -> str:
    argv = [sys.executable, "-m", "cProfile", "-o", str(out), "-m", *module_args]
    finished = process.run(argv, bot.env(), rig.workdir, out.stem).check()
    return f"#### {title} ({finished.seconds:.2f} s under cProfile)\n\n{summary(out)}"


def _worker_pass(bot: Bot, out: Path, passes: int = 100) -> str:
    app = build_app(bot.env())
    now = datetime.now(timezone.utc)
    poll_once(app, now)
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(passes):
        poll_once(app, now)
    profiler.disable()
    profiler.dump_stats(out)
    app.engine.dispose()
    return f"#### {passes} warm passes inside the worker, nothing new\n\n{summary(out)}"


def _importtime(rig: Rig, bot: Bot) -> str:
    """The slowest imports of an idle `poll --once`, by cumulative time (µs), as -X importtime says."""
    argv = [sys.executable, "-X", "importtime", "-m", "bot.cli", "poll", "--once"]
    finished = process.run(argv, bot.env(), rig.workdir, "importtime").check()
    rows = []
    for line in finished.stderr.splitlines():
        if match := re.match(r"import time:\s+(\d+) \|\s+(\d+) \|( *)(\S+)", line):
            rows.append((int(match.group(2)), int(match.group(1)), len(match.group(3)) // 2, match.group(4)))
    total = sum(own for _, own, _, _ in rows)
    top = sorted((r for r in rows if r[2] <= 2), reverse=True)[:TOP]
    lines = [f"{cumulative / 1000:8.1f} ms {own / 1000:7.1f} ms  {'  ' * depth}{name}"
             for cumulative, own, depth, name in top]
    return (f"#### Imports of an idle `poll --once` (`python -X importtime`; {total / 1000:.0f} ms in all)\n\n"
            "```\n cumulative    own  module (depth ≤ 2)\n" + "\n".join(lines) + "\n```")


def summary(path: Path) -> str:
    """The project's own functions by cumulative time (where the time is spent, by step), and
    every function by own time (what it is spent on); repository and library prefixes cut."""
    parts = []
    for order, title, restrictions in (("cumulative", "our functions by cumulative time", (OURS, TOP + 8)),
                                       ("tottime", "all functions by own time", (TOP,))):
        out = io.StringIO()
        pstats.Stats(str(path), stream=out).sort_stats(order).print_stats(*restrictions)
        parts.append(f"{title}:\n```\n{_shorten(out.getvalue())}\n```")
    return "\n\n".join(parts)


def _shorten(text: str) -> str:
    lines = text.splitlines()
    start = next((i for i, line in enumerate(lines) if line.lstrip().startswith("ncalls")), 0)
    text = "\n".join(lines[start:]).rstrip()
    text = text.replace(str(REPO) + "/", "")
    return re.sub(r"\S*/(site-packages|lib/python3\.\d+)/", "", text)

"""Benchmark (issue 13): intake-bot against a full-fetch peer and the lower bound, on a
realistic backlog in a private Dovecot, counted at the socket by a proxy; then the idle pass,
IDLE latency, parse time, and how the cost grows with the mailbox.

    ./scripts/bench                                   # everything: 10,000 messages, growth 1k/10k/50k
    ./scripts/bench --messages 2000 --growth ''       # a quick run
    ./scripts/bench --output results.md --profile var/bench-profiles

Writes markdown to stdout (and to --output). Nothing here is a test: run it on purpose, on a
quiet machine; the report records the load average at start and end.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass
from pathlib import Path

from bench import machine, measure, process, report
from bench.generate import BacklogSpec
from bench.latency import idle_latency
from bench.report import BacklogResult, Extras
from bench.rig import Rig, Seeded
from tests.support.bot_process import Bot


def run_backlog(rig: Rig, spec: BacklogSpec) -> tuple[BacklogResult, Bot]:
    say(f"seeding {spec.messages:,} messages ({spec.forms} forms)")
    seeded = rig.seed(spec)
    bot = rig.bot(seeded, f"intake-{spec.messages}")
    bound = measure.lower_bound(rig, seeded)
    say(f"intake poll --once through the backlog (seeded in {seeded.seconds:.1f} s)")
    intake = measure.intake_backlog(rig, seeded, bot)
    say(f"the peer through the backlog (intake-bot took {intake.seconds:.1f} s)")
    peer = measure.peer_backlog(rig, seeded, bot)
    say(f"the peer took {peer.seconds:.1f} s")
    return BacklogResult(seeded, intake, peer, bound), bot


def run_extras(rig: Rig, seeded: Seeded, bot: Bot, args: argparse.Namespace) -> Extras:
    """After the backlog pass: nothing is new, so these measure the cost of looking."""
    say("idle passes")
    idle, idle_rss, idle_traffic = measure.idle_process(rig, bot, args.idle_runs)
    baselines = measure.baselines(rig, bot, args.idle_runs)
    worker, worker_proxied, worker_traffic = measure.idle_worker(rig, seeded, bot, args.idle_runs * 5)
    say(f"IDLE latency over {args.arrivals} arrivals")
    latency = idle_latency(rig, seeded, bot, args.arrivals)
    say("parse time")
    parse = process.run([sys.executable, "-m", "bench.parse_time", "--runs", str(args.parse_runs)], bot.env(),
                        rig.workdir, "parse-time").check()
    return Extras(idle, idle_rss, idle_traffic, baselines, worker, worker_proxied, worker_traffic, latency,
                  json.loads(parse.stdout))


def say(what: str) -> None:
    print(f"bench: {what}", file=sys.stderr, flush=True)


@dataclass
class Run:
    """Everything one benchmark run measured."""

    machine: str
    load_after: str
    main: BacklogResult
    extras: Extras | None
    growth: list[BacklogResult]
    targets: list[report.Target]
    profiles: str = ""


def measure_all(args: argparse.Namespace) -> Run:
    spec = BacklogSpec(messages=args.messages, forms=args.forms, pdf_share=args.pdf_share, seed=args.seed)
    sizes = [int(size) for size in args.growth.split(",") if size.strip()]
    started = machine.describe()
    with Rig(keep=args.keep) as rig:
        main_result, bot = run_backlog(rig, spec)
        extras = None if args.no_extras else run_extras(rig, main_result.seeded, bot, args)
        results = [main_result]
        for size in (s for s in sizes if s != spec.messages):
            results.append(run_backlog(rig, BacklogSpec(messages=size, forms=min(args.forms, size // 5),
                                                        pdf_share=args.pdf_share, seed=args.seed))[0])
        found = report.targets(main_result, extras, max(results, key=lambda r: r.seeded.spec.messages))
        run = Run(started, "", main_result, extras, results if sizes else [], found)
        if args.profile is not None:
            from bench.profiles import profile_misses
            say("profiles of the missed targets")
            run.profiles = profile_misses(rig, main_result, bot, found, args.profile)
    run.load_after = machine.load()
    return run


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    run = measure_all(args)
    text = markdown(run)
    print(text)
    if args.output is not None:
        args.output.write_text(text + "\n")
    return 0 if run.main.same_ours else 1


def markdown(run: Run) -> str:
    parts = [f"Machine: {run.machine}; at the end: {run.load_after}.", "", "### Side by side", "",
             report.side_by_side(run.main), "", "### IMAP bytes by phase", "", report.by_phase(run.main)]
    if run.extras is not None:
        parts += ["", "### Idle pass, IDLE latency, parse time", "", report.idle_and_latency(run.extras)]
    if run.growth:
        parts += ["", "### Growth", "", report.growth(run.growth)]
    parts += ["", "### Targets (issue 13)", "", report.targets_table(run.targets)]
    if run.profiles:
        parts += ["", "### Profiles of the missed targets", "", run.profiles]
    return "\n".join(parts)


def parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="bench.backlog", description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=BacklogSpec.messages, help="size of the main backlog")
    parser.add_argument("--forms", type=int, default=BacklogSpec.forms, help="forms in it (at most a fifth)")
    parser.add_argument("--pdf-share", type=float, default=BacklogSpec.pdf_share,
                        help="share of messages that carry a 1–10 MB PDF")
    parser.add_argument("--seed", type=int, default=BacklogSpec.seed)
    parser.add_argument("--growth", default="1000,10000,50000", help="mailbox sizes for the growth table ('' for none)")
    parser.add_argument("--arrivals", type=int, default=50, help="forms sent one by one to `intake run`")
    parser.add_argument("--idle-runs", type=int, default=10, help="idle `poll --once` runs (x5 inside the worker)")
    parser.add_argument("--parse-runs", type=int, default=100)
    parser.add_argument("--no-extras", action="store_true", help="only the backlog passes (no idle, latency, parse)")
    parser.add_argument("--output", type=Path, help="also write the markdown here")
    parser.add_argument("--profile", type=Path, help="profile each missed target; .prof files go in this directory")
    parser.add_argument("--keep", type=Path, help="work in this directory and keep it (logs, databases)")
    return parser


if __name__ == "__main__":
    sys.exit(main())

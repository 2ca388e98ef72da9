"""The benchmark's results as markdown tables: side by side, by phase, the idle and latency
figures, the targets of issue 13 with the ratio each is judged by, and the growth table.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from bench.latency import Latency
from bench.measure import LowerBound, Samples, ToolRun
from bench.phases import LABELS, PHASES, Traffic
from bench.rig import Seeded

MB = 1024 * 1024


@dataclass
class BacklogResult:
    seeded: Seeded
    intake: ToolRun
    peer: ToolRun
    bound: LowerBound

    @property
    def mailbox_bytes(self) -> int:
        return sum(t.size for t in self.seeded.truths)

    @property
    def same_ours(self) -> bool:
        return set(self.intake.ours) == set(self.peer.ours) == set(self.seeded.ours)


@dataclass
class Extras:
    """What is measured once, on the main backlog."""

    idle_process: Samples
    idle_process_rss: float
    idle_process_traffic: Traffic
    baselines: dict[str, Samples]
    idle_worker: Samples           # directly against Dovecot
    idle_worker_proxied: Samples   # the same through the counting proxy
    idle_worker_traffic: Traffic   # per pass
    latency: Latency
    parse: dict[str, float]
    notes: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Target:
    name: str
    measured: str
    holds: bool | None    # None: not measured in this run


def side_by_side(result: BacklogResult) -> str:
    spec, intake, peer, bound = result.seeded.spec, result.intake, result.peer, result.bound
    rows = [f"Backlog: {spec.messages:,} messages ({result.mailbox_bytes / MB:,.0f} MB), {len(result.seeded.ours)} "
            f"of them forms; seeded in {result.seeded.seconds:.1f} s.", "",
            "| | wall time | IMAP bytes (server → client) | peak RSS | ours found | IMAP commands |",
            "|---|---|---|---|---|---|"]
    for run in (intake, peer):
        rows.append(f"| {run.name} | {run.seconds:.2f} s | {_mb(run.traffic.total)} | {run.peak_rss_mib:.0f} MiB | "
                    f"{len(run.ours)} | {run.traffic.round_trips:,} |")
    rows.append(f"| lower bound | – | {_mb(bound.total)} ({_mb(bound.matched_bytes)} matched messages + "
                f"{_mb(bound.subject_bytes)} subjects) | – | {len(result.seeded.ours)} | – |")
    rows.append(f"| ratio | peer / intake-bot: {peer.seconds / intake.seconds:.1f} × | intake-bot / lower bound: "
                f"{intake.traffic.total / bound.total:.2f} ×; peer / intake-bot: "
                f"{peer.traffic.total / intake.traffic.total:.0f} × | | | |")
    rows += ["", f"Both found exactly the generator's {len(result.seeded.ours)} forms: "
             f"{'yes' if result.same_ours else 'NO — ' + _difference(result)}.",
             f"intake-bot said: {intake.summary}", f"The peer said: {peer.summary}"]
    return "\n".join(rows)


def by_phase(result: BacklogResult) -> str:
    rows = ["| phase | intake-bot | peer (full fetch) |", "|---|---|---|"]
    for phase in PHASES:
        rows.append(f"| {LABELS[phase]} | {_bytes(result.intake.traffic.phases[phase])} | "
                    f"{_bytes(result.peer.traffic.phases[phase])} |")
    rows.append(f"| all | {_bytes(result.intake.traffic.total)} | {_bytes(result.peer.traffic.total)} |")
    commands = ", ".join(f"{verb} {count}" for verb, count in sorted(result.intake.traffic.commands.items()))
    return "\n".join(rows) + f"\n\nintake-bot's commands: {commands}.\n\n" + _sections_by_kind(result)


def _sections_by_kind(result: BacklogResult) -> str:
    """Where intake-bot's part fetches (BODY[n]) went, by the kind of message they came from."""
    counts: dict[str, int] = {}
    for truth in result.seeded.truths:
        counts[truth.kind] = counts.get(truth.kind, 0) + 1
    by_kind = result.intake.traffic.by_kind
    kinds = sorted({kind for _, kind in by_kind}, key=lambda k: -sum(v for (_, c), v in by_kind.items() if c == k))
    rows = ["intake-bot's part fetches by kind of message (before it knows a message is ours):", "",
            "| kind of message | messages | bodies (text parts) | attachments (parts) |", "|---|---|---|---|"]
    for kind in kinds:
        rows.append(f"| {kind} | {counts.get(kind, 0):,} | {_bytes(by_kind.get(('bodies', kind), 0))} | "
                    f"{_bytes(by_kind.get(('attachments', kind), 0))} |")
    return "\n".join(rows)


def idle_and_latency(extras: Extras) -> str:
    rows = ["| measurement | median | p95 | runs | IMAP |", "|---|---|---|---|---|"]
    for name, samples in extras.baselines.items():
        rows.append(f"| `{name}` (no work) | {samples.median:.0f} ms | {samples.p95:.0f} ms | {len(samples.values)} | – |")
    rows.append(_row("`intake poll --once`, nothing new (whole process)", extras.idle_process,
                     extras.idle_process_traffic, f", peak RSS {extras.idle_process_rss:.0f} MiB"))
    rows.append(_row("poll pass inside the worker (`poll_once`, warm), nothing new", extras.idle_worker,
                     extras.idle_worker_traffic))
    rows.append(f"| … the same through the counting proxy | {extras.idle_worker_proxied.median:.1f} ms | "
                f"{extras.idle_worker_proxied.p95:.1f} ms | {len(extras.idle_worker_proxied.values)} | |")
    latency = extras.latency
    rows.append(f"| `intake run`: APPEND → confirmation accepted by SMTP | {latency.total.median:.0f} ms | "
                f"{latency.total.p95:.0f} ms | {len(latency.total.values)} (missed {latency.missed}) | IDLE |")
    if latency.announced.values:
        rows.append(f"| … of which APPEND → EXISTS on the IDLE connection (server) | {latency.announced.median:.0f} ms "
                    f"| {latency.announced.p95:.0f} ms | {len(latency.announced.values)} | |")
    parse = extras.parse
    rows.append(f"| parse_form per form, in-process | {parse['parse_median']:.1f} ms | {parse['parse_p95']:.1f} ms | "
                f"{parse['runs']} over {parse['forms']} forms | – |")
    rows.append(f"| parse per form in the pass's long-lived sandbox (as the worker runs it) | {parse['bounded_median']:.1f} ms "
                f"| {parse['bounded_p95']:.1f} ms | {parse['runs']} | – |")
    if "forked_median" in parse:
        rows.append(f"| … with a child forked per form instead (parse_form_bounded) | {parse['forked_median']:.1f} ms "
                    f"| {parse['forked_p95']:.1f} ms | {parse['runs']} | – |")
    return "\n".join(rows) + f"\n\n`intake run` peak RSS over the arrivals: {latency.worker_rss_mib:.0f} MiB."


def targets(main: BacklogResult, extras: Extras | None, largest: BacklogResult) -> list[Target]:
    intake, peer, bound = main.intake, main.peer, main.bound
    ratio = intake.traffic.total / bound.total
    speed = peer.seconds / intake.seconds
    found = [Target("IMAP bytes ≤ 1.1 × the lower bound", f"{ratio:.2f} ×", ratio <= 1.1),
             Target("wall time ≥ 20 × faster than the peer", f"{speed:.1f} ×", speed >= 20)]
    if extras is not None:
        worker, process_ms = extras.idle_worker.median, extras.idle_process.median
        found += [Target("idle pass inside the worker ≤ 20 ms (one round trip)",
                         f"{worker:.1f} ms median; {extras.idle_worker_traffic.round_trips} commands, a new connection",
                         worker <= 20),
                  Target("`intake poll --once`, nothing new, ≤ 150 ms", f"{process_ms:.0f} ms median", process_ms <= 150),
                  Target("IDLE latency p95 ≤ 1 s", f"{extras.latency.total.p95:.0f} ms (missed {extras.latency.missed})",
                         extras.latency.total.p95 <= 1000 and not extras.latency.missed),
                  Target("parse median ≤ 10 ms per form, sandbox included",
                         f"{extras.parse['bounded_median']:.1f} ms", extras.parse["bounded_median"] <= 10)]
    at = largest.seeded.spec.messages
    rss = Target(f"peak RSS ≤ 150 MB at 50k messages (measured at {at:,})", f"{largest.intake.peak_rss_mib:.0f} MiB",
                 largest.intake.peak_rss_mib * MB / 1e6 <= 150 if at >= 50_000 else None)
    return [*found, rss]


def targets_table(found: list[Target]) -> str:
    rows = ["| target | measured | holds |", "|---|---|---|"]
    for target in found:
        verdict = "not measured at that size" if target.holds is None else ("yes" if target.holds else "**no**")
        rows.append(f"| {target.name} | {target.measured} | {verdict} |")
    return "\n".join(rows)


def growth(results: list[BacklogResult]) -> str:
    rows = ["| messages | MB | forms | intake-bot wall | per message | IMAP bytes per message | peak RSS | "
            "peer wall | per message | IMAP bytes per message | peak RSS | lower bound per message |",
            "|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for r in sorted(results, key=lambda r: r.seeded.spec.messages):
        n = r.seeded.spec.messages
        rows.append(f"| {n:,} | {r.mailbox_bytes / MB:,.0f} | {len(r.seeded.ours)} | {r.intake.seconds:.1f} s | "
                    f"{r.intake.seconds / n * 1000:.2f} ms | {r.intake.traffic.total / n:,.0f} | "
                    f"{r.intake.peak_rss_mib:.0f} MiB | {r.peer.seconds:.1f} s | {r.peer.seconds / n * 1000:.2f} ms | "
                    f"{r.peer.traffic.total / n:,.0f} | {r.peer.peak_rss_mib:.0f} MiB | {r.bound.total / n:,.0f} |")
    return "\n".join(rows)


def _row(name: str, samples: Samples, seen: Traffic, tail: str = "") -> str:
    commands = ", ".join(f"{verb} {count}" for verb, count in sorted(seen.commands.items()))
    return (f"| {name} | {samples.median:.1f} ms | {samples.p95:.1f} ms | {len(samples.values)} | "
            f"{seen.connections} connection, {_bytes(seen.total)}: {commands}{tail} |")


def _difference(result: BacklogResult) -> str:
    truth, intake, peer = set(result.seeded.ours), set(result.intake.ours), set(result.peer.ours)
    return (f"intake-bot missed {sorted(truth - intake)[:5]}, added {sorted(intake - truth)[:5]}; "
            f"peer missed {sorted(truth - peer)[:5]}, added {sorted(peer - truth)[:5]}")


def _mb(size: int) -> str:
    return f"{size / MB:,.1f} MB"


def _bytes(size: int) -> str:
    return f"{size:,} B" if size < 100_000 else _mb(size)

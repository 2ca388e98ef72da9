"""The benchmark harness at a tiny size, so it does not rot: generator, proxy, both intakes,
the idle measurements and the report. Nothing here is timed; the benchmark is run on purpose."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.backlog import markdown, measure_all, parser
from bench.profiles import bytes_note

pytestmark = pytest.mark.slow


def test_a_tiny_run_counts_the_bytes_and_writes_every_table(tmp_path: Path) -> None:
    args = parser().parse_args(["--messages", "30", "--forms", "6", "--growth", "30", "--arrivals", "2",
                                "--idle-runs", "1", "--parse-runs", "3", "--keep", str(tmp_path / "work")])
    run = measure_all(args)
    main = run.main

    # Both intakes found exactly the generator's forms, and the proxy saw every byte of them:
    # intake-bot fetched each form whole once, the peer every message whole once.
    assert len(main.seeded.ours) == 6 and main.same_ours
    assert main.intake.traffic.phases["messages"] == main.bound.matched_bytes
    assert main.peer.traffic.phases["messages"] == main.mailbox_bytes
    assert main.intake.traffic.phases["headers"] > 0 and main.intake.traffic.phases["search"] > 0
    assert main.bound.subject_bytes > 0
    assert run.extras is not None and len(run.extras.latency.total.values) == 2
    assert run.extras.idle_worker_traffic.commands["SEARCH"] == 1

    text = markdown(run)
    for heading in ("### Side by side", "### IMAP bytes by phase", "### Idle pass, IDLE latency, parse time",
                    "### Growth", "### Targets (issue 13)"):
        assert heading in text
    assert "| intake-bot |" in text and "| peer (full fetch) |" in text and "| lower bound |" in text
    assert any(line.startswith("| 30 | ") for line in text.splitlines())  # the growth row
    assert "Both found exactly the generator's 6 forms: yes." in text
    assert f"the lower bound is {main.bound.total / 2**20:.1f} MB" in bytes_note(main)

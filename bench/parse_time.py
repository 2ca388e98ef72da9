"""Parse time per form, as the worker pays it: every filling of bench/parse_forms.py, parsed
in a process that has imported what `intake run` imports (the sandbox forks that process, so
its size is part of the cost), in turn, ``--runs`` times; printed as JSON (milliseconds).

    PYTHONPATH=. python -m bench.parse_time --runs 100
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys

import bot.cli  # noqa: F401  (the worker's footprint: the sandbox forks a process this size)
from bench.parse_forms import fillings, timed
from bot.campaigns import load_campaigns
from bot.inbound.sandbox import parse_form_bounded
from parsers.form.parse import parse_form
from tests.support.paths import CAMPAIGNS_DIR


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=100)
    args = parser.parse_args()
    campaign = next(c for c in load_campaigns(CAMPAIGNS_DIR) if c.key == "jamstallt-vg-2024-2027")
    forms = [form for spelled in fillings(campaign).values() for form in spelled]
    inside, inside_p95 = timed(_cycling(forms, parse_form, campaign), args.runs)
    bounded, bounded_p95 = timed(_cycling(forms, parse_form_bounded, campaign), args.runs)
    json.dump({"forms": len(forms), "runs": args.runs, "parse_median": inside, "parse_p95": inside_p95,
               "bounded_median": bounded, "bounded_p95": bounded_p95}, sys.stdout)
    return 0


def _cycling(forms, parse, campaign):  # type: ignore[no-untyped-def]
    cycle = itertools.cycle(forms)
    return lambda: parse(next(cycle), campaign)


if __name__ == "__main__":
    raise SystemExit(main())

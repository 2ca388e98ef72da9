"""Parse time per form, as the worker pays it: every filling of bench/parse_forms.py, parsed
in a process that has imported what `intake run` imports (the sandbox is forked from that
process, so its size is part of the cost), in turn, ``--runs`` times: in-process, in the
pass's long-lived sandbox (bot.inbound.sandbox.Sandbox, as the worker parses now) and with a
child forked per form (parse_form_bounded); printed as JSON (milliseconds).

    PYTHONPATH=. python -m bench.parse_time --runs 100
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys

import bot.cli.run  # noqa: F401  (the worker's footprint: the sandbox is forked from a process this size)
import bot.inbound.pipeline  # noqa: F401
from bench.parse_forms import fillings, timed
from bot.campaigns import load_campaigns
from bot.inbound.sandbox import Sandbox, parse_form_bounded
from parsers.form.parse import parse_form
from tests.support.paths import CAMPAIGNS_DIR


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=100)
    args = parser.parse_args()
    campaign = next(c for c in load_campaigns(CAMPAIGNS_DIR) if c.key == "jamstallt-vg-2024-2027")
    forms = [form for spelled in fillings(campaign).values() for form in spelled]
    inside, inside_p95 = timed(_cycling(forms, parse_form, campaign), args.runs)
    with Sandbox() as sandbox:  # one per pass: its start is paid once, as in a pass
        sandbox_median, sandbox_p95 = timed(_cycling(forms, sandbox.parse_form, campaign), args.runs)
    forked, forked_p95 = timed(_cycling(forms, parse_form_bounded, campaign), args.runs)
    json.dump({"forms": len(forms), "runs": args.runs, "parse_median": inside, "parse_p95": inside_p95,
               "bounded_median": sandbox_median, "bounded_p95": sandbox_p95,
               "forked_median": forked, "forked_p95": forked_p95}, sys.stdout)
    return 0


def _cycling(forms, parse, campaign):  # type: ignore[no-untyped-def]
    cycle = itertools.cycle(forms)
    return lambda: parse(next(cycle), campaign)


if __name__ == "__main__":
    raise SystemExit(main())

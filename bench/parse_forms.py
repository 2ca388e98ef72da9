"""Benchmark: parse_form per filling style, zip bombs refused, and the sandbox's overhead.

Every filling is built from the blank official form (tests/support/formbuilder.py), in four
spellings each, for the Västra Götaland campaign; "libreoffice" uses the real re-saved files
in tests/data/forms/. Each case is parsed ``--runs`` times (bytes built beforehand, so only
parse_form is timed) and reported as median and p95. Then three zip bombs, and
parse_form_bounded against parse_form on the same form.

    PYTHONPATH=. python -m bench.parse_forms --runs 200
"""

from __future__ import annotations

import argparse
import io
import itertools
import statistics
import struct
import sys
import time
import zipfile
from collections.abc import Callable
from functools import partial
from pathlib import Path

from bot.campaigns import load_campaigns
from bot.inbound.sandbox import parse_form_bounded, run_bounded
from parsers.form.parse import parse_form
from parsers.model import Campaign, Contact, Decision, ParsedForm

REPO = Path(__file__).resolve().parent.parent
MB = 1024 * 1024
DOCUMENT = "word/document.xml"


def fillings(campaign: Campaign) -> dict[str, list[bytes]]:
    sys.path.insert(0, str(REPO))
    from tests.support.formbuilder import Filling, FillValues, build_filling

    values = FillValues(organisation="Alingsås kommun", org_number="212000-9622",
                        contact=Contact("Anna Berg", "Strateg", "anna.berg@alingsas.se", "070-123 45 67"),
                        decision=Decision("Kommunstyrelsen", "§ 91", "5 maj 2025", "KS 2025/155"),
                        goals=(3, 12, 13), sessions=(campaign.sessions[0].id,))
    assert campaign.form_path is not None
    blank = campaign.form_path.read_bytes()
    built = {filling.value: [build_filling(blank, campaign, values, filling, variant=v) for v in range(4)]
             for filling in Filling if filling is not Filling.LIBREOFFICE}
    built["libreoffice"] = [path.read_bytes() for path in sorted((REPO / "tests/data/forms").glob("lo-vg-*.docx"))]
    return built


def zip_bombs() -> dict[str, bytes]:
    """Declared too large; declared small but lying (zipfile stops at the declared size and the
    CRC fails); too many entries."""
    zeros = bytes(200 * MB)
    declared = _zip({DOCUMENT: zeros})
    lying = bytearray(declared)
    directory = lying.rfind(b"PK\x01\x02")
    struct.pack_into("<I", lying, directory + 24, 1000)  # uncompressed size in the central directory
    many = _zip({f"word/media/{n}.xml": b"" for n in range(5000)})
    return {"zip bomb (200 MB declared)": declared, "zip bomb (size lies, 200 MB)": bytes(lying),
            "zip bomb (5,000 entries)": many}


def timed(work: Callable[[], ParsedForm], runs: int) -> tuple[float, float]:
    """(median, p95) in milliseconds."""
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        work()
        samples.append((time.perf_counter() - started) * 1000)
    samples.sort()
    return statistics.median(samples), samples[min(len(samples) - 1, int(0.95 * len(samples)))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=200)
    args = parser.parse_args()
    campaign = next(c for c in load_campaigns(REPO / "config" / "campaigns") if c.key == "jamstallt-vg-2024-2027")
    print("| case | runs | median | p95 | result |")
    print("|---|---|---|---|---|")
    for name, forms in fillings(campaign).items():
        results = [parse_form(data, campaign) for data in forms]
        assert all(r.form is not None and not r.problems for r in results), name
        median, p95 = timed(_cycling(forms, campaign), args.runs)
        goals = results[0].form.goals if results[0].form else ()
        print(f"| {name} | {args.runs} | {median:.2f} ms | {p95:.2f} ms | goals {goals} |")
    for name, data in zip_bombs().items():
        code = parse_form(data, campaign).problems[0].code
        median, p95 = timed(partial(parse_form, data, campaign), args.runs)
        print(f"| {name} | {args.runs} | {median:.2f} ms | {p95:.2f} ms | {code} |")
    form = fillings(campaign)["content_controls"][0]
    inside, _ = timed(lambda: parse_form(form, campaign), args.runs)
    bounded, bounded_p95 = timed(lambda: parse_form_bounded(form, campaign), args.runs)
    empty, empty_p95 = timed(lambda: run_bounded(lambda: ParsedForm(None), seconds=5, memory_bytes=512 * MB),
                             args.runs)
    print(f"| content_controls, parse_form_bounded | {args.runs} | {bounded:.2f} ms | {bounded_p95:.2f} ms | "
          f"overhead {bounded - inside:.1f} ms |")
    print(f"| sandbox alone (fork, pipe, join) | {args.runs} | {empty:.2f} ms | {empty_p95:.2f} ms | |")
    return 0


def _cycling(forms: list[bytes], campaign: Campaign) -> Callable[[], ParsedForm]:
    """Parse the spellings of a style in turn, one per call."""
    cycle = itertools.cycle(forms)
    return lambda: parse_form(next(cycle), campaign)


def _zip(parts: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        for name, data in parts.items():
            package.writestr(name, data)
    return out.getvalue()


if __name__ == "__main__":
    raise SystemExit(main())

"""parse_form_bounded: the same answer as parse_form, and a document that would take too long
or too much memory is stopped within the bound, with a staff problem instead of a form."""

from __future__ import annotations

import multiprocessing
import os
import signal
import subprocess
import sys
import time


from bot.inbound.sandbox import parse_form_bounded, run_bounded
from parsers.form.parse import parse_form
from parsers.model import Campaign, FormStyle, ParsedForm, Severity, problem
from tests.support.formbuilder import FillValues, build_form, with_body
from tests.support.paths import REPO

ROOT = REPO
MB = 1024 * 1024
TIMEOUT = ParsedForm(None, (problem("parse_timeout", Severity.STAFF),))
OUT_OF_MEMORY = ParsedForm(None, (problem("parse_memory", Severity.STAFF),))


def slow_document(vg_campaign: Campaign, paragraphs: int = 9_000) -> bytes:
    """Within every safety limit (under 10,000 paragraphs, 20 MB, a low compression ratio)
    yet slow: every paragraph a long goal line of text that does not compress."""
    words = os.urandom(paragraphs * 600).hex()
    lines = "".join(f"<w:p><w:r><w:t>☒ Mål {n % 15 + 1} – {words[n * 1200:(n + 1) * 1200]}</w:t></w:r></w:p>"
                    for n in range(paragraphs))
    head = "<w:p><w:r><w:t>Dnr 801-9838-2024</w:t></w:r></w:p><w:p><w:r><w:t>Prioriterade regionala mål</w:t></w:r></w:p>"
    return with_body(vg_campaign.form_path.read_bytes(), head + lines)


def test_a_bounded_parse_gives_what_parse_form_gives(vg_campaign):
    form = build_form(vg_campaign.form_path.read_bytes(), vg_campaign, FillValues(goals=(3, 12)), FormStyle.LEGACY_FIELDS)
    for data in (form, b"%PDF-1.7", b"PK\x03\x04 truncated"):
        assert parse_form_bounded(data, vg_campaign) == parse_form(data, vg_campaign)


def test_a_slow_document_is_stopped_within_the_time_bound(vg_campaign):
    data = slow_document(vg_campaign)
    started = time.perf_counter()
    assert parse_form_bounded(data, vg_campaign, seconds=0.3) == TIMEOUT
    assert time.perf_counter() - started < 0.3 + 0.5
    assert multiprocessing.active_children() == []  # killed and reaped


def test_a_real_parse_under_a_tiny_time_bound_times_out(vg_campaign):
    data = build_form(vg_campaign.form_path.read_bytes(), vg_campaign, FillValues(), FormStyle.CONTENT_CONTROLS)
    assert parse_form_bounded(data, vg_campaign, seconds=0.001) == TIMEOUT


def test_work_that_takes_more_memory_than_allowed_is_refused():
    def greedy() -> ParsedForm:
        hoard = bytearray(1024 * MB)  # far past the bound: the allocation fails
        return ParsedForm(None, (problem("parser_failed", Severity.STAFF, size=len(hoard)),))
    started = time.perf_counter()
    assert run_bounded(greedy, seconds=10, memory_bytes=64 * MB) == OUT_OF_MEMORY
    assert time.perf_counter() - started < 2


def test_a_child_that_dies_without_an_answer_counts_as_out_of_memory():
    def dies() -> ParsedForm:
        os.kill(os.getpid(), signal.SIGKILL)
        return TIMEOUT
    assert run_bounded(dies, seconds=10, memory_bytes=64 * MB) == OUT_OF_MEMORY


def test_a_real_document_parsed_within_too_little_memory_is_refused(tmp_path, vg_campaign):
    """In a fresh interpreter, so no free heap left over from other tests lends the parse
    memory that the bound does not count."""
    path = tmp_path / "slow.docx"
    path.write_bytes(slow_document(vg_campaign, paragraphs=4_000))
    script = (
        "import sys; from pathlib import Path\n"
        "from bot.campaigns import load_campaigns\n"
        "from bot.inbound.sandbox import parse_form_bounded\n"
        "campaign = next(c for c in load_campaigns(Path('config/campaigns')) if c.key == 'jamstallt-vg-2024-2027')\n"
        "parsed = parse_form_bounded(Path(sys.argv[1]).read_bytes(), campaign, seconds=30, memory_bytes=2 * 2**20)\n"
        "print([p.code for p in parsed.problems])\n")
    result = subprocess.run([sys.executable, "-c", script, str(path)], cwd=ROOT, capture_output=True, text=True,
                            timeout=60, check=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert result.stdout.strip() == "['parse_memory']"

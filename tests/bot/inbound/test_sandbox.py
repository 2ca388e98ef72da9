"""parse_form_bounded and the pass's long-lived Sandbox: the same answer as parse_form, and a
document that would take too long or too much memory is stopped within the bound, with a
staff problem instead of a form; in the long-lived child, nothing one document did reaches
the next."""

from __future__ import annotations

import multiprocessing
import os
import signal
import subprocess
import sys
import time


from bot.inbound.sandbox import Sandbox, parse_form_bounded, run_bounded
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


# --- the long-lived sandbox of a pass ------------------------------------------------------

def hoard(megabytes: int) -> ParsedForm:
    """Work that allocates ``megabytes`` (module level: it crosses the pipe by name)."""
    held = bytearray(megabytes * MB)
    return ParsedForm(None, (problem("parser_failed", Severity.STAFF, size=len(held)),))


def die() -> ParsedForm:
    os.kill(os.getpid(), signal.SIGKILL)
    return TIMEOUT


def child_pid() -> ParsedForm:
    return ParsedForm(None, (problem("parser_failed", Severity.STAFF, pid=os.getpid()),))


def pid_of(sandbox: Sandbox) -> str:
    return sandbox.call(child_pid, seconds=5, memory_bytes=64 * MB).problems[0].param("pid")


def test_one_child_parses_every_form_of_a_pass(vg_campaign):
    blank = vg_campaign.form_path.read_bytes()
    forms = [build_form(blank, vg_campaign, FillValues(goals=(g,)), style) for g, style in
             ((3, FormStyle.LEGACY_FIELDS), (5, FormStyle.CONTENT_CONTROLS), (7, FormStyle.TYPED_MARKS))]
    with Sandbox() as sandbox:
        first = pid_of(sandbox)
        for data in (*forms, b"%PDF-1.7", b"PK\x03\x04 truncated"):
            assert sandbox.parse_form(data, vg_campaign) == parse_form(data, vg_campaign)
        assert pid_of(sandbox) == first != str(os.getpid())
    assert multiprocessing.active_children() == []  # closed: the child is gone


def test_a_document_that_overruns_costs_its_child_not_the_next_document(vg_campaign):
    form = build_form(vg_campaign.form_path.read_bytes(), vg_campaign, FillValues(goals=(3,)), FormStyle.LEGACY_FIELDS)
    slow = slow_document(vg_campaign)
    with Sandbox() as sandbox:
        before = pid_of(sandbox)
        started = time.perf_counter()
        assert sandbox.parse_form(slow, vg_campaign, seconds=0.3) == TIMEOUT
        assert time.perf_counter() - started < 0.3 + 0.5
        assert sandbox.parse_form(form, vg_campaign) == parse_form(form, vg_campaign)
        assert pid_of(sandbox) != before  # a fresh child after the overrun


def test_memory_is_bounded_per_document_and_a_refusal_renews_the_child():
    with Sandbox() as sandbox:
        for _ in range(6):  # 6 x 40 MB: each within its own bound, never added up
            assert sandbox.call(hoard, (40,), seconds=10, memory_bytes=64 * MB).problems[0].param("size") == str(40 * MB)
        before = pid_of(sandbox)
        assert sandbox.call(hoard, (1024,), seconds=10, memory_bytes=64 * MB) == OUT_OF_MEMORY
        assert pid_of(sandbox) != before
        assert sandbox.call(hoard, (40,), seconds=10, memory_bytes=64 * MB).problems[0].param("size") == str(40 * MB)


def test_a_child_that_dies_counts_as_out_of_memory_and_is_replaced():
    with Sandbox() as sandbox:
        assert sandbox.call(die, seconds=10, memory_bytes=64 * MB) == OUT_OF_MEMORY
        assert pid_of(sandbox).isdigit()

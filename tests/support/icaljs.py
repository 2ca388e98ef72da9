"""A second, independent iCalendar parser for the tests: Mozilla's ical.js, which Thunderbird
uses, run by Node (tests/support/icaljs/parse.mjs). Installed from the npm registry with the
lock file beside it on first use (or by .ci/run), into tests/support/icaljs/node_modules.

Without Node the tests that need it are skipped, except under CI=true, where they fail.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.support.servers import unavailable

DIR = Path(__file__).parent / "icaljs"


def ensure_icaljs() -> str:
    """The node executable, with ical.js installed beside parse.mjs."""
    node, npm = shutil.which("node"), shutil.which("npm")
    if node is None or npm is None:
        unavailable("Node/npm is not installed: the ical.js checks need it")
    if not (DIR / "node_modules" / "ical.js" / "package.json").is_file():
        result = subprocess.run([npm, "ci", "--no-audit", "--no-fund"], cwd=DIR, capture_output=True, text=True,
                                timeout=300)
        if result.returncode != 0:
            pytest.fail(f"npm ci in {DIR} failed:\n{result.stderr}", pytrace=False)
    return node


def read_with_icaljs(node: str, objects: list[bytes | str]) -> list[dict]:
    """What ical.js reads from each object: method, timezones, events (times in UTC)."""
    texts = [o.decode("utf-8") if isinstance(o, bytes) else o for o in objects]
    result = subprocess.run([node, str(DIR / "parse.mjs")], input=json.dumps(texts), capture_output=True,
                            text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)

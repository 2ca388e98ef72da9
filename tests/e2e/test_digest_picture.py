"""The digests pictured in the staff guide are the ones the bot sends today: each committed
HTML equals the digest made from its mail, and Chromium draws it at the committed picture's
size. (scripts/digest-example makes them again.)"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.bot_process import Bot
from tests.support.digest_picture import DOCS, EXAMPLES, example, find_chromium, html_of, png_size, render
from tests.support.servers import unavailable

pytestmark = pytest.mark.slow


@pytest.fixture
def chromium() -> str:
    found = find_chromium()
    if found is None:
        unavailable("chromium is not installed (apt-get install chromium)")
    return found


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_the_staff_guide_shows_the_digest_the_bot_sends(mailbox, smtp_server, tmp_path: Path, chromium: str,
                                                        name: str) -> None:
    bot = Bot(mailbox, smtp_server, f"sqlite:///{tmp_path}/intake.db", tmp_path, {})
    _, digest = EXAMPLES[name](bot)
    html = html_of(digest)
    assert html == example(name, "html").read_text(encoding="utf-8"), \
        f"the digest changed: run scripts/digest-example and commit docs/{name}.*"
    drawn = render(html, tmp_path / "digest.png", chromium)
    assert drawn == png_size(example(name, "png").read_bytes())
    assert drawn[1] > 800  # the whole page, not a window's worth
    assert f"({name}.png)" in (DOCS / "staff-guide.md").read_text(encoding="utf-8")

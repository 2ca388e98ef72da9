"""The digests pictured in the staff guide, and the pictures.

``sample_digest(bot)`` runs the shared samples through `intake poll --once` and `intake
digest` at fixed times and returns the digest as sent; ``review_digest(bot)`` does the same
for the staff tests' mail (a form to review, a PDF, a bounce, a reply in our thread, a form
to complete), so the guide shows every section. ``render(html, png)`` draws the HTML with
headless Chromium (Debian's package) at the height the page needs.

Run as a script (``scripts/digest-example``) it writes docs/digest-example.{eml,html,png} and
docs/digest-review-example.{eml,html,png} on embedded servers; tests/e2e/test_digest_picture.py
checks the committed files are what the bot sends today.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
from email.message import EmailMessage
from pathlib import Path

from tests.support.bot_process import Bot
from tests.support.paths import REPO, SAMPLES
from tests.support.staff_mail import VG, parsed, seed

POLL_AT, DIGEST_AT = "2025-06-02T07:00:00+02:00", "2025-06-02T07:30:00+02:00"  # a Monday
DOCS = REPO / "docs"
WIDTH = 760
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", "--hide-scrollbars")
_MEASURE = '<script>document.title = "height:" + document.documentElement.scrollHeight;</script>'


def find_chromium() -> str | None:
    return shutil.which("chromium") or next((p for p in ("/usr/bin/chromium",) if Path(p).is_file()), None)


def sample_digest(bot: Bot) -> tuple[bytes, EmailMessage]:
    """(raw bytes, parsed) of the VG campaign's digest for the samples."""
    bot.mailbox.append(sorted(SAMPLES.glob("*.eml")), dated=True)
    bot.poll(now=POLL_AT)
    return _digest(bot, DIGEST_AT)


def review_digest(bot: Bot) -> tuple[bytes, EmailMessage]:
    """The digest the morning after the staff tests' mail came in: every section."""
    seed(bot)
    return _digest(bot, "2025-06-03T07:30:00+02:00")


def _digest(bot: Bot, at: str) -> tuple[bytes, EmailMessage]:
    before = len(bot.smtp.messages)
    bot.run("digest", "--now", at)
    (received,) = bot.smtp.messages[before:]
    assert received.rcpt_tos == VG.staff
    return received.original_content, parsed(received.original_content)


# name in docs/ -> how its digest is made
EXAMPLES = {"digest-example": sample_digest, "digest-review-example": review_digest}


def example(name: str, extension: str) -> Path:
    return DOCS / f"{name}.{extension}"


def html_of(message: EmailMessage) -> str:
    """The HTML part as text, with the newlines of a file (the wire has CRLF)."""
    return message.get_body(("html",)).get_content().replace("\r\n", "\n")


def render(html: str, png: Path, chromium: str, width: int = WIDTH) -> tuple[int, int]:
    """Draw ``html`` into ``png`` (the whole page); returns (width, height)."""
    with tempfile.TemporaryDirectory(prefix="intake-chromium-") as temp:
        page = Path(temp) / "digest.html"
        page.write_text(html.replace("</body>", _MEASURE + "</body>"), encoding="utf-8")
        dom = _chromium(chromium, Path(temp), "--dump-dom", f"--window-size={width},800", page.as_uri())
        match = re.search(r"<title>height:(\d+)</title>", dom)
        assert match, f"chromium did not measure the page: {dom[:300]!r}"
        height = int(match.group(1))
        _chromium(chromium, Path(temp), f"--screenshot={png}", f"--window-size={width},{height}", page.as_uri())
    return png_size(png.read_bytes())


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")


def _chromium(chromium: str, temp: Path, *args: str) -> str:
    profile = tempfile.mkdtemp(prefix="profile-", dir=temp)
    result = subprocess.run([chromium, *FLAGS, f"--user-data-dir={profile}", *args],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout


def main() -> int:
    """Write docs/<example>.{eml,html,png} for every example, on embedded servers."""
    from bot.demo.imap import EmbeddedImap, EmbeddedSmtp
    from tests.support.servers import Credentials, Mailbox

    chromium = find_chromium()
    if chromium is None:
        print("digest-example: chromium is not installed (apt-get install chromium)", file=sys.stderr)
        return 1
    for name, make in EXAMPLES.items():
        with tempfile.TemporaryDirectory() as work, EmbeddedImap() as imap, EmbeddedSmtp() as smtp:
            mailbox = Mailbox(Credentials(imap.host, imap.port, imap.username, imap.password))
            raw, message = make(Bot(mailbox, smtp, f"sqlite:///{work}/intake.db", Path(work), {}))
        example(name, "eml").write_bytes(raw)
        example(name, "html").write_text(html_of(message), encoding="utf-8")
        width, height = render(html_of(message), example(name, "png"), chromium)
        print(f"wrote docs/{name}.eml, .html and .png ({width}x{height})")
    return 0


if __name__ == "__main__":
    sys.exit(main())

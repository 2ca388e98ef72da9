"""Text from an HTML body (stdlib html.parser), and the board's external-mail banner removed.

Only what a reader sees is kept: script, style and head are dropped, block elements and
<br> become line breaks, table cells are separated by a tab, character references are
resolved (so "801&#8211;9838&#8211;2024" reads as the case number it shows).
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

_HIDDEN = frozenset({"script", "style", "head", "title", "template", "xml"})
_BREAKS = frozenset({"br", "p", "div", "tr", "li", "ul", "ol", "table", "blockquote", "pre", "hr",
                     "h1", "h2", "h3", "h4", "h5", "h6", "section", "article", "header", "footer", "address"})
_CELLS = frozenset({"td", "th"})
_HTML_SPACE = re.compile(r"[ \t\r\n\f]+")  # not \s: a no-break space is visible spacing

# The board's mail system puts this paragraph on top of every external mail.
_BANNER = re.compile(r"\A\s*VARNING\s*:?\s*Det här (?:e-?post)?(?:mejlet|meddelandet|brevet) är skickat från en extern",
                     re.IGNORECASE)
_BANNER_MAX_LINES = 4


class _TextOf(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.pieces: list[str] = []
        self.hidden = 0
        self.pre = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._open_or_close(tag, +1)

    def handle_endtag(self, tag: str) -> None:
        self._open_or_close(tag, -1)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BREAKS:
            self.pieces.append("\n")

    def _open_or_close(self, tag: str, step: int) -> None:
        if tag in _HIDDEN:
            self.hidden = max(0, self.hidden + step)
        elif tag == "pre":
            self.pre = max(0, self.pre + step)
        if tag in _BREAKS:
            self.pieces.append("\n")
        elif tag in _CELLS and step > 0:
            self.pieces.append("\t")

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.pieces.append(data if self.pre else _HTML_SPACE.sub(" ", data))


def html_to_text(html: str) -> str:
    parser = _TextOf()
    parser.feed(html)
    parser.close()
    lines = [line.strip(" \t") for line in "".join(parser.pieces).splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip("\n")


def without_banner(text: str) -> str:
    """``text`` without the external-mail banner paragraph at its top, if it has one.

    The banner is one short paragraph ending at a blank line; where the mail system left no
    blank line within a few lines, only the banner's own line goes, so no sender text is lost."""
    if not _BANNER.match(text):
        return text
    lines = text.lstrip().splitlines()
    end = next((i for i, line in enumerate(lines[:_BANNER_MAX_LINES + 1]) if not line.strip()), 1)
    return "\n".join(lines[end:]).lstrip("\n")

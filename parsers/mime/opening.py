"""The opening of what a person wrote: the first lines of a message's own text, without the
quoted message below it, for staff lists ("Hej! Kan vi skicka blanketten i september?")."""

from __future__ import annotations

import re

# Where the quoted earlier message starts, as Outlook, Gmail and Apple Mail write it.
_QUOTE_START = re.compile(r"^(>|--$|-{2,}\s*(Original|Ursprungligt)|_{5,}|(Från|From|Skickat|Sent):\s|"
                          r"(Den|On)\s.+\s(skrev|wrote)\b.*:\s*$)", re.IGNORECASE)
# A greeting on a line of its own: "Hej!", "Hej igen,", "Hej Anna!", "God morgon".
_GREETING = re.compile(r"^(hej|hejsan|hallå|god (morgon|dag|eftermiddag)|hello|hi)\b[^.?]{0,20}[!,.]?$",
                       re.IGNORECASE)


def opening_lines(text: str, count: int = 3, width: int = 300) -> str:
    """Up to ``count`` non-empty lines before the quote, greeting left out, joined with " / "
    and cut to ``width`` characters."""
    lines: list[str] = []
    for raw in text.splitlines():
        line = " ".join(raw.split())
        if _QUOTE_START.match(line):
            break
        if not line or (not lines and _GREETING.match(line)):
            continue
        lines.append(line)
        if len(lines) == count:
            break
    joined = " / ".join(lines)
    return joined if len(joined) <= width else joined[:width - 1] + "…"

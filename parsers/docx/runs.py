"""How a run or a paragraph is formatted, where it matters for reading the form.

- ``invisible``: hidden text and the placeholder text of empty content controls are not
  on the page;
- ``emphasised``: bold, underlined, highlighted or shaded text. Some senders mark their
  chosen goals only this way, so the goal reader needs to know (the blank forms put no
  emphasis on goal lines, only on labels and area headings);
- ``shaded``: a paragraph or table cell with a fill colour, the other way to highlight.
"""

from __future__ import annotations

from lxml import etree

from parsers.docx.marks import W

_OFF = ("0", "false", "off")
_NO_FILL = ("", "auto", "ffffff", "none")
_STRONG_STYLES = frozenset({"strong", "stark", "intensebetoning", "intenseemphasis"})


def invisible(run: etree._Element) -> bool:
    properties = run.find(f"{W}rPr")
    if properties is None:
        return False
    style = properties.find(f"{W}rStyle")
    if style is not None and style.get(f"{W}val") == "PlaceholderText":
        return True
    return _on(properties.find(f"{W}vanish"))


def emphasised(run: etree._Element) -> bool:
    properties = run.find(f"{W}rPr")
    if properties is None:
        return False
    style = properties.find(f"{W}rStyle")
    if style is not None and (style.get(f"{W}val") or "").lower() in _STRONG_STYLES:
        return True
    if _on(properties.find(f"{W}b")) or _filled(properties.find(f"{W}shd")):
        return True
    return any(_value(properties.find(f"{W}{name}")) not in ("", "none") for name in ("highlight", "u"))


def shaded(properties: etree._Element | None) -> bool:
    """A w:pPr or w:tcPr with a fill colour."""
    return properties is not None and _filled(properties.find(f"{W}shd"))


def _on(element: etree._Element | None) -> bool:
    """An OOXML toggle: present and not switched off (an absent value means on)."""
    return element is not None and (element.get(f"{W}val") or "1").lower() not in _OFF


def _filled(shading: etree._Element | None) -> bool:
    if shading is None:
        return False
    return (shading.get(f"{W}fill") or "").lower() not in _NO_FILL


def _value(element: etree._Element | None) -> str:
    return "" if element is None else (element.get(f"{W}val") or "").lower()

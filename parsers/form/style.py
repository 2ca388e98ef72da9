"""How the sender filled in the form, judged from what the parser had to read."""

from __future__ import annotations

from collections import Counter

from parsers.docx.blocks import DocText
from parsers.docx.marks import Mark, MarkKind
from parsers.model import FormStyle, GoalSource

_BY_KIND = {
    MarkKind.CONTENT_CONTROL: FormStyle.CONTENT_CONTROLS,
    MarkKind.LEGACY_FIELD: FormStyle.LEGACY_FIELDS,
    MarkKind.TYPED: FormStyle.TYPED_MARKS,
}
_PREFERENCE = (MarkKind.CONTENT_CONTROL, MarkKind.LEGACY_FIELD, MarkKind.TYPED)


def detect_style(doc: DocText, goal_source: GoalSource) -> FormStyle:
    """Retyped and deleted-rows are told by structure; otherwise the kind of marks ticked
    (of any marks when none is ticked, of text inputs when there are no marks)."""
    if goal_source is GoalSource.LISTED or not doc.has_tables:
        return FormStyle.RETYPED
    if goal_source is GoalSource.REMAINING_ROWS:
        return FormStyle.DELETED_ROWS
    marks = [token for block in doc.blocks for token in block.tokens() if isinstance(token, Mark)]
    kinds = Counter(mark.kind for mark in marks if mark.ticked) or Counter(mark.kind for mark in marks)
    if not kinds:
        kinds = Counter(kind for kind in _PREFERENCE if kind in doc.inputs) or Counter([MarkKind.TYPED])
    best = max(kinds.values())
    return _BY_KIND[next(kind for kind in _PREFERENCE if kinds[kind] == best)]

"""The sender's own words in section 5 ("Så planerar vi att arbeta med målen")."""

from __future__ import annotations

from parsers.docx.blocks import Para
from parsers.form.fields import PLACEHOLDERS
from parsers.form.sections import FormDoc, Section, normalise

# The form's instruction under the heading, which is not the sender's plan.
_INSTRUCTIONS = ("beskriv kortfattat hur",)


def plan_text(form: FormDoc) -> str:
    """The plan section's paragraphs, in or out of tables, joined by newlines."""
    lines: list[str] = []
    for placed in form.placed:
        if placed.section is not Section.PLAN or placed.is_heading:
            continue
        block = placed.block
        paras = [block] if isinstance(block, Para) else [para for cell in block.cells for para in cell]
        lines.extend(para.text.strip() for para in paras if _is_plan(para.text))
    return "\n".join(lines)


def _is_plan(text: str) -> bool:
    wording = normalise(text)
    return bool(wording) and wording not in PLACEHOLDERS and not wording.startswith(_INSTRUCTIONS)

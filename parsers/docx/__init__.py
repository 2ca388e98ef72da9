"""Reading a Word document safely: pure, bytes in, values out.

    safety.py    check the zip (sizes, ratio, entries) before anything is opened
    extents.py   where the entries lie: no overlaps, no understated sizes
    parts.py     one part of the package, with a byte cap, no DOCTYPE, no entities
    formats.py   what a file is when it is not a readable .docx (PDF, .doc, encrypted ...)
    text.py      the body as neutral blocks: paragraphs and table rows, marks included
    blocks.py    those blocks
    marks.py     tick marks, however a sender made them
    runs.py      run and paragraph formatting where it matters (bold, highlight, struck)
"""

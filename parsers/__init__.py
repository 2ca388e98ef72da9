"""Pure functions from bytes to data: MIME walking, case numbers, the .docx form.

Nothing in this package does I/O or knows about the database; see DESIGN.md.
"""

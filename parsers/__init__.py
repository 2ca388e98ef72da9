"""Pure functions from bytes to data: MIME walking, case numbers, the .docx form.

    mime/ docx/ form/   reading mail, a Word document safely, the affiliation form
    classify.py         what kind of message arrived (tables of rules)
    automatic.py        the signs of automatic mail, every instance of every header
    senders.py          robot senders by local part; the intake's own addresses and Message-IDs
    route.py, casenumber.py, roster.py, authresults.py, calendar_reply.py, model.py, errors.py

Nothing in this package does I/O or knows about the database; see DESIGN.md.
"""

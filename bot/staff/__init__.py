"""What board staff see and do.

    queue.py      what waits for a person (and for the sender): the review queue's items
    review.py     one function per staff action: list, show, approve, reject, edit, resend, handled
    audit.py      the staff-action rows every action writes: who, when, what changed
    edits.py      the fields `review edit` may change and how a value is checked
    details.py    everything about one item, for `review show`; originals saved to a folder
    notices.py    what staff cause to be sent: the confirmation again, the rejection notice
    digest.py     the staff digest: when it is due, its figures, queued once per period
    coverage.py   who on the roster has joined, per type; how many chose each goal
    export.py     affiliation records as JSON (the contract), CSV and .xlsx for Excel
    registrar.py  the registrar's list of every inbound document under a case number
    sheets.py     .xlsx writing shared by the export, the registrar's list and the digest
    status.py     the figures behind `intake status` (and a later health endpoint)
"""

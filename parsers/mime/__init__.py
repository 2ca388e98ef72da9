"""Reading mail: pure, bytes in, values out.

    message.py     a message's attachments and body text, its content hash
    headers.py     headers within bounds: every instance, decoded, never raising; addresses, ids
    bounds.py      the limits on MIME structure, checked before a message is parsed
    walk.py        how the MIME tree is walked: forwarded messages, signatures, winmail.dat
    structure.py   IMAP BODYSTRUCTURE as sections, for routing before anything is fetched
    filetype.py    what format a file is, by its magic bytes
    html_text.py   HTML parts as text; the board's external-mail banner
    reports.py     delivery status notifications and the message a bounce is about
"""

"""`intake demo`, and the embedded servers it shares with the tests.

    run.py    the demo: sample mail into an embedded mailbox, one pass, what was sent
    imap.py   an embedded IMAP server (pymap) and the IMAP client helpers
    smtp.py   an embedded recording SMTP server (aiosmtpd) that can also inject faults
"""

"""Talking to mail servers.

    imap.py      Mailbox: one IMAP connection on one folder; reading never sets \\Seen
    actions.py   what happens to a processed message: none | flag | move
    idle.py      the IDLE watcher that starts a pass when new mail is announced
    smtp.py      connect, deliver, disconnect; 4xx/5xx sorted into temporary/permanent
"""

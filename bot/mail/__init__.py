"""Talking to mail servers.

    imap.py      Mailbox: one IMAP connection on one folder; reading never sets \\Seen;
                 a failed FETCH renews the connection
    summaries.py what routing needs of each new message, a batch at a time or one by one
    actions.py   what happens to a processed message: none | flag | move
    idle.py      the IDLE watcher that starts a pass when new mail is announced
    smtp.py      connect, deliver, disconnect; 4xx/5xx sorted into temporary/permanent
"""

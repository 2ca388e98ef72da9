"""What leaves, once.

    enqueue.py   the one way in: dedupe key, RFC 3834 window, Message-ID, the composed message
    send.py      due rows sent over SMTP, backoff on 4xx, failed on 5xx; bounces marked
"""

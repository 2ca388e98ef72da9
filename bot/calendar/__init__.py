"""Information sessions as calendar events.

    invitations.py  who is invited to which session, decided once per registered form version
    changes.py      the campaign files against the stored sessions: updates, cancellations,
                    sessions added; the `sessions` job
    outgoing.py     invitation, update, cancellation and reminder messages into the outbox
    rsvp.py         a calendar reply (accept, decline, tentative) recorded against its invitation
    reminders.py    the reminders due at `now`; the `remind` job
    figures.py      invited and answers per session (intake sessions, the digest)
"""

"""Information sessions as calendar events.

    rsvp.py   a calendar reply (accept, decline, tentative) recorded against its invitation
"""

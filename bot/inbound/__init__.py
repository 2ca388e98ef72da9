"""What comes in: one pass over the mailbox, and what happens to each message of ours.

    poll.py         the pass: summaries, routing, each message, the checkpoint
    routing.py      which messages of a batch are ours (or cannot be told)
    handle.py       one message of ours, by what is known of it (place, identity)
    pipeline.py     STEPS, in one transaction per message (steps/ holds one step per file)
    quarantine.py   what is stored when anything fails, in two tries
    record.py       the inbound_message row: identity and values clamped
    acknowledge.py  the mailbox action, its state, and the move fallback's notice
    answer.py       answers through the outbox; sandbox.py the bounded form parse;
    context.py      the state a message carries; stored.py forms and problems as JSON
"""

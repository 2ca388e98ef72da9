"""The database.

    engine.py      engine and sessions for a URL; schema upgrades (Alembic, run in-process)
    tables.py      the SQLAlchemy tables and the state enums stored in them
    job_runs.py    when each worker job last succeeded and failed (intake status)
    purge.py       retention: the bot's own copies of settled mail emptied; never the mailbox
    migrations/    Alembic revisions, one per schema change
"""

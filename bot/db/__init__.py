"""The database.

    engine.py      engine and sessions for a URL; schema upgrades (Alembic, run in-process)
    tables.py      the SQLAlchemy tables and the state enums stored in them
    migrations/    Alembic revisions, one per schema change
"""

"""The schema: migrations build exactly what the models describe, on every backend."""

from __future__ import annotations

import warnings

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from bot.db.engine import current_revision, head_revision, make_engine, upgrade
from bot.db.tables import Base


def test_migrations_match_the_models(database_url: str) -> None:
    engine = make_engine(database_url)
    assert current_revision(engine) is None
    assert upgrade(engine) == head_revision()
    with engine.connect() as connection, warnings.catch_warnings():
        warnings.simplefilter("error")
        assert compare_metadata(MigrationContext.configure(connection), Base.metadata) == []
    assert upgrade(engine) == head_revision()  # a second upgrade changes nothing
    engine.dispose()


def test_the_start_up_check_reads_revisions_as_alembic_does(database_url: str) -> None:
    """The schema check reads the head from the migration files and the stored revision with
    one query, without Alembic; both must be what Alembic itself says."""
    from alembic.script import ScriptDirectory

    from bot.db.engine import _alembic_config

    assert head_revision() == ScriptDirectory.from_config(_alembic_config(None)).get_current_head()
    engine = make_engine(database_url)
    upgrade(engine)
    with engine.connect() as connection:
        assert current_revision(engine) == MigrationContext.configure(connection).get_current_revision()
    engine.dispose()

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

"""Alembic environment: the engine is handed in by bot.db.engine (no alembic.ini)."""

from alembic import context

from bot.db.tables import Base

engine = context.config.attributes["engine"]
with engine.begin() as connection:
    context.configure(connection=connection, target_metadata=Base.metadata,
                      render_as_batch=engine.dialect.name == "sqlite", compare_type=True)
    with context.begin_transaction():
        context.run_migrations()

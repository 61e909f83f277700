"""Alembic environment: migrates the database named by the config's sqlalchemy.url, or on the connection
storage.db.upgrade hands over (config.attributes["connection"])."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection

from storage.db import check_references, foreign_keys, make_engine
from storage.schema import Base


def _migrate_alone(url: str) -> None:
    engine = make_engine(url)
    with engine.connect() as connection:
        sqlite = connection.dialect.name == "sqlite"
        if sqlite:
            foreign_keys(connection, on=False)
        context.configure(
            connection=connection,
            target_metadata=Base.metadata,
            render_as_batch=sqlite,
            compare_type=True,
        )
        with context.begin_transaction():
            context.run_migrations()
            if sqlite:
                check_references(connection)
        if sqlite:
            foreign_keys(connection, on=True)
    engine.dispose()


given: Connection | None = context.config.attributes.get("connection")
if given is not None:  # storage.db.upgrade's: inside its transaction, under its lock; it commits
    batch = given.dialect.name == "sqlite"
    context.configure(connection=given, target_metadata=Base.metadata, render_as_batch=batch, compare_type=True)
    with context.begin_transaction():
        context.run_migrations()
else:
    url = context.config.get_main_option("sqlalchemy.url")
    assert url, "sqlalchemy.url is not set"
    _migrate_alone(url)

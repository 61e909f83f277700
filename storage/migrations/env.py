"""Alembic environment: migrates the database named by the config's sqlalchemy.url."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection

from storage.db import make_engine
from storage.schema import Base


def _foreign_keys(connection: Connection, on: bool) -> None:
    """SQLite only: batch mode rebuilds a table by copying it, dropping the old one and renaming the copy. With
    foreign keys enforced the drop would first delete its rows, cascading to every row that refers to them.
    The pragma is ignored inside a transaction, so it is set on the driver's connection, outside one."""
    driver = connection.connection.driver_connection
    assert driver is not None
    driver.execute(f"PRAGMA foreign_keys={'ON' if on else 'OFF'}")


url = context.config.get_main_option("sqlalchemy.url")
assert url, "sqlalchemy.url is not set"
engine = make_engine(url)
with engine.connect() as connection:
    sqlite = connection.dialect.name == "sqlite"
    if sqlite:
        _foreign_keys(connection, on=False)
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=sqlite,
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()
        if sqlite:  # what the enforcement did not check meanwhile: a dangling reference fails the migration
            dangling = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
            if dangling:
                raise RuntimeError(f"the migration left rows referring to nothing: {dangling}")
    if sqlite:
        _foreign_keys(connection, on=True)
engine.dispose()

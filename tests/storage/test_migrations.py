"""Migrations from an empty database reach exactly the schema the models describe, on each database."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect

from bot.app import Storage
from storage.db import MIGRATIONS, alembic_config, upgrade
from storage.schema import Base


def test_migrated_schema_matches_the_models(store: Storage, db_url: str) -> None:
    upgrade(db_url)  # again: a no-op on an up-to-date database
    with store.engine.connect() as connection:
        diff = compare_metadata(MigrationContext.configure(connection, opts={"compare_type": True}), Base.metadata)
    assert diff == []


def test_every_table_is_created(store: Storage) -> None:
    assert set(Base.metadata.tables) <= set(inspect(store.engine).get_table_names())


def test_migrations_have_one_base_and_a_revision_file_each() -> None:
    script = ScriptDirectory.from_config(alembic_config("sqlite://"))
    assert list(script.get_bases()) == ["0001"]
    assert len(script.get_heads()) == 1  # a new migration has one parent to build on
    assert len(list(script.walk_revisions())) == len(list((MIGRATIONS / "versions").glob("*.py")))


def test_downgrade_to_nothing_and_up_again(store: Storage, db_url: str) -> None:
    from alembic import command

    command.downgrade(alembic_config(db_url), "base")
    assert not set(Base.metadata.tables) & set(inspect(store.engine).get_table_names())
    upgrade(db_url)
    assert set(Base.metadata.tables) <= set(inspect(store.engine).get_table_names())

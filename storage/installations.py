"""Slack OAuth installs, on the bot's own database: slack_sdk's SQLAlchemy installation and state stores, the
Enterprise Grid workspaces seen under an organisation's install, and purging a workspace that left."""

from __future__ import annotations

from datetime import datetime

from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore
from slack_sdk.oauth.state_store.sqlalchemy import SQLAlchemyOAuthStateStore
from sqlalchemy import Engine, create_engine, delete, func, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from storage.schema import (
    SLACK_BOTS,
    SLACK_INSTALLATIONS,
    SLACK_OAUTH_STATES,
    Base,
    SlackWorkspaceRow,
)

STATE_SECONDS = 600  # an install started and not finished within ten minutes must start again


def installation_store(engine: Engine, client_id: str) -> SQLAlchemyInstallationStore:
    return SQLAlchemyInstallationStore(
        client_id, _own(engine), bots_table_name=SLACK_BOTS.name, installations_table_name=SLACK_INSTALLATIONS.name
    )


def state_store(engine: Engine) -> SQLAlchemyOAuthStateStore:
    return SQLAlchemyOAuthStateStore(STATE_SECONDS, _own(engine), table_name=SLACK_OAUTH_STATES.name)


def _own(engine: Engine) -> Engine:
    """The engine slack_sdk's stores use. They open connections of their own, also while a command's transaction
    holds SQLite's write lock (taken at BEGIN, storage/db.py): on SQLite they get an engine whose transactions take
    the lock only when they write, so a token is read while a command runs."""
    if engine.dialect.name != "sqlite":
        return engine
    return create_engine(engine.url, connect_args={"timeout": 5, "check_same_thread": False})


class GridWorkspaces:
    """Which Enterprise Grid organisation each workspace the bot has heard from belongs to: an organisation-wide
    install has a bot token for the organisation, not for each of its workspaces."""

    def __init__(self, engine: Engine) -> None:
        self._engine = _own(engine)  # read while a command's transaction runs, as the installation store is

    def seen(self, team_id: str, enterprise_id: str, at: datetime) -> None:
        insert = pg_insert if self._engine.dialect.name == "postgresql" else sqlite_insert
        row = {"team_id": team_id, "enterprise_id": enterprise_id, "seen_at": at}
        with self._engine.begin() as db:
            db.execute(insert(SlackWorkspaceRow).values(row).on_conflict_do_nothing(index_elements=["team_id"]))

    def enterprise_of(self, team_id: str) -> str | None:
        with self._engine.connect() as db:
            return db.scalar(select(SlackWorkspaceRow.enterprise_id).where(SlackWorkspaceRow.team_id == team_id))


def team_record(engine: Engine, team_id: str) -> dict[str, int]:
    """What the bot keeps of a workspace, table by table (rows with its team id): what `steerbot purge` deletes. Rows
    that hang from these (an item's owners, a meeting's notes) go with them and are not counted apart."""
    with engine.connect() as db:
        return {
            table.name.replace("_", " "): db.scalar(
                select(func.count()).select_from(table).where(table.c.team_id == team_id)
            )
            or 0
            for table in Base.metadata.sorted_tables
            if "team_id" in table.c
        }


def purge_team(engine: Engine, team_id: str) -> None:
    """Deletes everything the bot keeps of a workspace, in one transaction: every row with its team id (a row that
    hangs from one, such as an item's owners, goes with it: the foreign keys cascade)."""
    with engine.begin() as db:
        for table in reversed(Base.metadata.sorted_tables):
            if "team_id" in table.c:
                db.execute(delete(table).where(table.c.team_id == team_id))

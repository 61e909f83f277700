"""Slack OAuth installs on the bot's database: the stores' tables are the ones slack_sdk defines, and a workspace
purged leaves nothing of itself behind and everything of the others."""

from __future__ import annotations

from slack_sdk.oauth.installation_store import Installation
from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore
from slack_sdk.oauth.state_store.sqlalchemy import SQLAlchemyOAuthStateStore
from sqlalchemy import MetaData, func, select

from bot.app import Storage
from bot.core.kernel.boundary import Caller, Post, Said
from bot.core.kernel.documents import say
from storage.installations import installation_store, purge_team, team_record
from storage.schema import SLACK_BOTS, SLACK_INSTALLATIONS, SLACK_OAUTH_STATES, Base
from tests.fakes import MEMBERS, FakeDirectory


def test_the_tables_are_the_ones_slack_sdk_defines() -> None:
    theirs = MetaData()
    expected = [
        SQLAlchemyInstallationStore.build_installations_table(theirs, SLACK_INSTALLATIONS.name),
        SQLAlchemyInstallationStore.build_bots_table(theirs, SLACK_BOTS.name),
        SQLAlchemyOAuthStateStore.build_oauth_states_table(theirs, SLACK_OAUTH_STATES.name),
    ]
    for mine, slack_sdk_s in zip((SLACK_INSTALLATIONS, SLACK_BOTS, SLACK_OAUTH_STATES), expected, strict=True):
        shape = [(c.name, repr(c.type), c.nullable, c.primary_key) for c in slack_sdk_s.columns]
        assert [(c.name, repr(c.type), c.nullable, c.primary_key) for c in mine.columns] == shape
        assert {tuple(i.columns.keys()) for i in mine.indexes} == {tuple(i.columns.keys()) for i in slack_sdk_s.indexes}


def test_a_purged_workspace_leaves_nothing_of_itself_and_all_of_the_others(store: Storage) -> None:
    from bot.app import services

    built = services(store, FakeDirectory(MEMBERS), "UTC")
    for team in ("T1", "T2"):
        caller = Caller(team, "C1", "U1", "steering")
        built.actions.handle(caller, Said("Kevin Zhao check the logs by 2099-03-06"))
        built.decisions.handle(caller, Said("We will not work on BMC software"))
        built.events.handle(caller, Said("FOSDEM, Feb 3 2099"))
        built.meetings.handle(caller, Said("every Tuesday at 15:00"))
        with store.uow() as uow:
            uow.outbox.add(Post(team, say("a reminder"), user="U2", key=f"reminder:{team}"))
            uow.commit()
        installation_store(store.engine, "111.222").save(
            Installation(
                app_id="A1", team_id=team, user_id="U1", bot_token=f"xoxb-{team}", bot_id="B1", bot_user_id="UB"
            )
        )
    before = {table.name: _rows(store, table.name) for table in Base.metadata.sorted_tables}
    kept = {kind: count for kind, count in team_record(store.engine, "T2").items() if count}
    assert kept == {
        "committees": 1, "items": 1, "decisions": 1, "events": 1, "meeting rules": 1, "reminder plans": 1,
        "outbox": before["outbox"] // 2, "slack installations": 1, "slack bots": 1,
    }  # fmt: skip

    purge_team(store.engine, "T2")

    assert team_record(store.engine, "T2") == dict.fromkeys(team_record(store.engine, "T2"), 0)
    assert team_record(store.engine, "T1")["items"] == 1 and team_record(store.engine, "T1")["slack bots"] == 1
    after = {table.name: _rows(store, table.name) for table in Base.metadata.sorted_tables}
    # the workspace that stays keeps its whole record: half of every table that had rows
    assert {name for name, count in before.items() if count and after[name] * 2 != count} == set()


def _rows(store: Storage, table: str) -> int:
    with store.engine.connect() as db:
        return db.scalar(select(func.count()).select_from(Base.metadata.tables[table])) or 0

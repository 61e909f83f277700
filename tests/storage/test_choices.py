"""Pending questions kept on the server (the Choices port): the database's, on SQLite and PostgreSQL, and the
in-memory fake, held to the same behaviour."""

from __future__ import annotations

import re
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from typing import Any

from sqlalchemy import func, select

from bot.app import Storage, services
from bot.core.kernel.boundary import Caller, Said
from bot.core.kernel.ports import UnitOfWork
from storage.schema import ChoiceRow, ItemRow
from tests.conftest import START
from tests.fakes import MEMBERS, FakeDirectory, FakeUnitOfWork

LONG_LINE = "Kevin " + "compare a < b & c, " * 250  # far beyond Slack's 2,000-character button value
QUESTION: dict[str, Any] = {"ask": "which Kevin?", "line": LONG_LINE, "options": ["U2", "U3"], "n": 2, "ok": None}


def behaves_like_choices(uow: Callable[[], UnitOfWork]) -> None:
    week = timedelta(days=7)
    with uow() as u:
        key = u.choices.keep("T1", "U1", QUESTION, START)
        other = u.choices.keep("T1", "U2", {"ask": "which date?"}, START)
        u.commit()
    assert re.fullmatch(r"[A-Za-z0-9_-]{16,32}", key) and key != other
    with uow() as u:
        assert u.choices.get("T1", "U1", key, since=START - week) == QUESTION
        assert u.choices.get("T1", "U1", key, since=START) == QUESTION  # asked at `since`: still current
        assert u.choices.get("T1", "U2", key, since=START - week) is None  # someone else's question
        assert u.choices.get("T2", "U1", key, since=START - week) is None  # another workspace's
        assert u.choices.get("T1", "U1", other, since=START - week) is None
        assert u.choices.get("T1", "U1", "no-such-key", since=START - week) is None
        assert u.choices.get("T1", "U1", key, since=START + timedelta(seconds=1)) is None  # asked too long ago
        u.choices.keep("T1", "U1", {"ask": "unsaved"}, START)  # left without commit: not kept

    later = START + week + timedelta(minutes=1)
    with uow() as u:
        recent = u.choices.keep("T1", "U1", {"ask": "record it anyway?"}, later)  # drops U1's week-old questions
        u.commit()
    with uow() as u:
        assert u.choices.get("T1", "U1", key, since=START - week) is None
        assert u.choices.get("T1", "U2", other, since=START - week) == {"ask": "which date?"}  # not U1's: kept
        assert u.choices.get("T1", "U1", recent, since=later) == {"ask": "record it anyway?"}


def behaves_like_dropping(uow: Callable[[], UnitOfWork]) -> None:
    with uow() as u:
        key = u.choices.keep("T1", "U1", QUESTION, START)
        u.commit()
    with uow() as u:
        assert not u.choices.drop("T1", "U2", key)  # someone else's key: left alone
        assert not u.choices.drop("T2", "U1", key)
        assert not u.choices.drop("T1", "U1", "no-such-key")
        u.commit()
    with uow() as u:
        assert u.choices.get("T1", "U1", key, since=START) == QUESTION
        assert u.choices.drop("T1", "U1", key)  # left without commit: still kept
    with uow() as u:
        assert u.choices.get("T1", "U1", key, since=START) == QUESTION
        assert u.choices.drop("T1", "U1", key)
        u.commit()
    with uow() as u:
        assert u.choices.get("T1", "U1", key, since=START) is None
        assert not u.choices.drop("T1", "U1", key)  # answered once: a second answer finds nothing to take


def test_the_database_drops_an_answered_question_for_its_person_only(store: Storage) -> None:
    behaves_like_dropping(store.uow)


def test_the_fake_drops_like_the_database() -> None:
    behaves_like_dropping(FakeUnitOfWork())


def test_the_database_keeps_each_question_for_the_person_asked(store: Storage) -> None:
    behaves_like_choices(store.uow)
    with store.sessions() as session:
        assert session.scalar(select(func.count()).select_from(ChoiceRow)) == 2  # the week-old one is gone


def test_the_fake_behaves_like_the_database() -> None:
    fake = FakeUnitOfWork()
    behaves_like_choices(fake)
    assert len(fake.store.choices) == 2


def test_a_question_comes_back_as_a_new_value(store: Storage) -> None:
    asked = {"options": ["U2"]}
    with store.uow() as u:
        key = u.choices.keep("T1", "U1", asked, START)
        u.commit()
    asked["options"].append("U3")
    with store.uow() as u:
        assert u.choices.get("T1", "U1", key, since=START) == {"options": ["U2"]}


def test_a_double_click_on_an_answer_records_once(store: Storage) -> None:
    actions = services(store, FakeDirectory(MEMBERS), "UTC").actions
    leo = Caller("T1", "C1", "U1", "steering")
    asked = actions.handle(leo, Said("Jon to file the bug by 2099-03-06, Andy to review it"))
    [split, _] = (b.value for b in asked.sections[0].buttons)

    with ThreadPoolExecutor(4) as pool:  # the same button, pressed four times at once
        answers = list(pool.map(lambda _: actions.choose(leo, split), range(4)))

    with store.sessions() as session:
        assert session.scalar(select(func.count()).select_from(ItemRow)) == 2  # "Record 2 items", once
    assert sum(a is None for a in answers) == 1  # recorded (the card says so); the others were told why not

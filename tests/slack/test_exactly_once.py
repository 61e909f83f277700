"""Exactly once, even across a crash after Slack accepted a post: each post carries its outbox id in Slack's message
metadata, and a message an earlier attempt may have posted is looked for before it is posted again.

The crash test runs a real sender in its own process (tests/slack/outbox_sender_process.py), kills it with SIGKILL
at every point of a send it passes, then lets a new sender come after the claim timeout, and counts the posts of
each outbox id and part in the fake Slack: each must be there exactly once."""

from __future__ import annotations

import json
import logging
import subprocess
import sys
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import delete, select

from bot.app import Storage
from bot.core.kernel.boundary import Post, Scope
from bot.core.kernel.documents import Doc, Section, line, message
from bot.slack.blocks import render
from bot.slack.sender import EVENT_TYPE, SlackSender
from bot.slack.workspaces import OneWorkspace
from storage.outbox import CLAIM_TIMEOUT, OutboxQueue
from storage.schema import Base, ItemRow, OutboxRow
from tests.fake_slack import FakeSlack, member
from tests.storage.test_items import new_item

ROOT = Path(__file__).parents[2]
LATE = CLAIM_TIMEOUT + timedelta(seconds=1)
LONG = Doc(
    summary="Minutes",
    sections=tuple(Section(heading=f"Topic {n}", lines=(line(f"note {n}"),)) for n in range(60)),
)  # 120 blocks: three messages


@pytest.fixture
def fake() -> Iterator[FakeSlack]:
    with FakeSlack(users=[member("U1", "leonardo"), member("U2", "kevin")]) as slack:
        yield slack


def queue(store: Storage) -> dict[int, int]:
    """A fresh outbox: an item's card, its owner's DM, a document of three messages, a post elsewhere.
    Returns each outbox id with how many messages it takes."""
    with store.engine.begin() as connection:
        for table in reversed(Base.metadata.sorted_tables):
            connection.execute(delete(table))
    with store.uow() as uow:
        committee = uow.committees.create(Scope("T1", "C1"), name="steering", timezone="UTC", admin="U1")
        item = uow.items.add(committee, new_item(committee.id, "send the minutes"))
        uow.outbox.add(Post("T1", message("Action item #1", line("send the minutes")), channel="C1", item_id=item.id))
        uow.outbox.add(Post("T1", message("You own #1", line("send the minutes")), user="U2"))
        uow.outbox.add(Post("T1", LONG, channel="C1"))
        uow.outbox.add(Post("T1", message("hello", line("hello")), channel="C2"))
        uow.commit()
    with store.sessions() as session:
        rows = list(session.scalars(select(OutboxRow).order_by(OutboxRow.id)))
    assert len(render(LONG)) == 3
    return {row.id: 3 if row.doc["summary"] == "Minutes" else 1 for row in rows}


class Senders:
    """Starts sender processes (forked from one process that has imported everything once)."""

    def __init__(self, tmp: Path) -> None:
        self._tmp = tmp
        self._process = subprocess.Popen(
            [sys.executable, "-m", "tests.slack.outbox_sender_process"],
            cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
        )  # fmt: skip

    def run(self, db_url: str, fake: FakeSlack, kill_at: str = "", late: timedelta = timedelta(0)) -> list[str]:
        """The points a sender passed (the last is where it was killed, when it was)."""
        assert self._process.stdin is not None and self._process.stdout is not None
        named = self._tmp / "points.txt"
        request = {
            "db": db_url,
            "api": fake.url,
            "kill_at": kill_at,
            "late": late.total_seconds(),
            "points": str(named),
        }
        self._process.stdin.write(json.dumps(request) + "\n")
        self._process.stdin.flush()
        status = json.loads(self._process.stdout.readline())["status"]
        assert status == (-9 if kill_at else 0), status
        return named.read_text().splitlines()

    def close(self) -> None:
        if self._process.stdin is not None:
            self._process.stdin.close()
        self._process.wait(timeout=10)


@pytest.fixture
def senders(tmp_path: Path) -> Iterator[Senders]:
    started = Senders(tmp_path)
    yield started
    started.close()


def posts(fake: FakeSlack) -> Counter[tuple[int, int]]:
    """How many times each (outbox id, part) is in Slack; a message without our metadata counts as (0, 0)."""
    counted: Counter[tuple[int, int]] = Counter()
    for posted in fake.messages():
        payload = (posted.get("metadata") or {}).get("event_payload") or {}
        counted[(int(payload.get("outbox_id", 0)), int(payload.get("part", 0)))] += 1
    return counted


def check_each_once(store: Storage, fake: FakeSlack, expected: dict[int, int]) -> int:
    """Asserts every part of every message is in Slack once and every row is sent; returns the duplicates seen."""
    counted = posts(fake)
    duplicates = sum(n - 1 for n in counted.values() if n > 1)
    wanted = {(outbox_id, part) for outbox_id, parts in expected.items() for part in range(1, parts + 1)}
    assert set(counted) == wanted, counted
    with store.sessions() as session:
        assert {row.state for row in session.scalars(select(OutboxRow))} == {"sent"}
        card_ts = session.scalar(select(ItemRow.message_ts))
    card = next(m for m in fake.messages("C1") if m["metadata"]["event_payload"]["outbox_id"] == min(expected))
    assert card_ts == card["ts"]  # the item remembers its card, found again or posted
    return duplicates


def recover(store: Storage, fake: FakeSlack, late: timedelta = LATE) -> None:
    """A new sender, after the dead one's claim has timed out."""
    sender = SlackSender(
        OneWorkspace("xoxb-test", fake.url), OutboxQueue(store.sessions), lambda: datetime.now(UTC) + late
    )
    sender.drain()
    assert sender.drain() == 0


def test_killed_at_every_point_of_a_send_nothing_is_posted_twice_or_lost(
    store: Storage, db_url: str, fake: FakeSlack, senders: Senders, capsys: pytest.CaptureFixture[str]
) -> None:
    expected = queue(store)
    points = senders.run(db_url, fake)  # a census: every point a whole drain passes
    assert check_each_once(store, fake, expected) == 0
    assert sum(p.startswith("after chat.postMessage") for p in points) == 6
    assert "after claim #1" in points and "after marking sent #4" in points

    tried, duplicates, recovered_by_look = 0, 0, 0
    for kill_at in points:
        fake.reset()
        expected = queue(store)
        assert senders.run(db_url, fake, kill_at)[-1] == kill_at
        recover(store, fake)
        duplicates += check_each_once(store, fake, expected)
        recovered_by_look += bool(fake.calls_to("conversations.history"))
        tried += 1

    # the recovering sender killed too: after the second part of the long document went out (between its
    # messages), at each point the next sender passes, then a third sender
    first_kill = [p for p in points if p.startswith("after chat.postMessage")][3]
    fake.reset()
    queue(store)
    senders.run(db_url, fake, first_kill)
    second_points = senders.run(db_url, fake, late=LATE)
    assert any(p.startswith("after conversations.history") for p in second_points)
    for kill_at in second_points:
        fake.reset()
        expected = queue(store)
        senders.run(db_url, fake, first_kill)
        assert senders.run(db_url, fake, kill_at, late=LATE)[-1] == kill_at
        recover(store, fake, late=2 * LATE)
        duplicates += check_each_once(store, fake, expected)
        tried += 1

    with capsys.disabled():
        print(f"\n  exactly once: {tried} kill points tried, {duplicates} duplicates, {recovered_by_look} looked up")
    assert duplicates == 0


def test_a_post_whose_answer_was_lost_is_not_posted_again(store: Storage, fake: FakeSlack) -> None:
    expected = queue(store)
    fake.fail("chat.postMessage", answer_lost=True)  # the card: posted, then the connection drops
    fake.fail("chat.postMessage", status=500, answer_lost=True)  # the DM: posted, then a 500
    sender = SlackSender(OneWorkspace("xoxb-test", fake.url), OutboxQueue(store.sessions), store.clock.now)
    assert sender.drain() == 4
    assert check_each_once(store, fake, expected) == 0
    assert len(fake.calls_to("chat.postMessage")) == 6  # the two whose answers were lost were found, not re-posted
    assert len(fake.calls_to("conversations.history")) == 2


def test_an_attempt_cut_short_is_finished_by_the_next_one_without_repeating_parts(
    store: Storage, fake: FakeSlack
) -> None:
    expected = queue(store)
    fake.fail("chat.postMessage", drop=True, times=3)  # the card: not posted, dropped three times
    sender = SlackSender(OneWorkspace("xoxb-test", fake.url), OutboxQueue(store.sessions), store.clock.now)
    assert sender.drain() == 3
    with store.sessions() as session:
        row = session.scalar(select(OutboxRow).where(OutboxRow.state == "pending"))
        assert row is not None and row.uncertain_since is not None  # the next attempt looks first
    later = SlackSender(
        OneWorkspace("xoxb-test", fake.url), OutboxQueue(store.sessions), lambda: store.clock.now() + timedelta(hours=1)
    )
    assert later.drain() == 1
    assert check_each_once(store, fake, expected) == 0


def test_a_conversation_the_bot_cannot_read_is_posted_to_again_and_logged(
    store: Storage, db_url: str, fake: FakeSlack, senders: Senders, caplog: pytest.LogCaptureFixture
) -> None:
    expected = queue(store)
    senders.run(db_url, fake, "after chat.postMessage #1")  # the card was posted; the sender died
    fake.fail("conversations.history", error="not_in_channel")
    with caplog.at_level(logging.WARNING, "bot.slack.sender"):
        recover(store, fake)
    assert posts(fake)[(min(expected), 1)] == 2  # could not be checked: at least once rather than lost
    assert "cannot look in C1 for an earlier post (not_in_channel)" in caplog.text


def test_a_message_of_another_app_with_the_same_outbox_id_is_not_taken_for_ours(
    store: Storage, db_url: str, fake: FakeSlack, senders: Senders
) -> None:
    expected = queue(store)
    card_id = min(expected)
    senders.run(db_url, fake, "after claim #1")  # claimed, nothing posted
    tagged: dict[str, Any] = {"event_type": EVENT_TYPE, "event_payload": {"outbox_id": card_id, "part": 1, "parts": 1}}
    OneWorkspace("xoxb-other", fake.url).one.poster.chat_postMessage(
        channel="C1", text="staging's card", metadata=tagged
    )
    with fake._lock:
        fake._messages["C1"][-1]["bot_id"] = "BOTHER"  # posted by another app (a second install, say)
    recover(store, fake)
    with store.sessions() as session:
        assert session.scalar(select(ItemRow.message_ts)) != fake.messages("C1")[0]["ts"]
    assert posts(fake)[(card_id, 1)] == 2  # ours, and the other app's


def test_every_post_carries_its_outbox_id(store: Storage, fake: FakeSlack) -> None:
    expected = queue(store)
    SlackSender(OneWorkspace("xoxb-test", fake.url), OutboxQueue(store.sessions), store.clock.now).drain()
    for call in fake.calls_to("chat.postMessage"):
        metadata = call.decoded("metadata")
        assert metadata["event_type"] == "steerbot_outbox" and metadata["event_payload"]["outbox_id"] in expected
    assert [m["metadata"]["event_payload"]["part"] for m in fake.messages("C1")][-3:] == [1, 2, 3]
    assert fake.calls_to("conversations.history") == []  # nothing uncertain: nothing looked for


def test_the_manifest_asks_for_the_history_scopes_the_look_needs_and_no_more() -> None:
    import yaml

    scopes = set(yaml.safe_load((ROOT / "manifest.yml").read_text())["oauth_config"]["scopes"]["bot"])
    assert {"channels:history", "groups:history", "im:history"} <= scopes  # channel posts, private ones, DMs
    assert "mpim:history" not in scopes  # the bot never posts to group DMs

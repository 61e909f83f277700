"""The outbox: each message claimed by one sender, sent once, retried after a failure or a dead sender."""

from __future__ import annotations

from datetime import timedelta

from bot.app import Storage
from bot.core.kernel.boundary import Post, Scope
from bot.core.kernel.documents import line, message
from bot.core.kernel.model import MessageRef
from storage.outbox import CLAIM_TIMEOUT, OutboxQueue
from tests.conftest import START

HELLO = message("hello", line("hello <!channel>"))


def queue_posts(store: Storage, *posts: Post) -> list[bool]:
    with store.uow() as uow:
        added = [uow.outbox.add(p) for p in posts]
        uow.commit()
    return added


def test_claimed_once_then_sent(store: Storage) -> None:
    queue_posts(store, Post("T1", HELLO, channel="C1"), Post("T1", HELLO, user="U2"))
    outbox = OutboxQueue(store.sessions)
    first = outbox.claim(START)
    assert [(p.channel, p.user, p.doc) for p in first] == [("C1", None, HELLO), (None, "U2", HELLO)]
    assert outbox.claim(START) == []  # already claimed
    for pending in first:
        outbox.sent(pending, START)
    assert outbox.claim(START + CLAIM_TIMEOUT * 2) == []  # sent stays sent


def test_a_dead_senders_claim_is_taken_over_after_the_timeout(store: Storage) -> None:
    queue_posts(store, Post("T1", HELLO, channel="C1"))
    outbox = OutboxQueue(store.sessions)
    assert len(outbox.claim(START)) == 1
    assert outbox.claim(START + CLAIM_TIMEOUT - timedelta(seconds=1)) == []
    retaken = outbox.claim(START + CLAIM_TIMEOUT + timedelta(seconds=1))
    assert len(retaken) == 1 and retaken[0].attempts == 2


def test_failures_come_back_after_the_backoff_or_are_given_up(store: Storage) -> None:
    queue_posts(store, Post("T1", HELLO, channel="C1"), Post("T1", HELLO, channel="CGONE"))
    outbox = OutboxQueue(store.sessions)
    retry, gone = outbox.claim(START)
    outbox.failed(retry, START, "ratelimited", retry_in=timedelta(minutes=1))
    outbox.failed(gone, START, "channel_not_found", retry_in=None)
    assert outbox.claim(START + timedelta(seconds=59)) == []
    assert [p.channel for p in outbox.claim(START + timedelta(minutes=1))] == ["C1"]


def test_keyed_posts_are_queued_once(store: Storage) -> None:
    assert queue_posts(store, Post("T1", HELLO, channel="C1", key="digest:C1:2024-W09")) == [True]
    assert queue_posts(store, Post("T1", HELLO, channel="C1", key="digest:C1:2024-W09")) == [False]
    assert queue_posts(store, Post("T2", HELLO, channel="C1", key="digest:C1:2024-W09")) == [True]
    assert len(OutboxQueue(store.sessions).claim(START)) == 2


def test_a_sent_card_is_remembered_on_its_item(store: Storage) -> None:
    from tests.storage.test_items import new_item

    with store.uow() as uow:
        committee = uow.committees.create(Scope("T1", "C1"), name="a", timezone="UTC", admin="U1")
        item = uow.items.add(committee, new_item(committee.id, "x"))
        uow.outbox.add(Post("T1", HELLO, channel="C1", item_id=item.id))
        uow.commit()
    outbox = OutboxQueue(store.sessions)
    [pending] = outbox.claim(START)
    outbox.sent(pending, START, MessageRef("C1", "1700000000.000100"))
    with store.uow() as uow:
        got = uow.items.get(committee, 1)
        assert got is not None and got.message == MessageRef("C1", "1700000000.000100")

"""The weekly digest: what it says (golden file), a quiet week, long weeks summarised, and the weekly job."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

import pytest

from bot.core.events.digest import SECTION_LIMIT, DigestJob, DigestService
from bot.core.events.service import EventService
from bot.core.kernel.boundary import Caller, Said
from bot.core.kernel.clock import Clock
from bot.core.kernel.context import Context
from bot.core.kernel.documents import Doc, plain
from bot.core.kernel.jobs import Jobs
from bot.core.kernel.model import CalendarSettings, Committee, Item, Owner, Status
from bot.core.kernel.ports import UnitOfWork
from bot.core.kernel.record import Decision, Rule
from tests.fakes import MEMBERS, FakeDirectory, FakeUnitOfWork

GOLDEN = Path(__file__).parent / "golden"
NOW = datetime(2024, 2, 26, 9, 0, tzinfo=UTC)  # Monday 26 Feb 2024, 09:00 in London
LEO = Caller("T1", "C1", "U1", "steering")
LEO_OWNER = Owner("Leo", "U1")


@pytest.fixture
def uow() -> FakeUnitOfWork:
    return FakeUnitOfWork()


@pytest.fixture
def clock() -> Clock:
    return Clock(NOW)


@pytest.fixture
def context(clock: Clock) -> Context:
    return Context(FakeDirectory(MEMBERS), clock, "UTC")


@pytest.fixture
def committee(uow: FakeUnitOfWork, context: Context) -> Committee:
    with uow:
        found = context.committee(uow, LEO)
        found.timezone = "Europe/London"
        uow.committees.save_settings(found)
        uow.commit()
    return found


def add_item(uow: FakeUnitOfWork, committee: Committee, task: str, due: date | None, **fields: object) -> Item:
    with uow:
        item = uow.items.add(
            committee,
            Item(committee.id, 0, task, [LEO_OWNER], "U1", NOW - timedelta(days=30), due=due, **fields),  # type: ignore[arg-type]
        )
        uow.commit()
    return item


def test_the_digest_reads_well(uow: FakeUnitOfWork, context: Context, committee: Committee) -> None:
    add_item(uow, committee, "send the <!here> minutes", date(2024, 2, 20))
    add_item(uow, committee, "book the room", date(2024, 2, 28))
    add_item(uow, committee, "review the roadmap", date(2024, 3, 4))  # 7 days away: next week's
    add_item(
        uow, committee, "renew the domain", date(2024, 2, 23), status=Status.DONE, closed_at=NOW - timedelta(days=2)
    )
    add_item(uow, committee, "old news", date(2024, 1, 2), status=Status.DONE, closed_at=NOW - timedelta(days=8))
    EventService(uow, context).handle(LEO, Said("KubeCon, Mar 19-22 2024, Paris (booth 12)"))
    EventService(uow, context).handle(LEO, Said("Far away, Jun 1 2024"))
    with uow:
        uow.decisions.add(
            committee, Decision("We will not work on <!channel> BMC software", "U1", NOW - timedelta(days=3))
        )
        uow.decisions.add(committee, Decision("Last month's", "U1", NOW - timedelta(days=30)))
        # every second Tuesday at 15:00 London time, from 5 March 2024
        uow.meetings.add_rule(
            committee, Rule(datetime(2024, 3, 5, 15, tzinfo=UTC), "Europe/London", "FREQ=WEEKLY;INTERVAL=2")
        )
        uow.commit()
    doc = DigestService(uow, context).handle(LEO, Said(""))
    assert doc.summary == "Weekly digest of #steering: 1 overdue, 1 due soon, 1 done"
    assert plain(doc) == (GOLDEN / "digest.txt").read_text().rstrip("\n")


def test_a_quiet_week_is_one_line(uow: FakeUnitOfWork, context: Context, committee: Committee) -> None:
    doc = DigestService(uow, context).handle(LEO, Said(""))
    assert plain(doc) == ("A quiet week in #steering: nothing overdue, due, done or decided, and nothing coming up.")


def test_a_long_week_is_summarised_with_counts(uow: FakeUnitOfWork, context: Context, committee: Committee) -> None:
    for n in range(1000):
        add_item(uow, committee, f"task {n}", date(2024, 2, 1) + timedelta(days=n % 20))
    doc = DigestService(uow, context).handle(LEO, Said(""))
    overdue = doc.sections[1]
    assert overdue.heading == "Overdue (1,000)"
    assert len(overdue.lines) == SECTION_LIMIT + 1
    assert plain(doc).count("more: `/action list overdue`") == 1


def _settings(uow: FakeUnitOfWork, committee: Committee, settings: CalendarSettings) -> None:
    with uow:
        uow.events.save_settings(committee, settings)
        uow.commit()


def test_the_job_posts_once_a_week_at_the_committees_time(
    uow: FakeUnitOfWork, context: Context, committee: Committee
) -> None:
    job = Jobs(uow, [DigestJob(DigestService(uow, context), context)])
    # London is on GMT in February (09:00 = 09:00 UTC) and on BST from 31 March (09:00 = 08:00 UTC)
    assert job.run(NOW - timedelta(minutes=1)) == []
    assert job.run(NOW) == [
        "queued the weekly digest of #steering (digest:C1:2024-W09): "
        "A quiet week in #steering: nothing overdue, due, done or decided, and nothing coming up."
    ]
    assert job.run(NOW + timedelta(hours=1)) == []  # the same week's key: not again
    assert [p.key for p in uow.store.outbox] == ["digest:C1:2024-W09"]
    after_dst = datetime(2024, 4, 1, 8, 0, tzinfo=UTC)
    assert len(job.run(after_dst - timedelta(minutes=1))) == 0
    assert len(job.run(after_dst)) == 1


def test_the_job_follows_the_settings_and_skips_stale_weeks(
    uow: FakeUnitOfWork, context: Context, committee: Committee
) -> None:
    job = Jobs(uow, [DigestJob(DigestService(uow, context), context)])
    _settings(uow, committee, CalendarSettings(digest_day=4, digest_time=time(15, 30)))
    friday = datetime(2024, 3, 1, 15, 30, tzinfo=UTC)
    assert job.run(NOW) == []
    assert job.run(friday + timedelta(hours=24)) == []  # the bot was down a whole day: too late to be news
    assert len(job.run(datetime(2024, 3, 8, 15, 45, tzinfo=UTC))) == 1
    _settings(uow, committee, CalendarSettings(digest_day=None))
    assert job.run(datetime(2024, 3, 15, 15, 45, tzinfo=UTC)) == []


def test_dry_run_posts_nothing(uow: FakeUnitOfWork, context: Context, committee: Committee) -> None:
    assert len(Jobs(uow, [DigestJob(DigestService(uow, context), context)]).run(NOW, dry_run=True)) == 1
    assert uow.store.outbox == []


class _BrokenFor(DigestService):
    """A digest that cannot be built for one committee (bad data, say)."""

    def __init__(self, uow: FakeUnitOfWork, context: Context, broken: int) -> None:
        super().__init__(uow, context)
        self._broken = broken

    def build(self, uow: UnitOfWork, committee: Committee, now: datetime) -> Doc:
        if committee.id == self._broken:
            raise ValueError("broken record")
        return super().build(uow, committee, now)


def test_one_committee_failing_holds_up_no_other(uow: FakeUnitOfWork, context: Context, committee: Committee) -> None:
    with uow:
        context.committee(uow, Caller("T1", "C2", "U1", "other"))
        uow.commit()
    said = Jobs(uow, [DigestJob(_BrokenFor(uow, context, committee.id), context)]).run(NOW)
    assert said[0] == "error: DigestJob of #steering failed (see the log); it is tried again next pass"
    assert [p.channel for p in uow.store.outbox] == ["C2"]

"""The scheduler jobs' one failure policy: each committee in a transaction of its own, a failure reported and
contained, the other committees and the other jobs unaffected, a dry run committing nothing."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.core.kernel.boundary import Post
from bot.core.kernel.documents import say
from bot.core.kernel.jobs import Jobs
from bot.core.kernel.model import Committee
from bot.core.kernel.ports import UnitOfWork
from tests.fakes import FakeUnitOfWork

NOW = datetime(2024, 2, 27, 9, 0, tzinfo=UTC)
GOOD, BAD, ALSO_GOOD = (Committee(n, "T1", f"C{n}", name, "UTC") for n, name in ((1, "good"), (2, "bad"), (3, "fine")))


class PostsToEach:
    """Queues one post per committee; the committee named `bad` breaks after queuing its post."""

    def committees(self, uow: UnitOfWork, now: datetime) -> list[Committee]:
        return [GOOD, BAD, ALSO_GOOD]

    def run_for(self, uow: UnitOfWork, committee: Committee, now: datetime, dry_run: bool) -> list[str]:
        uow.outbox.add(Post("T1", say(f"hello {committee.name}"), channel=committee.channel_id))
        if committee is BAD:
            raise ValueError("a row the code cannot read")
        return [f"queued hello {committee.name}"]


def test_a_committee_that_fails_is_reported_and_holds_up_no_other_and_leaves_nothing_half_done() -> None:
    uow = FakeUnitOfWork()
    lines = Jobs(uow, [PostsToEach(), PostsToEach()]).run(NOW)
    assert (
        lines
        == [
            "queued hello good",
            "error: PostsToEach of #bad failed (see the log); it is tried again next pass",
            "queued hello fine",
        ]
        * 2
    )
    assert [p.channel for p in uow.store.outbox] == ["C1", "C3", "C1", "C3"]  # the bad committee's post rolled back


def test_a_dry_run_commits_nothing() -> None:
    uow = FakeUnitOfWork()
    assert Jobs(uow, [PostsToEach()]).run(NOW, dry_run=True)[0] == "queued hello good"
    assert uow.store.outbox == [] and uow.commits == 0

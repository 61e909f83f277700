"""What import and export need beyond the other repositories (the core's Archive port): import marks, records added
back with their original numbers, and every topic and meeting of a committee."""

from __future__ import annotations

from collections.abc import Collection, Mapping

from sqlalchemy import ColumnElement, case, select
from sqlalchemy.orm import Session

from bot.core.kernel.model import Committee, Event, Item, Owner
from bot.core.kernel.record import Decision, ImportMark, Meeting, Topic
from storage.db import insert
from storage.schema import (
    AgendaTopicRow,
    CommitteeCounterRow,
    DecisionRow,
    EventRow,
    ImportedRecordRow,
    ItemOwnerRow,
    ItemRow,
    MeetingRow,
)

CHUNK = 500  # fingerprints to a query: well under every database's limit on bound parameters


class SqlArchive:
    def __init__(self, session: Session) -> None:
        self._s = session

    def marks(self, committee: Committee, fingerprints: Collection[str] | None = None) -> list[ImportMark]:
        query = select(ImportedRecordRow).where(
            ImportedRecordRow.team_id == committee.team_id, ImportedRecordRow.committee_id == committee.id
        )
        if fingerprints is None:
            rows = list(self._s.scalars(query.order_by(ImportedRecordRow.id)))
        else:
            wanted = list(fingerprints)
            rows = []
            for start in range(0, len(wanted), CHUNK):
                rows += self._s.scalars(query.where(ImportedRecordRow.fingerprint.in_(wanted[start : start + CHUNK])))
            rows.sort(key=lambda r: r.id)
        return [
            ImportMark(r.fingerprint, r.kind, r.ref, r.source, r.format, r.imported_by, r.imported_at) for r in rows
        ]

    def remember(self, committee: Committee, mark: ImportMark) -> None:
        self._s.execute(
            insert(self._s, ImportedRecordRow)
            .values(
                team_id=committee.team_id,
                committee_id=committee.id,
                fingerprint=mark.fingerprint,
                kind=mark.kind,
                ref=mark.ref[:64],
                source=mark.source[:300],
                format=mark.format,
                imported_by=mark.by[:32],
                imported_at=mark.at,
            )
            .on_conflict_do_nothing(index_elements=["committee_id", "fingerprint"])
        )

    def restore_item(self, committee: Committee, item: Item) -> Item:
        row = ItemRow(
            team_id=committee.team_id,
            committee_id=committee.id,
            number=item.number,
            created_by=item.created_by,
            created_at=item.created_at,
            task=item.task,
            status=item.status.value,
            due=item.due,
            due_phrase=item.due_phrase,
            closed_at=item.closed_at,
            message_channel=item.message.channel if item.message else None,
            message_ts=item.message.ts if item.message else None,
        )
        self._s.add(row)
        self._s.flush()
        item.id = row.id
        for position, owner in enumerate(item.owners):
            self._s.add(
                ItemOwnerRow(
                    item_id=row.id,
                    position=position,
                    user_id=owner.user_id,
                    name=owner.name[:200],
                    is_group=owner.group,
                )
            )
        self._s.flush()
        self.raise_counters(committee, {"item": item.number})
        return item

    def restore_decision(self, committee: Committee, decision: Decision) -> Decision:
        row = DecisionRow(
            team_id=committee.team_id,
            committee_id=committee.id,
            number=decision.number,
            text=decision.text,
            recorded_by=decision.recorded_by,
            recorded_at=decision.recorded_at,
            meeting_id=decision.meeting_id,
            meeting_at=decision.meeting_at,
            revoked_at=decision.revoked_at,
            revoked_by=decision.revoked_by,
        )
        self._s.add(row)
        self._s.flush()
        decision.id = row.id
        self.raise_counters(committee, {"decision": decision.number})
        return decision

    def restore_event(self, committee: Committee, event: Event) -> Event:
        row = EventRow(
            team_id=committee.team_id,
            committee_id=committee.id,
            number=event.number,
            created_by=event.created_by,
            created_at=event.created_at,
            name=event.name[:200],
            starts=event.starts,
            ends=event.ends,
            place=event.place[:200],
            notes=event.notes,
            link=event.link[:500],
        )
        self._s.add(row)
        self._s.flush()
        event.id = row.id
        self.raise_counters(committee, {"event": event.number})
        return event

    def counters(self, committee: Committee) -> dict[str, int]:
        rows = self._s.execute(
            select(CommitteeCounterRow.kind, CommitteeCounterRow.last).where(
                CommitteeCounterRow.committee_id == committee.id
            )
        )
        return {kind: last for kind, last in rows}

    def raise_counters(self, committee: Committee, counters: Mapping[str, int]) -> None:
        table = CommitteeCounterRow.__table__
        for kind, last in counters.items():
            statement = (
                insert(self._s, table)
                .values(committee_id=committee.id, kind=kind, last=last)
                .on_conflict_do_update(
                    index_elements=["committee_id", "kind"],
                    set_={"last": _greatest(table.c.last, last)},
                )
            )
            self._s.execute(statement)

    def topics(self, committee: Committee) -> list[Topic]:
        rows = self._s.scalars(
            select(AgendaTopicRow)
            .where(AgendaTopicRow.team_id == committee.team_id, AgendaTopicRow.committee_id == committee.id)
            .order_by(AgendaTopicRow.id)
        )
        return [
            Topic(
                title=r.title,
                added_by=r.added_by,
                added_at=r.added_at,
                owner=Owner(name=r.owner_name, user_id=r.owner_user_id) if r.owner_name else None,
                minutes=r.minutes,
                meeting_at=r.meeting_at,
                position=r.position,
                covered_at=r.covered_at,
                id=r.id,
            )
            for r in rows
        ]

    def restore_topic(self, committee: Committee, topic: Topic) -> Topic:
        row = AgendaTopicRow(
            team_id=committee.team_id,
            committee_id=committee.id,
            title=topic.title,
            owner_name=topic.owner.name[:200] if topic.owner else None,
            owner_user_id=topic.owner.user_id if topic.owner else None,
            minutes=topic.minutes,
            meeting_at=topic.meeting_at,
            position=topic.position,
            added_by=topic.added_by,
            added_at=topic.added_at,
            covered_at=topic.covered_at,
        )
        self._s.add(row)
        self._s.flush()
        topic.id = row.id
        return topic

    def meetings(self, committee: Committee) -> list[Meeting]:
        rows = self._s.scalars(
            select(MeetingRow)
            .where(MeetingRow.team_id == committee.team_id, MeetingRow.committee_id == committee.id)
            .order_by(MeetingRow.started_at, MeetingRow.id)
        )
        return [
            Meeting(
                channel_id=r.channel_id,
                started_at=r.started_at,
                started_by=r.started_by,
                scheduled_at=r.scheduled_at,
                ended_at=r.ended_at,
                minutes=r.minutes,
                id=r.id,
            )
            for r in rows
        ]


def _greatest(column: ColumnElement[int], value: int) -> ColumnElement[int]:
    """The larger of the stored counter and `value`, in SQL both databases read (CASE, not GREATEST/MAX)."""
    return case((column < value, value), else_=column)

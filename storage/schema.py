"""The database tables, as typed SQLAlchemy 2 models. Every timestamp is stored in UTC."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    TypeDecorator,
    UniqueConstraint,
    func,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

Id = BigInteger().with_variant(Integer(), "sqlite")  # SQLite autoincrements INTEGER PRIMARY KEY only


class UtcDateTime(TypeDecorator[datetime]):
    """Aware datetimes in, aware UTC datetimes out, on every database (SQLite keeps no zone)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime: store aware UTC times only")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(
        naming_convention={
            "ix": "ix_%(column_0_label)s",
            "uq": "uq_%(table_name)s_%(column_0_name)s",
            "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
            "pk": "pk_%(table_name)s",
        }
    )
    type_annotation_map = {datetime: UtcDateTime(), dict[str, Any]: JSON()}


class CommitteeRow(Base):
    __tablename__ = "committees"
    __table_args__ = (UniqueConstraint("team_id", "channel_id"),)

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    team_id: Mapped[str] = mapped_column(String(32))
    channel_id: Mapped[str] = mapped_column(String(32))
    name: Mapped[str] = mapped_column(String(200))
    timezone: Mapped[str] = mapped_column(String(64))
    day_first: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime]


class CommitteeCounterRow(Base):
    """The last number given to a committee's items, events or decisions (`kind`); only ever goes up, so a
    number is never given twice, even after the record holding it is removed (storage/numbering.py)."""

    __tablename__ = "committee_counters"

    committee_id: Mapped[int] = mapped_column(ForeignKey("committees.id", ondelete="CASCADE"), primary_key=True)
    kind: Mapped[str] = mapped_column(String(16), primary_key=True)  # item, event, decision
    last: Mapped[int] = mapped_column(Integer)


class CommitteeAdminRow(Base):
    __tablename__ = "committee_admins"

    committee_id: Mapped[int] = mapped_column(ForeignKey("committees.id", ondelete="CASCADE"), primary_key=True)
    user_id: Mapped[str] = mapped_column(String(32), primary_key=True)


class ItemRow(Base):
    __tablename__ = "items"
    __table_args__ = (
        UniqueConstraint("committee_id", "number"),
        Index("ix_items_open_due", "team_id", "committee_id", "status", "due"),
    )

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    team_id: Mapped[str] = mapped_column(String(32))
    committee_id: Mapped[int] = mapped_column(ForeignKey("committees.id", ondelete="CASCADE"))
    number: Mapped[int] = mapped_column(Integer)
    task: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16), default="open")
    due: Mapped[date | None] = mapped_column(Date)
    due_phrase: Mapped[str | None] = mapped_column(String(200))
    created_by: Mapped[str] = mapped_column(String(32))
    created_at: Mapped[datetime]
    closed_at: Mapped[datetime | None]
    message_channel: Mapped[str | None] = mapped_column(String(32))
    message_ts: Mapped[str | None] = mapped_column(String(32))


class ItemOwnerRow(Base):
    __tablename__ = "item_owners"
    __table_args__ = (Index("ix_item_owners_user", "user_id"),)

    item_id: Mapped[int] = mapped_column(ForeignKey("items.id", ondelete="CASCADE"), primary_key=True)
    position: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[str | None] = mapped_column(String(32))
    name: Mapped[str] = mapped_column(String(200))
    is_group: Mapped[bool] = mapped_column(Boolean, default=False)


class ItemChangeRow(Base):
    __tablename__ = "item_changes"

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("items.id", ondelete="CASCADE"), index=True)
    at: Mapped[datetime]
    actor: Mapped[str] = mapped_column(String(32))
    action: Mapped[str] = mapped_column(String(32))
    detail: Mapped[str] = mapped_column(Text, default="")


class OutboxRow(Base):
    """A message to send once; claimed by one sender at a time, kept after sending."""

    __tablename__ = "outbox"
    __table_args__ = (Index("ix_outbox_pending", "state", "next_attempt_at"), UniqueConstraint("team_id", "key"))

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    team_id: Mapped[str] = mapped_column(String(32))
    key: Mapped[str | None] = mapped_column(String(200))  # a post with a key is added once, ever
    channel: Mapped[str | None] = mapped_column(String(32))
    user_id: Mapped[str | None] = mapped_column(String(32))
    update_channel: Mapped[str | None] = mapped_column(String(32))
    update_ts: Mapped[str | None] = mapped_column(String(32))
    item_id: Mapped[int | None] = mapped_column(ForeignKey("items.id", ondelete="SET NULL"))
    doc: Mapped[dict[str, Any]]
    state: Mapped[str] = mapped_column(String(16), default="pending")  # pending, sending, sent, failed
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime]
    claimed_at: Mapped[datetime | None]
    sent_at: Mapped[datetime | None]
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime]
    # when an attempt began that may have reached Slack unrecorded (a claim taken over after a crash, a dropped
    # connection): the sender looks in the conversation from then on before posting again
    uncertain_since: Mapped[datetime | None]


class EventRow(Base):
    """A committee's event: all-day dates, `ends` is the last day (inclusive)."""

    __tablename__ = "events"
    __table_args__ = (
        UniqueConstraint("committee_id", "number"),
        Index("ix_events_committee_starts", "team_id", "committee_id", "starts"),
    )

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    team_id: Mapped[str] = mapped_column(String(32))
    committee_id: Mapped[int] = mapped_column(ForeignKey("committees.id", ondelete="CASCADE"))
    number: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(200))
    starts: Mapped[date] = mapped_column(Date)
    ends: Mapped[date] = mapped_column(Date)
    place: Mapped[str] = mapped_column(String(200), default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    link: Mapped[str] = mapped_column(String(500), default="")
    created_by: Mapped[str] = mapped_column(String(32))
    created_at: Mapped[datetime]


class CalendarSettingsRow(Base):
    """A committee's digest and event-reminder schedule and its calendar feed token; no row: the defaults."""

    __tablename__ = "calendar_settings"

    committee_id: Mapped[int] = mapped_column(ForeignKey("committees.id", ondelete="CASCADE"), primary_key=True)
    digest_day: Mapped[int | None] = mapped_column(Integer)  # Monday 0; NULL: no digest
    digest_time: Mapped[str] = mapped_column(String(5))  # HH:MM in the committee's zone
    event_reminder_days: Mapped[int | None] = mapped_column(Integer)  # NULL: no event reminders
    token: Mapped[str | None] = mapped_column(String(64), unique=True)  # NULL: no feed
    token_rotated_at: Mapped[datetime | None]


class MeetingRuleRow(Base):
    """A committee's schedule entry: one meeting (rrule NULL) or a recurrence read in `timezone`."""

    __tablename__ = "meeting_rules"
    __table_args__ = (Index("ix_meeting_rules_committee", "team_id", "committee_id"),)

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    team_id: Mapped[str] = mapped_column(String(32))
    committee_id: Mapped[int] = mapped_column(ForeignKey("committees.id", ondelete="CASCADE"))
    start: Mapped[datetime]
    timezone: Mapped[str] = mapped_column(String(64))
    rrule: Mapped[str | None] = mapped_column(String(500))
    created_by: Mapped[str] = mapped_column(String(32))
    created_at: Mapped[datetime]


class MeetingCancellationRow(Base):
    __tablename__ = "meeting_cancellations"
    __table_args__ = (UniqueConstraint("committee_id", "starts_at"),)

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    team_id: Mapped[str] = mapped_column(String(32))
    committee_id: Mapped[int] = mapped_column(ForeignKey("committees.id", ondelete="CASCADE"))
    starts_at: Mapped[datetime]
    cancelled_by: Mapped[str] = mapped_column(String(32))
    cancelled_at: Mapped[datetime]


class MeetingRow(Base):
    """A meeting held in the channel, with live capture; `minutes` is its Markdown once it ended."""

    __tablename__ = "meetings"
    __table_args__ = (Index("ix_meetings_committee_started", "team_id", "committee_id", "started_at"),)

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    team_id: Mapped[str] = mapped_column(String(32))
    committee_id: Mapped[int] = mapped_column(ForeignKey("committees.id", ondelete="CASCADE"))
    channel_id: Mapped[str] = mapped_column(String(32))
    scheduled_at: Mapped[datetime | None]
    started_at: Mapped[datetime]
    started_by: Mapped[str] = mapped_column(String(32))
    ended_at: Mapped[datetime | None]
    minutes: Mapped[str | None] = mapped_column(Text)


class MeetingNoteRow(Base):
    __tablename__ = "meeting_notes"

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    text: Mapped[str] = mapped_column(Text)
    user_id: Mapped[str] = mapped_column(String(32))
    at: Mapped[datetime]
    item_number: Mapped[int | None] = mapped_column(Integer)
    decision_number: Mapped[int | None] = mapped_column(Integer)
    undone: Mapped[bool] = mapped_column(Boolean, default=False)


class MeetingAttendeeRow(Base):
    __tablename__ = "meeting_attendees"

    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"), primary_key=True)
    user_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    first_seen_at: Mapped[datetime]


class SlackEventSeenRow(Base):
    """Slack event ids already handled: a retried delivery records nothing twice."""

    __tablename__ = "slack_events_seen"

    team_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    event_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    seen_at: Mapped[datetime]


class SlackTriggerSeenRow(Base):
    """Slash-command trigger ids already answered: a replayed request (same signed body) records nothing twice."""

    __tablename__ = "slack_triggers_seen"
    __table_args__ = (Index("ix_slack_triggers_seen_seen_at", "seen_at"),)

    team_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    trigger_id: Mapped[str] = mapped_column(String(128), primary_key=True)
    seen_at: Mapped[datetime]


class DecisionRow(Base):
    __tablename__ = "decisions"
    __table_args__ = (
        UniqueConstraint("committee_id", "number"),
        Index("ix_decisions_committee_recorded", "team_id", "committee_id", "recorded_at"),
    )

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    team_id: Mapped[str] = mapped_column(String(32))
    committee_id: Mapped[int] = mapped_column(ForeignKey("committees.id", ondelete="CASCADE"))
    number: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    recorded_by: Mapped[str] = mapped_column(String(32))
    recorded_at: Mapped[datetime]
    meeting_id: Mapped[int | None] = mapped_column(ForeignKey("meetings.id", ondelete="SET NULL"))
    meeting_at: Mapped[datetime | None]
    revoked_at: Mapped[datetime | None]
    revoked_by: Mapped[str | None] = mapped_column(String(32))


class ProjectUpdateRow(Base):
    __tablename__ = "project_updates"
    __table_args__ = (Index("ix_project_updates_committee_at", "team_id", "committee_id", "at"),)

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    team_id: Mapped[str] = mapped_column(String(32))
    committee_id: Mapped[int] = mapped_column(ForeignKey("committees.id", ondelete="CASCADE"))
    project: Mapped[str] = mapped_column(String(200))
    text: Mapped[str] = mapped_column(Text)
    author: Mapped[str] = mapped_column(String(32))
    at: Mapped[datetime]


class AgendaTopicRow(Base):
    __tablename__ = "agenda_topics"
    __table_args__ = (Index("ix_agenda_topics_committee", "team_id", "committee_id", "covered_at"),)

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    team_id: Mapped[str] = mapped_column(String(32))
    committee_id: Mapped[int] = mapped_column(ForeignKey("committees.id", ondelete="CASCADE"))
    title: Mapped[str] = mapped_column(Text)
    owner_name: Mapped[str | None] = mapped_column(String(200))
    owner_user_id: Mapped[str | None] = mapped_column(String(32))
    minutes: Mapped[int | None] = mapped_column(Integer)
    meeting_at: Mapped[datetime | None]
    position: Mapped[int] = mapped_column(Integer)
    added_by: Mapped[str] = mapped_column(String(32))
    added_at: Mapped[datetime]
    covered_at: Mapped[datetime | None]


class AgendaSettingsRow(Base):
    """How long before each meeting its agenda is posted; no row: the default (24 hours)."""

    __tablename__ = "agenda_settings"

    committee_id: Mapped[int] = mapped_column(ForeignKey("committees.id", ondelete="CASCADE"), primary_key=True)
    lead_minutes: Mapped[int] = mapped_column(Integer)


class ReminderPlanRow(Base):
    """One person's reminders about one item; a pass reads only rows whose `next_at` has come (indexed)."""

    __tablename__ = "reminder_plans"
    __table_args__ = (UniqueConstraint("item_id", "user_id"), Index("ix_reminder_plans_next_at", "next_at"))

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    team_id: Mapped[str] = mapped_column(String(32))
    committee_id: Mapped[int] = mapped_column(ForeignKey("committees.id", ondelete="CASCADE"))
    item_id: Mapped[int] = mapped_column(ForeignKey("items.id", ondelete="CASCADE"))
    user_id: Mapped[str] = mapped_column(String(32))
    about: Mapped[str] = mapped_column(String(400), default="")
    due: Mapped[date] = mapped_column(Date)
    handled_until: Mapped[datetime]
    next_at: Mapped[datetime | None]  # NULL: nothing more to send
    snoozed_until: Mapped[datetime | None]
    problem: Mapped[str | None] = mapped_column(String(64))


class ReminderSettingsRow(Base):
    """A committee's reminder policy; no row: the default (3 days before, due day, 4 nudges, 09:00)."""

    __tablename__ = "reminder_settings"

    committee_id: Mapped[int] = mapped_column(ForeignKey("committees.id", ondelete="CASCADE"), primary_key=True)
    days_before: Mapped[str] = mapped_column(String(40))  # "3,0": days before the due date, 0 the due day
    at: Mapped[str] = mapped_column(String(5))  # HH:MM in each owner's zone
    nudges: Mapped[int] = mapped_column(Integer)


class ChoiceRow(Base):
    """A question the bot asked one person (which Kevin? which date?), kept until answered or a week old; a
    button carries only its key."""

    __tablename__ = "choices"
    __table_args__ = (Index("ix_choices_person", "team_id", "user_id", "created_at"),)

    key: Mapped[str] = mapped_column(String(32), primary_key=True)  # secrets.token_urlsafe(16): 22 characters
    team_id: Mapped[str] = mapped_column(String(32))
    user_id: Mapped[str] = mapped_column(String(32))
    payload: Mapped[dict[str, Any]]
    created_at: Mapped[datetime]


class ImportedRecordRow(Base):
    """A record that came in by an import (storage/archive.py): its fingerprint, so the same document imported again
    records nothing twice, which record it is, and where it came from (file, format, who, when)."""

    __tablename__ = "imported_records"
    __table_args__ = (
        UniqueConstraint("committee_id", "fingerprint"),
        Index("ix_imported_records_record", "committee_id", "kind", "ref"),
    )

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    team_id: Mapped[str] = mapped_column(String(32))
    committee_id: Mapped[int] = mapped_column(ForeignKey("committees.id", ondelete="CASCADE"))
    fingerprint: Mapped[str] = mapped_column(String(64))  # sha256, hex
    kind: Mapped[str] = mapped_column(String(16))  # item, decision, update, event, meeting, schedule
    ref: Mapped[str] = mapped_column(String(64))  # the item's or decision's number, the update's or meeting's id …
    source: Mapped[str] = mapped_column(String(300))  # the file's name as given
    format: Mapped[str] = mapped_column(String(16))
    imported_by: Mapped[str] = mapped_column(String(32))
    imported_at: Mapped[datetime]


class SlackWorkspaceRow(Base):
    """A workspace the bot serves under an Enterprise Grid organisation's install (storage/installations.py): the
    organisation's install is found from the workspace a post is for."""

    __tablename__ = "slack_workspaces"

    team_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    enterprise_id: Mapped[str] = mapped_column(String(32))
    seen_at: Mapped[datetime]


# Slack's OAuth installs, bot tokens and install states, in the shape slack_sdk's SQLAlchemy stores read and write
# (tests/storage/test_installations.py keeps them equal to the tables slack_sdk builds)
SLACK_INSTALLATIONS = Table(
    "slack_installations",
    Base.metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("client_id", String(32), nullable=False),
    Column("app_id", String(32), nullable=False),
    Column("enterprise_id", String(32)),
    Column("enterprise_name", String(200)),
    Column("enterprise_url", String(200)),
    Column("team_id", String(32)),
    Column("team_name", String(200)),
    Column("bot_token", String(200)),
    Column("bot_id", String(32)),
    Column("bot_user_id", String(32)),
    Column("bot_scopes", String(1000)),
    Column("bot_refresh_token", String(200)),
    Column("bot_token_expires_at", DateTime),
    Column("user_id", String(32), nullable=False),
    Column("user_token", String(200)),
    Column("user_scopes", String(1000)),
    Column("user_refresh_token", String(200)),
    Column("user_token_expires_at", DateTime),
    Column("incoming_webhook_url", String(200)),
    Column("incoming_webhook_channel", String(200)),
    Column("incoming_webhook_channel_id", String(200)),
    Column("incoming_webhook_configuration_url", String(200)),
    Column("is_enterprise_install", Boolean, default=False, nullable=False),
    Column("token_type", String(32)),
    Column("installed_at", DateTime, nullable=False, default=func.now()),
    Index("slack_installations_idx", "client_id", "enterprise_id", "team_id", "user_id", "installed_at"),
)
SLACK_BOTS = Table(
    "slack_bots",
    Base.metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("client_id", String(32), nullable=False),
    Column("app_id", String(32), nullable=False),
    Column("enterprise_id", String(32)),
    Column("enterprise_name", String(200)),
    Column("team_id", String(32)),
    Column("team_name", String(200)),
    Column("bot_token", String(200)),
    Column("bot_id", String(32)),
    Column("bot_user_id", String(32)),
    Column("bot_scopes", String(1000)),
    Column("bot_refresh_token", String(200)),
    Column("bot_token_expires_at", DateTime),
    Column("is_enterprise_install", Boolean, default=False, nullable=False),
    Column("installed_at", DateTime, nullable=False, default=func.now()),
    Index("slack_bots_idx", "client_id", "enterprise_id", "team_id", "installed_at"),
)
SLACK_OAUTH_STATES = Table(
    "slack_oauth_states",
    Base.metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("state", String(200), nullable=False),
    Column("expire_at", DateTime, nullable=False),
)

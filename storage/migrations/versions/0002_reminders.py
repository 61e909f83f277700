"""reminders: one plan per item and person (indexed by when a pass next needs it), committee policy

Revision ID: 0002
Revises: 0001
"""

from collections.abc import Sequence
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

import storage.schema

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "reminder_plans",
        sa.Column("id", _ID, nullable=False),
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column("committee_id", _ID, nullable=False),
        sa.Column("item_id", _ID, nullable=False),
        sa.Column("user_id", sa.String(length=32), nullable=False),
        sa.Column("about", sa.String(length=400), nullable=False),
        sa.Column("due", sa.Date(), nullable=False),
        sa.Column("handled_until", storage.schema.UtcDateTime(timezone=True), nullable=False),
        sa.Column("next_at", storage.schema.UtcDateTime(timezone=True), nullable=True),
        sa.Column("snoozed_until", storage.schema.UtcDateTime(timezone=True), nullable=True),
        sa.Column("problem", sa.String(length=64), nullable=True),
        sa.ForeignKeyConstraint(
            ["committee_id"],
            ["committees.id"],
            name=op.f("fk_reminder_plans_committee_id_committees"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["item_id"], ["items.id"], name=op.f("fk_reminder_plans_item_id_items"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reminder_plans")),
        sa.UniqueConstraint("item_id", "user_id", name=op.f("uq_reminder_plans_item_id")),
    )
    with op.batch_alter_table("reminder_plans", schema=None) as batch_op:
        batch_op.create_index("ix_reminder_plans_next_at", ["next_at"], unique=False)

    _plan_open_items()

    op.create_table(
        "reminder_settings",
        sa.Column("committee_id", _ID, nullable=False),
        sa.Column("days_before", sa.String(length=40), nullable=False),
        sa.Column("at", sa.String(length=5), nullable=False),
        sa.Column("nudges", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["committee_id"],
            ["committees.id"],
            name=op.f("fk_reminder_settings_committee_id_committees"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("committee_id", name=op.f("pk_reminder_settings")),
    )


def _plan_open_items() -> None:
    """Open items recorded before reminders existed get a plan each person's next pass will complete:
    nothing counts as due before the upgrade, the next reminder is computed on the first pass."""
    now = datetime.now(UTC)
    items = sa.table(
        "items",
        sa.column("id", _ID),
        sa.column("team_id", sa.String),
        sa.column("committee_id", _ID),
        sa.column("status", sa.String),
        sa.column("due", sa.Date),
        sa.column("created_by", sa.String),
    )
    owners = sa.table(
        "item_owners",
        sa.column("item_id", _ID),
        sa.column("user_id", sa.String),
        sa.column("name", sa.String),
        sa.column("is_group", sa.Boolean),
    )
    plans = sa.table(
        "reminder_plans",
        sa.column("team_id", sa.String),
        sa.column("committee_id", _ID),
        sa.column("item_id", _ID),
        sa.column("user_id", sa.String),
        sa.column("about", sa.String),
        sa.column("due", sa.Date),
        sa.column("handled_until", storage.schema.UtcDateTime()),
        sa.column("next_at", storage.schema.UtcDateTime()),
    )
    db = op.get_bind()
    wanted = (items.c.status == "open") & items.c.due.isnot(None)
    open_items = {row.id: row for row in db.execute(sa.select(items).where(wanted))}
    people: dict[int, dict[str, list[str]]] = {item_id: {} for item_id in open_items}
    for owner in db.execute(sa.select(owners).join(items, items.c.id == owners.c.item_id).where(wanted)):
        found = people[owner.item_id]
        if owner.user_id:
            found.setdefault(owner.user_id, [])
        else:
            found.setdefault(open_items[owner.item_id].created_by, []).append(
                f"{owner.name} ({'group' if owner.is_group else 'not in Slack'})"
            )
    rows = [
        dict(
            team_id=item.team_id,
            committee_id=item.committee_id,
            item_id=item.id,
            user_id=user_id,
            about=", ".join(about)[:400],
            due=item.due,
            handled_until=now,
            next_at=now,
        )
        for item in open_items.values()
        for user_id, about in (people[item.id] or {item.created_by: ["nobody yet: it has no owner"]}).items()
    ]
    if rows:
        db.execute(sa.insert(plans), rows)


def downgrade() -> None:
    op.drop_table("reminder_settings")
    with op.batch_alter_table("reminder_plans", schema=None) as batch_op:
        batch_op.drop_index("ix_reminder_plans_next_at")
    op.drop_table("reminder_plans")

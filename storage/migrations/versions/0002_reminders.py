"""reminders: one plan per item and person (indexed by when a pass next needs it), committee policy

Revision ID: 0002
Revises: 0001
"""

from collections.abc import Sequence

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


def downgrade() -> None:
    op.drop_table("reminder_settings")
    with op.batch_alter_table("reminder_plans", schema=None) as batch_op:
        batch_op.drop_index("ix_reminder_plans_next_at")
    op.drop_table("reminder_plans")

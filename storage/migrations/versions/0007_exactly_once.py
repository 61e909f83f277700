"""slack_triggers_seen: slash commands recorded once per trigger id; outbox.uncertain_since: look before re-posting

Revision ID: 0007
Revises: 0006

`slack_triggers_seen` keeps the trigger id of each slash command answered (for a while, see
storage/triggers.py), so the same signed request sent again inside Slack's signing window records nothing.
`outbox.uncertain_since` marks a message an attempt may have posted without its answer being recorded (the
sender was killed, the connection dropped): the sender looks in the conversation before posting it again.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import storage.schema

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "slack_triggers_seen",
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column("trigger_id", sa.String(length=128), nullable=False),
        sa.Column("seen_at", storage.schema.UtcDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("team_id", "trigger_id", name=op.f("pk_slack_triggers_seen")),
    )
    op.create_index("ix_slack_triggers_seen_seen_at", "slack_triggers_seen", ["seen_at"], unique=False)
    with op.batch_alter_table("outbox") as batch_op:
        batch_op.add_column(sa.Column("uncertain_since", storage.schema.UtcDateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("outbox") as batch_op:
        batch_op.drop_column("uncertain_since")
    op.drop_index("ix_slack_triggers_seen_seen_at", table_name="slack_triggers_seen")
    op.drop_table("slack_triggers_seen")

"""committee counters: one way to number items, events and decisions; choices: pending questions on the server

Revision ID: 0006
Revises: 0005

`committee_counters` holds the last number given per committee and kind, filled from the records (the largest
number of each kind) and from `committees.last_number`, which it replaces. The downgrade puts `last_number`
back from the item counters. On SQLite `committees` is rebuilt (batch mode): env.py turns foreign keys off for
the migration so that dropping the old table does not cascade to every row that refers to it.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import storage.schema

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")

# the last number of each kind: the largest in use, and for items the committee's own counter until now
_FILL_COUNTERS = """
INSERT INTO committee_counters (committee_id, kind, last)
SELECT committee_id, kind, MAX(last) FROM (
    SELECT id AS committee_id, 'item' AS kind, last_number AS last FROM committees
    UNION ALL SELECT committee_id, 'item', MAX(number) FROM items GROUP BY committee_id
    UNION ALL SELECT committee_id, 'event', MAX(number) FROM events GROUP BY committee_id
    UNION ALL SELECT committee_id, 'decision', MAX(number) FROM decisions GROUP BY committee_id
) AS numbered
GROUP BY committee_id, kind
HAVING MAX(last) > 0
"""

_RESTORE_LAST_NUMBER = """
UPDATE committees SET last_number = COALESCE(
    (SELECT last FROM committee_counters WHERE committee_id = committees.id AND kind = 'item'), 0
)
"""


def upgrade() -> None:
    op.create_table(
        "committee_counters",
        sa.Column("committee_id", _ID, nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("last", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["committee_id"],
            ["committees.id"],
            name=op.f("fk_committee_counters_committee_id_committees"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("committee_id", "kind", name=op.f("pk_committee_counters")),
    )
    op.execute(_FILL_COUNTERS)
    with op.batch_alter_table("committees") as batch_op:
        batch_op.drop_column("last_number")

    op.create_table(
        "choices",
        sa.Column("key", sa.String(length=32), nullable=False),
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column("user_id", sa.String(length=32), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("created_at", storage.schema.UtcDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_choices")),
    )
    op.create_index("ix_choices_person", "choices", ["team_id", "user_id", "created_at"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_choices_person", table_name="choices")
    op.drop_table("choices")

    with op.batch_alter_table("committees") as batch_op:
        batch_op.add_column(sa.Column("last_number", sa.Integer(), nullable=False, server_default="0"))
    op.execute(_RESTORE_LAST_NUMBER)
    with op.batch_alter_table("committees") as batch_op:
        batch_op.alter_column("last_number", existing_type=sa.Integer(), existing_nullable=False, server_default=None)
    op.drop_table("committee_counters")

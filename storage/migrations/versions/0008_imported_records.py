"""imported_records: the records an import made, by fingerprint, with where each came from

Revision ID: 0008
Revises: 0007

One row per record an import (`steerbot import`, the Slack shortcut) recorded: the fingerprint of what it was read
from, so importing the same document again records nothing twice and a revised one adds only what changed; which
record it is (kind and ref); and its origin (file, format, who imported it, when), which the record's history and the
JSON export show.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import storage.schema

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "imported_records",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column("committee_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("fingerprint", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("ref", sa.String(length=64), nullable=False),
        sa.Column("source", sa.String(length=300), nullable=False),
        sa.Column("format", sa.String(length=16), nullable=False),
        sa.Column("imported_by", sa.String(length=32), nullable=False),
        sa.Column("imported_at", storage.schema.UtcDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["committee_id"],
            ["committees.id"],
            name=op.f("fk_imported_records_committee_id_committees"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_imported_records")),
        sa.UniqueConstraint("committee_id", "fingerprint", name=op.f("uq_imported_records_committee_id")),
    )
    op.create_index("ix_imported_records_record", "imported_records", ["committee_id", "kind", "ref"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_imported_records_record", table_name="imported_records")
    op.drop_table("imported_records")

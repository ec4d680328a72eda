"""Rehearsal jobs (`rehearsaljob`): proefdraaien runs that any worker can pick up and stop.

Revision ID: 0022
Revises: 0017
Create Date: 2026-12-05 10:08:10
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0022"
down_revision: str | Sequence[str] | None = "0017"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "rehearsaljob",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("rehearsal_id", sa.Integer(), nullable=False),
        sa.Column("per_municipality", sa.Integer(), nullable=False),
        sa.Column("minutes", sa.Float(), nullable=False),
        sa.Column("base_url", sa.String(length=500), nullable=False),
        sa.Column("created_at", sa.Float(), nullable=False),
        sa.Column("worker", sa.String(length=120), nullable=True),
        sa.Column("heartbeat", sa.Float(), nullable=True),
        sa.Column("stop_requested", sa.Boolean(), nullable=False),
        sa.Column("finished", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(["meeting_id"], ["meeting.id"], name="fk_rehearsaljob_meeting_id_meeting"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("rehearsaljob") as batch_op:
        batch_op.create_index("ix_rehearsaljob_meeting_id", ["meeting_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("rehearsaljob") as batch_op:
        batch_op.drop_index("ix_rehearsaljob_meeting_id")
    op.drop_table("rehearsaljob")

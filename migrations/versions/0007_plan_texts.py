"""A plan van aanpak's inleiding, context and samenvatting (table `plantext`), co-edited like its rows.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-05 06:33:48
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | Sequence[str] | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "plantext",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("municipality_id", sa.Integer(), nullable=False),
        sa.Column("inleiding", sa.String(length=4000), nullable=False),
        sa.Column("context", sa.String(length=4000), nullable=False),
        sa.Column("samenvatting", sa.String(length=4000), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("field_versions", sa.JSON(), nullable=False),
        sa.Column("updated_at", sa.Float(), nullable=False),
        sa.ForeignKeyConstraint(
            ["meeting_id"],
            ["meeting.id"],
        ),
        sa.ForeignKeyConstraint(
            ["municipality_id"],
            ["municipality.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("meeting_id", "municipality_id", name="uq_plantext_municipality"),
    )
    with op.batch_alter_table("plantext", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_plantext_meeting_id"), ["meeting_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("plantext", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_plantext_meeting_id"))

    op.drop_table("plantext")

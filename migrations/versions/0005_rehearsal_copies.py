"""Proefdraaien in an oefenversie: a copy of the meeting that points at the meeting it rehearses.

`meeting.rehearsal_of` marks the copy (at most one per meeting, `uq_meeting_rehearsal_of`); since
results and documents are built per meeting, rehearsal answers never reach the real meeting's.
Existing meetings are real meetings: the column stays empty.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-25 15:45:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | Sequence[str] | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

NAMING = {"fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s"}


def upgrade() -> None:
    with op.batch_alter_table("meeting", naming_convention=NAMING) as batch_op:
        batch_op.add_column(sa.Column("rehearsal_of", sa.Integer(), nullable=True))
        batch_op.create_foreign_key("fk_meeting_rehearsal_of_meeting", "meeting", ["rehearsal_of"], ["id"])
        batch_op.create_unique_constraint("uq_meeting_rehearsal_of", ["rehearsal_of"])


def downgrade() -> None:
    with op.batch_alter_table("meeting", naming_convention=NAMING) as batch_op:
        batch_op.drop_constraint("uq_meeting_rehearsal_of", type_="unique")
        batch_op.drop_constraint("fk_meeting_rehearsal_of_meeting", type_="foreignkey")
        batch_op.drop_column("rehearsal_of")

"""The theme group the projector shows during the plenaire terugkoppeling (`meeting.feedback_position`).

Revision ID: 0008
Revises: 0015
Create Date: 2026-12-05 07:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | Sequence[str] | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The baseline's foreign keys have no names; SQLite's batch mode names the reflected ones with this.
NAMING = {"fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s"}


def upgrade() -> None:
    with op.batch_alter_table("meeting", naming_convention=NAMING) as batch_op:
        batch_op.add_column(sa.Column("feedback_position", sa.Integer(), nullable=False, server_default="0"))
    with op.batch_alter_table("meeting", naming_convention=NAMING) as batch_op:
        batch_op.alter_column("feedback_position", server_default=None)  # the model supplies the default


def downgrade() -> None:
    with op.batch_alter_table("meeting", naming_convention=NAMING) as batch_op:
        batch_op.drop_column("feedback_position")

"""A municipality's plan remembers that its first draft was made (`plantext.first_draft`).

The first draft is made once: rows a group deletes afterwards do not come back when the plan block
is entered again. Existing plans that have rows count as drafted.

Revision ID: 0017
Revises: 0012
Create Date: 2026-12-05 08:25:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0017"
down_revision: str | Sequence[str] | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("plantext") as batch_op:
        batch_op.add_column(sa.Column("first_draft", sa.Boolean(), nullable=False, server_default=sa.false()))
    with op.batch_alter_table("plantext") as batch_op:
        batch_op.alter_column("first_draft", server_default=None)  # the model supplies the default
    op.execute(
        "UPDATE plantext SET first_draft = true WHERE EXISTS (SELECT 1 FROM planrow WHERE planrow.meeting_id ="
        " plantext.meeting_id AND planrow.municipality_id = plantext.municipality_id)"
    )


def downgrade() -> None:
    with op.batch_alter_table("plantext") as batch_op:
        batch_op.drop_column("first_draft")

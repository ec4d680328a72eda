"""The organiser's words to hide (`meeting.hidden_terms`): a wethouder's name, a street, one a line.

Hidden wherever municipality names are (anonymised and regional screens and files). Existing
meetings hide nothing extra: the column starts empty.

Revision ID: 0012
Revises: 0008
Create Date: 2026-12-05 06:40:06
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | Sequence[str] | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("meeting") as batch_op:
        batch_op.add_column(sa.Column("hidden_terms", sa.String(length=2000), nullable=False, server_default=""))
    with op.batch_alter_table("meeting") as batch_op:
        batch_op.alter_column("hidden_terms", server_default=None)  # the model supplies the default


def downgrade() -> None:
    with op.batch_alter_table("meeting") as batch_op:
        batch_op.drop_column("hidden_terms")

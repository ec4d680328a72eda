"""A meeting remembers which results page the projector shows (`meeting.result_page`).

The results are pages (overview, notable questions, one municipality, the region, a question); the
facilitator pages through them and every projected screen follows. "" is the first page.

Revision ID: 0018
Revises: 0022
Create Date: 2026-12-05 09:55:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0018"
down_revision: str | Sequence[str] | None = "0022"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("meeting") as batch_op:
        batch_op.add_column(
            sa.Column("result_page", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False, server_default="")
        )
    with op.batch_alter_table("meeting") as batch_op:
        batch_op.alter_column("result_page", server_default=None)  # the model supplies the default


def downgrade() -> None:
    with op.batch_alter_table("meeting") as batch_op:
        batch_op.drop_column("result_page")

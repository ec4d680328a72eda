"""At most one open help call per room (`uq_helpcall_open`, a partial unique index).

Two members tapping "Hulp nodig" at the same moment made two open calls: the room stood twice on the
dashboard and one call stayed open after "Afgehandeld". Of such duplicates the earliest stays open;
the later ones are closed at the moment they were made.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-25 16:25:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | Sequence[str] | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.execute(
        "UPDATE helpcall SET cleared_at = at WHERE cleared_at IS NULL AND id != ("
        "SELECT MIN(id) FROM helpcall AS first WHERE first.meeting_id = helpcall.meeting_id "
        "AND first.municipality_id = helpcall.municipality_id AND first.cleared_at IS NULL)"
    )
    op.create_index(
        "uq_helpcall_open",
        "helpcall",
        ["meeting_id", "municipality_id"],
        unique=True,
        sqlite_where=sa.text("cleared_at IS NULL"),
        postgresql_where=sa.text("cleared_at IS NULL"),
    )


def downgrade() -> None:
    op.drop_index("uq_helpcall_open", table_name="helpcall")

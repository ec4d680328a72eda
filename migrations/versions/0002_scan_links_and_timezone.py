"""One meaning per link, and the meeting's time zone.

`meeting.previous_meeting_id` meant two things; it becomes two fields: `scan_source_id` (a follow-up
takes its zelfscan results from this startbijeenkomst) and `earlier_scan_id` (a scan compares with
this earlier scan). Existing links move by the meeting's programme: a follow-up's link was its
results source, any other meeting's link was its earlier scan. A link to itself or to a meeting that
no longer exists is dropped. `meeting.timezone` (IANA name) is added; existing meetings were held in
Europe/Amsterdam.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25 14:39:59.919789
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | Sequence[str] | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The baseline's foreign keys have no names; SQLite's batch mode names the reflected ones with this.
NAMING = {"fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s"}
FOLLOW_UP = "follow-up"


def upgrade() -> None:
    with op.batch_alter_table("meeting", naming_convention=NAMING) as batch_op:
        batch_op.add_column(
            sa.Column("timezone", sa.String(length=64), nullable=False, server_default="Europe/Amsterdam")
        )
        batch_op.add_column(sa.Column("scan_source_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("earlier_scan_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key("fk_meeting_scan_source_id_meeting", "meeting", ["scan_source_id"], ["id"])
        batch_op.create_foreign_key("fk_meeting_earlier_scan_id_meeting", "meeting", ["earlier_scan_id"], ["id"])

    valid = (
        "previous_meeting_id IS NOT NULL AND previous_meeting_id != id "
        "AND previous_meeting_id IN (SELECT id FROM meeting)"
    )
    op.execute(f"UPDATE meeting SET scan_source_id = previous_meeting_id WHERE agenda_key = '{FOLLOW_UP}' AND {valid}")
    op.execute(
        f"UPDATE meeting SET earlier_scan_id = previous_meeting_id WHERE agenda_key != '{FOLLOW_UP}' AND {valid}"
    )

    with op.batch_alter_table("meeting", naming_convention=NAMING) as batch_op:
        if op.get_bind().dialect.name == "sqlite":
            batch_op.drop_constraint("fk_meeting_previous_meeting_id_meeting", type_="foreignkey")
        batch_op.drop_column("previous_meeting_id")  # elsewhere the column's foreign key goes with it
        batch_op.alter_column("timezone", server_default=None)  # the model supplies the default


def downgrade() -> None:
    with op.batch_alter_table("meeting", naming_convention=NAMING) as batch_op:
        batch_op.add_column(sa.Column("previous_meeting_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            "fk_meeting_previous_meeting_id_meeting", "meeting", ["previous_meeting_id"], ["id"]
        )
    op.execute("UPDATE meeting SET previous_meeting_id = COALESCE(scan_source_id, earlier_scan_id)")
    with op.batch_alter_table("meeting", naming_convention=NAMING) as batch_op:
        batch_op.drop_constraint("fk_meeting_scan_source_id_meeting", type_="foreignkey")
        batch_op.drop_constraint("fk_meeting_earlier_scan_id_meeting", type_="foreignkey")
        batch_op.drop_column("earlier_scan_id")
        batch_op.drop_column("scan_source_id")
        batch_op.drop_column("timezone")

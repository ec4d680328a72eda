"""Organiser accounts: every organiser has a name and a personal key, and owns their meetings.

`organiser` holds the accounts (a personal key only as a salted scrypt hash). Row 1 is the first
administrator, who signs in with the instance's own key (ZELFSCAN_ORGANISER_SECRET or
data/organiser-secret) and owns every meeting made before there were accounts. Each meeting gets
`organiser_id`; each sign-in session names its organiser (existing sessions: the first administrator,
as they were opened with the instance key).

Revision ID: 0015
Revises: 0007
Create Date: 2026-12-05 07:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0015"
down_revision: str | Sequence[str] | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    organiser = op.create_table(
        "organiser",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=80), nullable=False),
        sa.Column("key_id", sa.String(length=16), nullable=True),
        sa.Column("key_salt", sa.String(length=32), nullable=False),
        sa.Column("key_hash", sa.String(length=128), nullable=False),
        sa.Column("administrator", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("organiser") as batch_op:
        batch_op.create_index("ix_organiser_key_id", ["key_id"], unique=True)
    # Frozen here (not imported from the app): the row as this revision made it.
    op.bulk_insert(
        organiser,
        [
            {
                "id": 1,
                "name": "Beheerder",
                "key_id": None,
                "key_salt": "",
                "key_hash": "",
                "administrator": True,
                "created_at": 0.0,
            }
        ],
    )
    if op.get_bind().dialect.name == "postgresql":  # an explicit id leaves the sequence behind
        op.execute("SELECT setval(pg_get_serial_sequence('organiser', 'id'), (SELECT max(id) FROM organiser))")
    with op.batch_alter_table("meeting") as batch_op:
        batch_op.add_column(sa.Column("organiser_id", sa.Integer(), nullable=False, server_default="1"))
        batch_op.create_index("ix_meeting_organiser_id", ["organiser_id"], unique=False)
        batch_op.create_foreign_key("fk_meeting_organiser_id_organiser", "organiser", ["organiser_id"], ["id"])
    with op.batch_alter_table("meeting") as batch_op:
        batch_op.alter_column("organiser_id", server_default=None)  # the model supplies the default
    with op.batch_alter_table("organiser_session") as batch_op:
        batch_op.add_column(sa.Column("organiser_id", sa.Integer(), nullable=False, server_default="1"))
        batch_op.create_index("ix_organiser_session_organiser_id", ["organiser_id"], unique=False)
        batch_op.create_foreign_key(
            "fk_organiser_session_organiser_id_organiser", "organiser", ["organiser_id"], ["id"]
        )
    with op.batch_alter_table("organiser_session") as batch_op:
        batch_op.alter_column("organiser_id", server_default=None)


def downgrade() -> None:
    with op.batch_alter_table("organiser_session") as batch_op:
        batch_op.drop_constraint("fk_organiser_session_organiser_id_organiser", type_="foreignkey")
        batch_op.drop_index("ix_organiser_session_organiser_id")
        batch_op.drop_column("organiser_id")
    with op.batch_alter_table("meeting") as batch_op:
        batch_op.drop_constraint("fk_meeting_organiser_id_organiser", type_="foreignkey")
        batch_op.drop_index("ix_meeting_organiser_id")
        batch_op.drop_column("organiser_id")
    with op.batch_alter_table("organiser") as batch_op:
        batch_op.drop_index("ix_organiser_key_id")
    op.drop_table("organiser")

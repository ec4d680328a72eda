"""Organiser sessions: the sign-in cookie holds a session id, never the organiser's secret.

`organiser_session` keeps an HMAC of each session id (keyed with the current secret) and when it
expires; signing out deletes the row, rotating the secret ends them all. Video links that are not
http(s) (a `javascript:` link was accepted before) are cleared: the forms now refuse them, and a
stored one would block saving the meeting.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-25 15:35:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | Sequence[str] | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "organiser_session",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.Float(), nullable=False),
        sa.Column("expires_at", sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("organiser_session") as batch_op:
        batch_op.create_index("ix_organiser_session_expires_at", ["expires_at"], unique=False)
        batch_op.create_index("ix_organiser_session_token_hash", ["token_hash"], unique=True)
    op.execute(
        "UPDATE meeting SET video_link = '' WHERE video_link != '' "
        "AND lower(video_link) NOT LIKE 'http://%' AND lower(video_link) NOT LIKE 'https://%'"
    )


def downgrade() -> None:
    with op.batch_alter_table("organiser_session") as batch_op:
        batch_op.drop_index("ix_organiser_session_token_hash")
        batch_op.drop_index("ix_organiser_session_expires_at")
    op.drop_table("organiser_session")

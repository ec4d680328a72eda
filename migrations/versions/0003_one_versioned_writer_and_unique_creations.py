"""One storage format for field versions, and unique constraints behind everything created once.

- `themeanswer` and `planrow`: `field_versions_json` (a string) becomes `field_versions` (JSON), as
  `roomanswer` has it; the existing versions are copied across.
- `planrow`: a question becomes a draft row at most once per plan (`uq_planrow_draft`). Plans opened
  by two members at once got their drafts twice: of each duplicate, the first row stays; a later
  untouched copy is deleted, a later edited one is kept as a row of its own (no source question).
- `wheelquestion`: one question per place on the wheel (`uq_wheelquestion_position`). Wheels seeded
  by simultaneous first opens hold 16 or 24 questions: a duplicate nobody spun or wrote a note on is
  deleted, any other moves to the end of the wheel.
- `municipality`: one municipality per position (`uq_municipality_position`, which gives the
  anonymous letter): a municipality added at the same moment as another moves to the end.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25 15:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | Sequence[str] | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _json_from_text(column: str) -> str:
    """SQL that reads a JSON text column as JSON (SQLite keeps JSON as text; PostgreSQL casts)."""
    if op.get_bind().dialect.name == "sqlite":
        return f"COALESCE({column}, '{{}}')"
    return f"CAST(COALESCE({column}, '{{}}') AS JSON)"


def _field_versions_to_json(table: str) -> None:
    with op.batch_alter_table(table) as batch_op:
        batch_op.add_column(sa.Column("field_versions", sa.JSON(), nullable=False, server_default="{}"))
    op.execute(f"UPDATE {table} SET field_versions = {_json_from_text('field_versions_json')}")
    with op.batch_alter_table(table) as batch_op:
        batch_op.drop_column("field_versions_json")
        batch_op.alter_column("field_versions", server_default=None)


def _field_versions_to_text(table: str) -> None:
    with op.batch_alter_table(table) as batch_op:
        batch_op.add_column(sa.Column("field_versions_json", sa.String(), nullable=False, server_default="{}"))
    cast = "field_versions" if op.get_bind().dialect.name == "sqlite" else "CAST(field_versions AS TEXT)"
    op.execute(f"UPDATE {table} SET field_versions_json = {cast}")
    with op.batch_alter_table(table) as batch_op:
        batch_op.drop_column("field_versions")
        batch_op.alter_column("field_versions_json", server_default=None)


def _deduplicate_plan_drafts() -> None:
    first = (
        "SELECT MIN(id) FROM planrow AS keep WHERE keep.meeting_id = planrow.meeting_id "
        "AND keep.municipality_id = planrow.municipality_id AND keep.source_question = planrow.source_question"
    )
    op.execute(f"DELETE FROM planrow WHERE source_question IS NOT NULL AND version = 0 AND id != ({first})")
    op.execute(f"UPDATE planrow SET source_question = NULL WHERE source_question IS NOT NULL AND id != ({first})")


def _move_duplicates_to_the_end(table: str, can_delete: str | None) -> None:
    """Rows sharing (meeting_id, position) with an earlier row: deleted when `can_delete` holds, else moved."""
    bind = op.get_bind()
    duplicates = bind.execute(
        sa.text(
            f"SELECT id, meeting_id FROM {table} AS t WHERE id != (SELECT MIN(id) FROM {table} AS keep "
            "WHERE keep.meeting_id = t.meeting_id AND keep.position = t.position) ORDER BY id"
        )
    ).all()
    for row_id, meeting_id in duplicates:
        if can_delete and bind.execute(sa.text(can_delete), {"id": row_id}).scalar():
            bind.execute(sa.text(f"DELETE FROM {table} WHERE id = :id"), {"id": row_id})
            continue
        bind.execute(
            sa.text(
                f"UPDATE {table} SET position = (SELECT MAX(position) + 1 FROM {table} WHERE meeting_id = :meeting) "
                "WHERE id = :id"
            ),
            {"id": row_id, "meeting": meeting_id},
        )


def upgrade() -> None:
    _field_versions_to_json("themeanswer")
    _field_versions_to_json("planrow")
    _deduplicate_plan_drafts()
    with op.batch_alter_table("planrow") as batch_op:
        batch_op.create_unique_constraint("uq_planrow_draft", ["meeting_id", "municipality_id", "source_question"])

    unused = (
        "SELECT NOT EXISTS (SELECT 1 FROM wheelspin WHERE question_id = :id) "
        "AND NOT EXISTS (SELECT 1 FROM wheelnote WHERE question_id = :id)"
    )
    _move_duplicates_to_the_end("wheelquestion", unused)
    with op.batch_alter_table("wheelquestion") as batch_op:
        batch_op.create_unique_constraint("uq_wheelquestion_position", ["meeting_id", "position"])

    _move_duplicates_to_the_end("municipality", None)
    with op.batch_alter_table("municipality") as batch_op:
        batch_op.create_unique_constraint("uq_municipality_position", ["meeting_id", "position"])


def downgrade() -> None:
    with op.batch_alter_table("municipality") as batch_op:
        batch_op.drop_constraint("uq_municipality_position", type_="unique")
    with op.batch_alter_table("wheelquestion") as batch_op:
        batch_op.drop_constraint("uq_wheelquestion_position", type_="unique")
    with op.batch_alter_table("planrow") as batch_op:
        batch_op.drop_constraint("uq_planrow_draft", type_="unique")
    _field_versions_to_text("planrow")
    _field_versions_to_text("themeanswer")

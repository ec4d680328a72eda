"""Baseline: the schema as `SQLModel.metadata.create_all` made it before there were migrations.

Seventeen tables: meetings with their programme blocks, municipalities and participants; the
zelfscan's room answers, own views and change log (JSON columns); the Rad van Fortuin; help calls,
room messages, agreements, theme groups and plans van aanpak. A database made by the app before
migrations is stamped at this revision (app.core.db.prepare_database), so this file must keep
describing exactly that schema: change the schema in a new revision, never here.
(tests/core/schema_before_migrations.sql holds that schema as SQLite stored it.)

Revision ID: 0001
Revises: None
Create Date: 2026-11-25 14:20:52.547058
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "meeting",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("agenda_key", sa.String(), nullable=False),
        sa.Column("question_set_key", sa.String(), nullable=False),
        sa.Column("question_set_version", sa.Integer(), nullable=False),
        sa.Column("region", sa.String(length=80), nullable=False),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("start_time", sa.String(), nullable=False),
        sa.Column("video_link", sa.String(), nullable=False),
        sa.Column("privacy_mode", sa.String(), nullable=False),
        sa.Column("scan_kind", sa.String(), nullable=False),
        sa.Column("join_code", sa.String(), nullable=False),
        sa.Column("facilitator_token", sa.String(), nullable=False),
        sa.Column("gespreksleider_token", sa.String(), nullable=False),
        sa.Column("display_token", sa.String(), nullable=False),
        sa.Column("current_block", sa.Integer(), nullable=True),
        sa.Column("finished", sa.Boolean(), nullable=False),
        sa.Column("results_visible", sa.Boolean(), nullable=False),
        sa.Column("previous_meeting_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.Float(), nullable=False),
        sa.ForeignKeyConstraint(["previous_meeting_id"], ["meeting.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(op.f("ix_meeting_agenda_key"), "meeting", ["agenda_key"], unique=False)
    op.create_index(op.f("ix_meeting_display_token"), "meeting", ["display_token"], unique=True)
    op.create_index(op.f("ix_meeting_facilitator_token"), "meeting", ["facilitator_token"], unique=True)
    op.create_index(op.f("ix_meeting_gespreksleider_token"), "meeting", ["gespreksleider_token"], unique=True)
    op.create_index(op.f("ix_meeting_join_code"), "meeting", ["join_code"], unique=True)

    op.create_table(
        "agreement",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("what", sa.String(length=500), nullable=False),
        sa.Column("who", sa.String(), nullable=False),
        sa.Column("when", sa.String(), nullable=False),
        sa.Column("at", sa.Float(), nullable=False),
        sa.ForeignKeyConstraint(["meeting_id"], ["meeting.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(op.f("ix_agreement_meeting_id"), "agreement", ["meeting_id"], unique=False)

    op.create_table(
        "meetingblock",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("title", sa.String(), nullable=False),
        sa.Column("description", sa.String(), nullable=False),
        sa.Column("speaker", sa.String(), nullable=False),
        sa.Column("planned_start", sa.String(), nullable=False),
        sa.Column("planned_seconds", sa.Integer(), nullable=False),
        sa.Column("groups", sa.String(), nullable=True),
        sa.Column("work", sa.String(), nullable=True),
        sa.Column("first_question", sa.Integer(), nullable=True),
        sa.Column("last_question", sa.Integer(), nullable=True),
        sa.Column("results", sa.Boolean(), nullable=False),
        sa.Column("wheel", sa.Boolean(), nullable=False),
        sa.Column("extra_seconds", sa.Integer(), nullable=False),
        sa.Column("elapsed_seconds", sa.Float(), nullable=False),
        sa.Column("running_since", sa.Float(), nullable=True),
        sa.Column("actual_start", sa.Float(), nullable=True),
        sa.Column("actual_end", sa.Float(), nullable=True),
        sa.ForeignKeyConstraint(["meeting_id"], ["meeting.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("meeting_id", "position"),
    )
    op.create_index(op.f("ix_meetingblock_meeting_id"), "meetingblock", ["meeting_id"], unique=False)

    op.create_table(
        "municipality",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=80), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["meeting_id"], ["meeting.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("meeting_id", "name"),
    )
    op.create_index(op.f("ix_municipality_meeting_id"), "municipality", ["meeting_id"], unique=False)

    op.create_table(
        "theme",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=500), nullable=False),
        sa.Column("standards", sa.String(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["meeting_id"], ["meeting.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(op.f("ix_theme_meeting_id"), "theme", ["meeting_id"], unique=False)

    op.create_table(
        "wheelquestion",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("text", sa.String(length=500), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("removed", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(["meeting_id"], ["meeting.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(op.f("ix_wheelquestion_meeting_id"), "wheelquestion", ["meeting_id"], unique=False)

    op.create_table(
        "helpcall",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("municipality_id", sa.Integer(), nullable=False),
        sa.Column("at", sa.Float(), nullable=False),
        sa.Column("cleared_at", sa.Float(), nullable=True),
        sa.ForeignKeyConstraint(["meeting_id"], ["meeting.id"]),
        sa.ForeignKeyConstraint(["municipality_id"], ["municipality.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(op.f("ix_helpcall_meeting_id"), "helpcall", ["meeting_id"], unique=False)

    op.create_table(
        "participant",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("municipality_id", sa.Integer(), nullable=False),
        sa.Column("token", sa.String(), nullable=False),
        sa.Column("name", sa.String(length=80), nullable=False),
        sa.Column("role", sa.String(), nullable=False),
        sa.Column("simulated", sa.Boolean(), nullable=False),
        sa.Column("joined_at", sa.Float(), nullable=False),
        sa.ForeignKeyConstraint(["meeting_id"], ["meeting.id"]),
        sa.ForeignKeyConstraint(["municipality_id"], ["municipality.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(op.f("ix_participant_meeting_id"), "participant", ["meeting_id"], unique=False)
    op.create_index(op.f("ix_participant_municipality_id"), "participant", ["municipality_id"], unique=False)
    op.create_index(op.f("ix_participant_token"), "participant", ["token"], unique=True)

    op.create_table(
        "planrow",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("municipality_id", sa.Integer(), nullable=False),
        sa.Column("group", sa.String(), nullable=False),
        sa.Column("maatregel", sa.String(length=4000), nullable=False),
        sa.Column("huidige_stand", sa.String(), nullable=False),
        sa.Column("verbeteractie", sa.String(), nullable=False),
        sa.Column("beoogd_resultaat", sa.String(), nullable=False),
        sa.Column("wie", sa.String(), nullable=False),
        sa.Column("planning", sa.String(), nullable=False),
        sa.Column("kosten", sa.String(), nullable=False),
        sa.Column("prioriteit", sa.String(), nullable=False),
        sa.Column("scope", sa.String(), nullable=False),
        sa.Column("source_question", sa.Integer(), nullable=True),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("field_versions_json", sa.String(), nullable=False),
        sa.Column("updated_at", sa.Float(), nullable=False),
        sa.ForeignKeyConstraint(["meeting_id"], ["meeting.id"]),
        sa.ForeignKeyConstraint(["municipality_id"], ["municipality.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(op.f("ix_planrow_meeting_id"), "planrow", ["meeting_id"], unique=False)
    op.create_index(op.f("ix_planrow_municipality_id"), "planrow", ["municipality_id"], unique=False)

    op.create_table(
        "roommessage",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("municipality_id", sa.Integer(), nullable=True),
        sa.Column("text", sa.String(length=280), nullable=False),
        sa.Column("at", sa.Float(), nullable=False),
        sa.ForeignKeyConstraint(["meeting_id"], ["meeting.id"]),
        sa.ForeignKeyConstraint(["municipality_id"], ["municipality.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(op.f("ix_roommessage_meeting_id"), "roommessage", ["meeting_id"], unique=False)

    op.create_table(
        "themeanswer",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("theme_id", sa.Integer(), nullable=False),
        sa.Column("knelpunten", sa.String(), nullable=False),
        sa.Column("kansen", sa.String(), nullable=False),
        sa.Column("quick_win", sa.String(), nullable=False),
        sa.Column("scope", sa.String(), nullable=False),
        sa.Column("kosten", sa.String(), nullable=False),
        sa.Column("kosten_toelichting", sa.String(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("field_versions_json", sa.String(), nullable=False),
        sa.Column("updated_at", sa.Float(), nullable=False),
        sa.ForeignKeyConstraint(["meeting_id"], ["meeting.id"]),
        sa.ForeignKeyConstraint(["theme_id"], ["theme.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("theme_id"),
    )
    op.create_index(op.f("ix_themeanswer_meeting_id"), "themeanswer", ["meeting_id"], unique=False)

    op.create_table(
        "wheelnote",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("question_id", sa.Integer(), nullable=False),
        sa.Column("text", sa.String(), nullable=False),
        sa.Column("updated_at", sa.Float(), nullable=False),
        sa.ForeignKeyConstraint(["meeting_id"], ["meeting.id"]),
        sa.ForeignKeyConstraint(["question_id"], ["wheelquestion.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("question_id"),
    )
    op.create_index(op.f("ix_wheelnote_meeting_id"), "wheelnote", ["meeting_id"], unique=False)

    op.create_table(
        "wheelspin",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("question_id", sa.Integer(), nullable=False),
        sa.Column("block_position", sa.Integer(), nullable=True),
        sa.Column("drawn_at", sa.Float(), nullable=False),
        sa.Column("by", sa.String(), nullable=False),
        sa.ForeignKeyConstraint(["meeting_id"], ["meeting.id"]),
        sa.ForeignKeyConstraint(["question_id"], ["wheelquestion.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(op.f("ix_wheelspin_meeting_id"), "wheelspin", ["meeting_id"], unique=False)

    op.create_table(
        "answerchange",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("municipality_id", sa.Integer(), nullable=False),
        sa.Column("question", sa.Integer(), nullable=False),
        sa.Column("participant_id", sa.Integer(), nullable=True),
        sa.Column("field", sa.String(), nullable=False),
        sa.Column("old", sa.JSON(), nullable=True),
        sa.Column("new", sa.JSON(), nullable=True),
        sa.Column("at", sa.Float(), nullable=False),
        sa.ForeignKeyConstraint(["meeting_id"], ["meeting.id"]),
        sa.ForeignKeyConstraint(["municipality_id"], ["municipality.id"]),
        sa.ForeignKeyConstraint(["participant_id"], ["participant.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(op.f("ix_answerchange_meeting_id"), "answerchange", ["meeting_id"], unique=False)
    op.create_index("ix_answerchange_room", "answerchange", ["municipality_id", "question"], unique=False)

    op.create_table(
        "participantview",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("municipality_id", sa.Integer(), nullable=False),
        sa.Column("participant_id", sa.Integer(), nullable=False),
        sa.Column("question", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(), nullable=False),
        sa.Column("updated_at", sa.Float(), nullable=False),
        sa.ForeignKeyConstraint(["meeting_id"], ["meeting.id"]),
        sa.ForeignKeyConstraint(["municipality_id"], ["municipality.id"]),
        sa.ForeignKeyConstraint(["participant_id"], ["participant.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("participant_id", "question"),
    )
    op.create_index(op.f("ix_participantview_meeting_id"), "participantview", ["meeting_id"], unique=False)
    op.create_index(op.f("ix_participantview_municipality_id"), "participantview", ["municipality_id"], unique=False)
    op.create_index(op.f("ix_participantview_participant_id"), "participantview", ["participant_id"], unique=False)

    op.create_table(
        "roomanswer",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("municipality_id", sa.Integer(), nullable=False),
        sa.Column("question", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(), nullable=False),
        sa.Column("toelichting", sa.String(), nullable=False),
        sa.Column("nuancering", sa.String(), nullable=False),
        sa.Column("checklist", sa.JSON(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("field_versions", sa.JSON(), nullable=False),
        sa.Column("updated_at", sa.Float(), nullable=False),
        sa.Column("updated_by", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["meeting_id"], ["meeting.id"]),
        sa.ForeignKeyConstraint(["municipality_id"], ["municipality.id"]),
        sa.ForeignKeyConstraint(["updated_by"], ["participant.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("municipality_id", "question"),
    )
    op.create_index(op.f("ix_roomanswer_meeting_id"), "roomanswer", ["meeting_id"], unique=False)
    op.create_index(op.f("ix_roomanswer_municipality_id"), "roomanswer", ["municipality_id"], unique=False)

    op.create_table(
        "thememember",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("theme_id", sa.Integer(), nullable=False),
        sa.Column("participant_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["meeting_id"], ["meeting.id"]),
        sa.ForeignKeyConstraint(["participant_id"], ["participant.id"]),
        sa.ForeignKeyConstraint(["theme_id"], ["theme.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("participant_id"),
    )
    op.create_index(op.f("ix_thememember_meeting_id"), "thememember", ["meeting_id"], unique=False)
    op.create_index(op.f("ix_thememember_theme_id"), "thememember", ["theme_id"], unique=False)


def downgrade() -> None:
    op.drop_table("thememember")
    op.drop_table("roomanswer")
    op.drop_table("participantview")
    op.drop_table("answerchange")
    op.drop_table("wheelspin")
    op.drop_table("wheelnote")
    op.drop_table("themeanswer")
    op.drop_table("roommessage")
    op.drop_table("planrow")
    op.drop_table("participant")
    op.drop_table("helpcall")
    op.drop_table("wheelquestion")
    op.drop_table("theme")
    op.drop_table("municipality")
    op.drop_table("meetingblock")
    op.drop_table("agreement")
    op.drop_table("meeting")

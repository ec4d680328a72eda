"""The schema moves by migration: old databases upgrade and keep their data, models and migrations agree."""

from __future__ import annotations

import io
import json
import os
import shutil
import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest
from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory
from docx import Document
from fastapi.testclient import TestClient
from sqlalchemy import JSON, MetaData, String, create_engine

from app.core import db
from app.core.config import Settings
from app.core.db import BASELINE_REVISION, DatabaseNotReady, alembic_config, schema_differences
from app.main import create_app
from app.models import register_tables
from tests.conftest import SECRET

# SQLite files of older versions; tests/core/test_national.py runs the migrations on PostgreSQL.
pytestmark = pytest.mark.sqlite_only

REPO = Path(__file__).resolve().parents[2]
SCHEMA_BEFORE_MIGRATIONS = Path(__file__).with_name("schema_before_migrations.sql")
HEAD = str(ScriptDirectory(str(db.MIGRATIONS_DIR)).get_current_head())
AUTH = {"Authorization": f"Bearer {SECRET}"}

# A startbijeenkomst (meeting 1) with answers, and its follow-up (meeting 2) with the wheel, a theme
# group and a plan van aanpak: every table holds a row, written as the app before migrations wrote them.
DATA_BEFORE_MIGRATIONS = """
INSERT INTO meeting VALUES
 (1, 'startbijeenkomst', 'kwaliteitskader-2021', 1, 'Regio Oud', '2026-11-20', '09:00', '', 'named', 'nulmeting',
  'OUD111', 'fac-1', 'gl-1', 'disp-1', 1, 0, 1, NULL, 1795000000.0),
 (2, 'follow-up', 'kwaliteitskader-2021', 1, 'Regio Oud', '2027-01-15', '09:00', '', 'named', 'evaluatie',
  'OUD222', 'fac-2', 'gl-2', 'disp-2', 3, 0, 1, 1, 1796000000.0);
INSERT INTO meetingblock VALUES
 (1, 1, 0, 'plenary', 'Welkom', '', 'Jan Jansen, wethouder', '09:00', 900, NULL, NULL, NULL, NULL, 0, 0, 0, 900.0,
  NULL, 1795000100.0, 1795001000.0),
 (2, 1, 1, 'breakout', 'Zelfscan deel 1', '', '', '09:15', 2100, 'per_municipality', 'zelfscan', 1, 14, 0, 0,
  300, 120.5, 1795001000.0, 1795001000.0, NULL),
 (3, 1, 2, 'plenary', 'Eerste resultaten: wat valt op?', '', '', '09:50', 900, NULL, NULL, NULL, NULL, 1, 0, 0,
  0.0, NULL, NULL, NULL),
 (4, 2, 0, 'plenary', 'Welkom en terugblik', '', '', '09:00', 900, NULL, NULL, NULL, NULL, 0, 1, 0, 0.0, NULL,
  NULL, NULL),
 (5, 2, 1, 'breakout', 'Aan de slag met de thema''s', '', '', '09:15', 1800, 'mixed_themes', 'themes', NULL, NULL,
  0, 0, 0, 0.0, NULL, NULL, NULL),
 (6, 2, 2, 'breakout', 'Plan van aanpak', '', '', '09:45', 1800, 'per_municipality', 'plan_van_aanpak', NULL,
  NULL, 0, 0, 0, 0.0, NULL, NULL, NULL),
 (7, 2, 3, 'closing', 'Hoe gaan we verder?', '', '', '10:15', 900, NULL, NULL, NULL, NULL, 0, 0, 0, 0.0, NULL,
  NULL, NULL);
INSERT INTO municipality VALUES (1, 1, 'Amstelveen', 0), (2, 1, 'Bussum', 1), (3, 2, 'Amstelveen', 0);
INSERT INTO participant VALUES
 (1, 1, 1, 'tok-anna', 'Anna', 'beleid', 0, 1795000500.0),
 (2, 1, 2, 'tok-bert', '', 'uitvoering', 0, 1795000600.0),
 (3, 2, 3, 'tok-carla', 'Carla', 'gi', 0, 1796000500.0);
INSERT INTO roomanswer VALUES
 (1, 1, 1, 1, 'op_orde', 'Visie vastgesteld door de raad in 2025', 'Nog niet overal bekend', '[]', 2,
  '{"status": 1, "toelichting": 2}', 1795001500.0, 1),
 (2, 1, 1, 14, 'niet_op_orde', '', '', '["a", "c"]', 1, '{"checklist": 1}', 1795001600.0, 1),
 (3, 1, 2, 1, 'niet_op_orde', 'Visie in de maak', '', '[]', 1, '{"status": 1}', 1795001700.0, 2);
INSERT INTO participantview VALUES (1, 1, 1, 1, 1, 'op_orde', 1795001400.0), (2, 1, 2, 2, 1, 'niet_op_orde', 0.0);
INSERT INTO answerchange VALUES
 (1, 1, 1, 1, 1, 'status', '"open"', '"op_orde"', 1795001450.0),
 (2, 1, 1, 14, 1, 'checklist', '[]', '["a", "c"]', 1795001600.0),
 (3, 1, 1, 1, 1, 'view', NULL, '"op_orde"', 1795001400.0);
INSERT INTO helpcall VALUES (1, 1, 2, 1795001800.0, 1795001900.0);
INSERT INTO roommessage VALUES (1, 1, NULL, 'Nog tien minuten', 1795002000.0);
INSERT INTO agreement VALUES
 (1, 2, 'agreement', 'Over een halfjaar een toetsmoment', '', '', 1796003000.0),
 (2, 2, 'action', 'Uitnodiging versturen', 'Carla', 'februari', 1796003100.0);
INSERT INTO wheelquestion VALUES
 (1, 2, 'Met wie is de zelfscan ingevuld?', 0, 0), (2, 2, 'Wat viel op bij het invullen?', 1, 1);
INSERT INTO wheelspin VALUES (1, 2, 1, 0, 1796000800.0, 'gespreksleider');
INSERT INTO wheelnote VALUES (1, 2, 1, 'Vooral met beleidsmedewerkers ingevuld', 1796000900.0);
INSERT INTO theme VALUES (1, 2, 'Zicht op veiligheid', '4,5', 0);
INSERT INTO thememember VALUES (1, 2, 1, 3);
INSERT INTO themeanswer VALUES
 (1, 2, 1, 'Te weinig tijd voor casusoverleg', 'Samen met Veilig Thuis trainen', 'Een vast spreekuur', 'regionaal',
  'ja', 'Twee trainingsdagen', 3, '{"knelpunten": 1, "kansen": 2, "quick_win": 3}', 1796002000.0);
INSERT INTO planrow VALUES
 (1, 2, 3, '1-2', 'Visie actualiseren met de wijkteams', 'Visie uit 2019', 'Werksessies plannen', 'Visie in 2027',
  'Beleid', 'Q2 2027', 'Geen', 'hoog', 'lokaal', 1, 0, 2, '{"maatregel": 1, "wie": 2}', 1796004000.0);
"""


def run_sql(path: Path, script: str) -> None:
    """Plain SQL on the file, without the app or SQLAlchemy."""
    with closing(sqlite3.connect(path)) as connection, connection:
        connection.executescript(script)


def rows(path: Path, query: str) -> list[tuple[Any, ...]]:
    with closing(sqlite3.connect(path)) as connection:
        return connection.execute(query).fetchall()


def write_database_before_migrations(path: Path) -> None:
    """A database as the app wrote it before migrations: its `create_all` schema and a day's data."""
    run_sql(path, SCHEMA_BEFORE_MIGRATIONS.read_text(encoding="utf-8") + DATA_BEFORE_MIGRATIONS)


def revision_of(path: Path) -> list[str]:
    return [row[0] for row in rows(path, "SELECT version_num FROM alembic_version")]


def tables_of(path: Path) -> set[str]:
    return {row[0] for row in rows(path, "SELECT name FROM sqlite_master WHERE type = 'table'")}


def stamp_newer_revision(path: Path) -> None:
    """A database the app made, then migrated by a newer version of the app (revision 9999)."""
    create_app(Settings(data_dir=path.parent, organiser_secret=SECRET)).state.engine.dispose()
    run_sql(path, "UPDATE alembic_version SET version_num = '9999'")


def migrations_config(url: str) -> Config:
    """The alembic configuration the `alembic` command uses from the repository's root."""
    config = Config(str(REPO / "alembic.ini"))
    config.set_main_option("sqlalchemy.url", url)
    config.attributes["configure_logger"] = False
    return config


def test_database_made_before_migrations_is_upgraded_and_keeps_its_data(tmp_path: Path) -> None:
    write_database_before_migrations(tmp_path / "zelfscan.db")

    app = create_app(Settings(data_dir=tmp_path, organiser_secret=SECRET))

    assert revision_of(tmp_path / "zelfscan.db") == [HEAD]
    with TestClient(app) as client:
        meeting = client.get("/api/meetings/1", headers=AUTH)
        assert meeting.status_code == 200, meeting.text
        assert meeting.json()["region"] == "Regio Oud"
        assert [m["name"] for m in meeting.json()["municipalities"]] == ["Amstelveen", "Bussum"]

        # The follow-up's old link (previous_meeting_id) became its results source (0002).
        follow_up = client.get("/api/meetings/2", headers=AUTH).json()
        assert (follow_up["scan_source_id"], follow_up["earlier_scan_id"]) == (1, None)
        assert follow_up["timezone"] == "Europe/Amsterdam"
        follow_up_scores = client.get("/api/meetings/2/results?privacy=named", headers=AUTH).json()["municipalities"]
        assert {m["label"]: m["scores"]["1"] for m in follow_up_scores} == {"Amstelveen": 100, "Bussum": 0}

        results = client.get("/api/meetings/1/results?privacy=named", headers=AUTH)
        assert results.status_code == 200, results.text
        scores = {m["label"]: m["scores"] for m in results.json()["municipalities"]}
        assert scores["Amstelveen"]["1"] == 100  # question 1 is standard 1's only question
        assert scores["Bussum"]["1"] == 0

        client.cookies.set("zs_p_OUD111", "tok-anna")
        room = client.get("/api/j/OUD111/room")
        assert room.status_code == 200, room.text
        by_number = {q["question"]: q for q in room.json()["questions"]}
        assert by_number[1]["toelichting"] == "Visie vastgesteld door de raad in 2025"
        assert by_number[1]["own_view"] == "op_orde"
        assert by_number[14]["checklist"] == ["a", "c"]
        client.cookies.clear()

        verslag = client.get("/organisator/bijeenkomsten/2/export/verslag?privacy=named", headers=AUTH)
        assert verslag.status_code == 200, verslag.text
        for text in ("Te weinig tijd voor casusoverleg", "Vooral met beleidsmedewerkers ingevuld", "Uitnodiging"):
            assert text in verslag.text

        plan = client.get("/api/meetings/2/export/plan/3.docx?privacy=named", headers=AUTH)
        assert plan.status_code == 200, plan.text
        cells = [
            cell.text for table in Document(io.BytesIO(plan.content)).tables for row in table.rows for cell in row.cells
        ]
        assert any("Visie actualiseren met de wijkteams" in cell for cell in cells)


def test_app_started_twice_on_an_upgraded_database_changes_nothing(tmp_path: Path) -> None:
    write_database_before_migrations(tmp_path / "zelfscan.db")
    create_app(Settings(data_dir=tmp_path, organiser_secret=SECRET)).state.engine.dispose()
    engine = create_app(Settings(data_dir=tmp_path, organiser_secret=SECRET)).state.engine

    assert db.prepare_database(engine) == f"Database is actueel (schema {HEAD})."
    assert revision_of(tmp_path / "zelfscan.db") == [HEAD]


def test_baseline_is_the_schema_databases_had_before_migrations(tmp_path: Path) -> None:
    """Databases made before migrations are stamped at the baseline, so the two must be the same schema."""
    before = tmp_path / "before.db"
    run_sql(before, SCHEMA_BEFORE_MIGRATIONS.read_text(encoding="utf-8"))
    command.upgrade(migrations_config(f"sqlite:///{tmp_path / 'baseline.db'}"), BASELINE_REVISION)

    schema_before = MetaData()
    schema_before.reflect(create_engine(f"sqlite:///{before}"))
    with create_engine(f"sqlite:///{tmp_path / 'baseline.db'}").connect() as connection:
        assert schema_differences(connection, schema_before) == []


def test_migrations_agree_with_the_models(tmp_path: Path) -> None:
    """`alembic check`: a database upgraded by the migrations alone has the models' schema, types included."""
    url = f"sqlite:///{tmp_path / 'migrated.db'}"
    command.upgrade(migrations_config(url), "head")

    with create_engine(url).connect() as connection:
        assert schema_differences(connection, register_tables().metadata) == []


def test_model_check_notices_a_changed_column_type(tmp_path: Path) -> None:
    """The check above is strict: a column whose type changed in a model without a migration is a difference."""
    url = f"sqlite:///{tmp_path / 'migrated.db'}"
    command.upgrade(migrations_config(url), "head")
    models = MetaData()
    for table in register_tables().metadata.tables.values():
        table.to_metadata(models)
    column = models.tables["planrow"].c.huidige_stand
    column.type = String() if isinstance(column.type, JSON) else JSON()

    with create_engine(url).connect() as connection:
        differences = schema_differences(connection, models)

    assert [d[0][:4] for d in differences if isinstance(d, list)] == [("modify_type", None, "planrow", "huidige_stand")]


def test_every_migration_can_be_undone(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'migrated.db'}"
    command.upgrade(migrations_config(url), "head")
    command.downgrade(migrations_config(url), "base")

    assert tables_of(tmp_path / "migrated.db") == {"alembic_version"}


def test_new_database_gets_the_models_schema_at_head(tmp_path: Path) -> None:
    create_app(Settings(data_dir=tmp_path, organiser_secret=SECRET))

    assert revision_of(tmp_path / "zelfscan.db") == [HEAD]


def test_database_of_a_newer_version_is_refused(tmp_path: Path) -> None:
    stamp_newer_revision(tmp_path / "zelfscan.db")

    with pytest.raises(DatabaseNotReady) as refusal:
        create_app(Settings(data_dir=tmp_path, organiser_secret=SECRET))

    message = str(refusal.value)
    assert "nieuwer dan deze versie van Zelfscan Live" in message
    assert "newer than this version of Zelfscan Live" in message
    assert "schema 9999" in message and HEAD in message
    assert revision_of(tmp_path / "zelfscan.db") == ["9999"]


def test_python_m_app_refuses_a_newer_database_without_a_traceback(tmp_path: Path) -> None:
    stamp_newer_revision(tmp_path / "zelfscan.db")
    env = {**os.environ, "ZELFSCAN_DATA_DIR": str(tmp_path), "ZELFSCAN_ORGANISER_SECRET": SECRET}

    started = subprocess.run(
        [sys.executable, "-m", "app"], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=60
    )

    assert started.returncode == 1
    assert "De database heeft schema 9999, nieuwer dan" in started.stderr
    assert "The database is at schema 9999, newer than" in started.stderr
    assert "Traceback" not in started.stderr
    assert "draait" not in started.stdout


def test_database_before_migrations_that_differs_from_the_baseline_is_refused_untouched(tmp_path: Path) -> None:
    """An older table (here: meeting without scan_kind) is never stamped as if it were the baseline."""
    schema = SCHEMA_BEFORE_MIGRATIONS.read_text(encoding="utf-8").replace("\tscan_kind VARCHAR NOT NULL,\n", "")
    data = DATA_BEFORE_MIGRATIONS.replace("'named', 'nulmeting',", "'named',").replace(
        "'named', 'evaluatie',", "'named',"
    )
    run_sql(tmp_path / "zelfscan.db", schema + data)

    with pytest.raises(DatabaseNotReady, match="nothing was changed") as refusal:
        create_app(Settings(data_dir=tmp_path, organiser_secret=SECRET))

    assert "scan_kind" in str(refusal.value)
    assert "alembic_version" not in tables_of(tmp_path / "zelfscan.db")
    assert rows(tmp_path / "zelfscan.db", "SELECT count(*) FROM meeting") == [(2,)]


REBUILD_MEETING = '''
"""Test only: rebuild the meeting table (as SQLite batch mode does for most changes) and add a column."""

import sqlalchemy as sa
from alembic import op

revision = "9001"
down_revision = "{down}"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("meeting", recreate="always") as batch_op:
        batch_op.add_column(sa.Column("note", sa.String(), nullable=False, server_default=""))
    {fail}


def downgrade() -> None:
    with op.batch_alter_table("meeting") as batch_op:
        batch_op.drop_column("note")
'''


def with_extra_revision(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, *, fail: bool) -> None:
    """The app's migrations plus one more revision that rebuilds the meeting table (and maybe fails)."""
    migrations = tmp_path / "migrations"
    shutil.copytree(db.MIGRATIONS_DIR, migrations, ignore=shutil.ignore_patterns("__pycache__"))
    (migrations / "versions" / "9001_rebuild_meeting.py").write_text(
        REBUILD_MEETING.format(down=HEAD, fail='raise RuntimeError("migration failed halfway")' if fail else "pass")
    )
    monkeypatch.setattr(db, "MIGRATIONS_DIR", migrations)


def test_upgrade_rebuilding_a_referenced_table_keeps_every_row(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Adding a column to Meeting and restarting: the table is rebuilt under its children, nothing is lost."""
    write_database_before_migrations(tmp_path / "zelfscan.db")
    create_app(Settings(data_dir=tmp_path, organiser_secret=SECRET)).state.engine.dispose()
    with_extra_revision(tmp_path, monkeypatch, fail=False)

    engine = db.make_engine(f"sqlite:///{tmp_path / 'zelfscan.db'}")
    assert db.prepare_database(engine) == f"Database bijgewerkt van schema {HEAD} naar 9001."
    engine.dispose()

    database = tmp_path / "zelfscan.db"
    assert revision_of(database) == ["9001"]
    assert rows(database, "SELECT id, region, note FROM meeting") == [(1, "Regio Oud", ""), (2, "Regio Oud", "")]
    assert rows(database, "SELECT count(*) FROM meetingblock") == [(7,)]
    assert rows(database, "SELECT municipality_id, question, checklist FROM roomanswer WHERE id = 2") == [
        (1, 14, '["a", "c"]')
    ]
    assert rows(database, "PRAGMA foreign_key_check") == []
    assert rows(database, "PRAGMA journal_mode") == [("wal",)]


def test_failed_upgrade_leaves_the_database_as_it_was(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_database_before_migrations(tmp_path / "zelfscan.db")
    create_app(Settings(data_dir=tmp_path, organiser_secret=SECRET)).state.engine.dispose()
    with_extra_revision(tmp_path, monkeypatch, fail=True)

    engine = db.make_engine(f"sqlite:///{tmp_path / 'zelfscan.db'}")
    with pytest.raises(RuntimeError, match="migration failed halfway"):
        db.prepare_database(engine)
    engine.dispose()

    database = tmp_path / "zelfscan.db"
    assert revision_of(database) == [HEAD]
    assert "note" not in [row[1] for row in rows(database, "PRAGMA table_info(meeting)")]
    assert not [table for table in tables_of(database) if table.startswith("_alembic_tmp")]
    assert rows(database, "SELECT count(*) FROM meeting") == [(2,)]


def test_alembic_config_of_the_app_and_of_the_command_line_find_the_same_scripts() -> None:
    from_ini = ScriptDirectory.from_config(Config(str(REPO / "alembic.ini")))
    from_app = ScriptDirectory.from_config(alembic_config())

    assert Path(from_ini.dir).resolve() == Path(from_app.dir).resolve() == REPO / "migrations"
    assert from_ini.get_current_head() == from_app.get_current_head() == HEAD


def test_migrations_form_one_line_of_revisions() -> None:
    """Two branches that each added a revision must be joined (`alembic merge heads`) before they ship."""
    script = ScriptDirectory(str(db.MIGRATIONS_DIR))

    assert script.get_heads() == [HEAD]
    assert script.get_base() == BASELINE_REVISION


# What the races of the version before 0003 left behind: a wheel seeded three times over by
# simultaneous first opens, a plan drafted twice by two members opening it at once, and two late
# municipalities added at the same moment that got the same position (the same anonymous letter).
RACE_LEFTOVERS = """
INSERT INTO wheelquestion VALUES
 (3, 2, 'Met wie is de zelfscan ingevuld?', 0, 0), (4, 2, 'Wat viel op bij het invullen?', 1, 0),
 (5, 2, 'Met wie is de zelfscan ingevuld?', 0, 0);
INSERT INTO wheelspin VALUES (2, 2, 4, 0, 1796000850.0, 'gespreksleider');
INSERT INTO planrow VALUES
 (2, 2, 3, '3-6', 'Vraag 3', '', '', '', '', '', '', '', 'lokaal', 3, 0, 0, '{}', 1796004000.0),
 (3, 2, 3, '3-6', 'Vraag 3', '', '', '', '', '', '', '', 'lokaal', 3, 1, 0, '{}', 1796004000.0),
 (4, 2, 3, '3-6', 'Vraag 3', 'Al begonnen', '', '', '', '', '', '', 'lokaal', 3, 2, 1, '{"huidige_stand": 1}',
  1796004100.0);
INSERT INTO municipality VALUES (4, 2, 'Bussum', 1), (5, 2, 'Castricum', 1);
"""


def test_upgrade_clears_what_the_old_races_left_and_keeps_field_versions(tmp_path: Path) -> None:
    path = tmp_path / "zelfscan.db"
    write_database_before_migrations(path)
    run_sql(path, RACE_LEFTOVERS)

    create_app(Settings(data_dir=tmp_path, organiser_secret=SECRET))

    wheel = rows(path, "SELECT id, position FROM wheelquestion WHERE meeting_id = 2 ORDER BY position")
    assert wheel == [(1, 0), (2, 1), (4, 2)]  # the spun duplicate moved to the end; unused copies are gone
    plan = rows(path, "SELECT id, source_question, huidige_stand FROM planrow WHERE municipality_id = 3 ORDER BY id")
    assert plan == [(1, 1, "Visie uit 2019"), (2, 3, ""), (4, None, "Al begonnen")]  # no typed text lost
    positions = rows(path, "SELECT name, position FROM municipality WHERE meeting_id = 2 ORDER BY position")
    assert positions == [("Amstelveen", 0), ("Bussum", 1), ("Castricum", 2)]
    versions = rows(
        path, "SELECT field_versions FROM themeanswer UNION ALL SELECT field_versions FROM planrow WHERE id = 1"
    )
    assert [json.loads(v) for (v,) in versions] == [
        {"knelpunten": 1, "kansen": 2, "quick_win": 3},
        {"maatregel": 1, "wie": 2},
    ]

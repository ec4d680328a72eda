"""Benchmark: how long each export takes for a full region (not a test; prints figures).

`python -m bench.export_bench` creates, in a throw-away SQLite file, a startbijeenkomst with 25
municipalities (three participants each, with their own views), every one of the 31 answers and
every toelichting and nuancering filled in, and an earlier scan to compare with. It then times
each export (best and median of a few runs): the verslag as Word and as HTML, the results
workbook, one municipality's plan van aanpak, the regional plan, one municipality's factsheet,
and importing the workbook into a fresh meeting. No thresholds are asserted.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from sqlmodel import Session, select

from app.catalog.loader import load_catalog
from app.core.db import create_schema, make_engine
from app.core.web import render_fragment
from app.exports import service
from app.meetings import service as meetings
from app.meetings.models import Meeting, Participant
from app.meetings.schemas import MeetingCreate
from app.signin import accounts
from app.signin.models import Organiser
from app.zelfscan.models import ParticipantView, RoomAnswer

STATUSES = ("op_orde", "niet_op_orde", "open")
ROLES = ("beleid", "uitvoering", "veilig_thuis")


def _organiser(session: Session) -> int:
    """The benchmark's organiser account (meetings belong to one)."""
    found = session.exec(select(Organiser)).first()
    if found is None:
        found, _key = accounts.add_organiser(session=session, data=accounts.OrganiserCreate(name="Benchmark"))
    return found.id or 0


def _meeting(session: Session, count: int, earlier: int | None, rng: random.Random) -> Meeting:
    catalog = load_catalog()
    names = [f"Gemeente{n:02d}dorp" for n in range(count)]
    data = MeetingCreate(
        region="Regio Benchmark",
        date=dt.date(2026, 12, 1),
        municipalities=names,
        privacy_mode="named",
        earlier_scan_id=earlier,
    )
    meeting = meetings.create_meeting(session=session, catalog=catalog, data=data, organiser_id=_organiser(session))
    questions = len(catalog.question_set(meeting.question_set_key).questions)
    for municipality in meetings.municipalities_of(session=session, meeting=meeting):
        people = []
        for index, role in enumerate(ROLES):
            person = Participant(
                meeting_id=meeting.id or 0,
                municipality_id=municipality.id or 0,
                token=f"t{municipality.id}-{index}",
                name=f"Deelnemer {index}",
                role=role,
                joined_at=time.time(),
            )
            session.add(person)
            people.append(person)
        session.flush()
        for q in range(1, questions + 1):
            status = rng.choice(STATUSES[:2])
            text = (
                f"In {municipality.name} is dit {'geregeld' if status == 'op_orde' else 'nog niet geregeld'}; "
                + "toelichting " * rng.randint(5, 40)
            )
            session.add(
                RoomAnswer(
                    meeting_id=meeting.id or 0,
                    municipality_id=municipality.id or 0,
                    question=q,
                    status=status,
                    toelichting=text,
                    nuancering="nuancering " * rng.randint(1, 15),
                    version=1,
                )
            )
            for person in people:
                view = status if rng.random() < 0.8 else rng.choice(STATUSES[:2])
                session.add(
                    ParticipantView(
                        meeting_id=meeting.id or 0,
                        municipality_id=municipality.id or 0,
                        participant_id=person.id or 0,
                        question=q,
                        status=view,
                    )
                )
    session.commit()
    return meeting


def _time(label: str, runs: int, action: Callable[[], int]) -> None:
    durations = []
    size = 0
    for _ in range(runs):
        started = time.perf_counter()
        size = action()
        durations.append(time.perf_counter() - started)
    print(
        f"{label:<34} best {min(durations):6.2f} s   median {statistics.median(durations):6.2f} s   "
        f"{size / 1024:8.0f} KiB"
    )


def main() -> None:
    """Build the data, time every export, print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--municipalities", type=int, default=25)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    rng = random.Random(4)
    catalog = load_catalog()
    with tempfile.TemporaryDirectory() as tmp:
        engine = make_engine(f"sqlite:///{Path(tmp) / 'bench.db'}")
        create_schema(engine)
        with Session(engine, expire_on_commit=False) as session:
            started = time.perf_counter()
            earlier = _meeting(session, args.municipalities, None, rng)
            meeting = _meeting(session, args.municipalities, earlier.id, rng)
            print(
                f"data: {args.municipalities} municipalities x 31 answers (+ earlier scan) "
                f"in {time.perf_counter() - started:.1f} s; {os.cpu_count()} CPUs"
            )
            first = meetings.municipalities_of(session=session, meeting=meeting)[0]

            def html() -> int:
                document, _ = service.verslag_page(
                    session=session, catalog=catalog, meeting=meeting, privacy="anonymised"
                )
                return len(
                    render_fragment(
                        "exports/verslag.html", document=document, data_uri=service.data_uri, toolbar=[]
                    ).encode()
                )

            workbook = service.results_xlsx(session=session, catalog=catalog, meeting=meeting, privacy="named").content
            _time(
                "verslag.docx (anonymised)",
                args.runs,
                lambda: len(
                    service.verslag_docx(
                        session=session, catalog=catalog, meeting=meeting, privacy="anonymised"
                    ).content
                ),
            )
            _time(
                "verslag.docx (regional)",
                args.runs,
                lambda: len(
                    service.verslag_docx(session=session, catalog=catalog, meeting=meeting, privacy="regional").content
                ),
            )
            _time("verslag HTML (anonymised)", args.runs, html)
            _time(
                "resultaten.xlsx (named)",
                args.runs,
                lambda: len(
                    service.results_xlsx(session=session, catalog=catalog, meeting=meeting, privacy="named").content
                ),
            )
            _time(
                "plan/{id}.docx (one municipality)",
                args.runs,
                lambda: len(
                    service.plan_docx(
                        session=session, catalog=catalog, meeting=meeting, municipality_id=first.id
                    ).content
                ),
            )
            _time(
                "plan/regio.docx (named)",
                args.runs,
                lambda: len(
                    service.plan_docx(
                        session=session, catalog=catalog, meeting=meeting, municipality_id=None, privacy="named"
                    ).content
                ),
            )

            _time(
                "factsheet, one municipality",
                args.runs,
                lambda: len(
                    service.factsheet_docx(
                        session=session, catalog=catalog, meeting=meeting, municipality_id=first.id or 0
                    ).content
                ),
            )

            def import_once() -> int:
                target = meetings.create_meeting(
                    session=session,
                    catalog=catalog,
                    data=MeetingCreate(
                        region="Doel",
                        date=dt.date(2026, 12, 2),
                        municipalities=[m.name for m in meetings.municipalities_of(session=session, meeting=meeting)],
                    ),
                    organiser_id=meeting.organiser_id,
                )
                service.import_file(
                    session=session, catalog=catalog, meeting=target, filename="resultaten.xlsx", data=workbook
                )
                return len(workbook)

            _time("import resultaten.xlsx (fresh)", args.runs, import_once)
        engine.dispose()


if __name__ == "__main__":
    main()

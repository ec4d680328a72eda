"""Helpers for the export tests: a factory for meetings with filled-in scans, and zip inspection."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from dataclasses import dataclass

from sqlmodel import Session

from app.catalog.loader import Catalog
from app.meetings import service as meetings
from app.meetings.models import Meeting, Municipality
from app.meetings.schemas import MeetingCreate
from app.signin.models import FIRST_ADMINISTRATOR
from app.zelfscan.models import RoomAnswer

EXPORT_SECRET = "test-secret-123456"
NAMES = ("Amstelveen", "Bussum", "Castricum")
STATUS_CYCLE = ("op_orde", "niet_op_orde", "open")


def status_for(question: int, position: int) -> str:
    """The deterministic answer pattern of the factory."""
    return STATUS_CYCLE[(question + position) % 3]


@dataclass
class ScanFactory:
    """Creates meetings (through the service) and fills in their rooms' answers."""

    session: Session
    catalog: Catalog

    def meeting(self, names: tuple[str, ...] = NAMES, **fields: object) -> Meeting:
        data = MeetingCreate.model_validate(
            {
                "region": "Regio Testland",
                "date": dt.date(2026, 12, 1),
                "municipalities": list(names),
                "privacy_mode": "anonymised",
                **fields,
            }
        )
        return meetings.create_meeting(
            session=self.session, catalog=self.catalog, data=data, organiser_id=FIRST_ADMINISTRATOR
        )

    def municipalities(self, meeting: Meeting) -> dict[str, Municipality]:
        return {m.name: m for m in meetings.municipalities_of(session=self.session, meeting=meeting)}

    def fill(
        self,
        meeting: Meeting,
        *,
        toelichting: str = "Toelichting {name} vraag {q}",
        nuancering: str = "",
        shift: int = 0,
    ) -> None:
        """Answer every question in every room with a fixed pattern; texts may use {name} and {q}."""
        for name, m in self.municipalities(meeting).items():
            for q in range(1, len(self.catalog.question_set(meeting.question_set_key).questions) + 1):
                self.session.add(
                    RoomAnswer(
                        meeting_id=meeting.id or 0,
                        municipality_id=m.id or 0,
                        question=q,
                        status=status_for(q, m.position + shift),
                        toelichting=toelichting.format(name=name, q=q),
                        nuancering=nuancering.format(name=name, q=q),
                        version=1,
                    )
                )
        self.session.commit()

    def answer(
        self, meeting: Meeting, name: str, question: int, status: str, toelichting: str = "", nuancering: str = ""
    ) -> None:
        """Set one room answer directly."""
        m = self.municipalities(meeting)[name]
        self.session.add(
            RoomAnswer(
                meeting_id=meeting.id or 0,
                municipality_id=m.id or 0,
                question=question,
                status=status,
                toelichting=toelichting,
                nuancering=nuancering,
                version=1,
            )
        )
        self.session.commit()


def zip_texts(data: bytes) -> dict[str, str]:
    """Every XML/text part of a .docx or .xlsx, decoded (binary parts skipped)."""
    parts = {}
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in archive.namelist():
            if name.endswith((".xml", ".rels", ".vml")):
                parts[name] = archive.read(name).decode("utf-8")
    return parts


def names_found(data: bytes, names: tuple[str, ...] = NAMES) -> list[tuple[str, str]]:
    """(part, name) for every municipality name that occurs anywhere in the file's XML."""
    return [(part, name) for part, text in zip_texts(data).items() for name in names if name.lower() in text.lower()]

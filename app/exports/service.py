"""Entry points for the routes: each export as a file (bytes, content type, filename)."""

from __future__ import annotations

import base64
from dataclasses import dataclass
from urllib.parse import quote

from sqlmodel import Session

from app.catalog.loader import Catalog
from app.core.privacy import resolve_mode, slug
from app.exports import content as c
from app.exports import followup_sources  # noqa: F401  (registers the follow-up data as export sources, once)
from app.exports.docx_writer import write_docx
from app.exports.importer import ImportReport, import_results
from app.exports.minutes import build_minutes
from app.exports.plan import PlanRow, build_plan
from app.exports.plan_region import build_region_plan
from app.exports.workbook import build_workbook
from app.meetings.models import Meeting
from app.meetings.service import get_municipality, municipality_label

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class ExportFile:
    content: bytes
    media_type: str
    filename: str

    def headers(self) -> dict[str, str]:
        """Content-Disposition for a download (ASCII name plus the RFC 5987 form)."""
        return {
            "Content-Disposition": f"attachment; filename=\"{self.filename}\"; filename*=UTF-8''{quote(self.filename)}"
        }


def _stem(meeting: Meeting) -> str:
    # Never the region or a municipality: the filename travels in mail subjects and file lists.
    return f"zelfscan-{meeting.date.isoformat()}-bijeenkomst-{meeting.id}"


def verslag_docx(*, session: Session, catalog: Catalog, meeting: Meeting, privacy: str | None = None) -> ExportFile:
    """The verslag as a Word document."""
    mode = resolve_mode(meeting=meeting, requested=privacy)
    document = build_minutes(session=session, catalog=catalog, meeting=meeting, mode=mode)
    return ExportFile(write_docx(document=document), DOCX, f"verslag-{_stem(meeting)}.docx")


def verslag_page(
    *, session: Session, catalog: Catalog, meeting: Meeting, privacy: str | None = None
) -> tuple[c.Document, str]:
    """The verslag's content for the HTML page, and the privacy mode it was built in."""
    mode = resolve_mode(meeting=meeting, requested=privacy)
    return build_minutes(session=session, catalog=catalog, meeting=meeting, mode=mode), mode


def results_xlsx(*, session: Session, catalog: Catalog, meeting: Meeting, privacy: str | None = None) -> ExportFile:
    """The results workbook."""
    mode = resolve_mode(meeting=meeting, requested=privacy)
    content = build_workbook(session=session, catalog=catalog, meeting=meeting, mode=mode)
    return ExportFile(content, XLSX, f"resultaten-{_stem(meeting)}.xlsx")


def plan_docx(
    *,
    session: Session,
    catalog: Catalog,
    meeting: Meeting,
    municipality_id: int | None,
    privacy: str | None = None,
    rows: list[PlanRow] | None = None,
) -> ExportFile:
    """The plan van aanpak of one municipality (or the region when municipality_id is None)."""
    mode = resolve_mode(meeting=meeting, requested=privacy)
    municipality = (
        get_municipality(session=session, meeting=meeting, municipality_id=municipality_id)
        if municipality_id is not None
        else None
    )
    document = (
        build_region_plan(session=session, catalog=catalog, meeting=meeting, mode=mode)
        if municipality is None
        else build_plan(
            session=session, catalog=catalog, meeting=meeting, mode=mode, municipality=municipality, rows=rows
        )
    )
    owner = "regio" if municipality is None else slug(municipality_label(municipality, mode))
    return ExportFile(write_docx(document=document), DOCX, f"plan-van-aanpak-{owner}-{_stem(meeting)}.docx")


def import_file(*, session: Session, catalog: Catalog, meeting: Meeting, filename: str, data: bytes) -> ImportReport:
    """Import a results workbook or CSV into the meeting (all or nothing)."""
    return import_results(session=session, catalog=catalog, meeting=meeting, filename=filename or "bestand", data=data)


def data_uri(png: bytes) -> str:
    """An inline image for the HTML verslag (no request leaves the page)."""
    return "data:image/png;base64," + base64.b64encode(png).decode("ascii")

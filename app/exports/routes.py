"""Downloads of the verslag, the results workbook and the plans van aanpak, and the import.

Every download exists twice: as a page under /organisator/bijeenkomsten/{id}/export/... (Dutch paths)
for the organiser's browser (cookie) and under /api/meetings/{id}/export/... (English paths) for
scripts (Authorization: Bearer <organiser secret>); the printable verslag is a page only. The file
names stay Dutch. `?privacy=named|anonymised|regional` overrides the meeting's privacy mode for one
download. The old page URLs under /organisator/meetings/{id}/... redirect permanently.
"""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, File, Query, Request, UploadFile
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response

from app.core.deps import CatalogDep, HubDep, OrganiserMeeting, SessionDep
from app.core.inputs import Id
from app.core.moved import add_moved_page
from app.core.web import REDIRECT, render
from app.exports import service
from app.exports.importer import MAX_IMPORT_BYTES, ImportRefused, ImportReport
from app.live import events
from app.live.hub import Hub
from app.meetings.service import municipalities_of, municipality_label
from app.zelfscan.scoring import PRIVACY_LABELS

router = APIRouter()
ORGANISER = "/organisator/bijeenkomsten/{meeting_id}"
OLD_ORGANISER = "/organisator/meetings/{meeting_id}"
API = "/api/meetings/{meeting_id}"
Privacy = Annotated[
    str | None, Query(description="named, anonymised of regional; standaard de stand van de bijeenkomst")
]


def _download(file: service.ExportFile) -> Response:
    return Response(file.content, media_type=file.media_type, headers=file.headers())


def _file(media_type: str, what: str) -> dict[int | str, dict[str, Any]]:
    """The OpenAPI of a download: the file's own media type (and no JSON)."""
    return {200: {"description": what, "content": {media_type: {"schema": {"type": "string", "format": "binary"}}}}}


@router.get(ORGANISER + "/export", response_class=HTMLResponse)
def export_page(request: Request, meeting: OrganiserMeeting, session: SessionDep, melding: str = "") -> HTMLResponse:
    """The organiser's page with every download and the import form."""
    municipalities = [
        (m.id, municipality_label(m, "named")) for m in municipalities_of(session=session, meeting=meeting)
    ]
    return render(
        request,
        "exports/index.html",
        meeting=meeting,
        municipalities=municipalities,
        privacy_labels=PRIVACY_LABELS,
        message=melding[:300],
    )


@router.get(ORGANISER + "/export/verslag.docx", response_class=Response, responses=_file(service.DOCX, "Het verslag"))
@router.get(
    API + "/export/minutes.docx", tags=["api"], response_class=Response, responses=_file(service.DOCX, "Het verslag")
)
def verslag_docx(
    meeting: OrganiserMeeting, session: SessionDep, catalog: CatalogDep, privacy: Privacy = None
) -> Response:
    """The verslag as a Word document."""
    return _download(service.verslag_docx(session=session, catalog=catalog, meeting=meeting, privacy=privacy))


@router.get(ORGANISER + "/export/verslag", response_class=HTMLResponse)
def verslag_page(
    request: Request, meeting: OrganiserMeeting, session: SessionDep, catalog: CatalogDep, privacy: Privacy = None
) -> HTMLResponse:
    """The verslag as a printable page (print to PDF)."""
    document, mode = service.verslag_page(session=session, catalog=catalog, meeting=meeting, privacy=privacy)
    base = request.url.path.rsplit("/", 1)[0]
    toolbar = [
        ("Word (.docx)", f"{base}/verslag.docx?privacy={mode}"),
        ("Excel (.xlsx)", f"{base}/resultaten.xlsx?privacy={mode}"),
    ]
    return render(request, "exports/verslag.html", document=document, data_uri=service.data_uri, toolbar=toolbar)


@router.get(ORGANISER + "/export/resultaten.xlsx", response_class=Response, responses=_file(service.XLSX, "De werkmap"))
@router.get(
    API + "/export/results.xlsx", tags=["api"], response_class=Response, responses=_file(service.XLSX, "De werkmap")
)
def resultaten_xlsx(
    meeting: OrganiserMeeting, session: SessionDep, catalog: CatalogDep, privacy: Privacy = None
) -> Response:
    """The results workbook."""
    return _download(service.results_xlsx(session=session, catalog=catalog, meeting=meeting, privacy=privacy))


@router.get(ORGANISER + "/export/plan/regio.docx", response_class=Response, responses=_file(service.DOCX, "Het plan"))
@router.get(
    API + "/export/plan/region.docx", tags=["api"], response_class=Response, responses=_file(service.DOCX, "Het plan")
)
def plan_regio_docx(
    meeting: OrganiserMeeting, session: SessionDep, catalog: CatalogDep, privacy: Privacy = None
) -> Response:
    """The regional plan van aanpak."""
    return _download(
        service.plan_docx(session=session, catalog=catalog, meeting=meeting, municipality_id=None, privacy=privacy)
    )


@router.get(
    ORGANISER + "/export/plan/{municipality_id}.docx",
    response_class=Response,
    responses=_file(service.DOCX, "Het plan"),
)
@router.get(
    API + "/export/plan/{municipality_id}.docx",
    tags=["api"],
    response_class=Response,
    responses=_file(service.DOCX, "Het plan"),
)
def plan_docx(
    municipality_id: Id, meeting: OrganiserMeeting, session: SessionDep, catalog: CatalogDep, privacy: Privacy = None
) -> Response:
    """One municipality's plan van aanpak."""
    return _download(
        service.plan_docx(
            session=session, catalog=catalog, meeting=meeting, municipality_id=municipality_id, privacy=privacy
        )
    )


def _read_upload(upload: UploadFile) -> bytes:
    return upload.file.read(MAX_IMPORT_BYTES + 1)


# An upload's body is the file and the multipart wrapping around it; other bodies have the app's small limit.
IMPORT_BODY_LIMIT = MAX_IMPORT_BYTES + 64 * 1024
BODY_LIMITS = tuple((path + "/import", IMPORT_BODY_LIMIT) for path in (ORGANISER, OLD_ORGANISER, API))


def _announce(hub: Hub, meeting_id: int, report: ImportReport) -> None:
    """Tell the screens of the meeting, and of the startbijeenkomst the answers went into, to refresh."""
    events.meeting_changed(hub, meeting_id)
    if report.meeting_id and report.meeting_id != meeting_id:
        events.meeting_changed(hub, report.meeting_id)


@router.post(ORGANISER + "/import", response_class=HTMLResponse, responses=REDIRECT)
def import_page(
    meeting: OrganiserMeeting,
    session: SessionDep,
    catalog: CatalogDep,
    hub: HubDep,
    file: Annotated[UploadFile, File()],
) -> Response:
    """Import results from the organiser's page; back to the export page with a message."""
    report = service.import_file(
        session=session, catalog=catalog, meeting=meeting, filename=file.filename or "", data=_read_upload(file)
    )
    _announce(hub, meeting.id or 0, report)
    return RedirectResponse(
        f"/organisator/bijeenkomsten/{meeting.id}/export?melding={quote(report.message())}", status_code=303
    )


@router.post(API + "/import", tags=["api"])
def import_api(
    meeting: OrganiserMeeting,
    session: SessionDep,
    catalog: CatalogDep,
    hub: HubDep,
    file: Annotated[UploadFile, File()],
) -> JSONResponse:
    """Import results; a refused file answers 422 with every problem listed."""
    try:
        report = service.import_file(
            session=session, catalog=catalog, meeting=meeting, filename=file.filename or "", data=_read_upload(file)
        )
    except ImportRefused as refused:
        return JSONResponse({"detail": refused.message, "errors": refused.problems}, status_code=refused.status_code)
    _announce(hub, meeting.id or 0, report)
    return JSONResponse(
        {
            "rows": report.rows,
            "municipalities": report.municipalities,
            "answers_changed": report.answers_changed,
            "changes": report.changes,
            "message": report.message(),
            "notices": report.notices,
        }
    )


for _page in (
    "/export",
    "/export/verslag",
    "/export/verslag.docx",
    "/export/resultaten.xlsx",
    "/export/plan/regio.docx",
    "/export/plan/{municipality_id}.docx",
):
    add_moved_page(router, OLD_ORGANISER + _page, ORGANISER + _page)
add_moved_page(router, OLD_ORGANISER + "/import", ORGANISER + "/import", methods=("POST",))

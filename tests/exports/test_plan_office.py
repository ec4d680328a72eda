"""The plans van aanpak as an official opens them: converted to PDF by LibreOffice, read with pdftotext.

Two conversions for the whole module: Bussum's own plan (anonymised meeting, drafted rows long enough
to run over pages) and the regional plan of a 25-municipality meeting.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from sqlmodel import Session

from app.catalog.loader import load_catalog
from app.core.db import create_schema, make_engine
from app.exports import service
from app.followup.models import PlanRow, Theme, ThemeAnswer
from tests.support.office import convert, pdf_page_count, pdf_pages
from tests.support.scans import ScanFactory

NAMES_25 = (
    "Bussum", "Best", "Buren", "Ede", "Oss", "Putten", "Vaals", "Wijchen", "Houten", "Huizen",
    "Castricum", "Amstelveen", "Bergen", "Losser", "Kampen", "Duiven", "Voorst", "Hulst", "Sluis", "Beek",
    "Laren", "Weert", "Delft", "Leiden", "Hoorn",
)  # fmt: skip
GROUPS = ("1-2", "3-6", "4-5-7-8", "9", "10")
GROUP_HEADINGS = {
    "1-2": "Kwaliteitsstandaarden 1 en 2",
    "3-6": "Kwaliteitsstandaarden 3 en 6",
    "4-5-7-8": "Kwaliteitsstandaarden 4, 5, 7, 8",
    "9": "Kwaliteitsstandaard 9:",
    "10": "Kwaliteitsstandaard 10:",
}
LONG = (
    "Het team werkt met een eigen lijst en er is geen vaste werkwijze; de aandachtsfunctionaris is overbelast en "
    "de afspraken met het onderwijs en de huisartsen zijn nog niet vastgelegd in een convenant. "
)
OWN_PAGES_MAX = 18  # 15 rows with long texts (about 450 characters a row)
REGION_PAGES_MAX = 16  # the old regional plan was 54 pages for this meeting size


@dataclass
class Converted:
    pages: list[str]
    page_count: int


@pytest.fixture(scope="module")
def plans(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Converted]]:
    folder = tmp_path_factory.mktemp("plans")
    engine = make_engine(f"sqlite:///{folder / 'plans.db'}")
    create_schema(engine)
    catalog = load_catalog()
    with Session(engine, expire_on_commit=False) as db:
        scans = ScanFactory(db, catalog)
        meeting = scans.meeting(NAMES_25, privacy_mode="anonymised")
        scans.fill(meeting, toelichting="Bij {name} loopt vraag {q} nog niet: " + LONG)
        municipalities = scans.municipalities(meeting)
        for m in municipalities.values():
            for index, group in enumerate(GROUPS * 3):
                db.add(
                    PlanRow(
                        meeting_id=meeting.id or 0,
                        municipality_id=m.id or 0,
                        group=group,
                        maatregel=f"Maatregel {group} nummer {index}",
                        huidige_stand=LONG * 2,
                        verbeteractie=LONG,
                        beoogd_resultaat="Iedereen werkt met de meldcode.",
                        wie="Beleidsadviseur",
                        planning="Q2 2027",
                        kosten="Geen",
                        scope="regionaal" if index == 0 and m.position % 5 == 0 else "lokaal",
                        position=index,
                    )
                )
        theme = Theme(meeting_id=meeting.id or 0, title="Gespecialiseerd hulpaanbod", standards="9")
        db.add(theme)
        db.commit()
        db.add(ThemeAnswer(meeting_id=meeting.id or 0, theme_id=theme.id or 0, quick_win="Regionale sociale kaart"))
        db.commit()
        converted = {}
        for key, municipality_id in (("own", municipalities["Bussum"].id), ("region", None)):
            exported = service.plan_docx(session=db, catalog=catalog, meeting=meeting, municipality_id=municipality_id)
            source = folder / f"{key}.docx"
            source.write_bytes(exported.content)
            pdf = convert(source, "pdf")
            converted[key] = Converted(pdf_pages(pdf), pdf_page_count(pdf))
    engine.dispose()
    yield converted


def _bijlage_5_form(pages: list[str]) -> None:
    text = "\n".join(pages)
    for expected in (
        "Geweld hoort nergens thuis",
        "BIJLAGE 5",
        "Logo gemeente/regio",
        "[Evt. titel van plan van aanpak]",
        "Plan van Aanpak 2026 – 2027",
        "(kort &",  # the column guidance, wrapped within its column
        "bondig!)",
        "wanneer zijn we",
    ):
        assert expected in text, expected
    assert all("BIJLAGE 5" in page for page in pages)  # the header on every page


def _headings_keep_a_row(pages: list[str], row_marker: dict[str, str]) -> None:
    """Each group heading's page also shows one of that group's rows (never a heading alone at the bottom)."""
    for group, heading in GROUP_HEADINGS.items():
        page = next(p for p in pages if heading in p)
        assert row_marker[group] in page.split(heading, 1)[1], (group, page[-600:])


def test_own_plan_in_the_office_program(plans: dict[str, Converted]) -> None:
    own = plans["own"]
    _bijlage_5_form(own.pages)
    text = "\n".join(own.pages)
    assert "Gemeente Bussum" in text  # anonymised meeting, still its own plan names it
    assert "Castricum" not in text and "Amstelveen" not in text
    assert own.page_count <= OWN_PAGES_MAX
    _headings_keep_a_row(own.pages, {group: f"Maatregel {group} " for group in GROUPS})


def test_regional_plan_summarises_25_municipalities(plans: dict[str, Converted]) -> None:
    region = plans["region"]
    _bijlage_5_form(region.pages)
    text = "\n".join(region.pages)
    assert region.page_count <= REGION_PAGES_MAX
    assert "Overzicht per gemeente" in text and "Gemeente Y" in text  # 25 municipalities, one line each
    assert "Regionale sociale kaart" in text  # the theme group's quick win, with standard 9
    assert "Bussum" not in text and "Best" not in text.replace("Bestuur", "")
    assert text.count("Regionaal op te pakken") == 5  # the rows five municipalities marked regionaal, once each
    _headings_keep_a_row(region.pages, dict.fromkeys(GROUPS, "(standaard "))  # a weak standard's row


def test_measures_are_short(plans: dict[str, Converted]) -> None:
    for converted in plans.values():
        text = "\n".join(converted.pages)
        # The context's points from the zelfscan name a short measure with its code, never the whole question.
        assert re.search(r"\(\d+[a-j]?, vraag \d+\): \d+ van 25 gemeenten niet op orde", text)
        assert "Is er, op basis van de visie" not in text and "Zijn alle professionals" not in text

"""The Word documents as an official sees them: opened in LibreOffice, saved as PDF, read back as text.

One 25-municipality meeting per module (named and anonymised verslag), one follow-up and one
factsheet: six conversions in all, so the module stays quick.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlmodel import Session

from app.catalog.loader import Catalog, load_catalog
from app.core.db import create_schema, make_engine
from app.core.privacy import clean_text
from app.exports import service
from app.meetings.models import Meeting
from tests.support.followups import AGREEMENT, NOTE, follow_up_meeting
from tests.support.office import convert, pdf_page_count, pdf_pages
from tests.support.scans import NAMES_25, REMARK, ScanFactory

# 25 municipalities x 31 questions, every one with a toelichting: the appendix is the bulk.
MAX_PAGES = 42
GRID_SYMBOL = "[+−·]"


@dataclass
class Converted:
    meeting: Meeting
    pages: list[str]
    page_count: int

    @property
    def text(self) -> str:
        return "\n".join(self.pages)


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Session, Catalog, ScanFactory, Path]]:
    folder = tmp_path_factory.mktemp("office")
    engine = make_engine(f"sqlite:///{folder / 'office.db'}")
    create_schema(engine)
    catalog = load_catalog()
    with Session(engine, expire_on_commit=False) as session:
        yield session, catalog, ScanFactory(session, catalog), folder
    engine.dispose()


def _as_pdf(folder: Path, name: str, data: bytes) -> tuple[list[str], int]:
    source = folder / name
    source.write_bytes(data)
    pdf = convert(source, "pdf")
    return pdf_pages(pdf), pdf_page_count(pdf)


@pytest.fixture(scope="module")
def regional_meeting(world: tuple[Session, Catalog, ScanFactory, Path]) -> Meeting:
    scans = world[2]
    meeting = scans.meeting(NAMES_25, privacy_mode="named")
    scans.fill(meeting, toelichting=REMARK)
    return meeting


@pytest.fixture(scope="module", params=["named", "anonymised"])
def verslag(
    request: pytest.FixtureRequest, world: tuple[Session, Catalog, ScanFactory, Path], regional_meeting: Meeting
) -> Converted:
    session, catalog, _scans, folder = world
    mode = request.param
    data = service.verslag_docx(session=session, catalog=catalog, meeting=regional_meeting, privacy=mode).content
    pages, count = _as_pdf(folder, f"verslag-{mode}.docx", data)
    return Converted(regional_meeting, pages, count)


def _labels(mode: str) -> list[str]:
    return list(NAMES_25) if mode == "named" else [f"Gemeente {chr(ord('A') + i)}" for i in range(len(NAMES_25))]


def test_verslag_is_a_readable_length_with_summary_and_contents_up_front(verslag: Converted) -> None:
    assert 10 <= verslag.page_count <= MAX_PAGES, verslag.page_count
    first = verslag.pages[0]
    assert "Inhoud" in first
    for entry in ("Samenvatting", "Programma: gepland en gehouden", "Deelnemers", "Bijlage: toelichtingen"):
        assert entry in first, entry
    summary = next(i for i, page in enumerate(verslag.pages) if "Deelname:" in page)
    assert summary <= 1  # page 1 or 2
    page = verslag.pages[summary]
    assert re.search(r"^Samenvatting\s*$", page, re.M)
    for part in ("Regionaal beeld:", "Meest op orde:", "Minst op orde:", "Regionaal beeld per kwaliteitsstandaard"):
        assert part in page, part
    appendix = next(
        i for i, p in enumerate(verslag.pages) if i and "Bijlage: toelichtingen en nuanceringen per vraag" in p
    )
    assert appendix > verslag.page_count // 3  # the raw remarks come last, not in the body


def test_every_municipality_keeps_its_name_on_one_line_in_the_grid(verslag: Converted) -> None:
    labels = _labels("named" if "Amstelveen" in verslag.text else "anonymised")
    grids = len(re.findall(r"^Antwoorden op vragen \d+ t/m \d+\s*$", verslag.text, re.M))
    assert grids == 3  # questions 1-14, then 15-23 and 24-31 (never a table of one question)
    for label in labels:
        row = re.compile(rf"^\s*{re.escape(label)}(\s+{GRID_SYMBOL})+\s*$", re.M)
        assert len(list(row.finditer(verslag.text))) == grids, label  # a whole row in every grid


def test_each_numbered_list_starts_at_one(verslag: Converted) -> None:
    text = verslag.text
    starts = [m.end() for m in re.finditer(r"^Vaakst niet op orde\s*$", text, re.M)]
    assert len(starts) == 2  # one per result block
    for start in starts:
        first_item = re.search(r"^\s*(\d+)\.\s", text[start:], re.M)
        assert first_item is not None and first_item.group(1) == "1"


def test_times_dates_and_ranges_read_as_dutch(verslag: Converted) -> None:
    text = verslag.text
    assert "09:00–09:30" in text and "10:25–11:00 Aan de slag" in text
    assert not re.search(r"\b\d{2}\.\d{2}\s*[–-]\s*\d{2}\.\d{2}\b", text)  # never 09.00
    assert "1 december 2026" in text
    assert not re.search(r"\bvragen (\d+) t/m \1\b", text)
    assert "regio Regio" not in text
    assert re.search(r"Pagina \d+ van \d+", verslag.pages[-1])


def test_follow_up_verslag_shows_the_start_scan_and_everything_recorded(
    world: tuple[Session, Catalog, ScanFactory, Path],
) -> None:
    session, catalog, scans, folder = world
    data = follow_up_meeting(session, catalog, scans, privacy_mode="named", date=dt.date(2027, 2, 9))
    docx_bytes = service.verslag_docx(session=session, catalog=catalog, meeting=data.meeting).content
    pages, count = _as_pdf(folder, "vervolg.docx", docx_bytes)
    text = re.sub(r"\s+", " ", "\n".join(pages))
    assert count <= 20
    assert "de zelfscan van 1 december 2026" in text  # the startbijeenkomst's real date
    assert "9 februari 2027" in text
    assert "Samenvatting" in pages[1] and AGREEMENT in pages[1]  # the agreements in the summary
    assert "Rad van Fortuin" in text and NOTE.split(",")[0] in text
    assert "Zicht op veiligheid" in text
    progress = re.search(r"Voortgang van de plannen van aanpak(.*?)Afspraken", text)
    assert progress is not None and re.search(r"Bussum 1 0 1 0", progress.group(1))


def test_factsheet_names_its_own_municipality_in_every_mode_and_fits_two_pages(
    world: tuple[Session, Catalog, ScanFactory, Path],
) -> None:
    session, catalog, scans, folder = world
    earlier = scans.meeting(date=dt.date(2025, 11, 4))
    scans.fill(earlier, shift=1)
    meeting = scans.meeting(privacy_mode="regional", earlier_scan_id=earlier.id)
    scans.fill(meeting, toelichting="{name} werkt hieraan; Bussum en Castricum doen het anders")
    amstelveen = scans.municipalities(meeting)["Amstelveen"]
    file = service.factsheet_docx(session=session, catalog=catalog, meeting=meeting, municipality_id=amstelveen.id or 0)
    pages, count = _as_pdf(folder, "factsheet.docx", file.content)
    text = "\n".join(pages)
    assert count <= 3
    assert "Factsheet Amstelveen" in pages[0]
    assert "Spinnenweb" in pages[0] and "Vergeleken met: de scan van 4 november 2025" in pages[0]
    assert "Vorige scan" in text  # a column beside the municipality's and the regional score
    assert "Amstelveen werkt hieraan; [gemeente] en [gemeente] doen het anders" in re.sub(r"\s+", " ", text)
    assert "Bussum" not in text and "Castricum" not in text
    assert "Op orde (" in text and "Niet (geheel) op orde (" in text


HOSTILE = (
    "Zacht\x0bafgebroken",
    "Naam / met : vraag ? en * ster",
    "Westerkwartier-Oldambt-Midden-Groningen-Noord",  # 40+ characters
    "Gemeenschappelijk Voorvoegsel ABC Een",  # these two share their first 31 characters
    "Gemeenschappelijk Voorvoegsel ABC Twee",
    "Page\x0cbreak\x00nul",
)


def _hostile_meeting(scans: ScanFactory) -> Meeting:
    """A meeting whose region and names hold control characters (as an older import could leave them)."""
    meeting = scans.meeting(tuple(f"Gemeente {i}" for i in range(len(HOSTILE))), privacy_mode="named")
    for municipality, name in zip(scans.municipalities(meeting).values(), HOSTILE, strict=True):
        municipality.name = name
        scans.session.add(municipality)
    meeting.region = "Regio\x0bNoord\x07"
    scans.session.add(meeting)
    scans.session.commit()
    scans.fill(meeting, toelichting="Tekst\x0bmet\x0cbreuken en {name}")
    return meeting


def test_one_cleaning_step_keeps_breaks_and_drops_what_no_file_can_hold() -> None:
    assert clean_text("Zacht\x0bafgebroken\x0cpagina") == "Zacht\nafgebroken\npagina"
    assert clean_text("Regio\x0bNoord", single_line=True) == "Regio Noord"
    assert clean_text("los\ud800 surrogaat") == "los surrogaat"
    assert clean_text("nul\x00teken") == "nul teken"
    assert clean_text("bel \x07klinkt") == "bel klinkt"
    assert clean_text("a\x1bb") == "a b"


@pytest.mark.parametrize("mode", ["named", "anonymised", "regional"])
def test_hostile_names_export_without_error(world: tuple[Session, Catalog, ScanFactory, Path], mode: str) -> None:
    session, catalog, scans, _folder = world
    meeting = _hostile_meeting(scans)
    assert service.verslag_docx(session=session, catalog=catalog, meeting=meeting, privacy=mode).content
    for municipality in scans.municipalities(meeting).values():
        file = service.factsheet_docx(
            session=session, catalog=catalog, meeting=meeting, municipality_id=municipality.id or 0, privacy=mode
        )
        assert file.filename.endswith(".docx") and "/" not in file.filename


def test_hostile_names_open_in_libreoffice(world: tuple[Session, Catalog, ScanFactory, Path]) -> None:
    session, catalog, scans, folder = world
    meeting = _hostile_meeting(scans)
    data = service.verslag_docx(session=session, catalog=catalog, meeting=meeting, privacy="named").content
    pages, _count = _as_pdf(folder, "hostile.docx", data)
    text = "\n".join(pages)
    assert "Westerkwartier-Oldambt-Midden-Groningen-Noord" in text.replace("-\n", "-").replace("\n", "")
    assert "Gemeenschappelijk Voorvoegsel ABC Een" in text and "Gemeenschappelijk Voorvoegsel ABC Twee" in text
    assert "Naam / met : vraag ? en * ster" in text
    assert "Zacht" in text and "afgebroken" in text and "Regio" in text and "Noord" in text

"""A real office program for the document tests: LibreOffice headless and poppler's pdftotext.

`make test` installs Debian's `libreoffice-writer-nogui`, `libreoffice-calc-nogui` and
`poppler-utils`. Each conversion runs with its own throw-away user profile, so tests never share
LibreOffice's state and a crashed conversion leaves nothing behind.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

SOFFICE = shutil.which("soffice") or "/usr/bin/soffice"
PDFTOTEXT = shutil.which("pdftotext") or "/usr/bin/pdftotext"
PDFINFO = shutil.which("pdfinfo") or "/usr/bin/pdfinfo"
TIMEOUT_S = 180


def require_office() -> None:
    """Fail (never skip) when the office tools are missing: `make test` installs them."""
    for tool in (SOFFICE, PDFTOTEXT, PDFINFO):
        if not Path(tool).exists():
            pytest.fail(f"{tool} is missing; run `make test` (it installs LibreOffice and poppler-utils)")


def convert(source: Path, target_format: str, out_dir: Path | None = None) -> Path:
    """Open `source` in LibreOffice headless and save it as `target_format` (e.g. "pdf", "xlsx").

    Converting an .xlsx to .xlsx makes LibreOffice load, recalculate and save the workbook, as an
    official's office program would on opening it.
    """
    require_office()
    out = out_dir or source.parent / f"converted-{target_format}"
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="lo-profile-") as profile:
        command = [
            SOFFICE,
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--norestore",
            "--nolockcheck",
            "--convert-to",
            target_format,
            "--outdir",
            str(out),
            str(source),
        ]
        result = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT_S, check=False)
    converted = out / f"{source.stem}.{target_format.split(':')[0]}"
    if result.returncode != 0 or not converted.exists():
        raise AssertionError(f"LibreOffice could not convert {source.name}: {result.stdout} {result.stderr}")
    return converted


def pdf_pages(pdf: Path) -> list[str]:
    """The text of each page of `pdf` (pdftotext -layout), in order."""
    require_office()
    text = subprocess.run(
        [PDFTOTEXT, "-layout", str(pdf), "-"], capture_output=True, text=True, timeout=60, check=True
    ).stdout
    pages = text.split("\f")
    if pages and not pages[-1].strip():
        pages.pop()
    return pages


def pdf_page_count(pdf: Path) -> int:
    info = subprocess.run([PDFINFO, str(pdf)], capture_output=True, text=True, timeout=60, check=True).stdout
    for line in info.splitlines():
        if line.startswith("Pages:"):
            return int(line.split()[1])
    raise AssertionError(f"pdfinfo gave no page count for {pdf.name}")

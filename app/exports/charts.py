"""The spinnenweb (radar chart) as a PNG image for Word and the HTML verslag, drawn with matplotlib.

Drawn on plain cartesian axes (a web of polygons, like Excel's radar chart) rather than polar
axes, which are several times slower to render. Only the Agg canvas is used (no pyplot, no GUI,
no global state), so drawing is safe in the threadpool that runs the export handlers.
"""

from __future__ import annotations

import io
import math
import textwrap
import warnings
from collections.abc import Sequence
from dataclasses import dataclass

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import LineCollection
from matplotlib.figure import Figure

from app.core.privacy import clean_text

# The dashboard's colours (app/charts.py), so the printed charts look like the projected ones.
COLOURS = {"municipality": "#0b5cad", "region": "#d35400", "previous": "#6c757d"}
RINGS = (25, 50, 75, 100)
GRID = "#b8bec6"


@dataclass(frozen=True)
class Series:
    name: str
    scores: dict[int, float]  # standard -> share op orde (0-100)
    kind: str  # municipality | region | previous


def _wrapped(text: str, width: int) -> str:
    """A long name over several lines (never cut off), broken at spaces and hyphens."""
    return "\n".join(textwrap.wrap(clean_text(text, single_line=True), width=max(width, 8))) or " "


def _point(angle: float, radius: float) -> tuple[float, float]:
    return radius * math.cos(angle), radius * math.sin(angle)


def radar_png(
    *, title: str, axes: Sequence[int], series: Sequence[Series], size_cm: float = 11.0, dpi: int = 150
) -> bytes:
    """A spinnenweb over the given standards (axes), one line per series; returns PNG bytes."""
    inches = size_cm / 2.54
    small = size_cm < 10
    chars = int(size_cm * (4.2 if small else 3.6))  # characters per line at the title's size
    title_text = _wrapped(title, chars)
    title_lines = title_text.count("\n") + 1
    legend_rows = len(series) if small else 1
    # Room above for the title and below for the legend, so neither is cut off.
    top = 0.1 + 0.055 * (title_lines - 1)
    bottom = 0.06 + 0.05 * legend_rows
    figure = Figure(figsize=(inches, inches * (1.0 + top + bottom)), dpi=dpi)
    FigureCanvasAgg(figure)
    height = 1.0 + top + bottom
    ax = figure.add_axes((0.04, bottom / height, 0.92, 1.0 / height))
    ax.set_axis_off()
    ax.set_aspect("equal")
    ax.set_xlim(-122, 122)
    ax.set_ylim(-122, 122)
    count = max(len(axes), 1)
    # Standard 1 at the top, then clockwise, like the dashboard.
    angles = [math.pi / 2 - 2 * math.pi * i / count for i in range(count)]
    # The web: rings and spokes as one collection (one artist draws fast).
    rings = [[_point(a, ring) for a in angles + angles[:1]] for ring in RINGS]
    spokes = [[(0.0, 0.0), _point(a, 100)] for a in angles]
    ax.add_collection(LineCollection(rings + spokes, colors=GRID, linewidths=0.6))
    ax.text(2, 52, "50%", fontsize=5.5, color="#666666")
    ax.text(2, 102, "100%", fontsize=5.5, color="#666666")
    for angle, number in zip(angles, axes, strict=False):
        lx, ly = _point(angle, 112)
        ax.text(lx, ly, str(number), fontsize=9, fontweight="bold", ha="center", va="center")
    for item in series:
        points = [_point(a, item.scores.get(number, 0.0)) for a, number in zip(angles, axes, strict=False)]
        xs, ys = zip(*(points + points[:1]), strict=False)
        colour = COLOURS.get(item.kind, "#333333")
        if item.kind == "municipality":
            ax.fill(xs, ys, color=colour, alpha=0.18, linewidth=0)
        ax.plot(
            xs,
            ys,
            "--" if item.kind == "previous" else "-",
            color=colour,
            linewidth=1.5 if item.kind == "previous" else 2,
            label=_wrapped(item.name, chars + 6),
        )
    figure.suptitle(title_text, fontsize=8 if small else 10, y=0.985, va="top")
    figure.legend(loc="lower center", ncol=1 if small else min(len(series), 3), fontsize=7, frameon=False)
    buffer = io.BytesIO()
    with warnings.catch_warnings():
        # A name with a glyph the bundled font lacks must not break the export.
        warnings.simplefilter("ignore", UserWarning)
        figure.savefig(buffer, format="png", metadata={"Software": None}, pil_kwargs={"compress_level": 4})
    return buffer.getvalue()

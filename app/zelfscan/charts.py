"""Plotly figure specs (plain dicts, rendered by the plotly.js served from the plotly package), with their numbers.

Every chart comes with its numbers as a table (`Figure.rows`), for screen readers and for anyone who
cannot read a spinnenweb from the back of the room. A standard none of whose questions was asked yet
is drawn as a gap marked "niet gevraagd", never as 0 %.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from typing import Any, TypeVar

from app.catalog.loader import QuestionSet

T = TypeVar("T")

COLOURS = {"municipality": "#0b5cad", "region": "#b34700", "previous": "#4d5560"}
NOT_ASKED = "niet gevraagd"

Series = tuple[str, dict[int, float], str]  # (name, {standard: score}, colour key)


@dataclass(frozen=True)
class Figure:
    """One chart on a page: its id, caption, plotly spec, and its numbers (one row per standard)."""

    id: str
    title: str
    spec: dict[str, Any]
    columns: list[str]  # the series' names
    rows: list[tuple[str, list[str]]]  # (standard's axis name, the series' values: "40%" or "niet gevraagd")


def _closed(values: list[T]) -> list[T]:
    return values + values[:1]


def percent(value: float) -> str:
    """A score as shown on a screen: whole percents ("40%")."""
    return f"{round(value)}%"


def radar(
    *, question_set: QuestionSet, figure_id: str, title: str, series: list[Series], asked: Collection[int]
) -> Figure:
    """A spinnenweb: one axis per kwaliteitsstandaard (its short name), share op orde 0–100 %."""
    standards = question_set.standards
    axes = [s.axis if s.number in asked else f"{s.axis}<br>({NOT_ASKED})" for s in standards]
    traces = []
    for name, scores, colour in series:
        values = [scores.get(s.number, 0.0) if s.number in asked else None for s in standards]
        traces.append(
            {
                "type": "scatterpolar",
                "r": _closed(values),
                "theta": _closed(axes),
                "hovertemplate": "%{theta}: %{r:.0f}%<extra>" + name + "</extra>",
                "name": name,
                "connectgaps": True,
                "fill": "toself" if colour == "municipality" else "none",
                "line": {
                    "color": COLOURS[colour],
                    "width": 5 if colour != "previous" else 4,
                    "dash": "dot" if colour == "previous" else "solid",
                },
                "marker": {"size": 10},
                "opacity": 0.9,
            }
        )
    spec = {
        "data": traces,
        "layout": {
            # The municipality's name is the figure's caption in the page (big, outside the chart).
            "polar": {
                "radialaxis": {
                    "range": [0, 100],
                    "ticksuffix": "%",
                    "tickvals": [25, 50, 75, 100],
                    "tickfont": {"size": 18, "color": "#111"},
                    "gridcolor": "#8a96a3",
                    "linecolor": "#8a96a3",
                },
                "angularaxis": {
                    "type": "category",
                    "direction": "clockwise",
                    "tickfont": {"size": 24, "color": "#111"},
                    "gridcolor": "#8a96a3",
                    "linecolor": "#111",
                },
                "bgcolor": "#fff",
            },
            "showlegend": False,  # the key is printed beside the chart, in the page's own large type
            "margin": {"l": 230, "r": 230, "t": 56, "b": 56},
            "font": {"family": "system-ui, sans-serif", "size": 20, "color": "#111"},
            "paper_bgcolor": "rgba(0,0,0,0)",
            "meta": {"title": title},
        },
    }
    rows = [
        (s.axis, [percent(scores.get(s.number, 0.0)) if s.number in asked else NOT_ASKED for _, scores, _ in series])
        for s in standards
    ]
    return Figure(figure_id, title, spec, [name for name, _, _ in series], rows)

"""Plotly figure specs (plain dicts, rendered by the plotly.js served from the plotly package)."""

from __future__ import annotations

from typing import Any, TypeVar

from app.catalog.loader import QuestionSet

T = TypeVar("T")

COLOURS = {"municipality": "#0b5cad", "region": "#d35400", "previous": "#6c757d"}


def _closed(values: list[T]) -> list[T]:
    return values + values[:1]


def radar(
    *,
    question_set: QuestionSet,
    title: str,
    series: list[tuple[str, dict[int, float], str]],
    large: bool = False,
) -> dict[str, Any]:
    """A spinnenweb: 10 axes (kwaliteitsstandaarden), share op orde 0–100 %.

    `series` is a list of (name, {standard: score}, colour key).
    """
    axes = [f"{s.number}" for s in question_set.standards]
    hover = [f"{s.number}. {s.title}" for s in question_set.standards]
    traces = []
    for name, scores, colour in series:
        values = [scores.get(s.number, 0.0) for s in question_set.standards]
        traces.append(
            {
                "type": "scatterpolar",
                "r": _closed(values),
                "theta": _closed(axes),
                "text": _closed(hover),
                "hovertemplate": "%{text}: %{r:.0f}%<extra>" + name + "</extra>",
                "name": name,
                "fill": "toself" if colour == "municipality" else "none",
                "line": {
                    "color": COLOURS[colour],
                    "width": 3 if colour != "previous" else 2,
                    "dash": "dot" if colour == "previous" else "solid",
                },
                "opacity": 0.85,
            }
        )
    font = 18 if large else 14
    return {
        "data": traces,
        "layout": {
            # The municipality's name is the figure's caption in the page (big, outside the chart).
            "polar": {
                "radialaxis": {"range": [0, 100], "ticksuffix": "%", "tickfont": {"size": font - 4}},
                "angularaxis": {"type": "category", "direction": "clockwise", "tickfont": {"size": font + 2}},
            },
            "showlegend": False,  # the key is printed once under all the charts
            "margin": {"l": 40, "r": 40, "t": 30, "b": 30},
            "font": {"family": "system-ui, sans-serif"},
            "paper_bgcolor": "rgba(0,0,0,0)",
            "meta": {"title": title},
        },
    }

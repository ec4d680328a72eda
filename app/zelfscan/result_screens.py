"""The results on the projector, one page at a time (app.zelfscan.pages), and the facilitator's copy of them."""

from __future__ import annotations

from collections.abc import Callable

from app.catalog.loader import QuestionSet
from app.core.privacy import Policy
from app.core.web import render_fragment
from app.meetings.models import Meeting
from app.zelfscan import charts
from app.zelfscan import pages as result_pages
from app.zelfscan import results as result_service


def results_html(
    *,
    meeting: Meeting,
    question_set: QuestionSet,
    kind: str,
    policy: Policy,
    read: Callable[[], result_service.Results],
) -> str:
    """The results page the projector shows (the facilitator's copy adds its page controls and the toelichtingen).

    Results stay off the projector (and the display link) until the facilitator shows them: only then
    are they `read`.
    """
    if not meeting.results_visible and kind == "display":
        return render_fragment("zelfscan/results_hidden.html", meeting=meeting)
    results = read()
    sequence = result_pages.sequence(
        municipality_ids=[m.id for m in results.municipalities], per_municipality=policy.per_municipality
    )
    count = len(question_set.questions)
    page = result_pages.shown(meeting.result_page, pages=sequence, questions=count)
    before, after = result_pages.neighbours(page, pages=sequence, questions=count)
    context: dict[str, object] = {
        "meeting": meeting,
        "results": results,
        "question_set": question_set,
        "kind": kind,
        "page": page,
        "sequence": sequence,
        "before": before,
        "after": after,
        "titles": {p.key: _page_title(p, results, sequence) for p in sequence},
        "title": _page_title(page, results, sequence),
        "figures": _figures(page, results, question_set),
    }
    if page.kind == result_pages.OVERVIEW:
        part = result_pages.overview_parts(len(results.municipalities))[page.number - 1]
        context["rows"] = [results.municipalities[i] for i in part]
    if page.kind == result_pages.QUESTION:
        context["question"] = question_set.question(page.number)
        context["tally"] = next(t for t in results.tallies if t.number == page.number)
        context["remarks"] = [r for r in results.remarks if r.question == page.number]
    return render_fragment("zelfscan/results.html", **context)


def _page_title(page: result_pages.Page, results: result_service.Results, sequence: list[result_pages.Page]) -> str:
    if page.kind == result_pages.OVERVIEW:
        parts = sum(1 for p in sequence if p.kind == result_pages.OVERVIEW)
        return "Overzicht" + (f" ({page.number} van {parts})" if parts > 1 else "")
    if page.kind == result_pages.NOTABLE:
        return "Opvallende vragen"
    if page.kind == result_pages.MUNICIPALITY:
        return next(m.label for m in results.municipalities if m.id == page.number)
    if page.kind == result_pages.REGION:
        return "De regio"
    return f"Vraag {page.number}"


def _figures(
    page: result_pages.Page, results: result_service.Results, question_set: QuestionSet
) -> list[charts.Figure]:
    """The spinnenweb of a municipality's page or of the region's page (none on the other pages)."""
    asked = results.asked
    if page.kind == result_pages.REGION:
        series: list[charts.Series] = [("Regio (gemiddelde)", results.regional, "region")]
        if results.regional_previous:
            series.append(("Regio, vorige scan", results.regional_previous, "previous"))
        return [charts.radar(question_set=question_set, figure_id="regio", title="Regio", series=series, asked=asked)]
    if page.kind == result_pages.MUNICIPALITY:
        m = next(m for m in results.municipalities if m.id == page.number)
        series = [(m.label, m.scores, "municipality"), ("Regio (gemiddelde)", results.regional, "region")]
        if m.previous:
            series.append(("Vorige scan", m.previous, "previous"))
        figure_id = f"m{m.id}"
        return [charts.radar(question_set=question_set, figure_id=figure_id, title=m.label, series=series, asked=asked)]
    return []

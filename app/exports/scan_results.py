"""The results part of the verslag: per block of questions the spinnenwebben, scores, the grid of
answers and the rankings; and the appendix with every toelichting and nuancering."""

from __future__ import annotations

from app.catalog.loader import Question
from app.exports import charts
from app.exports import content as c
from app.exports.scan import ScanData, percent, question_ref, status_label
from app.zelfscan import scoring

GRID_CHUNK = 16  # questions per grid table, so a grid fits a portrait page
TOP = 5


def question_span(lead: str, first: int, last: int) -> str:
    """'Resultaten vragen 1 t/m 14', or 'Resultaten vraag 31' for one question."""
    return f"{lead} vraag {first}" if first == last else f"{lead} vragen {first} t/m {last}"


def _scope_standards(scan: ScanData, first: int, last: int) -> list[int]:
    touched = {q.standard for q in scan.question_set.questions_between(first, last)}
    return [s.number for s in scan.question_set.standards if s.number in touched]


def results_section(*, scan: ScanData, first: int, last: int, level: int) -> list[c.Element]:
    """Results for questions first..last: spinnenwebben, scores, grid, rankings and remarks."""
    questions = scan.question_set.questions_between(first, last)
    standards = _scope_standards(scan, first, last)
    results = scan.results
    elements: list[c.Element] = [
        c.Heading(question_span("Resultaten", first, last), level),
        c.Paragraph(
            "Stand van de antwoorden bij het opstellen van dit verslag. Score: het aandeel vragen van een "
            "kwaliteitsstandaard dat op orde is.",
            muted=True,
        ),
    ]
    elements.extend(_charts(scan, standards, first, last))
    elements.append(_scores_table(scan, standards))
    if results.mode == "regional":
        elements.append(c.Bullets(tuple(results.statement(s) for s in standards)))
    else:
        elements.extend(_grids(scan, questions))
    tallies = [t for t in results.tallies if first <= t.number <= last]
    elements.extend(_rankings(scan, tallies, level + 1))
    if any(_remark_rows(scan, q) for q in questions):
        elements.append(
            c.Paragraph("De toelichtingen en nuanceringen bij deze vragen staan in de bijlage.", muted=True)
        )
    return elements


def _charts(scan: ScanData, standards: list[int], first: int, last: int) -> list[c.Element]:
    if len(standards) < 3:
        return []  # a spinnenweb needs at least three axes
    results = scan.results
    region = [charts.Series("Regionaal gemiddelde", results.regional, "region")]
    if results.regional_previous:
        region.append(charts.Series("Regionaal, vorige scan", results.regional_previous, "previous"))
    scope = f"vragen {first}–{last}"
    elements: list[c.Element] = [
        c.Chart(
            charts.radar_png(title=f"Regio, {scope}", axes=standards, series=region),
            alt=f"Spinnenweb regionaal gemiddelde, {scope}",
            width_cm=10.0,
        )
    ]
    pictures = []
    for m in results.municipalities:
        series = [charts.Series(m.label, m.scores, "municipality"), region[0]]
        if m.previous:
            series.append(charts.Series("Vorige scan", m.previous, "previous"))
        pictures.append(
            c.Chart(
                charts.radar_png(title=m.label, axes=standards, series=series, size_cm=5.4),
                alt=f"Spinnenweb {m.label}, {scope}",
                width_cm=5.4,
            )
        )
    if pictures:
        elements.append(c.ChartRow(tuple(pictures), per_row=3))
    return elements


def _scores_table(scan: ScanData, standards: list[int]) -> c.Table:
    results = scan.results
    header = ("Gemeente", *(f"St. {s}" for s in standards))
    rows = [(m.label, *(percent(m.scores.get(s)) for s in standards)) for m in results.municipalities]
    rows.append(("Regionaal gemiddelde", *(percent(results.regional.get(s)) for s in standards)))
    if results.regional_previous:
        rows.append(("Regionaal, vorige scan", *(percent(results.regional_previous.get(s)) for s in standards)))
    legend = "; ".join(f"{s.number}: {s.title}" for s in scan.question_set.standards if s.number in standards)
    return c.Table(
        header, tuple(rows), caption=f"Score per kwaliteitsstandaard ({legend})", compact=True, row_header=True
    )


def _grids(scan: ScanData, questions: tuple[Question, ...]) -> list[c.Element]:
    elements: list[c.Element] = [c.Paragraph("+ op orde, − niet op orde, · nog open.", label="Gemeenten × vragen:")]
    count = -(-len(questions) // GRID_CHUNK)  # balanced chunks: never a table of one question
    size = -(-len(questions) // max(count, 1))
    for start in range(0, len(questions), size):
        chunk = questions[start : start + size]
        header = ("Gemeente", *(str(q.number) for q in chunk))
        rows = tuple(
            (m.label, *(scoring.GRID_MARKS[m.statuses.get(q.number, scoring.OPEN)] for q in chunk))
            for m in scan.results.municipalities
        )
        elements.append(
            c.Table(
                header,
                rows,
                caption=question_span("Antwoorden op", chunk[0].number, chunk[-1].number),
                compact=True,
                row_header=True,
            )
        )
    return elements


def _rankings(scan: ScanData, tallies: list[scoring.QuestionTally], level: int) -> list[c.Element]:
    results = scan.results
    labels = {m.id: m.label for m in results.municipalities}
    named = results.mode != "regional"

    def who(ids: list[int]) -> str:
        return f" ({', '.join(labels[i] for i in ids if i in labels)})" if named and ids else ""

    most_niet = scoring.most_niet_op_orde(tallies, limit=TOP)
    most_split = scoring.most_disagreement(tallies, limit=TOP)
    text = {q.number: q for q in scan.question_set.questions}
    elements: list[c.Element] = [c.Heading("Vaakst niet op orde", level)]
    if most_niet:
        elements.append(
            c.Bullets(
                tuple(
                    f"{question_ref(text[t.number])}: {t.niet_op_orde} van {results.municipality_count} gemeenten "
                    f"niet op orde{who(t.municipalities_niet)}. {text[t.number].text}"
                    for t in most_niet
                ),
                numbered=True,
            )
        )
    else:
        elements.append(c.Paragraph("Geen vragen niet op orde.", muted=True))
    elements.append(c.Heading("Meeste verschil van mening", level))
    if most_split:
        elements.append(
            c.Bullets(
                tuple(
                    f"{question_ref(text[t.number])}: verdeeld in {t.split_rooms} "
                    f"{'kamer' if t.split_rooms == 1 else 'kamers'}{who(t.municipalities_split)}. {text[t.number].text}"
                    for t in most_split
                ),
                numbered=True,
            )
        )
    else:
        elements.append(c.Paragraph("Geen verdeelde meningen binnen de kamers.", muted=True))
    return elements


def _remark_rows(scan: ScanData, question: Question) -> list[tuple[str, ...]]:
    """(municipality, answer, remark) per municipality that wrote something; regional: the remark only, sorted."""
    rows: list[tuple[str, ...]] = []
    for m in scan.municipalities:
        answer = scan.answer(m.id or 0, question.number)
        if answer is None:
            continue
        parts = []
        if answer.toelichting.strip():
            parts.append(f"Toelichting: {scan.redact(answer.toelichting.strip())}")
        if answer.nuancering.strip():
            parts.append(f"Nuancering: {scan.redact(answer.nuancering.strip())}")
        if answer.checklist:
            parts.append(f"Checklist aanwezig: {', '.join(answer.checklist)}")
        if not parts:
            continue
        text = "\n".join(parts)
        if scan.mode == "regional":
            rows.append((text,))
        else:
            rows.append((scan.label(m), status_label(scan.status(m.id or 0, question.number)), text))
    if scan.mode == "regional":
        rows.sort()  # no fixed order that would link one municipality's remarks
    return rows


def remarks_appendix(*, scan: ScanData) -> list[c.Element]:
    """Bijlage: every toelichting and nuancering, per question in a compact table."""
    elements: list[c.Element] = [
        c.PageBreak(),
        c.Heading("Bijlage: toelichtingen en nuanceringen per vraag", 1),
    ]
    regional = scan.mode == "regional"
    header = ("Toelichting",) if regional else ("Gemeente", "Antwoord", "Toelichting")
    widths = () if regional else (3.8, 2.0, 10.8)
    found = False
    for question in scan.question_set.questions:
        rows = _remark_rows(scan, question)
        if not rows:
            continue
        found = True
        elements.append(c.Paragraph(question.text, label=f"{question_ref(question)}:"))
        elements.append(c.Table(header, tuple(rows), widths_cm=widths, compact=True, row_header=not regional))
    if not found:
        elements.append(c.Paragraph("Er zijn geen toelichtingen of nuanceringen gegeven.", muted=True))
    return elements

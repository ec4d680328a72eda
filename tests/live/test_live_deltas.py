"""Deltas, not screens: only the pieces that changed are pushed; a changed skeleton sends everything."""

from __future__ import annotations

import json

from app.live.deltas import Screenful


def screen(count: int, r: list[int], title: str = "Regio", row: str = "·") -> str:
    spec = json.dumps({"data": [{"r": r, "name": "x"}], "layout": {"title": title}})
    return (
        '<section id="dash-main"><h2>Voortgang</h2>'
        f'<!--piece--><p id="count">{count} van 14</p><!--/piece-->'
        '<!--piece--><figure id="figure-regio">'
        f'<div class="plotly-chart" id="chart-regio" data-spec=\'{spec}\'></div>'
        "</figure><!--/piece-->"
        f'<table><!--piece--><tr id="grid-row-1"><td>{row}</td></tr><!--/piece--></table></section>'
    )


def test_first_push_is_whole_then_only_the_changed_piece():
    screenful = Screenful()
    assert screenful.delta(screen(1, [0, 0])) is None

    assert screenful.delta(screen(2, [0, 0])) == ['<p hx-swap-oob="true" id="count">2 van 14</p>']
    assert screenful.delta(screen(2, [0, 0])) == []


def test_a_chart_whose_numbers_changed_gets_its_data_alone_and_rows_come_in_their_own_message():
    screenful = Screenful()
    screenful.delta(screen(1, [0, 0]))

    messages = screenful.delta(screen(1, [50, 50], row="+"))

    assert messages is not None and len(messages) == 2
    assert 'data-charts="{&quot;chart-regio&quot;:[[50,50]]}"' in messages[0] and "<figure" not in messages[0]
    assert messages[1] == '<tr hx-swap-oob="true" id="grid-row-1"><td>+</td></tr>'


def test_a_chart_changed_in_more_than_its_data_is_sent_as_markup():
    screenful = Screenful()
    screenful.delta(screen(1, [0, 0]))

    (message,) = screenful.delta(screen(1, [0, 0], title="Regio, vorige scan")) or [""]

    assert message.startswith('<figure hx-swap-oob="true" id="figure-regio">')


def test_a_changed_skeleton_or_a_forgotten_screen_sends_everything():
    screenful = Screenful()
    screenful.delta(screen(1, [0, 0]))
    assert screenful.delta(screen(1, [0, 0]).replace("Voortgang", "Resultaten")) is None
    screenful.forget()
    assert screenful.delta(screen(1, [0, 0])) is None

"""Deltas, not screens: send a screen only the pieces that changed since the previous push.

A partial marks the pieces it may change one by one with `<!--piece-->` just before the piece's root
element (which carries an `id`) and `<!--/piece-->` just after it. Everything else is the skeleton.
After a change the screen is rendered as usual (the same partial as the first render) and compared
with the previous render: when the skeleton is unchanged, only the changed pieces are sent, each as
an htmx out-of-band swap; a chart whose figure changed in its data alone is not sent as markup at
all: its new trace data goes in one `#dash-deltas` element and the page hands it to Plotly. When the
skeleton changed (another block, results shown), the whole screen is sent.
"""

from __future__ import annotations

import html
import json
import re
from typing import Any

PIECE = re.compile(r"<!--piece-->(.*?)<!--/piece-->", re.DOTALL)
_ID = re.compile(r'\bid="([^"]+)"')
_ROOT_TAG = re.compile(r"^(\s*<[a-zA-Z][a-zA-Z0-9-]*)")
_SPEC = re.compile(r"data-spec='([^']*)'")
_CHART_ID = re.compile(r'class="plotly-chart" id="([^"]+)"')
DELTAS_ID = "dash-deltas"


def split(rendered: str) -> tuple[str, dict[str, str]]:
    """The skeleton (pieces replaced by their ids) and the pieces by id."""
    pieces: dict[str, str] = {}

    def take(match: re.Match[str]) -> str:
        piece = match.group(1)
        found = _ID.search(piece)
        if found is None:
            raise ValueError(f"a live piece needs an id on its root element: {piece[:80]!r}")
        pieces[found.group(1)] = piece
        return f"<!--piece {found.group(1)}-->"

    return PIECE.sub(take, rendered), pieces


_TABLE_PARTS = re.compile(r"^\s*<(tr|td|th|thead|tbody|tfoot|caption|col|colgroup)\b")


def oob(piece: str) -> str:
    """The piece as an htmx out-of-band swap of the element with its id."""
    return _ROOT_TAG.sub(r'\1 hx-swap-oob="true"', piece, count=1)


def chart_data(piece: str) -> tuple[str, str, list[Any]] | None:
    """A chart piece split in (markup and spec without trace data, chart id, trace data); None if no chart."""
    spec_match, id_match = _SPEC.search(piece), _CHART_ID.search(piece)
    if spec_match is None or id_match is None:
        return None
    spec = json.loads(html.unescape(spec_match.group(1)))
    data = spec.get("data", [])
    rest = {**spec, "data": [{k: v for k, v in trace.items() if k != "r"} for trace in data]}
    shape = piece[: spec_match.start()] + json.dumps(rest, sort_keys=True) + piece[spec_match.end() :]
    return shape, id_match.group(1), [trace.get("r") for trace in data]


class Screenful:
    """What one audience's screen showed after its previous push, to send only what changed next."""

    def __init__(self) -> None:
        self.skeleton: str | None = None
        self.pieces: dict[str, str] = {}

    def forget(self) -> None:
        """The next push is sent in full (a member joined or resynced)."""
        self.skeleton = None

    def delta(self, rendered: str) -> list[str] | None:
        """The messages of out-of-band swaps that turn the previous render into `rendered`; None: send it whole.

        Table rows go in a message of their own that starts with them: the HTML parser drops a `<tr>`
        that follows other elements, so htmx would never see it.
        """
        skeleton, pieces = split(rendered)
        previous_skeleton, previous = self.skeleton, self.pieces
        self.skeleton, self.pieces = skeleton, pieces
        if skeleton != previous_skeleton or pieces.keys() != previous.keys():
            return None
        swaps: list[str] = []
        rows: list[str] = []
        charts: dict[str, list[Any]] = {}
        for key, piece in pieces.items():
            if piece == previous[key]:
                continue
            now, before = chart_data(piece), chart_data(previous[key])
            if now is not None and before is not None and now[0] == before[0]:
                charts[now[1]] = now[2]  # the same chart with other numbers: its data alone
            else:
                (rows if _TABLE_PARTS.match(piece) else swaps).append(oob(piece))
        if charts:
            data = html.escape(json.dumps(charts, separators=(",", ":")), quote=True)
            swaps.append(f'<div id="{DELTAS_ID}" hx-swap-oob="true" hidden data-charts="{data}"></div>')
        return [message for message in ("".join(swaps), "".join(rows)) if message]

"""The baseline for bench/live_answers.py: a bare Starlette websocket fan-out, nothing else.

`python -m bench.bare_fanout PORT` serves `/ws/{room}` (a phone in a room, or `dash` for a
dashboard) and `POST /publish/{room}/{seq}?size=N`: N bytes, carrying `data-last-change="seq"`, are
sent to every socket of the room and every dashboard, the way the app pushes an answer. The
benchmark drives it at the same pace with the same number of sockets and payload sizes, so the
app's cost can be read as a multiple of the bare cost of moving the bytes.
"""

from __future__ import annotations

import asyncio
import contextlib
import random
import re
import sys
import time
from collections import Counter
from typing import Any

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse
from starlette.routing import Route, WebSocketRoute
from starlette.websockets import WebSocket, WebSocketDisconnect

ROOMS: dict[str, set[WebSocket]] = {}


async def socket(websocket: WebSocket) -> None:
    room = websocket.path_params["room"]
    await websocket.accept()
    ROOMS.setdefault(room, set()).add(websocket)
    try:
        while True:
            await websocket.receive_text()
    except WebSocketDisconnect:
        pass
    finally:
        ROOMS[room].discard(websocket)


async def publish(request: Request) -> PlainTextResponse:
    room, seq = request.path_params["room"], request.path_params["seq"]
    size = int(request.query_params.get("size", "1000"))
    head = f'<div data-last-change="{seq}">'
    text = head + "x" * max(0, size - len(head) - 6) + "</div>"
    targets = [*ROOMS.get(room, ()), *ROOMS.get("dash", ())]
    await asyncio.gather(*(ws.send_text(text) for ws in targets), return_exceptions=True)
    return PlainTextResponse("ok")


app = Starlette(
    routes=[WebSocketRoute("/ws/{room}", socket), Route("/publish/{room}/{seq}", publish, methods=["POST"])]
)

if __name__ == "__main__":
    uvicorn.run(app, host="127.0.0.1", port=int(sys.argv[1]), log_level="warning")


# --------------------------------------------------------------------------- the driver (benchmark side)


async def drive(args: Any, server: Any, size: int) -> dict[str, float]:
    """The same sockets, pace and payload size as the app's run, against the bare fan-out `server`."""
    import httpx
    from websockets.asyncio.client import connect

    from bench.live_answers import percentile

    await server.wait_ready(path="/publish/none/0", method="POST")
    ws_base = server.base_url.replace("http://", "ws://")
    rng = random.Random(args.seed)
    seen: dict[int, float] = {}
    sockets = []
    readers = []

    async def read(ws: Any, timed: bool) -> None:
        with contextlib.suppress(Exception):
            async for message in ws:
                if timed:
                    found = re.search(r'data-last-change="(\d+)"', message)
                    if found:
                        seen.setdefault(int(found.group(1)), time.perf_counter())

    for i in range(args.dashboards):
        ws = await connect(f"{ws_base}/ws/dash", max_size=None)
        sockets.append(ws)
        readers.append(asyncio.create_task(read(ws, i == 0)))
    for i in range(args.participants):
        ws = await connect(f"{ws_base}/ws/{i % args.municipalities}", max_size=None)
        sockets.append(ws)
        readers.append(asyncio.create_task(read(ws, False)))

    sent: dict[int, float] = {}
    failed: Counter[str] = Counter()
    counter = iter(range(1, 10**9))
    limits = httpx.Limits(max_connections=args.pool, max_keepalive_connections=args.pool)
    async with httpx.AsyncClient(base_url=server.base_url, limits=limits, timeout=args.timeout) as client:
        cpu_before, start = server.cpu_seconds(), time.perf_counter()
        deadline = start + args.seconds

        async def person(index: int) -> None:
            own = random.Random(rng.random())
            await asyncio.sleep(own.uniform(0, args.think_max))
            while time.perf_counter() < deadline:
                room = index % args.municipalities
                try:
                    await client.post(f"/publish/{room}/0", params={"size": size})  # a view
                    if own.random() < 0.7:  # the room's answer
                        seq = next(counter)
                        sent[seq] = time.perf_counter()
                        await client.post(f"/publish/{room}/{seq}", params={"size": size})
                except httpx.HTTPError as error:  # counted, as the app's run counts its failed requests
                    failed[type(error).__name__] += 1
                await asyncio.sleep(own.uniform(args.think_min, args.think_max))

        await asyncio.gather(*(person(i) for i in range(args.participants)))
        phase = time.perf_counter() - start
        cpu = server.cpu_seconds() - cpu_before
    for ws in sockets:
        with contextlib.suppress(Exception):
            await asyncio.wait_for(ws.close(), 2)
    for task in readers:
        task.cancel()
    await asyncio.gather(*readers, return_exceptions=True)
    latencies = [seen[seq] - at for seq, at in sent.items() if seq in seen]
    return {
        "answers": len(sent),
        "p50": percentile(latencies, 50),
        "p95": percentile(latencies, 95),
        "unseen": len(sent) - len(latencies),
        "cpu": cpu,
        "phase": phase,
        "cpu_per_answer": cpu / max(1, len(sent)),
        "failed": sum(failed.values()),
    }

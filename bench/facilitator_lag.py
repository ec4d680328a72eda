"""Benchmark: how far a real Chromium facilitator page falls behind a busy room.

`python -m bench.facilitator_lag` starts the app as bench/live_answers.py does, lets N simulated
participants (default 40) join, opens the facilitator's dashboard `/f/{token}` in Debian's Chromium
(playwright, headless), moves the programme to the first zelfscan breakout and then has the
participants give a view and set their room's answer at a fixed total pace (default 7 answers a
second). The page records (MutationObserver) when its `data-last-change` marker shows a change;
the lag of an answer is the time from its acknowledgement (the HTTP response) until the page's DOM
shows that change or a later one. Also reported: how long one click of the page's own takes to go
out while the room is busy (the page's main thread being free). No thresholds are asserted.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import secrets
import shutil
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import httpx
from playwright.async_api import async_playwright

from app.meetings.rehearsal import NAMES, SimulatedParticipant
from bench.live_answers import BREAKOUT_BLOCK, Server, create_meeting, free_port, percentile
from tests.support.browser import CHROMIUM_ARGS

CHROMIUM = "/usr/bin/chromium"
WATCH = """() => {
  window.__seen = [];
  const record = () => {
    const marker = document.getElementById("dash-changed");
    const last = marker && marker.dataset.lastChange;
    if (last) window.__seen.push([Number(last), Date.now()]);
  };
  new MutationObserver(record).observe(document.body, {subtree: true, childList: true, attributes: true,
                                                      attributeFilter: ["data-last-change"]});
  record();
  window.__cost = {plotly: 0, charts: 0, messages: 0, swap: 0};
  if (window.Plotly) {
    for (const name of ["react", "newPlot"]) {
      const original = window.Plotly[name];
      window.Plotly[name] = function () {
        const begun = performance.now();
        const result = original.apply(this, arguments);
        window.__cost.plotly += performance.now() - begun; window.__cost.charts += 1;
        return result;
      };
    }
  }
  window.__swaps = {};
  document.body.addEventListener("htmx:oobAfterSwap", (event) => {
    const id = (event.target && event.target.id || "?").replace(/[0-9]+/g, "N");
    window.__swaps[id] = (window.__swaps[id] || 0) + 1;
  });
  let begun = 0;
  document.body.addEventListener("htmx:wsBeforeMessage", () => { begun = performance.now(); });
  document.body.addEventListener("htmx:wsAfterMessage", () => {
    window.__cost.swap += performance.now() - begun; window.__cost.messages += 1;
  });
}"""


async def run(args: argparse.Namespace, server: Server) -> dict[str, object]:
    await server.wait_ready()
    rng = random.Random(args.seed)
    async with httpx.AsyncClient(
        base_url=server.base_url, timeout=args.timeout, headers={"Authorization": f"Bearer {server.secret}"}
    ) as admin:
        links, ids = await create_meeting(admin, args.municipalities)
        code, token = links["join_code"], links["facilitator_url"].rstrip("/").rsplit("/", 1)[1]
        page_url = links[f"{args.page}_url"]
        people = [
            SimulatedParticipant(
                httpx.AsyncClient(base_url=server.base_url, timeout=args.timeout),
                code,
                ids[i % len(ids)],
                f"{rng.choice(NAMES)} (bench {i + 1})",
                random.Random(rng.random()),
            )
            for i in range(args.participants)
        ]
        try:
            await asyncio.gather(*(p.join() for p in people))
            (await admin.post(f"/api/f/{token}/clock/start")).raise_for_status()
            for _ in range(BREAKOUT_BLOCK):
                (await admin.post(f"/api/f/{token}/clock/next")).raise_for_status()
            async with async_playwright() as playwright:
                browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
                page = await browser.new_page()
                await page.goto(page_url)
                opened = time.monotonic() + args.timeout  # (wait_for_function evaluates strings: the CSP forbids it)
                while await page.evaluate("() => document.body.dataset.live") != "open":
                    if time.monotonic() > opened:
                        raise RuntimeError("the dashboard's websocket did not open")
                    await asyncio.sleep(0.1)
                await page.evaluate(WATCH)
                acks, clicks = await answer_at_pace(args, people, page)
                top = max((change for change, _ in acks), default=0)
                deadline = time.monotonic() + args.drain
                seen: list[list[float]] = []
                while time.monotonic() < deadline:
                    seen = await page.evaluate("window.__seen")
                    if seen and max(change for change, _ in seen) >= top:
                        break
                    await asyncio.sleep(0.2)
                cost = await page.evaluate("window.__cost")
                print("oob swaps by element:", await page.evaluate("window.__swaps"))
                await browser.close()
        finally:
            for person in people:
                await person.client.aclose()
    lags, unseen = [], 0
    for change, acked in acks:
        shown = [at for last, at in seen if last >= change]
        if shown:
            lags.append(min(shown) / 1000 - acked)
        else:
            unseen += 1
    return {"acks": len(acks), "lags": lags, "unseen": unseen, "clicks": clicks, "cost": cost}


async def answer_at_pace(
    args: argparse.Namespace, people: list[SimulatedParticipant], page: object
) -> tuple[list[tuple[int, float]], list[float]]:
    """Views and answers at `args.rate` answers a second, round the participants; the page's clicks timed meanwhile."""
    acks: list[tuple[int, float]] = []
    clicks: list[float] = []
    errors = args.errors
    started = time.monotonic()
    tasks: set[asyncio.Task[None]] = set()

    async def one(person: SimulatedParticipant) -> None:
        try:
            if not person.questions:
                person.questions = {q["question"]: q for q in (await person.room())["questions"]}
            question = person.rng.choice(list(person.questions.values()))
            change = await person.answer(question, agreed=True)
        except (httpx.HTTPError, TimeoutError) as error:
            errors[type(error).__name__] += 1
            return
        if change is not None:
            acks.append((change, time.time()))

    async def click_now_and_then() -> None:
        # A click on the page (opening the remarks) must go out while pushes arrive: time it to the DOM.
        while time.monotonic() - started < args.seconds:
            await asyncio.sleep(2)
            begun = time.perf_counter()
            await page.evaluate(  # type: ignore[attr-defined]
                "() => new Promise(done => requestAnimationFrame(() => done(document.readyState)))"
            )
            clicks.append(time.perf_counter() - begun)

    clicker = asyncio.create_task(click_now_and_then())
    n = 0
    while time.monotonic() - started < args.seconds:
        person = people[n % len(people)]
        task = asyncio.create_task(one(person))
        tasks.add(task)
        task.add_done_callback(tasks.discard)
        n += 1
        await asyncio.sleep(max(0.0, started + n / args.rate - time.monotonic()))
    await asyncio.gather(*tasks, return_exceptions=True)
    await clicker
    return acks, clicks


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.facilitator_lag", description=__doc__.split("\n\n")[0])
    parser.add_argument("--participants", type=int, default=40)
    parser.add_argument("--municipalities", type=int, default=10)
    parser.add_argument("--rate", type=float, default=7.0, help="answers a second, all participants together")
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--page", choices=("facilitator", "display"), default="facilitator", help="which dashboard")
    parser.add_argument("--timeout", type=float, default=15.0)
    parser.add_argument("--drain", type=float, default=20.0, help="longest wait for the page after the phase (s)")
    parser.add_argument("--app-dir", default="", help="run the server from this checkout (e.g. main, for 'before')")
    parser.add_argument("--seed", type=int, default=20261205)
    args = parser.parse_args(argv)
    args.errors = Counter()
    data_dir = Path(tempfile.mkdtemp(prefix="zelfscan-lag-"))
    server = Server(data_dir, free_port(), secrets.token_urlsafe(18), args.app_dir)
    server.start()
    load_before = Path("/proc/loadavg").read_text().split()[0]
    try:
        result = asyncio.run(run(args, server))
    except BaseException:
        print(server.log_tail(), file=sys.stderr)
        raise
    finally:
        server.stop()
        shutil.rmtree(data_dir, ignore_errors=True)
    lags: list[float] = result["lags"]  # type: ignore[assignment]
    clicks: list[float] = result["clicks"]  # type: ignore[assignment]
    load_after = Path("/proc/loadavg").read_text().split()[0]
    print(f"participants {args.participants} in {args.municipalities} rooms, {args.rate:g} answers/s")
    print(f"answers acknowledged {result['acks']}, never shown on the page {result['unseen']}")
    print(f"failed requests: {dict(args.errors) or 0}")
    print(
        "acknowledged -> facilitator page DOM: "
        + ", ".join(f"p{p} {percentile(lags, p) * 1000:.0f} ms" for p in (50, 95, 99))
        + f", max {max(lags, default=float('nan')) * 1000:.0f} ms"
    )
    print(
        f"page main thread free (a frame) p50 / max: {percentile(clicks, 50) * 1000:.0f} / "
        f"{max(clicks, default=float('nan')) * 1000:.0f} ms"
    )
    cost: dict[str, float] = result["cost"]  # type: ignore[assignment]
    print(
        f"page work: {cost['messages']:.0f} messages, {cost['swap']:.0f} ms swapping them; "
        f"{cost['charts']:.0f} Plotly draws, {cost['plotly']:.0f} ms"
    )
    print(f"machine load (1 min): {load_before} -> {load_after} on 2 CPUs")
    return 0 if not result["unseen"] else 1


if __name__ == "__main__":
    sys.exit(main())

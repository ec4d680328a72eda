"""axe-core in the browser tests: `assert_accessible(page)` fails listing every WCAG 2.1 A/AA violation.

The script is vendored (tests/support/vendor/README.md records version, source, checksum and licence)
and checked against its sha256 before it runs. It is evaluated through the DevTools protocol
(`page.evaluate`), not added as a <script>: the app's Content-Security-Policy allows only its own
scripts, and the browser fixtures fail a test on any CSP violation.
"""

from __future__ import annotations

import functools
import hashlib
from pathlib import Path
from typing import Any

from playwright.sync_api import Page

AXE_PATH = Path(__file__).parent / "vendor" / "axe.min.js"
AXE_VERSION = "4.14.1"
AXE_SHA256 = "29348999450cdf2849a8e70b7912fc2da85a849da39c0d0d5394f51d4a9ed95c"
WCAG_21_AA = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa")

RUN_AXE = """async ([context, tags]) => {
  const results = await window.axe.run(context || document, {
    runOnly: {type: "tag", values: tags},
    resultTypes: ["violations"],
  });
  return results.violations.map((v) => ({
    id: v.id,
    impact: v.impact,
    help: v.help,
    url: v.helpUrl,
    nodes: v.nodes.map((n) => ({target: n.target.join(" "), summary: n.failureSummary || ""})),
  }));
}"""


@functools.cache
def axe_source() -> str:
    """The vendored axe.min.js, refused when its checksum is not the recorded one."""
    data = AXE_PATH.read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    if digest != AXE_SHA256:
        raise AssertionError(f"{AXE_PATH} has sha256 {digest}, expected axe-core {AXE_VERSION}'s {AXE_SHA256}")
    return data.decode("utf-8")


def axe_violations(page: Page, context: str | None = None) -> list[dict[str, Any]]:
    """Run axe-core's WCAG 2.1 A and AA rules on `page` (or the part matching the CSS selector `context`)."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(axe_source() + "\n;undefined")
    found: list[dict[str, Any]] = page.evaluate(RUN_AXE, [context, list(WCAG_21_AA)])
    return found


def _luminance(colour: str) -> float:
    """Relative luminance (WCAG 2.1) of "#rrggbb" or "rgb(r, g, b)"."""
    if colour.startswith("#"):
        channels = [int(colour[i : i + 2], 16) for i in (1, 3, 5)]
    else:
        channels = [int(float(part)) for part in colour[colour.index("(") + 1 : colour.index(")")].split(",")[:3]]
    linear = [c / 255 / 12.92 if c / 255 <= 0.03928 else ((c / 255 + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast_ratio(one: str, other: str) -> float:
    """WCAG 2.1 contrast ratio of two colours (1.0 to 21.0)."""
    light, dark = sorted((_luminance(one), _luminance(other)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def describe(violations: list[dict[str, Any]]) -> str:
    """One readable block per violation: rule, impact, what it asks, and every element it found."""
    lines = []
    for v in violations:
        lines.append(f"- {v['id']} ({v['impact']}): {v['help']} <{v['url']}>")
        for node in v["nodes"]:
            summary = " ".join(node["summary"].split())
            lines.append(f"    {node['target']}: {summary}")
    return "\n".join(lines)


def axe_report(page: Page, context: str | None = None, *, what: str = "") -> str:
    """Every WCAG 2.1 A/AA violation on the page as it is now, readably ("" when there is none)."""
    violations = axe_violations(page, context)
    if not violations:
        return ""
    return f"axe-core {AXE_VERSION}: {len(violations)} violation(s) on {what or page.url}:\n" + describe(violations)


def assert_accessible(page: Page, context: str | None = None, *, what: str = "") -> None:
    """Fail with every WCAG 2.1 A/AA violation axe-core finds on the page as it is now."""
    report = axe_report(page, context, what=what)
    assert not report, report

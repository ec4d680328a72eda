"""The one privacy policy: what a screen or a file may show in a privacy mode, free text included.

`decide` is the single place that answers, for a medium (a projected screen or a document) and a
mode (named / anonymised "Gemeente A, B, …" / regional only): how each municipality is labelled,
whether results per municipality may appear, whether municipality names and member names may
appear, and how free text is redacted. Every projected view, live push and export asks it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace

from app.core.errors import Invalid
from app.core.redaction import Replacer, name_key, replacer
from app.meetings.models import Meeting, Municipality
from app.meetings.service import municipality_label
from app.zelfscan.scoring import PRIVACY_MODES, anonymous_label

# Characters that XML 1.0 (Word, Excel) cannot hold; tab, newline and carriage return are allowed.
# Line and page breaks (Word's soft line break \x0b, form feed, NEL, Unicode separators) become a
# newline, every other control character a space, lone surrogates and non-characters go.
_BREAKS = re.compile("\r\n|[\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")
_CONTROLS = re.compile("[\x00-\x08\x0e-\x1b\x1f\x7f-\x84\x86-\x9f]")
_BESIDE_SPACE = re.compile("(?<=\\s)" + _CONTROLS.pattern + "+|" + _CONTROLS.pattern + "+(?=\\s)")
_DROPPED = re.compile("[\ud800-\udfff\ufffe\uffff]")
REGIONAL_PLACEHOLDER = "[gemeente]"
SCREEN = "screen"  # everything projected: the display link /d/… and the facilitator's dashboard content
DOCUMENT = "document"  # exports (verslag, workbook, plans) and the organiser's results API
MEDIA = (SCREEN, DOCUMENT)


def resolve_mode(*, meeting: Meeting, requested: str | None) -> str:
    """The export's privacy mode: the requested override, else the meeting's own mode."""
    if not requested:
        return meeting.privacy_mode
    if requested not in PRIVACY_MODES:
        raise Invalid("Onbekende privacystand. Kies 'named', 'anonymised' of 'regional'.")
    return requested


def clean_text(text: str | None, *, single_line: bool = False) -> str:
    """Text that any file can hold: the one cleaning step for every text written into a document or workbook.

    Line and page breaks become a newline (a space when `single_line`, e.g. a name, a sheet name or a
    file property), other control characters a space; lone surrogates are removed.
    """
    if not text:
        return ""
    broken = _BREAKS.sub("\n", text)
    cleaned = _DROPPED.sub("", _CONTROLS.sub(" ", _BESIDE_SPACE.sub("", broken)))
    return " ".join(cleaned.split()) if single_line else cleaned


@dataclass(frozen=True)
class Redactor:
    """Replaces municipality names (and the organiser's hidden terms) in free text by their label in the mode.

    Participants write things like "in Bussum loopt dit al": in anonymised mode that becomes
    "in Gemeente B loopt dit al", in regional mode "in [gemeente] loopt dit al". Which words count
    as a name (so "we doen ons best" stays in a meeting with Best) is `app.core.redaction`'s rule.
    Named mode only drops characters that Word and Excel cannot store.
    """

    mode: str
    replace: Replacer = field(default_factory=Replacer)

    def __call__(self, text: str | None) -> str:
        return self.replace(clean_text(text))


def _redactor(mode: str, names: Mapping[str, str], hidden_terms: Iterable[str] = ()) -> Redactor:
    """Name -> label; regional mode replaces every name by the placeholder; hidden terms only when not named."""
    if mode == "named":
        return Redactor(mode)
    labels = {name: REGIONAL_PLACEHOLDER if mode == "regional" else label for name, label in names.items()}
    return Redactor(mode, replacer(names=labels, hidden_terms=hidden_terms))


def slug(text: str) -> str:
    """A filename-safe ASCII slug."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "bestand"


@dataclass(frozen=True)
class Policy:
    """What one screen or file may show in one privacy mode (made by `decide`)."""

    mode: str
    medium: str
    per_municipality: bool  # results, rooms, attendance and theme groups listed per municipality
    municipality_names: bool  # real municipality names (else the labels "Gemeente A", …)
    member_names: bool  # names participants gave when joining
    labels: Mapping[int, str]  # municipality id -> its label in this mode
    redact: Redactor  # free text with municipality names replaced

    def label(self, municipality: Municipality) -> str:
        """How `municipality` is called: its name or its letter label (in regional mode too, for its own plan)."""
        return self.labels.get(municipality.id or 0) or municipality_label(municipality, self.mode)

    def listed_label(self, municipality: Municipality) -> str:
        """The label where municipalities are listed side by side: empty when only regional figures may show."""
        return self.label(municipality) if self.per_municipality else ""

    def text(self, value: str | None) -> str:
        """Free text (toelichting, theme answer, agreement, speaker) as it may be shown."""
        return self.redact(value)

    def naming(self, municipality: Municipality) -> Policy:
        """This policy with `municipality` called by its name (its own plan van aanpak always names it)."""
        if self.municipality_names:
            return self
        own = self.label(municipality)
        labels = {key: municipality.name if label == own else label for key, label in self.labels.items()}
        labels[municipality.id or 0] = municipality.name
        names = {
            name: label
            for name, label in self.redact.replace.names.items()
            if name_key(name) != name_key(municipality.name)
        }
        redact = Redactor(self.mode, replacer(names=names, hidden_terms=self.redact.replace.terms))
        return replace(self, labels=labels, redact=redact)


def decide(
    *,
    mode: str,
    medium: str,
    municipalities: Iterable[Municipality],
    linked: Iterable[Municipality] = (),
    hidden_terms: Iterable[str] = (),
) -> Policy:
    """The policy for a medium in a privacy mode, over a meeting's municipalities.

    `linked` are the municipalities of the scan a meeting takes its results from (a follow-up's
    startbijeenkomst): one with the same name gets the same label, the others letters after the
    meeting's own, so a label never names two municipalities. `hidden_terms` (the organiser's, e.g. a
    wethouder's name) are hidden wherever municipality names are.
    """
    if mode not in PRIVACY_MODES:
        raise Invalid("Onbekende privacystand. Kies 'named', 'anonymised' of 'regional'.")
    if medium not in MEDIA:
        raise RuntimeError(f"unknown medium {medium!r}: use {' or '.join(MEDIA)}")
    own = list(municipalities)
    labels = {m.id or 0: municipality_label(m, mode) for m in own}
    by_name = {m.name.casefold(): labels[m.id or 0] for m in own}
    extra = len(own)
    everyone = list(own)
    for m in linked:
        if (m.id or 0) in labels:
            continue
        everyone.append(m)
        if m.name.casefold() not in by_name:
            by_name[m.name.casefold()] = m.name if mode == "named" else anonymous_label(extra)
            extra += 1
        labels[m.id or 0] = by_name[m.name.casefold()]
    return Policy(
        mode=mode,
        medium=medium,
        per_municipality=mode != "regional",
        municipality_names=mode == "named",
        # A projected screen never shows people's names; a named document lists who took part.
        member_names=mode == "named" and medium == DOCUMENT,
        labels=labels,
        redact=_redactor(mode, {m.name: by_name[m.name.casefold()] for m in everyone}, hidden_terms),
    )

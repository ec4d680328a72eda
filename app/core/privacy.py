"""The privacy mode of an export, and keeping municipality names out of free text and filenames."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field

from app.core.errors import Invalid
from app.meetings.models import Meeting, Municipality
from app.meetings.service import municipality_label
from app.zelfscan.scoring import PRIVACY_MODES

# Characters that XML 1.0 (Word, Excel) cannot hold; tab, newline and carriage return are allowed.
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
REGIONAL_PLACEHOLDER = "[gemeente]"


def resolve_mode(*, meeting: Meeting, requested: str | None) -> str:
    """The export's privacy mode: the requested override, else the meeting's own mode."""
    if not requested:
        return meeting.privacy_mode
    if requested not in PRIVACY_MODES:
        raise Invalid("Onbekende privacystand. Kies 'named', 'anonymised' of 'regional'.")
    return requested


def clean_text(text: str | None) -> str:
    """Text that XML can hold (control characters dropped)."""
    return _XML_ILLEGAL.sub("", text or "")


@dataclass(frozen=True)
class Redactor:
    """Replaces municipality names in free text by their label in the privacy mode.

    Participants write things like "in Bussum loopt dit al": in anonymised mode that becomes
    "in Gemeente B loopt dit al", in regional mode "in [gemeente] loopt dit al". Named mode only
    drops characters that Word and Excel cannot store.
    """

    mode: str
    pattern: re.Pattern[str] | None = None
    labels: dict[str, str] = field(default_factory=dict)  # casefolded name -> label

    def __call__(self, text: str | None) -> str:
        text = clean_text(text)
        if self.pattern is None or not text:
            return text
        return self.pattern.sub(lambda m: self.labels.get(m.group(0).casefold(), REGIONAL_PLACEHOLDER), text)


def redactor(*, mode: str, municipalities: Iterable[Municipality]) -> Redactor:
    """A redactor for `mode` over the meeting's municipalities."""
    if mode == "named":
        return Redactor(mode)
    labels = {
        m.name.casefold(): REGIONAL_PLACEHOLDER if mode == "regional" else municipality_label(m, mode)
        for m in municipalities
    }
    if not labels:
        return Redactor(mode)
    names = sorted(labels, key=len, reverse=True)  # longest first: "Bergen op Zoom" before "Bergen"
    pattern = re.compile(r"(?<!\w)(?:" + "|".join(re.escape(n) for n in names) + r")(?!\w)", re.IGNORECASE)
    return Redactor(mode, pattern, labels)


def slug(text: str) -> str:
    """A filename-safe ASCII slug."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "bestand"

"""Where free text names a municipality (or an organiser's hidden term), and what replaces it. Pure.

The rule, chosen so ordinary Dutch words survive and names do not:

1. A name is only replaced as a whole word (no letters or digits glued to either side), and a
   "gemeente" written right before it goes with it ("Gemeente Best" -> "Gemeente O", not
   "Gemeente Gemeente O").
2. A municipality whose name is also an ordinary Dutch word (`ORDINARY_WORDS`: Best, Buren, Putten,
   Vaals, Houten, Huizen, ...) is only recognised written with its capital, as a name is written in
   Dutch ("Best", or all in capitals "BEST"). Lower case is the ordinary word: "we doen ons best",
   "signalen van buren en school" stay as they are. At the start of a sentence the capitalised word
   counts as the name ("Best heeft een wachtlijst" is hidden): hiding one word too many is better
   than naming a municipality.
3. Every other name (Bussum, Ede, Oss, Wijchen, Bergen op Zoom, ...) is recognised in any case,
   since a participant who types "bussum" still names Bussum.
4. Hidden terms (a wethouder's name, a street) are recognised in any case and become `HIDDEN`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

HIDDEN = "[weggelaten]"
MAX_TERMS = 40
MAX_TERM_LENGTH = 80
MIN_TERM_LENGTH = 2
MAX_TERMS_TEXT = 2000

# Municipality names (casefolded) that are also ordinary Dutch words or word forms.
ORDINARY_WORDS = frozenset(
    {
        "beek",
        "bergen",
        "best",
        "buren",
        "delft",
        "duiven",
        "echt",
        "grave",
        "haren",
        "helden",
        "hoorn",
        "horst",
        "houten",
        "huizen",
        "hulst",
        "kampen",
        "laren",
        "leiden",
        "loon",
        "losser",
        "putten",
        "sluis",
        "son",
        "vaals",
        "voorst",
        "weert",
        "wierden",
    }
)
_GEMEENTE = r"(?:(?i:gemeente)\s+)?"


@dataclass(frozen=True)
class Replacer:
    """Replaces every recognised name or term by its label; `None` pattern: nothing to replace."""

    pattern: re.Pattern[str] | None = None
    labels: dict[str, str] = field(default_factory=dict)  # casefolded municipality name -> its label
    terms: tuple[str, ...] = ()  # the hidden terms

    def __call__(self, text: str) -> str:
        if self.pattern is None or not text:
            return text
        return self.pattern.sub(self._label, text)

    def _label(self, match: re.Match[str]) -> str:
        name = match.group("name")
        return self.labels[name.casefold()] if name else HIDDEN


def _alternatives(name: str, *, term: bool) -> list[str]:
    """Regex alternatives recognising `name` as rule 2 or 3 (or 4, for a hidden term) says."""
    if term or " " in name.strip() or name.casefold() not in ORDINARY_WORDS:
        return [f"(?i:{re.escape(name)})"]
    capitalised = name[:1].upper() + name[1:]
    return [re.escape(capitalised), re.escape(name.upper())]


def _longest_first(words: Iterable[str], *, term: bool) -> str:
    ordered = sorted(words, key=len, reverse=True)  # "Bergen op Zoom" before "Bergen"
    return "|".join(alt for word in ordered for alt in _alternatives(word, term=term))


def replacer(*, names: Mapping[str, str], hidden_terms: Iterable[str] = ()) -> Replacer:
    """A Replacer for municipality `names` (name -> label) and the organiser's hidden terms."""
    labels = {name.casefold(): label for name, label in names.items() if name.strip()}
    terms = {t.casefold(): t for t in hidden_terms if t.strip() and t.casefold() not in labels}
    choices = []
    if labels:
        choices.append(_GEMEENTE + "(?P<name>" + _longest_first(labels, term=False) + ")")
    if terms:
        choices.append("(?P<term>" + _longest_first(terms.values(), term=True) + ")")
    if not choices:
        return Replacer()
    pattern = re.compile(r"(?<!\w)(?:" + "|".join(choices) + r")(?!\w)")
    return Replacer(pattern, labels, tuple(terms.values()))


def parse_terms(text: str) -> list[str]:
    """The organiser's hidden terms: one per line or separated by commas, stripped, duplicates dropped."""
    seen: dict[str, str] = {}
    for raw in re.split(r"[\n,;]", text or ""):
        term = " ".join(raw.split())
        if term and term.casefold() not in seen:
            seen[term.casefold()] = term
    return list(seen.values())


def check_terms(text: str) -> str:
    """The terms as stored (one per line); ValueError with a Dutch message when one does not fit."""
    if len(text or "") > MAX_TERMS_TEXT:
        raise ValueError(f"de te verbergen woorden zijn samen hoogstens {MAX_TERMS_TEXT} tekens")
    terms = parse_terms(text)
    if len(terms) > MAX_TERMS:
        raise ValueError(f"hoogstens {MAX_TERMS} te verbergen woorden (nu {len(terms)})")
    for term in terms:
        if len(term) < MIN_TERM_LENGTH:
            raise ValueError(f"'{term}' is te kort om te verbergen: minstens {MIN_TERM_LENGTH} tekens")
        if len(term) > MAX_TERM_LENGTH:
            raise ValueError(f"'{term[:20]}…' is te lang: een te verbergen woord is hoogstens {MAX_TERM_LENGTH} tekens")
        if not re.search(r"\w", term):
            raise ValueError(f"'{term}' bevat geen letters of cijfers")
    return "\n".join(terms)

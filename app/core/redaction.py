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
5. How a name is typed does not matter beyond that: accents may be left out ("Sudwest-Fryslan"), the
   words of a name may be split by spaces, line breaks or hyphens ("Bergen-op-Zoom", "Bergen op  Zoom"),
   a leading apostrophe may be missing ("s-Hertogenbosch"). A name that is not an ordinary word is
   also recognised in its derived forms (`SUFFIXES`: "Bussumse", "Edenaar", "Amstelveners").
"""

from __future__ import annotations

import re
import unicodedata
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
SUFFIXES = r"(?:se|s|er|ers|naar|naren)?"  # Bussumse, Edes, Bussumer(s), Edenaar, Edenaren
_SEPARATOR = re.compile(r"[\s\-]+")
_APOSTROPHES = "'’‘`"
_LONG_VOWEL = re.compile(r"(?i)^(.*)([aeou])\2([^aeiou])$")  # Amstelveen -> Amstelven(ers)


def fold(text: str) -> str:
    """`text` without accents, one character for one (so positions in it are positions in `text`)."""
    return "".join(unicodedata.normalize("NFD", ch)[0] for ch in text)


def name_key(name: str) -> str:
    """The form in which two spellings of one name are equal: folded, casefolded, one space between words."""
    return " ".join(_SEPARATOR.split(fold(name).casefold().strip(_APOSTROPHES + " -")))


def _spelled(name: str) -> str:
    """A regex for the words of `name` (folded) split by any spaces or hyphens, a leading apostrophe optional."""
    words = _SEPARATOR.split(fold(name).strip())
    first = words[0].lstrip(_APOSTROPHES)
    lead = f"[{_APOSTROPHES}]?" if first != words[0] else ""
    return lead + r"[\s\-]+".join(re.escape(w) for w in [first, *words[1:]] if w)


@dataclass(frozen=True)
class Replacer:
    """Replaces every recognised name or term by its label; `None` pattern: nothing to replace."""

    pattern: re.Pattern[str] | None = None
    labels: dict[str, str] = field(default_factory=dict)  # a municipality name's `name_key` -> its label
    terms: tuple[str, ...] = ()  # the hidden terms
    names: dict[str, str] = field(default_factory=dict)  # each municipality name as given -> its label

    def __call__(self, text: str) -> str:
        if self.pattern is None or not text:
            return text
        parts, end = [], 0
        for match in self.pattern.finditer(fold(text)):  # matched without accents, replaced in the text itself
            parts += [text[end : match.start()], self._label(match)]
            end = match.end()
        return "".join(parts) + text[end:]

    def _label(self, match: re.Match[str]) -> str:
        for group, key in self.keys.items():
            if match.group(group):
                return self.labels[key]
        return HIDDEN

    @property
    def keys(self) -> dict[str, str]:
        """The regex group of every municipality name -> the name's `name_key`."""
        return {f"n{i}": key for i, key in enumerate(self.labels)}


def _alternatives(name: str, *, term: bool) -> list[str]:
    """Regex alternatives recognising `name` as rules 2 to 5 say."""
    spelled = _spelled(name)
    if term:
        return [f"(?i:{spelled})"]
    if name_key(name) in ORDINARY_WORDS:
        folded = fold(name.strip())
        return [re.escape(folded[:1].upper() + folded[1:]), re.escape(folded.upper())]
    short = _LONG_VOWEL.match(spelled)
    shortened = [f"(?i:{short.group(1)}{short.group(2)}{short.group(3)}(?:er|ers))"] if short else []
    return [f"(?i:{spelled}{SUFFIXES})", *shortened]


def _longest_first(words: Iterable[str], *, term: bool) -> str:
    ordered = sorted(words, key=len, reverse=True)  # "Bergen op Zoom" before "Bergen"
    return "|".join(alt for word in ordered for alt in _alternatives(word, term=term))


def replacer(*, names: Mapping[str, str], hidden_terms: Iterable[str] = ()) -> Replacer:
    """A Replacer for municipality `names` (name -> label) and the organiser's hidden terms."""
    named = {name_key(name): (name, label) for name, label in names.items() if name.strip()}
    terms = {name_key(t): t for t in hidden_terms if t.strip() and name_key(t) not in named}
    labels = {key: label for key, (_, label) in named.items()}
    choices = []
    ordered = sorted(enumerate(named.values()), key=lambda item: len(item[1][0]), reverse=True)  # longest first
    for i, (name, _) in ordered:
        choices.append(_GEMEENTE + f"(?P<n{i}>" + "|".join(_alternatives(name, term=False)) + ")")
    if terms:
        choices.append("(?P<term>" + _longest_first(terms.values(), term=True) + ")")
    if not choices:
        return Replacer()
    pattern = re.compile(r"(?<!\w)(?:" + "|".join(choices) + r")(?!\w)")
    return Replacer(pattern, labels, tuple(terms.values()), dict(named.values()))


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

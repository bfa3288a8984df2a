"""Text as the tagger should see it, with a map back to the text as it was given.

Invisible or decomposed characters break words apart for natasha and the gazetteer:
«Ом\\u200bской», «Омской» with a soft hyphen, «Омско́й» with a stress mark, «Омской» in
NFD, «Omской» with a Latin O. Before the entity pass the text is

- put in NFC (a letter and its combining marks composed: «й», «ё»);
- rid of format characters (Unicode category Cf: zero-width spaces and joiners, soft
  hyphens, byte order marks, direction marks) and of the stress marks (combining acute
  and grave) that no letter composes with;
- freed of Latin look-alikes inside Cyrillic words: in a word with a Cyrillic letter,
  Latin letters that look like Cyrillic ones («a», «o», «p», «C», «H», ...) are read as
  those, when every Latin letter of the word is one of them.

Every character of the result remembers the stretch of the original it came from, so
offsets found in the clean text map back exactly (`Normalised.span`), and `to_original`
moves a whole `Analysis` back onto the document as given: evidence offsets point into
`Document.text`, and `text[start:end]` is the sentence shown.

>>> clean = normalise("Ом\\u200bская обла\\u0301сть")
>>> clean.text
'Омская область'
>>> clean.span(0, 6), "Ом\\u200bская обла\\u0301сть"[0:7]
((0, 7), 'Ом\\u200bская')
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass, replace
from functools import cache

from interreg.ingest.analysis import Analysis
from interreg.ingest.facts import Document, Evidence

# Combining marks no Russian letter composes with: stress marks over vowels.
STRESS_MARKS = frozenset("\u0300\u0301")
# Latin letters read as the Cyrillic letter they look like, inside a Cyrillic word.
LATIN_LOOKALIKES = dict(zip("aceopxyABCEHKMOPTXY", "асеорхуАВСЕНКМОРТХУ"))
LATIN = "[a-zA-Z]"
CYRILLIC = "[\u0400-\u04ff]"
# A word with a Latin letter next to a Cyrillic one.
MIXED_WORD = re.compile(f"[^\\W\\d_]*(?:{LATIN}{CYRILLIC}|{CYRILLIC}{LATIN})[^\\W\\d_]*")


@dataclass
class Normalised:
    original: str
    text: str
    # The map back, by stretches of `text` (None when nothing changed): stretch k starts at
    # text offset `clean[k]` and came from original[first[k]:last[k]]. A copied stretch maps
    # character for character; a rewritten one (a letter with marks, as one character) as a whole.
    clean: list[int] | None = None
    first: list[int] | None = None
    last: list[int] | None = None
    copied: list[bool] | None = None

    @property
    def changed(self) -> bool:
        return self.clean is not None

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The stretch of the original that text[start:end] came from."""
        if not self.changed:
            return start, end
        if end <= start:
            at = self._start_of(start) if start < len(self.text) else len(self.original)
            return at, at
        return self._start_of(start), self._end_of(end - 1)

    def _start_of(self, at: int) -> int:
        k = bisect_right(self.clean, at) - 1
        return self.first[k] + (at - self.clean[k] if self.copied[k] else 0)

    def _end_of(self, at: int) -> int:
        k = bisect_right(self.clean, at) - 1
        return self.first[k] + at - self.clean[k] + 1 if self.copied[k] else self.last[k]

    def to_original(self, analysis: Analysis, document: Document) -> Analysis:
        """The analysis of the clean text, with every offset moved onto `document.text`."""
        if not self.changed:
            return replace(analysis, document=document)

        def moved(item):
            start, end = self.span(item.start, item.end)
            return replace(item, start=start, end=end)

        def evidence(found: Evidence) -> Evidence:
            start, end = self.span(found.start, found.end)
            return replace(found, start=start, end=end, sentence=self.original[start:end])

        sentences = []
        for sentence in analysis.sentences:
            start, end = self.span(sentence.start, sentence.end)
            sentences.append(replace(sentence, start=start, end=end, text=self.original[start:end],
                                     tokens=[moved(token) for token in sentence.tokens]))
        return replace(
            analysis,
            document=document,
            sentences=sentences,
            places=[moved(place) for place in analysis.places],
            persons=[replace(person, evidence=evidence(person.evidence)) for person in analysis.persons],
            person_mentions=[moved(mention) for mention in analysis.person_mentions],
            organizations=[replace(org, evidence=evidence(org.evidence)) for org in analysis.organizations],
            dates=[moved(found) for found in analysis.dates],
        )


def normalise(text: str) -> Normalised:
    """`text` cleaned for the tagger, with the map back (see the module's docstring)."""
    if unicodedata.is_normalized("NFC", text) and not _suspects().search(text):
        return Normalised(text, text)      # the usual case, seen at C speed
    pieces: list[str] = []
    clean, first, last, copied = [], [], [], []
    length = 0

    def add(piece: str, start: int, end: int, as_copy: bool) -> None:
        nonlocal length
        if piece:
            pieces.append(piece)
            clean.append(length)
            first.append(start)
            last.append(end)
            copied.append(as_copy)
            length += len(piece)

    at = 0
    for found in _troubles().finditer(text):
        add(text[at:found.start()], at, found.start(), True)
        for char in _composed(found.group()):
            add(char, found.start(), found.end(), False)
        at = found.end()
    add(text[at:], at, len(text), True)
    result = _fold_lookalikes("".join(pieces))
    if result == text:
        return Normalised(text, text)
    return Normalised(text, result, clean, first, last, copied)


@cache
def _troubles() -> re.Pattern:
    """What is rewritten: a character with combining marks after it, or a format character."""
    marks = "".join(re.escape(chr(code)) for code in _planes() if unicodedata.combining(chr(code)))
    return re.compile(f"[^{marks}]?[{marks}]+|[{_formats()}]", re.DOTALL)


@cache
def _suspects() -> re.Pattern:
    """Anything `normalise` would change in NFC text: a format character, a stress mark,
    a Latin letter next to a Cyrillic one."""
    marks = "".join(STRESS_MARKS)
    return re.compile(f"[{_formats()}{marks}]|{LATIN}{CYRILLIC}|{CYRILLIC}{LATIN}")


def _planes() -> list[int]:
    return [*range(0x10000), *range(0xE0000, 0xE0080)]


@cache
def _formats() -> str:
    return "".join(re.escape(chr(code)) for code in _planes() if unicodedata.category(chr(code)) == "Cf")


def _composed(stretch: str) -> str:
    """One letter with its marks, composed; format characters and stray stress marks gone."""
    composed = unicodedata.normalize("NFC", stretch)
    return "".join(char for char in composed
                   if char not in STRESS_MARKS and unicodedata.category(char) != "Cf")


def _fold_lookalikes(text: str) -> str:
    """Latin look-alikes read as Cyrillic in words that mix both (one for one: the map holds)."""
    return MIXED_WORD.sub(_fold_word, text)


def _fold_word(found: re.Match) -> str:
    word = found.group()
    latin = [char for char in word if char.isascii()]
    if all(char in LATIN_LOOKALIKES for char in latin):
        return "".join(LATIN_LOOKALIKES.get(char, char) for char in word)
    return word

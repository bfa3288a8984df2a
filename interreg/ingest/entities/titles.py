"""Titles of office in a sentence: «первого заместителя хокима», «Губернатор», «председателя облисполкома».

A title is a prefix (optional, `data/position_prefixes.tsv`) plus a title from
`data/positions.tsv`. Each lexicon word matches its inflected forms; place
words may stand inside a title («председатель Минского облисполкома») and are
kept as the title's own place.

>>> from interreg.ingest.entities.nlp import parse                      # doctest: +SKIP
>>> [t.position for t in find_titles(parse("Первого заместителя хокима.")[0])]  # doctest: +SKIP
['первый заместитель хокима']
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache, lru_cache
from typing import Callable

from interreg.ingest.analysis import PlaceMention, Sentence, Token
from interreg.ingest.lexicon import rows

# Endings taken off both a lexicon word and a token before comparing them, longest first.
_CASE_ENDINGS = sorted("""ами ями ого его ому ему ыми ими ой ей ом ем ём ым им ая яя ую юю ые ие ых их ов ев
                          ам ям ах ях ый ий а я у ю е ы и о й ь""".split(), key=len, reverse=True)
_WORD = re.compile(r"[\w-]+|[^\w\s]")
MIN_STEM = 3


def stem(word: str) -> str:
    """The word without its case ending: «губернатором» → «губернатор», «главой» → «глав»."""
    word = word.lower().replace("ё", "е")
    for ending in _CASE_ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= MIN_STEM:
            return word[: -len(ending)]
    return word


_ENDING_SET = frozenset(_CASE_ENDINGS) | {""}


def inflects(text: str, word: str) -> bool:
    """Whether `text` is `word` with a case ending: «хокимом» of «хоким», «главой» of «глава»."""
    text, word = text.lower().replace("ё", "е"), word.lower().replace("ё", "е")
    bases = {word}
    if word[-1:] in "аяьйоеы":
        bases.add(word[:-1])
    if word[-2:] in ("ый", "ий", "ой", "ая", "ое"):
        bases.add(word[:-2])
    return any(text.startswith(base) and len(base) >= MIN_STEM and text[len(base):] in _ENDING_SET
               for base in bases) or text == word


def word_matches(token: Token, lexicon_word: str) -> bool:
    """Whether a token is an inflected form of a lexicon word (or that very word)."""
    return _word_matches(token.text, token.lemma, lexicon_word)


# The rules ask the same few hundred lexicon words of the same tokens over and over.
@lru_cache(maxsize=1 << 16)
def _word_matches(text: str, lemma: str, lexicon_word: str) -> bool:
    text = text.lower().replace("ё", "е")
    lexicon_word = lexicon_word.replace("ё", "е")
    if text == lexicon_word or lemma.replace("ё", "е") == lexicon_word:
        return True
    return lexicon_word[:1].isalpha() and inflects(text, lexicon_word)


@dataclass(frozen=True)
class _Entry:
    words: tuple[str, ...]
    position: str
    scope: str = "any"
    country: str | None = None
    governs: str = "genitive"
    general: bool = False


@cache
def _titles() -> tuple[_Entry, ...]:
    entries = [_Entry(tuple(_WORD.findall(row["words"].lower())), row["position"], row["scope"] or "any",
                      row["country"] or None, general=row["general"] == "yes") for row in rows("positions.tsv")]
    return tuple(sorted(entries, key=lambda e: len(e.words), reverse=True))


@cache
def _prefixes() -> tuple[_Entry, ...]:
    entries = [_Entry(tuple(_WORD.findall(row["words"].lower())), row["position"], governs=row["governs"])
               for row in rows("position_prefixes.tsv")]
    return tuple(sorted(entries, key=lambda e: len(e.words), reverse=True))


@cache
def _case_endings() -> dict[str, dict[str, tuple[str, str]]]:
    table: dict[str, dict[str, tuple[str, str]]] = {"consonant": {}, "a": {}}
    for row in rows("title_case_endings.tsv"):
        table[row["class"]][row["ending"]] = (row["case"], row["number"])
    return table


def _case_and_number(token: Token, nominative: str) -> tuple[str, str] | None:
    text, nominative = token.text.lower().replace("ё", "е"), nominative.replace("ё", "е")
    if text == nominative:
        return "Nom", "Sing"
    if nominative[-1:] in "ая":
        klass, base = "a", nominative[:-1]
    elif nominative[-1:] in "ьй":
        klass, base = "consonant", nominative[:-1]
    else:
        klass, base = "consonant", nominative
    if text.startswith(base):
        return _case_endings()[klass].get(text[len(base):])
    return None


def case_of(token: Token, nominative: str) -> str | None:
    """The case a title word is in, from the ending it adds to its nominative; else the tagger's."""
    found = _case_and_number(token, nominative)
    return found[0] if found else token.feats.get("Case")


def _declined_case(token: Token, nominative: str) -> str | None:
    """The case of a word that declines; None for one that never does («врио», «и.о.»): its case is
    the sentence's to tell, not the word's."""
    if nominative.endswith((".", "о")) and token.text.lower() == nominative:
        return None
    return case_of(token, nominative)


def number_of(token: Token, nominative: str) -> str | None:
    """Sing or Plur for a title word, from its ending where that tells; else the tagger's."""
    found = _case_and_number(token, nominative)
    if found and found[1] == "Plur":
        return "Plur"
    return token.feats.get("Number") or (found[1] if found else None)


@dataclass
class TitleMatch:
    """One title in a sentence: tokens [first, end) of `sentence.tokens`."""

    first: int
    end: int
    position: str
    scope: str
    country: str | None
    case: str | None
    places: list[PlaceMention] = field(default_factory=list)   # places written inside the title
    general: bool = False     # a title that says little («глава», «руководитель»)
    number: str | None = None  # Sing or Plur («губернаторы»)
    principal: str | None = None  # the office a deputy or acting holder stands in for («заместитель хокима» → хоким)
    past: bool = False        # written as held before: «экс-премьер»


PlaceAt = Callable[[Token], "PlaceMention | None"]


def _match_words(tokens: list[Token], start: int, words: tuple[str, ...], place_at: PlaceAt,
                 places: list[PlaceMention]) -> int | None:
    """Index after the match of `words` from `start`, skipping place words inside; None if no match.

    A place inside a title may carry some of the title's words with it
    («Минского областного исполнительного комитета»: the place is «Минского областного»).
    """
    i, n = start, 0
    while n < len(words):
        if i >= len(tokens):
            return None
        if word_matches(tokens[i], words[n]):
            i, n = i + 1, n + 1
            continue
        place = place_at(tokens[i]) if n > 0 else None
        if place is None:
            return None
        places.append(place)
        while i < len(tokens) and tokens[i].start < place.end:
            if n < len(words) and word_matches(tokens[i], words[n]):
                n += 1
            i += 1
    return i


def starting_with(token: Token, entries: Callable[[], tuple]) -> tuple:
    """The lexicon entries whose first word the token is, in lexicon order.

    `entries` is a cached function giving the lexicon: entries with a `words` tuple, or
    word tuples themselves. A match has to start at its first word, so only these can
    match from a token; a token asks each lexicon once per process instead of once per position.
    """
    return _starting_with(token.text, token.lemma, entries)


@lru_cache(maxsize=1 << 14)
def _starting_with(text: str, lemma: str, entries: Callable[[], tuple]) -> tuple:
    index = _FirstWords.of(entries)
    matched = [n for word in index.candidates(text, lemma) if _word_matches(text, lemma, word)
               for n in index.positions[word]]
    lexicon = entries()
    return tuple(lexicon[n] for n in sorted(matched + index.without_words))


class _FirstWords:
    """The first words of a lexicon's entries, looked up by the forms a token can take.

    `candidates` gives every first word `_word_matches` can accept for a token (and maybe
    a few more, which it then checks), without trying each entry: a word matches a token
    when they are equal, or when the token is one of the word's stems plus a case ending.
    """

    def __init__(self, lexicon: tuple) -> None:
        self.positions: dict[str, list[int]] = {}     # first word -> its entries' indices
        self.without_words: list[int] = []            # entries with no words match anywhere
        for n, entry in enumerate(lexicon):
            words = entry if isinstance(entry, tuple) else entry.words
            if words:
                self.positions.setdefault(words[0], []).append(n)
            else:
                self.without_words.append(n)
        self.exact: dict[str, set[str]] = {}          # the word as written, «ё» as «е»; and lower case
        self.by_stem: dict[str, set[str]] = {}        # a stem the word inflects from
        for word in self.positions:
            self.exact.setdefault(word.replace("ё", "е"), set()).add(word)
            if word[:1].isalpha():
                folded = word.lower().replace("ё", "е")
                self.exact.setdefault(folded, set()).add(word)
                for stem in _stems_of(folded):
                    self.by_stem.setdefault(stem, set()).add(word)

    @staticmethod
    @cache
    def of(entries: Callable[[], tuple]) -> "_FirstWords":
        return _FirstWords(entries())

    def candidates(self, text: str, lemma: str) -> set[str]:
        text, lemma = text.lower().replace("ё", "е"), lemma.replace("ё", "е")
        found = set(self.exact.get(text, ())) | self.exact.get(lemma, set())
        for ending in _CASE_ENDINGS + [""]:
            if text.endswith(ending) and len(text) - len(ending) >= MIN_STEM:
                found |= self.by_stem.get(text[:len(text) - len(ending)], set())
        return found


def _stems_of(word: str) -> set[str]:
    """The stems `inflects` tries for a (lower-case) lexicon word, long enough to count."""
    stems = {word}
    if word[-1:] in "аяьйоеы":
        stems.add(word[:-1])
    if word[-2:] in ("ый", "ий", "ой", "ая", "ое"):
        stems.add(word[:-2])
    return {stem for stem in stems if len(stem) >= MIN_STEM}


def _title_at(tokens: list[Token], i: int, place_at: PlaceAt) -> tuple[_Entry, int, list[PlaceMention]] | None:
    for entry in starting_with(tokens[i], _titles):
        places: list[PlaceMention] = []
        end = _match_words(tokens, i, entry.words, place_at, places)
        if end is not None:
            return entry, end, places
    return None


def find_titles(sentence: Sentence, place_at: PlaceAt = lambda token: None) -> list[TitleMatch]:
    """Every title in the sentence, longest first at each position, left to right."""
    tokens = sentence.tokens
    out: list[TitleMatch] = []
    i = 0
    while i < len(tokens):
        if not _may_start_title(tokens[i].text, tokens[i].lemma):
            i += 1
            continue
        found = _prefixed_title_at(tokens, i, place_at) or _plain_title_at(tokens, i, place_at)
        if found and out and out[-1].end == i - 1 and tokens[i - 1].text == "(":
            i = found.end       # «губернатора (марзпета) Ширакской области»: a gloss of the title before it
        elif found:
            out.append(found)
            i = found.end
        else:
            i += 1
    return out


@lru_cache(maxsize=1 << 16)
def _may_start_title(text: str, lemma: str) -> bool:
    """Whether a word can start a title at all (a prefix, a title or a compound): most words
    cannot, and are passed over with one look-up."""
    return bool(_starting_with(text, lemma, _prefixes) or _starting_with(text, lemma, _titles)
                or _compound_splits(text))


def _plain_title_at(tokens: list[Token], i: int, place_at: PlaceAt) -> TitleMatch | None:
    found = _title_at(tokens, i, place_at)
    if not found:
        return _compound_title_at(tokens, i, place_at)
    entry, end, places = found
    return TitleMatch(i, end, entry.position, entry.scope, entry.country,
                      case_of(tokens[i], entry.words[0]), places, entry.general, number_of(tokens[i], entry.words[0]))


def _prefixed_title_at(tokens: list[Token], i: int, place_at: PlaceAt) -> TitleMatch | None:
    for prefix in starting_with(tokens[i], _prefixes):
        after = _match_words(tokens, i, prefix.words, place_at, [])
        if after is None or after >= len(tokens):
            continue
        # prefixes nest: «исполняющий обязанности заместителя губернатора», «первый вице-губернатор»
        inner = _prefixed_title_at(tokens, after, place_at) or _plain_title_at(tokens, after, place_at)
        if not inner:
            continue
        if prefix.governs == "agrees":
            position = f"{prefix.position} {inner.position}"
        else:
            written = " ".join(t.text.lower() for t in tokens[after:inner.end] if not place_at(t))
            position = f"{prefix.position} {written}"
        return TitleMatch(i, inner.end, position, inner.scope, inner.country,
                          _declined_case(tokens[i], prefix.words[0]), inner.places, False,
                          number_of(tokens[i], prefix.words[0]), inner.principal or inner.position)
    return None


@dataclass(frozen=True)
class _CompoundPart:
    words: tuple[str, ...]
    position: str
    joins: str        # how the part's position joins the inner title's: genitive | hyphen
    past: bool


@cache
def _compound_parts() -> tuple[_CompoundPart, ...]:
    parts = [_CompoundPart((row["part"],), row["position"], row["joins"], row["past"] == "yes")
             for row in rows("title_compounds.tsv")]
    return tuple(sorted(parts, key=lambda p: len(p.words[0]), reverse=True))


@lru_cache(maxsize=1 << 14)
def _compound_splits(text: str) -> tuple[tuple[_CompoundPart, str], ...]:
    """The bound parts a word starts with, each with the rest of the word when a title can start it."""
    text = text.lower().replace("ё", "е")
    return tuple((part, text[len(part.words[0]):]) for part in _compound_parts()
                 if text.startswith(part.words[0]) and len(text) - len(part.words[0]) >= MIN_STEM
                 and _starting_with(text[len(part.words[0]):], text[len(part.words[0]):], _titles))


def _compound_title_at(tokens: list[Token], i: int, place_at: PlaceAt) -> TitleMatch | None:
    """A title the lexicon lacks, written as a known title with a bound part in front:
    «замначальника управления» (заместитель начальника управления), «экс-премьер» (премьер, held before),
    «вице-мэр», «экс-губернатора». The inner title is matched as if written alone, in the word's case."""
    token = tokens[i]
    for part, rest in _compound_splits(token.text):
        bound = part.words[0]
        inner_token = Token(token.id, rest, token.start, token.end, rest, "NOUN", token.feats)
        inner = _title_at([inner_token] + tokens[i + 1:], 0, place_at)
        if inner is None:
            continue
        entry, end, places = inner
        end += i
        if entry.words[0].startswith(bound):
            continue        # «зампред» is in the lexicon already
        # «замначальника» does not decline with the title inside it: its case is the sentence's to say
        case = case_of(inner_token, entry.words[0]) if part.joins == "hyphen" else None
        if part.joins == "genitive":
            written = " ".join([rest] + [t.text.lower() for t in tokens[i + 1:end] if not place_at(t)])
            position = f"{part.position} {written}"
            principal = entry.position
        else:
            position = part.position + entry.position if part.position else entry.position
            principal = None
        return TitleMatch(i, end, position, entry.scope, entry.country, case, places, False,
                          number_of(inner_token, entry.words[0]), principal, past=part.past)
    return None

"""Find regions and countries in Russian text, whatever the case form.

Every name in `data/gazetteer.tsv` is split into words and each word is
lemmatised once, at load time; a text is split the same way and a name matches
where the text's words share a lemma (or an inflection stem) with the name's
words, one by one. So «Бухарской области», «Бухарой», «в Оренбуржье» and
«Республикой Татарстан» are found without listing a single inflected form.

>>> g = gazetteer()                                                  # doctest: +SKIP
>>> [(m.text, m.place.iso, m.via) for m in g.match("Омичи посетили Бухарскую область.")]  # doctest: +SKIP
[('Омичи', 'RU-OMS', 'demonym'), ('Бухарскую область', 'UZ-BU', 'official')]
>>> g.resolve("Бухары").iso                                          # doctest: +SKIP
'UZ-BU'
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Iterable, NamedTuple

from interreg.ingest.facts import Place
from interreg.tables import read_table_file

DATA_DIR = Path(__file__).resolve().parents[1] / "data"
DEFAULT_PATH = DATA_DIR / "gazetteer.tsv"
GENERICS_PATH = DATA_DIR / "place_generics.tsv"
EXCLUSIONS_PATH = DATA_DIR / "place_exclusions.tsv"
LATIN_GENERICS_PATH = DATA_DIR / "latin_generics.tsv"

# Words and single punctuation marks: hyphenated names («Санкт-Петербург») become
# word, dash, word, so the extractor's single token and our three line up.
_TOKEN = re.compile(r"\w+|[^\w\s]")
_DASHES = set("-‐‑–—")

# Inflection endings, longest first, to compare stems when the morphology
# lemmatises an unknown word oddly («Наманганской» -> «наманганск»).
_ADJECTIVE_ENDINGS = sorted("ый ий ой ая яя ое ее ые ие ого его ому ему ым им ом ем ую юю ых их ыми ими ей".split(),
                            key=len, reverse=True)
_NOUN_ENDINGS = sorted("ами ями ах ях ов ев ей ам ям ом ем ой ою ею ью а я о е ы и у ю ь".split(),
                       key=len, reverse=True)
# A name ending in these in the nominative is usually indeclinable («Цзянсу», «Цзянси», «Баку»):
# its stem would confuse it with its neighbours, so only its lemma is used.
_INDECLINABLE_ENDINGS = tuple("оеиыую")
_COORDINATORS = {",", "и", "или"}
_MIN_STEM = 4          # shorter stems collide with ordinary words
_MIN_TYPO_STEM = 7     # one-letter typos are forgiven only in long adjective stems

# When two names cover the same words, the lower rank wins.
_RANK = {"excluded": -1, "official": 0, "short": 1, "country": 1, "generic": 2, "abbreviation": 2, "typo": 3,
         "adjective": 4, "demonym": 4, "capital": 5}


@dataclass(frozen=True)
class PlaceMatch:
    """One mention of a place: `text == source[start:end]`."""

    start: int
    end: int
    text: str
    place: Place
    via: str   # official | short | adjective | demonym | capital | abbreviation | country


class _Word(NamedTuple):
    """A word of the text, with every key it can be matched by (a tuple: made for every token)."""

    text: str
    start: int
    end: int
    keys: frozenset[str]
    capitalised: bool
    adjective_stem: str | None
    name_like: bool          # the morphology knows it as a first name, surname or patronymic
    first_name: bool         # ... as a first name or patronymic


@dataclass(frozen=True)
class _Slot:
    """One word of a name: matches a text word sharing any of `keys`."""

    keys: frozenset[str]
    needs_capital: bool


@dataclass(frozen=True)
class _Phrase:
    slots: tuple[_Slot, ...]
    place: Place | None      # None for a phrase of place_exclusions.tsv: it hides its words
    via: str
    rank: int


@dataclass(frozen=True)
class _Generic:
    words: tuple[str, ...]
    countries: frozenset[str]   # empty = any country
    with_name_words: bool


@dataclass(frozen=True)
class _Starts:
    """The phrases a text word can start, for `Gazetteer._phrases_from`."""

    phrases: tuple[_Phrase, ...]              # each once, in the order the word's keys list them
    single: tuple[int, ...]                   # indices of one-word phrases
    single_phrases: tuple[_Phrase, ...]
    by_second_key: dict[str, tuple[int, ...]]  # indices of longer phrases, by their second word's keys


@dataclass
class _Entry:
    """A row of the TSV, after splitting the list columns."""

    place: Place
    short: list[str]
    abbreviations: list[str]
    adjectives: list[str]
    demonyms: list[str]
    capitals: list[str]
    capital_adjectives: list[str]
    latin: list[str] = field(default_factory=list)
    coordinates: tuple[float, float] | None = None     # (latitude, longitude) of the capital


# --- morphology -------------------------------------------------------------

def _morph():
    # one MorphVocab for the whole process: the natasha pipeline uses the same dictionaries
    from interreg.ingest.entities.nlp import morph_vocab
    return morph_vocab()


def _norm(word: str) -> str:
    return word.lower().replace("ё", "е")


def _strip(word: str, endings: list[str]) -> str | None:
    for ending in endings:
        if word.endswith(ending) and len(word) - len(ending) >= _MIN_STEM:
            return word[: -len(ending)]
    return word if len(word) >= _MIN_STEM and endings is _NOUN_ENDINGS else None


_MAX_CACHED_WORDS = 200_000


@lru_cache(maxsize=_MAX_CACHED_WORDS)
def _analyse(word: str) -> tuple[frozenset[str], str | None, bool, bool]:
    """(keys, adjective stem, name-like, first name) of one word; cached, words repeat a lot."""
    if word in _DASHES:
        return frozenset({"-"}), None, False, False
    if not word[0].isalnum() and word[0] != "_":
        return frozenset({word}), None, False, False
    low = _norm(word)
    parses = _morph().parse(low)
    keys = {low, "=" + word}
    keys.update(_norm(p.normal_form) for p in parses)
    best = parses[0] if parses else None
    pos = best.tag.POS if best else None
    # A word the dictionary does not know («Каменогорском», «Согда») gets both stems:
    # the guessed part of speech is too often wrong to choose between them.
    # (each parse asks the dictionary for its own form; most parses share one: ask once per form)
    forms = dict.fromkeys(p.word for p in parses)
    unknown = best is None or pos is None or not all(_is_known(form) for form in forms)
    adjective_stem = _strip(low, _ADJECTIVE_ENDINGS) if pos in ("ADJF", "ADJS", "PRTF") or unknown else None
    if adjective_stem:
        keys.add("A:" + adjective_stem)
    # «Каменогорском», «Омском»: the instrumental of a town reads like an adjective's locative
    if pos == "NOUN" or unknown or low.endswith(("ом", "ем")):
        noun_stem = _strip(low, _NOUN_ENDINGS)
        if noun_stem:
            keys.add("N:" + noun_stem)
    name_like = any(g in p.tag for p in parses for g in ("Name", "Surn", "Patr"))
    first_name = any(g in p.tag for p in parses for g in ("Name", "Patr"))
    return frozenset(keys), adjective_stem, name_like, first_name


def _is_known(word: str) -> bool:
    """pymorphy2's `Parse.is_known` for a parse of `word` (lower case)."""
    morph = _morph()
    return morph.dictionary.word_is_known(word, morph.char_substitutes)


def _lemma(word: str) -> str:
    """The most likely lemma, lower case, «ё» spelt «е»."""
    parses = _morph().parse(_norm(word))
    return _norm(parses[0].normal_form) if parses else _norm(word)


def _words(text: str, offset: int = 0, lemma: str | None = None) -> list[_Word]:
    return [_Word(word, offset + start, offset + end, keys, capitalised, adjective_stem, name_like, first_name)
            for word, start, end, keys, capitalised, adjective_stem, name_like, first_name
            in _word_shapes(text, lemma)]


@lru_cache(maxsize=_MAX_CACHED_WORDS)
def _word_shapes(text: str, lemma: str | None) -> tuple[tuple, ...]:
    """The fields of `_words(text, 0, lemma)`, cached: the same tokens come back in every document."""
    out = []
    spans = list(_TOKEN.finditer(text))
    for m in spans:
        keys, adjective_stem, name_like, first_name = _analyse(m.group())
        if lemma and len(spans) == 1:
            keys = keys | {_norm(lemma)}
        out.append((m.group(), m.start(), m.end(), keys, m.group()[:1].isupper(), adjective_stem, name_like,
                    first_name))
    return tuple(out)


# --- loading ----------------------------------------------------------------

def _split(cell: str | None) -> list[str]:
    return [v.strip() for v in (cell or "").split("|") if v.strip()]


def _rows(path: Path) -> list[dict]:
    return read_table_file(path)


def _load_generics(path: Path) -> list[_Generic]:
    return [_Generic(words=tuple(row["generic"].split()),
                     countries=frozenset() if row["countries"].strip() == "*" else frozenset(row["countries"].split()),
                     with_name_words=row["name_words"].strip() == "yes")
            for row in _rows(path)]


def _load_entries(path: Path) -> list[_Entry]:
    entries = []
    for row in _rows(path):
        place = Place(iso=row["iso"], name=row["name"], country=row["country"], kind=row["kind"])
        entries.append(_Entry(place=place, short=_split(row["short"]), abbreviations=_split(row["abbreviations"]),
                              adjectives=_split(row["adjectives"]), demonyms=_split(row["demonyms"]),
                              capitals=_split(row["capital"]), capital_adjectives=_split(row["capital_adjectives"]),
                              latin=_split(row.get("latin")), coordinates=_coordinates(row)))
    return entries


def _coordinates(row: dict) -> tuple[float, float] | None:
    lat, lon = (row.get("lat") or "").strip(), (row.get("lon") or "").strip()
    return (float(lat), float(lon)) if lat and lon else None


class Gazetteer:
    """The places of `gazetteer.tsv` and the lookup of their mentions."""

    def __init__(self, entries: list[_Entry], generics: list[_Generic], exclusions: list[str] = (),
                 latin_generics: Iterable[str] = ()) -> None:
        self._entries = {e.place.iso: e for e in entries}
        self._latin = LatinIndex(entries, latin_generics)
        self._generics = generics
        self._generic_words = {_lemma(w) for g in generics for w in g.words}
        self._by_first_key: dict[str, list[_Phrase]] = {}
        # long adjective stem -> (generic noun slots, place), for the one-letter typo reading
        self._typo_stems: dict[str, set[tuple[tuple[_Slot, ...], Place]]] = {}
        phrases = [phrase for entry in entries for phrase in self._phrases(entry)]
        phrases += [_Phrase(self._name_slots(text), None, "excluded", _RANK["excluded"]) for text in exclusions]
        for phrase in phrases:
            for key in phrase.slots[0].keys:
                self._by_first_key.setdefault(key, []).append(phrase)
        # a word's keys -> the phrases it can start (a phrase sits under several keys)
        self._starting: dict[frozenset[str], _Starts] = {}
        self._near_stems: dict[str, list] = {}     # see _near_typo_stems

    @classmethod
    def load(cls, path: str | Path | None = None) -> "Gazetteer":
        return cls(_load_entries(Path(path) if path else DEFAULT_PATH), _load_generics(GENERICS_PATH),
                   [row["phrase"] for row in _rows(EXCLUSIONS_PATH)],
                   [row["word"] for row in _rows(LATIN_GENERICS_PATH)])

    # --- building the phrases ------------------------------------------------

    def _name_slots(self, name: str, capital: bool = True) -> tuple[_Slot, ...]:
        """The slots of a written name; capitalised words must be capitalised in the text too,
        except generic nouns («Республики», «Области» may come either way)."""
        slots = []
        for word in _TOKEN.findall(name):
            if not word[0].isalnum():
                slots.append(_Slot(keys=_analyse(word)[0], needs_capital=False))
                continue
            keys = _analyse(word)[0]
            own = {k for k in keys if k.startswith("A:")} | {_norm(word), _lemma(word)}
            if not _norm(word).endswith(_INDECLINABLE_ENDINGS):
                own |= {k for k in keys if k.startswith("N:")}
            needs_capital = capital and word[:1].isupper() and _lemma(word) not in self._generic_words
            slots.append(_Slot(keys=frozenset(own), needs_capital=needs_capital))
        return tuple(slots)

    def _exact_slots(self, abbreviation: str) -> tuple[_Slot, ...]:
        return tuple(_Slot(keys=frozenset({"-"} if w in _DASHES else {"=" + w}), needs_capital=False)
                     for w in _TOKEN.findall(abbreviation))

    def _generic_parts(self, entry: _Entry) -> tuple[list[_Generic], str | None, str | None]:
        """The generics this place takes, and what its official name adds to its own generic:
        «Омская область» -> adjective «Омская»; «Республика Татарстан» -> noun «Татарстан».
        A name without a generic noun («Москва», «город Ташкент») is a city: (generics, None, None)."""
        allowed = [g for g in self._generics if not g.countries or entry.place.country in g.countries]
        words = entry.place.name.split(" — ")[0].split()   # «Кемеровская область — Кузбасс»
        lemmas = tuple(_lemma(w) for w in words)
        for generic in sorted(allowed, key=lambda g: -len(g.words)):
            n = len(generic.words)
            if len(words) <= n:
                continue
            if lemmas[-n:] == generic.words:
                rest = " ".join(words[:-n])
            elif lemmas[:n] == generic.words:
                rest = " ".join(words[n:])
            else:
                continue
            return (allowed, rest, None) if _is_adjective(rest) else (allowed, None, rest)
        return allowed, None, None

    def _phrases(self, entry: _Entry) -> Iterable[_Phrase]:
        place = entry.place
        is_country = place.kind == "country"

        def phrase(slots, via, rank_via=None):
            return _Phrase(slots, place, via, _RANK[rank_via or via])

        yield phrase(self._name_slots(place.name), "country" if is_country else "official", "official")
        for name in entry.short:
            yield phrase(self._name_slots(name), "country" if is_country else "short")
        for abbreviation in entry.abbreviations:
            yield phrase(self._exact_slots(abbreviation), "country" if is_country else "abbreviation", "abbreviation")
        for adjective in entry.adjectives:
            yield phrase(self._name_slots(adjective, capital=False), "adjective")
        for demonym in entry.demonyms:
            yield phrase(self._name_slots(demonym, capital=False), "demonym")
        for capital in entry.capitals:
            yield phrase(self._name_slots(capital), "capital")
        for adjective in entry.capital_adjectives:
            yield phrase(self._name_slots(adjective, capital=False), "capital", "adjective")
        if is_country:
            return
        generics, name_adjective, name_noun = self._generic_parts(entry)
        if name_adjective is None and name_noun is None:
            return  # a city: «московский регион» is the adjective «московский», not a second name
        for generic in generics:
            generic_slots = self._name_slots(" ".join(generic.words), capital=False)
            adjectives = [self._name_slots(a, capital=False) for a in entry.adjectives]
            if generic.with_name_words and name_adjective:
                adjectives.append(self._name_slots(name_adjective))
            for adjective_slots in adjectives:
                yield phrase(adjective_slots + generic_slots, "official", "generic")
                if len(adjective_slots) == 1:
                    stem = next((k[2:] for k in adjective_slots[0].keys if k.startswith("A:")), None)
                    if stem and len(stem) >= _MIN_TYPO_STEM:
                        self._typo_stems.setdefault(stem, set()).add((generic_slots, place))
            nouns = [self._name_slots(s) for s in entry.short]
            if generic.with_name_words and name_noun:
                nouns.append(self._name_slots(name_noun))
            for noun_slots in nouns:
                yield phrase(generic_slots + noun_slots, "official", "generic")

    # --- lookup --------------------------------------------------------------

    def get(self, iso: str) -> Place | None:
        entry = self._entries.get(iso.strip().upper())
        return entry.place if entry else None

    def places(self, kind: str | None = None) -> list[Place]:
        return [e.place for e in self._entries.values() if kind is None or e.place.kind == kind]

    def names(self, iso: str) -> list[str]:
        """Every name the data gives a place: official, short, abbreviations, adjectives,
        demonyms, capitals and capital adjectives."""
        entry = self._entries.get(iso.strip().upper())
        if entry is None:
            return []
        return [entry.place.name, *entry.short, *entry.abbreviations, *entry.adjectives, *entry.demonyms,
                *entry.capitals, *entry.capital_adjectives]

    def latin_names(self, iso: str) -> list[str]:
        """The place's names in Latin letters («Bukhara Region», «Bukhara», «Buxoro»)."""
        entry = self._entries.get(iso.strip().upper())
        return list(entry.latin) if entry else []

    def coordinates(self, iso: str) -> tuple[float, float] | None:
        """(latitude, longitude) of the place's capital, or None when the data has none."""
        entry = self._entries.get(iso.strip().upper())
        return entry.coordinates if entry else None

    def capital_of(self, iso: str) -> str | None:
        entry = self._entries.get(iso.strip().upper())
        return entry.capitals[0] if entry and entry.capitals else None

    def match(self, text: str) -> list[PlaceMatch]:
        """All mentions of places in `text`, in order; overlaps go to the longest name."""
        return self._match_words(_words(text), text)

    def match_tokens(self, tokens) -> list[PlaceMatch]:
        """Like `match`, over tokens already made (objects with .text .start .end .lemma)."""
        words: list[_Word] = []
        for token in tokens:
            offset = token.start       # `_words` written out: this runs for every token
            for text, start, end, *rest in _word_shapes(token.text, getattr(token, "lemma", None)):
                words.append(_Word(text, offset + start, offset + end, *rest))
        return self._match_words(words, None)

    def _match_words(self, words: list[_Word], text: str | None) -> list[PlaceMatch]:
        candidates = []   # (words covered, rank, start index, end index, phrase via, place)
        for i, word in enumerate(words):
            for phrase in self._phrases_from(words, i):
                end = self._fits(phrase.slots, words, i)
                if end is not None and not self._is_person(phrase, words, i, end):
                    candidates.append((end - i, phrase.rank, i, end, phrase.via, phrase.place))
            if word.adjective_stem is not None:      # both readings start at an adjective
                candidates.extend(self._typo_candidates(words, i))
                candidates.extend(self._coordinated_candidates(words, i))
        taken = [False] * len(words)
        chosen = []
        for size, rank, i, end, via, place in sorted(candidates, key=lambda c: (-c[0], c[1], c[2])):
            if any(taken[i:end]):
                continue
            taken[i:end] = [True] * (end - i)
            chosen.append((i, end, via, place))
        out = []
        for i, end, via, place in sorted(chosen, key=lambda c: c[0]):
            if place is None:
                continue   # an excluded phrase («Ферганская долина») hides its words
            start, stop = words[i].start, words[end - 1].end
            span = text[start:stop] if text is not None else _join(words[i:end])
            out.append(PlaceMatch(start=start, end=stop, text=span, place=place, via=via))
        return out

    def _phrases_from(self, words: list[_Word], i: int) -> list[_Phrase] | tuple[_Phrase, ...]:
        """The phrases that may start at words[i]: its first word fits, and a longer phrase's
        second word shares a key with words[i + 1]. In the order the word's keys list them."""
        starts = self._starting.get(words[i].keys)
        if starts is None:
            starts = self._starts(words[i].keys)
        if not starts.by_second_key or i + 1 >= len(words):
            return starts.single_phrases
        chosen = set(starts.single)
        for key in words[i + 1].keys:
            chosen.update(starts.by_second_key.get(key, ()))
        return [starts.phrases[n] for n in sorted(chosen)]

    def _starts(self, keys: frozenset[str]) -> _Starts:
        """The phrases a word with these keys can start, each once, cached: the same words
        come back in every document, and most phrases tried fail at their second word."""
        distinct: dict[int, _Phrase] = {}
        for key in keys:
            for phrase in self._by_first_key.get(key, ()):
                distinct.setdefault(id(phrase), phrase)
        phrases = tuple(distinct.values())
        single = tuple(n for n, phrase in enumerate(phrases) if len(phrase.slots) == 1)
        by_second_key: dict[str, list[int]] = {}
        for n, phrase in enumerate(phrases):
            if len(phrase.slots) > 1:
                for key in phrase.slots[1].keys:
                    by_second_key.setdefault(key, []).append(n)
        if len(self._starting) >= _MAX_CACHED_WORDS:
            self._starting.clear()
        starts = self._starting[keys] = _Starts(phrases, single, tuple(phrases[n] for n in single),
                                                {key: tuple(ns) for key, ns in by_second_key.items()})
        return starts

    @staticmethod
    def _fits(slots: tuple[_Slot, ...], words: list[_Word], i: int) -> int | None:
        if i + len(slots) > len(words):
            return None
        for slot, word in zip(slots, words[i:i + len(slots)]):
            if slot.needs_capital and not word.capitalised:
                return None
            if not (slot.keys & word.keys):
                return None
        return i + len(slots)

    def _coordinated_candidates(self, words: list[_Word], i: int) -> list[tuple]:
        """«Ташкентской и Наманганской областей»: the first adjective takes the shared noun,
        so it names the region («Ташкентская область»), not the city its adjective alone would."""
        if words[i].adjective_stem is None:
            return []
        j = i + 1
        while (j + 1 < len(words) and words[j].text.lower() in _COORDINATORS
               and words[j + 1].adjective_stem is not None):
            j += 2
        if j == i + 1:
            return []
        out = []
        for key in words[i].keys:
            for phrase in self._by_first_key.get(key, ()):
                if len(phrase.slots) < 2 or phrase.via != "official":
                    continue
                if self._fits(phrase.slots[:1], words, i) and self._fits(phrase.slots[1:], words, j):
                    out.append((1, phrase.rank, i, i + 1, phrase.via, phrase.place))
        return out

    @staticmethod
    def _is_person(phrase: _Phrase, words: list[_Word], i: int, end: int) -> bool:
        """«Владимир Путин», «Сергея Кирова», «Питер Брук»: a one-word place name that is a person's name here."""
        if phrase.via not in ("capital", "short") or end - i != 1:
            return False
        before = words[i - 1] if i > 0 else None
        if before is not None and before.capitalised and before.first_name:
            return True   # a surname after a first name, even one the morphology does not know
        if not words[i].name_like:
            return False
        neighbours = [w for w in (before, words[i + 1] if i + 1 < len(words) else None) if w is not None]
        return any(n.capitalised and n.name_like for n in neighbours)

    def _typo_candidates(self, words: list[_Word], i: int) -> list[tuple]:
        """«Навоийнской области», «Новоийской области»: one letter off a long adjective stem,
        accepted only before a generic noun and only when a single place is that close."""
        stem = words[i].adjective_stem
        if (not stem or len(stem) < _MIN_TYPO_STEM or not words[i].capitalised or stem in self._typo_stems
                or i + 1 >= len(words) or not (words[i + 1].keys & self._generic_words)):
            return []
        found = {}
        for known, readings in self._near_typo_stems(stem):
            for generic_slots, place in readings:
                end = self._fits(generic_slots, words, i + 1)
                if end is not None:
                    found.setdefault(place.iso, (end - i, _RANK["typo"], i, end, "official", place))
        return list(found.values()) if len(found) == 1 else []

    def _near_typo_stems(self, stem: str) -> list[tuple[str, set]]:
        """The known long stems one letter off `stem`, with their readings, in the data's order;
        cached per stem (each stem would otherwise be compared with every known one)."""
        near = self._near_stems.get(stem)
        if near is None:
            if len(self._near_stems) >= _MAX_CACHED_WORDS:
                self._near_stems.clear()
            near = self._near_stems[stem] = [
                (known, readings) for known, readings in self._typo_stems.items()
                if abs(len(known) - len(stem)) <= 1 and _one_edit_apart(known, stem)]
        return near

    def resolve(self, name: str) -> Place | None:
        """A place from a code, a name in any case form, a short name, a capital or an adjective.

        >>> gazetteer().resolve("Бухарской области").iso   # doctest: +SKIP
        'UZ-BU'
        """
        name = (name or "").strip()
        if not name:
            return None
        place = self.get(name) or self._latin.find(name)
        if place:
            return place
        for attempt in dict.fromkeys((name, _capitalise_words(name))):
            matches = self.match(attempt)
            if not matches:
                continue
            whole = [m for m in matches if m.start == 0 and m.end == len(attempt)]
            if whole:
                return whole[0].place
            regions = [m for m in matches if m.place.kind == "region"]
            return (regions or matches)[0].place
        return None

    def suggest(self, name: str, n: int = 5) -> list[Place]:
        """The places whose names are closest to `name`, best first, for an «unknown region» message."""
        wanted = _norm(name.strip())
        labels: dict[str, str] = {}
        for entry in self._entries.values():
            for label in [entry.place.name, entry.place.iso, *entry.short, *entry.adjectives, *entry.capitals,
                          *(latin_key(n) for n in entry.latin)]:
                labels.setdefault(_norm(label), entry.place.iso)
        out: list[Place] = []
        for label in difflib.get_close_matches(wanted, list(labels), n=n * 4, cutoff=0.4):
            place = self._entries[labels[label]].place
            if place not in out:
                out.append(place)
        return out[:n]


class LatinIndex:
    """Places by their Latin names, for query parameters: written in full («Bukhara Region»)
    or without the generic words of latin_generics.tsv («bukhara oblast» → «bukhara»).
    Kept apart from the phrase matcher, so Latin names never match in Russian text.
    """

    def __init__(self, entries: Iterable[_Entry], generics: Iterable[str]) -> None:
        self._generics = frozenset(g.lower() for g in generics)
        self._full: dict[str, Place] = {}
        shortened: dict[str, set[str]] = {}
        places = {}
        for entry in entries:
            places[entry.place.iso] = entry.place
            for name in entry.latin:
                self._full.setdefault(latin_key(name), entry.place)
                shortened.setdefault(self._core(latin_key(name)), set()).add(entry.place.iso)
        # a shortened name is kept only when it names one place and no full name says otherwise
        self._short = {core: places[next(iter(isos))] for core, isos in shortened.items()
                       if core and len(isos) == 1}

    def _core(self, key: str) -> str:
        return " ".join(w for w in key.split() if w not in self._generics)

    def find(self, name: str) -> Place | None:
        key = latin_key(name)
        if not key or not key.isascii():
            return None
        core = self._core(key)
        return self._full.get(key) or self._full.get(core) or self._short.get(core)


def latin_key(name: str) -> str:
    """A Latin name compared loosely: lower case, accents dropped, apostrophes removed,
    hyphens and dots as spaces («St. Petersburg» = «st petersburg», «Farg'ona» = «fargona»).

    >>> latin_key("Bayan-Ölgii  Province")
    'bayan olgii province'
    """
    text = unicodedata.normalize("NFKD", name or "")
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = re.sub(r"['’ʻʼ`]", "", text.lower())
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text).split()) if text.isascii() else text.strip()


def _is_adjective(words: str) -> bool:
    """Whether a name part ends in an adjective («Омская», «Кабардино-Балкарская»)."""
    last = _norm(_TOKEN.findall(words)[-1])
    parses = _morph().parse(last)
    return (bool(parses) and parses[0].tag.POS in ("ADJF", "ADJS")) or last.endswith(("ий", "ый", "ой", "ая"))


def _capitalise_words(text: str) -> str:
    return re.sub(r"\w+", lambda m: m.group()[:1].upper() + m.group()[1:], text)


def _join(words: list[_Word]) -> str:
    out = words[0].text
    for prev, word in zip(words, words[1:]):
        out += " " * (word.start - prev.end) + word.text
    return out


def _one_edit_apart(a: str, b: str) -> bool:
    """True when one substitution, insertion or deletion turns `a` into `b`."""
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b)) == 1
    if len(a) > len(b):
        a, b = b, a
    for k in range(len(b)):
        if a == b[:k] + b[k + 1:]:
            return True
    return False


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    """The gazetteer of the packaged data, loaded once per process."""
    return Gazetteer.load()

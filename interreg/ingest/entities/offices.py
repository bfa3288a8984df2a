"""Whose office a title is: the complement after it, or the context around it.

«губернатор Омской области» → RU-OMS, stated; «Посла Республики Казахстан в Российской
Федерации» → KZ; «полномочного представителя Президента КР в Чуйской области» → KG-C;
«глава Нижнего Новгорода» → a city's office, no region; «аким столицы» → the capital of the
title's country; «глава региона» or a bare «Губернатор» → the context: a well-known official's
country, else the nearest region of the title's country.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache, lru_cache
from typing import Callable

from interreg.ingest.analysis import PlaceMention, Sentence, Token
from interreg.ingest.lexicon import rows
from interreg.ingest.entities.names import Name, is_given_name
from interreg.ingest.entities.titles import TitleMatch, find_titles, word_matches

# How far (in tokens) a title's complement may run before the name.
MAX_COMPLEMENT = 12
# A capitalised word with these endings is a surname in an oblique case («Мирзиёева», «Дубровского»).
OBLIQUE_SURNAME = re.compile(r"(?:[оеё]в|[иы]н)(?:а|у|ым|е)$|(?:ск|цк)(?:ого|ому|им|ом)$", re.IGNORECASE)

# How many words before a title may say the office was held before («ранее занимавший пост министра»).
PAST_REACH = 3
# How sure we are of a person's `of`: written in the complement, taken from the context, unknown.
STATED, CONTEXT, UNKNOWN = 2, 1, 0


@cache
def context_words() -> dict[str, list[tuple[str, str]]]:
    """The words of `data/title_context.tsv` by kind (generic, link, not_official, supranational,
    leads, group) → [(words, value)]."""
    out: dict[str, list[tuple[str, str]]] = {kind: [] for kind in
                                             ("generic", "link", "not_official", "supranational", "leads", "group",
                                              "not_in", "past", "many")}
    for row in rows("title_context.tsv"):
        out[row["kind"]].append((row["words"], row["value"]))
    return out


@cache
def _generic_countries() -> dict[str, str]:
    """Generic nouns only some countries use («аймак» → MN)."""
    return {row["words"]: row["country"] for row in rows("title_context.tsv") if row["kind"] == "generic" and row["country"]}


@cache
def _national_capitals() -> dict[str, str]:
    return {row["country"]: row["capital"] for row in rows("national_capitals.tsv")}


@cache
def _officials() -> dict[tuple[str, str], str]:
    """(surname lower, initial) → the country of office of well-known national officials."""
    return {(row["last"].lower().replace("ё", "е"), row["first"][:1].upper()): row["of"]
            for row in rows("officials.tsv")}


@dataclass
class Office:
    """A title read in a sentence, with whose office it is."""

    title: TitleMatch
    sentence: Sentence
    of: str | None = None
    strength: int = UNKNOWN
    generic: str | None = None        # region | capital | country: «глава региона», «аким столицы»
    country_hint: str | None = None   # a country named in the complement («столицы России»)
    private: bool = False             # «глава компании»: not an office of state
    end: int = 0                      # token index after the complement
    regions: list[str] = field(default_factory=list)   # every region the complement names, in order
    supranational: bool = False       # «Государственный секретарь Союзного государства»: no region, no country
    past: bool = False                # «ранее занимавший пост министра …», «бывший губернатор»: not held now
    host: str | None = None           # the country an envoy is sent to («посол РА в РФ»): never his own

    @property
    def start_char(self) -> int:
        return self.sentence.tokens[self.title.first].start

    @property
    def plural(self) -> bool:
        return self.title.number == "Plur"

    def for_region(self, iso: str) -> "Office":
        """The same title, placed in one of the regions a plural title names («губернаторы X и Y»)."""
        return Office(self.title, self.sentence, iso, STATED, end=self.end, regions=[iso])


class PlaceIndex:
    """Place mentions looked up by character offset."""

    def __init__(self, places: list[PlaceMention], located: frozenset[int] = frozenset()):
        self.places = sorted(places, key=lambda p: p.start)
        self.located = located      # starts of places written as where something is or goes («в Омск»)
        self._at: dict[int, PlaceMention | None] = {}     # token start -> its place: the rules ask often

    def at(self, token: Token) -> PlaceMention | None:
        start = token.start
        try:
            return self._at[start]
        except KeyError:
            found = self._at[start] = next((p for p in self.places if p.start <= start < p.end), None)
            return found

    def before(self, offset: int) -> list[PlaceMention]:
        """Mentions ending before `offset`, nearest first."""
        return sorted((p for p in self.places if p.end <= offset), key=lambda p: -p.end)

    def after(self, offset: int) -> list[PlaceMention]:
        return [p for p in self.places if p.start >= offset]


def has_many_holders(position: str) -> bool:
    """«министр спорта», «заместитель губернатора»: a title one region has several holders of at once."""
    many = {words for words, _ in context_words()["many"]}
    return any(word in many for word in position.split())


def _is_generic(token: Token) -> tuple[str, str | None] | None:
    """(region | capital | country, the country it implies) for a generic noun, else None."""
    return _generic_word(token.text, token.lemma)


@lru_cache(maxsize=1 << 14)
def _generic_word(text: str, lemma: str) -> tuple[str, str | None] | None:
    # cached by the word: a complement asks it of every word it reads
    token = _word_token(text, lemma)
    for words, value in context_words()["generic"]:
        if " " not in words and word_matches(token, words):
            return value, _generic_countries().get(words)
    return None


def _word_token(text: str, lemma: str) -> Token:
    """A token of just a word and its lemma, for the checks that read nothing else."""
    return Token(id=0, text=text, start=0, end=len(text), lemma=lemma, pos="X", feats={})


# A compound ending in a private body's noun is one too («агрохолдинга», «медиакомпании»).
MIN_COMPOUND_HEAD = 5


def _is_private(token: Token) -> bool:
    return _private_word(token.text, token.lemma)


@lru_cache(maxsize=1 << 14)
def _private_word(text: str, lemma: str) -> bool:
    token = _word_token(text, lemma)
    lemma = lemma.replace("ё", "е")
    return any(word_matches(token, words) or (len(words) >= MIN_COMPOUND_HEAD and lemma.endswith(words))
               for words, _ in context_words()["not_official"])


def read_office(title: TitleMatch, sentence: Sentence, places: PlaceIndex, name_tokens: set[int]) -> Office:
    """The title's complement: whose office it is, as far as the sentence says."""
    tokens = sentence.tokens
    office = Office(title, sentence, end=title.end)
    office.past = title.past or any(_words_at(tokens, n, "past") for n in range(max(0, title.first - PAST_REACH), title.first))
    stated: list[PlaceMention] = list(title.places)
    if title.first > 0:
        before = places.at(tokens[title.first - 1])
        if before and before.via in ("adjective", "abbreviation") and before.end <= tokens[title.first].start:
            stated.append(before)       # «Брянский губернатор», «Омский губернатор Хоценко»
    location: PlaceMention | None = None
    i = title.end
    while i < len(tokens) and i - title.end < MAX_COMPLEMENT and i not in name_tokens:
        token = tokens[i]
        if i > title.end and "\n" in sentence.text[tokens[i - 1].end - sentence.start:token.start - sentence.start]:
            break           # a headline ends with its line: the next line is no complement
        place = places.at(token)
        if place:
            stated.append(place)
            while i < len(tokens) and tokens[i].start < place.end:
                i += 1
            continue
        lower = token.text.lower()
        if lower == "от" and i + 1 < len(tokens) and places.at(tokens[i + 1]):
            i += 1          # «сенатор от Омской области»: the region the office represents
            continue
        if lower in ("в", "во") and i + 1 < len(tokens) and places.at(tokens[i + 1]):
            location = places.at(tokens[i + 1])
            i += 1
            while i < len(tokens) and tokens[i].start < location.end:
                i += 1
            continue
        if lower in ("в", "во", "при") and i + 2 < len(tokens) and tokens[i + 1].text.islower() \
                and tokens[i + 1].pos == "NOUN" and places.at(tokens[i + 2]):
            i += 2          # «заместитель мэра Москвы в правительстве Москвы»: the body the office sits in
            continue
        close = next((j for j in range(i + 1, min(i + 5, len(tokens))) if tokens[j].text == ")"), None) \
            if token.text == "(" else None
        if close and not any(places.at(tokens[j]) for j in range(i, close)):
            i = close + 1   # a gloss: «губернатора (марзпета) Ширакской области»
            continue
        if token.text in "()«»\"*":
            i += 1          # quotes, brackets and a footnote's mark («хокимом* Бухарской области»)
            continue
        body_end = _words_at(tokens, i, "supranational")
        if body_end:
            office.supranational = True
            i = body_end
            continue
        if lower == "по" and i + 1 < len(tokens) and _portfolio_word(tokens[i + 1]):
            i += 1          # a portfolio: «заместитель губернатора по промышленности», «… по вопросам экономики»
            while i < len(tokens) and (_portfolio_word(tokens[i]) or (
                    tokens[i].text.lower() == "и" and i + 1 < len(tokens) and _portfolio_word(tokens[i + 1]))):
                i += 1
            continue
        found = _is_generic(token)
        if found:
            generic, country = found
            if generic == "capital" and i > title.end and tokens[i - 1].pos == "ADJ" and not places.at(tokens[i - 1]):
                generic = "region"      # «северной столицы»: some region the context names, not the capital
            office.generic = office.generic or generic
            office.country_hint = office.country_hint or country     # «губернатором аймака» is Mongolian
            i += 1
            continue
        if _is_private(token):
            office.private = True
        if lower == "," and i + 1 < len(tokens) and tokens[i + 1].text.islower() \
                and tokens[i + 1].feats.get("Case") == "Gen" and tokens[i + 1].pos == "NOUN" \
                and i + 1 not in _title_starts(sentence, places):
            i += 1          # a list of portfolios: «министр инвестиций, промышленности и торговли …»
            continue
        if lower == "и" and i + 1 < len(tokens) and (places.at(tokens[i + 1]) or _abbreviation(tokens[i + 1]) or (
                tokens[i + 1].feats.get("Case") == "Gen" and tokens[i + 1].text.islower())):
            i += 1          # «министр промышленности и торговли …», «губернаторы Петербурга и Оренбургской области»
            continue
        # genitive words of the complement; a capitalised one too when it is a body's name
        # («Курултая», «Мажилиса»), not a given name starting the person's name
        if token.feats.get("Case") == "Gen" and token.pos in ("NOUN", "ADJ", "PROPN", "DET", "NUM") \
                and not (token.text[:1].isupper() and (is_given_name(token.text) or (
                    token.pos == "PROPN" and OBLIQUE_SURNAME.search(token.text)))):
            i += 1
            continue
        if _abbreviation(token):
            i += 1          # an abbreviation the gazetteer does not know («МИД»)
            continue
        if token.rel == "nmod" and token.pos == "NOUN" and token.text.islower() \
                and token.head is not None and title.first <= token.head < i:
            i += 1          # «Вице-премьеры правительства …»: a genitive the tagger read as a plural
            continue
        break
    office.end = i
    _place_office(office, stated, location)
    if office.strength < STATED:
        led = _delegation_led(title, sentence, places)
        if led:
            office.of, office.strength = led.place.iso, STATED
    return office


def _title_starts(sentence: Sentence, places: PlaceIndex) -> set[int]:
    return {t.first for t in find_titles(sentence, places.at)}


def _abbreviation(token: Token) -> bool:
    """An abbreviation the gazetteer does not know («МИД», «ТЭК»)."""
    return token.text.isupper() and len(token.text) <= 5 and token.pos != "PUNCT"


def _portfolio_word(token: Token) -> bool:
    """A word of a portfolio after «по»: lower case nouns and adjectives («социальным вопросам»)."""
    return token.text.islower() and token.pos in ("NOUN", "ADJ") and \
        token.feats.get("Case") in ("Dat", "Gen", "Loc")


@cache
def _longest_first(kind: str) -> tuple[tuple[str, ...], ...]:
    """The words of `kind` (data/title_context.tsv), split, longest first."""
    return tuple(sorted((tuple(words.split()) for words, _ in context_words()[kind]), key=lambda w: -len(w)))


def _words_at(tokens: list[Token], i: int, kind: str) -> int | None:
    """Index after words of `kind` (data/title_context.tsv) starting at token i, longest first."""
    for parts in _starting_at(kind, tokens[i].text, tokens[i].lemma):
        end = i + len(parts)
        if end <= len(tokens) and all(tokens[i + n].text.lower() == w or word_matches(tokens[i + n], w)
                                      for n, w in enumerate(parts[1:], start=1)):
            return end
    return None


@lru_cache(maxsize=1 << 15)
def _starting_at(kind: str, text: str, lemma: str) -> tuple[tuple[str, ...], ...]:
    """The words of `kind` (longest first) whose first word a token of this text and lemma is:
    the only ones `_words_at` has to try from it."""
    token = _word_token(text, lemma)
    return tuple(parts for parts in _longest_first(kind)
                 if not parts or text.lower() == parts[0] or word_matches(token, parts[0]))


def _delegation_led(title: TitleMatch, sentence: Sentence, places: PlaceIndex) -> PlaceMention | None:
    """«Делегация провинции Сычуань во главе с вице-губернатором …», «амурская делегация во главе с …»:
    the leader holds office in the region the delegation comes from, not where it is."""
    tokens = sentence.tokens
    leads = next((n for n in range(max(0, title.first - 3), title.first)
                  if _words_at(tokens, n, "leads") == title.first), None)
    if leads is None:
        return None
    for g in range(leads - 1, max(-1, leads - 8), -1):
        if not _words_at(tokens, g, "group"):
            continue
        before = places.at(tokens[g - 1]) if g > 0 else None
        if before and before.via == "adjective" and before.place.kind == "region":
            return before
        n = g + 1
        if n < len(tokens) and tokens[n].text.lower() == "из":
            n += 1
        after = places.at(tokens[n]) if n < leads else None
        if after and after.place.kind == "region" and after.via != "capital":
            return after
        return None
    return None


def _place_office(office: Office, stated: list[PlaceMention], location: PlaceMention | None) -> None:
    regions = [p for p in stated if p.place.kind == "region"]
    countries = [p for p in stated if p.place.kind == "country"]
    office.regions = list(dict.fromkeys(p.place.iso for p in regions if p.via != "capital"))
    if regions:
        first = regions[0]
        # a city that is not itself a region gives a local office («глава Нижнего Новгорода»,
        # «хоким Самарканда»), unless the title exists only for regions («губернатор Омска»)
        office.of = first.place.iso if first.via != "capital" or office.title.scope == "region" else None
        office.strength = STATED
        return
    # «полномочный представитель Президента КР в Чуйской области» serves the region it is in;
    # a consul «в Санкт-Петербурге» serves the country that sends him
    if location and location.place.kind == "region" and location.via != "capital" and \
            office.title.scope == "region":
        office.of, office.strength = location.place.iso, STATED
        return
    if location and location.place.kind in ("country", "region"):
        # «посол России в Казахстане», «консул в Санкт-Петербурге»: where the envoy serves, not whose he is
        office.host = location.place.country or location.place.iso
    if countries:
        office.country_hint = countries[0].place.iso
        if office.generic in ("capital", "region"):
            return          # «губернатор северной столицы России»: the context says which
        office.of, office.strength = countries[0].place.iso, STATED
        return
    if office.title.scope == "local" or office.supranational:
        office.strength = STATED      # a district's or town's office, or a union's: no region
    elif office.title.scope == "country" and office.title.country and not office.generic:
        office.of, office.strength = office.title.country, STATED   # «Совета Федерации» is Russia's


def _subdivision_fits(office: Office, places: PlaceIndex) -> "Callable[[PlaceMention], bool]":
    """Which regions the title can belong to by the kind of subdivision: «глава республики» heads a
    republic, «губернатор» never does (`not_in` in data/title_context.tsv)."""
    tokens = office.sentence.tokens[office.title.first:max(office.end, office.title.end)]
    nouns = [words for words, value in context_words()["generic"] if value == "region" and " " not in words]
    wanted = next((n for t in tokens for n in nouns if word_matches(t, n)), None)
    if wanted and not any(wanted in p.place.name.lower() for p in places.places):
        wanted = None       # «губернатор региона»: no official name says «регион»; any region may be it
    unwanted = [value for words, value in context_words()["not_in"]
                if office.title.position.split()[-1] == words]
    return lambda p: (wanted is None or wanted in p.place.name.lower()) and \
        not any(u in p.place.name.lower() for u in unwanted)


def place_from_context(name: Name, office: Office, places: PlaceIndex, taken: frozenset[str] = frozenset()) -> str | None:
    """Whose office it is when the sentence does not say: a well-known official's country,
    the capital or country the complement points to, else the nearest region of the title's country.

    Regions in `taken` already have someone in this office; a region of the kind the title
    names («глава республики») and not another holder's is preferred when there is one.
    """
    last, initial = name.last.lower().replace("ё", "е") if name.last else "", name.initial
    known = _officials().get((last, initial)) if initial else next(
        (of for (surname, _), of in _officials().items() if surname == last), None)
    if known:
        return known
    at = office.start_char
    scope = office.title.scope
    if office.generic == "capital":
        country = office.country_hint or office.title.country or _nearest_country(places, at)
        return _national_capitals().get(country or "")
    if office.generic == "region" and scope == "country":
        scope = "region"    # «вице-премьер правительства республики»: a region's government, not a state's
    elif scope == "country" or office.generic == "country":
        return office.country_hint or office.title.country or _nearest_country(places, at, office.host)
    if scope == "local":
        return None
    country = office.country_hint or office.title.country
    kind_fits = _subdivision_fits(office, places)
    best = lambda p: kind_fits(p) and p.place.iso not in taken  # noqa: E731
    # a venue or a trip's destination («форум в Москве», «делегация прибыла в Орловскую область») is
    # where the official is, more often than whose: a region named otherwise comes first
    at_home = lambda p: best(p) and p.start not in places.located  # noqa: E731
    # a region of the title's own country, even one the text names only by its capital («губернатор
    # Виталий Хоценко» in Омск), before a region of another country
    # a region another holder of the title has is left for one of another country before it is shared
    # («… с губернатором региона Анатолием Исаченко» beside Omsk's governor in Mogilev)
    return (_nearest_region(places, at, country, at_home) or _nearest_region(places, at, country, best)
            or (country and _nearest_region(places, at, country, best, cities=True))
            or _nearest_region(places, at, None, best) or _nearest_region(places, at, country)
            or _nearest_region(places, at, None))


def _counts(place: PlaceMention) -> bool:
    return place.place.kind == "region" and place.counts_as_region


def _nearest_region(places: PlaceIndex, at: int, country: str | None,
                    also: "Callable[[PlaceMention], bool]" = lambda p: True, cities: bool = False) -> str | None:
    """The region mentioned nearest before `at` (else after), of `country` if given;
    cities: also a region named by its capital only as a place («прибыл в Омск»)."""
    fits = lambda p: (_counts(p) or (cities and p.place.kind == "region" and p.via == "capital")) \
        and (country is None or p.place.country == country) and also(p)  # noqa: E731
    for place in places.before(at + 1):
        if fits(place):
            return place.place.iso
    for place in places.after(at):
        if fits(place):
            return place.place.iso
    return None


def _nearest_country(places: PlaceIndex, at: int, besides: str | None = None) -> str | None:
    """The country mentioned nearest before `at` (else after), other than `besides`."""
    for place in places.before(at + 1) + places.after(at):
        if place.place.kind == "country" and place.place.iso != besides:
            return place.place.iso
    return None

"""Regions and countries mentioned in a document, and which mentions count as regions.

Every gazetteer match is a `PlaceMention`. A region counts (`counts_as_region`)
when it is named by its name, short name, abbreviation, adjective or demonym —
and a city that is itself a region («в Москве», «Ташкент») is named by its
name. A city that is only a region's administrative centre («Омск», «Уральск»,
`via == "capital"`) counts only when it stands for the region as a party: a
word of `data/city_party_cues.tsv` governs it («делегация Челябинска», «гостей
из Костаная», «казанская делегация», «губернатор Омска»), or it is coordinated with
such a city («сотрудничество Омска и Бухары»). Countries never count as regions.
An adjective two regions share goes to the one the text names by name
(«алтайский» in a text about «Республика Алтай»).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from interreg.ingest.analysis import PlaceMention, Sentence, Token
from interreg.ingest.lexicon import rows
from interreg.ingest.facts import Place
from interreg.ingest.entities.nlp import normal_of
from interreg.ingest.entities.titles import word_matches

# Words that may stand between a party word and the city («делегация из Казани», «сотрудничество с Казанью»).
LINKING_WORDS = ("из", "от", "с", "со", "между")
# Words that coordinate two parties («сотрудничество Омска и Бухары»).
COORDINATORS = ("и", ",")


@cache
def _party_cues() -> tuple[tuple[str, int], ...]:
    return tuple((row["words"], int(row["reach"])) for row in rows("city_party_cues.tsv"))


def _is_cue(token: Token) -> int | None:
    for words, reach in _party_cues():
        if word_matches(token, words):
            return reach
    return None


def city_is_party(tokens: list[Token], first: int, end: int) -> bool:
    """Whether the city at tokens [first, end) stands for its region as a party."""
    distance = 0
    for i in range(first - 1, max(-1, first - 4), -1):
        reach = _is_cue(tokens[i])
        if reach is not None and distance <= reach:
            return True
        if tokens[i].text.lower() not in LINKING_WORDS:
            break
        distance += 1
    # an adjective of the city before a party word: «казанская делегация»
    return end < len(tokens) and tokens[first].pos == "ADJ" and _is_cue(tokens[end]) is not None


def _token_range(tokens: list[Token], start: int, end: int) -> tuple[int, int]:
    ids = [i for i, t in enumerate(tokens) if start <= t.start < end]
    return (ids[0], ids[-1] + 1) if ids else (0, 0)


@cache
def _city_bodies() -> tuple[str, ...]:
    return tuple(row["words"] for row in rows("city_bodies.tsv"))


# Words of a region's official name that say it is not a city («Витебская область», «Алтайский край»).
_REGION_NAME_WORDS = re.compile(r"\b(?:область|край|республика|округ|провинция|аймак|вилоят|район)\b", re.IGNORECASE)


def _names_the_city(match, sentence: Sentence) -> bool:
    """«Витебского горисполкома»: an adjective before a city's body names the city, not the region."""
    if match.via != "adjective" or not _REGION_NAME_WORDS.search(match.place.name):
        return False
    first, end = _token_range(sentence.tokens, match.start, match.end)
    return end < len(sentence.tokens) and any(word_matches(sentence.tokens[end], w) for w in _city_bodies())


def _mention(match, sentence: Sentence) -> PlaceMention:
    counts = match.place.kind == "region"
    via = "capital" if counts and _names_the_city(match, sentence) else match.via
    if counts and via == "capital":
        first, end = _token_range(sentence.tokens, match.start, match.end)
        counts = city_is_party(sentence.tokens, first, end)
    return PlaceMention(match.start, match.end, match.text, match.place, via, counts)


def find_places(sentences: list[Sentence], ner_spans: list = (), gazetteer=None) -> list[PlaceMention]:
    """Place mentions over the sentences, plus natasha LOC spans the token match missed."""
    if gazetteer is None:
        from interreg.ingest.entities.gazetteer import gazetteer as load
        gazetteer = load()
    mentions: list[PlaceMention] = []
    for sentence in sentences:
        found = [_mention(match, sentence) for match in gazetteer.match_tokens(sentence.tokens)]
        _share_party(found, sentence)
        mentions += found
    _prefer_named_sibling(mentions)
    for span in ner_spans:
        if span.type not in ("LOC", "ORG"):
            continue
        sentence = next((s for s in sentences if s.start <= span.start < s.end), None)
        if sentence is None:
            continue
        mentions += _ner_place(span, sentence, mentions, gazetteer)
    return sorted(mentions, key=lambda m: m.start)


_ADJECTIVE_SUFFIX = re.compile(r"(?:ск|цк)[а-яё]*$")


def _prefer_named_sibling(mentions: list[PlaceMention]) -> None:
    """An adjective shared by two regions goes to the one the text names.

    «алтайский» is Алтайский край's adjective, but in a text about «Республика Алтай»
    («Горный Алтай») it is the republic's; «ошский» goes to the city of Ош when the text
    names the city and not the oblast.
    """
    named = [m for m in mentions if m.via not in ("adjective", "capital") and m.place.kind == "region"]
    named_isos = {m.place.iso for m in named}
    for mention in mentions:
        if mention.via != "adjective" or mention.place.kind != "region" or mention.place.iso in named_isos:
            continue
        stem = _ADJECTIVE_SUFFIX.sub("", mention.text.lower())
        if len(stem) < 2:
            continue
        sibling = next((m for m in named if m.place.country == mention.place.country and
                        any(word.lower().startswith(stem) for word in re.findall(r"[\w-]+", m.text))), None)
        if sibling:
            mention.place = sibling.place


def _share_party(mentions: list[PlaceMention], sentence: Sentence) -> None:
    """A city coordinated with a party stands as a party too: «сотрудничество Омска и Бухары»."""
    for previous, mention in zip(mentions, mentions[1:]):
        if mention.counts_as_region or mention.place.kind != "region" or not previous.counts_as_region:
            continue
        between = sentence.text[previous.end - sentence.start:mention.start - sentence.start].strip().lower()
        if between in COORDINATORS and previous.via == "capital":
            mention.counts_as_region = True


def _ner_place(span, sentence: Sentence, found: list[PlaceMention], gazetteer) -> list[PlaceMention]:
    """A natasha LOC span the token match missed: the whole span, else its uncovered words one by one.

    natasha merges neighbours into one LOC («Узбекистан Раис Татарстана») or reads a
    place into an ORG («Мажилиса Парламента Казахстана»), and a name next to a place
    can hide it from the token match; a word that is a region's or country's name on
    its own still counts.
    """
    covered = lambda start, end: any(m.start < end and start < m.end for m in found)  # noqa: E731
    if span.type == "LOC" and not covered(span.start, span.stop):
        normal = normal_of(span) or span.text
        whole = [m for m in gazetteer.match(normal) if m.start == 0 and m.end == len(normal)]
        if whole:
            return [_mention(_Found(span.start, span.stop, span.text, whole[0].place, whole[0].via), sentence)]
    out = []
    for token in sentence.tokens:
        if not (span.start <= token.start < span.stop) or covered(token.start, token.end) or not token.text[:1].isupper():
            continue
        alone = [m for m in gazetteer.match(token.text) if m.start == 0 and m.end == len(token.text)
                 and m.via in ("official", "short", "country", "abbreviation")]
        if alone:
            out.append(_mention(_Found(token.start, token.end, token.text, alone[0].place, alone[0].via), sentence))
    return out


@dataclass(frozen=True)
class _Found:
    """A place found here rather than by the gazetteer's own match, shaped like its matches."""

    start: int
    end: int
    text: str
    place: Place
    via: str


def places_in(analysis, sentence: Sentence, regions_only: bool = False) -> list[PlaceMention]:
    """The place mentions inside a sentence; with `regions_only`, those that count as regions."""
    found = analysis.in_sentence(analysis.places, sentence)
    if regions_only:
        found = [m for m in found if m.counts_as_region and m.place.kind == "region"]
    return found

"""Who the parties of a sentence are: the regions and countries it names, directly
or through the officials it mentions, with the grammatical role of each mention.

The event rules (meetings, agreements, trade, partners) all start from here:

- `mentions_in(analysis, sentence)`: every party mention with its preposition and case;
- `DocumentContext`: which parties the document is about, to fill in a side that a
  sentence leaves implicit («Стороны обсудили…», «соглашение, подписанное между регионами»);
- `pair_up(parties)`: the pairs of parties a list of names stands for.

Codes: a region is `XX-YYY` (ISO 3166-2), a country is `XX` (ISO 3166-1 alpha-2).

>>> country_of("RU-OMS"), is_region("UZ")
('RU', False)
>>> pair_up(["BY-MA", "RU-KLU", "RU-KDA"])
[('BY-MA', 'RU-KDA'), ('BY-MA', 'RU-KLU')]
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace
from functools import cached_property, lru_cache
from itertools import combinations

from interreg.ingest.analysis import Analysis, Sentence, Token
from interreg.ingest.lexicon import column

# «в Подмосковье», «на форуме в Уральске»: a place in the locative attached to a verb
# is where something happened, not who took part.
VENUE_PREPOSITIONS = frozenset({"в", "во", "на"})
DESTINATION_PREPOSITIONS = frozenset({"в", "во", "на"})
SOURCE_PREPOSITIONS = frozenset({"из", "от", "у", "со"})
# A list of parties pairs every two of them only while it is short; a longer list (a forum's
# delegations) pairs its first-named party, usually the host or the subject, with each of
# the others; a list longer still is a roll call and names no pairs at all.
MAX_ALL_PAIRS = 6
MAX_LISTED_PARTIES = 20


def country_of(iso: str) -> str:
    return iso.split("-", 1)[0]


def is_region(iso: str) -> bool:
    return "-" in iso


@dataclass(frozen=True)
class PartyMention:
    """A region or country named in a sentence, directly or as the office of a person."""

    iso: str
    start: int
    end: int
    head: Token | None          # the mention's head token, None when it cannot be aligned
    preposition: str | None     # lemma of the preposition governing the mention
    case: str | None            # grammatical case of the head token
    through_person: bool        # named as the office of a person, not as a place
    counts_as_region: bool = True   # False for a city the entity pass took as a mere place
    office_of: bool = False     # hangs on an office noun: «представитель … в Чуйской области»
    dateline: bool = False      # «ТАШКЕНТ, 26 апр — Sputnik.»: where the report was filed
    via: str | None = None      # how the place was named (official, adjective, capital…)
    topic_of: bool = False      # hangs on a noun that is no side: «инфраструктуры Омской области»
    non_government: bool = False  # names a region's university or company, not the region

    @property
    def is_venue(self) -> bool:
        """«встречи прошли в Подмосковье», «переговоры в Москве», «консульство в
        г. Новосибирске»: a place in the locative, unless it is the seat of an office
        («полпред Президента КР в Чуйской области»); and a dateline."""
        if self.dateline:
            return True
        if self.preposition not in VENUE_PREPOSITIONS or self.case != "Loc":
            return False
        return not self.counts_as_region or not self.office_of

    @property
    def is_destination(self) -> bool:
        return self.preposition in DESTINATION_PREPOSITIONS and self.case == "Acc"

    @property
    def is_source(self) -> bool:
        return self.preposition in SOURCE_PREPOSITIONS


def head_token(sentence: Sentence, start: int, end: int) -> Token | None:
    """The token of a span whose syntactic head lies outside the span."""
    inside = [t for t in sentence.tokens if start <= t.start and t.end <= end]
    if not inside:
        inside = [t for t in sentence.tokens if t.start < end and start < t.end]
    if not inside:
        return None
    ids = {t.id for t in inside}
    for token in inside:
        if token.head is None or token.head not in ids:
            return token
    return inside[-1]


def preposition_of(sentence: Sentence, token: Token) -> str | None:
    """The preposition of a noun phrase: a `case` child, else an ADP right before it."""
    for child in sentence.tokens:
        if child.head == token.id and child.rel == "case" and child.id < token.id:
            return child.lemma
    # Only modifiers and abbreviations may stand between: «в г. Новосибирске»,
    # «в соседнюю Бухарскую область»; not a noun («в поставках омского зерна»).
    before = [t for t in sentence.tokens if t.id < token.id]
    for t in reversed(before[-3:]):
        if t.pos == "ADP":
            return t.lemma
        if not (t.pos in ("ADJ", "DET", "NUM") or t.text == "." or len(t.text) <= 2):
            break
    return None


def mentions_in(analysis: Analysis, sentence: Sentence) -> list[PartyMention]:
    """Every party the sentence names, in text order. Cities the entity pass took as
    mere places are kept too: a flow «в Оренбург» goes to the city's region; the rules
    drop them where they are only venues."""
    found = [_mention(sentence, p.place.iso, p.start, p.end, False, p.counts_as_region, p.via)
             for p in analysis.in_sentence(analysis.places, sentence)]
    for person_mention in analysis.in_sentence(analysis.person_mentions, sentence):
        person = analysis.persons[person_mention.person]
        if person.of:
            found.append(_mention(sentence, person.of, person_mention.start, person_mention.end, True))
    found.sort(key=lambda m: (m.start, m.end))
    return found


def _mention(sentence: Sentence, iso: str, start: int, end: int, through_person: bool,
             counts_as_region: bool = True, via: str | None = None) -> PartyMention:
    head = head_token(sentence, start, end)
    return PartyMention(
        iso=iso, start=start, end=end, head=head,
        preposition=preposition_of(sentence, head) if head and not through_person else None,
        case=head.feats.get("Case") if head else None,
        through_person=through_person, counts_as_region=counts_as_region,
        office_of=_seat_of_office(sentence, head),
        dateline=not through_person and _opens_dateline(sentence, start, end), via=via,
        topic_of=not through_person and _hangs_on_topic(sentence, head),
        non_government=not through_person and _governing_noun(sentence, head) in non_government_nouns())


def _governing_noun(sentence: Sentence, head: Token | None) -> str | None:
    """Lemma of the noun a place word depends on, past the place's own generic noun."""
    token = head
    while token is not None and token.head is not None:
        governor = sentence.tokens[token.head]
        if governor.lemma in place_nouns() and token.rel in ("amod", "nmod", "flat", "appos"):
            token = governor
            continue
        return governor.lemma if governor.pos in ("NOUN", "PROPN") else None
    return None


@lru_cache(maxsize=1)
def non_government_nouns() -> frozenset[str]:
    return column("non_government_nouns.tsv", "lemma")


def _seat_of_office(sentence: Sentence, head: Token | None) -> bool:
    """«Аппарат полномочного представителя Президента КР в Чуйской области»: the place
    hangs (through its own generic noun and a few nouns and names) on an office."""
    if head is None:
        return False
    token = head
    for _ in range(4):
        if token.head is None:
            break
        token = sentence.tokens[token.head]
        if token.lemma in office_nouns():
            return True
        if token.pos not in ("NOUN", "PROPN", "ADJ"):
            break
    # The parse of long lists of bodies is often wrong: read the words right before
    # the preposition too («…Президента КР в Ошской области»).
    before = sentence.tokens[max(0, head.id - 4):head.id]
    first = next((t.id for t in reversed(before) if t.pos == "ADP"), None)
    if first is None:
        return False
    for token in reversed(sentence.tokens[max(0, first - 3):first]):
        if token.lemma in office_nouns():
            return True
        if token.pos not in ("NOUN", "PROPN", "ADJ"):
            return False
    return False


# A region after these is a side whatever noun it hangs on: «переговоры с Бухарской областью».
SIDE_PREPOSITIONS = frozenset({"с", "со", "между", "из", "от", "у"})


def _hangs_on_topic(sentence: Sentence, head: Token | None) -> bool:
    """Whether a place is only a modifier of a noun that is no side of talks."""
    if head is None:
        return False
    tokens = sentence.tokens
    token = head
    # «Новосибирской, Омской и Томской областей»: go up through the conjuncts and the
    # place's own generic noun to the word the whole place depends on.
    while token.head is not None:
        governor = tokens[token.head]
        if token.rel == "conj" or (governor.lemma in place_nouns() and token.rel in ("amod", "nmod", "flat", "appos")):
            token = governor
            continue
        break
    if token.head is None or token.rel not in ("nmod", "amod"):
        return False
    if preposition_of(sentence, token) in SIDE_PREPOSITIONS:
        return False
    governor = tokens[token.head]
    # «Форума регионов Беларуси и России»: the tagger takes capitalised nouns for names.
    return governor.pos in ("NOUN", "PROPN") and governor.lemma not in side_nouns()


@lru_cache(maxsize=1)
def country_sides() -> frozenset[str]:
    return column("country_sides.tsv", "lemma")


@lru_cache(maxsize=1)
def place_nouns() -> frozenset[str]:
    return column("place_nouns.tsv", "lemma")


@lru_cache(maxsize=1)
def side_nouns() -> frozenset[str]:
    return column("side_nouns.tsv", "lemma")


def _opens_dateline(sentence: Sentence, start: int, end: int) -> bool:
    """A one-word place opening a sentence, then a comma or full stop: «Пенза, 18 сентября»,
    «ТАШКЕНТ, 26 апр — Sputnik», «Рязань. 25 сентября. ИНТЕРФАКС»."""
    tokens = sentence.tokens
    if len(tokens) < 2 or tokens[0].start != start or tokens[0].end != end:
        return False
    return tokens[1].text in (",", ".")


@lru_cache(maxsize=1)
def office_nouns() -> frozenset[str]:
    return column("office_nouns.tsv", "lemma")


def unique(isos) -> list[str]:
    """Codes in first-seen order, each once."""
    return list(dict.fromkeys(isos))


def drop_covered_countries(isos: list[str]) -> list[str]:
    """A country stands for a side only when no region of it is named for that side."""
    regions_of = {country_of(i) for i in isos if is_region(i)}
    return [i for i in unique(isos) if is_region(i) or i not in regions_of]


def pair_up(parties: list[str]) -> list[tuple[str, str]]:
    """The pairs a list of parties in text order stands for, each pair sorted.

    One party against several of another country pairs with each of them; couples named
    one after the other pair up («Гомельский облсовет и … Нижегородской области, а также
    Могилевский облисполком и … Новосибирской области»); otherwise every two parties of
    different countries (or, within one country, every two) while there are at most
    MAX_ALL_PAIRS; past that the first-named with each of the others, and past
    MAX_LISTED_PARTIES none, so a list never explodes into all its pairs.
    """
    parties = unique(parties)
    if len(parties) < 2 or len(parties) > MAX_LISTED_PARTIES:
        return []
    if len(parties) == 2:
        return [tuple(sorted(parties))]
    groups: dict[str, list[str]] = {}
    for iso in parties:
        groups.setdefault(country_of(iso), []).append(iso)
    pairs: list[tuple[str, str]]
    if len(groups) == 2:
        (a, b) = groups.values()
        if len(a) == 1 or len(b) == 1:
            one, many = (a, b) if len(a) == 1 else (b, a)
            pairs = [tuple(sorted((one[0], other))) for other in many]
        elif named_in_couples := couples(parties):
            pairs = named_in_couples
        elif len(parties) <= MAX_ALL_PAIRS:
            pairs = [tuple(sorted((x, y))) for x in a for y in b]
        else:
            pairs = _first_with_others(parties)
    elif len(parties) <= MAX_ALL_PAIRS:
        pairs = [tuple(sorted(p)) for p in combinations(parties, 2)]
    else:
        pairs = _first_with_others(parties)
    return sorted(set(pairs))


def _first_with_others(parties: list[str]) -> list[tuple[str, str]]:
    """The first-named party paired with each other one of another country (with each
    other one when the list is of one country)."""
    first, rest = parties[0], parties[1:]
    abroad = [other for other in rest if country_of(other) != country_of(first)]
    return [tuple(sorted((first, other))) for other in abroad or rest]


def couples(parties: list[str]) -> list[tuple[str, str]]:
    """«X и Y, а также Z и W» with each couple from two countries: the couples, each
    sorted; [] when the parties are not named that way."""
    pairs = [tuple(parties[i:i + 2]) for i in range(0, len(parties), 2)]
    if len(parties) % 2 or len(parties) > MAX_LISTED_PARTIES or any(country_of(a) == country_of(b) for a, b in pairs):
        return []
    return [tuple(sorted(pair)) for pair in pairs]


def acceptable_pair(a: str, b: str) -> bool:
    """A partner pair needs a region, and a region is no partner of its own country."""
    if a == b or not (is_region(a) or is_region(b)):
        return False
    if is_region(a) != is_region(b):
        region, country = (a, b) if is_region(a) else (b, a)
        return country_of(region) != country
    return True


@lru_cache(maxsize=1)
def clause_breaks() -> frozenset[str]:
    return column("clause_breaks.tsv", "word")


def clause_of(sentence: Sentence, words: list[Token]) -> tuple[int, int]:
    """Character span of the clause(s) holding some words: the sentence cut at «;» and
    at «, однако», «, но», «, а»…"""
    tokens = sentence.tokens
    # «…, а также Республики Каракалпакстан» goes on with the same list.
    cuts = [t for n, t in enumerate(tokens)
            if t.text == ";" or (t.text.lower() in clause_breaks() and n > 0 and tokens[n - 1].text == ","
                                 and not (n + 1 < len(tokens) and tokens[n + 1].text.lower() in ("также", "и")))]
    if not words:
        return sentence.start, sentence.end
    first, last = min(t.start for t in words), max(t.end for t in words)
    start = max((t.end for t in cuts if t.end <= first), default=sentence.start)
    end = min((t.start for t in cuts if t.start >= last), default=sentence.end)
    return start, end


def in_clause(mentions: list[PartyMention], span: tuple[int, int]) -> list[PartyMention]:
    """The mentions inside a clause, or all of them when the clause names no region."""
    inside = [m for m in mentions if span[0] <= m.start and m.end <= span[1]]
    return inside if any(is_region(m.iso) for m in inside) else mentions


@lru_cache(maxsize=1)
def trip_nouns() -> frozenset[str]:
    return column("trip_nouns.tsv", "lemma")


def _trip_destination(sentence: Sentence, mention: PartyMention) -> bool:
    """«бизнес-миссия … в Ташкент», «рейс в Бишкек»: a place a trip or route leads to."""
    if mention.head is None or mention.head.head is None or mention.preposition not in DESTINATION_PREPOSITIONS:
        return False
    lemma = sentence.tokens[mention.head.head].lemma
    if "-" in lemma:
        # hyphenated words are often left unlemmatised: «бизнес-миссию»
        return any(lemma.startswith(noun[:-1]) and len(lemma) - len(noun) <= 1 for noun in trip_nouns())
    return lemma in trip_nouns()


class DocumentContext:
    """What the document as a whole is about, to fill in sides a sentence leaves implicit."""

    def __init__(self, analysis: Analysis) -> None:
        self.analysis = analysis

    @cached_property
    def _as_named(self) -> list[list[PartyMention]]:
        return [mentions_in(self.analysis, s) for s in self.analysis.sentences]

    @cached_property
    def by_sentence(self) -> list[list[PartyMention]]:
        """The party mentions of each sentence; «китайская провинция», «узбекская сторона»
        stand for the document's region of that country when it names one."""
        out = []
        for sentence, mentions in zip(self.analysis.sentences, self._as_named):
            out.append([self._side_of_country(sentence, m) for m in mentions])
        return out

    def _side_of_country(self, sentence: Sentence, mention: PartyMention) -> PartyMention:
        if is_region(mention.iso) or mention.via != "adjective" or mention.head is None \
                or mention.head.head is None:
            return mention
        governor = sentence.tokens[mention.head.head]
        if governor.lemma not in country_sides():
            return mention
        region = next((r for r in self._named_salience if country_of(r) == mention.iso), None)
        return replace(mention, iso=region) if region else mention

    @cached_property
    def _named_salience(self) -> list[str]:
        # «узбекская сторона» is never the city a trip goes to («бизнес-миссию … в Ташкент»).
        return self._salience_of(self._without_trip_destinations(self._as_named))

    def _without_trip_destinations(self, by_sentence: list[list[PartyMention]]) -> list[list[PartyMention]]:
        return [[m for m in mentions if not _trip_destination(sentence, m)]
                for sentence, mentions in zip(self.analysis.sentences, by_sentence)]

    @cached_property
    def salience(self) -> list[str]:
        """Regions by how often the document names them (ties: first named first)."""
        return self._salience_of(self._without_trip_destinations(self.by_sentence))

    @staticmethod
    def _salience_of(by_sentence: list[list[PartyMention]]) -> list[str]:
        counts: Counter[str] = Counter()
        first: dict[str, int] = {}
        for mentions in by_sentence:
            for m in mentions:
                if is_region(m.iso) and not m.is_venue:
                    counts[m.iso] += 1
                    first.setdefault(m.iso, m.start)
        return sorted(counts, key=lambda iso: (-counts[iso], first[iso]))

    def recent(self, sentence_index: int, back: int = 2) -> list[str]:
        """Parties of the few sentences before this one, nearest first."""
        out: list[str] = []
        for index in range(sentence_index - 1, max(-1, sentence_index - 1 - back), -1):
            # «ездят в Южную Корею»: a country gone to or come from is no side of talks
            out.extend(m.iso for m in reversed(self.by_sentence[index]) if not m.is_venue
                       and (is_region(m.iso) or not (m.is_destination or m.is_source)))
        return unique(out)

    def complete(self, parties: list[str], sentence_index: int) -> list[str]:
        """Parties of an event completed to two sides from the context.

        A sentence naming one side («…соглашения, подписанного между регионами» with
        only the guest named) gets the document's most prominent other region (of
        another country first). A sentence naming none («Стороны обсудили…») gets the
        two parties of the sentences just before, or the document's main pair; a list
        of many participants just before pairs nobody.
        """
        parties = drop_covered_countries(parties)
        if len(parties) >= 2:
            return parties
        if parties:
            known = parties[0]
            candidates = [r for r in self.salience if r not in parties]
            foreign = [r for r in candidates if country_of(r) != country_of(known)]
            pick = (foreign or candidates)[:1]
            return parties + pick
        # «…провела переговоры в Нукусе с председателем … Каракалпакстан. Стороны
        # договорились…»: the two sides of the sentence just before, if it names two.
        last = drop_covered_countries(self.recent(sentence_index, back=1))
        last_regions = [r for r in last if is_region(r)]
        if len(last) == 2 and last_regions and country_of(last[0]) != country_of(last[1]):
            return last
        recent = drop_covered_countries(self.recent(sentence_index))
        recent_regions = [r for r in recent if is_region(r)]
        if len(recent_regions) > 2:
            return []
        if len(recent) >= 2 and recent_regions:
            return recent[:2]
        main = self.salience
        if len(main) == 2 or (len(main) > 2 and country_of(main[0]) != country_of(main[1])):
            return main[:2]
        return []

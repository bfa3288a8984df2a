"""Officials named in a document, with their position and whose office it is.

Reading, sentence by sentence:
1. titles (`titles.find_titles`) and the genitive complement after each
   («губернатор Омской области», «Посла Республики Казахстан в Российской Федерации»);
2. names: natasha's PER spans, and capitalised words right after a title that
   natasha missed («заместителем хокима Нодиром НУРМАТОВЫМ»);
3. a title binds to the name right after its complement, or to a name just
   before it («Эркинжон Турдимов назначен исполняющим обязанности хокима»).
Then across the document: mentions of one person merge («Ботир Зарипов» =
«Ботиром Зариповым» = «Ботир Комилович» = «Зарипов»), titles left without a
name attach to a nearby person who has none («Глава Якутии провел встречу …
Айсен Николаев отметил»), and an office the sentence does not place is placed
from the context (the nearest region of the title's country).
Only people with a position are kept: the texts' officials.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from interreg.ingest.analysis import PersonMention, PlaceMention, Sentence, Token
from interreg.ingest.entity_lexicons import rows
from interreg.ingest.facts import Document, PersonFact
from interreg.ingest.names import INITIAL, Name, is_common_word, is_given_name, name_from_words, normalise_word
from interreg.ingest.titles import TitleMatch, find_titles, word_matches

# How far (in tokens) a title's complement may run before the name.
MAX_COMPLEMENT = 12
# How many sentences away an unnamed title («Глава Якутии») may find its person.
ROLE_WINDOW = 1
# A plural title over several regions («губернаторы X и Y») must find exactly as many people, so may look further.
PLURAL_ROLE_WINDOW = 2
# Words that may stand between a title's complement and the name («господином Хань Шэнцзянем»).
HONORIFICS = ("господин", "госпожа", "г-н", "г-жа", "товарищ")
# Masculine surnames with these endings are in the nominative: in any other case they take an ending.
NOMINATIVE_ONLY_SURNAME_ENDINGS = ("ов", "ев", "ёв", "ин", "ын", "ский", "цкий")

# A capitalised word with these endings is a surname in an oblique case («Мирзиёева», «Дубровского»).
OBLIQUE_SURNAME = re.compile(r"(?:[оеё]в|[иы]н)(?:а|у|ым|е)$|(?:ск|цк)(?:ого|ому|им|ом)$", re.IGNORECASE)

# How sure we are of a person's `of`: written in the complement, taken from the context, unknown.
STATED, CONTEXT, UNKNOWN = 2, 1, 0


@cache
def _context_words() -> dict[str, list[tuple[str, str]]]:
    out: dict[str, list[tuple[str, str]]] = {"generic": [], "link": [], "not_official": []}
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

    @property
    def start_char(self) -> int:
        return self.sentence.tokens[self.title.first].start

    @property
    def plural(self) -> bool:
        return self.title.number == "Plur"

    def for_region(self, iso: str) -> "Office":
        """The same title, placed in one of the regions a plural title names («губернаторы X и Y»)."""
        return Office(self.title, self.sentence, iso, STATED, end=self.end, regions=[iso])


@dataclass
class NameSpan:
    sentence: Sentence
    first: int                        # token indexes [first, end)
    end: int
    name: Name
    office: Office | None = None
    chained: list[Office] = field(default_factory=list)   # titles dashed before this one's («… – заместителем хокима»)

    @property
    def start(self) -> int:
        return self.sentence.tokens[self.first].start

    @property
    def stop(self) -> int:
        return self.sentence.tokens[self.end - 1].end


@dataclass
class _Person:
    name: Name
    mentions: list[NameSpan] = field(default_factory=list)
    offices: list[Office] = field(default_factory=list)
    position: str | None = None
    of: str | None = None
    strength: int = UNKNOWN
    evidence_sentence: Sentence | None = None

    def decide(self) -> Office | None:
        """Position from the most telling title; `of` from the title that states it.

        Returns the office whose place still has to come from the context, if any.
        """
        if not self.offices:
            return None
        chosen = min(self.offices, key=lambda o: o.title.general)     # the first telling one
        self.position = chosen.title.position
        self.evidence_sentence = chosen.sentence
        placed = chosen if chosen.strength == STATED else next(
            (o for o in self.offices if o.strength == STATED), None)
        if placed:
            self.of, self.strength = placed.of, STATED
            return None
        return chosen


class PlaceIndex:
    """Place mentions looked up by character offset."""

    def __init__(self, places: list[PlaceMention]):
        self.places = sorted(places, key=lambda p: p.start)

    def at(self, token: Token) -> PlaceMention | None:
        for place in self.places:
            if place.start <= token.start < place.end:
                return place
        return None

    def before(self, offset: int) -> list[PlaceMention]:
        """Mentions ending before `offset`, nearest first."""
        return sorted((p for p in self.places if p.end <= offset), key=lambda p: -p.end)

    def after(self, offset: int) -> list[PlaceMention]:
        return [p for p in self.places if p.start >= offset]


# --- reading one sentence -----------------------------------------------------------------

def _is_generic(token: Token) -> tuple[str, str | None] | None:
    """(region | capital | country, the country it implies) for a generic noun, else None."""
    for words, value in _context_words()["generic"]:
        if " " not in words and word_matches(token, words):
            return value, _generic_countries().get(words)
    return None


def _is_private(token: Token) -> bool:
    return any(word_matches(token, words) for words, _ in _context_words()["not_official"])


def _looks_like_name_word(token: Token) -> bool:
    text = token.text
    return (text[:1].isupper() and any(c.isalpha() for c in text)
            and (token.pos in ("PROPN", "NOUN", "ADJ", "X") or text.isupper()))


def read_office(title: TitleMatch, sentence: Sentence, places: PlaceIndex, name_tokens: set[int]) -> Office:
    """The title's complement: whose office it is, as far as the sentence says."""
    tokens = sentence.tokens
    office = Office(title, sentence, end=title.end)
    stated: list[PlaceMention] = list(title.places)
    if title.first > 0:
        before = places.at(tokens[title.first - 1])
        if before and before.via in ("adjective", "abbreviation") and before.end <= tokens[title.first].start:
            stated.append(before)       # «Брянский губернатор», «Омский губернатор Хоценко»
    location: PlaceMention | None = None
    i = title.end
    while i < len(tokens) and i - title.end < MAX_COMPLEMENT and i not in name_tokens:
        token = tokens[i]
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
        if token.text in "()«»\"":
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
        if lower == "и" and i + 1 < len(tokens) and (places.at(tokens[i + 1]) or (
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
        if token.text.isupper() and len(token.text) <= 5 and token.pos != "PUNCT":
            i += 1          # an abbreviation the gazetteer does not know («МИД»)
            continue
        break
    office.end = i
    _place_office(office, stated, location)
    return office


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
    if countries:
        office.country_hint = countries[0].place.iso
        if office.generic in ("capital", "region"):
            return          # «губернатор северной столицы России»: the context says which
        office.of, office.strength = countries[0].place.iso, STATED
        return
    if office.title.scope == "local":
        office.strength = STATED      # a district's or town's office: no region
    elif office.title.scope == "country" and office.title.country and not office.generic:
        office.of, office.strength = office.title.country, STATED   # «Совета Федерации» is Russia's


def _name_spans(sentence: Sentence, ner_spans: list, places: PlaceIndex, titles: list[TitleMatch]) -> list[NameSpan]:
    tokens = sentence.tokens
    title_tokens = {i for t in titles for i in range(t.first, t.end)}
    spans: list[tuple[int, int]] = []
    for span in ner_spans:
        if span.type != "PER" or not (sentence.start <= span.start < sentence.end):
            continue
        ids = [i for i, t in enumerate(tokens) if span.start <= t.start < span.stop]
        ids = [i for i in ids if _name_token(tokens[i], places) and i not in title_tokens]
        # keep one unbroken run, cut at a line break
        run: list[int] = []
        for i in ids:
            if run and (i != run[-1] + 1 or "\n" in sentence.text[tokens[run[-1]].end - sentence.start:
                                                                    tokens[i].start - sentence.start]):
                if any(tokens[j].text.isalpha() and len(tokens[j].text) > 1 for j in run):
                    break
                run = []
            run.append(i)
        run = _strip_dots(tokens, run)
        # a capitalised word of a body's name caught with the name: «Думы Иван Иванов»
        while len(run) >= 3 and is_common_word(tokens[run[0]].text) and is_given_name(tokens[run[1]].text):
            run = run[1:]
        if run and any(len(tokens[j].text) > 1 for j in run):
            spans.append((run[0], run[-1] + 1))
    return [s for s in (_make_name_span(sentence, a, b) for a, b in _dedupe(spans)) if s]


def _strip_dots(tokens: list[Token], run: list[int]) -> list[int]:
    while run and tokens[run[-1]].text == ".":
        run = run[:-1]
    return run


def _name_token(token: Token, places: PlaceIndex) -> bool:
    if places.at(token):
        return False
    text = token.text
    return text == "." or (text[:1].isupper() and any(c.isalpha() for c in text))


def _dedupe(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for a, b in sorted(set(spans)):
        if out and a < out[-1][1]:
            out[-1] = (out[-1][0], max(b, out[-1][1]))
        else:
            out.append((a, b))
    return out


def _make_name_span(sentence: Sentence, first: int, end: int, case: str | None = None) -> NameSpan | None:
    tokens = sentence.tokens[first:end]
    words = _words_of(tokens)
    if not words:
        return None
    if case is None:
        case = _tagged_case(tokens)
    # the tagger's gender for unknown names is a guess; the patronymic or the dictionary decide
    name = name_from_words(words, case, None)
    return NameSpan(sentence, first, end, name) if name else None


def _words_of(tokens: list[Token]) -> list[str]:
    words: list[str] = []
    for token in tokens:
        if token.text == ".":
            continue
        words.append(token.text)
    return words


def _tagged_case(tokens: list[Token]) -> str | None:
    cases = [t.feats.get("Case") for t in tokens if t.feats.get("Case")]
    if not cases:
        return None
    return cases[-1]


def _name_after(sentence: Sentence, start: int, places: PlaceIndex, spans: list[NameSpan],
                office: Office) -> NameSpan | None:
    """The name standing right after a title's complement, found by natasha or read here."""
    tokens = sentence.tokens
    i = start
    while i < len(tokens) and (tokens[i].text in ("—", "–", "-") or
                               any(word_matches(tokens[i], h) for h in HONORIFICS)):
        i += 1
    for span in spans:
        if span.first == i:
            return span
    run: list[int] = []
    while i < len(tokens) and len(run) < 3:
        token = tokens[i]
        if token.text == "." and run and INITIAL.match(tokens[run[-1]].text + "."):
            run.append(i)
            i += 1
            continue
        if not _name_token(token, places) or token.text == "." or not _looks_like_name_word(token):
            break
        is_initial = len(token.text) == 1
        if is_initial and not (i + 1 < len(tokens) and tokens[i + 1].text == "."):
            break           # a capital letter alone is an initial only with its dot («В ходе визита»)
        run.append(i)
        i += 1
    run = _strip_dots(tokens, run)
    if not run or all(len(tokens[j].text) == 1 for j in run):
        return None
    span = _make_name_span(sentence, run[0], run[-1] + 1, office.title.case)
    if span:
        spans.append(span)
    return span


def _nominative_surname(span: NameSpan) -> bool:
    """Whether the surname as written can only be nominative («Турдимов», «Дубровский»)."""
    last = span.sentence.tokens[span.end - 1].text.lower()
    return span.end - span.first >= 2 and last.endswith(NOMINATIVE_ONLY_SURNAME_ENDINGS)


def _link_before(sentence: Sentence, title: TitleMatch, spans: list[NameSpan]) -> NameSpan | None:
    """A name just before a title, joined by a comma, dash or «назначен» («Турдимов назначен хокимом»)."""
    links = [words for words, _ in _context_words()["link"]]
    for span in spans:
        if span.end > title.first:
            continue
        between = sentence.tokens[span.end:title.first]
        if len(between) > 3 or span.office is not None:
            continue
        if all(any(t.text == w or word_matches(t, w) for w in links) or t.pos == "AUX" for t in between) and \
                (between or sentence.tokens[title.first].text.islower()):
            return span
    return None


def read_sentence(sentence: Sentence, ner_spans: list, places: PlaceIndex) -> tuple[list[NameSpan], list[Office]]:
    """Names (each with its office when one is given) and the offices no name was given for."""
    titles = find_titles(sentence, places.at)
    spans = _name_spans(sentence, ner_spans, places, titles)
    name_tokens = {i for s in spans for i in range(s.first, s.end)}
    unnamed: list[Office] = []
    chained: list[Office] = []
    for n, title in enumerate(titles):
        office = read_office(title, sentence, places, name_tokens)
        if office.private:
            chained = []
            continue
        if n + 1 < len(titles) and _dash_between(sentence, office.end, titles[n + 1].first):
            chained.append(office)      # «вице-губернатор … – руководитель администрации Яков Силин»
            continue
        pending, chained = chained, []
        span = _name_after(sentence, office.end, places, spans, office)
        head_case = (pending[0] if pending else office).title.case     # a dashed chain agrees with its first title
        if span and head_case in ("Gen", "Dat", "Ins", "Loc") and _nominative_surname(span):
            span = None         # «Указом Президента … Эркинжон Турдимов назначен»: not the president
        if span and span.office is None:
            span.office, span.chained = office, pending
            if head_case:
                renamed = _make_name_span(sentence, span.first, span.end, head_case)
                if renamed:
                    span.name = renamed.name
            if office.plural:
                _share_plural_title(sentence, span, spans, office)
            continue
        span = _link_before(sentence, title, spans)
        if span:
            span.office, span.chained = office, pending
            continue
        unnamed += pending + [office]
    return sorted(spans, key=lambda s: s.first), unnamed + chained


def _share_plural_title(sentence: Sentence, span: NameSpan, spans: list[NameSpan], office: Office) -> None:
    """«главы двух субъектов РФ Георгий Полтавченко и Юрий Берг»: the title is each one's;
    «Хокимы Бухарской и Навоийской областей Ботир Зарипов и Нормат Турсунов»: one region each, in order."""
    named = [span]
    for other in sorted(spans, key=lambda s: s.first):
        if other.first <= named[-1].first or other.office is not None:
            continue
        between = sentence.tokens[named[-1].end:other.first]
        if len(between) == 1 and between[0].text.lower() in ("и", ","):
            named.append(other)
        else:
            break
    one_each = len(office.regions) == len(named) > 1
    for n, person in enumerate(named):
        person.office = office.for_region(office.regions[n]) if one_each else \
            Office(office.title, sentence, office.of, office.strength, office.generic,
                   office.country_hint, end=office.end, regions=list(office.regions))


def _dash_between(sentence: Sentence, end: int, next_first: int) -> bool:
    between = sentence.tokens[end:next_first]
    return len(between) == 1 and between[0].text in ("—", "–", "-")


# --- across the document ------------------------------------------------------------------

def _same_person(person: _Person, name: Name) -> bool:
    a, b = person.name, name
    if a.last and b.last:
        if not (_surname_forms(a.last) & _surname_forms(b.last)):
            return False
        return not (a.initial and b.initial) or a.initial == b.initial
    if not a.last and not b.last:
        return bool(a.first and b.first and _key(a.first) == _key(b.first))
    # a given name with a patronymic («Ботир Комилович») is the person with that given name
    named, bare = (a, b) if a.last else (b, a)
    if bare.first and named.first and bare.middle:
        return _key(bare.first) == _key(named.first)
    if bare.first and not bare.middle:
        return False
    return False


@cache
def _surname_forms(word: str) -> frozenset[str]:
    """The word and every nominative it could be an oblique form of («Турдимова» → турдимов, …)."""
    found = {_key(word)}
    for case in ("Gen", "Dat", "Acc", "Ins", "Loc"):
        for gender in ("Masc", "Fem"):
            found.add(_key(normalise_word(word, case, gender, "last")))
    return frozenset(found)


def _key(word: str) -> str:
    return word.lower().replace("ё", "е")


def _fuller(a: Name, b: Name) -> Name:
    """The more complete of two names of one person (a full given name beats an initial)."""
    def score(n: Name) -> tuple[int, int]:
        return (bool(n.last), bool(n.first) + bool(n.first and len(n.first) > 2))
    best = a if score(a) >= score(b) else b
    other = b if best is a else a
    return Name(best.first or other.first, best.middle or other.middle, best.last or other.last)


def _merge(spans: list[NameSpan]) -> list[_Person]:
    persons: list[_Person] = []
    for span in spans:
        target = next((p for p in persons if _same_person(p, span.name)), None)
        if target is None and not span.name.last and span.name.middle:
            # a given name and a word that only looks like a patronymic: read it as a surname
            span.name = Name(span.name.first, None, span.name.middle)
            target = next((p for p in persons if _same_person(p, span.name)), None)
        if target is None:
            target = _Person(span.name)
            persons.append(target)
        else:
            target.name = _fuller(target.name, span.name)
        target.mentions.append(span)
        if span.office:
            target.offices += span.chained + [span.office]
    # a bare surname seen before the full name: fold it into the full name
    merged: list[_Person] = []
    for person in persons:
        home = next((p for p in merged if _same_person(p, person.name)), None)
        if home:
            home.name = _fuller(home.name, person.name)
            home.mentions += person.mentions
            home.offices += person.offices
        else:
            merged.append(person)
    return merged


def _described_otherwise(span: NameSpan) -> bool:
    """«предприниматель Иван Петров», «Автор: Тимур Хомичев»: the text says what else the person is."""
    tokens = span.sentence.tokens
    after = tokens[span.end:span.end + 2]
    if len(after) == 2 and after[0].text == "," and after[1].pos == "NOUN" and after[1].text.islower():
        return True         # «Иван Петров, директор завода»
    if span.first == 0:
        return False
    before = tokens[span.first - 1]
    if before.text == ":" and span.first >= 2:
        before = tokens[span.first - 2]
    return before.pos == "NOUN" and before.text.isalpha()


def _distribute_plural_roles(persons: list[_Person], roles: list[Office]) -> list[Office]:
    """«губернаторы Петербурга и Оренбургской области»: one region each to the officials named nearby.

    The people are those within reach whose place no title states, in the order they
    were named; each takes the first region left of the country its own title points to
    (or the next region in order). Returns the roles left for `_attach_roles`.
    """
    left = []
    for role in roles:
        if not (role.plural and len(role.regions) >= 2):
            left.append(role)
            continue
        near = [p for p in persons
                if not any(o.strength == STATED and o.of for o in p.offices)
                and any(abs(m.sentence.index - role.sentence.index) <= PLURAL_ROLE_WINDOW for m in p.mentions)]
        if len(near) != len(role.regions):
            continue
        near.sort(key=lambda p: min(m.start for m in p.mentions))
        regions = list(role.regions)
        for person in near:
            hint = next((o.title.country for o in person.offices if o.title.country), None)
            iso = next((r for r in regions if hint and r.startswith(hint + "-")), regions[0])
            regions.remove(iso)
            person.offices.append(role.for_region(iso))
    return left


def _attach_roles(persons: list[_Person], roles: list[Office]) -> None:
    """Titles written without a name go to a nearby person the text gives no title at all.

    Closest pairs first (same sentence, then neighbouring ones), so each title
    finds the person it is written next to.
    """
    held = {(o.title.position, o.of) for p in persons for o in p.offices}
    pairs = []
    for r, role in enumerate(roles):
        if role.strength < STATED or role.plural:
            continue
        if (role.title.position, role.of) in held:
            continue        # the office of someone already named («поблагодарил вице-губернатора …»)
        for p, person in enumerate(persons):
            if person.offices:
                continue
            if any(_described_otherwise(m) for m in person.mentions):
                continue
            for mention in person.mentions:
                distance = abs(mention.sentence.index - role.sentence.index)
                if distance <= ROLE_WINDOW:
                    pairs.append((distance, mention.start < role.start_char, abs(mention.start - role.start_char), r, p))
    used_roles: set[int] = set()
    for _, _, _, r, p in sorted(pairs):
        person, role = persons[p], roles[r]
        if r in used_roles or person.offices:
            continue
        used_roles.add(r)
        person.offices.append(role)


def _place_from_context(person: _Person, office: Office | None, places: PlaceIndex, gazetteer) -> None:
    """Fill `of` for an office the sentence did not place: well-known officials, then the nearest region."""
    last, initial = _key(person.name.last or ""), person.name.initial
    known = _officials().get((last, initial)) if initial else next(
        (of for (surname, _), of in _officials().items() if surname == last), None)
    if known:
        person.of, person.strength = known, CONTEXT
        return
    if office is None:
        return
    at = office.start_char
    scope = office.title.scope
    if office.generic == "capital":
        country = office.country_hint or office.title.country or _nearest_country(places, at)
        capital = _national_capitals().get(country or "")
        if capital:
            person.of, person.strength = capital, CONTEXT
        return
    if scope == "country" or office.generic == "country":
        country = office.country_hint or office.title.country or _nearest_country(places, at)
        if country:
            person.of, person.strength = country, CONTEXT
        return
    if scope == "local":
        return
    country = office.country_hint or office.title.country
    region = _nearest_region(places, at, country) or _nearest_region(places, at, None)
    if region:
        person.of, person.strength = region, CONTEXT


def _counts(place: PlaceMention) -> bool:
    return place.place.kind == "region" and place.counts_as_region


def _nearest_region(places: PlaceIndex, at: int, country: str | None) -> str | None:
    fits = lambda p: _counts(p) and (country is None or p.place.country == country)  # noqa: E731
    for place in places.before(at + 1):
        if fits(place):
            return place.place.iso
    for place in places.after(at):
        if fits(place):
            return place.place.iso
    return None


def _nearest_country(places: PlaceIndex, at: int) -> str | None:
    for place in places.before(at + 1):
        if place.place.kind == "country":
            return place.place.iso
    for place in places.after(at):
        if place.place.kind == "country":
            return place.place.iso
    return None


def find_persons(document: Document, sentences: list[Sentence], ner_spans: list,
                 places: list[PlaceMention], gazetteer=None) -> tuple[list[PersonFact], list[PersonMention]]:
    """The document's officials (merged) and every mention of them."""
    index = PlaceIndex(places)
    spans: list[NameSpan] = []
    roles: list[Office] = []
    for sentence in sentences:
        found, unnamed = read_sentence(sentence, ner_spans, index)
        spans += found
        roles += unnamed
    # an excerpt cut off in the middle of a name («во главе с хокимом Боти») names nobody
    text_end = len(document.text.rstrip())
    spans = [s for s in spans if s.stop < text_end]
    persons = _merge(spans)
    _attach_roles(persons, _distribute_plural_roles(persons, roles))
    unplaced = [(person, person.decide()) for person in persons]
    principals = {p.position: p.of for p in persons if p.strength == STATED and p.of}
    for person, office in unplaced:
        if office is None:
            continue
        principal = principals.get(office.title.principal or "")
        if principal and (office.generic == "region" or not office.regions):
            person.of, person.strength = principal, CONTEXT      # «заместитель хокима области» → the хоким's region
        else:
            _place_from_context(person, office, index, gazetteer)
    facts: list[PersonFact] = []
    mentions: list[PersonMention] = []
    for person in persons:
        if not person.position:
            continue
        sentence = person.evidence_sentence or person.mentions[0].sentence
        facts.append(PersonFact(name=person.name.full, first=person.name.first, last=person.name.last,
                                middle=person.name.middle, position=person.position, of=person.of,
                                evidence=sentence.evidence(document.id)))
        for mention in person.mentions:
            mentions.append(PersonMention(mention.start, mention.stop,
                                          document.text[mention.start:mention.stop], len(facts) - 1))
    return facts, sorted(mentions, key=lambda m: m.start)


def persons_in(analysis, sentence: Sentence) -> list[int]:
    """Indexes into `analysis.persons` of the people mentioned in a sentence, in order, each once."""
    out: list[int] = []
    for mention in analysis.in_sentence(analysis.person_mentions, sentence):
        if mention.person not in out:
            out.append(mention.person)
    return out

"""Officials named in a document, with their position and whose office it is.

Reading, sentence by sentence:
1. titles (`titles.find_titles`) and the complement after each, which says whose
   office it is (`offices.read_office`: «губернатор Омской области», «Посла
   Республики Казахстан в Российской Федерации»);
2. names: natasha's PER spans, and capitalised words right after a title that
   natasha missed («заместителем хокима Нодиром НУРМАТОВЫМ»);
3. a title binds to the name right after its complement, or to a name just
   before it («Эркинжон Турдимов назначен исполняющим обязанности хокима»).
Then across the document: mentions of one person merge («Ботир Зарипов» =
«Ботиром Зариповым» = «Ботир Комилович» = «Зарипов»), titles left without a
name attach to a nearby person who has none («Глава Якутии провел встречу …
Айсен Николаев отметил»), and an office the sentence does not place is placed
from the context (`offices.place_from_context`; a deputy where the principal serves).
Only people with a position are kept: the texts' officials.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache

from interreg.ingest.analysis import PersonMention, PlaceMention, Sentence, Token
from interreg.ingest.facts import Document, PersonFact
from interreg.ingest.entities.names import INITIAL, PATRONYMIC, PATRONYMIC_PARTICLES, Name, is_common_word, is_given_name, name_from_words, normalise_word
from interreg.ingest.entities.offices import (CONTEXT, STATED, UNKNOWN, Office, PlaceIndex, context_words, has_many_holders,
                                     place_from_context, read_office)
from interreg.ingest.entities.titles import TitleMatch, find_titles, word_matches

# How many sentences away an unnamed title («Глава Якутии») may find its person.
ROLE_WINDOW = 1
# A plural title over several regions («губернаторы X и Y») must find exactly as many people, so may look further.
PLURAL_ROLE_WINDOW = 2
# Words that may stand between a title's complement and the name («господином Хань Шэнцзянем»).
HONORIFICS = ("господин", "госпожа", "г-н", "г-жа", "товарищ")
# Masculine surnames with these endings are in the nominative: in any other case they take an ending.
NOMINATIVE_ONLY_SURNAME_ENDINGS = ("ов", "ев", "ёв", "ин", "ын", "ский", "цкий")


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
        # the first telling one of the offices held now («ранее занимавший пост министра» is not)
        chosen = min(self.offices, key=lambda o: (o.past, o.title.general))
        self.position = chosen.title.position
        self.evidence_sentence = chosen.sentence
        placed = chosen if chosen.strength == STATED else next(
            (o for o in self.offices if o.strength == STATED and o.past == chosen.past), None)
        if placed:
            self.of, self.strength = placed.of, STATED
            return None
        return chosen


# --- reading one sentence -----------------------------------------------------------------

def _looks_like_name_word(token: Token) -> bool:
    text = token.text
    return (text[:1].isupper() and any(c.isalpha() for c in text)
            and (token.pos in ("PROPN", "NOUN", "ADJ", "X") or text.isupper()))


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
        while run and len(tokens[run[-1]].text) == 1:
            run = run[:-1]      # a letter without its dot ends no name («… ХОЦЕНКО ВСТРЕТИЛСЯ С»)
        if run and _in_capitals(sentence, run[0]):
            run = run[:2]       # in capitals natasha runs a name on into the words after it
            if len(run) < 2:
                continue        # «ГУБЕРНАТОР ТУЛЬСКОЙ ОБЛАСТИ ПОСЕТИТ …»: one word alone is no name there
        # a capitalised word of a body's name caught with the name: «Думы Иван Иванов»
        while len(run) >= 3 and is_common_word(tokens[run[0]].text) and is_given_name(tokens[run[1]].text) \
                and tokens[run[2]].text.lower() not in PATRONYMIC_PARTICLES:
            run = run[1:]
        run = _without_body_name(tokens, run)
        if run and any(len(tokens[j].text) > 1 for j in run):
            spans.append((run[0], run[-1] + 1))
    spans = _join_patronymic_and_surname(sentence, _dedupe(spans), places, title_tokens)
    return [s for s in (_make_name_span(sentence, a, b) for a, b in spans) if s]


def _join_patronymic_and_surname(sentence: Sentence, spans: list[tuple[int, int]], places: PlaceIndex,
                                 title_tokens: set[int]) -> list[tuple[int, int]]:
    """natasha may cut «Дмитрием Сергеевичем | Воронцовым» in two, or leave out a surname in capitals
    («Дмитрием Сергеевичем ВОРОНЦОВЫМ»): a name ending in a patronymic and a name word right after it
    are one name."""
    tokens = sentence.tokens
    out: list[tuple[int, int]] = []
    for a, b in spans:
        if out and a == out[-1][1] + 1 and tokens[a - 1].text.lower() in PATRONYMIC_PARTICLES:
            out[-1] = (out[-1][0], b)       # «Шохрат Рустам | оглы | Мустафаев»: one name
        elif out and a == out[-1][1] and b - a == 1 and out[-1][1] - out[-1][0] >= 2 \
                and PATRONYMIC.search(tokens[a - 1].text) and not PATRONYMIC.search(tokens[a].text):
            out[-1] = (out[-1][0], b)
        else:
            out.append((a, b))
    taken = {i for a, b in out for i in range(a, b)}
    for n, (a, b) in enumerate(out):
        # «Шохрат Рустам | оглы Мустафаев»: a Turkic patronymic and the surname after it belong to the name
        if b + 1 < len(tokens) and tokens[b].text.lower() in PATRONYMIC_PARTICLES and b + 1 not in taken \
                and _looks_like_name_word(tokens[b + 1]) and _name_token(tokens[b + 1], places):
            out[n] = (a, b) = (a, b + 2)
        if b - a >= 2 and b < len(tokens) and b not in taken and b not in title_tokens \
                and PATRONYMIC.search(tokens[b - 1].text) and not PATRONYMIC.search(tokens[b].text) \
                and _name_token(tokens[b], places) and _looks_like_name_word(tokens[b]) and len(tokens[b].text) > 1 \
                and not _in_capitals(sentence):
            out[n] = (a, b + 1)
    return out


def _without_body_name(tokens: list[Token], run: list[int]) -> list[int]:
    """«глава Мининвеста Екатерина Зиновьева»: three words, a genitive first, a given name in
    the middle and no patronymic after it: the first is a body's name, not a surname written first."""
    if len(run) == 3 and is_given_name(tokens[run[1]].text) and tokens[run[0]].feats.get("Animacy") == "Inan" \
            and not PATRONYMIC.search(tokens[run[2]].text) and tokens[run[0]].feats.get("Case") == "Gen" \
            and tokens[run[1]].feats.get("Case") != "Gen":
        return run[1:]
    return run


def _in_capitals(sentence: Sentence, at: int | None = None) -> bool:
    """A line written in capitals («ГУБЕРНАТОР ОМСКОЙ ОБЛАСТИ ВИТАЛИЙ ХОЦЕНКО ВСТРЕТИЛСЯ …»):
    the sentence, or with `at` the line of the sentence that token is on (a headline
    without a full stop runs on into the next line)."""
    tokens = sentence.tokens
    if at is not None:
        text = sentence.text
        offset = tokens[at].start - sentence.start
        begin, end = text.rfind("\n", 0, offset) + 1, text.find("\n", offset)
        end = len(text) if end < 0 else end
        tokens = [t for t in tokens if begin <= t.start - sentence.start < end]
    words = [t for t in tokens if t.text.isalpha() and len(t.text) > 1]
    return sum(t.text.isupper() for t in words) * 2 > len(words)


def _strip_dots(tokens: list[Token], run: list[int]) -> list[int]:
    while run and tokens[run[-1]].text == ".":
        run = run[:-1]
    return run


def _name_token(token: Token, places: PlaceIndex) -> bool:
    if places.at(token):
        return False
    text = token.text
    return text == "." or (text[:1].isupper() and any(c.isalpha() for c in text)) \
        or text.lower() in PATRONYMIC_PARTICLES


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
                office: Office, case: str | None = None) -> NameSpan | None:
    """The name standing right after a title's complement, found by natasha or read here."""
    tokens = sentence.tokens
    i = start
    while i < len(tokens) and (tokens[i].text in ("—", "–", "-", ",", "*", ":") or
                               any(word_matches(tokens[i], h) for h in HONORIFICS)):
        i += 1
    if 0 < start and i < len(tokens):
        gap = sentence.text[tokens[start - 1].end - sentence.start:tokens[i].start - sentence.start]
        if "\n\n" in gap or ("\n" in gap and not is_given_name(tokens[i].text)):
            return None     # a headline ends with the title; the next paragraph starts with another word
    for span in spans:
        if span.first == i:
            return span
    if i < len(tokens) and _in_capitals(sentence, i):
        return None         # names cannot be told from other words in a line of capitals
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
    run = _without_body_name(tokens, _strip_dots(tokens, run))
    if not run or all(len(tokens[j].text) == 1 for j in run):
        return None
    span = _make_name_span(sentence, run[0], run[-1] + 1, case or office.title.case)
    if span:
        spans.append(span)
    return span


def _nominative_surname(span: NameSpan) -> bool:
    """Whether the surname as written can only be nominative («Турдимов», «Дубровский»)."""
    last = span.sentence.tokens[span.end - 1].text.lower()
    return span.end - span.first >= 2 and last.endswith(NOMINATIVE_ONLY_SURNAME_ENDINGS)


def _link_before(sentence: Sentence, title: TitleMatch, spans: list[NameSpan]) -> NameSpan | None:
    """A name just before a title, joined by a comma, dash or «назначен» («Турдимов назначен хокимом»)."""
    links = [words for words, _ in context_words()["link"]]
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


def _appointed_after(sentence: Sentence, office: Office, places: PlaceIndex,
                     spans: list[NameSpan]) -> NameSpan | None:
    """«Хокимом Хорезмской области назначен Иван Петров»: a title in the instrumental, a link verb,
    then the name in the nominative."""
    tokens = sentence.tokens
    if office.title.case != "Ins" or office.end >= len(tokens):
        return None
    verb = tokens[office.end]
    links = [words for words, _ in context_words()["link"] if words.isalpha()]
    if not any(verb.text.lower() == w or word_matches(verb, w) for w in links):
        return None
    span = _name_after(sentence, office.end + 1, places, spans, office, case="Nom")
    if span is None or span.office is not None:
        return None
    renamed = _make_name_span(sentence, span.first, span.end, "Nom")
    if renamed:
        span.name = renamed.name
    return span


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
        if span and span.first > 0 and sentence.tokens[span.first - 1].text == ":":
            head_case = "Nom"   # «в списке вице-премьеров: А, Б, В»: a list after a colon is in the nominative
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
        span = _link_before(sentence, title, spans) or _appointed_after(sentence, office, places, spans)
        if span:
            span.office, span.chained = office, pending
            continue
        unnamed += pending + [office]
    spans = sorted(spans, key=lambda s: s.first)
    _share_coordinated_place(sentence, spans)
    return spans, unnamed + chained


def _share_coordinated_place(sentence: Sentence, spans: list[NameSpan]) -> None:
    """«министром социального развития Т. Исакуновой и замминистра экономики Киргизии Э. Алишеровым»:
    two offices of one kind joined by «и», the second placed, the first not: one government's officials."""
    for a, b in zip(spans, spans[1:]):
        if a.office is None or b.office is None or a.office.strength == STATED or b.office.strength < STATED:
            continue
        between = sentence.tokens[a.end:b.office.title.first]
        if len(between) != 1 or between[0].text.lower() != "и" or not b.office.of:
            continue
        head = a.office.title.position.split()[-1]
        if any(word.startswith(head) for word in b.office.title.position.split()):
            a.office.of, a.office.strength = b.office.of, STATED


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


def _other_party(role: Office, mention: NameSpan) -> bool:
    """«Глава региона встретился с Иваном Петровым»: a title before a name in one sentence
    (not split by a line break) is somebody else."""
    if mention.sentence.index != role.sentence.index or mention.start < role.start_char:
        return False
    between = mention.sentence.text[role.start_char - mention.sentence.start:mention.start - mention.sentence.start]
    return "\n" not in between


def _in_nominative(mention: NameSpan) -> bool:
    cases = {mention.sentence.tokens[i].feats.get("Case") for i in range(mention.first, mention.end)}
    return "Nom" in cases or not cases - {None}


def _attach_roles(persons: list[_Person], roles: list[Office]) -> None:
    """Titles written without a name go to a nearby person the text gives no title at all.

    Closest pairs first (same sentence, then neighbouring ones), so each title
    finds the person it is written next to.
    """
    held = {(o.title.position, o.of) for p in persons for o in p.offices}
    pairs = []
    for r, role in enumerate(roles):
        if role.strength < STATED or role.plural or role.past:
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
                if distance and not _in_nominative(mention):
                    continue    # «…губернатор области. …поручений, данных Александром Лукашенко»: somebody else
                if distance <= ROLE_WINDOW and not _other_party(role, mention):
                    pairs.append((distance, mention.start < role.start_char, abs(mention.start - role.start_char), r, p))
    used_roles: set[int] = set()
    for _, _, _, r, p in sorted(pairs):
        person, role = persons[p], roles[r]
        if r in used_roles or person.offices:
            continue
        used_roles.add(r)
        person.offices.append(role)


# Prepositions that make a place where something is or goes: «в Москве», «на Гомельщину».
LOCATING_PREPOSITIONS = ("в", "во", "на")


def _located(sentences: list[Sentence], places: list[PlaceMention]) -> frozenset[int]:
    """Starts of the places written right after «в», «во», «на»."""
    starts = {p.start for p in places}
    found = set()
    for sentence in sentences:
        for before, token in zip(sentence.tokens, sentence.tokens[1:]):
            if token.start in starts and before.text.lower() in LOCATING_PREPOSITIONS:
                found.add(token.start)
    return frozenset(found)


def find_persons(document: Document, sentences: list[Sentence], ner_spans: list,
                 places: list[PlaceMention]) -> tuple[list[PersonFact], list[PersonMention]]:
    """The document's officials (merged) and every mention of them."""
    index = PlaceIndex(places, _located(sentences, places))
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
    held = {(p.position, p.of) for p in persons if p.strength == STATED and p.of}
    for person, office in unplaced:
        if office is None:
            continue
        principal = principals.get(office.title.principal or "")
        if principal and (office.generic == "region" or not office.regions):
            person.of, person.strength = principal, CONTEXT      # «заместитель хокима области» → the хоким's region
        else:
            taken = frozenset() if has_many_holders(person.position) else \
                frozenset(of for position, of in held if position == person.position)
            of = place_from_context(person.name, office, index, taken)
            if of:
                held.add((person.position, of))
                person.of, person.strength = of, CONTEXT
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

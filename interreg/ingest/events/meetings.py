"""Meetings: officials of two regions (or a region and a country) met or held talks.

A sentence reports a meeting when it has a meeting word (`data/meeting_cues.tsv`:
встреча, встретился, переговоры, обсудили, принял делегацию…) that is not planned
(«встретится», «встреча запланирована») nor negated. Its parties are the regions and
countries named in the word's clause, directly or through the officials it
mentions, less the venues («прошли вчера в Подмосковье») and the places that are
only what was discussed («инфраструктуры Омской области»); a side left implicit
(«Стороны обсудили…») comes from the sentences just before, else the document. A
visit («визит», «посетила») counts only in a document that also reports talks; «в
ходе беседы…» after a reported meeting adds nothing new. The date is the one the
sentence gives (the entity pass resolves «сегодня», «вчера», weekdays), else that
of the talks reported before.
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache

from interreg.ingest.analysis import Analysis, Sentence, Token
from interreg.ingest.facts import MeetingFact
from interreg.ingest.lexicon import column, mapping, table
from interreg.ingest.events.modality import children, has_lemma, is_negated, is_planned
from interreg.ingest.events.parties import (DocumentContext, clause_of, country_of, drop_covered_countries, in_clause,
                                     is_region, pair_up)


@lru_cache(maxsize=1)
def meeting_cues() -> dict[str, str]:
    return mapping("meeting_cues.tsv", "lemma", "strength")


@lru_cache(maxsize=1)
def implicit_sides() -> frozenset[str]:
    """Words by which a sentence refers to the sides of talks it does not name."""
    return column("implicit_sides.tsv", "lemma")


@lru_cache(maxsize=1)
def required_objects() -> dict[str, frozenset[str]]:
    """Meeting words that need a certain object: «принял делегацию»."""
    return {r["lemma"]: frozenset(r["object"].split(","))
            for r in table("meeting_cues.tsv") if r["object"] != "-"}


@lru_cache(maxsize=1)
def forum_nouns() -> frozenset[str]:
    return column("forum_nouns.tsv", "lemma")


def _is_meeting_word(sentence: Sentence, token: Token, lemma: str) -> bool:
    if meeting_cues()[lemma] == "joint" and any(c.lemma in forum_nouns() for c in children(sentence, token)):
        return False    # «пленарное заседание Форума регионов»: a forum's session, not a joint body's
    needed = required_objects().get(lemma)
    return needed is None or any(c.rel == "obj" and c.lemma in needed for c in children(sentence, token))


def find_meetings(analysis: Analysis, context: DocumentContext) -> list[MeetingFact]:
    cues = meeting_cues()
    strength = {id(t): cues[lemma] for s in analysis.sentences for t in s.tokens
                if (lemma := has_lemma(t, cues)) and _is_meeting_word(s, t, lemma)}
    document_has_talks = "strong" in strength.values()
    found: list[MeetingFact] = []
    # «Встречи прошли вчера … С главой … обсудил …»: a report of talks goes on in the
    # sentences after the one that dates them.
    last_date: date | None = None
    told_whole: set[frozenset] = set()     # pairs a sentence names both sides of
    for sentence in analysis.sentences:
        words = [t for t in sentence.tokens if id(t) in strength]
        if not words:
            continue
        if not any(strength[id(t)] in ("strong", "joint") for t in words) and not document_has_talks:
            continue
        if all(is_planned(sentence, t) or is_negated(sentence, t) for t in words):
            continue
        when = meeting_date(analysis, sentence) or last_date
        last_date = when
        if found and all(_refers_back(sentence, t) or _joins_told_talks(sentence, t) for t in words):
            continue
        # «обсудили поставки в Казахстан»: a country the talks were about, not a side.
        # «развитие инфраструктуры Омской области»: a region the talks were about, not a side.
        clause = clause_of(sentence, [t for t in words if not is_planned(sentence, t)])
        # «форум, который принимает Гродно»: a city the entity pass took as a mere
        # place is no side of talks.
        mentions = [m for m in in_clause(context.by_sentence[sentence.index], clause)
                    if not m.is_venue and not m.topic_of and (m.counts_as_region or not is_region(m.iso))
                    and (is_region(m.iso) or not (m.is_destination or m.is_source) or m.through_person)]
        # «с генеральным консулом России в Алматы»: the seat of a foreign country's
        # office is the host, not a side of the talks
        envoys = {m.iso for m in mentions if not is_region(m.iso) and m.preposition is None}
        mentions = [m for m in mentions if not (m.office_of and not m.through_person
                                                and envoys - {country_of(m.iso)})]
        if not mentions and any(m.topic_of for m in context.by_sentence[sentence.index]):
            continue    # the sentence names regions only as what was discussed
        if not mentions and not any(has_lemma(t, implicit_sides()) for t in sentence.tokens):
            continue    # «провели встречи с закупщиками»: talks, but not between the regions
        named = drop_covered_countries([m.iso for m in mentions])
        if all(strength[id(t)] == "joint" for t in words) and len(named) < 2:
            continue    # a session counts when it names the regions of the joint body
        parties = context.complete([m.iso for m in mentions], sentence.index)
        parties = drop_covered_countries(parties)
        if not any(is_region(p) for p in parties):
            continue
        persons = _persons_in(analysis, sentence)
        for pair in pair_up(parties):
            if not any(is_region(p) for p in pair):
                continue
            found.append(MeetingFact(parties=list(pair), persons=persons, date=when,
                                     evidence=sentence.evidence(analysis.document.id)))
            if set(pair) <= set(named):
                told_whole.add(frozenset(pair))
    national = {p.name: p.of for p in analysis.persons if p.of and not is_region(p.of)}
    return merge_meetings(found, national, told_whole)


@lru_cache(maxsize=1)
def meeting_references() -> frozenset[tuple[str, ...]]:
    return frozenset(tuple(r["phrase"].split()) for r in table("meeting_references.tsv"))


def _refers_back(sentence: Sentence, word: Token) -> bool:
    """«В ходе беседы…», «По итогам встречи…»: the meeting word names one already told."""
    before = [t.text.lower() for t in sentence.tokens[max(0, word.id - 2):word.id]]
    return any(tuple(before[-len(p):]) == p for p in meeting_references() if len(p) <= len(before))


@lru_cache(maxsize=1)
def participation_words() -> frozenset[str]:
    return column("meeting_participation.tsv", "lemma")


def _joins_told_talks(sentence: Sentence, word: Token) -> bool:
    """«Во встрече принял участие консул»: one more participant of the talks told before."""
    if word.head is None:
        return False
    head = sentence.tokens[word.head]
    # «участвовал в переговорах», or «принял участие» with the meeting word beside «участие»
    return head.lemma in participation_words() or any(
        c.lemma in participation_words() and c.rel == "obj" for c in children(sentence, head))


def _persons_in(analysis: Analysis, sentence: Sentence) -> list[str]:
    names = [analysis.persons[m.person].name for m in analysis.in_sentence(analysis.person_mentions, sentence)]
    return list(dict.fromkeys(names))


def meeting_date(analysis: Analysis, sentence: Sentence) -> date | None:
    """The first date the sentence gives («26 апреля», «сегодня», «в пятницу», read by
    the entity pass against the publication date), if it is not after publication."""
    published = analysis.document.published
    for mention in analysis.in_sentence(analysis.dates, sentence):
        if published is None or mention.value <= published:
            return mention.value
    return None


def merge_meetings(meetings: list[MeetingFact], national: dict[str, str] | None = None,
                   told_whole: set[frozenset] | None = None) -> list[MeetingFact]:
    """One meeting per pair of parties; a country-level pair is dropped when the same
    document names the region of that country that took part, unless one of that
    country's national officials took part in it («… встретилась с премьер-министром
    Узбекистана» beside talks with a хоким: two meetings). `national`: name → country of
    the document's national officials."""
    national = national or {}
    merged: dict[frozenset, MeetingFact] = {}
    for meeting in meetings:
        key = frozenset(meeting.parties)
        if key in merged:
            kept = merged[key]
            kept.persons = list(dict.fromkeys(kept.persons + meeting.persons))
            kept.date = kept.date or meeting.date
        else:
            merged[key] = meeting
    regional = [k for k in merged if all(is_region(p) for p in k)]

    def covered(key: frozenset) -> bool:
        countries = [p for p in key if not is_region(p)]
        regions = [p for p in key if is_region(p)]
        covering = [other for other in regional for c in countries
                    if set(regions) <= other and any(country_of(o) == c for o in other - set(regions))]
        # a national official of that country not at the regional talks met the region separately
        own = [name for name in merged[key].persons if national.get(name) in countries] \
            if key in told_whole else []
        return bool(covering) and not any(all(name not in merged[other].persons for other in covering)
                                          for name in own)

    return [m for k, m in merged.items() if not covered(k)]

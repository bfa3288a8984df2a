"""The entity pass: what a document mentions, for the event rules to read.

    text ─ natasha (sentences, lemmas, syntax, NER)
         ─ places.find_places      regions and countries, and which mentions count as regions
         ─ persons.find_persons    officials: name, position, whose office
         ─ organisations           natasha ORG spans and bodies of government («хокимият Бухарской области»)
         ─ dates.find_dates        explicit and relative dates
         ─▶ Analysis

>>> from interreg.ingest.facts import Document                              # doctest: +SKIP
>>> a = analyse(Document(id="d", text="Губернатор Омской области Виталий Хоценко прибыл в Бухару."))  # doctest: +SKIP
>>> [(p.name, p.position, p.of) for p in a.persons]                         # doctest: +SKIP
[('Виталий Хоценко', 'губернатор', 'RU-OMS')]
"""

from __future__ import annotations

from functools import cache

from interreg.ingest.analysis import Analysis, PlaceMention, Sentence
from interreg.ingest.dates import find_dates, resolve_date  # noqa: F401  (part of this module's API)
from interreg.ingest.entity_lexicons import rows
from interreg.ingest.facts import Document, OrganizationFact
from interreg.ingest.nlp import natasha, sentences_of
from interreg.ingest.persons import find_persons, persons_in  # noqa: F401  (part of this module's API)
from interreg.ingest.places import find_places, places_in  # noqa: F401  (part of this module's API)
from interreg.ingest.titles import starting_with, word_matches


def analyse(document: Document) -> Analysis:
    """Sentences, places, persons, organisations and dates of one document."""
    from interreg.ingest.gazetteer import gazetteer as load_gazetteer

    if not document.text.strip():
        return Analysis(document=document)      # the tagger cannot take an empty text
    gazetteer = load_gazetteer()
    doc = natasha().doc(document.text)
    sentences = sentences_of(doc)
    places = find_places(sentences, doc.spans, gazetteer)
    persons, mentions = find_persons(document, sentences, doc.spans, places)
    return Analysis(
        document=document,
        sentences=sentences,
        places=places,
        persons=persons,
        person_mentions=mentions,
        organizations=find_organizations(document, sentences, doc.spans, places),
        dates=find_dates(document.text, document.published),
    )


@cache
def _bodies() -> tuple[tuple[str, ...], ...]:
    return tuple(sorted((tuple(row["words"].split()) for row in rows("bodies.tsv")), key=len, reverse=True))


def _body_at(sentence: Sentence, i: int) -> tuple[int, tuple[str, ...]] | None:
    """(token index after the body's name, its words in the nominative) for a body starting at i."""
    tokens = sentence.tokens
    for words in starting_with(tokens[i], _bodies):
        end = i + len(words)
        if end <= len(tokens) and all(word_matches(tokens[i + n], w) for n, w in enumerate(words)):
            return end, words
    return None


def find_organizations(document: Document, sentences: list[Sentence], ner_spans: list,
                       places: list[PlaceMention]) -> list[OrganizationFact]:
    """natasha ORG spans (normalised) and bodies of government tied to a place, each name once."""
    found: dict[str, OrganizationFact] = {}
    by_sentence = {s.index: s for s in sentences}
    for span in ner_spans:
        if span.type != "ORG":
            continue
        sentence = next((s for s in sentences if s.start <= span.start < s.end), None)
        if sentence:
            name = (span.normal or span.text).strip()
            found.setdefault(name.lower(), OrganizationFact(name, sentence.evidence(document.id)))
    for sentence in by_sentence.values():
        tokens = sentence.tokens
        for i in range(len(tokens)):
            found_body = _body_at(sentence, i)
            if found_body is None:
                continue
            end, words = found_body
            after = next((p for p in places if end < len(tokens) and p.start == tokens[end].start), None)
            before = next((p for p in places if p.end <= tokens[i].start and p.end >= tokens[i].start - 1
                           and p.place.kind == "region"), None)
            if after:
                # «Правительством Омской области» → Правительство Омской области: the place is genitive already
                name = " ".join(words).capitalize() + " " + after.text
            elif before:
                if any(span.type == "ORG" and span.start < tokens[end - 1].end and before.start < span.stop
                       for span in ner_spans):
                    continue            # natasha has it, in the nominative
                name = document.text[before.start:tokens[end - 1].end]     # «Могилевский облсовет», as written
                name = name[:1].upper() + name[1:]
            else:
                continue
            found.setdefault(name.lower(), OrganizationFact(name, sentence.evidence(document.id)))
    return list(found.values())

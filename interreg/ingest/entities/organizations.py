"""Organisations: natasha's ORG spans and bodies of government tied to a place.

«Правительством Омской области» → «Правительство Омской области»; «Могилевский облсовет»
as written. The body nouns are `data/bodies.tsv`.
"""

from __future__ import annotations

from functools import cache

from interreg.ingest.analysis import PlaceMention, Sentence
from interreg.ingest.entities.nlp import normal_of
from interreg.ingest.entities.titles import starting_with, word_matches
from interreg.ingest.facts import Document, OrganizationFact
from interreg.ingest.lexicon import rows

# The longest organisation name kept. The longest real ones («Федеральное государственное
# бюджетное образовательное учреждение высшего образования «...»») are about 150
# characters; a longer span is the tagger running over a list or a text without stops.
MAX_NAME_CHARS = 200


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
            name = (normal_of(span) or span.text).strip()
            if len(name) > MAX_NAME_CHARS:
                continue
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
            if len(name) > MAX_NAME_CHARS:
                continue
            found.setdefault(name.lower(), OrganizationFact(name, sentence.evidence(document.id)))
    return list(found.values())

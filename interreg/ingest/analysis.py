"""What the entity pass learns about a document, for the event rules to read.

`entities.analyse(document)` fills an `Analysis`; the event rules (meetings,
agreements, trade, topics) read it sentence by sentence. All offsets are
character offsets into `Document.text`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from interreg.ingest.facts import Document, Evidence, OrganizationFact, PersonFact, Place


@dataclass
class Token:
    id: int                   # position in its sentence, from 0
    text: str
    start: int
    end: int
    lemma: str                # lower case
    pos: str                  # Universal POS tag
    feats: dict[str, str]
    head: int | None = None   # id of the syntactic head in the sentence, None for the root
    rel: str | None = None    # Universal Dependencies relation to the head


@dataclass
class Sentence:
    index: int
    text: str
    start: int
    end: int
    tokens: list[Token] = field(default_factory=list)
    # the dependants of each token, worked out on first use (rules ask for them again and again)
    _dependants: dict[int, list[Token]] | None = field(default=None, init=False, repr=False, compare=False)

    def evidence(self, doc_id: str) -> Evidence:
        return Evidence(doc_id=doc_id, sentence=self.text, start=self.start, end=self.end)

    def dependants(self, token: Token) -> list[Token]:
        """The tokens whose head is `token`, in sentence order."""
        if self._dependants is None:
            self._dependants = {}
            for t in self.tokens:
                if t.head is not None:
                    self._dependants.setdefault(t.head, []).append(t)
        return self._dependants.get(token.id, [])


@dataclass
class PlaceMention:
    start: int
    end: int
    text: str
    place: Place
    via: str                  # official | short | adjective | demonym | capital | abbreviation | country ...
    counts_as_region: bool = True   # False for e.g. a city that is only a place, not a party


@dataclass
class PersonMention:
    start: int
    end: int
    text: str
    person: int               # index into Analysis.persons (persons merged within the document)


@dataclass
class DateMention:
    start: int
    end: int
    text: str
    value: date


@dataclass
class Analysis:
    document: Document
    sentences: list[Sentence] = field(default_factory=list)
    places: list[PlaceMention] = field(default_factory=list)
    persons: list[PersonFact] = field(default_factory=list)
    person_mentions: list[PersonMention] = field(default_factory=list)
    organizations: list[OrganizationFact] = field(default_factory=list)
    dates: list[DateMention] = field(default_factory=list)

    def in_sentence(self, items, sentence: Sentence) -> list:
        """The mentions (places, person_mentions, dates) that fall inside a sentence."""
        return [m for m in items if sentence.start <= m.start and m.end <= sentence.end]

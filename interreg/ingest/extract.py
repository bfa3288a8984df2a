"""The extraction pipeline, in one place.

    readers ─▶ Document
    document ─ entities.analyse ─▶ Analysis (sentences, places, persons, organisations, dates)
             ─ entities.line_breaks: sentences cut at line breaks (headlines have no full stop)
             ─ events.find_events ─▶ Events (meetings, agreements, trade, topics, partners)
             ─▶ DocumentFacts

>>> from interreg.ingest.facts import Document                       # doctest: +SKIP
>>> facts = Extractor().extract(Document(id="d1", text="Губернатор Омской области …"))  # doctest: +SKIP
>>> facts.to_gold()["regions"]                                        # doctest: +SKIP
[{'iso': 'RU-OMS', 'name': 'Омская область'}]
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import lru_cache

from interreg.ingest.analysis import Analysis
from interreg.ingest.entities.line_breaks import split_at_line_breaks
from interreg.ingest.events import find_events
from interreg.ingest.facts import Document, DocumentFacts, Place


class Extractor:
    """Turns documents into facts. natasha is loaded once per process, on first use."""

    def extract(self, document: Document) -> DocumentFacts:
        if not document.text.strip():
            return DocumentFacts(document=document)    # natasha cannot tag an empty text
        from interreg.ingest.entities import analyse   # loads natasha on first use
        analysis = analyse(document)
        return self.facts_from(analysis)

    def load(self) -> None:
        """Load natasha, the gazetteer and the rule lexicons now rather than on the first
        document: worker processes forked afterwards share them. Once per process."""
        _warm_up()

    def extract_all(self, documents: Iterable[Document]) -> Iterator[DocumentFacts]:
        for document in documents:
            yield self.extract(document)

    def facts_from(self, analysis: Analysis) -> DocumentFacts:
        """The event rules over an entity analysis (also handy for tests)."""
        analysis = split_at_line_breaks(analysis)
        events = find_events(analysis)
        return DocumentFacts(
            document=analysis.document,
            regions=regions_of(analysis),
            persons=[p for p in analysis.persons if p.position],
            organizations=list(analysis.organizations),
            meetings=events.meetings,
            agreements=events.agreements,
            trade=events.trade,
            topics=events.topics,
            partners=events.partners,
        )


@lru_cache(maxsize=1)
def _warm_up() -> None:
    # one short text touches the models and every lexicon the rules load on first use
    Extractor().extract(Document(id="warm-up", text="Губернатор Омской области встретился с хокимом "
                                 "Бухарской области. Стороны подписали соглашение о поставках зерна."))


def regions_of(analysis: Analysis) -> list[Place]:
    """Each region the document names as a region, once, in order of first mention."""
    seen: dict[str, Place] = {}
    for mention in analysis.places:
        if mention.counts_as_region and mention.place.kind == "region":
            seen.setdefault(mention.place.iso, mention.place)
    return list(seen.values())

"""The entity pass: what a document mentions, for the event rules to read.

    text ─ normalise.normalise     NFC, format characters and stress marks out, Latin look-alikes
                                   in Cyrillic words read as Cyrillic; a map back to the text
         ─ natasha (sentences, lemmas, syntax, NER)
         ─ places.find_places      regions and countries, and which mentions count as regions
         ─ persons.find_persons    officials: name, position, whose office
         ─ organizations.find_organizations  natasha ORG spans and bodies of government («хокимият Бухарской области»)
         ─ dates.find_dates        explicit and relative dates
         ─ Normalised.to_original  every offset moved back onto the document as given
         ─▶ Analysis

>>> from interreg.ingest.facts import Document                              # doctest: +SKIP
>>> a = analyse(Document(id="d", text="Губернатор Омской области Виталий Хоценко прибыл в Бухару."))  # doctest: +SKIP
>>> [(p.name, p.position, p.of) for p in a.persons]                         # doctest: +SKIP
[('Виталий Хоценко', 'губернатор', 'RU-OMS')]
"""

from __future__ import annotations

from dataclasses import replace

from interreg.ingest.analysis import Analysis
from interreg.ingest.entities.dates import find_dates, resolve_date  # noqa: F401  (part of this module's API)
from interreg.ingest.entities.nlp import natasha, sentences_of
from interreg.ingest.entities.normalise import normalise
from interreg.ingest.entities.organizations import find_organizations
from interreg.ingest.entities.persons import find_persons, persons_in  # noqa: F401  (part of this module's API)
from interreg.ingest.entities.places import find_places, places_in  # noqa: F401  (part of this module's API)
from interreg.ingest.facts import Document


def analyse(document: Document) -> Analysis:
    """Sentences, places, persons, organisations and dates of one document; offsets
    point into `document.text` as given, though the tagger reads it normalised."""
    clean = normalise(document.text)
    if not clean.changed:
        return _analyse(document)
    return clean.to_original(_analyse(replace(document, text=clean.text)), document)


def _analyse(document: Document) -> Analysis:
    from interreg.ingest.entities.gazetteer import gazetteer as load_gazetteer

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

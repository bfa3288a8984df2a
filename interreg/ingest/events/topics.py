"""Topics: the fields of cooperation a document talks about (`data/topics.tsv`).

Each topic is reported once per document, with the first sentence that names it.
"""

from __future__ import annotations

from functools import lru_cache

from interreg.ingest.analysis import Analysis
from interreg.ingest.facts import TopicFact
from interreg.ingest.lexicon import table


@lru_cache(maxsize=1)
def topic_words() -> list[tuple[str, str, frozenset[str]]]:
    return [(row["id"], row["name"], frozenset(w.strip() for w in row["lemmas"].split(",")))
            for row in table("topics.tsv")]


def find_topics(analysis: Analysis) -> list[TopicFact]:
    found: list[TopicFact] = []
    sentence_lemmas = [{t.lemma for t in sentence.tokens} for sentence in analysis.sentences]
    for topic_id, name, lemmas in topic_words():
        for sentence, in_sentence in zip(analysis.sentences, sentence_lemmas):
            if not lemmas.isdisjoint(in_sentence):
                found.append(TopicFact(id=topic_id, name=name,
                                       evidence=sentence.evidence(analysis.document.id)))
                break
    return found

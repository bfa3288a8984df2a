"""The product taxonomy: which class (and HS section) a goods word belongs to.

Two tables describe it: `data/commodities.tsv` (phrases the trade rules match
anywhere in a flow) and `data/hs_chapters.tsv` (the Harmonized System by chapter,
with the goods words of each). `classify(lemma)` answers for one word standing
where goods stand: the tables first, then, for a word neither names, the class
whose words are nearest to it in natasha's navec embeddings (the vectors natasha
already loads for its taggers), so that goods nobody listed still get their class:

>>> classify("абрикос")                 # doctest: +SKIP
('food', 'II')
>>> classify("электросамокат")          # doctest: +SKIP
('vehicles', 'XVII')

A word far from every class (below `MIN_SIMILARITY`) has none: «объём», «год».
"""

from __future__ import annotations

from functools import lru_cache

from interreg.ingest.lexicon import forms, table

# Below this cosine similarity to the nearest goods words a noun is not taken for goods.
MIN_SIMILARITY = 0.45
# How many of the nearest goods words of a class vote for it.
NEIGHBOURS = 3


@lru_cache(maxsize=1)
def chapter_words() -> dict[str, tuple[str, str]]:
    """Lemma → (class, HS section), from the HS chapters table, then the commodities table."""
    words: dict[str, tuple[str, str]] = {}
    for row in table("hs_chapters.tsv"):
        for lemma in forms(row["lemmas"]):
            words.setdefault(lemma, (row["category"], row["section"]))
    for row in table("commodities.tsv"):
        lemma = row["lemmas"]
        if " " not in lemma and row["category"] != "other":
            words[lemma] = (row["category"], row["hs_section"])
    return words


@lru_cache(maxsize=1)
def _anchors():
    """The unit vectors of every goods word the embeddings know, with its class."""
    import numpy as np
    embedding = _embedding()
    labels, vectors = [], []
    for lemma, label in chapter_words().items():
        vector = embedding.get(lemma)
        if vector is not None:
            labels.append(label)
            vectors.append(vector / np.linalg.norm(vector))
    return labels, np.array(vectors)


def _embedding():
    from interreg.ingest.entities.nlp import natasha
    return natasha().embedding


@lru_cache(maxsize=4096)
def classify(lemma: str, modifiers: tuple[str, ...] = ()) -> tuple[str, str] | None:
    """(class, HS section) of one goods word, or None when it is not like any goods.
    `modifiers`: lemmas of its adjectives, which the embeddings read with it
    («томатная паста» is food, a bare «паста» may be toothpaste)."""
    known = chapter_words().get(lemma)
    if known:
        return known
    return nearest_class((lemma, *modifiers))


@lru_cache(maxsize=4096)
def nearest_class(lemmas: tuple[str, ...]) -> tuple[str, str] | None:
    """The class whose goods words are nearest to some words (summed) in the
    embeddings: the mean similarity of its `NEIGHBOURS` nearest words decides, the
    nearest word must reach `MIN_SIMILARITY`; its HS section is that of the nearest
    word of the class."""
    import numpy as np
    embedding = _embedding()
    known = [v for v in (embedding.get(lemma) for lemma in lemmas) if v is not None]
    if not known or embedding.get(lemmas[0]) is None:
        return None
    vector = sum(v / np.linalg.norm(v) for v in known)
    labels, matrix = _anchors()
    similarity = matrix @ (vector / np.linalg.norm(vector))
    if similarity.max() < MIN_SIMILARITY:
        return None
    by_class: dict[str, list[tuple[float, str]]] = {}
    for n in np.argsort(-similarity)[:30]:
        category, section = labels[n]
        by_class.setdefault(category, []).append((float(similarity[n]), section))
    def score(item):
        return sum(s for s, _ in item[1][:NEIGHBOURS]) / NEIGHBOURS
    category, near = max(by_class.items(), key=score)
    return category, near[0][1]

"""What a view's search box matches: every form the gazetteer knows for a place.

The gazetteer holds each place's names in the nominative (official and short
names, adjectives, capitals, and whatever else it is given, Latin names
included); the search box should also find «Бухарской» or «Бухаре», so each
name is declined through the six cases. The page compares what is typed with
these forms, lower-cased.

>>> forms("UZ-BU", "Бухарская область")[:3]          # doctest: +SKIP
['бухарская область', 'uz-bu', 'бухарской области']
"""

from __future__ import annotations

from functools import lru_cache

# Universal Dependencies case names, as natasha's morphology takes them.
CASES = ("Nom", "Gen", "Dat", "Acc", "Ins", "Loc")


def forms(place_id: str, label: str) -> list[str]:
    """Lower-cased strings the search box matches for a node: its label, its id, and for a
    place the gazetteer knows, each of its names in every case."""
    found = dict.fromkeys([label.lower(), place_id.lower()])
    found.update(dict.fromkeys(gazetteer_forms(place_id)))
    return [form for form in found if form]


@lru_cache(maxsize=4096)
def gazetteer_forms(place_id: str) -> tuple[str, ...]:
    if not _looks_like_place(place_id):
        return ()
    from interreg.ingest.entities.gazetteer import gazetteer

    names = gazetteer().names(place_id)
    found: dict[str, None] = {}
    for name in names:
        for declined in declensions(name):
            found[declined.lower()] = None
    return tuple(found)


def _looks_like_place(place_id: str) -> bool:
    """ISO 3166 codes («UZ», «UZ-BU»): the only ids the gazetteer can know. Checked first so
    a view of nodes that are not places never loads the gazetteer."""
    country, _, region = place_id.partition("-")
    return len(country) == 2 and country.isalpha() and country.isupper() and len(region) <= 3


def declensions(name: str) -> list[str]:
    """`name` in each case, word by word (an adjective keeps the gender of its parse):
    «Бухарская область» → «Бухарской области», «Бухарскую область», …; a word the
    morphology cannot decline (a Latin name, an abbreviation) stays as it is."""
    words = name.split()
    declined = [name]
    for case in CASES:
        declined.append(" ".join(_decline(word, case) for word in words))
    return list(dict.fromkeys(declined))


@lru_cache(maxsize=8192)
def _decline(word: str, case: str) -> str:
    if not any("а" <= ch.lower() <= "я" or ch.lower() == "ё" for ch in word) or word.isupper():
        return word
    from interreg.ingest.entities.nlp import morph_vocab

    parses = morph_vocab().parse(word)
    if not parses:
        return word
    try:
        inflected = parses[0].inflect({case})
    except KeyError:
        return word
    if inflected is None:
        return word
    text = inflected.word
    return text[:1].upper() + text[1:] if word[:1].isupper() else text

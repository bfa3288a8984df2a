"""Personal names back in the nominative: «Ботиром Зариповым» → Ботир Зарипов.

Surnames follow the ending rules of `data/name_endings.tsv`, applied for the
grammatical case the name stands in (which the caller usually knows from the
title in front of it: «хокимом Ботиром Зариповым» is instrumental). Given
names known to the morphological dictionary take its nominative («Павла» →
Павел); others follow the same ending rules. UPPER CASE surnames are
title-cased («МИРЗИЁЕВА» → Мирзиёев); initials keep their dot («С.Исманова»
→ С. Исманов).

>>> name_from_words(["Ботиром", "Зариповым"], case="Ins").full
'Ботир Зарипов'
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache

from interreg.ingest.lexicon import rows

CASES = ("Nom", "Gen", "Dat", "Acc", "Ins", "Loc")
_PYMORPHY_CASE = {"Nom": "nomn", "Gen": "gent", "Dat": "datv", "Acc": "accs", "Ins": "ablt", "Loc": "loct"}
PATRONYMIC = re.compile(r"(?:ович|евич|ьич|овн|евн|ичн)(?:а|у|ем|е|ы|ой|ою)?$", re.IGNORECASE)
FEMININE_PATRONYMIC = re.compile(r"(?:вн|чн)(?:а|ы|е|у|ой|ою)$", re.IGNORECASE)
INITIAL = re.compile(r"^[А-ЯЁA-Z]\.?$")
# A surname in the nominative is at least this long («Ким» keeps its «им», «Вэем» becomes «Вэй»).
MIN_STEM = 3
# Turkic patronymics are a father's name and a word for "son"/"daughter" written apart («Шохрат Рустам оглы
# Мустафаев»): both words are the patronymic, and the report drops it as it drops «Комилович».
PATRONYMIC_PARTICLES = frozenset({"оглы", "оглу", "кызы", "гызы", "улы", "уулу", "угли", "кизи"})


@dataclass(frozen=True)
class Name:
    first: str | None
    middle: str | None
    last: str | None

    @property
    def full(self) -> str:
        """«Имя Фамилия», the middle name dropped; a single word when that is all there is."""
        return " ".join(part for part in (self.first, self.last) if part)

    @property
    def initial(self) -> str | None:
        return self.first[0].upper() if self.first else None


@dataclass(frozen=True)
class _Ending:
    ending: str
    nominative: str
    cases: frozenset[str]     # empty = any oblique case, also undone when read as nominative
    gender: str               # Masc, Fem or *
    part: str                 # last, first or *


@cache
def _endings() -> tuple[_Ending, ...]:
    out = []
    for row in rows("name_endings.tsv"):
        cases = frozenset() if row["cases"] == "*" else frozenset(c.strip() for c in row["cases"].split(","))
        out.append(_Ending(row["ending"], row["nominative"], cases, row["gender"], row["part"]))
    return tuple(sorted(out, key=lambda e: len(e.ending), reverse=True))


def _cased_like(word: str, model: str) -> str:
    """`word` (lower case) written with the capitals of `model`: hyphenated parts each capitalised."""
    return "-".join(part[:1].upper() + part[1:] for part in word.split("-")) if model[:1].isupper() else word


@lru_cache(maxsize=1 << 15)
def normalise_word(word: str, case: str | None, gender: str | None, part: str) -> str:
    """One name word in the nominative, for a word standing in `case` (None: unknown); cached,
    as the ending rules are tried one by one."""
    if INITIAL.match(word):
        return word[0].upper() + "."
    lower = word.lower()
    for rule in _endings():
        if not lower.endswith(rule.ending) or rule.part not in ("*", part):
            continue
        if rule.gender != "*" and gender and rule.gender != gender:
            continue
        if rule.gender != "*" and not gender and rule.gender == "Fem":
            continue
        if rule.cases and (case is None or case not in rule.cases):
            continue
        if not rule.cases and case == "Nom" and rule.ending in ("ом", "ем"):
            continue        # names end in -ом, -ем in the nominative too («Бахром», «Салем»)
        stem = lower[: len(lower) - len(rule.ending)]
        if not stem or len(stem) + len(rule.nominative) < MIN_STEM:
            continue
        return _cased_like(stem + rule.nominative, word)
    return _cased_like(lower, word)


@cache
def _dictionary_first_name(word: str, case: str | None, listed_only: bool = False) -> tuple[str, str] | None:
    """(nominative, gender) of a given name the dictionary knows in that case, else None.

    listed_only: only names the dictionary lists, not its guesses for unknown words.
    """
    import pymorphy2
    from pymorphy2.units import DictionaryAnalyzer
    from interreg.ingest.entities.nlp import natasha

    wanted = _PYMORPHY_CASE.get(case or "")
    for parse in pymorphy2.MorphAnalyzer.parse(natasha().morph_vocab, word.lower()):
        if "Name" not in parse.tag or "sing" not in parse.tag:
            continue
        if listed_only and not (len(parse.methods_stack) == 1 and isinstance(parse.methods_stack[0][0], DictionaryAnalyzer)):
            continue
        if wanted and wanted not in parse.tag:
            continue
        gender = "Fem" if "femn" in parse.tag else "Masc"
        return _cased_like(parse.normal_form, word), gender
    return None


@cache
def is_given_name(word: str) -> bool:
    """Whether the dictionary knows the word as a given name («Иван», «Натальи»)."""
    import pymorphy2
    from interreg.ingest.entities.nlp import natasha

    return any("Name" in parse.tag for parse in pymorphy2.MorphAnalyzer.parse(natasha().morph_vocab, word.lower()))


@cache
def is_common_word(word: str) -> bool:
    """Whether the dictionary knows the word only as an ordinary word, never as a name («Думы»)."""
    import pymorphy2
    from pymorphy2.units import DictionaryAnalyzer
    from interreg.ingest.entities.nlp import natasha

    parses = pymorphy2.MorphAnalyzer.parse(natasha().morph_vocab, word.lower())
    known = [p for p in parses if isinstance(p.methods_stack[0][0], DictionaryAnalyzer)]
    return bool(known) and not any({"Name", "Surn", "Patr", "Geox"} & set(p.tag.grammemes) for p in known)


def gender_from_patronymic(words: list[str]) -> str | None:
    """Fem or Masc when the name has a patronymic («Ивановны» → Fem), else None."""
    for word in words:
        if PATRONYMIC.search(word):
            return "Fem" if FEMININE_PATRONYMIC.search(word) else "Masc"
    return None


def _split_initials(word: str) -> list[str]:
    """«И.В.» → И, В; «С.Исманова» → С, Исманова: initials glued to each other or to the surname."""
    return [part for part in re.split(r"(?<=^[А-ЯЁA-Z])\.|(?<=\.[А-ЯЁA-Z])\.", word) if part] if "." in word else [word]


def name_from_words(words: list[str], case: str | None = None, gender: str | None = None) -> Name | None:
    """A `Name` from the words of a name as written, in the given case.

    Words are read in order: given name, then patronymic when there is one, then
    surname. A single word is a surname («Зарипов»), except a given name with its
    patronymic («Ботир Комилович»), which has no surname.
    """
    words = [part for w in words for part in _split_initials(w) if part and part != "."]
    particle = next((n for n, w in enumerate(words) if w.lower() in PATRONYMIC_PARTICLES), None)
    if particle:
        words = words[:particle - 1] + words[particle + 1:]
    if not words:
        return None
    if gender is None:
        gender = gender_from_patronymic(words)
    if len(words) == 1:
        return Name(None, None, normalise_word(words[0], case, gender, "last"))
    first_word, rest = words[0], words[1:]
    first = _first_name(first_word, case, gender)
    if gender is None and not INITIAL.match(first_word):
        known = _dictionary_first_name(first_word, case)
        gender = known[1] if known else None
    if len(rest) == 1 and PATRONYMIC.search(rest[0]) and not INITIAL.match(first_word):
        return Name(first, normalise_word(rest[0], case, gender, "first"), None)
    if len(words) == 3 and PATRONYMIC.search(words[2]) and not PATRONYMIC.search(words[1]) \
            and not INITIAL.match(first_word):
        # «Кушербаев Крымбек Елеуович»: surname first, as in official lists
        return Name(_first_name(words[1], case, gender), normalise_word(words[2], case, gender, "first"),
                    normalise_word(first_word, case, gender, "last"))
    middle = None
    if len(rest) >= 2 and INITIAL.match(rest[0]):
        middle, rest = rest[0][0].upper() + ".", rest[1:]      # «И.В. Лебедевой»: the patronymic's initial
    elif len(rest) >= 2 and PATRONYMIC.search(rest[0]):
        middle, rest = normalise_word(rest[0], case, gender, "first"), rest[1:]
    last_words = [normalise_word(w, case, gender, "last") for w in rest]
    return Name(first, middle, " ".join(last_words))


def _first_name(word: str, case: str | None, gender: str | None) -> str:
    if INITIAL.match(word):
        return word[0].upper() + "."
    known = _dictionary_first_name(word, case)
    if known is None and case and not _dictionary_first_name(word, "Nom"):
        # the case read from the title can be wrong («возглавила заместитель … Еленой»): a word the
        # dictionary knows only as an oblique form of a given name is that name
        known = _dictionary_first_name(word, None, listed_only=True)
    if known and (gender is None or known[1] == gender):
        return known[0]
    return normalise_word(word, case, gender, "first")

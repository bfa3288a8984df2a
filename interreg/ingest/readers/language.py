"""Is a document's text Russian? Extraction reads Russian only; other text is skipped.

The rule is generous on purpose: Russian news quotes Latin names, URLs, numbers and the
odd word in another language, so only the letters count and a third of them in the
Russian alphabet is enough. It is strict on the other Cyrillic languages of the region
(Ukrainian, Belarusian, Kazakh, Uzbek and Kyrgyz in Cyrillic, ...), which are told apart
by the letters Russian does not have.

>>> not_russian_reason("Губернатор Омской области встретился с CEO компании Siemens AG.")
>>> not_russian_reason("The governor of the Omsk region met the khokim of Bukhara.")
'not Russian text (0% Cyrillic letters)'
"""

from __future__ import annotations

RUSSIAN_LETTERS = frozenset("абвгдеёжзийклмнопрстуфхцчшщъыьэюя")
# Below this share of Cyrillic letters among all letters a text is not Russian.
MIN_CYRILLIC_SHARE = 0.3
# Above this share of letters outside the Russian alphabet among the Cyrillic ones
# (і ў қ ғ ҳ ә ө ү ң ...) a text is in another Cyrillic language. Russian news quoting a
# Kazakh or Uzbek name stays far below it; Ukrainian (і ≈ 5% of letters) does not.
MAX_NON_RUSSIAN_CYRILLIC_SHARE = 0.02
# With fewer Cyrillic letters than this, the non-Russian letter rule does not judge.
MIN_LETTERS_FOR_ALPHABET_CHECK = 100


def not_russian_reason(text: str) -> str | None:
    """Why `text` is not taken for Russian, or None when it is."""
    letters = [ch.lower() for ch in text if ch.isalpha()]
    if not letters:
        return "no text (no letters)"
    cyrillic = [ch for ch in letters if _is_cyrillic(ch)]
    share = len(cyrillic) / len(letters)
    if share < MIN_CYRILLIC_SHARE:
        return f"not Russian text ({_percent(share)} Cyrillic letters)"
    if len(cyrillic) >= MIN_LETTERS_FOR_ALPHABET_CHECK:
        foreign = [ch for ch in cyrillic if ch not in RUSSIAN_LETTERS]
        if len(foreign) / len(cyrillic) > MAX_NON_RUSSIAN_CYRILLIC_SHARE:
            common = "".join(sorted(set(foreign), key=foreign.count, reverse=True)[:5])
            return (f"not Russian text ({_percent(len(foreign) / len(cyrillic))} of the Cyrillic "
                    f"letters are not in the Russian alphabet: {common})")
    return None


def _is_cyrillic(ch: str) -> bool:
    return "\u0400" <= ch <= "\u052f" or "\u1c80" <= ch <= "\u1c8f" or "\ua640" <= ch <= "\ua69f"


def _percent(share: float) -> str:
    return f"{share:.0%}" if share >= 0.01 or share == 0 else "<1%"

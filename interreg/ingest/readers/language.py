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

import re
from collections import Counter

# Below this share of Cyrillic letters among all letters a text is not Russian.
MIN_CYRILLIC_SHARE = 0.3
# Above this share of letters outside the Russian alphabet among the Cyrillic ones
# (і ў қ ғ ҳ ә ө ү ң ...) a text is in another Cyrillic language. Russian news quoting a
# Kazakh or Uzbek name stays far below it; Ukrainian (і ≈ 5% of letters) does not.
MAX_NON_RUSSIAN_CYRILLIC_SHARE = 0.02
# With fewer Cyrillic letters than this, the non-Russian letter rule does not judge.
MIN_LETTERS_FOR_ALPHABET_CHECK = 100

# Counted with regular expressions: a Python loop over every character of a 20 MB JSON
# Lines file takes seconds. A letter is a word character but a digit or "_"; joining the
# runs of letters is several times quicker than deleting everything else.
LETTER_RUNS = re.compile(r"[^\W\d_]+")
NOT_CYRILLIC = re.compile("[^\u0400-\u052f\u1c80-\u1c8f\u2de0-\u2dff\ua640-\ua69f]+")
RUSSIAN_LETTERS = re.compile("[а-яёА-ЯЁ]+")


def not_russian_reason(text: str) -> str | None:
    """Why `text` is not taken for Russian, or None when it is."""
    letters = "".join(LETTER_RUNS.findall(text))
    if not letters:
        return "no text (no letters)"
    cyrillic = NOT_CYRILLIC.sub("", letters)
    share = len(cyrillic) / len(letters)
    if share < MIN_CYRILLIC_SHARE:
        return f"not Russian text ({_percent(share)} Cyrillic letters)"
    if len(cyrillic) >= MIN_LETTERS_FOR_ALPHABET_CHECK:
        foreign = RUSSIAN_LETTERS.sub("", cyrillic)
        foreign_share = len(foreign) / len(cyrillic)
        if foreign_share > MAX_NON_RUSSIAN_CYRILLIC_SHARE:
            common = "".join(ch for ch, _ in Counter(foreign.lower()).most_common(5))
            return (f"not Russian text ({_percent(foreign_share)} of the Cyrillic letters "
                    f"are not in the Russian alphabet: {common})")
    return None


def _percent(share: float) -> str:
    return f"{share:.0%}" if share >= 0.01 or share == 0 else "<1%"

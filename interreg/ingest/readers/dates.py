"""Reading publication dates the way news pages write them.

>>> match_date("26 апреля 2022 года, 16:08")
(datetime.date(2022, 4, 26), 14)
>>> match_date("12.09.2018 22:55")
(datetime.date(2018, 9, 12), 10)
>>> parse_iso_date("2025-04-26T19:07:00+03:00")
datetime.date(2025, 4, 26)
"""

from __future__ import annotations

import re
from datetime import date
from functools import cache

from interreg.ingest.readers.lexicon import markers, month_numbers

ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?")
NUMERIC_DATE = re.compile(r"(\d{1,2})[./-](\d{1,2})[./-](\d{4})\b")
# What may follow the date on a line that only states when a page was published:
# «года», a time, and «| rubric | views» style page furniture.
AFTER_HEADER_DATE = re.compile(r"\s*(?:года|г\.)?[\s,]*(?:\d{1,2}:\d{2}(?::\d{2})?)?\s*(?:\|.*)?", re.IGNORECASE)


@cache
def _worded_date() -> re.Pattern:
    """«26 апреля 2022», «26 апр 2025», «26 апреля, 2025»: day, month word, year."""
    names = "|".join(sorted(map(re.escape, month_numbers()), key=len, reverse=True))
    return re.compile(rf"(\d{{1,2}})\s+({names})\.?,?\s+(\d{{4}})\b", re.IGNORECASE)


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def parse_iso_date(value: str) -> date | None:
    """An ISO date or date-time string → its date; None if it is not one."""
    found = ISO_DATE.fullmatch(value.strip())
    if not found:
        return None
    return _safe_date(*map(int, found.groups()))


def match_date(text: str) -> tuple[date, int] | None:
    """A date at the very start of `text`, with the length it takes; None if there is none."""
    if found := ISO_DATE.match(text):
        day = _safe_date(*map(int, found.groups()))
    elif found := NUMERIC_DATE.match(text):
        d, m, y = map(int, found.groups())
        day = _safe_date(y, m, d)
    elif found := _worded_date().match(text):
        d, month, y = found.groups()
        day = _safe_date(int(y), month_numbers()[month.lower()], int(d))
    else:
        return None
    return (day, found.end()) if day else None


@cache
def _date_label() -> re.Pattern:
    labels = "|".join(map(re.escape, markers("date_label")))
    return re.compile(rf"(?:{labels})\s*", re.IGNORECASE)


def header_line_date(line: str) -> date | None:
    """The date of a line that only says when the page was published:
    «9 июля 2023, 17:45 | Образование», «Дата публикации: 26 апреля 2023 | ...»,
    «31-01-2025, 17:40». A sentence that merely starts with a date gives None.

    >>> header_line_date("26 апреля 2022 года делегация подписала соглашение") is None
    True
    """
    line = line.strip()
    if label := _date_label().match(line):
        line = line[label.end():]
    found = match_date(line)
    if not found or not AFTER_HEADER_DATE.fullmatch(line[found[1]:]):
        return None
    return found[0]


# «Пенза, 18 сентября 2025. PenzaNews. ...»: a place of one to three capitalised words,
# the date, then punctuation before the story goes on.
PLACE_BEFORE_DATE = re.compile(r"[А-ЯЁA-Z][\w-]*(?:[ -][А-ЯЁA-Z][\w-]*){0,2}[,.]\s+")
AFTER_PLACE_DATE = re.compile(r"\s*(?:года|г\.)?\s*[.,—–-]", re.IGNORECASE)


def place_dateline_date(line: str) -> date | None:
    """The date of a news agency dateline opening a story: «Пенза, 18 сентября 2025. ...».

    >>> place_dateline_date("Пенза, 18 сентября 2025. PenzaNews. Делегация прибыла.")
    datetime.date(2025, 9, 18)
    >>> place_dateline_date("Пенза, 18 сентября 2025 года делегация прибыла.") is None
    True
    """
    line = line.strip()
    place = PLACE_BEFORE_DATE.match(line)
    if not place:
        return None
    found = match_date(line[place.end():])
    if not found or not AFTER_PLACE_DATE.match(line, place.end() + found[1]):
        return None
    return found[0]


def opening_date(line: str) -> date | None:
    """The publication date a line near the top of a story gives, if it gives one."""
    return header_line_date(line) or place_dateline_date(line)

"""Dates in sentences: explicit ones and days named relative to publication.

Explicit: «26 апреля», «24 апреля 2023 года», «26 апр», «28.06.2024». A date
without a year takes the year of publication, or the year before when that
would put it more than a month after publication; with no publication date,
the year of the last full date before it.
Relative: «сегодня», «вчера», «в пятницу», «в минувшую пятницу», resolved
against `Document.published`. The words live in `data/date_words.tsv`.

>>> from datetime import date
>>> resolve_date("Встреча прошла вчера.", date(2025, 4, 26))
datetime.date(2025, 4, 25)
>>> resolve_date("Соглашение подписано 24 апреля.", date(2025, 4, 26))
datetime.date(2025, 4, 24)
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache

from interreg.ingest.analysis import DateMention, Sentence, Token
from interreg.ingest.lexicon import forms, rows

# A date more than this many days after publication is read as last year's.
FUTURE_SLACK_DAYS = 31


@dataclass(frozen=True)
class _Words:
    months: dict[str, int]
    relative: dict[str, int]
    weekdays: dict[str, int]
    past: frozenset[str]


@cache
def _words() -> _Words:
    months, relative, weekdays, past = {}, {}, {}, set()
    for row in rows("date_words.tsv"):
        target = {"month": months, "relative": relative, "weekday": weekdays}.get(row["kind"])
        for form in forms(row["forms"]):
            if row["kind"] == "past":
                past.add(form)
            else:
                target[form] = int(row["value"])
    return _Words(months, relative, weekdays, frozenset(past))


@cache
def _patterns() -> tuple[re.Pattern, re.Pattern, re.Pattern]:
    words = _words()
    month_alt = "|".join(sorted(map(re.escape, words.months), key=len, reverse=True))
    day_month = re.compile(
        rf"(?<!\d)(?P<day>[0-3]?\d)(?:\s*[-–]\s*[0-3]?\d)?\s+(?P<month>{month_alt})\.?(?![а-яё])"
        r"(?:\s+(?P<year>(?:19|20)\d\d))?", re.IGNORECASE)
    numeric = re.compile(r"(?<![\d.])(?P<day>[0-3]?\d)\.(?P<month>[01]?\d)\.(?P<year>(?:19|20)\d\d)\b")
    weekday_alt = "|".join(sorted(map(re.escape, words.weekdays), key=len, reverse=True))
    past_alt = "|".join(sorted(map(re.escape, words.past), key=len, reverse=True))
    relative_alt = "|".join(sorted(map(re.escape, words.relative), key=len, reverse=True))
    relative = re.compile(
        rf"\b(?:(?P<rel>{relative_alt})|\bво?\s+(?:(?P<past>{past_alt})\s+)?(?P<weekday>{weekday_alt}))(?![а-яё])",
        re.IGNORECASE)
    return day_month, numeric, relative


def _with_year(day: int, month: int, year: int | None, published: date | None) -> date | None:
    if year is None:
        if published is None:
            return None
        year = published.year
        try:
            candidate = date(year, month, day)
        except ValueError:
            return None
        if (candidate - published).days > FUTURE_SLACK_DAYS:
            year -= 1
    try:
        return date(year, month, day)
    except ValueError:
        return None


def explicit_dates(text: str, published: date | None, offset: int = 0) -> list[DateMention]:
    """Calendar dates written out in `text` («26 апреля 2022», «28.06.2024»).

    A date without a year takes the publication's; when that is unknown, the year of
    the last full date written before it («26 апреля 2022 года … 28 апреля»).
    """
    day_month, numeric, _ = _patterns()
    months = _words().months
    found = [(m.start(), int(m["day"]), months[m["month"].lower()], int(m["year"]) if m["year"] else None, m)
             for m in day_month.finditer(text)]
    found += [(m.start(), int(m["day"]), int(m["month"]), int(m["year"]), m) for m in numeric.finditer(text)]
    out = []
    last_year = None
    for _, day, month, year, match in sorted(found, key=lambda f: f[0]):
        if year is None and published is None and last_year:
            year = last_year
        value = _with_year(day, month, year, published)
        if value:
            out.append(DateMention(offset + match.start(), offset + match.end(), match.group(0), value))
            if year:
                last_year = year
    return out


def relative_dates(text: str, published: date | None, offset: int = 0) -> list[DateMention]:
    """Days named relative to publication («вчера», «в минувшую пятницу»); none without `published`."""
    if published is None:
        return []
    _, _, relative = _patterns()
    words = _words()
    out = []
    for match in relative.finditer(text):
        if match["rel"]:
            value = published + timedelta(days=words.relative[match["rel"].lower()])
        else:
            back = (published.weekday() - words.weekdays[match["weekday"].lower()]) % 7
            if back == 0 and match["past"]:
                back = 7
            value = published - timedelta(days=back)
        out.append(DateMention(offset + match.start(), offset + match.end(), match.group(0), value))
    return out


def find_dates(text: str, published: date | None) -> list[DateMention]:
    """All date mentions of a text, explicit and relative, in text order."""
    mentions = explicit_dates(text, published) + relative_dates(text, published)
    return sorted(mentions, key=lambda m: m.start)


def resolve_date(sentence: Sentence | list[Token] | str, published: date | None) -> date | None:
    """The date a sentence states for its event: an explicit date first, else a relative one.

    Accepts a `Sentence`, its tokens, or plain text. None when the sentence names
    no day (or only a relative one and the publication date is unknown).
    """
    if isinstance(sentence, Sentence):
        text = sentence.text
    elif isinstance(sentence, list):
        text = " ".join(token.text for token in sentence)
    else:
        text = sentence
    explicit = explicit_dates(text, published)
    if explicit:
        return explicit[0].value
    relative = relative_dates(text, published)
    return relative[0].value if relative else None

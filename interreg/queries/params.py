"""Query parameters: `--param k=v` strings checked and converted by declared type.

Places may be written in any form the gazetteer knows: «UZ-BU», «Бухарская
область», «Бухарской области», «Бухара», «Bukhara». They become ISO codes, the ids the
graph uses. Commodities, statuses and directions may be written in Russian or English
(текстиль = textiles, подписано = signed: see interreg/queries/vocabulary.py); dates as
2024, 2024-05, 2024-05-17 or 17.05.2024 (a year or a month means its first day).

>>> from interreg.queries.catalogue import ParamSpec
>>> convert(ParamSpec("limit", "int"), "5")
5
>>> convert(ParamSpec("since", "date"), "2025-04-26")
datetime.date(2025, 4, 26)
>>> convert(ParamSpec("since", "date"), "2024")
datetime.date(2024, 1, 1)
>>> convert(ParamSpec("commodity", "commodity"), "текстиль")
'textiles'
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, datetime

from interreg.errors import UserError
from interreg.ingest.facts import Place
from interreg.queries import vocabulary
from interreg.queries.catalogue import QuerySpec, ParamSpec

# The commodity categories of interreg.ingest.facts.TradeFact, the event statuses (meetings
# are held; agreements signed, approved or planned; trade actual or planned) and the trade
# directions, with their Russian and English names, come from data/vocabulary.tsv.
COMMODITIES = vocabulary.values("commodity")
STATUSES = vocabulary.values("status")
DIRECTIONS = vocabulary.values("direction")
# The date forms a parameter accepts: (pattern, groups of year, month, day).
DATE_FORMS = (
    (re.compile(r"(\d{4})"), (1, None, None)),
    (re.compile(r"(\d{4})-(\d{1,2})"), (1, 2, None)),
    (re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})"), (1, 2, 3)),
    (re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})"), (3, 2, 1)),
    (re.compile(r"(\d{1,2})\.(\d{4})"), (2, 1, None)),
)
# Which kinds of place each place type accepts. An `area` is a region, or a whole country
# read as all its regions (`partners --param region=Узбекистан`).
PLACE_KINDS = {"region": ("region",), "country": ("country",), "party": ("region", "country"),
               "area": ("region", "country")}
MAX_SUGGESTIONS = 3
# The largest whole-number parameter: far above any row count or hop count, and safe as a
# Java long on the server however a query computes with it (Neo4j's integers overflow there).
MAX_INTEGER = 2 ** 31 - 1


def parse_assignments(assignments: list[str] | None) -> dict[str, str]:
    """['region=UZ-BU', 'limit=5'] → {'region': 'UZ-BU', 'limit': '5'}."""
    values: dict[str, str] = {}
    for item in assignments or ():
        name, sep, value = item.partition("=")
        name = name.strip()
        if not sep or not name:
            raise UserError(f"--param {item!r}: expected NAME=VALUE")
        if name in values:
            raise UserError(f"--param {name} is given twice")
        values[name] = value.strip()
    return values


def resolve(spec: QuerySpec, given: dict[str, object] | None) -> dict[str, object]:
    """Every declared parameter of `spec`, converted; defaults filled, missing optional ones None."""
    given = dict(given or {})
    unknown = sorted(set(given) - {p.name for p in spec.params})
    if unknown:
        accepted = ", ".join(p.usage() for p in spec.params) or "no parameters"
        raise UserError(f"query {spec.name!r} has no parameter {', '.join(unknown)} "
                        f"(it takes {accepted})")
    resolved: dict[str, object] = {}
    for param in spec.params:
        value = given.get(param.name)
        if value is None or (isinstance(value, str) and not value.strip()):
            if param.required:
                raise UserError(f"query {spec.name!r} needs --param {param.name}=<{param.type}>")
            value = param.default
        if param.name in spec.countries and param.type == "region":
            param = replace(param, type="area")       # a country is read as all its regions
        resolved[param.name] = None if value is None else convert(param, value)
    return resolved


def convert(param: ParamSpec, value: object):
    """One value of the declared type; `value` is usually the string the user typed."""
    kind = param.type
    if kind in PLACE_KINDS:
        return place_code(value, kind, param.name)
    if kind == "int":
        return _integer(param.name, value)
    if kind == "date":
        return _date(param.name, value)
    text = str(value).strip()
    if kind in vocabulary.KINDS:
        return _choice(param.name, kind, text)
    return text                      # person, event, string


def place_code(value: object, kind: str, name: str = "") -> str:
    """The ISO code of a region (or country) written in any form the gazetteer knows."""
    from interreg.ingest.entities.gazetteer import gazetteer

    text = str(value).strip()
    what = {"party": "region or country", "area": "region"}.get(kind, kind)
    place = gazetteer().resolve(text)
    if place is None:
        suggestions = [_describe(p) for p in (gazetteer().suggest(text) or [])[:MAX_SUGGESTIONS]]
        hint = f": did you mean {', '.join(suggestions)}?" if suggestions else ""
        raise UserError(f"unknown {what} {text!r}{hint}")
    if place.kind not in PLACE_KINDS[kind]:
        raise UserError(f"{name or kind}: {_describe(place)} is a {place.kind}, not a {what}")
    return place.iso


def resolved_places(spec: QuerySpec, given: dict[str, object]) -> list[str]:
    """«region: Бухарская область (UZ-BU)» for every place parameter given, so the CLI can say
    which place a name was read as. A code given as such («UZ-BU») needs no echo; names that
    resolve to nothing are left to `resolve`."""
    from interreg.ingest.entities.gazetteer import gazetteer

    lines = []
    for param in spec.params:
        value = given.get(param.name)
        if param.type in PLACE_KINDS and isinstance(value, str) and value.strip():
            place = gazetteer().resolve(value.strip())
            if place is not None and place.iso != value.strip().upper():
                lines.append(f"{param.name}: {_describe(place)}")
    return lines


def _describe(place: Place | str) -> str:
    if isinstance(place, Place):
        return f"{place.name} ({place.iso})"
    return str(place)


def _integer(name: str, value: object) -> int:
    if isinstance(value, bool):
        raise UserError(f"{name}: expected a whole number, got {value!r}")
    if isinstance(value, int):
        number = value
    else:
        try:
            number = int(str(value).strip())
        except ValueError:
            raise UserError(f"{name}: expected a whole number, got {value!r}") from None
    if not 0 <= number <= MAX_INTEGER:
        raise UserError(f"{name}: expected a number of 0 or more, up to {MAX_INTEGER:,}, got {number}")
    return number


def _date(name: str, value: object) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip()
    for pattern, (year, month, day) in DATE_FORMS:
        match = pattern.fullmatch(text)
        if match:
            try:
                return date(int(match[year]), int(match[month]) if month else 1, int(match[day]) if day else 1)
            except ValueError:
                break       # «2024-13-40»: the right shape, not a day of the calendar
    raise UserError(f"{name}: expected a date as 2024, 2024-05, 2024-05-17 or 17.05.2024, "
                    f"got {value!r}")


def _choice(name: str, kind: str, text: str) -> str:
    value = vocabulary.canonical(kind, text)
    if value is None:
        raise UserError(f"{name}: {text!r} is not one of {', '.join(vocabulary.values(kind))} "
                        f"(or their Russian names, such as {vocabulary.names(kind, vocabulary.values(kind)[0])[1]})")
    return value

"""Query parameters: `--param k=v` strings checked and converted by declared type.

Places may be written in any form the gazetteer knows: «UZ-BU», «Бухарская
область», «Бухарской области», «Бухара». They become ISO codes, the ids the
graph uses.

>>> from interreg.queries.catalogue import ParamSpec
>>> convert(ParamSpec("limit", "int"), "5")
5
>>> convert(ParamSpec("since", "date"), "2025-04-26")
datetime.date(2025, 4, 26)
"""

from __future__ import annotations

from datetime import date, datetime

from interreg.errors import UserError
from interreg.ingest.facts import Place
from interreg.queries.catalogue import QuerySpec, ParamSpec

# The commodity categories of interreg.ingest.facts.TradeFact.
COMMODITIES = ("food", "textiles", "chemicals", "timber", "machinery", "metals", "energy",
               "construction", "pharma", "vehicles", "other")
# Event statuses: meetings are held; agreements signed, approved or planned; trade actual or planned.
STATUSES = ("held", "signed", "approved", "planned", "actual")
DIRECTIONS = ("export", "import")
# Which kinds of place each place type accepts.
PLACE_KINDS = {"region": ("region",), "country": ("country",), "party": ("region", "country")}
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
    if kind == "commodity":
        return _choice(param.name, text.lower(), COMMODITIES)
    if kind == "status":
        return _choice(param.name, text.lower(), STATUSES)
    if kind == "direction":
        return _choice(param.name, text.lower(), DIRECTIONS)
    return text                      # person, event, string


def place_code(value: object, kind: str, name: str = "") -> str:
    """The ISO code of a region (or country) written in any form the gazetteer knows."""
    from interreg.ingest.entities.gazetteer import gazetteer

    text = str(value).strip()
    what = "region or country" if kind == "party" else kind
    place = gazetteer().resolve(text)
    if place is None:
        suggestions = [_describe(p) for p in (gazetteer().suggest(text) or [])[:MAX_SUGGESTIONS]]
        hint = f": did you mean {', '.join(suggestions)}?" if suggestions else ""
        raise UserError(f"unknown {what} {text!r}{hint}")
    if place.kind not in PLACE_KINDS[kind]:
        raise UserError(f"{name or kind}: {_describe(place)} is a {place.kind}, not a {what}")
    return place.iso


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
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError:
        raise UserError(f"{name}: expected a date as YYYY-MM-DD, got {value!r}") from None


def _choice(name: str, value: str, choices: tuple[str, ...]) -> str:
    if value not in choices:
        raise UserError(f"{name}: {value!r} is not one of {', '.join(choices)}")
    return value

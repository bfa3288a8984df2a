"""The canned queries: one `.cypher` file each, described by its header.

A query file starts with `//` comment lines that say what it is:

    // name: partners
    // description: Every partner of a region, with counts and first/last contact
    // param: region: region (required)
    // param: limit: int = 20
    // ordered: path
    // countries: region
    MATCH ...

`param` lines read `NAME: TYPE [= DEFAULT] [(required)]`; an optional parameter
without a default is null. `ordered` names list columns whose order means
something (a path); every other list column is a set, returned sorted. `countries`
names region parameters that also take a whole country, which the query then answers
for all its regions and the country itself.

Built-in queries live beside this module; analysts add their own in the folder
named by $INTERREG_QUERIES. Those run on Neo4j only, since the embedded store
answers only the built-in queries (see `interreg.queries.memory`).

>>> specs = load()
>>> specs["partners"].params[0].name
'region'
"""

from __future__ import annotations

import difflib
import os
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from interreg.errors import UserError

BUILTIN_DIR = Path(__file__).resolve().parent
USER_DIR_ENV = "INTERREG_QUERIES"

PARAM_TYPES = ("region", "party", "country", "person", "event", "string", "int", "date",
               "commodity", "status", "direction")

HEADER_KEYS = ("name", "description", "param", "ordered", "countries")

_PARAM_LINE = re.compile(
    r"^(?P<name>[a-z_][a-z0-9_]*)\s*:\s*(?P<type>[a-z]+)"
    r"(?:\s*=\s*(?P<default>[^()]*?))?\s*(?P<required>\(required\))?\s*$"
)


@dataclass(frozen=True)
class ParamSpec:
    name: str
    type: str
    default: str | None = None      # as written in the header; parsed by interreg.queries.params
    required: bool = False

    def usage(self) -> str:
        if self.required:
            return f"{self.name}:{self.type}"
        if self.default is not None:
            return f"[{self.name}:{self.type}={self.default}]"
        return f"[{self.name}:{self.type}]"


@dataclass(frozen=True)
class QuerySpec:
    name: str
    description: str
    params: tuple[ParamSpec, ...]
    cypher: str
    path: Path
    builtin: bool
    ordered: tuple[str, ...] = field(default=())   # list columns whose order matters
    countries: tuple[str, ...] = field(default=())  # region parameters that also take a country

    def param(self, name: str) -> ParamSpec | None:
        return next((p for p in self.params if p.name == name), None)


def parse(text: str, path: Path, builtin: bool) -> QuerySpec:
    """Read one query file: header lines first, then the Cypher."""
    header: dict[str, str] = {}
    params: list[ParamSpec] = []
    ordered: list[str] = []
    countries: list[str] = []
    body: list[str] = []
    in_header = True
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if in_header and stripped.startswith("//"):
            key, sep, value = stripped[2:].strip().partition(":")
            key, value = key.strip().lower(), value.strip()
            if not sep or key not in HEADER_KEYS:
                continue            # a plain comment in the header
            if key == "param":
                params.append(_parse_param(value, path, number))
            elif key in ("ordered", "countries"):
                (ordered if key == "ordered" else countries).extend(
                    v.strip() for v in value.split(",") if v.strip())
            else:
                header[key] = value
            continue
        if in_header and not stripped:
            continue
        in_header = False
        body.append(line)
    cypher = "\n".join(body).strip()
    if not cypher:
        raise UserError(f"{path}: no Cypher after the header")
    return QuerySpec(
        name=header.get("name") or path.stem,
        description=header.get("description", ""),
        params=tuple(params),
        cypher=cypher,
        path=path,
        builtin=builtin,
        ordered=tuple(ordered),
        countries=tuple(countries),
    )


def _parse_param(value: str, path: Path, number: int) -> ParamSpec:
    match = _PARAM_LINE.match(value)
    if not match:
        raise UserError(f"{path}:{number}: cannot read parameter line {value!r} "
                        "(expected 'NAME: TYPE [= DEFAULT] [(required)]')")
    if match["type"] not in PARAM_TYPES:
        raise UserError(f"{path}:{number}: unknown parameter type {match['type']!r} "
                        f"(one of {', '.join(PARAM_TYPES)})")
    default = match["default"].strip() if match["default"] is not None else None
    return ParamSpec(match["name"], match["type"], default or None, bool(match["required"]))


def _read_dir(folder: Path, builtin: bool) -> list[QuerySpec]:
    return [parse(path.read_text(encoding="utf-8"), path, builtin)
            for path in sorted(folder.glob("*.cypher"))]


@lru_cache(maxsize=1)
def _builtin_specs() -> tuple[QuerySpec, ...]:
    """The shipped queries, read once per process (analysts' own are read on every call)."""
    return tuple(_read_dir(BUILTIN_DIR, builtin=True))


def user_dir() -> Path | None:
    value = os.environ.get(USER_DIR_ENV)
    return Path(value).expanduser() if value else None


def load(extra_dir: Path | str | None = None) -> dict[str, QuerySpec]:
    """Built-in queries, then the analyst's own from `extra_dir` (default $INTERREG_QUERIES).

    A user query may not take the name of a built-in one: both would answer to it.
    """
    specs = {spec.name: spec for spec in _builtin_specs()}
    folder = Path(extra_dir).expanduser() if extra_dir is not None else user_dir()
    if folder is None:
        return specs
    if not folder.is_dir():
        raise UserError(f"query folder {folder} (from ${USER_DIR_ENV}) is not a directory")
    for spec in _read_dir(folder, builtin=False):
        if spec.name in specs:
            taken = specs[spec.name]
            raise UserError(f"{spec.path}: query name {spec.name!r} is already used by {taken.path}; "
                            "rename it in its '// name:' line")
        specs[spec.name] = spec
    return specs


def get(name: str, extra_dir: Path | str | None = None) -> QuerySpec:
    specs = load(extra_dir)
    if name not in specs:
        close = difflib.get_close_matches(name, list(specs), n=3, cutoff=0.5)
        hint = f"did you mean {', '.join(close)}? " if close else ""
        raise UserError(f"unknown query {name!r}; {hint}`interreg queries` lists them "
                        f"({', '.join(sorted(specs))})")
    return specs[name]

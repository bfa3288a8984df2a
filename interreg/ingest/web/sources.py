"""The sources file: the outlets an analyst follows, one `[[outlet]]` table each.

```toml
[[outlet]]
name = "Омские новости"                 # shown as the outlet of every document it gives
town = "Омск"                           # the town it covers (optional)
region = "Омская область"               # the region it covers (optional, for the listing)
feeds = ["https://omsk.example/rss"]    # RSS or Atom
sitemaps = ["https://omsk.example/sitemap-news.xml"]   # optional
```

Where it is: `--sources FILE`, else $INTERREG_SOURCES, else `sources.toml` in INTERREG_HOME.

>>> [outlet] = parse_sources('[[outlet]]\\nname = "Омские новости"\\nfeeds = ["https://omsk.example/rss"]\\n', "s.toml")
>>> outlet.name, outlet.feeds
('Омские новости', ('https://omsk.example/rss',))
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from interreg import config
from interreg.errors import UserError

SOURCES_ENV = "INTERREG_SOURCES"
FIELDS = {"name", "town", "region", "feeds", "sitemaps"}


@dataclass(frozen=True)
class Outlet:
    name: str
    feeds: tuple[str, ...] = ()
    sitemaps: tuple[str, ...] = ()
    town: str | None = None
    region: str | None = None


def sources_path(given: str | None = None) -> Path:
    if given:
        return Path(given).expanduser()
    if os.environ.get(SOURCES_ENV):
        return Path(os.environ[SOURCES_ENV]).expanduser()
    return config.home() / "sources.toml"


def load_sources(given: str | None = None) -> list[Outlet]:
    """The outlets of the sources file; UserError with a one-line reason when it is unusable."""
    path = sources_path(given)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise UserError(f"no sources file at {path} (write one, see docs/web.md, or give --sources FILE)") from None
    except (OSError, UnicodeDecodeError) as error:
        raise UserError(f"cannot read the sources file {path}: {error}") from None
    return parse_sources(text, str(path))


def parse_sources(text: str, where: str) -> list[Outlet]:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise UserError(f"{where}: not valid TOML ({error})") from None
    tables = data.get("outlet", [])
    if not isinstance(tables, list):
        raise UserError(f"{where}: `outlet` must be an array of tables, written [[outlet]]")
    outlets = []
    for number, table in enumerate(tables, 1):
        outlets.append(_outlet(table, f"{where}: outlet {number}"))
    return outlets


def _outlet(table: dict, where: str) -> Outlet:
    unknown = set(table) - FIELDS
    if unknown:
        raise UserError(f"{where}: unknown field(s) {', '.join(sorted(unknown))} (known: {', '.join(sorted(FIELDS))})")
    name = table.get("name")
    if not isinstance(name, str) or not name.strip():
        raise UserError(f"{where}: needs a name")
    lists = {}
    for key in ("feeds", "sitemaps"):
        value = table.get(key, [])
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(url, str) for url in value):
            raise UserError(f"{where} ({name}): {key} must be a list of URLs")
        for url in value:
            if urlsplit(url).scheme not in ("http", "https") or not urlsplit(url).netloc:
                raise UserError(f"{where} ({name}): not an http(s) URL: {url}")
        lists[key] = tuple(url.strip() for url in value)
    if not lists["feeds"] and not lists["sitemaps"]:
        raise UserError(f"{where} ({name}): needs at least one feed or sitemap")
    for key in ("town", "region"):
        if key in table and not isinstance(table[key], str):
            raise UserError(f"{where} ({name}): {key} must be text")
    return Outlet(name=name.strip(), feeds=lists["feeds"], sitemaps=lists["sitemaps"],
                  town=(table.get("town") or "").strip() or None, region=(table.get("region") or "").strip() or None)

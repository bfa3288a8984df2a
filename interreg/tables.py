"""Reading the project's data tables: lexicons, the gazetteer, palettes.

Every table is a tab-separated file: lines starting with `#` say what each column
means, the first other line names the columns, every further line is one row.
A row shorter than the header has its missing cells empty; a longer one is an error.

>>> rows = read_table("interreg.ingest", "data/meeting_cues.tsv")
>>> {"lemma", "strength"} <= set(rows[0])
True
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from pathlib import Path


@lru_cache(maxsize=None)
def _parse_package_file(package: str, path: str) -> tuple[tuple[str, ...], tuple[tuple[str, ...], ...]]:
    return _parse(resources.files(package).joinpath(path).read_text(encoding="utf-8"), f"{package}/{path}")


def _parse(text: str, where: str) -> tuple[tuple[str, ...], tuple[tuple[str, ...], ...]]:
    lines = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    if not lines:
        raise ValueError(f"{where}: no header row")
    header = tuple(cell.strip() for cell in lines[0].split("\t"))
    body = []
    for number, line in enumerate(lines[1:], 2):
        cells = [cell.strip() for cell in line.split("\t")]
        if len(cells) > len(header):
            raise ValueError(f"{where}: row {number} has {len(cells)} cells for "
                             f"{len(header)} columns {header!r}")
        body.append(tuple(cells + [""] * (len(header) - len(cells))))
    return header, tuple(body)


def read_table(package: str, path: str) -> list[dict[str, str]]:
    """The rows of `path` inside `package` as dicts keyed by column name."""
    header, body = _parse_package_file(package, path)
    return [dict(zip(header, row)) for row in body]


def read_table_file(path: str | Path) -> list[dict[str, str]]:
    """The rows of a table anywhere on disk (e.g. a gazetteer of the user's own)."""
    header, body = _parse(Path(path).read_text(encoding="utf-8"), str(path))
    return [dict(zip(header, row)) for row in body]

"""Where a command may write the files a user asked for (`view -o`, `report -o`).

Never into the store's folder (`config.home()`): a page written over `graph.pickle`
would destroy the graph. Never through a symbolic link: `-o page.html` must not
overwrite whatever file the link points at. Each refusal is one line.

>>> safe_file(Path("bukhara.html"))              # doctest: +SKIP
PosixPath('bukhara.html')
>>> safe_folder(Path("report"), files=["index.html"], folders=["views"])   # doctest: +SKIP
PosixPath('report')
"""

from __future__ import annotations

from pathlib import Path

from interreg import config
from interreg.errors import UserError


def safe_file(path: Path | str) -> Path:
    """`path`, once it is known to be a file that may be (over)written."""
    path = Path(path)
    _not_a_link(path)
    if path.is_dir():
        raise UserError(f"cannot write {path}: it is a folder; give the file to write")
    _outside_the_store(path)
    return path


def safe_folder(path: Path | str, files: tuple[str, ...] | list[str] = (),
                folders: tuple[str, ...] | list[str] = ()) -> Path:
    """`path`, once it is known to be a folder (or nothing yet) to write into: none of
    the `files` and `folders` that will be written inside it, nor anything inside those
    folders, is a symbolic link, and each of the `folders` is a folder."""
    path = Path(path)
    _not_a_link(path)
    if path.exists() and not path.is_dir():
        raise UserError(f"cannot write into {path}: it is a file, not a folder")
    _outside_the_store(path)
    for name in files:
        safe_file(path / name)
    for name in folders:
        inner = path / name
        _not_a_link(inner)
        if inner.exists() and not inner.is_dir():
            raise UserError(f"cannot write into {path}: {inner} is a file where the report keeps "
                            "a folder; remove it or choose another folder")
        if inner.is_dir():
            for entry in inner.iterdir():
                _not_a_link(entry)
    return path


def _not_a_link(path: Path) -> None:
    if path.is_symlink():
        raise UserError(f"refusing to write {path}: it is a symbolic link (to {_target(path)}), and "
                        "writing would overwrite what it points at; remove the link or choose another name")


def _target(path: Path) -> str:
    try:
        return str(path.readlink())
    except OSError:
        return "somewhere"


def _outside_the_store(path: Path) -> None:
    home = _resolved(config.home())
    where = _resolved(path)
    if where == home or home in where.parents:
        raise UserError(f"refusing to write {path}: it is inside the store's folder {home} "
                        "(INTERREG_HOME), where it could overwrite the graph; choose another place")


def _resolved(path: Path) -> Path:
    """`path` made absolute with every link in its folders followed (not at its end)."""
    path = Path(path).expanduser().absolute()
    if path.name in ("", ".", ".."):
        return path.resolve()
    return path.parent.resolve() / path.name

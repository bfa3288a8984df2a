"""Settings read from the environment, in one place."""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import unquote

from interreg.errors import UserError

DEFAULT_NEO4J_URI = "bolt://127.0.0.1:7687"
DEFAULT_NEO4J_USER = "neo4j"


def home() -> Path:
    """Folder of the embedded store and other state: $INTERREG_HOME or the user data folder."""
    env = os.environ.get("INTERREG_HOME")
    if env:
        return Path(env).expanduser()
    from platformdirs import user_data_dir
    return Path(user_data_dir("interreg", appauthor=False))


def neo4j_settings(uri: str | None = None, user: str | None = None, password: str | None = None,
                   database: str | None = None) -> dict:
    """Connection settings for Neo4j: the arguments, else NEO4J_URI, NEO4J_USER, NEO4J_PASSWORD
    and NEO4J_DATABASE, else user info written into the URI.

    The returned URI never carries user info, so it is safe to print; the password is
    only ever handed to the driver.

    >>> settings = neo4j_settings("bolt://reader:s%40cret@db.example:7687", password=None)
    >>> settings["uri"], settings["user"]
    ('bolt://db.example:7687', 'reader')
    """
    address, uri_user, uri_password = split_credentials(uri or os.environ.get("NEO4J_URI")
                                                        or DEFAULT_NEO4J_URI)
    if password is None:
        password = os.environ.get("NEO4J_PASSWORD") or uri_password or ""
    return {
        "uri": address,
        "user": user or os.environ.get("NEO4J_USER") or uri_user or DEFAULT_NEO4J_USER,
        "password": password,
        "database": database or os.environ.get("NEO4J_DATABASE") or None,
    }


def split_credentials(uri: str) -> tuple[str, str | None, str | None]:
    """A URI without its user info, and the user and password it named (percent-decoded).

    >>> split_credentials("neo4j://neo4j:secret@localhost:7687/?policy=eu")
    ('neo4j://localhost:7687/?policy=eu', 'neo4j', 'secret')
    >>> split_credentials("bolt://127.0.0.1:7687")
    ('bolt://127.0.0.1:7687', None, None)
    """
    scheme, separator, rest = uri.partition("://")
    if not separator:
        return uri, None, None
    # the authority ends at the first "/", "?" or "#"; user info ends at its last "@"
    end = min((index for index in (rest.find(c) for c in "/?#") if index >= 0), default=len(rest))
    authority, tail = rest[:end], rest[end:]
    user_info, at, host = authority.rpartition("@")
    if not at:
        return uri, None, None
    user, colon, password = user_info.partition(":")
    return (f"{scheme}://{host}{tail}", unquote(user) or None,
            unquote(password) if colon else None)


def redact(uri: str) -> str:
    """`uri` fit to print: any user info (and so any password) left out."""
    return split_credentials(uri)[0]


def env_number(name: str, default: float, kind: type = float, unit: str = "number"):
    """$`name` read as a `kind` (int or float), `default` when unset or empty; a value that
    is not one stops with a message naming the variable. Underscores group digits.

    >>> env_number("INTERREG_NO_SUCH_SETTING", 30.0)
    30.0
    """
    raw = os.environ.get(name, "").strip().replace("_", "")
    if not raw:
        return default
    try:
        return kind(raw)
    except ValueError:
        raise UserError(f"{name} must be a {unit}, not {raw!r}") from None


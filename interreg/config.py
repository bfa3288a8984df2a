"""Settings read from the environment, in one place."""

from __future__ import annotations

import errno
import os
import re
import tempfile
from contextlib import contextmanager
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

    The URI is not trusted to be well formed: a password written unencoded may hold "/",
    "?", "#" or "@", so the user info ends at the LAST "@" (a part after it that is not a
    host merely fails to connect; nothing before it is ever shown).

    >>> split_credentials("neo4j://neo4j:secret@localhost:7687/?policy=eu")
    ('neo4j://localhost:7687/?policy=eu', 'neo4j', 'secret')
    >>> split_credentials("bolt://neo4j:pa/ss?#@db:7687")
    ('bolt://db:7687', 'neo4j', 'pa/ss?#')
    >>> split_credentials("bolt://127.0.0.1:7687")
    ('bolt://127.0.0.1:7687', None, None)
    """
    scheme, separator, rest = uri.partition("://")
    if not separator:
        return uri, None, None
    user_info, at, address = rest.rpartition("@")
    if not at:
        return uri, None, None
    user, colon, password = user_info.partition(":")
    return (f"{scheme}://{address}", unquote(user) or None,
            unquote(password) if colon else None)


def redact(uri: str) -> str:
    """`uri` fit to print: scheme, host and port only. User info (and so any password),
    path, query and fragment are left out, since a mistyped password can end up in any
    of them.

    >>> redact("neo4j://u:p@db.example:7687/?policy=eu#x")
    'neo4j://db.example:7687'
    >>> redact("not a uri at all")
    '(a NEO4J_URI without "scheme://")'
    """
    address = split_credentials(uri)[0]
    scheme, separator, rest = address.partition("://")
    if not separator:
        return '(a NEO4J_URI without "scheme://")'
    host = re.split(r"[/?#]", rest, maxsplit=1)[0]
    return f"{scheme}://{host}"


def driver_address(uri: str) -> str:
    """What the driver is given: scheme, host and port, and the query (a neo4j:// routing
    context); no user info, and no path or fragment, which the driver ignores (with a warning
    that quotes them).

    >>> driver_address("neo4j://u:p@db:7687/some/path?policy=eu#x")
    'neo4j://db:7687?policy=eu'
    """
    address = split_credentials(uri)[0]
    query = re.split(r"#", address.partition("?")[2], maxsplit=1)[0] if "?" in address else ""
    return redact(uri) + (f"?{query}" if query else "")


def scrub(text: str, uri: str) -> str:
    """`text` (e.g. a driver's error message) with the parts of `uri` that `redact` leaves
    out taken away, so that it can be printed. The driver only ever sees the URI without
    user info, so what it may echo is that URI and its path and query.

    >>> scrub("Given URI: 'bolt://h:1?policy=s3cret'.", "bolt://u:pw@h:1?policy=s3cret")
    "Given URI: 'bolt://h:1'."
    """
    shown = redact(uri)
    address, _, password = split_credentials(uri)
    tail = address.partition("://")[2][len(shown.partition("://")[2]):]
    text = text.replace(address, shown)
    for secret in (tail, tail.lstrip("/?#"), password):
        if secret and len(secret) >= 3:      # shorter ones would mangle the message
            text = text.replace(secret, "…")
    return text


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



# Errors of writing that no retry fixes: the user must free space or choose another folder.
WRITE_ERRNOS = {errno.ENOSPC: "no space left on the device", errno.EDQUOT: "disk quota exceeded",
                errno.EROFS: "the file system is read-only", errno.EACCES: "permission denied",
                errno.EPERM: "operation not permitted", errno.EFBIG: "file too large"}


def check_writable(folder: Path, what: str) -> None:
    """Stop with one line unless a file can be written in `folder` (created when missing);
    `what` says what the folder is for. Run before long work whose result goes there.

    >>> check_writable(Path("/proc"), "the embedded store")    # doctest: +SKIP
    interreg.errors.UserError: cannot write to /proc (the embedded store): permission denied
    """
    with writing_to(folder, what, after=""):
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=folder, prefix=".interreg-probe-") as probe:
            probe.write(b"\0" * 4096)
            probe.flush()
            os.fsync(probe.fileno())


@contextmanager
def writing_to(folder: Path, what: str, after: str = "; what was saved before is kept"):
    """Inside the block, a write failing for lack of space or permission (`WRITE_ERRNOS`)
    is one line naming `folder` and the cause instead of a traceback."""
    try:
        yield
    except OSError as error:
        if error.errno not in WRITE_ERRNOS:
            raise
        raise UserError(f"cannot write to {folder} ({what}): {WRITE_ERRNOS[error.errno]}{after}") from None

"""Settings read from the environment, in one place."""

from __future__ import annotations

import os
from pathlib import Path


def home() -> Path:
    """Folder of the embedded store and other state: $INTERREG_HOME or the user data folder."""
    env = os.environ.get("INTERREG_HOME")
    if env:
        return Path(env).expanduser()
    from platformdirs import user_data_dir
    return Path(user_data_dir("interreg", appauthor=False))


def neo4j_settings() -> dict:
    """Connection settings for Neo4j; the password is never printed."""
    return {
        "uri": os.environ.get("NEO4J_URI", "bolt://127.0.0.1:7687"),
        "user": os.environ.get("NEO4J_USER", "neo4j"),
        "password": os.environ.get("NEO4J_PASSWORD", ""),
        "database": os.environ.get("NEO4J_DATABASE") or None,
    }

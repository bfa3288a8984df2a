"""The interface both stores share, and how one is chosen.

>>> store = open_store("memory")          # doctest: +SKIP
>>> store.upsert(batch_of_document_facts)  # doctest: +SKIP
>>> store.counts()["nodes"]["Region"]      # doctest: +SKIP
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import ContextManager, Iterable, Protocol

from interreg.ingest.facts import DocumentFacts

STORE_KINDS = ("memory", "neo4j")


@dataclass
class LoadSummary:
    """What one upsert did."""

    documents: int = 0
    events_new: int = 0
    events_known: int = 0     # merged into an event another document already reported


class Store(Protocol):
    kind: str

    def upsert(self, batch: list[DocumentFacts]) -> LoadSummary:
        """Load the facts of these documents; a document already loaded is replaced."""

    def delete_document(self, doc_id: str) -> bool:
        """Remove what one document contributed; False when it was not there."""

    def document_hashes(self, doc_ids: Iterable[str] | None = None) -> dict[str, str]:
        """Content hash of the loaded documents among `doc_ids` (all when None), by document id."""

    def read(self, cypher: str, params: dict) -> list[dict]:
        """Run a read-only Cypher query (Neo4j only; the memory store raises
        NotImplementedError). Named canned queries run through interreg.queries,
        which picks the Cypher text or the networkx implementation by store kind."""

    def counts(self) -> dict[str, dict[str, int]]:
        """{"nodes": {label: n}, "relationships": {type: n}}."""

    def clear(self) -> None:
        """Remove everything."""

    def bulk(self) -> ContextManager[None]:
        """A context for many upserts in a row (one ingest); the embedded store saves the
        graph at checkpoints and at the end instead of after every batch."""

    def close(self) -> None: ...


def open_store(kind: str | None = None, **options) -> Store:
    """Open the store named by `kind`, else by INTERREG_STORE, else the embedded one."""
    kind = (kind or os.environ.get("INTERREG_STORE") or "memory").lower()
    if kind == "memory":
        from interreg.graph.memory import MemoryStore
        return MemoryStore(**options)
    if kind == "neo4j":
        from interreg.graph.neo4j_store import Neo4jStore
        return Neo4jStore(**options)
    raise ValueError(f"unknown store {kind!r}: choose one of {', '.join(STORE_KINDS)}")

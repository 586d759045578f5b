"""Where graphs live: a local directory store (default) and a Neo4j writer.

``kg.store.embedded.EmbeddedStore`` keeps the records (one SQLite row per document) and builds
the graph from them; ``kg.store.neo4j.Neo4jStore`` mirrors a graph into Neo4j. Both raise
``StoreError`` with a one-line message a user can act on.
"""

from __future__ import annotations


class StoreError(Exception):
    """A store operation failed; ``str(error)`` is a one-line, user-facing message."""


__all__ = ["StoreError"]

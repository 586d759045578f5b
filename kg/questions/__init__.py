"""The question library: answers to what analysts ask of the graph, as small named rows.

One module per family: :mod:`kg.questions.facts` (said, sent, donated, posts, visits,
meetings), :mod:`kg.questions.network` (timeline, shortest paths, central and co-mentioned
actors, places, documents), :mod:`kg.connections` (weighted connections with evidence, actor
profiles), and :mod:`kg.questions.registry`, which defines every question once with its
parameters and columns and answers it on the embedded store or on Neo4j
(``cypher/<name>.cypher``) with the same rows. Names given as filters are matched like a
reader would (:mod:`kg.questions.names`); place filters include the places inside them.

>>> graph = example_graph()
>>> [(r.sender, r.group, r.destination) for r in dispatches(graph, destination="湖北")]
[('安徽省', '医疗队', '武汉市')]
"""

from __future__ import annotations

from typing import Any

from kg.questions.facts import (
    AidRow,
    MeetingRow,
    PositionRow,
    PostRow,
    StatementRow,
    VisitRow,
    dispatches,
    donations,
    example_graph,
    meetings,
    positions,
    posts_of,
    statements,
    visits,
)
from kg.questions.names import as_dicts, find_nodes
from kg.questions.network import (
    central,
    co_mentioned,
    document_facts,
    documents,
    place_facts,
    shortest_paths,
    timeline,
)

# The connection and profile questions live in kg.connections, which builds on this package;
# they stay importable from here, lazily, so there is no import cycle.
_CONNECTION_NAMES = frozenset({"Hop", "Profile", "ProfileFact", "actor", "connection", "explain"})


def __getattr__(name: str) -> Any:
    if name in _CONNECTION_NAMES:
        import kg.connections

        return getattr(kg.connections, name)
    raise AttributeError(f"module 'kg.questions' has no attribute {name!r}")


__all__ = [
    "AidRow", "MeetingRow", "PositionRow", "PostRow", "StatementRow", "VisitRow", "as_dicts",
    "central", "co_mentioned", "dispatches", "document_facts", "documents", "donations",
    "example_graph", "find_nodes", "meetings", "place_facts", "positions", "posts_of",
    "shortest_paths", "statements", "timeline", "visits",
]

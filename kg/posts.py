"""Posts over time: who held a post when, and which posts a person held, from HOLDS_POSITION.

A ``HOLDS_POSITION`` relationship is one (person, title, body) fact (``kg.provenance``) whose
``first_seen``/``last_seen`` are the earliest and latest dates it is attested (the fact's own
date, else its document's) and ``source_count`` the documents attesting it. The same questions
run on the embedded graph (:func:`post_holders`, :func:`posts_of`) and in Cypher
(:data:`HOLDERS_CYPHER`, :data:`POSTS_CYPHER`, also in ``cypher/who_held_post_when.cypher``).

"Who held the post on date D" is the holder attested on or before D whose first attestation
is the latest (the most recent known appointment), preferring one still attested on or after D:
news attests a post while it is held, so the last holder seen before D is the best evidence.
"""

from __future__ import annotations

from dataclasses import dataclass

import networkx as nx

from kg.keys import normalize_name
from kg.questions.names import find_nodes

HOLDS_POSITION = "HOLDS_POSITION"


@dataclass(frozen=True, slots=True)
class PostSpell:
    person: str
    title: str
    body: str
    first_seen: str | None
    last_seen: str | None
    sources: int
    fact: str  # the relationship id: its Evidence nodes have ``fact`` = this


def _spells(graph: nx.MultiDiGraph, within: set[str] | None = None) -> list[PostSpell]:
    """Every HOLDS_POSITION spell; with ``within``, those whose body is one of these nodes or
    inside one (a body named after a place, a place under it: the node's ``scope``)."""
    out = []
    for src, dst, key, rel in graph.edges(keys=True, data=True):
        if rel.get("type") != HOLDS_POSITION:
            continue
        if within is not None and not within & set(graph.nodes[dst].get("scope", (dst,))):
            continue
        out.append(
            PostSpell(
                str(graph.nodes[src].get("name")),
                str(rel.get("title", "")),
                str(graph.nodes[dst].get("name")),
                rel.get("first_seen"),
                rel.get("last_seen"),
                int(rel.get("source_count", 1)),
                key,
            )
        )
    return out


def _order(spell: PostSpell) -> tuple[str, str, str]:
    return (spell.first_seen or "", spell.last_seen or "", spell.person)


def post_holders(
    graph: nx.MultiDiGraph, title: str, body: str | None = None, on: str | None = None
) -> list[PostSpell]:
    """Holders of ``title`` (at ``body``), earliest first; with ``on`` (ISO date), the holder
    on that date as a one-element list (empty when nobody is attested by then)."""
    title = normalize_name(title)
    bodies = set(find_nodes(graph, body)) if body else None
    spells = sorted(
        (s for s in _spells(graph, bodies) if s.title == title or s.title.endswith(title)),
        key=_order,
    )
    if on is None:
        return spells
    before = [s for s in spells if s.first_seen and s.first_seen <= on]
    if not before:
        return []
    current = [s for s in before if s.last_seen and s.last_seen >= on]
    return [max(current or before, key=_order)]


def posts_of(graph: nx.MultiDiGraph, person: str) -> list[PostSpell]:
    """The posts ``person`` is attested in, earliest first."""
    people = {str(graph.nodes[n]["name"]) for n in find_nodes(graph, person, labels=("Person",))}
    name = normalize_name(person)
    return sorted((s for s in _spells(graph) if s.person in people or s.person == name),
                  key=_order)



HOLDERS_CYPHER = """
MATCH (p:Person)-[r:HOLDS_POSITION]->(body)
WHERE (r.title = $title OR r.title ENDS WITH $title)
  AND ($body IS NULL OR body.name = $body)
  AND ($on IS NULL OR r.first_seen <= $on)
RETURN p.name AS person, r.title AS title, body.name AS body, r.first_seen AS first_seen,
       r.last_seen AS last_seen, r.source_count AS sources, r.id AS fact,
       ($on IS NOT NULL AND r.last_seen >= $on) AS current
ORDER BY current DESC, first_seen DESC, last_seen DESC, person DESC
"""

POSTS_CYPHER = """
MATCH (p:Person {name: $person})-[r:HOLDS_POSITION]->(body)
RETURN p.name AS person, r.title AS title, body.name AS body, r.first_seen AS first_seen,
       r.last_seen AS last_seen, r.source_count AS sources, r.id AS fact
ORDER BY first_seen, last_seen, person
"""

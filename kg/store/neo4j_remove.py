"""Retracting one document from a loaded Neo4j database, in place.

Only what kg wrote is touched: every match carries the ``Kg`` label or the ``_kg`` marker, so
another application's nodes with the same labels survive a removal (as they survive prune).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kg.graph import NODE_LABELS
from kg.provenance import COMBINED_CEILING
from kg.store import StoreError
from kg.store.neo4j_rows import KG_LABEL, KG_REL_MARKER, _label

if TYPE_CHECKING:
    from kg.store.neo4j import Neo4jStore


def remove_document(store: Neo4jStore, doc: str) -> dict[str, int]:
    """Retract one document in place, with the embedded store's semantics.

    Its Evidence nodes and mentions go; a fact left without Evidence goes, the others get
    their aggregates (``source_count``, dates, combined confidence, representative source)
    recomputed from the Evidence that remains (as ``kg.provenance.fact_properties`` does);
    then nodes nothing supports any more go, up the place hierarchy. A reprint original is
    refused (``StoreError``): its copies must take over, and their facts live in the store
    only. Not updated in place: ``doc_count`` of nodes and a near-identical statement's
    ``text`` (its earliest wording); ``kg remove DOC --neo4j`` (store, then a mirroring
    load) is always exact.
    """
    copies = store.read_query(
        f"MATCH (:Document:{KG_LABEL})-[:COPY_OF]->(:Document:{KG_LABEL} {{doc: $doc}}) "
        "RETURN count(*) AS n", doc=doc
    )[0]["n"]
    if copies:
        raise StoreError(
            f"document {doc!r} has {copies} reprint(s) whose facts live only in the store; "
            f"retract it with `kg remove {doc} --neo4j` so a copy takes over its facts"
        )
    facts = store.write_query(
        f"MATCH (e:Evidence:{KG_LABEL} {{doc: $doc}}) WITH collect(e) AS evs, "
        "collect(DISTINCT e.fact) AS facts FOREACH (e IN evs | DETACH DELETE e) "
        "RETURN facts",
        doc=doc,
    )[0]["facts"]
    rels = store.write_query(
        f"MATCH ()-[r]->() WHERE r.id IN $facts AND r.{KG_REL_MARKER} = true "
        f"AND NOT EXISTS {{ MATCH (e:Evidence:{KG_LABEL}) WHERE e.fact = r.id }} "
        "DELETE r RETURN count(*) AS deleted",
        facts=facts,
    )[0]["deleted"]
    store.write_query(_REAGGREGATE_FACTS, facts=facts, ceiling=COMBINED_CEILING)
    store.write_query(
        f"MATCH (:{KG_LABEL})-[r:MENTIONED_IN]->(:Document:{KG_LABEL} {{doc: $doc}}) DELETE r",
        doc=doc,
    )
    store.write_query(
        f"MATCH (:Document:{KG_LABEL} {{doc: $doc}})-[:COPY_OF]->(o:Document:{KG_LABEL}) "
        "SET o.copy_count = o.copy_count - 1 "
        "WITH o WHERE o.copy_count <= 0 REMOVE o.copy_count",
        doc=doc,
    )
    store.write_query(
        f"MATCH (d:Document:{KG_LABEL} {{doc: $doc}}) WHERE NOT EXISTS {{ ()-[r]->(d) WHERE NOT "
        "type(r) IN ['COPY_OF'] } DETACH DELETE d",
        doc=doc,
    )
    nodes = 0
    while True:  # unsupported nodes; a deleted place may leave its parent unsupported
        deleted = sum(
            store.write_query(
                f"MATCH (n:{_label(label)}:{KG_LABEL}) WHERE NOT EXISTS {{ ()-->(n) }} "
                "AND NOT EXISTS { (n)-[r]->() WHERE NOT type(r) IN $structural } "
                "DETACH DELETE n RETURN count(*) AS deleted",
                structural=["LOCATED_IN", "SENT_TO", "DONATED_TO"],
            )[0]["deleted"]
            for label in NODE_LABELS if label not in ("Document", "Evidence")
        )
        if not deleted:
            break
        nodes += deleted
    return {"relationships": rels, "nodes": nodes}


# A fact's aggregates from its remaining Evidence (kg.provenance.fact_properties): earliest
# report (dated before undated, then document id, then offset) is the representative; the
# confidence is kg.provenance.combine_confidence of each document's best.
_REAGGREGATE_FACTS = f"""
MATCH ()-[r]->() WHERE r.id IN $facts AND r.{KG_REL_MARKER} = true
MATCH (e:Evidence:{KG_LABEL}) WHERE e.fact = r.id
WITH r, e ORDER BY e.reported IS NULL, e.reported, e.doc, e.start
WITH r, collect(e) AS evs
WITH r, evs, head(evs) AS first,
     [d IN reduce(acc = [], e IN evs | CASE WHEN e.doc IN acc THEN acc ELSE acc + e.doc END)
      | reduce(best = 0.0, e IN evs | CASE WHEN e.doc = d AND coalesce(e.confidence, 0.0) > best
                                     THEN e.confidence ELSE best END)] AS best
WITH r, evs, first, best,
     reduce(m = 0.0, c IN best | CASE WHEN c > m THEN c ELSE m END) AS top,
     1.0 - reduce(p = 1.0, c IN best | p * (1.0 - c)) AS noisy
WITH r, evs, first, best, top,
     CASE WHEN noisy < $ceiling THEN noisy ELSE $ceiling END AS capped
SET r.doc = first.doc, r.evidence = first.text, r.start = first.start, r.end = first.end,
    r.extractor = first.extractor, r.source_count = size(best), r.evidence_count = size(evs),
    r.confidence = round(CASE WHEN top > capped THEN top ELSE capped END, 3),
    r.first_reported = reduce(m = null, e IN evs | CASE WHEN e.reported IS NOT NULL AND
                              (m IS NULL OR e.reported < m) THEN e.reported ELSE m END),
    r.last_reported = reduce(m = null, e IN evs | CASE WHEN e.reported IS NOT NULL AND
                             (m IS NULL OR e.reported > m) THEN e.reported ELSE m END),
    r.first_seen = reduce(m = null, e IN evs | CASE WHEN e.seen IS NOT NULL AND
                          (m IS NULL OR e.seen < m) THEN e.seen ELSE m END),
    r.last_seen = reduce(m = null, e IN evs | CASE WHEN e.seen IS NOT NULL AND
                         (m IS NULL OR e.seen > m) THEN e.seen ELSE m END)
"""

"""Neo4j load throughput: batched UNWIND/MERGE loader vs one row per transaction.

Builds a synthetic graph of at least ``--min-rels`` relationships by repeating the dev records
(../shared: the real extraction of the corpus when ``kg.pipeline`` works, else the gold
annotations) under new document ids, loads it into an emptied Neo4j with the batched loader,
then loads a random sample of its relationships (with their end nodes) row by row, and prints
relationships/second of the relationship phase (nodes already written) for both, and the ratio.
Row by row over 200k relationships would take many minutes, so that figure is measured on the
sample and the full time is extrapolated (said so in the output).

    .venv/bin/python benchmarks/neo4j_load.py [--min-rels 200000] [--sample 2000]

The database named by NEO4J_DATABASE (default: the server's) is cleared of kg labels before and
after the run.
"""

from __future__ import annotations

import argparse
import os
import pathlib
import random
import sys
import time
from typing import Any

import networkx as nx

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kg.graph import build_graph  # noqa: E402
from kg.store import StoreError  # noqa: E402
from kg.store.neo4j import Neo4jStore, connect  # noqa: E402


def base_records(shared: pathlib.Path) -> tuple[list[dict[str, Any]], str]:
    try:
        from kg.pipeline import iter_records

        records = list(iter_records([str(shared / "corpus")], workers=1))
        if any(r["kind"] == "triple" for r in records):
            return records, "pipeline extraction"
    except Exception:  # the extractor may not be ready; gold records are a fine workload
        pass
    from kg.store.goldrecords import gold_records

    return gold_records(shared), "gold annotations"


def synthetic_records(records: list[dict[str, Any]], copies: int) -> list[dict[str, Any]]:
    """``copies`` copies of ``records``, each document renamed ``<doc>~<copy>``."""
    out: list[dict[str, Any]] = []
    for copy in range(copies):
        for rec in records:
            clone = dict(rec, doc=f"{rec['doc']}~{copy}")
            if rec.get("kind") == "triple" and rec["object"]["type"] == "Document":
                clone["object"] = {"name": clone["doc"], "type": "Document"}
            out.append(clone)
    return out


def sample_graph(graph: nx.MultiDiGraph, size: int, seed: int = 1) -> nx.MultiDiGraph:
    edges = list(graph.edges(keys=True, data=True))
    chosen = random.Random(seed).sample(edges, min(size, len(edges)))
    sample = nx.MultiDiGraph()
    for src, dst, key, data in chosen:
        sample.add_node(src, **graph.nodes[src])
        sample.add_node(dst, **graph.nodes[dst])
        sample.add_edge(src, dst, key=key, **data)
    return sample


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=pathlib.Path,
                        default=pathlib.Path(os.environ.get("KG_SHARED", ROOT.parent / "shared")))
    parser.add_argument("--min-rels", type=int, default=200_000)
    parser.add_argument("--sample", type=int, default=2_000, help="relationships loaded row by row")
    parser.add_argument("--batch-size", type=int, default=2_000)
    parser.add_argument("--uri", default=os.environ.get("NEO4J_URI", "bolt://127.0.0.1:7687"))
    parser.add_argument("--user", default=os.environ.get("NEO4J_USER", "neo4j"))
    parser.add_argument("--password", default=os.environ.get("NEO4J_PASSWORD", "kg-dev-password"))
    parser.add_argument("--database", default=os.environ.get("NEO4J_DATABASE"))
    args = parser.parse_args()

    records, source = base_records(args.shared)
    per_copy = build_graph(records).number_of_edges()
    copies = max(1, -(-args.min_rels // max(1, per_copy - 60)))  # shared hierarchy edges don't grow
    started = time.perf_counter()
    graph = build_graph(synthetic_records(records, copies))
    while graph.number_of_edges() < args.min_rels:
        copies += max(1, copies // 10)
        graph = build_graph(synthetic_records(records, copies))
    build_seconds = time.perf_counter() - started
    rels, nodes = graph.number_of_edges(), graph.number_of_nodes()
    print(f"workload: {source} x {copies} copies -> {nodes:,} nodes, {rels:,} relationships "
          f"(graph built in {build_seconds:.1f}s)")

    try:
        driver = connect(args.uri, args.user, args.password)
    except StoreError as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    with driver:
        store = Neo4jStore(driver, args.database, batch_size=args.batch_size, uri=args.uri)
        store.clear()
        store.apply_schema()
        store.ensure_relationship_constraints(sorted({t for _, _, t in graph.edges(data="type")}))
        batched = store.load(graph, prune=False, schema=False)
        loaded = store.counts()
        assert sum(loaded["types"].values()) == rels, loaded
        print(f"batched   : {nodes:,} nodes + {rels:,} rels in {batched.seconds:.1f}s; "
              f"relationship phase {batched.relationship_seconds:.1f}s "
              f"= {batched.rels_per_second:,.0f} rels/s (batch size {args.batch_size})")

        store.clear()
        sample = sample_graph(graph, args.sample)
        rowwise = store.load_rowwise(sample, schema=False)
        estimate = rels / rowwise.rels_per_second
        print(f"row by row: random sample of {sample.number_of_nodes():,} nodes + "
              f"{sample.number_of_edges():,} rels, one transaction each, in "
              f"{rowwise.seconds:.1f}s; relationship phase {rowwise.relationship_seconds:.1f}s "
              f"= {rowwise.rels_per_second:,.0f} rels/s; all {rels:,} rels would take "
              f"~{estimate / 60:.0f} min (extrapolated from the sample, not run)")
        print(f"ratio     : batched is {batched.rels_per_second / rowwise.rels_per_second:,.1f}x "
              "faster (target >= 20x)")
        store.clear()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Neo4j load throughput: the first-load CREATE path, the incremental MERGE path, row by row.

Builds a synthetic graph of at least ``--min-rels`` relationships by repeating the dev records
(../shared: the real extraction of the corpus when ``kg.pipeline`` works, else the gold
annotations) under new document ids, then, in one run against the same server:

1. first load: empty database, no schema -> ``Neo4jStore.load`` picks the CREATE path
   (element-id endpoints, schema built afterwards);
2. incremental: empty database with the schema -> the MERGE path (``mode="merge"``), i.e. what a
   load of new documents costs; then the same graph again (every MERGE finds its match);
   Both with one writer and with ``--writers`` concurrent write transactions (default 2),
   side by side in the same run;
3. row by row: a random sample of the relationships (with their end nodes), one MERGE per
   transaction; the full time is extrapolated from the sample (said so in the output).

It prints relationships/second of each relationship phase (nodes already written), the whole
load including nodes and schema, and the ratios to row by row.

    .venv/bin/python benchmarks/neo4j_load.py [--min-rels 200000] [--sample 2000]

Start the server with the launcher's defaults (full JIT, 2g heap; e.g. ``NEO4J_BOLT_PORT=...
bash neo4j/neo4j.sh up``). The database named by NEO4J_DATABASE (default: the server's) loses
its kg data and its schema (constraints and indexes) before the first-load run.
"""

from __future__ import annotations

import argparse
import os
import pathlib
import random
import sys
import time
from collections.abc import Callable
from typing import Any

import networkx as nx

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kg.graph import build_graph  # noqa: E402
from kg.store import StoreError  # noqa: E402
from kg.store.neo4j import LoadResult, Neo4jStore, connect  # noqa: E402


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
    """``copies`` copies of ``records``, each document renamed ``<doc>~<copy>``. The copies are
    new articles, not reprints: their text fingerprints are made distinct too (else the graph
    folds every copy into its original, and the workload is Document nodes and COPY_OF links
    instead of facts and mentions)."""
    out: list[dict[str, Any]] = []
    for copy in range(copies):
        for rec in records:
            clone = dict(rec, doc=f"{rec['doc']}~{copy}")
            if rec.get("kind") == "document":
                for key in ("sha256", "text_sha256"):
                    if rec.get(key):
                        clone[key] = f"{rec[key]}~{copy}"
                clone.pop("minhash", None)
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
    parser.add_argument("--batch-size", type=int, default=5_000)
    parser.add_argument("--writers", type=int, default=2,
                        help="concurrent write transactions, measured next to one writer")
    parser.add_argument("--uri", default=os.environ.get("NEO4J_URI", "bolt://127.0.0.1:7687"))
    parser.add_argument("--user", default=os.environ.get("NEO4J_USER", "neo4j"))
    parser.add_argument("--password", default=os.environ.get("NEO4J_PASSWORD", "kg-dev-password"))
    parser.add_argument("--database", default=os.environ.get("NEO4J_DATABASE"))
    parser.add_argument("--server-pid", type=int, default=server_pid(),
                        help="to measure the server's CPU time (default: neo4j.sh's pid file)")
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
        results: dict[str, LoadResult] = {}
        loaded: dict[str, dict[str, int]] = {}
        # The server's JIT compiles the load's code paths during the first load: unmeasured,
        # that warm-up would be charged to whichever writer count runs first.
        store.clear()
        store.drop_schema()
        warm = store.load(graph, prune=False)
        print(f"warm-up load (not counted): {warm.seconds:.1f}s")
        for writers in sorted({1, args.writers}):
            store.writers = writers
            store.clear()
            store.drop_schema()
            first = meter(lambda: store.load(graph, prune=False), args.server_pid)
            loaded = store.counts()
            assert first.mode == "create" and sum(loaded["types"].values()) == rels, loaded
            report(f"first load, {writers}w", first)
            results[f"first load, {writers}w"] = first

            store.clear()  # the schema stays: an incremental load of new facts
            merge = meter(lambda: store.load(graph, prune=False, mode="merge"), args.server_pid)
            assert store.counts() == loaded
            report(f"incremental, {writers}w", merge)
            results[f"incremental, {writers}w"] = merge
            again = meter(lambda: store.load(graph, prune=True, mode="merge"), args.server_pid)
            report(f"reload same, {writers}w", again)
        if args.writers > 1:
            for path in ("first load", "incremental"):
                one, many = results[f"{path}, 1w"], results[f"{path}, {args.writers}w"]
                print(f"{args.writers} writers / 1 ({path}): relationship phase "
                      f"{one.relationship_seconds / many.relationship_seconds:.2f}x, whole load "
                      f"{one.seconds / many.seconds:.2f}x")

        store.clear()
        sample = sample_graph(graph, args.sample)
        rowwise = meter(lambda: store.load_rowwise(sample, schema=False), args.server_pid)
        estimate = rels / rowwise.rels_per_second
        print(f"row by row          : random sample of {sample.number_of_nodes():,} nodes + "
              f"{sample.number_of_edges():,} rels, one transaction each: relationship phase "
              f"{rowwise.relationship_seconds:.1f}s = {rowwise.rels_per_second:,.0f} rels/s; all "
              f"{rels:,} rels would take ~{estimate / 60:.0f} min (extrapolated, not run)")
        for name, result in results.items():
            print(f"ratio {name:<17}: {result.rels_per_second / rowwise.rels_per_second:,.0f}x "
                  "row by row (relationship phases; target >= 50x, >= 10k rels/s)")
            if SERVER_CPU.get(id(rowwise)) and SERVER_CPU.get(id(result)):
                per_cpu = (result.relationships / SERVER_CPU[id(result)]) / (
                    rowwise.relationships / SERVER_CPU[id(rowwise)])
                print(f"  per server CPU-second (independent of other jobs): {per_cpu:,.0f}x")
        store.clear()
    return 0


def server_pid() -> int | None:
    """The pid neo4j.sh recorded for the server (KG_NEO4J_RUN_DIR or neo4j/run), if any."""
    run_dir = pathlib.Path(os.environ.get("KG_NEO4J_RUN_DIR", ROOT / "neo4j" / "run"))
    try:
        return int((run_dir / "neo4j.pid").read_text())
    except (OSError, ValueError):
        return None


def cpu_seconds(pid: int | None) -> float:
    """CPU time (user + system) of process ``pid`` so far; 0 when unknown."""
    try:
        fields = pathlib.Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def meter(load: Callable[[], LoadResult], pid: int | None) -> LoadResult:
    """Run ``load``, printing the CPU seconds the server and this client spent on it: on a
    shared machine the wall time also counts waiting for the CPU, the CPU time does not."""
    server, client, wall = cpu_seconds(pid), time.process_time(), time.perf_counter()
    result = load()
    server, client = cpu_seconds(pid) - server, time.process_time() - client
    wall = time.perf_counter() - wall
    if pid:
        print(f"  cpu: server {server:.1f}s, client {client:.1f}s over {wall:.1f}s wall "
              f"({(server + client) / wall:.2f} of 2 cores; "
              f"{result.relationships / max(server, 1e-9):,.0f} rels per server CPU-second)")
    SERVER_CPU[id(result)] = server
    return result


SERVER_CPU: dict[int, float] = {}  # server CPU seconds of each measured load


def report(name: str, result: LoadResult) -> None:
    print(f"{name:<22}: relationship phase {result.relationship_seconds:.1f}s = "
          f"{result.rels_per_second:,.0f} rels/s; whole load {result.seconds:.1f}s "
          f"(nodes, schema {result.schema_seconds:.1f}s, prune) = "
          f"{result.overall_rels_per_second:,.0f} rels/s")


if __name__ == "__main__":
    raise SystemExit(main())

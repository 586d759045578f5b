"""Bulk import throughput: neo4j-admin database import full of a synthetic graph (>= 2M rels).

A generator makes a graph shaped like kg's (Person/Place/Organization/Document nodes with names
and aliases; fact relationships with provenance: doc, evidence, start, end, confidence,
extractor; MENTIONED_IN links) without building it in memory, ``kg.store.neo4j_admin`` streams
it into the import CSVs, ``bash neo4j/neo4j.sh import`` stops the dev server, imports and starts
it again, and the schema is applied. Prints rels/s of neo4j-admin's own run (from its log) and
of the whole path (CSV writing, server stop/start and schema included), then checks the counts.

    NEO4J_BOLT_PORT=7706 NEO4J_HTTP_PORT=0 KG_NEO4J_RUN_DIR=/tmp/bench/run \\
        bash neo4j/neo4j.sh up
    NEO4J_URI=bolt://127.0.0.1:7706 NEO4J_BOLT_PORT=7706 NEO4J_HTTP_PORT=0 \\
        KG_NEO4J_RUN_DIR=/tmp/bench/run .venv/bin/python benchmarks/neo4j_bulk.py [--rels 2100000]

It REPLACES the whole database of that server (run it on a server of its own).
"""

from __future__ import annotations

import argparse
import os
import pathlib
import random
import re
import sys
import tempfile
import time
from collections.abc import Iterator
from typing import Any

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kg.store import StoreError  # noqa: E402
from kg.store.neo4j import Neo4jStore, connect  # noqa: E402
from kg.store.neo4j_admin import run_import, write_import_files  # noqa: E402

FACTS = ("SAID", "VISITED", "MET", "ATTENDED", "HOLDS_POSITION")
SYLLABLES = "张王李赵刘陈杨黄周吴徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘"


def _name(rng: random.Random, n: int) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(n))


def _pool(rng: random.Random, n: int, size: int = 20_000) -> list[str]:
    """Distinct-enough strings drawn once: generating each one anew would cost more time than
    writing the CSV, which is what this benchmark measures."""
    return [_name(rng, n) for _ in range(size)]


def synthetic_nodes(people: int, places: int, docs: int) -> Iterator[tuple[str, dict[str, Any]]]:
    rng = random.Random(7)
    names, short = _pool(rng, 3), _pool(rng, 2)
    for i in range(people):
        yield f"p{i}", {"label": "Person", "name": rng.choice(names),
                        "aliases": [rng.choice(short)], "mentions": rng.randint(1, 50)}
    for i in range(places):
        yield f"l{i}", {"label": "Place", "name": rng.choice(short) + "市",
                        "adcode": f"{110000 + i}"}
    for i in range(docs):
        yield f"d{i}", {"label": "Document", "name": f"doc-{i}", "doc": f"doc-{i}",
                        "chars": rng.randint(200, 20000)}


def synthetic_edges(
    rels: int, people: int, places: int, docs: int
) -> Iterator[tuple[str, str, str, dict[str, Any]]]:
    rng = random.Random(11)
    evidence = _pool(rng, 24)
    for i in range(rels):
        doc = rng.randrange(docs)
        if i % 3 == 0:
            src = f"p{rng.randrange(people)}"
            yield src, f"d{doc}", f"m{i}", {"type": "MENTIONED_IN", "doc": f"doc-{doc}",
                                            "count": rng.randint(1, 5)}
            continue
        rel_type = FACTS[i % len(FACTS)]
        dst = f"l{rng.randrange(places)}" if rel_type == "VISITED" else f"p{rng.randrange(people)}"
        start = rng.randrange(5000)
        yield f"p{rng.randrange(people)}", dst, f"r{i}", {
            "type": rel_type, "doc": f"doc-{doc}", "evidence": rng.choice(evidence),
            "start": start, "end": start + 24, "confidence": round(rng.random(), 3),
            "extractor": "synthetic",
        }


def admin_seconds(log: pathlib.Path) -> float | None:
    """neo4j-admin's own 'IMPORT DONE in 1m 2s 345ms' line, in seconds."""
    text = log.read_text(encoding="utf-8", errors="replace") if log.is_file() else ""
    found = re.search(r"IMPORT DONE in ((?:\d+m )?(?:\d+s )?\d+ms)", text)
    if not found:
        return None
    units = {"m": 60.0, "s": 1.0, "ms": 0.001}
    return sum(float(n) * units[u] for n, u in re.findall(r"(\d+)(ms|m|s)", found.group(1)))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rels", type=int, default=2_100_000)
    parser.add_argument("--uri", default=os.environ.get("NEO4J_URI", "bolt://127.0.0.1:7687"))
    parser.add_argument("--user", default=os.environ.get("NEO4J_USER", "neo4j"))
    parser.add_argument("--password", default=os.environ.get("NEO4J_PASSWORD", "kg-dev-password"))
    args = parser.parse_args()
    people, places, docs = args.rels // 10, 5_000, args.rels // 20
    nodes = people + places + docs
    run_dir = pathlib.Path(os.environ.get("KG_NEO4J_RUN_DIR", ROOT / "neo4j" / "run"))
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="kg-bulk-bench-") as folder:
        files = write_import_files(
            pathlib.Path(folder), synthetic_nodes(people, places, docs),
            synthetic_edges(args.rels, people, places, docs),
        )
        written = time.perf_counter()
        print(f"CSV files : {files.node_count:,} nodes, {files.relationship_count:,} rels in "
              f"{len(files.nodes) + len(files.relationships)} file pairs, "
              f"{written - started:.1f}s")
        try:
            run_import(files, "neo4j")
        except StoreError as err:
            print(f"error: {err}", file=sys.stderr)
            return 1
    imported = time.perf_counter()
    with connect(args.uri, args.user, args.password, attempts=8) as driver:
        store = Neo4jStore(driver, uri=args.uri)
        store.apply_schema(sorted({"MENTIONED_IN", *FACTS}))
        counts = store.counts()
    done = time.perf_counter()
    assert sum(counts["labels"].values()) == nodes, counts
    assert sum(counts["types"].values()) == args.rels, counts
    admin = admin_seconds(run_dir / "import.log")
    if admin:
        print(f"neo4j-admin: {args.rels:,} rels + {nodes:,} nodes imported in {admin:.1f}s = "
              f"{args.rels / admin:,.0f} rels/s (its own run; target >= 100k rels/s)")
    print(f"import step (server stop, neo4j-admin, server start): {imported - written:.1f}s = "
          f"{args.rels / (imported - written):,.0f} rels/s")
    print(f"whole path (CSV + import + schema {done - imported:.1f}s): {done - started:.1f}s = "
          f"{args.rels / (done - started):,.0f} rels/s; counts checked: {counts['types']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

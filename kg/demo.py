"""The guided tour behind ``make demo``: extract sample articles, build a store, ask questions.

``python -m kg.demo examples`` extracts the articles, builds a fresh embedded store in
``./kg-data-demo``, prints what was found (documents, entities by type, facts by predicate, how
mentions merged into nodes), answers the usual questions with :mod:`kg.questions` and ends with
the commands to try next. Output is rich tables on a terminal and plain text elsewhere (CI).
"""

from __future__ import annotations

import argparse
import pathlib
import shutil
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from typing import Any

import networkx as nx
from rich.console import Console
from rich.table import Table
from rich.text import Text

from kg import questions
from kg.sources import SourceError

DEFAULT_DEMO_STORE = pathlib.Path("kg-data-demo")
DEMO_HOPS = 6  # the longest connection the demo looks for (`kg ask path --max-hops`)
# Rows shown per answer; the CLI shows them all.
_MAX_ROWS = 8
# Without a terminal rich assumes 80 columns, which folds Chinese tables into slivers.
_PLAIN_WIDTH = 140


def _table(console: Console, title: str, rows: Sequence[dict[str, Any]],
           columns: Sequence[str], *, limit: int | None = _MAX_ROWS) -> None:
    table = Table(title=Text(title), title_justify="left", show_lines=False)
    for column in columns:
        table.add_column(Text(column), overflow="fold")
    for row in rows[:limit]:  # Text: an article's "[/]" is data, not Rich markup
        table.add_row(*(Text("" if row.get(c) is None else str(row.get(c))) for c in columns))
    console.print(table)
    if limit is not None and len(rows) > limit:
        console.print(f"  … and {len(rows) - limit} more (the kg ask commands list all)",
                      markup=False)
    if not rows:
        console.print("  (no answers in these articles)", markup=False)


def _count_rows(counter: Counter[str], key: str) -> list[dict[str, Any]]:
    return [{key: k, "count": v} for k, v in sorted(counter.items())]


def build_store(paths: Sequence[str], store_dir: pathlib.Path, *,
                on_error: Callable[[SourceError], None] | None = None,
                default_year: int | None = None) -> tuple[list[dict[str, Any]], Any]:
    """Extract ``paths`` into a fresh store at ``store_dir``; returns (records, store)."""
    from kg.pipeline import iter_records
    from kg.store.embedded import EmbeddedStore

    records = list(iter_records(paths, on_error=on_error, default_year=default_year))
    if store_dir.exists():
        shutil.rmtree(store_dir)
    store = EmbeddedStore(store_dir)
    store.add_records(records)
    return records, store


def summarize(console: Console, records: Iterable[dict[str, Any]], stats: dict[str, Any]) -> None:
    """Documents, entities by type, facts by predicate and the merge report."""
    records = list(records)
    per_doc: dict[str, Counter[str]] = {}
    for rec in records:
        per_doc.setdefault(str(rec["doc"]), Counter())[rec["kind"]] += 1
    docs = [
        {"doc": r["doc"], "title": r.get("title"), "date": r.get("date"), "script": r.get("script"),
         "entities": per_doc[r["doc"]]["entity"], "facts": per_doc[r["doc"]]["triple"]}
        for r in records if r["kind"] == "document"
    ]
    _table(console, "Documents", docs, ["doc", "title", "date", "script", "entities", "facts"],
           limit=None)
    entities = Counter(str(r["type"]) for r in records if r["kind"] == "entity")
    facts = Counter(str(r["predicate"]) for r in records if r["kind"] == "triple")
    _table(console, "Entities by type", _count_rows(entities, "type"), ["type", "count"],
           limit=None)
    _table(console, "Facts by predicate", _count_rows(facts, "predicate"), ["predicate", "count"],
           limit=None)
    _table(console, "Merge report", stats["merge"],
           ["label", "mentions", "entity_records", "nodes"], limit=None)
    console.print("(mentions in the text → one entity record per document → one graph node "
                  "per real-world entity)", markup=False)
    nodes, rels = sum(stats["labels"].values()), sum(stats["types"].values())
    console.print(f"Graph: {stats['documents']} documents, {nodes} nodes, {rels} relationships",
                  markup=False)


def _pick_pair(graph: nx.MultiDiGraph) -> tuple[str, str] | None:
    """Two actors from different documents that the graph connects, for the path question."""
    candidates: list[tuple[str, str]] = []  # (name, doc)
    for row in questions.dispatches(graph)[:1] + questions.donations(graph)[:1]:
        candidates.append((row.source, row.doc))
    for row in questions.statements(graph)[:3]:
        candidates.append((row.speaker, row.doc))
    for i, (a, doc_a) in enumerate(candidates):
        for b, doc_b in candidates[i + 1:]:
            if doc_a != doc_b and a != b and questions.shortest_paths(graph, a=a, b=b,
                                                                      max_hops=DEMO_HOPS):
                return a, b
    return None


def answer_questions(console: Console, graph: nx.MultiDiGraph) -> tuple[str, str] | None:
    """Six questions, answered with the question functions; returns the pair it connected."""
    said = questions.as_dicts(questions.statements(graph))
    _table(console, "1. Who said what?", said, ["speaker", "text", "mode", "date", "doc"])
    sent = questions.as_dicts(questions.dispatches(graph) + questions.donations(graph))
    _table(console, "2. Who sent teams or gave supplies where?", sent,
           ["source", "source_province", "item", "amount", "destination",
            "destination_province", "doc"])
    posts = questions.as_dicts(questions.positions(graph))
    _table(console, "3. Who holds which post?", posts, ["person", "title", "body", "doc"])
    visited = questions.as_dicts(questions.visits(graph))
    _table(console, "4. Who visited where?", visited, ["person", "place", "province", "doc"])
    met = questions.as_dicts(questions.meetings(graph))
    _table(console, "5. Who met whom?", met, ["actor", "relation", "role", "other", "place", "doc"])
    pair = _pick_pair(graph)
    if pair is None:
        console.print("6. How are two actors connected? (no connected pair found)", markup=False)
        return None
    # The `path` question itself, so the demo shows what `kg ask path` (and cypher/path.cypher)
    # answers: the fewest facts between the two, mentions left out.
    paths = questions.shortest_paths(graph, a=pair[0], b=pair[1], max_hops=DEMO_HOPS)
    console.print(f"\n6. How are {pair[0]} and {pair[1]} connected?", markup=False)
    for row in paths:
        console.print(f"{row.path}. {row.walk}\n   {row.relations}", markup=False,
                      soft_wrap=True)
    return pair


def next_steps(console: Console, store_dir: pathlib.Path, graph: nx.MultiDiGraph,
               pair: tuple[str, str] | None) -> None:
    """The commands to try next, with names taken from this graph."""
    store = f"--store {store_dir}"
    speakers = [r.speaker for r in questions.statements(graph)]
    destinations = [r.destination_province or r.destination for r in questions.dispatches(graph)]
    lines = [f"kg stats {store}"]
    if speakers:
        lines.append(f"kg ask said --who {speakers[0]} {store}")
    lines.append(f"kg ask sent --to {destinations[0]} {store}" if destinations and destinations[0]
                 else f"kg ask sent {store}")
    lines += [f"kg ask posts {store}", f"kg ask meetings {store} --format json"]
    if pair:
        lines.append(f"kg ask path {pair[0]} {pair[1]} --max-hops {DEMO_HOPS} {store}")
    if speakers:
        lines.append(f"kg ask who {speakers[0]} {store}")
    lines += ["make neo4j-up", f"kg load {store}   # then browse http://localhost:7474"]
    console.print("\nTry next:", markup=False)
    for line in lines:
        console.print(f"  {line}", markup=False, soft_wrap=True)


def run(paths: Sequence[str], store_dir: pathlib.Path = DEFAULT_DEMO_STORE, *,
        console: Console | None = None, default_year: int | None = None) -> int:
    """The whole demo; returns the exit status (1 when an article could not be read)."""
    console = console or Console(highlight=False,
                                 width=None if sys.stdout.isatty() else _PLAIN_WIDTH)
    errors: list[SourceError] = []
    started = time.perf_counter()
    console.print(f"Extracting {', '.join(paths)} → {store_dir}", markup=False)
    records, store = build_store(paths, store_dir, on_error=errors.append,
                                 default_year=default_year)
    for error in errors:
        console.print(f"error: {error}", markup=False, soft_wrap=True)
    stats = store.stats()
    console.print(f"{stats['documents']} documents extracted and stored in "
                  f"{time.perf_counter() - started:.1f}s\n", markup=False)
    summarize(console, records, stats)
    graph = store.graph()
    pair = answer_questions(console, graph)
    next_steps(console, store_dir, graph, pair)
    return 1 if errors else 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m kg.demo", description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", default=["examples"], help="articles or folders")
    parser.add_argument("--store", type=pathlib.Path, default=DEFAULT_DEMO_STORE,
                        help="store folder, recreated on every run (default: %(default)s)")
    parser.add_argument("--year", type=int, default=None,
                        help="year for dates written without one (e.g. 2月9日)")
    args = parser.parse_args(argv)
    return run(args.paths, args.store, default_year=args.year)


if __name__ == "__main__":
    sys.exit(main())

"""Notebook exploration: the store to open, tables, figures with Chinese, a map, a view.

The notebooks in ``notebooks/`` import only this module (and :mod:`kg.questions`). Needs the
``explore`` extra (``pip install -e '.[explore]'``: matplotlib and a CJK font from PyPI).

* :func:`open_graph` — the graph of ``$KG_STORE``, else of a store built once from
  ``examples/`` (``kg-data-demo``, as ``make demo`` builds it);
* tables (:mod:`kg.explore.tables`): :func:`counts`, :func:`central`, :func:`facts`,
  :func:`ask` (a registry question as a table), :func:`ask_neo4j`;
* figures (:mod:`kg.explore.figures`, :mod:`kg.explore.geo`): :func:`central_bars`,
  :func:`community_graph`, :func:`china_map`, :func:`timeline`, :func:`statements_over_time`,
  shown and saved by :func:`show` (PNG, plus its parts by gid, under ``$KG_FIGURES_DIR``);
* :func:`neighbourhood` — one actor's interactive view, one HTML file that needs no network.
"""

from __future__ import annotations

import io
import json
import os
import pathlib
from collections.abc import Sequence
from typing import Any

import networkx as nx
from matplotlib.figure import Figure

from kg.explore.figures import (
    central_bars,
    community_graph,
    dated_facts,
    describe,
    statements_over_time,
    timeline,
)
from kg.explore.fonts import use_cjk_font
from kg.explore.geo import china_map, flows, located_places
from kg.explore.neighbourhood import Neighbourhood, neighbourhood
from kg.explore.tables import (
    Table,
    central,
    communities,
    counts,
    facts,
    statements_by_person,
    table,
)

ROOT = pathlib.Path(__file__).resolve().parents[2]
DEMO_STORE = "kg-data-demo"


class ExploreError(RuntimeError):
    """A store or server the notebook was pointed at is not there; one line."""


def examples_dir() -> pathlib.Path:
    for base in (ROOT, pathlib.Path.cwd(), pathlib.Path.cwd().parent):
        if (base / "examples").is_dir():
            return base / "examples"
    raise ExploreError("no examples/ folder: set KG_STORE to a store built with `kg build`")


def store_path() -> pathlib.Path:
    """``$KG_STORE``, else ``kg-data-demo`` beside ``examples/``."""
    if os.environ.get("KG_STORE"):
        return pathlib.Path(os.environ["KG_STORE"]).expanduser()
    return examples_dir().parent / DEMO_STORE


def open_graph(store: str | os.PathLike[str] | None = None) -> tuple[nx.MultiDiGraph, str]:
    """(graph, one line saying where it came from). A ``KG_STORE`` (or ``store``) must exist;
    the default store is built from ``examples/`` when missing."""
    from kg.store.embedded import EmbeddedStore

    given = store is not None or bool(os.environ.get("KG_STORE"))
    path = pathlib.Path(store) if store is not None else store_path()
    kept = EmbeddedStore(path)
    if not kept.exists():
        if given:
            raise ExploreError(f"no kg store at {path} (build one: kg build ARTICLES --store "
                               f"{path})")
        from kg.demo import build_store

        _, kept = build_store([str(examples_dir())], path)
    graph = kept.graph()
    shown = os.path.relpath(path) if path.is_absolute() else str(path)
    return graph, (f"{shown}: {kept.document_count()} documents, {graph.number_of_nodes()} "
                   f"nodes, {graph.number_of_edges()} relationships")


def figures_dir() -> pathlib.Path | None:
    value = os.environ.get("KG_FIGURES_DIR")
    return pathlib.Path(value) if value else None


def output_dir() -> pathlib.Path:
    """Where files a notebook writes go: ``$KG_FIGURES_DIR``, else ``explore-output/``."""
    return figures_dir() or ROOT / "explore-output"


def show(fig: Figure, name: str, *, dpi: int = 110) -> Any:
    """The figure as a PNG to display; with ``$KG_FIGURES_DIR`` also ``NAME.png`` and
    ``NAME.json`` (its parts by gid, see :func:`describe`) there."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi)
    png = buffer.getvalue()
    folder = figures_dir()
    if folder is not None:
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{name}.png").write_bytes(png)
        (folder / f"{name}.json").write_text(json.dumps(describe(fig), indent=1) + "\n",
                                             encoding="utf-8")
    try:
        from IPython.display import Image
    except ImportError:  # plain Python: the figure itself
        return fig
    return Image(data=png, format="png")


def save_view(view: Neighbourhood, name: str) -> pathlib.Path:
    return view.save(output_dir() / f"{name}.html")


# ---------------------------------------------------------------- the question registry
def questions_table() -> Table:
    from kg.questions import registry

    rows = [{"question": q.name, "title": q.title_en, "标题": q.title_zh,
             "parameters": ", ".join(p.name for p in q.params), "columns": len(q.columns)}
            for q in registry.QUESTIONS]
    return table(rows, title="The question registry (kg ask NAME / cypher/NAME.cypher)")


def _answer(question: str, rows: list[dict[str, Any]], columns: Sequence[str] | None,
            top: int, engine: str) -> Table:
    from kg.questions import registry

    cols = list(columns or registry.get(question).columns)
    return table(rows, cols, title=f"{question} ({engine})", top=top)


def ask(graph: nx.MultiDiGraph, question: str, *, columns: Sequence[str] | None = None,
        top: int = 10, **params: Any) -> Table:
    """A registry question on the embedded graph, as a table (``top`` rows shown)."""
    from kg.questions import registry

    return _answer(question, registry.get(question).ask(graph, **params), columns, top,
                   "embedded")


def neo4j_driver() -> tuple[Any | None, str]:
    """(driver, message): a connected driver when ``$NEO4J_URI`` is set, else (None, why)."""
    uri = os.environ.get("NEO4J_URI")
    if not uri:
        return None, ("NEO4J_URI is not set: the Neo4j cells are skipped. To run them: "
                      "make neo4j-up; kg load --store STORE; NEO4J_URI=bolt://localhost:7687")
    from neo4j import GraphDatabase

    from kg.store.neo4j_connect import DEFAULT_PASSWORD, DEFAULT_USER

    user = os.environ.get("NEO4J_USER", DEFAULT_USER)
    password = os.environ.get("NEO4J_PASSWORD", DEFAULT_PASSWORD)
    driver = GraphDatabase.driver(uri, auth=(user, password))
    try:
        driver.verify_connectivity()
    except Exception as err:
        driver.close()
        raise ExploreError(f"Neo4j at {uri} does not answer ({type(err).__name__}: {err})") \
            from err
    return driver, f"connected to {uri} as {user}"


def ask_neo4j(driver: Any, question: str, *, columns: Sequence[str] | None = None,
              top: int = 10, **params: Any) -> Table:
    """The same question on Neo4j, with ``cypher/<question>.cypher`` (a read transaction)."""
    from kg.questions import registry

    rows = registry.get(question).ask_neo4j(driver, os.environ.get("NEO4J_DATABASE"), **params)
    return _answer(question, rows, columns, top, "Neo4j")


def compare_engines(graph: nx.MultiDiGraph, driver: Any,
                    asked: Sequence[tuple[str, dict[str, Any]]]) -> Table:
    """Each (question, params) on both engines: rows from each, and whether they agree."""
    from kg.questions import registry

    rows = []
    for question, params in asked:
        q = registry.get(question)
        mine = q.settle(q.ask(graph, **params))
        theirs = q.settle(q.ask_neo4j(driver, os.environ.get("NEO4J_DATABASE"), **params))
        rows.append({"question": question, "parameters": json.dumps(params, ensure_ascii=False),
                     "embedded": len(mine), "neo4j": len(theirs), "same": mine == theirs})
    return table(rows, title="The same questions on both engines")


__all__ = [
    "DEMO_STORE", "ROOT", "ExploreError", "Neighbourhood", "Table", "ask", "ask_neo4j",
    "central", "central_bars", "china_map", "communities", "community_graph",
    "compare_engines", "counts", "dated_facts", "describe", "facts", "flows",
    "located_places", "neighbourhood", "neo4j_driver", "open_graph", "output_dir",
    "questions_table", "save_view", "show", "statements_by_person", "statements_over_time",
    "store_path", "table", "timeline", "use_cjk_font",
]

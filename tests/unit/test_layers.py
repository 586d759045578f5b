"""The pipeline's dependencies point one way: read from the source, not by importing it.

Every ``import`` of every module under ``kg/`` is collected with :mod:`ast` — function-level
imports included (a cycle broken by a lazy import is still a cycle), ``if TYPE_CHECKING:``
blocks left out (they never run) — and the resulting module graph is checked against the
layering the developers' guide fixes: no cycles; nothing imports the CLI; extraction never
reaches the graph, the stores or Neo4j; the Neo4j store never reaches jieba.
"""

from __future__ import annotations

import ast
import functools
import pathlib

import networkx as nx
import pytest

PACKAGE = pathlib.Path(__file__).resolve().parents[2] / "kg"


def _module_name(path: pathlib.Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


class _Imports(ast.NodeVisitor):
    """The absolute names one module imports (``from a import b`` gives ``a.b`` when that is a
    module of the package, else ``a``)."""

    def __init__(self, package: str, modules: set[str]) -> None:
        self.package, self.modules, self.found = package, modules, set()

    def visit_If(self, node: ast.If) -> None:
        test = node.test
        name = test.id if isinstance(test, ast.Name) else getattr(test, "attr", None)
        for child in node.orelse if name == "TYPE_CHECKING" else [*node.body, *node.orelse]:
            self.visit(child)

    def visit_Import(self, node: ast.Import) -> None:
        self.found.update(alias.name for alias in node.names)

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        base = node.module or ""
        if node.level:
            parts = self.package.split(".")[: len(self.package.split(".")) - node.level + 1]
            base = ".".join([*parts, base] if base else parts)
        for alias in node.names:
            full = f"{base}.{alias.name}"
            self.found.add(full if full in self.modules else base)


@functools.lru_cache(maxsize=1)
def import_graph() -> nx.DiGraph:
    """Module → imported module (kg modules and the top-level names of outside packages).
    A submodule's edge to its own parent package is left out: Python imports the parent
    first anyway, and ``from kg.cli import app`` in ``kg.cli.extract`` is the package's own
    registration pattern, not a layer crossing."""
    paths = {_module_name(p): p for p in PACKAGE.rglob("*.py")}
    graph = nx.DiGraph()
    for name, path in paths.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        visitor = _Imports(package, set(paths))
        visitor.visit(ast.parse(path.read_text(encoding="utf-8")))
        graph.add_node(name)
        for target in visitor.found:
            if target in paths:
                if target != name and not name.startswith(target + "."):
                    graph.add_edge(name, target)
            else:
                graph.add_edge(name, target.split(".")[0])
    return graph


def _reachable(graph: nx.DiGraph, roots: tuple[str, ...]) -> dict[str, set[str]]:
    return {m: nx.descendants(graph, m) for m in graph if m.startswith(roots)}


def _under(name: str, prefixes: tuple[str, ...]) -> bool:
    return any(name == p or name.startswith(p + ".") for p in prefixes)


def test_the_graph_sees_the_package() -> None:
    graph = import_graph()
    assert {"kg.cli", "kg.graph", "kg.recognize.rules", "kg.store.neo4j"} <= set(graph)
    assert graph.has_edge("kg.store.neo4j", "neo4j")  # outside packages are nodes too
    assert graph.has_edge("kg.recognize.rules", "kg.recognize.lexicon")


def test_no_import_cycles() -> None:
    kg_only = import_graph().subgraph(m for m in import_graph() if _under(m, ("kg",)))
    assert sorted(nx.simple_cycles(kg_only), key=len) == []


def test_nothing_imports_the_cli() -> None:
    graph = import_graph()
    importers = {m for m, target in graph.edges if _under(target, ("kg.cli",))}
    assert {m for m in importers if not _under(m, ("kg.cli", "kg.__main__"))} == set()


@pytest.mark.parametrize(
    ("stages", "forbidden"),
    [
        # Extraction never imports the graph, the stores or Neo4j.
        (("kg.sources", "kg.normalize", "kg.metadata", "kg.segment", "kg.recognize",
          "kg.resolve", "kg.extract", "kg.records", "kg.pipeline"),
         ("kg.graph", "kg.graph_props", "kg.store", "kg.export", "kg.cli", "neo4j")),
        # The Neo4j store knows nothing of segmentation or recognition.
        (("kg.store.neo4j",),
         ("jieba", "rjieba", "kg.segment", "kg.recognize", "kg.extract", "kg.pipeline")),
        # The graph model is built from records, not from text.
        (("kg.graph", "kg.graph_schema", "kg.compact_records"),
         ("jieba", "rjieba", "kg.segment", "kg.recognize", "kg.extract", "kg.cli")),
    ],
)
def test_layers_point_one_way(stages: tuple[str, ...], forbidden: tuple[str, ...]) -> None:
    reached = _reachable(import_graph(), stages)
    assert reached, stages
    crossings = {m: sorted(d for d in found if _under(d, forbidden))
                 for m, found in reached.items()}
    assert {m: d for m, d in crossings.items() if d} == {}

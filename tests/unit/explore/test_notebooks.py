"""Every notebook runs top to bottom on the store of examples/, draws what the graph holds,
and prints no error or missing-glyph warning. Figures land in test-output/notebooks/."""

from __future__ import annotations

import json
import pathlib
import struct

import networkx as nx
import pytest

from kg.explore.geo import outlines
from tests.unit.explore.notebook_runner import NAMES, OUTPUT, execute, problems, text_of

PNG = b"\x89PNG\r\n\x1a\n"
ACTORS = ("Person", "Organization", "Place")


def _facts(graph: nx.MultiDiGraph) -> list[dict]:
    from kg.graph_props import is_fact

    return [d for *_, d in graph.edges(data=True) if is_fact(d["type"])]


def expected_parts(graph: nx.MultiDiGraph) -> dict[str, dict[str, object]]:
    """Figure → gid → count, from the graph itself (lambda: a check on the count)."""
    facts = _facts(graph)
    located = [n for n, d in graph.nodes(data=True)
               if d["label"] == "Place" and d.get("lat") is not None and d.get("lon") is not None]
    said = {(u, d["effective_date"]) for u, _, d in graph.edges(data=True)
            if d["type"] == "SAID" and d.get("effective_date")}
    speakers = {u for u, _ in said}
    aid = [d for d in facts if d["type"] in ("SENT", "DONATED")]
    actors = [n for n, d in graph.nodes(data=True) if d["label"] in ACTORS]
    return {
        "central": {"bar": min(10, len(actors))},
        "map": {"place": len(located), "place-label": lambda n: 1 <= n <= min(15, len(located)),
                "province": sum(len(polys) for *_, polys in outlines()),
                "flow": lambda n: 1 <= n <= len(aid)},
        "timeline": {"fact": sum(1 for d in facts if d.get("effective_date"))},
        # the examples span less than 120 days and have at most 8 speakers: a dot per day
        "statements": {"speaker": min(8, len(speakers)), "statement": len(said)},
        "communities": {"node": lambda n: 2 <= n <= 40, "label": lambda n: 2 <= n <= 40},
    }


def _png_size(path: pathlib.Path) -> tuple[int, int]:
    head = path.read_bytes()[:24]
    assert head[:8] == PNG, f"{path} is not a PNG"
    return struct.unpack(">II", head[16:24])


@pytest.fixture(scope="module")
def executed(example_store: pathlib.Path) -> dict[str, object]:
    OUTPUT.mkdir(parents=True, exist_ok=True)
    for old in OUTPUT.glob("*"):
        old.unlink()
    env = {"KG_STORE": str(example_store), "KG_FIGURES_DIR": str(OUTPUT), "NEO4J_URI": None}
    return {name: execute(name, env) for name in NAMES}


@pytest.mark.parametrize("name", NAMES)
def test_notebook_runs_clean(executed: dict[str, object], name: str) -> None:
    book = executed[name]
    assert problems(book) == []
    assert "documents" in text_of(book)  # the first cell said which store it opened


@pytest.mark.parametrize("figure", ["central", "communities", "map", "timeline", "statements"])
def test_figure_has_its_parts(executed: dict[str, object], example_graph: nx.MultiDiGraph,
                              figure: str) -> None:
    width, height = _png_size(OUTPUT / f"{figure}.png")
    assert width >= 400 and height >= 150
    parts = json.loads((OUTPUT / f"{figure}.json").read_text(encoding="utf-8"))
    for gid, want in expected_parts(example_graph)[figure].items():
        got = parts.get(gid, 0)
        assert want(got) if callable(want) else got == want, (figure, gid, got, want)


def test_neighbourhood_page_is_saved_standalone(executed: dict[str, object]) -> None:
    page = (OUTPUT / "neighbourhood.html").read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and "<svg" in page
    assert "src=" not in page and "href=" not in page  # nothing to fetch: opens offline


def test_neo4j_cells_say_they_are_skipped(executed: dict[str, object]) -> None:
    text = text_of(executed["03_questions"])
    assert "NEO4J_URI is not set" in text and "engines agree" not in text


@pytest.mark.parametrize(("code", "expected"), [
    # matplotlib's own font has no Chinese: the runner must see the warning
    ('import io\nfrom matplotlib.figure import Figure\nf = Figure()\n'
     'f.text(0, 0, "湖北", family="DejaVu Sans")\nf.savefig(io.BytesIO(), format="png")',
     "missing from font"),
    ("import kg.explore as kx\nkx.show(kx.figures.empty('没有数据'), 'empty')", None),
])
def test_runner_catches_missing_glyphs(tmp_path: pathlib.Path, code: str,
                                       expected: str | None) -> None:
    import nbformat
    from nbformat.v4 import new_code_cell, new_notebook

    path = tmp_path / "probe.ipynb"
    nbformat.write(new_notebook(cells=[new_code_cell(code)]), path)
    found = problems(execute(path, {"KG_FIGURES_DIR": None}))
    assert (expected is None and found == []) or any(expected in p for p in found), found

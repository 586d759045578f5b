"""Loading the dev corpus into a real Neo4j: same graph as embedded, idempotent, retractable."""

from __future__ import annotations

import pathlib
from typing import Any

import networkx as nx
import pytest
from neo4j import Driver

from kg.graph import build_graph, counts
from kg.store.embedded import EmbeddedStore
from kg.store.neo4j import Neo4jStore


@pytest.fixture
def neo(clean_neo4j: Driver, neo4j_database: str) -> Neo4jStore:
    return Neo4jStore(clean_neo4j, neo4j_database, batch_size=500)


def graph_ids(graph: nx.MultiDiGraph) -> tuple[set[str], set[str]]:
    return set(graph.nodes), {key for _, _, key in graph.edges(keys=True)}


def test_load_matches_the_embedded_graph_and_twice_changes_nothing(
    neo: Neo4jStore, graph: nx.MultiDiGraph
) -> None:
    first = neo.load(graph)
    assert neo.counts() == counts(graph)
    assert neo.ids() == graph_ids(graph)
    second = neo.load(graph)
    assert (second.pruned_nodes, second.pruned_relationships) == (0, 0)
    assert neo.counts() == counts(graph)
    assert (first.nodes, first.relationships) == (second.nodes, second.relationships)


def test_fact_provenance_points_at_the_sentence(
    neo: Neo4jStore, graph: nx.MultiDiGraph, shared: pathlib.Path
) -> None:
    neo.load(graph)
    rows = neo._read(
        "MATCH ()-[r]->() WHERE r.evidence IS NOT NULL AND r.start IS NOT NULL "
        "RETURN r.doc AS doc, r.start AS start, r.end AS end, r.evidence AS evidence"
    )
    facts = sum(1 for _, _, d in graph.edges(data=True) if "evidence" in d)
    assert rows and len(rows) >= facts * 0.8
    originals = {p.stem: p.read_text(encoding="utf-8") for p in (shared / "corpus").glob("*.txt")}
    wrong = [r for r in rows if originals[r["doc"]][r["start"]:r["end"]] != r["evidence"]]
    assert wrong == []


def test_remove_in_neo4j_leaves_exactly_the_other_two_documents(
    neo: Neo4jStore, records: list[dict[str, Any]], graph: nx.MultiDiGraph
) -> None:
    neo.load(graph)
    removed = sorted({r["doc"] for r in records})[1]
    neo.remove_document(removed)
    rest = build_graph(r for r in records if r["doc"] != removed)
    assert neo.counts() == counts(rest)
    assert neo.ids() == graph_ids(rest)
    assert fact_summaries(neo) == fact_summaries(rest)


@pytest.mark.parametrize("label", ["Person", "Place", "Organization", "Document"])
def test_remove_in_neo4j_never_touches_nodes_kg_did_not_write(
    neo: Neo4jStore, records: list[dict[str, Any]], graph: nx.MultiDiGraph, label: str
) -> None:
    """A lone node of another application, with one of our labels and no relationships, looks
    "unsupported" to the removal; without the Kg marker it is not ours to delete."""
    neo.load(graph)
    removed = sorted({r["doc"] for r in records})[1]
    neo.write_query(f"CREATE (:{label} {{id: 'app-1', doc: $doc, name: '外来'}})", doc=removed)
    neo.remove_document(removed)
    rows = neo.read_query(f"MATCH (n:{label} {{id: 'app-1'}}) RETURN n.name AS name")
    assert rows == [{"name": "外来"}]


def test_store_remove_then_load_mirrors_the_store(
    neo: Neo4jStore, records: list[dict[str, Any]], tmp_path: pathlib.Path
) -> None:
    store = EmbeddedStore(tmp_path)
    store.add_records(records)
    neo.load(store.graph())
    removed = sorted(store.documents())[0]
    store.remove_document(removed)
    result = neo.load(store.graph())
    assert result.pruned_relationships > 0
    assert neo.counts() == counts(store.graph())
    assert neo.ids() == graph_ids(store.graph())


def test_cli_build_load_and_remove_keep_neo4j_equal_to_the_store(
    neo: Neo4jStore, records: list[dict[str, Any]], tmp_path: pathlib.Path,
    monkeypatch: pytest.MonkeyPatch, neo4j_database: str,
) -> None:
    from typer.testing import CliRunner

    import kg.cli.export
    import kg.cli.graph  # noqa: F401  (registers the commands)
    from kg.cli import app
    from kg.records import dumps

    source = tmp_path / "records.jsonl"
    source.write_text("".join(dumps(r) + "\n" for r in records), encoding="utf-8")
    store_dir = tmp_path / "kg"
    monkeypatch.setenv("NEO4J_DATABASE", neo4j_database)
    runner = CliRunner()
    built = runner.invoke(app, ["build", "--records", str(source), "--store", str(store_dir),
                                "--neo4j"])
    assert built.exit_code == 0, built.output
    assert neo.counts() == counts(EmbeddedStore(store_dir).graph())
    doc = EmbeddedStore(store_dir).documents()[-1]
    removed = runner.invoke(app, ["remove", doc, "--store", str(store_dir), "--neo4j"])
    assert removed.exit_code == 0, removed.output
    assert neo.ids() == graph_ids(EmbeddedStore(store_dir).graph())
    assert neo.counts() == counts(build_graph(r for r in records if r["doc"] != doc))


# ---------------------------------------------------------------- one fact, many sources
@pytest.fixture(scope="module")
def three_sources(tmp_path_factory: pytest.TempPathFactory) -> list[dict[str, Any]]:
    from kg.pipeline import iter_records
    from tests.unit.test_facts_across_documents import ARTICLES, write_corpus

    path = write_corpus(tmp_path_factory.mktemp("three"), ARTICLES)
    return list(iter_records([str(path)], workers=1))


SOURCES_OF_SAID = """
MATCH (p:Person {name: $speaker})-[r:SAID]->(s:Statement)
OPTIONAL MATCH (e:Evidence {fact: r.id})-[:FROM_DOCUMENT]->(d:Document)
RETURN r.id AS fact, r.source_count AS sources, r.doc AS first, collect(d.doc) AS docs,
       collect(e.text) AS evidence
"""


def said_sources(neo: Neo4jStore) -> list[tuple[int, str, list[str]]]:
    rows = neo._read(SOURCES_OF_SAID, speaker="赵东明")
    return [(r["sources"], r["first"], sorted(r["docs"])) for r in rows]


AGGREGATES = ("source_count", "evidence_count", "confidence", "doc", "start", "first_reported",
              "last_reported", "first_seen", "last_seen")


def fact_summaries(where: Neo4jStore | nx.MultiDiGraph) -> dict[str, tuple[Any, ...]]:
    """Fact id → its aggregate properties, from Neo4j or from an embedded graph."""
    if isinstance(where, Neo4jStore):
        rows = where._read("MATCH ()-[r]->() WHERE r.source_count IS NOT NULL "
                           "RETURN r.id AS id, [k IN $keys | r[k]] AS values", keys=AGGREGATES)
        return {r["id"]: tuple(r["values"]) for r in rows}
    return {key: tuple(d.get(k) for k in AGGREGATES)
            for _, _, key, d in where.edges(keys=True, data=True) if "source_count" in d}


@pytest.mark.parametrize("how", ["in place", "store then load"])
def test_three_sources_one_fact_then_removed_one_by_one(
    neo: Neo4jStore, three_sources: list[dict[str, Any]], tmp_path: pathlib.Path, how: str
) -> None:
    store = EmbeddedStore(tmp_path)
    store.add_records(three_sources)
    neo.load(store.graph())
    assert said_sources(neo) == [(3, "xinhua-0302", ["daily-0303", "radio-0710", "xinhua-0302"])]
    seen = []
    for doc in ("xinhua-0302", "daily-0303", "radio-0710"):
        store.remove_document(doc)
        if how == "in place":
            neo.remove_document(doc)
        else:
            neo.load(store.graph())
        assert neo.ids() == graph_ids(store.graph())
        assert fact_summaries(neo) == fact_summaries(store.graph())
        seen.append(said_sources(neo))
    assert seen == [[(2, "daily-0303", ["daily-0303", "radio-0710"])],
                    [(1, "radio-0710", ["radio-0710"])], []]


def test_posts_over_time_agree_with_the_embedded_graph(
    neo: Neo4jStore, three_sources: list[dict[str, Any]]
) -> None:
    from kg.posts import HOLDERS_CYPHER, POSTS_CYPHER, post_holders, posts_of

    graph = build_graph(three_sources)
    neo.load(graph)
    for on in ("2014-12-31", "2017-01-01", "2018-05-20"):
        rows = neo._read(HOLDERS_CYPHER, title="省委书记", body="河北省委", on=on)
        expected = [s.person for s in post_holders(graph, "省委书记", "河北省委", on=on)]
        assert [r["person"] for r in rows[:1]] == expected
    rows = neo._read(POSTS_CYPHER, person="赵东明")
    assert [(r["title"], r["body"], r["first_seen"], r["last_seen"], r["sources"])
            for r in rows] == [(s.title, s.body, s.first_seen, s.last_seen, s.sources)
                               for s in posts_of(graph, "赵东明")]
    assert rows and rows[0]["sources"] == 3


def test_in_place_removal_of_a_reprint_original_is_refused(
    neo: Neo4jStore, three_sources: list[dict[str, Any]]
) -> None:
    from kg.store import StoreError
    from tests.unit.test_facts_across_documents import copies_of

    original = [r for r in three_sources if r["doc"] == "xinhua-2018"]
    neo.load(build_graph(original + copies_of(three_sources, "xinhua-2018", "xinhua-2018-copy")))
    with pytest.raises(StoreError, match="has 1 reprint"):
        neo.remove_document("xinhua-2018")
    assert neo.remove_document("xinhua-2018-copy")["relationships"] == 0
    graph = build_graph(original)
    assert neo.ids() == graph_ids(graph)
    rows = neo._read("MATCH (d:Document {doc: 'xinhua-2018'}) RETURN d.copy_count AS n")
    assert rows == [{"n": None}]

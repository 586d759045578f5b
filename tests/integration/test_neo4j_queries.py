"""The question files in cypher/ run against the loaded dev graph and answer sensibly."""

from __future__ import annotations

import json
import pathlib
from typing import Any

import pytest
from neo4j import Driver

from kg.graph import build_graph
from kg.store.goldrecords import gold_records
from kg.store.neo4j import Neo4jStore

CYPHER_DIR = pathlib.Path(__file__).resolve().parents[2] / "cypher"
QUESTIONS = sorted(p for p in CYPHER_DIR.glob("*.cypher") if p.name != "schema.cypher")


def parse_question(path: pathlib.Path) -> tuple[str, dict[str, Any]]:
    """(query, example parameters from the `// :params {...}` header line)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    params = next(line for line in lines if line.startswith("// :params "))
    query = "\n".join(line for line in lines if not line.lstrip().startswith("//"))
    return query.strip().rstrip(";"), json.loads(params.removeprefix("// :params "))


@pytest.fixture(scope="module")
def loaded(neo4j_driver: Driver, neo4j_database: str, shared: pathlib.Path) -> Neo4jStore:
    # Gold records: the answers below must not depend on the extractor of the day.
    store = Neo4jStore(neo4j_driver, neo4j_database)
    store.clear()
    store.load(build_graph(gold_records(shared)))
    return store


def run(store: Neo4jStore, name: str, **overrides: Any) -> list[dict[str, Any]]:
    query, params = parse_question(CYPHER_DIR / name)
    return store._read(query, **{**params, **overrides})


def test_there_are_five_documented_questions() -> None:
    assert len(QUESTIONS) == 5
    for path in QUESTIONS:
        text = path.read_text(encoding="utf-8")
        assert text.startswith("//") and "Parameters:" in text


@pytest.mark.parametrize("path", QUESTIONS, ids=lambda p: p.stem)
def test_each_question_answers_with_its_example_parameters(loaded: Neo4jStore,
                                                           path: pathlib.Path) -> None:
    assert run(loaded, path.name)


def test_which_provinces_sent_teams_to_a_province(loaded: Neo4jStore) -> None:
    rows = run(loaded, "provinces_sent_teams.cypher", destination="湖北省")
    assert {r["destination"] for r in rows} == {"湖北省"}
    # A city's sending rolls up to its province through LOCATED_IN.
    assert any(r["sender_province"] != r["sender"] for r in rows)
    one_pattern = loaded._read(
        "MATCH (p:Place {level: 'province'})<-[:LOCATED_IN*0..3]-(src)"
        "-[:SENT]->(:Group)-[:SENT_TO]->(:Place {name: $place}) RETURN DISTINCT p.name AS p",
        place="湖北省",
    )
    assert {r["p"] for r in one_pattern} <= {r["sender_province"] for r in rows}
    assert one_pattern


def test_shortest_path_avoids_mentions(loaded: Neo4jStore) -> None:
    rows = run(loaded, "shortest_path.cypher")
    assert rows and "MENTIONED_IN" not in rows[0]["relationships"]
    assert rows[0]["hops"] == len(rows[0]["relationships"]) >= 1

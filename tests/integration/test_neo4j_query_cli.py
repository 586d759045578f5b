"""`kg query` and `kg ask --neo4j` against the real Neo4j holding the dev corpus."""

from __future__ import annotations

import json
import pathlib
from typing import Any

import pytest
from neo4j import Driver
from typer.testing import CliRunner

import kg.cli.ask
import kg.cli.query  # noqa: F401
from kg.cli import app
from kg.questions import registry
from kg.questions.registry import CYPHER_DIR
from tests.integration._dev_corpus import dev_store, kg_load
from tests.integration.conftest import neo4j_settings

runner = CliRunner()


@pytest.fixture(scope="module")
def store(shared: pathlib.Path, neo4j_driver: Driver, neo4j_database: str) -> pathlib.Path:
    root = dev_store(shared)
    kg_load(root, neo4j_database)
    return root


def _connection(database: str) -> list[str]:
    uri, user, password = neo4j_settings()
    return ["--uri", uri, "--user", user, "--password", password, "--database", database]


def kg_query(database: str, *args: str) -> Any:
    result = runner.invoke(app, ["query", *args, *_connection(database), "--format", "json"])
    return result


def _rows(result: Any) -> list[dict[str, Any]]:
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def _count(driver: Driver, database: str) -> int:
    with driver.session(database=database) as session:
        return session.run("MATCH (n) RETURN count(n) AS c").single()["c"]


@pytest.mark.parametrize(
    ("args", "question", "params"),
    [
        (["sent", "--param", "to=湖北"], "sent", {"to": "湖北"}),
        (["posts_of", "-p", "person=鲁翔"], "posts_of", {"person": "鲁翔"}),
        (["path", "-p", "a=习近平", "-p", "b=湖北省", "-p", "max_hops=3"], "path",
         {"a": "习近平", "b": "湖北省", "max_hops": 3}),
        ([str(CYPHER_DIR / "said.cypher")], "said", {"who": "冯玉臻"}),  # its :param values
        ([str(CYPHER_DIR / "said.cypher"), "-p", "who=\"鲁翔\""], "said", {"who": "鲁翔"}),
    ],
)
def test_query_runs_library_questions_and_files(
    store: pathlib.Path, neo4j_driver: Driver, neo4j_database: str, args: list[str],
    question: str, params: dict[str, Any],
) -> None:
    rows = _rows(kg_query(neo4j_database, *args))
    expected = registry.get(question).ask_neo4j(neo4j_driver, neo4j_database, **params)
    assert rows == json.loads(json.dumps(expected, ensure_ascii=False)) and rows


def test_inline_cypher_with_params(store: pathlib.Path, neo4j_database: str) -> None:
    rows = _rows(kg_query(neo4j_database, "MATCH (p:Person {name: $name})-[r:HOLDS_POSITION]->(b)"
                          " RETURN b.name AS body, r.title AS title ORDER BY body",
                          "-p", "name=魏新刚"))
    assert rows == [{"body": "黑龙江省卫健委", "title": "主任"}]


def test_nodes_come_back_as_their_properties(store: pathlib.Path, neo4j_database: str) -> None:
    (row,) = _rows(kg_query(neo4j_database, "MATCH (n:Person {name: $n}) RETURN n", "-p", "n=鲁翔"))
    assert row["n"]["_labels"] == ["Person"] and row["n"]["name"] == "鲁翔"


@pytest.mark.parametrize("statement", [
    "CREATE (n:KgQueryProbe {at: 1}) RETURN n",
    "MATCH (n) DETACH DELETE n",
    "MATCH (n:Person) SET n.name = 'x' RETURN count(n)",
])
def test_the_server_refuses_writes_in_a_read_query(
    store: pathlib.Path, neo4j_driver: Driver, neo4j_database: str, statement: str
) -> None:
    before = _count(neo4j_driver, neo4j_database)
    result = kg_query(neo4j_database, statement)
    assert result.exit_code == 1
    assert "read" in result.output and "--write allows writes" in result.output
    assert _count(neo4j_driver, neo4j_database) == before


def test_write_allows_writes(store: pathlib.Path, neo4j_driver: Driver,
                             neo4j_database: str) -> None:
    before = _count(neo4j_driver, neo4j_database)
    created = _rows(kg_query(neo4j_database, "--write",
                             "CREATE (n:KgQueryProbe {at: $at}) RETURN n.at AS at", "-p", "at=7"))
    assert created == [{"at": 7}] and _count(neo4j_driver, neo4j_database) == before + 1
    _rows(kg_query(neo4j_database, "--write", "MATCH (n:KgQueryProbe) DELETE n"))
    assert _count(neo4j_driver, neo4j_database) == before


@pytest.mark.parametrize(("args", "message"), [
    (["sent", "-p", "nowhere=1"], "sent has no parameter 'nowhere'"),
    (["posts_of"], "posts_of needs 'person'"),
    (["sent", "-p", "to"], "expected NAME=VALUE"),
    (["missing.cypher"], "no such file missing.cypher"),
    (["MATCH (n RETURN n"], "Neo4j refused the query"),
])
def test_query_errors_are_one_line(store: pathlib.Path, neo4j_database: str, args: list[str],
                                   message: str) -> None:
    result = kg_query(neo4j_database, *args)
    assert result.exit_code == 1 and message in result.output


# ---------------------------------------------------------------- kg ask --neo4j
ASKED = [
    ["said", "--who", "冯玉臻"], ["sent", "--to", "湖北"], ["donated", "--by", "海南"],
    ["posts", "--at", "黑龙江"], ["officials", "湖北"], ["post_holders", "书记", "--limit", "5"],
    ["posts_of", "鲁翔"], ["visits", "--who", "习近平"], ["meetings", "--who", "习近平"],
    ["timeline", "鲁翔"], ["path", "习近平", "湖北省"], ["central", "--limit", "10"],
    ["co_mentioned", "冯玉臻", "--sort", "other"], ["place", "湖北"],
    ["document_facts", "002_f44656cb4efbb886"], ["documents", "--source", "新华社"],
    ["said_over_time", "习近平", "--doc", "002_f44656cb4efbb886"],
]


@pytest.mark.parametrize("args", ASKED, ids=lambda a: a[0])
def test_ask_neo4j_answers_like_the_store(store: pathlib.Path, neo4j_database: str,
                                          args: list[str]) -> None:
    def ask(*extra: str) -> list[dict[str, Any]]:
        return _rows(runner.invoke(app, ["ask", *args, "--store", str(store), "--format", "json",
                                         *extra]))

    embedded = ask()
    assert embedded
    neo4j = ask("--neo4j", *_connection(neo4j_database))
    assert neo4j == embedded  # the same rows in the same order, cut at the same place


def test_every_question_is_asked_of_neo4j() -> None:
    assert {a[0] for a in ASKED} == set(registry.names())


@pytest.mark.parametrize("args", [["said", "--who", "诸葛亮"], ["path", "习近平", "诸葛亮"]])
def test_ask_neo4j_reports_unknown_names(store: pathlib.Path, neo4j_database: str,
                                         args: list[str]) -> None:
    result = runner.invoke(app, ["ask", *args, "--neo4j", *_connection(neo4j_database)])
    assert result.exit_code == 1
    assert "nothing in the graph is called '诸葛亮'" in result.output

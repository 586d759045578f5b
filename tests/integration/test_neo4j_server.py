"""The Neo4j that `make neo4j-up` starts is real: version 5, auth enforced, Cypher round trips."""

from __future__ import annotations

import urllib.parse

import pytest
from neo4j import Driver, GraphDatabase
from neo4j.exceptions import AuthError

from tests.integration.conftest import (
    CONNECTION_TIMEOUT_SECONDS,
    free_local_port,
    neo4j_settings,
    run_ready_probe,
)


def test_server_is_neo4j_5(neo4j_driver: Driver) -> None:
    agent = neo4j_driver.get_server_info().agent
    records, _, _ = neo4j_driver.execute_query(
        "CALL dbms.components() YIELD name, versions RETURN name, versions[0] AS version"
    )
    assert agent.startswith("Neo4j/5."), agent
    assert records[0]["name"] == "Neo4j Kernel"
    assert records[0]["version"].startswith("5."), records[0]["version"]


@pytest.mark.parametrize(
    ("user", "password"),
    [
        # One wrong password only: Neo4j locks a user for a few seconds after 3 in a row.
        ("neo4j", "not-the-password"),
        ("no-such-user", None),
    ],
    ids=["wrong-password", "unknown-user"],
)
def test_wrong_credentials_are_refused(
    neo4j_driver: Driver, user: str, password: str | None
) -> None:
    uri, _, real_password = neo4j_settings()
    with (
        GraphDatabase.driver(
            uri,
            auth=(user, password or real_password),
            connection_timeout=CONNECTION_TIMEOUT_SECONDS,
        ) as intruder,
        pytest.raises(AuthError),
    ):
        intruder.verify_connectivity()


def test_missing_credentials_are_refused(neo4j_driver: Driver) -> None:
    uri, _, _ = neo4j_settings()
    with (
        GraphDatabase.driver(
            uri, auth=None, connection_timeout=CONNECTION_TIMEOUT_SECONDS
        ) as anonymous,
        pytest.raises(AuthError),
    ):
        anonymous.verify_connectivity()


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("世界卫生组织", "世界卫生组织"),
        ("", ""),
        (2020, 2020),
        (-1.5, -1.5),
        (True, True),
        (["武汉", "北京"], ["武汉", "北京"]),
        (None, None),
    ],
    ids=["chinese-text", "empty-text", "int", "float", "bool", "list", "null"],
)
def test_parameters_round_trip(
    clean_neo4j: Driver, neo4j_database: str, value: object, expected: object
) -> None:
    clean_neo4j.execute_query(
        "CREATE (:RoundTrip {key: $key, value: $value})",
        key="k",
        value=value,
        database_=neo4j_database,
    )
    records, _, _ = clean_neo4j.execute_query(
        "MATCH (n:RoundTrip {key: $key}) RETURN n.value AS value, count(*) AS n",
        key="k",
        database_=neo4j_database,
    )
    assert [(record["value"], record["n"]) for record in records] == [(expected, 1)]


def test_relationship_round_trip(clean_neo4j: Driver, neo4j_database: str) -> None:
    clean_neo4j.execute_query(
        "MERGE (a:Person {name: $person}) MERGE (b:Place {name: $place}) "
        "MERGE (a)-[:VISITED {date: $date}]->(b)",
        person="张三",
        place="上海市",
        date="2020-01-23",
        database_=neo4j_database,
    )
    records, _, _ = clean_neo4j.execute_query(
        "MATCH (a:Person)-[r:VISITED]->(b:Place) RETURN a.name AS a, r.date AS date, b.name AS b",
        database_=neo4j_database,
    )
    assert [record.data() for record in records] == [
        {"a": "张三", "date": "2020-01-23", "b": "上海市"}
    ]


@pytest.mark.parametrize("run", ["first", "second"])
def test_clean_neo4j_starts_each_test_from_empty(
    clean_neo4j: Driver, neo4j_database: str, run: str
) -> None:
    # The second run would see the first run's node if clean_neo4j did not delete it.
    before, _, _ = clean_neo4j.execute_query(
        "MATCH (n) RETURN count(n) AS n", database_=neo4j_database
    )
    clean_neo4j.execute_query("CREATE (:Leftover {run: $run})", run=run, database_=neo4j_database)
    assert before[0]["n"] == 0


@pytest.mark.parametrize(
    ("target", "extra_args", "expected_exit"),
    [
        ("server", [], 0),
        ("server", ["--handshake-only"], 0),
        ("closed-port", ["--timeout", "2"], 1),
    ],
)
def test_bolt_ready_probe_used_by_neo4j_sh(
    neo4j_driver: Driver, target: str, extra_args: list[str], expected_exit: int
) -> None:
    uri, _, _ = neo4j_settings()
    address = urllib.parse.urlsplit(uri)
    port = address.port if target == "server" else free_local_port()
    probe = run_ready_probe("--host", str(address.hostname), "--port", str(port), *extra_args)
    assert probe.returncode == expected_exit, probe.stderr
    if expected_exit == 0:
        assert probe.stdout.startswith("Bolt 5."), probe.stdout

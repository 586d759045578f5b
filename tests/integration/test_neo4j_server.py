"""The Neo4j that `make neo4j-up` starts is real: version 5, auth enforced, Cypher round trips;
a server of the tests' own is SIGKILLed mid-`kg load` and replaced by the bulk import, and the
password is on no command line."""

from __future__ import annotations

import os
import pathlib
import signal
import subprocess
import sys
import time
import urllib.parse
from collections.abc import Iterator
from typing import Any

import pytest
from neo4j import Driver, GraphDatabase
from neo4j.exceptions import AuthError

from kg.store.embedded import EmbeddedStore
from kg.store.neo4j import Neo4jStore
from tests.integration._graph_data import dev_records
from tests.integration.conftest import (
    CONNECTION_TIMEOUT_SECONDS,
    PRIVATE_PASSWORD,
    free_local_port,
    neo4j_settings,
    neo4j_sh,
    run_ready_probe,
)

ROOT = pathlib.Path(__file__).resolve().parents[2]
KG_CLI = [sys.executable, "-c", "from kg.cli import main; main()"]


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


@pytest.fixture(scope="module")
def dev_store(tmp_path_factory: pytest.TempPathFactory, shared: pathlib.Path) -> pathlib.Path:
    path = tmp_path_factory.mktemp("kg-store") / "store"
    records = dev_records(shared)[0]
    # One evidence text spanning two lines: the bulk import must keep the line break and still
    # give the online graph (and the other tests of this module see it too).
    said = next(i for i, r in enumerate(records) if r.get("predicate") == "SAID")
    evidence = records[said]["evidence"]
    records[said] = dict(records[said], evidence=dict(evidence, text=evidence["text"] + "\n二"))
    EmbeddedStore(path).add_records(records)
    assert "\n" in "".join(str(d) for _, d in EmbeddedStore(path).graph().nodes(data="text"))
    return path


@pytest.fixture(scope="module")
def reference(neo4j_driver: Driver, neo4j_database: str, dev_store: pathlib.Path) -> Any:
    """The fingerprint of an uninterrupted online load of the dev store (shared server)."""
    store = Neo4jStore(neo4j_driver, neo4j_database)
    store.clear()
    store.load(EmbeddedStore(dev_store).graph())
    fingerprint = store.fingerprint()
    store.clear()
    return fingerprint


@pytest.fixture
def private_store(private_neo4j: dict[str, str]) -> Iterator[Neo4jStore]:
    driver = GraphDatabase.driver(private_neo4j["NEO4J_URI"], auth=("neo4j", PRIVATE_PASSWORD))
    yield Neo4jStore(driver)
    driver.close()


def _kg(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*KG_CLI, *args], env=env, capture_output=True, text=True, timeout=600, check=False
    )


def _server_pid(env: dict[str, str]) -> int:
    return int((pathlib.Path(env["KG_NEO4J_RUN_DIR"]) / "neo4j.pid").read_text())


def test_the_password_is_on_no_command_line(private_neo4j: dict[str, str]) -> None:
    assert _server_pid(private_neo4j) > 0
    leaks = []
    for cmdline in pathlib.Path("/proc").glob("[0-9]*/cmdline"):
        try:
            if PRIVATE_PASSWORD.encode() in cmdline.read_bytes():
                leaks.append(cmdline.parent.name)
        except OSError:
            continue  # the process ended meanwhile
    assert leaks == []
    compose = (ROOT / "docker-compose.yml").read_text(encoding="utf-8")
    healthcheck = next(line for line in compose.splitlines() if "cypher-shell" in line)
    assert "${NEO4J_PASSWORD" not in healthcheck and " -p " not in healthcheck


def test_server_killed_mid_load_restarted_then_rerun_gives_the_same_graph(
    private_neo4j: dict[str, str],
    private_store: Neo4jStore,
    dev_store: pathlib.Path,
    reference: Any,
) -> None:
    load = subprocess.Popen(
        [*KG_CLI, "load", "--store", str(dev_store), "--batch-size", "5"],
        env=private_neo4j,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 120
    while not private_store.counts()["labels"] and time.monotonic() < deadline:
        time.sleep(0.05)
    os.kill(_server_pid(private_neo4j), signal.SIGKILL)
    _, errors = load.communicate(timeout=180)
    lines = [line for line in errors.splitlines() if line.strip()]
    assert load.returncode == 1
    assert len(lines) == 1 and "went away during the load" in lines[0], errors
    assert PRIVATE_PASSWORD not in errors
    neo4j_sh(private_neo4j, "up", keep=True)
    assert private_store.fingerprint() != reference  # the kill really cut the load
    rerun = _kg(private_neo4j, "load", "--store", str(dev_store))
    assert rerun.returncode == 0, rerun.stderr
    assert private_store.fingerprint() == reference


def test_bulk_load_gives_the_online_graph_and_spares_foreign_data(
    private_neo4j: dict[str, str],
    private_store: Neo4jStore,
    dev_store: pathlib.Path,
    reference: Any,
) -> None:
    private_store.driver.execute_query("CREATE (:App {id: 'not-ours'})")
    refused = _kg(private_neo4j, "load", "--bulk", "--store", str(dev_store))
    assert refused.returncode == 1 and "nodes that kg did not write" in refused.stderr
    private_store.driver.execute_query("MATCH (n:App) DELETE n")
    bulk = _kg(private_neo4j, "load", "--bulk", "--store", str(dev_store))
    assert bulk.returncode == 0, bulk.stderr
    assert "(bulk;" in bulk.stderr
    assert private_store.fingerprint() == reference
    again = _kg(private_neo4j, "load", "--store", str(dev_store))  # MERGE over the import
    assert again.returncode == 0 and "pruned 0 stale nodes, 0 stale" in again.stderr
    assert private_store.fingerprint() == reference

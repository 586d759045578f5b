"""Fixtures for tests that need a real Neo4j, and the rule that CI never skips them.

Start the server with ``make neo4j-up`` (``bash neo4j/neo4j.sh up``). Connection settings come
from NEO4J_URI, NEO4J_USER, NEO4J_PASSWORD, NEO4J_DATABASE and NEO4J_HTTP_PORT (the HTTP server
with Neo4j Browser; 0 = none), with the defaults of neo4j.sh.
Outside CI a missing server skips these tests with the reason; under CI=true a missing server,
and any other skip in this folder, is a failure: a skipped Neo4j test there hides a broken build.
"""

from __future__ import annotations

import os
import pathlib
import socket
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from typing import Any

import networkx as nx
import pytest
from neo4j import Driver, GraphDatabase
from neo4j.exceptions import Neo4jError, ServiceUnavailable

from kg.graph import build_graph
from tests.integration._graph_data import dev_records

INTEGRATION_DIR = pathlib.Path(__file__).resolve().parent
DEFAULT_URI = "bolt://127.0.0.1:7687"
DEFAULT_USER = "neo4j"
DEFAULT_PASSWORD = "kg-dev-password"
DEFAULT_DATABASE = "neo4j"
DEFAULT_HTTP_PORT = "7474"
# Short, so that a missing server skips quickly instead of hanging the suite.
CONNECTION_TIMEOUT_SECONDS = 5.0


def running_under_ci() -> bool:
    """CI sets CI=true; there, Neo4j tests must run."""
    return os.environ.get("CI") == "true"


def neo4j_settings() -> tuple[str, str, str]:
    """(uri, user, password) from the environment, with the neo4j.sh defaults."""
    return (
        os.environ.get("NEO4J_URI", DEFAULT_URI),
        os.environ.get("NEO4J_USER", DEFAULT_USER),
        os.environ.get("NEO4J_PASSWORD", DEFAULT_PASSWORD),
    )


def _skip_or_fail(message: str) -> None:
    """Skip outside CI; under CI=true a missing server is a failure."""
    if running_under_ci():
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


def _in_integration_dir(path: pathlib.Path | str) -> bool:
    return pathlib.Path(path).resolve().is_relative_to(INTEGRATION_DIR)


@pytest.fixture(scope="session")
def neo4j_driver() -> Iterator[Driver]:
    """A connected, authenticated driver for the whole session."""
    uri, user, password = neo4j_settings()
    driver = GraphDatabase.driver(
        uri, auth=(user, password), connection_timeout=CONNECTION_TIMEOUT_SECONDS
    )
    try:
        driver.verify_connectivity()
    except (Neo4jError, ServiceUnavailable, OSError) as error:
        driver.close()
        _skip_or_fail(
            f"Neo4j not reachable at {uri} as {user}: start it with `make neo4j-up` "
            f"({type(error).__name__}: {error})"
        )
    yield driver
    driver.close()


@pytest.fixture(scope="session")
def neo4j_http_url() -> str:
    """Base URL (no trailing slash) of Neo4j's HTTP server, after checking that it answers.

    Same host as the Bolt URI; the port is NEO4J_HTTP_PORT (default 7474), as in neo4j.sh.
    """
    uri, _, _ = neo4j_settings()
    port = os.environ.get("NEO4J_HTTP_PORT", DEFAULT_HTTP_PORT)
    if port == "0":
        _skip_or_fail("Neo4j's HTTP server is off (NEO4J_HTTP_PORT=0)")
    url = f"http://{urllib.parse.urlsplit(uri).hostname}:{port}"
    try:
        with urllib.request.urlopen(f"{url}/", timeout=CONNECTION_TIMEOUT_SECONDS):
            pass
    except (urllib.error.URLError, OSError) as error:
        _skip_or_fail(
            f"Neo4j HTTP not reachable at {url}: start it with `make neo4j-up` "
            f"({type(error).__name__}: {error})"
        )
    return url


@pytest.fixture(scope="session")
def neo4j_database() -> str:
    """Name of the database the tests write to."""
    return os.environ.get("NEO4J_DATABASE", DEFAULT_DATABASE)


@pytest.fixture
def clean_neo4j(neo4j_driver: Driver, neo4j_database: str) -> Driver:
    """The driver, after deleting every node and relationship of the test database."""
    # Batched, so that a database left large by a benchmark does not need one huge transaction.
    with neo4j_driver.session(database=neo4j_database) as session:
        session.run(
            "MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS"
        ).consume()
    return neo4j_driver


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark this folder's tests `neo4j`, so `-m "not neo4j"` leaves them out."""
    for item in items:
        if _in_integration_dir(item.path):
            item.add_marker(pytest.mark.neo4j)


def _skip_to_failure(report: pytest.TestReport | pytest.CollectReport, where: str) -> None:
    reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else report.longrepr
    report.outcome = "failed"
    report.longrepr = f"skipped under CI=true ({where}); a Neo4j test must run in CI: {reason}"


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[None]:
    """Under CI=true, a skip (not an expected failure) of a test here becomes a failure."""
    outcome = yield
    report: pytest.TestReport = outcome.get_result()
    if (
        running_under_ci()
        and report.skipped
        and not hasattr(report, "wasxfail")
        and _in_integration_dir(item.path)
    ):
        _skip_to_failure(report, item.nodeid)


@pytest.hookimpl(hookwrapper=True)
def pytest_make_collect_report(collector: pytest.Collector) -> Iterator[None]:
    """Under CI=true, a module here skipped at import (e.g. importorskip) is a failure too."""
    outcome = yield
    report: pytest.CollectReport = outcome.get_result()
    if running_under_ci() and report.skipped and _in_integration_dir(collector.path):
        _skip_to_failure(report, collector.nodeid)


READY_PROBE = pathlib.Path(__file__).resolve().parents[2] / "neo4j" / "bolt_ready.py"


@pytest.fixture(scope="module")
def records(shared: pathlib.Path) -> list[dict[str, Any]]:
    """The records of the dev corpora (a module may define its own ``records``/``graph``)."""
    return dev_records(shared)[0]


@pytest.fixture(scope="module")
def graph(records: list[dict[str, Any]]) -> nx.MultiDiGraph:
    return build_graph(records)


def free_local_port() -> int:
    """A loopback port nothing listens on (bound and released at once)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def run_ready_probe(*args: str) -> subprocess.CompletedProcess[str]:
    """Run neo4j/bolt_ready.py, the check neo4j.sh waits on, with ``args``."""
    return subprocess.run(
        [sys.executable, str(READY_PROBE), *args],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


# -- a Neo4j server process of a test's own (killed, restarted or replaced by the test)
NEO4J_SH = pathlib.Path(__file__).resolve().parents[2] / "neo4j" / "neo4j.sh"
PRIVATE_PASSWORD = "Private-Pass-4242"


def private_server_env(run_dir: pathlib.Path) -> dict[str, str]:
    """Environment for neo4j.sh and kg to run/reach a server in ``run_dir`` on free ports."""
    port = free_local_port()
    return {
        **os.environ,
        "KG_NEO4J_RUN_DIR": str(run_dir),
        "KG_NEO4J_MODE": "maven",
        "NEO4J_BOLT_PORT": str(port),
        "NEO4J_HTTP_PORT": "0",
        "NEO4J_URI": f"bolt://127.0.0.1:{port}",
        "NEO4J_PASSWORD": PRIVATE_PASSWORD,
        # C1-only JIT: this server does small loads, and starts much sooner on 2 busy cores.
        "KG_NEO4J_JIT": "quick",
        "KG_NEO4J_HEAP": "768m",
        "KG_NEO4J_PAGECACHE": "128m",
    }


def neo4j_sh(env: dict[str, str], *args: str, keep: bool = False) -> None:
    """Run ``bash neo4j/neo4j.sh ARGS`` with ``env``; failure → test failure with its output."""
    done = subprocess.run(
        ["bash", str(NEO4J_SH), *args],
        env={**env, "KG_NEO4J_KEEP": "1" if keep else "0"},
        capture_output=True,
        text=True,
        timeout=400,
        check=False,
    )
    if done.returncode != 0:
        pytest.fail(f"neo4j.sh {' '.join(args)} failed: {done.stderr[-2000:]}", pytrace=False)


@pytest.fixture(scope="module")
def private_neo4j(
    tmp_path_factory: pytest.TempPathFactory, neo4j_driver: Driver
) -> Iterator[dict[str, str]]:
    """A second, module-wide Neo4j of the tests' own (Maven mode), started and stopped here."""
    env = private_server_env(tmp_path_factory.mktemp("neo4j-private") / "run")
    neo4j_sh(env, "up")
    try:
        yield env
    finally:
        subprocess.run(
            ["bash", str(NEO4J_SH), "down"], env=env, capture_output=True, timeout=120, check=False
        )

"""The README's `kg query` examples run against the real Neo4j holding the demo graph."""

from __future__ import annotations

import json
import pathlib

import pytest
from neo4j import Driver
from typer.testing import CliRunner

import kg.cli.query  # noqa: F401  (registers `query`)
from kg.cli import app
from kg.graph import build_graph
from kg.pipeline import iter_records
from kg.store.neo4j import Neo4jStore
from tests._readme import argv, readme_commands
from tests.integration.conftest import neo4j_settings

EXAMPLES = pathlib.Path(__file__).resolve().parents[2] / "examples"
ROOT = EXAMPLES.parent
QUERIES = [c for c in readme_commands("## Using it", "## Neo4j\n") if c.startswith("kg query")]


@pytest.fixture(scope="module")
def demo_in_neo4j(neo4j_driver: Driver, neo4j_database: str) -> str:
    store = Neo4jStore(neo4j_driver, neo4j_database)
    store.clear()
    store.load(build_graph(iter_records([str(EXAMPLES)])))
    return neo4j_database


def test_there_are_query_examples() -> None:
    assert len(QUERIES) >= 3


@pytest.mark.parametrize("command", QUERIES)
def test_readme_query_runs(demo_in_neo4j: str, command: str,
                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)  # the examples name cypher/ files relative to the repository
    uri, user, password = neo4j_settings()
    args = argv(command)
    if "--format" in args:
        at = args.index("--format")
        args = args[:at] + args[at + 2:]
    result = CliRunner().invoke(app, [*args, "--uri", uri, "--user", user, "--password",
                                      password, "--database", demo_in_neo4j, "--format", "json"])
    assert result.exit_code == 0, f"{command}: {result.output}"
    assert json.loads(result.stdout), f"{command} answers nothing"

"""The dev corpus (../shared/corpus) built once per test session, and loaded with `kg load`."""

from __future__ import annotations

import atexit
import functools
import pathlib
import shutil
import tempfile

from typer.testing import CliRunner

import kg.cli.graph  # noqa: F401  (registers `build` and `load`)
from kg.cli import app
from tests.integration.conftest import neo4j_settings

runner = CliRunner()


@functools.cache
def dev_store(shared: pathlib.Path) -> pathlib.Path:
    """An embedded store of the dev corpus, built by `kg build` (once per session)."""
    root = pathlib.Path(tempfile.mkdtemp(prefix="kg-dev-corpus-"))
    atexit.register(shutil.rmtree, root, True)
    store = root / "kg-data"
    result = runner.invoke(app, ["build", str(shared / "corpus"), "--store", str(store),
                                 "--workers", "1"])  # in process: no start-up of workers
    assert result.exit_code == 0, result.output
    return store


def kg_load(store: pathlib.Path, database: str) -> None:
    """`kg load` the store into the test Neo4j (the database then mirrors the store)."""
    uri, user, password = neo4j_settings()
    result = runner.invoke(app, ["load", "--store", str(store), "--uri", uri, "--user", user,
                                 "--password", password, "--database", database])
    assert result.exit_code == 0, result.output

"""Every `kg ask` and `kg export` example of the README runs after `make demo` (kg-data-demo)."""

from __future__ import annotations

import json
import pathlib

import pytest
from typer.testing import CliRunner

import kg.cli.ask
import kg.cli.export
import kg.cli.graph  # noqa: F401
from kg.cli import app
from kg.demo import DEFAULT_DEMO_STORE, build_store
from tests._readme import argv, readme_commands

EXAMPLES = pathlib.Path(__file__).resolve().parents[2] / "examples"
COMMANDS = readme_commands()
OFFLINE = [c for c in COMMANDS if not c.startswith("kg query") and "--neo4j" not in c]


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> pathlib.Path:
    """A folder holding what `make demo` leaves: the store kg-data-demo."""
    root = tmp_path_factory.mktemp("demo")
    build_store([str(EXAMPLES)], root / DEFAULT_DEMO_STORE)
    return root


def test_the_readme_has_examples_for_every_question() -> None:
    from kg.questions.registry import names

    asked = {argv(c)[1] for c in COMMANDS if c.startswith("kg ask")}
    assert set(names()) <= asked
    assert any(c.startswith("kg query") for c in COMMANDS)
    assert {argv(c)[2] for c in COMMANDS if c.startswith("kg export")} >= {
        "graphml", "gexf", "json", "csv", "cypher", "geojson"}


@pytest.mark.parametrize("command", OFFLINE)
def test_readme_example_runs(demo: pathlib.Path, command: str,
                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(demo)  # exports write their files here; the store is ./kg-data-demo
    env = {"KG_STORE": str(DEFAULT_DEMO_STORE), "COLUMNS": "200"}
    args = argv(command)
    result = CliRunner().invoke(app, args, env=env)
    assert result.exit_code == 0, f"{command}: {result.output}"
    if args[0] == "export":
        target = demo / args[args.index("-o") + 1]
        assert target.exists() and (target.is_dir() or target.stat().st_size > 0)
    elif args[1] != "who":  # a question: it answers on the demo graph
        at = args.index("--format") if "--format" in args else len(args)
        json_args = args[:at] + args[at + 2:]
        rows = CliRunner().invoke(app, [*json_args, "--format", "json"], env=env)
        assert json.loads(rows.stdout), f"{command} answers nothing"

"""`kg build/stats/remove/export/load` through the typer app, on hand-written records."""

from __future__ import annotations

import json
import pathlib

import pytest
from typer.testing import CliRunner

import kg.cli.graph  # noqa: F401  (registers the commands)
from kg.cli import app
from kg.records import dumps

RECORDS = [
    {"kind": "document", "doc": "a", "title": None, "date": None, "path": "a.txt", "chars": 9,
     "script": "simplified", "sha256": ""},
    {"kind": "entity", "doc": "a", "name": "湖北省", "type": "Place", "aliases": ["湖北"],
     "mentions": [{"start": 0, "end": 2}]},
    {"kind": "entity", "doc": "b", "name": "湖北省", "type": "Place", "aliases": [],
     "mentions": [{"start": 3, "end": 6}]},
    {"kind": "triple", "doc": "b", "subject": {"name": "赵六", "type": "Person"},
     "predicate": "VISITED", "object": {"name": "湖北省", "type": "Place"}, "attrs": {},
     "evidence": {"text": "赵六来到湖北省", "start": 0, "end": 6}, "confidence": 0.7,
     "extractor": "test"},
]

runner = CliRunner()


@pytest.fixture
def store(tmp_path: pathlib.Path) -> pathlib.Path:
    source = tmp_path / "records.jsonl"
    source.write_text("".join(dumps(r) + "\n" for r in RECORDS), encoding="utf-8")
    result = runner.invoke(app, ["build", "--records", str(source), "--store",
                                 str(tmp_path / "kg")])
    assert result.exit_code == 0, result.output
    return tmp_path / "kg"


def stats(store: pathlib.Path) -> dict[tuple[str, str], int]:
    result = runner.invoke(app, ["stats", "--store", str(store), "--format", "json"])
    assert result.exit_code == 0, result.output
    return {(row["kind"], row["name"]): row["count"] for row in json.loads(result.stdout)}


def test_build_then_stats_counts_labels_types_and_merges(store: pathlib.Path) -> None:
    counts = stats(store)
    assert counts[("documents", "")] == 2
    assert counts[("label", "Place")] == 1 and counts[("relationship", "VISITED")] == 1
    assert counts[("merge", "Place")] == 1  # two entity records, one node


def test_remove_drops_the_documents_facts(store: pathlib.Path) -> None:
    result = runner.invoke(app, ["remove", "b", "--store", str(store)])
    assert result.exit_code == 0, result.output
    counts = stats(store)
    assert ("relationship", "VISITED") not in counts and counts[("label", "Place")] == 1


@pytest.mark.parametrize(
    "args",
    [["remove", "nope"], ["stats"], ["export"]],
)
def test_missing_store_or_document_is_a_clear_error(tmp_path: pathlib.Path, store: pathlib.Path,
                                                    args: list[str]) -> None:
    target = store if args[0] == "remove" else tmp_path / "absent"
    result = runner.invoke(app, [*args, "--store", str(target)])
    assert result.exit_code == 1
    assert "error" in result.output and "Traceback" not in result.output


def test_export_nodelink_to_stdout(store: pathlib.Path) -> None:
    result = runner.invoke(app, ["export", "--store", str(store), "--format", "nodelink"])
    assert result.exit_code == 0, result.output
    assert {n["name"] for n in json.loads(result.stdout)["nodes"]} >= {"湖北省", "赵六"}


def test_load_with_an_unreachable_neo4j_is_one_line(store: pathlib.Path) -> None:
    result = runner.invoke(app, ["load", "--store", str(store), "--uri", "bolt://127.0.0.1:9"])
    assert result.exit_code == 1
    assert "is unreachable" in result.output and "Traceback" not in result.output

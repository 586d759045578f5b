"""`kg build/stats/remove/export/load` through the typer app, on hand-written records."""

from __future__ import annotations

import json
import pathlib

import pytest
from typer.testing import CliRunner

import kg.cli.export
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


@pytest.mark.parametrize(("writers", "refused"), [("0", True), ("-1", True), ("3", False)])
def test_load_writers_must_be_positive(store: pathlib.Path, writers: str, refused: bool) -> None:
    result = runner.invoke(app, ["load", "--store", str(store), "--uri", "bolt://127.0.0.1:9",
                                 "--writers", writers])
    assert result.exit_code == (2 if refused else 1)
    assert ("--writers" in result.output) == refused


def test_extra_record_fields_never_overwrite_internal_attributes(tmp_path: pathlib.Path) -> None:
    from kg.graph import stable_id
    from kg.store.embedded import EmbeddedStore

    doc = {**RECORDS[0], "docs": "x", "label": "Person", "id": 7, "name": "n", "extra": "kept"}
    source = tmp_path / "records.jsonl"
    source.write_text("".join(dumps(r) + "\n" for r in [doc, *RECORDS[1:]]), encoding="utf-8")
    result = runner.invoke(app, ["build", "--records", str(source), "--store", str(tmp_path / "s")])
    assert result.exit_code == 0, result.output
    graph = EmbeddedStore(tmp_path / "s").graph()
    node = next(d for _, d in graph.nodes(data=True) if d.get("doc") == "a" and "path" in d)
    expected = ("Document", "a", stable_id("Document", "a"))
    assert (node["label"], node["name"], node["id"]) == expected
    assert "docs" not in node
    assert (node["field_docs"], node["field_label"], node["field_id"], node["extra"]) == (
        "x", "Person", 7, "kept")


@pytest.mark.parametrize("text", ["[/]", "[bold]粗[/bold]", "a\\[b\\", "[red]x"])
def test_values_print_as_written_never_as_markup(tmp_path: pathlib.Path, text: str) -> None:
    records = [{**RECORDS[0], "doc": text, "title": text},
               {**RECORDS[1], "doc": text, "name": text, "aliases": []}]
    name = text.replace("/", "|")  # a file name can hold anything but the slash
    source = tmp_path / f"{name}.jsonl"
    source.write_text("".join(dumps(r) + "\n" for r in records), encoding="utf-8")
    store = tmp_path / f"s{name}"
    result = runner.invoke(app, ["build", "--records", str(source), "--store", str(store)])
    assert result.exit_code == 0, result.output
    table = runner.invoke(app, ["stats", "--store", str(store)], terminal_width=200)
    assert table.exit_code == 0, table.output
    assert f"s{name}" in "".join(table.output.split())  # the title (folded) kept its brackets
    missing = runner.invoke(app, ["remove", text, "--store", str(tmp_path / "none" / name)])
    assert missing.exit_code == 1 and name in missing.output and "Traceback" not in missing.output
    gone = runner.invoke(app, ["remove", f"{text}-absent", "--store", str(store)])
    assert f"{text}-absent" in gone.output
    bad = tmp_path / f"bad{name}.jsonl"
    bad.write_text("{nope\n", encoding="utf-8")
    failed = runner.invoke(app, ["build", "--records", str(bad), "--store", str(store)])
    assert failed.exit_code == 1 and str(bad) in failed.output

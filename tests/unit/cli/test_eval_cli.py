"""`kg eval` on ordinary mistakes: one error line naming the file, exit code 1, no traceback."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

import kg.cli.extract  # noqa: F401  (registers `extract` and `eval`)
from kg.cli import app

runner = CliRunner()
GOOD_GOLD = {"doc": "d", "entities": [{"name": "湖北省", "type": "Place", "aliases": ["湖北"]}],
             "triples": []}
PRED = json.dumps({"kind": "entity", "doc": "d", "name": "湖北", "type": "Place"}) + "\n"


def _eval(tmp_path: Path, pred: str | None, gold: dict[str, str] | None, *args: str):
    """Run `kg eval` on a predictions file (None: missing) and a gold folder of NAME → text
    (None: missing folder)."""
    pred_path, gold_dir = tmp_path / "pred.jsonl", tmp_path / "gold"
    if pred is not None:
        pred_path.write_text(pred, encoding="utf-8")
    if gold is not None:
        gold_dir.mkdir()
        for name, text in gold.items():
            (gold_dir / name).write_text(text, encoding="utf-8")
    return runner.invoke(app, ["eval", str(pred_path), str(gold_dir), *args])


@pytest.mark.parametrize(
    ("pred", "gold", "problem"),
    [
        (PRED, None, "gold: no such file or folder"),
        (None, {"d.json": json.dumps(GOOD_GOLD)}, "pred.jsonl: no such file"),
        (PRED, {"d.json": "{bad"}, "d.json: malformed JSON (Expecting property name"),
        (PRED, {"notes.txt": "不是金标"}, "gold: no gold files found (files ending in .json)"),
        (PRED, {}, "gold: no gold files found"),
        (PRED, {"d.json": "[1, 2]"}, "d.json: not a gold document: expected a JSON object"),
        (PRED, {"d.json": '{"entities": []}'}, 'd.json: not a gold document: missing "doc"'),
        (PRED, {"d.json": '{"doc": "d", "triples": [{"p": "SAID"}]}'},
         "d.json: not a gold document: triples item 1: missing or non-text 's' and 'o'"),
    ],
)
def test_a_mistake_is_one_error_line_and_exit_1(
    tmp_path: Path, pred: str | None, gold: dict[str, str] | None, problem: str
) -> None:
    result = _eval(tmp_path, pred, gold)
    assert result.exit_code == 1, result.output
    errors = [line for line in result.stderr.splitlines() if line.startswith("error: ")]
    assert len(errors) == 1 and problem in errors[0], result.stderr
    assert "Traceback" not in result.output and result.stdout == ""  # no table of zeros


@pytest.mark.parametrize(
    ("gold", "pred", "bad", "f1"),
    [
        # A malformed gold file next to a good one: named, the good one is scored.
        ({"a.json": "{bad", "d.json": json.dumps(GOOD_GOLD)}, PRED, "a.json: malformed JSON", 1.0),
        # A broken predictions line: named with its number, the other lines are scored.
        ({"d.json": json.dumps(GOOD_GOLD)}, "{oops\n" + PRED, "pred.jsonl: line 1: not JSON", 1.0),
    ],
)
def test_the_good_part_is_scored_and_the_bad_part_named(
    tmp_path: Path, gold: dict[str, str], pred: str, bad: str, f1: float
) -> None:
    result = _eval(tmp_path, pred, gold, "--format", "json")
    assert result.exit_code == 1
    assert bad in result.stderr and "Traceback" not in result.output
    rows = {r["item"]: r for r in json.loads(result.stdout)}
    assert rows["entity:ALL"]["F1"] == f1
